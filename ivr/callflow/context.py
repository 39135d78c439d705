"""What one step of a call knows: the office and its status (FlowContext) and what the caller did
(CallerInput). Plain data, built by the adapter (the webhooks, the `call` command, the catalogue)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ivr.content.office import RECEPTION, Office
from ivr.schedule import OfficeStatus

MESSAGE_SECONDS = 120


@dataclass(frozen=True)
class CallerInput:
    """What the caller did: one key, a spoken phrase, nothing (no input) or a finished transfer."""

    digits: str = ""
    speech: str = ""
    event: str = ""  # "" for a menu answer, "enter", "noinput", "dial", "recorded", "sms"
    dial_status: str = ""
    outcome: str = ""  # for "sms": what became of the request ("queued", "limit")


@dataclass(frozen=True)
class FlowContext:
    """The facts a call step needs: the office's content and its status at this moment."""

    office: Office
    status: OfficeStatus
    languages: tuple[str, ...]
    caller_id: str = ""
    caller_number: str = ""  # the caller's own number, when the network tells it
    recording_url: str = ""  # the recorded message under review (state.msg), if any
    sms_available: bool = False  # texts can be sent (SMS is configured)
    web_address: str = ""  # where the same answers are on the web, as said to callers ('' for none)
    max_message_seconds: int = MESSAGE_SECONDS
    voice_messages: bool = True  # the line can record a message (jambonz cannot: call-back only)
    main_service: str = RECEPTION  # the service the call's first sentence speaks of

    @property
    def today(self) -> date:
        return self.status.moment.date()

    @property
    def callback_number(self) -> str:
        """The caller's number if it can be called back ('' when hidden or not a phone number)."""
        return callable_number(self.caller_number)


def callable_number(raw: str) -> str:
    """``raw`` (Twilio's From) as a number to call back, or '' when hidden or not a phone number."""
    number = raw.strip()
    digits = re.sub(r"\D", "", number)
    if not number.startswith("+") or not 7 <= len(digits) <= 15:
        return ""
    return "+" + digits
