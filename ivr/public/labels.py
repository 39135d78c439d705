"""The public page's own words (headings, labels), and dates and times in digits, per language.

What the office *says* (open-now sentence, names, addresses, headlines) comes from the call flow and
the office document; this module only holds the page's furniture, in one place for a native speaker
to review, and the written (not spoken) forms of dates and times.
"""
from __future__ import annotations

from datetime import date, time
from typing import Mapping

from ivr import phrases
from ivr.languages import LANGUAGES

LANGUAGE_NAMES: Mapping[str, str] = {language.code: language.name for language in LANGUAGES}




def labels(lang: str) -> Mapping[str, str]:
    """Every word of the page in ``lang`` (kept in the language's phrases module)."""
    return phrases.language_module(lang).PAGE_LABELS


def label(lang: str, key: str, **values: str) -> str:
    """The page's word for ``key`` in ``lang``, with placeholders filled."""
    text = labels(lang)[key]
    return text.format(**values) if values else text


def clock(t: time) -> str:
    """A time as written on a sign: 08:30."""
    return t.strftime("%H:%M")


def clock_range(start: time, end: time) -> str:
    """08:30–17:30 (an en dash, no spaces)."""
    return f"{clock(start)}\u2013{clock(end)}"


def weekday(day: int, lang: str) -> str:
    """Monday / Понедельник / Панядзелак (capitalised)."""
    name = phrases.weekday_name(day, lang, "nom")
    return name[:1].upper() + name[1:]


def long_date(d: date, lang: str) -> str:
    """30 ноября 2026 / 30 лістапада 2026 / 30 November 2026."""
    return f"{d.day} {phrases.language_module(lang).WRITTEN_MONTHS[d.month - 1]} {d.year}"


def day_and_date(d: date, lang: str) -> str:
    """Понедельник, 30 ноября 2026."""
    return f"{weekday(d.weekday(), lang)}, {long_date(d, lang)}"
