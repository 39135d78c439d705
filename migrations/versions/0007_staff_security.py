"""Staff accounts: the inbox permission, two-factor login, and sessions kept on the server.

Every account that exists gets the inbox permission, so no office loses access to its callers'
messages; new accounts get it only when an admin gives it. Like 0002, what exists already (a database made by
create_all) is kept as it is.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 03:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    present = {column['name'] for column in sa.inspect(op.get_bind()).get_columns('staff_user')}
    if 'inbox' not in present:
        with op.batch_alter_table('staff_user', schema=None) as batch_op:
            batch_op.add_column(sa.Column('inbox', sa.Boolean(), nullable=False, server_default=sa.false()))
            batch_op.add_column(sa.Column('totp_secret', sa.String(length=64), nullable=True))
            batch_op.add_column(sa.Column('totp_on', sa.Boolean(), nullable=False, server_default=sa.false()))
            batch_op.add_column(sa.Column('totp_last_step', sa.Integer(), nullable=True))
        # Every account that exists keeps seeing the inbox, as it could before.
        op.execute(sa.text("UPDATE staff_user SET inbox = :yes").bindparams(yes=True))
        with op.batch_alter_table('staff_user', schema=None) as batch_op:
            batch_op.alter_column('inbox', server_default=None)
            batch_op.alter_column('totp_on', server_default=None)

    op.create_table('staff_session',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['staff_user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    if_not_exists=True,
    )
    op.create_index(op.f('ix_staff_session_created_at'), 'staff_session', ['created_at'], unique=False, if_not_exists=True)
    op.create_index(op.f('ix_staff_session_user_id'), 'staff_session', ['user_id'], unique=False, if_not_exists=True)


def downgrade():
    op.drop_index(op.f('ix_staff_session_user_id'), table_name='staff_session')
    op.drop_index(op.f('ix_staff_session_created_at'), table_name='staff_session')
    op.drop_table('staff_session')
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.drop_column('totp_last_step')
        batch_op.drop_column('totp_on')
        batch_op.drop_column('totp_secret')
        batch_op.drop_column('inbox')
