"""Call analytics for a period: the figures behind the staff's statistics page and its CSV."""
from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Callable, Sequence
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ivr.clock import as_utc
from ivr.callflow import menus
from ivr.callflow.events import (CHOICE, ENDED, GAVE_UP, HEADLINE, LANGUAGE, NOINPUT, PROCEDURE, PROCEDURE_MISSING,
                                 STARTED)
from ivr.extensions import db
from ivr.ops.events import CallEvent


@dataclass
class CallSummary:
    """One call, as the analytics see it."""

    call_sid: str
    started: datetime
    lang: str = ""
    choices: list[str] = field(default_factory=list)
    headlines: int = 0
    procedures: list[str] = field(default_factory=list)  # the numbers of the procedures heard
    missing: list[str] = field(default_factory=list)  # numbers keyed that the catalogue does not have
    seconds: float | None = None
    gave_up: bool = False
    last_noinput: bool = False
    ended: bool = False

    @property
    def outcome(self) -> str:
        """How the call ended: "no_choice" (hung up in the first menu), "no_input", or "served"."""
        if self.gave_up or (self.last_noinput and not self.choices):
            return "no_input"
        if not self.choices:
            return "no_choice"
        return "served"


@dataclass
class Analytics:
    """The figures for one period."""

    start: date
    end: date
    calls: list[CallSummary]
    per_day: list[tuple[date, int]]
    choices: Counter[str]
    languages: Counter[str]
    outcomes: Counter[str]
    heatmap: list[list[int]]  # [weekday 0..6][hour 0..23]
    headlines_heard: int
    procedures: Counter[str] = field(default_factory=Counter)  # procedures heard, by number
    procedures_missing: Counter[str] = field(default_factory=Counter)  # numbers asked for that are not listed

    @property
    def total(self) -> int:
        return len(self.calls)

    def share(self, counter: Counter[str], key: str) -> float:
        """The share of ``key`` among all counted, 0..1."""
        total = sum(counter.values())
        return counter[key] / total if total else 0.0

    @property
    def busiest(self) -> int:
        return max((max(row) for row in self.heatmap), default=0)


def _local(moment: datetime, tz: ZoneInfo) -> datetime:
    return as_utc(moment).astimezone(tz)


def summarise(start: date, end: date, timezone_name: str) -> Analytics:
    """Calls that started between ``start`` and ``end`` (inclusive, office time)."""
    tz = ZoneInfo(timezone_name)
    since = datetime.combine(start, time(0), tzinfo=tz).astimezone(timezone.utc)
    until = datetime.combine(end + timedelta(days=1), time(0), tzinfo=tz).astimezone(timezone.utc)
    started = db.session.execute(
        select(CallEvent.call_sid, CallEvent.at).where(CallEvent.kind == STARTED, CallEvent.at >= since, CallEvent.at < until)
    ).all()
    calls = {sid: CallSummary(sid, _local(at, tz)) for sid, at in started}
    if calls:
        events = db.session.execute(
            select(CallEvent).where(CallEvent.call_sid.in_(list(calls)), CallEvent.kind != STARTED).order_by(CallEvent.at, CallEvent.id)
        ).scalars()
        for event in events:
            call = calls[event.call_sid]
            call.last_noinput = event.kind == NOINPUT if event.kind not in (ENDED,) else call.last_noinput
            if event.kind == LANGUAGE:
                call.lang = event.detail
            elif event.kind == CHOICE:
                call.choices.append(event.detail)
            elif event.kind == HEADLINE:
                call.headlines += 1
            elif event.kind == PROCEDURE:
                call.procedures.append(event.detail)
            elif event.kind == PROCEDURE_MISSING:
                call.missing.append(event.detail)
            elif event.kind == GAVE_UP:
                call.gave_up = True
            elif event.kind == ENDED:
                call.ended, call.seconds = True, event.seconds
    per_day_counts: Counter[date] = Counter(c.started.date() for c in calls.values())
    days = [(start + timedelta(days=n)) for n in range((end - start).days + 1)]
    heatmap = [[0] * 24 for _ in range(7)]
    for call in calls.values():
        heatmap[call.started.weekday()][call.started.hour] += 1
    ordered = sorted(calls.values(), key=lambda c: c.started)
    return Analytics(
        start=start, end=end, calls=ordered,
        per_day=[(day, per_day_counts[day]) for day in days],
        choices=Counter(choice for c in ordered for choice in c.choices),
        languages=Counter(c.lang or "none" for c in ordered),
        outcomes=Counter(c.outcome for c in ordered),
        heatmap=heatmap,
        headlines_heard=sum(c.headlines for c in ordered),
        procedures=Counter(number for c in ordered for number in c.procedures),
        procedures_missing=Counter(number for c in ordered for number in c.missing),
    )


CSV_COLUMNS = ("started", "call_sid", "language", "choices", "headlines_heard", "seconds", "outcome")


def to_csv(analytics: Analytics, headers: Sequence[str] = CSV_COLUMNS,
           words: Callable[[str, str], str] = lambda _column, value: value) -> bytes:
    """One row per call, UTF-8 with a byte-order mark so spreadsheets read the Cyrillic right.

    ``headers`` name the CSV_COLUMNS and ``words(column, code)`` says a language, a menu choice or an
    outcome code in words (the staff page gives both in the clerk's language; by default the codes)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for call in analytics.calls:
        writer.writerow([call.started.strftime("%Y-%m-%d %H:%M"), call.call_sid, words("language", call.lang),
                         " ".join(words("choices", choice) for choice in call.choices), call.headlines,
                         "" if call.seconds is None else f"{call.seconds:.0f}", words("outcome", call.outcome)])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def grouped_choices(analytics: Analytics, order: tuple[str, ...] | None = None) -> dict[str, int]:
    """Every counted menu choice with its count, in menu order (the menu tables'), for the chart."""
    return {name: analytics.choices.get(name, 0) for name in (menus.choice_names() if order is None else order)}
