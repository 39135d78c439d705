"""The public page's own words (headings, labels), and dates and times in digits, per language.

What the office *says* (open-now sentence, names, addresses, headlines) comes from the call flow and
the office document; this module only holds the page's furniture, in one place for a native speaker
to review, and the written (not spoken) forms of dates and times.
"""
from __future__ import annotations

from datetime import date, time
from typing import Mapping

from ivr import phrases
from ivr.phrases import be, en, ru

LANGUAGE_NAMES: Mapping[str, str] = {"ru": "Русский", "be": "Беларуская", "en": "English"}

LABELS: Mapping[str, Mapping[str, str]] = {
    "ru": {
        "title_suffix": "часы работы, телефоны, новости",
        "skip": "Перейти к основному содержанию",
        "language_nav": "Язык страницы",
        "now": "Работает ли приёмная сейчас?",
        "state.open": "Открыто",
        "state.lunch": "Обеденный перерыв",
        "state.closed": "Закрыто",
        "until": "до {time}",
        "opens": "откроется {when} в {time}",
        "today": "сегодня",
        "tomorrow": "завтра",
        "as_of": "По состоянию на {date}, {time} ({zone}).",
        "hours": "Часы работы",
        "hours_caption": "Часы работы приёмной по дням недели",
        "col_days": "Дни",
        "col_hours": "Время работы",
        "lunch": "перерыв",
        "day_off": "выходной",
        "special": "Праздники и особые дни",
        "special_intro": "Ближайшие дни, когда приёмная работает не как обычно:",
        "kind.holiday": "праздник, приёмная закрыта",
        "kind.closure": "приёмная закрыта",
        "kind.workday": "рабочий день",
        "workday_hours": "рабочий день, {range}",
        "calendar_link": "Календарь праздников и закрытий (iCalendar)",
        "contacts": "Адрес и телефоны",
        "address": "Адрес",
        "hotline": "Горячая линия",
        "phones": "Телефоны приёмной",
        "news": "Новости",
        "no_news": "Сейчас новостей нет.",
        "published": "Опубликовано",
        "data_link": "Те же сведения в формате JSON",
        "footer_note": "Всё это можно услышать и по телефону горячей линии:",
    },
    "be": {
        "title_suffix": "час працы, тэлефоны, навіны",
        "skip": "Перайсці да асноўнага зместу",
        "language_nav": "Мова старонкі",
        "now": "Ці працуе прыёмная зараз?",
        "state.open": "Адчынена",
        "state.lunch": "Абедзенны перапынак",
        "state.closed": "Зачынена",
        "until": "да {time}",
        "opens": "адчыніцца {when} а {time}",
        "today": "сёння",
        "tomorrow": "заўтра",
        "as_of": "Па стане на {date}, {time} ({zone}).",
        "hours": "Час працы",
        "hours_caption": "Час працы прыёмнай па днях тыдня",
        "col_days": "Дні",
        "col_hours": "Час працы",
        "lunch": "перапынак",
        "day_off": "выхадны",
        "special": "Святы і асаблівыя дні",
        "special_intro": "Бліжэйшыя дні, калі прыёмная працуе не як звычайна:",
        "kind.holiday": "свята, прыёмная зачынена",
        "kind.closure": "прыёмная зачынена",
        "kind.workday": "працоўны дзень",
        "workday_hours": "працоўны дзень, {range}",
        "calendar_link": "Каляндар святаў і дзён, калі прыёмная зачынена (iCalendar)",
        "contacts": "Адрас і тэлефоны",
        "address": "Адрас",
        "hotline": "Гарачая лінія",
        "phones": "Тэлефоны прыёмнай",
        "news": "Навіны",
        "no_news": "Зараз навін няма.",
        "published": "Апублікавана",
        "data_link": "Тыя ж звесткі ў фармаце JSON",
        "footer_note": "Усё гэта можна пачуць і па тэлефоне гарачай лініі:",
    },
    "en": {
        "title_suffix": "opening hours, phone numbers, news",
        "skip": "Skip to main content",
        "language_nav": "Page language",
        "now": "Is the office open now?",
        "state.open": "Open",
        "state.lunch": "Lunch break",
        "state.closed": "Closed",
        "until": "until {time}",
        "opens": "opens {when} at {time}",
        "today": "today",
        "tomorrow": "tomorrow",
        "as_of": "As of {date}, {time} ({zone}).",
        "hours": "Opening hours",
        "hours_caption": "The office's opening hours by day of the week",
        "col_days": "Days",
        "col_hours": "Hours",
        "lunch": "lunch break",
        "day_off": "closed",
        "special": "Public holidays and special days",
        "special_intro": "The next days when the office keeps other hours than usual:",
        "kind.holiday": "public holiday, the office is closed",
        "kind.closure": "the office is closed",
        "kind.workday": "working day",
        "workday_hours": "working day, {range}",
        "calendar_link": "Calendar of public holidays and closures (iCalendar)",
        "contacts": "Address and phone numbers",
        "address": "Address",
        "hotline": "Hot line",
        "phones": "Office phone numbers",
        "news": "News",
        "no_news": "There is no news at the moment.",
        "published": "Published",
        "data_link": "The same facts as JSON",
        "footer_note": "You can also hear all of this by calling the hot line:",
    },
}

_MONTHS: Mapping[str, tuple[str, ...]] = {"ru": ru.MONTHS_GENITIVE, "be": be.MONTHS_GENITIVE, "en": en.MONTHS}


def label(lang: str, key: str, **values: str) -> str:
    """The page's word for ``key`` in ``lang``, with placeholders filled."""
    text = LABELS[lang][key]
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
    return f"{d.day} {_MONTHS[lang][d.month - 1]} {d.year}"


def day_and_date(d: date, lang: str) -> str:
    """Понедельник, 30 ноября 2026."""
    return f"{weekday(d.weekday(), lang)}, {long_date(d, lang)}"
