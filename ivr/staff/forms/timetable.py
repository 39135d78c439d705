"""The timetable page's form: the office's services besides the reception (each with its own week),
dates that differ (for one service or all), urgent notices, and the pre-holiday rule."""
from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from ivr.content.office import (PRE_HOLIDAY_RULES, RECEPTION, Notice, Office, Service, SpecialDate,
                                office_to_dict)
from ivr.staff.forms.fields import (
    BLANK_ROWS,
    MAX_ROWS,
    Form,
    Invalid,
    Problems,
    blank,
    check_phone,
    check_text,
    clean_text,
    format_date,
    format_time,
    parse_date,
    parse_time,
    problem,
    row_count,
)
from ivr.staff.forms.hours import hours_values, read_date, read_hours, read_week, week_values

SERVICE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,31}")
SHORT_NUMBER = re.compile(r"\d{3,4}")
MAX_SERVICES = 4  # the hours menu offers at most four of them (one key each)
HOUR_PARTS = ("opens", "closes", "lunch_start", "lunch_end")


def format_moment(value: datetime | None) -> str:
    """A notice's start or end as typed: 09.12.2026 08:00."""
    return "" if value is None else f"{format_date(value.date())} {format_time(value.time())}"


def read_moment_field(form: Form, name: str, problems: Problems) -> datetime | None:
    """A date and a time typed into one field ("2026-12-09 08:00"); None and a problem if unreadable."""
    raw = clean_text(form.get(name))
    if not raw:
        problems[name] = problem("required")
        return None
    day, _, at = raw.partition(" ")
    try:
        return datetime.combine(parse_date(day), parse_time(at.strip() or "00:00"))
    except Invalid as exc:
        problems[name] = exc.problem
        return None


class TimetableSection:
    """The services, special dates, notices and pre-holiday rule (``now``: the office's clock, naive,
    for "a notice must end in the future")."""

    name = "timetable"

    def __init__(self, languages: list[str], now: datetime):
        self.languages = languages
        self.now = now.replace(tzinfo=None)

    def data(self, office: Office) -> Any:
        raw = office_to_dict(office)
        return raw["services"], raw["special_dates"], raw["notices"], raw["pre_holiday"]

    def values(self, office: Office) -> dict[str, str]:
        out: dict[str, str] = {"pre_holiday": office.pre_holiday}
        for i, service in enumerate(office.services):
            p = f"service-{i}-"
            out.update({p + "id": service.id, p + "phone": service.phone, p + "source": service.source,
                        p + "follows": "1" if service.follows_holidays else ""})
            out.update({f"{p}name-{lang}": service.name.get(lang, "") for lang in self.languages})
            out.update(week_values(p, service.week))
        for i, special in enumerate(office.special_dates):
            p = f"special-{i}-"
            out[p + "day"] = format_date(special.day)
            out[p + "service"] = special.services[0] if special.services else ""
            out.update(hours_values(p, special.hours))
            out.update({f"{p}reason-{lang}": special.reason.get(lang, "") for lang in self.languages})
        for i, notice in enumerate(office.notices):
            p = f"notice-{i}-"
            out.update({p + "id": notice.id, p + "start": format_moment(notice.start),
                        p + "end": format_moment(notice.end)})
            out.update({f"{p}text-{lang}": notice.text.get(lang, "") for lang in self.languages})
        return out

    @staticmethod
    def rows(values: Form, prefix: str, existing: int, limit: int = MAX_ROWS) -> int:
        """How many rows the form shows: the submitted or saved ones and blank ones for adding."""
        return min(max(row_count(values, prefix), existing) + (1 if prefix == "service" else BLANK_ROWS), limit)

    def parse(self, form: Form, office: Office) -> tuple[Office | None, Problems]:
        problems: Problems = {}
        pre_holiday = clean_text(form.get("pre_holiday")) or office.pre_holiday
        if pre_holiday not in PRE_HOLIDAY_RULES:
            problems["pre_holiday"] = problem("choice")
        services = self._services(form, problems)
        specials = self._special_dates(form, problems, {s.id for s in services})
        notices = self._notices(form, problems, office)
        if problems:
            return None, problems
        return office.with_changes(services=tuple(services), special_dates=tuple(specials), notices=tuple(notices),
                                   pre_holiday=pre_holiday), problems

    def _services(self, form: Form, problems: Problems) -> list[Service]:
        out: list[Service] = []
        for i in range(row_count(form, "service")):
            p = f"service-{i}-"
            names = [p + "id", p + "phone"] + [f"{p}name-{lang}" for lang in self.languages]
            if form.get(p + "remove") or blank(form, names):
                continue
            service_id = clean_text(form.get(p + "id")).lower()
            if not SERVICE_ID.fullmatch(service_id) or service_id == RECEPTION:
                problems[p + "id"] = problem("service_id")
            elif any(s.id == service_id for s in out):
                problems[p + "id"] = problem("service_id_twice")
            name = {}
            for lang in self.languages:
                text = clean_text(form.get(f"{p}name-{lang}"))
                if found := check_text(text, "name"):
                    problems[f"{p}name-{lang}"] = found
                name[lang] = text
            phone = clean_text(form.get(p + "phone"))
            # A national short number (142, 104) is a number too.
            if phone and not SHORT_NUMBER.fullmatch(phone) and (found := check_phone(phone)):
                problems[p + "phone"] = found
            week = read_week(form, p, problems)
            if len(out) >= MAX_SERVICES:
                problems[p + "id"] = problem("too_many_services", n=MAX_SERVICES)
            out.append(Service(id=service_id, name=name, week=week, phone=phone,
                               follows_holidays=bool(form.get(p + "follows")),
                               source=clean_text(form.get(p + "source"))[:300]))
        return out

    def _special_dates(self, form: Form, problems: Problems, service_ids: set[str]) -> list[SpecialDate]:
        out: list[SpecialDate] = []
        for i in range(row_count(form, "special")):
            p = f"special-{i}-"
            names = [p + "day"] + [p + part for part in HOUR_PARTS] + [f"{p}reason-{lang}" for lang in self.languages]
            if form.get(p + "remove") or blank(form, names):
                continue
            day = read_date(form, p + "day", problems, required=True)
            hours = read_hours(form, p, problems, required=False)
            service = clean_text(form.get(p + "service"))
            if service and service != RECEPTION and service not in service_ids:
                problems[p + "service"] = problem("choice")
            reason = {}
            for lang in self.languages:
                text = clean_text(form.get(f"{p}reason-{lang}"))
                if found := check_text(text, "reason", required=False):
                    problems[f"{p}reason-{lang}"] = found
                reason[lang] = text
            if day is not None:
                out.append(SpecialDate(day=day, hours=hours, reason=reason, services=(service,) if service else ()))
        return out

    def _notices(self, form: Form, problems: Problems, office: Office) -> list[Notice]:
        out: list[Notice] = []
        saved = {n.id: n for n in office.notices}
        for i in range(row_count(form, "notice")):
            p = f"notice-{i}-"
            names = [p + "start", p + "end"] + [f"{p}text-{lang}" for lang in self.languages]
            if form.get(p + "remove") or blank(form, names):
                continue
            start = read_moment_field(form, p + "start", problems)
            end = read_moment_field(form, p + "end", problems)
            text = {}
            for lang in self.languages:
                typed = clean_text(form.get(f"{p}text-{lang}"))
                if found := check_text(typed, "summary", required=lang == self.languages[0]):
                    problems[f"{p}text-{lang}"] = found
                text[lang] = typed
            if start is None or end is None:
                continue
            notice_id = clean_text(form.get(p + "id"))[:40] or f"notice-{start:%Y%m%d%H%M}-{i}"
            notice = Notice(id=notice_id, text=text, start=start, end=end)
            if end <= start:
                problems[p + "end"] = problem("end_after_start", start=format_moment(start))
            elif end <= self.now and saved.get(notice_id) != notice:
                problems[p + "end"] = problem("notice_in_past")  # a new or changed notice must still be on
            out.append(notice)
        return out

