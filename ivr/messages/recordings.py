"""Copying a caller's recording from Twilio into our own store, so it stays playable.

The recording is fetched with the account's credentials, in the background, with a few retries;
each failure is recorded on the message for staff to see. Recordings are personal data: they live
outside the public audio folder and are served to logged-in staff only.
"""
from __future__ import annotations

import hashlib
import ipaddress
import logging
import time
from pathlib import Path
from urllib.parse import urlsplit

import requests
from flask import Flask, current_app

from ivr.config import settings
from ivr.extensions import db
from ivr.messages.models import FETCH_FAILED, FETCHED, Message
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


def check_media_url(url: str, allowed_hosts: tuple[str, ...]) -> str:
    """The URL, if it is Twilio's media host (https), or a loopback stand-in that is allowed."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if host not in allowed_hosts:
        raise FetchError(f"refusing to fetch a recording from {host or url!r}: not one of {', '.join(allowed_hosts)}")
    if parts.scheme != "https" and not (parts.scheme == "http" and _loopback(host)):
        raise FetchError(f"refusing to fetch a recording over {parts.scheme or 'no scheme'}")
    return url


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


def fetch_recording(message_id: int) -> bool:
    """Copy one message's recording into our store, retrying; True when it is in the store."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    cfg = settings(app)
    delays = tuple(cfg.recording_retry_delays)
    for attempt, delay in enumerate(delays, start=1):
        if delay:
            time.sleep(delay)
        message = db.session.get(Message, message_id)
        if message is None or message.fetch_status == FETCHED or not message.recording_url:
            return message is not None and message.fetch_status == FETCHED
        message.fetch_attempts += 1
        try:
            url = check_media_url(message.recording_url, tuple(cfg.twilio_media_hosts))
            data = download(url, (cfg.twilio_account_sid, cfg.twilio_auth_token), float(cfg.fetch_timeout))
            name = AudioStore.filename(hashlib.sha256(data).hexdigest(), "mp3" if data[:3] == b"ID3" or data[0] == 0xFF else "wav")
            recordings_store(app).write(name, data)
        except FetchError as exc:
            message.fetch_error = str(exc)[:1000]
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
            delete_at_twilio(url, (cfg.twilio_account_sid, cfg.twilio_auth_token))
        return True
    return False


def delete_at_twilio(url: str, auth: tuple[str, str]) -> None:
    """Delete Twilio's copy once ours is safe (fewer copies of personal data); failures are logged."""
    try:
        response = requests.delete(url.removesuffix(".wav").removesuffix(".mp3") + ".json", auth=auth, timeout=10)
        if response.status_code not in (204, 404):
            log.warning("could not delete Twilio's copy of %s: HTTP %s", url, response.status_code)
    except requests.RequestException as exc:
        log.warning("could not delete Twilio's copy of %s: %s", url, exc)
