"""The staff forms' single fields: reading, checking and writing back one value, and the problems.

The staff forms are plain functions: form fields in, a new Office (or the problems) out. Each part of the office a page edits is a *section*. A section turns the office into the form's
fields (``values``), reads a submitted form back into a new office (``parse``, returning
``(office_or_None, problems_by_field)``: nothing is changed unless every field is right), and says
which data it covers (``data``), so that an edit made on top of an older revision can be told apart
from a real conflict (someone else changed the same thing).

No Flask here: problems are codes with parameters, put into words by ``ivr.staff.i18n``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo
from typing import Any, Mapping

from ivr import phrases

Form = Mapping[str, str]

# Limits shown next to each field and checked here.
LIMITS = {
    "text": 400,  # a fixed prompt
    "name": 200,
    "address": 200,
    "reason": 150,  # a closure's reason, read in "the office is closed today: ..."
    "title": 150,
    "summary": 600,
    "word": 60,
    "spoken": 120,
    "phone": 40,
}
MAX_PHONES = 5
MAX_ROWS = 60  # closures, extra working days, pronunciation rows per language
MAX_CLOSURE_DAYS = 366
BLANK_ROWS = 2  # empty rows offered for adding a closure / working day
BLANK_WORDS = 3  # empty rows offered per language in the pronunciation table
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class Problem:
    """What is wrong with one field: a message code and the values the message needs."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


Problems = dict[str, Problem]


def problem(code: str, **params: Any) -> Problem:
    return Problem(code, params)


class Invalid(ValueError):
    """A value that cannot be read; carries the problem to show next to the field."""

    def __init__(self, found: Problem):
        super().__init__(found.code)
        self.problem = found


# -- single values ---------------------------------------------------------------------------------

_TIME = re.compile(r"(\d{1,2})(?:\s*[:.\- ]\s*(\d{2}))?")
_TIME_COMPACT = re.compile(r"(\d{1,2})(\d{2})")


def parse_time(raw: str) -> time:
    """'8:30', '08:30', '8.30', '0830' or '8' -> time(8, 30); Invalid otherwise."""
    text = raw.strip()
    found = _TIME.fullmatch(text) or _TIME_COMPACT.fullmatch(text)
    if not found:
        raise Invalid(problem("time_format"))
    hours, minutes = int(found.group(1)), int(found.group(2) or 0)
    if hours > 23 or minutes > 59:
        raise Invalid(problem("time_range"))
    return time(hours, minutes)


def format_time(value: time | None) -> str:
    return "" if value is None else value.strftime("%H:%M")


_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DATE_DMY = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")


def parse_date(raw: str) -> date:
    """'31.12.2026' or '2026-12-31' -> date; Invalid otherwise (or outside 2000..2100)."""
    text = raw.strip()
    if found := _DATE_ISO.fullmatch(text):
        year, month, day = (int(x) for x in found.groups())
    elif found := _DATE_DMY.fullmatch(text):
        day, month, year = (int(x) for x in found.groups())
    else:
        raise Invalid(problem("date_format"))
    try:
        value = date(year, month, day)
    except ValueError:
        raise Invalid(problem("date_invalid")) from None
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise Invalid(problem("date_year", first=FIRST_YEAR, last=LAST_YEAR))
    return value


def format_date(value: date | None) -> str:
    return "" if value is None else value.strftime("%d.%m.%Y")


def clean_text(raw: str | None) -> str:
    """A single-line text: surrounding space removed, runs of spaces and line breaks made one."""
    return " ".join((raw or "").split())


def speakable(text: str) -> bool:
    """Whether a voice can read anything in ``text``: it has a letter or a digit."""
    return any(ch.isalnum() for ch in text)


def check_text(text: str, limit_name: str, *, required: bool = True) -> Problem | None:
    """The problem with a text a voice will read, if any: empty, too long, only symbols, or a control
    character such as NUL (which PostgreSQL refuses)."""
    limit = LIMITS[limit_name]
    if not text:
        return problem("required") if required else None
    if len(text) > limit:
        return problem("too_long", limit=limit, length=len(text))
    if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text):
        return problem("control_character")
    if not speakable(text):
        return problem("unspeakable")
    return None


_PHONE_CHARS = re.compile(r"\+?[0-9 ()\-.\u00a0]+")


def check_phone(value: str, *, dialable: bool = False) -> Problem | None:
    """The problem with a phone number, if any.

    Digits with spaces, brackets, dots or hyphens between them, an optional leading '+', 5 to 15
    digits (the international maximum). A number calls are put through to must be international
    (+375 ...), as the telephone network dials it.
    """
    if not value:
        return problem("required")
    if len(value) > LIMITS["phone"]:
        return problem("too_long", limit=LIMITS["phone"], length=len(value))
    if not _PHONE_CHARS.fullmatch(value) or value.count("(") != value.count(")"):
        return problem("phone_chars")
    digits = re.sub(r"\D", "", value)
    if not 5 <= len(digits) <= 15:
        return problem("phone_digits")
    if dialable and (not value.startswith("+") or len(digits) < 8):
        return problem("phone_international")
    try:
        phrases.phone_number(value, "ru")
    except ValueError:
        return problem("phone_chars")
    return None


def blank(form: Form, names: list[str]) -> bool:
    return all(not clean_text(form.get(name)) for name in names)


def row_count(form: Form, prefix: str) -> int:
    """How many numbered rows (``prefix-0-...``, ``prefix-1-...``) the form has."""
    # A row index of more digits than MAX_ROWS has is no row of ours (and 5,000 digits are no int).
    found = [int(m.group(1)) for key in form for m in [re.match(rf"{re.escape(prefix)}-(\d{{1,6}})-", key)] if m]
    return min(max(found) + 1, MAX_ROWS) if found else 0


def read_moment(form: Form, current: datetime, zone: tzinfo) -> tuple[datetime | None, Problems]:
    """The form's "date" and "time" fields as one moment in ``zone`` (a blank field keeps ``current``'s
    date or time, to the minute); None and the problems if either cannot be read."""
    problems: Problems = {}
    day, at = current.date(), current.time().replace(second=0, microsecond=0)
    raw_date, raw_time = clean_text(form.get("date")), clean_text(form.get("time"))
    try:
        if raw_date:
            day = parse_date(raw_date)
    except Invalid as exc:
        problems["date"] = exc.problem
    try:
        if raw_time:
            at = parse_time(raw_time)
    except Invalid as exc:
        problems["time"] = exc.problem
    if problems:
        return None, problems
    return datetime.combine(day, at, tzinfo=zone), problems
