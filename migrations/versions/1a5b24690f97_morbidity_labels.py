"""Morbidity labels as rows (code, language, label) instead of one column per language
(issue 15): a new interface language then needs no migration.

The French and English labels of the codes coordinators added move into
morbidity_labels, and label_fr and label_en go. The downgrade puts them back from the
rows (labels in other languages are lost); a code with no French (or English) row gets
the other label, or its code, so that the restored columns are never empty.

Revision ID: 1a5b24690f97
Revises: ed91def4c768
Create Date: 2026-12-07 09:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '1a5b24690f97'
down_revision = 'ed91def4c768'
branch_labels = None
depends_on = None


# The tables as this revision sees them (not the models, which move on).
CODES = sa.table("morbidity_code", sa.column("code"), sa.column("label_fr"),
                 sa.column("label_en"))
LABELS = sa.table("morbidity_labels", sa.column("code"), sa.column("language"),
                  sa.column("label"))

# SQLite enforces foreign keys (caseflow/database.py), and batch mode recreates
# morbidity_code to drop or tighten a column: it must not be the parent of
# morbidity_labels at that moment. So the labels are read first, the table changed, and
# the labels written after (a coordinator's list: a few dozen rows).


def upgrade():
    rows = op.get_bind().execute(sa.select(CODES.c.code, CODES.c.label_fr, CODES.c.label_en))
    labels = [{"code": code, "language": language, "label": label}
              for code, label_fr, label_en in rows
              for language, label in (("fr", label_fr), ("en", label_en))]
    with op.batch_alter_table("morbidity_code") as batch:
        batch.drop_column("label_fr")
        batch.drop_column("label_en")
    table = op.create_table(
        "morbidity_labels",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(["code"], ["morbidity_code.code"],
                                name=op.f("fk_morbidity_labels_code_morbidity_code")),
        sa.PrimaryKeyConstraint("code", "language", name=op.f("pk_morbidity_labels")),
    )
    if labels:
        op.bulk_insert(table, labels)


def downgrade():
    bind = op.get_bind()
    by_code: dict[str, dict[str, str]] = {
        code: {} for code in bind.execute(sa.select(CODES.c.code)).scalars()}
    for code, language, label in bind.execute(
            sa.select(LABELS.c.code, LABELS.c.language, LABELS.c.label)):
        by_code.setdefault(code, {})[language] = label
    op.drop_table("morbidity_labels")
    with op.batch_alter_table("morbidity_code") as batch:
        batch.add_column(sa.Column("label_fr", sa.String(length=120), nullable=True))
        batch.add_column(sa.Column("label_en", sa.String(length=120), nullable=True))
    if by_code:
        bind.execute(
            CODES.update().where(CODES.c.code == sa.bindparam("row_code"))
            .values(label_fr=sa.bindparam("fr"), label_en=sa.bindparam("en")),
            [{"row_code": code,
              "fr": labels.get("fr") or labels.get("en") or code,
              "en": labels.get("en") or labels.get("fr") or code}
             for code, labels in by_code.items()])
    with op.batch_alter_table("morbidity_code") as batch:
        batch.alter_column("label_fr", existing_type=sa.String(length=120), nullable=False)
        batch.alter_column("label_en", existing_type=sa.String(length=120), nullable=False)
