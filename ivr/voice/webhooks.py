"""Twilio Voice webhooks: thin views over the call flow."""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, replace
from datetime import datetime
from functools import wraps
from typing import Callable, Hashable, Mapping
from zoneinfo import ZoneInfo

from flask import Blueprint, Flask, Response, abort, current_app, request, url_for
from sqlalchemy import select
from twilio.twiml.voice_response import VoiceResponse

from ivr import phrases, sms
from ivr.clock import now
from ivr.content.office import Office
from ivr.content.prompts import prompt_template, render
from ivr.content.store import last_known_office
from ivr.extensions import db
from ivr.messages import service as messages
from ivr.messages.models import Message
from ivr.news import live
from ivr.ops.calls import step_events
from ivr.ops.events import ENDED, Event, caller_hash, event_log
from ivr.ops.metrics import APOLOGIES, SAY_FALLBACKS
from ivr.schedule import status_at
from ivr.speech.catalogue import Sentence, rate_for, sentences_of
from ivr.speech.library import audio_files
from ivr.speech.queue import queue_missing, synthesis_queue
from ivr.voice.answers import AnswerCache, CachedAnswer, keepable, reusable
from ivr.voice.flow import CallerInput, FlowContext, callable_number, respond
from ivr.voice.signature import is_from_twilio
from ivr.voice.steps import LANGS, CallState, Effect, Hangup, Say, Turn
from ivr.voice.twiml import ActionUrl, render_turn

log = logging.getLogger(__name__)

voice_bp = Blueprint("voice", __name__)

# Twilio sends one key per Gather here and a short phrase; anything longer is cut, never trusted.
MAX_FIELD = 500

# The answer to Twilio's status callbacks, which it does not act on: an empty <Response/>.
NOTHING_TO_DO = str(VoiceResponse())


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
    return as_called_by_twilio(url_for("voice.step", **params))


def as_called_by_twilio(path: str) -> str:
    """A path from url_for as Twilio must call it: under IVR_PUBLIC_URL when that is set."""
    public = current_app.config.get("IVR_PUBLIC_URL")
    return public + path[len(request.script_root):] if public else path


def flow_context(office: Office, moment: datetime | None = None, *, caller_number: str = "",
                 recording_url: str = "") -> FlowContext:
    """The office and its status at ``moment`` (default: now), for the call flow."""
    cfg = current_app.config
    calendar = office.calendar(timezone=cfg["IVR_TIMEZONE"])
    return FlowContext(
        office=office,
        status=status_at(calendar, moment or now()),
        languages=office.offered_languages(cfg["IVR_LANGUAGES"]),
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
        """The call's facts from the current request's fields."""
        return cls.from_fields(request.values)

    @classmethod
    def from_fields(cls, fields: Mapping[str, str]) -> "CallFacts":
        """The call's facts from Twilio's fields (form and query string)."""
        return cls(call_sid=field(fields, "CallSid")[:64], caller=field(fields, "From")[:40])


def take_recording(state: CallState, inp: CallerInput, call: CallFacts) -> tuple[CallState, Message | None]:
    """After <Record>: keep what Twilio recorded as the caller's draft message (once per recording).

    Returns the state with the message's id and the message itself (None when nothing usable was
    recorded), so that the step goes on without reading it back."""
    if inp.event != "recorded":
        return state, None
    url, sid = _field("RecordingUrl"), _field("RecordingSid")
    try:
        seconds = float(_field("RecordingDuration") or 0)
    except ValueError:
        seconds = 0.0
    if not (url and sid and seconds > 0 and call.call_sid):
        return replace(state, msg=0), None
    existing = db.session.execute(select(Message).where(Message.recording_sid == sid[:64])).scalar_one_or_none()
    message = existing or messages.record_draft(call_sid=call.call_sid, caller=call.caller, lang=state.lang,
                                                recording_sid=sid, recording_url=url, seconds=seconds)
    return replace(state, msg=message.id), message


def carry_out(turn: Turn, state: CallState, call: CallFacts, draft: Message | None) -> tuple[Turn, str | None]:
    """Do the turn's effects (send, drop or file a message; queue a text) and return the turn
    without them, with the outcome of a text request (None when there was none).

    ``draft``: the caller's own unsent message under review (state.msg), if there is one; sending
    or dropping any other message does nothing (it is someone else's, or sent already)."""
    outcome: str | None = None
    for step in turn.steps:
        if isinstance(step, Effect) and step.name == "send_sms":
            # A test call from the staff pages hears the answer but sends nothing.
            outcome = sms.request_sms(step.number, state.lang, call.call_sid) if call.call_sid else "queued"
        if not isinstance(step, Effect) or not call.call_sid:
            continue
        if step.name in ("confirm_message", "discard_message"):
            if draft is not None and draft.id == step.message_id:
                (messages.send_draft if step.name == "confirm_message" else messages.drop_draft)(draft)
        elif step.name == "request_callback":
            messages.request_callback(call_sid=call.call_sid, caller=step.number, lang=state.lang)
    return replace(turn, steps=tuple(step for step in turn.steps if not isinstance(step, Effect))), outcome


def field(fields: Mapping[str, str], name: str) -> str:
    """One of Twilio's fields, cut to a sane length ('' when missing)."""
    return str(fields.get(name, ""))[:MAX_FIELD]


def _field(name: str) -> str:
    return field(request.values, name)


def caller_input(event: str, fields: Mapping[str, str] | None = None) -> CallerInput:
    """Twilio's fields (default: the current request's) as the flow's input; missing or garbage
    fields become empty."""
    fields = request.values if fields is None else fields
    return CallerInput(
        digits=field(fields, "Digits").strip(),
        speech=field(fields, "SpeechResult"),
        event=event[:20],
        dial_status=field(fields, "DialCallStatus")[:40],
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


class AudioLinks:
    """Where each sentence of a turn has stored audio (an AudioUrl for ``render_turn``); missing
    audio is queued, never made here, and counted so that such an answer is not kept."""

    def __init__(self, turn: Turn, office: Office):
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        try:
            self.files = audio_files(app, turn, office)
            queue_missing(app, [s for s in sentences_of(turn) if s not in self.files], office)
        except Exception:  # the audio table unreadable: the caller still hears <Say>
            log.exception("audio lookup failed; speaking with Twilio's voice")
            self.files = {}
        # Every file is served under the same folder: its URL is worked out once, not per sentence.
        probe = "0" * 64 + ".wav"
        self.folder = as_called_by_twilio(url_for("audio.serve", name=probe))[:-len(probe)]
        self.missing = 0

    def __call__(self, step: Say, slow: bool) -> str | None:
        name = self.files.get(Sentence(step.lang, step.text, rate_for(slow)))
        if not name:
            self.missing += 1
            SAY_FALLBACKS.labels(step.lang).inc()
            return None
        return self.folder + name


def answer_cache(app: Flask) -> AnswerCache:
    """This process's cache of finished answers (ivr/voice/answers.py)."""
    cache = app.extensions.get("ivr.answers")
    return cache if cache is not None else app.extensions.setdefault("ivr.answers", AnswerCache())


def answer_generation(app: Flask, heard: live.Heard, moment: datetime, script_root: str) -> Hashable:
    """Everything besides the step itself that a finished answer depends on: the content version,
    the audio store, what the flow reads from the clock (``office_status_key``), the settings the
    flow reads and where the webhooks are."""
    cfg = app.config
    return (heard.key, audio_folder_stamp(app), office_status_key(app, heard, moment),
            cfg["IVR_LANGUAGES"], cfg.get("IVR_CALLER_ID", ""), cfg.get("IVR_MAX_MESSAGE_SECONDS"),
            sms.sms_enabled(app), cfg.get("IVR_PUBLIC_URL"), cfg["IVR_TIMEZONE"], script_root)


def audio_folder_stamp(app: Flask) -> Hashable:
    """A stamp that changes whenever a file is added to or removed from the audio folder (its inode
    and modification time; the folder is flat, so every change touches it): a kept answer never
    plays a file that is gone. Goes with the answer cache."""
    try:
        st = os.stat(app.config["IVR_AUDIO_DIR"])
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns


def office_status_key(app: Flask, heard: live.Heard, moment: datetime) -> Hashable:
    """What the call flow reads from the clock: the day, and the office's status (open, at lunch
    or closed and why, and when that changes next; holiday names and closures follow from the
    day and the content).

    Worked out once a minute per process (office hours are whole minutes), so a kept answer
    outlives the minute for as long as the status stays the same, instead of every answer being
    worked out again each minute."""
    minute = (heard.key, moment.replace(second=0, microsecond=0))
    memo = app.extensions.get("ivr.office_status")
    if memo is not None and memo[0] == minute:
        return memo[1]
    status = status_at(heard.office.calendar(timezone=app.config["IVR_TIMEZONE"]), moment)
    key = (status.moment.date(), status.state, status.reason, status.next_change, status.next_state)
    app.extensions["ivr.office_status"] = (minute, key)
    return key


def answer_key(state: CallState, inp: CallerInput, call: CallFacts) -> Hashable:
    """The question a kept answer answers: the step, the input and whether the caller's number is known."""
    return state, inp, bool(callable_number(call.caller))


def call_step_twiml(state: CallState, inp: CallerInput, *, moment: datetime | None = None,
                    action: ActionUrl = action_url, call: CallFacts | None = None) -> str:
    """One step of a call as TwiML: the flow, stored audio where ready, else <Say>.

    Twilio's webhooks and the staff's test call in the browser both come here, so a clerk hears
    exactly what a caller hears. Any failure becomes a spoken apology, never an error. Messages
    are only kept for real calls (with Twilio's CallSid): a test call with ``call=CallFacts()``
    walks the same menus without filing anything. A webhook's answer that was given before to
    the same question (and cannot differ) comes from the answer cache.
    """
    try:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        call = CallFacts.from_request() if call is None else call
        today = now(app)
        moment = moment or today  # a test call from the staff pages may ask about another day
        heard = live.heard(app, max_age=float(app.config.get("IVR_CONTENT_CHECK_SECONDS", 0)))
        synthesis_queue(app).refresh_daily()
        cache = answer_cache(app) if action is action_url and reusable(state, inp) else None
        if cache is not None:
            generation = answer_generation(app, heard, moment, request.script_root)
            key = answer_key(state, inp, call)
            kept = cache.get(generation, key)
            if kept is not None:
                record_events(app, state, inp, kept.turn, call, moment, kept.events)
                return kept.body
        turn, body, keep = fresh_step(state, inp, call, heard.office, moment, action, may_keep=cache is not None)
        if keep:
            cache.put(generation, key, CachedAnswer(turn, body, tuple(step_events(state, inp, turn, ""))))
        return body
    except Exception:
        log.exception("call step failed (node=%s, event=%s); apologising to the caller", state.node, inp.event)
        APOLOGIES.inc()
        return render_turn(apology(state.lang), action)


def fresh_step(state: CallState, inp: CallerInput, call: CallFacts, office: Office, moment: datetime,
               action: ActionUrl, may_keep: bool = False) -> tuple[Turn, str, bool]:
    """Work out one step: the flow's turn (its effects carried out), its TwiML, and whether that
    answer may be kept for the same question from other calls (only asked when ``may_keep``)."""
    state, recorded = take_recording(state, inp, call)
    if recorded is not None:
        draft = messages.own_draft(recorded, call.call_sid)
    else:
        draft = messages.draft_of_call(state.msg, call.call_sid) if state.msg and call.call_sid else None
    ctx = flow_context(office, moment, caller_number=call.caller, recording_url=draft.recording_url if draft else "")
    turn = respond(ctx, state, inp)
    record_events(current_app._get_current_object(), state, inp, turn, call, moment)  # type: ignore[attr-defined]
    done, outcome = carry_out(turn, state, call, draft)
    if outcome is not None:
        done = respond(ctx, state, CallerInput(event="sms", outcome=outcome))
    links = AudioLinks(done, office)
    body = render_turn(done, action, links, recording_callback_url())
    keep = may_keep and outcome is None and done == turn and keepable(done, links.missing == 0)
    if keep:
        # Kept answers are shared by all callers: this one must not depend on the caller's number
        # (only on whether it is known), so it is worked out again with another number to check.
        own = callable_number(call.caller)
        other = ("+10000000000" if own != "+10000000000" else "+20000000000") if own else ""
        keep = respond(replace(ctx, caller_number=other), state, inp) == turn
    return done, body, keep


def record_events(app: Flask, state: CallState, inp: CallerInput, turn: Turn, call: CallFacts, moment: datetime,
                  events: tuple[Event, ...] | None = None) -> None:
    """Queue this step's analytics events, at ``moment`` (real calls only; never fails the call).

    ``events``: the step's events worked out before (a kept answer's), else from ``turn``."""
    if not call.call_sid:
        return
    try:
        hashed = caller_hash(call.caller, app.config["SECRET_KEY"]) if inp.event == "enter" else ""
        if events is None:
            events = step_events(state, inp, turn, "")
        event_log(app).add_call_events(events, call.call_sid, hashed, moment)
    except Exception:
        log.exception("could not record the call's analytics events")


def recording_callback_url() -> str:
    """Where Twilio reports that a recording is ready."""
    return as_called_by_twilio(url_for("voice.recording"))


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
    return twiml(NOTHING_TO_DO)


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
    return twiml(NOTHING_TO_DO)
