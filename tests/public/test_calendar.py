"""/calendar.ics: built with icalendar, read back with icalendar's parser and checked line by line
as RFC 5545 asks (CRLF line ends, lines of at most 75 octets, TEXT escaped)."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

import pytest
from icalendar import Calendar

from ivr.content.office import PRE_HOLIDAY_OFF, SpecialDate
from ivr.public.ical import Event, render
from ivr.schedule import Closure, DayHours, ExtraWorkday

MONDAY_MORNING = "2026-11-30 10:00"
CRLF = "\r\n"


def content_lines(text: str) -> list[str]:
    """Content lines (RFC 5545 §3.1): CRLF ends every line, CRLF + one space continues one, and no
    physical line is longer than 75 octets."""
    assert text.endswith(CRLF)
    assert "\n" not in text.replace(CRLF, ""), "bare LF"
    assert "\r" not in text.replace(CRLF, ""), "bare CR"
    for physical in text.split(CRLF)[:-1]:
        assert len(physical.encode("utf-8")) <= 75, physical
    return re.sub(r"\r\n[ \t]", "", text).split(CRLF)[:-1]


def parse(text: str) -> tuple[Calendar, list[dict]]:
    """(the calendar, its events as {property name: property}); fails on malformed lines or a
    property that stands twice in one event."""
    content_lines(text)
    calendar = Calendar.from_ical(text)
    assert not calendar.errors
    events = []
    for event in calendar.walk("VEVENT"):
        assert not event.errors
        names = [name for name, _ in event.property_items(recursive=False)][1:-1]  # without BEGIN/END
        assert len(names) == len(set(names)), f"a property twice in one event: {names}"
        events.append(dict(event))
    return calendar, events


def text(prop: object) -> str:
    """A calendar's name as a client reads it (RFC 5545 §3.3.11): icalendar's parser does not know
    NAME and X-WR-CALNAME as TEXT and leaves their escapes in."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), str(prop))


def test_escaping_and_folding_round_trip():
    nasty = "Санитарный день; уборка, ремонт\\окна\nи ещё " + "ё" * 60
    feed = render([Event("x@test", date(2026, 12, 1), date(2026, 12, 2), nasty)], name="A, B; C", lang="ru",
                  stamp=datetime(2026, 11, 30, 7, 0, tzinfo=timezone.utc))
    lines = content_lines(feed)
    assert "X-WR-CALNAME:A\\, B\\; C" in lines  # escaped, so no client cuts the name at the comma
    assert "NAME;LANGUAGE=ru:A\\, B\\; C" in lines
    assert len(feed.split(CRLF)) > len(lines) + 1  # the long summary was folded
    calendar, events = parse(feed)
    assert text(calendar["X-WR-CALNAME"]) == "A, B; C"
    assert text(calendar["NAME"]) == "A, B; C"
    assert str(events[0]["SUMMARY"]) == nasty
    assert events[0]["SUMMARY"].params == {"LANGUAGE": "ru"}
    assert events[0]["DTSTART"].params == {"VALUE": "DATE"}
    assert events[0]["DTSTART"].dt == date(2026, 12, 1)
    assert events[0]["DTEND"].dt == date(2026, 12, 3)  # the day after the last day
    assert "DTSTART;VALUE=DATE:20261201" in lines and "DTEND;VALUE=DATE:20261203" in lines
    assert "DTSTAMP:20261130T070000Z" in lines
    assert str(events[0]["TRANSP"]) == "TRANSPARENT"


def test_the_stamp_is_written_in_utc_whatever_the_zone_given():
    minsk = timezone(timedelta(hours=3))
    feed = render([Event("x@test", date(2026, 12, 1), date(2026, 12, 1), "x")], name="n", lang="en",
                  stamp=datetime(2026, 11, 30, 10, 0, tzinfo=minsk))
    assert "DTSTAMP:20261130T070000Z" in content_lines(feed)


def test_the_feed_has_holidays_of_this_year_and_next_and_the_office_closures(client, at, edit_office):
    at(MONDAY_MORNING)
    edit_office(closures=(Closure(date(2026, 12, 1), date(2026, 12, 2),
                                  {"ru": "санитарный день", "be": "санітарны дзень"}),),
                extra_workdays=(ExtraWorkday(date(2026, 12, 5)),))
    response = client.get("/calendar.ics?lang=be")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert response.headers["Content-Language"] == "be"
    calendar, events = parse(response.get_data(as_text=True))
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]).startswith("-//hotline//")
    assert str(calendar["METHOD"]) == "PUBLISH"
    by_uid = {str(e["UID"]): e for e in events}
    assert len(by_uid) == len(events)  # UIDs are unique
    assert all(uid.endswith("@hotline.test") for uid in by_uid)
    assert all(set(e) >= {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"} for e in events)
    new_year = by_uid["holiday-20260101@hotline.test"]
    assert str(new_year["SUMMARY"]) == "Новы год"
    assert "holiday-20271225@hotline.test" in by_uid
    assert not any(uid.startswith("holiday-2028") or uid.startswith("holiday-2025") for uid in by_uid)
    closure = by_uid["closure-20261201-20261202@hotline.test"]
    assert str(closure["SUMMARY"]) == "Прыёмная зачынена: санітарны дзень"
    assert (closure["DTSTART"].dt, closure["DTEND"].dt) == (date(2026, 12, 1), date(2026, 12, 3))
    assert str(by_uid["workday-20260425@hotline.test"]["SUMMARY"]) == "Працоўны дзень, 08:30–17:30"
    assert "workday-20261205@hotline.test" in by_uid
    # In order of their days; sessions of receptions (timed, issue 18) among the all-day events.
    days = [getattr(e["DTSTART"].dt, "date", lambda e=e: e["DTSTART"].dt)() for e in events]
    assert days == sorted(days)


@pytest.mark.parametrize("lang, name", [("ru", "Новый год"), ("be", "Новы год"), ("en", "New Year's Day")])
def test_summaries_in_the_requested_language(client, at, lang, name):
    at(MONDAY_MORNING)
    _, events = parse(client.get(f"/calendar.ics?lang={lang}").get_data(as_text=True))
    assert str(events[0]["SUMMARY"]) == name
    assert events[0]["SUMMARY"].params == {"LANGUAGE": lang}


def test_language_from_the_browser_and_unknown_ones_refused(client, at):
    at(MONDAY_MORNING)
    negotiated = client.get("/calendar.ics", headers={"Accept-Language": "en-US"})
    assert negotiated.headers["Content-Language"] == "en"
    assert "Accept-Language" in negotiated.headers["Vary"]
    assert client.get("/calendar.ics").headers["Content-Language"] == "ru"
    assert client.get("/calendar.ics?lang=de").status_code == 404


def test_the_feed_is_stable_within_a_revision(client, at, edit_office):
    at(MONDAY_MORNING)
    first = client.get("/calendar.ics?lang=ru")
    at("2026-11-30 15:00")
    assert client.get("/calendar.ics?lang=ru").data == first.data  # same DTSTAMP, same ETag
    assert client.get("/calendar.ics?lang=ru", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    edit_office(closures=(Closure(date(2026, 12, 31), date(2026, 12, 31), {"ru": "инвентаризация"}),))
    changed = client.get("/calendar.ics?lang=ru")
    assert changed.headers["ETag"] != first.headers["ETag"]
    _, events = parse(changed.get_data(as_text=True))
    assert "Приёмная закрыта: инвентаризация" in [str(e["SUMMARY"]) for e in events]


@pytest.mark.parametrize("lang, eve, single", [
    ("ru", "Предпраздничный день, 08:30–16:30", "Другие часы работы, 08:30–15:00"),
    ("be", "Перадсвяточны дзень, 08:30–16:30", "Іншыя гадзіны працы, 08:30–15:00"),
    ("en", "Day before a public holiday, 08:30–16:30", "Other hours, 08:30–15:00"),
])
def test_a_shorter_pre_holiday_day_and_a_single_dates_hours_are_events(client, at, edit_office, lang, eve, single):
    at(MONDAY_MORNING)
    short = DayHours(time(8, 30), time(15, 0), time(12, 0), time(12, 30))
    edit_office(special_dates=(SpecialDate(date(2026, 12, 11), short, services=("reception",)),))
    _, events = parse(client.get(f"/calendar.ics?lang={lang}").get_data(as_text=True))
    by_uid = {str(e["UID"]): e for e in events}
    new_years_eve = by_uid["hours-20261231@hotline.test"]  # Thursday, before 1 January: an hour shorter
    assert str(new_years_eve["SUMMARY"]) == eve
    assert (new_years_eve["DTSTART"].dt, new_years_eve["DTEND"].dt) == (date(2026, 12, 31), date(2027, 1, 1))
    assert str(by_uid["hours-20261211@hotline.test"]["SUMMARY"]) == single
    assert "hours-20270106@hotline.test" in by_uid  # before Orthodox Christmas, next year


def test_without_the_pre_holiday_rule_the_eve_is_an_ordinary_day(client, at, edit_office):
    at(MONDAY_MORNING)
    edit_office(pre_holiday=PRE_HOLIDAY_OFF)
    _, events = parse(client.get("/calendar.ics?lang=ru").get_data(as_text=True))
    assert not any(str(e["UID"]).startswith("hours-") for e in events)
