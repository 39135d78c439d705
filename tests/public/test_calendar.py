"""/calendar.ics: RFC 5545 by hand, checked by reading it back with a small strict parser."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone

import pytest

from ivr.public.ical import CRLF, Event, escape_text, fold, render
from ivr.schedule import Closure, ExtraWorkday

MONDAY_MORNING = "2026-11-30 10:00"


def unfold(text: str) -> list[str]:
    """Content lines (RFC 5545 §3.1): CRLF ends every line, CRLF + one space continues one."""
    assert text.endswith(CRLF)
    assert "\n" not in text.replace(CRLF, ""), "bare LF"
    assert "\r" not in text.replace(CRLF, ""), "bare CR"
    for physical in text.split(CRLF)[:-1]:
        assert len(physical.encode("utf-8")) <= 75, physical
    return re.sub(r"\r\n[ \t]", "", text).split(CRLF)[:-1]


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def parse(text: str) -> tuple[dict[str, str], list[dict[str, tuple[dict[str, str], str]]]]:
    """(calendar properties, events as {name: (params, value)}); fails on anything unbalanced."""
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    calendar: dict[str, str] = {}
    events: list[dict[str, tuple[dict[str, str], str]]] = []
    current: dict[str, tuple[dict[str, str], str]] | None = None
    for line in lines[1:-1]:
        head, _, value = line.partition(":")
        name, *raw_params = head.split(";")
        params = dict(p.split("=", 1) for p in raw_params)
        if line == "BEGIN:VEVENT":
            assert current is None
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            events.append(current)
            current = None
        elif current is not None:
            assert name not in current, f"{name} twice in one event"
            current[name] = (params, value)
        else:
            calendar[name] = value
    assert current is None
    return calendar, events


def test_escaping_and_folding_round_trip():
    nasty = "Санитарный день; уборка, ремонт\\окна\nи ещё " + "ё" * 60
    text = render([Event("x@test", date(2026, 12, 1), date(2026, 12, 2), nasty)], name="A, B; C", lang="ru",
                  stamp=datetime(2026, 11, 30, 7, 0, tzinfo=timezone.utc))
    calendar, events = parse(text)
    assert unescape(calendar["X-WR-CALNAME"]) == "A, B; C"
    assert unescape(events[0]["SUMMARY"][1]) == nasty
    assert events[0]["SUMMARY"][0] == {"LANGUAGE": "ru"}
    assert events[0]["DTSTART"] == ({"VALUE": "DATE"}, "20261201")
    assert events[0]["DTEND"] == ({"VALUE": "DATE"}, "20261203")  # the day after the last day
    assert events[0]["DTSTAMP"][1] == "20261130T070000Z"


def test_fold_never_splits_a_character():
    line = "SUMMARY:" + "ў" * 100 + "€" * 40
    folded = fold(line)
    pieces = folded.split(CRLF)
    assert all(len(p.encode("utf-8")) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(pieces)) == line
    assert fold("short") == "short"


def test_escape_text():
    assert escape_text("a,b;c\\d\r\ne\nf") == "a\\,b\\;c\\\\d\\ne\\nf"


def test_the_feed_has_holidays_of_this_year_and_next_and_the_office_closures(client, at, edit_office):
    at(MONDAY_MORNING)
    edit_office(closures=(Closure(date(2026, 12, 1), date(2026, 12, 2), {"ru": "санитарный день", "be": "санітарны дзень"}),),
                extra_workdays=(ExtraWorkday(date(2026, 12, 5)),))
    response = client.get("/calendar.ics?lang=be")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert response.headers["Content-Language"] == "be"
    calendar, events = parse(response.get_data(as_text=True))
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"].startswith("-//hotline//")
    assert calendar["METHOD"] == "PUBLISH"
    by_uid = {e["UID"][1]: e for e in events}
    assert len(by_uid) == len(events)  # UIDs are unique
    assert all(uid.endswith("@hotline.test") for uid in by_uid)
    assert all(set(e) >= {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"} for e in events)
    new_year = by_uid["holiday-20260101@hotline.test"]
    assert unescape(new_year["SUMMARY"][1]) == "Новы год"
    assert "holiday-20271225@hotline.test" in by_uid
    assert not any(uid.startswith("holiday-2028") or uid.startswith("holiday-2025") for uid in by_uid)
    closure = by_uid["closure-20261201-20261202@hotline.test"]
    assert unescape(closure["SUMMARY"][1]) == "Прыёмная зачынена: санітарны дзень"
    assert (closure["DTSTART"][1], closure["DTEND"][1]) == ("20261201", "20261203")
    assert unescape(by_uid["workday-20260425@hotline.test"]["SUMMARY"][1]) == "Працоўны дзень, 08:30–17:30"
    assert "workday-20261205@hotline.test" in by_uid
    starts = [e["DTSTART"][1] for e in events]
    assert starts == sorted(starts)


@pytest.mark.parametrize("lang, name", [("ru", "Новый год"), ("be", "Новы год"), ("en", "New Year's Day")])
def test_summaries_in_the_requested_language(client, at, lang, name):
    at(MONDAY_MORNING)
    _, events = parse(client.get(f"/calendar.ics?lang={lang}").get_data(as_text=True))
    assert unescape(events[0]["SUMMARY"][1]) == name
    assert events[0]["SUMMARY"][0] == {"LANGUAGE": lang}


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
    assert "Приёмная закрыта: инвентаризация" in [unescape(e["SUMMARY"][1]) for e in events]
