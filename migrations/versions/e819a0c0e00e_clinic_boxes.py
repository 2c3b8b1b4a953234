"""Clinic boxes known to the central server (enrolment, pinned transport key, revocation)
and a box's own sync bookmarks (issue 21).

Revision ID: e819a0c0e00e
Revises: d719a0c0e00d
Create Date: 2026-12-07 09:55:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'e819a0c0e00e'
down_revision = 'd719a0c0e00d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('clinic_box',
    sa.Column('id', sa.String(length=20), nullable=False),
    sa.Column('label', sa.String(length=120), nullable=False),
    sa.Column('site_ids', sa.JSON(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('transport_public_key', sa.LargeBinary(length=32), nullable=True),
    sa.Column('enrolled_at', sa.DateTime(), nullable=False),
    sa.Column('enrolled_by', sa.Integer(), nullable=True),
    sa.Column('last_contact_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_by', sa.Integer(), nullable=True),
    sa.Column('revoked_reason', sa.String(length=16), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clinic_box')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_clinic_box_token_hash'))
    )
    op.create_table('sync_state',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('value', sa.String(length=200), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_sync_state'))
    )


def downgrade():
    op.drop_table('sync_state')
    op.drop_table('clinic_box')
