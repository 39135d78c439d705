"""`flask procedures import FILE` and `procedures export [FILE]`: the procedures catalogue as a file."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from ivr.cli.common import database_errors_in_one_line, ready_app
from ivr.content.procedures import ProcedureError
from ivr.content.procedures_file import FORMATS, export_procedures, file_format, import_procedures
from ivr.content.store import EditConflict


@click.group("procedures")
def procedures_group() -> None:
    """The documents and administrative procedures callers hear (CSV or JSON files)."""


@procedures_group.command("import")
@database_errors_in_one_line
@click.argument("path", metavar="FILE", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="The file's format (default: its extension).")
@with_appcontext
def import_command(path: str, fmt: str | None) -> None:
    """Add FILE's procedures to the catalogue (those with the same number are replaced), all or none:
    a bad row is reported with its line and nothing is imported."""
    ready_app()
    try:
        fmt = file_format(path, fmt)
        with open(path, encoding="utf-8-sig") as source:
            text = source.read()
        count, revision = import_procedures(text, fmt, author="import")
    except OSError as exc:
        raise click.ClickException(f"cannot read {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{path} is not UTF-8 text; nothing was imported") from exc
    except EditConflict as exc:
        raise click.ClickException("someone saved the content meanwhile; nothing was imported, try again") from exc
    except ProcedureError as exc:
        for line, what in exc.problems:
            click.echo(f"{path}:{line}: {what}" if line else f"{path}: {what}", err=True)
        raise click.ClickException(f"{len(exc.problems)} bad row(s) in {path}; nothing was imported") from exc
    click.echo(f"imported {count} procedure(s) from {path} (revision {revision})")


@procedures_group.command("export")
@database_errors_in_one_line
@click.argument("path", metavar="[FILE]", required=False, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="The format (default: FILE's extension, else JSON).")
@with_appcontext
def export_command(path: str | None, fmt: str | None) -> None:
    """Write the catalogue to FILE (or print it): `procedures import` reads it back unchanged."""
    ready_app()
    try:
        fmt = file_format(path, fmt) if path else (fmt or "json")
    except ProcedureError as exc:
        raise click.ClickException(exc.problems[0][1]) from exc
    text = export_procedures(fmt)
    if path is None:
        click.echo(text, nl=False)
        return
    try:
        with open(path, "w", encoding="utf-8", newline="") as out:
            out.write(text)
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror or exc}") from exc
    click.echo(f"exported the procedures to {path}", err=True)


COMMANDS = (procedures_group,)
