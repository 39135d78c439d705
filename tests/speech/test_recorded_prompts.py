"""Recorded prompts (issue 20): `flask recordings add|list|remove`, what the next call plays, a
recording that belongs to one text, and purge."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ivr.content.recordings import prompt_number
from ivr.speech import recorded, telephone
from ivr.speech.recorded import originals_store, recorded_store
from ivr.speech.store import AudioStore
from ivr.speech.synthesis import synthesizer
from ivr.speech.telephone import EDGE_SILENCE, PEAK_CEILING_DBFS, TARGET_LUFS, levels
from tests.speech.apps import ToneEngine
from tests.speech.recorded_audio import mp3_file, spoken_prompt_wav, voice_like, with_silence

RECORDED = "/audio/recorded/"


@pytest.fixture
def studio_wav(tmp_path) -> Path:
    path = tmp_path / "greeting.wav"
    path.write_bytes(spoken_prompt_wav(seconds=1.5))
    return path


def played_recordings(page) -> list[str]:
    return [h.text for h in page.heard if h.kind == "play" and RECORDED in h.text]


def fetched(client, url: str) -> bytes:
    response = client.get(url[url.index(RECORDED):])
    assert response.status_code == 200 and response.mimetype == "audio/wav"
    return response.get_data()


def test_a_studio_wav_added_for_the_greeting_is_what_the_next_call_plays(runner, caller, client, at, studio_wav):
    at("2026-11-30 10:00")
    before = caller().start()
    assert not played_recordings(before)
    result = runner.invoke(args=["recordings", "add", "greeting", "--lang", "ru", str(studio_wav)])
    assert result.exit_code == 0, result.output
    assert "recorded greeting (ru)" in result.output
    page = caller().start()
    first = page.heard[0]
    assert first.kind == "play" and RECORDED in first.text  # the greeting: the clerk's voice
    # The rest of the step is as before (the open-now sentence and the language menu: synthesized).
    assert [h.text for h in page.heard[1:]] == [h.text for h in before.heard[1:]]
    heard = levels(fetched(client, first.text))
    # Its own 1.5 s of voice, trimmed of 0.5 s and 0.8 s of silence, with the standard pauses.
    assert heard.duration == pytest.approx(1.5 + 2 * EDGE_SILENCE, abs=0.1)
    assert heard.loudness == pytest.approx(TARGET_LUFS, abs=1.0)
    assert heard.peak <= PEAK_CEILING_DBFS + 0.5


def test_a_call_plays_a_recording_without_looking_at_its_file(runner, caller, studio_wav, monkeypatch):
    assert runner.invoke(args=["recordings", "add", "greeting", "--lang", "ru", str(studio_wav)]).exit_code == 0

    def file_system(*_args, **_kwargs):
        raise AssertionError("the webhook looked at the audio store's files")

    monkeypatch.setattr(AudioStore, "has", file_system)
    monkeypatch.setattr(AudioStore, "path", file_system)
    page = caller().start()
    assert page.heard[0].kind == "play" and RECORDED in page.heard[0].text  # not the apology


def test_slow_speech_plays_the_slow_synthesized_sentence_instead_of_the_recording(runner, caller, at, studio_wav):
    at("2026-11-30 10:00")
    keys_line = "Сотрудник 0, повтор 9, назад звёздочка."
    assert runner.invoke(args=["recordings", "add", "keys.main", "--lang", "ru", str(studio_wav)]).exit_code == 0
    call = caller()
    call.start()
    normal = call.press("1")
    assert len(played_recordings(normal)) == 1 and keys_line not in normal.texts
    slow = call.press("8")
    assert not played_recordings(slow)
    said = next(h for h in slow.heard if h.text == keys_line)  # no audio made in tests: Twilio's slow voice
    assert said.kind == "say" and said.rate == "80%"


def test_a_new_audio_processing_remakes_recordings_from_their_kept_originals(app, runner, caller, client, at,
                                                                             studio_wav, monkeypatch):
    at("2026-11-30 10:00")
    assert runner.invoke(args=["recordings", "add", "greeting", "--lang", "ru", str(studio_wav)]).exit_code == 0
    before = played_recordings(caller().start())[0]
    [original] = originals_store(app).root.glob("*.wav")  # kept privately, served by no route
    assert original.stat().st_mode & 0o077 == 0
    assert client.get(f"/audio/recorded/{original.name}").status_code == 404
    assert client.get(f"/audio/{original.name}").status_code == 404
    # A new processing (longer pauses at the ends), then the synthesis run.
    monkeypatch.setattr(telephone, "EDGE_SILENCE", EDGE_SILENCE + 0.2)
    monkeypatch.setattr(recorded, "PROCESSING", "pauses-loudness-next")
    synthesizer(app).use_engine(ToneEngine())
    synth = runner.invoke(args=["synth"])
    assert synth.exit_code == 0, synth.output
    after = played_recordings(caller().start())[0]
    assert after != before
    assert levels(fetched(client, after)).duration == pytest.approx(levels(fetched(client, before)).duration + 0.4,
                                                                     abs=0.02)
    again = runner.invoke(args=["synth"])  # nothing more to remake: the next call plays the same file
    assert again.exit_code == 0 and played_recordings(caller().start())[0] == after


def test_an_mp3_is_trimmed_and_levelled_the_same(runner, caller, client, tmp_path):
    rate = 22050
    path = tmp_path / "goodbye.mp3"
    path.write_bytes(mp3_file(with_silence(voice_like(2.0, rate) * 0.2, rate, 0.6, 0.6), rate))
    result = runner.invoke(args=["recordings", "add", "greeting", "--lang", "ru", str(path)])
    assert result.exit_code == 0, result.output
    heard = levels(fetched(client, played_recordings(caller().start())[0]))
    assert heard.duration == pytest.approx(2.0 + 2 * EDGE_SILENCE, abs=0.1)
    assert heard.loudness == pytest.approx(TARGET_LUFS, abs=1.0)


def test_a_recording_belongs_to_its_text(runner, caller, edit_office, studio_wav):
    assert runner.invoke(args=["recordings", "add", "greeting", "--lang", "ru", str(studio_wav)]).exit_code == 0
    edit_office(texts={"greeting": {"ru": "Добрый день! Вы позвонили в Копыльский райисполком."}})
    page = caller().start()
    assert not played_recordings(page)
    assert page.heard[0].kind == "say" and page.heard[0].text == "Добрый день! Вы позвонили в Копыльский райисполком."
    listing = runner.invoke(args=["recordings", "list"])
    assert f"{prompt_number('greeting'):3d}  greeting (ru)" in listing.output and "out of date" in listing.output
    edit_office(texts={})  # the text it was recorded for again: the recording with it
    assert played_recordings(caller().start())
    assert "current" in runner.invoke(args=["recordings", "list"]).output


def test_list_says_when_nothing_is_recorded_and_remove_brings_synthesis_back(runner, caller, studio_wav):
    empty = runner.invoke(args=["recordings", "list"])
    assert empty.exit_code == 0 and "no prompt is recorded" in empty.output
    missing = runner.invoke(args=["recordings", "remove", "greeting", "--lang", "ru"])
    assert missing.exit_code == 1 and missing.output.strip() == "Error: greeting (ru) has no recording"
    assert runner.invoke(args=["recordings", "add", "greeting", "--lang", "ru", str(studio_wav)]).exit_code == 0
    assert runner.invoke(args=["recordings", "add", "goodbye", "--lang", "en", str(studio_wav)]).exit_code == 0
    removed = runner.invoke(args=["recordings", "remove", "greeting", "--lang", "ru"])
    assert removed.exit_code == 0 and "removed the recording of greeting (ru)" in removed.output
    assert not played_recordings(caller().start())
    listing = runner.invoke(args=["recordings", "list"]).output
    assert "goodbye (en)" in listing and "greeting" not in listing


@pytest.mark.parametrize(("prompt", "content", "error"), [
    ("greeting", b"this is not audio at all" * 100, "greeting.wav: this is not an audio file we can read (WAV, MP3, OGG/Opus, M4A, FLAC)"),
    ("greeting", b"", "greeting.wav: the file is empty"),
    ("main.hours", None, "main.hours (ru) has placeholders or does not exist: it stays synthesized"),
], ids=["broken", "empty", "placeholders"])
def test_what_cannot_be_recorded_is_refused_in_one_line(runner, caller, tmp_path, studio_wav, prompt, content, error):
    if content is not None:
        studio_wav.write_bytes(content)
    result = runner.invoke(args=["recordings", "add", prompt, "--lang", "ru", str(studio_wav)])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {error}"
    assert "no prompt is recorded" in runner.invoke(args=["recordings", "list"]).output


def test_an_unknown_prompt_or_missing_file_is_named(runner, tmp_path, studio_wav):
    unknown = runner.invoke(args=["recordings", "add", "gretting", str(studio_wav)])
    assert unknown.exit_code == 1 and "there is no prompt 'gretting'" in unknown.output
    gone = runner.invoke(args=["recordings", "add", "greeting", str(tmp_path / "nope.wav")])
    assert gone.exit_code == 1 and "cannot read" in gone.output and len(gone.output.strip().splitlines()) == 1


def test_purge_removes_recorded_files_no_revision_uses(app, runner, at, studio_wav):
    moment = at("2026-11-30 10:00")
    assert runner.invoke(args=["recordings", "add", "greeting", "--lang", "ru", str(studio_wav)]).exit_code == 0
    other = studio_wav.with_name("other.wav")
    other.write_bytes(spoken_prompt_wav(seconds=1.0))
    assert runner.invoke(args=["recordings", "add", "greeting", "--lang", "ru", str(other)]).exit_code == 0
    store = recorded_store(app)
    kept = sorted(p.name for p in store.root.glob("*.wav"))
    assert len(kept) == 2  # the first recording is still named by the revision it was saved in
    stray, fresh = store.root / ("a" * 64 + ".wav"), store.root / ("b" * 64 + ".wav")  # an interrupted upload's
    for path in (stray, fresh, *store.root.glob("*.wav")):
        path.write_bytes(path.read_bytes() if path.exists() else b"RIFF")
        old = moment.timestamp() - 2 * 3600
        os.utime(path, (old, old))
    os.utime(fresh, (moment.timestamp(), moment.timestamp()))  # written a moment ago: not yet
    assert runner.invoke(args=["purge"]).exit_code == 0
    assert sorted(p.name for p in store.root.glob("*.wav")) == sorted(kept + [fresh.name])


needs_ffmpeg = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg: apt-get install ffmpeg")


@needs_ffmpeg
@pytest.mark.parametrize("ext", ["opus", "m4a"])
def test_opus_and_m4a_are_decoded_by_ffmpeg(runner, caller, client, studio_wav, ext):
    encoded = studio_wav.with_suffix("." + ext)
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", str(studio_wav), str(encoded)], check=True)
    result = runner.invoke(args=["recordings", "add", "greeting", "--lang", "ru", str(encoded)])
    assert result.exit_code == 0, result.output
    heard = levels(fetched(client, played_recordings(caller().start())[0]))
    assert heard.duration == pytest.approx(1.5 + 2 * EDGE_SILENCE, abs=0.1)


@needs_ffmpeg
def test_without_ffmpeg_an_opus_file_gets_a_clear_message(runner, studio_wav, monkeypatch):
    encoded = studio_wav.with_suffix(".opus")
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", str(studio_wav), str(encoded)], check=True)
    monkeypatch.setenv("PATH", "/nonexistent")  # as on a host without the ffmpeg package
    result = runner.invoke(args=["recordings", "add", "greeting", "--lang", "ru", str(encoded)])
    assert result.exit_code == 1
    assert result.output.strip() == ("Error: greeting.opus: this file is not WAV, MP3, FLAC or Ogg Vorbis, and ffmpeg "
                                     "(needed for Opus, WebM and M4A) is not installed")
