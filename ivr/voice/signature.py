"""Checking that a webhook request really comes from Twilio."""
from __future__ import annotations

import hmac
import logging
from typing import Mapping

from flask import Request
from twilio.request_validator import RequestValidator

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


def is_from_twilio(request: Request, config: Mapping[str, object], form: Mapping[str, str] | None = None) -> bool:
    """True when the X-Twilio-Signature header matches the request (or unsigned use is allowed).

    ``form``: the request's form fields when the caller has parsed them already (default:
    ``request.form``)."""
    token = str(config.get("TWILIO_AUTH_TOKEN") or "")
    if not token:
        if config.get("IVR_ALLOW_UNSIGNED"):
            return True
        log.error("webhook refused: TWILIO_AUTH_TOKEN is not set (set IVR_ALLOW_UNSIGNED=1 for local use only)")
        return False
    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature:
        return False
    params = (request.form if form is None else form) if request.method == "POST" else {}
    validator = RequestValidator(token)
    url = signed_url(request, config)
    # The URL exactly as Twilio called it is what it signs; the library's validate() always works
    # out two signatures (the URL with and without its default port), so it is only asked when
    # this one does not match.
    expected = validator.compute_signature(url, params).encode()
    if hmac.compare_digest(expected, signature.encode("utf-8", "replace")):
        return True
    return validator.validate(url, params, signature)


def sign(token: str, url: str, params: Mapping[str, str]) -> str:
    """The signature Twilio would send for a POST of ``params`` to ``url`` (for tests and the CLI)."""
    return RequestValidator(token).compute_signature(url, dict(params))
