"""Content-addressed store of synthesized audio on disk."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

# The only names the store accepts: a sha256 hex key and a known extension.
# fullmatch (not $) so that a trailing newline cannot slip through.
_NAME_RE = re.compile(r"[0-9a-f]{64}\.(wav|mp3)")
_MIME = {"wav": "audio/wav", "mp3": "audio/mpeg"}


class InvalidAudioName(ValueError):
    """A file name that is not ``<64 lowercase hex>.wav`` or ``.mp3``."""


class AudioStore:
    """Audio files named by the sha256 of what produced them, under one directory.

    Names are validated before any path is built, so no name can reach a file
    outside ``root``. Writes are atomic: a reader sees the whole file or none.
    """

    def __init__(self, root: str | Path, *, private: bool = False):
        self.root = Path(root)
        # A private store (callers' recordings) is readable by the service's own user only.
        self.private = private

    @staticmethod
    def key(engine: str, voice: str, rate: int, text: str, processing: str = "") -> str:
        """Stable sha256 hex of the inputs (JSON list, so no field can bleed into another);
        ``processing`` names how the audio was processed, so newly processed audio never reuses
        an old file."""
        fields = [engine, voice, int(rate), text] + ([processing] if processing else [])
        blob = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    @staticmethod
    def filename(key: str, ext: str) -> str:
        """The file name for a key and extension; InvalidAudioName if malformed."""
        name = f"{key}.{ext}"
        _check(name)
        return name

    def path(self, filename: str) -> Path:
        """The path of ``filename`` inside the store; InvalidAudioName if malformed."""
        return self.root / _check(filename)

    def has(self, filename: str) -> bool:
        """Whether the store holds ``filename``."""
        return self.path(filename).is_file()

    @staticmethod
    def mime_for(filename: str) -> str:
        """The Content-Type to serve ``filename`` with."""
        return _MIME[_check(filename).rsplit(".", 1)[1]]

    def write(self, filename: str, data: bytes) -> Path:
        """Store ``data`` as ``filename`` atomically and return its path.

        The bytes go to a temporary file in the same directory, are fsynced,
        then renamed over the final name, so a crash or error never leaves a
        partial file under that name.
        """
        final = self.path(filename)
        self.root.mkdir(mode=0o700 if self.private else 0o777, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".tmp-", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            if not self.private:
                os.chmod(tmp, 0o644)  # mkstemp makes 0600; a separate web server may serve these
            os.replace(tmp, final)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        _fsync_dir(self.root)
        return final


def _check(filename: str) -> str:
    if not isinstance(filename, str) or not _NAME_RE.fullmatch(filename):
        raise InvalidAudioName(f"invalid audio file name: {filename!r}")
    return filename


def _fsync_dir(directory: Path) -> None:
    """Make the rename durable; not all platforms can open a directory, which is fine."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
