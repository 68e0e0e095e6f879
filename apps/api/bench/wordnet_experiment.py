"""Experiment (issue 16): does knowledge of everyday English from registry packages help food search?

Two signals, both installable offline from registries, beside the rule ranking (diet_planner/foods/search.py):
- WordNet 3.0 (Debian's `wordnet-base`, read from /usr/share/wordnet or $WORDNET_DIR by the small reader here):
  the synonyms and hypernyms of a query's words, restricted to senses filed as foods, plants or animals
  (lexicographer files noun.food, noun.plant, noun.animal: the "poker chip" sense of "chips" never counts);
- wordfreq 3.1.1 (PyPI, ships its word lists): how common in English the words a USDA name has beyond the
  query's are (zipf frequency), as an "everyday form" signal: rare modifiers (meatless, imitation, babyfood)
  against common ones (raw, whole).

Measured on the studied sets only (rerank_experiment.ALLOWED; the unseen H and J are never loaded):
(1) recall aid, a query expansion: each query is searched again in every WordNet wording (a span of its words
    that is a food noun replaced by a synonym from the same synset, all of whose words USDA names use; and, for
    a span whose words no USDA name uses, by a direct hypernym's lemma). The wordings' results are merged into
    the rule window at a cost (the original's place kept, a wording's food inserted where its score minus the
    cost beats the original's): fixed / broken first places per cost, the cost chosen on the training sets
    (leave-one-set-out, and time travel: the rule ranking of the commit adding the blind set G or I, the cost
    chosen on the sets studied then).
(2) ranking features in the re-rank harness (rerank_experiment.train), appended to its FEATURES: WordNet's
    "a name word is a kind of the query's head noun" (hyponymy), "the name says a synonym of a query word the
    name lacks", "the name's first word is another food", and wordfreq's least/mean commonness of the name's
    extra words, their count below zipf 3, and the least common extra word of its first segment. Leave-one-set-
    out and `--time-travel` (rerank_experiment's folds: past commits' rankings via git archive, this module's
    --collect run there in a subprocess by rerank_experiment.collected_fields_at).

Setup: `apt-get install wordnet-base`, `pip install -e 'apps/api[experiment]'` (wordfreq). Then
`PYTHONPATH=$PWD .venv/bin/python -m bench.wordnet_experiment [--time-travel]`. Deterministic: fixed steps,
no randomness; the WordNet and wordfreq versions are pinned.

Result (2026-12-05, this script as committed): no help on the decisive measure; the app's search is not changed.
- Recall aid: 723 of the 2,035 studied queries have a WordNet wording (982 with plant and animal senses too). Of
  the rule ranking's 68 first-place misses, a wording's own first food is acceptable for 9; of its 11 top-5
  misses, a wording's top 5 holds an acceptable food for 3. Merged at a fixed cost (every kind), pooled first
  places fixed/broken: cost 0: 5/63, 1: 5/53, 3: 5/44, 5: 5/37, 8: 5/22 (all senses: 5/76 ... 5/26); synonyms
  of words no USDA name uses alone: 0/4 (the everyday table and typo correction already bridge catsup, garbanzo,
  aubergine, courgette); hypernyms alone: 0/4. The cost chosen on the training sets is "never expand" in every
  leave-one-set-out fold. What breaks: the sense people mean is not WordNet's first ("cocoa" -> chocolate,
  "oatmeal" -> rolled oats, "toffee" -> brittle, "french fries" -> chips, "soda" -> tonic, "leek" -> scallion).
- Time travel, expansion: G@cf7bfe0 40 first-place misses, a wording's first acceptable for 5; I@24c81bf 26, for 3
  (and 4 of its 14 top-5 misses). At fixed costs G+I fixed/broken: cost 0 or 1: 3/10, 3: 3/8, 5 or 8: 3/7; the cost
  chosen on the sets studied then is "never expand" (0/0) for both.
- Features, leave-one-set-out pooled top-1 / top-5 (rule 96.7 / 99.5): harness alone 96.7 / 99.3; + WordNet
  96.7 / 99.3; + wordfreq 96.7 / 99.4; + the wordings' agreement 96.7 / 99.4; all 96.7 / 99.4; rule rank/gap +
  all 96.7 / 99.5 (not one first place moves).
- Features, time travel (trained on the studied sets / + older blind queries), first places of 150, rule G 110, I
  124 (top-5 132, 136): harness alone G 111, 111, I 124, 125; + WordNet G 110, 111, I 124, 126; + wordfreq G 110,
  111, I 124, 125; + wordings' agreement G 112, 111, I 124, 125; all G 111, 111, I 124, 126 (top-5 G 135, 136, I
  134, 134: two below the rule on I); rule rank/gap + all G 110, 110, I 124, 124 (top-5 G 132, 131, I 136, 136).
  Against the harness alone, the new signals move G+I by -1 to +1 first place: nothing clear, far from the net +3
  with no studied set losing that integration would need.
- Why (`--misses`, the rule misses on G and I): they are about composition and variants ("sugar free pudding",
  "light syrup", "crab cakes", "chicken sausage", "mexican rice", "chewy granola bar") or foods USDA lacks, not
  about words: WordNet's wordings there are noise ("ripe banana tree", "refined sugar free candy", "rye whiskey
  toast"), and "a name word is a kind of the query's head" fires on wrong firsts ("sports drink" -> cola).
  Over the 33,567 window places: wn_kind_of_head on for 669 (25.4% acceptable, 19.7% when off), a synonym said
  624 (22.6%), another food first 7,796 (11.7% against 22.2%: what the rules' head-noun terms already say);
  wordfreq's commonness below its median: 16-19% acceptable against 20-24%, a weak signal the rules' priors
  already carry, and an extra word rarer than zipf 3 none (19.9% against 19.7%: "meatless", "imitation" are
  rare, but so are "jalapeno", "tahini", "edamame"); a wording's first 639 (74.5%: mostly the rule's own first)."""

from __future__ import annotations

import functools
import itertools
import os
import pickle
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from bench import ingredient_parser_experiment as ip
from bench import rerank_experiment as rerank
from bench.fresh import usda_session
from diet_planner.foods import search, service
from diet_planner.foods.models import Food
from tests.foods.matching_sets import load

CONSOLE = Console(width=170)
WORDNET_DIR = Path(os.environ.get("WORDNET_DIR", "/usr/share/wordnet"))
# Lexicographer files of the noun senses that can name a food: noun.animal (05), noun.food (13), noun.plant (20).
FOOD_LEXNAMES = frozenset({5, 13, 20})
# The senses whose lemmas word a query again: noun.food's alone ("pineapple plant", "banana tree" are no food);
# WORDNET_ALL_SENSES=1 (an environment variable: the time-travel subprocesses inherit it) takes the three.
WORDING_LEXNAMES = FOOD_LEXNAMES if os.environ.get("WORDNET_ALL_SENSES") == "1" else frozenset({13})
MAX_SPAN = 3
MAX_WORDINGS = 8  # WordNet wordings searched per query, in sense order
COSTS = (0.0, 1.0, 2.0, 3.0, 5.0, 8.0, float("inf"))  # the expansion's costs tried; inf: never expanded
WN_FEATURES = ("wn_kind_of_head", "wn_synonym_said", "wn_other_food_first")
WF_FEATURES = ("wf_min_extra", "wf_mean_extra", "wf_rare_extra", "wf_first_min")
# The expansion's agreement with the rule window: the candidate is a WordNet wording's first food; its best place
# in the wordings' windows (inverse).
WW_FEATURES = ("ww_wording_first", "ww_wording_place")
NEW_FEATURES = (*WN_FEATURES, *WF_FEATURES, *WW_FEATURES)
RARE_ZIPF = 3.0
_WORD = re.compile(r"[a-z]+")
_STOP = frozenset({"and", "or", "with", "without", "in", "of", "the", "a", "an", "for", "to", "from", "by", "on", "ns"})

# ---------------------------------------------------------------- WordNet, read from its database files


@dataclass(frozen=True)
class Synset:
    offset: int
    lexname: int
    lemmas: tuple[str, ...]  # lower case, words joined by spaces
    hypernyms: tuple[int, ...]  # @ and @i pointers


class WordNet:
    """The noun part of the WordNet database (index.noun, data.noun, noun.exc)."""

    def __init__(self, folder: Path = WORDNET_DIR) -> None:
        self.senses: dict[str, tuple[int, ...]] = {}
        for line in (folder / "index.noun").read_text(encoding="utf-8").splitlines():
            if line.startswith(" "):
                continue
            fields = line.split()
            count, pointers = int(fields[2]), int(fields[3])
            self.senses[fields[0]] = tuple(int(o) for o in fields[6 + pointers : 6 + pointers + count])
        self.synsets: dict[int, Synset] = {}
        for line in (folder / "data.noun").read_text(encoding="utf-8").splitlines():
            if line.startswith(" "):
                continue
            fields = line.split(" | ")[0].split()
            offset, lexname, count = int(fields[0]), int(fields[1]), int(fields[3], 16)
            lemmas = tuple(re.sub(r"\(.*\)$", "", w).replace("_", " ").lower() for w in fields[4 : 4 + 2 * count : 2])
            at = 4 + 2 * count
            pointers = int(fields[at])
            hypernyms = tuple(
                int(fields[at + 2 + 4 * i])
                for i in range(pointers)
                if fields[at + 1 + 4 * i] in ("@", "@i") and fields[at + 3 + 4 * i] == "n"
            )
            self.synsets[offset] = Synset(offset, lexname, tuple(dict.fromkeys(lemmas)), hypernyms)
        self.exceptions: dict[str, str] = {}
        for line in (folder / "noun.exc").read_text(encoding="utf-8").splitlines():
            fields = line.split()
            if len(fields) >= 2:
                self.exceptions.setdefault(fields[0], fields[1])

    def bases(self, phrase: str) -> list[str]:
        """The index forms of a noun phrase (words joined by "_"), WordNet's morphy for nouns on the last word."""
        if phrase in self.senses:
            return [phrase]
        *rest, last = phrase.split("_")
        found = []
        candidates = [self.exceptions.get(last, "")]
        for suffix, ending in (("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh")):
            if last.endswith(suffix):
                candidates.append(last[: len(last) - len(suffix)] + ending)
        candidates += [
            last[:-3] + "y" if last.endswith("ies") else "",
            last[:-3] + "man" if last.endswith("men") else "",
        ]
        for base in candidates:
            key = "_".join([*rest, base])
            if base and key in self.senses and key not in found:
                found.append(key)
        return found

    def food_senses(self, phrase: str, lexnames: frozenset[int] = FOOD_LEXNAMES) -> list[Synset]:
        """The senses of a phrase filed as foods, plants or animals (`lexnames`), most frequent first."""
        return [
            self.synsets[o]
            for base in self.bases(phrase)
            for o in self.senses[base]
            if self.synsets[o].lexname in lexnames
        ]

    @functools.lru_cache(maxsize=200_000)  # noqa: B019 (one instance per process)
    def ancestors(self, offset: int) -> frozenset[int]:
        found: set[int] = set()
        todo = list(self.synsets[offset].hypernyms)
        while todo:
            o = todo.pop()
            if o not in found:
                found.add(o)
                todo.extend(self.synsets[o].hypernyms)
        return frozenset(found)

    @functools.lru_cache(maxsize=200_000)  # noqa: B019
    def kind_of(self, word: str, head: str) -> bool:
        """A food sense of `word` is a food sense of `head` or one of its kinds (hyponymy, any depth)."""
        heads = {s.offset for s in self.food_senses(head)}
        return bool(heads) and any(
            s.offset in heads or heads & self.ancestors(s.offset) for s in self.food_senses(word)
        )

    @functools.lru_cache(maxsize=200_000)  # noqa: B019
    def synonyms(self, word: str) -> frozenset[str]:
        """The other one-word lemmas of a word's food senses."""
        return frozenset(
            lemma for s in self.food_senses(word) for lemma in s.lemmas if " " not in lemma and lemma != word
        )


@functools.cache
def wordnet() -> WordNet:
    return WordNet()


# ---------------------------------------------------------------- wordfreq


@functools.cache
def _zipf() -> Any:
    from wordfreq import zipf_frequency  # the experiment extra; only the parent process computes features

    return functools.lru_cache(maxsize=100_000)(lambda word: zipf_frequency(word, "en"))


def zipf(word: str) -> float:
    return float(_zipf()(word))


# ---------------------------------------------------------------- (1) WordNet wordings of a query


def _known(word: str, vocabulary: frozenset[str]) -> bool:
    return any(form in vocabulary for form in (word, word + "s", word + "es", word[:-1] + "ies" if word else ""))


def wordings(text: str, vocabulary: frozenset[str]) -> list[tuple[str, str]]:
    """The query's WordNet wordings, (kind, text), in sense order: "synonym" (a food-noun span replaced by another
    lemma of the same synset), "hypernym" (a span no USDA name uses replaced by a direct hypernym's lemma). Only
    lemmas all of whose words USDA names use; at most MAX_WORDINGS."""
    net = wordnet()
    said = _WORD.findall(text.lower())
    found: dict[str, str] = {}
    covered: set[int] = set()  # the words of a longer span already found: its parts are not expanded apart
    for size in range(min(MAX_SPAN, len(said)), 0, -1):
        for start in range(len(said) - size + 1):
            span = said[start : start + size]
            if covered & set(range(start, start + size)):
                continue
            senses = net.food_senses("_".join(span), WORDING_LEXNAMES)
            if not senses:
                continue
            covered |= set(range(start, start + size))
            same = {b.replace("_", " ") for b in net.bases("_".join(span))}
            unknown = not all(_known(w, vocabulary) for w in span)
            options = [("unknown synonym" if unknown else "synonym", lemma) for s in senses for lemma in s.lemmas]
            if unknown:
                options += [("hypernym", lemma) for s in senses for h in s.hypernyms for lemma in net.synsets[h].lemmas]
            for kind, lemma in options:
                replacement = lemma.split()
                if replacement == span or lemma in same or not all(_known(w, vocabulary) for w in _WORD.findall(lemma)):
                    continue
                wording = " ".join([*said[:start], *replacement, *said[start + size :]])
                if wording != " ".join(said):
                    found.setdefault(wording, kind)
    return [(kind, wording) for wording, kind in list(found.items())[:MAX_WORDINGS]]


@dataclass(frozen=True, eq=False)  # hashed by identity: _merged caches per query
class Expanded:
    part: str
    text: str
    ranked: list[tuple[float, str, bool]]  # the rule window: (score, name, acceptable)
    wordings: list[tuple[str, str, list[tuple[float, str, bool]]]]  # (kind, text, its window)


def _vocabulary(session: Session) -> frozenset[str]:
    names = session.scalars(select(Food.name).where(Food.owner_id.is_(None)))
    return frozenset(w for name in names for w in _WORD.findall(name.lower()))


def collect(session: Session, parts: Sequence[str] = rerank.ALLOWED) -> tuple[list[ip.Collected], list[Expanded]]:
    """ingredient_parser_experiment.collect (the harness's rows and the window's names), and each query's rule
    window with scores and its WordNet wordings' windows (search() read through its _diversified step)."""
    collected = ip.collect(session, parts)
    windows: list[list[tuple[float, str, int]]] = []
    diversified = search._diversified

    def ordering(items: list[tuple[float, str, int]]) -> list[tuple[float, str, int]]:
        ranked = diversified(items)
        windows.append(ranked[: rerank.WINDOW])
        return ranked

    def window(text: str, acceptable: re.Pattern[str]) -> list[tuple[float, str, bool]]:
        windows.clear()
        service.search_foods(session, text, user_id=None, group=None, include_recipes=False, limit=5, offset=0)
        return [(value, name, bool(acceptable.search(name))) for value, name, _ in (windows[-1] if windows else [])]

    vocabulary = _vocabulary(session)
    expanded = []
    search._diversified = ordering  # type: ignore[assignment]
    try:
        for part in parts:
            for item in load("search", part):
                if item.acceptable is None:
                    continue
                found = [(kind, text, window(text, item.acceptable)) for kind, text in wordings(item.text, vocabulary)]
                expanded.append(Expanded(part, item.text, window(item.text, item.acceptable), found))
    finally:
        search._diversified = diversified  # type: ignore[assignment]
    return collected, expanded


def merged(query: Expanded, costs: dict[str, float]) -> list[bool]:
    """The rule window with each wording's foods inserted where their score minus the wording kind's cost beats
    the original's at that place (a food already there is moved up only so); the hits, best first."""
    if not query.wordings:
        return [hit for _, _, hit in query.ranked]
    return list(_merged(query, tuple(costs.get(kind, float("inf")) for kind, _, _ in query.wordings)))


@functools.lru_cache(maxsize=1_000_000)
def _merged(query: Expanded, costs: tuple[float, ...]) -> tuple[bool, ...]:
    """merged(), each wording's cost given in order (cached: the cost grid repeats the few that matter)."""
    order = [(value, name, hit) for value, name, hit in query.ranked]
    for (_, _, found), cost in zip(query.wordings, costs, strict=True):
        if cost == float("inf"):
            continue
        for value, name, hit in found:
            adjusted = value - cost
            place = next((i for i, (v, _, _) in enumerate(order) if adjusted > v), None)
            where = next((i for i, (_, n, _) in enumerate(order) if n == name), None)
            if place is None or (where is not None and where <= place):
                continue
            if where is not None:
                del order[where]
            order.insert(place, (adjusted, name, hit))
    return tuple(hit for _, _, hit in order[: rerank.WINDOW])


KINDS = ("synonym", "unknown synonym", "hypernym")


def _cost_grid() -> list[dict[str, float]]:
    return [dict(zip(KINDS, costs, strict=True)) for costs in itertools.product(COSTS, repeat=len(KINDS))]


def _choose(training: list[Expanded]) -> dict[str, float]:
    """The costs with the most first places over the training queries, then the most top-5; ties: the dearer."""

    def score(costs: dict[str, float]) -> tuple[Any, ...]:
        first, five = rerank._counts([merged(q, costs) for q in training])
        return first, five, *(costs[kind] for kind in KINDS)

    return max(_cost_grid(), key=score)


def _fixed_broken(tested: list[Expanded], costs: dict[str, float]) -> tuple[int, int, int, int]:
    pairs = [(bool(q.ranked) and q.ranked[0][2], merged(q, costs)[:1] == [True]) for q in tested]
    fives = [(any(h for _, _, h in q.ranked[:5]), any(merged(q, costs)[:5])) for q in tested]
    return (
        sum(1 for b, a in pairs if a and not b),
        sum(1 for b, a in pairs if b and not a),
        sum(1 for b, a in fives if a and not b),
        sum(1 for b, a in fives if b and not a),
    )


def expansion_tables(folds: list[tuple[str, list[Expanded], list[Expanded]]], title: str) -> list[Table]:
    """Per fold (name, training, test): every fixed cost's fixed/broken, and the cost chosen on the training set."""
    reach = Table(title=f"{title}: how often a WordNet wording exists and finds an acceptable food")
    for column in (
        "set",
        "queries",
        "with a wording",
        "rule miss top-1",
        "wording's first acceptable",
        "wording top-5 has one",
        "rule miss top-5, wording top-5 has",
    ):
        reach.add_column(column)
    grid = Table(title=f"{title}: first places fixed/broken (top-5 fixed/broken) at fixed costs ({', '.join(KINDS)})")
    grid.add_column("set")
    inf = float("inf")
    fixed_costs = [
        dict(zip(KINDS, costs, strict=True))
        for costs in (
            (0, 0, 0),
            (1, 1, 1),
            (3, 3, 3),
            (5, 5, 5),
            (8, 8, 8),
            (inf, 0, inf),
            (inf, 3, inf),
            (inf, inf, 3),
        )
    ]
    for costs in fixed_costs:
        grid.add_column(",".join(f"{costs[kind]:g}" for kind in KINDS))
    chosen = rerank._table(f"{title}: expansion at the costs chosen on the training queries")
    chosen.add_column("costs chosen")
    chosen.add_column("fixed/broken top-1, top-5")
    for name, training, tested in folds:
        with_wording = [q for q in tested if q.wordings]
        missed = [q for q in tested if not (q.ranked and q.ranked[0][2])]
        missed5 = [q for q in tested if not any(h for _, _, h in q.ranked[:5])]
        reach.add_row(
            name,
            str(len(tested)),
            str(len(with_wording)),
            str(len(missed)),
            str(sum(1 for q in missed if any(f and f[0][2] for _, _, f in q.wordings))),
            str(sum(1 for q in tested if any(any(h for _, _, h in f[:5]) for _, _, f in q.wordings))),
            str(sum(1 for q in missed5 if any(any(h for _, _, h in f[:5]) for _, _, f in q.wordings))),
        )
        grid.add_row(name, *("{}/{} ({}/{})".format(*_fixed_broken(tested, c)) for c in fixed_costs))
        costs = _choose(training)
        rule = rerank._counts([[h for _, _, h in q.ranked] for q in tested])
        after = rerank._counts([merged(q, costs) for q in tested])
        hits = [[h for _, _, h in q.ranked] for q in tested]
        row = rerank._row(
            name,
            rule,
            after,
            [rerank.Query(q.part, q.text, h, np.zeros((0, 0))) for q, h in zip(tested, hits, strict=True)],
        )
        chosen.add_row(
            *row, ", ".join(f"{costs[kind]:g}" for kind in KINDS), "{}/{}, {}/{}".format(*_fixed_broken(tested, costs))
        )
    return [reach, grid, chosen]


def wording_examples(expanded: list[Expanded], limit: int = 40) -> Table:
    """Queries whose first place a wording changes at cost 3 (both kinds): what WordNet said, and the effect."""
    table = Table(title="Examples: queries whose first place the expansion (cost 3 for every kind) changes")
    for column in ("set", "query", "wordings", "rule first", "then"):
        table.add_column(column)
    shown = 0
    for q in expanded:
        after = merged(q, dict.fromkeys(KINDS, 3.0))
        before = [h for _, _, h in q.ranked]
        if after[:1] != before[:1] and shown < limit:
            shown += 1
            table.add_row(
                q.part, q.text, "; ".join(f"{k[0]}:{t}" for k, t, _ in q.wordings)[:80], str(before[:1]), str(after[:1])
            )
    return table


# ---------------------------------------------------------------- (2) features in the re-rank harness


def _terms(text: str) -> list[str]:
    return [search.singular(w) for w in _WORD.findall(text.lower())]


def new_features(text: str, name: str) -> list[float]:
    """The WordNet and wordfreq features of a candidate `name` for query `text` (NEW_FEATURES)."""
    net = wordnet()
    said = _terms(text)
    said_set = set(said)
    segments = [_terms(segment) for segment in name.split(",")]
    held = {w for segment in segments for w in segment}
    head = said[-1] if said else ""
    early = [w for segment in segments[:2] for w in segment]
    kind_of = float(bool(head) and head not in held and any(net.kind_of(w, head) for w in early if w != head))
    synonym = float(any(w not in held and net.synonyms(w) & held for w in said_set))
    first = segments[0][0] if segments and segments[0] else ""
    other = float(
        bool(head and first)
        and first not in said_set
        and bool(net.food_senses(first))
        and bool(net.food_senses(head))
        and not net.kind_of(first, head)
        and not net.kind_of(head, first)
        and not any(net.kind_of(w, first) or net.kind_of(first, w) for w in said_set)
    )
    extras = [w for w in dict.fromkeys(w for s in segments for w in s) if w not in said_set and w not in _STOP]
    first_extras = [w for w in (segments[0] if segments else []) if w not in said_set and w not in _STOP]
    zipfs = [zipf(w) for w in extras]
    return [
        kind_of,
        synonym,
        other,
        (min(zipfs) if zipfs else 8.0) / 8,
        (float(np.mean(zipfs)) if zipfs else 8.0) / 8,
        min(3, sum(1 for z in zipfs if z < RARE_ZIPF)) / 3,
        (min(zipf(w) for w in first_extras) if first_extras else 8.0) / 8,
    ]


def wording_features(name: str, query: Expanded) -> list[float]:
    places = [
        [n for _, n, _ in found].index(name) for _, _, found in query.wordings if name in [n for _, n, _ in found]
    ]
    return [float(0 in places), 1.0 / (1 + min(places)) if places else 0.0]


def with_new(collected: list[ip.Collected], expanded: list[Expanded]) -> list[rerank.Query]:
    """rerank_experiment.Query rows with NEW_FEATURES after the harness's."""
    by_text = {(e.part, e.text): e for e in expanded}
    return [
        rerank.Query(
            c.part,
            c.text,
            c.hits,
            np.hstack(
                [
                    c.rows,
                    np.asarray(
                        [new_features(c.text, n) + wording_features(n, by_text[(c.part, c.text)]) for n in c.names]
                    ).reshape(-1, len(NEW_FEATURES)),
                ]
            ),
        )
        for c in collected
    ]


def _with_new_features() -> None:
    if rerank.FEATURES[-len(NEW_FEATURES) :] != NEW_FEATURES:
        rerank.FEATURES = (*rerank.FEATURES, *NEW_FEATURES)  # type: ignore[assignment]  # train() reads its width


MINIMAL_DROP = tuple(f for f in rerank.FEATURES if f not in rerank.RULE_FEATURES)
VARIANTS = (
    (NEW_FEATURES, "harness features, no new"),
    ((*WF_FEATURES, *WW_FEATURES), "harness + WordNet"),
    ((*WN_FEATURES, *WW_FEATURES), "harness + wordfreq"),
    ((*WN_FEATURES, *WF_FEATURES), "harness + wordings' agreement"),
    ((), "harness + WordNet + wordfreq + wordings"),
    ((*MINIMAL_DROP, *NEW_FEATURES), "rule rank/gap only"),
    (MINIMAL_DROP, "rule rank/gap + WordNet + wordfreq + wordings"),
)


def diagnostics(queries: list[rerank.Query]) -> Table:
    """Per new feature over every window place: how often it is on (binary features and the rare words' count:
    above 0; wordfreq's commonness: below its median), the share of acceptable foods among those places and among the others, and the model's weight
    (trained on every studied set, all features)."""
    _with_new_features()
    rows = np.vstack([q.rows for q in queries])
    hits = np.asarray([h for q in queries for h in q.hits], dtype=bool)
    weights = dict(zip(rerank.FEATURES, rerank.train(queries).weights, strict=True))
    table = Table(title=f"The new features over the {len(hits)} window places of the studied queries")
    for column in ("feature", "places on", "acceptable when on", "acceptable when off", "weight (all features)"):
        table.add_column(column)
    for name in NEW_FEATURES:
        values = rows[:, rerank.FEATURES.index(name)]
        binary = name.startswith(("wn_", "ww_")) or name == "wf_rare_extra"
        on = values > 0 if binary else values < np.median(values)
        table.add_row(
            name,
            str(int(on.sum())),
            f"{hits[on].mean():.1%}" if on.any() else "-",
            f"{hits[~on].mean():.1%}" if (~on).any() else "-",
            f"{weights[name]:+.3f}",
        )
    return table


def learned(queries: list[rerank.Query]) -> list[Table]:
    _with_new_features()
    tables = []
    for dropped, name in VARIANTS:
        table = rerank.cross_validate(queries, dropped)
        table.title = f"Leave-one-set-out: {name}"
        tables.append(table)
    return tables


# ---------------------------------------------------------------- time travel


@functools.cache
def _collected_at(commit: str) -> tuple[list[ip.Collected], list[Expanded]]:
    collected, expanded = rerank.collected_fields_at(commit, "bench.wordnet_experiment")
    return [ip.Collected(*f) for f in collected], [Expanded(*f) for f in expanded]


def time_travel() -> list[Table]:
    """rerank_experiment.time_travel's folds with and without the new features, and the expansion with its cost
    chosen on the sets studied at that commit."""
    _with_new_features()
    tables = []
    folds = rerank.time_travel_folds(lambda commit: with_new(*_collected_at(commit)))
    for dropped, name in VARIANTS:
        table = rerank._table(f"Time travel: {name}")
        for fold in folds:
            rerank.add_time_travel_rows(table, fold, dropped)
        tables.append(table)
    expansion_folds = []
    for commit in rerank.TIME_TRAVEL_TESTS:
        blind = dict(rerank.SNAPSHOTS)[commit]
        older = rerank.ALLOWED[: rerank.ALLOWED.index(blind)]
        expanded = _collected_at(commit)[1]
        studied, tested = [q for q in expanded if q.part in older], [q for q in expanded if q.part == blind]
        expansion_folds.append((f"{blind} @ {commit}", studied, tested))
    tables += expansion_tables(expansion_folds, "Time travel, expansion")
    return tables


def misses_table(collected: list[ip.Collected], expanded: list[Expanded], title: str) -> Table:
    """Each rule miss (first place unacceptable): the rule's first, the first acceptable food of the window and
    its place, the new features of both, and the WordNet wordings with their own first food."""
    table = Table(title=title, show_lines=True)
    for column in ("query", "rule first", "first acceptable (place)", "features first / acceptable", "wordings: first"):
        table.add_column(column)
    by_text = {(e.part, e.text): e for e in expanded}
    for c in collected:
        if not c.hits or c.hits[0]:
            continue
        place = c.hits.index(True) if True in c.hits else None
        good = c.names[place] if place is not None else "-"
        shown = [new_features(c.text, c.names[0])] + ([new_features(c.text, good)] if place is not None else [])
        e = by_text[(c.part, c.text)]
        table.add_row(
            c.text,
            c.names[0],
            f"{good} ({place})",
            " / ".join(" ".join(f"{v:.2f}" for v in row) for row in shown),
            "; ".join(
                f"{text}: {found[0][1] if found else '-'}{' (ok)' if found and found[0][2] else ''}"
                for _, text, found in e.wordings
            ),
        )
    return table


def main(arguments: list[str]) -> None:
    if "--misses" in arguments:  # the time-travel folds' blind sets: what the rules missed, what WordNet offers
        for commit in rerank.TIME_TRAVEL_TESTS:
            blind = dict(rerank.SNAPSHOTS)[commit]
            collected, expanded = _collected_at(commit)
            tested = [c for c in collected if c.part == blind]
            CONSOLE.print(
                misses_table(
                    tested, expanded, f"Rule misses on {blind} @ {commit} (features: {', '.join(NEW_FEATURES)})"
                )
            )
        return
    if "--collect" in arguments:  # the subprocess of a time-travel fold
        with usda_session() as session:
            collected, expanded = collect(session)
        fields = (
            [(c.part, c.text, c.hits, c.rows, c.names) for c in collected],
            [(e.part, e.text, e.ranked, e.wordings) for e in expanded],
        )
        Path(arguments[arguments.index("--collect") + 1]).write_bytes(pickle.dumps(fields))
        return
    with usda_session() as session:
        collected, expanded = collect(session)
    folds = [
        (part, [q for q in expanded if q.part != part], [q for q in expanded if q.part == part])
        for part in rerank.ALLOWED
    ]
    folds.append(("pooled (cost chosen on all)", expanded, expanded))
    for table in expansion_tables(folds, "Leave-one-set-out, expansion"):
        CONSOLE.print(table)
    CONSOLE.print(wording_examples(expanded))
    queries = with_new(collected, expanded)
    for table in learned(queries):
        CONSOLE.print(table)
    CONSOLE.print(diagnostics(queries))
    if "--time-travel" in arguments:
        for table in time_travel():
            CONSOLE.print(table)


if __name__ == "__main__":
    main(sys.argv[1:])
