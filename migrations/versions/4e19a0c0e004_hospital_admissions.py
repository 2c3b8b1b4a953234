"""Hospital follow-up: admissions of followed patients to partner hospitals (issue 19).

Revision ID: 4e19a0c0e004
Revises: 3d19a0c0e003
Create Date: 2026-12-07 00:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '4e19a0c0e004'
down_revision = '3d19a0c0e003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('partner_hospital',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_partner_hospital_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_hospital')),
    sa.UniqueConstraint('site_id', 'name', name='uq_partner_hospital_site_name')
    )
    with op.batch_alter_table('partner_hospital', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_hospital_site_id'), ['site_id'], unique=False)

    op.create_table('hospital_admission',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('hospital_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('admitted_on', sa.Date(), nullable=False),
    sa.Column('reason_code', sa.String(length=64), nullable=False),
    sa.Column('referred_by', sa.Enum('team', 'emergency_services', 'detention_authority', 'other_organisation', 'self', 'other', name='referredby', native_enum=False, length=32), nullable=False),
    sa.Column('discharged_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.Enum('shelter', 'detention', 'transferred', 'died', 'left_against_advice', name='outcome', native_enum=False, length=32), nullable=True),
    sa.Column('cost_amount', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('cost_currency', sa.String(length=3), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('ward', sa.LargeBinary(), nullable=True),
    sa.Column('reason_text', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_hospital_admission_author_id_user_account')),
    sa.ForeignKeyConstraint(['hospital_id'], ['partner_hospital.id'], name=op.f('fk_hospital_admission_hospital_id_partner_hospital')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_hospital_admission_person_id_person')),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_hospital_admission_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hospital_admission'))
    )
    with op.batch_alter_table('hospital_admission', schema=None) as batch_op:
        batch_op.create_index('ix_hospital_admission_person_id_admitted_on', ['person_id', 'admitted_on'], unique=False)
        batch_op.create_index('ix_hospital_admission_site_id_admitted_on', ['site_id', 'admitted_on'], unique=False)
        batch_op.create_index('ix_hospital_admission_site_id_discharged_on', ['site_id', 'discharged_on'], unique=False)

    op.create_table('hospital_visit',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('admission_id', sa.Uuid(), nullable=False),
    sa.Column('note_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['admission_id'], ['hospital_admission.id'], name=op.f('fk_hospital_visit_admission_id_hospital_admission')),
    sa.ForeignKeyConstraint(['note_id'], ['note.id'], name=op.f('fk_hospital_visit_note_id_note')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hospital_visit')),
    sa.UniqueConstraint('note_id', name=op.f('uq_hospital_visit_note_id'))
    )
    with op.batch_alter_table('hospital_visit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hospital_visit_admission_id'), ['admission_id'], unique=False)


def downgrade():
    with op.batch_alter_table('hospital_visit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hospital_visit_admission_id'))
    op.drop_table('hospital_visit')
    with op.batch_alter_table('hospital_admission', schema=None) as batch_op:
        batch_op.drop_index('ix_hospital_admission_site_id_discharged_on')
        batch_op.drop_index('ix_hospital_admission_site_id_admitted_on')
        batch_op.drop_index('ix_hospital_admission_person_id_admitted_on')
    op.drop_table('hospital_admission')
    with op.batch_alter_table('partner_hospital', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_hospital_site_id'))
    op.drop_table('partner_hospital')
