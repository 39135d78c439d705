"""Fixtures for the integration tests: a throwaway PostgreSQL cluster and Redis server per session."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from tests.integration.servers import Postgres, Redis, start_postgres, start_redis, temporary_folder


def _served(prefix: str, start: Callable[[Path], Any]) -> Iterator[Any]:
    """Start a server in a throwaway folder, yield it, stop it and remove the folder."""
    base = temporary_folder(prefix)
    try:
        server = start(base)
        try:
            yield server
        finally:
            server.stop()
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """A PostgreSQL cluster of our own on a free loopback port (skipped where not installed)."""
    yield from _served("hotline-pg-", start_postgres)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[Redis]:
    """A Redis server of our own on a free loopback port, keeping nothing on disk."""
    yield from _served("hotline-redis-", start_redis)
