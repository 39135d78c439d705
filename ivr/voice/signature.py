"""Checking that a webhook request really comes from Twilio."""
from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from typing import Iterable, Mapping

from flask import Request
from twilio.request_validator import RequestValidator
from werkzeug.datastructures import MultiDict

log = logging.getLogger(__name__)


def signed_url(request: Request, config: Mapping[str, object]) -> str:
    """The URL Twilio signed: IVR_PUBLIC_URL, the proxy's forwarded headers, or the request's own.

    Twilio signs the URL it was told to call. Behind a proxy or a tunnel, that is not the URL the
    app sees, so it is rebuilt from the configured public URL or, when told to trust the proxy,
    from X-Forwarded-Proto and X-Forwarded-Host.
    """
    path = request.path + (("?" + request.query_string.decode("latin-1")) if request.query_string else "")
    public = str(config.get("IVR_PUBLIC_URL") or "")
    if public:
        return public + path
    if config.get("IVR_TRUST_PROXY"):
        proto = request.headers.get("X-Forwarded-Proto", request.scheme).split(",")[0].strip()
        host = request.headers.get("X-Forwarded-Host", request.host).split(",")[0].strip()
        return f"{proto}://{host}{request.script_root}{path}"
    return f"{request.scheme}://{request.host}{request.script_root}{path}"


def is_from_twilio(request: Request, config: Mapping[str, object],
                   form: list[tuple[str, str]] | None = None) -> bool:
    """True when the X-Twilio-Signature header matches the request (or unsigned use is allowed).

    ``form``: the request's form fields (name, value) when the caller has parsed them already
    (default: ``request.form``)."""
    token = str(config.get("TWILIO_AUTH_TOKEN") or "")
    if not token:
        if config.get("IVR_ALLOW_UNSIGNED"):
            return True
        log.error("webhook refused: TWILIO_AUTH_TOKEN is not set (set IVR_ALLOW_UNSIGNED=1 for local use only)")
        return False
    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature:
        return False
    if request.method != "POST":
        form = []
    elif form is None:
        form = list(request.form.items(multi=True))
    url = signed_url(request, config)
    # The URL exactly as Twilio called it is what it signs: that one signature is worked out here.
    # The library's validate() works out two (the URL with and without its default port), so it
    # is only asked when this one does not match.
    if hmac.compare_digest(twilio_signature(token, url, form).encode(), signature.encode("utf-8", "replace")):
        return True
    return RequestValidator(token).validate(url, MultiDict(form), signature)


def twilio_signature(token: str, url: str, fields: Iterable[tuple[str, str]]) -> str:
    """Twilio's X-Twilio-Signature for a request to ``url`` with these form fields.

    Twilio's published scheme, as the library's ``compute_signature``: HMAC-SHA1 keyed with the
    auth token over the URL followed by every distinct name and value, sorted by name, then value;
    base64. Worked out here from the fields as parsed (pairs), because the library looks up each
    name's values on the form one by one, which costs more than the answer of a repeated step
    (tests/voice/test_signature.py checks the two agree).
    """
    text = url + "".join(name + value for name, value in sorted(set(fields)))
    digest = hmac.new(token.encode("utf-8"), text.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def sign(token: str, url: str, params: Mapping[str, str]) -> str:
    """The signature Twilio would send for a POST of ``params`` to ``url`` (for tests and the CLI)."""
    return RequestValidator(token).compute_signature(url, dict(params))
