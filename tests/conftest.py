"""Shared fixtures: an app on a private database, a client, a CLI runner, a simulated caller."""
from __future__ import annotations

import ipaddress
import logging
import socket
from datetime import datetime
from typing import Any, Callable, Iterator
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from ivr import create_app
from ivr.config import config_for_tests, settings
from ivr.content.store import ensure_database
from ivr.voice.walk import CallWalker
from tests.demo_database import copy_demo_database

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


@pytest.fixture(autouse=True)
def own_log_handlers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts without the service's log handler and leaves none behind: configure_logging
    keeps one per process, so a handler an earlier test's app added (in the same pytest-xdist
    worker) would otherwise take the log lines a later test reads from its own stream."""
    logger = logging.getLogger("ivr")
    monkeypatch.setattr(logger, "handlers", [h for h in logger.handlers if not getattr(h, "_hotline", False)])
    monkeypatch.setattr(logger, "level", logger.level)


@pytest.fixture(autouse=True, scope="session")
def no_fsync() -> Iterator[None]:
    """Skip fsync: a test's files never need to outlive a power cut, and on a busy disk the audio
    store's two fsyncs a file cost more than making the file (about 3 ms each under load)."""
    import os

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "fsync", lambda fd: None)
        yield


@pytest.fixture
def app(tmp_path) -> Iterator[Flask]:
    """The app on a fresh SQLite file with the demo office, a known token and public URL."""
    copy_demo_database(tmp_path)
    application = create_app(config_for_tests(tmp_path))
    ensure_database(application)  # the copy is at the newest migration already: one query
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
        return CallWalker(client, settings(app).twilio_auth_token, settings(app).public_url)

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


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """The app served over HTTP on a free loopback port, in a thread; yields its base URL."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium (Debian's package) driven by Playwright; skips where it is not installed."""
    import os

    if not os.path.exists(CHROMIUM):
        pytest.skip("browser tests need Chromium: apt-get install chromium (and pip install -r requirements.txt)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("browser tests need Playwright: pip install -r requirements.txt")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser tab with its own cookies."""
    context = browser.new_context(locale="ru-RU")
    tab = context.new_page()
    yield tab
    context.close()
