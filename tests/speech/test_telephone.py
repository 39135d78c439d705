"""Conversion of PCM to 8 kHz µ-law WAV, and reading WAVs back."""

from __future__ import annotations

import io
import math
import struct
import warnings
import wave
from itertools import pairwise

import pytest

from ivr.speech.telephone import is_silent, pcm16_to_telephone_wav, wav_info

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import audioop


def tone(freq: float, rate: int, seconds: float, amp: int = 16000) -> bytes:
    """A sine tone as mono 16-bit little-endian PCM."""
    n = int(rate * seconds)
    return struct.pack(f"<{n}h", *(round(amp * math.sin(2 * math.pi * freq * i / rate)) for i in range(n)))


def decoded(wav: bytes) -> bytes:
    """The µ-law samples of a WAV made by pcm16_to_telephone_wav, as 16-bit PCM."""
    frames = wav_info(wav)["frames"]
    start = wav.index(b"data") + 8
    return audioop.ulaw2lin(wav[start : start + frames], 2)


def chunks(wav: bytes) -> dict[bytes, bytes]:
    out, offset = {}, 12
    while offset + 8 <= len(wav):
        tag, size = wav[offset : offset + 4], struct.unpack_from("<I", wav, offset + 4)[0]
        out[tag] = wav[offset + 8 : offset + 8 + size]
        offset += 8 + size + (size & 1)
    return out


@pytest.mark.parametrize("rate", [22050, 16000])
def test_converts_to_8khz_mulaw_with_right_length(rate: int) -> None:
    wav = pcm16_to_telephone_wav(tone(1000, rate, 1.5), rate)
    info = wav_info(wav)
    assert (info["format"], info["channels"], info["sample_rate"], info["bits"]) == (7, 1, 8000, 8)
    assert abs(info["frames"] - 1.5 * 8000) <= 8
    assert info["duration"] == pytest.approx(1.5, abs=0.002)
    # RIFF header size and the fact chunk agree with the data.
    assert struct.unpack_from("<I", wav, 4)[0] == len(wav) - 8
    parts = chunks(wav)
    assert struct.unpack("<I", parts[b"fact"])[0] == info["frames"]
    assert len(parts[b"fmt "]) == 18
    assert not is_silent(wav)


@pytest.mark.parametrize("rate", [22050, 16000])
def test_voice_band_tone_keeps_pitch_and_level(rate: int) -> None:
    amp = 16000
    pcm8k = decoded(pcm16_to_telephone_wav(tone(1000, rate, 1.0, amp), rate))
    level = audioop.rms(pcm8k, 2) / (amp / math.sqrt(2))
    assert 0.9 < level < 1.1
    samples = struct.unpack(f"<{len(pcm8k) // 2}h", pcm8k)
    crossings = sum(1 for a, b in pairwise(samples) if (a < 0) != (b < 0))
    assert crossings == pytest.approx(2000, rel=0.02)  # still 1 kHz, not pitch-shifted


def test_content_above_4khz_is_filtered_not_aliased() -> None:
    # Plain decimation would fold a 6 kHz tone onto 2 kHz at full level.
    pcm8k = decoded(pcm16_to_telephone_wav(tone(6000, 22050, 1.0), 22050))
    assert audioop.rms(pcm8k, 2) < 0.02 * 16000


def test_8khz_input_odd_length_is_padded_correctly() -> None:
    pcm = tone(440, 8000, 1.0) + struct.pack("<h", 1000)  # 8001 samples: odd data chunk
    wav = pcm16_to_telephone_wav(pcm, 8000)
    assert wav_info(wav)["frames"] == 8001
    assert len(wav) % 2 == 0
    assert struct.unpack_from("<I", wav, 4)[0] == len(wav) - 8


def test_upsamples_low_rates() -> None:
    info = wav_info(pcm16_to_telephone_wav(tone(300, 4000, 1.0), 4000))
    assert abs(info["frames"] - 8000) <= 4


def test_silence_is_silent_and_speech_level_is_not() -> None:
    assert is_silent(pcm16_to_telephone_wav(bytes(2 * 22050), 22050))
    assert is_silent(pcm16_to_telephone_wav(b"", 22050))
    assert not is_silent(pcm16_to_telephone_wav(tone(500, 22050, 0.5, amp=1000), 22050))


def test_is_silent_reads_16bit_pcm_wav() -> None:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(tone(500, 16000, 0.2))
    info = wav_info(buf.getvalue())
    assert (info["format"], info["bits"], info["frames"]) == (1, 16, 3200)
    assert not is_silent(buf.getvalue())


def test_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        pcm16_to_telephone_wav(b"\x00\x01\x02", 22050)
    with pytest.raises(ValueError):
        pcm16_to_telephone_wav(b"\x00\x00", 0)
    with pytest.raises(ValueError):
        wav_info(b"ID3\x04" + bytes(100))
    with pytest.raises(ValueError):
        wav_info(pcm16_to_telephone_wav(tone(440, 8000, 0.1), 8000)[:-100])  # truncated data
