"""The staff forms as plain functions: form fields in, a new Office (or the problems) out.

Each part of the office a page edits is a *section*. A section turns the office into the form's
fields (``values``), reads a submitted form back into a new office (``parse``, returning
``(office_or_None, problems_by_field)``: nothing is changed unless every field is right), and says
which data it covers (``data``), so that an edit made on top of an older revision can be told apart
from a real conflict (someone else changed the same thing).

No Flask here: problems are codes with parameters, put into words by ``ivr.staff.i18n``.
"""
from __future__ import annotations

import re
import secrets
import string
from dataclasses import dataclass, field, replace
from datetime import date, time
from typing import Any, Mapping

from ivr import phrases
from ivr.content.office import WEEKDAY_KEYS, Headline, Office, office_to_dict
from ivr.content.prompts import DEFAULT_TEXTS, placeholders
from ivr.schedule import Closure, DayHours, ExtraWorkday

Form = Mapping[str, str]

# Limits shown next to each field and checked here.
LIMITS = {
    "text": 400,  # a fixed prompt
    "name": 200,
    "address": 200,
    "reason": 150,  # a closure's reason, read in "the office is closed today: ..."
    "title": 150,
    "summary": 600,
    "word": 60,
    "spoken": 120,
    "phone": 40,
}
MAX_PHONES = 5
MAX_ROWS = 60  # closures, extra working days, pronunciation rows per language
MAX_CLOSURE_DAYS = 366
BLANK_ROWS = 2  # empty rows offered for adding a closure / working day
BLANK_WORDS = 3  # empty rows offered per language in the pronunciation table
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class Problem:
    """What is wrong with one field: a message code and the values the message needs."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


Problems = dict[str, Problem]


def problem(code: str, **params: Any) -> Problem:
    return Problem(code, params)


class Invalid(ValueError):
    """A value that cannot be read; carries the problem to show next to the field."""

    def __init__(self, found: Problem):
        super().__init__(found.code)
        self.problem = found


# -- single values ---------------------------------------------------------------------------------

_TIME = re.compile(r"(\d{1,2})(?:\s*[:.\- ]\s*(\d{2}))?")
_TIME_COMPACT = re.compile(r"(\d{1,2})(\d{2})")


def parse_time(raw: str) -> time:
    """'8:30', '08:30', '8.30', '0830' or '8' -> time(8, 30); Invalid otherwise."""
    text = raw.strip()
    found = _TIME.fullmatch(text) or _TIME_COMPACT.fullmatch(text)
    if not found:
        raise Invalid(problem("time_format"))
    hours, minutes = int(found.group(1)), int(found.group(2) or 0)
    if hours > 23 or minutes > 59:
        raise Invalid(problem("time_range"))
    return time(hours, minutes)


def format_time(value: time | None) -> str:
    return "" if value is None else value.strftime("%H:%M")


_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DATE_DMY = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")


def parse_date(raw: str) -> date:
    """'31.12.2026' or '2026-12-31' -> date; Invalid otherwise (or outside 2000..2100)."""
    text = raw.strip()
    if found := _DATE_ISO.fullmatch(text):
        year, month, day = (int(x) for x in found.groups())
    elif found := _DATE_DMY.fullmatch(text):
        day, month, year = (int(x) for x in found.groups())
    else:
        raise Invalid(problem("date_format"))
    try:
        value = date(year, month, day)
    except ValueError:
        raise Invalid(problem("date_invalid")) from None
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise Invalid(problem("date_year", first=FIRST_YEAR, last=LAST_YEAR))
    return value


def format_date(value: date | None) -> str:
    return "" if value is None else value.strftime("%d.%m.%Y")


def clean_text(raw: str | None) -> str:
    """A single-line text: surrounding space removed, runs of spaces and line breaks made one."""
    return " ".join((raw or "").split())


def speakable(text: str) -> bool:
    """Whether a voice can read anything in ``text``: it has a letter or a digit."""
    return any(ch.isalnum() for ch in text)


def check_text(text: str, limit_name: str, *, required: bool = True) -> Problem | None:
    """The problem with a text a voice will read, if any: empty, too long, or only symbols."""
    limit = LIMITS[limit_name]
    if not text:
        return problem("required") if required else None
    if len(text) > limit:
        return problem("too_long", limit=limit, length=len(text))
    if not speakable(text):
        return problem("unspeakable")
    return None


_PHONE_CHARS = re.compile(r"\+?[0-9 ()\-.\u00a0]+")


def check_phone(value: str, *, dialable: bool = False) -> Problem | None:
    """The problem with a phone number, if any.

    Digits with spaces, brackets, dots or hyphens between them, an optional leading '+', 5 to 15
    digits (the international maximum). A number calls are put through to must be international
    (+375 ...), as the telephone network dials it.
    """
    if not value:
        return problem("required")
    if len(value) > LIMITS["phone"]:
        return problem("too_long", limit=LIMITS["phone"], length=len(value))
    if not _PHONE_CHARS.fullmatch(value) or value.count("(") != value.count(")"):
        return problem("phone_chars")
    digits = re.sub(r"\D", "", value)
    if not 5 <= len(digits) <= 15:
        return problem("phone_digits")
    if dialable and (not value.startswith("+") or len(digits) < 8):
        return problem("phone_international")
    try:
        phrases.phone_number(value, "ru")
    except ValueError:
        return problem("phone_chars")
    return None


def _blank(form: Form, names: list[str]) -> bool:
    return all(not clean_text(form.get(name)) for name in names)


def _row_count(form: Form, prefix: str) -> int:
    """How many numbered rows (``prefix-0-...``, ``prefix-1-...``) the form has."""
    found = [int(m.group(1)) for key in form for m in [re.match(rf"{re.escape(prefix)}-(\d+)-", key)] if m]
    return min(max(found) + 1, MAX_ROWS) if found else 0


# -- hours -----------------------------------------------------------------------------------------

def _read_hours(form: Form, prefix: str, problems: Problems, *, required: bool) -> DayHours | None:
    """One day's hours from ``prefix_opens`` .. ``prefix_lunch_end``; problems go to those fields."""
    names = {part: f"{prefix}{part}" for part in ("opens", "closes", "lunch_start", "lunch_end")}
    raw = {part: clean_text(form.get(name)) for part, name in names.items()}
    if not required and not any(raw.values()):
        return None
    values: dict[str, time | None] = {}
    for part, text in raw.items():
        if not text:
            values[part] = None
            if part in ("opens", "closes"):
                problems[names[part]] = problem("required")
            continue
        try:
            values[part] = parse_time(text)
        except Invalid as exc:
            problems[names[part]] = exc.problem
            values[part] = None
    bad = any(names[p] in problems for p in names)
    opens, closes, start, end = values["opens"], values["closes"], values["lunch_start"], values["lunch_end"]
    if opens and closes and closes <= opens:
        problems[names["closes"]] = problem("close_after_open", opens=format_time(opens))
        bad = True
    if (raw["lunch_start"] == "") != (raw["lunch_end"] == ""):
        missing = "lunch_end" if raw["lunch_start"] else "lunch_start"
        problems.setdefault(names[missing], problem("lunch_both"))
        bad = True
    if start and end:
        if end <= start:
            problems[names["lunch_end"]] = problem("lunch_order", start=format_time(start))
            bad = True
        elif opens and closes and opens < closes and not (opens <= start and end <= closes):
            outside = "lunch_start" if start < opens or start >= closes else "lunch_end"
            problems[names[outside]] = problem("lunch_inside", opens=format_time(opens), closes=format_time(closes))
            bad = True
    if bad or opens is None or closes is None:
        return None
    return DayHours(opens=opens, closes=closes, lunch_start=start, lunch_end=end)


class HoursSection:
    """Weekly hours with lunch, the office's closures and its extra working days."""

    name = "hours"

    def __init__(self, languages: list[str]):
        self.languages = languages

    def data(self, office: Office) -> Any:
        raw = office_to_dict(office)
        return raw["week"], raw["closures"], raw["extra_workdays"]

    def values(self, office: Office) -> dict[str, str]:
        out: dict[str, str] = {}
        for index, key in enumerate(WEEKDAY_KEYS):
            hours = office.week.get(index)
            out[f"{key}_works"] = "1" if hours else ""
            out.update(self._hours_values(f"{key}_", hours))
        for i, closure in enumerate(office.closures):
            out[f"closure-{i}-start"] = format_date(closure.start)
            out[f"closure-{i}-end"] = format_date(closure.end)
            for lang in self.languages:
                out[f"closure-{i}-reason-{lang}"] = closure.reason.get(lang, "")
        for i, extra in enumerate(office.extra_workdays):
            out[f"extra-{i}-day"] = format_date(extra.day)
            out.update(self._hours_values(f"extra-{i}-", extra.hours))
        return out

    @staticmethod
    def _hours_values(prefix: str, hours: DayHours | None) -> dict[str, str]:
        return {
            f"{prefix}opens": format_time(hours.opens if hours else None),
            f"{prefix}closes": format_time(hours.closes if hours else None),
            f"{prefix}lunch_start": format_time(hours.lunch_start if hours else None),
            f"{prefix}lunch_end": format_time(hours.lunch_end if hours else None),
        }

    @staticmethod
    def rows(values: Form, prefix: str, existing: int) -> int:
        """How many rows a form shows: the submitted or saved ones plus blank ones for adding."""
        return min(max(_row_count(values, prefix), existing) + BLANK_ROWS, MAX_ROWS)

    def parse(self, form: Form, office: Office) -> tuple[Office | None, Problems]:
        problems: Problems = {}
        week: dict[int, DayHours | None] = {}
        for index, key in enumerate(WEEKDAY_KEYS):
            if form.get(f"{key}_works"):
                week[index] = _read_hours(form, f"{key}_", problems, required=True)
            else:
                week[index] = None
        closures = self._closures(form, problems)
        extra = self._extra_days(form, problems, week)
        if problems:
            return None, problems
        return office.with_changes(week=week, closures=tuple(closures), extra_workdays=tuple(extra)), problems

    def _closures(self, form: Form, problems: Problems) -> list[Closure]:
        out: list[Closure] = []
        for i in range(_row_count(form, "closure")):
            prefix = f"closure-{i}-"
            names = [prefix + "start", prefix + "end"] + [f"{prefix}reason-{lang}" for lang in self.languages]
            if form.get(prefix + "remove") or _blank(form, names):
                continue
            start = end = None
            start_raw, end_raw = clean_text(form.get(prefix + "start")), clean_text(form.get(prefix + "end"))
            if not start_raw:
                problems[prefix + "start"] = problem("required")
            else:
                try:
                    start = parse_date(start_raw)
                except Invalid as exc:
                    problems[prefix + "start"] = exc.problem
            if end_raw:
                try:
                    end = parse_date(end_raw)
                except Invalid as exc:
                    problems[prefix + "end"] = exc.problem
            else:
                end = start
            if start and end:
                if end < start:
                    problems[prefix + "end"] = problem("end_before_start", start=format_date(start))
                elif (end - start).days + 1 > MAX_CLOSURE_DAYS:
                    problems[prefix + "end"] = problem("closure_too_long", days=MAX_CLOSURE_DAYS)
            reasons = {}
            for lang in self.languages:
                name = f"{prefix}reason-{lang}"
                text = clean_text(form.get(name))
                if found := check_text(text, "reason"):
                    problems[name] = found
                reasons[lang] = text
            if start and end and not any(n in problems for n in names):
                out.append(Closure(start=start, end=end, reason=reasons))
        return out

    def _extra_days(self, form: Form, problems: Problems, week: Mapping[int, DayHours | None]) -> list[ExtraWorkday]:
        out: list[ExtraWorkday] = []
        seen: set[date] = set()
        has_usual = any(week.get(d) for d in range(5))
        for i in range(_row_count(form, "extra")):
            prefix = f"extra-{i}-"
            names = [prefix + p for p in ("day", "opens", "closes", "lunch_start", "lunch_end")]
            if form.get(prefix + "remove") or _blank(form, names):
                continue
            day = None
            raw = clean_text(form.get(prefix + "day"))
            if not raw:
                problems[prefix + "day"] = problem("required")
            else:
                try:
                    day = parse_date(raw)
                except Invalid as exc:
                    problems[prefix + "day"] = exc.problem
            if day is not None and day in seen:
                problems[prefix + "day"] = problem("day_twice")
            hours = _read_hours(form, prefix, problems, required=False)
            if hours is None and not any(n in problems for n in names[1:]) and not has_usual:
                problems[prefix + "opens"] = problem("extra_needs_hours")
            if day is not None and not any(n in problems for n in names):
                seen.add(day)
                out.append(ExtraWorkday(day=day, hours=hours))
        return out


# -- contacts --------------------------------------------------------------------------------------

class ContactsSection:
    """The office's name and address per language, postal code, phones, hot line, transfer number."""

    name = "contacts"

    def __init__(self, languages: list[str]):
        self.languages = languages

    def data(self, office: Office) -> Any:
        raw = office_to_dict(office)
        return {k: raw[k] for k in ("name", "address", "postal_code", "phones", "hotline", "transfer_number")}

    def values(self, office: Office) -> dict[str, str]:
        out = {"postal_code": office.postal_code, "hotline": office.hotline, "transfer_number": office.transfer_number}
        for lang in self.languages:
            out[f"name-{lang}"] = office.name.get(lang, "")
            out[f"address-{lang}"] = office.address.get(lang, "")
        for i in range(MAX_PHONES):
            out[f"phone-{i + 1}"] = office.phones[i] if i < len(office.phones) else ""
        return out

    def parse(self, form: Form, office: Office) -> tuple[Office | None, Problems]:
        problems: Problems = {}
        name, address = dict(office.name), dict(office.address)
        for lang in self.languages:
            for kind, target in (("name", name), ("address", address)):
                field_name = f"{kind}-{lang}"
                text = clean_text(form.get(field_name))
                if found := check_text(text, kind):
                    problems[field_name] = found
                target[lang] = text
        postal = clean_text(form.get("postal_code"))
        if postal and not re.fullmatch(r"\d{6}", postal.replace(" ", "")):
            problems["postal_code"] = problem("postal_code")
        phones = []
        for i in range(MAX_PHONES):
            field_name = f"phone-{i + 1}"
            text = clean_text(form.get(field_name))
            if not text:
                continue
            if found := check_phone(text):
                problems[field_name] = found
            phones.append(text)
        if not phones:
            problems["phone-1"] = problem("phone_one")
        for field_name, dialable in (("hotline", False), ("transfer_number", True)):
            if found := check_phone(clean_text(form.get(field_name)), dialable=dialable):
                problems[field_name] = found
        if problems:
            return None, problems
        return office.with_changes(
            name=name, address=address, postal_code=postal.replace(" ", ""), phones=tuple(phones),
            hotline=clean_text(form.get("hotline")), transfer_number=clean_text(form.get("transfer_number")),
        ), problems


# -- fixed prompts ---------------------------------------------------------------------------------

def required_placeholders(key: str, lang: str) -> list[str]:
    """The {names} a prompt's text must keep (those of its standard wording), in order."""
    template = DEFAULT_TEXTS[key][lang]
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def check_template(text: str, key: str, lang: str) -> Problem | None:
    """The problem with a clerk's wording of prompt ``key``, if any."""
    if found := check_text(text, "text"):
        return found
    try:
        used = placeholders(text)
    except ValueError:
        return problem("braces")
    allowed = set(required_placeholders(key, lang))
    unknown = sorted(used - allowed)
    if unknown:
        return problem("placeholder_unknown", names=", ".join("{" + n + "}" for n in unknown))
    missing = [n for n in required_placeholders(key, lang) if n not in used]
    if missing:
        return problem("placeholder_missing", names=", ".join("{" + n + "}" for n in missing))
    if not used and not speakable(text):
        return problem("unspeakable")  # (the filled-in names are words: "{position}. {title}." reads fine)
    return None


def prompt_keys(lang: str) -> list[str]:
    """The fixed prompts that have a standard wording in ``lang``, in their order."""
    return [key for key, defaults in DEFAULT_TEXTS.items() if defaults.get(lang)]


class TextsSection:
    """Every fixed prompt in one language: the office's own wording or the standard one."""

    name = "texts"

    def __init__(self, lang: str):
        self.lang = lang

    def data(self, office: Office) -> Any:
        return {key: office.texts.get(key, {}).get(self.lang) for key in prompt_keys(self.lang)}

    def values(self, office: Office) -> dict[str, str]:
        out = {}
        for key in prompt_keys(self.lang):
            defaults = DEFAULT_TEXTS[key]
            own = office.texts.get(key, {}).get(self.lang)
            out[f"text-{key}"] = own or defaults[self.lang]
        return out

    def parse(self, form: Form, office: Office) -> tuple[Office | None, Problems]:
        problems: Problems = {}
        texts = {key: dict(by_lang) for key, by_lang in office.texts.items()}
        for key in prompt_keys(self.lang):
            defaults = DEFAULT_TEXTS[key]
            field_name = f"text-{key}"
            own = texts.setdefault(key, {})
            if form.get(f"default-{key}"):
                own.pop(self.lang, None)
                continue
            text = clean_text(form.get(field_name))
            if found := check_template(text, key, self.lang):
                problems[field_name] = found
            elif text == defaults[self.lang]:
                own.pop(self.lang, None)
            else:
                own[self.lang] = text
        if problems:
            return None, problems
        return office.with_changes(texts={k: v for k, v in texts.items() if v}), problems


# -- headlines -------------------------------------------------------------------------------------

def new_headline_id(office: Office) -> str:
    taken = {h.id for h in office.headlines}
    while True:
        candidate = "h-" + secrets.token_hex(4)
        if candidate not in taken:
            return candidate


def find_headline(office: Office, headline_id: str) -> Headline | None:
    return next((h for h in office.headlines if h.id == headline_id), None)


def _order_key(headline: Headline) -> tuple[bool, date]:
    # The order callers hear (Office.visible_headlines): pinned first, then newest first.
    return headline.pinned, headline.published or date.min


def headline_order(office: Office) -> list[Headline]:
    """Every headline (hidden ones too) in the order callers hear them."""
    return sorted(office.headlines, key=_order_key, reverse=True)


class HeadlineSection:
    """One headline (``headline_id``), or a new one (None): title and summary per language."""

    name = "headline"

    def __init__(self, languages: list[str], headline_id: str | None):
        self.languages = languages
        self.headline_id = headline_id

    def data(self, office: Office) -> Any:
        if self.headline_id is None:
            return None  # adding a headline never collides with anyone's edit
        found = find_headline(office, self.headline_id)
        return None if found is None else office_to_dict(office.with_changes(headlines=(found,)))["headlines"]

    def values(self, office: Office) -> dict[str, str]:
        found = find_headline(office, self.headline_id) if self.headline_id else None
        out = {"hidden": "1" if found and found.hidden else "",
               # a headline written here is kept above those from news feeds, unless unticked
               "pinned": "1" if (found is None or getattr(found, "pinned", False)) else ""}
        for lang in self.languages:
            out[f"title-{lang}"] = found.title.get(lang, "") if found else ""
            out[f"summary-{lang}"] = found.summary.get(lang, "") if found else ""
        return out

    def parse(self, form: Form, office: Office) -> tuple[Office | None, Problems]:
        problems: Problems = {}
        existing = find_headline(office, self.headline_id) if self.headline_id else None
        if self.headline_id and existing is None:
            return None, {"_form": problem("headline_gone")}
        title = dict(existing.title) if existing else {}
        summary = dict(existing.summary) if existing else {}
        for lang in self.languages:
            t_name, s_name = f"title-{lang}", f"summary-{lang}"
            t_text, s_text = clean_text(form.get(t_name)), clean_text(form.get(s_name))
            if found := check_text(t_text, "title", required=False):
                problems[t_name] = found
            if found := check_text(s_text, "summary", required=False):
                problems[s_name] = found
            elif s_text and not t_text and t_name not in problems:
                problems[s_name] = problem("summary_needs_title")
            title[lang], summary[lang] = t_text, s_text
        if not any(title.get(lang) for lang in self.languages) and not problems:
            problems[f"title-{self.languages[0]}"] = problem("title_one")
        if problems:
            return None, problems
        changes: dict[str, Any] = {
            "title": {k: v for k, v in title.items() if v},
            "summary": {k: v for k, v in summary.items() if v},
            "hidden": bool(form.get("hidden")),
        }
        changes["pinned"] = bool(form.get("pinned"))
        headline = replace(existing if existing else Headline(id=new_headline_id(office), title={}), **changes)
        if existing:
            headlines = tuple(headline if h.id == existing.id else h for h in office.headlines)
        else:
            headlines = (headline,) + tuple(office.headlines)  # a new headline is heard first
        return office.with_changes(headlines=headlines), problems


HEADLINE_ACTIONS = ("hide", "show", "up", "down", "delete")


def movable(office: Office) -> dict[str, tuple[bool, bool]]:
    """For each headline: whether it can move up, and down, in the order callers hear them."""
    order = headline_order(office)
    keys = [_order_key(h) for h in order]
    return {h.id: (i > 0 and keys[i - 1] == keys[i], i + 1 < len(order) and keys[i + 1] == keys[i])
            for i, h in enumerate(order)}


def headline_action(office: Office, headline_id: str, action: str) -> Office | None:
    """Hide, show, move or delete one headline; None if there is no such headline or action.

    Moving swaps a headline with its neighbour in the order callers hear them. Callers hear pinned
    headlines first, then the newest (and the date is spoken), so only neighbours alike in both
    trade places: headlines written here (pinned, undated) among themselves. ``movable`` says which.
    """
    found = find_headline(office, headline_id)
    if found is None or action not in HEADLINE_ACTIONS:
        return None
    items = list(office.headlines)
    if action == "delete":
        return office.with_changes(headlines=tuple(h for h in items if h.id != headline_id))
    if action in ("hide", "show"):
        changed = replace(found, hidden=action == "hide")
        return office.with_changes(headlines=tuple(changed if h.id == headline_id else h for h in items))
    order = headline_order(office)
    at = next(i for i, h in enumerate(order) if h.id == headline_id)
    other_at = at - 1 if action == "up" else at + 1
    if not 0 <= other_at < len(order):
        return office
    other = order[other_at]
    if _order_key(found) != _order_key(other):
        return office  # pinned, then newer headlines come first: only equals can trade places
    i, j = items.index(order[at]), items.index(order[other_at])
    items[i], items[j] = other, found
    return office.with_changes(headlines=tuple(items))


# -- pronunciation ---------------------------------------------------------------------------------

class PronunciationSection:
    """Per language, words a voice reads badly and how to write them so it reads them right."""

    name = "pronunciation"

    def __init__(self, languages: list[str]):
        self.languages = languages

    def data(self, office: Office) -> Any:
        return {lang: dict(table) for lang, table in office.pronunciations.items() if table}

    def values(self, office: Office) -> dict[str, str]:
        out = {}
        for lang in self.languages:
            for i, (word, spoken) in enumerate(sorted((office.pronunciations.get(lang) or {}).items())):
                out[f"pron-{lang}-{i}-word"] = word
                out[f"pron-{lang}-{i}-spoken"] = spoken
        return out

    @staticmethod
    def rows(values: Form, lang: str) -> int:
        return min(_row_count(values, f"pron-{lang}") + BLANK_WORDS, MAX_ROWS)

    def parse(self, form: Form, office: Office) -> tuple[Office | None, Problems]:
        problems: Problems = {}
        tables = {lang: dict(table) for lang, table in office.pronunciations.items()}
        for lang in self.languages:
            table: dict[str, str] = {}
            seen: set[str] = set()
            prefix = f"pron-{lang}"
            for i in range(_row_count(form, prefix)):
                w_name, s_name = f"{prefix}-{i}-word", f"{prefix}-{i}-spoken"
                word, spoken = clean_text(form.get(w_name)), clean_text(form.get(s_name))
                if form.get(f"{prefix}-{i}-remove") or (not word and not spoken):
                    continue
                if found := check_text(word, "word"):
                    problems[w_name] = found
                elif word.casefold() in seen:
                    problems[w_name] = problem("word_twice")
                if found := check_text(spoken, "spoken"):
                    problems[s_name] = found
                seen.add(word.casefold())
                table[word] = spoken
            tables[lang] = table
        if problems:
            return None, problems
        return office.with_changes(pronunciations={k: v for k, v in tables.items() if v}), problems


def changed(before: Office, after: Office) -> bool:
    """Whether two offices differ in anything that is saved."""
    return office_to_dict(before) != office_to_dict(after)
