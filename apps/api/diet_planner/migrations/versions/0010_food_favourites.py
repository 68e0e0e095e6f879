"""foods: favourites, a person's starred foods that come first in their searches

Revision ID: 0010_food_favourites
Revises: 0009_users_never_reuse_ids
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_food_favourites"
down_revision: str | None = "0009_users_never_reuse_ids"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "food_favourites",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("food_id", sa.Integer(), sa.ForeignKey("foods.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_food_favourites_food_id", "food_favourites", ["food_id"])


def downgrade() -> None:
    op.drop_index("ix_food_favourites_food_id", table_name="food_favourites")
    op.drop_table("food_favourites")
