"""Shared fixtures: an app on a private database, a client, a CLI runner, a simulated caller."""
from __future__ import annotations

import ipaddress
import socket
from datetime import datetime
from typing import Any, Callable, Iterator
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from ivr import create_app
from ivr.config import config_for_tests
from ivr.content.store import ensure_database
from ivr.voice.walk import CallWalker

MINSK = ZoneInfo("Europe/Minsk")


def _is_loopback_host(host: Any) -> bool:
    if host in (None, "localhost"):
        return True
    if isinstance(host, bytes):
        host = host.decode()
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse name lookups and connections to anything but loopback.

    A test that accidentally talks to Google fails loudly instead of passing on
    a developer machine with network and flaking in CI.
    """
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect

    def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not _is_loopback_host(host):
            raise socket.gaierror(f"tests may not resolve {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    def guarded_connect(sock: socket.socket, address: Any) -> Any:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback_host(address[0]):
            raise ConnectionRefusedError(f"tests may not connect to {address!r}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


@pytest.fixture
def app(tmp_path) -> Iterator[Flask]:
    """The app on a fresh SQLite file with the demo office, a known token and public URL."""
    application = create_app(config_for_tests(tmp_path))
    ensure_database(application)
    yield application


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def at(app: Flask) -> Callable[[str], datetime]:
    """Fix the app's clock: at("2026-11-30 13:30") (office time)."""

    def fix(moment: str) -> datetime:
        fixed = datetime.strptime(moment, "%Y-%m-%d %H:%M").replace(tzinfo=MINSK)
        app.extensions["ivr.clock"] = lambda: fixed
        return fixed

    return fix


@pytest.fixture
def caller(app: Flask, client: FlaskClient) -> Callable[[], CallWalker]:
    """A new simulated call through the signed webhooks."""

    def new_call() -> CallWalker:
        return CallWalker(client, app.config["TWILIO_AUTH_TOKEN"], app.config["IVR_PUBLIC_URL"])

    return new_call


@pytest.fixture
def edit_office(app: Flask) -> Callable[..., int]:
    """Save a new revision of the office with some fields changed, as a clerk would."""
    from ivr.content.store import current_office, save_office

    def edit(**changes: object) -> int:
        with app.test_request_context():
            now = current_office()
            return save_office(now.office.with_changes(**changes), author="clerk", base=now.revision)

    return edit
