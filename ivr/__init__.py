"""hotline: an accessible voice hotline (IVR) for a small district office."""
from __future__ import annotations

import logging
from typing import Any, Mapping

from flask import Flask, Request
from flask.sessions import SecureCookieSessionInterface, SessionMixin

log = logging.getLogger(__name__)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the web app: settings from the environment (or ``config``), the database, the blueprints.

    Nothing here synthesizes, touches the network or writes the database: tables and the demo
    office are created on the first request (or by `flask --app wsgi init-db`).
    """
    from ivr.config import config_from_env

    app = Flask(__name__, instance_relative_config=False)
    settings = dict(config) if config is not None else config_from_env()
    app.config.update(settings)
    app.instance_path = app.config.get("IVR_INSTANCE_PATH", app.instance_path)
    configure_secret(app)
    configure_logging(app)
    configure_database(app)
    configure_answer_cache(app)
    configure_proxy(app)
    configure_speech(app)
    configure_blueprints(app)
    configure_cli(app)
    warn_about_insecure_settings(app)
    return app


class BrowserSessions(SecureCookieSessionInterface):
    """Signed-cookie sessions, opened only where a person uses a browser (the staff pages).

    Twilio's webhooks and the audio files never carry a cookie; skipping the session there saves
    building a signing serializer on every call step."""

    COOKIELESS = ("/voice", "/audio/")

    def open_session(self, app: Flask, request: Request) -> SessionMixin | None:
        if request.path.startswith(self.COOKIELESS):
            return None  # Flask gives these requests a null session
        return super().open_session(app, request)


def configure_secret(app: Flask) -> None:
    """The secret for signed cookies and keyed hashes: IVR_SECRET_KEY, else one kept in the instance
    folder, so that every worker on this host (and every restart) shares it."""
    app.session_interface = BrowserSessions()
    if app.config.get("SECRET_KEY"):
        return
    import os
    import secrets

    path = os.path.join(app.instance_path, "secret_key")
    os.makedirs(app.instance_path, exist_ok=True)
    try:
        # O_EXCL: when several workers start at once, exactly one writes the key; the rest read it.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32))
    for _ in range(50):
        with open(path) as secret_file:
            key = secret_file.read().strip()
        if key:
            app.config["SECRET_KEY"] = key
            return
        import time

        time.sleep(0.01)  # the writer has created the file but not written it yet
    raise RuntimeError(f"{path} is empty: delete it or set IVR_SECRET_KEY")


def configure_logging(app: Flask) -> None:
    """Structured logs (text or JSON lines) with the CallSid on every line of a call; metrics hooks."""
    from ivr.ops.logs import configure_logging as setup
    from ivr.ops.metrics import instrument

    setup(app)
    instrument(app)


def configure_database(app: Flask) -> None:
    """Bind SQLAlchemy, and migrate the schema and seed the demo content lazily on the first request."""
    import os

    from ivr.content import models as _content_models  # noqa: F401  (every table in db.metadata)
    from ivr.content.store import ensure_database
    from ivr.extensions import db
    from ivr.messages import models as _message_models  # noqa: F401
    from ivr.news import models as _news_models  # noqa: F401
    from ivr import sms as _sms_models  # noqa: F401
    from ivr.ops import events as _event_models  # noqa: F401
    from ivr.speech import clips as _clip_models  # noqa: F401
    from ivr.staff import models as _staff_models  # noqa: F401

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        os.makedirs(app.instance_path, exist_ok=True)
    db.init_app(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        from sqlalchemy import event

        with app.app_context():
            event.listen(db.engine, "connect", sqlite_write_ahead_log)
    from ivr.schema import configure_migrations

    configure_migrations(app)  # `flask db ...`; ensure_database upgrades with Alembic (migrations/)
    state = {"ready": False}

    @app.before_request
    def database_ready() -> None:
        if not state["ready"]:
            try:
                ensure_database(app)
            except Exception:
                # The database is unreachable: answer anyway (webhooks apologise, /healthz says
                # why) and try again on the next request.
                log.exception("the database is not reachable")
                db.session.rollback()
                return
            state["ready"] = True
            from ivr.news.scheduler import start

            start(app)  # the news import loop, once per process (IVR_NEWS_INTERVAL)


def configure_answer_cache(app: Flask) -> None:
    """Call steps answered before are answered again in front of Flask (ivr/voice/cached.py);
    inside the proxy fix, so they see the same scheme and host as the views."""
    from ivr.voice.cached import CachedAnswers

    app.wsgi_app = CachedAnswers(app, app.wsgi_app)  # type: ignore[method-assign]


def sqlite_write_ahead_log(dbapi_connection: Any, _record: object) -> None:
    """Each SQLite connection uses the write-ahead log: callers' steps read while a clerk's save or
    the call statistics are written (no "database is locked" for readers), and a commit is one
    append instead of a rewritten journal. synchronous=NORMAL keeps the file consistent through
    any crash; a power cut may lose the last moments' commits (a server database has its own
    settings for that)."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def configure_proxy(app: Flask) -> None:
    """Behind a trusted reverse proxy, take scheme and host from its X-Forwarded-* headers."""
    if app.config.get("IVR_TRUST_PROXY"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_proto=1, x_host=1)  # type: ignore[method-assign]


def configure_speech(app: Flask) -> None:
    """The synthesizer (engines load on first use), and re-synthesis whenever content is saved."""
    from ivr.content.store import content_saved
    from ivr.news.live import office_as_heard
    from ivr.sms import sms_enabled
    from ivr.speech.queue import init_app as init_speech
    from ivr.speech.queue import resynthesize

    from ivr.jobs import BackgroundJobs

    init_speech(app, office_as_heard=office_as_heard, sms_available=sms_enabled(app))
    app.extensions["ivr.jobs"] = BackgroundJobs(app, int(app.config.get("IVR_JOB_WORKERS", 1)), "jobs")
    from ivr.ops.events import EventLog

    app.extensions["ivr.events"] = EventLog(app, flush_seconds=float(app.config.get("IVR_EVENT_FLUSH_SECONDS", 2.0)))

    content_saved.connect(resynthesize, sender=app, weak=False)
    from ivr.news.live import content_changed

    content_saved.connect(content_changed, weak=False)  # webhooks read the new content at once


def configure_blueprints(app: Flask) -> None:
    """Register the webhook and audio routes."""
    from ivr.speech.routes import audio_bp
    from ivr.voice.webhooks import voice_bp

    from ivr.ops.health import ops_bp

    app.register_blueprint(voice_bp)
    app.register_blueprint(audio_bp)
    app.register_blueprint(ops_bp)

    from ivr.public import public_bp

    app.register_blueprint(public_bp)

    from ivr.staff import register_staff

    register_staff(app)  # /staff: login, CSRF and its cookie settings apply to these pages only


def configure_cli(app: Flask) -> None:
    """Register the `flask` commands."""
    from ivr.cli import register
    from ivr.worker import worker_command

    register(app)
    app.cli.add_command(worker_command)  # `flask worker`: RQ jobs when REDIS_URL is set


def warn_about_insecure_settings(app: Flask) -> None:
    """Say loudly when webhooks are open to anyone or closed to everyone."""
    if app.config.get("TWILIO_AUTH_TOKEN"):
        return
    if app.config.get("IVR_ALLOW_UNSIGNED"):
        log.warning("IVR_ALLOW_UNSIGNED is set: webhooks accept unsigned requests. Use this only locally.")
    else:
        log.warning("TWILIO_AUTH_TOKEN is not set: every webhook request will be refused with 403 "
                    "(the `call` command still works).")
