"""The office's whole timetable: every service's state at a moment, the days whose hours differ, and
the plain question other parts ask ("is service X open at moment T").

Pure functions over the office document (``ivr.content.office``) and the schedule
(``ivr.schedule``): no database, no web framework.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Mapping

from ivr.content.office import RECEPTION, Office, Service
from ivr.schedule import DayHours, OfficeStatus, hours_on, is_pre_holiday, status_at

# How many days ahead the call and the page announce hours that differ ("on Friday …").
DAYS_AHEAD = 7


@dataclass(frozen=True)
class ServiceNow:
    """One service at one moment: the service (None for the reception) and its status (None for a
    service with no hours, such as a national number)."""

    id: str
    service: Service | None
    status: OfficeStatus | None


@dataclass(frozen=True)
class DayThatDiffers:
    """A date on which a service's hours are not its usual ones: special hours, a closure (``hours``
    None, with its reason) or the shorter day before a public holiday."""

    day: date
    service_id: str
    hours: DayHours | None
    reason: Mapping[str, str]


def service_ids(office: Office) -> tuple[str, ...]:
    """Every service's id, the reception first."""
    return (RECEPTION, *(s.id for s in office.services))


def service_status(office: Office, service_id: str, moment: datetime, timezone: str = "Europe/Minsk") -> ServiceNow:
    """One service's state at ``moment`` (naive: office time)."""
    service = office.service(service_id)
    if service is not None and not service.has_hours:
        return ServiceNow(service_id, service, None)
    return ServiceNow(service_id, service, status_at(office.service_calendar(service_id, timezone), moment))


def services_now(office: Office, moment: datetime, timezone: str = "Europe/Minsk") -> tuple[ServiceNow, ...]:
    """Every service's state at ``moment``, the reception first."""
    return tuple(service_status(office, sid, moment, timezone) for sid in service_ids(office))


def is_open(office: Office, service_id: str, moment: datetime, timezone: str = "Europe/Minsk") -> bool:
    """Whether the service ``service_id`` (or the reception) has someone at work at ``moment``
    (not during its break). False for an unknown service or one with no hours."""
    if service_id != RECEPTION and office.service(service_id) is None:
        return False
    status = service_status(office, service_id, moment, timezone).status
    return status is not None and status.is_open


def days_that_differ(office: Office, start: date, days: int = DAYS_AHEAD,
                     timezone: str = "Europe/Minsk") -> list[DayThatDiffers]:
    """From ``start`` on, for ``days`` days, every service's dates with special hours, closures of the
    office's special dates and shorter pre-holiday days, by date then service."""
    out: list[DayThatDiffers] = []
    calendars = [(sid, office.service_calendar(sid, timezone)) for sid in service_ids(office)
                 if (service := office.service(sid)) is None or service.has_hours]
    for offset in range(days):
        day = start + timedelta(days=offset)
        for sid, calendar in calendars:
            special = next((d for d in reversed(office.special_dates) if d.day == day and d.applies_to(sid)), None)
            hours, _reason = hours_on(calendar, day)
            shorter = (hours is not None and calendar.pre_holiday_hours != 0 and is_pre_holiday(calendar, day)
                       and hours != calendar.week.get(day.weekday()))
            if special is not None or shorter:
                out.append(DayThatDiffers(day, sid, hours, special.reason if special is not None else {}))
    return out
