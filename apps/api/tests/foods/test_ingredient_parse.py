"""POST /api/foods/parse on the real USDA data: recipe lines become foods and grams from the food's own
household measures; lines without an amount say so; no line is ever a 500 or a silent 0 g."""

from __future__ import annotations

import random
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from diet_planner.foods import service
from tests.foods.matching_sets import load


def _parse(client: TestClient, lines: list[str]) -> list[dict[str, Any]]:
    response = client.post("/api/foods/parse", json={"lines": lines})
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [item["line"] for item in items] == lines
    return list(items)


def test_the_issue_examples_become_foods_and_grams(client: TestClient) -> None:
    broccoli, chickpeas, lemon, eggs, garlic = _parse(
        client,
        [
            "2 cups chopped broccoli",
            "1 (15-ounce) can chickpeas, drained and rinsed",
            "juice of 1 lemon",
            "3 large eggs",
            "4 cloves garlic, minced",
        ],
    )
    assert broccoli["food"]["name"].startswith("Broccoli, raw")
    assert broccoli["grams"] == pytest.approx(182, rel=0.02)  # USDA: 1 cup chopped = 91 g
    assert broccoli["measure"] == "cup chopped"
    assert broccoli["quantity"] == 2 and broccoli["unit"] == "cup"
    assert chickpeas["food"]["name"].lower().startswith("chickpeas")
    assert chickpeas["grams"] == pytest.approx(425, rel=0.01)  # the can's 15 oz
    assert chickpeas["preparation"] == "drained and rinsed"
    assert lemon["food"]["name"].startswith("Lemon juice")
    assert lemon["grams"] == pytest.approx(48, rel=0.01)  # USDA: 1 lemon yields 48 g of juice
    assert eggs["food"]["name"].startswith("Egg, whole, raw")
    assert eggs["grams"] == pytest.approx(150, rel=0.01)
    assert garlic["food"]["name"].startswith("Garlic, raw") and garlic["grams"] == pytest.approx(12, rel=0.01)
    for item in (broccoli, chickpeas, lemon, eggs, garlic):
        assert item["food"]["source"] == "usda_sr" and item["confidence"] > 0.5
        assert len(item["alternatives"]) >= 1


def test_lines_without_an_amount_say_so_instead_of_guessing(client: TestClient) -> None:
    taste, garnish, heading = _parse(
        client, ["salt and pepper to taste", "fresh cilantro, for garnish", "For the sauce:"]
    )
    assert taste["grams"] is None and taste["note"] == "to taste"
    assert garnish["grams"] is None and garnish["note"] == "for garnish"
    assert garnish["food"] is not None and "coriander" in garnish["food"]["name"].lower()
    assert heading["food"] is None and heading["grams"] is None and "not an ingredient" in heading["note"]


def test_accented_words_name_the_food_they_spell(client: TestClient) -> None:
    # An accent used to split a word ("sauté" -> "saut", "e"), so another food was matched.
    (item,) = _parse(client, ["1 cup sautéed onions"])
    assert item["food"] is not None and "onions" in item["food"]["name"].lower()
    assert "sauteed" in item["food"]["name"].lower()


def test_a_unit_the_food_has_no_measure_for_gets_no_grams_and_a_note(client: TestClient) -> None:
    (item,) = _parse(client, ["3 stalks chickpeas"])
    assert item["food"] is not None
    assert item["grams"] is None  # never a silent 0 g
    assert "measure" in item["note"]


def test_hostile_lines_are_answered_line_by_line(client: TestClient) -> None:
    lines = [
        "",
        "   ",
        "---",
        "99999999999999999999999 cups flour",
        "1/0 cup sugar",
        "½ ⅓ ¼ ¾",
        "🍅🍅🍅 tomatoes",
        "'; DROP TABLE foods; --",
        'milk AND "cheese" OR NEAR(* ^',
        "x" * 500,
        "2 (",
        "1 cup",
    ]
    items = _parse(client, lines)
    for item in items:
        assert item["grams"] is None or item["grams"] > 0
        assert item["food"] is not None or item["note"]


def test_odd_lines_made_at_random_never_fail(client: TestClient) -> None:
    """Fuzz-ish: pieces of real lines, units, numbers and junk glued at random (seeded: the same lines
    every run); every line gets an answer, positive grams or none with a note."""
    chance = random.Random(1616)
    pieces = [
        "1",
        "½",
        "1/2",
        "2-3",
        "1.5",
        "0",
        "-2",
        "10000",
        "a",
        "an",
        "(15-ounce)",
        "(",
        ")",
        "can",
        "cans",
        "cup",
        "tbsp",
        "T",
        "tsp",
        "oz",
        "lb",
        "g",
        "ml",
        "stick",
        "cloves",
        "pinch",
        "dash",
        "large",
        "juice of",
        "zest of",
        "to taste",
        "for garnish",
        "optional",
        ",",
        ", divided",
        "chicken",
        "breast halves",
        "flour",
        "garlic",
        "lemon",
        "butter",
        "tomatoes",
        "salt",
        "pepper",
        "&",
        "/",
        "::",
        "é",
        "👍",
        "\t",
        "or",
        "and",
    ]
    lines = [" ".join(chance.choice(pieces) for _ in range(chance.randint(1, 9))) for _ in range(120)]
    for start in range(0, len(lines), 40):
        for item in _parse(client, lines[start : start + 40]):
            assert item["grams"] is None or item["grams"] > 0, item
            assert item["food"] is not None or item["note"], item
            assert item["grams"] is not None or item["note"] or item["quantity"] is None, item


def test_a_food_without_a_cup_borrows_the_cup_of_its_family_and_says_so(client: TestClient) -> None:
    (yogurt,) = _parse(client, ["1 cup plain Greek yogurt"])
    assert yogurt["food"]["name"].startswith("Yogurt, Greek, plain")
    assert yogurt["grams"] == pytest.approx(245, rel=0.15)
    assert "Yogurt, " in yogurt["measure"] and " of " in yogurt["measure"]


def test_a_common_name_finds_the_food_usda_files_under_another(client: TestClient) -> None:
    (oats,) = _parse(client, ["1 cup rolled oats"])
    assert oats["food"]["name"].startswith("Cereals, oats, regular and quick")
    assert oats["grams"] == pytest.approx(81, rel=0.15)


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"lines": []}, "lines"),
        ({"lines": ["1 cup rice"] * 201}, "lines"),
        ({"lines": ["x" * 501]}, "longer than 500"),
        ({"lines": "1 cup rice"}, "lines"),
        ({}, "lines"),
    ],
)
def test_bad_requests_are_422_naming_the_problem(client: TestClient, body: dict[str, Any], problem: str) -> None:
    response = client.post("/api/foods/parse", json=body)
    assert response.status_code == 422
    assert problem in response.text


def _figures(db_session: Session, part: str) -> tuple[float, float, list[str]]:
    labelled = load("parse", part)
    items = service.parse_ingredient_lines(db_session, None, [item.text for item in labelled])
    food_ok = grams_ok = 0
    misses = []
    for label, item in zip(labelled, items, strict=True):
        name = item["food"]["name"] if item["food"] else ""
        if label.grams is None:  # "to taste", a heading: right when no grams are claimed and a note says why
            right = item["grams"] is None and bool(item["note"])
            food_ok += right
            grams_ok += right
            continue
        food = label.acceptable is not None and bool(label.acceptable.search(name))
        grams = item["grams"] is not None and abs(item["grams"] - label.grams) <= 0.15 * label.grams
        food_ok += food
        grams_ok += grams
        if not (food and grams):
            misses.append(f"{label.text} -> {name} {item['grams']} g (want {label.grams})")
    return food_ok / len(labelled), grams_ok / len(labelled), misses


def test_held_out_recipe_lines(db_session: Session) -> None:
    """Lines never tuned on (tests/foods/sets/parse_heldout.tsv, 116 lines of many cuisines). Floors a
    little under the measured figures (93.1 % right food, 93.1 % grams within 15 %), so a change that makes
    matching worse fails here."""
    food, grams, misses = _figures(db_session, "heldout")
    assert len(load("parse", "heldout")) >= 100
    assert food >= 0.91, (food, misses)
    assert grams >= 0.91, (grams, misses)


def test_blind_held_out_recipe_lines(db_session: Session) -> None:
    """The second held-out set (parse_heldoutb.tsv, 153 lines of eleven cuisines), written by someone who had
    not read the matching code: lower than the first (73.9 % right food, 85.6 % grams within 15 % when written,
    77.8 % and 87.6 % after issue 16's fifth pass);
    floors a little under, so a change that makes matching worse on lines nobody tuned on fails here."""
    food, grams, misses = _figures(db_session, "heldoutb")
    assert len(load("parse", "heldoutb")) >= 150
    assert food >= 0.76, (food, misses)
    assert grams >= 0.85, (grams, misses)


def test_third_blind_held_out_recipe_lines(db_session: Session) -> None:
    """The third held-out set (parse_heldoutc.tsv, 100 lines of ten cuisines), written blind like the second
    (77 % right food, 87 % grams within 15 % when written; 81 % and 88 % after issue 16's fifth pass); floors
    a little under."""
    food, grams, misses = _figures(db_session, "heldoutc")
    assert len(load("parse", "heldoutc")) >= 100
    assert food >= 0.79, (food, misses)
    assert grams >= 0.86, (grams, misses)


def test_a_cup_of_cream_is_the_fluid_cup_unless_the_line_says_whipped(client: TestClient) -> None:
    """USDA notes what a fluid cup makes ("cup, fluid (yields 2 cups whipped)"): that note is not how the
    cream is handled, so a plain cup is the fluid one; a whipped cup weighs half."""
    fluid, whipped = _parse(client, ["1 cup heavy cream", "1 cup heavy whipping cream, whipped"])
    assert fluid["grams"] is not None and 230 <= fluid["grams"] <= 245, fluid
    assert whipped["grams"] is not None and 110 <= whipped["grams"] <= 130, whipped


def test_the_state_a_line_names_picks_the_food_in_that_state(client: TestClient) -> None:
    """Fresh herbs are the fresh herb, not the dried spice; cooked porridge and cooked lentils weigh as
    cooked, not as the dry grain (a cup of dry oats is a third of a cup cooked)."""
    thyme, cilantro, oatmeal, lentils = _parse(
        client,
        ["1 tsp fresh thyme leaves", "1/4 cup fresh cilantro", "1 cup cooked oatmeal", "1 cup cooked lentils"],
    )
    assert thyme["food"]["name"].startswith("Thyme, fresh"), thyme
    assert cilantro["food"]["name"].startswith("Coriander (cilantro) leaves, raw"), cilantro
    assert oatmeal["food"]["name"].startswith("Cereals, oats") and "cooked" in oatmeal["food"]["name"], oatmeal
    assert oatmeal["grams"] == pytest.approx(234, rel=0.15)
    assert lentils["food"]["name"].startswith("Lentils, mature seeds, cooked"), lentils
    assert lentils["grams"] == pytest.approx(198, rel=0.15)


def test_a_peeled_fruit_is_the_fruit_without_its_skin(client: TestClient) -> None:
    """USDA says peeled as "without skin": "peeled" was dropped from the line as mere handling, and the apple
    with its skin came first, a different food (less fibre)."""
    (apple,) = _parse(client, ["1 medium apple, peeled and cored"])
    assert apple["food"]["name"].startswith("Apples, raw, without skin"), apple


def test_what_a_line_says_around_the_food_does_not_change_the_food(client: TestClient) -> None:
    """Issue 16 (i16rank): "hot" starts a food's name when names say the two words together ("hot sauce" is
    no sauce served hot; "hot water" is water); a state before the comma leaves the food after it; of
    alternatives the first is the one written; a ratio in parentheses is no amount."""
    hot_sauce, hot_water, chicken, butter, beef = _parse(
        client,
        [
            "1 tbsp hot sauce",
            "1 cup hot water",
            "2 cups cooked, shredded chicken",
            "2 tablespoons butter or margarine",
            "1 lb ground beef (80/20)",
        ],
    )
    assert hot_sauce["food"]["name"].startswith("Sauce, ready-to-serve, pepper or hot"), hot_sauce
    assert "water" in hot_water["food"]["name"].lower(), hot_water
    assert chicken["food"]["name"].startswith("Chicken, ") and "cooked" in chicken["food"]["name"], chicken
    assert butter["food"]["name"].startswith("Butter, "), butter
    assert beef["food"]["name"].startswith("Beef, ground") and beef["grams"] == pytest.approx(453.6, rel=0.01), beef


def test_alternatives_and_missing_measures_keep_the_food_named(client: TestClient) -> None:
    """The first of alternatives is the food, with the noun they share ("white or brown sugar" is white
    sugar); FoodData Central's foods are found as search finds them (oat milk); and a food without a cup
    keeps its name when a food of another kind under the same first segment has one (alfredo sauce is not
    "Sauce, barbecue"; its grams may borrow that cup, and the measure says so)."""
    sugar, oat_milk, alfredo = _parse(client, ["1 cup white or brown sugar", "1 cup oat milk", "1 cup alfredo sauce"])
    assert sugar["food"]["name"].startswith("Sugars, granulated"), sugar
    assert oat_milk["food"]["name"].startswith("Oat milk"), oat_milk
    assert alfredo["food"]["name"].startswith("Sauce, alfredo"), alfredo


def test_a_cooked_state_after_the_comma_and_what_a_food_is_mixed_with(client: TestClient) -> None:
    """ "1 cup pinto beans, cooked" is a cup of cooked beans (171 g, not the 193 g of a dry cup); in "2 tsp
    cornstarch mixed with 2 tbsp water" the food is the cornstarch."""
    beans, cornstarch = _parse(client, ["1 cup pinto beans, cooked", "2 tsp cornstarch mixed with 2 tbsp water"])
    assert beans["food"]["name"].startswith("Beans, pinto, mature seeds, cooked"), beans
    assert cornstarch["food"]["name"].startswith("Cornstarch"), cornstarch


def test_a_line_of_quick_oats_is_the_dry_oats_not_a_brand_or_the_cooked_porridge(client: TestClient) -> None:
    """A recipe measures oats as bought: the cooked porridge search ranks first is "..., unenriched, cooked with
    water (includes boiling and microwaving)", the same food as "..., not fortified, dry" but for how it was made,
    and a brand's box ("QUAKER, Quick Oats") is no better a match than the generic food."""
    (oats,) = _parse(client, ["3/4 cup quick cooking oats"])
    assert oats["food"]["name"] == "Cereals, oats, regular and quick, not fortified, dry", oats
    assert oats["grams"] == pytest.approx(0.75 * 81, rel=0.15)
