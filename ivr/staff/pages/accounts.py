"""Accounts: admins add clerks and change their role, access, inbox permission, password and two-factor
login; every clerk changes their own password and sets up two-factor login."""
from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user
from flask_babel import gettext
from sqlalchemy import select

from ivr.extensions import db
from ivr.staff.auth import (PASSWORD_MIN, active_admins, check_new_password, check_username, code_step, create_user,
                            find_user, new_totp_secret, normal_username, totp_uri)
from ivr.staff.forms.fields import Problems, problem
from ivr.staff.frame import Route, admin_required, problem_text, word
from ivr.staff.models import ADMIN, ROLES, StaffUser


def _users() -> list[StaffUser]:
    return list(db.session.execute(select(StaffUser).order_by(StaffUser.username)).scalars())


@admin_required
def accounts() -> Any:
    """Admins: every account, a form to add one, and per account its role, access and password."""
    values: dict[str, str] = {"username": "", "role": "editor", "inbox": ""}
    problems: Problems = {}
    status = 200
    if request.method == "POST":
        values = {"username": request.form.get("username", "")[:200], "role": request.form.get("role", ""),
                  "inbox": request.form.get("inbox", "")}
        name = normal_username(values["username"])
        if found := check_username(name):
            problems["username"] = found
        elif find_user(name) is not None:
            problems["username"] = problem("username_taken")
        if values["role"] not in ROLES:
            problems["role"] = problem("role")
        if bad := check_new_password(request.form.get("password", ""), request.form.get("password_again", ""), name):
            problems[bad[0]] = bad[1]
        if not problems:
            create_user(name, request.form["password"], values["role"], inbox=bool(values["inbox"]))
            flash(gettext("Account %(name)s created.", name=name), "success")
            return redirect(url_for("staff.accounts"))
        status = 422
    return render_template("staff/accounts.html", users=_users(), values=values, problems=problems,
                           roles=ROLES, password_min=PASSWORD_MIN), status


@admin_required
def account_update(user_id: int) -> Any:
    """Admins: one account's role, whether it may log in, its inbox permission, a new password, and
    starting its two-factor login afresh (a lost phone)."""
    user = db.session.get(StaffUser, user_id)
    if user is None:
        abort(404)
    role = request.form.get("role", user.role)
    active = bool(request.form.get("active"))
    problems: Problems = {}
    if role not in ROLES:
        problems["role"] = problem("role")
    losing_admin = user.role == ADMIN and user.active and (role != ADMIN or not active)
    if losing_admin and active_admins() <= 1:
        problems["role"] = problem("last_admin")
    password = request.form.get("password", "")
    if password and (bad := check_new_password(password, request.form.get("password_again", ""), user.username)):
        problems[bad[0]] = bad[1]
    if problems:
        flash(gettext("Account %(name)s", name=user.username) + ": " + " ".join(problem_text(p) for p in problems.values()), "error")
        return redirect(url_for("staff.accounts"))
    if active != user.active or role != user.role:
        user.session_version = (user.session_version or 0) + 1  # the change applies to open sessions too
    user.role, user.active, user.inbox = role, active, bool(request.form.get("inbox"))
    if password:
        user.set_password(password)
    if request.form.get("reset_two_factor"):
        user.totp_secret, user.totp_on = None, False
    db.session.commit()
    if user.id == current_user.id and user.active:
        login_user(user)  # an admin changing their own account stays logged in
    flash(gettext("Account %(name)s saved.", name=user.username), "success")
    return redirect(url_for("staff.accounts"))


def password() -> Any:
    """Any clerk: change their own password (other sessions of the account end)."""
    problems: Problems = {}
    status = 200
    if request.method == "POST":
        user: StaffUser = current_user._get_current_object()  # type: ignore[attr-defined]
        if not user.check_password(request.form.get("current_password", "")):
            problems["current_password"] = problem("password_wrong")
        elif bad := check_new_password(request.form.get("password", ""), request.form.get("password_again", ""),
                                       user.username):
            problems[bad[0]] = bad[1]
        if not problems:
            user.set_password(request.form["password"])
            db.session.commit()
            login_user(user)  # this session goes on with the new session version
            flash(gettext("Password changed."), "success")
            return redirect(url_for("staff.overview"))
        status = 422
    return render_template("staff/password.html", problems=problems, password_min=PASSWORD_MIN), status


TOTP_ISSUER = "Hotline"


def two_factor() -> Any:
    """Any clerk (admins above all): turn on two-factor login with an authenticator app, or off.

    "start" makes a new secret (shown as text and as an otpauth:// address); "confirm" with a code
    from the app turns it on, and from then on every login of the account asks for a code. "off"
    takes a current code too. An admin who lost the phone is reset by another admin (Accounts).
    """
    user: StaffUser = current_user._get_current_object()  # type: ignore[attr-defined]
    problems: Problems = {}
    status = 200
    action = request.form.get("action", "") if request.method == "POST" else ""
    if action == "start" and not user.totp_on:
        user.totp_secret = new_totp_secret()
        db.session.commit()
    elif action in ("confirm", "off") and user.totp_secret:
        step = code_step(user.totp_secret, request.form.get("code", "")[:20])
        if step is None or step <= (user.totp_last_step or 0):
            problems["code"] = problem("code_wrong")
            status = 422
        else:
            turning_on = action == "confirm"
            user.totp_on, user.totp_last_step = turning_on, step
            if not turning_on:
                user.totp_secret = None
            db.session.commit()
            flash(word("two_factor_on" if turning_on else "two_factor_off"), "success")
            return redirect(url_for("staff.two_factor"))
    secret = user.totp_secret if user.totp_secret and not user.totp_on else ""
    return render_template("staff/two_factor.html", problems=problems, secret=secret,
                           uri=totp_uri(user, secret, TOTP_ISSUER) if secret else "", enabled=user.totp_on), status


ROUTES = (
    Route("/accounts", accounts, methods=("GET", "POST")),
    Route("/accounts/<int:user_id>", account_update, methods=("POST",), menu="accounts"),
    Route("/password", password, methods=("GET", "POST")),
    Route("/two-factor", two_factor, methods=("GET", "POST")),
)
