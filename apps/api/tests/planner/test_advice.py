"""Shortfall advice never names a food the person may not eat (issue 19): every diet, allergy and nutrient."""

from __future__ import annotations

import re

import pytest

from diet_planner.nutrition import diets
from diet_planner.nutrition.allergens import ALLERGENS
from diet_planner.nutrition.targets import ProfileData
from diet_planner.planner.catalogue.schema import DIETS, Catalogue
from diet_planner.planner.model import NutrientTable, PlanInfeasible
from diet_planner.planner.options import build_context
from diet_planner.planner.solve import generate_plan
from tests.planner.requests import make_request

# Words that name a food of each allergen or animal category, as any advice text might (fixed or computed).
ALLERGEN_WORDS: dict[str, str] = {
    "tree_nut": r"almond|walnut|cashew|pecan|pistachio|hazelnut|macadamia|brazil nut",
    "peanut": r"peanut",
    "milk": r"(?<!soy )\bmilk\b|yog(h)?urt|cheese|cheddar|mozzarella|dairy",
    "egg": r"\beggs?\b",
    "wheat": r"wheat",
    "gluten": r"wheat|\brye\b|barley",
    "soy": r"\bsoy|tofu|edamame|soybean",
    "fish": r"fish|salmon|trout|sardine|tuna",
    "shellfish": r"shrimp|prawn|crab|lobster|shellfish",
    "sesame": r"sesame|tahini|hummus",
    "celery": r"celery|celeriac",
    "mustard": r"mustard",
    # Sulphites: dried fruit and wine are the usual sources.
    "sulphites": r"dried apricot|raisin|\bwine\b",
    "lupin": r"lupin",
}
CATEGORY_WORDS: dict[str, str] = {
    "meat": r"\bpork\b|\bbeef\b|\bham\b|bacon",
    "poultry": r"chicken|turkey|poultry",
    "fish": ALLERGEN_WORDS["fish"],
    "shellfish": ALLERGEN_WORDS["shellfish"],
    "dairy": ALLERGEN_WORDS["milk"],
    "egg": ALLERGEN_WORDS["egg"],
    "honey": r"honey",
    "animal_rennet": r"parmesan|pecorino",
}


def _person(diet: str) -> ProfileData:
    # The walkthrough: a 34-year-old woman who wants to lose weight.
    return ProfileData("female", 34, 165, 70, "light", goal="lose", rate_kg_per_week=0.5, diet=diet)


def _forbidden_words(diet: str, allergy: str | None) -> re.Pattern[str]:
    words = [CATEGORY_WORDS[c] for c in sorted(diets.RULES[diet].excluded_categories)]
    if allergy:
        words.append(ALLERGEN_WORDS[allergy])
    return re.compile("|".join(words) if words else r"(?!x)x", re.IGNORECASE)


@pytest.mark.parametrize("allergy", [None, *ALLERGENS])
@pytest.mark.parametrize("diet", DIETS)
def test_no_advice_names_a_forbidden_food(
    diet: str, allergy: str | None, catalogue: Catalogue, table: NutrientTable
) -> None:
    profile = _person(diet)
    request = make_request(profile, catalogue, table, allergies=(allergy,) if allergy else (), days=1)
    try:
        ctx = build_context(request)
    except PlanInfeasible as exc:
        pytest.fail(f"{diet} with a {allergy} allergy has no plan: {exc.conflicts}")
    forbidden = _forbidden_words(diet, allergy)
    excluded = diets.RULES[diet].excluded_categories
    plain = {f.ndb: f for f in catalogue.plain_foods}
    assert set(ctx.advice) == set(ctx.req.minima)
    named_any = False
    for key, advice in ctx.advice.items():
        hit = forbidden.search(advice.text)
        assert hit is None, f"{diet}/{allergy}: advice for {key} names {hit.group(0)!r}: {advice.text}"
        for ndb in advice.foods:
            info = catalogue.ingredients[ndb]
            assert not info.allergens & {allergy}, (key, info.name, info.allergens)
            assert not info.categories & excluded, (key, info.name, info.categories)
            declared = plain[ndb].diets
            assert not declared or diet in declared, (key, info.name, diet)
        assert "_" not in advice.text, f"a contract key leaks into the advice for {key}: {advice.text}"
        named_any |= bool(advice.foods)
    assert named_any, "the advice names real foods, not only supplements"


def test_advice_ranks_allowed_foods_by_amount_per_portion(catalogue: Catalogue, table: NutrientTable) -> None:
    """The tree-nut-allergic vegetarian of issue 19 is pointed at sunflower seeds for vitamin E, best portion first;
    excluding that food moves the advice to the next one."""
    profile = _person("vegetarian")
    request = make_request(profile, catalogue, table, allergies=("tree_nut",), days=1)
    advice = build_context(request).advice["vitamin_e_mg"]
    plain = {f.ndb: f for f in catalogue.plain_foods}
    amounts = [(table[ndb].get("vitamin_e_mg") or 0) * plain[ndb].unit_grams / 100 for ndb in advice.foods]
    assert len(amounts) >= 2 and amounts == sorted(amounts, reverse=True), amounts
    assert "Sunflower seeds" in advice.text and "supplement" in advice.text
    top = advice.foods[0]
    request = make_request(profile, catalogue, table, allergies=("tree_nut",), excluded=(top,), days=1)
    again = build_context(request).advice["vitamin_e_mg"]
    assert top not in again.foods and plain[top].name not in again.text


def test_a_vegans_planned_shortfalls_name_no_animal_food(catalogue: Catalogue, table: NutrientTable) -> None:
    """End to end: a vegan allergic to tree nuts gets a plan whose shortfall advice and explanations name no fish,
    dairy, egg or nut."""
    profile = _person("vegan")
    request = make_request(profile, catalogue, table, allergies=("tree_nut",), days=2)
    plan = generate_plan(request)
    forbidden = _forbidden_words("vegan", "tree_nut")
    for text in [
        plan.explanation,
        *(d.explanation for d in plan.days),
        *(s.suggestion for d in plan.days for s in d.shortfalls),
    ]:
        assert forbidden.search(text) is None, text
