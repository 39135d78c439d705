"""One step of a call, answered: the flow's turn, its effects carried out, rendered as TwiML.

``answer_step`` is the only way a call step is answered: Twilio's webhooks and the staff's test
call in the browser both come here, so a clerk hears exactly what a caller hears.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Callable, Mapping

from flask import Flask, current_app, request, url_for
from sqlalchemy import select

from ivr import phrases
from ivr.callflow.catalogue import CALLER_SPECIFIC, Sentence, rate_for, sentences_of
from ivr.callflow.context import CallerInput
from ivr.callflow.events import step_events
from ivr.callflow.flow import respond
from ivr.callflow.steps import CallState, Effect, Hangup, Say, Turn
from ivr.clock import now
from ivr.config import settings
from ivr.content.demo import DEMO_OFFICE
from ivr.content.office import Office, office_from_dict
from ivr.content.prompts import prompt_template, render
from ivr.content.recordings import current_recording
from ivr.content.store import last_known_office
from ivr.extensions import db
from ivr.languages import or_default
from ivr.messages import service as messages
from ivr.messages.models import Message
from ivr.messages.lookup import find_request
from ivr.news.live import call_context, heard
from ivr.ops.events import caller_hash, event_log
from ivr.ops.metrics import APOLOGIES, SAY_FALLBACKS
from ivr.messages.sms import request_sms
from ivr.speech.library import audio_files
from ivr.speech.queue import queue_missing
from ivr.voice.twiml import ActionUrl, AudioUrl, no_audio, render_turn

log = logging.getLogger(__name__)

# Twilio sends one key per Gather here and a short phrase; anything longer is cut, never trusted.
MAX_FIELD = 500

# How a turn becomes the provider's document: TwiML here, jambonz's verbs in ivr/jambonz.
Renderer = Callable[[Turn, ActionUrl, AudioUrl], str]


@dataclass(frozen=True)
class CallFacts:
    """Who is calling, from Twilio's fields: the call's id and the caller's number."""

    call_sid: str = ""
    caller: str = ""

    @classmethod
    def from_fields(cls, fields: Mapping[str, str]) -> "CallFacts":
        """The call's facts from Twilio's fields (form and query string)."""
        return cls(call_sid=field(fields, "CallSid")[:64], caller=field(fields, "From")[:40])


def field(fields: Mapping[str, str], name: str) -> str:
    """One of Twilio's fields, cut to a sane length, without NUL bytes (which PostgreSQL refuses in
    text, and Twilio never sends); '' when missing."""
    return str(fields.get(name, ""))[:MAX_FIELD].replace("\x00", "")


def caller_input(event: str, fields: Mapping[str, str]) -> CallerInput:
    """Twilio's fields as the flow's input; missing or garbage fields become empty."""
    return CallerInput(
        digits=field(fields, "Digits").strip(),
        speech=field(fields, "SpeechResult"),
        event=event[:20],
        dial_status=field(fields, "DialCallStatus")[:40],
    )


def as_called_by_twilio(path: str) -> str:
    """A path from url_for as Twilio must call it: under IVR_PUBLIC_URL when that is set."""
    public = settings().public_url
    return public + path[len(request.script_root):] if public else path


def action_url(state: CallState, event: str) -> str:
    """The URL of the next step, carrying the call's state."""
    params = state.to_query()
    if event:
        params["ev"] = event
    return as_called_by_twilio(url_for("voice.step", **params))


def recording_callback_url() -> str:
    """Where Twilio reports that a recording is ready."""
    return as_called_by_twilio(url_for("voice.recording"))


def twiml_document(turn: Turn, action: ActionUrl, audio: AudioUrl = no_audio) -> str:
    """One turn as TwiML for the configured provider (Twilio, Somleng, SignalWire)."""
    return render_turn(turn, action, audio, recording_callback_url(), settings().provider)


def answer_step(state: CallState, inp: CallerInput, call: CallFacts, fields: Mapping[str, str], *,
                moment: datetime | None = None, action: ActionUrl = action_url,
                render: Renderer = twiml_document, voice_messages: bool = True,
                speech_input: bool | None = None) -> str:
    """One step of a call as the provider's document (``render``; TwiML by default): the flow, stored
    audio where ready, else spoken by the provider's voice. ``voice_messages``: whether the provider
    can record a caller's message (jambonz cannot: its callers are offered the call-back);
    ``speech_input``: whether it hears spoken answers (None: as the configured TwiML provider does).

    ``fields``: Twilio's fields of the request (a recording's URL and length). Messages are only
    kept for real calls (with Twilio's CallSid): a test call with ``CallFacts()`` walks the same
    menus without filing anything. ``moment``: a test call may ask about another time. Any failure
    becomes a spoken apology, never an error.
    """
    try:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        moment = moment or now(app)
        office = heard(app).office
        state, recorded = take_recording(state, inp, call, fields)
        if recorded is not None:
            draft = messages.own_draft(recorded, call.call_sid)
        else:
            draft = messages.draft_of_call(state.msg, call.call_sid) if state.msg and call.call_sid else None
        ctx = call_context(office, moment, caller_number=call.caller,
                           recording_url=draft.recording_url if draft else "", app=app,
                           find_request=find_request)
        ctx = replace(ctx, voice_messages=voice_messages and ctx.voice_messages,
                      speech_input=settings().provider.speech_input if speech_input is None else speech_input)
        turn = respond(ctx, state, inp)
        record_events(app, state, inp, turn, call, moment)
        done, follow_up = carry_out(turn, state, call, draft)
        if follow_up is not None:
            done = respond(ctx, state, follow_up)
        return render(done, action, AudioLinks(app, done, office))
    except Exception:
        log.exception("call step failed (node=%s, event=%s); apologising to the caller", state.node, inp.event)
        APOLOGIES.inc()
        return render(apology(state.lang), action, no_audio)


def take_recording(state: CallState, inp: CallerInput, call: CallFacts,
                   fields: Mapping[str, str]) -> tuple[CallState, Message | None]:
    """After <Record>: keep what Twilio recorded as the caller's draft message (once per recording).

    Returns the state with the message's id and the message itself (None when nothing usable was
    recorded), so that the step goes on without reading it back."""
    if inp.event != "recorded":
        return state, None
    url, sid = field(fields, "RecordingUrl"), field(fields, "RecordingSid")
    if not sid:  # Somleng names the recording only in its URL (…/Recordings/<id>)
        named = url.rstrip("/").rpartition("/")[2].removesuffix(".wav").removesuffix(".mp3")
        sid = named if settings().provider.is_recording_sid(named) else ""
    try:
        seconds = float(field(fields, "RecordingDuration") or 0)
    except ValueError:
        seconds = 0.0
    if not (url and sid and seconds > 0 and call.call_sid):
        return replace(state, msg=0), None
    existing = db.session.execute(select(Message).where(Message.recording_sid == sid[:64])).scalar_one_or_none()
    message = existing or messages.record_draft(call_sid=call.call_sid, caller=call.caller, lang=state.lang,
                                                recording_sid=sid, recording_url=url, seconds=seconds)
    return replace(state, msg=message.id), message


def carry_out(turn: Turn, state: CallState, call: CallFacts,
              draft: Message | None) -> tuple[Turn, CallerInput | None]:
    """Do the turn's effects (send, drop or file a message; queue a text) and return the turn
    without them, with what the flow must be told of their result (None when nothing): the
    outcome of a text request, or the reference number of a message or call-back just filed.

    ``draft``: the caller's own unsent message under review (state.msg), if there is one; sending
    or dropping any other message does nothing (it is someone else's, or sent already)."""
    follow_up: CallerInput | None = None
    for step in turn.steps:
        if isinstance(step, Effect) and step.name == "send_sms":
            # A test call from the staff pages hears the answer but sends nothing.
            outcome = (request_sms(step.number, state.lang, call.call_sid, step.procedure) if call.call_sid
                       else "queued")
            follow_up = CallerInput(event="sms", outcome=outcome)
        if isinstance(step, Effect) and step.name in ("confirm_message", "request_callback"):
            follow_up = CallerInput(event="filed")  # a test call files nothing: no reference number
        if not isinstance(step, Effect) or not call.call_sid:
            continue
        if step.name in ("confirm_message", "discard_message"):
            if draft is not None and draft.id == step.message_id:
                (messages.send_draft if step.name == "confirm_message" else messages.drop_draft)(draft)
                if step.name == "confirm_message":
                    follow_up = CallerInput(event="filed", outcome=draft.reference or "")
        elif step.name == "request_callback":
            filed = messages.request_callback(call_sid=call.call_sid, caller=step.number, lang=state.lang)
            follow_up = CallerInput(event="filed", outcome=filed.reference or "")
    return replace(turn, steps=tuple(step for step in turn.steps if not isinstance(step, Effect))), follow_up


def record_events(app: Flask, state: CallState, inp: CallerInput, turn: Turn, call: CallFacts,
                  moment: datetime) -> None:
    """Queue this step's analytics events, at ``moment`` (real calls only; never fails the call)."""
    if not call.call_sid:
        return
    try:
        hashed = caller_hash(call.caller, app.config["SECRET_KEY"]) if inp.event == "enter" else ""
        event_log(app).add_call_events(step_events(state, inp, turn, ""), call.call_sid, hashed, moment)
    except Exception:
        log.exception("could not record the call's analytics events")


class AudioLinks:
    """Where each sentence of a turn has stored audio (an AudioUrl for ``render_turn``): a clerk's
    recording of the prompt while it fits the prompt's text, else the synthesized clip; missing
    audio is queued, never made here. Answered from the database alone (the office document and the
    audio table): no file is looked at on the webhook's path."""

    def __init__(self, app: Flask, turn: Turn, office: Office):
        self.office = office
        try:
            self.files = audio_files(app, turn, office)
            # Sentences with the caller's own data are not queued: they are never stored as audio.
            queue_missing(app, [sentence for sentence in sentences_of(turn, CALLER_SPECIFIC)
                                if sentence not in self.files], office)
        except Exception:  # the audio table unreadable: the caller still hears <Say>
            log.exception("audio lookup failed; speaking with Twilio's voice")
            self.files = {}

    def __call__(self, step: Say, slow: bool) -> str | None:
        # A recording plays at the pace it was spoken: a caller who asked for slower speech (key 8)
        # hears the slow synthesized sentence instead (README: Recorded prompts).
        recording = current_recording(self.office, step.key, step.lang, step.text) if step.key and not slow else None
        if recording is not None:
            # The revision that names the file says it is stored: keep_recording writes the file
            # before saving that revision, and purge removes only files no revision names.
            return as_called_by_twilio(url_for("audio.recorded", name=recording.file))
        name = self.files.get(Sentence(step.lang, step.text, rate_for(slow)))
        if not name:
            if step.key not in CALLER_SPECIFIC:  # those are always said, never stored: no fallback
                SAY_FALLBACKS.labels(step.lang).inc()
            return None
        return as_called_by_twilio(url_for("audio.serve", name=name))


def apology(lang: str) -> Turn:
    """What a caller hears when something inside failed: sorry, try again in a few minutes, goodbye
    (in the office's own wording when this process knows it; never the hot line's number: the
    caller is on it). ``{hotline}`` still works in an office's older wording."""
    lang = or_default(lang)
    office = last_known_office(current_app._get_current_object()) or office_from_dict(DEMO_OFFICE)  # type: ignore[attr-defined]
    try:
        hotline = phrases.phone_number(office.hotline, lang)
        text = render(prompt_template(office, "error", lang), {"hotline": hotline})
    except Exception:  # the apology itself must never fail
        text = phrases.language_module(lang).APOLOGY
    return Turn(steps=(Say(text, lang, "error"), Hangup()))
