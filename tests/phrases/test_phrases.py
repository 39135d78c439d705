"""Expected sentences for ivr.phrases, per function and language.

Each table is what a native speaker should read and approve: the left column is the input, the
right column the exact words the voice will say.
"""
from __future__ import annotations

from datetime import date, time

import pytest

from ivr import phrases
from ivr.phrases.pronunciation import apply_pronunciations, words_affected

T = time
TODAY = date(2025, 11, 26)  # a Wednesday


def rows(table: dict[str, list[tuple]]) -> list:
    """Flatten {lang: [(input..., expected)]} into pytest params with readable ids."""
    params = []
    for lang, entries in table.items():
        for entry in entries:
            *args, expected = entry
            params.append(pytest.param(lang, *args, expected, id=f"{lang}-{'-'.join(map(str, args))}"))
    return params


# --------------------------------------------------------------------------------------------
# Times
# --------------------------------------------------------------------------------------------
TIME_RANGE = {
    "ru": [
        (T(8, 30), T(17, 30), "с восьми тридцати до семнадцати тридцати"),
        (T(13), T(14), "с тринадцати до четырнадцати"),
        (T(13, 5), T(14), "с тринадцати ноль пяти до четырнадцати"),
        (T(9), T(12), "с девяти до двенадцати"),
        (T(8), T(21, 45), "с восьми до двадцати одного сорока пяти"),
        (T(0), T(8), "с полуночи до восьми"),
        (T(22), T(0), "с двадцати двух до полуночи"),
        (T(7, 1), T(7, 22), "с семи ноль одной до семи двадцати двух"),
    ],
    "be": [
        (T(8, 30), T(17, 30), "з васьмі трыццаці да сямнаццаці трыццаці"),
        (T(13), T(14), "з трынаццаці да чатырнаццаці"),
        (T(13, 5), T(14), "з трынаццаці нуль пяці да чатырнаццаці"),
        (T(9), T(12), "з дзевяці да дванаццаці"),
        (T(8), T(21, 45), "з васьмі да дваццаці аднаго сарака пяці"),
        (T(0), T(8), "з поўначы да васьмі"),
        (T(22), T(0), "з дваццаці двух да поўначы"),
        (T(7, 1), T(7, 22), "з сямі нуль адной да сямі дваццаці дзвюх"),
        (T(15), T(16, 50), "з пятнаццаці да шаснаццаці пяцідзесяці"),
    ],
    "en": [
        (T(8, 30), T(17, 30), "from eight thirty a.m. to five thirty p.m."),
        (T(13), T(14), "from one p.m. to two p.m."),
        (T(8, 5), T(13, 5), "from eight oh five a.m. to one oh five p.m."),
        (T(9), T(12), "from nine a.m. to noon"),
        (T(12, 30), T(21, 45), "from twelve thirty p.m. to nine forty-five p.m."),
        (T(0), T(8), "from midnight to eight a.m."),
        (T(22), T(0), "from ten p.m. to midnight"),
    ],
}


@pytest.mark.parametrize("lang, start, end, expected", rows(TIME_RANGE))
def test_time_range(lang: str, start: time, end: time, expected: str) -> None:
    assert phrases.time_range(start, end, lang) == expected


AT_TIME = {
    "ru": [
        (T(0), "в полночь"),
        (T(0, 30), "в ноль тридцать"),
        (T(1), "в час"),
        (T(2), "в два часа"),
        (T(8, 30), "в восемь тридцать"),
        (T(8, 1), "в восемь ноль одна"),
        (T(9), "в девять часов"),
        (T(12), "в двенадцать часов"),
        (T(13), "в тринадцать часов"),
        (T(13, 5), "в тринадцать ноль пять"),
        (T(14), "в четырнадцать часов"),
        (T(17, 30), "в семнадцать тридцать"),
        (T(21), "в двадцать один час"),
        (T(21, 45), "в двадцать один сорок пять"),
        (T(22), "в двадцать два часа"),
        (T(23, 22), "в двадцать три двадцать две"),
    ],
    "be": [
        (T(0), "апоўначы"),
        (T(0, 30), "у нуль трыццаць"),
        (T(1), "а першай гадзіне"),
        (T(2), "а другой гадзіне"),
        (T(3), "а трэцяй гадзіне"),
        (T(8, 30), "а восьмай трыццаць"),
        (T(8, 1), "а восьмай нуль адна"),
        (T(9), "а дзявятай гадзіне"),
        (T(11), "аб адзінаццатай гадзіне"),
        (T(11, 15), "аб адзінаццатай пятнаццаць"),
        (T(12), "а дванаццатай гадзіне"),
        (T(13), "а трынаццатай гадзіне"),
        (T(13, 5), "а трынаццатай нуль пяць"),
        (T(14), "а чатырнаццатай гадзіне"),
        (T(17, 30), "а сямнаццатай трыццаць"),
        (T(20), "а дваццатай гадзіне"),
        (T(21, 45), "а дваццаць першай сорак пяць"),
        (T(22), "а дваццаць другой гадзіне"),
        (T(23, 22), "а дваццаць трэцяй дваццаць дзве"),
    ],
    "en": [
        (T(0), "at midnight"),
        (T(0, 30), "at twelve thirty a.m."),
        (T(8, 30), "at eight thirty a.m."),
        (T(8, 5), "at eight oh five a.m."),
        (T(9), "at nine a.m."),
        (T(12), "at noon"),
        (T(12, 15), "at twelve fifteen p.m."),
        (T(13), "at one p.m."),
        (T(13, 5), "at one oh five p.m."),
        (T(14), "at two p.m."),
        (T(17, 30), "at five thirty p.m."),
        (T(21, 45), "at nine forty-five p.m."),
    ],
}


@pytest.mark.parametrize("lang, t, expected", rows(AT_TIME))
def test_at_time(lang: str, t: time, expected: str) -> None:
    assert phrases.at_time(t, lang) == expected


# --------------------------------------------------------------------------------------------
# Weekdays
# --------------------------------------------------------------------------------------------
WEEKDAYS = {
    "ru": [
        (0, "понедельник", "в понедельник", "с понедельника", "по понедельник"),
        (1, "вторник", "во вторник", "со вторника", "по вторник"),
        (2, "среда", "в среду", "со среды", "по среду"),
        (3, "четверг", "в четверг", "с четверга", "по четверг"),
        (4, "пятница", "в пятницу", "с пятницы", "по пятницу"),
        (5, "суббота", "в субботу", "с субботы", "по субботу"),
        (6, "воскресенье", "в воскресенье", "с воскресенья", "по воскресенье"),
    ],
    "be": [
        (0, "панядзелак", "у панядзелак", "з панядзелка", "па панядзелак"),
        (1, "аўторак", "у аўторак", "з аўторка", "па аўторак"),
        (2, "серада", "у сераду", "з серады", "па сераду"),
        (3, "чацвер", "у чацвер", "з чацвярга", "па чацвер"),
        (4, "пятніца", "у пятніцу", "з пятніцы", "па пятніцу"),
        (5, "субота", "у суботу", "з суботы", "па суботу"),
        (6, "нядзеля", "у нядзелю", "з нядзелі", "па нядзелю"),
    ],
    "en": [
        (0, "Monday", "on Monday", "Monday", "Monday"),
        (1, "Tuesday", "on Tuesday", "Tuesday", "Tuesday"),
        (2, "Wednesday", "on Wednesday", "Wednesday", "Wednesday"),
        (3, "Thursday", "on Thursday", "Thursday", "Thursday"),
        (4, "Friday", "on Friday", "Friday", "Friday"),
        (5, "Saturday", "on Saturday", "Saturday", "Saturday"),
        (6, "Sunday", "on Sunday", "Sunday", "Sunday"),
    ],
}
WEEKDAY_ROWS = [
    pytest.param(lang, day, form, words, id=f"{lang}-{day}-{form}")
    for lang, table in WEEKDAYS.items()
    for day, *forms in table
    for form, words in zip(("nom", "on", "from", "to"), forms)
]


@pytest.mark.parametrize("lang, weekday, form, expected", WEEKDAY_ROWS)
def test_weekday_name(lang: str, weekday: int, form: str, expected: str) -> None:
    assert phrases.weekday_name(weekday, lang, form) == expected


def test_weekday_name_default_form_is_nominative() -> None:
    assert phrases.weekday_name(2, "ru") == "среда"


WEEKDAY_RANGE = {
    "ru": [
        (0, 4, "с понедельника по пятницу"),
        (1, 5, "со вторника по субботу"),
        (2, 3, "со среды по четверг"),
        (5, 6, "с субботы по воскресенье"),
        (5, 5, "в субботу"),
        (1, 1, "во вторник"),
    ],
    "be": [
        (0, 4, "з панядзелка па пятніцу"),
        (1, 5, "з аўторка па суботу"),
        (3, 6, "з чацвярга па нядзелю"),
        (5, 5, "у суботу"),
    ],
    "en": [
        (0, 4, "Monday to Friday"),
        (1, 5, "Tuesday to Saturday"),
        (5, 5, "on Saturday"),
    ],
}


@pytest.mark.parametrize("lang, first, last, expected", rows(WEEKDAY_RANGE))
def test_weekday_range(lang: str, first: int, last: int, expected: str) -> None:
    assert phrases.weekday_range(first, last, lang) == expected


WEEKDAY_LIST = {
    "ru": [((5, 6), "в субботу и в воскресенье"), ((0, 1, 4), "в понедельник, во вторник и в пятницу"), ((6,), "в воскресенье")],
    "be": [((5, 6), "у суботу і ў нядзелю"), ((0, 2, 4), "у панядзелак, у сераду і ў пятніцу")],
    "en": [((5, 6), "on Saturday and Sunday"), ((0, 2, 4), "on Monday, Wednesday and Friday")],
}


@pytest.mark.parametrize("lang, days, expected", rows(WEEKDAY_LIST))
def test_weekday_list(lang: str, days: tuple[int, ...], expected: str) -> None:
    assert phrases.weekday_list(days, lang) == expected


# --------------------------------------------------------------------------------------------
# Dates (today is Wednesday 26 November 2025)
# --------------------------------------------------------------------------------------------
DATE_WORDS = {
    "ru": [
        (date(2025, 11, 26), "сегодня"),
        (date(2025, 11, 27), "завтра"),
        (date(2025, 11, 25), "вчера"),
        (date(2025, 11, 28), "двадцать восьмое ноября"),
        (date(2025, 12, 1), "первое декабря"),
        (date(2025, 12, 2), "второе декабря"),
        (date(2025, 12, 3), "третье декабря"),
        (date(2025, 12, 23), "двадцать третье декабря"),
        (date(2025, 12, 31), "тридцать первое декабря"),
        (date(2025, 3, 8), "восьмое марта"),
        (date(2027, 11, 27), "двадцать седьмое ноября две тысячи двадцать седьмого года"),
        (date(2026, 1, 1), "первое января две тысячи двадцать шестого года"),
        (date(2000, 5, 9), "девятое мая двухтысячного года"),
    ],
    "be": [
        (date(2025, 11, 26), "сёння"),
        (date(2025, 11, 27), "заўтра"),
        (date(2025, 11, 25), "учора"),
        (date(2025, 11, 28), "дваццаць восьмае лістапада"),
        (date(2025, 12, 1), "першае снежня"),
        (date(2025, 12, 2), "другое снежня"),
        (date(2025, 12, 3), "трэцяе снежня"),
        (date(2025, 12, 23), "дваццаць трэцяе снежня"),
        (date(2025, 12, 31), "трыццаць першае снежня"),
        (date(2025, 1, 7), "сёмае студзеня"),
        (date(2025, 2, 14), "чатырнаццатае лютага"),
        (date(2025, 3, 8), "восьмае сакавіка"),
        (date(2025, 4, 9), "дзявятае красавіка"),
        (date(2025, 5, 10), "дзясятае мая"),
        (date(2025, 6, 20), "дваццатае чэрвеня"),
        (date(2025, 7, 3), "трэцяе ліпеня"),
        (date(2025, 8, 30), "трыццатае жніўня"),
        (date(2025, 9, 6), "шостае верасня"),
        (date(2025, 10, 4), "чацвёртае кастрычніка"),
        (date(2027, 11, 27), "дваццаць сёмае лістапада дзве тысячы дваццаць сёмага года"),
        (date(2026, 1, 1), "першае студзеня дзве тысячы дваццаць шостага года"),
        (date(2000, 5, 9), "дзявятае мая двухтысячнага года"),
    ],
    "en": [
        (date(2025, 11, 26), "today"),
        (date(2025, 11, 27), "tomorrow"),
        (date(2025, 11, 25), "yesterday"),
        (date(2025, 11, 28), "November twenty-eighth"),
        (date(2025, 12, 1), "December first"),
        (date(2025, 12, 2), "December second"),
        (date(2025, 12, 3), "December third"),
        (date(2025, 12, 23), "December twenty-third"),
        (date(2025, 12, 31), "December thirty-first"),
        (date(2027, 11, 27), "November twenty-seventh, twenty twenty-seven"),
        (date(2026, 1, 1), "January first, twenty twenty-six"),
    ],
}


@pytest.mark.parametrize("lang, d, expected", rows(DATE_WORDS))
def test_date_words(lang: str, d: date, expected: str) -> None:
    assert phrases.date_words(d, lang, today=TODAY) == expected


ON_DATE = {
    "ru": [
        (date(2025, 11, 26), "сегодня"),
        (date(2025, 11, 27), "завтра"),
        (date(2025, 11, 29), "двадцать девятого ноября"),
        (date(2025, 12, 1), "первого декабря"),
        (date(2025, 12, 3), "третьего декабря"),
        (date(2025, 12, 31), "тридцать первого декабря"),
        (date(2026, 1, 2), "второго января две тысячи двадцать шестого года"),
    ],
    "be": [
        (date(2025, 11, 26), "сёння"),
        (date(2025, 11, 27), "заўтра"),
        (date(2025, 11, 29), "дваццаць дзявятага лістапада"),
        (date(2025, 12, 1), "першага снежня"),
        (date(2025, 12, 2), "другога снежня"),
        (date(2025, 12, 3), "трэцяга снежня"),
        (date(2026, 1, 2), "другога студзеня дзве тысячы дваццаць шостага года"),
    ],
    "en": [
        (date(2025, 11, 26), "today"),
        (date(2025, 11, 27), "tomorrow"),
        (date(2025, 11, 29), "on November twenty-ninth"),
        (date(2025, 12, 1), "on December first"),
        (date(2026, 1, 2), "on January second, twenty twenty-six"),
    ],
}


@pytest.mark.parametrize("lang, d, expected", rows(ON_DATE))
def test_on_date(lang: str, d: date, expected: str) -> None:
    assert phrases.on_date(d, lang, today=TODAY) == expected


def test_relative_dates_cross_the_year() -> None:
    assert phrases.date_words(date(2026, 1, 1), "ru", today=date(2025, 12, 31)) == "завтра"
    assert phrases.on_date(date(2025, 12, 31), "be", today=date(2026, 1, 1)) == "учора"


def test_relative_dates_need_the_office_date() -> None:
    # Phrases never read the machine's clock: "today" is the office's date, passed in.
    with pytest.raises(TypeError, match="today is required"):
        phrases.date_words(date(2026, 3, 2), "en")


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------
NUMBER = {
    "ru": [
        (0, "ноль"), (1, "один"), (2, "два"), (4, "четыре"), (5, "пять"), (11, "одиннадцать"),
        (21, "двадцать один"), (22, "двадцать два"), (25, "двадцать пять"), (100, "сто"),
        (101, "сто один"), (1000, "тысяча"), (1719, "тысяча семьсот девятнадцать"),
        (2025, "две тысячи двадцать пять"), (21000, "двадцать одна тысяча"), (-5, "минус пять"),
    ],
    "be": [
        (0, "нуль"), (1, "адзін"), (2, "два"), (4, "чатыры"), (5, "пяць"), (11, "адзінаццаць"),
        (21, "дваццаць адзін"), (22, "дваццаць два"), (25, "дваццаць пяць"), (100, "сто"),
        (101, "сто адзін"), (40, "сорак"), (50, "пяцьдзясят"), (60, "шэсцьдзясят"),
        (70, "семдзесят"), (80, "восемдзесят"), (90, "дзевяноста"), (200, "дзвесце"),
        (1000, "тысяча"), (1719, "тысяча семсот дзевятнаццаць"),
        (2025, "дзве тысячы дваццаць пяць"), (5000, "пяць тысяч"), (21000, "дваццаць адна тысяча"),
        (1000000, "адзін мільён"), (-5, "мінус пяць"),
    ],
    "en": [
        (0, "zero"), (1, "one"), (2, "two"), (4, "four"), (5, "five"), (11, "eleven"),
        (21, "twenty-one"), (22, "twenty-two"), (25, "twenty-five"), (100, "one hundred"),
        (101, "one hundred and one"), (1719, "one thousand seven hundred and nineteen"),
    ],
}


@pytest.mark.parametrize("lang, n, expected", rows(NUMBER))
def test_number(lang: str, n: int, expected: str) -> None:
    assert phrases.number(n, lang) == expected


PLURAL_FORMS = {
    "ru": ("новость", "новости", "новостей"),
    "be": ("навіна", "навіны", "навін"),
    "en": ("headline", "headlines", "headlines"),
}
PLURAL = {
    "ru": [(0, "новостей"), (1, "новость"), (2, "новости"), (4, "новости"), (5, "новостей"),
           (11, "новостей"), (12, "новостей"), (21, "новость"), (22, "новости"), (25, "новостей"),
           (100, "новостей"), (101, "новость"), (111, "новостей"), (-1, "новость")],
    "be": [(0, "навін"), (1, "навіна"), (2, "навіны"), (4, "навіны"), (5, "навін"), (11, "навін"),
           (14, "навін"), (21, "навіна"), (22, "навіны"), (25, "навін"), (100, "навін"), (101, "навіна")],
    "en": [(0, "headlines"), (1, "headline"), (2, "headlines"), (21, "headlines"), (101, "headlines")],
}


@pytest.mark.parametrize("lang, n, expected", rows(PLURAL))
def test_plural(lang: str, n: int, expected: str) -> None:
    assert phrases.plural(n, PLURAL_FORMS[lang], lang) == expected


ITEM_OF = {
    "ru": [
        (1, 5, "Новость номер один из пяти"),
        (2, 2, "Новость номер два из двух"),
        (3, 4, "Новость номер три из четырёх"),
        (11, 11, "Новость номер одиннадцать из одиннадцати"),
        (1, 21, "Новость номер один из двадцати одной"),
        (5, 22, "Новость номер пять из двадцати двух"),
        (7, 25, "Новость номер семь из двадцати пяти"),
        (100, 100, "Новость номер сто из ста"),
        (1, 101, "Новость номер один из ста одной"),
    ],
    "be": [
        (1, 5, "Навіна нумар адзін з пяці"),
        (2, 2, "Навіна нумар два з дзвюх"),
        (3, 3, "Навіна нумар тры з трох"),
        (3, 4, "Навіна нумар тры з чатырох"),
        (1, 21, "Навіна нумар адзін з дваццаці адной"),
        (7, 25, "Навіна нумар сем з дваццаці пяці"),
        (5, 100, "Навіна нумар пяць са ста"),
    ],
    "en": [
        (1, 5, "Headline one of five"),
        (2, 2, "Headline two of two"),
        (21, 21, "Headline twenty-one of twenty-one"),
    ],
}


@pytest.mark.parametrize("lang, i, n, expected", rows(ITEM_OF))
def test_item_of(lang: str, i: int, n: int, expected: str) -> None:
    assert phrases.item_of("headline", i, n, lang) == expected


@pytest.mark.parametrize(
    "lang, expected",
    [("ru", "номер три из двадцати одного"), ("be", "нумар тры з дваццаці аднаго"), ("en", "three of twenty-one")],
)
def test_count_of_is_masculine(lang: str, expected: str) -> None:
    assert phrases.count_of(3, 21, lang) == expected


# --------------------------------------------------------------------------------------------
# Phone numbers, digits, postal codes
# --------------------------------------------------------------------------------------------
PHONE = {
    "ru": [
        ("+375 (1719) 28-2-60", "восемь, ноль один семь один девять, двадцать восемь, два, шестьдесят"),
        ("+375 1719 55-2-41", "восемь, ноль один семь один девять, пятьдесят пять, два, сорок один"),
        ("8 (017) 222-33-44", "восемь, ноль один семь, двести двадцать два, тридцать три, сорок четыре"),
        ("+375291234567", "восемь, ноль два девять, сто двадцать три, сорок пять, шестьдесят семь"),
        ("80291234567", "восемь, ноль два девять, сто двадцать три, сорок пять, шестьдесят семь"),
        ("2828260", "двести восемьдесят два, восемьдесят два, шестьдесят"),
        ("28260", "двести восемьдесят два, шестьдесят"),
        ("тел.: +375 (1719) 28-2-60 (приёмная)", "восемь, ноль один семь один девять, двадцать восемь, два, шестьдесят"),
        ("+375.29.101.11.01", "восемь, ноль два девять, сто один, одиннадцать, ноль один"),
    ],
    "be": [
        ("+375 (1719) 28-2-60", "восем, нуль адзін сем адзін дзевяць, дваццаць восем, два, шэсцьдзясят"),
        ("+375 1719 55-2-41", "восем, нуль адзін сем адзін дзевяць, пяцьдзясят пяць, два, сорак адзін"),
        ("8 (017) 222-33-44", "восем, нуль адзін сем, дзвесце дваццаць два, трыццаць тры, сорак чатыры"),
        ("+375291234567", "восем, нуль два дзевяць, сто дваццаць тры, сорак пяць, шэсцьдзясят сем"),
        ("тэл. +375 (1719) 28-2-60!", "восем, нуль адзін сем адзін дзевяць, дваццаць восем, два, шэсцьдзясят"),
    ],
    "en": [
        ("+375 (1719) 28-2-60", "eight, zero one seven one nine, two eight, two, six zero"),
        ("+375 1719 55-2-41", "eight, zero one seven one nine, five five, two, four one"),
        ("8 (017) 222-33-44", "eight, zero one seven, two two two, three three, four four"),
        ("+375291234567", "eight, zero two nine, one two three, four five, six seven"),
        ("phone: +375 (1719) 28-2-60 ext", "eight, zero one seven one nine, two eight, two, six zero"),
    ],
}


@pytest.mark.parametrize("lang, number, expected", rows(PHONE))
def test_phone_number(lang: str, number: str, expected: str) -> None:
    assert phrases.phone_number(number, lang) == expected


@pytest.mark.parametrize("junk", ["", "нет телефона", "+", "(--)"])
def test_phone_number_without_digits_is_an_error(junk: str) -> None:
    with pytest.raises(ValueError):
        phrases.phone_number(junk, "ru")


DIGITS = {
    "ru": [("223927", "два два три девять два семь"), ("017", "ноль один семь"), ("№ 4-5", "четыре пять")],
    "be": [("223927", "два два тры дзевяць два сем"), ("017", "нуль адзін сем")],
    "en": [("223927", "two two three nine two seven"), ("017", "zero one seven")],
}


@pytest.mark.parametrize("lang, s, expected", rows(DIGITS))
def test_digits(lang: str, s: str, expected: str) -> None:
    assert phrases.digits(s, lang) == expected


POSTAL = {
    "ru": [("223927", "двести двадцать три, девятьсот двадцать семь"), ("220 050", "двести двадцать, ноль пять ноль")],
    "be": [("223927", "дзвесце дваццаць тры, дзевяцьсот дваццаць сем"), ("222811", "дзвесце дваццаць два, восемсот адзінаццаць")],
    "en": [("223927", "two two three, nine two seven")],
}


@pytest.mark.parametrize("lang, code, expected", rows(POSTAL))
def test_postal_code(lang: str, code: str, expected: str) -> None:
    assert phrases.postal_code(code, lang) == expected


@pytest.mark.parametrize("code", ["22392", "2239270", "индекс"])
def test_postal_code_needs_six_digits(code: str) -> None:
    with pytest.raises(ValueError):
        phrases.postal_code(code, "ru")


# --------------------------------------------------------------------------------------------
# Free text
# --------------------------------------------------------------------------------------------
SPELL = {
    "ru": [
        ("Приём с 8.30 до 17.00, перерыв с 13:00 до 14:00.",
         "Приём с восьми тридцати до семнадцати ноль-ноль, перерыв с тринадцати ноль-ноль до четырнадцати ноль-ноль."),
        ("Собрание состоится 27 ноября в 15.00 в зале № 2.",
         "Собрание состоится двадцать седьмого ноября в пятнадцать ноль-ноль в зале № два."),
        ("Приём 01.12.2025 г. отменён.", "Приём первого декабря две тысячи двадцать пятого года отменён."),
        ("Срок до 31.12.2025 г. Справки по телефону.",
         "Срок до тридцать первого декабря две тысячи двадцать пятого года. Справки по телефону."),
        ("В 2025 году отремонтировано 21 здание и 1 школа.",
         "В две тысячи двадцать пятом году отремонтировано двадцать одно здание и одна школа."),
        ("Выделено 2 тысячи рублей, 22 новости, 2 дня.", "Выделено две тысячи рублей, двадцать две новости, два дня."),
        ("С 2 по 5 декабря, к 15 декабря, по 20 декабря.",
         "Со второго по пятое декабря, к пятнадцатому декабря, по двадцатое декабря."),
        ("до 5 дней, из 10 заявлений, для 1 семьи", "до пяти дней, из десяти заявлений, для одной семьи"),
        ("На 2-м этаже, 5-й кабинет, в 90-х годах, до 5-ти лет.",
         "На втором этаже, пятый кабинет, в девяностых годах, до пяти лет."),
        ("Телефон: +375 (1719) 28-2-60.",
         "Телефон: восемь, ноль один семь один девять, двадцать восемь, два, шестьдесят."),
        ("тел. 28-2-60", "телефон двадцать восемь, два, шестьдесят"),
        ("рост на 2,5 процента, 10 000 участников", "рост на две целых пять десятых процента, десять тысяч участников"),
        ("Цена 12.50 руб.", "Цена двенадцать целых пятьдесят сотых руб."),
        ("План на 2026 год.", "План на две тысячи двадцать шестой год."),
        ("COVID-19, 5G, код 007, УНП 600123456", "COVID-девятнадцать, 5G, код ноль ноль семь, УНП шесть ноль ноль один два три четыре пять шесть"),
        ("Без цифр — без изменений.", "Без цифр — без изменений."),
        ("в 5 классах, на 3 участках, о 2 случаях", "в пяти классах, на трёх участках, о двух случаях"),
        ("на 1 неделю, за 21 минуту, 2 папки, 2 мужчины, 1 гость, 1 место",
         "на одну неделю, за двадцать одну минуту, две папки, два мужчины, один гость, одно место"),
        ("во 2-м квартале, в 2-м квартале, к 2 марта, с 2 мая", "во втором квартале, во втором квартале, ко второму марта, со второго мая"),
        ("С 1 января 2026 года.", "С первого января две тысячи двадцать шестого года."),
        ("27-11-2025 и 27/11/2025", "двадцать седьмого ноября две тысячи двадцать пятого года и двадцать седьмого ноября две тысячи двадцать пятого года"),
        ("31.02.2025", "тридцать один.два.две тысячи двадцать пять"),
        ("в 2025 г. было", "в две тысячи двадцать пятом году было"),
        ("План на 2026 г.", "План на две тысячи двадцать шестой год."),
    ],
    "be": [
        ("Прыём з 8.30 да 17.00, перапынак з 13:00 да 14:00.",
         "Прыём з васьмі трыццаці да сямнаццаці нуль-нуль, перапынак з трынаццаці нуль-нуль да чатырнаццаці нуль-нуль."),
        ("Сход адбудзецца 27 лістапада а 15.00.", "Сход адбудзецца дваццаць сёмага лістапада а пятнаццатай гадзіне."),
        ("Пачатак а 11.00, заканчэнне а 12.30.", "Пачатак аб адзінаццатай гадзіне, заканчэнне а дванаццатай трыццаць."),
        ("У 2025 годзе адрамантавана 1 школа і 21 будынак.",
         "У дзве тысячы дваццаць пятым годзе адрамантавана адна школа і дваццаць адзін будынак."),
        ("З 1 па 5 снежня, да 31.12.2025 г.",
         "З першага па пятае снежня, да трыццаць першага снежня дзве тысячы дваццаць пятага года."),
        ("да 5 дзён, з 100 удзельнікаў, 2 тысячы рублёў", "да пяці дзён, са ста удзельнікаў, дзве тысячы рублёў"),
        ("На 2-м паверсе, 5-ы кабінет, 3-я школа, 1-га студзеня.",
         "На другім паверсе, пяты кабінет, трэцяя школа, першага студзеня."),
        ("Тэлефон +375 (1719) 28-2-60.",
         "Тэлефон восем, нуль адзін сем адзін дзевяць, дваццаць восем, два, шэсцьдзясят."),
        ("1 месца, 1 вобласць, 2,5 працэнта", "адно месца, адна вобласць, дзве цэлыя пяць дзясятых працэнта"),
        ("у 5 класах, у 2 школах, 1 пытанне, 1 госць", "у пяці класах, у дзвюх школах, адно пытанне, адзін госць"),
        ("у 2025 г. і да 2026 г.", "у дзве тысячы дваццаць пятым годзе і да дзве тысячы дваццаць шостага года."),
        ("да 5-ці гадоў, у 90-х", "да пяці гадоў, у дзевяностых"),
        ("А 15 чалавек прыйшлі", "А пятнаццаць чалавек прыйшлі"),
    ],
    "en": [
        ("Open 8:30 to 17:00, lunch 13.00 to 14.00.", "Open eight thirty a.m. to five p.m., lunch one p.m. to two p.m."),
        ("Meeting at 8:30 pm in room 2.", "Meeting at eight thirty pm in room two."),
        ("On November 27, 2025 at 12:00.", "On November twenty-seventh, twenty twenty-five at noon."),
        ("Deadline: 1st December; 27 November; the 3rd of May.",
         "Deadline: the first of December; the twenty-seventh of November; the third of May."),
        ("In 2025 we repaired 21 buildings for 1,000 people.",
         "In twenty twenty-five we repaired twenty-one buildings for one thousand people."),
        ("Call +375 (1719) 28-2-60.", "Call eight, zero one seven one nine, two eight, two, six zero."),
        ("Growth of 2.5 percent.", "Growth of two point five percent."),
    ],
}


@pytest.mark.parametrize("lang, text, expected", rows(SPELL))
def test_spell_out_numbers(lang: str, text: str, expected: str) -> None:
    assert phrases.spell_out_numbers(text, lang) == expected


# --------------------------------------------------------------------------------------------
# Languages and argument checks
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["de", "RU", "", None, "uk"])
def test_unknown_language(lang: object) -> None:
    with pytest.raises(ValueError):
        phrases.number(5, lang)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        phrases.time_range(T(8), T(17), lang)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [-1, 7, True])
def test_weekday_out_of_range(bad: int) -> None:
    with pytest.raises(ValueError):
        phrases.weekday_name(bad, "ru")


def test_weekday_unknown_form() -> None:
    with pytest.raises(ValueError):
        phrases.weekday_name(0, "ru", "until")


def test_item_of_checks_its_arguments() -> None:
    with pytest.raises(ValueError):
        phrases.item_of("headline", 6, 5, "ru")
    with pytest.raises(ValueError):
        phrases.item_of("weather", 1, 5, "ru")


def test_plural_needs_three_forms() -> None:
    with pytest.raises(ValueError):
        phrases.plural(2, ("день", "дня"), "ru")  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# Pronunciation table
# --------------------------------------------------------------------------------------------
TABLE = {
    "Капыль": "Капы́ль",
    "БелТА": "Белта",
    "Копыльский район": "Копы́льский райо́н",
    "район": "райо́н",
    "сям'я": "сямʼя́",
}
PRONUNCIATION = [
    ("Навіны Капыля і Капыль сёння.", "Навіны Капыля і Капы́ль сёння."),
    ("КАПЫЛЬ, капыль", "Капы́ль, Капы́ль"),
    ("По данным БелТА и белта.", "По данным Белта и Белта."),
    ("Копыльский  район и соседний район", "Копы́льский райо́н и соседний райо́н"),
    ("Капыльскі раён", "Капыльскі раён"),
    ("Капы́ль already fixed", "Капы́ль already fixed"),
    ("Наша сям'я", "Наша сямʼя́"),
    ("сям'ямі", "сям'ямі"),
    ("«Капыль»", "«Капы́ль»"),
]


@pytest.mark.parametrize("text, expected", PRONUNCIATION)
def test_apply_pronunciations(text: str, expected: str) -> None:
    assert apply_pronunciations(text, TABLE) == expected


def test_words_affected() -> None:
    assert words_affected("Копыльский район, Капыль и БЕЛТА", TABLE) == {"Копыльский район", "Капыль", "БелТА"}
    assert words_affected("соседний район", TABLE) == {"район"}
    assert words_affected("ничего", TABLE) == set()


def test_empty_table_and_empty_keys() -> None:
    assert apply_pronunciations("Капыль", {}) == "Капыль"
    assert apply_pronunciations("Капыль", {"": "x", "  ": "y"}) == "Капыль"
    assert words_affected("Капыль", {}) == set()


def test_conflicting_keys_are_an_error() -> None:
    with pytest.raises(ValueError):
        apply_pronunciations("Капыль", {"Капыль": "Капы́ль", "капыль": "Ка́пыль"})


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Яна адчыніцца у панядзелак.", "Яна адчыніцца ў панядзелак."),
        ("Прыёмная працуе у панядзелак.", "Прыёмная працуе ў панядзелак."),
        ("Адчынена: у панядзелак.", "Адчынена: у панядзелак."),
        ("Пачатак у восем.", "Пачатак у восем."),
        ("У суботу і у нядзелю.", "У суботу і ў нядзелю."),
    ],
)
def test_belarusian_short_u_after_a_vowel(text, expected):
    assert phrases.tidy(text, "be") == expected
    assert phrases.tidy(text, "ru") == text


# --------------------------------------------------------------------------------------------
# Issue 16, item 7: numbers read as dialled, bracketed area codes, "тел."
# --------------------------------------------------------------------------------------------
READINGS = [
    ("ru", "international", "плюс три семь пять, один семь один девять, двадцать восемь, два, шестьдесят"),
    ("ru", "local", "двадцать восемь, два, шестьдесят"),
    ("be", "international", "плюс тры сем пяць, адзін сем адзін дзевяць, дваццаць восем, два, шэсцьдзясят"),
    ("be", "local", "дваццаць восем, два, шэсцьдзясят"),
    ("en", "local", "two eight, two, six zero"),
]


def test_the_area_code_is_read_digit_by_digit_as_dialled_from_a_belarusian_phone() -> None:
    spoken = phrases.phone_number("+375 (1719) 28-2-60", "ru")
    assert spoken == "восемь, ноль один семь один девять, двадцать восемь, два, шестьдесят"
    assert "тысяча" not in spoken and "плюс" not in spoken


@pytest.mark.parametrize("lang, reading, expected", READINGS)
def test_an_office_may_choose_how_a_number_is_read(lang: str, reading: str, expected: str) -> None:
    assert phrases.phone_number("+375 (1719) 28-2-60", lang, reading) == expected


def test_a_foreign_number_keeps_its_plus_and_country_code() -> None:
    assert phrases.phone_number("+48 22 123 45 67", "ru").startswith("плюс четыре восемь, двадцать два")


def test_an_unknown_reading_is_an_error() -> None:
    with pytest.raises(ValueError):
        phrases.phone_number("+375 (1719) 28-2-60", "ru", "backwards")


@pytest.mark.parametrize(
    "lang, text, expected",
    [
        ("ru", "Справки по тел. (01719) 28-2-60.",
         "Справки по телефону ноль один семь один девять, двадцать восемь, два, шестьдесят."),
        ("ru", "Тел.: 8 (01719) 5-52-41", "Телефон: восемь, ноль один семь один девять, пять, пятьдесят два, сорок один"),
        ("be", "Даведкі па тэл. (01719) 28-2-60.",
         "Даведкі па тэлефоне нуль адзін сем адзін дзевяць, дваццаць восем, два, шэсцьдзясят."),
        ("en", "Tel. (01719) 28-2-60.", "Phone zero one seven one nine, two eight, two, six zero."),
    ],
)
def test_news_text_keeps_a_bracketed_area_code_as_one_group_and_reads_tel_as_telephone(
        lang: str, text: str, expected: str) -> None:
    assert phrases.spell_out_numbers(text, lang) == expected


def test_tel_inside_a_word_is_left_alone() -> None:
    assert phrases.expand_abbreviations("Отел. Мотел. Тел.", "ru") == "Отел. Мотел. Телефон"


@pytest.mark.parametrize(
    "lang, expected",
    [("ru", "в субботу, двадцать пятого апреля"), ("be", "у суботу, дваццаць пятага красавіка"),
     ("en", "on Saturday, April twenty-fifth")],
)
def test_a_day_by_weekday_and_date(lang: str, expected: str) -> None:
    assert phrases.on_weekday_date(date(2026, 4, 25), lang, today=date(2026, 4, 20)) == expected


@pytest.mark.parametrize(
    "lang, address, expected",
    [("ru", "kopyl_rik@mail.by", "kopyl нижнее подчёркивание rik собака mail точка by"),
     ("be", "https://kopyl.gov.by/", "kopyl кропка gov кропка by"),
     ("en", "www.kopyl-rik.by", "www dot kopyl dash rik dot by")],
)
def test_e_mail_and_web_addresses_are_read_with_their_signs_in_words(lang: str, address: str, expected: str) -> None:
    assert phrases.web_address(address, lang) == expected
