"""The baseline of bench/webhooks.py: the same web stack answering a constant TwiML document.

    gunicorn -w 2 --chdir bench baseline:app          # Flask, the webhook routes, one constant answer
    gunicorn -w 2 --chdir bench baseline:bare         # a bare WSGI function (the server's ceiling)

The document is our own main-menu answer captured by the benchmark (BENCH_BASELINE_TWIML names the
file), so both servers send the same number of bytes. It checks no signature, reads no database and
renders nothing: whatever our app answers slower than this is the cost of our own work.
"""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, Response

_FALLBACK = (
    '<?xml version="1.0" encoding="UTF-8"?><Response><Gather action="http://127.0.0.1/voice/step?node=main'
    '&amp;lang=ru&amp;slow=0&amp;tries=0&amp;item=0" finishOnKey="" input="dtmf speech" language="ru-RU" '
    'method="POST" numDigits="1" speechTimeout="auto" timeout="6"><Say language="ru-RU" voice="Polly.Tatyana">'
    'Чтобы узнать часы работы, нажмите 1.</Say></Gather><Redirect method="POST">'
    'http://127.0.0.1/voice/step?node=main&amp;lang=ru&amp;slow=0&amp;tries=0&amp;item=0&amp;ev=noinput'
    '</Redirect></Response>'
)


def _document() -> bytes:
    path = os.environ.get("BENCH_BASELINE_TWIML")
    if path:
        return Path(path).read_bytes()
    return _FALLBACK.encode()


TWIML = _document()

app = Flask(__name__)


@app.route("/voice", methods=["POST", "GET"])
@app.route("/voice/<path:rest>", methods=["POST", "GET"])
def constant(rest: str = "") -> Response:
    """The same TwiML whatever was asked (call steps and status callbacks alike)."""
    return Response(TWIML, mimetype="text/xml")


def bare(environ: dict, start_response) -> list[bytes]:  # type: ignore[no-untyped-def]
    """The same document from a bare WSGI callable: no framework at all."""
    start_response("200 OK", [("Content-Type", "text/xml; charset=utf-8"), ("Content-Length", str(len(TWIML)))])
    return [TWIML]
