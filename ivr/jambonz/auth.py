"""Checking that a webhook request comes from our jambonz: its ``Jambonz-Signature`` with the
webhook secret, and/or HTTP basic auth. Never open: with neither configured, every request is refused.

jambonz signs like Stripe: ``Jambonz-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">``
with the account's webhook secret (@jambonz/node-client's ``WebhookResponse.verifyJambonzSignature``).
No maintained Python library does this, so it is the standard library's hmac, in a few lines.
"""
from __future__ import annotations

import hashlib
import hmac
import logging

from flask import Request

from ivr.config import Settings

log = logging.getLogger(__name__)

HEADER = "Jambonz-Signature"
# How far a signature's time may be from ours (seconds): a replayed request is refused after this.
TOLERANCE = 300


def configured(chosen: Settings) -> bool:
    """Whether the jambonz webhooks can be authenticated at all (a secret or a user and password)."""
    return bool(chosen.jambonz_webhook_secret or (chosen.jambonz_basic_user and chosen.jambonz_basic_password))


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The header jambonz sends for ``body`` at ``timestamp`` (for tests and the `call` command)."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def signed_by(secret: str, header: str, body: bytes, now: float) -> bool:
    """Whether ``header`` is a signature of ``body`` with ``secret``, made within TOLERANCE of ``now``."""
    parts = [part.partition("=") for part in header.split(",")]
    stamps = [value for key, _, value in parts if key.strip() == "t"]
    candidates = [value.strip() for key, _, value in parts if key.strip() == "v1"]
    if len(stamps) != 1 or not stamps[0].strip().isdigit() or not candidates:
        return False
    timestamp = int(stamps[0])
    if abs(now - timestamp) > TOLERANCE:
        return False
    expected = signature(secret, timestamp, body).rpartition("v1=")[2]
    return any(hmac.compare_digest(expected, candidate) for candidate in candidates)


def basic_matches(request: Request, user: str, password: str) -> bool:
    """Whether the request's HTTP basic auth is ``user`` and ``password`` (compared in constant time)."""
    given = request.authorization
    if given is None or given.type != "basic":
        return False
    return (hmac.compare_digest((given.username or "").encode(), user.encode())
            & hmac.compare_digest((given.password or "").encode(), password.encode()))


def is_from_jambonz(request: Request, chosen: Settings, now: float) -> bool:
    """True when every configured check passes: the signature (IVR_JAMBONZ_WEBHOOK_SECRET) and
    basic auth (IVR_JAMBONZ_BASIC_USER/PASSWORD); False, always, when neither is configured."""
    if not configured(chosen):
        log.error("jambonz webhook refused: set IVR_JAMBONZ_WEBHOOK_SECRET or IVR_JAMBONZ_BASIC_USER/PASSWORD")
        return False
    if chosen.jambonz_webhook_secret and not signed_by(
            chosen.jambonz_webhook_secret, request.headers.get(HEADER, ""), request.get_data(cache=True), now):
        return False
    if chosen.jambonz_basic_user and chosen.jambonz_basic_password:
        return basic_matches(request, chosen.jambonz_basic_user, chosen.jambonz_basic_password)
    return True
