"""Receptions, direct lines and where to go, as the public page, /info.json, /calendar.ics and the
SMS text show them: plain functions of (office, moment), from the same sessions the call speaks of."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Sequence
from zoneinfo import ZoneInfo

from icalendar import Event as VEvent

from ivr.content.office import TOPICS, Office, Organisation
from ivr.public.facts import Phone, phone
from ivr.public.labels import clock_range, day_and_date, label
from ivr.receptions import Session, sessions, upcoming
from ivr.schedule import OfficeCalendar


@dataclass(frozen=True)
class SessionView:
    """One reception's or direct line's next session, in one language."""

    session: Session
    kind: str  # "Personal reception" / "Direct phone line"
    who: str
    when: str  # "Wednesday, 9 December 2026"
    hours: str  # "08:00–13:00"
    place: str
    phone: Phone | None
    signup: str


def who(session: Session, lang: str) -> str:
    """The post and name, as written ("the chairman, I. Ivanov")."""
    reception = session.reception
    return ", ".join(part for part in (reception.post.get(lang, ""), reception.who.get(lang, "")) if part)


def session_views(office: Office, calendar: OfficeCalendar, moment: datetime, lang: str) -> list[SessionView]:
    """Each reception's and direct line's next session, soonest first."""
    return [
        SessionView(session=s, kind=label(lang, s.reception.kind), who=who(s, lang), when=day_and_date(s.day, lang),
                    hours=clock_range(s.reception.starts, s.reception.ends), place=s.reception.place.get(lang, ""),
                    phone=phone(s.reception.phone) if s.reception.phone else None,
                    signup=s.reception.signup.get(lang, ""))
        for s in upcoming(office.receptions, calendar, moment)
    ]


def session_line(view: SessionView) -> str:
    """One line of the SMS text: "Personal reception: the chairman, Wednesday, 9 December 2026, 08:00–13:00"."""
    number = f", {view.phone.display}" if view.phone and view.session.reception.is_direct_line else ""
    return f"{view.kind}: {view.who}, {view.when}, {view.hours}{number}."


@dataclass(frozen=True)
class TopicView:
    """One topic of the directory with its organisations."""

    topic: str
    title: str
    entries: Sequence[tuple[Organisation, Phone]]


def directory(office: Office, lang: str) -> list[TopicView]:
    """The directory by topic (topics without organisations left out)."""
    return [TopicView(topic, label(lang, f"topic.{topic}"), [(o, phone(o.phone)) for o in office.in_topic(topic)])
            for topic in TOPICS if office.in_topic(topic)]


def info_part(office: Office, calendar: OfficeCalendar, moment: datetime, langs: Sequence[str]) -> dict[str, Any]:
    """The receptions (each with its next session) and the directory, for /info.json."""
    nexts = {s.reception.id: s for s in upcoming(office.receptions, calendar, moment)}

    def texts(values: Any) -> dict[str, str]:
        return {lang: values.get(lang, "") for lang in langs}

    def session(reception_id: str) -> dict[str, str] | None:
        found = nexts.get(reception_id)
        return None if found is None else {"start": found.starts.isoformat(timespec="minutes"),
                                           "end": found.ends.isoformat(timespec="minutes")}

    return {
        "receptions": [
            {"id": r.id, "kind": r.kind, "who": texts(r.who), "post": texts(r.post),
             "weekday": r.weekday, "weeks": list(r.weeks), "dates": [d.isoformat() for d in r.dates],
             "starts": r.starts.strftime("%H:%M"), "ends": r.ends.strftime("%H:%M"), "place": texts(r.place),
             "phone": r.phone, "signup": texts(r.signup), "holidays_cancel": r.holidays_cancel,
             "next": session(r.id)}
            for r in office.receptions
        ],
        "organisations": [
            {"topic": o.topic, "name": texts(o.name), "handles": texts(o.handles), "phone": o.phone,
             "hours": texts(o.hours), "source": o.source}
            for o in office.organisations
        ],
    }


def reception_events(office: Office, calendar: OfficeCalendar, years: tuple[int, int], lang: str,
                     domain: str, stamp: datetime) -> list[VEvent]:
    """Every session of ``years`` (first..last) as a timed event in the office's time zone; the UID
    is the reception's and the day's, so a subscribed calendar updates a session in place."""
    zone = ZoneInfo(calendar.timezone)
    events = []
    for reception in office.receptions:
        for s in sessions(reception, calendar, datetime(years[0], 1, 1), datetime(years[1], 12, 31, 23, 59)):
            event = VEvent.new(uid=f"{reception.id}-{s.day.strftime('%Y%m%d')}@{domain}",
                               start=s.starts.replace(tzinfo=zone), end=s.ends.replace(tzinfo=zone),
                               stamp=stamp.astimezone(timezone.utc), categories=[reception.kind.upper()])
            # Set by hand rather than through .new(): the texts carry the language they are written in.
            event.add("SUMMARY", f"{label(lang, reception.kind)}: {who(s, lang)}", parameters={"LANGUAGE": lang})
            where = reception.phone if reception.is_direct_line else reception.place.get(lang, "")
            if where:
                event.add("LOCATION", where, parameters={"LANGUAGE": lang})
            events.append(event)
    return sorted(events, key=lambda e: (e.start, str(e.get("UID"))))
