"""Personal receptions and direct phone lines: who, when (dates or a monthly/weekly rule), where.

A personal reception («личный приём») is an official receiving citizens in a room; a direct line
(«прямая телефонная линия») is an official answering a given number for a few hours. Both recur by
a rule such as "every Saturday 9–12" or "2nd and 4th Wednesday 8–13", or happen on given dates.
The recurrence is python-dateutil's rrule (RFC 5545), never counted by hand. Pure: the sessions are
a function of (reception, office calendar, moment).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Iterable, Iterator, Mapping

from dateutil.rrule import MONTHLY, WEEKLY, rrule, rruleset, weekday, weekdays

from ivr.schedule import OfficeCalendar, Reason, hours_on

RECEPTION, DIRECT_LINE = "reception", "direct_line"
KINDS = (RECEPTION, DIRECT_LINE)
# Which week of the month: 1..5, or -1 for the last one.
WEEKS = (1, 2, 3, 4, 5, -1)
# Far enough to find the next session of a monthly rule even when holidays cancel some.
HORIZON_DAYS = 400


class ReceptionError(ValueError):
    """A reception that cannot happen as described (its message says why)."""


@dataclass(frozen=True)
class Reception:
    """One official's personal reception or direct line, and when it happens.

    ``weekday`` (0 = Monday) with ``weeks`` makes the rule: no weeks means every week, (2, 4) the
    second and fourth of the month; ``dates`` are single sessions besides (or instead of) the rule.
    """

    id: str
    kind: str
    who: Mapping[str, str]  # the official's name, per language
    post: Mapping[str, str] = field(default_factory=dict)  # "chairman of the district executive committee"
    weekday: int | None = None
    weeks: tuple[int, ...] = ()
    dates: tuple[date, ...] = ()
    starts: time = time(9, 0)
    ends: time = time(12, 0)
    place: Mapping[str, str] = field(default_factory=dict)  # the room (a reception)
    phone: str = ""  # the number that answers (a direct line) or where to sign up (a reception)
    signup: Mapping[str, str] = field(default_factory=dict)  # how to sign up, per language
    holidays_cancel: bool = True  # no session on a public holiday or an office closure
    source: str = ""  # where the facts come from ("demo example" for the demo's)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ReceptionError(f"{self.kind!r} is not a kind of reception ({', '.join(KINDS)})")
        if not self.starts < self.ends:
            raise ReceptionError(f"it must end after it starts ({self.starts:%H:%M}–{self.ends:%H:%M})")
        if self.weekday is None and not self.dates:
            raise ReceptionError("give a weekday or at least one date")
        if self.weekday is not None and self.weekday not in range(7):
            raise ReceptionError(f"{self.weekday!r} is not a weekday (0 = Monday … 6 = Sunday)")
        if any(week not in WEEKS for week in self.weeks):
            raise ReceptionError(f"weeks of the month are 1 to 5, or -1 for the last ({self.weeks!r})")

    @property
    def is_direct_line(self) -> bool:
        return self.kind == DIRECT_LINE

    def rule(self, start: date) -> rruleset:
        """Its recurrence from ``start`` on: the weekly or monthly rule and the single dates."""
        found = rruleset()
        if self.weekday is not None:
            day: weekday = weekdays[self.weekday]
            by_week = [day(week) for week in self.weeks] or [day]
            found.rrule(rrule(MONTHLY if self.weeks else WEEKLY, byweekday=by_week,
                              dtstart=datetime.combine(start, self.starts)))
        for single in self.dates:
            found.rdate(datetime.combine(single, self.starts))
        return found


@dataclass(frozen=True)
class Session:
    """One sitting of a reception or direct line on one day."""

    reception: Reception
    day: date

    @property
    def starts(self) -> datetime:
        return datetime.combine(self.day, self.reception.starts)

    @property
    def ends(self) -> datetime:
        return datetime.combine(self.day, self.reception.ends)


def cancelled(reception: Reception, calendar: OfficeCalendar, day: date) -> bool:
    """Whether a public holiday or an office closure cancels the session on ``day``."""
    return reception.holidays_cancel and hours_on(calendar, day)[1] in (Reason.HOLIDAY, Reason.CLOSURE)


def sessions(reception: Reception, calendar: OfficeCalendar, since: datetime,
             until: datetime | None = None) -> Iterator[Session]:
    """The sessions that have not ended at ``since`` (office-local wall-clock time), in order,
    holidays left out where they cancel them; up to ``until`` (default: HORIZON_DAYS on)."""
    local = since.replace(tzinfo=None)
    last = until.replace(tzinfo=None) if until else local + timedelta(days=HORIZON_DAYS)
    # A session that began up to its length ago has not ended yet.
    first = local - (datetime.combine(date.min, reception.ends) - datetime.combine(date.min, reception.starts))
    for start in reception.rule(first.date()).xafter(first, inc=True):  # lazily: usually one is wanted
        if start > last:
            return
        session = Session(reception, start.date())
        if session.ends > local and not cancelled(reception, calendar, session.day):
            yield session


def next_session(reception: Reception, calendar: OfficeCalendar, since: datetime) -> Session | None:
    """The first session that has not ended at ``since``, or None when there is none."""
    return next(sessions(reception, calendar, since), None)


def upcoming(receptions: Iterable[Reception], calendar: OfficeCalendar, since: datetime) -> list[Session]:
    """Each reception's next session (those with one), soonest first."""
    found = (next_session(reception, calendar, since) for reception in receptions)
    return sorted((s for s in found if s is not None), key=lambda s: (s.starts, s.reception.id))


def on_now(receptions: Iterable[Reception], calendar: OfficeCalendar, moment: datetime) -> Session | None:
    """The direct line that answers right now (the first listed when several do), or None."""
    local = moment.replace(tzinfo=None)
    for session in upcoming((r for r in receptions if r.is_direct_line and r.phone), calendar, moment):
        if session.starts <= local < session.ends:
            return session
    return None
