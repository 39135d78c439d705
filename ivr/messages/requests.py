"""Callers' requests by reference number: the number itself, what the caller may learn of its status
(by phone, on the public page, by text), the staff's statuses, the call-back worklist and the figures.

A reference number is 5 random digits (``secrets``), unique among live requests: nothing about the
caller or the time goes into it. It is freed by the retention purge together with the caller's
number, so an old request can no longer be asked about. The status is told only to whoever shows
the number it was filed from (calling from it, or keying its last four digits).
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from ivr.callflow.context import callable_number
from ivr.clock import as_utc, stamp
from ivr.config import settings
from ivr.extensions import db
from ivr.messages.lookup import REFERENCE_DIGITS
from ivr.messages.models import CALLBACK, DONE, DRAFT, FORWARDED, IN_PROGRESS, NEW, STATUSES, Message
from ivr.messages.sms import request_sms
from ivr.news.live import office_as_heard
from ivr.schedule import OfficeCalendar, callback_window

NOTE_LENGTH = 500
BODY_LENGTH = 200

# The texts a caller gets: the reference number when a request is filed, and word that it was answered.
REFERENCE_TEXT = {
    "ru": "{office}. Номер вашего обращения: {reference}. Его статус можно узнать по телефону горячей линии "
          "{hotline} или на сайте по номеру и последним четырём цифрам вашего телефона.",
    "be": "{office}. Нумар вашага звароту: {reference}. Яго статус можна даведацца па тэлефоне гарачай лініі "
          "{hotline} або на сайце па нумары і апошніх чатырох лічбах вашага тэлефона.",
    "en": "{office}. Your reference number: {reference}. Check its status on the hot line {hotline} or on the "
          "web with the number and the last four digits of your phone.",
}
ANSWERED_TEXT = {
    "ru": "{office}. На ваше обращение {reference} дан ответ.",
    "be": "{office}. На ваш зварот {reference} дадзены адказ.",
    "en": "{office}. Your request {reference} has been answered.",
}


def free_reference() -> str:
    """A random reference number no live request has (5 digits, never starting with 0)."""
    while True:
        candidate = str(10 ** (REFERENCE_DIGITS - 1) + secrets.randbelow(9 * 10 ** (REFERENCE_DIGITS - 1)))
        taken = db.session.execute(select(Message.id).where(Message.reference == candidate)).first()
        if taken is None:
            return candidate


def _text(texts: dict[str, str], message: Message) -> str:
    office = office_as_heard()
    lang = message.lang if message.lang in texts else "ru"
    return texts[lang].format(office=office.name.get(lang, ""), reference=message.reference, hotline=office.hotline)


def text_the_caller(message: Message, texts: dict[str, str]) -> str:
    """Queue a text to the number a request came from (when SMS is set up and the number is
    known); its outcome ("queued", "limit", "disabled", "no number")."""
    number = callable_number(message.caller)
    if not number:
        return "no number"
    return request_sms(number, message.lang, message.call_sid, body=_text(texts, message))


def text_reference(message: Message) -> str:
    """The reference number by text, right after the request is filed."""
    return text_the_caller(message, REFERENCE_TEXT)


def change_status(message_id: int, status: str, staff: str, note: str = "", forwarded_to: str = "") -> Message:
    """Staff move a request on: received (new), in progress, answered (done) or forwarded to another
    body (which one is required); with a short note the caller hears. Who and when is kept; an
    answered request's caller gets a text (when SMS is set up). ValueError for a bad change,
    LookupError for no such request."""
    if status not in STATUSES:
        raise ValueError("status")
    forwarded_to = " ".join(forwarded_to.split())[:BODY_LENGTH]
    if status == FORWARDED and not forwarded_to:
        raise ValueError("forwarded_to")
    message = db.session.get(Message, message_id)
    if message is None or message.status == DRAFT:
        raise LookupError(f"no message {message_id}")
    was = message.status
    message.status = status
    message.note = " ".join(note.split())[:NOTE_LENGTH]
    message.forwarded_to = forwarded_to if status == FORWARDED else ""
    message.handled_by = staff[:120] if status != NEW else ""
    message.handled_at = stamp() if status != NEW else None
    db.session.commit()
    if status == DONE and was != DONE and settings().sms_enabled:
        text_the_caller(message, ANSWERED_TEXT)
    return message


@dataclass(frozen=True)
class CallbackDue:
    """One call-back on the worklist: the request, and the window the caller was promised (from
    the first open moment after they asked until that day's closing time; None when the office
    never opens in the search window)."""

    message: Message
    window: tuple[datetime, datetime] | None

    def overdue(self, now: datetime) -> bool:
        """Whether the promised window has passed."""
        return self.window is not None and now >= self.window[1]


def callback_worklist(calendar: OfficeCalendar) -> list[CallbackDue]:
    """The call-backs not answered yet (received or in progress), oldest first, each with the window
    the caller was told (``ivr.schedule.callback_window``: never lunch, a closure or a holiday)."""
    rows = db.session.execute(select(Message).where(
        Message.kind == CALLBACK, Message.status.in_((NEW, IN_PROGRESS)), Message.purged_at.is_(None))
        .order_by(Message.created_at)).scalars()
    return [CallbackDue(message, callback_window(calendar, as_utc(message.created_at))) for message in rows]


# Age groups of the statistics: up to a day, a week, a month, older.
AGE_GROUPS = (("day", timedelta(days=1)), ("week", timedelta(days=7)), ("month", timedelta(days=30)),
              ("older", None))


def requests_by_status_and_age(now: datetime) -> dict[str, dict[str, int]]:
    """How many requests (messages and call-backs, not drafts) are in each status, by age group:
    {status: {"day": n, "week": n, "month": n, "older": n}}."""
    out = {status: {name: 0 for name, _ in AGE_GROUPS} for status in STATUSES}
    rows = db.session.execute(select(Message.status, Message.created_at).where(Message.status != DRAFT)).all()
    for status, created in rows:
        if status not in out:
            continue
        age = now - as_utc(created)
        group = next(name for name, limit in AGE_GROUPS if limit is None or age <= limit)
        out[status][group] += 1
    return out
