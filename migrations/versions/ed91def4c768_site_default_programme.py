"""Each site's usual programme (issue 14): the programme the registration form starts on.

Existing sites get the programme every registration form started on so far (minority
recourse, the first programme defined); administrators then set each site's own on the
site form. New sites get general follow-up unless their administrator chooses otherwise.

Revision ID: ed91def4c768
Revises: c4e8a1f2d6b3
Create Date: 2026-12-06 09:00:00

"""
import sqlalchemy as sa
from alembic import op


revision = 'ed91def4c768'
down_revision = 'c4e8a1f2d6b3'
branch_labels = None
depends_on = None

PROGRAMME_SO_FAR = "minority_recourse"


def upgrade():
    # The server default fills the existing rows, then goes: the application always writes
    # the value (models/site.py), so the schema matches the models.
    with op.batch_alter_table("site") as batch:
        batch.add_column(sa.Column("default_programme", sa.String(length=40), nullable=False,
                                   server_default=PROGRAMME_SO_FAR))
    with op.batch_alter_table("site") as batch:
        batch.alter_column("default_programme", server_default=None)


def downgrade():
    with op.batch_alter_table("site") as batch:
        batch.drop_column("default_programme")
