"""The inbox table: voice messages and call-back requests."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ivr.clock import stamp
from ivr.extensions import db

# Inbox states. A draft is a recording the caller has not confirmed yet; it becomes new when they
# press "send" or hang up (the call's status callback), and disappears if they record again.
# What the caller is told: new is "received", done is "answered", forwarded is "passed on to
# another body" (which one is kept with it).
DRAFT, NEW, IN_PROGRESS, DONE, FORWARDED = "draft", "new", "in_progress", "done", "forwarded"
STATUSES = (NEW, IN_PROGRESS, DONE, FORWARDED)
VOICE, CALLBACK = "voice", "callback"
# The copy of a recording in our own store.
FETCH_PENDING, FETCHED, FETCH_FAILED, NO_RECORDING = "pending", "fetched", "failed", "none"


class Message(db.Model):
    """One voice message or call-back request: personal data, shown to logged-in staff only."""

    __tablename__ = "message"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=stamp, index=True)
    kind: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(12), default=DRAFT, index=True)
    call_sid: Mapped[str] = mapped_column(String(64), default="", index=True)
    caller: Mapped[str] = mapped_column(String(40), default="")
    lang: Mapped[str] = mapped_column(String(8), default="ru")
    recording_sid: Mapped[str] = mapped_column(String(64), default="", index=True)
    recording_url: Mapped[str] = mapped_column(String(500), default="")
    seconds: Mapped[float | None] = mapped_column(Float, nullable=True)
    audio_file: Mapped[str] = mapped_column(String(80), default="")
    fetch_status: Mapped[str] = mapped_column(String(10), default=NO_RECORDING)
    fetch_error: Mapped[str] = mapped_column(Text, default="")
    fetch_attempts: Mapped[int] = mapped_column(Integer, default=0)
    # The caller's reference number (5 digits, random, unique among live requests; freed by the
    # purge together with the caller's number, so an old request can no longer be asked about).
    reference: Mapped[str | None] = mapped_column(String(5), nullable=True, unique=True, index=True)
    note: Mapped[str] = mapped_column(String(500), default="")  # staff's short note; the caller hears it
    forwarded_to: Mapped[str] = mapped_column(String(200), default="")  # the body it was passed on to
    handled_by: Mapped[str] = mapped_column(String(120), default="")
    handled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    notified: Mapped[bool] = mapped_column(default=False)
    purged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class EndedCall(db.Model):
    """A call Twilio told us has ended, so a recording that arrives after it is delivered at once."""

    __tablename__ = "ended_call"

    call_sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    ended_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=stamp, index=True)


class PurgeRun(db.Model):
    """When the last scheduled purge started: one row, so one process purges per day."""

    __tablename__ = "purge_run"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
