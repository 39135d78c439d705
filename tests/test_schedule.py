"""Tests for ivr.schedule: office hours, Belarus holidays, closures, time zones."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from ivr import schedule
from ivr.schedule import (
    Closure,
    DayHours,
    ExtraWorkday,
    OfficeCalendar,
    OfficeStatus,
    Reason,
    State,
    hours_on,
    moved_workdays,
    next_opening,
    public_holidays,
    status_at,
)

MINSK = ZoneInfo("Europe/Minsk")
BERLIN = ZoneInfo("Europe/Berlin")
UTC = timezone.utc

WEEKDAY = DayHours(time(8, 30), time(17, 30), time(13, 0), time(14, 0))
# Kopyl district executive committee reception: Mon-Fri 8:30-17:30, lunch 13-14.
KOPYL = OfficeCalendar(week={0: WEEKDAY, 1: WEEKDAY, 2: WEEKDAY, 3: WEEKDAY, 4: WEEKDAY, 5: None})

SANITARY = Closure(
    date(2026, 6, 10),
    date(2026, 6, 12),
    {"ru": "санитарные дни", "be": "санітарныя дні", "en": "sanitary days"},
)
MOVING = Closure(date(2026, 7, 1), date(2026, 7, 2), {"ru": "переезд", "be": "пераезд", "en": "moving"})
SUNDAY_SHORT = DayHours(time(9, 0), time(13, 0))
# Kopyl plus its own closures and extra (Sunday) workdays.
KOPYL_EXTRA = dataclasses.replace(
    KOPYL,
    closures=(SANITARY, MOVING),
    extra_workdays=(
        ExtraWorkday(date(2026, 6, 14), SUNDAY_SHORT),  # Sunday, own hours
        ExtraWorkday(date(2026, 6, 21)),  # Sunday, usual hours
        ExtraWorkday(date(2026, 7, 3)),  # Independence Day: the holiday wins
    ),
)


def mk(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0, us: int = 0) -> datetime:
    """Minsk local time, aware."""
    return datetime(y, mo, d, h, mi, s, us, tzinfo=MINSK)


O, L, C = State.OPEN, State.LUNCH, State.CLOSED

# (moment, state, reason, next_change, next_state)
KOPYL_CASES = [
    # An ordinary Tuesday, 2026-06-16.
    pytest.param(mk(2026, 6, 16, 10), O, Reason.OPEN, mk(2026, 6, 16, 13), L, id="weekday-morning"),
    pytest.param(mk(2026, 6, 16, 13, 30), L, Reason.LUNCH, mk(2026, 6, 16, 14), O, id="lunch"),
    pytest.param(mk(2026, 6, 16, 13), L, Reason.LUNCH, mk(2026, 6, 16, 14), O, id="exactly-lunch-start"),
    pytest.param(mk(2026, 6, 16, 12, 59, 59, 999999), O, Reason.OPEN, mk(2026, 6, 16, 13), L, id="just-before-lunch"),
    pytest.param(mk(2026, 6, 16, 14), O, Reason.OPEN, mk(2026, 6, 16, 17, 30), C, id="exactly-lunch-end"),
    pytest.param(mk(2026, 6, 16, 8, 30), O, Reason.OPEN, mk(2026, 6, 16, 13), L, id="exactly-opening"),
    pytest.param(
        mk(2026, 6, 16, 8, 29, 59, 999999), C, Reason.BEFORE_OPENING, mk(2026, 6, 16, 8, 30), O, id="just-before-opening"
    ),
    pytest.param(mk(2026, 6, 16, 17, 29, 59), O, Reason.OPEN, mk(2026, 6, 16, 17, 30), C, id="just-before-closing"),
    pytest.param(mk(2026, 6, 16, 17, 30), C, Reason.AFTER_HOURS, mk(2026, 6, 17, 8, 30), O, id="exactly-closing"),
    pytest.param(mk(2026, 6, 16, 7), C, Reason.BEFORE_OPENING, mk(2026, 6, 16, 8, 30), O, id="early-morning"),
    pytest.param(mk(2026, 6, 16, 0), C, Reason.BEFORE_OPENING, mk(2026, 6, 16, 8, 30), O, id="midnight"),
    pytest.param(mk(2026, 6, 19, 18), C, Reason.AFTER_HOURS, mk(2026, 6, 22, 8, 30), O, id="friday-evening"),
    pytest.param(mk(2026, 6, 20, 11), C, Reason.WEEKEND, mk(2026, 6, 22, 8, 30), O, id="saturday"),
    pytest.param(mk(2026, 6, 21, 23, 59), C, Reason.WEEKEND, mk(2026, 6, 22, 8, 30), O, id="sunday-night"),
    # Independence Day, Friday 2026-07-03.
    pytest.param(mk(2026, 7, 3, 10), C, Reason.HOLIDAY, mk(2026, 7, 6, 8, 30), O, id="independence-day"),
    pytest.param(mk(2026, 7, 2, 17, 45), C, Reason.AFTER_HOURS, mk(2026, 7, 6, 8, 30), O, id="eve-of-independence-day"),
    # Radunitsa 2026: Mon 04-20 off (substituted from Sat 04-25), Tue 04-21 Radunitsa.
    pytest.param(mk(2026, 4, 20, 10), C, Reason.HOLIDAY, mk(2026, 4, 22, 8, 30), O, id="substituted-day-off"),
    pytest.param(mk(2026, 4, 21, 10), C, Reason.HOLIDAY, mk(2026, 4, 22, 8, 30), O, id="radunitsa"),
    pytest.param(mk(2026, 4, 18, 10), C, Reason.WEEKEND, mk(2026, 4, 22, 8, 30), O, id="saturday-before-radunitsa"),
    pytest.param(mk(2026, 4, 24, 18), C, Reason.AFTER_HOURS, mk(2026, 4, 25, 8, 30), O, id="friday-before-moved-saturday"),
    pytest.param(mk(2026, 4, 25, 10), O, Reason.OPEN, mk(2026, 4, 25, 13), L, id="moved-working-saturday"),
    pytest.param(mk(2026, 4, 25, 13, 15), L, Reason.LUNCH, mk(2026, 4, 25, 14), O, id="moved-saturday-lunch"),
    pytest.param(mk(2026, 4, 25, 18), C, Reason.AFTER_HOURS, mk(2026, 4, 27, 8, 30), O, id="moved-saturday-evening"),
    # New Year: Thu 01-01 and Fri 01-02 are holidays; Wed 01-07 Orthodox Christmas.
    pytest.param(mk(2025, 12, 31, 18), C, Reason.AFTER_HOURS, mk(2026, 1, 5, 8, 30), O, id="new-years-eve"),
    pytest.param(mk(2026, 1, 1, 10), C, Reason.HOLIDAY, mk(2026, 1, 5, 8, 30), O, id="jan-1"),
    pytest.param(mk(2026, 1, 2, 10), C, Reason.HOLIDAY, mk(2026, 1, 5, 8, 30), O, id="jan-2"),
    pytest.param(mk(2026, 1, 6, 18), C, Reason.AFTER_HOURS, mk(2026, 1, 8, 8, 30), O, id="eve-of-orthodox-christmas"),
    # Victory Day on a Saturday: a holiday beats the weekend as the reason.
    pytest.param(mk(2026, 5, 9, 10), C, Reason.HOLIDAY, mk(2026, 5, 11, 8, 30), O, id="holiday-on-saturday"),
    # 2026-12-31 -> 2027: Fri 01-01 and Sat 01-02 holidays.
    pytest.param(mk(2026, 12, 31, 17, 30), C, Reason.AFTER_HOURS, mk(2027, 1, 4, 8, 30), O, id="into-2027"),
]


@pytest.mark.parametrize(("moment", "state", "reason", "next_change", "next_state"), KOPYL_CASES)
def test_kopyl_status(
    moment: datetime, state: State, reason: Reason, next_change: datetime, next_state: State
) -> None:
    st = status_at(KOPYL, moment)
    assert (st.state, st.reason, st.next_change, st.next_state) == (state, reason, next_change, next_state)
    assert st.moment == moment
    assert st.is_open is (state is State.OPEN)
    assert st.closure is None
    assert st.next_change is not None and st.next_change.tzinfo is MINSK
    if reason is not Reason.HOLIDAY:
        assert st.holiday_names == {}


@pytest.mark.parametrize(
    ("day", "names"),
    [
        pytest.param(
            date(2026, 7, 3),
            {
                "ru": "День Независимости Республики Беларусь (День Республики)",
                "be": "Дзень Незалежнасці Рэспублікі Беларусь (Дзень Рэспублікі)",
                "en": "Independence Day of the Republic of Belarus (Day of the Republic)",
            },
            id="independence-day",
        ),
        pytest.param(
            date(2026, 4, 20),
            {
                "ru": "Выходной (перенесено с 25.04.2026)",
                "be": "Выходны (перанесены з 25.04.2026)",
                "en": "Day off (substituted from 04/25/2026)",
            },
            id="substituted-day-off",
        ),
        pytest.param(
            date(2026, 1, 1),
            {"ru": "Новый год", "be": "Новы год", "en": "New Year's Day"},
            id="new-year",
        ),
        pytest.param(
            date(2026, 1, 2),
            {"ru": "Новый год", "be": "Новы год", "en": "New Year's Day"},
            id="new-year-2",
        ),
    ],
)
def test_holiday_names(day: date, names: dict[str, str]) -> None:
    st = status_at(KOPYL, datetime.combine(day, time(11)))
    assert st.reason is Reason.HOLIDAY
    assert st.holiday_names == names


EXTRA_CASES = [
    pytest.param(mk(2026, 6, 9, 17), O, Reason.OPEN, mk(2026, 6, 9, 17, 30), C, id="day-before-closure"),
    # Closed Wed-Fri, then the Sunday extra workday at 9:00 is the next opening.
    pytest.param(mk(2026, 6, 9, 18), C, Reason.AFTER_HOURS, mk(2026, 6, 14, 9), O, id="evening-before-closure"),
    pytest.param(mk(2026, 6, 10, 0), C, Reason.CLOSURE, mk(2026, 6, 14, 9), O, id="closure-first-day"),
    pytest.param(mk(2026, 6, 11, 10), C, Reason.CLOSURE, mk(2026, 6, 14, 9), O, id="closure-middle"),
    pytest.param(mk(2026, 6, 12, 23, 59), C, Reason.CLOSURE, mk(2026, 6, 14, 9), O, id="closure-last-day"),
    pytest.param(mk(2026, 6, 14, 10), O, Reason.OPEN, mk(2026, 6, 14, 13), C, id="extra-sunday-own-hours"),
    pytest.param(mk(2026, 6, 14, 13), C, Reason.AFTER_HOURS, mk(2026, 6, 15, 8, 30), O, id="extra-sunday-closed"),
    pytest.param(mk(2026, 6, 14, 8), C, Reason.BEFORE_OPENING, mk(2026, 6, 14, 9), O, id="extra-sunday-early"),
    pytest.param(mk(2026, 6, 20, 12), C, Reason.WEEKEND, mk(2026, 6, 21, 8, 30), O, id="saturday-before-extra"),
    pytest.param(mk(2026, 6, 21, 13, 30), L, Reason.LUNCH, mk(2026, 6, 21, 14), O, id="extra-sunday-usual-hours"),
    # Moving Wed-Thu, then Independence Day (extra workday loses to the holiday).
    pytest.param(mk(2026, 7, 1, 10), C, Reason.CLOSURE, mk(2026, 7, 6, 8, 30), O, id="closure-into-holiday"),
    pytest.param(mk(2026, 7, 3, 10), C, Reason.HOLIDAY, mk(2026, 7, 6, 8, 30), O, id="holiday-beats-extra"),
]


@pytest.mark.parametrize(("moment", "state", "reason", "next_change", "next_state"), EXTRA_CASES)
def test_closures_and_extra_workdays(
    moment: datetime, state: State, reason: Reason, next_change: datetime, next_state: State
) -> None:
    st = status_at(KOPYL_EXTRA, moment)
    assert (st.state, st.reason, st.next_change, st.next_state) == (state, reason, next_change, next_state)


@pytest.mark.parametrize(
    ("moment", "closure"),
    [(mk(2026, 6, 11, 10), SANITARY), (mk(2026, 7, 2, 9), MOVING)],
)
def test_closure_is_reported(moment: datetime, closure: Closure) -> None:
    st = status_at(KOPYL_EXTRA, moment)
    assert st.closure == closure
    assert st.holiday_names == {}


def test_closure_beats_holiday() -> None:
    cal = dataclasses.replace(KOPYL, closures=(Closure(date(2026, 7, 1), date(2026, 7, 3)),))
    st = status_at(cal, mk(2026, 7, 3, 10))
    assert (st.reason, st.closure, st.holiday_names) == (Reason.CLOSURE, cal.closures[0], {})
    assert st.closure is not None and st.closure.reason == {}


@pytest.mark.parametrize(
    ("cal", "day", "expected"),
    [
        pytest.param(KOPYL, date(2026, 6, 16), (WEEKDAY, None), id="weekday"),
        pytest.param(KOPYL, date(2026, 6, 20), (None, Reason.WEEKEND), id="saturday"),
        pytest.param(KOPYL, date(2026, 6, 21), (None, Reason.WEEKEND), id="sunday-missing-from-week"),
        pytest.param(KOPYL, date(2026, 7, 3), (None, Reason.HOLIDAY), id="holiday"),
        pytest.param(KOPYL, date(2026, 4, 20), (None, Reason.HOLIDAY), id="substituted-day-off"),
        pytest.param(KOPYL, date(2026, 4, 25), (WEEKDAY, None), id="moved-working-saturday"),
        pytest.param(KOPYL, date(2025, 12, 20), (WEEKDAY, None), id="moved-working-saturday-2025"),
        pytest.param(KOPYL_EXTRA, date(2026, 6, 11), (None, Reason.CLOSURE), id="closure"),
        pytest.param(KOPYL_EXTRA, date(2026, 6, 14), (SUNDAY_SHORT, None), id="extra-own-hours"),
        pytest.param(KOPYL_EXTRA, date(2026, 6, 21), (WEEKDAY, None), id="extra-usual-hours"),
        pytest.param(KOPYL_EXTRA, date(2026, 7, 3), (None, Reason.HOLIDAY), id="holiday-beats-extra"),
        pytest.param(
            dataclasses.replace(KOPYL, country=None), date(2026, 7, 3), (WEEKDAY, None), id="no-country-no-holidays"
        ),
        pytest.param(
            dataclasses.replace(KOPYL, country=None), date(2026, 4, 25), (None, Reason.WEEKEND), id="no-country-no-moves"
        ),
    ],
)
def test_hours_on(cal: OfficeCalendar, day: date, expected: tuple[DayHours | None, Reason | None]) -> None:
    assert hours_on(cal, day) == expected


def test_hours_on_rejects_datetime() -> None:
    with pytest.raises(TypeError, match="takes a date"):
        hours_on(KOPYL, mk(2026, 6, 16, 10))


SHORT_FRIDAY = DayHours(time(8, 30), time(16, 15), time(13, 0), time(14, 0))


def test_moved_saturday_uses_usual_not_friday_hours() -> None:
    # Many Belarusian offices close earlier on Friday; a moved Saturday works a full day.
    cal = OfficeCalendar(week={0: WEEKDAY, 1: WEEKDAY, 2: WEEKDAY, 3: WEEKDAY, 4: SHORT_FRIDAY})
    assert cal.usual_hours() == WEEKDAY
    assert hours_on(cal, date(2026, 4, 25)) == (WEEKDAY, None)
    assert status_at(cal, mk(2026, 4, 24, 16, 15)).next_change == mk(2026, 4, 25, 8, 30)


def test_moved_saturday_without_weekday_hours_keeps_weekly_hours() -> None:
    saturday = DayHours(time(10), time(14))
    cal = OfficeCalendar(week={5: saturday})
    assert cal.usual_hours() is None
    assert hours_on(cal, date(2026, 4, 25)) == (saturday, None)
    assert hours_on(cal, date(2026, 4, 27)) == (None, Reason.WEEKEND)


A = DayHours(time(8), time(17))
B = DayHours(time(9), time(18))


@pytest.mark.parametrize(
    ("week", "usual"),
    [
        pytest.param({i: WEEKDAY for i in range(5)}, WEEKDAY, id="all-same"),
        pytest.param({0: A, 1: A, 2: B, 3: B, 4: B}, B, id="majority"),
        pytest.param({0: A, 1: A, 2: B, 3: B}, A, id="tie-earliest-weekday"),
        pytest.param({0: None, 1: B, 5: A, 6: A}, B, id="weekend-ignored"),
        pytest.param({5: A}, None, id="no-weekday-hours"),
        pytest.param({}, None, id="empty"),
    ],
)
def test_usual_hours(week: dict[int, DayHours | None], usual: DayHours | None) -> None:
    assert OfficeCalendar(week=week).usual_hours() == usual


@pytest.mark.parametrize(
    ("moment", "expected_local", "state"),
    [
        # 05:30 UTC is 08:30 in Minsk (UTC+3 all year).
        pytest.param(datetime(2026, 6, 16, 5, 30, tzinfo=UTC), mk(2026, 6, 16, 8, 30), O, id="utc-opening"),
        pytest.param(datetime(2026, 6, 16, 5, 29, tzinfo=UTC), mk(2026, 6, 16, 8, 29), C, id="utc-before"),
        pytest.param(datetime(2026, 6, 16, 10, 0, tzinfo=UTC), mk(2026, 6, 16, 13), L, id="utc-lunch"),
        # 22:00 UTC Friday is already Saturday 01:00 in Minsk.
        pytest.param(datetime(2026, 6, 19, 22, 0, tzinfo=UTC), mk(2026, 6, 20, 1), C, id="utc-date-rollover"),
        # 10:00 in Warsaw (CEST, UTC+2) is 11:00 in Minsk.
        pytest.param(
            datetime(2026, 6, 16, 10, tzinfo=ZoneInfo("Europe/Warsaw")), mk(2026, 6, 16, 11), O, id="other-zone"
        ),
        pytest.param(datetime(2026, 6, 16, 8, 30), mk(2026, 6, 16, 8, 30), O, id="naive-is-local"),
        pytest.param(datetime(2026, 6, 16, 17, 30), mk(2026, 6, 16, 17, 30), C, id="naive-closing"),
    ],
)
def test_moment_conversion(moment: datetime, expected_local: datetime, state: State) -> None:
    st = status_at(KOPYL, moment)
    assert st.moment == expected_local
    assert st.moment.tzinfo is MINSK
    assert (st.moment.year, st.moment.month, st.moment.day, st.moment.hour, st.moment.minute) == (
        expected_local.year,
        expected_local.month,
        expected_local.day,
        expected_local.hour,
        expected_local.minute,
    )
    assert st.state is state


def test_utc_date_rollover_reason() -> None:
    st = status_at(KOPYL, datetime(2026, 6, 19, 22, 0, tzinfo=UTC))
    assert (st.reason, st.next_change) == (Reason.WEEKEND, mk(2026, 6, 22, 8, 30))


# ------------------------------------------------------------------------ DST (Berlin)

BERLIN_OFFICE = OfficeCalendar(week={i: WEEKDAY for i in range(5)}, timezone="Europe/Berlin", country=None)
NIGHT = DayHours(time(0, 30), time(4, 0))  # spans the 02:00/03:00 DST change
BERLIN_NIGHT = OfficeCalendar(week={6: NIGHT}, timezone="Europe/Berlin", country=None)


def test_dst_next_opening_across_spring_forward() -> None:
    # Fri 2026-03-27 (CET, +1) -> Mon 2026-03-30 (CEST, +2); Sun 03-29 is the change.
    st = status_at(BERLIN_OFFICE, datetime(2026, 3, 27, 18))
    assert st.moment.utcoffset() == timedelta(hours=1)
    assert st.next_change == datetime(2026, 3, 30, 8, 30, tzinfo=BERLIN)
    assert st.next_change is not None and st.next_change.utcoffset() == timedelta(hours=2)
    assert st.next_change.astimezone(UTC) == datetime(2026, 3, 30, 6, 30, tzinfo=UTC)


def test_dst_next_opening_across_fall_back() -> None:
    st = status_at(BERLIN_OFFICE, datetime(2026, 10, 23, 18))
    assert st.moment.utcoffset() == timedelta(hours=2)
    assert st.next_change is not None
    assert st.next_change.astimezone(UTC) == datetime(2026, 10, 26, 7, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("utc_moment", "state", "reason"),
    [
        # The same UTC time of day is 07:45 before the change and 08:45 after it.
        pytest.param(datetime(2026, 3, 27, 6, 45, tzinfo=UTC), C, Reason.BEFORE_OPENING, id="cet"),
        pytest.param(datetime(2026, 3, 30, 6, 45, tzinfo=UTC), O, Reason.OPEN, id="cest"),
        pytest.param(datetime(2026, 10, 23, 6, 45, tzinfo=UTC), O, Reason.OPEN, id="cest-autumn"),
        pytest.param(datetime(2026, 10, 26, 6, 45, tzinfo=UTC), C, Reason.BEFORE_OPENING, id="cet-autumn"),
    ],
)
def test_dst_utc_moments(utc_moment: datetime, state: State, reason: Reason) -> None:
    st = status_at(BERLIN_OFFICE, utc_moment)
    assert (st.state, st.reason) == (state, reason)


def test_dst_naive_moment_in_gap_is_normalised() -> None:
    # 02:30 does not exist on 2026-03-29 in Berlin; it denotes 01:30 UTC = 03:30 CEST.
    st = status_at(BERLIN_NIGHT, datetime(2026, 3, 29, 2, 30))
    assert (st.moment.hour, st.moment.minute) == (3, 30)
    assert st.moment.utcoffset() == timedelta(hours=2)
    assert st.state is State.OPEN


def test_dst_night_shift_spring_forward() -> None:
    # Open 00:30-04:00 local on the short night: 00:45Z = 01:45 CET; close 04:00 CEST = 02:00Z.
    st = status_at(BERLIN_NIGHT, datetime(2026, 3, 29, 0, 45, tzinfo=UTC))
    assert st.state is State.OPEN
    assert st.next_change is not None
    assert st.next_change.astimezone(UTC) == datetime(2026, 3, 29, 2, 0, tzinfo=UTC)
    assert st.next_change.astimezone(UTC) - st.moment.astimezone(UTC) == timedelta(hours=1, minutes=15)


@pytest.mark.parametrize(
    "utc_moment",
    [
        pytest.param(datetime(2026, 10, 25, 0, 30, tzinfo=UTC), id="first-0230-cest"),
        pytest.param(datetime(2026, 10, 25, 1, 30, tzinfo=UTC), id="second-0230-cet"),
    ],
)
def test_dst_night_shift_fall_back(utc_moment: datetime) -> None:
    # 02:30 happens twice on 2026-10-25; both are inside 00:30-04:00 local.
    st = status_at(BERLIN_NIGHT, utc_moment)
    assert (st.moment.hour, st.moment.minute) == (2, 30)
    assert st.state is State.OPEN
    assert st.next_change is not None
    assert st.next_change.astimezone(UTC) == datetime(2026, 10, 25, 3, 0, tzinfo=UTC)
    assert st.next_state is State.CLOSED


# ------------------------------------------------------------------- never opens / edges


@pytest.mark.parametrize(
    "cal",
    [
        pytest.param(OfficeCalendar(week={}), id="empty-week"),
        pytest.param(OfficeCalendar(week={i: None for i in range(7)}), id="all-none"),
        pytest.param(OfficeCalendar(week={}, country=None), id="no-country"),
        pytest.param(
            dataclasses.replace(KOPYL, closures=(Closure(date(2026, 1, 1), date(2099, 12, 31)),)), id="closed-for-years"
        ),
    ],
)
def test_office_never_opens(cal: OfficeCalendar) -> None:
    moment = mk(2026, 6, 16, 10)
    st = status_at(cal, moment)
    assert st.state is State.CLOSED
    assert (st.next_change, st.next_state) == (None, None)
    assert next_opening(cal, moment) is None


def test_opening_just_within_search_window() -> None:
    closed_until = date(2026, 6, 16) + timedelta(days=schedule.SEARCH_DAYS - 1)
    cal = OfficeCalendar(
        week={i: SUNDAY_SHORT for i in range(7)},
        closures=(Closure(date(2026, 6, 16), closed_until),),
        country=None,
    )
    assert next_opening(cal, mk(2026, 6, 16, 10)) == datetime.combine(
        closed_until + timedelta(days=1), time(9), tzinfo=MINSK
    )
    cal_longer = dataclasses.replace(cal, closures=(Closure(date(2026, 6, 16), closed_until + timedelta(days=1)),))
    assert next_opening(cal_longer, mk(2026, 6, 16, 10)) is None


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        pytest.param(mk(2026, 6, 16, 7), mk(2026, 6, 16, 8, 30), id="before-opening"),
        pytest.param(mk(2026, 6, 16, 8, 30), mk(2026, 6, 16, 14), id="at-opening-next-is-after-lunch"),
        pytest.param(mk(2026, 6, 16, 10), mk(2026, 6, 16, 14), id="open-next-is-after-lunch"),
        pytest.param(mk(2026, 6, 16, 13, 30), mk(2026, 6, 16, 14), id="lunch"),
        pytest.param(mk(2026, 6, 16, 14), mk(2026, 6, 17, 8, 30), id="at-lunch-end"),
        pytest.param(mk(2026, 6, 19, 18), mk(2026, 6, 22, 8, 30), id="friday-evening"),
        pytest.param(datetime(2026, 7, 2, 15), mk(2026, 7, 6, 8, 30), id="naive-before-holiday"),
        pytest.param(datetime(2026, 7, 3, 5, 29, tzinfo=UTC), mk(2026, 7, 6, 8, 30), id="utc-on-holiday"),
    ],
)
def test_next_opening(after: datetime, expected: datetime) -> None:
    assert next_opening(KOPYL, after) == expected


@pytest.mark.parametrize(
    ("hours", "moment", "state", "reason", "next_change", "next_state"),
    [
        # Lunch at the very start of the day: the day begins in LUNCH.
        pytest.param(
            DayHours(time(8, 30), time(17, 30), time(8, 30), time(9)),
            mk(2026, 6, 16, 8),
            C, Reason.BEFORE_OPENING, mk(2026, 6, 16, 8, 30), L,
            id="lunch-at-opening-before",
        ),
        pytest.param(
            DayHours(time(8, 30), time(17, 30), time(8, 30), time(9)),
            mk(2026, 6, 16, 8, 30),
            L, Reason.LUNCH, mk(2026, 6, 16, 9), O,
            id="lunch-at-opening",
        ),
        # Lunch up to closing: lunch ends straight into CLOSED.
        pytest.param(
            DayHours(time(8, 30), time(17, 30), time(17), time(17, 30)),
            mk(2026, 6, 16, 17, 10),
            L, Reason.LUNCH, mk(2026, 6, 16, 17, 30), C,
            id="lunch-until-closing",
        ),
        pytest.param(
            DayHours(time(8, 30), time(17, 30), time(17), time(17, 30)),
            mk(2026, 6, 16, 17, 30),
            C, Reason.AFTER_HOURS, mk(2026, 6, 17, 8, 30), O,
            id="lunch-until-closing-after",
        ),
        pytest.param(
            DayHours(time(9), time(12)),
            mk(2026, 6, 16, 11),
            O, Reason.OPEN, mk(2026, 6, 16, 12), C,
            id="no-lunch",
        ),
    ],
)
def test_edge_lunch_shapes(
    hours: DayHours, moment: datetime, state: State, reason: Reason, next_change: datetime, next_state: State
) -> None:
    cal = OfficeCalendar(week={i: hours for i in range(5)}, country=None)
    st = status_at(cal, moment)
    assert (st.state, st.reason, st.next_change, st.next_state) == (state, reason, next_change, next_state)


def test_next_opening_skips_lunch_at_opening() -> None:
    cal = OfficeCalendar(week={1: DayHours(time(8, 30), time(17, 30), time(8, 30), time(9))}, country=None)
    assert next_opening(cal, mk(2026, 6, 16, 8)) == mk(2026, 6, 16, 9)


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"opens": time(17, 30), "closes": time(8, 30)}, "must be before closing", id="reversed"),
        pytest.param({"opens": time(8, 30), "closes": time(8, 30)}, "must be before closing", id="empty-day"),
        pytest.param(
            {"opens": time(8), "closes": time(17), "lunch_start": time(13)}, "both lunch_start and lunch_end", id="no-lunch-end"
        ),
        pytest.param(
            {"opens": time(8), "closes": time(17), "lunch_end": time(14)}, "both lunch_start and lunch_end", id="no-lunch-start"
        ),
        pytest.param(
            {"opens": time(8), "closes": time(17), "lunch_start": time(13), "lunch_end": time(13)},
            "lunch start 13:00 must be before lunch end 13:00",
            id="empty-lunch",
        ),
        pytest.param(
            {"opens": time(8), "closes": time(17), "lunch_start": time(14), "lunch_end": time(13)},
            "lunch start 14:00 must be before lunch end 13:00",
            id="reversed-lunch",
        ),
        pytest.param(
            {"opens": time(8), "closes": time(17), "lunch_start": time(7), "lunch_end": time(8, 30)},
            "must lie within opening hours 08:00-17:00",
            id="lunch-before-opening",
        ),
        pytest.param(
            {"opens": time(8), "closes": time(17), "lunch_start": time(16, 30), "lunch_end": time(17, 30)},
            "must lie within opening hours",
            id="lunch-after-closing",
        ),
        pytest.param(
            {"opens": time(8, tzinfo=UTC), "closes": time(17)}, "naive local time", id="aware-time"
        ),
    ],
)
def test_dayhours_validation(kwargs: dict[str, time], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        DayHours(**kwargs)


def test_dayhours_type_error() -> None:
    with pytest.raises(TypeError, match="opens must be a datetime.time"):
        DayHours("08:30", time(17))  # type: ignore[arg-type]


def test_dayhours_boundaries_allowed() -> None:
    # opens == lunch_start and lunch_end == closes are legal (spec: <=).
    DayHours(time(8), time(17), time(8), time(9))
    DayHours(time(8), time(17), time(16), time(17))


@pytest.mark.parametrize(
    ("make", "exc", "message"),
    [
        pytest.param(lambda: OfficeCalendar(week={7: WEEKDAY}), ValueError, "0 \\(Monday\\) .. 6", id="bad-weekday"),
        pytest.param(lambda: OfficeCalendar(week={0: "8-17"}), TypeError, "DayHours or None", id="bad-hours"),
        pytest.param(lambda: OfficeCalendar(week={}, timezone="Europe/Kopyl"), ValueError, "time zone", id="bad-tz"),
        pytest.param(lambda: OfficeCalendar(week={}, country="XX"), ValueError, "country 'XX'", id="bad-country"),
        pytest.param(
            lambda: OfficeCalendar(week={}, extra_workdays=(ExtraWorkday(date(2026, 6, 14)),)),
            ValueError,
            "no usual weekday hours",
            id="extra-without-hours",
        ),
        pytest.param(
            lambda: dataclasses.replace(
                KOPYL, extra_workdays=(ExtraWorkday(date(2026, 6, 14)), ExtraWorkday(date(2026, 6, 14)))
            ),
            ValueError,
            "given twice",
            id="duplicate-extra",
        ),
        pytest.param(lambda: Closure(date(2026, 6, 12), date(2026, 6, 10)), ValueError, "before start", id="closure-reversed"),
        pytest.param(
            lambda: Closure(datetime(2026, 6, 10), date(2026, 6, 12)), TypeError, "datetime.date", id="closure-datetime"
        ),
        pytest.param(lambda: ExtraWorkday(datetime(2026, 6, 14, 9)), TypeError, "datetime.date", id="extra-datetime"),
    ],
)
def test_calendar_validation(make, exc: type[Exception], message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(exc, match=message):
        make()


def test_status_at_rejects_date() -> None:
    with pytest.raises(TypeError, match="expected a datetime"):
        status_at(KOPYL, date(2026, 6, 16))  # type: ignore[arg-type]


def test_calendar_is_frozen_copy() -> None:
    week = {0: WEEKDAY}
    cal = OfficeCalendar(week=week)
    week[1] = WEEKDAY  # later changes to the caller's dict must not leak in
    assert hours_on(cal, date(2026, 6, 16)) == (None, Reason.WEEKEND)
    with pytest.raises(dataclasses.FrozenInstanceError):
        cal.country = None  # type: ignore[misc]


# ------------------------------------------------------------------- holiday listings

HOLIDAYS_2026 = {
    "en": [
        (date(2026, 1, 1), "New Year's Day"),
        (date(2026, 1, 2), "New Year's Day"),
        (date(2026, 1, 7), "Orthodox Christmas Day"),
        (date(2026, 3, 8), "Women's Day"),
        (date(2026, 4, 5), "Catholic Easter"),
        (date(2026, 4, 12), "Orthodox Easter"),
        (date(2026, 4, 20), "Day off (substituted from 04/25/2026)"),
        (date(2026, 4, 21), "Radunitsa (Day of Rejoicing)"),
        (date(2026, 5, 1), "Labor Day"),
        (date(2026, 5, 9), "Victory Day"),
        (date(2026, 7, 3), "Independence Day of the Republic of Belarus (Day of the Republic)"),
        (date(2026, 11, 7), "October Revolution Day"),
        (date(2026, 12, 25), "Catholic Christmas Day"),
    ],
    "ru": [
        (date(2026, 1, 1), "Новый год"),
        (date(2026, 1, 2), "Новый год"),
        (date(2026, 1, 7), "Рождество Христово (православное Рождество)"),
        (date(2026, 3, 8), "День женщин"),
        (date(2026, 4, 5), "Католическая Пасха"),
        (date(2026, 4, 12), "Православная Пасха"),
        (date(2026, 4, 20), "Выходной (перенесено с 25.04.2026)"),
        (date(2026, 4, 21), "Радуница"),
        (date(2026, 5, 1), "Праздник труда"),
        (date(2026, 5, 9), "День Победы"),
        (date(2026, 7, 3), "День Независимости Республики Беларусь (День Республики)"),
        (date(2026, 11, 7), "День Октябрьской революции"),
        (date(2026, 12, 25), "Рождество Христово (католическое Рождество)"),
    ],
    "be": [
        (date(2026, 1, 1), "Новы год"),
        (date(2026, 1, 2), "Новы год"),
        (date(2026, 1, 7), "Нараджэнне Хрыстова (праваслаўнае Раство)"),
        (date(2026, 3, 8), "Дзень жанчын"),
        (date(2026, 4, 5), "Каталіцкі Вялікдзень"),
        (date(2026, 4, 12), "Праваслаўны Вялікдзень"),
        (date(2026, 4, 20), "Выходны (перанесены з 25.04.2026)"),
        (date(2026, 4, 21), "Радаўніца"),
        (date(2026, 5, 1), "Свята працы"),
        (date(2026, 5, 9), "Дзень Перамогі"),
        (date(2026, 7, 3), "Дзень Незалежнасці Рэспублікі Беларусь (Дзень Рэспублікі)"),
        (date(2026, 11, 7), "Дзень Кастрычніцкай рэвалюцыі"),
        (date(2026, 12, 25), "Нараджэнне Хрыстова (каталіцкае Раство)"),
    ],
}


@pytest.mark.parametrize("lang", ["ru", "be", "en"])
def test_public_holidays_2026(lang: str) -> None:
    assert public_holidays(KOPYL, date(2026, 1, 1), date(2026, 12, 31), lang) == HOLIDAYS_2026[lang]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(
            date(2026, 4, 1),
            date(2026, 4, 30),
            [
                (date(2026, 4, 5), "Catholic Easter"),
                (date(2026, 4, 12), "Orthodox Easter"),
                (date(2026, 4, 20), "Day off (substituted from 04/25/2026)"),
                (date(2026, 4, 21), "Radunitsa (Day of Rejoicing)"),
            ],
            id="april",
        ),
        pytest.param(
            date(2025, 12, 25),
            date(2026, 1, 2),
            [
                (date(2025, 12, 25), "Catholic Christmas Day"),
                (date(2025, 12, 26), "Day off (substituted from 12/20/2025)"),
                (date(2026, 1, 1), "New Year's Day"),
                (date(2026, 1, 2), "New Year's Day"),
            ],
            id="across-new-year-inclusive",
        ),
        pytest.param(date(2026, 7, 3), date(2026, 7, 3), [(date(2026, 7, 3), HOLIDAYS_2026["en"][10][1])], id="one-day"),
        pytest.param(date(2026, 7, 4), date(2026, 7, 3), [], id="empty-range"),
    ],
)
def test_public_holidays_ranges(start: date, end: date, expected: list[tuple[date, str]]) -> None:
    assert public_holidays(KOPYL, start, end, "en") == expected


def test_public_holidays_bad_language_and_no_country() -> None:
    with pytest.raises(ValueError, match="unsupported language 'en_US'"):
        public_holidays(KOPYL, date(2026, 1, 1), date(2026, 12, 31), "en_US")
    assert public_holidays(dataclasses.replace(KOPYL, country=None), date(2026, 1, 1), date(2026, 12, 31), "ru") == []


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(
            date(2025, 1, 1),
            date(2026, 12, 31),
            [date(2025, 1, 11), date(2025, 4, 26), date(2025, 7, 12), date(2025, 12, 20), date(2026, 4, 25)],
            id="2025-2026",
        ),
        pytest.param(date(2026, 1, 1), date(2026, 12, 31), [date(2026, 4, 25)], id="2026"),
        pytest.param(date(2025, 4, 26), date(2025, 7, 12), [date(2025, 4, 26), date(2025, 7, 12)], id="inclusive"),
        pytest.param(date(2025, 4, 27), date(2025, 7, 11), [], id="none-inside"),
        # The 2007 transfer: Sat 2006-12-30 worked for Tue 2007-01-02.
        pytest.param(date(2006, 12, 1), date(2007, 1, 31), [date(2006, 12, 30)], id="cross-year-transfer"),
    ],
)
def test_moved_workdays(start: date, end: date, expected: list[date]) -> None:
    assert moved_workdays(KOPYL, start, end) == expected
    for day in expected:
        assert day.weekday() >= 5
        assert hours_on(KOPYL, day) == (WEEKDAY, None)


def test_moved_workdays_no_country() -> None:
    assert moved_workdays(dataclasses.replace(KOPYL, country=None), date(2025, 1, 1), date(2026, 12, 31)) == []


# ----------------------------------------------------------------------- misc contract


def test_status_is_frozen_and_serialisable() -> None:
    st = status_at(KOPYL_EXTRA, mk(2026, 6, 11, 10))
    assert isinstance(st, OfficeStatus)
    with pytest.raises(dataclasses.FrozenInstanceError):
        st.state = State.OPEN  # type: ignore[misc]
    as_dict = dataclasses.asdict(st)  # must not choke on our mappings
    assert as_dict["closure"]["reason"]["ru"] == "санитарные дни"
    assert st.state == "closed" and st.reason == "closure"  # str enums, handy for JSON/templates


def test_holiday_names_are_a_fresh_dict() -> None:
    first = status_at(KOPYL, mk(2026, 7, 3, 10))
    first.holiday_names["en"] = "tampered"  # type: ignore[index]
    assert status_at(KOPYL, mk(2026, 7, 3, 10)).holiday_names["en"].startswith("Independence Day")


def test_holidays_objects_are_cached() -> None:
    status_at(KOPYL, mk(2026, 7, 3, 10))  # warm up
    before = schedule._holiday_obj.cache_info().misses
    for _ in range(50):
        status_at(KOPYL, mk(2026, 7, 3, 10))
        status_at(KOPYL, mk(2026, 4, 25, 10))
    assert schedule._holiday_obj.cache_info().misses == before


# -- issue 16, item 7: a moved day off knows the Saturday worked instead; a working Saturday says so --


@pytest.mark.parametrize(
    "day_off, worked",
    [(date(2026, 4, 20), date(2026, 4, 25)), (date(2025, 1, 6), date(2025, 1, 11)), (date(2025, 12, 26), date(2025, 12, 20))],
)
def test_a_moved_day_off_names_the_weekend_day_worked_instead(day_off, worked):
    status = status_at(KOPYL, mk(day_off.year, day_off.month, day_off.day, 10))
    assert status.reason is Reason.HOLIDAY
    assert status.worked_instead == worked


def test_a_real_holiday_has_no_day_worked_instead():
    assert status_at(KOPYL, mk(2026, 7, 3, 10)).worked_instead is None


@pytest.mark.parametrize(
    "moment, moved",
    [(mk(2026, 4, 25, 10), True), (mk(2026, 6, 14, 10), True), (mk(2026, 4, 24, 10), False), (mk(2026, 4, 18, 10), False)],
)
def test_a_weekend_day_that_is_worked_says_so(moment, moved):
    assert status_at(KOPYL_EXTRA, moment).moved_workday is moved
