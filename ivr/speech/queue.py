"""When to make what: the whole catalogue after a save and once a day, and the sentences a call
met without audio, in the background job pool (this process's threads, or RQ workers when
REDIS_URL is set). Only the queueing runs on a webhook's path, never the synthesis.

``init_app`` installs the app's speech: the Synthesizer, the AudioLibrary and this queue. What
speech needs from higher layers (the office as callers hear it, whether texts are offered) is
passed in there by the app factory, so nothing here imports the webhooks, the news or SMS.
"""
from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future
from datetime import date
from typing import Callable, Iterable

from flask import Flask, current_app

from ivr.config import settings
from ivr import clock
from ivr.content.office import Office
from ivr.jobs import BackgroundJobs, job_path
from ivr.callflow.catalogue import Sentence
from ivr.speech.library import AudioLibrary, install_library
from ivr.speech.store import AudioStore
from ivr.speech.synthesis import Counts, Synthesizer, install_synthesizer, synthesizer

log = logging.getLogger(__name__)

# The background synthesis of the app (its ``jobs`` and ``wait``): commands and gunicorn's hooks
# reach it as app.extensions["ivr.synth"].
_KEY = "ivr.synth"

# A sentence that failed is not queued again by webhooks for this long (the engine may be down).
RETRY_AFTER = 300.0
# The key of the queued full run (with Redis: one waiting job covers any number of saves).
FULL_RUN = "synthesize-all"


class SynthesisQueue:
    """Decides when the Synthesizer runs, and runs it in the background.

    ``office_as_heard(app)`` gives the office as callers hear it at the time a full run starts
    (the staff's content with the imported news), so a run never speaks an outdated office.
    ``IVR_SYNTH_WORKERS=0`` queues nothing (synthesis is then left to `flask synth`).
    """

    def __init__(self, app: Flask, synth: Synthesizer, office_as_heard: Callable[[Flask], Office]):
        self.app = app
        self.synth = synth
        self.office_as_heard = office_as_heard
        self.jobs = BackgroundJobs(app, int(settings(app).synth_workers), "synth")
        self._lock = threading.Lock()
        self._queued: dict[str, float] = {}
        self._catalogue_day: date | None = None
        self._full_run: Future[object] | None = None
        self._full_again = False

    @property
    def workers(self) -> int:
        """How many background synthesis threads (0: none, nothing is queued)."""
        return self.jobs.workers

    def queue_missing(self, sentences: Iterable[Sentence], office: Office) -> None:
        """Synthesize these in the background (each at most once per RETRY_AFTER per process)."""
        if self.workers <= 0:
            return
        now = time.monotonic()
        todo = []
        with self._lock:
            for sentence in sentences:
                key = self.synth.key(sentence, office)
                if now - self._queued.get(key, -RETRY_AFTER) >= RETRY_AFTER:
                    self._queued[key] = now
                    todo.append(sentence)
        if not todo:
            return
        if self.jobs.remote:
            # An RQ worker speaks them, with the office as it reads it then (plain data, no objects).
            self.jobs.submit(synthesize_sentences, [(s.lang, s.text, s.rate) for s in todo])
        else:
            self.jobs.submit(self.synth.synthesize_each, todo, office)

    def refresh_daily(self) -> None:
        """Once a day per process, queue the catalogue (new dates appear in "opens on ..." sentences)."""
        today = clock.today(self.app)
        if self.workers <= 0 or self._catalogue_day == today:
            return
        self._catalogue_day = today
        self.synthesize_all_later()

    def synthesize_all_later(self) -> None:
        """Queue a full run; if one is running, run once more after it (content changed meanwhile)."""
        if self.workers <= 0:
            return
        if self.jobs.remote:
            # One queued full run covers any number of saves before it starts (ivr.jobs).
            self.jobs.enqueue_once(FULL_RUN, job_path(synthesize_everything))
            return
        with self._lock:
            if self._full_run is not None and not self._full_run.done():
                self._full_again = True
                return
            self._full_again = False
        future = self.jobs.submit(self._full_then_again)
        with self._lock:
            self._full_run = future

    def _full_then_again(self) -> Counts:
        while True:
            counts = self.synth.synthesize_all(self.office_as_heard(self.app), clock.now(self.app),
                                               superseded=lambda: self._full_again)
            with self._lock:
                if not self._full_again:
                    return counts
                self._full_again = False

    def wait(self, timeout: float = 120.0) -> None:
        """Block until every queued background synthesis is done (tests, benchmarks, shutdown)."""
        self.jobs.wait(timeout)


def synthesis_queue(app: Flask) -> SynthesisQueue:
    """The app's SynthesisQueue (installed by ``init_app``)."""
    return app.extensions[_KEY]  # type: ignore[no-any-return]


def queue_missing(app: Flask, sentences: Iterable[Sentence], office: Office) -> None:
    """Have these sentences (which a call met without audio) synthesized in the background."""
    synthesis_queue(app).queue_missing(sentences, office)


def resynthesize(sender: Flask, **_extra: object) -> None:
    """A ``content_saved`` receiver (sender: the app): make the audio of what the save changed."""
    synthesis_queue(sender).synthesize_all_later()


def start_daily(app: Flask, every: float = 600.0) -> threading.Thread | None:
    """Start this process's daily catalogue thread (``refresh_daily`` every ``every`` seconds), once
    per process; None when nothing is synthesized in the background. Started by the server
    (``ivr.start_background``), never from a request."""
    queue = synthesis_queue(app)
    if queue.workers <= 0 or app.extensions.get("ivr.synth_daily"):
        return None
    stop = threading.Event()

    def loop() -> None:
        while True:
            try:
                queue.refresh_daily()
            except Exception:
                log.exception("could not queue the day's audio catalogue; trying again later")
            if stop.wait(every):
                return

    thread = threading.Thread(target=loop, daemon=True, name="synth-daily")
    app.extensions["ivr.synth_daily"] = (thread, stop)
    thread.start()
    return thread


def init_app(app: Flask, *, office_as_heard: Callable[[Flask], Office], sms_available: bool) -> SynthesisQueue:
    """Install the app's speech: the Synthesizer, the AudioLibrary (one audio store for both) and
    the SynthesisQueue. Engines load on first use; nothing is synthesized or queued here."""
    store = AudioStore(settings(app).audio_dir)
    synth = Synthesizer(app, store, sms_available=sms_available)
    install_synthesizer(app, synth)
    install_library(app, AudioLibrary(synth.tts, store))
    queue = SynthesisQueue(app, synth, office_as_heard)
    app.extensions[_KEY] = queue
    return queue


# -- RQ jobs (REDIS_URL): module-level functions with plain arguments, run by ivr.jobs.run ------------


def synthesize_everything() -> Counts:
    """Make every missing sentence of the catalogue for the office as callers hear it now."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    queue = synthesis_queue(app)
    counts = synthesizer(app).synthesize_all(queue.office_as_heard(app), clock.now(app),
                                             superseded=lambda: _full_run_waiting(queue))
    log.info("synthesis: %d made, %d reused, %d failed", counts.made, counts.reused, counts.failed)
    return counts


def _full_run_waiting(queue: SynthesisQueue) -> bool:
    """Whether another full run waits in Redis (False when Redis cannot say: this run goes on)."""
    try:
        return bool(queue.jobs.waiting(FULL_RUN))
    except Exception:  # Redis down: finishing this run is the safe side
        return False


def synthesize_sentences(items: list[tuple[str, str, int]]) -> Counts:
    """Make the audio of these (language, text, rate) sentences, which a call met without audio."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    sentences = [Sentence(lang, text, int(rate)) for lang, text, rate in items]
    return synthesizer(app).synthesize_each(sentences, synthesis_queue(app).office_as_heard(app))
