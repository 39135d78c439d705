"""jambonz's webhooks: thin views over ``answer_step``, answering with jambonz verbs (JSON).

Configure in jambonz's portal, for the application: calling webhook ``POST {IVR_PUBLIC_URL}/jambonz/call``,
call status webhook ``POST {IVR_PUBLIC_URL}/jambonz/status``. Every request is held to the size
webhooks have, then to its signature or basic auth (``ivr.jambonz.auth``); only then is it read.
"""
from __future__ import annotations

import json
import logging
from typing import Any, Mapping

from flask import Blueprint, Response, current_app, g, request, url_for

from ivr.callflow.context import CallerInput
from ivr.callflow.events import ENDED, Event
from ivr.callflow.steps import CallState, Turn
from ivr.clock import now
from ivr.config import settings
from ivr.jambonz.auth import is_from_jambonz
from ivr.jambonz.verbs import render_verbs
from ivr.messages import service as messages
from ivr.ops.events import event_log
from ivr.voice.answer import CallFacts, answer_step, as_called_by_twilio, field
from ivr.voice.signature import within_limits
from ivr.voice.twiml import ActionUrl, AudioUrl

log = logging.getLogger(__name__)

jambonz_bp = Blueprint("jambonz", __name__)

# The events a silent caller brings back to a gather's hook (``Gather.silence``).
SILENCES = ("quiet", "noinput")
ENDED_STATUSES = ("completed", "busy", "failed", "no-answer", "canceled")


def payload() -> Mapping[str, Any]:
    """The request's JSON object (jambonz posts one); {} for anything else."""
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


def verbs_response(verbs: list[dict[str, Any]]) -> Response:
    return Response(json.dumps(verbs, ensure_ascii=False), mimetype="application/json")


@jambonz_bp.before_request
def only_from_jambonz() -> Response | None:
    """Refuse what jambonz never sends (413) and anything not signed or authorised as configured (403)."""
    if not within_limits(request):
        return Response("request too large", status=413)
    if not is_from_jambonz(request, settings(), now().timestamp()):
        log.warning("refused a jambonz webhook without a valid signature or authorisation: %s", request.path)
        return Response("forbidden", status=403)
    g.call_sid = field(payload(), "call_sid")[:64]
    return None


def jambonz_action(state: CallState, event: str) -> str:
    """The hook URL of the next step, carrying the call's state."""
    params = state.to_query()
    if event:
        params["ev"] = event
    return as_called_by_twilio(url_for("jambonz.step", **params))


def jambonz_document(turn: Turn, action: ActionUrl, audio: AudioUrl) -> str:
    """One turn as jambonz's JSON array of verbs."""
    return json.dumps(render_verbs(turn, action, audio), ensure_ascii=False)


def caller_input(event: str, body: Mapping[str, Any]) -> CallerInput:
    """jambonz's hook payload as the flow's input: the key pressed, the words heard, the dial's outcome;
    a gather's silence becomes the event its hook names."""
    speech = body.get("speech") if isinstance(body.get("speech"), dict) else {}
    alternatives = speech.get("alternatives") if isinstance(speech.get("alternatives"), list) else []
    heard = field(alternatives[0], "transcript") if alternatives and isinstance(alternatives[0], dict) else ""
    digits = field(body, "digits").strip()
    if event.startswith("silence:"):
        silence = event.partition(":")[2]
        event = silence if silence in SILENCES and not (digits or heard.strip()) else ""
    return CallerInput(digits=digits, speech=heard, event=event[:20], dial_status=field(body, "dial_call_status")[:40])


def answer(state: CallState, event: str) -> list[dict[str, Any]]:
    """The verbs for one step of a call (a line that cannot record: the call-back instead)."""
    body = payload()
    call = CallFacts(call_sid=field(body, "call_sid")[:64], caller=field(body, "from")[:40])
    return json.loads(answer_step(state, caller_input(event, body), call, {}, action=jambonz_action,
                                  render=jambonz_document, voice_messages=False, speech_input=True))


@jambonz_bp.route("/jambonz/call", methods=["POST"])
def entry() -> Response:
    """jambonz calls this when the phone rings: a short pause while the media settles, then the
    language menu (or the main menu)."""
    return verbs_response([{"verb": "pause", "length": 1}, *answer(CallState(), "enter")])


@jambonz_bp.route("/jambonz/step", methods=["POST"])
def step() -> Response:
    """Every later step of a call: a gather's, dial's or redirect's hook; the state is in the query string."""
    return verbs_response(answer(CallState.from_query(request.args), str(request.args.get("ev", ""))))


@jambonz_bp.route("/jambonz/status", methods=["POST"])
def call_status() -> Response:
    """jambonz's call status webhook: when a call ends, a call-back request it left is kept."""
    body = payload()
    status, call_sid = field(body, "call_status"), field(body, "call_sid")[:64]
    if status in ENDED_STATUSES:
        try:
            messages.finalize_call(call_sid)
        except Exception:
            log.exception("could not finish the messages of call %s", call_sid)
        try:
            seconds: float | None = float(field(body, "duration")) if field(body, "duration") else None
        except ValueError:
            seconds = None
        event_log(current_app._get_current_object()).add(  # type: ignore[attr-defined]
            Event(call_sid, ENDED, detail=status[:20], seconds=seconds, at=now()))
    return verbs_response([])
