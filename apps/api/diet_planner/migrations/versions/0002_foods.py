"""foods: foods, measures, recipes, ingredients, and the full-text search index of each engine

Revision ID: 0002_foods
Revises: 0001_accounts
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_foods"
down_revision: str | None = "0001_accounts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "foods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("source_id", sa.String(120), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("group_code", sa.String(4), nullable=True),
        sa.Column("group_name", sa.String(120), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("nutrients", sa.JSON(), nullable=False),
        sa.Column("source_release", sa.String(200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_foods_owner_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_foods")),
    )
    op.create_index(
        "uq_foods_shared_source_id",
        "foods",
        ["source", "source_id"],
        unique=True,
        sqlite_where=sa.text("owner_id IS NULL"),
        postgresql_where=sa.text("owner_id IS NULL"),
    )
    op.create_index(op.f("ix_foods_owner_id"), "foods", ["owner_id"])
    op.create_table(
        "food_measures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("food_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("amount", sa.Float(), nullable=False),
        sa.Column("grams", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["food_id"], ["foods.id"], name=op.f("fk_food_measures_food_id_foods"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_food_measures")),
    )
    op.create_index(op.f("ix_food_measures_food_id"), "food_measures", ["food_id"])
    op.create_table(
        "recipes",
        sa.Column("food_id", sa.Integer(), nullable=False),
        sa.Column("servings", sa.Float(), nullable=False),
        sa.Column("meal_types", sa.JSON(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("prep_minutes", sa.Integer(), nullable=True),
        sa.Column("catalogue_slug", sa.String(120), nullable=True),
        sa.ForeignKeyConstraint(["food_id"], ["foods.id"], name=op.f("fk_recipes_food_id_foods"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("food_id", name=op.f("pk_recipes")),
        sa.UniqueConstraint("catalogue_slug", name=op.f("uq_recipes_catalogue_slug")),
    )
    op.create_table(
        "recipe_ingredients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipe_food_id", sa.Integer(), nullable=False),
        sa.Column("food_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("grams", sa.Float(), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(
            ["recipe_food_id"],
            ["recipes.food_id"],
            name=op.f("fk_recipe_ingredients_recipe_food_id_recipes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["food_id"], ["foods.id"], name=op.f("fk_recipe_ingredients_food_id_foods"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recipe_ingredients")),
    )
    op.create_index(op.f("ix_recipe_ingredients_recipe_food_id"), "recipe_ingredients", ["recipe_food_id"])
    op.create_index(op.f("ix_recipe_ingredients_food_id"), "recipe_ingredients", ["food_id"])

    # Full-text search: each engine's own machinery, kept in step with `foods` by the database itself.
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE foods_fts USING fts5(name, content='foods', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')")
        op.execute("CREATE TRIGGER foods_fts_insert AFTER INSERT ON foods BEGIN INSERT INTO foods_fts(rowid, name) VALUES (new.id, new.name); END")
        op.execute("CREATE TRIGGER foods_fts_delete AFTER DELETE ON foods BEGIN INSERT INTO foods_fts(foods_fts, rowid, name) VALUES ('delete', old.id, old.name); END")
        op.execute("CREATE TRIGGER foods_fts_update AFTER UPDATE OF name ON foods BEGIN INSERT INTO foods_fts(foods_fts, rowid, name) VALUES ('delete', old.id, old.name); INSERT INTO foods_fts(rowid, name) VALUES (new.id, new.name); END")
    else:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ix_foods_name_fts ON foods USING gin (to_tsvector('english', name))")
        op.execute("CREATE INDEX ix_foods_name_trgm ON foods USING gin (lower(name) gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS foods_fts")
    op.drop_table("recipe_ingredients")
    op.drop_table("recipes")
    op.drop_table("food_measures")
    op.drop_table("foods")
