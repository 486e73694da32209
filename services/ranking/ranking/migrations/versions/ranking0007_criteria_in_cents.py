"""Sheet criteria in cents: four whole-number columns replace the JSON scores, carried over row by row.

A round is read as whole numbers, not parsed from JSON per row (docs/benchmarks.md, the recompute
from the database).

Revision ID: ranking0007
Revises: ranking0006
Create Date: 2026-11-25 00:24:59.786197
"""
import json

import sqlalchemy as sa
from alembic import op

revision = 'ranking0007'
down_revision = 'ranking0006'
branch_labels = None
depends_on = None

CRITERIA = ("technical", "application", "commercial", "defence")
SHEETS = sa.table("ranking_sheets", sa.column("id", sa.Integer), sa.column("scores", sa.JSON),
                  *(sa.column(c, sa.Integer) for c in CRITERIA))


def _cents(text):
    whole, _, fraction = str(text).partition(".")
    return int(whole or "0") * 100 + int((fraction + "00")[:2])


def _points(cents):
    return f"{cents // 100}.{cents % 100:02d}"


def upgrade():
    with op.batch_alter_table('ranking_sheets', schema=None) as batch_op:
        for criterion in CRITERIA:
            batch_op.add_column(sa.Column(criterion, sa.Integer(), nullable=True))
    bind = op.get_bind()
    for row in bind.execute(sa.select(SHEETS.c.id, SHEETS.c.scores)).all():
        scores = json.loads(row.scores) if isinstance(row.scores, str) else row.scores
        bind.execute(SHEETS.update().where(SHEETS.c.id == row.id).values(
            **{c: _cents(scores[c]) for c in CRITERIA}))
    with op.batch_alter_table('ranking_sheets', schema=None) as batch_op:
        for criterion in CRITERIA:
            batch_op.alter_column(criterion, existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('scores')


def downgrade():
    with op.batch_alter_table('ranking_sheets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scores', sa.JSON(), nullable=True))
    bind = op.get_bind()
    for row in bind.execute(sa.select(SHEETS.c.id, *(SHEETS.c[c] for c in CRITERIA))).all():
        bind.execute(SHEETS.update().where(SHEETS.c.id == row.id).values(
            scores={c: _points(getattr(row, c)) for c in CRITERIA}))
    with op.batch_alter_table('ranking_sheets', schema=None) as batch_op:
        batch_op.alter_column('scores', existing_type=sa.JSON(), nullable=False)
        for criterion in CRITERIA:
            batch_op.drop_column(criterion)
