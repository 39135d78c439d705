"""Twilio Voice webhooks: thin views over the call flow."""
from __future__ import annotations

import logging
from datetime import datetime
from functools import wraps
from typing import Callable
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, current_app, request, url_for

from ivr import phrases
from ivr.content.office import Office
from ivr.content.prompts import prompt_template, render
from ivr.content.store import current_office, last_known_office
from ivr.schedule import status_at
from ivr.voice.flow import CallerInput, FlowContext, respond
from ivr.voice.signature import is_from_twilio
from ivr.voice.steps import LANGS, CallState, Hangup, Say, Turn
from ivr.voice.twiml import ActionUrl, AudioUrl, render_turn
from ivr.speech.catalogue import Sentence, rate_for
from ivr.speech.synthesis import synthesizer

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


def flow_context(office: Office, moment: datetime | None = None) -> FlowContext:
    """The office and its status at ``moment`` (default: now), for the call flow."""
    cfg = current_app.config
    enabled = [lang for lang in office.languages if lang in cfg["IVR_LANGUAGES"]]
    calendar = office.calendar(timezone=cfg["IVR_TIMEZONE"])
    return FlowContext(
        office=office,
        status=status_at(calendar, moment or now()),
        languages=tuple(enabled or cfg["IVR_LANGUAGES"]),
        caller_id=cfg.get("IVR_CALLER_ID", ""),
    )


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
            return None
        path = url_for("audio.serve", name=name)
        return public + path[len(request.script_root):] if public else path

    return url


def call_step_twiml(state: CallState, inp: CallerInput, *, moment: datetime | None = None,
                    action: ActionUrl = action_url) -> str:
    """One step of a call as TwiML: the flow, stored audio where ready, else <Say>.

    Twilio's webhooks and the staff's test call in the browser both come here, so a clerk hears
    exactly what a caller hears. Any failure becomes a spoken apology, never an error.
    """
    try:
        office = current_office().office
        ctx = flow_context(office, moment)
        turn = respond(ctx, state, inp)
        synthesizer(current_app._get_current_object()).refresh_daily(office, ctx.today, now)  # type: ignore[attr-defined]
        return render_turn(turn, action, audio_url_for(turn, office))
    except Exception:
        log.exception("call step failed (node=%s, event=%s); apologising to the caller", state.node, inp.event)
        return render_turn(apology(state.lang), action)


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
