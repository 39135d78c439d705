"""Forget stored audio that holds a caller's own number.

Before this revision the call-back read-back ("we will call you back on plus three seven five...")
could be synthesized into the public audio store, with the caller's digits in the clip's row and
its file under a name anyone can compute. Such sentences are now only said with Twilio's <Say>;
this deletes the rows and files already made: every clip whose text opens like a call-back
read-back, as the office words that prompt now or as the default words it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 02:50:00
"""
import json
from pathlib import Path

import sqlalchemy as sa
from alembic import op
from flask import current_app

from ivr.config import settings
from ivr.content.office import office_from_dict
from ivr.speech.synthesis import caller_specific_starts

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    if not inspector.has_table("audio_clip") or not inspector.has_table("revision"):
        return
    latest = bind.execute(sa.text("SELECT data FROM revision ORDER BY id DESC LIMIT 1")).scalar()
    try:
        office = office_from_dict(json.loads(latest)) if latest else None
    except (ValueError, TypeError, KeyError, AttributeError):
        office = None  # an office this version cannot read: the default wording still finds them
    starts = caller_specific_starts(office)
    audio = Path(settings(current_app).audio_dir)
    for key, lang, text, filename in bind.execute(sa.text("SELECT key, lang, text, filename FROM audio_clip")).all():
        if any(lang == code and (text or "").startswith(opening) for code, opening in starts):
            if filename:
                (audio / Path(filename).name).unlink(missing_ok=True)
            bind.execute(sa.text("DELETE FROM audio_clip WHERE key = :key"), {"key": key})


def downgrade():
    pass  # what was deleted was personal data: it is not made again
