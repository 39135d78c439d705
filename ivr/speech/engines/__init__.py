"""Text-to-speech engines: ``base`` (what an engine is), one module per engine, and ``registry``
(engines by name, the fallback chain, ``build_engine`` for IVR_TTS)."""

from .base import Audio, SpeechEngine, SpeechError, UnsupportedLanguage
from .espeak import EspeakEngine
from .gtts import GttsEngine
from .registry import KNOWN_ENGINES, EngineChain, build_engine

__all__ = [
    "Audio",
    "EngineChain",
    "EspeakEngine",
    "GttsEngine",
    "KNOWN_ENGINES",
    "SpeechEngine",
    "SpeechError",
    "UnsupportedLanguage",
    "build_engine",
]
