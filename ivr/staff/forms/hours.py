"""The hours page's form: weekly hours with lunch, closures and extra working days (a section, see fields)."""
from __future__ import annotations

from datetime import date, time
from typing import Any, Mapping

from ivr.content.office import WEEKDAY_KEYS, Office, office_to_dict
from ivr.schedule import Closure, DayHours, ExtraWorkday
from ivr.staff.forms.fields import (
    BLANK_ROWS,
    MAX_CLOSURE_DAYS,
    MAX_ROWS,
    Form,
    Invalid,
    Problems,
    blank,
    check_text,
    clean_text,
    format_date,
    format_time,
    parse_date,
    parse_time,
    problem,
    row_count,
)

# -- hours -----------------------------------------------------------------------------------------

def read_hours(form: Form, prefix: str, problems: Problems, *, required: bool) -> DayHours | None:
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


def read_week(form: Form, prefix: str, problems: Problems) -> dict[int, DayHours | None]:
    """A week's hours from ``prefix`` + "mon_works", "mon_opens" … (a day not ticked is closed): the
    office's week on the hours page, a service's on the timetable page."""
    return {index: read_hours(form, f"{prefix}{key}_", problems, required=True) if form.get(f"{prefix}{key}_works")
            else None for index, key in enumerate(WEEKDAY_KEYS)}


def hours_values(prefix: str, hours: DayHours | None) -> dict[str, str]:
    """One day's hours as the form shows them, named ``prefix`` + "opens" … "lunch_end"."""
    return {
        f"{prefix}opens": format_time(hours.opens if hours else None),
        f"{prefix}closes": format_time(hours.closes if hours else None),
        f"{prefix}lunch_start": format_time(hours.lunch_start if hours else None),
        f"{prefix}lunch_end": format_time(hours.lunch_end if hours else None),
    }


def week_values(prefix: str, week: Mapping[int, DayHours | None]) -> dict[str, str]:
    """A week as the form shows it: each day's "works" box and hours, named as ``read_week`` reads them."""
    out: dict[str, str] = {}
    for index, key in enumerate(WEEKDAY_KEYS):
        hours = week.get(index)
        out[f"{prefix}{key}_works"] = "1" if hours else ""
        out.update(hours_values(f"{prefix}{key}_", hours))
    return out


class HoursSection:
    """Weekly hours with lunch, the office's closures and its extra working days."""

    name = "hours"

    def __init__(self, languages: list[str]):
        self.languages = languages

    def data(self, office: Office) -> Any:
        raw = office_to_dict(office)
        return raw["week"], raw["closures"], raw["extra_workdays"]

    def values(self, office: Office) -> dict[str, str]:
        out = week_values("", office.week)
        for i, closure in enumerate(office.closures):
            out[f"closure-{i}-start"] = format_date(closure.start)
            out[f"closure-{i}-end"] = format_date(closure.end)
            for lang in self.languages:
                out[f"closure-{i}-reason-{lang}"] = closure.reason.get(lang, "")
        for i, extra in enumerate(office.extra_workdays):
            out[f"extra-{i}-day"] = format_date(extra.day)
            out.update(hours_values(f"extra-{i}-", extra.hours))
        return out

    @staticmethod
    def rows(values: Form, prefix: str, existing: int) -> int:
        """How many rows a form shows: the submitted or saved ones plus blank ones for adding."""
        return min(max(row_count(values, prefix), existing) + BLANK_ROWS, MAX_ROWS)

    def parse(self, form: Form, office: Office) -> tuple[Office | None, Problems]:
        problems: Problems = {}
        week = read_week(form, "", problems)
        closures = self._closures(form, problems)
        extra = self._extra_days(form, problems, week)
        if problems:
            return None, problems
        return office.with_changes(week=week, closures=tuple(closures), extra_workdays=tuple(extra)), problems

    def _closures(self, form: Form, problems: Problems) -> list[Closure]:
        out: list[Closure] = []
        for i in range(row_count(form, "closure")):
            prefix = f"closure-{i}-"
            names = [prefix + "start", prefix + "end"] + [f"{prefix}reason-{lang}" for lang in self.languages]
            if form.get(prefix + "remove") or blank(form, names):
                continue
            start = read_date(form, prefix + "start", problems, required=True)
            end = read_date(form, prefix + "end", problems, required=False) if clean_text(form.get(prefix + "end")) else start
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
        for i in range(row_count(form, "extra")):
            prefix = f"extra-{i}-"
            names = [prefix + p for p in ("day", "opens", "closes", "lunch_start", "lunch_end")]
            if form.get(prefix + "remove") or blank(form, names):
                continue
            day = read_date(form, prefix + "day", problems, required=True)
            if day is not None and day in seen:
                problems[prefix + "day"] = problem("day_twice")
            hours = read_hours(form, prefix, problems, required=False)
            if hours is None and not any(n in problems for n in names[1:]) and not has_usual:
                problems[prefix + "opens"] = problem("extra_needs_hours")
            if day is not None and not any(n in problems for n in names):
                seen.add(day)
                out.append(ExtraWorkday(day=day, hours=hours))
        return out


def read_date(form: Form, name: str, problems: Problems, *, required: bool) -> date | None:
    """The date typed into the field ``name`` (None when empty or wrong; what was wrong goes into
    ``problems`` under the field's name)."""
    raw = clean_text(form.get(name))
    if not raw:
        if required:
            problems[name] = problem("required")
        return None
    try:
        return parse_date(raw)
    except Invalid as exc:
        problems[name] = exc.problem
        return None
