"""Which sentence has which stored audio file: the table the webhook reads.

A clip is one sentence in one language at one speech rate, as a given engine configuration speaks
it. Its key is a hash of (engine configuration, language, rate, the text as the voice reads it), so
a changed text or pronunciation is a new clip: a caller never hears the old words after an edit.
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ivr.clock import stamp
from ivr.content.office import Office
from ivr.extensions import db
from ivr.phrases.stress import stress_text
from ivr.speech.telephone import PROCESSING

if TYPE_CHECKING:
    from ivr.callflow.catalogue import Sentence

PENDING, READY, FAILED = "pending", "ready", "failed"


class AudioClip(db.Model):
    """One sentence's audio: its state, the file in the store and the engine that made it."""

    __tablename__ = "audio_clip"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    lang: Mapped[str] = mapped_column(String(8))
    rate: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)  # as the caller would read it (for <Say> and staff)
    spoken: Mapped[str] = mapped_column(Text)  # as the voice reads it (pronunciations applied)
    status: Mapped[str] = mapped_column(String(10), default=PENDING, index=True)
    filename: Mapped[str | None] = mapped_column(String(80), nullable=True, index=True)
    engine: Mapped[str] = mapped_column(String(40), default="")
    voice: Mapped[str] = mapped_column(String(40), default="")
    error: Mapped[str] = mapped_column(Text, default="")
    seconds: Mapped[float | None] = mapped_column(nullable=True)  # audio duration
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=stamp, onupdate=stamp)


def clip_key(tts: str, lang: str, rate: int, spoken: str) -> str:
    """The clip's key: sha256 of the engine configuration, the audio processing, language, rate
    and spoken text (a new processing makes every clip again)."""
    blob = json.dumps([tts, PROCESSING, lang, int(rate), spoken], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def spoken_text(text: str, lang: str, office: Office) -> str:
    """The text as the voice should read it: the office's pronunciation fixes applied, and every
    other word's stress from the stress lexicon (``ivr.phrases.stress``). Being part of the clip's
    key, a changed lexicon or table makes the audio again by itself."""
    return stress_text(text, lang, office.pronunciations.get(lang))


def sentence_key(tts: str, sentence: Sentence, office: Office) -> str:
    """The clip key of ``sentence`` for the engine configuration ``tts`` (the IVR_TTS setting),
    with the office's pronunciation fixes applied."""
    return clip_key(tts, sentence.lang, sentence.rate, spoken_text(sentence.text, sentence.lang, office))
