"""Render the call flow's steps as a jambonz application: a JSON array of verbs.

Stored audio is played (``play``), else jambonz's own voice speaks (``say``, in the language's
voice; the slower speech as SSML). Menus are ``gather`` verbs that hear a key or a word (the
recogniser of ivr.languages: Belarusian is heard as Russian); silence comes back to the gather's
hook with the event the flow expects (``Gather.silence``), because jambonz sends every silence there.
jambonz has no record verb: the adapter's flow offers the call-back instead of a voice message.
"""
from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from ivr.callflow.steps import Dial, Effect, Gather, Hangup, PlayRecording, Record, Redirect, Say, Turn
from ivr.languages import language, or_default
from ivr.voice.twiml import SLOW_RATE, ActionUrl, AudioUrl, no_audio

Verb = dict[str, Any]
# jambonz's speech vendors are chosen in its portal per application; "default" means that choice.
VENDOR = "default"


def spoken(text: str, slow: bool) -> str:
    """The text for jambonz's voice: SSML with a slower rate when the caller asked for slow speech."""
    return f'<speak><prosody rate="{SLOW_RATE}">{escape(text)}</prosody></speak>' if slow else text


def synthesizer(lang: str) -> dict[str, str]:
    """jambonz's voice for one of our languages (its TTS language, as for Twilio's <Say>)."""
    return {"vendor": VENDOR, "language": language(or_default(lang)).say_language}


def prompt(prompts: tuple[Say, ...], slow: bool, audio_url: AudioUrl) -> tuple[str, dict[str, Any]]:
    """A gather's prompt: ``play`` of every stored file when all are ready, else ``say`` of every
    sentence (one verb only may be nested in a gather)."""
    urls = [audio_url(say, slow) for say in prompts]
    if all(urls):
        return "play", {"url": urls}
    lang = prompts[0].lang if prompts else ""
    return "say", {"text": [spoken(say.text, slow) for say in prompts], "synthesizer": synthesizer(lang)}


def render_verbs(turn: Turn, action_url: ActionUrl, audio_url: AudioUrl = no_audio) -> list[Verb]:
    """The jambonz verbs for one turn of the call (effects carried out already)."""
    verbs: list[Verb] = []
    for step in turn.steps:
        if isinstance(step, Say):
            url = audio_url(step, turn.slow)
            verbs.append({"verb": "play", "url": url} if url else
                         {"verb": "say", "text": spoken(step.text, turn.slow), "synthesizer": synthesizer(step.lang)})
        elif isinstance(step, Gather):
            gather: Verb = {
                "verb": "gather",
                # A silent caller comes back here too, as the event the flow expects for silence.
                "actionHook": action_url(step.action, "silence:" + step.silence),
                "input": ["digits", "speech"],
                "numDigits": 1,  # '#' is our "skip" key: a digit, never the end of input
                "timeout": step.timeout,
                "bargein": True,
                "dtmfBargein": True,
                "recognizer": {"vendor": VENDOR, "language": step.lang, "hints": list(step.hints)},
            }
            if step.speech_timeout.isdigit():
                gather["speechTimeout"] = int(step.speech_timeout)
            if step.prompts:
                kind, nested = prompt(step.prompts, step.slow, audio_url)
                gather[kind] = nested
            verbs.append(gather)
        elif isinstance(step, Redirect):
            verbs.append({"verb": "redirect", "actionHook": action_url(step.action, step.event)})
        elif isinstance(step, Dial):
            dial: Verb = {"verb": "dial", "actionHook": action_url(step.action, "dial"), "timeout": step.timeout,
                          "answerOnBridge": True, "target": [{"type": "phone", "number": step.number}]}
            if step.caller_id:
                dial["callerId"] = step.caller_id
            verbs.append(dial)
        elif isinstance(step, (Record, PlayRecording)):
            raise ValueError("a voice message reached the jambonz renderer: its flow offers the call-back instead")
        elif isinstance(step, Effect):
            raise ValueError(f"effect {step.name} reached the renderer: the adapter must carry it out first")
        elif isinstance(step, Hangup):
            verbs.append({"verb": "hangup"})
    return verbs
