"""The app with jambonz's webhook secret configured, and simulated callers on its jambonz endpoints."""
from __future__ import annotations

from typing import Callable

import pytest

from ivr import clock
from ivr.config import change
from tests.jambonz.caller import SECRET, JambonzCaller


@pytest.fixture
def jambonz_app(app):
    change(app, IVR_JAMBONZ_WEBHOOK_SECRET=SECRET)
    return app


@pytest.fixture
def jambonz_caller(jambonz_app) -> Callable[..., JambonzCaller]:
    """A new call through the signed jambonz webhooks (signed at the app's own clock)."""

    def new_call(**kwargs) -> JambonzCaller:
        return JambonzCaller(jambonz_app.test_client(), clock=lambda: clock.now(jambonz_app).timestamp(), **kwargs)

    return new_call
