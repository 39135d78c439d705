"""Speech engine interface, errors, the fallback chain and the IVR_TTS factory."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Mapping, Protocol, runtime_checkable

log = logging.getLogger(__name__)


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

    ``lang`` is one of "ru", "be", "en"; ``rate`` is a percentage of normal
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


class VoiceTable:
    """The shared half of an engine: a table from our language codes to the engine's voices."""

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


class EngineChain:
    """Engines tried in order: the first that succeeds makes the audio.

    The chain itself satisfies SpeechEngine, so callers need not care whether
    one engine or several are configured. ``Audio.engine`` of the result tells
    which engine actually spoke, so callers must key stored audio on the
    returned Audio (engine, voice), not on ``voice_for`` of the chain.
    """

    def __init__(self, engines: Sequence[SpeechEngine]):
        if not engines:
            raise ValueError("EngineChain needs at least one engine")
        self.engines: tuple[SpeechEngine, ...] = tuple(engines)
        self.name = ",".join(e.name for e in self.engines)

    def __repr__(self) -> str:
        return f"EngineChain({self.name!r})"

    def supports(self, lang: str) -> bool:
        """Whether any engine of the chain speaks ``lang``."""
        return any(e.supports(lang) for e in self.engines)

    def engine_for(self, lang: str) -> SpeechEngine:
        """The first engine supporting ``lang``; UnsupportedLanguage if none."""
        for engine in self.engines:
            if engine.supports(lang):
                return engine
        raise UnsupportedLanguage(f"no TTS engine in {self.name!r} speaks {lang!r}")

    def voice_for(self, lang: str) -> str:
        """The voice of the first engine supporting ``lang``."""
        return self.engine_for(lang).voice_for(lang)

    def synthesize(self, text: str, lang: str, rate: int = 100) -> Audio:
        """Try each engine supporting ``lang`` in order, falling back on SpeechError."""
        candidates = [e for e in self.engines if e.supports(lang)]
        if not candidates:
            raise UnsupportedLanguage(f"no TTS engine in {self.name!r} speaks {lang!r}")
        failures: list[str] = []
        for engine in candidates:
            try:
                return engine.synthesize(text, lang, rate)
            except SpeechError as exc:
                # Only speech failures fall through; anything else is a bug and propagates.
                log.warning("TTS engine %s failed for %s: %s", engine.name, lang, exc)
                failures.append(f"{engine.name}: {exc}")
        raise SpeechError(f"all TTS engines failed for {lang!r}: " + "; ".join(failures))


def _make_espeak(gtts_timeout: float) -> SpeechEngine:
    from .espeak import EspeakEngine  # imported lazily: espeak.py imports this module

    return EspeakEngine()


def _make_gtts(gtts_timeout: float) -> SpeechEngine:
    from .gtts_engine import GttsEngine

    return GttsEngine(timeout=gtts_timeout)


_FACTORIES: dict[str, Callable[[float], SpeechEngine]] = {
    "espeak": _make_espeak,
    "gtts": _make_gtts,
}
KNOWN_ENGINES: tuple[str, ...] = tuple(sorted(_FACTORIES))


def build_engine(spec: str, *, gtts_timeout: float = 10.0) -> EngineChain:
    """Build the chain named by ``spec`` (the IVR_TTS setting), e.g. "gtts,espeak".

    Names are comma separated, case-insensitive, tried in the order given.
    An unknown, repeated or missing name raises ValueError with a one-line message.
    """
    names = [part.strip().lower() for part in spec.split(",")]
    known = ", ".join(KNOWN_ENGINES)
    if not any(names):
        raise ValueError(f"IVR_TTS is empty; known TTS engines: {known}")
    seen: list[str] = []
    for name in names:
        if name not in _FACTORIES:
            shown = name or "(empty)"
            raise ValueError(f"unknown TTS engine {shown!r} in IVR_TTS={spec!r}; known: {known}")
        if name in seen:
            raise ValueError(f"TTS engine {name!r} listed twice in IVR_TTS={spec!r}")
        seen.append(name)
    return EngineChain([_FACTORIES[name](gtts_timeout) for name in seen])
