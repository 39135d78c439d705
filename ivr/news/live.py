"""The office as callers hear it: the staff's content plus the live imported headlines."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import datetime

from flask import Flask, current_app
from sqlalchemy import func, select

from ivr.content.models import Revision
from ivr.content.office import Headline, Office
from ivr.content.store import current_office
from ivr.extensions import db
from ivr.news.models import LIVE, Feed, ImportedHeadline


@dataclass(frozen=True)
class Heard:
    """The office as heard, and the version it was built from (revision, news change, news count)."""

    key: tuple[int | None, datetime | None, int]
    office: Office
    checked: float = field(default=0.0, compare=False)  # time.monotonic() of the last version check

    @property
    def revision(self) -> int:
        return self.key[0] or 0


_lock = threading.Lock()
# When this process last saved content (time.monotonic()): a check older than that is stale.
_saved_here = 0.0


def content_changed(*_args: object, **_kwargs: object) -> None:
    """Note that content was saved in this process: the next ``heard`` asks the database again.

    Connected to ``content_saved``, so a clerk's edit is heard by the very next call this process
    answers; other processes see it within their ``max_age``.
    """
    global _saved_here
    _saved_here = time.monotonic()


def heard_version() -> tuple[int | None, datetime | None, int]:
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


def heard(app: Flask | None = None, max_age: float = 0.0) -> Heard:
    """The current content with the imported headlines merged in, and its version.

    One query when nothing changed (the version); the merged office is cached per process. With
    ``max_age`` (seconds), even that query is skipped while the last check is younger than that
    and no content was saved in this process since: the webhooks' way of answering from memory.
    """
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    started = time.monotonic()
    cached = fresh_heard(app, max_age)
    if cached is not None:
        return cached
    cached = app.extensions.get("ivr.heard")
    key = heard_version()
    if cached is not None and cached.key == key:
        fresh = Heard(cached.key, cached.office, started)
    else:
        document = current_office()
        office = document.office
        if key[2]:
            office = office.with_changes(headlines=tuple(office.headlines) + tuple(imported_headlines()))
        fresh = Heard((document.revision, key[1], key[2]), office, started)
    with _lock:
        app.extensions["ivr.heard"] = fresh
    return fresh


def fresh_heard(app: Flask, max_age: float) -> Heard | None:
    """The office as heard if it was checked less than ``max_age`` seconds ago and nothing was
    saved in this process since; None when the database must be asked (no query here)."""
    cached: Heard | None = app.extensions.get("ivr.heard")
    if (cached is not None and max_age > 0 and cached.checked > _saved_here
            and time.monotonic() - cached.checked < max_age):
        return cached
    return None


def office_as_heard(app: Flask | None = None, max_age: float = 0.0) -> Office:
    """The office as callers hear it (see ``heard``)."""
    return heard(app, max_age).office
