"""The same answers by text message: on request in the call, in the call's language.

The caller presses a key; the webhook only records the request and queues it. The text is composed
and sent through the `twilio` REST client (to the configured provider's API) in the background, a
few per number per day. A failed send is kept with its error for staff to see.
"""
from __future__ import annotations

import hashlib
import logging
from datetime import datetime, time, timezone
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, current_app
from sqlalchemy import DateTime, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column

from ivr import clock
from ivr.clock import stamp
from ivr.config import settings
from ivr.content.procedures import by_number
from ivr.extensions import db
from ivr.jobs import background_jobs
from ivr.news.live import call_context, office_as_heard
from ivr.ops.logs import mask_numbers
from ivr.public.facts import hours_rows, notices_view, status_view
from ivr.public.labels import label
from ivr.public.receptions import session_line, session_views

log = logging.getLogger(__name__)

QUEUED, SENT, FAILED = "queued", "sent", "failed"


class SmsRequest(db.Model):
    """One text message a caller asked for. The number is kept only until it is sent; the daily
    limit counts by a hash of it."""

    __tablename__ = "sms_request"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=stamp, index=True)
    number_hash: Mapped[str] = mapped_column(String(64), index=True)
    number: Mapped[str] = mapped_column(String(40), default="")
    lang: Mapped[str] = mapped_column(String(8))
    call_sid: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(10), default=QUEUED, index=True)
    error: Mapped[str] = mapped_column(Text, default="")
    twilio_sid: Mapped[str] = mapped_column(String(64), default="")
    # The procedure whose documents the text lists ('' for the office's hours and address).
    procedure: Mapped[str] = mapped_column(String(20), default="", server_default="")
    body: Mapped[str] = mapped_column(Text, default="")  # its own words; '' for the office's information


def number_hash(number: str, secret: str) -> str:
    """A keyed hash of a phone number: enough to count requests, useless to read the number back."""
    return hashlib.sha256(f"{secret}:{number}".encode()).hexdigest()


def sent_today(number: str, tz: str) -> int:
    """How many texts this number asked for since midnight (office time)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    midnight = datetime.combine(clock.today(app), time(0), tzinfo=ZoneInfo(tz))
    return db.session.execute(
        select(func.count()).select_from(SmsRequest).where(
            SmsRequest.number_hash == number_hash(number, app.config["SECRET_KEY"]),
            SmsRequest.created_at >= midnight.astimezone(timezone.utc),
        )
    ).scalar() or 0


def request_sms(number: str, lang: str, call_sid: str, procedure: str = "", body: str = "") -> str:
    """Record and queue a text for ``number``: "queued", "limit" (enough today) or "disabled".
    ``procedure``: the number of the procedure whose list of documents the text carries; ``body``:
    the text's own words (a reference number, an answer); neither: the office's information."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    chosen = settings(app)
    if not chosen.sms_enabled:
        return "disabled"
    if sent_today(number, chosen.timezone) >= chosen.sms_per_day:
        return "limit"
    request = SmsRequest(number_hash=number_hash(number, app.config["SECRET_KEY"]), number=number, lang=lang,
                         call_sid=call_sid[:64], procedure=procedure[:20], body=body)
    db.session.add(request)
    db.session.commit()
    background_jobs(app).submit(send_sms, request.id)
    return "queued"


def compose_procedure(lang: str, number: str) -> str:
    """The text about one procedure: its number and title, the documents, fee, term, validity,
    where to go and its source ('' when the catalogue no longer has it in ``lang``)."""
    procedure = by_number(office_as_heard().procedures, number)
    if procedure is None or not procedure.text("title", lang):
        return ""
    lines = [f"{number}. {procedure.text('title', lang)}"]
    lines += [f"{i}) {document}" for i, document in enumerate(procedure.documents_in(lang), start=1)]
    lines += [f"{label(lang, part)}: {procedure.text(part, lang)}" for part in ("fee", "term", "validity", "where")
              if procedure.text(part, lang)]
    return "\n".join(lines + [procedure.source] if procedure.source else lines)


def compose(lang: str, procedure: str = "") -> str:
    """The text: office, open now, hours, address, hot line, the next receptions and direct lines,
    and the public page's link; or, for a procedure asked for by its number, that procedure's list."""
    if procedure and (about := compose_procedure(lang, procedure)):
        return about
    office = office_as_heard()
    ctx = call_context(office)
    hours = "; ".join(f"{row.days} {row.hours or label(lang, 'day_off')}"
                      + (f", {label(lang, 'lunch')} {row.lunch}" if row.lunch else "") for row in hours_rows(office, lang))
    address = ", ".join(part for part in (office.postal_code, office.address.get(lang, "")) if part)
    link = settings().public_url
    # Urgent notices head the text, as they head the page and the call.
    lines = [*notices_view(ctx, lang), office.name.get(lang, ""), status_view(ctx, lang).short + ".", f"{label(lang, 'hours')}: {hours}.",
             f"{label(lang, 'address')}: {address}.", f"{label(lang, 'hotline')}: {office.hotline}."]
    calendar = office.calendar(timezone=settings().timezone)
    lines += [session_line(view) for view in session_views(office, calendar, ctx.status.moment, lang)]
    if link:
        lines.append(f"{link}/{lang}")
    return "\n".join(line for line in lines if line)


def twilio_client(app: Flask) -> Any:
    """The REST client, pointed at the provider's SMS root (Twilio, Somleng, a SignalWire space: the
    same Messages resource); tests give it their own HTTP client (app.extensions["ivr.twilio_http"])."""
    from twilio.rest import Client

    chosen = settings(app)
    client = Client(chosen.twilio_account_sid, chosen.twilio_auth_token,
                    http_client=app.extensions.get("ivr.twilio_http"))
    client.api.base_url = chosen.provider.sms_base  # the library's own setting for another API host
    return client


def send_sms(request_id: int) -> bool:
    """Send one queued text; the result (or the error) is kept, and the number is forgotten."""
    from twilio.base.exceptions import TwilioException

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    request = db.session.get(SmsRequest, request_id)
    if request is None or request.status != QUEUED:
        return False
    try:
        message = twilio_client(app).messages.create(to=request.number, from_=settings(app).sms_from,
                                                     body=request.body or compose(request.lang, request.procedure))
    except (TwilioException, OSError) as exc:
        # Twilio's errors may quote the number: it is masked in what is kept and logged.
        request.status, request.error = FAILED, mask_numbers(str(exc))[:1000]
        log.warning("text message %s could not be sent: %s", request_id, request.error)
    else:
        request.status, request.twilio_sid, request.error = SENT, str(message.sid or "")[:64], ""
    request.number = ""  # personal data: not needed any more
    db.session.commit()
    return request.status == SENT


def failed_requests(limit: int = 50) -> list[SmsRequest]:
    """Recent texts that could not be sent, newest first (for the staff's overview)."""
    return list(db.session.execute(
        select(SmsRequest).where(SmsRequest.status == FAILED).order_by(SmsRequest.created_at.desc()).limit(limit)
    ).scalars())
