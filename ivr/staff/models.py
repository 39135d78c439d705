"""Database tables of the staff pages: accounts, their open sessions and login attempts.

Login attempts live in the database rather than in a process, so the slow-down after failed
logins holds across every gunicorn worker and every host serving the same office.
"""
from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from ivr.clock import stamp
from ivr.extensions import db

EDITOR, ADMIN = "editor", "admin"
ROLES = (EDITOR, ADMIN)
# A permission given apart from the role: reading callers' messages, call-back requests and recordings
# (the inbox) and exporting the calls of a period. A clerk who maintains texts need not have it.
INBOX = "inbox"


class StaffUser(UserMixin, db.Model):
    """A clerk's account. Editors change what the hotline says; admins also manage accounts; either may
    also be given the inbox (callers' messages and the calls export)."""

    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(40), unique=True, index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(10), default=EDITOR)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Part of the session's user id: changing the password or deactivating the account ends every
    # session of it, on every worker.
    session_version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=stamp)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    inbox: Mapped[bool] = mapped_column(Boolean, default=False)
    # Two-factor login (TOTP): the shared secret, once confirmed with a code; until then not asked.
    totp_secret: Mapped[str | None] = mapped_column(String(64), nullable=True)
    totp_on: Mapped[bool] = mapped_column(Boolean, default=False)
    # The time step of the last code accepted: a code is good once, not twice in its 30 seconds.
    totp_last_step: Mapped[int | None] = mapped_column(Integer, nullable=True)

    def set_password(self, password: str) -> None:
        """Store a salted hash of ``password`` (never the password) and end existing sessions."""
        self.password_hash = generate_password_hash(password)
        self.session_version = (self.session_version or 0) + 1

    def check_password(self, password: str) -> bool:
        """Whether ``password`` is this account's password."""
        return check_password_hash(self.password_hash, password)

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN

    @property
    def sees_inbox(self) -> bool:
        """May read callers' messages and export calls."""
        return bool(self.inbox)

    @property
    def is_active(self) -> bool:  # Flask-Login: inactive accounts cannot log in
        return bool(self.active)

    def get_id(self) -> str:
        """The id kept in the session cookie: the account and its session version."""
        return f"{self.id}:{self.session_version or 0}"


class LoginAttempt(db.Model):
    """One login attempt, for slowing down password guessing (by user name and by address)."""

    __tablename__ = "staff_login_attempt"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(40), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=stamp, index=True)
    success: Mapped[bool] = mapped_column(Boolean, default=False)


class StaffSession(db.Model):
    """One logged-in browser. Logging out deletes its row, so a copy of its cookie stops working."""

    __tablename__ = "staff_session"

    # A hash of the random token in the session cookie (the token itself is not kept).
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer, ForeignKey("staff_user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=stamp, index=True)
