"""Reading and saving the office's content as revisions."""
from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass

from flask import Flask, current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ivr.config import settings
from ivr.content.demo import DEMO_OFFICE
from ivr.content.models import Revision, RevisionNote
from ivr.content.office import Office, office_from_dict, office_to_dict
from ivr.extensions import db
from ivr.schema import upgrade_database
from ivr.signals import content_saved

log = logging.getLogger(__name__)

# Sent (with the app as sender and revision=N) after every saved revision: speech re-synthesizes.


class EditConflict(Exception):
    """Someone saved a newer revision since the editor loaded the one they changed."""

    def __init__(self, base: int | None, latest: int | None):
        super().__init__(f"revision {latest} was saved after revision {base}")
        self.base = base
        self.latest = latest


class NoContent(LookupError):
    """The database has no revision yet (it was not initialised)."""


@dataclass(frozen=True)
class CurrentOffice:
    """The newest revision's number and its parsed document."""

    revision: int
    office: Office


class _Cache:
    """The parsed newest revision, per process.

    Every request still asks the database for the newest revision number (one indexed query), so an
    edit saved through any worker on any host is heard on the very next call; only the JSON parsing
    is skipped when nothing changed.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.current: CurrentOffice | None = None


def _cache(app: Flask) -> _Cache:
    return app.extensions.setdefault("ivr.content_cache", _Cache())


def latest_revision_id() -> int | None:
    """The newest revision's number, or None for an empty database."""
    return db.session.execute(select(func.max(Revision.id))).scalar()


def current_office() -> CurrentOffice:
    """The office as callers hear it now."""
    cache = _cache(current_app)
    latest = latest_revision_id()
    if latest is None:
        raise NoContent("no content saved yet: run `flask --app wsgi init-db`")
    cached = cache.current
    if cached is not None and cached.revision == latest:
        return cached
    row = db.session.get(Revision, latest)
    fresh = CurrentOffice(latest, office_from_dict(json.loads(row.data)))
    with cache.lock:
        cache.current = fresh
    return fresh


def last_known_office(app: Flask) -> Office | None:
    """The office this process read last, for apologies when the database is unreachable."""
    cached = _cache(app).current
    return cached.office if cached else None


def save_office(office: Office, *, author: str, note: RevisionNote | None = None, base: int | None) -> int:
    """Save ``office`` as a new revision on top of revision ``base``; returns the new number.

    ``note`` says why, as data (the staff history puts it into words).

    Raises EditConflict when ``base`` is no longer the newest revision, so two clerks editing at
    once never overwrite each other silently.
    """
    latest = latest_revision_id()
    if latest != base:
        raise EditConflict(base, latest)
    row = Revision(id=(latest or 0) + 1, author=author, note_data=note.to_json() if note else None,
                   data=json.dumps(office_to_dict(office), ensure_ascii=False))
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError as exc:
        # Another process took the same number between our read and our write.
        db.session.rollback()
        raise EditConflict(base, latest_revision_id()) from exc
    content_saved.send(current_app._get_current_object(), revision=row.id)  # type: ignore[attr-defined]
    return row.id


def ensure_database(app: Flask) -> bool:
    """Bring the schema to the newest migration and, in an empty database, add the demo office.

    True if it seeded. Safe to call from several processes at once: the migration runs under a
    database lock (ivr.schema) and only one seed wins.
    """
    upgrade_database(app)
    with app.app_context():
        if latest_revision_id() is not None or not settings(app).seed_demo:
            return False
        try:
            save_office(office_from_dict(DEMO_OFFICE), author="demo", note=RevisionNote("demo"), base=None)
        except EditConflict:
            return False  # another worker seeded it first
        log.info("created the database with the demo office")
        return True
