"""Reference numbers and statuses for callers' requests (issue 19, item 4): the message's reference
(unique among live requests), the staff's note and the body a request was forwarded to; a text
message may carry its own words (the reference, the answer) instead of the office's information.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 06:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reference', sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column('note', sa.String(length=500), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('forwarded_to', sa.String(length=200), nullable=False, server_default=''))
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.alter_column('note', server_default=None)
        batch_op.alter_column('forwarded_to', server_default=None)
        batch_op.create_index(batch_op.f('ix_message_reference'), ['reference'], unique=True)
    with op.batch_alter_table('sms_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body', sa.Text(), nullable=False, server_default=''))
    with op.batch_alter_table('sms_request', schema=None) as batch_op:
        batch_op.alter_column('body', server_default=None)


def downgrade():
    with op.batch_alter_table('sms_request', schema=None) as batch_op:
        batch_op.drop_column('body')
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_message_reference'))
        batch_op.drop_column('forwarded_to')
        batch_op.drop_column('note')
        batch_op.drop_column('reference')
