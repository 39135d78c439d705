"""Checking that a webhook request really comes from the telephony provider (Twilio, Somleng,
SignalWire: they sign alike), with the twilio library's own RequestValidator, after a cheap check
that the request is of a size Twilio sends."""
from __future__ import annotations

from typing import Mapping

from flask import Request
from twilio.request_validator import RequestValidator

from ivr.config import Settings

# Twilio's webhook requests are 1–2 KB with a few dozen fields. Anything much larger is refused
# before it is parsed or its signature worked out (the library's check costs time in proportion
# to the fields, twice): a forged 4 MB body costs a worker nothing.
MAX_BODY = 64 * 1024
MAX_FIELDS = 200
NO_TOKEN = "TWILIO_AUTH_TOKEN is not set (set IVR_ALLOW_UNSIGNED=1 for local use only)"


def within_limits(request: Request) -> bool:
    """Whether the request's body (by its Content-Length) and its field count (by counting
    separators in the raw query string and body) are within what Twilio sends; nothing is parsed."""
    length = request.content_length
    if length is None:  # no body, or a chunked one (Twilio never sends that): refused unread
        length = MAX_BODY + 1 if "chunked" in request.headers.get("Transfer-Encoding", "").lower() else 0
    if length > MAX_BODY or request.query_string.count(b"&") >= MAX_FIELDS:
        return False
    body = request.get_data(cache=True) if length else b""
    return body.count(b"&") + request.query_string.count(b"&") < MAX_FIELDS


def signed_url(request: Request, chosen: Settings) -> str:
    """The URL Twilio signed: IVR_PUBLIC_URL, the proxy's forwarded headers, or the request's own.

    Twilio signs the URL it was told to call. Behind a proxy or a tunnel, that is not the URL the
    app sees, so it is rebuilt from the configured public URL or, when told to trust the proxy,
    from X-Forwarded-Proto and X-Forwarded-Host.
    """
    path = request.path + (("?" + request.query_string.decode("latin-1")) if request.query_string else "")
    if chosen.public_url:
        return chosen.public_url + path
    if chosen.trust_proxy:
        proto = request.headers.get("X-Forwarded-Proto", request.scheme).split(",")[0].strip()
        host = request.headers.get("X-Forwarded-Host", request.host).split(",")[0].strip()
        return f"{proto}://{host}{request.script_root}{path}"
    return f"{request.scheme}://{request.host}{request.script_root}{path}"


def why_refused(request: Request, chosen: Settings) -> str:
    """Why a webhook request is not taken as the provider's (one phrase for the log), or "" when it
    is: the provider's signature header (X-Twilio-Signature; SignalWire's own, or the Twilio one it
    also sends) matches the request, or unsigned use is allowed. Twilio, Somleng and SignalWire sign
    alike: HMAC-SHA1 of the URL and the sorted fields, with the account's key."""
    key = chosen.signing_key
    if not key:
        return "" if chosen.allow_unsigned else NO_TOKEN
    signature = signature_of(request, chosen)
    if not signature:
        return "no signature"
    fields = request.form if request.method == "POST" else {}
    if not RequestValidator(key).validate(signed_url(request, chosen), fields, signature):
        return "a bad signature"
    return ""


def signature_of(request: Request, chosen: Settings) -> str:
    """The request's signature header: the provider's own, else X-Twilio-Signature ('' for none)."""
    return request.headers.get(chosen.provider.signature_header, "") or request.headers.get("X-Twilio-Signature", "")


def is_from_twilio(request: Request, chosen: Settings) -> bool:
    """True when the provider's signature matches the request (or unsigned use is allowed)."""
    return not why_refused(request, chosen)


def sign(token: str, url: str, params: Mapping[str, str]) -> str:
    """The signature Twilio would send for a POST of ``params`` to ``url`` (for tests and the CLI)."""
    return RequestValidator(token).compute_signature(url, dict(params))
