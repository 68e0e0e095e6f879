"""What a food is called and what it is made of: the name people know it by, and which foods conflict with a person's allergies, diet or excluded foods, for the badges of search and the diary.

A food of the recipe catalogue's ingredient table (or a catalogue recipe) has reviewed allergens and animal
categories: it "contains" them. Any other food is judged from its name and USDA food group, conservatively
(a word that may mean the allergen counts): it "may contain" them, and the person reads the label.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from diet_planner.foods.sources import RECIPE_SOURCE, USDA_SOURCE
from diet_planner.nutrition.diets import excluded_categories
from diet_planner.planner.catalogue import load_catalogue

ALLERGEN_WORDS: dict[str, str] = {
    "peanut": "peanuts",
    "tree_nut": "tree nuts",
    "milk": "milk",
    "egg": "egg",
    "wheat": "wheat",
    "gluten": "gluten",
    "soy": "soy",
    "fish": "fish",
    "shellfish": "shellfish",
    "sesame": "sesame",
    "celery": "celery",
    "mustard": "mustard",
    "sulphites": "sulphites",
    "lupin": "lupin",
}
CATEGORY_WORDS: dict[str, str] = {
    "meat": "meat",
    "poultry": "poultry",
    "fish": "fish",
    "shellfish": "shellfish",
    "dairy": "dairy",
    "egg": "egg",
    "honey": "honey",
    "animal_rennet": "cheese made with animal rennet",
}


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")", re.IGNORECASE)


# Name patterns (a word's start: "almond" also finds "almonds"). Broad on purpose: a false "may contain" costs
# a glance at the label, a missed allergen costs far more.
_DAIRY = _words(
    r"milk(?!.{0,12}\b(?:coconut|soy|almond|oat|rice))",
    "cheese",
    r"butter(?!nut|milk)",
    "cream",
    "yog",
    "whey",
    "casein",
    "ghee",
    "kefir",
    "buttermilk",
    "custard",
    "pudding",
    "lactose",
)
_NAME_ALLERGENS: dict[str, re.Pattern[str]] = {
    "peanut": _words("peanut", "groundnut"),
    "tree_nut": _words(
        "almond",
        "walnut",
        "cashew",
        "pecan",
        "pistachio",
        "hazelnut",
        "filbert",
        "macadamia",
        "brazil",
        "pine nut",
        "pinyon",
        "chestnut",
        "praline",
        "marzipan",
        "nuts?,",
        r"nuts?\b(?!.{0,6}\bpea)",
        "nougat",
    ),
    "milk": _DAIRY,
    "egg": _words(r"eggs?\b", "mayonnaise", "meringue", "egg noodle", "eggnog"),
    "wheat": _words(
        "wheat",
        "flour",
        "bread",
        "pasta",
        "spaghetti",
        "macaroni",
        "noodle",
        "couscous",
        "semolina",
        "bulgur",
        "farina",
        "cracker",
        "cookie",
        "cake",
        "muffin",
        "bagel",
        "croissant",
        "pretzel",
        "biscuit",
        "pastry",
        "pie",
        "pizza",
        "waffle",
        "pancake",
        "tortilla",
        "bun",
        "roll",
        "cereal",
        "durum",
        "spelt",
        "seitan",
        "breaded",
        "crouton",
        "doughnut",
    ),
    "soy": _words("soy", "tofu", "edamame", "tempeh", "miso", "natto", "lecithin"),
    "fish": _words(
        "fish",
        "salmon",
        "tuna",
        "cod",
        "anchov",
        "sardine",
        "trout",
        "halibut",
        "tilapia",
        "mackerel",
        "herring",
        "pollock",
        "haddock",
        "catfish",
        "bass",
        "snapper",
        "flounder",
        "sole",
        "worcestershire",
        "caviar",
        "roe",
    ),
    "shellfish": _words(
        "shrimp",
        "prawn",
        "crab",
        "lobster",
        "clam",
        "oyster",
        "mussel",
        "scallop",
        "squid",
        "octopus",
        "crayfish",
        "crustacean",
        "mollus",
        "calamari",
    ),
    "sesame": _words("sesame", "tahini", "halva", "hummus"),
    "celery": _words("celery", "celeriac"),
    "mustard": _words("mustard"),
    "sulphites": _words("wine", "sulfite", "sulphite"),
    "lupin": _words("lupin"),
}
# Gluten is in wheat and also in barley, rye and (by contamination) most oats.
_GLUTEN_EXTRA = _words("barley", "rye", "malt", "oat", "triticale")
_MEAT = _words(
    "beef",
    "pork",
    "ham",
    "bacon",
    "lamb",
    "veal",
    "mutton",
    "sausage",
    "salami",
    "pepperoni",
    "bologna",
    "frankfurter",
    "hot dog",
    "venison",
    "bison",
    "lard",
    "gelatin",
    "meat",
    "chorizo",
    "prosciutto",
    "jerky",
)
_POULTRY = _words("chicken", "turkey", "duck", "goose", "poultry")
_NAME_CATEGORIES: dict[str, re.Pattern[str]] = {
    "meat": _MEAT,
    "poultry": _POULTRY,
    "fish": _NAME_ALLERGENS["fish"],
    "shellfish": _NAME_ALLERGENS["shellfish"],
    "dairy": _DAIRY,
    "egg": _NAME_ALLERGENS["egg"],
    "honey": _words("honey"),
    "animal_rennet": _words("parmesan", "pecorino", "romano", "grana"),
}
# USDA SR food groups that say what a food is whatever its name.
_GROUP_CATEGORIES: dict[str, set[str]] = {
    "05": {"poultry"},
    "07": {"meat"},
    "10": {"meat"},
    "13": {"meat"},
    "17": {"meat"},
}


@lru_cache(maxsize=1)
def plain_foods() -> dict[str, Any]:
    return {food.ndb: food for food in load_catalogue().plain_foods}


def display_name(food: Any) -> str:
    """The name people know a food by: the planner's ("Banana", "Whole-wheat bread") for a USDA food it
    serves, else the food's own name (the USDA name stays in `name`)."""
    plain = plain_foods().get(food.source_id) if food.source == USDA_SOURCE else None
    return plain.name if plain is not None else str(food.name)


@dataclass(frozen=True)
class Rules:
    """A person's hard rules, as the badges need them."""

    diet: str
    allergies: frozenset[str]
    excluded_food_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class MakeUp:
    allergens: frozenset[str]
    categories: frozenset[str]
    certain: bool  # from reviewed ingredient data, not guessed from the name


@lru_cache(maxsize=8192)  # a pure function of the two, asked again for every diary day a food is logged on
def _guess(name: str, group_code: str | None) -> MakeUp:
    allergens = {key for key, pattern in _NAME_ALLERGENS.items() if pattern.search(name)}
    if "wheat" in allergens or _GLUTEN_EXTRA.search(name):
        allergens.add("gluten")
    categories = {key for key, pattern in _NAME_CATEGORIES.items() if pattern.search(name)}
    group = (group_code or "")[:2]
    categories |= _GROUP_CATEGORIES.get(group, set())
    if group == "15":
        categories.add("shellfish" if "shellfish" in allergens else "fish")
        allergens.add("shellfish" if "shellfish" in allergens else "fish")
    if "dairy" in categories:
        allergens.add("milk")
    if "egg" in categories:
        allergens.add("egg")
    return MakeUp(frozenset(allergens), frozenset(categories), certain=False)


@lru_cache(maxsize=1)
def _catalogue_make_up() -> tuple[dict[str, MakeUp], dict[str, MakeUp]]:
    """(by NDB, by recipe slug) from the catalogue's reviewed ingredient table."""
    catalogue = load_catalogue()
    by_ndb = {ndb: MakeUp(info.allergens, info.categories, certain=True) for ndb, info in catalogue.ingredients.items()}
    by_slug: dict[str, MakeUp] = {}
    for recipe in catalogue.recipes:
        parts = [by_ndb[i.ndb] for i in recipe.ingredients if i.ndb in by_ndb]
        known = len(parts) == len(recipe.ingredients)
        by_slug[recipe.slug] = MakeUp(
            frozenset(recipe.allergens).union(*(p.allergens for p in parts)),
            frozenset().union(*(p.categories for p in parts)),
            certain=known,
        )
    return by_ndb, by_slug


def make_up(food: Any) -> MakeUp:
    """What a food row is made of, as far as the data says."""
    by_ndb, by_slug = _catalogue_make_up()
    if food.source == USDA_SOURCE and food.source_id in by_ndb:
        return by_ndb[food.source_id]
    if food.source == RECIPE_SOURCE and food.owner_id is None and food.source_id in by_slug:
        return by_slug[food.source_id]
    return _guess(food.name, food.group_code)


def conflicts_of(food: Any, rules: Rules) -> list[dict[str, str]]:
    """The food's conflicts with the rules: `{kind: allergy|diet|excluded, name, certainty, label}`."""
    found: list[dict[str, str]] = []
    if food.id in rules.excluded_food_ids:
        found.append(
            {"kind": "excluded", "name": "excluded", "certainty": "contains", "label": "On your excluded list"}
        )
    facts = make_up(food)
    certainty = "contains" if facts.certain else "may_contain"
    verb = "Contains" if facts.certain else "May contain"
    for allergen in sorted(facts.allergens & rules.allergies):
        found.append(
            {
                "kind": "allergy",
                "name": allergen,
                "certainty": certainty,
                "label": f"{verb} {ALLERGEN_WORDS.get(allergen, allergen)}",
            }
        )
    try:
        forbidden = excluded_categories(rules.diet)
    except (KeyError, ValueError):
        forbidden = frozenset()
    clashing = sorted(facts.categories & forbidden)
    if clashing:
        what = ", ".join(CATEGORY_WORDS.get(c, c) for c in clashing)
        found.append(
            {
                "kind": "diet",
                "name": rules.diet,
                "certainty": certainty,
                "label": f"Not {rules.diet}: {'contains' if facts.certain else 'may contain'} {what}",
            }
        )
    return found


def conflicts_by_id(foods: Iterable[Any], rules: Rules | None) -> dict[int, list[dict[str, str]]]:
    if rules is None:
        return {}
    return {food.id: conflicts_of(food, rules) for food in foods}
