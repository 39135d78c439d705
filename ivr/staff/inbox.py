"""The inbox: callers' voice messages and call-back requests, and texts that could not be sent."""
from __future__ import annotations

from typing import Any

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from ivr.extensions import db
from ivr.messages import service
from ivr.messages.models import DONE, DRAFT, FETCH_FAILED, FETCH_PENDING, IN_PROGRESS, NEW, STATUSES, Message
from ivr.messages.recordings import recordings_store
from ivr.messages.sms import failed_requests
from ivr.staff import i18n
from ivr.staff.views import NAV, author, staff_bp, t

i18n.MESSAGES.update({
    "nav_inbox": ("Входящие", "Inbox"),
    "inbox_title": ("Входящие: сообщения и просьбы перезвонить", "Inbox: messages and call-back requests"),
    "inbox_intro": ("Номера звонящих и записи — личные данные; они удаляются через {days} дн.",
                    "Callers' numbers and recordings are personal data; they are deleted after {days} days."),
    "inbox_filter": ("Показать", "Show"),
    "inbox_all": ("все", "all"),
    "inbox_none": ("Здесь ничего нет.", "Nothing here."),
    "status_new": ("новое", "new"),
    "status_in_progress": ("в работе", "in progress"),
    "status_done": ("сделано", "done"),
    "kind_voice": ("Голосовое сообщение", "Voice message"),
    "kind_callback": ("Просьба перезвонить", "Call-back request"),
    "caller_hidden": ("номер скрыт", "number hidden"),
    "caller_purged": ("номер удалён", "number deleted"),
    "seconds": ("{n} с", "{n} s"),
    "handled_by": ("{status}: {name}, {when}", "{status}: {name}, {when}"),
    "take_on": ("Взять в работу", "Take it on"),
    "mark_done": ("Отметить как сделанное", "Mark as done"),
    "reopen": ("Вернуть в новые", "Back to new"),
    "recording_pending": ("Запись ещё загружается от Twilio.", "The recording is still being fetched from Twilio."),
    "recording_failed": ("Запись не удалось загрузить ({n} попыт.): {error}", "The recording could not be fetched ({n} tries): {error}"),
    "fetch_again": ("Загрузить снова", "Fetch again"),
    "fetch_started": ("Загрузка записи начата.", "Fetching the recording."),
    "status_saved": ("Сохранено.", "Saved."),
    "sms_failed_title": ("СМС, которые не удалось отправить", "Text messages that could not be sent"),
    "sms_failed_row": ("{when}: {error}", "{when}: {error}"),
    "inbox_new_count": ("Новых во входящих: {n}", "New in the inbox: {n}"),
})
NAV.insert(-1, ("staff.inbox", "nav_inbox"))


def message_view(message: Message) -> dict[str, Any]:
    """What the inbox shows of one message."""
    caller = message.caller or (t("caller_purged") if message.purged_at else t("caller_hidden"))
    if caller.startswith("client:") or caller == "anonymous":
        caller = t("caller_hidden")
    return {"m": message, "caller": caller, "kind": t(f"kind_{message.kind}"), "status": t(f"status_{message.status}")}


@staff_bp.route("/inbox")
def inbox() -> str:
    """Messages and call-back requests, newest first; filter by status."""
    shown = request.args.get("status", NEW)
    query = select(Message).where(Message.status != DRAFT).order_by(Message.created_at.desc()).limit(200)
    if shown in STATUSES:
        query = query.where(Message.status == shown)
    items = [message_view(m) for m in db.session.execute(query).scalars()]
    return render_template("staff/inbox.html", items=items, shown=shown, statuses=STATUSES,
                           days=current_app.config["IVR_RETENTION_DAYS"], failed_sms=failed_requests(20),
                           FETCH_FAILED=FETCH_FAILED, FETCH_PENDING=FETCH_PENDING, NEW=NEW, IN_PROGRESS=IN_PROGRESS, DONE=DONE)


@staff_bp.route("/inbox/<int:message_id>/status", methods=["POST"])
def inbox_status(message_id: int) -> Response:
    """Take a message on, close it, or put it back among the new ones (who and when is kept)."""
    try:
        service.set_status(message_id, request.form.get("status", ""), author())
    except (ValueError, LookupError):
        abort(404)
    flash(t("status_saved"), "success")
    return redirect(url_for("staff.inbox", status=request.form.get("shown", NEW)))


@staff_bp.route("/inbox/<int:message_id>/fetch", methods=["POST"])
def inbox_fetch(message_id: int) -> Response:
    """Try again to copy a recording from Twilio (in the background)."""
    from ivr.messages.recordings import fetch_recording

    message = db.session.get(Message, message_id)
    if message is None or not message.recording_url:
        abort(404)
    message.fetch_status = FETCH_PENDING
    db.session.commit()
    jobs = current_app.extensions["ivr.jobs"]
    if jobs.enabled:
        jobs.submit(fetch_recording, message_id)
    else:
        fetch_recording(message_id)
    flash(t("fetch_started"), "info")
    return redirect(url_for("staff.inbox", status=request.form.get("shown", NEW)))


@staff_bp.route("/inbox/<int:message_id>/recording")
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


@staff_bp.context_processor
def inbox_summary() -> dict[str, Any]:
    """The overview shows how many inbox items nobody has taken on yet."""
    if request.endpoint != "staff.overview":
        return {}
    return {"inbox_new": service.count_new()}
