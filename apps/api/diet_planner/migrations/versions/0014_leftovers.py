"""planned leftovers: a plan item eaten from a batch cooked at an earlier meal of the plan (day index, meal position)

Revision ID: 0014_leftovers
Revises: 0013_recipes
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_leftovers"
down_revision: str | None = "0013_recipes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("plan_items") as batch:
        batch.add_column(sa.Column("leftover_day", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("leftover_meal", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("plan_items") as batch:
        batch.drop_column("leftover_meal")
        batch.drop_column("leftover_day")
