"""The office as callers hear it: the staff's content plus the live imported headlines."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, current_app
from sqlalchemy import func, select

from ivr.content.office import Headline, Office
from ivr.content.store import current_office
from ivr.extensions import db
from ivr.news.models import LIVE, Feed, ImportedHeadline


@dataclass(frozen=True)
class _Heard:
    key: tuple[int, datetime | None, int]
    office: Office


_lock = threading.Lock()


def news_version() -> tuple[datetime | None, int]:
    """Changes whenever an imported headline is added, changed or removed."""
    changed, count = db.session.execute(select(func.max(ImportedHeadline.changed_at), func.count(ImportedHeadline.id))).one()
    return changed, count


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


def office_as_heard(app: Flask | None = None) -> Office:
    """The current content with the imported headlines merged in (cached until either changes)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    document = current_office()
    changed, count = news_version()
    key = (document.revision, changed, count)
    cached: _Heard | None = app.extensions.get("ivr.heard")
    if cached is not None and cached.key == key:
        return cached.office
    office = document.office
    if count:
        office = office.with_changes(headlines=tuple(office.headlines) + tuple(imported_headlines()))
    with _lock:
        app.extensions["ivr.heard"] = _Heard(key, office)
    return office
