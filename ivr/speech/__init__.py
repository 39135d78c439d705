"""Text-to-speech for the IVR: engines, telephone audio, the audio store and its route."""

from .engines import (
    Audio,
    EngineChain,
    SpeechEngine,
    SpeechError,
    UnsupportedLanguage,
    build_engine,
)
from .espeak import EspeakEngine
from .gtts_engine import GttsEngine
from .routes import audio_bp
from .store import AudioStore, InvalidAudioName
from .telephone import is_silent, pcm16_to_telephone_wav, wav_info

__all__ = [
    "Audio",
    "AudioStore",
    "EngineChain",
    "EspeakEngine",
    "GttsEngine",
    "InvalidAudioName",
    "SpeechEngine",
    "SpeechError",
    "UnsupportedLanguage",
    "audio_bp",
    "build_engine",
    "is_silent",
    "pcm16_to_telephone_wav",
    "wav_info",
]
