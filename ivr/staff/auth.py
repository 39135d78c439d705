"""Staff accounts: login sessions, the slow-down after failed logins, two-factor codes, account rules
(names, passwords, admins, the inbox permission)."""
from __future__ import annotations

import hashlib
import hmac
import math
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Callable, TypeVar

import pyotp
from flask import session
from flask_login import LoginManager
from sqlalchemy import delete, func, select
from sqlalchemy.sql.elements import ColumnElement
from werkzeug.security import check_password_hash, generate_password_hash

from ivr.clock import as_utc, utc_now
from ivr.extensions import db
from ivr.staff.models import ADMIN, ROLES, LoginAttempt, StaffSession, StaffUser
from ivr.staff.forms.fields import Problem, problem

login_manager = LoginManager()
login_manager.session_protection = "basic"

USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{2,39}")
PASSWORD_MIN = 10
PASSWORD_MAX = 200

# Failed logins, counted in the database within WINDOW. One client (address) trying one user name:
# FREE_FAILURES are free, then it must wait FIRST_DELAY, doubling up to MAX_DELAY. One address trying
# many names: ADDRESS_FREE_FAILURES, then the same. Neither ever holds back another address, so
# nobody can lock a clerk out by guessing at their name. A name failed UNDER_ATTACK times from anywhere
# is slowed down for everyone: each client waits SHORT_DELAY after each of its own failures on it (a
# first try, e.g. the real owner's, is never held back).
WINDOW = timedelta(minutes=15)
FREE_FAILURES = 5
ADDRESS_FREE_FAILURES = 20
FIRST_DELAY = 15.0
MAX_DELAY = 900.0
UNDER_ATTACK = 10
SHORT_DELAY = 3.0
KEEP_ATTEMPTS = timedelta(days=2)

# A login session lasts this long at most (also the cookie's lifetime, see ivr.staff).
SESSION_LIFETIME = timedelta(hours=12)
SESSION_KEY = "staff_session"

# The commonest passwords (ivr/staff/data/common_passwords.txt says where they come from).
COMMON_PASSWORDS = Path(__file__).resolve().parent / "data" / "common_passwords.txt"

F = TypeVar("F", bound=Callable[..., object])


@login_manager.user_loader
def load_user(user_id: str) -> StaffUser | None:
    """The account behind a session, unless it was deactivated or its password changed since, or
    this session was logged out (its row is gone: a copied cookie stops working too)."""
    ident, _, version = user_id.partition(":")
    if not ident.isdigit() or len(ident) > 18:
        return None
    user = db.session.get(StaffUser, int(ident))
    if user is None or not user.active or str(user.session_version or 0) != version:
        return None
    if not session_is_open(user, session.get(SESSION_KEY)):
        return None
    return user


# -- sessions kept on the server ----------------------------------------------------------------------

def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def open_session(user: StaffUser) -> str:
    """Record a new login of ``user``; the token returned goes into the session cookie."""
    now = utc_now()
    token = secrets.token_urlsafe(32)
    db.session.execute(delete(StaffSession).where(StaffSession.created_at < now - SESSION_LIFETIME))
    db.session.add(StaffSession(id=_digest(token), user_id=user.id, created_at=now))
    db.session.commit()
    return token


def session_is_open(user: StaffUser, token: object) -> bool:
    """Whether ``token`` is a login of ``user`` that was not logged out and has not expired."""
    if not isinstance(token, str) or not token:
        return False
    row = db.session.get(StaffSession, _digest(token))
    return row is not None and row.user_id == user.id and as_utc(row.created_at) > utc_now() - SESSION_LIFETIME


def close_session(token: object, user: StaffUser | None = None) -> None:
    """Log out one browser (``token``), or, given ``user``, every browser of that account."""
    if user is not None:
        db.session.execute(delete(StaffSession).where(StaffSession.user_id == user.id))
        user.session_version = (user.session_version or 0) + 1
    elif isinstance(token, str) and token:
        db.session.execute(delete(StaffSession).where(StaffSession.id == _digest(token)))
    db.session.commit()


def normal_username(raw: str) -> str:
    return (raw or "").strip().lower()


def check_username(name: str) -> Problem | None:
    if not USERNAME.fullmatch(name):
        return problem("username_format")
    return None


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list of passwords too common to allow, in lower case."""
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def check_new_password(password: str, again: str, username: str = "") -> tuple[str, Problem] | None:
    """(field, problem) for an unusable new password, else None: too short or long, one of the
    commonest passwords, or holding the account's user name."""
    if len(password) < PASSWORD_MIN:
        return "password", problem("password_short", min=PASSWORD_MIN)
    if len(password) > PASSWORD_MAX:
        return "password", problem("too_long", limit=PASSWORD_MAX, length=len(password))
    if password.strip().lower() in common_passwords():
        return "password", problem("password_common")
    name = normal_username(username)
    if name and name in password.lower():
        return "password", problem("password_has_name")
    if password != again:
        return "password_again", problem("password_mismatch")
    return None


def create_user(username: str, password: str, role: str, inbox: bool = False) -> StaffUser:
    """Add an account (the caller has checked the name and password); ValueError if it exists.
    ``inbox``: it may read callers' messages and export calls."""
    name = normal_username(username)
    if problem_found := check_username(name):
        raise ValueError(problem_found.code)
    if role not in ROLES:
        raise ValueError("role")
    if find_user(name) is not None:
        raise ValueError("username_taken")
    user = StaffUser(username=name, role=role, active=True, session_version=0, inbox=inbox)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def find_user(username: str) -> StaffUser | None:
    """The account of this user name (any case), if there is one."""
    return db.session.execute(select(StaffUser).where(StaffUser.username == normal_username(username))).scalar_one_or_none()


def active_admins() -> int:
    """How many admins can log in."""
    return db.session.execute(
        select(func.count()).select_from(StaffUser).where(StaffUser.role == ADMIN, StaffUser.active.is_(True))
    ).scalar_one()


# -- the slow-down after failed logins -------------------------------------------------------------

def _recent_failures(now: datetime, *where: ColumnElement[bool]) -> tuple[int, datetime | None]:
    """Failed attempts matching ``where`` in the window and since the last success: how many, the last."""
    since = now - WINDOW
    last_success = db.session.execute(
        select(func.max(LoginAttempt.at)).where(*where, LoginAttempt.success.is_(True))
    ).scalar()
    if last_success is not None and as_utc(last_success) > since:
        since = as_utc(last_success)
    count, last = db.session.execute(
        select(func.count(), func.max(LoginAttempt.at)).where(*where, LoginAttempt.success.is_(False),
                                                             LoginAttempt.at > since)
    ).one()
    return count, (as_utc(last) if last is not None else None)


def _backoff(count: int, free: int, last: datetime | None, now: datetime) -> float:
    """Seconds still to wait after ``count`` failures of which ``free`` cost nothing."""
    if count < free or last is None:
        return 0.0
    delay = min(FIRST_DELAY * 2 ** (count - free), MAX_DELAY)
    return max(0.0, (last + timedelta(seconds=delay) - now).total_seconds())


def _stored(text: str, size: int) -> str:
    """A user name or address as the attempts table can keep it: cut to its column, and no NUL
    (which PostgreSQL refuses in text)."""
    return text[:size].replace("\x00", "\N{REPLACEMENT CHARACTER}")


def seconds_to_wait(username: str, address: str, now: datetime | None = None) -> int:
    """How long this address must wait before its next try at this user name (0: none).

    Only this address's own failures make it wait long; failures from elsewhere on the same name
    hold it back SHORT_DELAY after its own failures at most, and never before its first try.
    """
    now = now or utc_now()
    name, where = _stored(username, 40), _stored(address, 64)
    pair, pair_last = _recent_failures(now, LoginAttempt.username == name, LoginAttempt.address == where)
    wait = _backoff(pair, FREE_FAILURES, pair_last, now)
    spread, spread_last = _recent_failures(now, LoginAttempt.address == where)
    wait = max(wait, _backoff(spread, ADDRESS_FREE_FAILURES, spread_last, now))
    if pair and pair_last is not None and _recent_failures(now, LoginAttempt.username == name)[0] >= UNDER_ATTACK:
        wait = max(wait, (pair_last + timedelta(seconds=SHORT_DELAY) - now).total_seconds())
    return math.ceil(wait)


def record_attempt(username: str, address: str, success: bool, now: datetime | None = None) -> None:
    """Keep one login attempt (and forget those older than KEEP_ATTEMPTS)."""
    now = now or utc_now()
    db.session.add(LoginAttempt(username=_stored(username, 40), address=_stored(address, 64), at=now, success=success))
    if not success:
        db.session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - KEEP_ATTEMPTS))
    db.session.commit()


@dataclass(frozen=True)
class LoginResult:
    user: StaffUser | None
    wait: int = 0  # > 0: refused without checking the password; try again in this many seconds
    needs_code: bool = False  # the password was right; the account's two-factor code comes next


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Checked against when the user name is unknown, so both cases take the same time."""
    return generate_password_hash(secrets.token_hex(8))


def authenticate(username: str, password: str, address: str) -> LoginResult:
    """Check a user name and password, unless too many recent failures require a pause first.

    An account with two-factor login is not logged in yet: ``needs_code`` says a code must follow
    (see ``check_code``); the attempt is counted once the code is given.
    """
    name = normal_username(username)
    wait = seconds_to_wait(name, address)
    if wait:
        return LoginResult(None, wait)
    user = find_user(name) if USERNAME.fullmatch(name) else None  # a NUL or 5,000 letters are no one's name
    if user is None:
        check_password_hash(_dummy_hash(), password)
        ok = False
    else:
        ok = user.check_password(password) and user.is_active
    if ok and user is not None and user.totp_on:
        return LoginResult(user, needs_code=True)
    record_attempt(name, address, ok)
    if not ok:
        return LoginResult(None, 0)
    assert user is not None
    user.last_login_at = utc_now()
    db.session.commit()
    return LoginResult(user)


# -- two-factor codes (TOTP) ------------------------------------------------------------------------

def new_totp_secret() -> str:
    """A fresh random secret for an authenticator app (base32)."""
    return pyotp.random_base32()


def totp_uri(user: StaffUser, secret: str, issuer: str) -> str:
    """The otpauth:// address an authenticator app reads (typed in or from a QR code)."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=issuer)


def code_step(secret: str, code: str, now: datetime | None = None) -> int | None:
    """The 30-second step whose code ``code`` is (this one or either neighbour, for clock drift), or None."""
    code = "".join(code.split())
    totp = pyotp.TOTP(secret)
    if not secret or not code.isdigit() or len(code) != totp.digits:
        return None
    current = totp.timecode(now or utc_now())
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def check_code(user: StaffUser, code: str, address: str) -> LoginResult:
    """The second step of a two-factor login: a code not used before, under the same slow-down."""
    wait = seconds_to_wait(user.username, address)
    if wait:
        return LoginResult(None, wait)
    step = code_step(user.totp_secret or "", code)
    ok = step is not None and step > (user.totp_last_step or 0) and user.is_active
    record_attempt(user.username, address, ok)
    if not ok:
        return LoginResult(None, 0)
    user.totp_last_step = step
    user.last_login_at = utc_now()
    db.session.commit()
    return LoginResult(user)

