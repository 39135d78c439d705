"""The processing every stored sentence gets (issue 16, item 3): one loudness and peak ceiling for
every engine, gTTS's MP3 included; a pause between sentences; a new processing remakes old files.
(Every file eSpeak makes for the catalogue is measured in test_synthesis.)"""
from __future__ import annotations

import lameenc
import numpy as np
import pytest

from ivr.callflow.catalogue import Sentence
from ivr.content.store import current_office
from ivr.extensions import db
from ivr.speech import clips, synthesis
from ivr.speech.clips import READY, AudioClip
from ivr.speech.engines import Audio
from ivr.speech.engines.espeak import EspeakEngine
from ivr.speech.synthesis import split_sentences, synthesizer
from ivr.speech.telephone import decoded_pcm16, levels
from tests.speech.apps import ToneEngine, make_app, walker

HOURS = "Приёмная открыта до семнадцати тридцати. Перерыв на обед с тринадцати до четырнадцати часов."


class Mp3Engine:
    """Google's voice as the app gets it, without the network: eSpeak's speech at ``gain`` times
    its level, encoded as MP3."""

    name = "gtts"

    def __init__(self, gain: float) -> None:
        self.gain = gain

    def supports(self, lang):
        return True

    def voice_for(self, lang):
        return lang

    def synthesize(self, text, lang, rate=100):
        pcm, sample_rate = decoded_pcm16(EspeakEngine().synthesize(text, lang, rate).data, "wav")
        louder = np.clip(np.frombuffer(pcm, "<i2") * self.gain, -32768, 32767).astype("<i2")
        encoder = lameenc.Encoder()
        encoder.set_in_sample_rate(sample_rate)
        encoder.set_channels(1)
        encoder.set_bit_rate(32)
        mp3 = bytes(encoder.encode(louder.tobytes()) + encoder.flush())
        return Audio(mp3, "mp3", "audio/mpeg", self.name, lang)


def stored(app, sentence: Sentence) -> tuple[AudioClip, bytes]:
    """Synthesize ``sentence`` and return its clip row and stored file."""
    synth = synthesizer(app)
    with app.test_request_context():
        office = current_office().office
        synth.synthesize(sentence, office)
        clip = db.session.get(AudioClip, synth.key(sentence, office))
        db.session.expunge(clip)
    return clip, synth.store.path(clip.filename).read_bytes()


@pytest.mark.parametrize("gain", [0.05, 8.0], ids=["quiet", "clipping"])
def test_gtts_mp3_is_stored_at_the_same_loudness_and_peak_as_espeak(tmp_path, gain):
    app = make_app(tmp_path, Mp3Engine(gain), IVR_SYNTH_WORKERS=0)
    clip, data = stored(app, Sentence("ru", HOURS, 100))
    heard = levels(data)
    assert clip.status == READY and clip.filename.endswith(".wav") and clip.engine == "gtts"
    assert -24 <= heard.loudness <= -22 and heard.peak <= -3, heard
    # 0.16 s at each end (two files in a row: a 0.32 s pause), 0.35 s between sentences.
    assert 0.15 <= heard.head <= 0.25 and 0.15 <= heard.tail <= 0.25, heard
    assert [length for _, length in heard.pauses] == [pytest.approx(0.35, abs=0.02)]
    assert clip.seconds == pytest.approx(heard.duration)


@pytest.mark.parametrize("lang, text", [
    ("ru", HOURS),
    ("be", "Прыёмная адкрыта да сямнаццаці трыццаці. Перапынак на абед з трынаццаці да чатырнаццаці гадзін."),
    ("en", "The office is open until five thirty p.m. The lunch break is from one to two p.m."),
], ids=["ru", "be", "en"])
@pytest.mark.parametrize("rate, pause", [(100, 0.35), (75, 0.47)])
def test_sentences_in_one_file_pause_longer_for_slow_speech(tmp_path, lang, text, rate, pause):
    app = make_app(tmp_path, IVR_SYNTH_WORKERS=0)
    _, data = stored(app, Sentence(lang, text, rate))
    heard = levels(data)
    assert [length for _, length in heard.pauses] == [pytest.approx(pause, abs=0.02)]  # measured in 10 ms frames
    assert -24 <= heard.loudness <= -22 and heard.peak <= -3, heard


def test_sentences_are_split_at_their_ends_but_not_after_an_abbreviation():
    assert split_sentences("Здравствуйте! Адрес: ул. Ленина, 2. Звоните с 9 a.m. to 5 p.m. «Да» — 1.") == [
        "Здравствуйте!", "Адрес: ул. Ленина, 2.", "Звоните с 9 a.m. to 5 p.m.", "«Да» — 1."]


def test_audio_made_by_an_older_processing_is_made_again_and_played_instead(tmp_path, monkeypatch):
    """A deployment upgraded with audio from before: the next synthesis run (the one the daily check
    and `flask synth` start) remakes every clip, and the caller hears only new files."""
    app = make_app(tmp_path, ToneEngine(), IVR_SYNTH_WORKERS=0)
    with monkeypatch.context() as before:
        before.setattr(clips, "PROCESSING", "before")
        before.setattr(synthesis, "PROCESSING", "before")
        assert app.test_cli_runner().invoke(args=["synth"]).exit_code == 0
        old_files = {h.text for h in walker(app).start().heard}
    result = app.test_cli_runner().invoke(args=["synth"])
    assert result.exit_code == 0 and not result.output.strip().splitlines()[-1].startswith("0 files made")
    new_files = {h.text for h in walker(app).start().heard}
    assert new_files and not new_files & old_files
