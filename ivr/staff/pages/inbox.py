"""The inbox: callers' voice messages and call-back requests, and texts that could not be sent.

Only clerks with the inbox permission open any of it (ivr.staff.frame.inbox_required)."""
from __future__ import annotations

from typing import Any

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy import select

from ivr import clock
from ivr.config import settings
from ivr.extensions import db
from ivr.jobs import background_jobs
from ivr.messages.requests import callback_worklist, change_status
from ivr.news.live import office_as_heard
from ivr.messages.models import DONE, DRAFT, FETCH_FAILED, FETCH_PENDING, IN_PROGRESS, NEW, STATUSES, Message
from ivr.messages.recordings import fetch_recording, recordings_store
from ivr.messages.sms import failed_requests
from ivr.staff.frame import Route, author, inbox_required, word


def message_view(message: Message) -> dict[str, Any]:
    """What the inbox shows of one message."""
    caller = message.caller or (gettext("number deleted") if message.purged_at else gettext("number hidden"))
    if caller.startswith("client:") or caller == "anonymous":
        caller = gettext("number hidden")
    return {"m": message, "caller": caller, "kind": word(f"kind_{message.kind}"), "status": word(f"status_{message.status}")}


@inbox_required
def inbox(problem: dict[str, Any] | None = None) -> str:
    """Messages and call-back requests, newest first; filter by status. ``problem``: a status change
    that was refused (the request's id and what was sent), shown with its form open and what was wrong."""
    shown = request.args.get("status", request.form.get("shown", NEW))
    query = select(Message).where(Message.status != DRAFT).order_by(Message.created_at.desc()).limit(200)
    if shown in STATUSES:
        query = query.where(Message.status == shown)
    items = [message_view(m) for m in db.session.execute(query).scalars()]
    return render_template("staff/inbox.html", items=items, shown=shown, statuses=STATUSES,
                           days=settings().retention_days, failed_sms=failed_requests(20), problem=problem,
                           FETCH_FAILED=FETCH_FAILED, FETCH_PENDING=FETCH_PENDING, NEW=NEW, IN_PROGRESS=IN_PROGRESS, DONE=DONE)


@inbox_required
def inbox_status(message_id: int) -> Response | tuple[str, int]:
    """Move a request on (received, in progress, answered, forwarded, with a short note for the
    caller); who and when is kept. Forwarded without the body it went to: the inbox again, with
    that request's form open and the mistake named (422)."""
    form = request.form
    try:
        change_status(message_id, form.get("status", ""), author(), note=form.get("note", ""),
                      forwarded_to=form.get("forwarded_to", ""))
    except LookupError:
        abort(404)
    except ValueError as exc:
        message = db.session.get(Message, message_id)
        if str(exc) != "forwarded_to" or message is None:
            abort(404)
        # The form again, open, with what the clerk chose and typed.
        return inbox(problem={"id": message.id, "status": form.get("status", ""), "note": form.get("note", "")[:500],
                              "forwarded_to": form.get("forwarded_to", "")[:200]}), 422
    flash(gettext("Saved."), "success")
    return redirect(url_for("staff.inbox", status=form.get("shown", NEW)))


@inbox_required
def inbox_fetch(message_id: int) -> Response:
    """Try again to copy a recording from Twilio (in the background)."""
    message = db.session.get(Message, message_id)
    if message is None or not message.recording_url:
        abort(404)
    message.fetch_status = FETCH_PENDING
    db.session.commit()
    jobs = background_jobs(current_app)
    if jobs.enabled:
        jobs.submit(fetch_recording, message_id)
    else:
        fetch_recording(message_id)
    flash(gettext("Fetching the recording."), "info")
    return redirect(url_for("staff.inbox", status=request.form.get("shown", NEW)))


@inbox_required
def inbox_recording(message_id: int) -> Response:
    """The recording, for logged-in staff only (never cached)."""
    message = db.session.get(Message, message_id)
    if message is None or not message.audio_file:
        abort(404)
    store = recordings_store(current_app._get_current_object())  # type: ignore[attr-defined]
    path = store.path(message.audio_file)
    if not path.is_file():
        abort(404)
    return Response(path.read_bytes(), mimetype=store.mime_for(message.audio_file),
                    headers={"Cache-Control": "no-store"})


@inbox_required
def callbacks() -> str:
    """The call-backs to make, oldest first, each with the window the caller was promised (the
    reception's calendar: never a lunch break, a closure or a holiday) and whether it has passed."""
    calendar = office_as_heard().calendar(timezone=settings().timezone)
    due = callback_worklist(calendar)
    return render_template("staff/callbacks.html", due=due, now=clock.now(), views={d.message.id: message_view(d.message)
                                                                                    for d in due})


ROUTES = (
    Route("/inbox", inbox),
    Route("/inbox/callbacks", callbacks, menu="inbox"),
    Route("/inbox/<int:message_id>/status", inbox_status, methods=("POST",), menu="inbox"),
    Route("/inbox/<int:message_id>/fetch", inbox_fetch, methods=("POST",), menu="inbox"),
    Route("/inbox/<int:message_id>/recording", inbox_recording, menu="inbox"),
)
