"""English words for numbers, times, dates and weekdays.

Times use the 12-hour clock with "a.m."/"p.m." (how an English speaker hears office hours), with
"noon" and "midnight" for 12:00 and 00:00. Dates are month first with an ordinal day ("November
twenty-seventh"), years the spoken way ("twenty twenty-seven"). Cardinals come from num2words
(British style, "one hundred and one"), without the commas it puts between thousands, which a
voice would read as pauses.

Functions here take already-parsed values; ``ivr.phrases`` (``__init__``) validates input,
splits phone numbers into groups and finds numbers in free text.
"""
from __future__ import annotations

import re
from datetime import date, time
from typing import Sequence

from num2words import num2words

LANG = "en"

DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
PLUS = "plus"
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
RELATIVE_DAYS = {-1: "yesterday", 0: "today", 1: "tomorrow"}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAY_FORMS = ("nom", "on", "from", "to")

ITEM_WORDS = {"headline": "Headline"}

NOON = "noon"
MIDNIGHT = "midnight"
AM, PM = "a.m.", "p.m."
OH = "oh"  # 8:05 -> "eight oh five"


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------
def plural(n: int, forms: tuple[str, str, str]) -> str:
    """forms[0] for exactly one (or minus one), forms[2] otherwise; forms[1] is unused in English."""
    return forms[0] if abs(n) == 1 else forms[2]


def number(n: int) -> str:
    """Cardinal: "one hundred and one", "one thousand seven hundred and nineteen"."""
    return num2words(n, lang="en").replace(",", "")


def ordinal(n: int) -> str:
    """ "first", "twenty-third"."""
    return num2words(n, lang="en", to="ordinal").replace(",", "")


def year(n: int) -> str:
    """ "twenty twenty-seven", "two thousand and five", "nineteen ninety-nine"."""
    return num2words(n, lang="en", to="year").replace(",", "")


def digits(s: str) -> str:
    """Digit by digit: "017" -> "zero one seven"."""
    return " ".join(DIGITS[int(ch)] for ch in s)


def phone_number(groups: Sequence[str], plus: bool, spelled: int = 0) -> str:
    """English speakers dictate phone numbers digit by digit, group by group."""
    words = [digits(g) for g in groups]
    if plus:
        words[0] = f"{PLUS} {words[0]}"
    return ", ".join(words)


def postal_code(first: str, second: str) -> str:
    """Digit by digit in two groups: "two two three, nine two seven"."""
    return f"{digits(first)}, {digits(second)}"


def count_of(i: int, n: int, gender: str = "m") -> str:
    """ "one of five" (``gender`` is ignored in English)."""
    return f"{number(i)} of {number(n)}"


def item_of(word_key: str, i: int, n: int) -> str:
    """ "Headline one of five"."""
    return f"{ITEM_WORDS[word_key]} {count_of(i, n)}"


# --------------------------------------------------------------------------------------------
# Time of day
# --------------------------------------------------------------------------------------------
def clock(t: time, suffix: bool = True) -> str:
    """ "eight thirty a.m.", "eight oh five a.m.", "one p.m.", "noon", "midnight".

    With ``suffix=False`` the a.m./p.m. is left off (the text already says it).
    """
    if suffix and t.minute == 0 and t.hour in (0, 12):
        return MIDNIGHT if t.hour == 0 else NOON
    hour = number(t.hour % 12 or 12)
    if t.minute == 0:
        words = hour
    elif t.minute < 10:
        words = f"{hour} {OH} {number(t.minute)}"
    else:
        words = f"{hour} {number(t.minute)}"
    if suffix:
        words += f" {AM if t.hour < 12 else PM}"
    return words


def time_range(start: time, end: time) -> str:
    """ "from eight thirty a.m. to five thirty p.m."."""
    return f"from {clock(start)} to {clock(end)}"


def until_time(t: time) -> str:
    """ "until one p.m.", "until five thirty p.m.", "until midnight"."""
    return f"until {clock(t)}"


def at_time(t: time) -> str:
    """ "at two p.m.", "at eight thirty a.m.", "at noon"."""
    return f"at {clock(t)}"


# --------------------------------------------------------------------------------------------
# Weekdays and dates
# --------------------------------------------------------------------------------------------
def weekday_name(weekday: int, form: str = "nom") -> str:
    """ "Monday"; "on Monday" for form "on"; "from"/"to" are the bare name ("Monday to Friday")."""
    if form not in WEEKDAY_FORMS:
        raise KeyError(form)
    name = WEEKDAYS[weekday]
    return f"on {name}" if form == "on" else name


def weekday_range(first: int, last: int) -> str:
    """ "Monday to Friday"; one day: "on Saturday"."""
    if first == last:
        return weekday_name(first, "on")
    return f"{WEEKDAYS[first]} to {WEEKDAYS[last]}"


def weekday_list(days: Sequence[int]) -> str:
    """ "on Saturday and Sunday", "on Monday, Wednesday and Friday"."""
    names = [WEEKDAYS[d] for d in days]
    if len(names) == 1:
        return f"on {names[0]}"
    return f"on {', '.join(names[:-1])} and {names[-1]}"


def _date(d: date, with_year: bool) -> str:
    words = f"{MONTHS[d.month - 1]} {ordinal(d.day)}"
    return f"{words}, {year(d.year)}" if with_year else words


def date_words(d: date, relative: int | None, with_year: bool) -> str:
    """ "November twenty-seventh", "today"."""
    if relative is not None:
        return RELATIVE_DAYS[relative]
    return _date(d, with_year)


def on_weekday_date(d: date, with_year: bool) -> str:
    """ "on Saturday, April twenty-fifth"."""
    return f"{weekday_name(d.weekday(), 'on')}, {_date(d, with_year)}"


def on_date(d: date, relative: int | None, with_year: bool) -> str:
    """ "on November twenty-seventh", "tomorrow"."""
    if relative is not None:
        return RELATIVE_DAYS[relative]
    return f"on {_date(d, with_year)}"


# --------------------------------------------------------------------------------------------
# Numbers in free text (used by ivr.phrases.spell_out_numbers)
# --------------------------------------------------------------------------------------------
_MONTH_NAMES = "|".join(MONTHS + tuple(m[:3] + r"\.?" for m in MONTHS) + ("Sept\\.?",))
_MONTH_AFTER = re.compile(r"\s+(?:of\s+)?(?:" + _MONTH_NAMES + r")(?![^\W_])", re.IGNORECASE)
_MONTH_BEFORE = re.compile(r"(?:^|[^\w])(?:" + _MONTH_NAMES + r")\s*$", re.IGNORECASE)
_DATE_BEFORE = re.compile(
    r"(?:" + _MONTH_NAMES + r")\s+\d{1,2}(?:st|nd|rd|th)?,?\s*$", re.IGNORECASE
)
_AM_PM_AFTER = re.compile(r"\s*[ap]\.?\s?m\b\.?", re.IGNORECASE)
# Words after which a four-digit number is a year: "in 2025" -> "in twenty twenty-five".
YEAR_PREPOSITIONS = {"in", "since", "until", "till", "by", "of", "from", "to", "year", "before", "after", "during"}


def preposition_before(prev: str, words: str, kind: str) -> str | None:
    """English prepositions do not change with the number."""
    return None


def spell_time(t: time, prev: str, after: str) -> str:
    """ "8:30" -> "eight thirty a.m."; "8:30 pm" -> "eight thirty" (the text already says pm)."""
    words = clock(t, suffix=not _AM_PM_AFTER.match(after))
    if words.endswith(".") and after.startswith("."):
        words = words[:-1]  # "at 5 p.m." ending a sentence: one dot, not "p.m.."
    return words


def spell_date(d: date, prev: str, after: str) -> tuple[str, int]:
    """A numeric date "27.11.2025" -> "November twenty-seventh, twenty twenty-five"."""
    return _date(d, with_year=True), 0


def spell_decimal(whole: str, fraction: str) -> str:
    """ "2.5" -> "two point five"."""
    return f"{number(int(whole))} point {digits(fraction)}"


def spell_int(n: int, suffix: str | None, prev: str, after: str, before: str = "") -> tuple[str, int]:
    """An integer in running text; "1st" -> "first", "November 27" -> "November twenty-seventh",
    "27 November" -> "the twenty-seventh of November", "in 2025" -> "in twenty twenty-five"."""
    if suffix and suffix.lower() in ("st", "nd", "rd", "th") and not (1 <= n <= 31 and _MONTH_AFTER.match(after)):
        return ordinal(n), 0
    if 1 <= n <= 31:
        if _MONTH_BEFORE.search(before):
            return ordinal(n), 0
        if _MONTH_AFTER.match(after):
            words = ordinal(n) if prev == "the" else f"the {ordinal(n)}"
            if re.match(r"\s+of\s", after, re.IGNORECASE):
                return words, 0
            return f"{words} of", 0
    if 1100 <= n <= 2099 and (prev in YEAR_PREPOSITIONS or _DATE_BEFORE.search(before)):
        return year(n), 0
    words = number(n)
    return (f"{words}-{suffix}" if suffix else words), 0


# The public web page's own words (headings and labels), for a reviewer of this language.
PAGE_LABELS = {
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
    "pre_holiday_hours": "day before a public holiday, {range}",
    "changed_hours": "other hours, {range}",
    "calendar_link": "Calendar of public holidays and closures (iCalendar)",
    "notice": "Urgent notice",
    "services": "Services and their hours",
    "differs": "The coming days with other hours",
    "service_calendar": "This service's calendar (iCalendar)",
    "service_hours_caption": "Opening hours by day of the week: {name}",
    "contacts": "Address and phone numbers",
    "address": "Address",
    "hotline": "Hot line",
    "phones": "Office phone numbers",
    "fax": "Fax",
    "email": "E-mail",
    "web": "Web site",
    # Receptions, direct lines and where to go (issue 18).
    "receptions": "Personal receptions and direct lines",
    "reception": "Personal reception",
    "direct_line": "Direct phone line",
    "no_receptions": "No receptions or direct lines are planned yet.",
    "place": "Where",
    "signup": "Sign up",
    "phone": "Phone",
    "directory": "Where to go",
    "topic.emergency": "Emergency services",
    "topic.housing": "Housing and utilities",
    "topic.health": "Medical care",
    "topic.social": "Social support",
    "receptions_calendar_link": "Calendar of receptions and direct lines (iCalendar)",
    "news": "News",
    "no_news": "There is no news at the moment.",
    "published": "Published",
    "data_link": "The same facts as JSON",
    "footer_note": "You can also hear all of this by calling the hot line:",
    "call_hotline": "Call the hot line",
    "procedures": "Documents and administrative procedures",
    "procedures_link": "Documents and procedures",
    "procedures_intro": "What an administrative procedure needs: documents, fee, term and where to go. By phone: key 4 in the main menu.",
    "procedure_search": "Search by number or words",
    "procedure_search_button": "Search",
    "procedure_found": "Procedures found: {count}",
    "procedure_none": "Nothing found.",
    "documents": "Documents",
    "no_documents": "No documents to bring.",
    "fee": "Fee",
    "term": "Term",
    "validity": "Valid for",
    "where": "Where to go",
    "source": "Source",
    "topic.housing": "Housing",
    "topic.family": "Family and children",
    "topic.social": "Social support",
    "topic.land": "Land and building",
    "topic.documents": "Documents and registration",
    "request_link": "Check the status of a request by its number",
    "request_title": "Status of a request",
    "request_intro": "You heard the reference number at the end of your call and got it by text message. The "
                     "status is shown only with the last four digits of the phone the request was left from.",
    "request_reference": "Reference number (5 digits)",
    "request_last_four": "Last 4 digits of your phone",
    "request_show": "Show the status",
    "request_bad": "Enter the 5 digits of the reference number and 4 digits of the phone.",
    "request_none": "No request matches those numbers. Please check the digits.",
    "request_wait": "Too many attempts. Please try again in {seconds} s.",
    "request_filed": "Filed {date}",
    "request_status.new": "Received, waiting to be dealt with",
    "request_status.in_progress": "In progress",
    "request_status.done": "Answered",
    "request_status.forwarded": "Passed on to: {body}",
    "request_note": "Note: {note}",
    "request_law": "A phone message is not a formal appeal under the Law on Appeals of Citizens and Legal Entities. "
                   "Formal appeals are made in writing, electronically at обращения.бел, or in person at a reception.",
    "back_to_page": "Back to the main page",
}

# Month names as a written date uses them ("30 ...").
WRITTEN_MONTHS = MONTHS

# Abbreviations in clerk-typed text, written out: short form -> (word, {word before it: the form after it}).
ABBREVIATIONS = {"tel.": ("phone", {}), "ph.": ("phone", {})}
# The signs of an e-mail or web address, as they are read out.
ADDRESS_SIGNS = {"@": "at", ".": "dot", "/": "slash", "-": "dash", "_": "underscore"}

# Words the call puts between other words: "plus" before a number read back, "and" before a list's last item.
PLUS = "plus"
AND = "and"

# The last words of a call when even the office's own apology cannot be read (the database is gone).
APOLOGY = "Sorry, something went wrong. Goodbye!"
