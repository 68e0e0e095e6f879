"""Where a food row comes from: the `foods.source` column's values."""

from __future__ import annotations

from typing import Final

USDA_SOURCE: Final = "usda_sr"  # the bundled USDA release; source_id is the NDB number
FDC_SOURCE: Final = "usda_fdc"  # the curated FoodData Central supplement (data/usda/fdc_supplement.toml); our ids
CUSTOM_SOURCE: Final = "custom"  # a person's own food
RECIPE_SOURCE: Final = "recipe"  # a recipe (catalogue or a person's); source_id is the catalogue slug
