"""What the public page, /info.json and the calendar feed show: plain functions of (office, moment).

Everything here is pure (no Flask, no database), built from the same pieces the call uses: the
schedule module for open/closed and holidays, and the call flow's own sentences, so the page, the
JSON and the call never disagree.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Mapping

from ivr import phrases
from ivr.callflow.context import FlowContext
from ivr.callflow.flow import (hours_sentences, notice_sentence, service_status_sentence, special_sentences,
                               status_sentence)
from ivr.content.office import EMAIL, FAX, WEB, WEEKDAY_KEYS, Office
from ivr.timetable import service_status
from ivr.content.procedures import TOPICS, Procedure, procedure_to_dict
from ivr.public.labels import clock, clock_range, day_and_date, label, long_date, weekday
from ivr.schedule import (
    SEARCH_DAYS,
    DayHours,
    OfficeCalendar,
    State,
    hours_on,
    moved_workdays,
    public_holidays,
)

#: How far ahead the page lists holidays and other special days (the next holiday and every
#: announced closure are listed even when further away).
SPECIAL_DAYS_AHEAD = 60


# -- phone numbers -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Phone:
    """A phone number as written by the office and in E.164 for tel: links."""

    display: str
    e164: str

    @property
    def uri(self) -> str:
        return f"tel:{self.e164}"


def e164(number: str) -> str:
    """'+375 (1719) 28-2-60' -> '+375171928260'; a Belarusian domestic '8 01719 2-82-60' gets +375.

    A number in another shape keeps its digits only (still dialable from a phone in Belarus).
    """
    digits = re.sub(r"\D", "", number)
    if not digits:
        return ""
    first = re.search(r"\d", number)
    if first and "+" in number[: first.start()]:
        return "+" + digits
    if len(digits) == 11 and digits.startswith("80"):
        return "+375" + digits[2:]
    if len(digits) == 12 and digits.startswith("375"):
        return "+" + digits
    return digits


def phone(number: str) -> Phone:
    return Phone(display=number.strip(), e164=e164(number))


def office_phones(office: Office) -> list[Phone]:
    return [phone(p) for p in office.phones if e164(p)]


def faxes(office: Office) -> list[str]:
    """The office's fax numbers as written: shown, never a tel: link (a phone cannot call a fax)."""
    return [c.value.strip() for c in office.of_kind(FAX)]


@dataclass(frozen=True)
class Link:
    """An e-mail or web address as written, with the link that opens it."""

    kind: str
    display: str
    href: str


def online(office: Office) -> list[Link]:
    """The office's e-mail (mailto:) and web (https:) addresses."""
    out = []
    for c in office.of_kind(EMAIL, WEB):
        text = c.value.strip()
        href = f"mailto:{text}" if c.kind == EMAIL else (text if re.match(r"https?://", text) else f"https://{text}")
        out.append(Link(c.kind, text, href))
    return out


def hotline(office: Office) -> Phone | None:
    return phone(office.hotline) if e164(office.hotline) else None


# -- the weekly hours ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HoursRow:
    """One row of the hours table: consecutive days with the same hours (None: closed)."""

    days: str
    hours: str | None
    lunch: str | None


def _day_span(first: int, last: int, lang: str) -> str:
    if first == last:
        return weekday(first, lang)
    joiner = ", " if last == first + 1 else "\u2013"
    return f"{weekday(first, lang)}{joiner}{phrases.weekday_name(last, lang, 'nom')}"


def hours_rows(office: Office, lang: str, week: Mapping[int, DayHours | None] | None = None) -> list[HoursRow]:
    """Monday..Sunday grouped as the call groups them: 'Понедельник–пятница | 08:30–17:30 | 13:00–14:00'
    (the reception's week, or ``week``)."""
    groups: list[tuple[int, int, DayHours | None]] = []
    for day in range(7):
        hours = (office.week if week is None else week).get(day)
        if groups and groups[-1][2] == hours:
            groups[-1] = (groups[-1][0], day, hours)
        else:
            groups.append((day, day, hours))
    rows = []
    for first, last, hours in groups:
        if hours is None:
            rows.append(HoursRow(_day_span(first, last, lang), None, None))
            continue
        lunch = (clock_range(hours.lunch_start, hours.lunch_end)
                 if hours.lunch_start is not None and hours.lunch_end is not None else None)
        rows.append(HoursRow(_day_span(first, last, lang), clock_range(hours.opens, hours.closes), lunch))
    return rows


# -- open now -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusView:
    """Open-now for the page: a short line in digits and the call's own sentence."""

    state: str  # "open", "lunch", "closed"
    short: str  # "Открыто до 13:00"
    sentence: str  # exactly what the caller hears
    as_of: str  # "По состоянию на 30 ноября 2026, 10:00 (UTC+3)."
    moment: datetime
    next_change: datetime | None


def utc_offset(moment: datetime) -> str:
    """'UTC+3', 'UTC+5:30', 'UTC' for the moment's own offset."""
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "\u2212"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def _when(day: date, today: date, lang: str) -> str:
    if day == today:
        return label(lang, "today")
    if day == today + timedelta(days=1):
        return label(lang, "tomorrow")
    return f"{phrases.weekday_name(day.weekday(), lang, 'on')} ({long_date(day, lang)})"


def status_view(ctx: FlowContext, lang: str) -> StatusView:
    st = ctx.status
    change = st.next_change
    if st.state is State.OPEN:
        short = label(lang, "state.open")
        if change is not None:
            short += " " + label(lang, "until", time=clock(change.time()))
    elif st.state is State.LUNCH:
        short = label(lang, "state.lunch")
        if change is not None:
            short += " " + label(lang, "until", time=clock(change.time()))
    else:
        short = label(lang, "state.closed")
        if change is not None:
            short += ", " + label(lang, "opens", when=_when(change.date(), ctx.today, lang), time=clock(change.time()))
    return StatusView(
        state=st.state.value,
        short=phrases.tidy(short, lang),
        sentence=status_sentence(ctx, lang).text,
        as_of=label(lang, "as_of", date=long_date(ctx.today, lang), time=clock(st.moment.time()),
                    zone=utc_offset(st.moment)),
        moment=st.moment,
        next_change=change,
    )


# -- the other services, the days that differ, urgent notices -----------------------------------


@dataclass(frozen=True)
class ServiceView:
    """One service besides the reception, for the page: its name, the call's sentence on whether
    it is open now (or its number), its week, its phone."""

    id: str
    name: str
    sentence: str
    rows: list[HoursRow]
    phone: Phone | None


def services_view(ctx: FlowContext, lang: str) -> list[ServiceView]:
    """The office's other services as the page shows them, in the office's order."""
    out = []
    for service in ctx.office.services:
        now = service_status(ctx.office, service.id, ctx.status.moment, str(ctx.status.moment.tzinfo))
        out.append(ServiceView(
            id=service.id,
            name=service.name.get(lang) or next(iter(service.name.values()), service.id),
            sentence=service_status_sentence(ctx, lang, now).text,
            rows=hours_rows(ctx.office, lang, service.week) if service.has_hours else [],
            phone=phone(service.phone) if e164(service.phone) else None,
        ))
    return out


def differs_view(ctx: FlowContext, lang: str) -> list[str]:
    """The coming days with other hours (today first), as the call says them."""
    return [s.text for s in special_sentences(ctx, lang)]


def notices_view(ctx: FlowContext, lang: str) -> list[str]:
    """The urgent notices on now, in ``lang`` (else the language they were written in)."""
    office = ctx.office
    return [n.text.get(lang) or next(iter(n.text.values()), "") for n in office.active_notices(ctx.status.moment)]


# -- holidays, closures and moved working days ------------------------------------------------


@dataclass(frozen=True)
class SpecialDay:
    """A day (or run of days) when the office keeps other hours than its week says."""

    kind: str  # "holiday", "closure", "workday"
    start: date
    end: date  # inclusive
    name: str
    hours: DayHours | None = None  # for "workday"

    def dates(self, lang: str) -> str:
        if self.start == self.end:
            return day_and_date(self.start, lang)
        return f"{long_date(self.start, lang)}\u2009\u2013\u2009{long_date(self.end, lang)}"

    def description(self, lang: str) -> str:
        if self.kind == "workday":
            if self.hours is not None:
                return label(lang, "workday_hours", range=clock_range(self.hours.opens, self.hours.closes))
            return label(lang, "kind.workday")
        return label(lang, f"kind.{self.kind}")


def _merge_runs(days: list[tuple[date, str]], kind: str) -> list[SpecialDay]:
    """Consecutive dates with the same name become one entry (1–2 January: New Year)."""
    out: list[SpecialDay] = []
    for day, name in days:
        if out and out[-1].name == name and out[-1].end + timedelta(days=1) == day:
            out[-1] = SpecialDay(kind, out[-1].start, day, name)
        else:
            out.append(SpecialDay(kind, day, day, name))
    return out


def special_days(office: Office, calendar: OfficeCalendar, today: date, lang: str,
                 ahead: int = SPECIAL_DAYS_AHEAD) -> list[SpecialDay]:
    """Holidays, closures and extra working days from ``today`` on, soonest first.

    Everything within ``ahead`` days; beyond that, the next public holiday and every announced
    closure (a clerk announces a closure for people to see it).
    """
    horizon = today + timedelta(days=ahead)
    far = today + timedelta(days=SEARCH_DAYS)
    items: list[SpecialDay] = []
    holidays_ahead = public_holidays(calendar, today, far, lang)
    near = [(d, n) for d, n in holidays_ahead if d <= horizon] or holidays_ahead[:1]
    items += _merge_runs(near, "holiday")
    for closure in office.closures:
        if closure.end >= today and closure.start <= far:
            items.append(SpecialDay("closure", closure.start, closure.end, closure.reason.get(lang, "")))
    workdays = set(moved_workdays(calendar, today, horizon))
    workdays.update(w.day for w in office.extra_workdays if today <= w.day <= horizon)
    for day in sorted(workdays):
        hours, _ = hours_on(calendar, day)
        if hours is not None and calendar.week.get(day.weekday()) != hours:
            items.append(SpecialDay("workday", day, day, "", hours))
    return sorted(items, key=lambda s: (s.start, s.end, s.kind))


# -- news ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewsItem:
    title: str
    summary: str
    published: date | None


def news(office: Office, lang: str) -> list[NewsItem]:
    """The headlines a caller in ``lang`` hears, newest first, with their summaries."""
    return [NewsItem(h.text("title", lang), h.text("summary", lang), h.published)
            for h in office.visible_headlines(lang)]


# -- /info.json ---------------------------------------------------------------------------------


def _iso_minute(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat(timespec="minutes")


def _hours_dict(hours: DayHours | None) -> dict[str, str | None] | None:
    if hours is None:
        return None
    return {
        "opens": clock(hours.opens),
        "closes": clock(hours.closes),
        "lunch_start": clock(hours.lunch_start) if hours.lunch_start else None,
        "lunch_end": clock(hours.lunch_end) if hours.lunch_end else None,
    }


def _phone_dict(p: Phone) -> dict[str, str]:
    return {"display": p.display, "e164": p.e164, "uri": p.uri}


def _service_dict(ctx: FlowContext, service_id: str, links: Mapping[str, Any]) -> dict[str, Any]:
    office, langs = ctx.office, ctx.languages
    service = office.service(service_id)
    assert service is not None
    now = service_status(office, service_id, ctx.status.moment, str(ctx.status.moment.tzinfo))
    st = now.status
    return {
        "id": service.id,
        "name": {lang: service.name.get(lang, "") for lang in langs},
        "phone": _phone_dict(phone(service.phone)) if e164(service.phone) else None,
        "follows_holidays": service.follows_holidays,
        "week": {key: _hours_dict(service.week.get(i)) for i, key in enumerate(WEEKDAY_KEYS)},
        "status": None if st is None else {
            "state": st.state.value, "open": st.is_open, "next_change": _iso_minute(st.next_change),
            "next_state": st.next_state.value if st.next_state else None},
        "text": {lang: service_status_sentence(ctx, lang, now).text for lang in langs},
        "calendar": {lang: f"{links['calendar'][lang]}&service={service.id}" for lang in langs
                     if lang in links.get("calendar", {})},
    }


def calendar_years(today: date) -> tuple[int, int]:
    """The years the calendar feed and /info.json list holidays for: this one and the next."""
    return today.year, today.year + 1


def info_document(ctx: FlowContext, calendar: OfficeCalendar, *, revision: int, timezone: str,
                  links: dict[str, Any]) -> dict[str, Any]:
    """Everything the page shows, for machines: ISO dates and times, texts per language."""
    office, st, langs = ctx.office, ctx.status, ctx.languages
    first_year, last_year = calendar_years(ctx.today)
    start, end = date(first_year, 1, 1), date(last_year, 12, 31)
    names = {lang: dict(public_holidays(calendar, start, end, lang)) for lang in langs}
    holiday_days = sorted(set().union(*(n.keys() for n in names.values()))) if names else []
    hot = hotline(office)
    return {
        # Urgent notices head the document, as they head the page and the call.
        "notices": [
            {"id": n.id, "start": n.start.isoformat(timespec="minutes"), "end": n.end.isoformat(timespec="minutes"),
             "text": {lang: n.text.get(lang, "") for lang in langs},
             "spoken": {lang: notice_sentence(ctx, n, lang).text for lang in langs}}
            for n in office.active_notices(st.moment)
        ],
        "office": {
            "name": {lang: office.name.get(lang, "") for lang in langs},
            "languages": list(langs),
            "timezone": timezone,
        },
        "revision": revision,
        "as_of": _iso_minute(st.moment),
        "status": {
            "state": st.state.value,
            "reason": st.reason.value,
            "open": st.is_open,
            "next_change": _iso_minute(st.next_change),
            "next_state": st.next_state.value if st.next_state else None,
            "holiday": {lang: st.holiday_names.get(lang, "") for lang in langs} if st.holiday_names else None,
            "closure": ({"start": st.closure.start.isoformat(), "end": st.closure.end.isoformat(),
                         "reason": {lang: st.closure.reason.get(lang, "") for lang in langs}}
                        if st.closure else None),
            "text": {lang: status_sentence(ctx, lang).text for lang in langs},
        },
        "hours": {
            "week": {key: _hours_dict(office.week.get(i)) for i, key in enumerate(WEEKDAY_KEYS)},
            "text": {lang: [s.text for s in hours_sentences(ctx, lang)] for lang in langs},
        },
        "services": [_service_dict(ctx, service.id, links) for service in office.services],
        "days_that_differ": {lang: differs_view(ctx, lang) for lang in langs},
        "special_dates": [
            {"date": d.day.isoformat(), "services": list(d.services) or "all", "hours": _hours_dict(d.hours),
             "reason": {lang: d.reason.get(lang, "") for lang in langs}}
            for d in sorted(office.special_dates, key=lambda d: d.day) if d.day >= ctx.today
        ],
        "holidays": [
            {"date": day.isoformat(), "name": {lang: names[lang].get(day, "") for lang in langs}}
            for day in holiday_days
        ],
        "moved_workdays": [d.isoformat() for d in moved_workdays(calendar, start, end)],
        "closures": [
            {"start": c.start.isoformat(), "end": c.end.isoformat(),
             "reason": {lang: c.reason.get(lang, "") for lang in langs}}
            for c in sorted(office.closures, key=lambda c: (c.start, c.end))
        ],
        "extra_workdays": [
            {"date": w.day.isoformat(), "hours": _hours_dict(w.hours or calendar.usual_hours())}
            for w in sorted(office.extra_workdays, key=lambda w: w.day)
        ],
        "contacts": {
            "address": {lang: office.address.get(lang, "") for lang in langs},
            "postal_code": office.postal_code,
            "phones": [_phone_dict(p) for p in office_phones(office)],
            "hotline": _phone_dict(hot) if hot else None,
            "faxes": faxes(office),
            "online": [{"kind": link.kind, "display": link.display, "href": link.href} for link in online(office)],
        },
        "headlines": {
            lang: [
                {"id": h.id, "published": h.published.isoformat() if h.published else None,
                 "title": h.text("title", lang), "summary": h.text("summary", lang)}
                for h in office.visible_headlines(lang)
            ]
            for lang in langs
        },
        "procedures": [procedure_to_dict(p) for p in office.procedures],
        "links": links,
    }


@dataclass(frozen=True)
class TopicView:
    """One topic of the procedures page: its name and its procedures (in the page's language)."""

    topic: str
    name: str
    procedures: list[Procedure]


def procedures_view(office: Office, lang: str, query: str = "") -> list[TopicView]:
    """The procedures a reader of ``lang`` finds for ``query`` (all for none), by topic in the
    call's order; a procedure without a title in ``lang`` is left out, as a caller never hears it."""
    found = [p for p in office.procedures if p.text("title", lang) and p.matches(query, lang)]
    return [TopicView(topic, label(lang, f"topic.{topic}"), [p for p in found if p.topic == topic])
            for topic in TOPICS if any(p.topic == topic for p in found)]
