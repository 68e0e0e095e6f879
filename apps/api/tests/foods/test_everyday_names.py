"""Everyday names of foods that USDA names otherwise (diet_planner/foods/data/everyday_names.toml, issue 16):
a person typing "ghee", "bourbon" or "tinned tuna" gets that food first, in search and in recipe lines; the
literal words still win where USDA names say them; and the table cannot rot: every entry names foods that
exist in the real database and finds one of them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from diet_planner.foods import everyday, search, service
from diet_planner.foods.models import Food
from diet_planner.foods.sources import USDA_SOURCE


def _names(db_session: Session, query: str, limit: int = 5) -> list[str]:
    foods, _ = service.search_foods(
        db_session, query, user_id=None, group=None, include_recipes=False, limit=limit, offset=0
    )
    return [food.name for food in foods]


def _usda_words(name: everyday.Name) -> set[str]:
    return {w for w in search._name_words(name.usda) if not w.isdigit()}


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        # Words no USDA name says: before the table these found nothing or a typo's food ("burbot").
        ("ghee", r"^Butter oil, anhydrous"),
        ("bourbon", r"^Alcoholic beverage, distilled, whiskey"),
        ("brandy", r"^Alcoholic beverage, distilled"),
        ("biltong", r"^Snacks, beef jerky"),
        ("yuca", r"^Cassava, raw"),
        ("dal", r"^Lentils, mature seeds, cooked"),
        ("marmite", r"^Yeast extract spread"),
        ("calamari", r"^Mollusks, squid"),
        ("cuppa", r"^Beverages, tea, black, brewed"),
        ("tinned tuna", r"^Fish, tuna, light, canned in water"),
        ("semi skimmed milk", r"^Milk, reduced fat, fluid"),
        ("evoo", r"^Oil, olive, salad or cooking"),
        ("spuds", r"^Potatoes, flesh and skin, raw"),
        # USDA's food of the literal name is another one: a cook's vegetable oil is not palm kernel oil.
        ("vegetable oil", r"^Oil, soybean, salad or cooking"),
        ("sparkling water", r"^Beverages, carbonated, club soda"),
        # The everyday default of a word USDA says, when it is the whole query.
        ("vanilla", r"^Vanilla extract"),
        ("pork chops", r"^Pork, fresh, loin, .*\(chops\)"),
        # Diner, lunchbox and drink-aisle names USDA writes otherwise: toast is toasted bread, white meat the
        # light meat, a cheese stick the low-moisture mozzarella, bone broth a home-made stock.
        ("sourdough toast", r"^Bread, french or vienna, toasted"),
        ("whole wheat toast", r"^Bread, whole-wheat, .*toasted"),
        ("white meat chicken", r"^Chicken, .*light meat"),
        ("cheese sticks", r"^Cheese, mozzarella, low moisture"),
        ("electrolyte drinks", r"Gatorade"),
        ("breakfast sandwiches", r"^Fast foods, english muffin, with egg"),
        ("bone broths", r"^Soup, stock, (beef|chicken), home-prepared"),
        # USDA measures gumdrops in gummy bears and worms: the candy, not bear meat. A soup as served, not its dry
        # mix; tea as brewed, not instant.
        ("gummy worms", r"^Candies, gumdrops"),
        ("gummy bear", r"^Candies, gumdrops"),
        ("french onion soups", r"^Soup, onion, .*prepared"),
        ("unsweetened teas", r"^Beverages, tea, black, brewed"),
        ("strawberry yogurts", r"^Yogurt, fruit"),
        # Said of chicken, USDA's words find another food: raw wings, a pork tenderloin.
        ("buffalo wings", r"^Chicken, broilers or fryers, wing, meat and skin, cooked, fried"),
        ("chicken tenderloin", r"^Chicken, broilers or fryers, breast, meat only"),
    ],
)
def test_an_everyday_name_finds_the_food_first(db_session: Session, query: str, wanted: str) -> None:
    names = _names(db_session, query)
    assert names and re.search(wanted, names[0]), names


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        # "flour" is wheat flour alone, not in "rice flour"; "butter" is not "peanut butter"; the longest
        # phrase listed counts ("almond flour" is ground almonds).
        ("rice flour", r"^Rice flour, white"),
        ("almond flour", r"^Nuts, almonds"),
        ("peanut butter", r"^Peanut butter"),
        ("almond butter", r"^Nuts, almond butter"),
        ("brown sugar", r"^Sugars, brown"),
        ("soda bread", r"^Bread, irish soda"),
        ("apple crisp", r"^Desserts, apple crisp"),
    ],
)
def test_the_literal_words_still_win_where_usda_says_them(db_session: Session, query: str, wanted: str) -> None:
    names = _names(db_session, query)
    assert names and re.search(wanted, names[0]), names


def test_recipe_lines_use_the_everyday_names(db_session: Session) -> None:
    items = service.parse_ingredient_lines(
        db_session, None, ["2 tablespoons ghee", "1 cup vegetable oil", "1 shot bourbon"]
    )
    assert [item["food"]["name"].split(",")[0] if item["food"] else None for item in items] == [
        "Butter oil",
        "Oil",
        "Alcoholic beverage",
    ], items
    assert items[0]["food"]["name"] == "Butter oil, anhydrous"
    assert items[1]["food"]["name"].startswith("Oil, soybean, salad or cooking")
    assert items[1]["grams"] == pytest.approx(218.0, rel=0.05)  # USDA's cup of soybean oil


def test_every_entry_names_foods_in_the_real_database(db_session: Session) -> None:
    """Every USDA-side wording is said by at least one USDA food's name, all its words in the one name."""
    names = db_session.scalars(select(Food.name).where(Food.source == USDA_SOURCE, Food.owner_id.is_(None))).all()
    held = [frozenset(search._name_words(name)) for name in names]
    assert len(held) > 5000  # the full bundled USDA release, not a fixture's few foods
    table = everyday.names()
    assert len(table) >= 300
    unresolved = [said for said, entry in table.items() if not any(_usda_words(entry) <= words for words in held)]
    assert not unresolved


def test_every_entry_searched_alone_finds_its_food_first(db_session: Session) -> None:
    """The entry works: the phrase typed alone puts first a food whose name says all its USDA words."""
    wrong = []
    for said, entry in everyday.names().items():
        first = _names(db_session, said, 1)
        if not first or not _usda_words(entry) <= set(search._name_words(first[0])):
            wrong.append((said, first))
    assert not wrong


def test_a_phrase_listed_twice_is_refused(tmp_path: Path) -> None:
    table = tmp_path / "names.toml"
    table.write_text('[dairy]\n"ghee" = "anhydrous butter oil"\n[fats]\n"Ghee" = "butter oil"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="listed twice"):
        everyday.names.__wrapped__(table)


def test_two_phrases_search_reads_alike_must_mean_the_same_food(tmp_path: Path) -> None:
    """A milkshake's name and a cereal's plural read the same once search makes words singular: refused, not one
    silently replacing the other."""
    table = tmp_path / "names.toml"
    table.write_text(
        '[fast_food]\n"frosty" = "fast foods vanilla shake"\n[cereal]\n"frosties" = "frosted flakes cereal"\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="'frosty' and 'frosties' read the same"):
        everyday.by_words(everyday.names.__wrapped__(table), search.literal_singular)
    table.write_text('[dairy]\n"curd" = "cottage cheese"\n[more]\n"curds" = "cottage cheese"\n', encoding="utf-8")
    assert len(everyday.by_words(everyday.names.__wrapped__(table), search.literal_singular)) == 1


def test_an_entry_without_usda_words_is_refused(tmp_path: Path) -> None:
    table = tmp_path / "names.toml"
    table.write_text('[dairy]\n"ghee" = " "\n', encoding="utf-8")
    with pytest.raises(ValueError, match="needs the USDA words"):
        everyday.names.__wrapped__(table)


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        # [always] phrases are replaced inside a longer query too, where no second wording is tried.
        ("canned garbanzo beans", r"^Chickpeas .*canned"),
        ("cooked minced pork", r"^Pork, fresh, ground, cooked"),
    ],
)
def test_an_always_phrase_is_replaced_inside_a_longer_query(db_session: Session, query: str, wanted: str) -> None:
    names = _names(db_session, query)
    assert names and re.search(wanted, names[0]), names


def test_the_always_table_is_the_one_vocabulary_search_rewrites_with(db_session: Session) -> None:
    """search.py holds no phrase list of its own: its rewrites are the [always] table, and each names foods
    of the real database (every USDA word of it in one food's name)."""
    assert not hasattr(search, "SYNONYMS")
    table = everyday.rewrites()
    assert table["scallions"] == "onions spring" and len(table) >= 100
    names = db_session.scalars(select(Food.name).where(Food.source == USDA_SOURCE, Food.owner_id.is_(None))).all()
    held = [frozenset(search._name_words(name)) for name in names]
    unresolved = [
        said
        for said, usda in table.items()
        if not any({w for w in search._name_words(usda) if not w.isdigit()} <= words for words in held)
    ]
    assert not unresolved
    assert everyday.ALWAYS not in {entry.aisle for entry in everyday.names().values()}  # not a second wording


def test_an_always_phrase_listed_twice_is_refused(tmp_path: Path) -> None:
    table = tmp_path / "names.toml"
    table.write_text('[always]\n"mayo" = "mayonnaise"\n"Mayo" = "mayonnaise"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="listed twice"):
        everyday.rewrites.__wrapped__(table)
