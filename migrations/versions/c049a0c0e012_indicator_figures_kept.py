"""Closed months' indicator figures kept, and the late writes that reach them (issue 22).

Revision ID: c049a0c0e012
Revises: b039a0c0e011
Create Date: 2026-12-07 21:45:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'c049a0c0e012'
down_revision = 'b039a0c0e011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('indicator_change',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True,
              nullable=False),
    sa.Column('table_name', sa.String(length=63), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_change')),
    sqlite_autoincrement=True
    )
    op.create_index('ix_indicator_change_first_day', 'indicator_change',
                    ['first_day', 'table_name'], unique=False)
    op.create_table('indicator_figure',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True,
              nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('code', sa.String(length=80), nullable=False),
    sa.Column('statement', sa.String(length=64), nullable=False),
    sa.Column('fingerprint', sa.Text(), nullable=False),
    sa.Column('figure', sa.JSON(), nullable=False),
    sa.Column('computed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_figure')),
    sa.UniqueConstraint('month', 'code', 'statement',
                        name='uq_indicator_figure_month_code_statement')
    )


def downgrade():
    op.drop_table('indicator_figure')
    op.drop_index('ix_indicator_change_first_day', table_name='indicator_change')
    op.drop_table('indicator_change')
