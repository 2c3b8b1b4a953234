"""Evacuations out of Libya: cases, their steps and fitness-to-travel assessments (issue 19).

Revision ID: 5f19a0c0e005
Revises: 4e19a0c0e004
Create Date: 2026-12-07 04:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '5f19a0c0e005'
down_revision = '4e19a0c0e004'
branch_labels = None
depends_on = None

PARTNER_KINDS = ('hospital_pass', 'psychiatry_cmp', 'lawyer', 'child_welfare_ase', 'unhcr',
                 'hospital', 'iom', 'protection_actor', 'other')
STATUSES = ('identified', 'assessed', 'submitted', 'accepted', 'medically_cleared', 'departed',
            'arrived', 'refused', 'withdrawn', 'lost_contact', 'detained', 'died')


def upgrade():
    op.create_table('evacuation_case',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Uuid(), nullable=True),
    sa.Column('mechanism', sa.Enum('emergency_transit', 'resettlement', 'humanitarian_corridor', 'medical_evacuation', 'family_reunification', name='mechanism', native_enum=False, length=32), nullable=False),
    sa.Column('destination', sa.String(length=2), nullable=False),
    sa.Column('partner_kind', sa.Enum(*PARTNER_KINDS, name='partnerkind', native_enum=False, length=32), nullable=False),
    sa.Column('status', sa.Enum(*STATUSES, name='evacuationstatus', native_enum=False, length=32), nullable=False),
    sa.Column('status_on', sa.Date(), nullable=False),
    sa.Column('identified_on', sa.Date(), nullable=False),
    sa.Column('departed_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('partner_name', sa.LargeBinary(), nullable=True),
    sa.Column('partner_case_number', sa.LargeBinary(), nullable=True),
    sa.Column('notes', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_evacuation_case_author_id_user_account')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_evacuation_case_person_id_person')),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_evacuation_case_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evacuation_case'))
    )
    with op.batch_alter_table('evacuation_case', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evacuation_case_group_id'), ['group_id'], unique=False)
        batch_op.create_index('ix_evacuation_case_person_id', ['person_id'], unique=False)
        batch_op.create_index('ix_evacuation_case_site_id_departed_on', ['site_id', 'departed_on'], unique=False)
        batch_op.create_index('ix_evacuation_case_site_id_status', ['site_id', 'status'], unique=False)

    op.create_table('evacuation_step',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('status', sa.Enum(*STATUSES, name='evacuationstatus', native_enum=False, length=32), nullable=False),
    sa.Column('step_on', sa.Date(), nullable=False),
    sa.Column('corrects_id', sa.Uuid(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['evacuation_case.id'], name=op.f('fk_evacuation_step_case_id_evacuation_case')),
    sa.ForeignKeyConstraint(['corrects_id'], ['evacuation_step.id'], name=op.f('fk_evacuation_step_corrects_id_evacuation_step')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_evacuation_step_recorded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evacuation_step'))
    )
    with op.batch_alter_table('evacuation_step', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evacuation_step_case_id'), ['case_id'], unique=False)

    op.create_table('fitness_assessment',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('category', sa.Enum('fit', 'fit_with_conditions', 'fit_with_escort', 'unfit_temporarily', 'unfit', name='fitness', native_enum=False, length=32), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('conditions', sa.LargeBinary(), nullable=True),
    sa.Column('details', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_fitness_assessment_author_id_user_account')),
    sa.ForeignKeyConstraint(['case_id'], ['evacuation_case.id'], name=op.f('fk_fitness_assessment_case_id_evacuation_case')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_fitness_assessment_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fitness_assessment'))
    )
    with op.batch_alter_table('fitness_assessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fitness_assessment_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_fitness_assessment_person_id'), ['person_id'], unique=False)

    op.create_table('evacuation_document',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('certificate_id', sa.Uuid(), nullable=False),
    sa.Column('consent_id', sa.Uuid(), nullable=False),
    sa.Column('attached_by_id', sa.Integer(), nullable=False),
    sa.Column('attached_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['attached_by_id'], ['user_account.id'], name=op.f('fk_evacuation_document_attached_by_id_user_account')),
    sa.ForeignKeyConstraint(['case_id'], ['evacuation_case.id'], name=op.f('fk_evacuation_document_case_id_evacuation_case')),
    sa.ForeignKeyConstraint(['certificate_id'], ['certificate.id'], name=op.f('fk_evacuation_document_certificate_id_certificate')),
    sa.ForeignKeyConstraint(['consent_id'], ['consent.id'], name=op.f('fk_evacuation_document_consent_id_consent')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evacuation_document'))
    )
    with op.batch_alter_table('evacuation_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evacuation_document_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evacuation_document_certificate_id'), ['certificate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evacuation_document_consent_id'), ['consent_id'], unique=False)


def downgrade():
    with op.batch_alter_table('evacuation_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evacuation_document_consent_id'))
        batch_op.drop_index(batch_op.f('ix_evacuation_document_certificate_id'))
        batch_op.drop_index(batch_op.f('ix_evacuation_document_case_id'))
    op.drop_table('evacuation_document')
    with op.batch_alter_table('fitness_assessment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fitness_assessment_person_id'))
        batch_op.drop_index(batch_op.f('ix_fitness_assessment_case_id'))
    op.drop_table('fitness_assessment')
    with op.batch_alter_table('evacuation_step', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evacuation_step_case_id'))
    op.drop_table('evacuation_step')
    with op.batch_alter_table('evacuation_case', schema=None) as batch_op:
        batch_op.drop_index('ix_evacuation_case_site_id_status')
        batch_op.drop_index('ix_evacuation_case_site_id_departed_on')
        batch_op.drop_index('ix_evacuation_case_person_id')
        batch_op.drop_index(batch_op.f('ix_evacuation_case_group_id'))
    op.drop_table('evacuation_case')
