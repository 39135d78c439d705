"""What every speech engine is: the Engine protocol, the Audio it makes, its errors, and the
table from our languages to an engine's voices (read from ``ivr.languages``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Mapping, Protocol, runtime_checkable

from ivr.languages import LANGUAGES, Language


@dataclass(frozen=True)
class Audio:
    """A synthesized audio file, ready to be stored and played to a caller."""

    data: bytes = field(repr=False)  # the file's bytes; kept out of repr so logs stay short
    ext: str  # "wav" or "mp3"
    mime: str  # "audio/wav" or "audio/mpeg"
    engine: str  # name of the engine that made it, e.g. "espeak", "gtts"
    voice: str  # the engine's voice id, e.g. "ru", "be", "en-us"


class SpeechError(Exception):
    """Any failure of a speech engine."""


class UnsupportedLanguage(SpeechError):
    """The engine has no voice for the requested language."""


@runtime_checkable
class SpeechEngine(Protocol):
    """What every text-to-speech engine offers.

    ``lang`` is one of our language codes (``ivr.languages``); ``rate`` is a percentage of normal
    speed (100 normal, 75 the slow speech a caller can choose).
    """

    name: str

    def supports(self, lang: str) -> bool:
        """Whether the engine has a voice for ``lang``."""
        ...

    def voice_for(self, lang: str) -> str:
        """The voice id used for ``lang`` (part of the audio store key)."""
        ...

    def synthesize(self, text: str, lang: str, rate: int = 100) -> Audio:
        """Speak ``text``; raise SpeechError on any failure."""
        ...


def voices(voice_of: Callable[[Language], str | None]) -> dict[str, str]:
    """Our language code -> the engine's voice, for every language the engine has a voice for;
    ``voice_of`` reads the engine's column of ``ivr.languages`` (e.g. ``Language.espeak_voice``)."""
    table = {}
    for language in LANGUAGES:
        voice = voice_of(language)
        if voice:
            table[language.code] = voice
    return table


class VoiceTable:
    """The shared half of an engine: a table from our language codes to the engine's voices
    (an engine sets ``VOICES = voices(lambda language: language.<its column>)``)."""

    name: str = ""
    VOICES: Mapping[str, str] = {}

    def supports(self, lang: str) -> bool:
        """Whether the engine has a voice for ``lang``."""
        return lang in self.VOICES

    def voice_for(self, lang: str) -> str:
        """The engine's voice for ``lang``; UnsupportedLanguage when it has none."""
        try:
            return self.VOICES[lang]
        except KeyError:
            raise UnsupportedLanguage(f"{self.name} has no voice for {lang!r}") from None
