"""Conversion of synthesized speech to telephone audio (8 kHz mono µ-law WAV)."""

from __future__ import annotations

import math
import struct
import warnings
from functools import lru_cache
from typing import Any

with warnings.catch_warnings():
    # audioop is deprecated in 3.11/3.12 (and pytest turns warnings into errors);
    # on 3.13+ the audioop-lts package provides a module of the same name.
    warnings.simplefilter("ignore", DeprecationWarning)
    try:
        import audioop
    except ModuleNotFoundError as exc:  # pragma: no cover - only on 3.13+ without audioop-lts
        raise ImportError("audioop is missing: on Python 3.13+ install 'audioop-lts'") from exc

TELEPHONE_RATE = 8000
WAVE_FORMAT_PCM = 1
WAVE_FORMAT_ALAW = 6
WAVE_FORMAT_MULAW = 7

# Low-pass before decimating to 8 kHz, so that energy above 4 kHz (eSpeak's
# fricatives reach 10 kHz) does not fold back into the voice band as hiss.
# Passband up to ~3.4 kHz (the telephone band), stopband from ~4 kHz.
_CUTOFF_HZ = 3700.0
_TRANSITION_HZ = 600.0


def pcm16_to_telephone_wav(pcm: bytes, sample_rate: int) -> bytes:
    """Convert mono 16-bit little-endian PCM at any rate to an 8 kHz mono µ-law WAV."""
    if sample_rate <= 0:
        raise ValueError(f"sample rate must be positive, got {sample_rate}")
    if len(pcm) % 2:
        raise ValueError("16-bit PCM must have an even number of bytes")
    pcm8k = _resample_to_8k(pcm, sample_rate)
    return _mulaw_wav(audioop.lin2ulaw(pcm8k, 2), TELEPHONE_RATE)


def _resample_to_8k(pcm: bytes, sample_rate: int) -> bytes:
    """Band-limit and resample 16-bit PCM to 8 kHz."""
    if not pcm or sample_rate == TELEPHONE_RATE:
        return pcm
    if sample_rate < TELEPHONE_RATE:
        # Upsampling: nothing above 4 kHz to remove.
        return audioop.ratecv(pcm, 2, 1, sample_rate, TELEPHONE_RATE, None)[0]
    # Work in 32-bit with the signal scaled down by 4: the filter's partial sums
    # then never saturate, and precision stays far below one 16-bit step.
    wide = audioop.mul(audioop.lin2lin(pcm, 2, 4), 4, 0.25)
    filtered = _fir_symmetric(wide, 4, _lowpass_taps(sample_rate))
    resampled = audioop.ratecv(filtered, 4, 1, sample_rate, TELEPHONE_RATE, None)[0]
    return audioop.lin2lin(audioop.mul(resampled, 4, 4.0), 4, 2)


@lru_cache(maxsize=8)
def _lowpass_taps(sample_rate: int) -> tuple[float, ...]:
    """Hamming-windowed sinc low-pass taps (odd length, symmetric, unity DC gain)."""
    n = int(math.ceil(3.3 * sample_rate / _TRANSITION_HZ)) | 1  # Hamming: width ≈ 3.3·fs/N
    mid = n // 2
    fc = _CUTOFF_HZ / sample_rate
    taps = []
    for i in range(n):
        k = i - mid
        sinc = 2 * fc if k == 0 else math.sin(2 * math.pi * fc * k) / (math.pi * k)
        taps.append(sinc * (0.54 - 0.46 * math.cos(2 * math.pi * i / (n - 1))))
    total = sum(taps)
    return tuple(t / total for t in taps)


def _fir_symmetric(signal: bytes, width: int, taps: tuple[float, ...]) -> bytes:
    """Zero-phase FIR filter built from audioop's C primitives (no numpy needed).

    Each tap is one shifted copy of the whole signal, scaled and added, so the
    per-sample work runs in C; symmetric taps let x[n-d] and x[n+d] share a multiply.
    """
    mid = len(taps) // 2
    size = len(signal)
    out = audioop.mul(signal, width, taps[mid])
    for d in range(1, mid + 1):
        shift = d * width
        if shift >= size:
            break
        zeros = bytes(shift)
        earlier = zeros + signal[: size - shift]  # x[n - d]
        later = signal[shift:] + zeros  # x[n + d]
        pair = audioop.add(earlier, later, width)
        out = audioop.add(out, audioop.mul(pair, width, taps[mid + d]), width)
    return out


def _chunk(tag: bytes, body: bytes) -> bytes:
    pad = b"\x00" if len(body) % 2 else b""  # RIFF chunks are word aligned
    return tag + struct.pack("<I", len(body)) + body + pad


def _mulaw_wav(ulaw: bytes, rate: int) -> bytes:
    """Wrap µ-law samples in a WAV: an 18-byte fmt, a fact chunk (required for non-PCM), data."""
    fmt = struct.pack("<HHIIHHH", WAVE_FORMAT_MULAW, 1, rate, rate, 1, 8, 0)
    body = b"WAVE" + _chunk(b"fmt ", fmt) + _chunk(b"fact", struct.pack("<I", len(ulaw)))
    body += _chunk(b"data", ulaw)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _parse_wav(data: bytes) -> tuple[dict[str, Any], bytes]:
    """Return (wav_info dict, raw sample bytes); ValueError if not a usable WAV."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise ValueError("not a RIFF/WAVE file")
    fmt: tuple[int, ...] | None = None
    samples: bytes | None = None
    offset = 12
    while offset + 8 <= len(data):
        tag = data[offset : offset + 4]
        (size,) = struct.unpack_from("<I", data, offset + 4)
        body = data[offset + 8 : offset + 8 + size]
        if len(body) < size:
            raise ValueError(f"truncated {tag!r} chunk")
        if tag == b"fmt ":
            if size < 16:
                raise ValueError("fmt chunk too short")
            fmt = struct.unpack_from("<HHIIHH", body)
        elif tag == b"data":
            samples = body
        offset += 8 + size + (size & 1)
    if fmt is None or samples is None:
        raise ValueError("WAV lacks a fmt or data chunk")
    tag_, channels, rate, _byte_rate, block_align, bits = fmt
    if block_align == 0 or rate == 0:
        raise ValueError("WAV has zero block align or sample rate")
    frames = len(samples) // block_align
    info = {
        "format": tag_,
        "channels": channels,
        "sample_rate": rate,
        "bits": bits,
        "frames": frames,
        "duration": frames / rate,
    }
    return info, samples


def wav_info(data: bytes) -> dict[str, Any]:
    """Describe a WAV file from its RIFF chunks.

    Keys: format (format tag: 1 PCM, 7 µ-law), channels, sample_rate, bits,
    frames, duration (seconds). Raises ValueError if ``data`` is not a WAV.
    """
    return _parse_wav(data)[0]


def is_silent(data: bytes, threshold: int = 100) -> bool:
    """Whether a WAV (µ-law, A-law or 16-bit PCM) is silent: RMS at most ``threshold``.

    The RMS is on the 16-bit scale (full scale 32767); speech is in the thousands.
    """
    info, samples = _parse_wav(data)
    if info["format"] == WAVE_FORMAT_MULAW and info["bits"] == 8:
        pcm = audioop.ulaw2lin(samples, 2)
    elif info["format"] == WAVE_FORMAT_ALAW and info["bits"] == 8:
        pcm = audioop.alaw2lin(samples, 2)
    elif info["format"] == WAVE_FORMAT_PCM and info["bits"] == 16:
        pcm = samples[: len(samples) // 2 * 2]
    else:
        raise ValueError(f"cannot decode WAV format {info['format']} with {info['bits']} bits")
    if not pcm:
        return True
    return audioop.rms(pcm, 2) <= threshold
