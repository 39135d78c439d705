"""A text message a caller asks for may carry one procedure's list of documents (issue 19).

Like 0002 and 0007, a database made by create_all (which has the column already) is kept as it is.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 06:20:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    present = {column['name'] for column in sa.inspect(op.get_bind()).get_columns('sms_request')}
    if 'procedure' in present:
        return
    with op.batch_alter_table('sms_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('procedure', sa.String(length=20), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('sms_request', schema=None) as batch_op:
        batch_op.drop_column('procedure')
