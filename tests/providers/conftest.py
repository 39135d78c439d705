"""Fixtures shared with the recordings tests: ``elsewhere``, a local server that is not the provider."""
from tests.messages.test_recordings import elsewhere  # noqa: F401
