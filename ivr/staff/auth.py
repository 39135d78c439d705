"""Staff accounts: login sessions, the slow-down after failed logins, account rules (names, passwords, admins)."""
from __future__ import annotations

import math
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable, TypeVar

from flask_login import LoginManager
from sqlalchemy import delete, func, select

from ivr.clock import as_utc, stamp
from ivr.extensions import db
from ivr.staff.models import ADMIN, ROLES, LoginAttempt, StaffUser
from ivr.staff.forms.fields import Problem, problem

login_manager = LoginManager()
login_manager.session_protection = "basic"

USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{2,39}")
PASSWORD_MIN = 10
PASSWORD_MAX = 200

# Failed logins: this many within WINDOW are free; after that each attempt must wait, starting at
# FIRST_DELAY and doubling up to MAX_DELAY. Counted per user name and per address, in the database.
WINDOW = timedelta(minutes=15)
FREE_FAILURES = 5
FIRST_DELAY = 15.0
MAX_DELAY = 900.0
KEEP_ATTEMPTS = timedelta(days=2)

# Checked against when the user name is unknown, so both cases take the same time.
_DUMMY_HASH: str | None = None

F = TypeVar("F", bound=Callable[..., object])


@login_manager.user_loader
def load_user(user_id: str) -> StaffUser | None:
    """The account behind a session, unless it was deactivated or its password changed since."""
    ident, _, version = user_id.partition(":")
    if not ident.isdigit():
        return None
    user = db.session.get(StaffUser, int(ident))
    if user is None or not user.active or str(user.session_version or 0) != version:
        return None
    return user


def normal_username(raw: str) -> str:
    return (raw or "").strip().lower()


def check_username(name: str) -> Problem | None:
    if not USERNAME.fullmatch(name):
        return problem("username_format")
    return None


def check_new_password(password: str, again: str) -> tuple[str, Problem] | None:
    """(field, problem) for an unusable new password, else None."""
    if len(password) < PASSWORD_MIN:
        return "password", problem("password_short", min=PASSWORD_MIN)
    if len(password) > PASSWORD_MAX:
        return "password", problem("too_long", limit=PASSWORD_MAX, length=len(password))
    if password != again:
        return "password_again", problem("password_mismatch")
    return None


def create_user(username: str, password: str, role: str) -> StaffUser:
    """Add an account (the caller has checked the name and password); ValueError if it exists."""
    name = normal_username(username)
    if problem_found := check_username(name):
        raise ValueError(problem_found.code)
    if role not in ROLES:
        raise ValueError("role")
    if find_user(name) is not None:
        raise ValueError("username_taken")
    user = StaffUser(username=name, role=role, active=True, session_version=0)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def find_user(username: str) -> StaffUser | None:
    return db.session.execute(select(StaffUser).where(StaffUser.username == normal_username(username))).scalar_one_or_none()


def active_admins() -> int:
    return db.session.execute(
        select(func.count()).select_from(StaffUser).where(StaffUser.role == ADMIN, StaffUser.active.is_(True))
    ).scalar_one()


# -- the slow-down after failed logins -------------------------------------------------------------

def _utc(value: datetime | None) -> datetime | None:
    """Datetimes read back from SQLite are naive; every staff table stores UTC."""
    if value is None:
        return None
    return as_utc(value)


def _wait_for(column: object, value: str, now: datetime) -> float:
    since = now - WINDOW
    last_success = _utc(db.session.execute(
        select(func.max(LoginAttempt.at)).where(column == value, LoginAttempt.success.is_(True))  # type: ignore[operator]
    ).scalar())
    if last_success is not None and last_success > since:
        since = last_success
    count, last = db.session.execute(
        select(func.count(), func.max(LoginAttempt.at)).where(
            column == value, LoginAttempt.success.is_(False), LoginAttempt.at > since  # type: ignore[operator]
        )
    ).one()
    if count < FREE_FAILURES or last is None:
        return 0.0
    delay = min(FIRST_DELAY * 2 ** (count - FREE_FAILURES), MAX_DELAY)
    return max(0.0, (_utc(last) + timedelta(seconds=delay) - now).total_seconds())  # type: ignore[operator]


def seconds_to_wait(username: str, address: str, now: datetime | None = None) -> int:
    """How long this user name or address must wait before its next login attempt (0: none)."""
    now = now or stamp()
    wait = max(_wait_for(LoginAttempt.username, username[:40], now), _wait_for(LoginAttempt.address, address[:64], now))
    return math.ceil(wait)


def record_attempt(username: str, address: str, success: bool, now: datetime | None = None) -> None:
    now = now or stamp()
    db.session.add(LoginAttempt(username=username[:40], address=address[:64], at=now, success=success))
    if not success:
        db.session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - KEEP_ATTEMPTS))
    db.session.commit()


@dataclass(frozen=True)
class LoginResult:
    user: StaffUser | None
    wait: int = 0  # > 0: refused without checking the password; try again in this many seconds


def authenticate(username: str, password: str, address: str) -> LoginResult:
    """Check a user name and password, unless too many recent failures require a pause first."""
    global _DUMMY_HASH
    name = normal_username(username)
    wait = seconds_to_wait(name, address)
    if wait:
        return LoginResult(None, wait)
    user = find_user(name) if name else None
    if user is None:
        from werkzeug.security import check_password_hash, generate_password_hash

        if _DUMMY_HASH is None:
            _DUMMY_HASH = generate_password_hash(secrets.token_hex(8))
        check_password_hash(_DUMMY_HASH, password)
        ok = False
    else:
        ok = user.check_password(password) and user.is_active
    record_attempt(name, address, ok)
    if not ok:
        return LoginResult(None, 0)
    assert user is not None
    user.last_login_at = stamp()
    db.session.commit()
    return LoginResult(user)
