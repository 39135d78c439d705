"""Importing and exporting the procedures catalogue as a file (CSV or JSON), for the `procedures`
commands: an import is one new revision of the office (all rows or none), an export is a file the
import reads back unchanged."""
from __future__ import annotations

from pathlib import Path

from ivr.content.models import RevisionNote
from ivr.content.procedures import ProcedureError, merged, read_procedures, write_procedures
from ivr.content.store import current_office, save_office

FORMATS = ("csv", "json")


def file_format(path: str, given: str | None) -> str:
    """The format of ``path``: ``given``, else its extension; ProcedureError when neither says."""
    fmt = given or Path(path).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ProcedureError([(0, f"say --format csv or json (the file's name ends in {Path(path).suffix or 'nothing'})")])
    return fmt


def import_procedures(text: str, fmt: str, author: str) -> tuple[int, int]:
    """Add the file's procedures to the catalogue (replacing those with the same numbers) as one
    revision; returns (procedures read, the new revision). ProcedureError lists every bad row and
    nothing is saved."""
    procedures = read_procedures(text, fmt)
    current = current_office()
    office = current.office.with_changes(procedures=merged(current.office.procedures, procedures))
    revision = save_office(office, author=author, note=RevisionNote("procedures_imported", {"count": str(len(procedures))}),
                           base=current.revision)
    return len(procedures), revision


def export_procedures(fmt: str) -> str:
    """The catalogue as a file in ``fmt``."""
    return write_procedures(current_office().office.procedures, fmt)
