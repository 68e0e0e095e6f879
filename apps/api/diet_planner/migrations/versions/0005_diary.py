"""diary: meal_logs, weights

Revision ID: 0005_diary
Revises: 0004_plans
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_diary"
down_revision: str | None = "0004_plans"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "meal_logs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("slot", sa.String(16), nullable=False),
        sa.Column("food_id", sa.Integer(), nullable=True),
        sa.Column("food_name", sa.String(300), nullable=False),
        sa.Column("grams", sa.Double(), nullable=False),
        sa.Column("quantity", sa.Double(), nullable=False),
        sa.Column("unit", sa.String(200), nullable=False),
        sa.Column("plan_meal_id", sa.Integer(), nullable=True),
        sa.Column("nutrients", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_meal_logs_user_id_users"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["food_id"], ["foods.id"], name=op.f("fk_meal_logs_food_id_foods"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meal_logs")),
    )
    op.create_index("ix_meal_logs_user_id_date", "meal_logs", ["user_id", "date"])
    op.create_index(op.f("ix_meal_logs_food_id"), "meal_logs", ["food_id"])
    op.create_table(
        "weights",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("weight_kg", sa.Double(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_weights_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_weights")),
        sa.UniqueConstraint("user_id", "date", name=op.f("uq_weights_user_id_date")),
    )


def downgrade() -> None:
    op.drop_table("weights")
    op.drop_table("meal_logs")
