"""profiles: one row per user with body data, goal, diet and preferences

Revision ID: 0003_profiles
Revises: 0002_foods
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_profiles"
down_revision: str | None = "0002_foods"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "profiles",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("sex", sa.String(8), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("height_cm", sa.Double(), nullable=False),
        sa.Column("weight_kg", sa.Double(), nullable=False),
        sa.Column("activity_level", sa.String(16), nullable=False),
        sa.Column("goal", sa.String(16), nullable=False),
        sa.Column("rate_kg_per_week", sa.Double(), nullable=False),
        sa.Column("diet", sa.String(16), nullable=False),
        sa.Column("allergies", sa.JSON(), nullable=False),
        sa.Column("excluded_food_ids", sa.JSON(), nullable=False),
        sa.Column("meals_per_day", sa.Integer(), nullable=False),
        sa.Column("units", sa.String(16), nullable=False),
        sa.Column("life_stage", sa.String(16), nullable=False),
        sa.Column("adaptive_targets", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_profiles_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_profiles")),
    )


def downgrade() -> None:
    op.drop_table("profiles")
