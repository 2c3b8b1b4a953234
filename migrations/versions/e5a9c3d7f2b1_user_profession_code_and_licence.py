"""The signer's profession as a code and the national licence number (issue 16).

`profession_code` lets a certificate say the profession in its own language (« médecin
généraliste », "general practitioner") and agree it with the signer's form of address;
`licence_number` is the national licence outside France (Libya), printed instead of the
RPPS there.

Existing accounts: the free text the administrator typed is read, accents, case, spaces
and a trailing full stop ignored, and a text recognised (French or English) gets its
code. A text nobody recognises keeps no code: it is still printed as typed, as before,
until an administrator chooses one. The table below is a copy frozen at this revision
(a migration must not change when the application's list of professions does).

Revision ID: e5a9c3d7f2b1
Revises: b7d2e4f9a1c3
Create Date: 2026-12-08 12:00:00

"""
import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = 'e5a9c3d7f2b1'
down_revision = 'b7d2e4f9a1c3'
branch_labels = None
depends_on = None

RECOGNISED = {
    "general_practitioner": (
        "medecin generaliste", "generaliste", "medecin de medecine generale",
        "general practitioner", "gp", "family doctor", "family physician"),
    "doctor": ("medecin", "docteur", "docteur en medecine", "doctor", "physician",
               "medical doctor"),
    "psychiatrist": ("psychiatre", "medecin psychiatre", "psychiatrist"),
    "paediatrician": ("pediatre", "medecin pediatre", "paediatrician", "pediatrician"),
    "forensic_physician": ("medecin legiste", "legiste", "forensic physician",
                           "forensic doctor", "forensic medical examiner"),
    "clinical_psychologist": (
        "psychologue clinicienne", "psychologue clinicien", "psychologue clinicien(ne)",
        "psychologue clinicien.ne", "psychologue clinicien-ne", "clinical psychologist"),
    "psychologist": ("psychologue", "psychologist"),
    "nurse": ("infirmiere", "infirmier", "infirmier(e)", "infirmier(ere)", "infirmier.e",
              "infirmier.ere", "infirmiere diplomee d'etat", "infirmier diplome d'etat", "ide",
              "nurse", "registered nurse"),
    "midwife": ("sage-femme", "sage femme", "maieuticien", "maieuticienne", "midwife"),
}
CODES = {text: code for code, texts in RECOGNISED.items() for text in texts}


def _normalised(text: str) -> str:
    """Lower case, no accents, one space, no trailing full stop; « · » and « ’ » as typed
    on a French keyboard read as « . » and « ' »."""
    text = unicodedata.normalize("NFKD", text.replace("·", ".").replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"\s+", " ", text).strip().rstrip(".").strip()


def upgrade():
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(sa.Column("profession_code", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("licence_number", sa.String(length=32), nullable=True))
    users = sa.table("user_account", sa.column("id", sa.Integer),
                     sa.column("profession", sa.String), sa.column("profession_code", sa.String))
    connection = op.get_bind()
    for user_id, profession in connection.execute(sa.select(users.c.id, users.c.profession)):
        code = CODES.get(_normalised(profession or ""))
        if code is not None:
            connection.execute(users.update().where(users.c.id == user_id)
                               .values(profession_code=code))


def downgrade():
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("licence_number")
        batch.drop_column("profession_code")
