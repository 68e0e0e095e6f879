"""profiles: the pregnancy trimester, which sets the energy added (0, 340 or 452 kcal/day)

Revision ID: 0007_profile_trimester
Revises: 0006_foods_search_vector
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_profile_trimester"
down_revision: str | None = "0006_foods_search_vector"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("profiles") as batch:
        batch.add_column(sa.Column("trimester", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("profiles") as batch:
        batch.drop_column("trimester")
