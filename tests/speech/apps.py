"""Apps and stand-in voices for the speech tests of the plumbing (eSpeak itself is tested in
tests/speech/engines and once on the whole catalogue in test_synthesis)."""
from __future__ import annotations

import math
import struct
from datetime import datetime
from pathlib import Path

from ivr import create_app
from ivr.config import config_for_tests, settings
from ivr.content.store import ensure_database
from ivr.speech.engines import Audio, SpeechError
from ivr.speech.synthesis import synthesizer
from ivr.speech.telephone import pcm16_to_telephone_wav
from ivr.voice.walk import CallWalker
from tests.conftest import MINSK
from tests.demo_database import copy_demo_database

MONDAY_LUNCH = datetime(2026, 11, 30, 13, 30, tzinfo=MINSK)


# 10 ms of a tone at 8 kHz, made once: building the samples per sentence took seconds a catalogue.
_TONE_PERIOD = b"".join(struct.pack("<h", int(8000 * math.sin(i / 3))) for i in range(80))


class ToneEngine:
    """A quick stand-in voice: a real telephone WAV, a tone as long as the text."""

    name = "tone"

    def __init__(self) -> None:
        self.spoken: list[tuple[str, str, int]] = []  # (text, lang, rate) of every synthesis

    def supports(self, lang):
        return True

    def voice_for(self, lang):
        return lang

    def synthesize(self, text, lang, rate=100):
        self.spoken.append((text, lang, rate))
        pcm = _TONE_PERIOD * len(text)  # a tone 10 ms a character
        return Audio(pcm16_to_telephone_wav(pcm, 8000), "wav", "audio/wav", self.name, lang)


class BrokenEngine:
    """A voice that is down."""

    name = "broken"

    def supports(self, lang):
        return True

    def voice_for(self, lang):
        return lang

    def synthesize(self, text, lang, rate=100):
        raise SpeechError("the voice is unavailable")


def make_app(tmp: Path, engine=None, **settings):
    """A seeded app at Monday lunch time, speaking with ``engine`` (default: the configured eSpeak)."""
    copy_demo_database(tmp, settings)
    app = create_app(config_for_tests(tmp, **settings))
    ensure_database(app)
    app.extensions["ivr.clock"] = lambda: MONDAY_LUNCH
    if engine is not None:
        synthesizer(app).use_engine(engine)
    return app


def walker(app) -> CallWalker:
    """A caller on the line (signed like Twilio)."""
    return CallWalker(app.test_client(), settings(app).twilio_auth_token, settings(app).public_url)
