"""Recorded prompts: a clerk's audio file made into telephone audio and kept with the prompt.

An upload (WAV, MP3, FLAC, Ogg Vorbis through miniaudio; Ogg/Opus, WebM from the browser's
recorder and M4A through the ffmpeg program) is decoded to mono PCM and processed exactly like
synthesized speech (``telephone_speech``: its silence trimmed, 0.2 s of pause at each end, one
loudness, the peaks limited, 8 kHz µ-law WAV). The file is stored under the sha256 of its bytes in
the recorded-prompts store (``audio/recorded``), and the office document gets a new revision that
names it for the prompt's current text.

The decoded original (16 kHz mono WAV) is kept too, in a private store never served
(``audio/recorded-originals``): when the audio processing changes (``PROCESSING``), the synthesis
run remakes every recording from its original, as it remakes the synthesized clips.
"""
from __future__ import annotations

import hashlib
import io
import json
import logging
import shutil
import subprocess
import tempfile
import wave
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
import miniaudio
from flask import Flask
from sqlalchemy import select

from ivr.clock import now
from ivr.config import settings
from ivr.content.models import Revision, RevisionNote
from ivr.content.recordings import recordable, recording_for_text, with_recording
from ivr.content.store import EditConflict, current_office, save_office
from ivr.extensions import db
from ivr.speech.store import AudioStore
from ivr.speech.telephone import PROCESSING, levels, telephone_speech

log = logging.getLogger(__name__)

DECODE_RATE = 16000  # decoded at this rate, then band-limited to 8 kHz like the synthesized speech
MAX_SECONDS = 60.0  # a prompt is a sentence or two; a longer file is a mistake
FFMPEG_TIMEOUT = 60
# Who a revision that only remade recordings under a new audio processing is saved by.
REPROCESS_AUTHOR = "audio processing"
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


def originals_store(app: Flask) -> AudioStore:
    """The store of recordings as decoded before processing, kept to process them again: private
    (readable by the service alone) and served by no route."""
    return AudioStore(Path(settings(app).audio_dir) / "recorded-originals", private=True)


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


def prompt_audio(pcm: bytes, rate: int) -> bytes:
    """A clerk's decoded audio as a stored prompt: telephone WAV, trimmed, padded and normalised."""
    if len(pcm) / 2 / rate > MAX_SECONDS:
        raise RecordingError("too_long", f"the recording is longer than {MAX_SECONDS:.0f} seconds")
    try:
        return telephone_speech([(pcm, rate)])
    except ValueError:
        raise RecordingError("silent", "the recording is silent") from None


def original_wav(pcm: bytes, rate: int) -> bytes:
    """Decoded audio as the kept original: a 16-bit mono WAV that miniaudio reads back unchanged."""
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm)
    return out.getvalue()


def stored(store: AudioStore, data: bytes) -> str:
    """``data`` written to ``store`` under the sha256 of its bytes; the file's name."""
    name = AudioStore.filename(hashlib.sha256(data).hexdigest(), "wav")
    store.write(name, data)
    return name


def unrecordable(key: str, lang: str) -> str:
    """Why prompt ``key`` cannot be recorded in ``lang``."""
    return f"{key} ({lang}) has placeholders or does not exist: it stays synthesized"


def keep_recording(app: Flask, key: str, lang: str, data: bytes, *, author: str) -> int:
    """Make ``data`` the recording of prompt ``key`` in ``lang`` (for its current text) and save
    that as a new revision; its number. RecordingError for a prompt that cannot be recorded or a
    file that is not usable audio."""
    if not recordable(key, lang):
        raise RecordingError("placeholders", unrecordable(key, lang))
    pcm, rate = decoded(data)
    audio = prompt_audio(pcm, rate)
    # Both files are written before the revision that names them (a call trusts the revision).
    name = stored(recorded_store(app), audio)
    original = stored(originals_store(app), original_wav(pcm, rate))
    current = current_office()
    recording = recording_for_text(current.office, key, lang, name, levels(audio).duration, original=original,
                                   processing=PROCESSING)
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


def remake_recordings(app: Flask) -> int:
    """Process again, from its kept original, every recording of the current office made under
    another audio processing than ``PROCESSING``, and save them as one new revision; how many were
    remade. Recordings made before originals were kept stay as they are (README). Never fails the
    synthesis run that calls it: a clerk's save in between leaves it to the next run."""
    current = current_office()
    originals, office, remade = originals_store(app), current.office, 0
    for key, by_lang in current.office.recordings.items():
        for lang, recording in by_lang.items():
            if recording.processing == PROCESSING or not recording.original or not originals.has(recording.original):
                continue
            try:
                audio = prompt_audio(*decoded(originals.path(recording.original).read_bytes()))
            except RecordingError:
                log.exception("could not process the original of %s (%s) again", key, lang)
                continue
            again = replace(recording, file=stored(recorded_store(app), audio),
                            seconds=round(levels(audio).duration, 2), processing=PROCESSING)
            office, remade = with_recording(office, key, lang, again), remade + 1
    if remade:
        try:
            save_office(office, author=REPROCESS_AUTHOR, note=RevisionNote("reprocessed", {"count": str(remade)}),
                        base=current.revision)
        except EditConflict:
            log.info("a clerk saved while recordings were processed again; the next run does it")
            return 0
    return remade


def files_in_use() -> set[str]:
    """The recording files (and kept originals) some revision names."""
    used = set()
    for data in db.session.execute(select(Revision.data)).scalars():
        recordings = json.loads(data).get("recordings") or {}
        used |= {str(r.get(part)) for by_lang in recordings.values() for r in by_lang.values()
                 for part in ("file", "original") if r.get(part)}
    return used


def purge_recordings(app: Flask) -> int:
    """Remove the recorded prompts and kept originals no revision names (older than PURGE_GRACE);
    how many."""
    used = files_in_use()
    cutoff = (now(app) - PURGE_GRACE).timestamp()
    removed = 0
    for store in (recorded_store(app), originals_store(app)):
        if not store.root.is_dir():
            continue
        for path in store.root.glob("*.wav"):
            if path.name not in used and path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
                removed += 1
    return removed
