"""Feeds and the headlines imported from them."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ivr.clock import stamp
from ivr.extensions import db

LIVE, PENDING, HIDDEN = "live", "pending", "hidden"


class Feed(db.Model):
    """An RSS or Atom feed the office takes headlines from, in one language."""

    __tablename__ = "feed"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(1000), unique=True)
    lang: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_import_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
    last_added: Mapped[int] = mapped_column(Integer, default=0)


class ImportedHeadline(db.Model):
    """A headline taken from a feed; staff may hide it, approve it or correct its text."""

    __tablename__ = "imported_headline"
    __table_args__ = (UniqueConstraint("feed_id", "guid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feed.id", ondelete="CASCADE"), index=True)
    guid: Mapped[str] = mapped_column(String(500))
    lang: Mapped[str] = mapped_column(String(8), index=True)
    title: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(1000), default="")
    published: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(10), default=LIVE, index=True)
    # A clerk's correction; the feed's own text is kept as it came.
    edited_title: Mapped[str] = mapped_column(Text, default="")
    edited_summary: Mapped[str] = mapped_column(Text, default="")
    edited_by: Mapped[str] = mapped_column(String(120), default="")
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=stamp)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=stamp, onupdate=stamp, index=True)

    @property
    def spoken_title(self) -> str:
        return self.edited_title or self.title

    @property
    def spoken_summary(self) -> str:
        return self.edited_summary or self.summary


class ImportRun(db.Model):
    """When the last scheduled import started: one row, so one process imports per interval."""

    __tablename__ = "news_import_run"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
