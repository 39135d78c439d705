"""A revision's note as data (revision.note_data: {"kind": ..., "fields": {...}} as JSON), put into
words in the reader's language by the staff pages (ivr/content/models.py RevisionNote).

The English notes earlier versions wrote are converted once, here; a note this does not recognise
stays in revision.note and is shown as it was written. The column is added only if missing, like
0001-0003 (a database made by create_all has it already). The downgrade writes the English back.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 01:10:00
"""
import json
import re

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

# The notes earlier versions saved (ivr/staff/views.py, ivr/cli.py, ivr/content/store.py): the
# English pattern, the note's kind and the names of its fields (the pattern's groups, in order).
OLD_NOTES = [
    (r"(hours|contacts|pronunciation)", None, ()),
    (r"headline added", "headline_added", ()),
    (r"texts \((\w+)\)", "texts", ("lang",)),
    (r"headline (\S+) edited", "headline_edited", ("headline",)),
    (r"headline (\S+): (hide|show|up|down|delete)", None, ("headline", "action")),
    (r"restored revision (\d+)", "restored", ("revision",)),
    (r"demo content", "demo", ()),
    (r"pronunciation of (.+) \((\w+)\)", "pronunciation_word", ("word", "lang")),
]
ENGLISH = {
    "hours": "hours", "contacts": "contacts", "pronunciation": "pronunciation", "headline_added": "headline added",
    "texts": "texts ({lang})", "headline_edited": "headline {headline} edited", "restored": "restored revision {revision}",
    "demo": "demo content", "pronunciation_word": "pronunciation of {word} ({lang})",
}

revision_table = sa.table('revision', sa.column('id', sa.Integer), sa.column('note', sa.String),
                          sa.column('note_data', sa.Text))


def as_data(note):
    """The old English ``note`` as (kind, fields), or None if it is not one these pages wrote."""
    for pattern, kind, names in OLD_NOTES:
        found = re.fullmatch(pattern, note or "")
        if found:
            fields = dict(zip(names, found.groups()))
            if kind is None and "action" in fields:
                kind = "headline_" + fields.pop("action")
            return kind or found.group(1), fields
    return None


def as_english(kind, fields):
    if kind.startswith("headline_") and kind not in ENGLISH:
        return f"headline {fields.get('headline', '')}: {kind[len('headline_'):]}"
    return ENGLISH.get(kind, kind).format(**fields)


def upgrade():
    bind = op.get_bind()
    columns = {c['name'] for c in sa.inspect(bind).get_columns('revision')}
    if 'note_data' not in columns:
        with op.batch_alter_table('revision', schema=None) as batch_op:
            batch_op.add_column(sa.Column('note_data', sa.Text(), nullable=True))
    rows = bind.execute(sa.select(revision_table.c.id, revision_table.c.note)
                        .where(revision_table.c.note_data.is_(None), revision_table.c.note != '')).all()
    for row_id, note in rows:
        data = as_data(note)
        if data is not None:
            kind, fields = data
            bind.execute(revision_table.update().where(revision_table.c.id == row_id).values(
                note='', note_data=json.dumps({"kind": kind, "fields": fields}, ensure_ascii=False, sort_keys=True)))


def downgrade():
    bind = op.get_bind()
    rows = bind.execute(sa.select(revision_table.c.id, revision_table.c.note_data)
                        .where(revision_table.c.note_data.is_not(None))).all()
    for row_id, raw in rows:
        try:
            data = json.loads(raw)
            note = as_english(data["kind"], data.get("fields") or {})
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
        bind.execute(revision_table.update().where(revision_table.c.id == row_id).values(note=note[:500]))
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.drop_column('note_data')
