"""bench/caller.py (issue 16, "Measure it"): walking calls by catalogue keys through the real
webhooks, with a quick stand-in voice so the figures can be checked against the stored files."""
from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from ivr.content.store import current_office
from ivr.extensions import db
from ivr.speech.clips import READY, AudioClip
from ivr.speech.synthesis import synthesizer
from tests.conftest import MINSK
from tests.speech.apps import ToneEngine, make_app

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import caller as bench  # noqa: E402

MONDAY_10 = datetime(2026, 11, 30, 10, 0, tzinfo=MINSK)


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("bench"), ToneEngine(), IVR_SYNTH_WORKERS=0)
    app.extensions["ivr.clock"] = lambda: MONDAY_10
    with app.test_request_context():
        assert synthesizer(app).synthesize_all(current_office().office, MONDAY_10).failed == 0
    with app.app_context():
        seconds = dict(db.session.execute(select(AudioClip.text, AudioClip.seconds)
                                          .where(AudioClip.status == READY, AudioClip.rate == 100)).all())
    return app, bench.Caller(app, MONDAY_10), seconds


@pytest.mark.parametrize("lang", ["ru", "be", "en"])
def test_the_greeting_and_main_menu_are_the_stored_files_a_caller_hears_in_that_language(measured, lang):
    _, caller, seconds = measured
    _, greeted = caller.to_main_menu(lang)
    main_menu = greeted.steps[-1]
    assert bench.node(main_menu[0]) == "main" and bench.language_of(main_menu[0]) == lang
    heard = [sound.text for _, sounds in greeted.steps for sound in sounds]
    start = next(i for i, s in enumerate(greeted.sounds) if s.key == "greeting")
    from_greeting = sum(seconds[text] for text in heard[start:])
    assert bench.greeting_and_menu(greeted) == pytest.approx(from_greeting)


def test_the_open_now_sentence_is_found_by_its_key_after_the_audio_before_it(measured):
    _, caller, seconds = measured
    _, greeted = caller.to_main_menu("ru")
    answers = caller.answers("ru")
    assert answers and all(s.key != "invalid" for walk in answers.values() for s in walk.sounds)
    if any(s.key.startswith("status.") for s in greeted.sounds):
        heard = greeted.sounds
    else:  # the caller hears the whole main menu, then the first answer that says it
        heard = greeted.sounds + next(w.sounds for w in answers.values() if any(s.key.startswith("status.") for s in w.sounds))
    first = next(i for i, s in enumerate(heard) if s.key.startswith("status."))
    assert bench.until_open_now(greeted, answers) == pytest.approx(sum(seconds[s.text] for s in heard[:first]))


def test_every_sentence_end_on_a_walk_pauses(measured):
    _, caller, _ = measured
    for walk in caller.answers("en").values():
        longest, missing, ends = bench.pauses(walk.sounds)
        assert missing == 0 and ends > 0 and longest > 0
