"""A migrated SQLite database with the demo office, made once per test session and copied into each
test's folder: running every migration and seeding the demo for each of two thousand tests took
about a fifth of a second apiece (migrations and seeding have tests of their own)."""
from __future__ import annotations

import atexit
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Iterable

from ivr import create_app
from ivr.config import config_for_tests
from ivr.content.store import ensure_database
from ivr.extensions import db

_made: list[Path] = []


def _template() -> Path:
    if not _made:
        folder = Path(tempfile.mkdtemp(prefix="demo-database-"))
        atexit.register(shutil.rmtree, folder, True)
        app = create_app(config_for_tests(folder))
        ensure_database(app)
        with app.app_context():
            db.engine.dispose()
        _made.append(folder / "test.sqlite3")
    return _made[0]


def copy_demo_database(folder: Path, settings: Iterable[str] = ()) -> None:
    """Put the session's demo database at ``folder``/test.sqlite3 (where ``config_for_tests`` looks),
    unless a database is there already or the test's ``settings`` (override names) choose another
    database, no demo, or synthesis workers (those hear the seed's save and synthesize it)."""
    target = Path(folder) / "test.sqlite3"
    if target.exists() or any(word in name for name in settings for word in ("DATABASE", "SEED", "SYNTH")):
        return
    # SQLite's backup, not a file copy: the newest commits may still be in the write-ahead log.
    source, copy = sqlite3.connect(_template()), sqlite3.connect(target)
    with source, copy:
        source.backup(copy)
    source.close()
    copy.close()
