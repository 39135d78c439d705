"""The engine registry (ivr/speech/engines/registry.py): the fallback chain, the IVR_TTS factory,
and the voices each engine takes from the language registry."""

from __future__ import annotations

import logging

import pytest

from ivr.languages import LANGUAGES
from ivr.speech.engines import (
    KNOWN_ENGINES,
    Audio,
    EngineChain,
    SpeechEngine,
    SpeechError,
    UnsupportedLanguage,
    build_engine,
)
from ivr.speech.engines.espeak import EspeakEngine
from ivr.speech.engines.gtts import GttsEngine


class FakeEngine:
    """A scripted engine: speaks its languages, or fails with ``error``."""

    def __init__(self, name: str, langs: tuple[str, ...], error: Exception | None = None):
        self.name = name
        self.langs = langs
        self.error = error
        self.calls: list[tuple[str, str, int]] = []

    def supports(self, lang: str) -> bool:
        return lang in self.langs

    def voice_for(self, lang: str) -> str:
        return f"{self.name}-{lang}"

    def synthesize(self, text: str, lang: str, rate: int = 100) -> Audio:
        self.calls.append((text, lang, rate))
        if self.error is not None:
            raise self.error
        return Audio(b"audio", "wav", "audio/wav", self.name, self.voice_for(lang))


def test_first_working_engine_speaks() -> None:
    a, b = FakeEngine("a", ("ru",)), FakeEngine("b", ("ru",))
    audio = EngineChain([a, b]).synthesize("привет", "ru", 75)
    assert (audio.engine, audio.voice) == ("a", "a-ru")
    assert a.calls == [("привет", "ru", 75)]
    assert b.calls == []


def test_falls_back_and_records_engine(caplog: pytest.LogCaptureFixture) -> None:
    broken = FakeEngine("broken", ("ru",), SpeechError("network down"))
    backup = FakeEngine("backup", ("ru",))
    with caplog.at_level(logging.WARNING, logger="ivr.speech.engines.registry"):
        audio = EngineChain([broken, backup]).synthesize("привет", "ru")
    assert audio.engine == "backup"
    assert audio.voice == "backup-ru"
    assert broken.calls and backup.calls
    assert "network down" in caplog.text


def test_unsupported_languages_are_skipped() -> None:
    ru_only = FakeEngine("ru_only", ("ru", "en"))
    all_langs = FakeEngine("all", ("ru", "be", "en"))
    chain = EngineChain([ru_only, all_langs])
    assert chain.synthesize("вітаю", "be").engine == "all"
    assert ru_only.calls == []  # not even tried
    assert chain.engine_for("be") is all_langs
    assert chain.engine_for("ru") is ru_only
    assert chain.voice_for("be") == "all-be"
    assert chain.voice_for("ru") == "ru_only-ru"


def test_unsupported_language_raised_by_engine_falls_back() -> None:
    liar = FakeEngine("liar", ("be",), UnsupportedLanguage("no be after all"))
    good = FakeEngine("good", ("be",))
    assert EngineChain([liar, good]).synthesize("вітаю", "be").engine == "good"


def test_all_failing_names_every_failure() -> None:
    chain = EngineChain(
        [FakeEngine("one", ("en",), SpeechError("timeout")), FakeEngine("two", ("en",), SpeechError("crash"))]
    )
    with pytest.raises(SpeechError) as info:
        chain.synthesize("hello", "en")
    assert "one: timeout" in str(info.value)
    assert "two: crash" in str(info.value)


def test_no_engine_for_language() -> None:
    chain = EngineChain([FakeEngine("a", ("ru",))])
    assert not chain.supports("be")
    assert chain.supports("ru")
    with pytest.raises(UnsupportedLanguage):
        chain.synthesize("вітаю", "be")
    with pytest.raises(UnsupportedLanguage):
        chain.engine_for("be")
    with pytest.raises(UnsupportedLanguage):
        chain.voice_for("be")


def test_other_exceptions_are_not_swallowed() -> None:
    # A bug (not a speech failure) must surface, not be hidden by a fallback.
    chain = EngineChain([FakeEngine("bug", ("ru",), KeyError("oops")), FakeEngine("b", ("ru",))])
    with pytest.raises(KeyError):
        chain.synthesize("x", "ru")


def test_chain_is_a_speech_engine() -> None:
    chain = EngineChain([FakeEngine("a", ("ru",)), FakeEngine("b", ("en",))])
    assert isinstance(chain, SpeechEngine)
    assert chain.name == "a,b"
    with pytest.raises(ValueError):
        EngineChain([])


def test_audio_repr_omits_bytes() -> None:
    assert "xxxx" not in repr(Audio(b"xxxx" * 1000, "wav", "audio/wav", "espeak", "ru"))


def test_build_engine_single_and_order() -> None:
    chain = build_engine("espeak")
    assert [type(e) for e in chain.engines] == [EspeakEngine]
    chain = build_engine(" GTTS , espeak ", gtts_timeout=3.5)
    assert [type(e) for e in chain.engines] == [GttsEngine, EspeakEngine]
    gtts = chain.engines[0]
    assert isinstance(gtts, GttsEngine) and gtts.timeout == 3.5
    assert chain.engine_for("ru").name == "gtts"
    assert chain.engine_for("be").name == "espeak"  # gTTS has no Belarusian


@pytest.mark.parametrize("spec", ["festival", "espeak,festival", "espeak,,gtts", "", " ", "espeak,espeak"])
def test_build_engine_rejects_bad_specs(spec: str) -> None:
    with pytest.raises(ValueError) as info:
        build_engine(spec)
    message = str(info.value)
    assert "\n" not in message
    if "festival" in spec:
        assert "'festival'" in message
        assert "espeak, gtts" in message


def test_every_known_name_builds_the_engine_of_that_name() -> None:
    for name in KNOWN_ENGINES:
        assert [engine.name for engine in build_engine(name).engines] == [name]


def test_engines_speak_the_languages_the_language_registry_gives_them_voices_for() -> None:
    espeak, gtts = EspeakEngine(), GttsEngine()
    for language in LANGUAGES:
        assert espeak.voice_for(language.code) == language.espeak_voice
        assert gtts.supports(language.code) == (language.gtts_lang is not None)
        if language.gtts_lang is not None:
            assert gtts.voice_for(language.code) == language.gtts_lang
    with pytest.raises(UnsupportedLanguage):
        gtts.voice_for("be")  # Google has no Belarusian voice: eSpeak speaks it in a chain
