"""Allergies and current treatments on the person's record (issue 20).

Revision ID: 7119a0c0e007
Revises: 6019a0c0e006
Create Date: 2026-12-07 07:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '7119a0c0e007'
down_revision = '6019a0c0e006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('allergy_status_answer',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('answer', sa.Enum('not_asked', 'no_known_allergy', 'has_allergies', name='allergyanswer', native_enum=False, length=32), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_allergy_status_answer_person_id_person')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_allergy_status_answer_recorded_by_id_user_account')),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_allergy_status_answer_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_allergy_status_answer'))
    )
    with op.batch_alter_table('allergy_status_answer', schema=None) as batch_op:
        batch_op.create_index('ix_allergy_status_answer_person_recorded', ['person_id', 'recorded_at'], unique=False)

    op.create_table('allergy',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('group_code', sa.LargeBinary(), nullable=True),
    sa.Column('substance', sa.LargeBinary(), nullable=True),
    sa.Column('reaction_code', sa.LargeBinary(), nullable=True),
    sa.Column('reaction_details', sa.LargeBinary(), nullable=True),
    sa.Column('severity_code', sa.LargeBinary(), nullable=True),
    sa.Column('source_code', sa.LargeBinary(), nullable=True),
    sa.Column('noted_on', sa.Date(), nullable=False),
    sa.Column('state', sa.Enum('active', 'no_longer', 'entered_in_error', name='entrystate', native_enum=False, length=32), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('retired_by_id', sa.Integer(), nullable=True),
    sa.Column('retired_at', sa.DateTime(), nullable=True),
    sa.Column('retired_reason', sa.LargeBinary(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_allergy_person_id_person')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_allergy_recorded_by_id_user_account')),
    sa.ForeignKeyConstraint(['retired_by_id'], ['user_account.id'], name=op.f('fk_allergy_retired_by_id_user_account')),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_allergy_site_id_site')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_allergy_updated_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_allergy'))
    )
    with op.batch_alter_table('allergy', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_allergy_person_id'), ['person_id'], unique=False)

    op.create_table('medication',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('medicine', sa.LargeBinary(), nullable=True),
    sa.Column('atc_code', sa.LargeBinary(), nullable=True),
    sa.Column('dose', sa.LargeBinary(), nullable=True),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('prescriber_code', sa.LargeBinary(), nullable=True),
    sa.Column('prescriber_details', sa.LargeBinary(), nullable=True),
    sa.Column('stopped_on', sa.Date(), nullable=True),
    sa.Column('stop_reason', sa.Enum('completed', 'side_effect', 'ineffective', 'replaced', 'person_stopped', 'other', 'entered_in_error', name='stopreason', native_enum=False, length=32), nullable=True),
    sa.Column('stop_details', sa.LargeBinary(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_medication_person_id_person')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_medication_recorded_by_id_user_account')),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_medication_site_id_site')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_medication_updated_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_medication'))
    )
    with op.batch_alter_table('medication', schema=None) as batch_op:
        batch_op.create_index('ix_medication_person_stopped', ['person_id', 'stopped_on'], unique=False)


def downgrade():
    with op.batch_alter_table('medication', schema=None) as batch_op:
        batch_op.drop_index('ix_medication_person_stopped')

    op.drop_table('medication')
    with op.batch_alter_table('allergy', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_allergy_person_id'))

    op.drop_table('allergy')
    with op.batch_alter_table('allergy_status_answer', schema=None) as batch_op:
        batch_op.drop_index('ix_allergy_status_answer_person_recorded')

    op.drop_table('allergy_status_answer')
