"""Staff pages: clerks log in, edit everything the hotline says, hear it, test-call it, roll back.

``register_staff(app)`` adds the blueprint (under /staff), the login manager and the session
cookie settings. The Twilio webhooks (/voice...) and /audio stay outside login and CSRF: only the
staff blueprint checks them.
"""
from __future__ import annotations

from datetime import timedelta

from flask import Flask

SESSION_HOURS = 12


def secure_cookies(app: Flask) -> bool:
    """Whether the session cookie is sent over https only.

    IVR_SECURE_COOKIES (1/0) decides when set (in the app's config or the environment); otherwise
    the cookie is Secure exactly when the service's public address (IVR_PUBLIC_URL) is https.
    """
    chosen = app.config.get("IVR_SECURE_COOKIES")
    if chosen is not None:
        return bool(chosen)
    return str(app.config.get("IVR_PUBLIC_URL", "")).startswith("https://")


def register_staff(app: Flask) -> None:
    """The staff blueprint, Flask-Login, and HttpOnly, SameSite (and, over https, Secure) cookies."""
    from ivr.staff import feeds, inbox, statistics  # noqa: F401  (their pages join staff_bp)
    from ivr.staff.auth import login_manager
    from ivr.staff.views import staff_bp

    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure_cookies(app),
        PERMANENT_SESSION_LIFETIME=timedelta(hours=SESSION_HOURS),
    )
    # Flask-Login's init_app would add an app-wide after_request (for "remember me" cookies, which
    # staff sessions do not use) and context processor; both touch the session on every response,
    # so the public page, /voice and /audio would all answer "Vary: Cookie". Attaching the manager
    # is all that current_user and login_user need; the staff blueprint does the rest.
    app.login_manager = login_manager  # type: ignore[attr-defined]
    app.register_blueprint(staff_bp)
