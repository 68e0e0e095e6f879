"""users: ids are never reused (AUTOINCREMENT on SQLite; PostgreSQL's sequence already never goes back)

Without AUTOINCREMENT SQLite hands out max(id) + 1, so deleting the newest account gave its id to the next
one to register, and anything still naming that id (a token, a log line, a backup) named someone else.

Revision ID: 0009_users_never_reuse_ids
Revises: 0008_kitchen
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_users_never_reuse_ids"
down_revision: str | None = "0008_kitchen"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _rebuild_users(autoincrement: bool) -> None:
    # Batch mode copies the table into a new one; env.py turns foreign keys off for it on SQLite, so dropping
    # the old `users` does not cascade into every table that references it.
    with op.batch_alter_table("users", recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}):
        pass


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    _rebuild_users(True)
    # Ids already freed above today's largest (the newest accounts, deleted) are not handed out again either:
    # every id that any row still names counts.
    highest = bind.execute(
        sa.text(
            "SELECT max(id) FROM (SELECT max(id) AS id FROM users UNION ALL SELECT max(user_id) FROM refresh_tokens"
            " UNION ALL SELECT max(owner_id) FROM foods)"
        )
    ).scalar()
    if highest:
        bind.execute(sa.text("DELETE FROM sqlite_sequence WHERE name = 'users'"))
        bind.execute(sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES ('users', :seq)"), {"seq": highest})


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_users(False)
