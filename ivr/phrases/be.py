"""Belarusian (беларуская мова) words for numbers, times, dates and weekdays.

Every word form the hotline speaks in Belarusian is in the tables at the top of this file, so a
native speaker can review them in one place. num2words' Belarusian module is not used: it has no
grammatical cases (we need the genitive for "з васьмі да сямнаццаці" and the locative of ordinals
for "а восьмай гадзіне") and some of its forms are misspelt (a Latin "i" in "дзевяцi", a Latin "a"
in "шaсцідзясяці").

Spelling follows the official orthography (правапіс 2008): "пяцьдзясят", "шэсцьдзясят" (the
pretonic syllable has "я"), but "семдзесят", "восемдзесят"; genitive "пяцідзесяці".

Functions here take already-parsed values; ``ivr.phrases`` (``__init__``) validates input,
splits phone numbers into groups and finds numbers in free text.
"""
from __future__ import annotations

import re
from datetime import date, time
from typing import Sequence

LANG = "be"

# --------------------------------------------------------------------------------------------
# Cardinal numbers: (nominative, genitive). 1 and 2 depend on gender.
# --------------------------------------------------------------------------------------------
ZERO = ("нуль", "нуля")
ONE = {"m": ("адзін", "аднаго"), "n": ("адно", "аднаго"), "f": ("адна", "адной")}
# The feminine genitive of two is "дзвюх" (з дзвюх навін), not "двух".
TWO = {"m": ("два", "двух"), "n": ("два", "двух"), "f": ("дзве", "дзвюх")}
SMALL = {
    3: ("тры", "трох"),
    4: ("чатыры", "чатырох"),
    5: ("пяць", "пяці"),
    6: ("шэсць", "шасці"),
    7: ("сем", "сямі"),
    8: ("восем", "васьмі"),
    9: ("дзевяць", "дзевяці"),
    10: ("дзесяць", "дзесяці"),
    11: ("адзінаццаць", "адзінаццаці"),
    12: ("дванаццаць", "дванаццаці"),
    13: ("трынаццаць", "трынаццаці"),
    14: ("чатырнаццаць", "чатырнаццаці"),
    15: ("пятнаццаць", "пятнаццаці"),
    16: ("шаснаццаць", "шаснаццаці"),
    17: ("сямнаццаць", "сямнаццаці"),
    18: ("васямнаццаць", "васямнаццаці"),
    19: ("дзевятнаццаць", "дзевятнаццаці"),
}
TENS = {
    20: ("дваццаць", "дваццаці"),
    30: ("трыццаць", "трыццаці"),
    40: ("сорак", "сарака"),
    50: ("пяцьдзясят", "пяцідзесяці"),
    60: ("шэсцьдзясят", "шасцідзесяці"),
    70: ("семдзесят", "сямідзесяці"),
    80: ("восемдзесят", "васьмідзесяці"),
    90: ("дзевяноста", "дзевяноста"),
}
HUNDREDS = {
    100: ("сто", "ста"),
    200: ("дзвесце", "двухсот"),
    300: ("трыста", "трохсот"),
    400: ("чатырыста", "чатырохсот"),
    500: ("пяцьсот", "пяцісот"),
    600: ("шэсцьсот", "шасцісот"),
    700: ("семсот", "сямісот"),
    800: ("восемсот", "васьмісот"),
    900: ("дзевяцьсот", "дзевяцісот"),
}
# (power, gender of the word, nominative one/few/many, genitive singular/plural)
SCALES = (
    (10**9, "m", ("мільярд", "мільярды", "мільярдаў"), ("мільярда", "мільярдаў")),
    (10**6, "m", ("мільён", "мільёны", "мільёнаў"), ("мільёна", "мільёнаў")),
    (10**3, "f", ("тысяча", "тысячы", "тысяч"), ("тысячы", "тысяч")),
)
DIGITS = ("нуль", "адзін", "два", "тры", "чатыры", "пяць", "шэсць", "сем", "восем", "дзевяць")
MINUS = "мінус"
PLUS = "плюс"

# --------------------------------------------------------------------------------------------
# Ordinal numbers: stem + adjective ending. The ending set depends on the stem:
# "hard" (пяты, пятае, пятага), "hard-stressed" (саракавы, саракавое, саракавога),
# "soft" (трэці, трэцяе, трэцяга), "soft-stressed" (другі, другое, другога).
# --------------------------------------------------------------------------------------------
ORDINAL_STEMS: dict[int, tuple[str, str]] = {
    0: ("нуляв", "hard-stressed"),
    1: ("перш", "hard"),
    2: ("друг", "soft-stressed"),
    3: ("трэц", "soft"),
    4: ("чацвёрт", "hard"),
    5: ("пят", "hard"),
    6: ("шост", "hard"),
    7: ("сём", "hard"),
    8: ("восьм", "hard"),
    9: ("дзявят", "hard"),
    10: ("дзясят", "hard"),
    11: ("адзінаццат", "hard"),
    12: ("дванаццат", "hard"),
    13: ("трынаццат", "hard"),
    14: ("чатырнаццат", "hard"),
    15: ("пятнаццат", "hard"),
    16: ("шаснаццат", "hard"),
    17: ("сямнаццат", "hard"),
    18: ("васямнаццат", "hard"),
    19: ("дзевятнаццат", "hard"),
    20: ("дваццат", "hard"),
    30: ("трыццат", "hard"),
    40: ("саракав", "hard-stressed"),
    50: ("пяцідзясят", "hard"),
    60: ("шасцідзясят", "hard"),
    70: ("сямідзясят", "hard"),
    80: ("васьмідзясят", "hard"),
    90: ("дзевяност", "hard"),
    100: ("сот", "hard"),
    200: ("двухсот", "hard"),
    300: ("трохсот", "hard"),
    400: ("чатырохсот", "hard"),
    500: ("пяцісот", "hard"),
    600: ("шасцісот", "hard"),
    700: ("сямісот", "hard"),
    800: ("васьмісот", "hard"),
    900: ("дзевяцісот", "hard"),
}
# Round thousands and millions join into one word: тысячны, двухтысячны, мільённы...
ROUND_STEMS = {10**9: "мільярдн", 10**6: "мільённ", 10**3: "тысячн"}


def _ordinal_ending(kind: str, case: str, gender: str) -> str:
    """The adjective ending for an ordinal stem of ``kind`` in ``case`` and ``gender``/"pl"."""
    soft = kind.startswith("soft")
    stressed = kind.endswith("stressed")
    v1 = "і" if soft else "ы"  # другі / пяты
    v2 = "о" if stressed else ("я" if soft else "а")  # другога / трэцяга / пятага
    fem_nom = "яя" if soft and not stressed else "ая"  # трэцяя / пятая, другая
    fem_acc = "юю" if soft and not stressed else "ую"  # трэцюю / пятую
    if gender == "pl":
        return {"nom": v1 + "я", "acc": v1 + "я", "gen": v1 + "х", "loc": v1 + "х",
                "dat": v1 + "м", "ins": v1 + "мі"}[case]
    if gender == "f":
        return {"nom": fem_nom, "acc": fem_acc}.get(case, v2 + "й")
    neuter_nom = v2 + "е"  # пятае / другое / трэцяе
    return {
        "nom": v1 if gender == "m" else neuter_nom,
        "acc": v1 if gender == "m" else neuter_nom,  # inanimate: like the nominative
        "gen": v2 + "га",
        "dat": v2 + "му",
        "ins": v1 + "м",
        "loc": v1 + "м",
    }[case]


# --------------------------------------------------------------------------------------------
# Calendar words
# --------------------------------------------------------------------------------------------
MONTHS_GENITIVE = (
    "студзеня", "лютага", "сакавіка", "красавіка", "мая", "чэрвеня",
    "ліпеня", "жніўня", "верасня", "кастрычніка", "лістапада", "снежня",
)
YEAR_WORD = {"nom": "год", "gen": "года", "loc": "годзе", "dat": "году", "ins": "годам"}
RELATIVE_DAYS = {-1: "учора", 0: "сёння", 1: "заўтра"}

# weekday -> (nominative, "у ..." accusative, "з ..." genitive, "па ..." accusative)
WEEKDAYS = (
    ("панядзелак", "у панядзелак", "з панядзелка", "па панядзелак"),
    ("аўторак", "у аўторак", "з аўторка", "па аўторак"),
    ("серада", "у сераду", "з серады", "па сераду"),
    ("чацвер", "у чацвер", "з чацвярга", "па чацвер"),
    ("пятніца", "у пятніцу", "з пятніцы", "па пятніцу"),
    ("субота", "у суботу", "з суботы", "па суботу"),
    ("нядзеля", "у нядзелю", "з нядзелі", "па нядзелю"),
)
WEEKDAY_FORMS = {"nom": 0, "on": 1, "from": 2, "to": 3}

# Words that item_of() can number: key -> (word, grammatical gender of the counted noun)
ITEM_WORDS = {"headline": ("Навіна", "f")}
NUMBER_WORD = "нумар"

# Time of day
MIDNIGHT = {"nom": "поўнач", "gen": "поўначы"}
AT_MIDNIGHT = "апоўначы"
HOUR_WORD = "гадзіне"  # locative: "а восьмай гадзіне"
ZERO_ZERO = "нуль-нуль"  # how "13.00" is read aloud: "трынаццаць нуль-нуль"
VOWELS = "аеёіоуыэюя"


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------
def plural(n: int, forms: tuple[str, str, str]) -> str:
    """forms = (1 навіна, 2 навіны, 5 навін): the East Slavic one/few/many rule."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return forms[0]
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return forms[1]
    return forms[2]


def _below_thousand(n: int, case: str, gender: str) -> list[str]:
    i = 0 if case == "nom" else 1
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words.append(HUNDREDS[hundreds * 100][i])
    if rest >= 20:
        words.append(TENS[rest // 10 * 10][i])
        rest %= 10
    if rest == 1:
        words.append(ONE[gender][i])
    elif rest == 2:
        words.append(TWO[gender][i])
    elif rest:
        words.append(SMALL[rest][i])
    return words


def cardinal(n: int, case: str = "nom", gender: str = "m") -> str:
    """A cardinal in the nominative ("nom") or genitive ("gen"), agreeing with ``gender``."""
    if case not in ("nom", "gen"):
        raise ValueError(f"Belarusian cardinals here support nom/gen, not {case!r}")
    if n < 0:
        return f"{MINUS} {cardinal(-n, case, gender)}"
    if n == 0:
        return ZERO[0 if case == "nom" else 1]
    words: list[str] = []
    for power, scale_gender, nominative, genitive in SCALES:
        count, n = divmod(n, power)
        if not count:
            continue
        count_words = _below_thousand(count, case, scale_gender) if count < 1000 else [
            cardinal(count, case, scale_gender)
        ]
        if count == 1 and power == 1000 and not words:
            count_words = []  # "тысяча семсот", not "адна тысяча семсот"
        if case == "nom":
            scale_word = plural(count, nominative)
        else:
            scale_word = genitive[0] if plural(count, ("1", "2", "5")) == "1" else genitive[1]
        words += count_words + [scale_word]
    if n:
        words += _below_thousand(n, case, gender)
    return " ".join(words)


def number(n: int) -> str:
    """Cardinal, nominative, masculine."""
    return cardinal(n)


def ordinal(n: int, case: str = "nom", gender: str = "m") -> str:
    """An ordinal: case in nom/gen/dat/acc/ins/loc, gender in m/f/n/pl.

    Only the last word declines: "дзве тысячы дваццаць сёмага". Round thousands join into one
    word: "двухтысячнага".
    """
    if n < 0:
        raise ValueError("no negative ordinals")
    if n in ORDINAL_STEMS:
        stem, kind = ORDINAL_STEMS[n]
        return stem + _ordinal_ending(kind, case, gender)
    if n % 1000 == 0:
        power = 1000
        while (n // power) % 1000 == 0:
            power *= 1000
        count = (n // power) % 1000
        if n != count * power:  # "адзін мільён тысячны": only the last non-zero group declines
            return f"{cardinal(n - count * power)} {ordinal(count * power, case, gender)}"
        if power not in ROUND_STEMS:
            raise ValueError(f"no ordinal for {n}")
        # Round thousands/millions join into one word, the count in the genitive:
        # "двухтысячны", "трохмільённы".
        prefix = "" if count == 1 else cardinal(count, "gen").replace("аднаго", "адна").replace(" ", "")
        return prefix + ROUND_STEMS[power] + _ordinal_ending("hard", case, gender)
    rest = n % 100
    if 0 < rest < 20:
        last = rest
    elif n % 10:
        last = n % 10
    elif rest:
        last = rest
    else:
        last = n % 1000
    return f"{cardinal(n - last)} {ordinal(last, case, gender)}"


def digits(s: str) -> str:
    """Digit by digit: "017" -> "нуль адзін сем"."""
    return " ".join(DIGITS[int(ch)] for ch in s)


def _group(group: str) -> str:
    # A group written with a leading zero ("017") is dictated digit by digit.
    return digits(group) if group.startswith("0") else number(int(group))


def phone_number(groups: Sequence[str], plus: bool, spelled: int = 0) -> str:
    """Groups already split by ``ivr.phrases``; each read as a number, comma between groups; the
    first ``spelled`` groups (country and area codes) digit by digit."""
    words = [digits(g) if i < spelled else _group(g) for i, g in enumerate(groups)]
    if plus:
        words[0] = f"{PLUS} {words[0]}"
    return ", ".join(words)


def postal_code(first: str, second: str) -> str:
    """Two groups of three, each read as a number: "дзвесце дваццаць тры, дзевяцьсот дваццаць сем"."""
    return f"{_group(first)}, {_group(second)}"


def count_of(i: int, n: int, gender: str = "m") -> str:
    """ "нумар адзін з пяці": ``gender`` is that of the counted noun (з дваццаці адной навіны)."""
    total = cardinal(n, "gen", gender)
    return f"{NUMBER_WORD} {number(i)} {_z(total)} {total}"


def item_of(word_key: str, i: int, n: int) -> str:
    """ "Навіна нумар адзін з пяці"."""
    word, gender = ITEM_WORDS[word_key]
    return f"{word} {count_of(i, n, gender)}"


def _z(next_word: str) -> str:
    # "з" becomes "са" before з/с/ж/ш + consonant (са ста, са шклом) and before "мн" (са мной).
    if re.match(r"[зсжш][бвгджзйклмнпрстфхцчшўь]|мн", next_word):
        return "са"
    return "з"


# --------------------------------------------------------------------------------------------
# Time of day
# --------------------------------------------------------------------------------------------
def _minutes(minute: int, case: str) -> str:
    # Minutes agree with the feminine "хвіліна": "восем дваццаць адна", "з васьмі нуль дзвюх".
    words = cardinal(minute, case, "f")
    return f"{ZERO[0]} {words}" if minute < 10 else words


def clock(t: time, case: str = "nom") -> str:
    """Hours and minutes as cardinals: "восем трыццаць", "васьмі трыццаці", full hour "трынаццаці"."""
    hour = cardinal(t.hour, case)
    return hour if t.minute == 0 else f"{hour} {_minutes(t.minute, case)}"


def _range_point(t: time) -> str:
    if t.hour == 0 and t.minute == 0:
        return MIDNIGHT["gen"]
    return clock(t, "gen")


def time_range(start: time, end: time) -> str:
    """ "з васьмі трыццаці да сямнаццаці трыццаці"."""
    first = _range_point(start)
    return f"{_z(first)} {first} да {_range_point(end)}"


def until_time(t: time) -> str:
    """ "да трынаццатай гадзіны", "да сямнаццаці трыццаці", "да поўначы": a full hour as the
    feminine ordinal, like ``at_time`` ("а трынаццатай гадзіне"); with minutes the cardinals of
    ``time_range`` ("да сямнаццаці трыццаці")."""
    if t.minute or t.hour == 0:
        return f"да {_range_point(t)}"
    return f"да {ordinal(t.hour, 'gen', 'f')} гадзіны"


def at_time(t: time) -> str:
    """When something happens: "а чатырнаццатай гадзіне", "а восьмай трыццаць".

    Why this form: in Belarusian a clock time is named by the feminine ordinal of the hour in the
    locative after "а" ("а другой гадзіне" — literally "at the second hour"); that is how radio and
    official announcements read "а 14.00". With minutes the common spoken form keeps the ordinal
    hour and adds the minutes as a cardinal ("а восьмай трыццаць", the way "пачатак а 19.30" is
    read); "у восем трыццаць" with a cardinal hour is colloquial and reads like a Russian calque.
    "а" becomes "аб" before a vowel: "аб адзінаццатай гадзіне".
    """
    if t.hour == 0:
        if t.minute == 0:
            return AT_MIDNIGHT
        # 00:MM has no natural ordinal reading; fall back to the cardinal form.
        return f"у {clock(t)}"
    hour = ordinal(t.hour, "loc", "f")
    preposition = "аб" if hour[0] in VOWELS else "а"
    if t.minute == 0:
        return f"{preposition} {hour} {HOUR_WORD}"
    return f"{preposition} {hour} {_minutes(t.minute, 'nom')}"


# --------------------------------------------------------------------------------------------
# Weekdays and dates
# --------------------------------------------------------------------------------------------
def weekday_name(weekday: int, form: str = "nom") -> str:
    """nom "панядзелак", on "у панядзелак", from "з панядзелка", to "па пятніцу".

    "у" is written without regard to the previous word: the phrase may open a sentence. (After a
    vowel the orthography would want "ў"; a voice says both the same way in running speech.)
    """
    return WEEKDAYS[weekday][WEEKDAY_FORMS[form]]


def weekday_range(first: int, last: int) -> str:
    """ "з панядзелка па пятніцу"; one day: "у суботу"."""
    if first == last:
        return weekday_name(first, "on")
    return f"{weekday_name(first, 'from')} {weekday_name(last, 'to')}"


def weekday_list(days: Sequence[int]) -> str:
    """ "у суботу і ў нядзелю": after "і" (a vowel) the preposition is written "ў"."""
    phrases = [weekday_name(d, "on") for d in days]
    if len(phrases) == 1:
        return phrases[0]
    last = re.sub(r"^у ", "ў ", phrases[-1])
    return f"{', '.join(phrases[:-1])} і {last}"


def _date(d: date, case: str, with_year: bool) -> str:
    words = f"{ordinal(d.day, case, 'n')} {MONTHS_GENITIVE[d.month - 1]}"
    if with_year:
        # The year stays in the genitive whatever the day's case: "на дваццаць сёмае лістапада
        # дзве тысячы дваццаць сёмага года".
        words += f" {ordinal(d.year, 'gen', 'm')} {YEAR_WORD['gen']}"
    return words


def date_words(d: date, relative: int | None, with_year: bool) -> str:
    """ "дваццаць сёмае лістапада" (neuter ordinal, nominative, + month in the genitive)."""
    if relative is not None:
        return RELATIVE_DAYS[relative]
    return _date(d, "nom", with_year)


def on_weekday_date(d: date, with_year: bool) -> str:
    """ "у суботу, дваццаць пятага красавіка"."""
    return f"{weekday_name(d.weekday(), 'on')}, {_date(d, 'gen', with_year)}"


def on_date(d: date, relative: int | None, with_year: bool) -> str:
    """ "дваццаць сёмага лістапада" — the genitive: "адчыніцца дваццаць сёмага лістапада"."""
    if relative is not None:
        return RELATIVE_DAYS[relative]
    return _date(d, "gen", with_year)


# --------------------------------------------------------------------------------------------
# Numbers in free text (used by ivr.phrases.spell_out_numbers)
# --------------------------------------------------------------------------------------------
# The case a preposition puts a number into. "з" can also take the instrumental ("з двума"),
# but with numbers in announcements it is almost always "from" (з 8.30, з 1 снежня).
GENITIVE_PREPOSITIONS = {"з", "са", "ад", "да", "пасля", "каля", "без", "для", "акрамя", "звыш", "сярод", "ля"}
ACCUSATIVE_DATE_PREPOSITIONS = {"па", "на"}  # "па 5 снежня" -> "па пятае снежня"
AT_PREPOSITIONS = {"а", "аб"}  # "а 14.00" -> "а чатырнаццатай гадзіне"

_MONTH_AFTER = re.compile(
    r"(?:\s*(?:[-–—]|па|да|і)\s*\d{1,2})?\s+(?:" + "|".join(MONTHS_GENITIVE) + r")(?![^\W_])",
    re.IGNORECASE,
)
_YEAR_AFTER = re.compile(r"\s+(год|года|годзе|году|годам|г\.)(?![^\W_])", re.IGNORECASE)
# Hyphenated endings of ordinals written with digits: "2-га", "5-ы", "3-я"...
ORDINAL_SUFFIXES: dict[str, tuple[str, str]] = {
    "ы": ("nom", "m"), "і": ("nom", "m"), "ый": ("nom", "m"), "ій": ("nom", "m"),
    "я": ("nom", "f"), "ая": ("nom", "f"),
    "е": ("nom", "n"), "ае": ("nom", "n"), "ое": ("nom", "n"),
    "га": ("gen", "m"), "ага": ("gen", "m"), "ога": ("gen", "m"),
    "му": ("dat", "m"), "аму": ("dat", "m"), "ому": ("dat", "m"),
    "м": ("loc", "m"), "ым": ("loc", "m"), "ім": ("loc", "m"),
    "й": ("loc", "f"), "ай": ("loc", "f"), "ой": ("loc", "f"),
    "ю": ("acc", "f"), "ую": ("acc", "f"),
    "х": ("loc", "pl"), "ых": ("loc", "pl"), "іх": ("loc", "pl"),
    "ыя": ("nom", "pl"), "ія": ("nom", "pl"),
}
# Guessing the gender of the noun after "1"/"2", to say "адна навіна", "адно месца", "дзве тысячы".
# Feminine nouns with a consonant ending we recognise: -сць (вобласць, радасць), not "госць".
_FEMININE_SOFT = re.compile(r"(?<!го)сць$")
# Neuter nominatives we recognise: -о/-ё (акно, жыццё), -нне/-лле (пытанне, вяселле); a bare -е
# could be the locative of any noun ("у 1 класе").
NEUTER_ENDINGS = ("о", "ё", "нне", "лле")
# Neuter nouns in -а (after ц, р...) that the -а/-я rule would take for feminine.
NEUTER_IN_A = {"месца", "сэрца", "возера", "срэбра"}
# After 2-4 masculine and feminine nouns look alike (два дні, дзве навіны); these are feminine.
FEMININE_COUNTERS = ("тысяч", "хвілін", "гадзін", "навін", "капейк", "старонк", "асоб", "школ", "сотк")


def preposition_before(prev: str, words: str, kind: str) -> str | None:
    """The right form of the preposition the clerk wrote before a number, now that the number is
    words: "а 11.00" -> "аб адзінаццатай гадзіне", "з 100" -> "са ста"."""
    if prev in ("з", "са"):
        return _z(words)
    if prev in AT_PREPOSITIONS and kind == "time":  # "а" is also the conjunction "but"
        return "аб" if words[:1] in VOWELS else "а"
    return None


def _case_after(prev: str) -> str:
    return "gen" if prev in GENITIVE_PREPOSITIONS else "nom"


def spell_time(t: time, prev: str, after: str) -> str:
    """A clock time in running text: "з 8.30 да 17.00" -> "з васьмі трыццаці да сямнаццаці нуль-нуль"."""
    if prev in AT_PREPOSITIONS and t.hour:
        return at_time(t).split(" ", 1)[1]  # the clerk already wrote "а"
    case = _case_after(prev)
    hour = cardinal(t.hour, case)
    return f"{hour} {ZERO_ZERO}" if t.minute == 0 else f"{hour} {_minutes(t.minute, case)}"


def spell_date(d: date, prev: str, after: str) -> tuple[str, int]:
    """A numeric date "27.11.2025" in running text, genitive unless "па"/"на" precedes.
    A "г."/"года" the clerk wrote after it is taken in (the words already end in "года")."""
    case = "acc" if prev in ACCUSATIVE_DATE_PREPOSITIONS else "gen"
    return _date(d, case, with_year=True), _year_word_after(after)


_YEAR_WORD_AFTER_DATE = re.compile(r"\s*(?:года|годзе|г\.)(?![^\W_])", re.IGNORECASE)


def _year_word_after(after: str) -> int:
    """How much of ``after`` is a year word to drop, keeping a dot that also ends the sentence."""
    m = _YEAR_WORD_AFTER_DATE.match(after)
    if not m:
        return 0
    if m.group().endswith(".") and _ends_sentence(after[m.end():]):
        return m.end() - 1
    return m.end()


def _ends_sentence(rest: str) -> bool:
    return not rest.strip() or bool(re.match(r"\s*\n|\s+[A-ZА-ЯЁІЎ]", rest))


def spell_decimal(whole: str, fraction: str) -> str:
    """ "2,5" -> "дзве цэлыя пяць дзясятых" (up to three decimals; more are read digit by digit).

    After 2-4 the substantivised adjectives stay in the nominative plural ("дзве цэлыя", "тры
    дзясятыя"), as Belarusian nouns after 2-4 do; from 5 on they take the genitive plural.
    """
    units = {1: ("дзясятая", "дзясятыя", "дзясятых"), 2: ("сотая", "сотыя", "сотых"),
             3: ("тысячная", "тысячныя", "тысячных")}
    w = int(whole)
    head = f"{cardinal(w, 'nom', 'f')} {plural(w, ('цэлая', 'цэлыя', 'цэлых'))}"
    if len(fraction) not in units:
        return f"{cardinal(w)} коска {digits(fraction)}"
    f = int(fraction)
    return f"{head} {cardinal(f, 'nom', 'f')} {plural(f, units[len(fraction)])}"


def spell_int(n: int, suffix: str | None, prev: str, after: str, before: str = "") -> tuple[str, int]:
    """An integer in running text. Returns the words and how many characters of ``after`` they
    replace (the abbreviation "г." becomes a word)."""
    if suffix:
        key = suffix.lower()
        if key in ("ці", "х") and (key == "ці" or n % 10 in (2, 3, 4)):
            return cardinal(n, "gen"), 0  # "5-ці" = пяці, "2-х" = двух
        if key in ORDINAL_SUFFIXES:
            case, gender = ORDINAL_SUFFIXES[key]
            return ordinal(n, case, gender), 0
        return f"{cardinal(n)}-{suffix}", 0
    if 1 <= n <= 31 and _MONTH_AFTER.match(after):
        case = "acc" if prev in ACCUSATIVE_DATE_PREPOSITIONS else "gen"
        return ordinal(n, case, "n"), 0
    year = _YEAR_AFTER.match(after)
    if year:
        word = year.group(1).lower()
        if word == "г.":
            if prev in ("у", "ў"):
                case = "loc"  # "у 2025 г." -> "у ... пятым годзе"
            elif prev in GENITIVE_PREPOSITIONS or prev in MONTHS_GENITIVE:
                case = "gen"  # "да 2025 г.", "27 лістапада 2025 г."
            else:
                case = "nom"
            replacement = YEAR_WORD[case]
            consumed = year.end()
            rest = after[consumed:]
            if _ends_sentence(rest):
                replacement += "."  # the abbreviation's dot also ended the sentence
            return f"{ordinal(n, case, 'm')} {replacement}", consumed
        case = {"год": "nom", "года": "gen", "годзе": "loc", "году": "dat", "годам": "ins"}[word]
        return ordinal(n, case, "m"), 0
    case = _case_after(prev)
    plural_locative = prev in ("у", "ў", "на", "аб", "пры") and re.match(r"\s+[^\W\d_]{2,}[ая]х(?![^\W_])", after)
    if case == "nom" and plural_locative and not (n % 10 == 1 and n % 100 != 11):
        case = "gen"  # "у 5 класах" -> "у пяці класах": for numbers above one the locative is the genitive form
    return cardinal(n, case, _gender_of_next(n, after, case)), 0


def _gender_of_next(n: int, after: str, case: str) -> str:
    # Only "1" shows gender in Belarusian text we can guess from the noun's ending: "адна навіна",
    # "адно месца"; after 2-4 masculine and feminine nouns both end in -ы/-і, so "2" stays "два"
    # unless the noun is one of the common feminine counters below.
    m = re.match(r"\s+([^\W\d_]{3,})", after)
    if not m:
        return "m"
    noun = m.group(1).lower()
    if n % 10 == 2 and n % 100 != 12:
        return "f" if noun.startswith(FEMININE_COUNTERS) else "m"
    if n % 10 != 1 or n % 100 == 11:
        return "m"
    if case == "nom":
        if noun in NEUTER_IN_A:
            return "n"
        if noun.endswith(("а", "я")) or _FEMININE_SOFT.search(noun):
            return "f"
        if noun.endswith(NEUTER_ENDINGS):
            return "n"
    elif noun.endswith(("ы", "і")):  # genitive singular of a feminine noun: "да адной навіны"
        return "f"
    return "m"


_SHORT_U = re.compile(rf"(?<=[{VOWELS}{VOWELS.upper()}]) у(?=\s)")


def short_u(text: str) -> str:
    """The preposition «у» after a word ending in a vowel is written and said «ў» ("адчыніцца ў
    панядзелак"); after a consonant or a pause (punctuation) it stays «у»."""
    return _SHORT_U.sub(" ў", text)


def tidy(text: str) -> str:
    """A finished sentence in Belarusian spelling (``short_u``)."""
    return short_u(text)


# The public web page's own words (headings and labels), for a reviewer of this language.
PAGE_LABELS = {
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
    "pre_holiday_hours": "перадсвяточны дзень, {range}",
    "changed_hours": "іншыя гадзіны працы, {range}",
    "calendar_link": "Каляндар святаў і дзён, калі прыёмная зачынена (iCalendar)",
    "notice": "Важнае паведамленне",
    "services": "Службы і іх час працы",
    "differs": "Бліжэйшыя дні, калі час працы іншы",
    "service_calendar": "Каляндар гэтай службы (iCalendar)",
    "service_hours_caption": "Час працы па днях тыдня: {name}",
    "contacts": "Адрас і тэлефоны",
    "address": "Адрас",
    "hotline": "Гарачая лінія",
    "phones": "Тэлефоны прыёмнай",
    "fax": "Факс",
    "email": "Электронная пошта",
    "web": "Сайт",
    # Receptions, direct lines and where to go (issue 18).
    "receptions": "Асабісты прыём і прамыя лініі",
    "reception": "Асабісты прыём",
    "direct_line": "Прамая тэлефонная лінія",
    "no_receptions": "Бліжэйшых прыёмаў і прамых ліній пакуль няма.",
    "place": "Месца",
    "signup": "Запіс",
    "phone": "Тэлефон",
    "directory": "Куды звярнуцца",
    "topic.emergency": "Экстраныя службы",
    "topic.housing": "Жыллё і камунальныя паслугі",
    "topic.health": "Медыцынская дапамога",
    "topic.social": "Сацыяльная дапамога",
    "receptions_calendar_link": "Каляндар прыёмаў і прамых ліній (iCalendar)",
    "news": "Навіны",
    "no_news": "Зараз навін няма.",
    "published": "Апублікавана",
    "data_link": "Тыя ж звесткі ў фармаце JSON",
    "footer_note": "Усё гэта можна пачуць і па тэлефоне гарачай лініі:",
    "call_hotline": "Патэлефанаваць на гарачую лінію",
    "procedures": "Дакументы і адміністрацыйныя працэдуры",
    "procedures_link": "Дакументы і працэдуры",
    "procedures_intro": "Што трэба для адміністрацыйнай працэдуры: дакументы, плата, тэрмін і куды звяртацца. Па тэлефоне: кнопка 4 у галоўным меню.",
    "procedure_search": "Пошук па нумары або словах",
    "procedure_search_button": "Знайсці",
    "procedure_found": "Знойдзена працэдур: {count}",
    "procedure_none": "Нічога не знойдзена.",
    "documents": "Дакументы",
    "no_documents": "Дакументы прыносіць не трэба.",
    "fee": "Плата",
    "term": "Тэрмін",
    "validity": "Тэрмін дзеяння",
    "where": "Куды звяртацца",
    "source": "Крыніца",
    "topic.housing": "Жыллё",
    "topic.family": "Сям'я і дзеці",
    "topic.social": "Сацыяльная падтрымка",
    "topic.land": "Зямля і будаўніцтва",
    "topic.documents": "Дакументы і рэгістрацыя",
    "request_link": "Даведацца статус звароту па нумары",
    "request_title": "Статус звароту",
    "request_intro": "Нумар звароту вы пачулі ў канцы званка і атрымалі ў СМС. Статус паказваем толькі разам "
                     "з апошнімі чатырма лічбамі тэлефона, з якога пакінуты зварот.",
    "request_reference": "Нумар звароту (5 лічбаў)",
    "request_last_four": "Апошнія 4 лічбы вашага тэлефона",
    "request_show": "Паказаць статус",
    "request_bad": "Патрэбны 5 лічбаў нумара звароту і 4 лічбы тэлефона.",
    "request_none": "Зварот з такімі нумарамі не знойдзены. Праверце лічбы.",
    "request_wait": "Занадта шмат спроб. Паспрабуйце зноў праз {seconds} с.",
    "request_filed": "Паступіў {date}",
    "request_status.new": "Атрыманы, чакае разгляду",
    "request_status.in_progress": "У рабоце",
    "request_status.done": "Дадзены адказ",
    "request_status.forwarded": "Перададзены для разгляду: {body}",
    "request_note": "Тлумачэнне: {note}",
    "request_law": "Паведамленне па тэлефоне не з'яўляецца зваротам паводле Закона «Аб зваротах грамадзян і юрыдычных асоб». "
                   "Афіцыйны зварот падаюць пісьмова, у электронным выглядзе на сайце обращения.бел або вусна на асабістым прыёме.",
    "back_to_page": "На галоўную старонку",
}

# Month names as a written date uses them ("30 ...").
WRITTEN_MONTHS = MONTHS_GENITIVE

# Abbreviations in clerk-typed text, written out: short form -> (word, {word before it: the form after it}).
ABBREVIATIONS = {"тэл.": ("тэлефон", {"па": "тэлефоне"}), "тел.": ("тэлефон", {"па": "тэлефоне"})}
# The signs of an e-mail or web address, as they are read out.
ADDRESS_SIGNS = {"@": "сабачка", ".": "кропка", "/": "слэш", "-": "злучок", "_": "ніжняе падкрэсліванне"}

# Words the call puts between other words: "plus" before a number read back, "and" before a list's last item.
PLUS = "плюс"
AND = "і"

# The last words of a call when even the office's own apology cannot be read (the database is gone).
APOLOGY = "Прабачце, адбылася памылка. Да пабачэння!"
