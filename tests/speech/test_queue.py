"""When audio is made (ivr/speech/queue.py): after a save and once a day, in the background, and
for the sentences a call met without audio; never on a webhook's path."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from ivr.phrases.stress import stress_text
from ivr.content.store import current_office, save_office
from ivr.extensions import db
from ivr.speech import queue as queue_module
from ivr.callflow.catalogue import Sentence
from ivr.speech.clips import FAILED, READY, AudioClip
from ivr.speech.queue import queue_missing, synthesis_queue, synthesize_everything, synthesize_sentences
from ivr.speech.synthesis import synthesizer
from tests.speech.apps import MONDAY_LUNCH, BrokenEngine, ToneEngine, make_app, walker


class CountingBrokenEngine(BrokenEngine):
    """A voice that is down, counting how often it was asked."""

    def __init__(self) -> None:
        self.tries: list[str] = []

    def synthesize(self, text, lang, rate=100):
        self.tries.append(text)
        return super().synthesize(text, lang, rate)


def test_saving_content_synthesizes_in_the_background(tmp_path):
    app = make_app(tmp_path, ToneEngine(), IVR_SYNTH_WORKERS=1)
    synth = synthesizer(app)
    request_threads: set[int] = set()
    synth_threads: set[int] = set()
    real = synth.synthesize

    def recording(sentence, office):
        synth_threads.add(threading.get_ident())
        return real(sentence, office)

    synth.synthesize = recording  # type: ignore[method-assign]
    with app.test_request_context():
        request_threads.add(threading.get_ident())
        now = current_office()
        save_office(now.office.with_changes(hotline="+375 (1719) 99-9-99"), author="clerk", base=now.revision)
    synthesis_queue(app).wait(timeout=120)
    assert synth_threads and not (synth_threads & request_threads)
    call = walker(app)
    call.start()
    page = call.press("3")
    assert all(h.kind == "play" for h in page.heard)


def test_a_webhook_queues_missing_audio_but_never_synthesizes_itself(tmp_path):
    app = make_app(tmp_path, ToneEngine(), IVR_SYNTH_WORKERS=1)
    synth = synthesizer(app)
    calls: list[int] = []
    real = synth.synthesize
    synth.synthesize = lambda s, o: calls.append(threading.get_ident()) or real(s, o)  # type: ignore[method-assign]
    page = walker(app).start()
    assert all(h.kind == "say" for h in page.heard)
    assert threading.get_ident() not in calls
    synthesis_queue(app).wait(timeout=120)
    assert calls
    assert all(h.kind == "play" for h in walker(app).start().heard)


def test_without_synthesis_workers_calls_and_saves_make_no_audio_until_synth_runs(tmp_path):
    engine = ToneEngine()
    app = make_app(tmp_path, engine, IVR_SYNTH_WORKERS=0)
    assert all(h.kind == "say" for h in walker(app).start().heard)
    with app.test_request_context():
        now = current_office()
        save_office(now.office.with_changes(hotline="+375 (1719) 99-9-99"), author="clerk", base=now.revision)
    synthesis_queue(app).wait(timeout=60)
    assert engine.spoken == []
    assert app.test_cli_runner().invoke(args=["synth"]).exit_code == 0
    assert all(h.kind == "play" for h in walker(app).start().heard)


@pytest.mark.parametrize("retry_after, tries", [(queue_module.RETRY_AFTER, 1), (0.0, 2)], ids=["within", "after"])
def test_a_sentence_that_failed_is_tried_again_only_after_the_retry_interval(tmp_path, monkeypatch, retry_after,
                                                                              tries):
    engine = CountingBrokenEngine()
    app = make_app(tmp_path, engine, IVR_SYNTH_WORKERS=1)
    synthesis_queue(app).wait(timeout=60)  # the demo office's own run (failing throughout)
    engine.tries.clear()
    monkeypatch.setattr(queue_module, "RETRY_AFTER", retry_after)
    sentence = Sentence("ru", "Приёмная переехала на второй этаж.", 100)
    with app.test_request_context():
        office = current_office().office
        for _ in range(2):  # two calls meet the sentence without audio
            queue_missing(app, [sentence], office)
            synthesis_queue(app).wait(timeout=60)
    assert engine.tries == [stress_text(sentence.text, "ru")] * tries  # as the voice reads it


def test_the_catalogue_is_queued_once_a_day(tmp_path):
    app = make_app(tmp_path, ToneEngine(), IVR_SYNTH_WORKERS=1)
    queue = synthesis_queue(app)
    queue.wait(timeout=60)
    synth = synthesizer(app)
    runs = []
    real = synth.synthesize_all
    synth.synthesize_all = lambda office, moment, **options: runs.append(moment) or real(office, moment, **options)
    with app.test_request_context():
        for _ in range(3):  # three calls on Monday
            queue.refresh_daily()
            queue.wait(timeout=60)
        tuesday = MONDAY_LUNCH + timedelta(days=1)
        app.extensions["ivr.clock"] = lambda: tuesday
        queue.refresh_daily()  # the first call on Tuesday
        queue.wait(timeout=60)
    assert runs == [MONDAY_LUNCH, tuesday]


def test_the_worker_jobs_make_what_they_are_given_with_the_office_as_heard(tmp_path):
    # What an RQ worker runs (REDIS_URL), called here in the app as ivr.jobs.run would.
    app = make_app(tmp_path, ToneEngine(), IVR_SYNTH_WORKERS=0)
    text = "Приёмная переехала на второй этаж."
    with app.app_context():
        made = synthesize_sentences([("ru", text, 75)])
        everything = synthesize_everything()
        clips = {(c.text, c.rate): c.status for c in db.session.execute(select(AudioClip)).scalars()}
    assert (made.made, made.failed) == (1, 0)
    assert clips[(text, 75)] == READY
    assert everything.made > 100 and everything.failed == 0
    assert FAILED not in clips.values()


class GatedEngine(ToneEngine):
    """The tone voice, holding its first sentence until the test lets it go."""

    def __init__(self) -> None:
        super().__init__()
        self.started, self.go = threading.Event(), threading.Event()

    def synthesize(self, text, lang, rate=100):
        if not self.started.is_set():
            self.started.set()
            self.go.wait(30)
        return super().synthesize(text, lang, rate)


def test_an_edit_saved_during_a_full_rebuild_is_made_next_not_after_the_old_office(tmp_path):
    engine = GatedEngine()
    app = make_app(tmp_path, engine, IVR_SYNTH_WORKERS=1)  # the demo's first save starts a full run
    assert engine.started.wait(30)
    new_greeting = "Горячая линия райисполкома, слушаем вас."
    with app.test_request_context():
        now = current_office()
        old_total = len(synthesizer(app).catalogue(now.office, MONDAY_LUNCH))
        texts = {**now.office.texts, "greeting": {"ru": new_greeting}}
        save_office(now.office.with_changes(texts=texts), author="clerk", base=now.revision)
    engine.go.set()
    synthesis_queue(app).wait(timeout=120)
    spoken = [text for text, lang, rate in engine.spoken]
    # The old office's run stopped after the sentence it was making; the next run began with the
    # greeting (the order a call meets the sentences), not after the old office's ~1,000 others.
    assert spoken.index(stress_text(new_greeting, "ru")) < 5 < old_total
    with app.test_request_context():  # and nothing of the new office was left out
        assert synthesizer(app).synthesize_all(current_office().office, MONDAY_LUNCH).made == 0
