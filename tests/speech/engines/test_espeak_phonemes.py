"""word_phonemes: what eSpeak says for each word, in IPA, without making audio (issue 17, item 4)."""
from __future__ import annotations

from ivr.speech.engines import espeak as espeak_module
from ivr.speech.engines.espeak import word_phonemes


def test_each_word_with_its_ipa_and_the_stress_where_the_mark_is():
    words = word_phonemes("Каб паслу́хаць наві́ны, націсніце 2.", "be")
    assert [word for word, _ in words] == ["Каб", "паслу́хаць", "наві́ны", "націсніце", "2"]
    ipa = dict(words)
    assert ipa["наві́ны"] == "navʲˈinɨ"  # the mark moves eSpeak's stress ...
    assert ipa["націсніце"].startswith("nˈa")  # ... which otherwise falls on the first syllable


def test_no_audio_is_made(monkeypatch):
    def no_synthesis(*args, **kwargs):
        raise AssertionError("audio was made")

    monkeypatch.setattr(espeak_module.EspeakEngine, "_synth_locked", staticmethod(no_synthesis))
    assert word_phonemes("сорок", "ru") == [("сорок", "sʌrˈok")]
