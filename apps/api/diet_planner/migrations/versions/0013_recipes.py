"""recipes: one kind of row for catalogue and own recipes (the planner's fields), and per-person preferences

Revision ID: 0013_recipes
Revises: 0012_plan_idempotency
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_recipes"
down_revision: str | None = "0012_plan_idempotency"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Null on an own recipe means "the planner's default" (planner.catalogue.schema.Recipe); `load-data` fills
    # them for the catalogue from its TOML files.
    with op.batch_alter_table("recipes") as batch:
        batch.add_column(sa.Column("active_minutes", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("keeps_days", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("cuisine", sa.String(40), nullable=True))
        batch.add_column(sa.Column("main_protein", sa.String(60), nullable=True))
        batch.add_column(sa.Column("min_servings", sa.Float(), nullable=True))
        batch.add_column(sa.Column("max_servings", sa.Float(), nullable=True))
        batch.add_column(sa.Column("serving_step", sa.Float(), nullable=True))
    op.create_table(
        "recipe_preferences",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column(
            "recipe_id", sa.Integer(), sa.ForeignKey("recipes.food_id", ondelete="CASCADE"), primary_key=True, index=True
        ),
        sa.Column("preference", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("recipe_preferences")
    with op.batch_alter_table("recipes") as batch:
        for column in (
            "serving_step",
            "max_servings",
            "min_servings",
            "main_protein",
            "cuisine",
            "keeps_days",
            "active_minutes",
        ):
            batch.drop_column(column)
