"""Experiment (issue 16): ingredient-parser-nlp (2.9.1) as one more signal for food search, and its parser
against ours on the recipe lines.

The package matches an ingredient name to USDA FoodData Central foods (Foundation, SR Legacy and FNDDS survey
descriptions it ships, 11,105 rows) with BM25, uSIF over its own 35-dimension GloVe embeddings and a fuzzy
embedding distance, fused. Our foods are SR28 (NDB numbers); an SR Legacy FDC row is the same food when its
description is our name (FDC's SR Legacy is SR28's final release under new ids; its csv has no NDB number).

Its import downloads NLTK's `averaged_perceptron_tagger_eng` when missing, and both its parser and its matcher
(it tags the FDC descriptions when it loads them) need that tagger. No PyPI or Debian package ships it, and the
project downloads nothing at run time, so here the download is switched off and NLTK's tagger replaced by a
small stand-in (`_stand_in_tags`: the package's own ingredient tag dictionary, closed-class words, suffixes):
what the project could run. The figures are therefore those of the package as it could be installed here, not
of its published accuracy.

Measured, on the studied sets only (rerank_experiment.ALLOWED; the unseen H and J are never loaded):
- the matcher's answer per query and its cost (import, load, CPU per query, memory);
- (a) a rule: move the rule ranking's candidate that *is* the matcher's answer (same SR Legacy food) to first,
  when it is in the first `PROMOTE_WITHIN` places;
- (b) matcher features beside the re-rank harness's (rerank_experiment.FEATURES): leave-one-set-out, and
  `--time-travel` (the rule ranking of past commits on the set they added blind);
- `--parse`: the recipe-line sets parsed with the package's parser (its name, and its amount and unit) in
  place of ours (ingredient-slicer in foods/ingredients.py), the rest of the pipeline unchanged.

Result (2026-12-05, this script as committed; CPU figures on the 2-core machine): no help, not integrated.
- Cost: import 0.3 s, first match 1.8-2.0 s (it tags and embeds its 11,105 FDC rows), +56 MB resident; CPU per
  query of its answer p50 19-20 ms, p95 121-129 ms, max 140-190 ms, against search's p95 goal of 20 ms (now < 7).
- The matcher alone: its answer is one of our foods (an SR Legacy row) for 34.2% of the 2,035 studied queries, and
  acceptable for 77.0% of those; its best SR Legacy row is acceptable for 52.5% (the rules: 96.7% first). An
  all-nouns tagger gives 76.2% and 52.3%: the stand-in tagger's guesses hardly move it.
- (a) promoting its answer: pooled top-1 96.7% -> 94.5% (from the first 5) / 92.6% (first 20), 7 fixed, 89
  broken; its best SR row: 84.6% / 73.2%. Time travel (rules blind to the set): G@cf7bfe0 73.3% -> 73.3% / 72.7%,
  I@24c81bf 82.7% -> 82.7% / 82.7% (3 fixed, 3 broken).
- (c) closest-name promotion: every leave-one-set-out and time-travel fold chooses never to promote.
- (b) features in the re-rank harness, leave-one-set-out pooled top-1/top-5: 96.7/99.3 without, 96.7/99.4 with
  (rule 96.7/99.5); rank/gap + matcher 96.7/99.4 (rank/gap alone 96.7/99.5). Time travel (trained on studied /
  + older blind queries): G 74.0, 74.0 -> 74.0, 75.3 top-1 and 90.0, 89.3 -> 88.7, 88.7 top-5 (rule 73.3/88.0);
  I 82.7, 83.3 -> 83.3, 84.0 top-1 and 89.3, 89.3 -> 89.3, 89.3 top-5 (rule 82.7/90.7): one or two queries of 150.
- `--sr-only` (its rankers over the SR Legacy rows alone): CPU p50 10.6 ms, p95 17.1 ms; its answer is ours for
  82.1% of the queries, acceptable for 58.8% of those; promoting it: 96.7% -> 87.7% / 79.0% (10 fixed, 370
  broken), time travel G 73.3% -> 70.0% / 65.3%, I 82.7% -> 78.0% / 73.3%; (c) never promotes; (b)
  leave-one-set-out 96.7/99.3 with and without it, time travel G 74.0, 74.0 -> 74.7, 74.7 and I 82.7, 83.3 ->
  83.3, 84.0 top-1, top-5 unchanged: one query of 150.
- `--parse`, right food first / grams within 15%, pooled over the 1,095 studied lines: ours 96.9% / 97.5%; its
  name in place of our food words 92.4% / 96.7%; its name, amount and unit 92.6% / 91.0%; lower on every set
  (our reader was tuned on these sets, and its CRF ran with the stand-in tagger's part-of-speech features).

`python -m bench.ingredient_parser_experiment [--time-travel] [--parse] [--matcher-only] [--all-nouns] [--sr-only]`. Deterministic."""

from __future__ import annotations

import pickle
import re
import resource
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from bench import rerank_experiment as rerank
from bench.bench_search import parsed_line_right
from bench.fresh import usda_session
from diet_planner.foods import search, service
from tests.foods.matching_sets import load

CONSOLE = Console(width=160)
API_DIR = Path(__file__).resolve().parent.parent
PROMOTE_WITHIN = (5, 20)  # (a): the places a candidate may be promoted from
TOP_K = 50  # the matcher's fused list kept per query
FF_FEATURES = ("ff_same", "ff_rank_inverse", "ff_overlap")
PARSE_PARTS = ("dev", "heldout", "heldoutb", "heldoutc", "heldoutd", "heldoutf", "heldoutg", "heldouti")

# ---------------------------------------------------------------- the package, without NLTK's tagger data

_CLOSED = {
    **dict.fromkeys(("a", "an", "the", "each", "every", "some", "any", "no", "this", "that"), "DT"),
    **dict.fromkeys(("of", "in", "with", "without", "for", "from", "into", "on", "at", "by", "per", "about"), "IN"),
    **dict.fromkeys(("and", "or", "&", "plus", "but"), "CC"),
    "to": "TO",
    "not": "RB",
    "as": "IN",
}
_PUNCTUATION = frozenset(",.;:()[]{}!?/*~-\"'")
_ADJECTIVE_ENDINGS = ("ful", "ous", "ic", "al", "ive", "less", "able", "ible", "ish", "est", "er")


# `--all-nouns`: every word tagged a noun, to see how much the stand-in tagger's guesses move the matcher.
ALL_NOUNS = "--all-nouns" in sys.argv


# `--sr-only`: the matcher ranks the SR Legacy rows alone (every answer is then one of our foods).
SR_ONLY = "--sr-only" in sys.argv


def _stand_in_tag(token: str, tagdict: dict[str, str]) -> str:
    """A Penn Treebank tag for `token`, without NLTK's perceptron: the package's own tag dictionary first (it
    overrides NLTK's tagger for ingredient words in the package too), then closed-class words, numbers,
    punctuation and suffixes; a noun otherwise (most words of a food name are)."""
    low = token.lower()
    if ALL_NOUNS:
        return "CD" if low.replace(".", "").isdigit() else ("," if low == "," else "NN")
    if token in tagdict or low in tagdict:
        return tagdict.get(token, tagdict.get(low, "NN"))
    if low in _CLOSED:
        return _CLOSED[low]
    if re.fullmatch(r"[\d./\-%½¼¾⅓⅔⅛]+", low):
        return "CD"
    if all(char in _PUNCTUATION for char in low):
        return low if low in {",", ".", ":", "(", ")"} else ":"
    if low.endswith("ed") and len(low) > 4:
        return "VBN"
    if low.endswith("ing") and len(low) > 5:
        return "VBG"
    if low.endswith("ly") and len(low) > 4:
        return "RB"
    if low.endswith(_ADJECTIVE_ENDINGS[:-2]) and len(low) > 5:
        return "JJ"
    if low.endswith("s") and not low.endswith("ss") and len(low) > 3:
        return "NNS"
    return "NN"


@lru_cache(maxsize=1)
def package() -> Any:
    """The package's modules, imported with the NLTK download switched off and the stand-in tagger in place
    of NLTK's perceptron (whose data cannot be installed from a registry)."""
    import nltk.downloader

    nltk.downloader.download = lambda *args, **kwargs: False  # its import asks for the tagger's data
    import ingredient_parser
    from ingredient_parser.en import _loaders, _utils
    from ingredient_parser.en.foundationfoods import _ff_utils, _foundationfoods

    tagdict = _loaders.load_ingredient_tagdict()

    def pos_tag(tokens: list[str], tagset: Any = None, tagger: Any = None, lang: str = "eng") -> list[tuple[str, str]]:
        return [(token, _stand_in_tag(token, tagdict)) for token in tokens]

    _utils._get_pos_tagger = lambda: None
    _utils._pos_tag = pos_tag
    if SR_ONLY:
        from ingredient_parser.en.foundationfoods import _bm25, _fuzzy, _usif

        every = _ff_utils.load_fdc_ingredients

        @lru_cache(maxsize=1)
        def sr_rows() -> list[Any]:
            return [row for row in every() if row.data_type == "sr_legacy_food"]

        for module in (_bm25, _fuzzy, _usif):
            module.load_fdc_ingredients = sr_rows  # type: ignore[attr-defined]
    return type(
        "Package",
        (),
        {"root": ingredient_parser, "utils": _utils, "ff": _foundationfoods, "ff_utils": _ff_utils},
    )


@dataclass(frozen=True)
class Match:
    fdc_id: int
    data_type: str
    description: str
    score: float


@dataclass(frozen=True)
class Answer:
    best: Match | None  # the package's answer (None: it declines, as parse_ingredient would)
    ranked: tuple[Match, ...]  # its fused list, best first (TOP_K)


def _tokens(text: str) -> tuple[list[str], list[str]]:
    utils = package().utils
    tokens = [t for t in utils.tokenize(text.lower()) if t]
    return tokens, [tag for _, tag in utils.pos_tag(tokens)]


def best_match(text: str) -> Match | None:
    """The package's own answer for a name (match_foundation_foods, as parse_ingredient calls it)."""
    tokens, tags = _tokens(text)
    if not tokens:
        return None
    found = package().ff.match_foundation_foods(tokens, tags, 0)
    return None if found is None else Match(found.fdc_id, found.data_type, found.text, float(found.confidence))


def fused(text: str) -> tuple[Match, ...]:
    """The package's fused ranking (its match_foundation_foods' steps, without its refusals)."""
    p = package()
    ff, ff_utils = p.ff, p.ff_utils
    tokens, tags = _tokens(text)
    name = ff_utils.strip_ambiguous_leading_adjectives(
        [ff.IngredientToken(t, g) for t, g in zip(tokens, tags, strict=True)]
    )
    prepared = ff_utils.normalise_spelling(ff_utils.prepare_tokens(tuple(name))) if name else []
    if not prepared:
        return ()
    embeddings = ff.load_embeddings_model()
    embedded = [t for t in prepared if t.token in embeddings]
    held = {t.token for t in prepared}
    if not held & ff.NON_RAW_FOOD_VERB_STEMS and not held & ff.NON_RAW_FOOD_NOUN_STEMS:
        prepared.append(ff.IngredientToken("raw", "JJ"))
        embedded.append(ff.IngredientToken("raw", "JJ"))
    bm25 = ff.get_bm25_ranker().rank_matches(prepared)
    if not embedded:
        matches = bm25[:TOP_K]
    else:
        usif = ff.get_usif_ranker().rank_matches(embedded)
        fuzzy = []
        if ff.estimate_bm25_usif_agreement(bm25, usif) < ff.BM25_USIF_AGREENMENT_THRESHOLD:
            candidates = {m.fdc.fdc_id for m in usif[:TOP_K]} | {m.fdc.fdc_id for m in bm25[:TOP_K]}
            fuzzy = ff.get_fuzzy_ranker().rank_matches(embedded, candidates)
        matches = ff.fuse_results(bm25, fuzzy, usif, top_n=TOP_K)
    return tuple(Match(m.fdc.fdc_id, m.fdc.data_type, m.fdc.description, float(m.score)) for m in matches[:TOP_K])


def answer(text: str) -> Answer:
    return Answer(best_match(text), fused(text))


# ---------------------------------------------------------------- the signal beside the rule ranking

_WORDS = re.compile(r"[a-z]+")


def _stems(name: str) -> frozenset[str]:
    return frozenset(search.singular(word) for word in _WORDS.findall(name.lower()))


def _sr_rows(found: Answer) -> list[str]:
    """The SR Legacy rows of the package's fused list, best first, lower case: the ones that are foods of ours."""
    return [m.description.lower() for m in found.ranked if m.data_type == "sr_legacy_food"]


def ff_features(name: str, found: Answer) -> list[float]:
    """The matcher's features of a candidate food `name`: it is the package's answer (the same SR Legacy row:
    FDC's SR Legacy descriptions are SR28's names), its inverse place among the SR Legacy rows of the package's
    fused list, and the share of words it has in common with the package's answer (any dataset: Foundation and
    survey rows are no food of ours, but say the same kind of food)."""
    low = name.lower()
    same = float(found.best is not None and found.best.description.lower() == low)
    rows = _sr_rows(found)
    place = rows.index(low) if low in rows else None
    overlap = 0.0
    if found.best is not None:
        mine, theirs = _stems(name), _stems(found.best.description)
        overlap = len(mine & theirs) / max(1, len(mine | theirs))
    return [same, 0.0 if place is None else 1.0 / (1 + place), overlap]


@dataclass(frozen=True)
class Collected:
    part: str
    text: str
    hits: list[bool]
    rows: np.ndarray
    names: list[str]


def collect(session: Session, parts: Sequence[str] = rerank.ALLOWED) -> list[Collected]:
    """rerank_experiment.collect, keeping the window's names (the matcher's features are computed from them)."""
    names: list[list[str]] = []  # per search, the window of its last ordering
    diversified, search_foods = search._diversified, service.search_foods

    def ordering(items: list[tuple[float, str, int]]) -> list[tuple[float, str, int]]:
        ranked = diversified(items)
        names[-1] = [name for _, name, _ in ranked[: rerank.WINDOW]]
        return ranked

    def searching(*args: Any, **kwargs: Any) -> Any:
        names.append([])
        return search_foods(*args, **kwargs)

    search._diversified, service.search_foods = ordering, searching  # type: ignore[assignment]
    try:
        queries = rerank.collect(session, parts)
    finally:
        search._diversified, service.search_foods = diversified, search_foods  # type: ignore[assignment]
    return [Collected(q.part, q.text, q.hits, q.rows, window) for q, window in zip(queries, names, strict=True)]


def with_matcher(collected: list[Collected], answers: dict[str, Answer]) -> list[Any]:
    """rerank_experiment.Query rows with the matcher's features after the harness's."""
    return [
        rerank.Query(
            c.part,
            c.text,
            c.hits,
            np.hstack([c.rows, np.asarray([ff_features(n, answers[c.text]) for n in c.names]).reshape(-1, 3)]),
        )
        for c in collected
    ]


def _target(found: Answer, kind: str) -> str | None:
    """The food to promote: the package's answer ("answer"), or the best SR Legacy row of its fused list ("sr")."""
    if kind == "answer":
        return found.best.description.lower() if found.best is not None else None
    rows = _sr_rows(found)
    return rows[0] if rows else None


def promoted(c: Collected, found: Answer, within: int, kind: str = "answer") -> list[bool]:
    """(a): the window's candidate that is the target moved first, when within the first `within` places."""
    target = _target(found, kind)
    lowered = [n.lower() for n in c.names[:within]]
    if target is None or target not in lowered:
        return c.hits
    place = lowered.index(target)
    return [c.hits[place], *c.hits[:place], *c.hits[place + 1 :]]


def _pct(n: int, total: int) -> str:
    return f"{n / total:.1%} ({n})" if total else "-"


def promotion_table(collected: list[Collected], answers: dict[str, Answer], title: str) -> Table:
    """Per set: how often the package answers, how often its answer is one of our foods in the window, and the
    top-1/top-5 of the rule ranking and of each promotion; "fixed / broken": queries whose first food turns
    acceptable / unacceptable when promoting from the whole window."""
    table = Table(title=title)
    for column in ("set", "queries", "answered", "answer is ours", "in window", "rule top-1 / top-5"):
        table.add_column(column)
    for kind in ("answer", "sr"):
        for within in PROMOTE_WITHIN:
            table.add_column(f"{kind} from top-{within}")
        table.add_column(f"{kind}: fixed / broken")
    for part in [*dict.fromkeys(c.part for c in collected), "pooled"]:
        tested = [c for c in collected if part in ("pooled", c.part)]
        n = len(tested)
        answered = [c for c in tested if answers[c.text].best is not None]
        ours = [c for c in answered if answers[c.text].best.data_type == "sr_legacy_food"]  # type: ignore[union-attr]
        in_window = [c for c in ours if _target(answers[c.text], "answer") in [x.lower() for x in c.names]]
        rule = rerank._counts([c.hits for c in tested])
        cells = [part, str(n), _pct(len(answered), n), _pct(len(ours), n), _pct(len(in_window), n)]
        cells.append(f"{rule[0] / n:.1%} / {rule[1] / n:.1%}")
        for kind in ("answer", "sr"):
            for within in PROMOTE_WITHIN:
                after = rerank._counts([promoted(c, answers[c.text], within, kind) for c in tested])
                cells.append(f"{after[0] / n:.1%} / {after[1] / n:.1%}")
            moved = [
                (c.hits[:1] == [True], promoted(c, answers[c.text], rerank.WINDOW, kind)[:1] == [True]) for c in tested
            ]
            cells.append(f"{sum(1 for b, a in moved if a and not b)} / {sum(1 for b, a in moved if b and not a)}")
        table.add_row(*cells)
    return table


DELTAS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, float("inf"))  # (c)'s margins tried; inf: never promote


def _overlap(name: str, found: Answer) -> float:
    if found.best is None:
        return 0.0
    mine, theirs = _stems(name), _stems(found.best.description)
    return len(mine & theirs) / max(1, len(mine | theirs))


def closest(c: Collected, found: Answer, delta: float, within: int = 5) -> list[bool]:
    """(c): the candidate of the first `within` whose name shares the most words with the package's answer (any
    dataset) moved first, when it shares at least `delta` more of them than the first does."""
    if found.best is None or not c.names:
        return c.hits
    shares = [_overlap(name, found) for name in c.names[:within]]
    place = max(range(len(shares)), key=lambda i: (shares[i], -i))
    if place == 0 or shares[place] < shares[0] + delta:
        return c.hits
    return [c.hits[place], *c.hits[:place], *c.hits[place + 1 :]]


def _best_delta(training: list[Collected], answers: dict[str, Answer]) -> float:
    """The margin with the most first-place hits over the training queries (ties: the more cautious)."""
    return max(DELTAS, key=lambda d: (sum(closest(c, answers[c.text], d)[:1] == [True] for c in training), d))


def closest_table(
    folds: list[tuple[str, list[Collected], list[Collected]]], answers: dict[str, Answer], title: str
) -> Table:
    """(c) per fold (name, training queries, test queries): the margin chosen on the training queries, and the
    rule and promoted top-1/top-5 on the test ones."""
    table = rerank._table(title)
    table.add_column("margin chosen")
    rule_total, after_total, tested_all = [0, 0], [0, 0], []
    for name, training, tested in folds:
        delta = _best_delta(training, answers)
        rule = rerank._counts([c.hits for c in tested])
        after = rerank._counts([closest(c, answers[c.text], delta) for c in tested])
        table.add_row(*rerank._row(name, rule, after, tested), f"{delta}")  # type: ignore[arg-type]
        rule_total = [a + b for a, b in zip(rule_total, rule, strict=True)]
        after_total = [a + b for a, b in zip(after_total, after, strict=True)]
        tested_all += tested
    if len(folds) > 1:
        table.add_row(*rerank._row("pooled", tuple(rule_total), tuple(after_total), tested_all), "")  # type: ignore[arg-type]
    return table


def precision_table(answers: dict[str, Answer], title: str) -> Table:
    """The matcher alone, per studied set: how often its answer is one of our foods (an SR Legacy row), and how
    often that food is acceptable (the set's pattern on USDA names); likewise the best SR Legacy row of its fused
    list, which is always one of ours when the list has one."""
    table = Table(title=title)
    for column in ("set", "queries", "answer is ours", "of which acceptable", "best SR row acceptable"):
        table.add_column(column)
    totals = [0, 0, 0, 0]
    for part in rerank.ALLOWED:
        items = [item for item in load("search", part) if item.acceptable is not None]
        ours = [i for i in items if (b := answers[i.text].best) is not None and b.data_type == "sr_legacy_food"]
        good = [i for i in ours if i.acceptable.search(answers[i.text].best.description)]  # type: ignore[union-attr]
        sr = [i for i in items if (rows := _sr_rows(answers[i.text])) and i.acceptable.search(rows[0])]  # type: ignore[union-attr]
        table.add_row(
            part, str(len(items)), _pct(len(ours), len(items)), _pct(len(good), len(ours)), _pct(len(sr), len(items))
        )
        for index, n in enumerate((len(items), len(ours), len(good), len(sr))):
            totals[index] += n
    table.add_row(
        "pooled", str(totals[0]), _pct(totals[1], totals[0]), _pct(totals[2], totals[1]), _pct(totals[3], totals[0])
    )
    return table


# ---------------------------------------------------------------- cost


def cost(texts: Sequence[str]) -> Table:
    """Import and load time, memory, and CPU per query of the package's answer (best_match, what a search would
    call) over the queries, after the load."""
    before_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    package()
    imported = time.perf_counter() - started
    started = time.perf_counter()
    best_match("apple")  # loads the embeddings and the FDC rows, tags and embeds them, builds the rankers
    loaded = time.perf_counter() - started
    after_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu = []
    for text in texts:
        tick = time.process_time()
        best_match(text)
        cpu.append((time.process_time() - tick) * 1000)
    table = Table(title=f"The package's cost ({len(texts)} queries, CPU per query of best_match)")
    for column in ("import s", "first match (load) s", "max RSS growth MB", "CPU p50 ms", "p95 ms", "max ms"):
        table.add_column(column)
    table.add_row(
        f"{imported:.2f}",
        f"{loaded:.2f}",
        f"{(after_rss - before_rss) / 1024:.0f}",
        f"{np.percentile(cpu, 50):.1f}",
        f"{np.percentile(cpu, 95):.1f}",
        f"{max(cpu):.1f}",
    )
    return table


# ---------------------------------------------------------------- leave-one-set-out and time travel

MINIMAL_DROP = tuple(f for f in rerank.FEATURES if f not in rerank.RULE_FEATURES)


def _with_ff_features() -> None:
    if rerank.FEATURES[-len(FF_FEATURES) :] != FF_FEATURES:
        rerank.FEATURES = (*rerank.FEATURES, *FF_FEATURES)  # after collection: train() reads its width


def learned(queries: list[Any], title: str) -> list[Table]:
    """The harness's leave-one-set-out with and without the matcher's features: the full feature set, and the
    rule features alone (rank, gap) beside the matcher's."""
    _with_ff_features()
    tables = []
    for dropped, name in (
        (FF_FEATURES, "harness features, no matcher"),
        ((), "harness features + matcher"),
        ((*MINIMAL_DROP, *FF_FEATURES), "rule rank/gap only"),
        (MINIMAL_DROP, "rule rank/gap + matcher"),
    ):
        table = rerank.cross_validate(queries, dropped)
        table.title = f"{title}: {name}"
        tables.append(table)
    return tables


def _collected_at(commit: str) -> list[Collected]:
    """rerank_experiment's collection at a past commit, keeping names: that commit's search in a subprocess."""
    return [Collected(*fields) for fields in rerank.collected_fields_at(commit, "bench.ingredient_parser_experiment")]


def time_travel(answers: dict[str, Answer]) -> list[Table]:
    """rerank_experiment.time_travel's folds (the rule ranking of the commit adding a blind set, tested on that
    set, trained on the older ones and the older snapshots' blind queries), with and without the matcher's
    features, and the promotion rule (a) on the blind set."""
    _with_ff_features()
    tables = []
    folds = rerank.time_travel_folds(lambda commit: with_matcher(_collected_at(commit), answers))
    for dropped, name in (
        (FF_FEATURES, "harness features, no matcher"),
        ((), "harness features + matcher"),
        ((*MINIMAL_DROP, *FF_FEATURES), "rule rank/gap only"),
        (MINIMAL_DROP, "rule rank/gap + matcher"),
    ):
        table = rerank._table(f"Time travel: {name}")
        for fold in folds:
            rerank.add_time_travel_rows(table, fold, dropped)
        tables.append(table)
    for commit in rerank.TIME_TRAVEL_TESTS:
        blind = dict(rerank.SNAPSHOTS)[commit]
        tested = [c for c in _collected_at(commit) if c.part == blind]
        tables.append(promotion_table(tested, answers, f"Time travel: promotion rule (a) on {blind} @ {commit}"))
        older = rerank.ALLOWED[: rerank.ALLOWED.index(blind)]
        studied = [c for c in _collected_at(commit) if c.part in older]
        closest_fold = [(f"{blind} @ {commit}", studied, tested)]
        tables.append(
            closest_table(
                closest_fold, answers, "Time travel: closest-name promotion (c), margin chosen on the studied sets"
            )
        )
    return tables


# ---------------------------------------------------------------- the parser against ours

_UNITS = {  # pint's unit names (the package's) -> ingredient-slicer's standard ones (ours)
    "cup": "cup",
    "tablespoon": "tablespoon",
    "teaspoon": "teaspoon",
    "fluid_ounce": "fluid ounce",
    "milliliter": "milliliter",
    "liter": "liter",
    "pint": "pint",
    "quart": "quart",
    "gallon": "gallon",
    "gram": "gram",
    "kilogram": "kilogram",
    "milligram": "milligram",
    "ounce": "ounce",
    "pound": "pound",
}


def _theirs(line: str) -> tuple[str, float | None, str | None]:
    """The package's name, quantity and unit (mapped to ours) of a line."""
    from diet_planner.foods import ingredients

    parsed = package().root.parse_ingredient(ingredients.plain_letters(line), separate_names=False)
    name = " ".join(n.text for n in parsed.name).lower() if parsed.name else ""
    quantity = unit = None
    if parsed.amount:
        first = parsed.amount[0]
        try:
            quantity = float(first.quantity)
        except (TypeError, ValueError):
            quantity = None
        raw = first.unit
        unit_name = str(raw) if raw not in ("", None) else ""
        unit = _UNITS.get(unit_name) or (unit_name.rstrip("s") or None)
    return name, quantity, unit


def parse_comparison(session: Session) -> Table:
    """Right food first and grams within 15% over the studied recipe-line sets: ours; the package's name in
    place of our food words; and its name, quantity and unit in place of ours."""
    from diet_planner.foods import ingredients

    original = ingredients.read_line

    def name_only(line: str, names_food: Any = None) -> Any:
        parsed = original(line, names_food)
        if parsed.food_text:  # only where ours names a food: headings and notes are kept as ours reads them
            name, _, _ = _theirs(line)
            parsed.food_text = name or parsed.food_text
        return parsed

    def name_amount(line: str, names_food: Any = None) -> Any:
        parsed = name_only(line, names_food)
        if parsed.food_text:
            _, quantity, unit = _theirs(line)
            parsed.quantity = quantity
            unit = (
                unit
                if unit in ingredients._MASS or unit in ingredients._VOLUME or unit in ingredients.COUNT_UNITS
                else None
            )
            parsed.unit = {v: k for k, v in ingredients._VOLUME.items()}.get(unit, unit) if unit else None
        return parsed

    table = Table(title="Recipe lines (studied parse sets): right food first / grams within 15%")
    for column in (
        "set",
        "lines",
        "ours",
        "package's name",
        "package's name, amount, unit",
        "ms/line ours",
        "ms/line package parse",
    ):
        table.add_column(column)
    totals = {"ours": [0, 0], "name": [0, 0], "all": [0, 0]}
    count = 0
    for part in PARSE_PARTS:
        lines = load("parse", part)
        cells = [part, str(len(lines))]
        timing = []
        for key, reader in (("ours", original), ("name", name_only), ("all", name_amount)):
            ingredients.read_line = reader  # type: ignore[assignment]
            try:
                started = time.perf_counter()
                items = service.parse_ingredient_lines(session, None, [line.text for line in lines])
                timing.append((time.perf_counter() - started) * 1000 / len(lines))
            finally:
                ingredients.read_line = original  # type: ignore[assignment]
            food_ok = grams_ok = 0
            for line, item in zip(lines, items, strict=True):
                food, grams = parsed_line_right(line, item)
                food_ok, grams_ok = food_ok + food, grams_ok + grams
            totals[key][0] += food_ok
            totals[key][1] += grams_ok
            cells.append(f"{food_ok / len(lines):.1%} / {grams_ok / len(lines):.1%}")
        count += len(lines)
        started = time.perf_counter()
        for line in lines:
            _theirs(line.text)
        cells += [f"{timing[0]:.1f}", f"{(time.perf_counter() - started) * 1000 / len(lines):.1f}"]
        table.add_row(*cells)
    table.add_row("pooled", str(count), *(f"{f / count:.1%} / {g / count:.1%}" for f, g in totals.values()), "", "")
    return table


def main(arguments: list[str]) -> None:
    if "--collect" in arguments:  # the subprocess of a time-travel fold
        with usda_session() as session:
            collected = collect(session)
        fields = [(c.part, c.text, c.hits, c.rows, c.names) for c in collected]
        Path(arguments[arguments.index("--collect") + 1]).write_bytes(pickle.dumps(fields))
        return
    texts = sorted({item.text for part in rerank.ALLOWED for item in load("search", part)})
    CONSOLE.print(cost(texts))
    answers = {text: answer(text) for text in texts}
    CONSOLE.print(
        precision_table(
            answers,
            f"The matcher alone ({'every word a noun' if ALL_NOUNS else 'stand-in tagger'}{', SR Legacy rows only' if SR_ONLY else ''})",
        )
    )
    if "--matcher-only" in arguments:
        return
    with usda_session() as session:
        collected = collect(session)
        if "--parse" in arguments:
            CONSOLE.print(parse_comparison(session))
    CONSOLE.print(promotion_table(collected, answers, "Promotion rule (a), current rule ranking, studied sets"))
    folds = [
        (part, [c for c in collected if c.part != part], [c for c in collected if c.part == part])
        for part in rerank.ALLOWED
    ]
    CONSOLE.print(
        closest_table(folds, answers, "Leave-one-set-out: closest-name promotion (c), margin chosen on the other sets")
    )
    for table in learned(with_matcher(collected, answers), "Leave-one-set-out"):
        CONSOLE.print(table)
    if "--time-travel" in arguments:
        for table in time_travel(answers):
            CONSOLE.print(table)


if __name__ == "__main__":
    main(sys.argv[1:])
