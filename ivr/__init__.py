"""hotline: an accessible voice hotline (IVR) for a small district office.

``create_app`` is a list of small steps: settings → services (``init_app``) → signals → blueprints →
commands. It has no side effects: nothing synthesizes, touches the network, migrates the database
or starts a thread here. The database is brought up to date on the first request (or by
`flask --app wsgi init-db`, or gunicorn's ``on_starting``); background threads are started by the
server (``start_background``: wsgi.py for `flask run`, gunicorn.conf.py for each worker).
"""
from __future__ import annotations

import contextlib
import logging
import os
import secrets
import sqlite3
import time
from typing import Any

from flask import Flask, Request, Response, has_request_context, request
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from sqlalchemy import event

from ivr import config, jobs, models, signals
from ivr.cli import register as register_commands
from ivr.config import ConfigError, Settings, settings
from ivr.content.store import ensure_database
from ivr.extensions import db
from ivr.messages import retention
from ivr.news import scheduler
from ivr.news.live import office_as_heard
from ivr.ops import events, logs, metrics
from ivr.ops.health import ops_bp
from ivr.phrases import stress
from ivr.public import public_bp
from ivr.public.request_status import request_bp
from ivr.schema import configure_migrations
from ivr.speech.routes import audio_bp
from ivr.speech import queue as speech_queue
from ivr.staff import register_staff
from ivr.jambonz import auth as jambonz_auth
from ivr.jambonz.webhooks import jambonz_bp
from ivr.voice.webhooks import voice_bp

log = logging.getLogger(__name__)

__all__ = ["create_app", "start_background", "models"]

# A year, the usual HSTS lifetime (nginx sends the same, deploy/nginx.conf); no includeSubDomains:
# the office's other hosts are not ours to decide.
HSTS = "max-age=31536000"


def create_app(chosen: Settings | None = None) -> Flask:
    """Build the web app from ``chosen`` settings (default: the environment's)."""
    app = Flask(__name__)
    config.init_app(app, chosen if chosen is not None else Settings.from_env())
    require_public_url(app)
    configure_secret(app)
    logs.configure_logging(app)
    metrics.instrument(app)
    configure_database(app)
    configure_proxy(app)
    configure_transport_security(app)
    jobs.init_app(app)
    events.init_app(app)
    # Speech: engines load on first use; it is told how to read the office as callers hear it.
    speech_queue.init_app(app, office_as_heard=office_as_heard, sms_available=settings(app).sms_enabled)
    wire_signals(app)
    configure_blueprints(app)
    register_commands(app)
    return app


def start_background(app: Flask) -> None:
    """Start this process's background threads: the news import loop (IVR_NEWS_INTERVAL), the
    daily audio catalogue (new dates in "opens on Monday" sentences) and the daily purge of
    callers' old data (IVR_DAILY_PURGE; a database row lets one process of all do it each day).

    Called once per serving process: by wsgi.py under `flask run`, by gunicorn's
    ``post_worker_init`` in each worker. Job pools and the call-event writer start their threads
    on first use. The database is brought up to date first, so that the first audio run finds
    the office (if it cannot be reached yet, the first request tries again)."""
    try:
        ensure_database(app)
    except Exception:
        log.exception("the database is not reachable yet; the first request will try again")
    # The stress lexicons (a few hundred KB each) are read here, not by the first call's webhook.
    for lang in settings(app).languages:
        stress.lexicon(lang)
    scheduler.start(app)
    speech_queue.start_daily(app)
    retention.start_daily_purge(app)


class BrowserSessions(SecureCookieSessionInterface):
    """Signed-cookie sessions, opened only where a person uses a browser (the staff pages).

    Twilio's webhooks and the audio files never carry a cookie."""

    COOKIELESS = ("/voice", "/audio/")

    def open_session(self, app: Flask, request: Request) -> SessionMixin | None:
        if request.path.startswith(self.COOKIELESS):
            return None  # Flask gives these requests a null session
        return super().open_session(app, request)

    def get_cookie_secure(self, app: Flask) -> bool:
        """Secure when the settings say so (IVR_SECURE_COOKIES, an https IVR_PUBLIC_URL), and always
        when this request came over https (seen through ProxyFix behind nginx)."""
        return super().get_cookie_secure(app) or (has_request_context() and request.is_secure)


def configure_secret(app: Flask) -> None:
    """The secret for signed cookies and keyed hashes: IVR_SECRET_KEY, else one kept in the instance
    folder, so that every worker on this host (and every restart) shares it."""
    app.session_interface = BrowserSessions()
    if app.config.get("SECRET_KEY"):
        return
    path = os.path.join(app.instance_path, "secret_key")
    os.makedirs(app.instance_path, mode=0o700, exist_ok=True)
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
        time.sleep(0.01)  # the writer has created the file but not written it yet
    raise RuntimeError(f"{path} is empty: delete it or set IVR_SECRET_KEY")


def configure_database(app: Flask) -> None:
    """Bind SQLAlchemy (every table is in ivr.models), and migrate the schema and seed the demo
    content lazily on the first request."""
    if settings(app).database_url.startswith("sqlite:///"):
        # The database holds callers' numbers: the folder and the file are the service user's only.
        os.makedirs(app.instance_path, mode=0o700, exist_ok=True)
        database = settings(app).database_url[len("sqlite:///"):]
        if database and database != ":memory:" and os.path.isdir(os.path.dirname(database) or "."):
            with contextlib.suppress(FileExistsError):  # another worker made it first
                os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    db.init_app(app)
    if settings(app).is_sqlite:
        with app.app_context():
            event.listen(db.engine, "connect", sqlite_write_ahead_log)
    configure_migrations(app)  # `flask db ...`; ensure_database upgrades with Alembic (migrations/)
    state = {"ready": False}

    @app.before_request
    def database_ready() -> None:
        if state["ready"]:
            return
        try:
            ensure_database(app)
        except Exception:
            # The database is unreachable: answer anyway (webhooks apologise, /healthz says
            # why) and try again on the next request.
            log.exception("the database is not reachable")
            db.session.rollback()
            return
        state["ready"] = True


def sqlite_write_ahead_log(dbapi_connection: Any, _record: object) -> None:
    """Each SQLite connection uses the write-ahead log: callers' steps read while a clerk's save or
    the call statistics are written (no "database is locked" for readers). synchronous=NORMAL keeps
    the file consistent through any crash; a power cut may lose the last moments' commits."""
    cursor = dbapi_connection.cursor()
    try:
        # The mode is kept in the file: only a new database is switched, and the switch needs the
        # file to itself, which SQLite refuses at once (no busy wait) while another process that
        # starts at the same moment has it open; so it is tried again for a few seconds.
        for attempt in range(50):
            try:
                if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    cursor.execute("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError:
                if attempt == 49:
                    raise
                time.sleep(0.1)
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def require_public_url(app: Flask) -> None:
    """In production (neither Flask's debug mode nor the tests), behind a proxy the service's own
    address must be set: every link then comes from IVR_PUBLIC_URL, never from a Host header a
    client chose. ConfigError (one line at start) otherwise."""
    chosen = settings(app)
    if chosen.trust_proxy and not chosen.public_url and not (app.debug or app.testing):
        raise ConfigError("IVR_TRUST_PROXY needs IVR_PUBLIC_URL, the https address Twilio and the public use "
                          "(e.g. https://hotline.kopyl.example), so that no link is made from a request's Host header")


def configure_transport_security(app: Flask) -> None:
    """Every answer over https tells browsers to use https only for this host from then on (HSTS)."""

    @app.after_request
    def strict_transport_security(response: Response) -> Response:
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response


def configure_proxy(app: Flask) -> None:
    """Behind IVR_TRUST_PROXY trusted reverse proxies, take the client's address, scheme and host from
    their X-Forwarded-* headers: only the entries those proxies added, never what the client sent."""
    hops = int(settings(app).trust_proxy)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]


def wire_signals(app: Flask) -> None:
    """Every receiver of every signal (ivr/signals.py), in one place."""
    # A save makes the audio of what changed; callers hear the new text at once (<Say> until then).
    signals.content_saved.connect(speech_queue.resynthesize, sender=app, weak=False)


def configure_blueprints(app: Flask) -> None:
    """The webhooks, the audio files, health and metrics, the public page and the staff pages."""
    app.register_blueprint(voice_bp)
    app.register_blueprint(jambonz_bp)  # the same call flow for a self-hosted jambonz
    app.register_blueprint(audio_bp)
    app.register_blueprint(ops_bp)
    app.register_blueprint(public_bp)
    app.register_blueprint(request_bp)  # the public "status of my request" form
    register_staff(app)  # /staff: login, CSRF and its cookie settings apply to these pages only


def warn_about_insecure_settings(app: Flask) -> None:
    """Say loudly when webhooks are open to anyone or closed to everyone. The server says it as it
    starts (`flask run`, gunicorn's master); other commands answer no webhook and stay quiet."""
    chosen = settings(app)
    if chosen.provider.signature_header != "X-Twilio-Signature" and not chosen.webhook_signing_key:
        log.warning("IVR_PROVIDER=%s signs webhooks with its own key: set IVR_WEBHOOK_SIGNING_KEY, or every "
                    "request is checked against TWILIO_AUTH_TOKEN and refused", chosen.provider_name)
    if not jambonz_auth.configured(chosen):
        log.info("jambonz webhooks (/jambonz/*) refuse every request: set IVR_JAMBONZ_WEBHOOK_SECRET or "
                 "IVR_JAMBONZ_BASIC_USER and IVR_JAMBONZ_BASIC_PASSWORD to answer a jambonz")
    if chosen.signing_key:
        return
    if chosen.allow_unsigned:
        log.warning("IVR_ALLOW_UNSIGNED is set: webhooks accept unsigned requests. Use this only locally.")
    else:
        log.warning("TWILIO_AUTH_TOKEN is not set: every webhook request will be refused with 403 "
                    "(the `call` command still works).")
