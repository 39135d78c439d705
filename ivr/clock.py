"""The office's clock: the one place that reads the time.

Everything that means "now at the office" (open or closed, today's date, "today's" SMS limit,
the last two hours of calls) asks :func:`now` or :func:`today`. Tests and the `call` command fix
the clock with :func:`fix`, so nothing depends on the machine's date.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Callable
from zoneinfo import ZoneInfo

from flask import Flask, current_app

from ivr.config import settings

_KEY = "ivr.clock"


def now(app: Flask | None = None) -> datetime:
    """The current moment in the office's time zone (aware)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    clock: Callable[[], datetime] | None = app.extensions.get(_KEY)
    if clock is not None:
        return clock()
    return datetime.now(ZoneInfo(settings(app).timezone))


def today(app: Flask | None = None) -> date:
    """The office's date today."""
    return now(app).date()


def utc_now(app: Flask | None = None) -> datetime:
    """The office's now in UTC, for comparing with stored UTC stamps."""
    return now(app).astimezone(timezone.utc)


def fix(app: Flask, clock: Callable[[], datetime] | None) -> None:
    """Make ``clock`` the app's clock (None: the real one again)."""
    if clock is None:
        app.extensions.pop(_KEY, None)
    else:
        app.extensions[_KEY] = clock


def as_utc(stored: datetime) -> datetime:
    """A stamp read back from the database, in UTC: every table stores UTC, and SQLite hands it
    back without its zone."""
    return stored if stored.tzinfo else stored.replace(tzinfo=timezone.utc)


def stamp() -> datetime:
    """The real time in UTC, for when a row was written (not the office's "now")."""
    return datetime.now(timezone.utc)  # clock: real
