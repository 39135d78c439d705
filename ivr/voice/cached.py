"""Call steps answered from the answer cache before the web framework is entered.

Most webhook requests ask a question answered before (ivr/voice/answers.py). For those, Flask's
request machinery (contexts, routing, hooks, the form parser's wrappers) costs more than finding
the answer, so this WSGI layer in front of Flask answers them itself: it reads Twilio's fields
as werkzeug reads them for Flask (tests check the two agree), checks the signature with the same
function as the views, looks the answer up, and records the call's events and the webhook metrics
as the view would.

Everything else goes on to Flask untouched and is answered as always (and kept for next time if
it may be): an unsigned or wrongly signed request, a step that is never kept, an answer not kept
yet, content not checked within IVR_CONTENT_CHECK_SECONDS, a body without a length or too large,
any error. Nothing here queries the database, so a hit needs no connection at all.
"""
from __future__ import annotations

import io
import logging
import time
from typing import Callable, Iterable
from urllib.parse import unquote

from flask import Flask
from werkzeug.wrappers import Request

from ivr.callflow.context import CallerInput
from ivr.callflow.steps import CallState
from ivr.news.live import fresh_heard
from ivr.ops.metrics import observe_webhook
from ivr.voice.answers import reusable
from ivr.voice.signature import is_from_twilio
from ivr.voice.webhooks import (CallFacts, answer_cache, answer_generation, answer_key, caller_input, now,
                                record_events)

log = logging.getLogger(__name__)

# The webhooks whose answers are kept, by path, with the endpoint name their metrics carry.
ROUTES = {"/voice": "voice.entry", "/voice/step": "voice.step"}

WSGIApp = Callable[[dict, Callable], Iterable[bytes]]


class CachedAnswers:
    """WSGI middleware: a signed call step whose answer is kept gets it without entering Flask."""

    def __init__(self, app: Flask, wsgi_app: WSGIApp):
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        endpoint = ROUTES.get(environ.get("PATH_INFO", ""))
        if endpoint is None or environ.get("REQUEST_METHOD") not in ("POST", "GET"):
            return self.wsgi_app(environ, start_response)
        started = time.perf_counter()
        body = self._body(environ)
        if body is None:
            return self.wsgi_app(environ, start_response)
        try:
            answer = self.kept_answer(Request(environ), body, endpoint)
        except Exception:  # never worse than Flask: it answers (or apologises) as always
            log.exception("answering %s from the answer cache failed; Flask answers it", endpoint)
            answer = None
        if answer is None:
            environ["wsgi.input"] = io.BytesIO(body)  # Flask reads the request from the start
            return self.wsgi_app(environ, start_response)
        start_response("200 OK", [("Content-Type", "text/xml; charset=utf-8"), ("Content-Length", str(len(answer)))])
        observe_webhook(endpoint, 200, time.perf_counter() - started)
        return [answer]

    def _body(self, environ: dict) -> bytes | None:
        """The request's body, read once and put back for whoever reads it next; None (nothing
        read) when it has no declared length or is larger than Flask would accept."""
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return None
        limit = self.app.config.get("MAX_CONTENT_LENGTH")
        if length < 0 or (limit is not None and length > limit) or (length and "wsgi.input" not in environ):
            return None
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        return body

    def kept_answer(self, request: Request, body: bytes, endpoint: str) -> bytes | None:
        """The kept TwiML for this request, its events recorded; None when Flask must answer."""
        app = self.app
        form = form_fields(request.environ, body)
        args = query_fields(request.environ)
        if form is None or args is None:
            return None  # Flask reads the unusual request itself
        # Looked up as Flask's request.args and request.values are: the first value of a name wins,
        # and the query string before the form.
        query = first_values(args)
        values = first_values(args + form)
        if endpoint == "voice.step":
            state, inp = CallState.from_query(query), caller_input(str(query.get("ev", "")), values)
        else:
            state, inp = CallState(), CallerInput(event="enter")
        # A step that is never kept goes to Flask before its signature is checked: Flask checks it.
        if not reusable(state, inp) or not is_from_twilio(request, app.config, form):
            return None  # a bad signature: Flask refuses it (403) and logs why
        heard = fresh_heard(app, float(app.config.get("IVR_CONTENT_CHECK_SECONDS", 0)))
        if heard is None:
            return None
        call = CallFacts.from_fields(values)
        moment = now(app)
        kept = answer_cache(app).get(answer_generation(app, heard, moment, request.script_root),
                                     answer_key(state, inp, call))
        if kept is None:
            return None
        record_events(app, state, inp, kept.turn, call, moment, kept.events)
        return kept.data


def form_fields(environ: dict, body: bytes) -> list[tuple[str, str]] | None:
    """Twilio's form fields from ``body``, as werkzeug parses them for Flask (so the signature
    and the fields are the same either way); None for any other kind of body."""
    if environ.get("REQUEST_METHOD") != "POST":
        return []
    if str(environ.get("CONTENT_TYPE", "")).partition(";")[0].strip().lower() != "application/x-www-form-urlencoded":
        return None
    try:
        return url_encoded_pairs(body.decode())
    except UnicodeDecodeError:
        return None


def query_fields(environ: dict) -> list[tuple[str, str]] | None:
    """The URL's parameters, as werkzeug parses them for Flask's request.args; None when they
    are not UTF-8 (Flask deals with that)."""
    try:
        return url_encoded_pairs(str(environ.get("QUERY_STRING", "")).encode("latin-1").decode())
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


def first_values(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Each name's first value, as a werkzeug MultiDict's ``get`` gives it."""
    return dict(reversed(pairs))


def url_encoded_pairs(text: str) -> list[tuple[str, str]]:
    """The name/value pairs of a URL-encoded form, exactly as werkzeug gets them from
    ``parse_qsl(text, keep_blank_values=True, errors="werkzeug.url_quote")``.

    Twilio's fields are mostly plain words and digits, so a name or value without ``%`` or ``+``
    is taken as it is and only the others are unquoted: half the cost of ``parse_qsl``, which
    unquotes every name and value (tests/voice/test_answer_cache.py checks the two agree).
    """
    pairs = []
    for piece in text.split("&"):
        if not piece:
            continue
        name, _, value = piece.partition("=")
        pairs.append((_unquoted(name), _unquoted(value)))
    return pairs


def _unquoted(text: str) -> str:
    if "%" in text or "+" in text:
        return unquote(text.replace("+", " "), errors="werkzeug.url_quote")
    return text
