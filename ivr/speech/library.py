"""The webhook's lookup: the stored audio file that speaks each sentence, where there is one.

Only a lookup: nothing here synthesizes or queues (``ivr.speech.queue`` decides what to make).
A ready clip's file never changes, so ready clips are remembered per process and the database is
asked only about sentences not met before; the files about to be played are checked on disk, so a
caller never hears a <Play> of a file that is gone (an emptied folder, an old database).
"""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Iterable

from flask import Flask
from sqlalchemy import select

from ivr.content.office import Office
from ivr.extensions import db
from ivr.callflow.catalogue import CALLER_SPECIFIC, Sentence, sentences_of
from ivr.speech.clips import READY, AudioClip, sentence_key
from ivr.speech.store import AudioStore

if TYPE_CHECKING:
    from ivr.callflow.steps import Turn  # the call flow's steps (pure data)

_KEY = "ivr.audio_library"


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


class AudioLibrary:
    """Sentence -> stored file, for one engine configuration (``tts``) and one audio store."""

    def __init__(self, tts: str, store: AudioStore) -> None:
        self.tts = tts
        self.store = store
        self.ready = ReadyCache()

    def files_for(self, sentences: Iterable[Sentence], office: Office) -> dict[Sentence, str]:
        """The stored file of each sentence whose audio is ready and on disk; the rest are left out."""
        wanted = {sentence: sentence_key(self.tts, sentence, office) for sentence in sentences}
        ready = self.ready.lookup(wanted.values())
        gone = {key for key, name in ready.items() if not self.store.has(name)}
        if gone:
            # The folder was emptied or replaced: forget those files, so that the clip is made
            # again (synthesis sees the file missing) and asked for again once it is.
            self.ready.forget(gone)
        return {sentence: ready[key] for sentence, key in wanted.items() if key in ready and key not in gone}


def audio_library(app: Flask) -> AudioLibrary:
    """The app's audio library (installed by ``ivr.speech.queue.init_app``)."""
    return app.extensions[_KEY]  # type: ignore[no-any-return]


def install_library(app: Flask, library: AudioLibrary) -> None:
    """Make ``library`` the app's audio library."""
    app.extensions[_KEY] = library


def audio_files(app: Flask, turn: Turn, office: Office) -> dict[Sentence, str]:
    """The stored file of each sentence ``turn`` speaks that has audio ready, keyed by the sentence
    (language, text, rate); a sentence without one is absent (the webhook then uses <Say>).
    Sentences with the caller's own data (``CALLER_SPECIFIC``) are never looked up."""
    return audio_library(app).files_for(sentences_of(turn, CALLER_SPECIFIC), office)
