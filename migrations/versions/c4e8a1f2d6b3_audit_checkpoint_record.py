"""A record, in the database, that audit checkpoints were written (issue 14): a missing
or empty checkpoint file is then "deleted", not "none yet".

Revision ID: c4e8a1f2d6b3
Revises: a3f1c9e7b2d4
Create Date: 2026-12-06 10:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'c4e8a1f2d6b3'
down_revision = 'a3f1c9e7b2d4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "audit_checkpoint_record",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("first_written_at", sa.DateTime(), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("last_written_at", sa.DateTime(), nullable=False),
        sa.Column("written", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_checkpoint_record")),
    )


def downgrade():
    op.drop_table("audit_checkpoint_record")
