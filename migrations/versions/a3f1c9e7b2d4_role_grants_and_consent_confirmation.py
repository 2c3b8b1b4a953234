"""Role grants waiting for a coordinator, and consents waiting for a second professional
(issue 14: access a user can grant themself).

`role_grant` holds an administrator's widening of an account (a clinical,
coordinator or data-manager role, a site added) until a medical coordinator
approves or refuses it. `consent` gains whether a decision needs confirmation
and who confirmed it when: a sharing consent that opens a discipline to its own
recorder is not in force until then. Existing consents need none (false).

Revision ID: a3f1c9e7b2d4
Revises: 7c610c254efc
Create Date: 2026-12-01 10:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'a3f1c9e7b2d4'
down_revision = '7c610c254efc'
branch_labels = None
depends_on = None

ROLES = ('doctor', 'nurse', 'midwife', 'psychologist', 'social_worker', 'legal_worker',
         'coordinator', 'data_manager', 'admin')
DISCIPLINES = ('medical', 'mental_health', 'social', 'legal', 'protection')
DECISIONS = ('pending', 'approved', 'refused', 'superseded')


def _enum(values, name):
    return sa.Enum(*values, name=name, native_enum=False, length=32)


def upgrade():
    op.create_table(
        'role_grant',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('role', _enum(ROLES, 'role'), nullable=False),
        sa.Column('discipline', _enum(DISCIPLINES, 'discipline'), nullable=True),
        sa.Column('site_ids', sa.JSON(), nullable=False),
        sa.Column('previous_role', _enum(ROLES, 'role'), nullable=True),
        sa.Column('previous_discipline', _enum(DISCIPLINES, 'discipline'), nullable=True),
        sa.Column('previous_site_ids', sa.JSON(), nullable=False),
        sa.Column('activates', sa.Boolean(), nullable=False),
        sa.Column('requested_by_id', sa.Integer(), nullable=True),
        sa.Column('requested_at', sa.DateTime(), nullable=False),
        sa.Column('decision', _enum(DECISIONS, 'grantdecision'), nullable=False),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('decided_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE',
                                name=op.f('fk_role_grant_user_id_user_account')),
        sa.ForeignKeyConstraint(['requested_by_id'], ['user_account.id'],
                                name=op.f('fk_role_grant_requested_by_id_user_account')),
        sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'],
                                name=op.f('fk_role_grant_decided_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_role_grant')),
    )
    op.create_index('ix_role_grant_decision_requested_at', 'role_grant',
                    ['decision', 'requested_at'], unique=False)
    op.create_index('ix_role_grant_user_id_decision', 'role_grant', ['user_id', 'decision'],
                    unique=False)
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.add_column(sa.Column('needs_confirmation', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('confirmed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('confirmed_at', sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_consent_confirmed_by_id_user_account'),
                                    'user_account', ['confirmed_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_consent_confirmed_by_id_user_account'),
                                 type_='foreignkey')
        batch_op.drop_column('confirmed_at')
        batch_op.drop_column('confirmed_by_id')
        batch_op.drop_column('needs_confirmation')
    op.drop_index('ix_role_grant_user_id_decision', table_name='role_grant')
    op.drop_index('ix_role_grant_decision_requested_at', table_name='role_grant')
    op.drop_table('role_grant')
