"""The public page's building blocks as plain functions."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from ivr.content.demo import DEMO_OFFICE
from ivr.content.office import office_from_dict
from ivr.public.cache import RenderCache
from ivr.public.facts import e164, special_days, utc_offset


@pytest.mark.parametrize(
    "written, expected",
    [
        ("+375 (1719) 28-2-60", "+375171928260"),
        ("+375 29 123-45-67", "+375291234567"),
        ("8 (01719) 2-82-60", "+375171928260"),
        ("375171928260", "+375171928260"),
        ("28-2-60", "28260"),
        ("нет", ""),
    ],
)
def test_e164(written, expected):
    assert e164(written) == expected


def test_utc_offset():
    assert utc_offset(datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=3)))) == "UTC+3"
    assert utc_offset(datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=5, minutes=30)))) == "UTC+5:30"
    assert utc_offset(datetime(2026, 1, 1, tzinfo=timezone.utc)) == "UTC"


def test_special_days_merge_runs_and_keep_order():
    office = office_from_dict(DEMO_OFFICE)
    days = special_days(office, office.calendar(), date(2026, 12, 20), "en")
    assert [(d.kind, d.start, d.end, d.name) for d in days] == [
        ("holiday", date(2026, 12, 25), date(2026, 12, 25), "Catholic Christmas Day"),
        ("holiday", date(2027, 1, 1), date(2027, 1, 2), "New Year's Day"),
        ("holiday", date(2027, 1, 7), date(2027, 1, 7), "Orthodox Christmas Day"),
    ]
    assert days[1].dates("en") == "1 January 2027\u2009\u2013\u20092 January 2027"
    assert days[0].dates("ru") == "Пятница, 25 декабря 2026"


def test_render_cache_is_bounded_and_builds_once():
    cache = RenderCache(size=2)
    built: list[str] = []

    def build(name: str):
        return lambda: built.append(name) or name.encode()

    assert cache.get("a", build("a")).body == b"a"
    assert cache.get("a", build("a")).body == b"a"
    cache.get("b", build("b"))
    cache.get("c", build("c"))  # "a" is the least recently used: out
    cache.get("a", build("a"))
    assert built == ["a", "b", "c", "a"]
    assert len(cache.entries) == 2
    assert cache.get("a", build("x")).etag == cache.get("a", build("y")).etag
