"""plans: diet_plans, plan_days, plan_meals, plan_items

Revision ID: 0004_plans
Revises: 0003_profiles
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_plans"
down_revision: str | None = "0003_profiles"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "diet_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("days_count", sa.Integer(), nullable=False),
        sa.Column("meals_per_day", sa.Integer(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("targets", sa.JSON(), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_diet_plans_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diet_plans")),
    )
    op.create_index(op.f("ix_diet_plans_user_id"), "diet_plans", ["user_id"])
    op.create_table(
        "plan_days",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("day_index", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("totals", sa.JSON(), nullable=False),
        sa.Column("shortfalls", sa.JSON(), nullable=False),
        sa.Column("notes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["diet_plans.id"], name=op.f("fk_plan_days_plan_id_diet_plans"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_days")),
    )
    op.create_index(op.f("ix_plan_days_plan_id"), "plan_days", ["plan_id"])
    op.create_table(
        "plan_meals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("slot", sa.String(16), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.ForeignKeyConstraint(
            ["day_id"], ["plan_days.id"], name=op.f("fk_plan_meals_day_id_plan_days"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_meals")),
    )
    op.create_index(op.f("ix_plan_meals_day_id"), "plan_meals", ["day_id"])
    op.create_table(
        "plan_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meal_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("food_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("source_id", sa.String(120), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(80), nullable=False),
        sa.Column("grams", sa.Float(), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("nutrients", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meal_id"], ["plan_meals.id"], name=op.f("fk_plan_items_meal_id_plan_meals"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["food_id"], ["foods.id"], name=op.f("fk_plan_items_food_id_foods"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_items")),
    )
    op.create_index(op.f("ix_plan_items_meal_id"), "plan_items", ["meal_id"])
    op.create_index(op.f("ix_plan_items_food_id"), "plan_items", ["food_id"])


def downgrade() -> None:
    op.drop_table("plan_items")
    op.drop_table("plan_meals")
    op.drop_table("plan_days")
    op.drop_table("diet_plans")
