"""Database tables for the office's content."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ivr.clock import stamp
from ivr.extensions import db


class Revision(db.Model):
    """One saved version of everything the office says.

    Every save appends a row and nothing is ever updated in place, so every text a clerk typed can be
    read back and restored; the newest row is what callers hear.
    """

    __tablename__ = "revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=stamp)
    author: Mapped[str] = mapped_column(String(120), default="")
    note: Mapped[str] = mapped_column(String(500), default="")
    data: Mapped[str] = mapped_column(Text)
