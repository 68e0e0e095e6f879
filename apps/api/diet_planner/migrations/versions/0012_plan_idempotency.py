"""plan idempotency: a client-chosen key per plan, so a repeated Generate returns the same plan

Revision ID: 0012_plan_idempotency
Revises: 0011_foods_sr28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_plan_idempotency"
down_revision: str | None = "0011_foods_sr28"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("diet_plans") as batch:
        batch.add_column(sa.Column("idempotency_key", sa.String(200), nullable=True))
        batch.create_unique_constraint("uq_diet_plans_user_idempotency_key", ["user_id", "idempotency_key"])


def downgrade() -> None:
    with op.batch_alter_table("diet_plans") as batch:
        batch.drop_constraint("uq_diet_plans_user_idempotency_key", type_="unique")
        batch.drop_column("idempotency_key")
