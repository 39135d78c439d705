"""Render the call flow's steps as TwiML for Twilio and the providers that speak it (Somleng,
SignalWire): what a provider does not carry out (speech input, <prosody>, trim) is left out for it."""
from __future__ import annotations

from typing import Callable, Optional

from twilio.twiml.voice_response import VoiceResponse

from ivr.callflow.steps import CallState, Dial, Effect, Gather, Hangup, PlayRecording, Record, Redirect, Say, Turn
from ivr.languages import language, or_default
from ivr.providers import DEFAULT, PRESETS, Provider

# Twilio's own voices (ivr.languages) are the fallback when our stored audio is not ready.
SLOW_RATE = "80%"

ActionUrl = Callable[[CallState, str], str]
RecordingCallback = Optional[str]
AudioUrl = Callable[[Say, bool], Optional[str]]


def no_audio(_say: Say, _slow: bool) -> Optional[str]:
    return None


def _speak(parent, step: Say, slow: bool, audio_url: AudioUrl, prosody: bool = True) -> None:  # type: ignore[no-untyped-def]
    url = audio_url(step, slow)
    if url:
        parent.play(url)
        return
    spoken = language(or_default(step.lang))
    voice, lang = spoken.say_voice, spoken.say_language
    if slow and prosody:
        said = parent.say(voice=voice, language=lang)
        said.prosody(step.text, rate=SLOW_RATE)
    else:
        parent.say(step.text, voice=voice, language=lang)


def render_turn(turn: Turn, action_url: ActionUrl, audio_url: AudioUrl = no_audio,
                recording_callback: RecordingCallback = None, provider: Provider = PRESETS[DEFAULT]) -> str:
    """The TwiML document for one turn of the call (effects must have been carried out already), with
    only what ``provider`` carries out."""
    response = VoiceResponse()
    speech = provider.speech_input
    for step in turn.steps:
        if isinstance(step, Say):
            _speak(response, step, turn.slow, audio_url, provider.prosody)
        elif isinstance(step, Gather):
            gather = response.gather(
                input="dtmf speech" if speech else None,
                action=action_url(step.action, ""),
                method="POST",
                # One key, '#' included ("skip"); several where a number is keyed: a procedure's,
                # ended by '#' (step.finish_on_key), or a reference number of so many keys ('#' ends it early).
                num_digits=None if step.finish_on_key else step.digits,
                finish_on_key=step.finish_on_key or ("#" if step.digits > 1 else ""),
                timeout=step.timeout,
                speech_timeout=step.speech_timeout if speech else None,
                language=step.lang if speech else None,
                hints=(", ".join(step.hints) or None) if speech else None,
            )
            for prompt in step.prompts:
                _speak(gather, prompt, step.slow, audio_url, provider.prosody)
        elif isinstance(step, Redirect):
            response.redirect(action_url(step.action, step.event), method="POST")
        elif isinstance(step, Dial):
            dial = response.dial(
                action=action_url(step.action, "dial"),
                method="POST",
                timeout=step.timeout,
                caller_id=step.caller_id or None,
            )
            dial.number(step.number)
        elif isinstance(step, Record):
            response.record(
                action=action_url(step.action, "recorded"),
                method="POST",
                max_length=step.max_seconds,
                timeout=step.timeout,
                finish_on_key="#",
                play_beep=True,
                trim="trim-silence" if provider.record_trim else None,
                recording_status_callback=recording_callback,
                recording_status_callback_method="POST" if recording_callback else None,
            )
        elif isinstance(step, PlayRecording):
            response.play(step.url)
        elif isinstance(step, Effect):
            raise ValueError(f"effect {step.name} reached the renderer: the adapter must carry it out first")
        elif isinstance(step, Hangup):
            response.hangup()
    return str(response)
