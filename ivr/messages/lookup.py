"""Finding a caller's request by its reference number: for the "my request" menu of the call and
the public status form. The status is for whoever shows the number it was filed from."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import select

from ivr.callflow.context import FiledRequest
from ivr.clock import as_utc
from ivr.config import settings
from ivr.extensions import db
from ivr.messages.models import DRAFT, Message

REFERENCE_DIGITS = 5


def _filed(message: Message) -> FiledRequest:
    filed = as_utc(message.created_at).astimezone(ZoneInfo(settings().timezone)).date()
    return FiledRequest(reference=message.reference or "", status=message.status, filed=filed,
                        caller=message.caller, forwarded_to=message.forwarded_to, note=message.note)


def find_request(reference: str) -> FiledRequest | None:
    """The live request with this reference number (None for none, a draft or a purged one)."""
    if not (len(reference) == REFERENCE_DIGITS and reference.isdigit()):
        return None
    message = db.session.execute(select(Message).where(
        Message.reference == reference, Message.status != DRAFT, Message.purged_at.is_(None))).scalar_one_or_none()
    return _filed(message) if message is not None else None


def request_for(reference: str, last_four: str) -> FiledRequest | None:
    """The request with this reference number if ``last_four`` are the last four digits of the
    number it was filed from; None otherwise (whether or not the reference exists)."""
    found = find_request(reference.strip())
    if found is None or not last_four.strip() or found.last_four() != last_four.strip():
        return None
    return found
