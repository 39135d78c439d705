"""The office's content as one plain, immutable document.

The document is what a revision stores (as JSON) and what the call flow reads. Keeping it a plain
value, independent of the database, makes the call flow a pure function of (office, moment, input).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from typing import Any, Iterable, Mapping

from ivr.languages import CODES as LANGUAGE_CODES
from ivr.content.procedures import Procedure, procedure_from_dict, procedure_to_dict
from ivr.phrases import PHONE_READINGS
from ivr.receptions import Reception, ReceptionError
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


# The topics of the directory of other organisations, in the order the call offers them.
TOPICS = ("emergency", "housing", "health", "social")


@dataclass(frozen=True)
class Organisation:
    """Another body callers are sent to ("where to go"): what it handles, its phone and hours."""

    topic: str
    name: Mapping[str, str]
    handles: Mapping[str, str] = field(default_factory=dict)
    phone: str = ""
    hours: Mapping[str, str] = field(default_factory=dict)  # as said: "round the clock", "Mon–Fri 8–17"
    source: str = ""  # where the facts come from (a public page), shown to staff


def contact_from_text(text: str) -> Contact:
    """A contact from a number or address written before contacts had kinds, its kind inferred
    from the label written with it («факс: …» is a fax); a plain number is a phone."""
    kind = next((kind for kind, label in _KIND_LABELS if label.search(text)), PHONE)
    return Contact(kind=kind, value=text)


# The reception is the office's own week (``Office.week``); the other services have weeks of their own.
RECEPTION = "reception"
# How a working day before a public holiday is shortened: not at all, or by one hour (Belarusian labour law).
PRE_HOLIDAY_OFF, PRE_HOLIDAY_MINUS_HOUR = "off", "minus_hour"
PRE_HOLIDAY_RULES = (PRE_HOLIDAY_OFF, PRE_HOLIDAY_MINUS_HOUR)


@dataclass(frozen=True)
class Service:
    """One service of the office besides the reception, with its own week (the one-stop shop, the
    appeals desk, a national number): its name per language, hours, phone, and whether it follows
    public holidays and moved working days."""

    id: str
    name: Mapping[str, str]
    week: Mapping[int, DayHours | None] = field(default_factory=dict)
    phone: str = ""
    follows_holidays: bool = True
    source: str = ""  # where the hours were read (a web page, the date seen), for the staff

    @property
    def has_hours(self) -> bool:
        """Whether the office gives hours for it (a national number may have a phone only)."""
        return any(hours is not None for hours in self.week.values())


@dataclass(frozen=True)
class SpecialDate:
    """Hours that differ on one date, for some services or all (``services`` empty): a short day,
    an extra working Saturday (``hours``), or a closure (``hours`` None) with its reason."""

    day: date
    hours: DayHours | None = None
    reason: Mapping[str, str] = field(default_factory=dict)
    services: tuple[str, ...] = ()

    def applies_to(self, service_id: str) -> bool:
        """Whether it changes the hours of the service ``service_id``."""
        return not self.services or service_id in self.services


@dataclass(frozen=True)
class Notice:
    """An urgent notice: heard first in a call and heading the page from ``start`` until ``end``
    (naive local times of the office)."""

    id: str
    text: Mapping[str, str]
    start: datetime
    end: datetime

    def shown_at(self, moment: datetime) -> bool:
        """Whether it is on at ``moment`` (office wall-clock time; an aware moment is read as such)."""
        local = moment.replace(tzinfo=None)
        return self.start <= local < self.end


@dataclass(frozen=True)
class Recording:
    """A clerk's recording of one prompt in one language: its file in the recorded-prompts store,
    its length, and the sha256 of the prompt's text it was recorded for (it is played only while
    the prompt still has that text); the kept original it was processed from ('' for recordings made
    before originals were kept) and the audio processing version it was made with."""

    file: str
    text_hash: str
    seconds: float = 0.0
    original: str = ""
    processing: str = ""


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
    # Per prompt and language, the recording staff made of it (see ivr.content.recordings).
    recordings: Mapping[str, Mapping[str, Recording]] = field(default_factory=dict)
    services: tuple[Service, ...] = ()  # besides the reception (``week``)
    special_dates: tuple[SpecialDate, ...] = ()
    notices: tuple[Notice, ...] = ()
    pre_holiday: str = PRE_HOLIDAY_OFF
    receptions: tuple[Reception, ...] = ()  # personal receptions and direct lines
    organisations: tuple[Organisation, ...] = ()  # where to go: other bodies, by topic
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

    def in_topic(self, topic: str) -> tuple[Organisation, ...]:
        """The directory's organisations of one topic, in the office's order."""
        return tuple(o for o in self.organisations if o.topic == topic)

    def calendar(self, timezone: str = "Europe/Minsk", country: str | None = "BY") -> OfficeCalendar:
        """The reception's hours (the office's own week, closures and special dates) as the schedule
        module's calendar."""
        return self.service_calendar(RECEPTION, timezone, country)

    def service(self, service_id: str) -> Service | None:
        """The service with this id (None for the reception, whose week is the office's)."""
        return next((s for s in self.services if s.id == service_id), None)

    def service_calendar(self, service_id: str, timezone: str = "Europe/Minsk",
                         country: str | None = "BY") -> OfficeCalendar:
        """One service's hours as a calendar: its week, the special dates that apply to it, public
        holidays if it follows them, and the pre-holiday rule."""
        service = self.service(service_id)
        week, closures, extra = (self.week, list(self.closures), list(self.extra_workdays)) if service is None else (
            service.week, [], [])
        if service is not None and not service.follows_holidays:
            country = None
        for special in self.special_dates:
            if special.applies_to(service_id):
                if special.hours is None:
                    closures.append(Closure(start=special.day, end=special.day, reason=special.reason))
                else:
                    extra = [w for w in extra if w.day != special.day] + [ExtraWorkday(special.day, special.hours)]
        return OfficeCalendar(week=dict(week), closures=closures, extra_workdays=extra, timezone=timezone,
                              country=country,
                              pre_holiday_hours=-1 if self.pre_holiday == PRE_HOLIDAY_MINUS_HOUR else 0)

    def active_notices(self, moment: datetime) -> tuple[Notice, ...]:
        """The notices on at ``moment`` (office wall-clock time)."""
        return tuple(n for n in self.notices if n.shown_at(moment))

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


def _week(raw: Mapping[str, Any] | None) -> dict[int, DayHours | None]:
    week_raw = raw or {}
    return {i: _hours_from_dict(week_raw.get(key)) for i, key in enumerate(WEEKDAY_KEYS)}


def _week_to_dict(week: Mapping[int, DayHours | None]) -> dict[str, Any]:
    return {key: _hours_to_dict(week.get(i)) for i, key in enumerate(WEEKDAY_KEYS)}


def _moment(value: Any) -> datetime:
    try:
        return datetime.fromisoformat(str(value)).replace(tzinfo=None)
    except ValueError as exc:
        raise ContentError(f"{value!r} is not a moment like 2026-07-03T08:00") from exc


def _service(raw: Mapping[str, Any]) -> Service:
    return Service(id=str(raw["id"]), name=_texts(raw.get("name")), week=_week(raw.get("week")),
                   phone=str(raw.get("phone") or ""), follows_holidays=bool(raw.get("follows_holidays", True)),
                   source=str(raw.get("source") or ""))


def _special_date(raw: Mapping[str, Any]) -> SpecialDate:
    return SpecialDate(day=_date(raw["day"]), hours=_hours_from_dict(raw.get("hours")),  # type: ignore[arg-type]
                       reason=_texts(raw.get("reason")), services=tuple(str(s) for s in raw.get("services") or ()))


def _notice(raw: Mapping[str, Any]) -> Notice:
    return Notice(id=str(raw["id"]), text=_texts(raw.get("text")), start=_moment(raw["start"]),
                  end=_moment(raw["end"]))
def _reception(raw: Mapping[str, Any]) -> Reception:
    weekday = raw.get("weekday")
    try:
        return Reception(
            id=str(raw["id"]), kind=str(raw["kind"]), who=_texts(raw.get("who")), post=_texts(raw.get("post")),
            weekday=None if weekday in (None, "") else int(weekday),
            weeks=tuple(int(week) for week in raw.get("weeks") or ()),
            dates=tuple(_date(day) for day in raw.get("dates") or ()),  # type: ignore[misc]
            starts=_time(raw["starts"]), ends=_time(raw["ends"]),  # type: ignore[arg-type]
            place=_texts(raw.get("place")), phone=str(raw.get("phone") or ""), signup=_texts(raw.get("signup")),
            holidays_cancel=bool(raw.get("holidays_cancel", True)), source=str(raw.get("source") or ""))
    except (ReceptionError, ValueError) as exc:
        raise ContentError(str(exc)) from exc


def reception_to_dict(reception: Reception) -> dict[str, Any]:
    """The JSON form of a reception or direct line."""
    return {
        "id": reception.id, "kind": reception.kind, "who": dict(reception.who), "post": dict(reception.post),
        "weekday": reception.weekday, "weeks": list(reception.weeks),
        "dates": [day.isoformat() for day in reception.dates],
        "starts": _time_str(reception.starts), "ends": _time_str(reception.ends),
        "place": dict(reception.place), "phone": reception.phone, "signup": dict(reception.signup),
        "holidays_cancel": reception.holidays_cancel, "source": reception.source,
    }


def _organisation(raw: Mapping[str, Any]) -> Organisation:
    topic = str(raw.get("topic") or "")
    if topic not in TOPICS:
        raise ContentError(f"{topic!r} is not a topic of the directory ({', '.join(TOPICS)})")
    return Organisation(topic=topic, name=_texts(raw.get("name")), handles=_texts(raw.get("handles")),
                        phone=str(raw.get("phone") or ""), hours=_texts(raw.get("hours")),
                        source=str(raw.get("source") or ""))


def organisation_to_dict(organisation: Organisation) -> dict[str, Any]:
    """The JSON form of one organisation of the directory."""
    return {"topic": organisation.topic, "name": dict(organisation.name), "handles": dict(organisation.handles),
            "phone": organisation.phone, "hours": dict(organisation.hours), "source": organisation.source}


def office_from_dict(raw: Mapping[str, Any]) -> Office:
    """Build an Office from its JSON form; ContentError names what is wrong."""
    try:
        pre_holiday = str(raw.get("pre_holiday") or PRE_HOLIDAY_OFF)
        if pre_holiday not in PRE_HOLIDAY_RULES:
            raise ContentError(f"{pre_holiday!r} is not a pre-holiday rule ({', '.join(PRE_HOLIDAY_RULES)})")
        return Office(
            name=_texts(raw.get("name")),
            address=_texts(raw.get("address")),
            postal_code=str(raw.get("postal_code", "")),
            contacts=_contacts(raw),
            hotline=str(raw.get("hotline", "")),
            transfer_number=str(raw.get("transfer_number") or raw.get("hotline", "")),
            week=_week(raw.get("week")),
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
            recordings={str(key): {str(lang): Recording(str(r["file"]), str(r["text_hash"]), float(r.get("seconds") or 0),
                                                        str(r.get("original") or ""), str(r.get("processing") or ""))
                                   for lang, r in by_lang.items()}
                        for key, by_lang in (raw.get("recordings") or {}).items()},
            services=tuple(_service(s) for s in raw.get("services", ())),
            special_dates=tuple(_special_date(d) for d in raw.get("special_dates", ())),
            notices=tuple(_notice(n) for n in raw.get("notices", ())),
            pre_holiday=pre_holiday,
            receptions=tuple(_reception(r) for r in raw.get("receptions") or ()),
            organisations=tuple(_organisation(o) for o in raw.get("organisations") or ()),
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
        "week": _week_to_dict(office.week),
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
        "recordings": {key: {lang: {"file": r.file, "text_hash": r.text_hash, "seconds": r.seconds,
                                    "original": r.original, "processing": r.processing}
                             for lang, r in by_lang.items()}
                       for key, by_lang in office.recordings.items() if by_lang},
        "services": [
            {"id": s.id, "name": dict(s.name), "week": _week_to_dict(s.week), "phone": s.phone,
             "follows_holidays": s.follows_holidays, "source": s.source}
            for s in office.services
        ],
        "special_dates": [
            {"day": d.day.isoformat(), "hours": _hours_to_dict(d.hours), "reason": dict(d.reason),
             "services": list(d.services)}
            for d in office.special_dates
        ],
        "notices": [
            {"id": n.id, "text": dict(n.text), "start": n.start.isoformat(timespec="minutes"),
             "end": n.end.isoformat(timespec="minutes")}
            for n in office.notices
        ],
        "pre_holiday": office.pre_holiday,
        "receptions": [reception_to_dict(r) for r in office.receptions],
        "organisations": [organisation_to_dict(o) for o in office.organisations],
        "procedures": [procedure_to_dict(p) for p in office.procedures],
    }
