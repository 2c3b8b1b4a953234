"""An account's form of address on documents (issue 16): how what a clinician signs
agrees with them, « Je soussignée » or « Je soussigné ».

Existing accounts get the inclusive form (« Je soussigné(e) »), what every certificate
printed so far; administrators set each signer's on the user form.

Revision ID: b7d2e4f9a1c3
Revises: 1a5b24690f97
Create Date: 2026-12-06 12:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'b7d2e4f9a1c3'
down_revision = '1a5b24690f97'
branch_labels = None
depends_on = None


def upgrade():
    # The server default fills the existing rows, then goes: the application always writes
    # the value (models/user.py), so the schema matches the models.
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(sa.Column(
            "form_of_address",
            sa.Enum("feminine", "masculine", "inclusive", name="gender", native_enum=False,
                    length=16),
            nullable=False, server_default="inclusive"))
    with op.batch_alter_table("user_account") as batch:
        batch.alter_column("form_of_address", server_default=None)


def downgrade():
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("form_of_address")
