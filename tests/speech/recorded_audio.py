"""Audio files a clerk might record, made in the test: a voice-like sound between silences."""
from __future__ import annotations

import io
import wave

import lameenc
import numpy as np


def voice_like(seconds: float, rate: int) -> np.ndarray:
    """A voiced sound (150 Hz and its harmonics up to 3 kHz, with a syllable-rate swell that never
    goes silent), as floats in [-1, 1]."""
    t = np.arange(round(seconds * rate)) / rate
    tone = sum(np.sin(2 * np.pi * 150 * k * t) / k for k in range(1, 21))
    swell = 0.6 + 0.4 * np.sin(2 * np.pi * 4 * t)
    return 0.3 * tone * swell / np.max(np.abs(tone))


def with_silence(sound: np.ndarray, rate: int, before: float, after: float) -> np.ndarray:
    """``sound`` with ``before`` and ``after`` seconds of silence (and a little hiss, as a room has)."""
    quiet = np.random.default_rng(1).normal(0, 0.0003, round((before + after) * rate))
    return np.concatenate([quiet[: round(before * rate)], sound, quiet[round(before * rate):]])


def pcm16(signal: np.ndarray) -> bytes:
    return np.round(np.clip(signal, -1, 1) * 32767).astype("<i2").tobytes()


def wav_file(signal: np.ndarray, rate: int, channels: int = 1) -> bytes:
    """A 16-bit PCM WAV (stereo: the same sound in both channels)."""
    samples = np.repeat(signal, channels) if channels > 1 else signal
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm16(samples))
    return out.getvalue()


def mp3_file(signal: np.ndarray, rate: int) -> bytes:
    """A mono MP3 (128 kbit/s), as a phone's recorder might give."""
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(128)
    encoder.set_in_sample_rate(rate)
    encoder.set_channels(1)
    encoder.set_quality(2)
    return bytes(encoder.encode(pcm16(signal)) + encoder.flush())


def spoken_prompt_wav(seconds: float = 1.5, rate: int = 44100, channels: int = 2) -> bytes:
    """A studio WAV: ``seconds`` of voice between 0.5 s and 0.8 s of silence."""
    return wav_file(with_silence(voice_like(seconds, rate), rate, 0.5, 0.8), rate, channels)
