"""Mental-health scales with caseflow's scoring (issue 20).

Revision ID: 9319a0c0e009
Revises: 8219a0c0e008
Create Date: 2026-12-07 07:02:00

"""
import sqlalchemy as sa
from alembic import op

revision = '9319a0c0e009'
down_revision = '8219a0c0e008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('scale_result',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('discipline', sa.String(length=32), nullable=False),
    sa.Column('scale', sa.Enum('phq9', 'phqa', 'gad7', 'pcl5', 'cries8', 'rhs15', name='scalecode', native_enum=False, length=32), nullable=False),
    sa.Column('administered_on', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('current', 'superseded', 'entered_in_error', name='resultstatus', native_enum=False, length=32), nullable=False),
    sa.Column('scoring_version', sa.Integer(), nullable=False),
    sa.Column('replaces_id', sa.Uuid(), nullable=True),
    sa.Column('replaced_by_id', sa.Uuid(), nullable=True),
    sa.Column('error_marked_by_id', sa.Integer(), nullable=True),
    sa.Column('error_marked_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('answers', sa.LargeBinary(), nullable=True),
    sa.Column('total', sa.LargeBinary(), nullable=True),
    sa.Column('band', sa.LargeBinary(), nullable=True),
    sa.Column('outcome', sa.LargeBinary(), nullable=True),
    sa.Column('error_reason', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_scale_result_author_id_user_account')),
    sa.ForeignKeyConstraint(['error_marked_by_id'], ['user_account.id'], name=op.f('fk_scale_result_error_marked_by_id_user_account')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_scale_result_person_id_person')),
    sa.ForeignKeyConstraint(['replaced_by_id'], ['scale_result.id'], name=op.f('fk_scale_result_replaced_by_id_scale_result')),
    sa.ForeignKeyConstraint(['replaces_id'], ['scale_result.id'], name=op.f('fk_scale_result_replaces_id_scale_result')),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_scale_result_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scale_result'))
    )
    with op.batch_alter_table('scale_result', schema=None) as batch_op:
        batch_op.create_index('ix_scale_result_person_administered', ['person_id', 'administered_on'], unique=False)


def downgrade():
    with op.batch_alter_table('scale_result', schema=None) as batch_op:
        batch_op.drop_index('ix_scale_result_person_administered')

    op.drop_table('scale_result')
