"""A clinic box's signed audit checkpoints, kept on the central server (issue 21).

Revision ID: b039a0c0e011
Revises: a029a0c0e010
Create Date: 2026-12-07 13:31:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'b039a0c0e011'
down_revision = 'a029a0c0e010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('box_audit_checkpoint',
    sa.Column('device', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('signed_at', sa.DateTime(), nullable=False),
    sa.Column('signature', sa.LargeBinary(length=64), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('device', 'seq', name=op.f('pk_box_audit_checkpoint'))
    )


def downgrade():
    op.drop_table('box_audit_checkpoint')
