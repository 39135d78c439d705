"""Staff accounts and login attempts (ivr/staff/models.py).

Created only if missing, like 0001, so a database made by create_all is adopted as it is.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 03:11:02.603258
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('staff_login_attempt',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('username', sa.String(length=40), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('success', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    if_not_exists=True,
    )
    op.create_index(op.f('ix_staff_login_attempt_address'), 'staff_login_attempt', ['address'], unique=False, if_not_exists=True)
    op.create_index(op.f('ix_staff_login_attempt_at'), 'staff_login_attempt', ['at'], unique=False, if_not_exists=True)
    op.create_index(op.f('ix_staff_login_attempt_username'), 'staff_login_attempt', ['username'], unique=False, if_not_exists=True)

    op.create_table('staff_user',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('username', sa.String(length=40), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('session_version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    if_not_exists=True,
    )
    op.create_index(op.f('ix_staff_user_username'), 'staff_user', ['username'], unique=True, if_not_exists=True)


def downgrade():
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_user_username'))

    op.drop_table('staff_user')
    with op.batch_alter_table('staff_login_attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_login_attempt_username'))
        batch_op.drop_index(batch_op.f('ix_staff_login_attempt_at'))
        batch_op.drop_index(batch_op.f('ix_staff_login_attempt_address'))

    op.drop_table('staff_login_attempt')
