"""Calls whose end Twilio reported (ivr/messages/models.py EndedCall): a recording that arrives
after its call's status callback is delivered at once.

Created only if missing, like 0001 and 0002.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 04:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('ended_call',
    sa.Column('call_sid', sa.String(length=64), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('call_sid'),
    if_not_exists=True,
    )
    op.create_index(op.f('ix_ended_call_ended_at'), 'ended_call', ['ended_at'], unique=False, if_not_exists=True)


def downgrade():
    with op.batch_alter_table('ended_call', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ended_call_ended_at'))
    op.drop_table('ended_call')
