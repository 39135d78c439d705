"""The blueprint serving stored audio."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask, url_for
from flask.testing import FlaskClient

from ivr import config
from ivr.config import Settings
from ivr.speech.routes import audio_bp
from ivr.speech.store import AudioStore

KEY = "ab" * 32
WAV = KEY + ".wav"
MP3 = "cd" * 32 + ".mp3"


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    root = tmp_path / "audio"
    store = AudioStore(root)
    store.write(WAV, b"RIFF fake wav bytes")
    store.write(MP3, b"ID3 fake mp3 bytes")
    (tmp_path / "secret.wav").write_bytes(b"outside the store")
    app = Flask(__name__)
    config.init_app(app, Settings(audio_dir=str(root), instance_path=str(tmp_path)))
    app.register_blueprint(audio_bp)
    return app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def test_serves_file_with_cache_headers(client: FlaskClient) -> None:
    r = client.get(f"/audio/{WAV}")
    assert r.status_code == 200
    assert r.data == b"RIFF fake wav bytes"
    assert r.headers["Content-Type"] == "audio/wav"
    assert r.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert r.headers["ETag"] == f'"{KEY}"'
    assert r.headers["Content-Length"] == str(len(b"RIFF fake wav bytes"))


def test_mp3_content_type(client: FlaskClient) -> None:
    r = client.get(f"/audio/{MP3}")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "audio/mpeg"
    assert r.data == b"ID3 fake mp3 bytes"


@pytest.mark.parametrize("tag", [f'"{KEY}"', f'W/"{KEY}"', f'"other", "{KEY}"', "*"])
def test_not_modified_when_etag_matches(client: FlaskClient, tag: str) -> None:
    r = client.get(f"/audio/{WAV}", headers={"If-None-Match": tag})
    assert r.status_code == 304
    assert r.data == b""
    assert r.headers["ETag"] == f'"{KEY}"'
    assert r.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_full_response_when_etag_differs(client: FlaskClient) -> None:
    r = client.get(f"/audio/{WAV}", headers={"If-None-Match": '"' + "0" * 64 + '"'})
    assert r.status_code == 200
    assert r.data == b"RIFF fake wav bytes"


def test_head(client: FlaskClient) -> None:
    r = client.head(f"/audio/{WAV}")
    assert r.status_code == 200
    assert r.data == b""
    assert r.headers["Content-Length"] == str(len(b"RIFF fake wav bytes"))
    assert r.headers["ETag"] == f'"{KEY}"'


@pytest.mark.parametrize(
    "path",
    [
        "/audio/" + "ef" * 32 + ".wav",  # well formed, not stored
        "/audio/..%2F..%2Fetc%2Fpasswd",
        "/audio/..%2Fsecret.wav",
        "/audio/../secret.wav",
        "/audio/../x",
        "/audio/%2E%2E%2Fsecret.wav",
        "/audio/" + KEY.upper() + ".wav",
        "/audio/" + KEY + ".ogg",
        "/audio/" + KEY + ".WAV",
        "/audio/" + KEY + ".wav%0A",
        "/audio/" + KEY,
        "/audio/",
        "/audio",
    ],
)
def test_not_found(client: FlaskClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404
    assert b"outside the store" not in r.data


def test_only_get_and_head(client: FlaskClient) -> None:
    assert client.post(f"/audio/{WAV}").status_code == 405
    assert client.delete(f"/audio/{WAV}").status_code == 405


def test_endpoint_name(app: Flask) -> None:
    with app.test_request_context():
        assert url_for("audio.serve", name=WAV) == f"/audio/{WAV}"


def test_byte_range(client: FlaskClient) -> None:
    r = client.get(f"/audio/{WAV}", headers={"Range": "bytes=0-3"})
    assert r.status_code == 206
    assert r.data == b"RIFF"
    assert r.headers["Content-Range"] == f"bytes 0-3/{len(b'RIFF fake wav bytes')}"
