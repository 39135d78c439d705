"""The administrative procedures catalogue: what a caller needs for a procedure of the national list
(Указ № 200 and its successors), as plain data inside the office document, and its file forms.

A procedure has its number in the national list ("1.1.5"), a topic (one of ``TOPICS``), the link to
its official source and, per language, its title, the documents to bring (a list), the fee, the
maximum term, how long the result is valid and where to go. It lives in the office document, so
every change is a revision that can be read back and restored.

Files: JSON (``{"procedures": [...]}`` with the same fields as the document) or CSV (one row per
procedure; per-language columns ``title_ru``, ``documents_ru``…; documents separated by ``|``).
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from ivr.languages import CODES as LANGUAGE_CODES

# The topics a caller browses, in the order they are offered.
HOUSING, FAMILY, SOCIAL, LAND, DOCUMENTS = "housing", "family", "social", "land", "documents"
TOPICS = (HOUSING, FAMILY, SOCIAL, LAND, DOCUMENTS)
# The texts of a procedure, per language (documents apart: a list).
TEXT_FIELDS = ("title", "fee", "term", "validity", "where")
# A number of the national list: up to four groups of digits separated by dots ("1.1.5", "2.35").
NUMBER = re.compile(r"\d{1,3}(?:\.\d{1,3}){0,3}")
# Documents in one CSV cell are separated by this sign (commas and semicolons occur in their names).
DOCUMENT_SEPARATOR = "|"
CSV_COLUMNS = ("number", "topic", "source", *(f"{name}_{lang}" for lang in LANGUAGE_CODES
                                              for name in ("title", "documents", "fee", "term", "validity", "where")))


class ProcedureError(ValueError):
    """A procedure (or a file of them) that cannot be read; ``problems`` lists (line, what is wrong)."""

    def __init__(self, problems: list[tuple[int, str]]):
        super().__init__("; ".join(f"line {line}: {what}" for line, what in problems))
        self.problems = problems

    def report(self) -> str:
        """One line per bad row: its line in the file and what is wrong with it."""
        return "\n".join(f"line {line}: {what}" for line, what in self.problems)


@dataclass(frozen=True)
class Procedure:
    """One administrative procedure as callers hear it."""

    number: str
    topic: str
    title: Mapping[str, str]
    documents: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    fee: Mapping[str, str] = field(default_factory=dict)
    term: Mapping[str, str] = field(default_factory=dict)
    validity: Mapping[str, str] = field(default_factory=dict)
    where: Mapping[str, str] = field(default_factory=dict)
    source: str = ""

    def text(self, part: str, lang: str) -> str:
        """One of ``TEXT_FIELDS`` in ``lang`` ('' when there is none in that language)."""
        return getattr(self, part).get(lang) or ""

    def documents_in(self, lang: str) -> tuple[str, ...]:
        """The documents to bring, in ``lang``."""
        return tuple(self.documents.get(lang) or ())

    def matches(self, words: str, lang: str) -> bool:
        """Whether every word of a search is in the procedure's number, title or documents."""
        haystack = " ".join((self.number, self.text("title", lang), *self.documents_in(lang))).lower()
        return all(word in haystack for word in words.lower().split())


def number_from_keys(keys: str) -> str:
    """The procedure number a caller keyed ("1*1*5" -> "1.1.5"), or '' when it is not one."""
    number = keys.strip().rstrip("#").replace("*", ".")
    return number if NUMBER.fullmatch(number) else ""


def _texts(raw: Any, what: str) -> dict[str, str]:
    if raw in (None, ""):
        return {}
    if not isinstance(raw, Mapping):
        raise ValueError(f"{what} must be texts by language")
    return {str(k): str(v).strip() for k, v in raw.items() if k in LANGUAGE_CODES and str(v or "").strip()}


def _documents(raw: Any) -> dict[str, tuple[str, ...]]:
    if raw in (None, ""):
        return {}
    if not isinstance(raw, Mapping) or not all(isinstance(v, (list, tuple)) for v in raw.values()):
        raise ValueError("documents must be a list per language")
    return {str(k): tuple(str(d).strip() for d in v if str(d).strip()) for k, v in raw.items()
            if k in LANGUAGE_CODES and v}


def procedure_from_dict(raw: Mapping[str, Any]) -> Procedure:
    """A Procedure from its JSON form; ValueError says what is wrong."""
    if not isinstance(raw, Mapping):
        raise ValueError("a procedure must be an object with its fields")
    number = str(raw.get("number") or "").strip()
    if not NUMBER.fullmatch(number):
        raise ValueError(f"{number!r} is not a procedure number like 1.1.5")
    topic = str(raw.get("topic") or "").strip()
    if topic not in TOPICS:
        raise ValueError(f"topic {topic!r} is not one of {', '.join(TOPICS)}")
    texts = {name: _texts(raw.get(name), name) for name in TEXT_FIELDS}
    if not texts["title"]:
        raise ValueError("the title is missing")
    source = str(raw.get("source") or "").strip()
    if source and not re.match(r"https?://\S+$", source):
        raise ValueError(f"the source {source!r} is not a web address")
    return Procedure(number=number, topic=topic, documents=_documents(raw.get("documents")), source=source, **texts)


def procedure_to_dict(procedure: Procedure) -> dict[str, Any]:
    """The JSON form of a Procedure (the inverse of procedure_from_dict)."""
    return {
        "number": procedure.number,
        "topic": procedure.topic,
        "title": dict(procedure.title),
        "documents": {lang: list(docs) for lang, docs in procedure.documents.items()},
        "fee": dict(procedure.fee),
        "term": dict(procedure.term),
        "validity": dict(procedure.validity),
        "where": dict(procedure.where),
        "source": procedure.source,
    }


def procedures_from_list(rows: Iterable[tuple[int, Mapping[str, Any]]]) -> tuple[Procedure, ...]:
    """Procedures from (line, raw) pairs; ProcedureError lists every bad row (and repeated numbers)."""
    found: list[Procedure] = []
    problems: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for line, raw in rows:
        try:
            procedure = procedure_from_dict(raw)
        except ValueError as exc:
            problems.append((line, str(exc)))
            continue
        if procedure.number in seen:
            problems.append((line, f"procedure {procedure.number} is already on line {seen[procedure.number]}"))
            continue
        seen[procedure.number] = line
        found.append(procedure)
    if problems:
        raise ProcedureError(problems)
    return tuple(found)


def _json_rows(text: str) -> list[tuple[int, Any]]:
    """The procedures of a JSON file, each with the line its object starts on."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ProcedureError([(getattr(exc, "lineno", 1), f"not JSON: {exc}")]) from exc
    items = data.get("procedures") if isinstance(data, Mapping) else data
    if not isinstance(items, list):
        raise ProcedureError([(1, 'expected a list of procedures (or {"procedures": [...]})')])
    # The line of each object: json does not say, so count the objects' opening braces at depth 1.
    starts = _object_lines(text, depth=1 if isinstance(data, list) else 2)
    return [(starts[i] if i < len(starts) else 1, item) for i, item in enumerate(items)]


def _object_lines(text: str, depth: int) -> list[int]:
    lines, level, line, in_string, escaped = [], 0, 1, False, False
    for char in text:
        if char == "\n":
            line += 1
        if in_string:  # a brace inside a text is no object
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char in "{[":
            level += 1
            if char == "{" and level == depth + 1:
                lines.append(line)
        elif char in "}]":
            level -= 1
    return lines


def _csv_rows(text: str) -> list[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [name for name in ("number", "topic") if name not in (reader.fieldnames or ())]
    if missing:
        raise ProcedureError([(1, f"the header has no column {', '.join(missing)}")])
    rows = []
    for row in reader:
        raw: dict[str, Any] = {"number": row.get("number"), "topic": row.get("topic"), "source": row.get("source")}
        for name in (*TEXT_FIELDS, "documents"):
            raw[name] = {}
            for lang in LANGUAGE_CODES:
                value = (row.get(f"{name}_{lang}") or "").strip()
                if value:
                    raw[name][lang] = value.split(DOCUMENT_SEPARATOR) if name == "documents" else value
        rows.append((reader.line_num, raw))
    return rows


def read_procedures(text: str, fmt: str) -> tuple[Procedure, ...]:
    """The procedures of a file's text in ``fmt`` ("csv" or "json"); ProcedureError reports bad rows."""
    return procedures_from_list(_csv_rows(text) if fmt == "csv" else _json_rows(text))


def write_procedures(procedures: Iterable[Procedure], fmt: str) -> str:
    """The procedures as a file in ``fmt``, which ``read_procedures`` reads back unchanged."""
    if fmt == "json":
        return json.dumps({"procedures": [procedure_to_dict(p) for p in procedures]}, ensure_ascii=False, indent=2) + "\n"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for procedure in procedures:
        row = {"number": procedure.number, "topic": procedure.topic, "source": procedure.source}
        for lang in LANGUAGE_CODES:
            row.update({f"{name}_{lang}": procedure.text(name, lang) for name in TEXT_FIELDS})
            row[f"documents_{lang}"] = DOCUMENT_SEPARATOR.join(procedure.documents_in(lang))
        writer.writerow(row)
    return out.getvalue()


def merged(current: Iterable[Procedure], new: Iterable[Procedure]) -> tuple[Procedure, ...]:
    """``current`` with each procedure of ``new`` in place of the one with its number (new ones last)."""
    incoming = {p.number: p for p in new}
    kept = [incoming.pop(p.number, p) for p in current]
    return (*kept, *incoming.values())


def by_number(procedures: Iterable[Procedure], number: str) -> Procedure | None:
    """The procedure with this number, or None."""
    return next((p for p in procedures if p.number == number), None)


def in_topic(procedures: Iterable[Procedure], topic: str, lang: str) -> list[Procedure]:
    """The procedures of ``topic`` a caller in ``lang`` can hear (those with a title in it)."""
    return [p for p in procedures if p.topic == topic and p.text("title", lang)]
