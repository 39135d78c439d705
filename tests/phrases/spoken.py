"""What the hotline can say in a language, for the stress tests: the synthesis catalogue (every
sentence of the call's paths, walked over the coming days) and the generated phrases for every
time, weekday, month, date, count and number a sentence can hold."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Iterator

from flask import Flask

from ivr import phrases
from ivr.content.store import current_office
from ivr.callflow.catalogue import catalogue
from ivr.content.office import Office
from tests.conftest import MINSK

# A weekday lunch hour and a holiday evening: open and closed, lunch, the new year's closures.
MOMENTS = (datetime(2026, 11, 30, 13, 30, tzinfo=MINSK), datetime(2026, 12, 31, 20, 0, tzinfo=MINSK))


def catalogue_texts(app: Flask, lang: str) -> tuple[Office, set[str]]:
    """The office and every sentence in ``lang`` of the synthesis catalogue at ``MOMENTS``."""
    with app.test_request_context():
        office = current_office().office
    texts: set[str] = set()
    for moment in MOMENTS:
        texts |= {s.text for s in catalogue(office, ("ru", "be", "en"), moment, sms_available=True) if s.lang == lang}
    return office, texts


def generated_texts(lang: str) -> Iterator[str]:
    """Every generated phrase kind over its whole range: times, weekdays, dates, numbers, counts."""
    for hour in range(24):
        for minute in range(0, 60, 5):
            t = time(hour, minute)
            yield phrases.at_time(t, lang)
            yield phrases.time_range(t, time((hour + 1) % 24, 0), lang)
    for day in range(7):
        for form in ("nom", "on", "from", "to"):
            yield phrases.weekday_name(day, lang, form)
        yield phrases.weekday_range(day, 6, lang)
    today = date(2026, 1, 1)
    for offset in range(366):
        d = today + timedelta(days=offset)
        yield phrases.date_words(d, lang, today)
        yield phrases.on_date(d, lang, today)
    for n in list(range(0, 101)) + [200, 300, 400, 500, 600, 700, 800, 900, 1000]:
        yield phrases.number(n, lang)
    for n in range(1, 13):
        for i in range(1, n + 1):
            yield phrases.count_of(i, n, lang)
            yield phrases.item_of("headline", i, n, lang)
    yield phrases.digits("0123456789", lang)
