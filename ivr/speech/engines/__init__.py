"""Text-to-speech engines: ``base`` (what an engine is), one module per engine (``espeak``,
``gtts``), and ``registry`` (engines by name, the fallback chain, ``build_engine`` for IVR_TTS).

A new engine is one module here and one entry in ``registry.FACTORIES``.
"""

from .base import Audio, SpeechEngine, SpeechError, UnsupportedLanguage
from .registry import KNOWN_ENGINES, EngineChain, build_engine

__all__ = [
    "Audio",
    "EngineChain",
    "KNOWN_ENGINES",
    "SpeechEngine",
    "SpeechError",
    "UnsupportedLanguage",
    "build_engine",
]
