"""Fixtures for the integration tests: a throwaway PostgreSQL cluster and Redis server per session."""
from __future__ import annotations

import shutil
from typing import Iterator

import pytest

from tests.integration.servers import Postgres, Redis, start_postgres, start_redis, temporary_folder


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """A PostgreSQL cluster of our own on a free loopback port (skipped where not installed)."""
    base = temporary_folder("hotline-pg-")
    try:
        server = start_postgres(base)
        try:
            yield server
        finally:
            server.stop()
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[Redis]:
    """A Redis server of our own on a free loopback port, keeping nothing on disk."""
    base = temporary_folder("hotline-redis-")
    try:
        server = start_redis(base)
        try:
            yield server
        finally:
            server.stop()
    finally:
        shutil.rmtree(base, ignore_errors=True)
