"""A clinic box's signing key, pinned centrally at its first contact, so that certificates
issued on the box verify on the central server once synced (issue 21).

Revision ID: a029a0c0e010
Revises: f919a0c0e00f
Create Date: 2026-12-07 13:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'a029a0c0e010'
down_revision = 'f919a0c0e00f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('clinic_box') as batch:
        batch.add_column(sa.Column('signing_public_key', sa.LargeBinary(length=32),
                                   nullable=True))


def downgrade():
    with op.batch_alter_table('clinic_box') as batch:
        batch.drop_column('signing_public_key')
