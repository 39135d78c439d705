"""Making audio: a sentence through the engine chain into telephone audio in the store, and its
row in the clip table.

Synthesis never runs on a webhook's path: ``ivr.speech.queue`` decides when it runs (after a save,
once a day, for sentences a call met without audio), and `flask --app wsgi synth` runs it at once.
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Iterable

from flask import Flask
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ivr import languages, phrases
from ivr.config import settings
from ivr.content.office import Office
from ivr.extensions import db
from ivr.ops.metrics import SYNTHESIS
from ivr.callflow.catalogue import CALLER_SPECIFIC, Sentence, catalogue
from ivr.content.prompts import DEFAULT_TEXTS, prompt_template
from ivr.speech.clips import FAILED, READY, AudioClip, clip_key, sentence_key, spoken_text
from ivr.speech.engines import Audio, SpeechEngine, SpeechError, build_engine
from ivr.speech.recorded import remake_recordings
from ivr.speech.store import AudioStore
from ivr.speech.telephone import PROCESSING, decoded_pcm16, sentence_pause, telephone_speech, wav_info

log = logging.getLogger(__name__)

_KEY = "ivr.synthesizer"

# Where one sentence ends and the next begins: ., !, ? or … then a space and a capital letter or an
# opening quote; not after a short lower-case abbreviation ("ул. Ленина", "г. Копыль").
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZА-ЯЁІЎ«\"(])")
_ABBREVIATION_END = re.compile(r"(?:^|[\s(])[a-zа-яёіў]{1,3}\.$")


@dataclass
class Counts:
    """What a synthesis run did."""

    made: int = 0
    reused: int = 0
    failed: int = 0
    errors: Counter[str] = field(default_factory=Counter)  # each distinct error, how often

    def add(self, outcome: str, error: str = "") -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)
        if error:
            self.errors[error] += 1


class Synthesizer:
    """The app's voice: the engine chain, the audio store (shared with the AudioLibrary) and the
    clip rows it fills.

    ``sms_available`` says whether callers are offered texts (so whether the catalogue holds the
    sentences of that menu); the app's composition root passes it in.
    """

    def __init__(self, app: Flask, store: AudioStore, *, sms_available: bool):
        cfg = settings(app)
        self.app = app
        self.tts: str = cfg.tts
        self.store = store
        self.gtts_timeout = float(cfg.gtts_timeout)
        self.sms_available = sms_available
        self._engine: SpeechEngine | None = None

    # -- engines --------------------------------------------------------------------------------

    @property
    def engine(self) -> SpeechEngine:
        """The engine chain, built on first use (not in the app factory)."""
        if self._engine is None:
            self._engine = build_engine(self.tts, gtts_timeout=self.gtts_timeout)
        return self._engine

    def use_engine(self, engine: SpeechEngine) -> None:
        """Speak with ``engine`` instead of the configured chain (tests, benchmarks)."""
        self._engine = engine

    def key(self, sentence: Sentence, office: Office) -> str:
        """The clip key of a sentence for this engine configuration and pronunciation table."""
        return sentence_key(self.tts, sentence, office)

    # -- what to make ---------------------------------------------------------------------------

    def catalogue(self, office: Office, moment: datetime) -> dict[Sentence, str]:
        """Every sentence callers may hear from ``moment`` over the coming days, in the languages
        the office offers, each with its prompt (``ivr.callflow.catalogue.catalogue``)."""
        cfg = settings(self.app)
        return catalogue(office, office.offered_languages(cfg.languages), moment, timezone=cfg.timezone,
                         caller_id=cfg.caller_id, sms_available=self.sms_available, web_address=cfg.web_address, main_service=cfg.main_service)

    # -- making ---------------------------------------------------------------------------------

    def synthesize_all(self, office: Office, moment: datetime,
                       progress: Callable[[int, int], None] | None = None,
                       superseded: Callable[[], bool] | None = None) -> Counts:
        """Make audio for every sentence in the catalogue that has none yet, after remaking the
        recorded prompts made under an older audio processing (ivr.speech.recorded).

        Sentences are made in the order a call meets them (the greeting and menus first). A
        background run stops early once ``superseded()`` says a newer run will follow (a clerk
        saved meanwhile): that run makes the new office's sentences first, so an edit is not heard
        only after a whole rebuild of the old office (a fresh install's first run takes minutes)."""
        try:
            remake_recordings(self.app)
        except Exception:  # the synthesized sentences are made all the same
            log.exception("could not process the recorded prompts again")
        sentences = list(self.catalogue(office, moment))
        keys = {sentence: self.key(sentence, office) for sentence in sentences}
        # One query for what is ready already, so a save that changed one sentence reaches its
        # synthesis in milliseconds rather than after a row-by-row check of the whole catalogue.
        ready = dict(db.session.execute(
            select(AudioClip.key, AudioClip.filename).where(AudioClip.key.in_(keys.values()), AudioClip.status == READY)
        ).all())
        counts = Counts()
        for done, sentence in enumerate(sentences, start=1):
            filename = ready.get(keys[sentence])
            if filename and self.store.has(filename):
                counts.add("reused")
            else:
                counts.add(*self._counted(sentence, office))
                if superseded is not None and superseded():
                    log.info("synthesis: a newer run follows; stopped after %d of %d sentences", done, len(sentences))
                    return counts
            if progress:
                progress(done, len(sentences))
        return counts

    def synthesize_each(self, sentences: Iterable[Sentence], office: Office) -> Counts:
        """Make (or reuse) the audio of each of these sentences."""
        counts = Counts()
        for sentence in sentences:
            counts.add(*self._counted(sentence, office))
        return counts

    def _counted(self, sentence: Sentence, office: Office) -> tuple[str, str]:
        outcome, error = self.synthesize(sentence, office)
        SYNTHESIS.labels(outcome).inc()
        return outcome, error

    def synthesize(self, sentence: Sentence, office: Office) -> tuple[str, str]:
        """Make (or reuse) the audio of one sentence; returns ("made"|"reused"|"failed", error)."""
        spoken = spoken_text(sentence.text, sentence.lang, office)
        key = clip_key(self.tts, sentence.lang, sentence.rate, spoken)
        clip = db.session.get(AudioClip, key)
        if clip is not None and clip.status == READY and clip.filename and self.store.has(clip.filename):
            return "reused", ""
        if clip is None:
            clip = AudioClip(key=key, lang=sentence.lang, rate=sentence.rate, text=sentence.text, spoken=spoken)
            db.session.add(clip)
        try:
            audio = self.speak(spoken, sentence.lang, sentence.rate)
        except SpeechError as exc:
            return self._failed(clip, sentence, str(exc))
        key = self.store.key(audio.engine, audio.voice, sentence.rate, spoken, processing=PROCESSING)
        filename = self.store.filename(key, audio.ext)
        try:
            if not self.store.has(filename):
                self.store.write(filename, audio.data)
        except OSError as exc:  # the folder is read-only, full or missing
            return self._failed(clip, sentence, f"the audio folder: {exc.strerror or exc}")
        clip.status, clip.filename, clip.engine, clip.voice, clip.error = READY, filename, audio.engine, audio.voice, ""
        clip.seconds = wav_info(audio.data)["duration"]
        self._commit()
        return "made", ""

    def speak(self, spoken: str, lang: str, rate: int) -> Audio:
        """The stored form of a text: each of its sentences spoken by the engine chain, joined with
        a pause, trimmed and padded, at one loudness, as one telephone WAV
        (``ivr.speech.telephone.telephone_speech``). SpeechError if any part fails."""
        parts = [self.engine.synthesize(part, lang, rate) for part in split_sentences(spoken)]
        try:
            data = telephone_speech([decoded_pcm16(part.data, part.ext) for part in parts], sentence_pause(rate))
        except ValueError as exc:
            raise SpeechError(f"{parts[0].engine} made audio that cannot be used: {exc}") from exc
        engines = ",".join(dict.fromkeys(part.engine for part in parts))  # a fallback may speak a part
        return Audio(data, "wav", "audio/wav", engines, parts[0].voice)

    def _failed(self, clip: AudioClip, sentence: Sentence, error: str) -> tuple[str, str]:
        """Record why a sentence has no audio (callers hear <Say> meanwhile) and go on."""
        clip.status, clip.error = FAILED, error[:2000]
        self._commit()
        log.warning("no audio for %r (%s): %s", sentence.text[:60], sentence.lang, error)
        return "failed", f"{sentence.lang}: {error}"

    def _commit(self) -> None:
        try:
            db.session.commit()
        except IntegrityError:
            # Another worker recorded the same clip first; its row is as good as ours.
            db.session.rollback()


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (one, when it has no sentence end inside)."""
    sentences: list[str] = []
    for part in _SENTENCE_END.split(text.strip()):
        if sentences and _ABBREVIATION_END.search(sentences[-1]):
            sentences[-1] += " " + part
        elif part:
            sentences.append(part)
    return sentences or [text]


def synthesizer(app: Flask) -> Synthesizer:
    """The app's Synthesizer (installed by ``ivr.speech.queue.init_app``)."""
    return app.extensions[_KEY]  # type: ignore[no-any-return]


def install_synthesizer(app: Flask, synth: Synthesizer) -> None:
    """Make ``synth`` the app's Synthesizer."""
    app.extensions[_KEY] = synth


def caller_specific_starts(office: Office | None) -> set[tuple[str, str]]:
    """(language, opening words) of every sentence that would hold a caller's own data: the text of
    a ``CALLER_SPECIFIC`` prompt up to its first placeholder, as the office words it now (when
    known) and as the default words it."""
    starts = set()
    for key in CALLER_SPECIFIC:
        for lang in languages.CODES:
            for template in {DEFAULT_TEXTS[key][lang], prompt_template(office, key, lang) if office else ""}:
                opening = template.split("{", 1)[0]
                if opening.strip():
                    starts.add((lang, phrases.tidy(opening, lang)))
    return starts

