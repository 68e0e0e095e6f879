"""The search's shortcuts change speed, not answers: the index pre-filter keeps every food the ranking
would keep, and the vectorised typo pre-filter picks the same correction as difflib over every word."""

from __future__ import annotations

import difflib
import json
import random
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from diet_planner.foods import search
from diet_planner.foods.models import Food
from diet_planner.foods.repository import visible_to

RELEVANCE_SET = Path(__file__).with_name("relevance_set.json")
EXTRA_QUERIES = [
    "chicken breast skinless roasted with salt",
    "low fat plain greek yogurt strawberry",
    "brown rice cooked",
    "sweet potato baked",
    "whole milk vitamin d",
    "cheddar cheese sliced",
]


def _queries() -> list[str]:
    return [item["q"] for item in json.loads(RELEVANCE_SET.read_text())["queries"]] + EXTRA_QUERIES


def _kept(session: Session, terms: tuple[str, ...], rows: list[search.LightRow]) -> set[int]:
    return {food_id for food_id, name, code, _ in rows if search.evaluate(name, code, terms)[0] >= search._floor(terms)}


def test_index_prefilter_keeps_every_food_the_ranking_keeps(
    db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    vocabulary = search.VOCABULARY.get(db_session)
    filters = [visible_to(None), Food.source.in_(("usda_sr", "custom"))]
    monkeypatch.setattr(search, "CANDIDATES", 100_000)  # complete lists on both sides, no cut to blur them
    compared = 0
    for query in _queries():
        terms = search.parse(query, vocabulary).terms
        if len(terms) < 3:
            continue  # one or two terms: any single term is enough either way
        with_groups = search._candidates(db_session, terms, filters)
        with monkeypatch.context() as patch:
            patch.setattr(search, "_required", lambda t: [(term,) for term in t])
            any_term = search._candidates(db_session, terms, filters)
        kept = _kept(db_session, terms, any_term)
        assert kept <= {row[0] for row in with_groups}, query
        assert len(with_groups) < len(any_term), query  # and the pre-filter does cut the list
        compared += 1
    assert compared >= 5


def test_typo_prefilter_picks_what_difflib_picks_over_the_whole_vocabulary(db_session: Session) -> None:
    vocabulary = search.VOCABULARY.get(db_session)
    words = sorted(vocabulary)
    chance = random.Random(20111)  # fixed: the same typos every run
    typos = ["bananna", "brocoli", "chiken", "yoghurtt", "potatoe", "spinnach", "tomatoe", "x" * 200, "zzzz"]
    for _ in range(300):
        letters = list(chance.choice(words))
        for _ in range(chance.randint(1, 3)):
            position = chance.randrange(len(letters) + 1)
            edit = chance.random()
            if edit < 0.33 and position < len(letters):
                del letters[position]
            elif edit < 0.66:
                letters.insert(position, chance.choice("abcdefghijklmnopqrstuvwxyz0"))
            elif position < len(letters):
                letters[position] = chance.choice("abcdefghijklmnopqrstuvwxyz")
        typos.append("".join(letters) or "q")
    for typo in typos:
        expected = difflib.get_close_matches(typo, vocabulary, n=1, cutoff=search.TYPO_CUTOFF)
        got = difflib.get_close_matches(typo, search._within_reach(typo, vocabulary), n=1, cutoff=search.TYPO_CUTOFF)
        assert got == expected, typo
