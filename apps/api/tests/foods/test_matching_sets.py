"""The hand-labelled matching sets themselves (tests/foods/sets): every label must be one a search or a parse
could meet, or a set silently scores a miss that no change to matching could fix. These tests read the set
files and the bundled food names only; they never run search or the parser."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from diet_planner.foods.models import Food
from tests.foods.matching_sets import PARTS, SEARCH_ONLY, SETS, load, parts_of


@pytest.fixture(scope="module")
def usda_names(migrated_engine: Engine) -> list[str]:
    with Session(migrated_engine) as session:
        return list(session.scalars(select(Food.name).where(Food.source.like("usda%"), Food.owner_id.is_(None))))


def test_every_part_has_both_kinds_of_set_but_the_search_only_ones() -> None:
    """A search-only part has no parse file (one added later would never be measured or checked)."""
    for part in PARTS:
        assert (SETS / f"search_{part}.tsv").is_file(), part
        assert (SETS / f"parse_{part}.tsv").is_file() == (part not in SEARCH_ONLY), part


@pytest.mark.parametrize("kind", ["search", "parse"])
def test_every_acceptable_food_is_a_bundled_food(usda_names: list[str], kind: str) -> None:
    """Each label's pattern names at least one bundled USDA food (a typo in a pattern would count as a miss
    on every run), and a line's grams, when it claims any, are a positive weight."""
    unmet = [
        (part, item.text)
        for part in parts_of(kind)
        for item in load(kind, part)
        if item.acceptable is not None and not any(item.acceptable.search(name) for name in usda_names)
    ]
    assert not unmet, unmet
    if kind == "parse":
        weightless = [(part, item.text) for part in parts_of(kind) for item in load(kind, part) if item.grams == 0]
        assert not weightless, weightless


@pytest.mark.parametrize(
    ("kind", "blind"),
    [
        ("search", "heldoutd"),
        ("parse", "heldoutd"),
        ("search", "heldoute"),
        ("search", "heldoutf"),
        ("parse", "heldoutf"),
        ("search", "heldoutg"),
        ("parse", "heldoutg"),
        ("search", "heldouth"),
        ("search", "heldouti"),
        ("parse", "heldouti"),
        ("search", "heldoutj"),
        ("search", "heldoutk"),
        ("search", "heldoutl"),
    ],
)
def test_the_fourth_to_twelfth_held_out_sets_share_nothing_with_the_others(kind: str, blind: str) -> None:
    """heldoutd to heldoutl were written with no query or line (case-insensitive, exact) of the other sets; one
    copied into the development set later would be tuned on, and the set would no longer measure unseen
    queries."""
    written_blind = {item.text.strip().lower() for item in load(kind, blind)}
    shared = sorted(
        (part, item.text)
        for part in parts_of(kind)
        if part != blind
        for item in load(kind, part)
        if item.text.strip().lower() in written_blind
    )
    assert not shared, shared


def test_the_fourth_to_twelfth_held_out_sets_have_their_sizes() -> None:
    """heldoutd, heldoutf and heldoutg were each written as 150 queries and 120 recipe lines, heldoute as 120
    queries, heldouth as 150 (and no lines), heldouti as 150 queries and 100 lines, heldoutj and heldoutk as 150
    queries each and heldoutl as 136 (150 less those heldoutk, written at the same time, also held; no lines);
    a lost or merged line would shift their figures."""
    assert len(load("search", "heldoutd")) == 150
    assert len(load("parse", "heldoutd")) == 120
    assert len(load("search", "heldoute")) == 120
    assert len(load("search", "heldoutf")) == 150
    assert len(load("parse", "heldoutf")) == 120
    assert len(load("search", "heldoutg")) == 150
    assert len(load("parse", "heldoutg")) == 120
    assert len(load("search", "heldouth")) == 150
    assert len(load("search", "heldouti")) == 150
    assert len(load("parse", "heldouti")) == 100
    assert len(load("search", "heldoutj")) == 150
    assert len(load("search", "heldoutk")) == 150
    assert len(load("search", "heldoutl")) == 136
