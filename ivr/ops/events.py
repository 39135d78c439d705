"""Call analytics: what happened in each call, as events.

Events are buffered in memory and written in small batches by a background thread, so recording
them costs a webhook nothing but a list append. Caller numbers are stored only as keyed hashes.
"""
from __future__ import annotations

import atexit
import hashlib
import logging
import threading
from datetime import datetime, timezone
from typing import Iterable

from flask import Flask
from sqlalchemy import DateTime, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ivr import clock
from ivr.callflow.events import STARTED, Event
from ivr.config import settings
from ivr.extensions import db

log = logging.getLogger(__name__)


class CallEvent(db.Model):
    """One thing that happened in a call."""

    __tablename__ = "call_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    call_sid: Mapped[str] = mapped_column(String(64), index=True)
    caller_hash: Mapped[str] = mapped_column(String(64), default="")
    kind: Mapped[str] = mapped_column(String(20), index=True)
    node: Mapped[str] = mapped_column(String(20), default="")
    detail: Mapped[str] = mapped_column(String(200), default="")
    lang: Mapped[str] = mapped_column(String(8), default="")
    seconds: Mapped[float | None] = mapped_column(Float, nullable=True)


def caller_hash(number: str, secret: str) -> str:
    """A keyed hash of the caller's number: counts repeat callers, cannot be read back."""
    if not number:
        return ""
    return hashlib.sha256(f"caller:{secret}:{number}".encode()).hexdigest()


class EventLog:
    """The process's buffer of events and the thread that writes them."""

    def __init__(self, app: Flask, flush_seconds: float = 2.0, batch: int = 500):
        self.app = app
        self.flush_seconds = flush_seconds
        self.batch = batch
        self._lock = threading.Lock()
        self._pending: list[dict[str, object]] = []
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._pid_registered = False
        self.enabled = True  # the `call` command turns it off: try-outs are not calls

    def add(self, event: Event) -> None:
        """Queue one event (never blocks on the database)."""
        self._queue([self._row(event, event.call_sid, event.caller_hash, event.at or clock.now(self.app))])

    def add_call_events(self, events: Iterable[Event], call_sid: str, caller_hash: str, at: datetime) -> None:
        """Queue the events of one call step, for ``call_sid`` at ``at``; the caller's hash goes on
        the call's "started" event (the events may come from ``step_events`` with no call given)."""
        rows = [self._row(event, call_sid, caller_hash if event.kind == STARTED else event.caller_hash, at)
                for event in events]
        if rows:
            self._queue(rows)

    @staticmethod
    def _row(event: Event, call_sid: str, caller_hash: str, at: datetime) -> dict[str, object]:
        # Stored in UTC: SQLite keeps no time zone, so every row must mean the same one.
        return {"at": at.astimezone(timezone.utc), "call_sid": call_sid[:64], "caller_hash": caller_hash,
                "kind": event.kind, "node": event.node[:20], "detail": event.detail[:200], "lang": event.lang[:8],
                "seconds": event.seconds}

    def _queue(self, rows: list[dict[str, object]]) -> None:
        if not self.enabled:
            return
        with self._lock:
            self._pending.extend(rows)
            size = len(self._pending)
            if self.flush_seconds > 0 and (self._thread is None or not self._thread.is_alive()):
                self._start()
        if self.flush_seconds <= 0:
            self.flush()  # no writer thread: write at once (tests, one-off commands)
        elif size >= self.batch:
            self._wake.set()

    def _start(self) -> None:
        self._thread = threading.Thread(target=self._run, daemon=True, name="call-events")
        self._thread.start()
        if not self._pid_registered:
            atexit.register(self.flush)
            self._pid_registered = True

    def _run(self) -> None:
        while True:
            self._wake.wait(self.flush_seconds)
            self._wake.clear()
            try:
                self.flush()
            except Exception:
                log.exception("could not write call events; keeping them for the next try")

    def flush(self) -> int:
        """Write every queued event now; returns how many."""
        with self._lock:
            rows, self._pending = self._pending, []
        if not rows:
            return 0
        try:
            with self.app.app_context(), db.engine.begin() as connection:
                # A plain many-row INSERT: no ORM bookkeeping for rows nobody reads back here.
                connection.execute(CallEvent.__table__.insert(), rows)
        except Exception:
            with self._lock:
                # Put them back (bounded, so a dead database cannot eat the memory).
                self._pending = (rows + self._pending)[-50_000:]
            raise
        return len(rows)


def event_log(app: Flask) -> EventLog:
    """The app's event buffer."""
    return app.extensions["ivr.events"]


def init_app(app: Flask) -> None:
    """The app's buffer of call events, written every IVR_EVENT_FLUSH_SECONDS."""
    app.extensions["ivr.events"] = EventLog(app, flush_seconds=settings(app).event_flush_seconds)
