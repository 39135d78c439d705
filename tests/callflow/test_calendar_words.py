"""Issue 16, item 7: the right words about the calendar — a moved day off is a «нерабочий день»
with the Saturday worked instead, a working Saturday says so, holiday names have no brackets."""
from __future__ import annotations

import pytest

LANG_KEY = {"ru": "1", "be": "2", "en": "3"}


def hours_answer(at, caller, moment: str, lang: str):
    at(moment)
    call = caller()
    call.start()
    call.press(LANG_KEY[lang])
    return call.press("1")


@pytest.mark.parametrize(
    "lang, sentence",
    [
        ("ru", "Сегодня нерабочий день, вместо него приёмная работает в субботу, двадцать пятого апреля; "
               "она откроется в среду в восемь тридцать."),
        ("be", "Сёння непрацоўны дзень, замест яго прыёмная працуе ў суботу, дваццаць пятага красавіка; "
               "яна адчыніцца ў сераду а восьмай трыццаць."),
        ("en", "Today is a non-working day, the office works on Saturday, April twenty-fifth instead; "
               "it opens on Wednesday at eight thirty a.m."),
    ],
)
def test_a_moved_day_off_is_a_non_working_day_with_the_saturday_worked_instead(at, caller, lang, sentence):
    page = hours_answer(at, caller, "2026-04-20 10:00", lang)
    assert sentence in page.texts
    assert "Выходной" not in page.spoken and "перенесено" not in page.spoken and "праздничный" not in page.spoken


@pytest.mark.parametrize(
    "lang, sentence",
    [
        ("ru", "Сегодня, в субботу, рабочий день. Открыто до тринадцати часов."),
        ("be", "Сёння, у суботу, працоўны дзень. Адчынена да трынаццатай гадзіны."),
        ("en", "Today, on Saturday, is a working day. The office is open until one p.m."),
    ],
)
def test_a_working_saturday_says_so(at, caller, lang, sentence):
    page = hours_answer(at, caller, "2026-04-25 10:00", lang)
    assert any(text.startswith(sentence) for text in page.texts), page.texts


@pytest.mark.parametrize(
    "moment, lang, name",
    [
        ("2026-07-03 10:00", "ru", "Сегодня праздник, День Независимости Республики Беларусь, День Республики;"),
        ("2026-01-07 10:00", "be", "Сёння свята, Нараджэнне Хрыстова, праваслаўнае Раство;"),
        ("2026-04-21 10:00", "en", "Today is a public holiday, Radunitsa, Day of Rejoicing;"),
    ],
)
def test_holiday_names_are_spoken_without_brackets(at, caller, moment, lang, name):
    page = hours_answer(at, caller, moment, lang)
    assert any(text.startswith(name) for text in page.texts), page.texts
    assert "(" not in page.spoken and ")" not in page.spoken


def test_two_holidays_on_one_day_are_joined_with_and(at, caller):
    page = hours_answer(at, caller, "2025-04-20 10:00", "ru")
    assert any(t.startswith("Сегодня праздник, Католическая Пасха и Православная Пасха;") for t in page.texts)
