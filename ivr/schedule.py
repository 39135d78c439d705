"""Office hours: is the office open right now, why not, and when does that change.

A pure function of (office calendar, moment) -> :class:`OfficeStatus`. No database,
no web framework: plain frozen dataclasses in, a frozen dataclass out, so the call
flow, the public page and the staff page can all share one source of truth.

Public holidays, substituted days off and moved working Saturdays come from the
``holidays`` package. Building a ``holidays`` object costs milliseconds, so they
are built once per (country, year, language) and cached; a warm :func:`status_at`
is a few dictionary lookups.

Times are compared as *wall-clock* times in the office's time zone (an office that
opens at 8:30 opens at 8:30 local time on a DST-change day too). Datetimes we hand
out are aware and normalised through UTC, so they always denote a real instant.
Note that subtracting two aware datetimes that share a ``ZoneInfo`` uses wall-clock
arithmetic in Python; convert to UTC first to get a true duration across DST.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import MAXYEAR, MINYEAR, date, datetime, time, timedelta, timezone
from enum import Enum
from functools import lru_cache
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from ivr import languages

__all__ = [
    "LANGUAGES",
    "Closure",
    "DayHours",
    "ExtraWorkday",
    "OfficeCalendar",
    "OfficeStatus",
    "Reason",
    "State",
    "SEARCH_DAYS",
    "hours_on",
    "is_pre_holiday",
    "moved_workdays",
    "next_opening",
    "public_holidays",
    "status_at",
]

#: How far ahead :func:`next_opening` looks before giving up (covers a year plus
#: the New Year holidays, and long closures such as a move).
SEARCH_DAYS = 400

#: Our language codes -> the ``holidays`` package's (it calls English "en_US").
_PACKAGE_LANG: Mapping[str, str] = MappingProxyType({lang.code: lang.holidays_lang for lang in languages.LANGUAGES})
LANGUAGES: tuple[str, ...] = languages.CODES

_UTC = timezone.utc


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class DayHours:
    """Opening hours of one day, optionally with a lunch break (local wall-clock times)."""

    opens: time
    closes: time
    lunch_start: time | None = None
    lunch_end: time | None = None

    def __post_init__(self) -> None:
        for name in ("opens", "closes", "lunch_start", "lunch_end"):
            value = getattr(self, name)
            if value is None and name.startswith("lunch"):
                continue
            if not isinstance(value, time):
                raise TypeError(f"DayHours.{name} must be a datetime.time, got {value!r}")
            # An aware time would silently compare against naive wall-clock times.
            if value.tzinfo is not None:
                raise ValueError(f"DayHours.{name} must be a naive local time, got {value!r}")
        if not self.opens < self.closes:
            raise ValueError(
                f"DayHours: opening time {self.opens:%H:%M} must be before "
                f"closing time {self.closes:%H:%M}"
            )
        if (self.lunch_start is None) != (self.lunch_end is None):
            raise ValueError("DayHours: give both lunch_start and lunch_end, or neither")
        if self.lunch_start is not None and self.lunch_end is not None:
            if not self.lunch_start < self.lunch_end:
                raise ValueError(
                    f"DayHours: lunch start {self.lunch_start:%H:%M} must be before "
                    f"lunch end {self.lunch_end:%H:%M}"
                )
            if not (self.opens <= self.lunch_start and self.lunch_end <= self.closes):
                raise ValueError(
                    f"DayHours: lunch {self.lunch_start:%H:%M}-{self.lunch_end:%H:%M} must lie "
                    f"within opening hours {self.opens:%H:%M}-{self.closes:%H:%M}"
                )


@dataclass(frozen=True)
class Closure:
    """The office's own closure (sanitary day, move, ...), ``start``..``end`` inclusive."""

    start: date
    end: date
    reason: Mapping[str, str] = field(default_factory=dict)  # lang -> text

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            # datetime is a subclass of date but does not compare with plain dates.
            if not isinstance(value, date) or isinstance(value, datetime):
                raise TypeError(f"Closure.{name} must be a datetime.date, got {value!r}")
        if self.end < self.start:
            raise ValueError(f"Closure: end {self.end} is before start {self.start}")

    def covers(self, day: date) -> bool:
        """True if the office is closed on ``day`` because of this closure."""
        return self.start <= day <= self.end


@dataclass(frozen=True)
class ExtraWorkday:
    """An office-specific working day on an otherwise closed day."""

    day: date
    hours: DayHours | None = None  # None -> the office's usual weekday hours

    def __post_init__(self) -> None:
        if not isinstance(self.day, date) or isinstance(self.day, datetime):
            raise TypeError(f"ExtraWorkday.day must be a datetime.date, got {self.day!r}")


@lru_cache(maxsize=1)
def _supported_countries() -> frozenset[str]:
    return frozenset(holidays.list_supported_countries())


@dataclass(frozen=True)
class OfficeCalendar:
    """Everything that decides when an office is open.

    ``week`` maps 0=Monday .. 6=Sunday to hours; a missing day or ``None`` is closed.
    ``country`` selects public holidays (``None``: none at all).
    """

    week: Mapping[int, DayHours | None]
    closures: Sequence[Closure] = ()
    extra_workdays: Sequence[ExtraWorkday] = ()
    timezone: str = "Europe/Minsk"
    country: str | None = "BY"
    # Hours added to the closing time of a working day before a public holiday (-1: Belarusian labour
    # law's shorter pre-holiday day; 0: no such rule). Explicit hours on an extra workday are kept.
    pre_holiday_hours: int = 0
    # Derived once here so that the per-request path does no scanning or counting.
    _tz: ZoneInfo = field(init=False, repr=False, compare=False)
    _usual: DayHours | None = field(init=False, repr=False, compare=False)
    _extra: Mapping[date, ExtraWorkday] = field(init=False, repr=False, compare=False)
    _has_hours: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        week = dict(self.week)
        for weekday, hours in week.items():
            if not (isinstance(weekday, int) and 0 <= weekday <= 6):
                raise ValueError(f"OfficeCalendar.week: day {weekday!r} must be 0 (Monday) .. 6 (Sunday)")
            if hours is not None and not isinstance(hours, DayHours):
                raise TypeError(f"OfficeCalendar.week[{weekday}] must be DayHours or None, got {hours!r}")
        try:
            tz = ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"OfficeCalendar: unknown time zone {self.timezone!r}") from exc
        if self.country is not None and self.country not in _supported_countries():
            raise ValueError(f"OfficeCalendar: the holidays package does not know country {self.country!r}")

        # Freeze the containers: the calendar is shared across requests/threads.
        object.__setattr__(self, "week", MappingProxyType(week))
        object.__setattr__(self, "closures", tuple(self.closures))
        object.__setattr__(self, "extra_workdays", tuple(self.extra_workdays))
        object.__setattr__(self, "_tz", tz)
        usual = _most_common_weekday_hours(week)
        object.__setattr__(self, "_usual", usual)

        extra: dict[date, ExtraWorkday] = {}
        for ew in self.extra_workdays:
            if ew.day in extra:
                raise ValueError(f"OfficeCalendar: extra workday {ew.day} given twice")
            if ew.hours is None and usual is None:
                raise ValueError(
                    f"OfficeCalendar: extra workday {ew.day} has no hours and the office "
                    "has no usual weekday hours to fall back on"
                )
            extra[ew.day] = ew
        object.__setattr__(self, "_extra", MappingProxyType(extra))
        # Moved working days only ever borrow weekday hours, so with no weekly hours
        # and no extra workdays the office can never open: skip the 400-day scan.
        object.__setattr__(self, "_has_hours", any(h is not None for h in week.values()) or bool(extra))

    def usual_hours(self) -> DayHours | None:
        """The most common hours among Monday..Friday (ties: the earliest weekday's).

        Used for moved working days (a Saturday that works "as a Monday") and for
        extra workdays without explicit hours. ``None`` if closed all weekdays.
        """
        return self._usual


def _most_common_weekday_hours(week: Mapping[int, DayHours | None]) -> DayHours | None:
    counts = Counter(h for wd in range(5) if (h := week.get(wd)) is not None)
    # Counter.most_common keeps insertion order among equal counts -> earliest weekday wins.
    return counts.most_common(1)[0][0] if counts else None


class State(str, Enum):
    """Whether callers can reach someone right now."""

    OPEN = "open"
    LUNCH = "lunch"
    CLOSED = "closed"


class Reason(str, Enum):
    """Why the office is in its current state."""

    OPEN = "open"
    LUNCH = "lunch"
    BEFORE_OPENING = "before_opening"
    AFTER_HOURS = "after_hours"
    WEEKEND = "weekend"  # a day with no hours in the week
    HOLIDAY = "holiday"  # public holiday (incl. substituted days off)
    CLOSURE = "closure"  # the office's own closure


@dataclass(frozen=True)
class OfficeStatus:
    """The answer of :func:`status_at`."""

    state: State
    reason: Reason
    moment: datetime  # the asked moment, aware, in the office's time zone
    next_change: datetime | None  # aware, office tz; None if nothing changes within SEARCH_DAYS
    next_state: State | None
    holiday_names: Mapping[str, str] = field(default_factory=dict)  # for HOLIDAY: {"ru","be","en"}
    closure: Closure | None = None  # for CLOSURE
    # For HOLIDAY on a day off the country moved: the weekend day worked instead (else None).
    worked_instead: date | None = None
    # True on a day the office usually does not work that is a working day this time (a Saturday the
    # country moved a working day to, or the office's own extra working day).
    moved_workday: bool = False

    @property
    def is_open(self) -> bool:
        """True only when someone is at work (not during lunch)."""
        return self.state is State.OPEN


# ------------------------------------------------------------------ holiday caches


@lru_cache(maxsize=128)
def _holiday_obj(country: str, year: int, lang: str) -> holidays.HolidayBase:
    # expand=False: a stray lookup of another year must not mutate a cached object.
    return holidays.country_holidays(country, years=year, language=lang, expand=False)


@lru_cache(maxsize=256)
def _holiday_names(country: str, year: int, lang: str) -> Mapping[date, str]:
    """date -> holiday name for one year; a plain dict lookup is far cheaper than HolidayBase's."""
    return MappingProxyType(dict(_holiday_obj(country, year, _PACKAGE_LANG[lang])))


@lru_cache(maxsize=128)
def _moved_days(country: str, year: int) -> frozenset[date]:
    """Weekend days of ``year`` that are working days (moved working days).

    A transfer is listed under the year of the day off it creates, and the worked
    day may fall in the previous year (e.g. 2006-12-30 worked for 2007-01-02), so
    look at the neighbouring years too and keep only this year's dates.
    """
    found: set[date] = set()
    for y in (year - 1, year, year + 1):
        if MINYEAR <= y <= MAXYEAR:
            found.update(d for d in _holiday_obj(country, y, "en_US").weekend_workdays if d.year == year)
    return frozenset(found)


@lru_cache(maxsize=128)
def _transfers(country: str, year: int) -> Mapping[date, date]:
    """Days off of ``year`` that the country moved, each with the weekend day worked instead.

    The package gives a moved day off only as a name built from its own label and date format
    ("Day off (substituted from 04/25/2026)"); the worked day is read back with that same format.
    """
    obj = _holiday_obj(country, year, "en_US")
    if not getattr(obj, "has_substituted_holidays", False):
        return MappingProxyType({})
    label, date_format = obj.tr(obj.substituted_label), obj.tr(obj.substituted_date_format)
    prefix, _, suffix = label.partition("%s")
    found: dict[date, date] = {}
    for day, name in obj.items():
        for part in name.split("; "):
            if part.startswith(prefix) and part.endswith(suffix) and len(part) > len(prefix) + len(suffix):
                try:
                    found[day] = datetime.strptime(part[len(prefix):len(part) - len(suffix)], date_format).date()
                except ValueError:
                    continue
    return MappingProxyType(found)


def _holiday_name(calendar: OfficeCalendar, day: date, lang: str = "en") -> str | None:
    if calendar.country is None:
        return None
    return _holiday_names(calendar.country, day.year, lang).get(day)


# ---------------------------------------------------------------------- functions


def hours_on(calendar: OfficeCalendar, day: date) -> tuple[DayHours | None, Reason | None]:
    """The hours that apply on ``day``, or ``(None, reason)`` if the office is closed.

    Precedence: office closure > public holiday > extra workday / moved working
    day > weekly hours. A moved working day (e.g. Saturday 2026-04-25 in Belarus)
    uses :meth:`OfficeCalendar.usual_hours`.
    """
    if isinstance(day, datetime):
        # datetime is a date subclass, but an aware one's .date() may be another
        # day than the office's: make the caller pick the local date explicitly.
        raise TypeError("hours_on() takes a date; use status_at() for a datetime")
    for closure in calendar.closures:
        if closure.covers(day):
            return None, Reason.CLOSURE
    if _holiday_name(calendar, day) is not None:
        return None, Reason.HOLIDAY
    extra = calendar._extra.get(day)
    if extra is not None and extra.hours is not None:
        return extra.hours, None
    if extra is not None:
        return _before_holiday(calendar, day, calendar._usual), None
    if calendar.country is not None and calendar._usual is not None and day in _moved_days(calendar.country, day.year):
        return _before_holiday(calendar, day, calendar._usual), None
    hours = calendar.week.get(day.weekday())
    return (_before_holiday(calendar, day, hours), None) if hours is not None else (None, Reason.WEEKEND)


def is_pre_holiday(calendar: OfficeCalendar, day: date) -> bool:
    """Whether ``day`` comes right before a public holiday (not a moved day off) of the calendar's
    country: the day the pre-holiday rule shortens."""
    if calendar.country is None:
        return False
    following = day + timedelta(days=1)
    return (_holiday_name(calendar, following) is not None
            and following not in _transfers(calendar.country, following.year))


@lru_cache(maxsize=64)
def _shortened(hours: DayHours, by_hours: int) -> DayHours:
    closes = (datetime.combine(date.min, hours.closes) + timedelta(hours=by_hours)).time()
    if closes <= hours.opens:
        return hours
    if hours.lunch_end is not None and hours.lunch_end > closes:
        return DayHours(hours.opens, closes)
    return DayHours(hours.opens, closes, hours.lunch_start, hours.lunch_end)


def _before_holiday(calendar: OfficeCalendar, day: date, hours: DayHours | None) -> DayHours | None:
    """``hours`` with the pre-holiday rule applied (shorter on the working day before a holiday)."""
    if hours is None or not calendar.pre_holiday_hours or not is_pre_holiday(calendar, day):
        return hours
    return _shortened(hours, calendar.pre_holiday_hours)


@lru_cache(maxsize=64)
def _transitions(hours: DayHours) -> tuple[tuple[time, State], ...]:
    """The day's state changes as (wall time, new state), in order.

    Handles the degenerate but valid cases lunch_start == opens (the day starts
    with lunch) and lunch_end == closes (lunch runs into closing).
    """
    if hours.lunch_start is None or hours.lunch_end is None:
        return ((hours.opens, State.OPEN), (hours.closes, State.CLOSED))
    out: list[tuple[time, State]] = []
    if hours.opens < hours.lunch_start:
        out += [(hours.opens, State.OPEN), (hours.lunch_start, State.LUNCH)]
    else:
        out.append((hours.opens, State.LUNCH))
    if hours.lunch_end < hours.closes:
        out += [(hours.lunch_end, State.OPEN), (hours.closes, State.CLOSED)]
    else:
        out.append((hours.lunch_end, State.CLOSED))
    return tuple(out)


def _localize(moment: datetime, tz: ZoneInfo) -> datetime:
    """Aware -> converted to ``tz``; naive -> taken as ``tz`` wall time.

    The UTC round trip turns a wall time that does not exist (inside a DST gap)
    into the real instant it denotes, e.g. 02:30 on spring-forward day -> 03:30.
    """
    if not isinstance(moment, datetime):
        raise TypeError(f"expected a datetime, got {moment!r}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(_UTC).astimezone(tz)


def _scan(
    calendar: OfficeCalendar, local: datetime, want: State | None
) -> tuple[datetime, State] | None:
    """First transition strictly after ``local`` (optionally only into ``want``)."""
    if not calendar._has_hours:
        return None
    tz = calendar._tz
    start_day, now = local.date(), local.time()
    for offset in range(SEARCH_DAYS + 1):
        try:
            day = start_day + timedelta(days=offset)
        except OverflowError:  # ran past date.max
            return None
        hours, _ = hours_on(calendar, day)
        if hours is None:
            continue
        for at, state in _transitions(hours):
            if offset == 0 and at <= now:
                continue
            if want is None or state is want:
                return datetime.combine(day, at, tzinfo=tz).astimezone(_UTC).astimezone(tz), state
    return None


def next_opening(calendar: OfficeCalendar, after: datetime) -> datetime | None:
    """The first moment strictly after ``after`` at which the office becomes OPEN.

    That includes the end of a lunch break: at 10:00 on a working day the answer
    is 14:00 today (after lunch), at 13:30 too. Looks ``SEARCH_DAYS`` days ahead;
    ``None`` if the office never opens in that window. Naive ``after`` is office time.
    """
    found = _scan(calendar, _localize(after, calendar._tz), State.OPEN)
    return found[0] if found else None


def status_at(calendar: OfficeCalendar, moment: datetime) -> OfficeStatus:
    """The office's state at ``moment`` with the reason and the next change.

    ``moment`` may be aware (converted to the office's zone) or naive (taken as
    office local time). Boundaries: at ``opens`` it is open, at ``closes`` closed,
    at ``lunch_start`` lunch, at ``lunch_end`` open again.
    """
    local = _localize(moment, calendar._tz)
    day, now = local.date(), local.time()
    hours, closed_reason = hours_on(calendar, day)

    holiday_names: dict[str, str] = {}
    closure: Closure | None = None
    worked_instead: date | None = None
    if hours is None:
        state = State.CLOSED
        assert closed_reason is not None
        reason = closed_reason
        if reason is Reason.HOLIDAY:
            holiday_names = {lang: _holiday_name(calendar, day, lang) or "" for lang in LANGUAGES}
            assert calendar.country is not None
            worked_instead = _transfers(calendar.country, day.year).get(day)
        elif reason is Reason.CLOSURE:
            closure = next(c for c in calendar.closures if c.covers(day))
    else:
        state = State.CLOSED
        for at, new_state in _transitions(hours):
            if now < at:
                break
            state = new_state
        if state is State.OPEN:
            reason = Reason.OPEN
        elif state is State.LUNCH:
            reason = Reason.LUNCH
        else:
            reason = Reason.BEFORE_OPENING if now < hours.opens else Reason.AFTER_HOURS

    # Every transition changes the state (a day's first transition is never CLOSED
    # and they alternate), so the next transition of any kind is the next change.
    found = _scan(calendar, local, None)
    return OfficeStatus(
        state=state,
        reason=reason,
        moment=local,
        next_change=found[0] if found else None,
        next_state=found[1] if found else None,
        holiday_names=holiday_names,
        closure=closure,
        worked_instead=worked_instead,
        moved_workday=hours is not None and calendar.week.get(day.weekday()) is None,
    )


def public_holidays(calendar: OfficeCalendar, start: date, end: date, lang: str) -> list[tuple[date, str]]:
    """Public holidays (incl. substituted days off) in ``[start, end]``, named in ``lang``.

    ``lang`` is "ru", "be" or "en". Empty if the calendar has no country.
    """
    if lang not in _PACKAGE_LANG:
        raise ValueError(f"unsupported language {lang!r}; use one of {', '.join(LANGUAGES)}")
    if calendar.country is None or end < start:
        return []
    result: list[tuple[date, str]] = []
    for year in range(start.year, end.year + 1):
        names = _holiday_names(calendar.country, year, lang)
        result.extend((d, n) for d, n in names.items() if start <= d <= end)
    result.sort()
    return result


def moved_workdays(calendar: OfficeCalendar, start: date, end: date) -> list[date]:
    """Weekend days in ``[start, end]`` that the country made working days, sorted.

    These are the country's transfers; an office with no weekday hours still
    stays closed on them (see :func:`hours_on`).
    """
    if calendar.country is None or end < start:
        return []
    days: set[date] = set()
    for year in range(start.year, end.year + 1):
        days.update(d for d in _moved_days(calendar.country, year) if start <= d <= end)
    return sorted(days)


# A call-back needs some working time left in the day: with less, it is promised for the next one.
CALLBACK_MIN_TIME = timedelta(minutes=30)


def callback_window(calendar: OfficeCalendar, asked: datetime) -> tuple[datetime, datetime] | None:
    """When staff call back a caller who asked at ``asked``: from the first moment the office is
    open (``asked`` itself when it is open then; never in a lunch break, a closure or a holiday)
    until that day's closing time. ``None`` when the office never opens in the search window."""
    local = _localize(asked, calendar._tz)
    start = local if status_at(calendar, local).is_open else next_opening(calendar, local)
    while start is not None:
        hours, _reason = hours_on(calendar, start.date())
        assert hours is not None  # the office is open at ``start``
        end = datetime.combine(start.date(), hours.closes, tzinfo=calendar._tz)
        if end - start >= CALLBACK_MIN_TIME:
            return start, end
        start = next_opening(calendar, end)
    return None
