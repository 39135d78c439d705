"""Which sentence has which stored audio file: the table the webhook reads.

A clip is one sentence in one language at one speech rate, as a given engine configuration speaks
it. Its key is a hash of (engine configuration, language, rate, the text as the voice reads it), so
a changed text or pronunciation is a new clip: a caller never hears the old words after an edit.
"""
from __future__ import annotations

import hashlib
import json
import threading
from datetime import datetime
from typing import Iterable

from sqlalchemy import DateTime, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from ivr.clock import stamp
from ivr.extensions import db

PENDING, READY, FAILED = "pending", "ready", "failed"


class AudioClip(db.Model):
    """One sentence's audio: its state, the file in the store and the engine that made it."""

    __tablename__ = "audio_clip"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    lang: Mapped[str] = mapped_column(String(8))
    rate: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)  # as the caller would read it (for <Say> and staff)
    spoken: Mapped[str] = mapped_column(Text)  # as the voice reads it (pronunciations applied)
    status: Mapped[str] = mapped_column(String(10), default=PENDING, index=True)
    filename: Mapped[str | None] = mapped_column(String(80), nullable=True, index=True)
    engine: Mapped[str] = mapped_column(String(40), default="")
    voice: Mapped[str] = mapped_column(String(40), default="")
    error: Mapped[str] = mapped_column(Text, default="")
    seconds: Mapped[float | None] = mapped_column(nullable=True)  # audio duration
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=stamp, onupdate=stamp)


def clip_key(tts: str, lang: str, rate: int, spoken: str) -> str:
    """The clip's key: sha256 of the engine configuration, language, rate and spoken text."""
    blob = json.dumps([tts, lang, int(rate), spoken], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class ReadyCache:
    """Keys whose audio is ready, per process: a ready clip's file never changes, so once seen it
    needs no query again. Unknown keys are looked up in one query per webhook."""

    def __init__(self, limit: int = 50_000) -> None:
        self.limit = limit
        self.lock = threading.Lock()
        self.files: dict[str, str] = {}

    def lookup(self, keys: Iterable[str]) -> dict[str, str]:
        """The stored file of every key that is ready."""
        wanted = set(keys)
        found = {k: self.files[k] for k in wanted if k in self.files}
        missing = wanted - found.keys()
        if missing:
            rows = db.session.execute(
                select(AudioClip.key, AudioClip.filename).where(AudioClip.key.in_(missing), AudioClip.status == READY)
            ).all()
            with self.lock:
                if len(self.files) > self.limit:
                    self.files.clear()
                for key, filename in rows:
                    if filename:
                        self.files[key] = filename
                        found[key] = filename
        return found

    def forget(self, keys: Iterable[str] | None = None) -> None:
        """Drop these keys (or everything): their files are gone from the store."""
        with self.lock:
            if keys is None:
                self.files.clear()
            for key in keys or ():
                self.files.pop(key, None)
