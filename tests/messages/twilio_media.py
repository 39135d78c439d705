"""Twilio's media host as a local stand-in, and a caller's message whose recording it holds."""
from __future__ import annotations

import base64
from http.server import BaseHTTPRequestHandler

from ivr.extensions import db
from ivr.messages import service
from ivr.messages.models import NEW
from ivr.speech.telephone import pcm16_to_telephone_wav

ACCOUNT = "AC" + "0" * 32
RECORDING = "RE" + "1" * 32
WAV = pcm16_to_telephone_wav(b"".join(int(3000 * ((i // 20) % 2 * 2 - 1)).to_bytes(2, "little", signed=True) for i in range(8000)), 8000)


class TwilioMedia(BaseHTTPRequestHandler):
    """Twilio's media URL: the recording as WAV for the account's credentials; DELETE removes it."""

    failures_left = 0
    delete_status = 204
    requests: list[tuple[str, str]] = []

    def do_GET(self):  # noqa: N802
        type(self).requests.append(("GET", self.path))
        expected = "Basic " + base64.b64encode(f"{ACCOUNT}:test-auth-token".encode()).decode()
        if self.headers.get("Authorization") != expected:
            self.send_response(401)
            self.end_headers()
            return
        if type(self).failures_left > 0:
            type(self).failures_left -= 1
            self.send_response(503)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "audio/x-wav")
        self.send_header("Content-Length", str(len(WAV)))
        self.end_headers()
        self.wfile.write(WAV)

    def do_DELETE(self):  # noqa: N802
        type(self).requests.append(("DELETE", self.path))
        self.send_response(type(self).delete_status)
        self.end_headers()

    def log_message(self, *args):
        pass


def new_message(app, url: str, recording_sid: str = RECORDING) -> int:
    with app.app_context():
        message = service.record_draft(call_sid="CA1", caller="+375291234567", lang="ru", recording_sid=recording_sid,
                                       recording_url=url, seconds=1.0)
        message.status = NEW
        db.session.commit()
        return message.id
