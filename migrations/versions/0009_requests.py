"""Reference numbers and statuses for callers' requests (issue 19, item 4): the message's reference
(unique among live requests), the staff's note and the body a request was forwarded to; a text
message may carry its own words (the reference, the answer) instead of the office's information.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 06:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    # A database made by create_all (adopted, like 0002 and 0007 do) may have the columns already.
    inspector = sa.inspect(op.get_bind())
    present = {column['name'] for column in inspector.get_columns('message')}
    if 'reference' not in present:
        with op.batch_alter_table('message', schema=None) as batch_op:
            batch_op.add_column(sa.Column('reference', sa.String(length=5), nullable=True))
            batch_op.add_column(sa.Column('note', sa.String(length=500), nullable=False, server_default=''))
            batch_op.add_column(sa.Column('forwarded_to', sa.String(length=200), nullable=False, server_default=''))
        with op.batch_alter_table('message', schema=None) as batch_op:
            batch_op.alter_column('note', server_default=None)
            batch_op.alter_column('forwarded_to', server_default=None)
    op.create_index(op.f('ix_message_reference'), 'message', ['reference'], unique=True, if_not_exists=True)
    if 'body' not in {column['name'] for column in inspector.get_columns('sms_request')}:
        with op.batch_alter_table('sms_request', schema=None) as batch_op:
            batch_op.add_column(sa.Column('body', sa.Text(), nullable=False, server_default=''))
        with op.batch_alter_table('sms_request', schema=None) as batch_op:
            batch_op.alter_column('body', server_default=None)


def downgrade():
    op.drop_index(op.f('ix_message_reference'), table_name='message')
    with op.batch_alter_table('sms_request', schema=None) as batch_op:
        batch_op.drop_column('body')
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.drop_column('forwarded_to')
        batch_op.drop_column('note')
        batch_op.drop_column('reference')
