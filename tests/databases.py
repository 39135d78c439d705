"""The databases the fuzz and odd-input tests run on: SQLite always, and PostgreSQL (the private
cluster of tests/integration, skipped where it is not installed), since PostgreSQL refuses what
SQLite lets through: NUL bytes in text, strings longer than their column, integers past 2**31.

A test module imports ``postgres`` from here (so pytest finds the fixture) and parametrizes its app
over ``DATABASES`` with ``database_settings`` (or ``app_on_each_database`` for the usual app).
"""
from __future__ import annotations

from typing import Any, Iterator

import pytest
from flask import Flask

from ivr import create_app
from ivr.config import config_for_tests
from ivr.content.store import ensure_database
from ivr.extensions import db

from tests.integration.conftest import postgres  # noqa: F401  (the fixture, for the modules that import it)

DATABASES = ("sqlite", "postgresql")


def database_settings(request: pytest.FixtureRequest, kind: str, prefix: str) -> dict[str, Any]:
    """Settings overrides for an app on ``kind``: nothing for SQLite, a fresh PostgreSQL database else."""
    if kind == "postgresql":
        return {"DATABASE_URL": request.getfixturevalue("postgres").create_database(prefix)}
    return {}


def app_on_each_database(request: pytest.FixtureRequest, folder: Any, prefix: str) -> Iterator[Flask]:
    """The app with the demo office on ``request.param``'s database; errors answer as in production."""
    overrides = {"PROPAGATE_EXCEPTIONS": False, **database_settings(request, request.param, prefix)}
    application = create_app(config_for_tests(folder, **overrides))
    ensure_database(application)
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()  # close PostgreSQL's connections now, not whenever the app is collected
