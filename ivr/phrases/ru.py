"""Russian (русский язык) words for numbers, times, dates and weekdays.

Cardinals and ordinals in every case come from num2words (its Russian module declines by case,
gender and number correctly); everything else a native speaker may want to check — weekdays,
months, prepositions, the hour words — is in the tables at the top of this file.

Functions here take already-parsed values; ``ivr.phrases`` (``__init__``) validates input,
splits phone numbers into groups and finds numbers in free text.
"""
from __future__ import annotations

import re
from datetime import date, time
from typing import Sequence

from num2words import num2words

LANG = "ru"

# Our case names -> num2words' Russian case codes.
_CASES = {"nom": "n", "gen": "g", "dat": "d", "acc": "a", "ins": "i", "loc": "p"}

DIGITS = ("ноль", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять")
PLUS = "плюс"

MONTHS_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)
YEAR_WORD = {"nom": "год", "gen": "года", "loc": "году", "dat": "году", "ins": "годом"}
RELATIVE_DAYS = {-1: "вчера", 0: "сегодня", 1: "завтра"}

# weekday -> (nominative, "в ..." accusative, "с ..." genitive, "по ..." accusative)
WEEKDAYS = (
    ("понедельник", "в понедельник", "с понедельника", "по понедельник"),
    ("вторник", "во вторник", "со вторника", "по вторник"),
    ("среда", "в среду", "со среды", "по среду"),
    ("четверг", "в четверг", "с четверга", "по четверг"),
    ("пятница", "в пятницу", "с пятницы", "по пятницу"),
    ("суббота", "в субботу", "с субботы", "по субботу"),
    ("воскресенье", "в воскресенье", "с воскресенья", "по воскресенье"),
)
WEEKDAY_FORMS = {"nom": 0, "on": 1, "from": 2, "to": 3}

# Words that item_of() can number: key -> (word, grammatical gender of the counted noun)
ITEM_WORDS = {"headline": ("Новость", "f")}
NUMBER_WORD = "номер"

HOURS = ("час", "часа", "часов")  # в двадцать один час, в два часа, в девять часов
MIDNIGHT = {"gen": "полуночи"}
AT_MIDNIGHT = "в полночь"
AT_ONE = "в час"  # "в один час" is not said
ZERO_ZERO = "ноль-ноль"  # how "13.00" is read aloud: "тринадцать ноль-ноль"


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------
def plural(n: int, forms: tuple[str, str, str]) -> str:
    """forms = (1 новость, 2 новости, 5 новостей): the East Slavic one/few/many rule."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return forms[0]
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return forms[1]
    return forms[2]


def cardinal(n: int, case: str = "nom", gender: str = "m") -> str:
    """A cardinal in ``case`` (nom/gen/dat/acc/ins/loc) agreeing with ``gender`` (m/f/n)."""
    words = num2words(n, lang="ru", case=_CASES[case], gender=gender, animate=False)
    # num2words says "одна тысяча семьсот"; people say "тысяча семьсот".
    return re.sub(r"^(минус )?(?:одна|одной|одну) (тысяч)", r"\1\2", words)


def number(n: int) -> str:
    """Cardinal, nominative, masculine."""
    return cardinal(n)


def ordinal(n: int, case: str = "nom", gender: str = "m") -> str:
    """An ordinal: case in nom/gen/dat/acc/ins/loc, gender in m/f/n/pl."""
    if gender == "pl":
        return num2words(n, lang="ru", to="ordinal", case=_CASES[case], plural=True, animate=False)
    return num2words(n, lang="ru", to="ordinal", case=_CASES[case], gender=gender, animate=False)


def digits(s: str) -> str:
    """Digit by digit: "017" -> "ноль один семь"."""
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
    """Two groups of three, each read as a number: "двести двадцать три, девятьсот двадцать семь"."""
    return f"{_group(first)}, {_group(second)}"


def count_of(i: int, n: int, gender: str = "m") -> str:
    """ "номер один из пяти": ``gender`` is that of the counted noun (из двадцати одной новости)."""
    return f"{NUMBER_WORD} {number(i)} из {cardinal(n, 'gen', gender)}"


def item_of(word_key: str, i: int, n: int) -> str:
    """ "Новость номер один из пяти"."""
    word, gender = ITEM_WORDS[word_key]
    return f"{word} {count_of(i, n, gender)}"


def _s(next_word: str) -> str:
    # "с" becomes "со" before с/з/ш/ж + consonant and before "вт", "мн" (со ста, со вторника).
    if re.match(r"[сзшж][бвгджзйклмнпрстфхцчшщ]|вт|мн", next_word):
        return "со"
    return "с"


def _v(next_word: str) -> str:
    # "в" becomes "во" before в/ф + consonant (во вторник, во втором).
    return "во" if re.match(r"[вф][бвгджзйклмнпрстфхцчшщ]", next_word) else "в"


# --------------------------------------------------------------------------------------------
# Time of day
# --------------------------------------------------------------------------------------------
def _minutes(minute: int, case: str) -> str:
    # Minutes agree with the feminine "минута": "восемь двадцать одна", "с восьми ноль одной".
    words = cardinal(minute, case, "f")
    return f"{DIGITS[0]} {words}" if minute < 10 else words


def clock(t: time, case: str = "nom") -> str:
    """Hours and minutes as cardinals: "восемь тридцать", "восьми тридцати", full hour "тринадцати"."""
    hour = cardinal(t.hour, case)
    return hour if t.minute == 0 else f"{hour} {_minutes(t.minute, case)}"


def _range_point(t: time) -> str:
    if t.hour == 0 and t.minute == 0:
        return MIDNIGHT["gen"]
    return clock(t, "gen")


def time_range(start: time, end: time) -> str:
    """ "с восьми тридцати до семнадцати тридцати", "с тринадцати до четырнадцати"."""
    first = _range_point(start)
    return f"{_s(first)} {first} до {_range_point(end)}"


def until_time(t: time) -> str:
    """ "до тринадцати часов", "до двадцати одного часа", "до семнадцати тридцати", "до полуночи"."""
    if t.minute or (t.hour == 0 and t.minute == 0):
        return f"до {_range_point(t)}"
    return f"до {cardinal(t.hour, 'gen')} {'часа' if t.hour % 10 == 1 and t.hour != 11 else 'часов'}"


def at_time(t: time) -> str:
    """ "в четырнадцать часов", "в восемь тридцать", "в полночь".

    Full hours name the hour with "час/часа/часов" (a bare "в четырнадцать" sounds clipped);
    with minutes the usual spoken form is two cardinals, "в восемь тридцать".
    """
    if t.minute == 0:
        if t.hour == 0:
            return AT_MIDNIGHT
        if t.hour == 1:
            return AT_ONE
        words = f"{cardinal(t.hour)} {plural(t.hour, HOURS)}"
    else:
        words = clock(t)
    return f"{_v(words)} {words}"


# --------------------------------------------------------------------------------------------
# Weekdays and dates
# --------------------------------------------------------------------------------------------
def weekday_name(weekday: int, form: str = "nom") -> str:
    """nom "понедельник", on "в понедельник"/"во вторник", from "с понедельника", to "по пятницу"."""
    return WEEKDAYS[weekday][WEEKDAY_FORMS[form]]


def weekday_range(first: int, last: int) -> str:
    """ "с понедельника по пятницу"; one day: "в субботу"."""
    if first == last:
        return weekday_name(first, "on")
    return f"{weekday_name(first, 'from')} {weekday_name(last, 'to')}"


def weekday_list(days: Sequence[int]) -> str:
    """ "в субботу и в воскресенье" (the preposition repeated: "в субботу и во вторник" stays right)."""
    phrases = [weekday_name(d, "on") for d in days]
    if len(phrases) == 1:
        return phrases[0]
    return f"{', '.join(phrases[:-1])} и {phrases[-1]}"


def _date(d: date, case: str, with_year: bool) -> str:
    words = f"{ordinal(d.day, case, 'n')} {MONTHS_GENITIVE[d.month - 1]}"
    if with_year:
        # The year stays in the genitive whatever the day's case: "к двадцать седьмому ноября
        # две тысячи двадцать седьмого года".
        words += f" {ordinal(d.year, 'gen', 'm')} {YEAR_WORD['gen']}"
    return words


def date_words(d: date, relative: int | None, with_year: bool) -> str:
    """ "двадцать седьмое ноября" (neuter ordinal, nominative, + month in the genitive)."""
    if relative is not None:
        return RELATIVE_DAYS[relative]
    return _date(d, "nom", with_year)


def on_weekday_date(d: date, with_year: bool) -> str:
    """ "в субботу, двадцать пятого апреля"."""
    return f"{weekday_name(d.weekday(), 'on')}, {_date(d, 'gen', with_year)}"


def on_date(d: date, relative: int | None, with_year: bool) -> str:
    """ "двадцать седьмого ноября" — the genitive: "откроется двадцать седьмого ноября"."""
    if relative is not None:
        return RELATIVE_DAYS[relative]
    return _date(d, "gen", with_year)


# --------------------------------------------------------------------------------------------
# Numbers in free text (used by ivr.phrases.spell_out_numbers)
# --------------------------------------------------------------------------------------------
# The case a preposition puts a number into. "с" can also take the instrumental ("с двумя"),
# but with numbers in announcements it is almost always "from" (с 8.30, с 1 декабря, с 5 лет).
GENITIVE_PREPOSITIONS = {
    "с", "со", "до", "от", "ото", "после", "около", "из", "изо", "без", "для", "у", "кроме",
    "более", "менее", "свыше", "больше", "меньше", "среди", "вместо", "возле",
}
DATIVE_PREPOSITIONS = {"к", "ко", "согласно", "благодаря"}
PREPOSITIONAL_PREPOSITIONS = {"о", "об", "обо", "при"}
ACCUSATIVE_DATE_PREPOSITIONS = {"по", "на"}  # "по 5 декабря" -> "по пятое декабря"

_MONTH_AFTER = re.compile(
    r"(?:\s*(?:[-–—]|по|до|и)\s*\d{1,2})?\s+(?:" + "|".join(MONTHS_GENITIVE) + r")(?![^\W_])",
    re.IGNORECASE,
)
_YEAR_AFTER = re.compile(r"\s+(год|года|году|годом|г\.)(?![^\W_])", re.IGNORECASE)
# Hyphenated endings of ordinals written with digits: "2-го", "5-й", "90-х"... Some endings are
# ambiguous ("5-й" is "пятый" or "пятой", "2-м" is "втором" or "вторым"); the table gives the
# reading that is most common in notices ("5-й кабинет", "на 2-м этаже").
ORDINAL_SUFFIXES: dict[str, tuple[str, str]] = {
    "й": ("nom", "m"), "ый": ("nom", "m"), "ий": ("nom", "m"), "ой": ("nom", "m"),
    "я": ("nom", "f"), "ая": ("nom", "f"), "яя": ("nom", "f"),
    "е": ("nom", "n"), "ое": ("nom", "n"), "ее": ("nom", "n"),
    "го": ("gen", "m"), "ого": ("gen", "m"), "его": ("gen", "m"),
    "му": ("dat", "m"), "ому": ("dat", "m"), "ему": ("dat", "m"),
    "м": ("loc", "m"), "ом": ("loc", "m"), "ем": ("loc", "m"),
    "ым": ("ins", "m"), "им": ("ins", "m"),
    "ю": ("acc", "f"), "ую": ("acc", "f"),
    "х": ("loc", "pl"), "ых": ("loc", "pl"), "их": ("loc", "pl"),
    "ые": ("nom", "pl"), "ие": ("nom", "pl"),
}
# Masculine nouns in -а/-я: "2 мужчины" is "два", not "две".
_MASCULINE_A_STEMS = ("мужчин", "юнош", "дедушк", "старост")
_MASCULINE_A_WORDS = {"папа", "папы", "дядя", "дяди", "судья", "судьи"}
# Neuter nominatives we recognise: -о (место), -ие/-ье (здание, жильё); a bare -е could be the
# prepositional of any noun ("в 1 классе").
_NEUTER_ENDINGS = ("о", "ие", "ье", "ьё")
# Prepositions after which "1 ...у/ю" is an accusative feminine: "на 1 неделю" -> "на одну неделю".
_ACCUSATIVE_PREPOSITIONS = {"в", "во", "на", "за", "про", "через", "под"}
# Prepositions after which a noun in -ах/-ях is prepositional plural: "в 5 классах".
_LOCATIVE_PREPOSITIONS = {"в", "во", "на", "о", "об", "при"}
# Feminine nouns with a soft-sign ending we recognise (новость, область, ночь, помощь), not "гость".
_FEMININE_SOFT = re.compile(r"(?<!го)(?<!те)сть$|(чь|шь|щь|жь)$")


def preposition_before(prev: str, words: str, kind: str) -> str | None:
    """The right form of the preposition the clerk wrote before a number, now that the number is
    words: "с 2 мая" -> "со второго мая", "в 2-м" -> "во втором", "к 2 марта" -> "ко второму"."""
    if prev in ("с", "со"):
        return _s(words)
    if prev in ("в", "во"):
        return _v(words)
    if prev in ("к", "ко"):
        return "ко" if re.match(r"вт|мн|вс", words) else "к"
    return None


def _case_after(prev: str) -> str:
    if prev in GENITIVE_PREPOSITIONS:
        return "gen"
    if prev in DATIVE_PREPOSITIONS:
        return "dat"
    if prev in PREPOSITIONAL_PREPOSITIONS:
        return "loc"
    return "nom"


def spell_time(t: time, prev: str, after: str) -> str:
    """A clock time in running text: "с 8.30 до 17.00" -> "с восьми тридцати до семнадцати ноль-ноль"."""
    case = _case_after(prev)
    if case == "loc":
        case = "nom"
    hour = cardinal(t.hour, case)
    return f"{hour} {ZERO_ZERO}" if t.minute == 0 else f"{hour} {_minutes(t.minute, case)}"


def _date_case(prev: str) -> str:
    if prev in ACCUSATIVE_DATE_PREPOSITIONS:
        return "acc"
    if prev in DATIVE_PREPOSITIONS:
        return "dat"
    # A date on its own is an adverbial of time, which is genitive: "27 ноября состоится ...".
    return "gen"


def spell_date(d: date, prev: str, after: str) -> tuple[str, int]:
    """A numeric date "27.11.2025" in running text, genitive unless "по"/"на"/"к" precedes.
    A "г."/"года" the clerk wrote after it is taken in (the words already end in "года")."""
    return _date(d, _date_case(prev), with_year=True), _year_word_after(after)


_YEAR_WORD_AFTER_DATE = re.compile(r"\s*(?:года|году|г\.)(?![^\W_])", re.IGNORECASE)


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
    """ "2,5" -> "две целых пять десятых" (up to three decimals; more are read digit by digit)."""
    if len(fraction) > 3:
        return f"{cardinal(int(whole))} запятая {digits(fraction)}"
    return num2words(f"{int(whole)}.{fraction}", lang="ru")


def spell_int(n: int, suffix: str | None, prev: str, after: str, before: str = "") -> tuple[str, int]:
    """An integer in running text. Returns the words and how many characters of ``after`` they
    replace (the abbreviation "г." becomes a word)."""
    if suffix:
        key = suffix.lower()
        # Case endings of cardinals: "5-ти" = пяти, "7-ми" = семи, "2-х" = двух, "2-мя" = двумя.
        if key == "ти" or (key == "ми" and n % 10 in (7, 8)) or (key == "х" and n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14)):
            return cardinal(n, "gen"), 0
        if key == "мя":
            return cardinal(n, "ins"), 0
        if key in ORDINAL_SUFFIXES:
            case, gender = ORDINAL_SUFFIXES[key]
            return ordinal(n, case, gender), 0
        return f"{cardinal(n)}-{suffix}", 0
    if 1 <= n <= 31 and _MONTH_AFTER.match(after):
        return ordinal(n, _date_case(prev), "n"), 0
    year = _YEAR_AFTER.match(after)
    if year:
        word = year.group(1).lower()
        if word == "г.":
            if prev in ("в", "во"):
                case = "loc"
            elif prev in GENITIVE_PREPOSITIONS or prev in MONTHS_GENITIVE:
                case = "gen"
            elif prev in DATIVE_PREPOSITIONS:
                case = "dat"
            else:
                case = "nom"
            replacement = YEAR_WORD[case]
            consumed = year.end()
            rest = after[consumed:]
            if _ends_sentence(rest):
                replacement += "."  # the abbreviation's dot also ended the sentence
            return f"{ordinal(n, case, 'm')} {replacement}", consumed
        case = {"год": "nom", "года": "gen", "году": "loc" if prev in ("в", "во") else "dat",
                "годом": "ins"}[word]
        return ordinal(n, case, "m"), 0
    case = _case_after(prev)
    if case == "nom" and prev in _ACCUSATIVE_PREPOSITIONS and re.match(r"\s+[^\W\d_]{2,}[ую](?![^\W_])", after):
        case = "acc"  # "на 1 неделю" -> "на одну неделю", "за 21 минуту"
    if case == "nom" and prev in _LOCATIVE_PREPOSITIONS and re.match(r"\s+[^\W\d_]{2,}[ая]х(?![^\W_])", after):
        case = "loc"  # "в 5 классах" -> "в пяти классах"
    return cardinal(n, case, _gender_of_next(n, after, case)), 0


def _gender_of_next(n: int, after: str, case: str) -> str:
    # "1 новость" -> "одна новость", "2 недели" -> "две недели", "1 место" -> "одно место":
    # a guess from the next word's ending (masculine, the plain reading, when unsure).
    m = re.match(r"\s+([^\W\d_]{3,})", after)
    if not m:
        return "m"
    noun = m.group(1).lower()
    if noun.startswith(_MASCULINE_A_STEMS) or noun in _MASCULINE_A_WORDS:
        return "m"
    last_two = n % 100
    if n % 10 == 2 and last_two != 12 and case in ("nom", "acc"):
        # after 2 the noun is in the genitive singular: feminine -ы/-и, masculine/neuter -а/-я
        return "f" if noun.endswith(("ы", "и")) else "m"
    if n % 10 != 1 or last_two == 11:
        return "m"
    if case == "acc" and noun.endswith(("у", "ю")):
        return "f"
    if case in ("nom", "acc"):
        if noun.endswith(("а", "я")) or _FEMININE_SOFT.search(noun):
            return "f"
        if noun.endswith(_NEUTER_ENDINGS):
            return "n"
    elif case == "gen" and noun.endswith(("ы", "и")):  # "до 1 недели" -> "до одной недели"
        return "f"
    return "m"


# The public web page's own words (headings and labels), for a reviewer of this language.
PAGE_LABELS = {
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
    "pre_holiday_hours": "предпраздничный день, {range}",
    "changed_hours": "другие часы работы, {range}",
    "calendar_link": "Календарь праздников и закрытий (iCalendar)",
    "notice": "Важное объявление",
    "services": "Службы и их часы работы",
    "differs": "Ближайшие дни, когда часы работы другие",
    "service_calendar": "Календарь этой службы (iCalendar)",
    "service_hours_caption": "Часы работы по дням недели: {name}",
    "contacts": "Адрес и телефоны",
    "address": "Адрес",
    "hotline": "Горячая линия",
    "phones": "Телефоны приёмной",
    "fax": "Факс",
    "email": "Электронная почта",
    "web": "Сайт",
    # Receptions, direct lines and where to go (issue 18).
    "receptions": "Личный приём и прямые линии",
    "reception": "Личный приём",
    "direct_line": "Прямая телефонная линия",
    "no_receptions": "Ближайших приёмов и прямых линий пока нет.",
    "place": "Место",
    "signup": "Запись",
    "phone": "Телефон",
    "directory": "Куда обратиться",
    "topic.emergency": "Экстренные службы",
    "topic.housing": "Жильё и коммунальные услуги",
    "topic.health": "Медицинская помощь",
    "topic.social": "Социальная помощь",
    "receptions_calendar_link": "Календарь приёмов и прямых линий (iCalendar)",
    "news": "Новости",
    "no_news": "Сейчас новостей нет.",
    "published": "Опубликовано",
    "data_link": "Те же сведения в формате JSON",
    "footer_note": "Всё это можно услышать и по телефону горячей линии:",
    "call_hotline": "Позвонить на горячую линию",
    "procedures": "Документы и административные процедуры",
    "procedures_link": "Документы и процедуры",
    "procedures_intro": "Что нужно для административной процедуры: документы, плата, срок и куда обращаться. По телефону: кнопка 4 в главном меню.",
    "procedure_search": "Поиск по номеру или словам",
    "procedure_search_button": "Найти",
    "procedure_found": "Найдено процедур: {count}",
    "procedure_none": "Ничего не найдено.",
    "documents": "Документы",
    "no_documents": "Документы приносить не нужно.",
    "fee": "Плата",
    "term": "Срок",
    "validity": "Срок действия",
    "where": "Куда обращаться",
    "source": "Источник",
    "topic.housing": "Жильё",
    "topic.family": "Семья и дети",
    "topic.social": "Социальная поддержка",
    "topic.land": "Земля и строительство",
    "topic.documents": "Документы и регистрация",
    "request_link": "Узнать статус обращения по номеру",
    "request_title": "Статус обращения",
    "request_intro": "Номер обращения вы услышали в конце звонка и получили в СМС. Статус показываем только "
                     "вместе с последними четырьмя цифрами телефона, с которого оставлено обращение.",
    "request_reference": "Номер обращения (5 цифр)",
    "request_last_four": "Последние 4 цифры вашего телефона",
    "request_show": "Показать статус",
    "request_bad": "Нужны 5 цифр номера обращения и 4 цифры телефона.",
    "request_none": "Обращение с такими номерами не найдено. Проверьте цифры.",
    "request_wait": "Слишком много попыток. Попробуйте снова через {seconds} с.",
    "request_filed": "Поступило {date}",
    "request_status.new": "Получено, ждёт рассмотрения",
    "request_status.in_progress": "В работе",
    "request_status.done": "Дан ответ",
    "request_status.forwarded": "Передано для рассмотрения: {body}",
    "request_note": "Пояснение: {note}",
    "request_law": "Сообщение по телефону не является обращением по Закону «Об обращениях граждан и юридических лиц». "
                   "Официальное обращение подают письменно, в электронном виде на сайте обращения.бел или устно на личном приёме.",
    "back_to_page": "На главную страницу",
}

# Month names as a written date uses them ("30 ...").
WRITTEN_MONTHS = MONTHS_GENITIVE

# Abbreviations in clerk-typed text, written out: short form -> (word, {word before it: the form after it}).
ABBREVIATIONS = {"тел.": ("телефон", {"по": "телефону"})}
# The signs of an e-mail or web address, as they are read out.
ADDRESS_SIGNS = {"@": "собака", ".": "точка", "/": "слэш", "-": "дефис", "_": "нижнее подчёркивание"}

# Words the call puts between other words: "plus" before a number read back, "and" before a list's last item.
PLUS = "плюс"
AND = "и"

# The last words of a call when even the office's own apology cannot be read (the database is gone).
APOLOGY = "Извините, произошла ошибка. До свидания!"
