"""The office as callers hear it: the staff's content plus the live imported headlines, and the
call flow's view of it at a moment.

Every webhook asks ``heard`` once: one query for the content's version (the newest revision and
the state of the imported headlines); the merged office is rebuilt only when that changed, and
kept per process. So an edit saved on any host is heard by the very next call.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from flask import Flask, current_app
from sqlalchemy import func, select

from ivr.callflow.context import FiledRequest, FlowContext, no_requests
from ivr.clock import now
from ivr.config import settings
from ivr.content.models import Revision
from ivr.content.office import Headline, Office
from ivr.content.store import current_office
from ivr.extensions import db
from ivr.news.models import LIVE, Feed, ImportedHeadline
from ivr.schedule import status_at

Version = tuple[int | None, datetime | None, int]

@dataclass(frozen=True)
class HeardOffice:
    """The office as heard, and the version it was built from (revision, news change, news count)."""

    version: Version
    office: Office

    @property
    def revision(self) -> int:
        return self.version[0] or 0


def heard_version() -> Version:
    """One query: the newest revision and the state of the imported headlines; changes on any edit."""
    row = db.session.execute(select(
        select(func.max(Revision.id)).scalar_subquery(),
        select(func.max(ImportedHeadline.changed_at)).scalar_subquery(),
        select(func.count(ImportedHeadline.id)).scalar_subquery(),
    )).one()
    return row[0], row[1], row[2]


def imported_headlines() -> list[Headline]:
    """Live imported headlines as call-flow headlines, marked by their feed."""
    rows = db.session.execute(
        select(ImportedHeadline, Feed.name).join(Feed, Feed.id == ImportedHeadline.feed_id)
        .where(ImportedHeadline.status == LIVE, Feed.active.is_(True))
    ).all()
    return [
        Headline(id=f"feed-{row.id}", title={row.lang: row.spoken_title},
                 summary={row.lang: row.spoken_summary} if row.spoken_summary else {},
                 published=row.published, source=name or "feed")
        for row, name in rows
    ]


def heard(app: Flask | None = None) -> HeardOffice:
    """The current content with the imported headlines merged in, and its version (one query when
    nothing changed since this process last looked)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    version = heard_version()
    cached: HeardOffice | None = app.extensions.get("ivr.heard")
    if cached is not None and cached.version == version:
        return cached
    document = current_office()
    office = document.office
    if version[2]:
        office = office.with_changes(headlines=tuple(office.headlines) + tuple(imported_headlines()))
    fresh = HeardOffice((document.revision, version[1], version[2]), office)
    app.extensions["ivr.heard"] = fresh  # one assignment: any thread sees the old or the new
    return fresh


def office_as_heard(app: Flask | None = None) -> Office:
    """The office as callers hear it (see ``heard``)."""
    return heard(app).office


def call_context(office: Office, moment: datetime | None = None, *, caller_number: str = "",
                 recording_url: str = "", app: Flask | None = None,
                 find_request: Callable[[str], FiledRequest | None] = no_requests) -> FlowContext:
    """What the call flow needs to answer at ``moment`` (default: now): the office, its status,
    the languages offered and the settings the flow reads; ``find_request``: the lookup of the
    "my request" menu (the webhooks give the database's)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    chosen = settings(app)
    return FlowContext(
        office=office,
        status=status_at(office.calendar(timezone=chosen.timezone), moment or now(app)),
        languages=office.offered_languages(chosen.languages),
        caller_id=chosen.caller_id,
        caller_number=caller_number,
        recording_url=recording_url,
        max_message_seconds=chosen.max_message_seconds,
        sms_available=chosen.sms_enabled,
        web_address=chosen.web_address,
        main_service=chosen.main_service,
        find_request=find_request,
    )
