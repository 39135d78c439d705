"""Recorded prompts: a clerk's audio file made into telephone audio and kept with the prompt.

An upload (WAV, MP3, FLAC, Ogg Vorbis through miniaudio; Ogg/Opus, WebM from the browser's
recorder and M4A through the ffmpeg program) is decoded to mono PCM and processed exactly like
synthesized speech (``telephone_speech``: its silence trimmed, 0.2 s of pause at each end, one
loudness, the peaks limited, 8 kHz µ-law WAV). The file is stored under the sha256 of its bytes in
the recorded-prompts store (``audio/recorded``), and the office document gets a new revision that
names it for the prompt's current text.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path
import miniaudio
from flask import Flask
from sqlalchemy import select

from ivr.clock import now
from ivr.config import settings
from ivr.content.models import Revision, RevisionNote
from ivr.content.recordings import recordable, recording_for_text, with_recording
from ivr.content.store import current_office, save_office
from ivr.extensions import db
from ivr.speech.store import AudioStore
from ivr.speech.telephone import levels, telephone_speech

DECODE_RATE = 16000  # decoded at this rate, then band-limited to 8 kHz like the synthesized speech
MAX_SECONDS = 60.0  # a prompt is a sentence or two; a longer file is a mistake
FFMPEG_TIMEOUT = 60
# A file no revision names is removed by purge only once it is this old: an upload writes its file
# a moment before the revision that names it is saved.
PURGE_GRACE = timedelta(hours=1)


class RecordingError(ValueError):
    """An audio file that cannot be made into a prompt; the message says why (in English, for the
    command line) and ``reason`` names it for the staff pages' words."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


def recorded_store(app: Flask) -> AudioStore:
    """The store of recorded prompts: public (callers hear them), beside the synthesized audio."""
    return AudioStore(Path(settings(app).audio_dir) / "recorded")


def decoded(data: bytes) -> tuple[bytes, int]:
    """(16-bit mono PCM, sample rate) of an audio file; RecordingError when it cannot be decoded."""
    if not data:
        raise RecordingError("empty", "the file is empty")
    try:
        sound = miniaudio.decode(data, miniaudio.SampleFormat.SIGNED16, nchannels=1, sample_rate=DECODE_RATE)
        return sound.samples.tobytes(), DECODE_RATE
    except miniaudio.DecodeError:
        pass  # not WAV, MP3, FLAC or Vorbis: perhaps Opus or M4A, which ffmpeg reads
    return _ffmpeg_decoded(data), DECODE_RATE


def _ffmpeg_decoded(data: bytes) -> bytes:
    program = shutil.which("ffmpeg")
    if program is None:
        raise RecordingError("no_ffmpeg", "this file is not WAV, MP3, FLAC or Ogg Vorbis, and ffmpeg "
                             "(needed for Opus, WebM and M4A) is not installed")
    # A file, not a pipe: an M4A's index may sit at its end, which ffmpeg must seek to.
    with tempfile.NamedTemporaryFile(suffix=".upload") as source:
        source.write(data)
        source.flush()
        try:
            done = subprocess.run([program, "-nostdin", "-v", "error", "-i", source.name, "-vn", "-f", "s16le",
                                   "-ac", "1", "-ar", str(DECODE_RATE), "pipe:1"],
                                  capture_output=True, timeout=FFMPEG_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise RecordingError("unreadable", "the file took too long to decode") from None
    if done.returncode != 0 or not done.stdout:
        raise RecordingError("unreadable", "this is not an audio file we can read (WAV, MP3, OGG/Opus, M4A, FLAC)")
    return done.stdout


def prompt_audio(data: bytes) -> bytes:
    """A clerk's audio file as a stored prompt: telephone WAV, trimmed, padded and normalised."""
    pcm, rate = decoded(data)
    if len(pcm) / 2 / rate > MAX_SECONDS:
        raise RecordingError("too_long", f"the recording is longer than {MAX_SECONDS:.0f} seconds")
    try:
        return telephone_speech([(pcm, rate)])
    except ValueError:
        raise RecordingError("silent", "the recording is silent") from None


def unrecordable(key: str, lang: str) -> str:
    """Why prompt ``key`` cannot be recorded in ``lang``."""
    return f"{key} ({lang}) has placeholders or does not exist: it stays synthesized"


def keep_recording(app: Flask, key: str, lang: str, data: bytes, *, author: str) -> int:
    """Make ``data`` the recording of prompt ``key`` in ``lang`` (for its current text) and save
    that as a new revision; its number. RecordingError for a prompt that cannot be recorded or a
    file that is not usable audio."""
    if not recordable(key, lang):
        raise RecordingError("placeholders", unrecordable(key, lang))
    audio = prompt_audio(data)
    name = AudioStore.filename(hashlib.sha256(audio).hexdigest(), "wav")
    recorded_store(app).write(name, audio)
    current = current_office()
    recording = recording_for_text(current.office, key, lang, name, levels(audio).duration)
    office = with_recording(current.office, key, lang, recording)
    return save_office(office, author=author, note=RevisionNote("recorded", {"prompt": key, "lang": lang}),
                       base=current.revision)


def drop_recording(key: str, lang: str, *, author: str) -> int | None:
    """Remove the recording of ``key`` in ``lang`` (a new revision; its number), None if there was none."""
    current = current_office()
    if lang not in current.office.recordings.get(key, {}):
        return None
    office = with_recording(current.office, key, lang, None)
    return save_office(office, author=author, note=RevisionNote("unrecorded", {"prompt": key, "lang": lang}),
                       base=current.revision)


def files_in_use() -> set[str]:
    """The recording files some revision names."""
    used = set()
    for data in db.session.execute(select(Revision.data)).scalars():
        recordings = json.loads(data).get("recordings") or {}
        used |= {str(r.get("file")) for by_lang in recordings.values() for r in by_lang.values()}
    return used


def purge_recordings(app: Flask) -> int:
    """Remove the recorded prompts no revision names (older than PURGE_GRACE); how many."""
    store = recorded_store(app)
    if not store.root.is_dir():
        return 0
    used = files_in_use()
    cutoff = (now(app) - PURGE_GRACE).timestamp()
    removed = 0
    for path in store.root.glob("*.wav"):
        if path.name not in used and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
