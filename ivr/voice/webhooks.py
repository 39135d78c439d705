"""Twilio Voice webhooks: thin views over ``answer_step``.

Every request is first held to Twilio's size (``within_limits``) and then to its signature
(the library's RequestValidator); only then are its fields read.
"""
from __future__ import annotations

import logging
from dataclasses import replace

from flask import Blueprint, Response, abort, current_app, g, request
from twilio.twiml.voice_response import VoiceResponse

from ivr.callflow.steps import CallState, Node
from ivr.clock import now
from ivr.config import settings
from ivr.messages import service as messages
from ivr.callflow.events import ENDED, Event
from ivr.ops.events import event_log
from ivr.voice.answer import CallFacts, answer_step, caller_input, field
from ivr.voice import staffline
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
    """Every later step of a call; the call's state is in the query string. In the language menu,
    with the staff line on, * marks the state (item 1) and a # right after it asks for the PIN."""
    state = CallState.from_query(request.args)
    if state.node in (Node.LANGUAGE, Node.NOTICE) and staffline.staff_line_on():
        digits = field(request.values, "Digits").strip()
        if digits == "#" and state.item == 1:
            return twiml(staffline.pin_prompt())
        state = replace(state, item=1 if digits == "*" else 0)
    return answer(state, str(request.args.get("ev", "")))


# -- the staff line: recording prompts by phone (ivr.voice.staffline) ----------------------------


def _call_sid() -> str:
    return field(request.values, "CallSid")[:64]


def _digits() -> str:
    return field(request.values, "Digits").strip()[:20]


def _number() -> int:
    raw = str(request.args.get("p", ""))[:4]
    return int(raw) if raw.isdigit() else 0


def _lang() -> str:
    raw = str(request.args.get("lang", ""))
    return raw if raw in settings().languages else settings().languages[0]


def _staff_token() -> str:
    """The call's staff-line token, or "" when it is not this call's (or the line is off)."""
    sent = str(request.args.get("t", ""))[:64]
    return sent if staffline.signed_in(_call_sid(), sent) else ""


def _from_the_start() -> Response:
    """A staff-line URL that is not (or no longer) this call's: the call starts over, as a caller's
    does, rather than an HTTP error."""
    log.warning("staff line: refused %s (line off, or not this call's)", request.path)
    return answer(CallState(), "enter")


@voice_bp.route("/voice/staff/pin", methods=["POST"])
def staff_pin() -> Response:
    """The PIN keyed (limited tries per call; silence is a wrong try)."""
    if not staffline.staff_line_on():
        return _from_the_start()
    raw = str(request.args.get("tries", "0"))[:1]
    tries = int(raw) if raw.isdigit() else staffline.MAX_PIN_TRIES
    return twiml(staffline.check_pin(_digits(), tries, _call_sid()))


@voice_bp.route("/voice/staff/prompt", methods=["POST"])
def staff_prompt() -> Response:
    """A prompt's number keyed."""
    sent = _staff_token()
    if not sent:
        return _from_the_start()
    return twiml(staffline.choose_prompt(sent, _digits()) if _digits() else staffline.prompt_menu(sent))


@voice_bp.route("/voice/staff/language", methods=["POST"])
def staff_language() -> Response:
    """The recording's language keyed."""
    sent = _staff_token()
    return twiml(staffline.choose_language(sent, _number(), _digits())) if sent else _from_the_start()


@voice_bp.route("/voice/staff/record", methods=["POST"])
def staff_record() -> Response:
    """Read the prompt and record it."""
    sent = _staff_token()
    return twiml(staffline.record_step(sent, _number(), _lang())) if sent else _from_the_start()


@voice_bp.route("/voice/staff/recorded", methods=["POST"])
def staff_recorded() -> Response:
    """After <Record>: play it back, and keep or record again."""
    sent = _staff_token()
    if not sent:
        return _from_the_start()
    return twiml(staffline.recorded(sent, _number(), _lang(), field(request.values, "RecordingSid")[:64]))


@voice_bp.route("/voice/staff/keep", methods=["POST"])
def staff_keep() -> Response:
    """Keep the recording (1), record again (2), another prompt (3)."""
    sent = _staff_token()
    if not sent:
        return _from_the_start()
    return twiml(staffline.keep_or_not(sent, _number(), _lang(), str(request.args.get("r", ""))[:64], _digits()))


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
