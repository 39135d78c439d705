"""Office hours: the week with lunch, closures, extra working days, and the public holidays shown."""
from __future__ import annotations

from datetime import date
from typing import Any, Mapping


from ivr.config import settings
from ivr.clock import now
from ivr.content.models import RevisionNote
from ivr.content.office import WEEKDAY_KEYS
from ivr.content.store import CurrentOffice, current_office
from ivr.schedule import moved_workdays, public_holidays
from ivr.staff.editor import edit_page
from ivr.staff.forms.hours import HoursSection
from ivr.staff.frame import Route, languages_of, ui_lang


def hours() -> Any:
    """The weekly hours, closures and extra working days, with this year's and next year's holidays."""
    section = HoursSection(languages_of(current_office().office))

    def extra(values: Mapping[str, str], current: CurrentOffice) -> dict[str, Any]:
        calendar = current.office.calendar(timezone=settings().timezone)
        this_year = now().year
        holiday_years = [(year, public_holidays(calendar, date(year, 1, 1), date(year, 12, 31), ui_lang()),
                          moved_workdays(calendar, date(year, 1, 1), date(year, 12, 31)))
                         for year in (this_year, this_year + 1)]
        return dict(weekdays=WEEKDAY_KEYS, langs=section.languages, holiday_years=holiday_years,
                    closure_rows=HoursSection.rows(values, "closure", len(current.office.closures)),
                    extra_rows=HoursSection.rows(values, "extra", len(current.office.extra_workdays)))

    return edit_page(section, "staff/hours.html", endpoint="staff.hours", note=RevisionNote("hours"), extra=extra)


ROUTES = (Route("/hours", hours, methods=("GET", "POST")),)
