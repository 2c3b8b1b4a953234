"""Outreach sessions at disembarkation points and detention centres, and their rapid contacts (issue 19).

Revision ID: 2c19a0c0e002
Revises: 79e3236aec63
Create Date: 2026-12-07 00:00:00

"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = '2c19a0c0e002'
down_revision = '79e3236aec63'
branch_labels = None
depends_on = None


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, length=32)


def upgrade():
    op.create_table('outreach_place',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', _enum('placekind', 'disembarkation_point', 'detention_centre'), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_outreach_place_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outreach_place')),
    sa.UniqueConstraint('site_id', 'name', name='uq_outreach_place_site_name')
    )
    with op.batch_alter_table('outreach_place', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outreach_place_site_id'), ['site_id'], unique=False)

    op.create_table('outreach_session',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('access', _enum('accessobtained', 'full', 'partial', 'refused'), nullable=False),
    sa.Column('present_count', sa.Integer(), nullable=True),
    sa.Column('seen_count', sa.Integer(), nullable=True),
    sa.Column('female_count', sa.Integer(), nullable=True),
    sa.Column('male_count', sa.Integer(), nullable=True),
    sa.Column('under_5_count', sa.Integer(), nullable=True),
    sa.Column('age_5_17_count', sa.Integer(), nullable=True),
    sa.Column('age_18_59_count', sa.Integer(), nullable=True),
    sa.Column('age_60_plus_count', sa.Integer(), nullable=True),
    sa.Column('referred_count', sa.Integer(), nullable=True),
    sa.Column('declined_count', sa.Integer(), nullable=False),
    sa.Column('sealed_key', sa.LargeBinary(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('team', sa.LargeBinary(), nullable=True),
    sa.Column('refusal_reason', sa.LargeBinary(), nullable=True),
    sa.Column('access_note', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_outreach_session_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['place_id'], ['outreach_place.id'], name=op.f('fk_outreach_session_place_id_outreach_place')),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_outreach_session_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outreach_session'))
    )
    with op.batch_alter_table('outreach_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outreach_session_place_id'), ['place_id'], unique=False)
        batch_op.create_index('ix_outreach_session_site_id_held_on', ['site_id', 'held_on'], unique=False)

    op.create_table('outreach_contact',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('session_id', sa.Uuid(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('sex', _enum('sex', 'female', 'male', 'other', 'unknown'), nullable=False),
    sa.Column('age_group', _enum('agegroup', 'under_5', '5_17', '18_59', '60_plus', 'unknown'), nullable=False),
    sa.Column('nationality', sa.String(length=2), nullable=True),
    sa.Column('complaint_code', sa.String(length=40), nullable=True),
    sa.Column('triage', _enum('triage', 'red', 'yellow', 'green'), nullable=False),
    sa.Column('referral', _enum('outreachreferral', 'none', 'hospital', 'shelter', 'protection'), nullable=False),
    sa.Column('consent_explained_by_id', sa.Integer(), nullable=False),
    sa.Column('consent_confirmed', sa.Boolean(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=True),
    sa.Column('declared_name', sa.LargeBinary(), nullable=True),
    sa.Column('vitals', sa.LargeBinary(), nullable=True),
    sa.Column('complaint', sa.LargeBinary(), nullable=True),
    sa.Column('treatment', sa.LargeBinary(), nullable=True),
    sa.Column('protection_concern', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['consent_explained_by_id'], ['user_account.id'], name=op.f('fk_outreach_contact_consent_explained_by_id_user_account')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_outreach_contact_person_id_person')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_outreach_contact_recorded_by_id_user_account')),
    sa.ForeignKeyConstraint(['session_id'], ['outreach_session.id'], name=op.f('fk_outreach_contact_session_id_outreach_session')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outreach_contact')),
    sa.UniqueConstraint('session_id', 'number', name='uq_outreach_contact_session_number')
    )
    with op.batch_alter_table('outreach_contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outreach_contact_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outreach_contact_session_id'), ['session_id'], unique=False)


def downgrade():
    with op.batch_alter_table('outreach_contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outreach_contact_session_id'))
        batch_op.drop_index(batch_op.f('ix_outreach_contact_person_id'))
    op.drop_table('outreach_contact')
    with op.batch_alter_table('outreach_session', schema=None) as batch_op:
        batch_op.drop_index('ix_outreach_session_site_id_held_on')
        batch_op.drop_index(batch_op.f('ix_outreach_session_place_id'))
    op.drop_table('outreach_session')
    with op.batch_alter_table('outreach_place', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outreach_place_site_id'))
    op.drop_table('outreach_place')
