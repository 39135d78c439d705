"""Hours on a single date: a short day before a holiday, or closed for one day (a section, see fields).

It is a clearer door onto the office calendar the hours page edits: a date with other hours is an
extra working day with those hours (ivr.schedule.ExtraWorkday, which takes precedence over the weekly
hours), a date closed all day is a one-day closure (ivr.schedule.Closure). Saving a date replaces
what that date had before.
"""
from __future__ import annotations

from typing import Any

from ivr.content.office import Office, office_to_dict
from ivr.schedule import Closure, ExtraWorkday
from ivr.staff.forms.fields import Form, Problems, check_text, clean_text, format_date, problem
from ivr.staff.forms.hours import read_date, read_hours

OTHER_HOURS, CLOSED = "hours", "closed"


class SingleDateSection:
    """One date's hours or closure, kept in the office's extra working days and closures."""

    name = "single_date"

    def __init__(self, languages: list[str]):
        self.languages = languages

    def data(self, office: Office) -> Any:
        raw = office_to_dict(office)
        return raw["closures"], raw["extra_workdays"]

    def values(self, office: Office) -> dict[str, str]:
        return {}  # a new date each time; nothing chosen for the clerk

    def parse(self, form: Form, office: Office) -> tuple[Office | None, Problems]:
        problems: Problems = {}
        day = read_date(form, "day", problems, required=True)
        kind = clean_text(form.get("kind"))
        if kind not in (OTHER_HOURS, CLOSED):
            problems["kind"] = problem("choose_one")
        hours = read_hours(form, "", problems, required=True) if kind == OTHER_HOURS else None
        reasons = {}
        for lang in self.languages:
            text = clean_text(form.get(f"reason-{lang}"))
            if kind == CLOSED and (found := check_text(text, "reason")):
                problems[f"reason-{lang}"] = found
            reasons[lang] = text
        if day is not None:
            for closure in office.closures:
                if closure.covers(day) and closure.start != closure.end:
                    problems["day"] = problem("day_in_closure", start=format_date(closure.start),
                                              end=format_date(closure.end))
        if problems or day is None:
            return None, problems
        closures = [c for c in office.closures if not (c.start == c.end == day)]
        extra = [e for e in office.extra_workdays if e.day != day]
        if kind == CLOSED:
            closures.append(Closure(start=day, end=day, reason=reasons))
        else:
            extra.append(ExtraWorkday(day=day, hours=hours))
        return office.with_changes(closures=tuple(sorted(closures, key=lambda c: c.start)),
                                   extra_workdays=tuple(sorted(extra, key=lambda e: e.day))), problems
