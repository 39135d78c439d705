"""Twilio Voice webhooks: thin views over the call flow."""
from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime
from functools import wraps
from typing import Callable
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, current_app, request, url_for
from sqlalchemy import select
from twilio.twiml.voice_response import VoiceResponse

from ivr import phrases, sms
from ivr.content.office import Office
from ivr.content.prompts import prompt_template, render
from ivr.content.store import last_known_office
from ivr.extensions import db
from ivr.messages import service as messages
from ivr.messages.models import Message
from ivr.news.live import office_as_heard
from ivr.ops.calls import step_events
from ivr.ops.events import ENDED, Event, caller_hash, event_log
from ivr.ops.metrics import APOLOGIES, SAY_FALLBACKS
from ivr.schedule import status_at
from ivr.speech.catalogue import Sentence, rate_for
from ivr.speech.synthesis import synthesizer
from ivr.voice.flow import CallerInput, FlowContext, respond
from ivr.voice.signature import is_from_twilio
from ivr.voice.steps import LANGS, CallState, Effect, Hangup, Say, Turn
from ivr.voice.twiml import ActionUrl, AudioUrl, render_turn

log = logging.getLogger(__name__)

voice_bp = Blueprint("voice", __name__)

# Twilio sends one key per Gather here and a short phrase; anything longer is cut, never trusted.
MAX_FIELD = 500


def now() -> datetime:
    """The current moment in the office's time zone (tests and the `call` command may fix it)."""
    clock: Callable[[], datetime] | None = current_app.extensions.get("ivr.clock")
    if clock is not None:
        return clock()
    return datetime.now(ZoneInfo(current_app.config["IVR_TIMEZONE"]))


def twilio_only(view: Callable[..., Response]) -> Callable[..., Response]:
    """Refuse (403) any request whose Twilio signature does not check out."""

    @wraps(view)
    def checked(*args: object, **kwargs: object) -> Response:
        if not is_from_twilio(request, current_app.config):
            log.warning("refused a webhook with a bad or missing signature: %s", request.path)
            abort(403)
        return view(*args, **kwargs)

    return checked


def action_url(state: CallState, event: str) -> str:
    """The URL of the next step, carrying the call's state."""
    params = state.to_query()
    if event:
        params["ev"] = event
    path = url_for("voice.step", **params)
    public = current_app.config.get("IVR_PUBLIC_URL")
    return public + path[len(request.script_root):] if public else path


def flow_context(office: Office, moment: datetime | None = None, *, caller_number: str = "",
                 recording_url: str = "") -> FlowContext:
    """The office and its status at ``moment`` (default: now), for the call flow."""
    cfg = current_app.config
    enabled = [lang for lang in office.languages if lang in cfg["IVR_LANGUAGES"]]
    calendar = office.calendar(timezone=cfg["IVR_TIMEZONE"])
    return FlowContext(
        office=office,
        status=status_at(calendar, moment or now()),
        languages=tuple(enabled or cfg["IVR_LANGUAGES"]),
        caller_id=cfg.get("IVR_CALLER_ID", ""),
        caller_number=caller_number,
        recording_url=recording_url,
        max_message_seconds=int(cfg.get("IVR_MAX_MESSAGE_SECONDS", 120)),
        sms_available=sms.sms_enabled(current_app._get_current_object()),  # type: ignore[attr-defined]
    )


@dataclass(frozen=True)
class CallFacts:
    """Who is calling, from Twilio's fields: the call's id and the caller's number."""

    call_sid: str = ""
    caller: str = ""

    @classmethod
    def from_request(cls) -> "CallFacts":
        return cls(call_sid=_field("CallSid")[:64], caller=_field("From")[:40])


def take_recording(state: CallState, inp: CallerInput, call: CallFacts) -> CallState:
    """After <Record>: keep what Twilio recorded as the caller's draft message (once per recording)."""
    if inp.event != "recorded":
        return state
    url, sid = _field("RecordingUrl"), _field("RecordingSid")
    try:
        seconds = float(_field("RecordingDuration") or 0)
    except ValueError:
        seconds = 0.0
    if not (url and sid and seconds > 0 and call.call_sid):
        return replace(state, msg=0)
    existing = db.session.execute(select(Message).where(Message.recording_sid == sid[:64])).scalar_one_or_none()
    message = existing or messages.record_draft(call_sid=call.call_sid, caller=call.caller, lang=state.lang,
                                                recording_sid=sid, recording_url=url, seconds=seconds)
    return replace(state, msg=message.id)


def carry_out(turn: Turn, state: CallState, call: CallFacts) -> tuple[Turn, str | None]:
    """Do the turn's effects (send, drop or file a message; queue a text) and return the turn
    without them, with the outcome of a text request (None when there was none)."""
    outcome: str | None = None
    for step in turn.steps:
        if isinstance(step, Effect) and step.name == "send_sms":
            # A test call from the staff pages hears the answer but sends nothing.
            outcome = sms.request_sms(step.number, state.lang, call.call_sid) if call.call_sid else "queued"
        if not isinstance(step, Effect) or not call.call_sid:
            continue
        if step.name == "confirm_message":
            messages.confirm(step.message_id, call.call_sid)
        elif step.name == "discard_message":
            messages.discard(step.message_id, call.call_sid)
        elif step.name == "request_callback":
            messages.request_callback(call_sid=call.call_sid, caller=step.number, lang=state.lang)
    return replace(turn, steps=tuple(step for step in turn.steps if not isinstance(step, Effect))), outcome


def _field(name: str) -> str:
    return str(request.values.get(name, ""))[:MAX_FIELD]


def caller_input(event: str) -> CallerInput:
    """Twilio's form fields as the flow's input; missing or garbage fields become empty."""
    return CallerInput(
        digits=_field("Digits").strip(),
        speech=_field("SpeechResult"),
        event=event[:20],
        dial_status=_field("DialCallStatus")[:40],
    )


def apology(lang: str) -> Turn:
    """What a caller hears when something inside failed: sorry, the hot line number, goodbye."""
    lang = lang if lang in LANGS else "ru"
    office = last_known_office(current_app._get_current_object())  # type: ignore[attr-defined]
    if office is None:
        from ivr.content.demo import DEMO_OFFICE
        from ivr.content.office import office_from_dict

        office = office_from_dict(DEMO_OFFICE)
    try:
        hotline = phrases.phone_number(office.hotline, lang)
        text = render(prompt_template(office, "error", lang), {"hotline": hotline})
    except Exception:  # the apology itself must never fail
        text = {"ru": "Извините, произошла ошибка. До свидания!", "be": "Прабачце, адбылася памылка. Да пабачэння!",
                "en": "Sorry, something went wrong. Goodbye!"}[lang]
    return Turn(steps=(Say(text, lang, "error"), Hangup()))


def twiml(body: str) -> Response:
    return Response(body, mimetype="text/xml")


def audio_url_for(turn: Turn, office: Office) -> AudioUrl:
    """Where each sentence of ``turn`` has stored audio; missing audio is queued, never made here."""
    synth = synthesizer(current_app._get_current_object())  # type: ignore[attr-defined]
    try:
        files = synth.files_for(turn, office)
    except Exception:  # the audio table unreadable: the caller still hears <Say>
        log.exception("audio lookup failed; speaking with Twilio's voice")
        files = {}
    public = current_app.config.get("IVR_PUBLIC_URL")

    def url(step: Say, slow: bool) -> str | None:
        name = files.get(Sentence(step.lang, step.text, rate_for(slow)))
        if not name:
            SAY_FALLBACKS.labels(step.lang).inc()
            return None
        path = url_for("audio.serve", name=name)
        return public + path[len(request.script_root):] if public else path

    return url


def call_step_twiml(state: CallState, inp: CallerInput, *, moment: datetime | None = None,
                    action: ActionUrl = action_url, call: CallFacts | None = None) -> str:
    """One step of a call as TwiML: the flow, stored audio where ready, else <Say>.

    Twilio's webhooks and the staff's test call in the browser both come here, so a clerk hears
    exactly what a caller hears. Any failure becomes a spoken apology, never an error. Messages
    are only kept for real calls (with Twilio's CallSid): a test call with ``call=CallFacts()``
    walks the same menus without filing anything.
    """
    try:
        call = CallFacts.from_request() if call is None else call
        state = take_recording(state, inp, call)
        draft = messages.draft_of_call(state.msg, call.call_sid) if state.msg and call.call_sid else None
        office = office_as_heard()
        ctx = flow_context(office, moment, caller_number=call.caller, recording_url=draft.recording_url if draft else "")
        turn = respond(ctx, state, inp)
        record_events(state, inp, turn, call)
        turn, outcome = carry_out(turn, state, call)
        if outcome is not None:
            turn = respond(ctx, state, CallerInput(event="sms", outcome=outcome))
        synthesizer(current_app._get_current_object()).refresh_daily(office, ctx.today, now)  # type: ignore[attr-defined]
        return render_turn(turn, action, audio_url_for(turn, office), recording_callback_url())
    except Exception:
        log.exception("call step failed (node=%s, event=%s); apologising to the caller", state.node, inp.event)
        APOLOGIES.inc()
        return render_turn(apology(state.lang), action)


def record_events(state: CallState, inp: CallerInput, turn: Turn, call: CallFacts) -> None:
    """Queue this step's analytics events (real calls only; never fails the call)."""
    if not call.call_sid:
        return
    try:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        hashed = caller_hash(call.caller, app.config["SECRET_KEY"]) if inp.event == "enter" else ""
        moment = now()
        for event in step_events(state, inp, turn, call.call_sid, hashed):
            event_log(app).add(replace(event, at=moment))
    except Exception:
        log.exception("could not record the call's analytics events")


def recording_callback_url() -> str:
    """Where Twilio reports that a recording is ready."""
    path = url_for("voice.recording")
    public = current_app.config.get("IVR_PUBLIC_URL")
    return public + path[len(request.script_root):] if public else path


def answer(state: CallState, inp: CallerInput) -> Response:
    """The webhook's response for one step of a call."""
    return twiml(call_step_twiml(state, inp))


@voice_bp.app_errorhandler(413)
def too_large(error: Exception) -> Response:
    """A request too large to read: its signature cannot be checked, but Twilio still gets TwiML.

    Twilio never sends such a thing; if it ever did, the caller hears an apology rather than the
    call dropping. Requests without any signature are refused as usual.
    """
    if not request.path.startswith("/voice"):
        return Response("request too large", status=413)
    if not request.headers.get("X-Twilio-Signature"):
        return Response("forbidden", status=403)
    log.warning("a webhook request was too large to read (%s bytes)", request.content_length)
    state = CallState.from_query(request.args)
    return twiml(render_turn(apology(state.lang), action_url))


@voice_bp.route("/voice", methods=["POST", "GET"])
@twilio_only
def entry() -> Response:
    """Twilio calls this when the phone rings: the language menu (or the main menu)."""
    return answer(CallState(), CallerInput(event="enter"))


@voice_bp.route("/voice/step", methods=["POST", "GET"])
@twilio_only
def step() -> Response:
    """Every later step of a call; the call's state is in the query string."""
    try:
        state = CallState.from_query(request.args)
    except Exception:  # from_query is tolerant; this is the last line of defence
        state = CallState()
    return answer(state, caller_input(str(request.args.get("ev", ""))))


@voice_bp.route("/voice/status", methods=["POST"])
@twilio_only
def call_status() -> Response:
    """Twilio's call status callback: when a call ends, a message the caller left is kept."""
    if _field("CallStatus") in ("completed", "busy", "failed", "no-answer", "canceled"):
        try:
            messages.finalize_call(_field("CallSid")[:64])
        except Exception:
            log.exception("could not finish the messages of call %s", _field("CallSid")[:64])
        try:
            seconds = float(_field("CallDuration")) if _field("CallDuration") else None
        except ValueError:
            seconds = None
        event_log(current_app._get_current_object()).add(  # type: ignore[attr-defined]
            Event(_field("CallSid")[:64], ENDED, detail=_field("CallStatus")[:20], seconds=seconds, at=now()))
    return twiml(str(VoiceResponse()))


@voice_bp.route("/voice/recording", methods=["POST"])
@twilio_only
def recording() -> Response:
    """Twilio's recording status callback: the recording can now be copied into our store."""
    try:
        seconds = float(_field("RecordingDuration")) if _field("RecordingDuration") else None
    except ValueError:
        seconds = None
    try:
        messages.recording_status(recording_sid=_field("RecordingSid")[:64], recording_url=_field("RecordingUrl"),
                                  status=_field("RecordingStatus"), seconds=seconds)
    except Exception:
        log.exception("could not record the status of recording %s", _field("RecordingSid")[:64])
    return twiml(str(VoiceResponse()))
