"""Fixtures for the staff pages: accounts, a logged-in client, form posts with the CSRF token."""
from __future__ import annotations

import math
import re
import shutil
import sqlite3
import struct
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from ivr import create_app
from ivr.config import config_for_tests
from ivr.content.store import current_office, ensure_database
from ivr.extensions import db
from ivr.speech.synthesis import synthesizer
from ivr.speech.engines import Audio
from ivr.speech.telephone import pcm16_to_telephone_wav
from ivr.staff.auth import SESSION_KEY, open_session
from ivr.staff.models import ADMIN, EDITOR, StaffUser
from tests.conftest import MINSK

PASSWORD = "correct horse battery"
TOKEN = "test-csrf-token"
MONDAY_9 = datetime(2026, 11, 30, 9, 0, tzinfo=MINSK)


@pytest.fixture(scope="session")
def password_hash() -> str:
    """One real (scrypt) hash for the session: hashing takes a tenth of a second each time."""
    return generate_password_hash(PASSWORD)


@pytest.fixture
def staff(app: Flask, password_hash: str) -> dict[str, int]:
    """Two accounts, both with PASSWORD and the inbox permission (as every account had before it was
    a permission of its own): anna (admin) and boris (editor); their ids by name."""
    with app.app_context():
        users = [StaffUser(username="anna", password_hash=password_hash, role=ADMIN, active=True, session_version=0,
                           inbox=True),
                 StaffUser(username="boris", password_hash=password_hash, role=EDITOR, active=True, session_version=0,
                           inbox=True)]
        db.session.add_all(users)
        db.session.commit()
        return {u.username: u.id for u in users}


def log_in_session(client: FlaskClient, user_id: int, version: int = 0) -> None:
    """What a successful login leaves: the session's row on the server, and in the cookie Flask-Login's
    keys, the session's token and our CSRF token."""
    with client.application.app_context():
        token = open_session(db.session.get(StaffUser, user_id))
    with client.session_transaction() as session:
        session["_user_id"] = f"{user_id}:{version}"
        session["_fresh"] = True
        session[SESSION_KEY] = token
        session["staff_csrf"] = TOKEN


@pytest.fixture
def login(client: FlaskClient, staff: dict[str, int]) -> Callable[[str], FlaskClient]:
    """login("anna"): the client is now logged in as that clerk."""

    def as_user(name: str) -> FlaskClient:
        log_in_session(client, staff[name])
        return client

    return as_user


@pytest.fixture
def clerk(login: Callable[[str], FlaskClient]) -> FlaskClient:
    """A client logged in as the editor boris."""
    return login("boris")


def post(client: FlaskClient, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    """POST a staff form with this session's CSRF token."""
    with client.session_transaction() as session:
        token = session.setdefault("staff_csrf", TOKEN)
    return client.post(url, data={"csrf_token": token, **(data or {})}, **kwargs)


def form_values(html: str) -> dict[str, str]:
    """The fields of the page's forms as a browser would submit them (text, hidden, checked boxes and
    radio buttons, selects)."""
    import html as htmlmod

    values: dict[str, str] = {}
    for tag in re.findall(r"<input\b[^>]*>", html):
        attrs = dict((k, htmlmod.unescape(v)) for k, v in re.findall(r'(\w[\w-]*)="([^"]*)"', tag))
        name = attrs.get("name")
        if not name or attrs.get("type") in ("submit", "button"):
            continue
        if attrs.get("type") in ("checkbox", "radio"):
            if " checked" in tag:
                values[name] = attrs.get("value", "on")
            continue
        values[name] = attrs.get("value", "")
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        values[name] = htmlmod.unescape(text)
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.findall(r'<option value="([^"]*)"[^>]*\bselected', options) or re.findall(r'<option value="([^"]*)"', options)
        if chosen:  # a browser sends the selected option, else the first
            values[name] = htmlmod.unescape(chosen[0])
    return values


class ToneEngine:
    """A fast stand-in voice: a real telephone WAV, a tone as long as the text (10 ms a character)."""

    name = "tone"
    _period = b"".join(struct.pack("<h", int(8000 * math.sin(i / 3))) for i in range(80))

    def supports(self, lang: str) -> bool:
        return True

    def voice_for(self, lang: str) -> str:
        return lang

    def synthesize(self, text: str, lang: str, rate: int = 100) -> Audio:
        return Audio(pcm16_to_telephone_wav(self._period * max(len(text), 20), 8000), "wav", "audio/wav", self.name, lang)


def make_app(folder: Path, **settings: Any) -> Flask:
    """An app in ``folder`` with the quick stand-in voice and the clock on Monday 30.11.2026, 9:00."""
    application = create_app(config_for_tests(folder, **settings))
    ensure_database(application)
    application.extensions["ivr.clock"] = lambda: MONDAY_9
    synthesizer(application).use_engine(ToneEngine())
    return application


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An install whose audio was all made before (once per test session: it takes seconds)."""
    folder = tmp_path_factory.mktemp("installed")
    application = make_app(folder)
    with application.test_request_context():
        synthesizer(application).synthesize_all(current_office().office, MONDAY_9)
    return folder


def copy_install(installed: Path, folder: Path, **settings: Any) -> Flask:
    """A fresh copy of the installed database and audio in ``folder``, as an app."""
    # SQLite's backup, not a file copy: the newest commits may still be in the write-ahead log.
    source, target = sqlite3.connect(installed / "test.sqlite3"), sqlite3.connect(folder / "test.sqlite3")
    with source, target:
        source.backup(target)
    source.close()
    target.close()
    shutil.copytree(installed / "audio", folder / "audio")
    return make_app(folder, **settings)
