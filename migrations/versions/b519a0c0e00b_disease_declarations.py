"""Declarations of notifiable diseases to the health authority (issue 20).

Revision ID: b519a0c0e00b
Revises: a419a0c0e00a
Create Date: 2026-12-07 07:05:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'b519a0c0e00b'
down_revision = 'a419a0c0e00a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('disease_declaration',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('outcome', sa.Enum('declared', 'declared_elsewhere', 'not_declared', name='declarationoutcome', native_enum=False, length=32), nullable=False),
    sa.Column('declared_on', sa.Date(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('reference', sa.LargeBinary(), nullable=True),
    sa.Column('reason', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_disease_declaration_person_id_person')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_disease_declaration_recorded_by_id_user_account')),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_disease_declaration_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disease_declaration'))
    )
    with op.batch_alter_table('disease_declaration', schema=None) as batch_op:
        batch_op.create_index('ix_disease_declaration_person_id_code', ['person_id', 'code'], unique=False)


def downgrade():
    with op.batch_alter_table('disease_declaration', schema=None) as batch_op:
        batch_op.drop_index('ix_disease_declaration_person_id_code')
    op.drop_table('disease_declaration')
