"""The content-addressed audio store."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ivr.speech.store import AudioStore, InvalidAudioName

KEY = "aec667bf9040b73756552df6aa7265f1495eef93eae8b4bcb6cf6b0c6f288e08"

BAD_NAMES = [
    "",
    "x.wav",
    "../x",
    "../" + KEY + ".wav",
    "..%2F..%2Fetc%2Fpasswd",
    "/etc/passwd",
    "sub/" + KEY + ".wav",
    KEY.upper() + ".wav",
    KEY + ".WAV",
    KEY + ".ogg",
    KEY + ".wav\n",
    KEY[:-1] + ".wav",
    KEY + "0.wav",
    KEY,
    KEY + ".wav.part",
]


def test_key_is_stable() -> None:
    # Pinned: a change would orphan every stored file (and break year-long client caches).
    assert AudioStore.key("espeak", "ru", 100, "Здравствуйте") == KEY


def test_key_differs_per_field() -> None:
    base = ("espeak", "ru", 100, "Добры дзень")
    variants = [
        ("gtts", "ru", 100, "Добры дзень"),
        ("espeak", "be", 100, "Добры дзень"),
        ("espeak", "ru", 75, "Добры дзень"),
        ("espeak", "ru", 100, "Добры дзень!"),
    ]
    keys = {AudioStore.key(*base)} | {AudioStore.key(*v) for v in variants}
    assert len(keys) == 5
    # Fields cannot bleed into each other as they would when naively joined.
    assert AudioStore.key("a", "b,c", 100, "t") != AudioStore.key("a,b", "c", 100, "t")
    assert AudioStore.key("e", "v", 100, "1 x") != AudioStore.key("e", "v", 1001, " x")


def test_filename_and_mime() -> None:
    assert AudioStore.filename(KEY, "wav") == KEY + ".wav"
    assert AudioStore.mime_for(KEY + ".wav") == "audio/wav"
    assert AudioStore.mime_for(KEY + ".mp3") == "audio/mpeg"
    with pytest.raises(InvalidAudioName):
        AudioStore.filename(KEY, "ogg")


@pytest.mark.parametrize("name", BAD_NAMES)
def test_invalid_names_never_become_paths(tmp_path: Path, name: str) -> None:
    store = AudioStore(tmp_path)
    with pytest.raises(InvalidAudioName):
        store.path(name)
    with pytest.raises(InvalidAudioName):
        store.write(name, b"x")
    assert list(tmp_path.iterdir()) == []


def test_invalid_audio_name_is_a_value_error() -> None:
    assert issubclass(InvalidAudioName, ValueError)


def test_write_creates_directory_and_file(tmp_path: Path) -> None:
    store = AudioStore(tmp_path / "audio" / "deep")
    name = AudioStore.filename(KEY, "mp3")
    assert not store.has(name)
    path = store.write(name, b"ID3 audio")
    assert path == tmp_path / "audio" / "deep" / name
    assert path.read_bytes() == b"ID3 audio"
    assert store.has(name)
    assert os.listdir(store.root) == [name]  # no temporary file left behind
    assert path.stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_failed_write_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    store = AudioStore(tmp_path)
    name = AudioStore.filename(KEY, "wav")
    store.write(name, b"old complete audio")

    def boom(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, failing, boom)
    with pytest.raises(OSError, match="disk full"):
        store.write(name, b"new audio that never lands")
    monkeypatch.undo()
    # The old file is intact and no temporary file remains.
    assert store.path(name).read_bytes() == b"old complete audio"
    assert os.listdir(tmp_path) == [name]


def test_failed_first_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = AudioStore(tmp_path)
    name = AudioStore.filename(KEY, "wav")
    real_fdopen = os.fdopen

    class HalfWriter:
        """Writes part of the data, then fails, like a full disk."""

        def __init__(self, fd: int, mode: str) -> None:
            self.f = real_fdopen(fd, mode)

        def __enter__(self) -> HalfWriter:
            return self

        def __exit__(self, *exc: object) -> None:
            self.f.close()

        def write(self, data: bytes) -> None:
            self.f.write(data[: len(data) // 2])
            self.f.flush()
            raise OSError("No space left on device")

    monkeypatch.setattr(os, "fdopen", HalfWriter)
    with pytest.raises(OSError, match="No space"):
        store.write(name, b"x" * 1000)
    assert not store.has(name)
    assert os.listdir(tmp_path) == []
