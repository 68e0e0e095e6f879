"""Experiment: does a learned re-ranking on top of the rule ranking of food search generalise (issue 16)?

For every query of the allowed labelled search sets, the rule ranking's first WINDOW places are collected from a
fresh database loaded with the bundled USDA data, with generic features of each place from signals the rules
compute (rank and score gap, head noun, terms held, segments, measures, USDA's survey flag, negating, part,
by-product and processing words, group prior, family...; no query, food or id). A linear model is trained to
put an acceptable food first (listwise softmax: the log of the probability mass on a query's acceptable foods).

Two measures of generalisation:
- leave-one-set-out cross-validation over the nine allowed sets (train on eight, test on the ninth), rule
  ranking against re-ranked, per set and pooled. Biased: the rules were tuned on all nine sets, so in every
  fold the rule features are as overfit on the test set as on the training ones.
- `--time-travel`: the rule ranking as it was when a set was added, written blind (its misses not yet studied),
  with the model trained on the sets that existed then, and again with the rules' misses on the queries older
  rankings had not seen (SNAPSHOTS): the one measure here on queries unseen by rules and model alike. Each past
  commit's diet_planner and data are taken with `git archive` into a temporary folder and collected by this
  script in a subprocess.
The project's unseen sets (FRESH in bench/bench_search.py) are never loaded here.

`python -m bench.rerank_experiment [--time-travel]`. Deterministic: fixed steps, no randomness."""

from __future__ import annotations

import functools
import os
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from bench.fresh import usda_session
from diet_planner.foods import search, service
from diet_planner.foods.models import Food
from tests.foods.matching_sets import load

# The search sets studied when this experiment was run (heldouth and heldoutj, unseen then, left out).
ALLOWED = ("dev", "heldout", "heldoutb", "heldoutc", "heldoutd", "heldoute", "heldoutf", "heldoutg", "heldouti")
# The commits adding a set written blind (its misses not yet studied), oldest first: (commit, that set). At each,
# that set and the ones added after it are queries its rules had never seen.
SNAPSHOTS = (
    ("1c463ce", "heldoutd"),
    ("08b4765", "heldoute"),
    ("2f02482", "heldoutf"),
    ("cf7bfe0", "heldoutg"),
    ("24c81bf", "heldouti"),
)
TIME_TRAVEL_TESTS = ("cf7bfe0", "24c81bf")  # the snapshots tested on (the older ones train only)
WINDOW = 20  # search.DIVERSE_WINDOW: every search ranks at least these
L2 = 0.01
STEPS = 600
LEARNING_RATE = 0.05
API_DIR = Path(__file__).resolve().parent.parent
CONSOLE = Console(width=160)
FEATURES = (
    "rule_gap",
    "rule_first",
    "rule_rank_inverse",
    "head_in_name",
    "head_heads_name",
    "head_after_category",
    "head_missing",
    "terms_matched",
    "found_by_common_name",
    "first_segment_within_query",
    "first_segment_extra",
    "second_segment_extra",
    "extra_words",
    "segments",
    "measures",
    "survey",
    "commonness",
    "negating",
    "part",
    "by_product",
    "processed",
    "raw_unasked",
    "state_conflict",
    "lighter_unasked",
    "composite",
    "branded",
    "group_prior",
    "category_first",
    "same_family_as_first",
    "name_length",
    "word_priors",
    "variety",
    "home",
    "leading_word_first",
)
RULE_FEATURES = ("rule_gap", "rule_first", "rule_rank_inverse")
_PROCESSED = frozenset(
    {"canned", "frozen", "dried", "dehydrated", "powder", "powdered", "mix", "instant", "concentrate", "prepared"}
    | {"sweetened", "salted", "smoked", "cured", "pickled", "fried", "breaded", "baby", "juice", "sauce", "soup"}
)
_COMPOSITE = frozenset({"with", "and"})
# Words of a lighter variant (search._LIGHTER and _LIGHT_SAID, which older rankings lack).
_LIGHTER_WORDS = frozenset({"reduced", "low", "diet", "nonfat", "lowfat", "light", "lite", "free"})


@dataclass(frozen=True)
class Query:
    part: str
    text: str
    hits: list[bool]  # acceptable or not, for the rule ranking's first WINDOW places
    rows: np.ndarray  # their features (places x FEATURES)


def _states_held(info: Any) -> frozenset[str]:
    held = getattr(search, "_states_held", None)  # absent from older rankings
    return held(info) if held else frozenset(info.word_set)


def features(
    entry: Any, survey: bool, searched: Sequence[tuple[Any, float]], place: int, value: float, top: tuple[float, str]
) -> list[float]:
    """The features of a shared food at `place` of the rule ranking (score `value`; the first's score and
    name `top`), under the wording of the query that scores its name best."""
    categories = search.VOCABULARY.categories

    def scored(said: tuple[Any, float]) -> tuple[int, float]:
        query, cost = said
        matched, points = search.evaluate(
            entry.name,
            entry.group_code,
            query.terms,
            head=query.head,
            categories=categories,
            common=entry.common,
            phrase=query.phrase,
        )
        return matched, points - cost

    choices = [(said, scored(said)) for said in searched]
    (said, _), (matched, _) = max(choices, key=lambda choice: choice[1][1])
    terms, head = frozenset(said.terms), said.head
    info = search.analyse(entry.name)
    held = info.word_set
    categorised = info.starts_with_category or info.first_key in categories
    headed = search._headed_by
    return [
        max(-4.0, (value - top[0]) / 5.0),
        float(place == 0),
        1.0 / (1 + place),
        float(head in held),
        float(bool(head and info.segments) and headed(info.segments[0], head)),
        float(bool(head) and categorised and any(headed(segment, head) for segment in info.segments[1:3])),
        float(bool(head) and not any(w.startswith(head) for w in info.words)),
        matched / len(said.terms),
        float(matched < search._floor(said.terms)),
        float(bool(info.first) and set(info.first) <= terms),
        min(3, len(set(info.first) - terms)) / 3,
        min(3, len(set(info.second) - terms)) / 3,
        min(10, len(held - terms)) / 10,
        min(8, len(info.segments)) / 8,
        min(entry.measures, search.MEASURE_CAP) / search.MEASURE_CAP,
        float(survey),
        entry.common / 5.0,
        float(bool((held & search.NEGATING) - terms)),
        float(bool((held & (search.PARTS - {"and", "meat", "variety", "by", "product"})) - terms)),
        float(bool((held & search.BY_PRODUCTS) - terms)),
        min(3, len((held & _PROCESSED) - terms)) / 3,
        float("raw" in held and terms.isdisjoint(search._ANY_STATE | search._HOW_COOKED)),
        float(search._state_conflict(said.terms, _states_held(info)) < 0),
        float(bool((held & _LIGHTER_WORDS) - terms)),
        float(bool((held & _COMPOSITE) - terms)),
        float(search._branded(entry.name)),
        search.GROUP_PRIOR.get(entry.group_code or "", 0.0) / 5.0,
        float(info.starts_with_category),
        float(search.family_of(entry.name) == search.family_of(top[1])),
        min(len(entry.name), 100) / 50,
        sum(prior for _, prior in info.priors) / 3.0,
        entry.variety,
        min(entry.homes, default=0.0),
        float(bool(info.first) and info.first[0] == said.terms[0]),
    ]


def collect(session: Session, parts: Sequence[str] = ALLOWED) -> list[Query]:
    """Each query's rule ranking (its first WINDOW places) and their features, as search() ranks them: the
    wordings it scores and the order it returns are read by wrapping its own steps."""
    searched: list[tuple[Any, float]] = []
    ranked: list[tuple[float, str, int]] = []
    score_shared, diversified = search._score_shared, search._diversified

    def scoring(parsed: Any, cost: float, *rest: Any) -> None:
        searched.append((parsed, cost))
        score_shared(parsed, cost, *rest)

    def ordering(items: list[tuple[float, str, int]]) -> list[tuple[float, str, int]]:
        ranked[:] = diversified(items)
        return ranked

    search._score_shared, search._diversified = scoring, ordering  # type: ignore[assignment]
    described = search.descriptions()
    surveyed = {
        food_id
        for food_id, source_id in session.execute(select(Food.id, Food.source_id).where(Food.owner_id.is_(None)))
        if described.get(source_id, (False,))[0]
    }
    search.VOCABULARY.get(session)
    by_id = {entry.id: entry for entry in search.VOCABULARY.entries}
    queries = []
    try:
        for part in parts:
            for item in load("search", part):
                if item.acceptable is None:
                    continue
                searched.clear()
                ranked.clear()
                service.search_foods(
                    session, item.text, user_id=None, group=None, include_recipes=False, limit=5, offset=0
                )
                window = ranked[:WINDOW]
                rows = [
                    features(by_id[food_id], food_id in surveyed, searched, place, value, window[0][:2])
                    for place, (value, _, food_id) in enumerate(window)
                ]
                hits = [bool(item.acceptable.search(name)) for _, name, _ in window]
                queries.append(
                    Query(part, item.text, hits, np.asarray(rows, dtype=float).reshape(len(window), len(FEATURES)))
                )
    finally:
        search._score_shared, search._diversified = score_shared, diversified  # type: ignore[assignment]
    return queries


@dataclass(frozen=True)
class Model:
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray

    def order(self, rows: np.ndarray) -> list[int]:
        """The rows' indices best first; ties keep the rule order."""
        scores = ((rows - self.mean) / self.scale) @ self.weights
        return sorted(range(len(rows)), key=lambda index: (-scores[index], index))


def train(queries: list[Query], l2: float = L2, dropped: Sequence[str] = ()) -> Model:
    """Listwise logistic regression over the queries with both an acceptable and an unacceptable food in
    the window: maximise the log of the softmax mass on the acceptable ones. `dropped`: features left out."""
    kept = [(q, np.asarray(q.hits, dtype=float)) for q in queries if 0 < sum(q.hits) < len(q.hits)]
    every = np.vstack([q.rows for q, _ in kept])
    mean = every.mean(axis=0)
    scale = every.std(axis=0)
    scale[scale < 1e-9] = 1.0
    width = max(len(y) for _, y in kept)
    inputs = np.zeros((len(kept), width, len(FEATURES)))
    target = np.zeros((len(kept), width))
    present = np.zeros((len(kept), width), dtype=bool)
    for index, (q, y) in enumerate(kept):
        inputs[index, : len(y)] = (q.rows - mean) / scale
        target[index, : len(y)] = y
        present[index, : len(y)] = True
    inputs[:, :, [FEATURES.index(name) for name in dropped]] = 0.0
    weights = np.zeros(len(FEATURES))
    first, second = np.zeros_like(weights), np.zeros_like(weights)  # Adam's moments
    for step in range(1, STEPS + 1):
        scores = np.where(present, inputs @ weights, -np.inf)
        scores -= scores.max(axis=1, keepdims=True)
        shares = np.exp(scores)
        shares /= shares.sum(axis=1, keepdims=True)
        wanted = np.where(target > 0, shares, 0.0)
        wanted /= wanted.sum(axis=1, keepdims=True)
        gradient = np.einsum("qk,qkf->f", shares - wanted, inputs) / len(kept) + 2 * l2 * weights
        first = 0.9 * first + 0.1 * gradient
        second = 0.999 * second + 0.001 * gradient**2
        weights -= LEARNING_RATE * (first / (1 - 0.9**step)) / (np.sqrt(second / (1 - 0.999**step)) + 1e-8)
    return Model(mean, scale, weights)


def reranked(model: Model, query: Query) -> list[bool]:
    return [query.hits[index] for index in model.order(query.rows)] if len(query.hits) > 1 else query.hits


def _counts(hits: list[list[bool]]) -> tuple[int, int]:
    return sum(1 for h in hits if h[:1] == [True]), sum(1 for h in hits if any(h[:5]))


def _row(name: str, rule: tuple[int, int], after: tuple[int, int], tested: list[Query]) -> list[str]:
    """The figures, and the most any re-ranking of the window could reach: the queries with an acceptable food
    in it."""
    reachable = sum(1 for q in tested if any(q.hits))
    return [name, str(len(tested)), *(f"{n / len(tested):.1%} ({n})" for n in (*rule, *after, reachable))]


def _table(title: str) -> Table:
    table = Table(title=title)
    columns = ("test set", "queries", "rule top-1", "rule top-5", "re-ranked top-1", "re-ranked top-5", "in window")
    for column in columns:
        table.add_column(column)
    return table


def cross_validate(queries: list[Query], dropped: Sequence[str] = ()) -> Table:
    table = _table(f"Leave-one-set-out cross-validation (L2 {L2}; features left out: {', '.join(dropped) or 'none'})")
    pooled: list[tuple[tuple[int, int], tuple[int, int]]] = []
    for part in ALLOWED:
        model = train([q for q in queries if q.part != part], dropped=dropped)
        tested = [q for q in queries if q.part == part]
        rule, after = _counts([q.hits for q in tested]), _counts([reranked(model, q) for q in tested])
        table.add_row(*_row(part, rule, after, tested))
        pooled.append((rule, after))
    rule = (sum(r[0] for r, _ in pooled), sum(r[1] for r, _ in pooled))
    after = (sum(a[0] for _, a in pooled), sum(a[1] for _, a in pooled))
    table.add_row(*_row("pooled", rule, after, queries))
    return table


def time_travel(dropped: Sequence[str] = ()) -> Table:
    """Each past fold: that commit's search collects every allowed set and is tested on the blind one, the model
    trained on the sets older than it (studied by then), and again with the older snapshots' blind queries of
    those sets added: the rules' misses on queries they had not seen, more like those of the test."""
    table = _table(
        f"Time travel: rule ranking at the commit adding the blind set (features left out: {', '.join(dropped) or 'none'})"
    )
    for fold in time_travel_folds(_collected_at):
        add_time_travel_rows(table, fold, dropped)
    return table


@dataclass(frozen=True)
class Fold:
    """A time-travel fold: the blind set a past commit added, that commit's ranking of it (tested), of the sets
    older than it (studied then), and the older snapshots' blind queries of those sets (history)."""

    commit: str
    blind: str
    tested: list[Query]
    studied: list[Query]
    history: list[Query]


def time_travel_folds(collected: Callable[[str], list[Query]]) -> list[Fold]:
    """The folds of TIME_TRAVEL_TESTS, each commit's queries as `collected(commit)` gives them (an experiment
    adds its own features there)."""
    commits = [commit for commit, _ in SNAPSHOTS]
    folds = []
    for commit in TIME_TRAVEL_TESTS:
        blind = dict(SNAPSHOTS)[commit]
        older = ALLOWED[: ALLOWED.index(blind)]
        queries = collected(commit)
        history = [
            q
            for earlier, first_blind in SNAPSHOTS[: commits.index(commit)]
            for q in collected(earlier)
            if q.part in older[ALLOWED.index(first_blind) :]
        ]
        tested = [q for q in queries if q.part == blind]
        folds.append(Fold(commit, blind, tested, [q for q in queries if q.part in older], history))
    return folds


def add_time_travel_rows(table: Table, fold: Fold, dropped: Sequence[str] = ()) -> None:
    """The fold's rule ranking against the model's, trained on the studied sets, then with the history added."""
    for name, training in (("studied sets", fold.studied), ("+ older blind queries", fold.studied + fold.history)):
        model = train(training, dropped=dropped)
        rule, after = _counts([q.hits for q in fold.tested]), _counts([reranked(model, q) for q in fold.tested])
        label = f"{fold.blind} @ {fold.commit}, trained on {name} ({len(training)})"
        table.add_row(*_row(label, rule, after, fold.tested))


@functools.cache
def collected_fields_at(commit: str, module: str) -> list[Any]:
    """`python -m <module> --collect` run on `commit`'s search, in a subprocess: the field tuples it pickled
    (each fold's commit is collected once per module)."""
    repo = API_DIR.parent.parent
    with tempfile.TemporaryDirectory() as folder:
        archive = subprocess.run(
            ["git", "-C", str(repo), "archive", commit, "apps/api/diet_planner", "data"],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
        out = Path(folder) / "queries.pickle"
        # The past commit's diet_planner first on the path, this tree's bench and tests after it.
        path = os.pathsep.join([str(Path(folder) / "apps" / "api"), str(API_DIR)])
        subprocess.run(
            [sys.executable, "-m", module, "--collect", str(out)],
            check=True,
            cwd=folder,
            env={**os.environ, "PYTHONPATH": path},
        )
        return list(pickle.loads(out.read_bytes()))


def _collected_at(commit: str) -> list[Query]:
    return [Query(*fields) for fields in collected_fields_at(commit, "bench.rerank_experiment")]


def main(arguments: list[str]) -> None:
    if "--collect" in arguments:  # the subprocess of a time-travel fold
        with usda_session() as session:
            collected = collect(session)
        fields = [(q.part, q.text, q.hits, q.rows) for q in collected]  # plain values: no class to unpickle
        Path(arguments[arguments.index("--collect") + 1]).write_bytes(pickle.dumps(fields))
        return
    with usda_session() as session:
        queries = collect(session)
    for dropped in ((), RULE_FEATURES):
        CONSOLE.print(cross_validate(queries, dropped))
        if "--time-travel" in arguments:
            CONSOLE.print(time_travel(dropped))
    model = train(queries)
    CONSOLE.print("Weights trained on all the allowed sets (per standard deviation of the feature), largest first:")
    for name, weight in sorted(zip(FEATURES, model.weights, strict=True), key=lambda pair: -abs(pair[1])):
        CONSOLE.print(f"  {name:28} {weight:+.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
