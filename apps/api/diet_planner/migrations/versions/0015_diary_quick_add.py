"""diary quick add, friendly names and undo: a log row may be a quick add (kcal and macros, no food), carries
the name people know the food by, and a deletion is kept a while so it can be undone

Revision ID: 0015_diary_quick_add
Revises: 0014_leftovers
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_diary_quick_add"
down_revision: str | None = "0014_leftovers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meal_logs") as batch:
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="food"))
        batch.add_column(sa.Column("display_name", sa.String(300), nullable=True))
        batch.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("meal_logs") as batch:
        batch.drop_column("deleted_at")
        batch.drop_column("display_name")
        batch.drop_column("kind")
