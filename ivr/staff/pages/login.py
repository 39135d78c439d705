"""Logging in (user name and password, slowed down after failures) and out."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Response, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from ivr.config import settings
from ivr.staff.auth import authenticate
from ivr.staff.frame import Route, t


def _safe_next(target: str | None) -> str:
    """Only a path of the staff pages on this site (never another site) to go to after logging in."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and parts.path.startswith("/staff") and "\\" not in target:
            return target
    return url_for("staff.overview")


def client_address() -> str:
    """The caller's address for the login slow-down (behind a trusted proxy: the one it saw)."""
    if settings().trust_proxy and request.access_route:
        return request.access_route[-1]
    return request.remote_addr or ""


def _keep_language_only() -> None:
    """A fresh session (and CSRF token) that keeps only the staff language the visitor chose."""
    lang = session.get("staff_lang")
    session.clear()
    if lang:
        session["staff_lang"] = lang


def login() -> Any:
    """User name and password; after too many failures, a pause before the next try."""
    if current_user.is_authenticated and request.method == "GET":
        return redirect(_safe_next(request.args.get("next")))
    message, status = "", 200
    username = ""
    if request.method == "POST":
        username = request.form.get("username", "")[:100]
        result = authenticate(username, request.form.get("password", "")[:1000], client_address())
        if result.user is not None:
            _keep_language_only()
            session.permanent = True
            login_user(result.user)
            return redirect(_safe_next(request.form.get("next")))
        if result.wait:
            message, status = t("login_wait", seconds=result.wait), 429
        else:
            message, status = t("login_failed"), 401
    return render_template("staff/login.html", message=message, username=username,
                           next=request.values.get("next", "")), status


def logout() -> Response:
    """End the session (the staff language stays)."""
    logout_user()
    _keep_language_only()
    flash(t("logged_out"), "info")
    return redirect(url_for("staff.login"))


ROUTES = (
    Route("/login", login, methods=("GET", "POST"), public=True),
    Route("/logout", logout, methods=("POST",)),
)
