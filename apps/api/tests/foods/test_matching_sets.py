"""The hand-labelled matching sets themselves (tests/foods/sets): every label must be one a search or a parse
could meet, or a set silently scores a miss that no change to matching could fix. These tests read the set
files and the bundled food names only; they never run search or the parser."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from diet_planner.foods.models import Food
from tests.foods.matching_sets import PARTS, SETS, load


@pytest.fixture(scope="module")
def usda_names(migrated_engine: Engine) -> list[str]:
    with Session(migrated_engine) as session:
        return list(session.scalars(select(Food.name).where(Food.source.like("usda%"), Food.owner_id.is_(None))))


def test_every_part_has_both_kinds_of_set() -> None:
    for part in PARTS:
        assert (SETS / f"search_{part}.tsv").is_file() and (SETS / f"parse_{part}.tsv").is_file(), part


@pytest.mark.parametrize("kind", ["search", "parse"])
def test_every_acceptable_food_is_a_bundled_food(usda_names: list[str], kind: str) -> None:
    """Each label's pattern names at least one bundled USDA food (a typo in a pattern would count as a miss
    on every run), and a line's grams, when it claims any, are a positive weight."""
    unmet = [
        (part, item.text)
        for part in PARTS
        for item in load(kind, part)
        if item.acceptable is not None and not any(item.acceptable.search(name) for name in usda_names)
    ]
    assert not unmet, unmet
    if kind == "parse":
        weightless = [(part, item.text) for part in PARTS for item in load(kind, part) if item.grams == 0]
        assert not weightless, weightless


@pytest.mark.parametrize("kind", ["search", "parse"])
def test_the_fourth_held_out_set_shares_nothing_with_the_others(kind: str) -> None:
    """heldoutd was written with no query or line (case-insensitive, exact) of the other sets; one copied into
    the development set later would be tuned on, and heldoutd would no longer measure unseen queries."""
    fourth = {item.text.strip().lower() for item in load(kind, "heldoutd")}
    shared = sorted(
        (part, item.text)
        for part in PARTS
        if part != "heldoutd"
        for item in load(kind, part)
        if item.text.strip().lower() in fourth
    )
    assert not shared, shared


def test_the_fourth_held_out_sets_have_their_sizes() -> None:
    """heldoutd was written as 150 queries and 120 recipe lines; a lost or merged line would shift its figures."""
    assert len(load("search", "heldoutd")) == 150
    assert len(load("parse", "heldoutd")) == 120
