"""Copying a caller's recording from the telephony provider (Twilio, Somleng, SignalWire) into our own
store, so it stays playable.

The recording is fetched with the account's credentials, in the background, with a few retries;
each failure is recorded on the message for staff to see. Recordings are personal data: they live
outside the public audio folder and are served to logged-in staff only.
"""
from __future__ import annotations

import hashlib
import ipaddress
import logging
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import requests
from flask import Flask, current_app

from ivr.config import Settings, settings
from ivr.extensions import db
from ivr.jobs import BackgroundJobs
from ivr.messages.models import FETCH_FAILED, FETCHED, Message
from ivr.ops.logs import mask_numbers
from ivr.providers import Provider
from ivr.speech.store import AudioStore

log = logging.getLogger(__name__)

MAX_BYTES = 50_000_000  # a two-minute 8 kHz WAV is about 2 MB; anything near this is not ours


class FetchError(Exception):
    """The recording could not be copied (the message names why)."""


def recordings_store(app: Flask) -> AudioStore:
    """The private store of callers' recordings (IVR_RECORDINGS_DIR)."""
    return AudioStore(Path(settings(app).recordings_dir), private=True)


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


# A host name and, for a local stand-in only, a port: nothing that could carry user-info or a path.
_MEDIA_HOST = re.compile(r"(?P<name>[A-Za-z0-9.-]+)(?::(?P<port>[0-9]{1,5}))?")


def media_url(recording_sid: str, account_sid: str, media_host: str, provider: Provider) -> str:
    """The provider's URL of one recording, built from its RecordingSid and our account SID on the
    media host (the first of the provider's media hosts), under the provider's REST path. The
    RecordingUrl a request names is never fetched: the account's credentials go to the provider's
    host and nowhere else."""
    if not provider.is_recording_sid(recording_sid):
        raise FetchError(f"refusing to fetch a recording: {recording_sid[:40]!r} is not a {provider.name} RecordingSid")
    if not provider.is_account_sid(account_sid):
        raise FetchError(f"refusing to fetch a recording: TWILIO_ACCOUNT_SID is not a {provider.name} account id")
    host = _MEDIA_HOST.fullmatch(media_host)
    local = bool(host) and _loopback(host["name"])
    if not host or (host["port"] and host["port"] != "443" and not local):
        raise FetchError(f"refusing to fetch a recording from {media_host!r}: not a host name (port 443 only)")
    # https always; plain http only to a stand-in on this machine (tests, a local mock of the provider).
    path = urlsplit(provider.api_root).path
    return f"{'http' if local else 'https'}://{media_host}{path}/Accounts/{account_sid}/Recordings/{recording_sid}"


def url_at_provider(recording_sid: str, cfg: Settings) -> str:
    """``media_url`` of a recording of our account on the configured provider's media host."""
    provider = cfg.provider
    return media_url(recording_sid, cfg.twilio_account_sid, (provider.media_hosts or ("",))[0], provider)


def download(url: str, auth: tuple[str, str], timeout: float) -> bytes:
    """The recording as WAV (Twilio serves the recording URL + '.wav')."""
    target = url if url.endswith((".wav", ".mp3")) else url + ".wav"
    try:
        with requests.get(target, auth=auth, timeout=timeout, stream=True) as response:
            response.raise_for_status()
            data = bytearray()
            for chunk in response.iter_content(65536):
                data += chunk
                if len(data) > MAX_BYTES:
                    raise FetchError(f"the recording is larger than {MAX_BYTES} bytes")
    except requests.RequestException as exc:
        raise FetchError(f"could not download the recording: {exc}") from exc
    if not data.startswith(b"RIFF") and not data[:3] == b"ID3" and not (len(data) > 1 and data[0] == 0xFF):
        raise FetchError("the download is not audio")
    return bytes(data)


def missing_credentials(cfg: Settings) -> str:
    """What to set before any recording can be copied (one line), or "" when the credentials are there."""
    unset = [name for name, value in (("TWILIO_ACCOUNT_SID", cfg.twilio_account_sid),
                                      ("TWILIO_AUTH_TOKEN", cfg.twilio_auth_token)) if not value]
    return f"set {' and '.join(unset)} to copy recordings from Twilio" if unset else ""


def fetch_in_background(message: Message, jobs: BackgroundJobs) -> None:
    """Queue the copy of ``message``'s recording; without the account's credentials, mark it failed
    at once with what to set, so staff see why instead of «still being fetched» for ever."""
    reason = missing_credentials(settings())
    if reason:
        message.fetch_status, message.fetch_error = FETCH_FAILED, reason
        db.session.commit()
        return
    jobs.submit(fetch_recording, message.id)


def fetch_recording(message_id: int) -> bool:
    """Copy one message's recording into our store, retrying; True when it is in the store."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    cfg = settings(app)
    delays = tuple(cfg.recording_retry_delays)
    reason = missing_credentials(cfg)
    if reason:
        # Nothing to retry until an operator sets them: no waiting minutes on refused downloads.
        message = db.session.get(Message, message_id)
        if message is not None and message.fetch_status != FETCHED:
            message.fetch_status, message.fetch_error = FETCH_FAILED, reason
            db.session.commit()
        return message is not None and message.fetch_status == FETCHED
    for attempt, delay in enumerate(delays, start=1):
        if delay:
            time.sleep(delay)
        message = db.session.get(Message, message_id)
        if message is None or message.fetch_status == FETCHED or not message.recording_url:
            return message is not None and message.fetch_status == FETCHED
        message.fetch_attempts += 1
        try:
            url = url_at_provider(message.recording_sid, cfg)
            data = download(url, (cfg.twilio_account_sid, cfg.twilio_auth_token), float(cfg.fetch_timeout))
            name = AudioStore.filename(hashlib.sha256(data).hexdigest(), "mp3" if data[:3] == b"ID3" or data[0] == 0xFF else "wav")
            recordings_store(app).write(name, data)
        except FetchError as exc:
            message.fetch_error = mask_numbers(str(exc))[:1000]
            final = attempt == len(delays) or str(exc).startswith("refusing")
            if final:
                message.fetch_status = FETCH_FAILED
            db.session.commit()
            log.warning("recording of message %s, attempt %s: %s", message_id, attempt, exc)
            if final:
                return False
            continue
        message.audio_file, message.fetch_status, message.fetch_error = name, FETCHED, ""
        db.session.commit()
        if cfg.delete_twilio_recordings:
            delete_at_twilio(message.recording_sid, cfg)
        return True
    return False


def delete_at_twilio(recording_sid: str, cfg: Settings) -> bool:
    """Delete Twilio's copy of a recording (DELETE on the Recording resource, by its RecordingSid):
    fewer copies of personal data. True when it is gone (or never was); a failure is logged and
    False. Without the account's credentials (or a real RecordingSid) there is nothing to delete: True."""
    if not (cfg.twilio_account_sid and cfg.twilio_auth_token):
        return True
    if not cfg.provider.is_recording_sid(recording_sid):
        return True  # not a name the provider gives: there is nothing of that name to delete
    try:
        url = url_at_provider(recording_sid, cfg)
    except FetchError as exc:
        log.warning("could not delete a recording at the provider: %s", exc)
        return False
    try:
        response = requests.delete(url + ".json", auth=(cfg.twilio_account_sid, cfg.twilio_auth_token), timeout=10)
    except requests.RequestException as exc:
        log.warning("could not delete the provider's copy of %s: %s", recording_sid, exc)
        return False
    if response.status_code not in (204, 404):
        log.warning("could not delete the provider's copy of %s: HTTP %s", recording_sid, response.status_code)
        return False
    return True


def forget_at_twilio(recording_sid: str) -> bool:
    """Background job: delete one recording at Twilio (a draft the caller recorded again or dropped)."""
    return delete_at_twilio(recording_sid, settings())
