"""Sync: the operation log, received operations and conflicts (issue 21).

Revision ID: d719a0c0e00d
Revises: c619a0c0e00c
Create Date: 2026-12-07 09:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'd719a0c0e00d'
down_revision = 'c619a0c0e00c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sync_operation',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('device', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('table_name', sa.String(length=64), nullable=False),
    sa.Column('row_id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=True),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('arrival', sa.Uuid(), nullable=False),
    sa.Column('pushed_at', sa.DateTime(), nullable=True),
    sa.Column('applied_at', sa.DateTime(), nullable=True),
    sa.Column('conflicted', sa.JSON(), nullable=False),
    sa.Column('review_reason', sa.String(length=40), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_operation')),
    sa.UniqueConstraint('arrival', name=op.f('uq_sync_operation_arrival'))
    )
    with op.batch_alter_table('sync_operation', schema=None) as batch_op:
        batch_op.create_index('ix_sync_operation_device_id', ['device', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sync_operation_person_id'), ['person_id'], unique=False)
        batch_op.create_index('ix_sync_operation_state_id', ['state', 'id'], unique=False)
        batch_op.create_index('ix_sync_operation_table_name_row_id', ['table_name', 'row_id'], unique=False)

    op.create_table('sync_conflict',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('table_name', sa.String(length=64), nullable=False),
    sa.Column('row_id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=True),
    sa.Column('column', sa.String(length=64), nullable=False),
    sa.Column('base_value', sa.JSON(), nullable=True),
    sa.Column('central_value', sa.JSON(), nullable=True),
    sa.Column('box_value', sa.JSON(), nullable=True),
    sa.Column('operation_id', sa.Uuid(), nullable=False),
    sa.Column('device', sa.String(length=64), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('chosen', sa.String(length=10), nullable=True),
    sa.Column('chosen_value', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['operation_id'], ['sync_operation.id'], name=op.f('fk_sync_conflict_operation_id_sync_operation')),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['user_account.id'], name=op.f('fk_sync_conflict_resolved_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_conflict'))
    )
    with op.batch_alter_table('sync_conflict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_conflict_operation_id'), ['operation_id'], unique=False)
        batch_op.create_index('ix_sync_conflict_person_id_status', ['person_id', 'status'], unique=False)
        batch_op.create_index('ix_sync_conflict_table_name_row_id', ['table_name', 'row_id'], unique=False)


def downgrade():
    with op.batch_alter_table('sync_conflict', schema=None) as batch_op:
        batch_op.drop_index('ix_sync_conflict_table_name_row_id')
        batch_op.drop_index('ix_sync_conflict_person_id_status')
        batch_op.drop_index(batch_op.f('ix_sync_conflict_operation_id'))

    op.drop_table('sync_conflict')
    with op.batch_alter_table('sync_operation', schema=None) as batch_op:
        batch_op.drop_index('ix_sync_operation_table_name_row_id')
        batch_op.drop_index('ix_sync_operation_state_id')
        batch_op.drop_index(batch_op.f('ix_sync_operation_person_id'))
        batch_op.drop_index('ix_sync_operation_device_id')

    op.drop_table('sync_operation')
