"""Logging in (user name and password, then a two-factor code where the account has one; slowed down
after failures) and out (this browser, or every browser of the account)."""
from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from flask import Response, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from flask_babel import gettext

from ivr.clock import utc_now
from ivr.extensions import db
from ivr.staff.auth import SESSION_KEY, LoginResult, authenticate, check_code, close_session, open_session
from ivr.staff.frame import Route
from ivr.staff.models import StaffUser

# Between the password and the code: who typed the right password, and until when the code may come.
PENDING_KEY = "staff_pending_login"
CODE_TIME = timedelta(minutes=5)


def _safe_next(target: str | None) -> str:
    """Only a path of the staff pages on this site (never another site) to go to after logging in."""
    if target and not any(ch in target for ch in "\\\r\n\t\0") and len(target) <= 2000:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and parts.path.startswith("/staff"):
            return target
    return url_for("staff.overview")


def client_address() -> str:
    """The client's address for the login slow-down. Behind IVR_TRUST_PROXY proxies it is the one the
    nearest trusted proxy saw (ProxyFix, see ivr.create_app); what the client itself put into
    X-Forwarded-For is never taken, so rotating it changes nothing."""
    return request.remote_addr or ""


def _keep_language_only() -> None:
    """A fresh session (and CSRF token) that keeps only the staff language the visitor chose."""
    lang = session.get("staff_lang")
    session.clear()
    if lang:
        session["staff_lang"] = lang


def _log_in(user: StaffUser, target: str | None) -> Response:
    """A fresh session for ``user``, recorded on the server, and on to ``target``."""
    _keep_language_only()
    session.permanent = True
    session[SESSION_KEY] = open_session(user)
    login_user(user)
    return redirect(_safe_next(target))


def _refusal(result: LoginResult) -> tuple[str, int]:
    if result.wait:
        return gettext("Too many failed attempts. Try again in %(seconds)s s.", seconds=result.wait), 429
    return gettext("Wrong user name or password."), 401


def login() -> Any:
    """User name and password; after too many failures, a pause before the next try."""
    if current_user.is_authenticated and request.method == "GET":
        return redirect(_safe_next(request.args.get("next")))
    message, status = "", 200
    username = ""
    if request.method == "POST":
        username = request.form.get("username", "")[:100]
        result = authenticate(username, request.form.get("password", "")[:1000], client_address())
        if result.user is not None and result.needs_code:
            _keep_language_only()
            session[PENDING_KEY] = {"user": result.user.get_id(), "until": (utc_now() + CODE_TIME).timestamp(),
                                    "next": _safe_next(request.form.get("next"))}
            return redirect(url_for("staff.login_code"))
        if result.user is not None:
            return _log_in(result.user, request.form.get("next"))
        message, status = _refusal(result)
    return render_template("staff/login.html", message=message, username=username,
                           next=request.values.get("next", "")[:2000]), status


def _pending_user() -> StaffUser | None:
    """The account whose password was just typed, while its code may still come."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or float(pending.get("until", 0)) < utc_now().timestamp():
        return None
    ident, _, version = str(pending.get("user", "")).partition(":")
    user = db.session.get(StaffUser, int(ident)) if ident.isdigit() and len(ident) < 19 else None
    if user is None or str(user.session_version or 0) != version or not user.totp_on:
        return None
    return user


def login_code() -> Any:
    """The second step for an account with two-factor login: the code from the authenticator app."""
    user = _pending_user()
    if user is None:
        session.pop(PENDING_KEY, None)
        flash(gettext("Please enter your user name and password again."), "info")
        return redirect(url_for("staff.login"))
    message, status = "", 200
    if request.method == "POST":
        result = check_code(user, request.form.get("code", "")[:20], client_address())
        if result.user is not None:
            return _log_in(result.user, session[PENDING_KEY].get("next"))
        message, status = _refusal(result)
        if status == 401:
            message = gettext("Wrong or already used code.")
    return render_template("staff/login_code.html", message=message), status


def logout() -> Response:
    """End this session on the server too (a copy of its cookie stops working); with ``everywhere``,
    every session of the account. The staff language stays."""
    user: StaffUser = current_user._get_current_object()  # type: ignore[attr-defined]
    close_session(session.get(SESSION_KEY), user if request.form.get("everywhere") else None)
    logout_user()
    _keep_language_only()
    flash(gettext("You have logged out."), "info")
    return redirect(url_for("staff.login"))


ROUTES = (
    Route("/login", login, methods=("GET", "POST"), public=True),
    Route("/login/code", login_code, methods=("GET", "POST"), public=True),
    Route("/logout", logout, methods=("POST",)),
)
