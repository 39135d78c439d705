"""An iCalendar (RFC 5545) feed of public holidays, office closures and extra working days.

Written by hand, it is small: all-day events (VALUE=DATE, DTEND the day after the last day), TEXT
values escaped (backslash, semicolon, comma, newline), lines folded at 75 octets without splitting a
UTF-8 character, CRLF line ends. UIDs depend on the event's kind and dates only, so a calendar that
subscribed to the feed updates events in place instead of duplicating them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Iterable

from ivr.content.office import Office
from ivr.public.labels import clock_range, label
from ivr.schedule import OfficeCalendar, hours_on, moved_workdays, public_holidays

CRLF = "\r\n"
MAX_OCTETS = 75


@dataclass(frozen=True)
class Event:
    """One all-day event: ``start``..``end`` inclusive."""

    uid: str
    start: date
    end: date
    summary: str
    description: str = ""
    categories: str = ""


def escape_text(value: str) -> str:
    """RFC 5545 §3.3.11 TEXT: backslash, semicolon and comma escaped, newlines as \\n."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets (§3.1); continuation lines start with
    one space, and a UTF-8 character is never cut in two."""
    out: list[str] = []
    current, size = "", 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size = " ", 1  # the leading space counts toward the next line's 75 octets
        current += char
        size += width
    out.append(current)
    return CRLF.join(out)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _day(d: date) -> str:
    return d.strftime("%Y%m%d")


def render(events: Iterable[Event], *, name: str, lang: str, stamp: datetime) -> str:
    """The whole VCALENDAR as text with CRLF line ends (encode as UTF-8)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//hotline//public calendar//{lang.upper()}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME;LANGUAGE={lang}:{escape_text(name)}",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{_stamp(stamp)}",
            f"DTSTART;VALUE=DATE:{_day(event.start)}",
            f"DTEND;VALUE=DATE:{_day(event.end + timedelta(days=1))}",
            f"SUMMARY;LANGUAGE={lang}:{escape_text(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION;LANGUAGE={lang}:{escape_text(event.description)}")
        if event.categories:
            lines.append(f"CATEGORIES:{escape_text(event.categories)}")
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def office_events(office: Office, calendar: OfficeCalendar, years: tuple[int, int], lang: str,
                  domain: str) -> list[Event]:
    """Public holidays and moved working days of ``years`` (first..last), and every closure and
    extra working day the office announced, named in ``lang``."""
    start, end = date(years[0], 1, 1), date(years[1], 12, 31)
    events = [
        Event(uid=f"holiday-{_day(day)}@{domain}", start=day, end=day, summary=name,
              description=_sentence(label(lang, "kind.holiday")), categories="HOLIDAY")
        for day, name in public_holidays(calendar, start, end, lang)
    ]
    for closure in office.closures:
        reason = closure.reason.get(lang, "")
        closed = _sentence(label(lang, "kind.closure"))
        events.append(Event(uid=f"closure-{_day(closure.start)}-{_day(closure.end)}@{domain}",
                            start=closure.start, end=closure.end,
                            summary=f"{closed[:-1]}: {reason}" if reason else closed[:-1],
                            description=closed, categories="CLOSURE"))
    workdays = set(moved_workdays(calendar, start, end)) | {w.day for w in office.extra_workdays}
    for day in sorted(workdays):
        hours, _ = hours_on(calendar, day)
        if hours is None or calendar.week.get(day.weekday()) == hours:
            continue
        summary = label(lang, "workday_hours", range=clock_range(hours.opens, hours.closes))
        events.append(Event(uid=f"workday-{_day(day)}@{domain}", start=day, end=day,
                            summary=summary[:1].upper() + summary[1:], categories="WORKDAY"))
    return sorted(events, key=lambda e: (e.start, e.uid))
