"""The office's services besides the reception, the dates that differ, urgent notices and the
pre-holiday rule (issue 18)."""
from __future__ import annotations

from typing import Any, Mapping

from flask_babel import gettext

from ivr.clock import now
from ivr.content.models import RevisionNote
from ivr.content.office import PRE_HOLIDAY_RULES, RECEPTION, WEEKDAY_KEYS
from ivr.content.store import CurrentOffice, current_office
from ivr.staff.editor import edit_page
from ivr.staff.forms.timetable import MAX_SERVICES, TimetableSection
from ivr.staff.frame import Route, languages_of, word


def timetable() -> Any:
    """The timetable form."""
    section = TimetableSection(languages_of(current_office().office), now())

    def extra(values: Mapping[str, str], current: CurrentOffice) -> dict[str, Any]:
        office = current.office
        for_whom = [("", gettext("every service")), (RECEPTION, gettext("the reception"))]
        for_whom += [(s.id, s.name.get(section.languages[0]) or s.id) for s in office.services]
        return dict(langs=section.languages, weekdays=WEEKDAY_KEYS, for_whom=for_whom,
                    pre_holiday_rules=[(rule, word("pre_holiday_" + rule)) for rule in PRE_HOLIDAY_RULES],
                    service_rows=TimetableSection.rows(values, "service", len(office.services), MAX_SERVICES),
                    special_rows=TimetableSection.rows(values, "special", len(office.special_dates)),
                    notice_rows=TimetableSection.rows(values, "notice", len(office.notices)))

    return edit_page(section, "staff/timetable.html", endpoint="staff.timetable", note=RevisionNote("timetable"),
                     extra=extra)


ROUTES = (Route("/timetable", timetable, methods=("GET", "POST")),)
