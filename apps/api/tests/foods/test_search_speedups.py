"""The search's shortcuts change speed, not answers: the in-memory index keeps every food the ranking
would keep, skipping candidates that cannot reach the page changes no page, and the vectorised typo
pre-filter picks the same correction as difflib over every word."""

from __future__ import annotations

import difflib
import json
import random
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from diet_planner.foods import search

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


def test_index_prefilter_keeps_every_food_the_ranking_keeps(db_session: Session) -> None:
    """Every shared food that holds at least half the query's terms (scored against all of them) is among
    the in-memory index's candidates."""
    vocabulary = search.VOCABULARY
    words = vocabulary.get(db_session)
    for query in _queries():
        parsed = search.parse(query, words)
        floor = search._floor(parsed.terms)
        candidates = search._candidates(vocabulary, parsed.terms)
        kept = {
            position
            for position, entry in enumerate(vocabulary.entries)
            if search.rank(entry, parsed, vocabulary.categories, floor) is not None
        }
        assert kept <= set(candidates), query
        assert len(candidates) < len(vocabulary.entries), query  # and the index does narrow the foods


def test_skipping_hopeless_candidates_changes_no_page(db_session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    """The walk that stops once no candidate left can reach the page gives the page and total that scoring
    every candidate gives."""

    def run(query: str, offset: int) -> tuple[list[int], int]:
        foods, total = search.search(
            db_session, query, user_id=None, group=None, sources=("usda_sr",), limit=10, offset=offset
        )
        return [food.id for food in foods], total

    # With everyday names searched twice ("vanilla": the literal words and USDA's) as well.
    queries = [*_queries(), "raw", "cheese", "chicken", "vanilla", "sugar", "ghee", "pork chops", "2 cups rice"]
    pruned = {(query, offset): run(query, offset) for query in queries for offset in (0, 30)}
    monkeypatch.setattr(search, "_dynamic_bound", lambda terms, held: float("inf"))
    for (query, offset), (ids, total) in pruned.items():
        assert run(query, offset) == (ids, total), (query, offset)


def test_a_persons_boosts_change_no_page_either(db_session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    """Signed in, the foods a person logs or starred get points (search's `personal`) that can lift one from far
    down the ranking onto the first page: those are ranked whatever the bounds, and the rest are skipped as for
    anyone. The page and total are still the ones scoring every candidate gives, for the person's own ranking."""
    generator = random.Random(3)
    queries = [*_queries(), "raw", "cheese", "chicken", "vanilla", "pork chops"]
    boosts: dict[str, dict[int, float]] = {}
    for query in queries:
        found, _ = search.search(db_session, query, user_id=None, group=None, sources=("usda_sr",), limit=80, offset=0)
        below = [food.id for food in found[20:]]  # found, but not on the first page: a boost lifts them
        boosts[query] = {
            food_id: generator.choice([4.0, 8.0, 12.0]) for food_id in generator.sample(below, min(3, len(below)))
        }

    def run(query: str, offset: int) -> tuple[list[int], int]:
        foods, total = search.search(
            db_session, query, user_id=None, group=None, sources=("usda_sr",), limit=10, offset=offset,
            personal=boosts[query],
        )  # fmt: skip
        return [food.id for food in foods], total

    pruned = {(query, offset): run(query, offset) for query in queries for offset in (0, 30)}
    lifted = [food_id for query in queries for food_id in boosts[query] if food_id in pruned[query, 0][0]]
    assert len(lifted) >= 10  # the boosts did lift foods onto first pages
    monkeypatch.setattr(search, "_dynamic_bound", lambda terms, held: float("inf"))
    for (query, offset), (ids, total) in pruned.items():
        assert run(query, offset) == (ids, total), (query, offset)


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
