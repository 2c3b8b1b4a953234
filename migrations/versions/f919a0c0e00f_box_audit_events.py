"""A clinic box's audit events, kept whole on the central server, and the certificate
numbers reserved for each box (issue 21).

Revision ID: f919a0c0e00f
Revises: e819a0c0e00e
Create Date: 2026-12-07 10:25:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'f919a0c0e00f'
down_revision = 'e819a0c0e00e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('box_audit_event',
    sa.Column('device', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=True),
    sa.Column('object_id', sa.String(length=64), nullable=True),
    sa.Column('person_code', sa.String(length=16), nullable=True),
    sa.Column('site_id', sa.Integer(), nullable=True),
    sa.Column('purpose', sa.String(length=500), nullable=True),
    sa.Column('details', sa.JSON(), nullable=True),
    sa.Column('remote_addr', sa.String(length=45), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('device', 'seq', name=op.f('pk_box_audit_event'))
    )


    op.create_table('serial_block',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device', sa.String(length=20), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('first', sa.Integer(), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.Column('reserved_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_serial_block_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_serial_block')),
    sa.UniqueConstraint('site_id', 'year', 'first', name=op.f('uq_serial_block_site_id'))
    )


def downgrade():
    op.drop_table('serial_block')
    op.drop_table('box_audit_event')
