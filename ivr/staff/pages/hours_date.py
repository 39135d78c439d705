"""Hours on a single date: its own short form (a short day before a holiday, a day closed), saved
into the office calendar the hours page shows (see ivr.staff.forms.single_date)."""
from __future__ import annotations

from typing import Any, Mapping

from ivr.content.models import RevisionNote
from ivr.content.store import CurrentOffice, current_office
from ivr.staff.editor import edit_page
from ivr.staff.forms.single_date import CLOSED, OTHER_HOURS, SingleDateSection
from ivr.staff.frame import Route, languages_of


def hours_date() -> Any:
    """The form for one date, and the dates that already have hours or a closure of their own."""
    section = SingleDateSection(languages_of(current_office().office))

    def extra(values: Mapping[str, str], current: CurrentOffice) -> dict[str, Any]:
        office = current.office
        return dict(langs=section.languages, OTHER_HOURS=OTHER_HOURS, CLOSED=CLOSED,
                    one_day_closures=[c for c in office.closures if c.start == c.end],
                    extra_days=list(office.extra_workdays))

    return edit_page(section, "staff/hours_date.html", endpoint="staff.hours_date", note=RevisionNote("hours_date"),
                     extra=extra)


ROUTES = (Route("/hours/date", hours_date, methods=("GET", "POST"), menu="hours"),)
