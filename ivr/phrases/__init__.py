"""Numbers, times, dates, weekdays and phone numbers written out in words, per language.

Text-to-speech voices read digits badly and know no grammar ("с 8:30" comes out as "с восемь
тридцать"), so everything the hotline says is built here, with the right case and gender.

Layout: this module checks arguments, does the language-independent parsing (splitting phone
numbers into groups, finding numbers in free text) and dispatches on ``lang``; the words and the
grammar live in one module per language — ``ru``, ``be``, ``en`` — for a native speaker to review.
Pronunciation fixes for single words are in ``ivr.phrases.pronunciation``.

Every function takes ``lang``, one of ``ivr.languages.CODES``, and raises ``ValueError`` for anything
else. A language's module is ``ivr/phrases/<code>.py``: adding one needs no change here.
"""
from __future__ import annotations

import importlib
import re
from datetime import date, time
from types import ModuleType
from typing import Sequence

from ivr import languages

__all__ = [
    "LANGUAGES",
    "at_time",
    "count_of",
    "date_words",
    "digits",
    "expand_abbreviations",
    "item_of",
    "number",
    "on_date",
    "on_weekday_date",
    "phone_number",
    "plural",
    "postal_code",
    "spell_out_numbers",
    "time_range",
    "tidy",
    "weekday_list",
    "weekday_name",
    "weekday_range",
    "web_address",
]

LANGUAGES = languages.CODES
_MODULES: dict[str, ModuleType] = {code: importlib.import_module(f"ivr.phrases.{code}") for code in LANGUAGES}
WEEKDAY_FORMS = ("nom", "on", "from", "to")


def language_module(lang: str) -> ModuleType:
    """The module with ``lang``'s words and grammar (ValueError for a language we don't have)."""
    try:
        return _MODULES[lang]
    except (KeyError, TypeError):
        raise ValueError(f"unsupported language {lang!r}; expected one of {', '.join(LANGUAGES)}") from None




def _check_time(t: object, name: str) -> time:
    if not isinstance(t, time):
        raise TypeError(f"{name} must be a datetime.time, got {t!r}")
    return t


def _check_weekday(weekday: object) -> int:
    if isinstance(weekday, bool) or not isinstance(weekday, int) or not 0 <= weekday <= 6:
        raise ValueError(f"weekday must be 0 (Monday) .. 6 (Sunday), got {weekday!r}")
    return weekday


def _check_int(n: object, name: str = "n") -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"{name} must be an int, got {n!r}")
    return n


# --------------------------------------------------------------------------------------------
# Times, weekdays, dates
# --------------------------------------------------------------------------------------------
def time_range(start: time, end: time, lang: str) -> str:
    """Opening hours: ru "с восьми тридцати до семнадцати тридцати", be "з васьмі трыццаці да
    сямнаццаці трыццаці", en "from eight thirty a.m. to five thirty p.m."."""
    module = language_module(lang)
    return module.time_range(_check_time(start, "start"), _check_time(end, "end"))


def at_time(t: time, lang: str) -> str:
    """The moment something happens: ru "в четырнадцать часов" / "в восемь тридцать",
    be "а чатырнаццатай гадзіне" / "а восьмай трыццаць", en "at two p.m."."""
    module = language_module(lang)
    return module.at_time(_check_time(t, "t"))


def until_time(t: time, lang: str) -> str:
    """Until a moment: ru "до тринадцати часов" / "до семнадцати тридцати", be "да трынаццатай
    гадзіны" / "да сямнаццаці трыццаці", en "until one p.m."."""
    return language_module(lang).until_time(_check_time(t, "t"))


def weekday_name(weekday: int, lang: str, form: str = "nom") -> str:
    """Weekday 0=Monday..6=Sunday in a form: "nom" (понедельник), "on" (в понедельник / у
    панядзелак / on Monday), "from" (с понедельника / з панядзелка / Monday), "to" (по пятницу /
    па пятніцу / Friday)."""
    module = language_module(lang)
    if form not in WEEKDAY_FORMS:
        raise ValueError(f"form must be one of {', '.join(WEEKDAY_FORMS)}, got {form!r}")
    return module.weekday_name(_check_weekday(weekday), form)


def weekday_range(first: int, last: int, lang: str) -> str:
    """ru "с понедельника по пятницу", be "з панядзелка па пятніцу", en "Monday to Friday";
    the same day twice gives that day in the "on" form ("в субботу")."""
    module = language_module(lang)
    return module.weekday_range(_check_weekday(first), _check_weekday(last))


def weekday_list(days: Sequence[int], lang: str) -> str:
    """Several single days: ru "в субботу и в воскресенье", be "у суботу і ў нядзелю",
    en "on Saturday and Sunday"."""
    module = language_module(lang)
    checked = [_check_weekday(d) for d in days]
    if not checked:
        raise ValueError("weekday_list needs at least one day")
    return module.weekday_list(checked)


def _relative(d: date, today: date | None) -> tuple[int | None, bool]:
    if today is None:
        raise TypeError("today is required: pass the office's date (ivr.clock.today)")
    if not isinstance(d, date):
        raise TypeError(f"d must be a datetime.date, got {d!r}")
    # datetime is a date subclass; compare calendar days only.
    delta = (date(d.year, d.month, d.day) - date(today.year, today.month, today.day)).days
    return (delta if -1 <= delta <= 1 else None), d.year != today.year


def date_words(d: date, lang: str, today: date | None = None) -> str:
    """A date on its own: "сегодня"/"завтра"/"вчера" when close, else ru "двадцать седьмое
    ноября", be "дваццаць сёмае лістапада", en "November twenty-seventh"; the year is added only
    when it is not ``today``'s (ru "... две тысячи двадцать седьмого года", en "..., twenty
    twenty-seven"). ``today`` defaults to the machine's local date."""
    module = language_module(lang)
    relative, with_year = _relative(d, today)
    return module.date_words(d, relative, with_year)


def on_date(d: date, lang: str, today: date | None = None) -> str:
    """A date after a verb ("откроется ..."): ru "завтра" / "двадцать седьмого ноября",
    be "дваццаць сёмага лістапада", en "tomorrow" / "on November twenty-seventh"."""
    module = language_module(lang)
    relative, with_year = _relative(d, today)
    return module.on_date(d, relative, with_year)


def on_weekday_date(d: date, lang: str, today: date | None = None) -> str:
    """A day named by its weekday and date, after a verb: ru "в субботу, двадцать пятого апреля",
    be "у суботу, дваццаць пятага красавіка", en "on Saturday, April twenty-fifth" (the year only
    when it is not ``today``'s)."""
    module = language_module(lang)
    _relative_day, with_year = _relative(d, today)
    return module.on_weekday_date(d, with_year)


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------
def number(n: int, lang: str) -> str:
    """Cardinal, nominative (masculine where it matters): ru "двадцать один", be "дваццаць адзін"."""
    module = language_module(lang)
    return module.number(_check_int(n))


def plural(n: int, forms: tuple[str, str, str], lang: str) -> str:
    """The noun form for ``n``: forms = (one, few, many), e.g. ("новость", "новости", "новостей").

    ru/be: forms[0] for 1, 21, 101...; forms[1] for 2-4, 22-24...; forms[2] for 0, 5-20, 25...
    en: forms[0] for 1 (and -1), forms[2] for everything else; forms[1] is not used.
    """
    module = language_module(lang)
    if len(forms) != 3:
        raise ValueError(f"forms must be (one, few, many), got {forms!r}")
    return module.plural(_check_int(n), tuple(forms))


def count_of(i: int, n: int, lang: str) -> str:
    """ "номер один из пяти" / "нумар адзін з пяці" / "one of five" (masculine agreement;
    ``item_of`` agrees with the counted word)."""
    module = language_module(lang)
    return module.count_of(_check_int(i, "i"), _check_int(n))


def item_of(word_key: str, i: int, n: int, lang: str) -> str:
    """Item ``i`` of ``n``: for word_key "headline", ru "Новость номер один из пяти", be "Навіна
    нумар адзін з пяці", en "Headline one of five". The total agrees with the counted noun: ru
    "из двадцати одной" (новости), be "з дзвюх" (навін)."""
    module = language_module(lang)
    _check_int(i, "i"), _check_int(n)
    if not 1 <= i <= n:
        raise ValueError(f"item {i!r} of {n!r}: need 1 <= i <= n")
    if word_key not in module.ITEM_WORDS:
        raise ValueError(f"unknown word_key {word_key!r}; known: {', '.join(sorted(module.ITEM_WORDS))}")
    return module.item_of(word_key, _check_int(i, "i"), _check_int(n))


def digits(s: str, lang: str) -> str:
    """Digit by digit, ignoring anything that is not a digit: "223927" -> "два два три девять
    два семь"."""
    module = language_module(lang)
    only = re.sub(r"\D", "", str(s))
    if not only:
        raise ValueError(f"no digits in {s!r}")
    return module.digits(only)


def postal_code(code: str, lang: str) -> str:
    """A six-digit Belarusian postal code as two groups of three: ru "двести двадцать три,
    девятьсот двадцать семь", be "дзвесце дваццаць тры, дзевяцьсот дваццаць сем", en "two two
    three, nine two seven" (a group starting with 0 is read digit by digit)."""
    module = language_module(lang)
    only = re.sub(r"\D", "", str(code))
    if len(only) != 6:
        raise ValueError(f"a postal code has six digits, got {code!r}")
    return module.postal_code(only[:3], only[3:])


# --------------------------------------------------------------------------------------------
# Phone numbers
# --------------------------------------------------------------------------------------------
# Separators between groups: spaces, hyphens and dashes, brackets, dots, slashes, commas.
_PHONE_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212()\[\]{}./,]+")
# Calling codes a long "+..." run is split after; the rest of the world is split generically.
COUNTRY_CODES = ("375", "380", "370", "371", "372", "48", "7")


def _chunk(group: str) -> list[str]:
    """A group longer than four digits, cut into pairs from the right until at most three digits
    are left at the front: 5 -> 3-2 (282 60), 6 -> 2-2-2, 7 -> 3-2-2 (282 82 60), 8 -> 2-2-2-2.
    That is how numbers are written and dictated in Belarus ("222-33-44")."""
    if len(group) <= 4:
        return [group]
    tail: list[str] = []
    while len(group) > 3:
        group, pair = group[:-2], group[-2:]
        tail.insert(0, pair)
    return [group] + tail


def phone_groups(number: str) -> tuple[bool, list[str]]:
    """(has a leading plus, the digit groups as a person dictates them).

    Groups are what the text separates with spaces, hyphens, brackets or dots; other characters
    are ignored. A group in brackets is an area code and stays one group ("(01719)"). An
    unformatted run is split sensibly: "+375291234567" -> 375 29 123 45 67, "80291234567" ->
    8 029 123 45 67; any other group over four digits goes through ``_chunk``.
    """
    text = str(number)
    first_digit = re.search(r"\d", text)
    if not first_digit:
        raise ValueError(f"no digits in phone number {number!r}")
    plus = "+" in text[: first_digit.start()]
    # (group, written in brackets) in the order written
    raw: list[tuple[str, bool]] = []
    for bracketed, loose in re.findall(r"\(([^()]*)\)|([^()]+)", text):
        if bracketed:
            whole = re.sub(r"\D", "", bracketed)
            raw += [(whole, True)] if whole else []
        else:
            spaced = _PHONE_SEPARATORS.sub(" ", loose)
            raw += [(g, False) for g in re.sub(r"[^\d ]", "", spaced).split() if g]
    groups: list[str] = []
    for index, (group, bracketed) in enumerate(raw):
        if bracketed:
            groups.append(group)
            continue
        if index == 0 and plus and len(group) > 4:
            code = next((c for c in COUNTRY_CODES if group.startswith(c)), None)
            if code:
                groups.append(code)
                group = group[len(code):]
                if code == "375" and len(group) == 9:
                    # Belarus: a two-digit operator or Minsk code, then seven digits.
                    groups.append(group[:2])
                    group = group[2:]
        elif index == 0 and not plus and len(group) == 11 and group.startswith("80"):
            # Domestic long-distance: 8, a three-digit code, seven digits.
            groups += [group[0], group[1:4]]
            group = group[4:]
        if group:
            groups += _chunk(group)
    return plus, groups


# How the call reads a number (an office may set it per number):
# "dialled"       as dialled from a Belarusian phone: 8, the area code with its 0, digit by digit,
#                 then the subscriber's groups ("восемь, ноль один семь один девять, двадцать восемь, …");
# "international" as written with +375, the country and area codes digit by digit;
# "local"         the subscriber's groups only, for callers in the district ("двадцать восемь, два, шестьдесят").
PHONE_READINGS = ("dialled", "international", "local")
BELARUS = "375"


def _as_read(plus: bool, groups: list[str], reading: str) -> tuple[bool, list[str], int]:
    """(plus, groups, how many leading groups are read digit by digit) for ``reading``."""
    if reading not in PHONE_READINGS:
        raise ValueError(f"reading must be one of {', '.join(PHONE_READINGS)}, got {reading!r}")
    belarusian = plus and groups[0] == BELARUS and len(groups) > 2
    domestic = not plus and len(groups) > 2 and groups[0] == "8" and groups[1].startswith("0")
    if reading == "international":
        return plus, groups, (2 if belarusian else 1 if plus else 0)
    if reading == "local" and (belarusian or domestic):
        return False, groups[2:], 0
    if belarusian:
        return False, ["8", "0" + groups[1], *groups[2:]], 0
    return plus, groups, (1 if plus else 0)


def phone_number(number: str, lang: str, reading: str = "dialled") -> str:
    """A phone number read as a person dictates it, group by group; a Belarusian number as it is
    dialled from a Belarusian phone (``reading``, see ``PHONE_READINGS``): "+375 (1719) 28-2-60"
    -> ru "восемь, ноль один семь один девять, двадцать восемь, два, шестьдесят"; en "eight,
    zero one seven one nine, two eight, two, six zero". A group with a leading zero, a country
    code and an area code are read digit by digit; see ``phone_groups`` for how groups are found.
    ValueError if there are no digits.
    """
    module = language_module(lang)
    plus, groups, spelled = _as_read(*phone_groups(number), reading)
    return module.phone_number(groups, plus, spelled)


def web_address(address: str, lang: str) -> str:
    """An e-mail or web address as it is read out, its signs in words and without "https://":
    "kopyl@mail.by" -> ru "kopyl собака mail точка by", en "kopyl at mail dot by"."""
    module = language_module(lang)
    bare = re.sub(r"^[a-z]+://", "", str(address).strip(), flags=re.IGNORECASE).rstrip("/")
    spoken = re.sub(r"[@./_-]", lambda m: f" {module.ADDRESS_SIGNS[m.group()]} ", bare)
    return " ".join(spoken.split())


# --------------------------------------------------------------------------------------------
# Free text
# --------------------------------------------------------------------------------------------
_GLUE = r"(?<![^\W_])"  # not glued to a letter or digit on the left
_SPACE = "[ \u00a0\u202f]"
# Units after which "12.50" is an amount, not a time.
_UNITS = r"(?!\s?(?:руб|р\.|коп|BYN|Br|%|кг|км|га\b|тыс|млн|млрд|kg|km|million|billion))"


def _token_pattern(lang: str) -> re.Pattern[str]:
    if lang == "en":
        thousands = r"\d{1,3}(?:,\d{3})+(?![,\d])"
        decimal = r"(?P<whole>\d+)\.(?P<fraction>\d+)(?![.,]?\d)"
    else:
        thousands = rf"\d{{1,3}}(?:{_SPACE}\d{{3}})+(?!\d)"
        decimal = r"(?P<whole>\d+)[.,](?P<fraction>\d+)(?![.,]?\d)"
    return re.compile(
        rf"""
        {_GLUE}
        (?:
            (?P<iso>\d{{4}}-\d{{2}}-\d{{2}})(?![-\d])
          | (?P<dmy>\d{{1,2}}\.\d{{1,2}}\.(?:\d{{4}}|\d{{2}})|\d{{1,2}}(?P<sep>[/-])\d{{1,2}}(?P=sep)\d{{4}})(?!\.?\d)
          | (?P<phone>
                \+\d+(?:[ \u00a0.\-]{{1,2}}(?:\(\d+\)|\d+)|\(\d+\))*
              | (?:\d+{_SPACE}?)?\(\d+\)(?:[ \u00a0.\-]{{0,2}}\d+)+
              | \d+(?:-\d+){{2,}}
            )
          | (?<![$€£])(?P<time>(?:[01]?\d|2[0-3])[:.][0-5]\d)(?![.,:]?\d){_UNITS}
          | {decimal}
          | (?P<int>{thousands}|\d+)(?P<suffix>-[^\W\d_]{{1,4}}|(?:st|nd|rd|th)(?![^\W_]))?
        )
        (?![^\W_])
        """,
        re.VERBOSE,
    )


_TOKEN_PATTERNS = {lang: _token_pattern(lang) for lang in LANGUAGES}
_PREV_WORD = re.compile(r"([^\W\d_]+)[ \u00a0]*$")
_CONTEXT = 60  # characters of text before a number that the language modules may look at


def _date_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _each_number(token: str, module: ModuleType) -> str:
    # Fallback for something that looked like a date but is not one: read each number.
    return re.sub(r"\d+", lambda m: module.number(int(m.group())), token)


def expand_abbreviations(text: str, lang: str) -> str:
    """The abbreviations of the language's ``ABBREVIATIONS`` table written out: ru "тел." ->
    "телефон" ("по тел." -> "по телефону"), be "тэл." -> "тэлефон", en "tel." -> "phone"."""
    module = language_module(lang)
    for short, (word, after_word) in getattr(module, "ABBREVIATIONS", {}).items():
        pattern = re.compile(rf"{_GLUE}(?:([^\W\d_]+)(\s+))?({re.escape(short)})", re.IGNORECASE)

        def full(m: re.Match[str], word: str = word, after_word: dict[str, str] = after_word) -> str:
            prev, space = m.group(1) or "", m.group(2) or ""
            spoken = after_word.get(prev.lower(), word)
            return prev + space + (spoken.capitalize() if m.group(3)[0].isupper() else spoken)

        text = pattern.sub(full, text)
    return text


def spell_out_numbers(text: str, lang: str) -> str:
    """Write the numbers in clerk-typed text (a headline, a notice) out in words, leaving the rest
    untouched, so a voice does not have to read digits; abbreviations of the words around them
    ("тел.") are written out too (``expand_abbreviations``).

    - times "8.30", "8:30", "13.00": ru "восемь тридцать", "тринадцать ноль-ноль" (genitive after
      "с/до/от": "с восьми тридцати до семнадцати ноль-ноль"); be alike, and after "а" the
      announcement form ("а 14.00" -> "а чатырнаццатай гадзіне"); en "eight thirty a.m.";
    - dates "27.11.2025", "2025-11-27" and "27 ноября": ordinals in the right case (genitive by
      default: "двадцать седьмого ноября"), years before "год/года/году/г." as ordinals;
    - phone numbers ("+375 ...", "8 (017) ...", "28-2-60") as ``phone_number`` reads them;
    - other integers as cardinals, nominative, in the case a preposition just before asks for
      ("до 5 дней" -> "до пяти дней") and, for 1 and 2, in the gender the next noun suggests
      ("1 новость" -> "одна новость"); "2-го" / "5-й" style ordinals by their ending; decimals.
    """
    module = language_module(lang)
    text = expand_abbreviations(text, lang)
    pattern = _TOKEN_PATTERNS[lang]
    out: list[str] = []
    pos = 0
    for match in pattern.finditer(text):
        start, end = match.span()
        if start < pos:
            continue  # inside text an earlier number already replaced ("2025 г.")
        # The context a language module looks at: the word just before (for its preposition),
        # a little of the text before (en: "November 27, 2025"), the text after (a month, "г.").
        window = max(0, start - _CONTEXT)
        before, after = text[window:start], text[end:]
        prev_match = _PREV_WORD.search(before)
        prev = prev_match.group(1).lower() if prev_match else ""
        try:
            words, consumed = _spell_token(match, module, prev, before, after)
        except (ValueError, KeyError, IndexError, OverflowError):
            # Clerk-typed text must always be spoken: a number we cannot put into words (an
            # absurdly large ordinal, say) is left as written for the voice to read.
            words, consumed = match.group(), 0
        chunk = text[pos:start]
        if prev_match and window + prev_match.start(1) >= pos:
            # "с 2 мая" -> "со второго мая", "а 11.00" -> "аб адзінаццатай гадзіне"
            kind = next(k for k in ("iso", "dmy", "phone", "time", "whole", "int") if match.group(k) is not None)
            better = module.preposition_before(prev, words, kind)
            if better and better != prev:
                original = prev_match.group(1)
                if original.isupper() and len(original) > 1:
                    better = better.upper()
                elif original[0].isupper():
                    better = better[0].upper() + better[1:]
                cut = window + prev_match.start(1) - pos
                chunk = chunk[:cut] + better + chunk[cut + len(original):]
        out.append(chunk)
        out.append(words)
        pos = end + consumed
    out.append(text[pos:])
    return "".join(out)


def _spell_token(match: re.Match[str], module: ModuleType, prev: str, before: str, after: str) -> tuple[str, int]:
    token = match.group()
    if match.group("iso"):
        y, m, d = (int(x) for x in token.split("-"))
        parsed = _date_or_none(y, m, d)
        return module.spell_date(parsed, prev, after) if parsed else (_each_number(token, module), 0)
    if match.group("dmy"):
        d, m, y = (int(x) for x in re.split(r"[./-]", token))
        if y < 100:
            y += 2000
        parsed = _date_or_none(y, m, d)
        return module.spell_date(parsed, prev, after) if parsed else (_each_number(token, module), 0)
    if match.group("phone"):
        plus, groups, spelled = _as_read(*phone_groups(token), "dialled")
        return module.phone_number(groups, plus, spelled), 0
    if match.group("time"):
        hours, minutes = re.split(r"[:.]", token)
        return module.spell_time(time(int(hours), int(minutes)), prev, after), 0
    if match.group("whole") is not None:
        return module.spell_decimal(match.group("whole"), match.group("fraction")), 0
    raw = match.group("int")
    number_digits = re.sub(r"\D", "", raw)
    suffix = match.group("suffix")
    if raw == number_digits and (len(raw) > 1 and raw.startswith("0") or len(raw) > 6):
        # "007", or a long unformatted run (an account or tax number): digit by digit.
        return module.digits(raw) + (suffix or ""), 0
    return module.spell_int(int(number_digits), suffix.lstrip("-") if suffix else None, prev, after, before)


def tidy(text: str, lang: str) -> str:
    """A finished sentence with the language's own spelling rules applied (``tidy`` in its module,
    e.g. Belarusian «у» → «ў» after a vowel), for sentences assembled from a template and
    separately built words."""
    module = language_module(lang)
    return module.tidy(text) if hasattr(module, "tidy") else text
