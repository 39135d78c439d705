"""What happens to a caller's message or call-back request, from the call to the inbox."""
from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ivr.config import settings
from ivr.extensions import db
from ivr.jobs import BackgroundJobs, background_jobs
from ivr.messages.models import (
    CALLBACK,
    DRAFT,
    FETCH_PENDING,
    FETCHED,
    NEW,
    NO_RECORDING,
    VOICE,
    EndedCall,
    Message,
)
from ivr.messages.notify import notify_staff
from ivr.messages.requests import change_status, free_reference, text_reference
from ivr.messages.recordings import fetch_in_background, fetch_recording, forget_at_twilio

log = logging.getLogger(__name__)


def _jobs() -> BackgroundJobs:
    return background_jobs(current_app)


def _commit_keeping_loaded() -> None:
    """Commit, keeping what was just written readable without a query.

    A call step writes a message and reads it straight back (its id for the next step's URL, its
    recording for the review menu); after a plain commit each such read asks the database again.
    The values kept are the ones this transaction has just written.
    """
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def record_draft(*, call_sid: str, caller: str, lang: str, recording_sid: str, recording_url: str,
                 seconds: float | None) -> Message:
    """A recording the caller has just made and may still listen to, redo or send."""
    message = Message(kind=VOICE, status=DRAFT, call_sid=call_sid[:64], caller=caller[:40], lang=lang,
                      recording_sid=recording_sid[:64], recording_url=recording_url[:500], seconds=seconds,
                      fetch_status=FETCH_PENDING if recording_url else NO_RECORDING)
    db.session.add(message)
    _commit_keeping_loaded()
    if call_has_ended(call_sid):
        _make_new(message)  # the caller hung up during the recording: it is their message
    return message


def draft_of_call(message_id: int, call_sid: str) -> Message | None:
    """The caller's own draft: a message id from the URL only counts for the call that made it."""
    return own_draft(db.session.get(Message, message_id), call_sid)


def own_draft(message: Message | None, call_sid: str) -> Message | None:
    """``message`` if it is a draft made by this call, else None."""
    if message is None or message.call_sid != call_sid or message.status != DRAFT:
        return None
    return message


def send_draft(message: Message) -> None:
    """The caller pressed "send": their draft (see ``own_draft``) goes to the inbox."""
    _make_new(message)


def drop_draft(message: Message) -> None:
    """The caller records again or goes back: their unsent draft is dropped, and Twilio's copy of
    its recording is deleted in the background."""
    recording_sid = message.recording_sid
    db.session.delete(message)
    db.session.commit()
    if recording_sid:
        _jobs().submit(forget_at_twilio, recording_sid)


def request_callback(*, call_sid: str, caller: str, lang: str) -> Message:
    """File a call-back request for the caller's number (once per call, however often it is asked)."""
    existing = db.session.execute(
        select(Message).where(Message.call_sid == call_sid, Message.kind == CALLBACK)
    ).scalar_one_or_none()
    if existing is not None:
        return existing
    message = Message(kind=CALLBACK, status=DRAFT, call_sid=call_sid[:64], caller=caller[:40], lang=lang,
                      fetch_status=NO_RECORDING)
    db.session.add(message)
    _make_new(message)
    return message


def finalize_call(call_sid: str) -> int:
    """The call ended: a recording the caller did not explicitly send is kept, as they meant it.

    The call is remembered too: Twilio may post the record action of the same hang-up after this
    status callback, and that late recording must be delivered, not left as an unseen draft.
    """
    if call_sid:
        db.session.add(EndedCall(call_sid=call_sid))
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()  # told before: the same callback again (or twice at once)
    drafts = db.session.execute(select(Message).where(Message.call_sid == call_sid, Message.status == DRAFT)).scalars().all()
    for message in drafts:
        _make_new(message)
    return len(drafts)


def call_has_ended(call_sid: str) -> bool:
    """Whether Twilio already reported the end of this call."""
    return bool(call_sid) and db.session.get(EndedCall, call_sid) is not None


def _make_new(message: Message) -> None:
    """The message reaches the inbox with its reference number (texted to the caller where possible)."""
    for attempt in range(5):
        message.status = NEW
        message.reference = message.reference or free_reference()
        try:
            _commit_keeping_loaded()
            break
        except IntegrityError:  # another request took the same number at the same moment
            db.session.rollback()
            db.session.add(message)  # a request added in this transaction was dropped with it
            message.reference = None
            if attempt == 4:
                raise
    if settings().sms_enabled:
        text_reference(message)
    jobs = _jobs()
    if message.fetch_status == FETCH_PENDING:
        fetch_in_background(message, jobs)
    jobs.submit(notify_staff, message.id)


def recording_status(*, recording_sid: str, recording_url: str, status: str, seconds: float | None) -> Message | None:
    """Twilio's recording status callback: the file is ready (or failed) for the message that has it."""
    message = db.session.execute(select(Message).where(Message.recording_sid == recording_sid)).scalar_one_or_none()
    if message is None:
        return None
    if recording_url and not message.recording_url:
        message.recording_url = recording_url[:500]
    if seconds is not None:
        message.seconds = seconds
    if status == "completed" and message.fetch_status not in (FETCHED,) and message.status != DRAFT:
        message.fetch_status = FETCH_PENDING
        db.session.commit()
        fetch_in_background(message, _jobs())
    else:
        db.session.commit()
    return message


def set_status(message_id: int, status: str, staff: str) -> Message:
    """A member of staff takes a message on or closes it; who and when is kept
    (``ivr.messages.requests.change_status``, without a note)."""
    return change_status(message_id, status, staff)


def count_new() -> int:
    """How many messages and call-back requests nobody has taken on yet."""
    return db.session.execute(select(func.count()).select_from(Message).where(Message.status == NEW)).scalar() or 0
