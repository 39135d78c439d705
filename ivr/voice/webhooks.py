"""Twilio Voice webhooks: thin views over ``answer_step``.

Every request is first held to Twilio's size (``within_limits``) and then to its signature
(the library's RequestValidator); only then are its fields read.
"""
from __future__ import annotations

import logging

from flask import Blueprint, Response, abort, current_app, g, request
from twilio.twiml.voice_response import VoiceResponse

from ivr.callflow.steps import CallState
from ivr.clock import now
from ivr.config import settings
from ivr.messages import service as messages
from ivr.callflow.events import ENDED, Event
from ivr.ops.events import event_log
from ivr.voice.answer import CallFacts, answer_step, caller_input, field
from ivr.voice.signature import NO_TOKEN, signature_of, why_refused, within_limits

log = logging.getLogger(__name__)

voice_bp = Blueprint("voice", __name__)

# The answer to Twilio's status callbacks, which it does not act on: an empty <Response/>.
NOTHING_TO_DO = str(VoiceResponse())


def twiml(body: str) -> Response:
    return Response(body, mimetype="text/xml")


@voice_bp.before_request
def only_from_twilio() -> Response | None:
    """Refuse what Twilio never sends before reading it (413; 403 without any signature), then
    anything not signed by Twilio (403)."""
    if not within_limits(request):
        if not signature_of(request, settings()):
            return Response("forbidden", status=403)
        log.warning("refused a webhook request larger than Twilio sends (%s bytes)", request.content_length)
        return Response("request too large", status=413)
    reason = why_refused(request, settings())
    if reason:
        # One line per refused request; a missing token is the operator's error, not a stranger's.
        log.log(logging.ERROR if reason == NO_TOKEN else logging.WARNING, "refused a webhook (%s): %s", reason, request.path)
        abort(403)
    g.call_sid = field(request.values, "CallSid")[:64]  # signed: from now on the logs name the call
    return None


def answer(state: CallState, event: str) -> Response:
    """The webhook's response for one step of a call."""
    fields = request.values
    return twiml(answer_step(state, caller_input(event, fields), CallFacts.from_fields(fields), fields))


@voice_bp.route("/voice", methods=["POST", "GET"])
def entry() -> Response:
    """Twilio calls this when the phone rings: the language menu (or the main menu)."""
    return answer(CallState(), "enter")


@voice_bp.route("/voice/step", methods=["POST", "GET"])
def step() -> Response:
    """Every later step of a call; the call's state is in the query string."""
    return answer(CallState.from_query(request.args), str(request.args.get("ev", "")))


@voice_bp.route("/voice/status", methods=["POST"])
def call_status() -> Response:
    """Twilio's call status callback: when a call ends, a message the caller left is kept."""
    fields = request.values
    status, call_sid = field(fields, "CallStatus"), field(fields, "CallSid")[:64]
    if status in ("completed", "busy", "failed", "no-answer", "canceled"):
        try:
            messages.finalize_call(call_sid)
        except Exception:
            log.exception("could not finish the messages of call %s", call_sid)
        event_log(current_app._get_current_object()).add(  # type: ignore[attr-defined]
            Event(call_sid, ENDED, detail=status[:20], seconds=seconds(fields, "CallDuration"), at=now()))
    return twiml(NOTHING_TO_DO)


@voice_bp.route("/voice/recording", methods=["POST"])
def recording() -> Response:
    """Twilio's recording status callback: the recording can now be copied into our store."""
    fields = request.values
    try:
        messages.recording_status(recording_sid=field(fields, "RecordingSid")[:64],
                                  recording_url=field(fields, "RecordingUrl"), status=field(fields, "RecordingStatus"),
                                  seconds=seconds(fields, "RecordingDuration"))
    except Exception:
        log.exception("could not record the status of recording %s", field(fields, "RecordingSid")[:64])
    return twiml(NOTHING_TO_DO)


def seconds(fields: object, name: str) -> float | None:
    """A duration field in seconds (None when missing or not a number)."""
    try:
        return float(field(fields, name)) if field(fields, name) else None  # type: ignore[arg-type]
    except ValueError:
        return None
