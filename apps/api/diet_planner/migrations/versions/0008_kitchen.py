"""kitchen: leftovers and cooking-time settings on profiles; the pantry (foods at home) behind grocery lists

Revision ID: 0008_kitchen
Revises: 0007_profile_trimester
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_kitchen"
down_revision: str | None = "0007_profile_trimester"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("profiles") as batch:
        # "never" keeps the plans of existing users as they were (every meal cooked fresh).
        batch.add_column(sa.Column("leftovers", sa.String(8), nullable=False, server_default="never"))
        batch.add_column(sa.Column("cooking_minutes_weekday", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("cooking_minutes_weekend", sa.Integer(), nullable=True))
    op.create_table(
        "pantry_items",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("food_id", sa.Integer(), sa.ForeignKey("foods.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("pantry_items")
    with op.batch_alter_table("profiles") as batch:
        batch.drop_column("cooking_minutes_weekend")
        batch.drop_column("cooking_minutes_weekday")
        batch.drop_column("leftovers")
