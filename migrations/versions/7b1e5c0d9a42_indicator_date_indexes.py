"""Indexes on the dates the indicators select a month by (issue 8); some cover what the
indicators read (a note's person, site and discipline; a person's sex and birth year).

Without them a month of notes, steps or appointments over every site is a
scan of the whole table (1,000,000 notes); the existing indexes lead with a
site or a person.

Revision ID: 7b1e5c0d9a42
Revises: fe16a413cc7e
Create Date: 2026-11-27 19:55:00

"""
from alembic import op


revision = '7b1e5c0d9a42'
down_revision = 'fe16a413cc7e'
branch_labels = None
depends_on = None

INDEXES = [
    ("ix_note_occurred_at", "note", ["occurred_at", "person_id", "site_id", "discipline"]),
    ("ix_appointment_status_person_id_scheduled_at", "appointment",
     ["status", "person_id", "scheduled_at"]),
    ("ix_enrolment_started_on", "enrolment", "started_on"),
    ("ix_state_change_changed_on", "state_change", "changed_on"),
    ("ix_appointment_scheduled_at", "appointment", "scheduled_at"),
    ("ix_consent_decided_on", "consent", "decided_on"),
    ("ix_referral_created_at", "referral", "created_at"),
    ("ix_referral_status_change_changed_at", "referral_status_change", "changed_at"),
    ("ix_vulnerability_flag_noted_on", "vulnerability_flag", "noted_on"),
]


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns if isinstance(columns, list) else [columns],
                        unique=False)
    # Sex and age group of each counted row's person, without reading the person row.
    op.create_index("ix_person_id_sex_birth_year", "person", ["id", "sex", "birth_year"])


def downgrade():
    op.drop_index("ix_person_id_sex_birth_year", table_name="person")
    for name, table, _column in reversed(INDEXES):
        op.drop_index(name, table_name=table)
