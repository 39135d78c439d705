"""Database tables for the office's content."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Mapping

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ivr.clock import stamp
from ivr.extensions import db


@dataclass(frozen=True)
class RevisionNote:
    """Why a revision was saved, as data: a kind ("hours", "texts", "restored"...) and its fields
    (e.g. lang="be", revision="12"). The staff pages put it into words in the reader's language."""

    kind: str
    fields: Mapping[str, str] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({"kind": self.kind, "fields": dict(self.fields)}, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, raw: str | None) -> RevisionNote | None:
        """The note saved as ``raw``; None when there is none or it cannot be read."""
        try:
            found = json.loads(raw or "")
        except ValueError:
            return None
        if not isinstance(found, dict) or not isinstance(found.get("kind"), str):
            return None
        fields = found.get("fields")
        fields = {str(k): str(v) for k, v in fields.items()} if isinstance(fields, dict) else {}
        return cls(found["kind"], fields)


class Revision(db.Model):
    """One saved version of everything the office says.

    Every save appends a row and nothing is ever updated in place, so every text a clerk typed can be
    read back and restored; the newest row is what callers hear.
    """

    __tablename__ = "revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=stamp)
    author: Mapped[str] = mapped_column(String(120), default="")
    # Free text: only revisions saved before notes were data have one (shown as it was written).
    note: Mapped[str] = mapped_column(String(500), default="")
    # A RevisionNote as JSON (see RevisionNote.to_json); None for revisions saved before.
    note_data: Mapped[str | None] = mapped_column(Text, nullable=True)
    data: Mapped[str] = mapped_column(Text)
