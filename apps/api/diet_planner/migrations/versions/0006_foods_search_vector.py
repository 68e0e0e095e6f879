"""foods: a stored tsvector of the name on PostgreSQL, so search ranks without re-parsing every name;
an index on (name, id) for the blank-query listing on both engines

Revision ID: 0006_foods_search_vector
Revises: 0005_diary
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006_foods_search_vector"
down_revision: str | None = "0005_diary"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_foods_name_id", "foods", ["name", "id"])
    # SQLite's FTS5 table already stores its index; only PostgreSQL recomputed to_tsvector(name) per
    # matching row (for ts_rank and the GIN recheck), which was most of a search's SQL time.
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "ALTER TABLE foods ADD COLUMN name_tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', name)) STORED"
    )
    # fastupdate off: rows loaded after the index exists go straight into it. With the default pending
    # list, every search scanned thousands of pending entries (36 ms) until autovacuum merged them.
    op.execute("CREATE INDEX ix_foods_name_tsv ON foods USING gin (name_tsv) WITH (fastupdate = off)")
    op.execute("ALTER INDEX ix_foods_name_trgm SET (fastupdate = off)")
    op.execute("DROP INDEX IF EXISTS ix_foods_name_fts")


def downgrade() -> None:
    op.drop_index("ix_foods_name_id", table_name="foods")
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE INDEX ix_foods_name_fts ON foods USING gin (to_tsvector('english', name))")
    op.execute("ALTER INDEX ix_foods_name_trgm RESET (fastupdate)")
    op.execute("DROP INDEX IF EXISTS ix_foods_name_tsv")
    op.execute("ALTER TABLE foods DROP COLUMN name_tsv")
