"""Outreach contacts linked to full records after a coordinator's confirmation (issue 19).

Revision ID: 6019a0c0e006
Revises: 5f19a0c0e005
Create Date: 2026-12-07 04:00:01

"""
import sqlalchemy as sa
from alembic import op

revision = '6019a0c0e006'
down_revision = '5f19a0c0e005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outreach_link',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('contact_id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'confirmed', 'rejected', 'unlinked', name='linkstatus', native_enum=False, length=32), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=False),
    sa.Column('proposed_at', sa.DateTime(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('unlinked_by_id', sa.Integer(), nullable=True),
    sa.Column('unlinked_at', sa.DateTime(), nullable=True),
    sa.Column('reason', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['contact_id'], ['outreach_contact.id'], name=op.f('fk_outreach_link_contact_id_outreach_contact')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_outreach_link_decided_by_id_user_account')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_outreach_link_person_id_person')),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['user_account.id'], name=op.f('fk_outreach_link_proposed_by_id_user_account')),
    sa.ForeignKeyConstraint(['unlinked_by_id'], ['user_account.id'], name=op.f('fk_outreach_link_unlinked_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outreach_link'))
    )
    with op.batch_alter_table('outreach_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outreach_link_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outreach_link_person_id'), ['person_id'], unique=False)
        batch_op.create_index('ix_outreach_link_status_proposed_at', ['status', 'proposed_at'], unique=False)
        batch_op.create_index('uq_outreach_link_pending_contact', ['contact_id'], unique=True, sqlite_where=sa.text("status = 'pending'"), postgresql_where=sa.text("status = 'pending'"))


def downgrade():
    with op.batch_alter_table('outreach_link', schema=None) as batch_op:
        batch_op.drop_index('uq_outreach_link_pending_contact')
        batch_op.drop_index('ix_outreach_link_status_proposed_at')
        batch_op.drop_index(batch_op.f('ix_outreach_link_person_id'))
        batch_op.drop_index(batch_op.f('ix_outreach_link_contact_id'))

    op.drop_table('outreach_link')
