"""GET /healthz and GET /metrics."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, jsonify, request
from sqlalchemy import func, select, text

from ivr.config import settings
from ivr.extensions import db
from ivr.ops.metrics import exposition
from ivr.speech.clips import READY, AudioClip

ops_bp = Blueprint("ops", __name__)


def check_database() -> str:
    """'ok' or the error."""
    try:
        db.session.execute(text("SELECT 1"))
        return "ok"
    except Exception as exc:  # any driver error means "not reachable"
        db.session.rollback()
        return f"error: {type(exc).__name__}"


def check_audio_store(root: str) -> str:
    """'ok' when the audio folder exists and a file can be written there, else what is wrong."""
    path = Path(root)
    try:
        path.mkdir(parents=True, exist_ok=True)  # a new install has made no audio yet
    except OSError as exc:
        return f"error: the audio folder cannot be created ({exc.strerror})"
    try:
        with tempfile.NamedTemporaryFile(dir=path, prefix=".health-"):
            pass
    except OSError as exc:
        return f"error: cannot write there ({exc.strerror})"
    return "ok"


@ops_bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    """Database and audio store reachable; how many known sentences have no audio yet."""
    database = check_database()
    store = check_audio_store(settings().audio_dir)
    missing = None
    if database == "ok":
        missing = db.session.execute(select(func.count()).select_from(AudioClip).where(AudioClip.status != READY)).scalar()
    healthy = database == "ok" and store == "ok"
    body = {"status": "ok" if healthy else "failing", "database": database, "audio_store": store,
            "prompts_without_audio": missing, "pid": os.getpid()}
    return jsonify(body), 200 if healthy else 503


@ops_bp.get("/metrics")
def metrics() -> Response:
    """Prometheus metrics; with IVR_METRICS_TOKEN set, only for `Authorization: Bearer <token>`."""
    token = settings().metrics_token
    if token and request.headers.get("Authorization", "") != f"Bearer {token}":
        abort(401)
    return exposition(current_app._get_current_object())  # type: ignore[attr-defined]
