"""The webhook's lookup (ivr/speech/library.py): the stored file of each sentence a turn speaks,
only where it is ready and on disk; the lookup itself never makes or queues anything."""
from __future__ import annotations

from pathlib import Path

from ivr.config import settings
from ivr.content.store import current_office
from ivr.callflow.catalogue import Sentence
from ivr.phrases.stress import stress_text
from ivr.speech.library import audio_files
from ivr.speech.queue import synthesis_queue
from ivr.speech.synthesis import synthesizer
from ivr.callflow.steps import CallState, Gather, Say, Turn
from tests.speech.apps import ToneEngine, make_app

GREETING = "Здравствуйте! Вы позвонили в приёмную."
MENU = "Для часов работы нажмите 1."


def menu_turn(slow: bool = False) -> Turn:
    """A turn that says one sentence and asks for a key with another."""
    return Turn(steps=(Say(GREETING, "ru", "greeting"),
                       Gather((Say(MENU, "ru", "menu"),), CallState(node="main"), "ru", 5, slow=slow)), slow=slow)


def test_each_sentence_with_ready_audio_has_its_file_at_the_rate_it_is_spoken(tmp_path):
    engine = ToneEngine()
    app = make_app(tmp_path, engine, IVR_SYNTH_WORKERS=0)
    with app.test_request_context():
        office = current_office().office
        synthesizer(app).synthesize(Sentence("ru", GREETING, 100), office)
        synthesizer(app).synthesize(Sentence("ru", MENU, 75), office)
        normal = audio_files(app, menu_turn(), office)
        slow = audio_files(app, menu_turn(slow=True), office)
    assert list(normal) == [Sentence("ru", GREETING, 100)]  # the menu has audio at the slow rate only
    assert list(slow) == [Sentence("ru", MENU, 75)]
    audio = Path(settings(app).audio_dir)
    assert (audio / normal[Sentence("ru", GREETING, 100)]).is_file()
    # Each sentence is spoken by the engine on its own (joined with a pause in the file), with its
    # stress marks (ivr.phrases.stress).
    assert engine.spoken == [(stress_text("Здравствуйте!", "ru"), "ru", 100),
                             (stress_text("Вы позвонили в приёмную.", "ru"), "ru", 100), (stress_text(MENU, "ru"), "ru", 75)]


def test_the_lookup_neither_makes_nor_queues_what_is_missing(tmp_path):
    engine = ToneEngine()
    app = make_app(tmp_path, engine, IVR_SYNTH_WORKERS=1)
    synthesis_queue(app).wait(timeout=60)  # the demo office's audio, made after the seeding save
    engine.spoken.clear()
    with app.test_request_context():
        assert audio_files(app, menu_turn(), current_office().office) == {}
    synthesis_queue(app).wait(timeout=60)
    assert engine.spoken == []


def test_a_file_gone_from_the_folder_is_never_given_and_is_found_again_once_made(tmp_path):
    app = make_app(tmp_path, ToneEngine(), IVR_SYNTH_WORKERS=0)
    greeting = Sentence("ru", GREETING, 100)
    with app.test_request_context():
        office = current_office().office
        synthesizer(app).synthesize(greeting, office)
        name = audio_files(app, menu_turn(), office)[greeting]
        (Path(settings(app).audio_dir) / name).unlink()
        assert audio_files(app, menu_turn(), office) == {}  # never a <Play> of a missing file
        assert synthesizer(app).synthesize(greeting, office) == ("made", "")
        assert audio_files(app, menu_turn(), office) == {greeting: name}
