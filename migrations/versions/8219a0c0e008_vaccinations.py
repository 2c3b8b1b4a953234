"""Vaccination status and catch-up doses (issue 20).

Revision ID: 8219a0c0e008
Revises: 7119a0c0e007
Create Date: 2026-12-07 07:01:00

"""
import sqlalchemy as sa
from alembic import op

revision = '8219a0c0e008'
down_revision = '7119a0c0e007'
branch_labels = None
depends_on = None


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, length=32)


VACCINES = ('dt', 'dt_ipv', 'dtap_ipv', 'dtap_ipv_hib_hepb', 'tetanus', 'mmr', 'hepb', 'ipv',
            'opv', 'bcg', 'hpv', 'men_acwy', 'men_c', 'men_b', 'pcv', 'ppsv23', 'covid_19',
            'yellow_fever', 'other')


def upgrade():
    op.create_table('vaccination_status',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('source', _enum('statussource', 'card', 'declared', 'unknown'), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_vaccination_status_person_id_person')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_vaccination_status_recorded_by_id_user_account')),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_vaccination_status_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vaccination_status'))
    )
    with op.batch_alter_table('vaccination_status', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vaccination_status_person_id'), ['person_id'], unique=False)

    op.create_table('vaccination_dose',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('vaccine', _enum('vaccine', *VACCINES), nullable=False),
    sa.Column('dose_number', sa.Integer(), nullable=False),
    sa.Column('given_on', sa.Date(), nullable=False),
    sa.Column('given_precision', _enum('dateprecision', 'day', 'month', 'year'), nullable=False),
    sa.Column('origin', _enum('doseorigin', 'given_here', 'card', 'declared'), nullable=False),
    sa.Column('state', _enum('dosestate', 'recorded', 'entered_in_error'), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('corrected_by_id', sa.Integer(), nullable=True),
    sa.Column('corrected_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('other_name', sa.LargeBinary(), nullable=True),
    sa.Column('lot_number', sa.LargeBinary(), nullable=True),
    sa.Column('error_reason', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['corrected_by_id'], ['user_account.id'], name=op.f('fk_vaccination_dose_corrected_by_id_user_account')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_vaccination_dose_person_id_person')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_vaccination_dose_recorded_by_id_user_account')),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_vaccination_dose_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vaccination_dose'))
    )
    with op.batch_alter_table('vaccination_dose', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vaccination_dose_person_id'), ['person_id'], unique=False)
        batch_op.create_index('ix_vaccination_dose_site_given', ['site_id', 'given_on'], unique=False)


def downgrade():
    with op.batch_alter_table('vaccination_dose', schema=None) as batch_op:
        batch_op.drop_index('ix_vaccination_dose_site_given')
        batch_op.drop_index(batch_op.f('ix_vaccination_dose_person_id'))
    op.drop_table('vaccination_dose')
    with op.batch_alter_table('vaccination_status', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vaccination_status_person_id'))
    op.drop_table('vaccination_status')
