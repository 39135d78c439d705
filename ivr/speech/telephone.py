"""Conversion of synthesized speech to telephone audio (8 kHz mono µ-law WAV), and the processing
every stored sentence gets: its own silence trimmed, a fixed pause at each end and between its
sentences, one loudness (ITU-R BS.1770 via pyloudnorm) with the peaks kept below a ceiling."""

from __future__ import annotations

import math
import struct
import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Sequence

import miniaudio
import numpy as np
import pyloudnorm
from scipy.ndimage import minimum_filter1d, uniform_filter1d

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

# The processing of stored speech. PROCESSING is part of every clip's key and file name: change it
# whenever the processing changes, and every clip is made again (old files are never reused).
PROCESSING = "pauses-loudness-2"
EDGE_SILENCE = 0.16  # seconds at each end of a file: two <Play>s in a row pause 0.32 s (a heard pause, no dead air)
SENTENCE_PAUSE = 0.35  # seconds between two sentences inside one file, at the normal speech rate
MAX_SENTENCE_PAUSE = 0.6  # ... and at most this (slow speech pauses longer)
TARGET_LUFS = -23.0  # EBU R 128's programme loudness, the same for every language, rate and engine
PEAK_CEILING_DBFS = -3.5  # half a dB under the -3 dBFS limit, for µ-law's rounding
PAUSE = 0.3  # a stretch of silence at least this long is a pause a caller hears
_FRAME = 0.01  # seconds per frame when looking for silence
_SILENCE_BELOW_PEAK_DB = 40.0  # a frame this far under the loudest frame is silence
_LIMITER_LOOKAHEAD = 0.005  # seconds over which the peak limiter turns the gain down and up


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


@dataclass(frozen=True)
class Levels:
    """What a caller hears of one telephone WAV: its length, loudness (LUFS), peak (dBFS), the
    silence at its head and tail and the pauses (start, length) inside, all in seconds."""

    duration: float
    loudness: float
    peak: float
    head: float
    tail: float
    pauses: tuple[tuple[float, float], ...]

    @property
    def longest_without_pause(self) -> float:
        """The longest stretch, in seconds, between two pauses (or a pause and an end)."""
        edges = [(0.0, self.head)] + list(self.pauses) + [(self.duration - self.tail, self.tail)]
        return max((b[0] - (a[0] + a[1]) for a, b in zip(edges, edges[1:])), default=0.0)


def sentence_pause(rate: int) -> float:
    """Seconds of silence between two sentences at speech ``rate`` (percent): SENTENCE_PAUSE at the
    normal rate, longer for slow speech, at most MAX_SENTENCE_PAUSE."""
    return min(MAX_SENTENCE_PAUSE, SENTENCE_PAUSE * 100 / max(rate, 1))


def telephone_speech(sentences: Sequence[tuple[bytes, int]], pause: float = SENTENCE_PAUSE) -> bytes:
    """One telephone WAV from the 16-bit mono PCM (samples, sample rate) of each sentence: each
    trimmed of its own silence, ``pause`` seconds between them, EDGE_SILENCE at both ends, the
    whole at TARGET_LUFS with its peaks at most PEAK_CEILING_DBFS."""
    edge = np.zeros(round(EDGE_SILENCE * TELEPHONE_RATE))
    gap = np.zeros(round(pause * TELEPHONE_RATE))
    spoken = [_trimmed(_samples(_resample_to_8k(pcm, rate))) for pcm, rate in sentences]
    spoken = [s for s in spoken if s.size]
    if not spoken:
        raise ValueError("the audio is silent")
    pieces = [edge]
    for i, samples in enumerate(spoken):
        pieces += [gap, samples] if i else [samples]
    signal = _normalised(np.concatenate(pieces + [edge]))
    pcm = np.round(signal * 32767).astype("<i2").tobytes()
    return _mulaw_wav(audioop.lin2ulaw(pcm, 2), TELEPHONE_RATE)


def decoded_pcm16(data: bytes, ext: str) -> tuple[bytes, int]:
    """(16-bit mono PCM, sample rate) of an engine's audio: a WAV (µ-law, A-law or 16-bit PCM) or
    an MP3 (gTTS's), which miniaudio decodes. ValueError if it cannot be decoded."""
    if ext == "mp3":
        try:
            sound = miniaudio.decode(data, miniaudio.SampleFormat.SIGNED16, nchannels=1, sample_rate=24000)
        except miniaudio.DecodeError as exc:
            raise ValueError(f"not a decodable MP3: {exc}") from None
        return sound.samples.tobytes(), sound.sample_rate
    info, samples = _parse_wav(data)
    return _pcm16(info, samples), info["sample_rate"]


def levels(data: bytes) -> Levels:
    """Measure a telephone WAV as a caller would hear it (see Levels)."""
    info, raw = _parse_wav(data)
    signal = _samples(_pcm16(info, raw))
    rate = info["sample_rate"]
    frame = max(1, round(_FRAME * rate))
    quiet = _quiet_frames(signal, frame)
    runs = []  # (start, length) in frames of every quiet stretch
    start = None
    for i, q in enumerate(list(quiet) + [False]):
        if q and start is None:
            start = i
        elif not q and start is not None:
            runs.append((start, i - start))
            start = None
    step = frame / rate
    head = runs[0][1] * step if runs and runs[0][0] == 0 else 0.0
    tail = runs[-1][1] * step if runs and sum(runs[-1]) == len(quiet) else 0.0
    inner = tuple((s * step, n * step) for s, n in runs if s > 0 and s + n < len(quiet) and n * step >= PAUSE)
    peak = float(np.max(np.abs(signal))) if signal.size else 0.0
    return Levels(duration=info["duration"], loudness=_loudness(signal, rate),
                  peak=20 * math.log10(peak) if peak > 0 else -math.inf, head=head, tail=tail, pauses=inner)


def _pcm16(info: dict[str, Any], samples: bytes) -> bytes:
    """The 16-bit PCM of a WAV's samples (µ-law, A-law or 16-bit PCM, mono)."""
    if info["channels"] != 1:
        raise ValueError(f"expected mono audio, got {info['channels']} channels")
    if info["format"] == WAVE_FORMAT_MULAW and info["bits"] == 8:
        return audioop.ulaw2lin(samples, 2)
    if info["format"] == WAVE_FORMAT_ALAW and info["bits"] == 8:
        return audioop.alaw2lin(samples, 2)
    if info["format"] == WAVE_FORMAT_PCM and info["bits"] == 16:
        return samples[: len(samples) // 2 * 2]
    raise ValueError(f"cannot decode WAV format {info['format']} with {info['bits']} bits")


def _samples(pcm: bytes) -> np.ndarray:
    """16-bit PCM as floats in [-1, 1)."""
    return np.frombuffer(pcm[: len(pcm) // 2 * 2], dtype="<i2").astype(np.float64) / 32768.0


def _quiet_frames(signal: np.ndarray, frame: int) -> np.ndarray:
    """Per frame of ``frame`` samples, whether it is silence (far under the loudest frame)."""
    count = -(-signal.size // frame)
    padded = np.zeros(count * frame)
    padded[: signal.size] = signal
    rms = np.sqrt(np.mean(padded.reshape(count, frame) ** 2, axis=1))
    loudest = rms.max(initial=0.0)
    return rms <= loudest * 10 ** (-_SILENCE_BELOW_PEAK_DB / 20)


def _trimmed(signal: np.ndarray) -> np.ndarray:
    """``signal`` without its leading and trailing silence."""
    frame = round(_FRAME * TELEPHONE_RATE)
    loud = np.flatnonzero(~_quiet_frames(signal, frame))
    if not loud.size:
        return signal[:0]
    return signal[loud[0] * frame : (loud[-1] + 1) * frame]


def _loudness(signal: np.ndarray, rate: int) -> float:
    """Integrated loudness (LUFS, ITU-R BS.1770-4); -inf for silence or audio under one block."""
    meter = pyloudnorm.Meter(rate)
    if signal.size <= meter.block_size * rate or not np.any(signal):
        return -math.inf
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pyloudnorm warns of possible clipping; we limit afterwards
        return float(meter.integrated_loudness(signal))


def _normalised(signal: np.ndarray) -> np.ndarray:
    """``signal`` at TARGET_LUFS with its peaks limited to PEAK_CEILING_DBFS. Limiting takes a
    little loudness away, so gain and limiter are applied a few times until both hold."""
    ceiling = 10 ** (PEAK_CEILING_DBFS / 20)
    for _ in range(4):
        loudness = _loudness(signal, TELEPHONE_RATE)
        if not math.isfinite(loudness) or abs(loudness - TARGET_LUFS) < 0.1:
            break
        signal = _limited(signal * 10 ** ((TARGET_LUFS - loudness) / 20), ceiling)
    return _limited(signal, ceiling)


def _limited(signal: np.ndarray, ceiling: float) -> np.ndarray:
    """A look-ahead peak limiter: the gain each sample needs to stay under ``ceiling``, spread
    over the neighbouring samples (a minimum, then a moving average half as wide, which never
    exceeds the minimum's gain at a peak) so the gain moves smoothly instead of clipping."""
    reach = max(1, round(_LIMITER_LOOKAHEAD * TELEPHONE_RATE))
    needed = np.minimum(1.0, ceiling / np.maximum(np.abs(signal), 1e-12))
    gain = uniform_filter1d(minimum_filter1d(needed, 2 * reach + 1), reach + 1)
    return np.clip(signal * np.minimum(gain, needed), -ceiling, ceiling)


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
    pcm = _pcm16(info, samples)
    if not pcm:
        return True
    return audioop.rms(pcm, 2) <= threshold
