"""The office's content as one plain, immutable document.

The document is what a revision stores (as JSON) and what the call flow reads. Keeping it a plain
value, independent of the database, makes the call flow a pure function of (office, moment, input).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, time
from typing import Any, Iterable, Mapping

from ivr.languages import CODES as LANGUAGE_CODES
from ivr.content.procedures import Procedure, procedure_from_dict, procedure_to_dict
from ivr.phrases import PHONE_READINGS
from ivr.schedule import Closure, DayHours, ExtraWorkday, OfficeCalendar

WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class ContentError(ValueError):
    """Stored or submitted content that does not form a valid office document."""


@dataclass(frozen=True)
class Headline:
    """One news headline: title and short summary per language."""

    id: str
    title: Mapping[str, str]
    summary: Mapping[str, str] = field(default_factory=dict)
    published: date | None = None
    hidden: bool = False
    pinned: bool = False  # a hand-written headline kept above the others
    source: str = ""  # the feed it came from; "" when written by staff

    def text(self, part: str, lang: str) -> str:
        """The title or summary in ``lang`` (empty when there is none in that language)."""
        texts: Mapping[str, str] = self.title if part == "title" else self.summary
        return texts.get(lang) or ""


# The kinds of contact an office lists; only phones and hot lines are numbers a caller is told to
# call, a fax is read as a fax, e-mail and web addresses as addresses.
PHONE, FAX, HOTLINE, EMAIL, WEB = "phone", "fax", "hotline", "email", "web"
CONTACT_KINDS = (PHONE, FAX, HOTLINE, EMAIL, WEB)
CALLABLE_KINDS = (PHONE, HOTLINE)
NUMBER_KINDS = (PHONE, FAX, HOTLINE)
# How the call reads a number; "dialled" (the first) unless the office says otherwise.
READINGS = PHONE_READINGS
# Labels a clerk wrote into a number before contacts had kinds ("факс: …", "… (fax)"), by kind.
_KIND_LABELS = (
    (FAX, re.compile(r"факс|fax|тэлефакс", re.IGNORECASE)),
    (HOTLINE, re.compile(r"гор[яа]ч|гарач|hot\s*line", re.IGNORECASE)),
    (EMAIL, re.compile(r"@|e-?mail|почт|пошт", re.IGNORECASE)),
    (WEB, re.compile(r"https?://|www\.|сайт|web", re.IGNORECASE)),
)


@dataclass(frozen=True)
class Contact:
    """One way to reach the office: its kind, the number or address as written, and for a number
    how the call reads it."""

    kind: str
    value: str
    reading: str = READINGS[0]

    @property
    def callable(self) -> bool:
        """Whether callers may be told to ring it (a phone or a hot line, not a fax)."""
        return self.kind in CALLABLE_KINDS


def contact_from_text(text: str) -> Contact:
    """A contact from a number or address written before contacts had kinds, its kind inferred
    from the label written with it («факс: …» is a fax); a plain number is a phone."""
    kind = next((kind for kind, label in _KIND_LABELS if label.search(text)), PHONE)
    return Contact(kind=kind, value=text)


@dataclass(frozen=True)
class Office:
    """Everything the hotline says about one office."""

    name: Mapping[str, str]
    address: Mapping[str, str]
    postal_code: str
    contacts: tuple[Contact, ...]
    hotline: str
    transfer_number: str
    week: Mapping[int, DayHours | None]
    closures: tuple[Closure, ...] = ()
    extra_workdays: tuple[ExtraWorkday, ...] = ()
    languages: tuple[str, ...] = LANGUAGE_CODES
    texts: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    headlines: tuple[Headline, ...] = ()
    # Per language, a word a voice reads badly -> how to write it so it reads right.
    pronunciations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # The administrative procedures catalogue (ivr.content.procedures), in the office's order.
    procedures: tuple[Procedure, ...] = ()

    @property
    def phones(self) -> tuple[str, ...]:
        """The office's phone numbers (not its fax, hot line or addresses)."""
        return tuple(c.value for c in self.contacts if c.kind == PHONE)

    def of_kind(self, *kinds: str) -> tuple[Contact, ...]:
        """The contacts of these kinds, in the office's order."""
        return tuple(c for c in self.contacts if c.kind in kinds)

    def reading_of(self, number: str) -> str:
        """How the call reads ``number``: as the office set it for the contact with the same digits,
        else as dialled."""
        digits = re.sub(r"\D", "", number)
        same = (c for c in self.contacts if c.kind in NUMBER_KINDS and re.sub(r"\D", "", c.value) == digits)
        found = next(same, None)
        return found.reading if found else READINGS[0]

    def calendar(self, timezone: str = "Europe/Minsk", country: str | None = "BY") -> OfficeCalendar:
        """The office's hours as the schedule module's calendar."""
        return OfficeCalendar(
            week=dict(self.week),
            closures=self.closures,
            extra_workdays=self.extra_workdays,
            timezone=timezone,
            country=country,
        )

    def visible_headlines(self, lang: str) -> list[Headline]:
        """Headlines a caller in ``lang`` hears: pinned ones first, then newest first (undated last)."""
        shown = [h for h in self.headlines if not h.hidden and h.text("title", lang)]
        return sorted(shown, key=lambda h: (h.pinned, h.published or date.min), reverse=True)

    def offered_languages(self, offered: Iterable[str]) -> tuple[str, ...]:
        """The languages callers can choose: the office's, as far as the service offers them (all
        that the service offers when it offers none of the office's)."""
        offered = tuple(offered)
        return tuple(lang for lang in self.languages if lang in offered) or offered

    def with_changes(self, **changes: Any) -> "Office":
        """A copy with some fields replaced."""
        return replace(self, **changes)


def _time(value: str | None) -> time | None:
    if value in (None, ""):
        return None
    try:
        hours, minutes = str(value).split(":")
        return time(int(hours), int(minutes))
    except (ValueError, TypeError) as exc:
        raise ContentError(f"{value!r} is not a time like 08:30") from exc


def _time_str(value: time | None) -> str | None:
    return None if value is None else value.strftime("%H:%M")


def _date(value: str | None) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ContentError(f"{value!r} is not a date like 2026-07-03") from exc


def _hours_from_dict(raw: Mapping[str, Any] | None) -> DayHours | None:
    if not raw:
        return None
    try:
        return DayHours(
            opens=_time(raw["opens"]),  # type: ignore[arg-type]
            closes=_time(raw["closes"]),  # type: ignore[arg-type]
            lunch_start=_time(raw.get("lunch_start")),
            lunch_end=_time(raw.get("lunch_end")),
        )
    except KeyError as exc:
        raise ContentError(f"working hours need {exc.args[0]!r}") from exc


def _hours_to_dict(hours: DayHours | None) -> dict[str, Any] | None:
    if hours is None:
        return None
    return {
        "opens": _time_str(hours.opens),
        "closes": _time_str(hours.closes),
        "lunch_start": _time_str(hours.lunch_start),
        "lunch_end": _time_str(hours.lunch_end),
    }


def _texts(raw: Any) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        return {}
    return {str(k): str(v) for k, v in raw.items() if v not in (None, "")}


def _contact(raw: Any) -> Contact:
    if isinstance(raw, str):
        return contact_from_text(raw)
    kind, reading = str(raw.get("kind") or PHONE), str(raw.get("reading") or READINGS[0])
    if kind not in CONTACT_KINDS:
        raise ContentError(f"{kind!r} is not a kind of contact ({', '.join(CONTACT_KINDS)})")
    if reading not in READINGS:
        raise ContentError(f"{reading!r} is not a way to read a number ({', '.join(READINGS)})")
    return Contact(kind=kind, value=str(raw["value"]), reading=reading)


def _contacts(raw: Mapping[str, Any]) -> tuple[Contact, ...]:
    # Documents saved before contacts had kinds list plain "phones"; their kinds come from labels.
    listed = raw["contacts"] if "contacts" in raw else raw.get("phones", ())
    return tuple(_contact(c) for c in listed)


def office_from_dict(raw: Mapping[str, Any]) -> Office:
    """Build an Office from its JSON form; ContentError names what is wrong."""
    try:
        week_raw = raw.get("week") or {}
        week = {i: _hours_from_dict(week_raw.get(key)) for i, key in enumerate(WEEKDAY_KEYS)}
        return Office(
            name=_texts(raw.get("name")),
            address=_texts(raw.get("address")),
            postal_code=str(raw.get("postal_code", "")),
            contacts=_contacts(raw),
            hotline=str(raw.get("hotline", "")),
            transfer_number=str(raw.get("transfer_number") or raw.get("hotline", "")),
            week=week,
            closures=tuple(
                Closure(start=_date(c["start"]), end=_date(c.get("end") or c["start"]), reason=_texts(c.get("reason")))  # type: ignore[arg-type]
                for c in raw.get("closures", ())
            ),
            extra_workdays=tuple(
                ExtraWorkday(day=_date(w["day"]), hours=_hours_from_dict(w.get("hours")))  # type: ignore[arg-type]
                for w in raw.get("extra_workdays", ())
            ),
            languages=tuple(raw.get("languages") or LANGUAGE_CODES),
            texts={str(k): _texts(v) for k, v in (raw.get("texts") or {}).items()},
            headlines=tuple(
                Headline(
                    id=str(h["id"]),
                    title=_texts(h.get("title")),
                    summary=_texts(h.get("summary")),
                    published=_date(h.get("published")),
                    hidden=bool(h.get("hidden", False)),
                    pinned=bool(h.get("pinned", False)),
                )
                for h in raw.get("headlines", ())
            ),
            pronunciations={str(k): _texts(v) for k, v in (raw.get("pronunciations") or {}).items()},
            procedures=tuple(procedure_from_dict(p) for p in raw.get("procedures", ())),
        )
    except ValueError as exc:
        raise ContentError(str(exc)) from exc
    except (KeyError, TypeError, AttributeError) as exc:
        raise ContentError(f"the office document is incomplete: {exc}") from exc


def office_to_dict(office: Office) -> dict[str, Any]:
    """The JSON form of an Office (the inverse of office_from_dict)."""
    return {
        "name": dict(office.name),
        "address": dict(office.address),
        "postal_code": office.postal_code,
        "contacts": [{"kind": c.kind, "value": c.value, "reading": c.reading} for c in office.contacts],
        "hotline": office.hotline,
        "transfer_number": office.transfer_number,
        "week": {key: _hours_to_dict(office.week.get(i)) for i, key in enumerate(WEEKDAY_KEYS)},
        "closures": [
            {"start": c.start.isoformat(), "end": c.end.isoformat(), "reason": dict(c.reason)}
            for c in office.closures
        ],
        "extra_workdays": [
            {"day": w.day.isoformat(), "hours": _hours_to_dict(w.hours)} for w in office.extra_workdays
        ],
        "languages": list(office.languages),
        "texts": {k: dict(v) for k, v in office.texts.items()},
        "headlines": [
            {
                "id": h.id,
                "title": dict(h.title),
                "summary": dict(h.summary),
                "published": h.published.isoformat() if h.published else None,
                "hidden": h.hidden,
                "pinned": h.pinned,
            }
            for h in office.headlines
            if not h.source  # imported headlines live in their own table, not in revisions
        ],
        "pronunciations": {k: dict(v) for k, v in office.pronunciations.items()},
        "procedures": [procedure_to_dict(p) for p in office.procedures],
    }
