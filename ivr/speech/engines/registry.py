"""The engines by name, the fallback chain, and ``build_engine`` for the IVR_TTS setting.

A new engine is one module in this package (a class with ``name``, ``supports``, ``voice_for``
and ``synthesize``, see ``base.SpeechEngine``) and one entry in ``FACTORIES`` below.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from .base import Audio, SpeechEngine, SpeechError, UnsupportedLanguage
from .espeak import EspeakEngine
from .gtts import GttsEngine

log = logging.getLogger(__name__)


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


# Name in IVR_TTS -> how to make the engine; the argument is the time budget of an online
# engine (IVR_GTTS_TIMEOUT). Engines load their libraries on first use, so making one is cheap.
FACTORIES: dict[str, Callable[[float], SpeechEngine]] = {
    "espeak": lambda timeout: EspeakEngine(),
    "gtts": lambda timeout: GttsEngine(timeout=timeout),
}
KNOWN_ENGINES: tuple[str, ...] = tuple(sorted(FACTORIES))


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
        if name not in FACTORIES:
            shown = name or "(empty)"
            raise ValueError(f"unknown TTS engine {shown!r} in IVR_TTS={spec!r}; known: {known}")
        if name in seen:
            raise ValueError(f"TTS engine {name!r} listed twice in IVR_TTS={spec!r}")
        seen.append(name)
    return EngineChain([FACTORIES[name](gtts_timeout) for name in seen])
