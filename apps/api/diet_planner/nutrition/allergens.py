"""The allergens a profile can name and the catalogue tags ingredients with."""

from __future__ import annotations

from typing import Final, Literal, get_args

# One list: the API schema validates with the Literal, the catalogue with the tuple.
Allergen = Literal[
    "peanut",
    "tree_nut",
    "milk",
    "egg",
    "wheat",
    "gluten",
    "soy",
    "fish",
    "shellfish",
    "sesame",
    # With the ones above, the EU's 14 declarable allergens (Regulation 1169/2011, Annex II); shellfish covers
    # crustaceans and molluscs.
    "celery",
    "mustard",
    "sulphites",
    "lupin",
]
ALLERGENS: Final[tuple[str, ...]] = get_args(Allergen)
