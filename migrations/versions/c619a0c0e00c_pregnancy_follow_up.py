"""Pregnancy follow-up: pregnancies and antenatal visits (issue 20).

Revision ID: c619a0c0e00c
Revises: b519a0c0e00b
Create Date: 2026-12-07 07:06:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'c619a0c0e00c'
down_revision = 'b519a0c0e00b'
branch_labels = None
depends_on = None


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, length=32)


OUTCOMES = ('live_birth', 'stillbirth', 'miscarriage', 'induced_abortion', 'ectopic', 'lost',
            'transferred')


def upgrade():
    op.create_table('pregnancy',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('registered_on', sa.Date(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('lmp_on', sa.Date(), nullable=True),
    sa.Column('lmp_certain', sa.Boolean(), nullable=False),
    sa.Column('scan_on', sa.Date(), nullable=True),
    sa.Column('scan_ga_days', sa.Integer(), nullable=True),
    sa.Column('dating', _enum('datingbasis', 'lmp', 'ultrasound'), nullable=False),
    sa.Column('edd', sa.Date(), nullable=False),
    sa.Column('gravida', sa.Integer(), nullable=True),
    sa.Column('para', sa.Integer(), nullable=True),
    sa.Column('risks', sa.LargeBinary(), nullable=True),
    sa.Column('referral_on', sa.Date(), nullable=True),
    sa.Column('referral_place', sa.LargeBinary(), nullable=True),
    sa.Column('outcome', _enum('pregnancyoutcome', *OUTCOMES), nullable=True),
    sa.Column('outcome_on', sa.Date(), nullable=True),
    sa.Column('delivery_mode', _enum('deliverymode', 'vaginal', 'caesarean'), nullable=True),
    sa.Column('notes', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_pregnancy_author_id_user_account')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_pregnancy_person_id_person')),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_pregnancy_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pregnancy'))
    )
    with op.batch_alter_table('pregnancy', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pregnancy_person_id'), ['person_id'], unique=False)
        batch_op.create_index('ix_pregnancy_site_created', ['site_id', 'created_at'], unique=False)

    op.create_table('antenatal_visit',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('pregnancy_id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('visited_on', sa.Date(), nullable=False),
    sa.Column('next_visit_on', sa.Date(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('measures', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_antenatal_visit_person_id_person')),
    sa.ForeignKeyConstraint(['pregnancy_id'], ['pregnancy.id'], name=op.f('fk_antenatal_visit_pregnancy_id_pregnancy')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_antenatal_visit_recorded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_antenatal_visit'))
    )
    with op.batch_alter_table('antenatal_visit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_antenatal_visit_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_antenatal_visit_visited_on'), ['visited_on'], unique=False)
        batch_op.create_index('ix_antenatal_visit_pregnancy_day', ['pregnancy_id', 'visited_on'], unique=False)


def downgrade():
    with op.batch_alter_table('antenatal_visit', schema=None) as batch_op:
        batch_op.drop_index('ix_antenatal_visit_pregnancy_day')
        batch_op.drop_index(batch_op.f('ix_antenatal_visit_visited_on'))
        batch_op.drop_index(batch_op.f('ix_antenatal_visit_person_id'))

    op.drop_table('antenatal_visit')
    with op.batch_alter_table('pregnancy', schema=None) as batch_op:
        batch_op.drop_index('ix_pregnancy_site_created')
        batch_op.drop_index(batch_op.f('ix_pregnancy_person_id'))

    op.drop_table('pregnancy')
