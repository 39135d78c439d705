"""Making and finding the audio for sentences: synthesis jobs and the webhook's lookup.

Synthesis never runs on a webhook's path. It runs when content is saved (in a background thread
pool, or in RQ worker processes when REDIS_URL is set), from `flask --app wsgi synth`, and for a
sentence a webhook found without audio (queued, and spoken with <Say> meanwhile).
"""
from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Callable, Iterable

from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ivr.callflow.catalogue import Sentence, catalogue, sentences_of
from ivr.callflow.steps import Turn
from ivr.content.office import Office
from ivr.config import settings
from ivr.extensions import db
from ivr.jobs import BackgroundJobs, job_path
from ivr.ops.metrics import SYNTHESIS
from ivr.phrases.pronunciation import apply_pronunciations
from ivr.speech.clips import FAILED, READY, AudioClip, ReadyCache, clip_key
from ivr.speech.engines import SpeechEngine, SpeechError, build_engine
from ivr.speech.store import AudioStore
from ivr.speech.telephone import wav_info

log = logging.getLogger(__name__)

# A sentence that failed is not queued again by webhooks for this long (the engine may be down).
RETRY_AFTER = 300.0


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
    """The app's speech: engine chain, audio store, clip lookup and background jobs."""

    def __init__(self, app: Flask):
        self.app = app
        self.tts = app.config["IVR_TTS"]
        self.store = AudioStore(app.config["IVR_AUDIO_DIR"])
        self.ready = ReadyCache()
        self.workers = int(app.config.get("IVR_SYNTH_WORKERS", 1))
        self.jobs = BackgroundJobs(app, self.workers, "synth")
        self._engine: SpeechEngine | None = None
        self._lock = threading.Lock()
        self._queued: dict[str, float] = {}
        self._catalogue_day: date | None = None
        self._full_run: Future[object] | None = None
        self._full_again = False
        # Files seen on disk while the folder had this epoch (AudioStore.epoch): replaced as one
        # tuple; any file added or removed changes the epoch and so empties the set.
        self._on_disk: tuple[object, frozenset[str]] = (None, frozenset())

    # -- engines --------------------------------------------------------------------------------

    @property
    def engine(self) -> SpeechEngine:
        """The engine chain, built on first use (not in the app factory)."""
        if self._engine is None:
            self._engine = build_engine(self.tts, gtts_timeout=float(self.app.config.get("IVR_GTTS_TIMEOUT", 10)))
        return self._engine

    def use_engine(self, engine: SpeechEngine) -> None:
        """Speak with ``engine`` instead of the configured chain (tests, benchmarks)."""
        self._engine = engine

    def spoken(self, text: str, lang: str, office: Office) -> str:
        """The text as the voice should read it: the office's pronunciation fixes applied."""
        table = office.pronunciations.get(lang) or {}
        return apply_pronunciations(text, table) if table else text

    def key(self, sentence: Sentence, office: Office) -> str:
        """The clip key of a sentence for this engine configuration and pronunciation table."""
        return clip_key(self.tts, sentence.lang, sentence.rate, self.spoken(sentence.text, sentence.lang, office))

    # -- the webhook's side ---------------------------------------------------------------------

    def files_for(self, turn: Turn, office: Office) -> dict[Sentence, str]:
        """The stored file for each sentence of ``turn`` that has audio; queues the rest."""
        wanted = {sentence: self.key(sentence, office) for sentence in sentences_of(turn)}
        ready = self.ready.lookup(wanted.values())
        epoch = self.store.epoch()
        gone = {k for k, name in ready.items() if not self._on_disk_now(name, epoch)}
        if gone:
            # The folder was emptied or replaced (a new disk, an old database): never <Play> a file
            # that is not there; forget those and make them again.
            self.ready.forget(gone)
            ready = {k: v for k, v in ready.items() if k not in gone}
        missing = [(s, k) for s, k in wanted.items() if k not in ready]
        if missing:
            self.queue_missing([s for s, _ in missing], office)
        return {s: ready[k] for s, k in wanted.items() if k in ready}

    def _on_disk_now(self, name: str, epoch: object) -> bool:
        """Whether the store holds ``name``, the folder being at ``epoch``: a ``stat`` of the file
        only the first time it is asked about since the folder last changed."""
        seen_epoch, seen = self._on_disk
        if seen_epoch == epoch and epoch is not None and name in seen:
            return True
        if not self.store.has(name):
            return False
        self._on_disk = (epoch, (seen if seen_epoch == epoch else frozenset()) | {name})
        return True

    def queue_missing(self, sentences: Iterable[Sentence], office: Office) -> None:
        """Synthesize these in the background (each at most once per RETRY_AFTER per process)."""
        if self.workers <= 0:
            return
        now = time.monotonic()
        todo = []
        with self._lock:
            for sentence in sentences:
                key = self.key(sentence, office)
                if now - self._queued.get(key, -RETRY_AFTER) >= RETRY_AFTER:
                    self._queued[key] = now
                    todo.append(sentence)
        if not todo:
            return
        if self.jobs.remote:
            # An RQ worker speaks them, with the office as it reads it then (plain data, no objects).
            self.jobs.submit(synthesize_sentences, [(s.lang, s.text, s.rate) for s in todo])
        else:
            self._submit(self._run_sentences, todo, office)

    def refresh_daily(self, office: Office, today: date, now: Callable[[], datetime]) -> None:
        """Once a day per process, queue the catalogue (new dates appear in "opens on ..." sentences)."""
        if self.workers <= 0 or self._catalogue_day == today:
            return
        self._catalogue_day = today
        self.synthesize_all_later(now)

    # -- jobs -----------------------------------------------------------------------------------

    def _submit(self, fn: Callable[..., object], *args: object) -> Future[object] | None:
        return self.jobs.submit(fn, *args)

    def _run_sentences(self, sentences: list[Sentence], office: Office) -> Counts:
        counts = Counts()
        for sentence in sentences:
            outcome, error = self.synthesize(sentence, office)
            counts.add(outcome, error)
            SYNTHESIS.labels(outcome).inc()
        return counts

    def synthesize_all_later(self, now: Callable[[], datetime]) -> None:
        """Queue a full run; if one is running, run once more after it (content changed meanwhile)."""
        if self.workers <= 0:
            return
        if self.jobs.remote:
            # One queued full run covers any number of saves before it starts (ivr.jobs).
            self.jobs.enqueue_once("synthesize-all", job_path(synthesize_everything))
            return
        with self._lock:
            if self._full_run is not None and not self._full_run.done():
                self._full_again = True
                return
            self._full_again = False
        future = self._submit(self._full_then_again, now)
        with self._lock:
            self._full_run = future

    def _full_then_again(self, now: Callable[[], datetime]) -> Counts:
        from ivr.news.live import office_as_heard

        while True:
            counts = self.synthesize_all(office_as_heard(), now())
            with self._lock:
                if not self._full_again:
                    return counts
                self._full_again = False

    def catalogue(self, office: Office, moment: datetime) -> dict[Sentence, str]:
        """Every sentence callers may hear from ``moment`` over the coming days, in the languages
        the office offers, each with its prompt (``ivr.callflow.catalogue.catalogue``)."""

        cfg = self.app.config
        return catalogue(office, office.offered_languages(cfg["IVR_LANGUAGES"]), moment, timezone=cfg["IVR_TIMEZONE"],
                         caller_id=cfg.get("IVR_CALLER_ID", ""), sms_available=settings(self.app).sms_enabled)

    def synthesize_all(self, office: Office, moment: datetime,
                       progress: Callable[[int, int], None] | None = None) -> Counts:
        """Make audio for every sentence in the catalogue that has none yet."""
        sentences = sorted(self.catalogue(office, moment))
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
                outcome, error = self.synthesize(sentence, office)
                counts.add(outcome, error)
                SYNTHESIS.labels(outcome).inc()
            if progress:
                progress(done, len(sentences))
        return counts

    def synthesize(self, sentence: Sentence, office: Office) -> tuple[str, str]:
        """Make (or reuse) the audio of one sentence; returns ("made"|"reused"|"failed", error)."""
        spoken = self.spoken(sentence.text, sentence.lang, office)
        key = clip_key(self.tts, sentence.lang, sentence.rate, spoken)
        clip = db.session.get(AudioClip, key)
        if clip is not None and clip.status == READY and clip.filename and self.store.has(clip.filename):
            return "reused", ""
        if clip is None:
            clip = AudioClip(key=key, lang=sentence.lang, rate=sentence.rate, text=sentence.text, spoken=spoken)
            db.session.add(clip)
        try:
            audio = self.engine.synthesize(spoken, sentence.lang, sentence.rate)
        except SpeechError as exc:
            return self._failed(clip, sentence, str(exc))
        filename = self.store.filename(self.store.key(audio.engine, audio.voice, sentence.rate, spoken), audio.ext)
        try:
            if not self.store.has(filename):
                self.store.write(filename, audio.data)
        except OSError as exc:  # the folder is read-only, full or missing
            return self._failed(clip, sentence, f"the audio folder: {exc.strerror or exc}")
        clip.status, clip.filename, clip.engine, clip.voice, clip.error = READY, filename, audio.engine, audio.voice, ""
        clip.seconds = wav_info(audio.data)["duration"] if audio.ext == "wav" else None
        self._commit()
        return "made", ""

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

    def wait(self, timeout: float = 120.0) -> None:
        """Block until every queued background synthesis is done (tests, benchmarks, shutdown)."""
        self.jobs.wait(timeout)


def synthesizer(app: Flask) -> Synthesizer:
    """The app's Synthesizer."""
    return app.extensions["ivr.synth"]


# -- RQ jobs (REDIS_URL): module-level functions with plain arguments, run by ivr.jobs.run ------------


def synthesize_everything() -> Counts:
    """Make every missing sentence of the catalogue for the office as callers hear it now."""
    from ivr.news.live import office_as_heard
    from ivr.clock import now

    synth = synthesizer(current_app._get_current_object())  # type: ignore[attr-defined]
    counts = synth.synthesize_all(office_as_heard(), now())
    log.info("synthesis: %d made, %d reused, %d failed", counts.made, counts.reused, counts.failed)
    return counts


def synthesize_sentences(items: list[tuple[str, str, int]]) -> Counts:
    """Make the audio of these (language, text, rate) sentences, which a call met without audio."""
    from ivr.news.live import office_as_heard

    synth = synthesizer(current_app._get_current_object())  # type: ignore[attr-defined]
    return synth._run_sentences([Sentence(lang, text, int(rate)) for lang, text, rate in items], office_as_heard())
