"""Tuberculosis episodes: tests, diagnosis, treatment, doses, outcome (issue 19).

Revision ID: 3d19a0c0e003
Revises: 2c19a0c0e002
Create Date: 2026-12-07 00:00:00

"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = '3d19a0c0e003'
down_revision = '2c19a0c0e002'
branch_labels = None
depends_on = None


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, length=32)


LAB = ('not_done', 'negative', 'positive')


def upgrade():
    op.create_table('tb_episode',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('presumptive_on', sa.Date(), nullable=False),
    sa.Column('xpert', _enum('xpertresult', 'not_done', 'not_detected', 'detected', 'invalid'), nullable=False),
    sa.Column('rif_resistance', _enum('rifresistance', 'not_done', 'not_detected', 'detected', 'indeterminate'), nullable=False),
    sa.Column('smear', _enum('labresult', *LAB), nullable=False),
    sa.Column('culture', _enum('labresult', *LAB), nullable=False),
    sa.Column('xray', _enum('xrayresult', 'not_done', 'normal', 'suggestive'), nullable=False),
    sa.Column('diagnosed_on', sa.Date(), nullable=True),
    sa.Column('basis', _enum('diagnosisbasis', 'bacteriological', 'clinical'), nullable=True),
    sa.Column('disease_site', _enum('diseasesite', 'pulmonary', 'extrapulmonary'), nullable=True),
    sa.Column('history', _enum('treatmenthistory', 'new', 'relapse', 'after_failure', 'after_lost', 'other_previously_treated'), nullable=True),
    sa.Column('hiv', _enum('hivstatus', 'unknown', 'negative', 'positive'), nullable=False),
    sa.Column('regimen', _enum('regimen', 'drug_susceptible', 'drug_resistant'), nullable=True),
    sa.Column('treatment_started_on', sa.Date(), nullable=True),
    sa.Column('smear_month2', _enum('labresult', *LAB), nullable=False),
    sa.Column('smear_month5', _enum('labresult', *LAB), nullable=False),
    sa.Column('smear_month6', _enum('labresult', *LAB), nullable=False),
    sa.Column('outcome', _enum('tboutcome', 'cured', 'completed', 'failed', 'died', 'lost', 'not_evaluated'), nullable=True),
    sa.Column('outcome_on', sa.Date(), nullable=True),
    sa.Column('register_number', sa.LargeBinary(), nullable=True),
    sa.Column('notes', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_tb_episode_author_id_user_account')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_tb_episode_person_id_person')),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_tb_episode_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tb_episode'))
    )
    with op.batch_alter_table('tb_episode', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tb_episode_person_id'), ['person_id'], unique=False)
        batch_op.create_index('ix_tb_episode_site_started', ['site_id', 'treatment_started_on'], unique=False)

    op.create_table('tb_dose',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('episode_id', sa.Uuid(), nullable=False),
    sa.Column('taken_on', sa.Date(), nullable=False),
    sa.Column('observation', _enum('observation', 'direct', 'video'), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['episode_id'], ['tb_episode.id'], name=op.f('fk_tb_dose_episode_id_tb_episode')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_tb_dose_recorded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tb_dose'))
    )
    with op.batch_alter_table('tb_dose', schema=None) as batch_op:
        batch_op.create_index('ix_tb_dose_episode_taken', ['episode_id', 'taken_on'], unique=True)


def downgrade():
    with op.batch_alter_table('tb_dose', schema=None) as batch_op:
        batch_op.drop_index('ix_tb_dose_episode_taken')
    op.drop_table('tb_dose')
    with op.batch_alter_table('tb_episode', schema=None) as batch_op:
        batch_op.drop_index('ix_tb_episode_site_started')
        batch_op.drop_index(batch_op.f('ix_tb_episode_person_id'))
    op.drop_table('tb_episode')
