"""Staff pages: clerks log in, edit everything the hotline says, hear it, test-call it, roll back.

``register_staff(app)`` adds the blueprint (under /staff) made of the pages in ``PAGES``, with the
menu ``MENU``, the login manager and the session cookie settings. The Twilio webhooks (/voice...)
and /audio stay outside login and CSRF: only the staff blueprint checks them.

A new page: its module in ivr/staff/pages/ (views and ``ROUTES``), its template, its line in
``PAGES`` (and in ``MENU`` if the menu shows it), its words (gettext/_ at their place; ``pybabel`` puts them in the catalogues, README), and its tests.
"""
from __future__ import annotations

from flask import Blueprint, Flask
from werkzeug.routing import IntegerConverter, ValidationError

from ivr.config import settings
from ivr.staff import frame, i18n
from ivr.staff.auth import SESSION_LIFETIME, login_manager
from ivr.staff.pages import (accounts, contacts, feeds, headlines, history, hours, hours_date, inbox, login, overview,
                             procedures, pronunciation, receptions, recordings, statistics, test_call, texts, timetable)

# Every staff page, each a module with its URLs in ROUTES.
PAGES = (login, overview, hours, hours_date, timetable, contacts, receptions, texts, headlines, feeds, procedures,
         pronunciation, history, inbox, statistics, test_call, accounts, recordings)

# The menu: (endpoint, message key), in order. Accounts (admins only) and the password page are in the
# page header (templates/staff/base.html).
MENU = (
    ("staff.overview", "nav_overview"),
    ("staff.hours", "nav_hours"),
    ("staff.timetable", "nav_timetable"),
    ("staff.contacts", "nav_contacts"),
    ("staff.receptions", "nav_receptions"),
    ("staff.texts_index", "nav_texts"),
    ("staff.headlines", "nav_headlines"),
    ("staff.feeds", "nav_feeds"),
    ("staff.procedures", "nav_procedures"),
    ("staff.pronunciation", "nav_pronunciation"),
    ("staff.history", "nav_history"),
    ("staff.inbox", "nav_inbox"),
    ("staff.statistics", "nav_statistics"),
    ("staff.test_call", "nav_test_call"),
)

ROUTES = tuple(route for page in PAGES for route in page.ROUTES)
PUBLIC_ENDPOINTS = frame.public_endpoints(ROUTES)
JSON_ENDPOINTS = frame.script_endpoints(ROUTES)


def secure_cookies(app: Flask) -> bool:
    """Whether the session cookie is sent over https only.

    IVR_SECURE_COOKIES (1/0) decides when set (in the app's config or the environment); otherwise
    the cookie is Secure exactly when the service's public address (IVR_PUBLIC_URL) is https.
    """
    chosen = settings(app).secure_cookies
    if chosen is not None:
        return bool(chosen)
    return str(settings(app).public_url).startswith("https://")


class RowIdConverter(IntegerConverter):
    """``<int:...>`` in a staff URL is a row id: 1 to 2**31 - 1 (an INTEGER column on SQLite and
    PostgreSQL alike). Anything else is no page (404), never a database overflow or an int of 5,000 digits."""

    def __init__(self, map: object, *args: object, **kwargs: object) -> None:
        super().__init__(map, *args, **{"min": 1, "max": 2**31 - 1, **kwargs})  # type: ignore[arg-type]

    def to_python(self, value: str) -> int:
        if len(value) > 10:
            raise ValidationError()
        return super().to_python(value)  # type: ignore[no-any-return]


def staff_blueprint() -> Blueprint:
    """The /staff blueprint: every route of PAGES inside the frame (login, CSRF, headers, menu)."""
    bp = Blueprint("staff", __name__, url_prefix="/staff", template_folder="templates",
                   static_folder="static", static_url_path="/static")
    frame.attach(bp, ROUTES, MENU)
    return bp


def register_staff(app: Flask) -> None:
    """The staff blueprint, Flask-Login, and HttpOnly, SameSite (and, over https, Secure) cookies."""
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure_cookies(app),
        PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME,  # the server's record of a login lasts as long
    )
    # Flask-Login's init_app would add an app-wide after_request (for "remember me" cookies, which
    # staff sessions do not use) and context processor; both touch the session on every response,
    # so the public page, /voice and /audio would all answer "Vary: Cookie". Attaching the manager
    # is all that current_user and login_user need; the staff blueprint does the rest.
    app.login_manager = login_manager  # type: ignore[attr-defined]
    app.url_map.converters["int"] = RowIdConverter  # before the staff rules are added: they use it
    i18n.init_babel(app)  # the staff words: ivr/staff/translations, in the session's language
    app.register_blueprint(staff_blueprint())
