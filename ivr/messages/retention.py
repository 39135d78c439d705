"""Retention: what the service keeps about callers is deleted after IVR_RETENTION_DAYS days.

``purge`` does it (by `flask purge`, and daily by itself in the service: ``start_daily_purge``).
Old messages lose their recordings (our copy, and Twilio's by RecordingSid before the SID is
forgotten), their numbers and error texts; old text-message requests and ended-call records are
deleted; and any stored audio that holds a caller's own words or number is deleted. Recorded prompts
no revision names any more are removed too.
"""
from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from ivr.clock import utc_now
from ivr.config import settings
from ivr.content.store import NoContent, current_office
from ivr.extensions import db
from ivr.messages.models import DRAFT, EndedCall, Message, PurgeRun
from ivr.messages.recordings import delete_at_twilio, recordings_store
from ivr.messages.sms import SmsRequest
from ivr.speech.clips import AudioClip
from ivr.speech.recorded import purge_recordings
from ivr.speech.store import AudioStore
from ivr.speech.synthesis import caller_specific_starts

log = logging.getLogger(__name__)

DAY = timedelta(days=1)


def purge(days: int, now: datetime | None = None) -> int:
    """Delete what is kept about callers older than ``days`` days; returns how many messages were
    purged. A recording Twilio could not delete keeps its SID, so the next purge tries again."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    cfg = settings(app)
    now = now or utc_now(app)
    cutoff = now - timedelta(days=days)
    old = db.session.execute(select(Message).where(
        Message.created_at < cutoff, or_(Message.purged_at.is_(None), Message.recording_sid != ""))).scalars().all()
    store = recordings_store(app)
    purged = 0
    for message in old:
        if message.recording_sid and delete_at_twilio(message.recording_sid, cfg):
            message.recording_sid = ""
        if message.audio_file:
            store.path(message.audio_file).unlink(missing_ok=True)
        purged += message.purged_at is None
        message.audio_file = message.caller = message.recording_url = message.fetch_error = ""
        message.reference = None  # with the number gone nobody could prove it is theirs: freed
        message.note = message.forwarded_to = ""
        message.purged_at = message.purged_at or now
        if message.status == DRAFT and not message.recording_sid:
            db.session.delete(message)
    db.session.execute(delete(EndedCall).where(EndedCall.ended_at < cutoff))
    db.session.execute(delete(SmsRequest).where(SmsRequest.created_at < cutoff))
    db.session.commit()
    forget_caller_audio(app)
    if removed := purge_recordings(app):
        log.info("purge: removed %s recorded prompt(s) no revision uses", removed)
    return purged


def forget_caller_audio(app: Flask) -> int:
    """Delete stored audio (row and file) of any sentence that holds a caller's own data, such as
    the call-back read-back of their number; none is made any more, this removes what an older
    version or a restored backup left. Returns how many clips."""
    try:
        office = current_office().office
    except NoContent:
        office = None  # the default wording still finds them
    starts = caller_specific_starts(office)
    store = AudioStore(settings(app).audio_dir)
    clips = [clip for clip in db.session.execute(select(AudioClip)).scalars()
             if any(clip.lang == lang and (clip.text or "").startswith(opening) for lang, opening in starts)]
    for clip in clips:
        if clip.filename:
            store.path(clip.filename).unlink(missing_ok=True)
        db.session.delete(clip)
    db.session.commit()
    return len(clips)


def claim_purge(interval: timedelta, now: datetime) -> bool:
    """True if this process should purge now: no process has within ``interval``. One row decides,
    so of several workers or hosts exactly one purges each day."""
    claimed = db.session.execute(
        update(PurgeRun).where(PurgeRun.id == 1, PurgeRun.started_at <= now - interval).values(started_at=now)
    ).rowcount == 1
    if not claimed and db.session.get(PurgeRun, 1) is None:
        db.session.add(PurgeRun(id=1, started_at=now))  # the first purge this database has seen
        claimed = True
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # another process added the row at the same moment: it purges
        return False
    return claimed


def purge_if_due(app: Flask) -> int | None:
    """Purge if no process has today; how many messages, or None when it was not this one's turn."""
    with app.app_context():
        try:
            if not claim_purge(DAY, utc_now(app)):
                return None
            count = purge(settings(app).retention_days)
            log.info("daily purge: %s message(s) older than %s days", count, settings(app).retention_days)
            return count
        finally:
            db.session.remove()


def start_daily_purge(app: Flask, tick: float = 600.0) -> threading.Thread | None:
    """Start this process's purge thread (once per process): every ``tick`` seconds it purges if
    no process has in the last day. None when IVR_DAILY_PURGE is off (then run `flask purge` from cron)."""
    if not settings(app).daily_purge or app.extensions.get("ivr.daily_purge"):
        return None
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(tick):  # not at once: a restart, or a test's app, does not purge on start
            try:
                purge_if_due(app)
            except Exception:
                log.exception("the daily purge failed; trying again later")

    thread = threading.Thread(target=loop, daemon=True, name="purge")
    app.extensions["ivr.daily_purge"] = (thread, stop)
    thread.start()
    return thread
