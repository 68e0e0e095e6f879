"""The catalogue's recipes as the planner reads them from their rows are the TOML catalogue's, field for field:
one source (the TOML files, stored by load-data), one reader (foods.service.planner_recipes)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from diet_planner.foods import service as foods
from diet_planner.planner.catalogue import load_catalogue
from diet_planner.planner.catalogue.schema import ingredient_grams


def test_the_rows_give_the_planner_the_toml_catalogue(db_session: Session) -> None:
    toml = {recipe.slug: recipe for recipe in load_catalogue().recipes}
    planned = foods.planner_recipes(db_session, None)
    rows = {recipe.slug: recipe for recipe in planned.recipes}
    assert set(rows) == set(toml) and not planned.own
    for slug, recipe in toml.items():
        row = rows[slug]
        assert row.diets == recipe.diets, slug  # derived from the ingredients (keto from nutrients) as declared
        assert row.allergens == recipe.allergens, slug
        for field in (
            "name",
            "slots",
            "servings",
            "active_minutes",
            "total_minutes",
            "keeps_days",
            "steps",
            "tags",
            "cuisine",
            "main_protein",
            "min_servings",
            "max_servings",
            "serving_step",
        ):
            assert getattr(row, field) == getattr(recipe, field), (slug, field)
        assert ingredient_grams(row) == ingredient_grams(recipe), slug


def test_storing_the_catalogue_again_changes_nothing(db_session: Session) -> None:
    before = foods.ids_by_source_ids(db_session, "recipe", [r.slug for r in load_catalogue().recipes])
    foods.sync_catalogue_recipes(db_session)
    after = foods.ids_by_source_ids(db_session, "recipe", [r.slug for r in load_catalogue().recipes])
    assert before == after  # the same rows, so plans and diary entries that point at them stay valid
