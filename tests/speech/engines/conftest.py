"""Shared fixtures for the speech tests (the internet guard is in tests/conftest.py)."""

from __future__ import annotations

import pytest

from ivr.speech.engines.espeak import EspeakEngine


@pytest.fixture(scope="session")
def espeak() -> EspeakEngine:
    """One eSpeak engine for the session (the library is process-wide anyway)."""
    return EspeakEngine()
