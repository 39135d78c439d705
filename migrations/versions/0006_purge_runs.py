"""When the last scheduled purge started (ivr/messages/models.py PurgeRun): one row, so of several
workers or hosts one purges callers' old data each day.

Created only if missing, like 0001 to 0003.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 03:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('purge_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    if_not_exists=True,
    )


def downgrade():
    op.drop_table('purge_run')
