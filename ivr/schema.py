"""The database schema: Alembic migrations in migrations/, applied on start under a lock.

Every database the app opens is brought to the newest revision with Alembic (never create_all), so a
database made by any version of the app can be upgraded by a later one without losing data. A
database made before migrations existed (by create_all) is adopted: the first revision creates only
the tables and indexes it lacks.
"""
from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import threading
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from flask import Flask
from sqlalchemy import Connection, inspect, text

from ivr.extensions import db

log = logging.getLogger(__name__)

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")

# pg_advisory_lock's key: any constant that no other program on the same database uses.
_PG_LOCK_KEY = zlib.crc32(b"hotline schema migrations")
# Threads of one process share a file lock's owner, so they queue here first.
_THREAD_LOCK = threading.Lock()


def configure_migrations(app: Flask) -> None:
    """Flask-Migrate: the `flask db` commands on the app's database and migrations/."""
    from flask_migrate import Migrate

    # render_as_batch: SQLite cannot ALTER most things, so Alembic copies the table instead.
    Migrate(app, db, directory=MIGRATIONS_DIR, render_as_batch=True, compare_type=True)


def alembic_config(quiet: bool = True):  # noqa: ANN201  (alembic.config.Config)
    """The Alembic configuration of migrations/ (quiet: leave the app's logging alone)."""
    from alembic.config import Config

    config = Config(os.path.join(MIGRATIONS_DIR, "alembic.ini"))
    config.set_main_option("script_location", MIGRATIONS_DIR)
    config.attributes["quiet"] = quiet
    return config


@lru_cache(maxsize=1)
def head_revisions() -> tuple[str, ...]:
    """The newest revision(s) in migrations/versions."""
    from alembic.script import ScriptDirectory

    return tuple(sorted(ScriptDirectory.from_config(alembic_config()).get_heads()))


def current_revisions(connection: Connection) -> tuple[str, ...]:
    """The revision(s) the database is at; () for a database Alembic never touched."""
    if not inspect(connection).has_table("alembic_version"):
        return ()
    return tuple(sorted(row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))))


def upgrade_database(app: Flask, revision: str = "head") -> bool:
    """Bring the app's database to ``revision`` (the newest by default); True if anything ran.

    Cheap when the database is at the newest revision already (one query), so every process may
    call it on start. Concurrent callers (processes or hosts) wait for each other in the lock.
    """
    from alembic import command

    with app.app_context():
        if revision == "head":
            with db.engine.connect() as connection:
                if current_revisions(connection) == head_revisions():
                    return False
        command.upgrade(alembic_config(), revision)
        return True


@contextlib.contextmanager
def migration_lock(connection: Connection) -> Iterator[None]:
    """Hold the database's migration lock while the body runs.

    PostgreSQL: a session advisory lock (every host waits on the same database). SQLite: an
    exclusive lock on a file beside the database (SQLite lives on one host). Other databases: only
    the threads of this process wait for each other.
    """
    dialect = connection.dialect.name
    if dialect == "postgresql":
        with _THREAD_LOCK:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _PG_LOCK_KEY})
            connection.commit()  # the session lock outlives this; Alembic starts its own transaction
            try:
                yield
            finally:
                connection.rollback()
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _PG_LOCK_KEY})
                connection.commit()
        return
    database = connection.engine.url.database if dialect == "sqlite" else None
    if not database or database == ":memory:" or database.startswith("file:"):
        with _THREAD_LOCK:
            yield
        return
    lock_path = database + ".migrate-lock"
    os.makedirs(os.path.dirname(os.path.abspath(lock_path)), exist_ok=True)
    with _THREAD_LOCK, open(lock_path, "a") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)
