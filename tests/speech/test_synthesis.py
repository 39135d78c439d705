"""Making audio (ivr/speech/synthesis.py): every sentence made ahead of time as telephone audio,
played with <Play>; a failure recorded, the caller hearing <Say> meanwhile."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from ivr.content.store import current_office, save_office
from ivr.extensions import db
from ivr.callflow.catalogue import catalogue
from ivr.speech.clips import FAILED, READY, AudioClip
from ivr.speech.synthesis import split_sentences, synthesizer
from ivr.speech.telephone import is_silent, levels, wav_info
from tests.speech.apps import MONDAY_LUNCH, BrokenEngine, ToneEngine, make_app, walker


@pytest.fixture(scope="module")
def synthesized(tmp_path_factory):
    """An app whose every sentence was synthesized once by `flask synth` (shared: it takes seconds)."""
    app = make_app(tmp_path_factory.mktemp("synth"))
    result = app.test_cli_runner().invoke(args=["synth"])
    assert result.exit_code == 0, result.output
    return app, result.output


def test_synth_makes_audible_telephone_audio_for_every_prompt_in_three_languages(synthesized):
    app, output = synthesized
    assert "0 failed" in output and "files made" in output
    with app.app_context():
        clips = db.session.execute(select(AudioClip)).scalars().all()
    assert {c.lang for c in clips} == {"ru", "be", "en"}
    assert all(c.status == READY and c.engine == "espeak" for c in clips)
    store = synthesizer(app).store
    for clip in clips:
        data = store.path(clip.filename).read_bytes()
        info = wav_info(data)
        assert (info["format"], info["sample_rate"], info["channels"]) == (7, 8000, 1)
        assert info["duration"] > 0.5, clip.text
        assert not is_silent(data), clip.text


def test_a_second_synth_makes_nothing(synthesized):
    app, _ = synthesized
    result = app.test_cli_runner().invoke(args=["synth"])
    assert result.exit_code == 0
    assert result.output.strip().splitlines()[-1].startswith("0 files made, ")


def test_after_synthesis_the_call_plays_stored_audio_and_says_nothing(synthesized):
    app, _ = synthesized
    call = walker(app)
    call.start()
    for key in ("1", "1", "9", "*", "2", "1", "*", "3", "*", "8", "1"):
        page = call.press(key)
        assert page.heard and all(h.kind == "play" for h in page.heard), (key, page.xml)


def test_played_audio_is_served_with_long_cache_headers(synthesized):
    app, _ = synthesized
    call = walker(app)
    page = call.start()
    url = page.heard[0].text
    assert url.startswith("https://hotline.test/audio/") and url.endswith(".wav")
    response = app.test_client().get(url.removeprefix("https://hotline.test"))
    assert response.status_code == 200
    assert response.mimetype == "audio/wav"
    assert "immutable" in response.headers["Cache-Control"]
    assert wav_info(response.data)["sample_rate"] == 8000


def test_call_command_shows_which_file_plays(synthesized):
    app, _ = synthesized
    result = app.test_cli_runner().invoke(args=["call", "1", "--at", "2026-11-30 13:30"])
    assert "says: Приёмная на обеде до четырнадцати часов.   [plays https://hotline.test/audio/" in result.output


def test_an_edit_is_heard_at_once_with_say_then_with_play_once_synthesized(tmp_path):
    app = make_app(tmp_path, ToneEngine())
    synth = synthesizer(app)
    with app.test_request_context():
        synth.synthesize_all(current_office().office, MONDAY_LUNCH)
        now = current_office()
        headline = now.office.headlines[0]
        changed = type(headline)(id=headline.id, title={**headline.title, "ru": "Открыт новый центр услуг"},
                                 summary=headline.summary)
        save_office(now.office.with_changes(headlines=(changed,)), author="clerk", base=now.revision)
    call = walker(app)
    call.start()
    call.press("1")
    page = call.press("2")
    assert page.heard[0].kind == "say"
    assert page.heard[0].text == "Сейчас одна новость. Открыт новый центр услуг."
    assert all(h.kind == "play" for h in page.heard[1:])  # the unchanged sentences keep their audio
    with app.test_request_context():
        counts = synth.synthesize_all(current_office().office, MONDAY_LUNCH)
    assert counts.made == 2  # the new title at normal and slow speed; nothing else
    assert call.press("9").heard[0].kind == "play"


def test_a_pronunciation_fix_resynthesizes_only_what_it_touches(tmp_path):
    app = make_app(tmp_path, ToneEngine())
    synth = synthesizer(app)
    with app.test_request_context():
        synth.synthesize_all(current_office().office, MONDAY_LUNCH)
        now = current_office()
        table = {**now.office.pronunciations, "en": {"Kopyl": "Koh-pil"}}
        save_office(now.office.with_changes(pronunciations=table), author="clerk", base=now.revision)
        office = current_office().office
        counts = synth.synthesize_all(office, MONDAY_LUNCH)
        touched = db.session.execute(select(AudioClip).where(AudioClip.spoken.contains("Koh-pil"))).scalars().all()
    assert counts.made == len(touched) > 0
    assert all("Kopyl" in clip.text and "Kopyl" not in clip.spoken for clip in touched)


def test_failed_synthesis_is_recorded_and_the_caller_still_hears_say(tmp_path):
    app = make_app(tmp_path)
    synth = synthesizer(app)
    synth.use_engine(BrokenEngine())
    result = app.test_cli_runner().invoke(args=["synth"])
    assert result.exit_code == 1
    assert "0 files made" in result.output
    assert re.search(r"failed \d+×: ru: the voice is unavailable", result.output)
    with app.app_context():
        assert {c.status for c in db.session.execute(select(AudioClip)).scalars()} == {FAILED}
    page = walker(app).start()
    assert page.texts[0] == "Копыльский райисполком, здравствуйте."


def test_say_command_writes_one_file(runner, tmp_path):
    out = tmp_path / "out.wav"
    result = runner.invoke(args=["say", "Приёмная работает с восьми тридцати.", "--lang", "ru", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert wav_info(data)["sample_rate"] == 8000 and not is_silent(data)
    assert "by espeak (ru)" in result.output


def test_say_command_refuses_empty_text(runner, tmp_path):
    result = runner.invoke(args=["say", "  ", "-o", str(tmp_path / "x.wav")])
    assert result.exit_code != 0 and "no text to speak" in result.output


def test_the_catalogue_covers_reviewing_and_sending_a_recorded_message(synthesized):
    app, _ = synthesized
    with app.test_request_context():
        sentences = catalogue(current_office().office, ("ru", "be", "en"), MONDAY_LUNCH)
    texts = {s.text for s in sentences}
    assert "Ваше сообщение записано." in texts and "Your message has been recorded." in texts
    assert "Ваше сообщение передано сотрудникам. Мы ответим в рабочее время." in texts


def test_every_stored_file_is_at_one_loudness_with_a_short_pause_at_each_end(synthesized):
    """Issue 16, item 3: every file at -23 LUFS ± 1 with peaks ≤ -3 dBFS, in every language and at
    both speech rates; each file's own silence trimmed to ≈ 0.2 s at each end, so two <Play>s in a
    row pause ≈ 0.4 s; sentences inside a file pause 0.3–0.6 s."""
    app, _ = synthesized
    with app.app_context():
        clips = db.session.execute(select(AudioClip)).scalars().all()
    assert {(c.lang, c.rate) for c in clips} == {(lang, rate) for lang in ("ru", "be", "en") for rate in (100, 75)}
    store = synthesizer(app).store
    for clip in clips:
        heard = levels(store.path(clip.filename).read_bytes())
        assert -24 <= heard.loudness <= -22 and heard.peak <= -3, (clip.text, heard)
        assert 0.15 <= heard.head <= 0.25 and 0.15 <= heard.tail <= 0.25, (clip.text, heard)
        assert all(0.3 <= length <= 0.6 for _, length in heard.pauses), (clip.text, heard)
        assert len(heard.pauses) >= len(split_sentences(clip.spoken)) - 1, (clip.text, heard)


def test_the_greeting_pauses_between_one_played_sentence_and_the_next(synthesized):
    app, _ = synthesized
    page = walker(app).start()
    played = [synthesizer(app).store.path(h.text.rsplit("/", 1)[-1]).read_bytes() for h in page.heard]
    assert len(played) >= 2
    for before, after in zip(played, played[1:]):
        assert 0.3 <= levels(before).tail + levels(after).head <= 0.6
