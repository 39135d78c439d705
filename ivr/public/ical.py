"""An iCalendar (RFC 5545) feed of public holidays, office closures, extra working days and days with
other hours (the shorter day before a public holiday, a single date's own hours).

Built with the `icalendar` package, which escapes TEXT values, folds lines at 75 octets without
splitting a UTF-8 character and ends them with CRLF. The events are all day (VALUE=DATE, DTEND the
day after the last day), with their texts in the requested language. UIDs depend on the event's kind
and dates only, so a calendar that subscribed to the feed updates events in place instead of
duplicating them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Iterable

from icalendar import TRANSP, Calendar, vText
from icalendar import Event as VEvent

from ivr.content.office import Office
from ivr.public.labels import clock_range, label
from ivr.schedule import OfficeCalendar, hours_on, is_pre_holiday, moved_workdays, public_holidays


@dataclass(frozen=True)
class Event:
    """One all-day event: ``start``..``end`` inclusive."""

    uid: str
    start: date
    end: date
    summary: str
    description: str = ""
    categories: str = ""


def _stamp(moment: datetime) -> datetime:
    # In UTC (DTSTAMP's form, §3.8.7.2: "…Z"); an aware moment elsewhere would be written with a TZID.
    return moment.astimezone(timezone.utc)


def _day(d: date) -> str:
    return d.strftime("%Y%m%d")


def _event(event: Event, lang: str, stamp: datetime) -> VEvent:
    component = VEvent.new(uid=event.uid, stamp=_stamp(stamp), start=event.start,
                           end=event.end + timedelta(days=1), transparency=TRANSP.TRANSPARENT,
                           categories=[event.categories] if event.categories else ())
    # Set by hand rather than through .new(): the texts carry the language they are written in.
    component.add("SUMMARY", event.summary, parameters={"LANGUAGE": lang})
    if event.description:
        component.add("DESCRIPTION", event.description, parameters={"LANGUAGE": lang})
    return component


def _day_of(component: VEvent) -> date:
    start = component.start
    return start.date() if isinstance(start, datetime) else start


def render(events: Iterable[Event], *, name: str, lang: str, stamp: datetime, timed: Iterable[VEvent] = ()) -> str:
    """The whole VCALENDAR as text with CRLF line ends (encode as UTF-8); ``timed``: events with
    times (receptions), made by their own module, after the all-day ones."""
    calendar = Calendar()  # not Calendar.new(): it would give the feed a new random UID every time
    calendar.version = "2.0"
    calendar.prodid = f"-//hotline//public calendar//{lang.upper()}"
    calendar.calscale = "GREGORIAN"
    calendar.method = "PUBLISH"
    # icalendar does not know NAME (RFC 7986) or X-WR-CALNAME (the one most clients read) as TEXT and
    # would write them unescaped: a name with a comma or semicolon would be cut short.
    calendar.add("NAME", vText(name), parameters={"LANGUAGE": lang})
    calendar.add("X-WR-CALNAME", vText(name))
    timed = list(timed)
    for component in sorted([_event(event, lang, stamp) for event in events] + timed, key=_day_of):
        calendar.add_component(component)
    if timed:  # their times name the office's zone (TZID), which the feed then describes (VTIMEZONE)
        calendar.add_missing_timezones()
    return calendar.to_ical().decode("utf-8")


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def office_events(office: Office, calendar: OfficeCalendar, years: tuple[int, int], lang: str,
                  domain: str) -> list[Event]:
    """Public holidays and moved working days of ``years`` (first..last), every closure and extra
    working day the office announced, and the days whose hours differ from the week's (the shorter
    day before a public holiday, a single date's own hours), named in ``lang``."""
    start, end = date(years[0], 1, 1), date(years[1], 12, 31)
    holidays = public_holidays(calendar, start, end, lang)
    events = [
        Event(uid=f"holiday-{_day(day)}@{domain}", start=day, end=day, summary=name,
              description=_sentence(label(lang, "kind.holiday")), categories="HOLIDAY")
        for day, name in holidays
    ]
    for closure in calendar.closures:  # the office's own and its special dates
        reason = closure.reason.get(lang, "")
        closed = _sentence(label(lang, "kind.closure"))
        events.append(Event(uid=f"closure-{_day(closure.start)}-{_day(closure.end)}@{domain}",
                            start=closure.start, end=closure.end,
                            summary=f"{closed[:-1]}: {reason}" if reason else closed[:-1],
                            description=closed, categories="CLOSURE"))
    moved = set(moved_workdays(calendar, start, end))
    single_dates = {w.day for w in calendar.extra_workdays}  # the office's own dates with their hours
    # The days before public holidays, which the office's pre-holiday rule may shorten.
    eves = {day - timedelta(days=1) for day, _ in holidays if day > start}
    for day in sorted(moved | single_dates | eves):
        hours, _ = hours_on(calendar, day)
        usual = calendar.week.get(day.weekday())
        if hours is None or usual == hours:
            continue
        if usual is None or day in moved:  # a working day instead of a day off
            kind, uid = "workday_hours", "workday"
        elif day not in single_dates and is_pre_holiday(calendar, day):
            kind, uid = "pre_holiday_hours", "hours"
        else:
            kind, uid = "changed_hours", "hours"
        summary = label(lang, kind, range=clock_range(hours.opens, hours.closes))
        events.append(Event(uid=f"{uid}-{_day(day)}@{domain}", start=day, end=day,
                            summary=summary[:1].upper() + summary[1:], categories="WORKDAY"))
    return sorted(events, key=lambda e: (e.start, e.uid))
