"""Sexual-violence consultations with their clock and care (issue 20).

Revision ID: a419a0c0e00a
Revises: 9319a0c0e009
Create Date: 2026-12-07 07:03:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'a419a0c0e00a'
down_revision = '9319a0c0e009'
branch_labels = None
depends_on = None


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, length=32)


DELAY = ('within_72h', 'from_72h_to_120h', 'over_120h', 'unknown')
STATUS = _enum('carestatus', 'given', 'not_given')
REASON = _enum('notgivenreason', 'outside_window', 'declined', 'not_available', 'not_indicated', 'given_elsewhere')


def upgrade():
    op.create_table('sv_consultation',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('confidentiality', _enum('confidentiality', 'team', 'discipline', 'private'), nullable=False),
    sa.Column('consulted_at', sa.DateTime(), nullable=False),
    sa.Column('assault_on', sa.LargeBinary(), nullable=True),
    sa.Column('assault_time', sa.LargeBinary(), nullable=True),
    sa.Column('assault_approx', _enum('delay', *DELAY), nullable=True),
    sa.Column('delay', _enum('delay', *DELAY), nullable=False),
    sa.Column('pep_status', STATUS, nullable=False),
    sa.Column('pep_reason', REASON, nullable=True),
    sa.Column('ec_status', STATUS, nullable=False),
    sa.Column('ec_reason', REASON, nullable=True),
    sa.Column('ec_method', _enum('ecmethod', 'levonorgestrel', 'ulipristal', 'copper_iud'), nullable=True),
    sa.Column('sti_status', STATUS, nullable=False),
    sa.Column('sti_reason', REASON, nullable=True),
    sa.Column('hepb_status', STATUS, nullable=False),
    sa.Column('hepb_reason', REASON, nullable=True),
    sa.Column('tetanus_status', STATUS, nullable=False),
    sa.Column('tetanus_reason', REASON, nullable=True),
    sa.Column('pregnancy_test_status', STATUS, nullable=False),
    sa.Column('pregnancy_test_reason', REASON, nullable=True),
    sa.Column('pregnancy_result', _enum('pregnancyresult', 'negative', 'positive'), nullable=True),
    sa.Column('forensic_status', STATUS, nullable=False),
    sa.Column('forensic_reason', REASON, nullable=True),
    sa.Column('forensic_consent', sa.Boolean(), nullable=True),
    sa.Column('pfa_status', STATUS, nullable=False),
    sa.Column('pfa_reason', REASON, nullable=True),
    sa.Column('mh_referral_status', STATUS, nullable=False),
    sa.Column('mh_referral_reason', REASON, nullable=True),
    sa.Column('outside_window_confirmed', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_sv_consultation_author_id_user_account')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_sv_consultation_person_id_person')),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_sv_consultation_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sv_consultation'))
    )
    with op.batch_alter_table('sv_consultation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sv_consultation_person_id'), ['person_id'], unique=False)
        batch_op.create_index('ix_sv_consultation_site_consulted', ['site_id', 'consulted_at'], unique=False)

    op.create_table('sv_follow_up',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('consultation_id', sa.Uuid(), nullable=False),
    sa.Column('step', _enum('followupstep', 'weeks_2', 'month_1', 'months_3', 'months_6'), nullable=False),
    sa.Column('appointment_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointment.id'], name=op.f('fk_sv_follow_up_appointment_id_appointment')),
    sa.ForeignKeyConstraint(['consultation_id'], ['sv_consultation.id'], name=op.f('fk_sv_follow_up_consultation_id_sv_consultation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sv_follow_up'))
    )
    with op.batch_alter_table('sv_follow_up', schema=None) as batch_op:
        batch_op.create_index('ix_sv_follow_up_consultation_step', ['consultation_id', 'step'], unique=True)


def downgrade():
    with op.batch_alter_table('sv_follow_up', schema=None) as batch_op:
        batch_op.drop_index('ix_sv_follow_up_consultation_step')
    op.drop_table('sv_follow_up')
    with op.batch_alter_table('sv_consultation', schema=None) as batch_op:
        batch_op.drop_index('ix_sv_consultation_site_consulted')
        batch_op.drop_index(batch_op.f('ix_sv_consultation_person_id'))
    op.drop_table('sv_consultation')
