"""The stand-in for Twilio's media host (tests/messages/twilio_media.py) as a fixture."""
from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer

import pytest

from ivr.config import change
from tests.messages.twilio_media import ACCOUNT, RECORDING, TwilioMedia


@pytest.fixture
def media(app):
    TwilioMedia.failures_left = 0
    TwilioMedia.delete_status = 204
    TwilioMedia.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), TwilioMedia)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    change(app, IVR_TWILIO_MEDIA_HOSTS=(f"127.0.0.1:{server.server_port}",), recording_retry_delays=(0, 0.05, 0.05))
    yield f"http://127.0.0.1:{server.server_port}/2010-04-01/Accounts/{ACCOUNT}/Recordings/{RECORDING}"
    server.shutdown()
    server.server_close()
