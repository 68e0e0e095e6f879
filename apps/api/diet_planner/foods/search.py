"""Food search: an in-memory word index of the shared foods finds candidates (built once per process from
the database and refreshed on import, so SQLite and PostgreSQL answer alike), the user's own foods come
from the database, and one ranking in Python orders them.

The query is normalised first: lower case, plural to singular, the phrases of data/everyday_names.toml's
[always] table (garbanzo -> chickpeas, bell pepper -> sweet peppers), and words the food names never use
corrected to the closest name word (bananna -> banana), so typos and plurals still find the everyday food.
The table's other everyday names are searched as a second wording of the query (see _variants).

Ranking learns what the everyday form of a food is from the data, not from a list of queries: the query's
head noun heading the name (a "Vinegar, red wine" is a vinegar), negating words (meatless, imitation),
parts and by-products, processing words (raw and plain before canned, dried, fried, baby food), and
commonness: household measures, how many foods share the name's first segments, USDA's survey flag, and
USDA's common names ("hot dog" for frankfurters; data/usda/sr28_descriptions.tsv). A state the query says
(fresh, dried, ground, cooked) picks the food in that state; the flesh right after an animal's name is the
whole animal; a plant's leaves are the plant unless names say them; fat-reduced, special and industrial
variants come after the plain food.

Speed (bench/bench_search.py): the query-independent part of every food's score is worked out at load
and the foods are kept best first, so a search scores candidates in that order and stops as soon as none
left can reach the page; the nutrients JSON is loaded for the returned page only."""

from __future__ import annotations

import bisect
import difflib
import functools
import heapq
import itertools
import math
import re
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from diet_planner.core.config import REPO_DIR
from diet_planner.foods import everyday
from diet_planner.foods.models import Food, FoodMeasure
from diet_planner.foods.repository import visible_to
from diet_planner.foods.sources import RECIPE_SOURCE, USDA_SOURCE

MAX_QUERY_CHARS = 200
MAX_TERMS = 8
REFRESH_S = 30.0
MAX_PERSONAL = 500
UNIT_MIN_MEASURES = 2  # measures naming a unit before it counts as one (see Vocabulary.measure_words)

# Food groups that rarely hold the everyday answer (USDA group codes).
GROUP_PRIOR: dict[str, float] = {
    "03": -12.0,  # baby foods
    "21": -5.0,  # fast foods
    "36": -5.0,  # restaurant foods
    "35": -6.0,  # American Indian/Alaska Native foods
    "22": -3.0,  # meals, entrees, side dishes
    "07": -2.0,  # sausages and luncheon meats
    "06": -2.5,  # soups and sauces: dishes made with a food, not the food ("Soup, black bean")
    "19": -1.0,  # sweets
    "25": -1.0,  # snacks
}
WORD_PRIOR: dict[str, float] = {
    "raw": 1.5,
    "whole": 0.6,
    "fresh": 0.5,
    "fluid": 0.8,
    "cooked": 0.4,
    "boiled": 0.3,
    "brewed": 1.0,
    # Descriptors of the plain, default form of a food.
    "plain": 1.0,
    "granulated": 1.5,
    "purpose": 1.5,
    "babyfood": -10.0,
    "infant": -8.0,
    "toddler": -8.0,
    "imitation": -2.0,
    "human": -4.0,
    # Milk and cheese of other animals: "milk" means cow's milk unless the query names the animal.
    "sheep": -3.0,
    "goat": -3.0,
    "buffalo": -3.0,
    "indian": -2.0,
    # Special variants that should not outrank the ordinary food.
    "low": -2.0,
    "sodium": -1.0,
    "buttermilk": -2.5,
    "producer": -2.5,
    "filled": -2.5,
    "dried": -1.0,
    "lactose": -1.5,
    "fortified": -1.0,
    # Flour, bread, rice and pasta are sold enriched; "unenriched" names the exception (a segment of its
    # own, unlike "enriched", which only labels the everyday form).
    "unenriched": -0.5,
    "dehydrated": -1.0,
    # Concentrated in the can ("Milk, evaporated, 2% fat"): a step further from the food than canned.
    "evaporated": -1.5,
    "condensed": -1.0,
    "instant": -1.0,
    "diet": -1.0,
    "powder": -1.0,
    "dry": -1.0,
    "canned": -0.4,
    "frozen": -0.4,
    "substitute": -1.5,
    "mix": -0.8,
    "flavored": -0.5,
    "sweetened": -0.4,
    "nog": -2.0,
    "eggnog": -2.0,
    "chips": -0.5,
    "with": -0.5,
    # Representative averages are the everyday answer.
    "all": 1.0,
    "average": 2.0,
    "commercial": 0.5,
    "mixed": 0.5,
    # "Veal, composite of trimmed retail cuts": the average of the animal's cuts, as "all" and "average".
    "composite": 2.0,
    "ground": -1.0,
    # Products derived from a food, and flavoured or processed variants of it.
    "oil": -2.0,
    "flour": -2.0,
    "paste": -1.5,
    "liquid": -2.0,
    "bran": -1.5,
    "juice": -1.5,
    "chocolate": -1.0,
    "glutinous": -1.0,
    "fried": -0.8,
    "fermented": -1.0,
    "salted": -0.6,
    # "Unsalted" is said of the variant of a food sold salted (chips, pretzels, butter): not the default.
    "unsalted": -1.0,
    "free": -2.0,
    "flavor": -1.0,
    "reduced": -2.0,
    "vegetable": -1.0,
    "slice": -1.0,
    # A legume's "immature seeds" are its green, fresh or frozen form ("Cowpeas (blackeyes), immature seeds"): a
    # legume named without saying so is the mature seed, sold dried or canned (see _FRESH_SAID).
    "immature": -2.0,
    # Home recipes before the commercial food a shopper buys ("Bread, whole-wheat, prepared from recipe").
    "recipe": -1.0,
    # "meat only": the food with its skin taken off; a bird or wing is the whole of it, skin and all.
    "only": -0.5,
    # Made for food manufacturers, not sold to households ("Shortening, industrial, ...").
    "industrial": -2.0,
    # "special purpose", "special dietary": a variant made for a use or a diet, not the everyday food.
    "special": -1.5,
    # Imported cuts ("Beef, New Zealand, imported, ...") are the country's own cut, not the everyday one.
    "imported": -1.5,
}
# Parts and by-products: a name segment made only of these is not the food itself.
PARTS = frozenset(
    {"skin", "peel", "seed", "leaf", "stem", "hull", "bran", "germ", "rind", "giblet", "liver", "heart", "gizzard"}
    | {"weed"}  # "Dill weed": the herb's leaves
    | {"teste", "sweetbread", "pancrea", "thymus", "tripe", "chitterling"}  # organs, singular as read
    | {"kidney", "tongue", "brain", "lung", "spleen", "tail", "feet", "neck", "by", "product", "variety", "meat", "and"}
)
PART_PENALTY = -4.0
# What is made from a food rather than being it: a category named so ("Oil, sesame") is a food of its own
# made with the one named after it, not a classifier like "Spices".
BY_PRODUCTS = frozenset({"oil", "flour", "paste", "liquid", "bran", "juice"})
# Words saying the food is not what it is named after.
NEGATING = frozenset(
    {"meatless", "imitation", "substitute", "analog", "replacer", "mock", "vegetarian", "nonalcoholic"}
)
NEGATING_PHRASES = ("non-alcoholic", "meat-free", "dairy-free")
NEGATION_PENALTY = -8.0
HEAD_FIRST = 5.0
HEAD_AFTER_CATEGORY = 4.0
HEAD_ELSEWHERE = -4.0
HEAD_MISSING = -5.0
EXACT_SEGMENT = 1.5
EXTRA_WORD = 1.0
MEASURE_WEIGHT = 0.35
MEASURE_CAP = 8
# USDA names often start with a category ("Fish, salmon", "Nuts, almonds"): the food is the next segment.
CATEGORY_WORDS = frozenset({"fish", "nut", "cereal", "crustacean", "mollusk", "beverage", "spice", "seed"})
_WORD = re.compile(r"[a-z0-9]+")
_LABEL_ONLY = re.compile(
    r"^enriched( flour)?$|^regular$|^(with|without) added (vitamin|ascorbic|calcium|nutrients|salt)"
    r"|^prepared with (tap |distilled |bottled )?water$|^commercially prepared$|^salad or cooking$|^(with|without) ca(lcium)? prop(ionate)?$"
)
_COMPOUND_FIRST = re.compile(r"\b([a-z]+)-[a-z]")
_PARENTHESES = re.compile(r"\([^)]*\)?")
PARENTHESES = _PARENTHESES  # a note in a name ("(includes USDA commodity)")
_BRAND = re.compile(r"\b[A-Z][A-Z'&.\-]{2,}\b")


def _branded(name: str) -> bool:
    """A brand's product: a word in capitals outside parentheses ("(includes USDA commodity)" is a note)."""
    return bool(_BRAND.search(_PARENTHESES.sub("", name)))


# Plurals in -ves whose singular ends in -f ("bay leaves" is what "Spices, bay leaf" names); "olives",
# "cloves" and "chives" keep their -e.
_F_PLURALS = {"leaves": "leaf", "loaves": "loaf", "halves": "half", "calves": "calf"}
# One word in two spellings, both in USDA names ("Peppers, hot chili, red", "Peppers, hot chile, sun-dried")
# and in recipes ("serrano chiles", "green chilies"): read as one, in names and queries alike.
_SPELLINGS = {"chile": "chili", "chily": "chili", "chilis": "chili"}


def singular(word: str) -> str:
    said = literal_singular(word)
    return _SPELLINGS.get(said, said)


def literal_singular(word: str) -> str:
    """The singular as spelt: everyday_names.toml tells its phrases apart by it ("chiles" are peppers,
    "chili" the dish)."""
    if word in _F_PLURALS:
        return _F_PLURALS[word]
    if len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ie") and len(word) > 4:
        # "brownie" as "brownies" reads (below): the plural of a word in -ie loses its e with the s.
        return word[:-2] + "y"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("oes", "ches", "shes", "xes", "sses")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


# A possessive's "'s" ("M&M's", "KELLOGG'S", "chef's") is no word: left in, the "s" was a word of its own that
# every brand's name holds, and the head noun of "m&m's".
_POSSESSIVE = re.compile(r"(?<=[a-z])['\u2019]s\b", re.IGNORECASE)
# Initials joined by "&" ("M&M's", "A&W") are one name, not two letters and an "and": one word, in names and
# queries alike ("m&ms" is its plural, which parse reads as the name's word).
_INITIALS = re.compile(r"\b([a-z])&([a-z])(?=s?\b)", re.IGNORECASE)


def joined_initials(value: str) -> str:
    return _INITIALS.sub(r"\1\2", value) if "&" in value else value


def words(value: str) -> list[str]:
    if not value.isascii():
        # "jalapeño" is "jalapeno" in USDA names; without this it would split into "jalape" and "o".
        value = "".join(c for c in unicodedata.normalize("NFKD", value) if not unicodedata.combining(c))
    if "'" in value or "\u2019" in value:
        value = _POSSESSIVE.sub("", value)
    return _WORD.findall(joined_initials(value).lower())


@dataclass(frozen=True, slots=True)
class Entry:
    """A shared food as ranking sees it, worked out once per catalogue load."""

    id: int
    name: str
    group_code: str | None
    group_name: str | None
    source: str
    discontinued: bool
    measures: int
    aliases: tuple[str, ...]  # the food's names under its USDA common names ("hot dog, beef, unheated")
    common: float  # what the data says of how everyday the food is (survey, household measures)
    static: float = 0.0  # the most its query-independent score parts add up to, over its names
    alias_costs: tuple[float, ...] = ()  # what ranking by each alias costs (see KIND_LIST_COST)
    # For a query naming just the food (see rank): the words of the food its name and common names say,
    # and how much less described its variety is than the food's most described one (0 or less).
    food_words: frozenset[str] = frozenset()
    variety: float = 0.0
    # The food the name is of, without its category ("Veal, sirloin" -> sirloin), and how much less often
    # USDA describes it under this category than under the one describing it most (0 or less; see _homes).
    home_foods: tuple[frozenset[str], ...] = ()
    homes: tuple[float, ...] = ()


class Vocabulary:
    """What ranking learns from the shared foods, built once per process and refreshed on import: the words
    of food names (singular, for typo correction), the first name segments that are categories rather
    than foods, how many household measures each food has, and an in-memory word index of every shared
    food, so candidates come from a dictionary look-up rather than a full-text query per search."""

    def __init__(self) -> None:
        self._words: frozenset[str] = frozenset()
        self.food_words: frozenset[str] = frozenset()  # of food names only, not recipes' (see parse)
        self.brand_words: frozenset[str] = frozenset()  # said only in brands' names ("planters", "skor")
        # Words of USDA's household measures that no food name says ("glass", "pouch"): what a food is served in,
        # never a typo of a food ("buttermilk glass" is no grass, "apple sauce pouch" no fruit punch).
        self.measure_words: frozenset[str] = frozenset()
        self.categories: frozenset[str] = frozenset()
        self.measure_counts: dict[int, int] = {}
        self.entries: list[Entry] = []
        self.positions: dict[int, int] = {}  # food id -> its position in entries
        self.waivable: dict[frozenset[str], frozenset[int]] = {}
        self.index: dict[str, list[int]] = {}  # singular word -> positions in entries
        self.sorted_words: list[str] = []
        self.pairs: dict[tuple[str, str], int] = {}  # adjacent singular words of names -> how many names
        self.holding: dict[str, int] = {}  # singular word -> how many foods' names hold it
        self.compound_heads: dict[str, str] = {}  # "kiwi" -> "kiwifruit" (see _compound_heads)
        # Runs of two or three words some food name says within one of its later segments, the kind of a
        # class ("milk chocolate" of "Candies, milk chocolate"): a phrase that names a food of its own.
        self.segment_phrases: frozenset[tuple[str, ...]] = frozenset()
        self.first_phrases: frozenset[tuple[str, ...]] = frozenset()
        # Words that head a food's name (see _head_words): "banana" of "Bananas, raw", unlike "ripe" of
        # "Tomatoes, red, ripe", a state or modifier that names never make the food.
        self.head_words: frozenset[str] = frozenset()
        # Words said after several categories and heading no name ("tenderloin" of beef, pork, lamb): a cut or
        # form many classes have, not a food of its own (see _shared_kinds).
        self.shared_kinds: frozenset[str] = frozenset()
        # A class named only by the ends of its members' names ("berry": blueberries, strawberries...) -> the member
        # heading the most names (see _compound_classes).
        self.class_members: dict[str, str] = {}
        # A segment of two or three words -> the first segments of the generic names saying it whole ("almond
        # milk": beverage, yogurt; "honey mustard": dressing, salad dressing). See _made_with.
        self.phrase_homes: dict[tuple[str, ...], frozenset[str]] = {}
        self._version: tuple[int, Any] = (-1, None)
        self._checked = 0.0
        self._lock = threading.Lock()

    def invalidate(self) -> None:
        """Shared foods changed in this process (an import): recount on the next search."""
        self._checked = 0.0

    def get(self, session: Session) -> frozenset[str]:
        # Shared foods change only on import: recount at most every REFRESH_S seconds, not on every query.
        now = time.monotonic()
        if self._words and now - self._checked < REFRESH_S:
            return self._words
        self._checked = now
        # Count and latest change: an import that renames foods without adding any still refreshes.
        row = session.execute(
            select(func.count(), func.max(Food.updated_at)).select_from(Food).where(Food.owner_id.is_(None))
        ).one()
        version = (int(row[0] or 0), row[1])
        if version != self._version:
            with self._lock:
                # Searches that waited here while another built it find it built: before this check each one
                # built it again in turn (seconds of CPU each), which stalled a worker's first burst.
                if version != self._version:
                    self._load(session)
                    self._version = version
        return self._words

    def _load(self, session: Session) -> None:
        rows = session.execute(
            select(
                Food.id, Food.name, Food.group_code, Food.group_name, Food.source, Food.source_id, Food.discontinued
            ).where(Food.owner_id.is_(None))
        ).all()
        described = descriptions()
        # The words typos are corrected to: of the names and of the common names USDA gives several foods
        # ("bok choy"), which the index finds foods by too; without them "choy" was "corrected" to "coho".
        self._words = frozenset(singular(w) for row in rows for w in words(row[1]) if not w.isdigit()) | (
            _established_common_words(rows, described)
        )
        # What a name says is learned from food names only: a recipe's name is a dish's ("Chicken souvlaki
        # pita", "Hummus and vegetable pita"), and would make "pita" a food that "Bread, pita" is made with.
        foods = [row for row in rows if row[4] != RECIPE_SOURCE]
        names = [row[1] for row in foods]
        self.food_words = frozenset(singular(w) for name in names for w in words(name) if not w.isdigit()) | (
            _established_common_words(rows, described)
        )
        generic = {singular(w) for name in names if not _branded(name) for w in words(name)}
        self.brand_words = self.food_words - generic - _established_common_words(rows, described)
        self.categories = _categories(names, [row[3] for row in foods])
        # A food's USDA common name names a food by itself too ("oatmeal" for cooked oats): "Bread, oatmeal"
        # is a bread made with it, not the food called so.
        self.categories.standalone |= {
            singular(said[-1])
            for _, common_names in described.values()
            for common in common_names
            if 0 < len(said := words(common)) <= 2 and _names_a_food(singular(said[-1]))
        }
        counted = (
            select(FoodMeasure.food_id, func.count())
            .join(Food, Food.id == FoodMeasure.food_id)
            .where(Food.owner_id.is_(None), ~FoodMeasure.name.in_(_NOT_HOUSEHOLD))
            .group_by(FoodMeasure.food_id)
        )
        self.measure_counts = {int(food_id): int(count) for food_id, count in session.execute(counted)}
        # A measure's unit is its first word ("glass (3.5 fl oz)", "pouch"); one said by a single measure may be
        # a food's own name ("1 honeybun"), not a unit.
        units = Counter(
            singular(said[0])
            for name in session.scalars(
                select(FoodMeasure.name).join(Food, Food.id == FoodMeasure.food_id).where(Food.owner_id.is_(None))
            )
            if (said := words(name)) and said[0].isalpha() and len(said[0]) > 3
        )
        self.measure_words = (
            frozenset(unit for unit, count in units.items() if count >= UNIT_MIN_MEASURES) - self._words
        )
        pairs, joined = _word_pairs(foods, described)
        # How USDA writes a compound in its own names, not a brand's spelling ("Milk shakes" against three
        # POP-TARTS "Milkshake" flavours): brands' names would outvote the generic ones.
        _learn_split_compounds(*_word_pairs([row for row in foods if not _branded(row[1])], described))
        families = _families(names, self.categories)
        homes = _homes(names, self.categories)
        most_homed: dict[frozenset[str], int] = {}
        for (food, _), count in homes.items():
            most_homed[food] = max(most_homed.get(food, 0), count)
        varieties = _varieties(names, self.categories)
        entry_source_id = {int(row[0]): row[5] for row in rows}
        segmented = _generic_segments(names)
        heads = _name_heads(segmented, self.categories)
        entries: list[Entry] = []
        index: dict[str, set[int]] = {}
        for food_id, name, code, group_name, source, source_id, discontinued in rows:
            survey, common_names = described.get(source_id, (False, ())) if source == USDA_SOURCE else (False, ())
            aliases = tuple(_alias_name(name, common, self.categories, heads) for common in common_names) + (
                _parenthesised_names(name)
            )
            # A long list of common names lists the kinds a food covers ("macaroni, spaghetti, lasagna,
            # penne..." for Pasta): each is one of several, and a food named so ("Lasagna, ...") comes first.
            listed = KIND_LIST_COST * max(0, len(common_names) - 1)
            if _branded(name):
                listed += BRAND_PENALTY  # a brand's dish by its common name ("lasagna") is still the brand's
            alias_costs = (listed,) * len(common_names) + (0.0,) * (len(aliases) - len(common_names))
            measures = self.measure_counts.get(int(food_id), 0)
            common = MEASURE_WEIGHT * min(measures, MEASURE_CAP) + (SURVEY_BONUS if survey else 0.0)
            first, first_two = _family_keys(name, self.categories)
            common += FAMILY_WEIGHT * (math.log1p(families.get(first, 0)) + math.log1p(families.get(first_two, 0)))
            variety = _variety_key(name, self.categories)
            food_words = frozenset(
                w for part in variety[:-1] for w in _name_words(part) if w not in CATEGORY_WORDS
            ) | frozenset(w for common_name in common_names for w in _name_words(common_name))
            lag = (
                math.log1p(varieties.get(variety, 0)) - math.log1p(varieties.get((*variety[:-1], ""), 0))
                if variety
                else 0.0
            )
            static = max(
                _static(n, code, common) - cost for n, cost in zip((name, *aliases), (0.0, *alias_costs), strict=True)
            )
            # Only the foods it is described less under than elsewhere: most foods have none, and cost nothing.
            home_lags = [
                (key[0], home_lag)
                for key in _home_keys(name, self.categories)
                if (home_lag := math.log1p(homes.get(key, 0)) - math.log1p(most_homed.get(key[0], 0))) < 0
            ]
            entries.append(
                Entry(
                    int(food_id),
                    name,
                    code,
                    group_name,
                    source,
                    bool(discontinued),
                    measures,
                    aliases,
                    common,
                    static,
                    alias_costs,
                    food_words,
                    min(0.0, lag),
                    tuple(food for food, _ in home_lags),
                    tuple(home_lag for _, home_lag in home_lags),
                )
            )
        # Best static score first: a search walks its candidates in this order and stops when none left
        # can reach its page (see search()).
        entries.sort(key=lambda entry: (-entry.static, entry.name))
        for position, entry in enumerate(entries):
            common_names = (
                described.get(entry_source_id[entry.id], (False, ()))[1] if entry.source == USDA_SOURCE else ()
            )
            for text_ in (entry.name, *common_names):
                for w in _name_words(text_):
                    index.setdefault(w, set()).add(position)
        self.entries = entries
        self.positions = {entry.id: position for position, entry in enumerate(entries)}
        # The first segments a group prior may be waived for (see evaluate): only a query saying one of them
        # widens the search's bound by the waived prior.
        waivable: dict[frozenset[str], set[int]] = {}
        for position, entry in enumerate(entries):
            prior = GROUP_PRIOR.get(entry.group_code or "", 0.0)
            if -WAIVED_GROUP_PRIOR <= prior < 0:
                for text_ in (entry.name, *entry.aliases):
                    info = analyse(text_)
                    waivable.setdefault(frozenset(info.first), set()).add(position)
                    if info.second and _waives(info, self.categories, prior, info.second):
                        waivable.setdefault(frozenset(info.second), set()).add(position)  # a class's member
        self.waivable = {first: frozenset(positions) for first, positions in waivable.items()}
        self.index = {w: sorted(positions) for w, positions in index.items()}
        self.sorted_words = sorted(self.index)
        self.pairs = pairs
        self.holding = joined
        self.compound_heads = {
            start: compound
            for start, compound in _compound_heads(self._words, self.categories.standalone).items()
            # A word names say far more often on its own than in the compound is a word of its own: "chicken
            # back" is the bird's back (34 names), not "backfat" (one).
            if joined.get(start, 0) <= COMPOUND_START_RATIO * max(1, joined.get(compound, 0))
        }
        self.segment_phrases = _segment_phrases(names)
        # Names' first segments of more than one word ("Peanut butter"), in English order: head noun last.
        self.first_phrases = frozenset(
            heading for name in names if len(heading := _name_words(_PARENTHESES.sub("", name.split(",")[0]))) > 1
        )
        self.head_words = _head_words(heads, described)
        self.shared_kinds = _shared_kinds(segmented, self.categories)
        self.class_members = _compound_classes(segmented, self.categories, joined, self.food_words)
        self.phrase_homes = _phrase_homes(segmented)

    def longer_words(self, term: str) -> frozenset[str]:
        """The index words that start with `term` and are longer."""
        start = bisect.bisect_left(self.sorted_words, term)
        found = []
        for w in itertools.islice(self.sorted_words, start, None):
            if not w.startswith(term):
                break
            if w != term:
                found.append(w)
        return frozenset(found)

    def matching(self, term: str) -> tuple[set[int], set[int]]:
        """(entries with the word itself, entries with a longer word that starts with it)."""
        exact = set(self.index.get(term, ()))
        prefixed: set[int] = set()
        start = bisect.bisect_left(self.sorted_words, term)
        for w in itertools.islice(self.sorted_words, start, None):
            if not w.startswith(term):
                break
            if w != term:
                prefixed.update(self.index[w])
        return exact, prefixed - exact


VOCABULARY = Vocabulary()
KIND_LIST_COST = 0.75
# A brand's product whose name repeats the words typed ("QUAKER, Quick Oats", "ZEVIA, cola, caffeine free") came
# before the generic food saying them its own way at 4.0 (dev, heldoutb-d: +2 dev queries, no other change).
BRAND_PENALTY = 6.0
SURVEY_BONUS = 1.0
SEGMENT_COST = 0.6
FAMILY_WEIGHT = 0.5
VARIETY_WEIGHT = 1.5
HOME_WEIGHT = 1.5
DESCRIPTIONS = REPO_DIR / "data" / "usda" / "sr28_descriptions.tsv"
# Common names that are notes, not names ("Includes USDA Commodity B879", "NFSMI Recipe No. G-08").
_NOT_A_NAME = re.compile(r"\d|commodity|recipe|includes|formerly|original|usda", re.IGNORECASE)


@lru_cache(maxsize=2)
def descriptions(path: Path = DESCRIPTIONS) -> dict[str, tuple[bool, tuple[str, ...]]]:
    """NDB -> (used in USDA's survey of what people eat, common names), from the bundled FOOD_DES extract;
    empty when the file is absent (ranking then goes without these signals)."""
    if not path.exists():
        return {}
    described: dict[str, tuple[bool, tuple[str, ...]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        fields = line.split("\t")
        if len(fields) < 3:
            continue
        names = tuple(
            name.strip().lower() for name in fields[2].split(",") if name.strip() and not _NOT_A_NAME.search(name)
        )
        described[fields[0]] = (fields[1] == "Y", names)
    return described


def _segment_phrases(names: list[str]) -> frozenset[tuple[str, ...]]:
    found: set[tuple[str, ...]] = set()
    for name in names:
        if _branded(name):
            continue  # a brand's product line ("OSCAR MAYER, Chicken Breast") names no kind of a class
        for segment in _PARENTHESES.sub("", name.lower()).split(",")[1:]:
            said = _name_words(segment)
            for size in (2, 3):
                found.update(said[i : i + size] for i in range(len(said) - size + 1))
    return frozenset(found)


# Each generic name with its segments as words (see _generic_segments).
Segmented = list[tuple[str, list[tuple[str, ...]]]]
# Tuning of the vocabularies learned from names' structure (see the functions below that name each).
_PARTICIPLE = re.compile(r"[^e]ed$")
_MAKER = re.compile(r"[A-Z]{3,}")  # a maker's name in capitals, even inside a word ("McDONALD'S")
SHARED_KIND_CATEGORIES = 2
PHRASE_MIN_NAMES = 2
CLASS_MIN_MEMBERS = 3
CLASS_MAX_OWN_NAMES = 2


def _generic_segments(names: list[str]) -> Segmented:
    """Each generic name with its comma segments as words (notes in parentheses left out, empty segments
    dropped), for the vocabularies learned from how names are built; a brand's product ("OSCAR MAYER, Chicken
    Breast") names no kind of a class and is left out. Split once for all of them: each split all the names
    again, 60-70 ms apiece at every load."""
    found: Segmented = []
    for name in names:
        if not _branded(name):
            said = (_name_words(part) for part in _PARENTHESES.sub("", name.lower()).split(","))
            found.append((name, [segment for segment in said if segment]))
    return found


def _head_words(name_heads: frozenset[str], described: dict[str, tuple[bool, tuple[str, ...]]]) -> frozenset[str]:
    """The words that head a food's name: the last word of a generic name's first segment ("Bananas, raw",
    "Peanut butter"), of the segment after a category ("Fish, salmon", "Peppers, serrano"), and of USDA's
    common names. A word said only further on ("ripe" of "Tomatoes, red, ripe", "crushed", "mixed") qualifies
    the food named before it: never the food a query is about. `name_heads`: _name_heads of the names."""
    found = set(name_heads)
    for _, common_names in described.values():
        for common in common_names:
            if said := _name_words(common):
                found.add(said[-1])
    # A participle ("Tomatoes, crushed", "Snacks, corn-based") says what was done to a food, never which food.
    return frozenset(w for w in found - _ANY_STATE - _HOW_COOKED if not _PARTICIPLE.search(w))


def _name_heads(segmented: Segmented, categories: frozenset[str]) -> frozenset[str]:
    """_head_words of the names alone, without USDA's common names."""
    found: set[str] = set()
    for name, said in segmented:
        if _MAKER.search(name.split(",")[0]):
            # A maker's product line heads with its own words ("McDONALD'S, Deluxe Breakfast"): "breakfast" is no
            # food.
            continue
        segments = [segment for segment in map(_one_alternative, said) if segment]
        if not segments:
            continue
        found.add(_before_made(segments[0])[-1])
        if (" ".join(segments[0]) in categories or set(segments[0]) <= CATEGORY_WORDS) and len(segments) > 1:
            found.add(_before_made(segments[1])[-1])
    return frozenset(found)


def _phrase_homes(segmented: Segmented) -> dict[tuple[str, ...], frozenset[str]]:
    """Phrases said whole as a segment by at least PHRASE_MIN_NAMES generic names (one name is a product's, as
    "McDONALD'S, Double Cheeseburger"), each with the first segments of the names saying it ("" for a name it
    begins)."""
    homes: dict[tuple[str, ...], set[str]] = {}
    counts: dict[tuple[str, ...], int] = {}
    for _, said in segmented:
        segments = [segment for segment in map(_one_alternative, said) if segment]
        for position, segment in enumerate(segments[:3]):
            if 1 < len(segment) <= 3:
                homes.setdefault(segment, set()).add(" ".join(segments[0]) if position else "")
                counts[segment] = counts.get(segment, 0) + 1
    return {phrase: frozenset(found) for phrase, found in homes.items() if counts[phrase] >= PHRASE_MIN_NAMES}


def _compound_classes(
    segmented: Segmented, categories: frozenset[str], holding: dict[str, int], vocabulary: frozenset[str]
) -> dict[str, str]:
    """Classes USDA names only through their members, each a compound ending in the class's word ("berry":
    "Blueberries, raw", "Strawberries, raw", "Blackberries, raw"): the word itself heads at most
    CLASS_MAX_OWN_NAMES generic names ("Goji berries"), its members head at least CLASS_MIN_MEMBERS kinds and as
    many names as half of those saying the word at all ("fruit", said in fruit cocktails, juices and baby foods,
    is no such class). Class word -> the member heading the most names, the class's everyday answer."""
    heads: dict[str, int] = {}
    for _, segments in segmented:
        if segments:
            heads[segments[0][-1]] = heads.get(segments[0][-1], 0) + 1
    members: dict[str, list[str]] = {}
    for w in heads:
        for cut in range(3, len(w) - 2):
            start, tail = w[:cut], w[cut:]
            if start in vocabulary and tail in vocabulary and tail not in categories:
                members.setdefault(tail, []).append(w)
    found: dict[str, str] = {}
    for tail, said in members.items():
        headed = sum(heads[w] for w in said)
        if (
            len(said) >= CLASS_MIN_MEMBERS
            and heads.get(tail, 0) <= CLASS_MAX_OWN_NAMES
            and headed * 2 >= holding.get(tail, 0)
        ):
            found[tail] = max(said, key=lambda w: (heads[w], w))
    return found


def _shared_kinds(segmented: Segmented, categories: frozenset[str]) -> frozenset[str]:
    """Words generic names say after at least SHARED_KIND_CATEGORIES different categories and never as the
    head of their first segment: "tenderloin" ("Beef, tenderloin", "Pork, fresh, loin, tenderloin"), "chop",
    "steak". Unlike "omelet" (of eggs only) or "sausage" ("Sausage, chicken"), such a word says which part of
    a class is meant, and the class said with it ("chicken tenderloins") is the food."""
    under: dict[str, set[str]] = {}
    heading: set[str] = set()
    for _, segments in segmented:
        if not segments:
            continue
        heading.add(segments[0][-1])
        first = " ".join(segments[0])
        if first in categories:
            for segment in segments[1:]:
                for w in segment:
                    under.setdefault(w, set()).add(first)
    return frozenset(w for w, found in under.items() if len(found) >= SHARED_KIND_CATEGORIES and w not in heading)


def _names_a_food(word: str) -> bool:
    """A common name's last word that can name a food: not a state ("raw"), a variant word ("sodium"), a
    part, or an abbreviation ("bnl", "rst")."""
    return len(word) >= 4 and word.isalpha() and word not in _ANY_STATE and word not in WORD_PRIOR and word not in PARTS


def _word_pairs(
    rows: Sequence[Any], described: dict[str, tuple[bool, tuple[str, ...]]]
) -> tuple[dict[tuple[str, str], int], dict[str, int]]:
    """(adjacent singular words -> how many foods' names say them, word -> how many foods' names hold it),
    over USDA names and common names."""
    pairs: dict[tuple[str, str], int] = {}
    holding: dict[str, int] = {}
    for row in rows:
        common_names = described.get(row[5], (False, ()))[1] if row[4] == USDA_SOURCE else ()
        said: set[tuple[str, str]] = set()
        held: set[str] = set()
        for text_ in (row[1], *common_names):
            singulars = [singular(w) for w in words(text_)]
            held.update(singulars)
            said.update(itertools.pairwise(singulars))
        for pair in said:
            pairs[pair] = pairs.get(pair, 0) + 1
        for w in held:
            holding[w] = holding.get(w, 0) + 1
    return pairs, holding


ESTABLISHED_COMMON_NAME_FOODS = 3


def _established_common_words(rows: Sequence[Any], described: dict[str, tuple[bool, tuple[str, ...]]]) -> set[str]:
    """Words of USDA common names given to at least ESTABLISHED_COMMON_NAME_FOODS foods ("bok choy" for raw and
    cooked pak-choi): names in use. A word of a food or two ("portobello" for two portabellas) is
    left to typo correction, which finds every food with the names' spelling."""
    holding: dict[str, int] = {}
    for row in rows:
        if row[4] != USDA_SOURCE:
            continue
        said = {singular(w) for common in described.get(row[5], (False, ()))[1] for w in words(common)}
        for w in said:
            holding[w] = holding.get(w, 0) + 1
    return {w for w, count in holding.items() if count >= ESTABLISHED_COMMON_NAME_FOODS and not w.isdigit()}


# Words USDA writes joined in some names and apart in more ("lowfat" / "low fat", "hotdog" / "hot dog"):
# word -> its two words. Names and queries both say them apart, so either spelling finds both.
_SPLIT_COMPOUNDS: dict[str, tuple[str, str]] = {}
_SPLIT_PAIRS: set[tuple[str, ...]] = set()  # the two words of each, as said apart


def _learn_split_compounds(pairs: dict[tuple[str, str], int], holding: dict[str, int]) -> None:
    split: dict[str, tuple[str, str]] = {}
    for w, count in holding.items():
        if len(w) < 6 or not w.isalpha():
            continue
        for cut in range(3, len(w) - 2):
            pair = (w[:cut], w[cut:])
            if pairs.get(pair, 0) >= count:
                split[w] = pair
                break
    if split != _SPLIT_COMPOUNDS:
        _SPLIT_COMPOUNDS.clear()
        _SPLIT_COMPOUNDS.update(split)
        _SPLIT_PAIRS.clear()
        _SPLIT_PAIRS.update(split.values())
        analyse.cache_clear()


def _name_words(text: str) -> tuple[str, ...]:
    """The singular words of a name or query, compounds said apart (see _SPLIT_COMPOUNDS)."""
    out: list[str] = []
    for w in words(text):
        term = singular(w)
        out.extend(_SPLIT_COMPOUNDS.get(term, (term,)))
    return tuple(out)


def _alias_name(
    name: str, common: str, categories: frozenset[str] = frozenset(), heads: frozenset[str] = frozenset()
) -> str:
    """The USDA name with its first segment replaced by a common name: "Frankfurter, beef, unheated" is
    ranked for "hot dog" as "hot dog, beef, unheated" would be. A classifier heading the name stays: "Pork,
    fresh, loin, center rib (chops or roasts)" is called "rib chops", a pork cut ("Pork, rib chops, ..."), not
    a food named "rib chops" that a lamb rib chop could be. Not a common name that heads foods' names of its
    own (`heads`): "spaghetti" of "Pasta, dry" is spaghetti."""
    first, _, rest = name.partition(",")
    key = " ".join(singular(w) for w in words(first))
    said = _name_words(common)
    if (
        rest.strip()
        and key
        and said
        and said[-1] not in heads
        and not set(words(common)) & set(words(first))
        and (_files_foods(key, categories) or set(key.split()) <= CATEGORY_WORDS)
    ):
        return f"{first.strip()}, {common}, {rest.strip()}"
    return f"{common}, {rest.strip()}" if rest.strip() else common


# A name USDA gives in parentheses near the start of its own ("Plums, dried (prunes), uncooked",
# "Tangerines, (mandarin oranges), raw", "Coriander (cilantro) leaves, raw"), not a note of what the food
# includes or of how it is cut: one to three words, no digits, no commas.
_PARENTHESISED = re.compile(r"\(([a-z][a-z' -]*)\)")
_NOT_A_PARENTHESISED_NAME = frozenset(
    {"include", "includes", "with", "without", "and", "or", "formerly", "made", "from", "all", "not", "a"}
)


def _parenthesised_names(name: str) -> tuple[str, ...]:
    """The food's names in parentheses in its first two segments, each as a name of its own followed by the
    segments after the one holding it: "Plums, dried (prunes), uncooked" is also "prunes, uncooked". A
    parenthesis ending the whole name notes where a food comes from ("(Alaska Native)"), not its name."""
    if _branded(name):
        return ()  # a brand's product ("WORTHINGTON Wham (roll)") is no everyday food by another name
    segments = name.lower().split(",")
    found: list[str] = []
    for position, segment in enumerate(segments[:2]):
        for match in _PARENTHESISED.finditer(segment):
            said = match.group(1).split()
            if not 0 < len(said) <= 3 or set(said) & _NOT_A_PARENTHESISED_NAME:
                continue
            if len(said) == 1 and said[0].endswith("ed"):
                continue  # a state ("(hydrogenated)"), not a name
            if singular(words(match.group(1))[-1]) in PARTS:
                continue  # "(bullock's-heart)" is no heart
            if not (segment[match.end() :].strip() or segments[position + 1 :]):
                continue  # at the very end of the name: a note of origin ("(Alaska Native)", "(Navajo)")
            rest = ",".join(segments[position + 1 :]).strip()
            found.append(f"{match.group(1)}, {rest}" if rest else match.group(1))
    return tuple(found)


COMPOUND_TAIL_MIN_WORDS = 3
COMPOUND_START_RATIO = 5


def _compound_heads(vocabulary: frozenset[str], standalone: frozenset[str]) -> dict[str, str]:
    """Words people say for a food USDA names with a compound of that word and a food class ("kiwi" for
    "Kiwifruit", "flax" for "Flaxseed", "star" for "Starfruit"), learned from the name words: the tail is
    a word naming a food by itself that ends at least COMPOUND_TAIL_MIN_WORDS compounds of two name words
    (fruit: grapefruit, kiwifruit, jackfruit...), and the word before it names no food by itself ("grape"
    does: "Grapes, raw") and begins no other such compound."""
    by_tail: dict[str, set[tuple[str, str]]] = {}
    for w in vocabulary:
        if len(w) < 7 or not w.isalpha() or w in _SPLIT_COMPOUNDS:
            continue
        for cut in range(4, len(w) - 2):
            start, tail = w[:cut], w[cut:]
            if start in vocabulary and tail in vocabulary and tail in standalone:
                by_tail.setdefault(tail, set()).add((start, w))
    compounds: dict[str, set[str]] = {}
    for said in by_tail.values():
        if len(said) >= COMPOUND_TAIL_MIN_WORDS:
            for start, w in said:
                compounds.setdefault(start, set()).add(w)
    return {start: next(iter(ws)) for start, ws in compounds.items() if len(ws) == 1 and start not in standalone}


# Measures every food of a kind has or that say nothing about how people eat it.
_NOT_HOUSEHOLD = ("NLEA serving", "serving", "oz", "lb", "g")
CATEGORY_MIN_FOODS = 10


def _small_category(first: str, kinds_of: dict[str, set[str]], count: int) -> bool:
    """A class of a few foods ("Leavening agents, yeast / baking soda / cream of tartar"): a first segment
    written in the plural whose second segments are mostly kinds rather than states ("Apples, raw",
    "Apples, canned" are the food itself, prepared), each read past a state all of them share ("Tomato
    products, canned, sauce / paste / puree")."""
    kinds = kinds_of.get(first, set())
    if count < SMALL_CATEGORY_MIN_FOODS or len(kinds) < 3 or not first.endswith(_PLURAL_CLASS):
        return False
    states = sum(1 for kind in kinds if set(words(kind)) & _STATE_WORDS)
    return states * 2 < len(kinds)


def _kind_segment(segments: list[str]) -> str:
    """The first of a name's later segments that says more than a state: "Tomato products, canned, sauce"
    is a kind of tomato product, sauce, canned as all of them are."""
    for segment in segments:
        said = set(words(segment))
        if not said or not said <= _STATE_WORDS:
            return segment
    return segments[0]


SMALL_CATEGORY_MIN_FOODS = 5
_PLURAL_CLASS = ("agent", "product", "substitute", "ingredient")
_CLASS_NOUNS = frozenset(_PLURAL_CLASS) - NEGATING  # a substitute is not the food it replaces
_STATE_WORDS = frozenset({"raw", "canned", "frozen", "dried", "cooked", "fresh", "boiled", "dehydrated", "juice"})


class Categories(frozenset[str]):
    """The learned categories, and of them the ones that are foods themselves ("Bread, cinnamon" is a
    bread; "Spices, cinnamon" is cinnamon), with the words that name a food on their own somewhere."""

    foods: frozenset[str] = frozenset()
    standalone: frozenset[str] = frozenset()
    named_alone: frozenset[str] = frozenset()  # one-word first segments ("Spinach", "Cheese")


def _categories(names: list[str], group_names: list[str | None] | None = None) -> Categories:
    """First name segments that head at least CATEGORY_MIN_FOODS names with several different second
    segments ("Alcoholic beverage, wine", "Fish, salmon", "Beef, ground"): a category, whose food is named
    later; a rarer first segment ("Vinegar, red wine") is the food itself and the rest only qualifies it.

    A category is a mere classifier when USDA's food group says the same ("Spices" in "Spices and Herbs",
    "Pork" in "Pork Products"); otherwise it is a food of its own ("Bread", "Yogurt") and what follows it
    is a flavour or ingredient of that food ("Bread, cinnamon", "Yogurt, plain, whole milk")."""
    counts: dict[str, int] = {}
    seconds: dict[str, set[str]] = {}
    kinds: dict[str, set[str]] = {}  # the first later segment of each name that says more than a state
    classifier_votes: dict[str, int] = {}
    groups = group_names if group_names is not None else [None] * len(names)
    for name, group in zip(names, groups, strict=True):
        segments = [segment.strip().lower() for segment in name.split(",")]
        first = " ".join(singular(w) for w in words(segments[0]))
        counts[first] = counts.get(first, 0) + 1
        if len(segments) > 1:
            seconds.setdefault(first, set()).add(segments[1])
            kinds.setdefault(first, set()).add(_kind_segment(segments[1:]))
        group_words = {singular(w) for w in words(group or "")}
        by_product = first.split()[-1] in BY_PRODUCTS if first else False
        if (set(first.split()) & group_words or set(first.split()) <= CATEGORY_WORDS) and not by_product:
            classifier_votes[first] = classifier_votes.get(first, 0) + 1
    found = Categories(
        first
        for first, count in counts.items()
        if (count >= CATEGORY_MIN_FOODS and len(seconds.get(first, ())) >= 3) or _small_category(first, kinds, count)
    )
    found.foods = frozenset(
        c for c in found if classifier_votes.get(c, 0) * 2 < counts[c] and not _small_category(c, kinds, counts[c])
    )
    # Words that name a food by themselves: in a first segment that is not a category ("Vanilla extract"),
    # or heading the segment right after a classifier ("Spices, cinnamon").
    standalone: set[str] = set()
    for name in names:
        segments = [" ".join(singular(w) for w in words(s)) for s in _PARENTHESES.sub("", name.lower()).split(",")]
        if segments[0] not in found:
            standalone.update(segments[0].split())
        elif segments[0] not in found.foods and len(segments) > 1 and segments[1]:
            kind = segments[1].split()
            standalone.add(kind[-1])  # its head noun: "Snacks, pita chips" is chips
            if kind[-1] in PARTS and len(kind) > 1:
                standalone.add(kind[-2])  # and the food a part is of: "Seeds, sesame seeds" is sesame
    found.standalone = frozenset(standalone)
    found.named_alone = frozenset(first for first in counts if first and " " not in first and first.isalpha())
    return found


def _families(names: list[str], categories: frozenset[str]) -> dict[str, int]:
    """How many foods share each name's first segment, and its first two ("Wheat flour" heads 15 foods,
    "Rice, white" 12), after a category ("Beverages, tea, black"): USDA describes the everyday forms of a
    food in the most variants."""
    counts: dict[str, int] = {}
    for name in names:
        for key in _family_keys(name, categories):
            counts[key] = counts.get(key, 0) + 1
    return counts


_WHOLE_FOOD = frozenset({"flesh", "meat", "whole"})


def _variety_key(name: str, categories: frozenset[str]) -> tuple[str, ...]:
    """The food and its variety, category included: "Fish, salmon, sockeye" -> (fish, salmon, sockeye),
    "Frankfurter, beef, unheated" -> (frankfurter, beef); a variety segment by its first word ("Candies,
    fudge, chocolate marshmallow" is a chocolate fudge). A name that says no variety, only a state or a
    variant ("Cauliflower, raw", "Milk, canned") ends in "": it is the food itself. Empty for no food."""
    segments = [[singular(w) for w in words(s)] for s in _PARENTHESES.sub("", name.lower()).split(",")]
    food = 2 if len(segments) > 2 and set(segments[0]) <= CATEGORY_WORDS else 1
    if len(segments) < food or not segments[0]:
        return ()
    said = segments[food][0] if len(segments) > food and segments[food] else ""
    if said == "with" and set(segments[food][1:]) <= PARTS:
        said = ""  # "Cucumber, with peel": the food itself, whole
    # A state, a variant word or the food's flesh ("Potatoes, flesh and skin, raw") is no variety.
    plain = not said or said in _ANY_STATE or said in _HOW_COOKED or said in _WHOLE_FOOD or WORD_PRIOR.get(said, 0) > 0
    return (*(" ".join(s) for s in segments[:food]), "" if plain else said)


def _varieties(names: list[str], categories: frozenset[str]) -> dict[tuple[str, ...], int]:
    """How many foods each variety of a food heads ("Fish, trout, rainbow" 4, "Fish, trout, brook" 1):
    USDA describes the variety people eat most (rainbow trout, beef hot dogs) in the most forms. The food
    itself, named with no variety ("Kale, raw"), counts as much as its most described variety."""
    counts: dict[tuple[str, ...], int] = {}
    for name in names:
        key = _variety_key(name, categories)
        # A variant ("industrial", "low") or a brand's range is no variety people mean: it counts none.
        if key and key[-1] and WORD_PRIOR.get(key[-1], 0.0) >= 0 and not _branded(name):
            counts[key] = counts.get(key, 0) + 1
    most: dict[tuple[str, ...], int] = {}
    for key, count in counts.items():
        most[key[:-1]] = max(most.get(key[:-1], 0), count)
    counts.update({(*food, ""): count for food, count in most.items()})  # the food, or its chief variety
    return counts


def _files_foods(first_key: str, categories: frozenset[str]) -> bool:
    """A name's first segment is a category that files other foods under it, not one that is a food itself
    ("Cheese, cream", "Candies, fudge": see Categories.foods)."""
    return first_key in categories and first_key not in getattr(categories, "foods", ())


def _home_key(name: str, categories: frozenset[str]) -> tuple[frozenset[str], str]:
    """(the food a name is of, the classifier it is filed under, "" for none): "Veal, sirloin, ..." ->
    ({sirloin}, veal), "Beef, top sirloin, ..." -> ({sirloin}, beef) (a cut's position is no other food),
    "Beverages, water, tap" -> ({water}, beverage), "Water, bottled" -> ({water}, ""). A category that is a
    food itself ("Cheese, cream", "Candies, fudge") is the food. A segment saying only a state is skipped."""
    segments = [
        _one_alternative(tuple(singular(w) for w in words(s))) for s in _PARENTHESES.sub("", name.lower()).split(",")
    ]
    segments = [s for s in segments if s]
    if not segments:
        return frozenset(), ""
    first = " ".join(segments[0])
    classifier = _files_foods(first, categories) or set(segments[0]) <= CATEGORY_WORDS
    if not classifier or len(segments) < 2:
        return frozenset(segments[0]), ""
    food = next((s for s in segments[1:] if not set(s) <= _ANY_STATE | _HOW_COOKED), segments[1])
    return frozenset(food) - CUT_POSITIONS, first


def _home_keys(name: str, categories: frozenset[str]) -> tuple[tuple[frozenset[str], str], ...]:
    """_home_key, and the same for each name the food is given in parentheses, under the same classifier:
    "Veal, leg (top round)" is veal's top round too."""
    food, classifier = _home_key(name, categories)
    also = (
        (frozenset(singular(w) for w in words(alias.split(",")[0])) - CUT_POSITIONS, classifier)
        for alias in _parenthesised_names(name)
    )
    return ((food, classifier), *(key for key in also if key[0] and key[0] != food))


def _homes(names: list[str], categories: frozenset[str]) -> dict[tuple[frozenset[str], str], int]:
    """How many foods each (food, classifier) pair names ("Beef, ... sirloin" 30, "Veal, sirloin" 6): a
    bare food word means the food under the classifier USDA describes it most under (beef sirloin), as a
    bare food means its most described variety (see _varieties). Brands' ranges count none."""
    counts: dict[tuple[frozenset[str], str], int] = {}
    for name in names:
        if not _branded(name):
            for key in _home_keys(name, categories):
                counts[key] = counts.get(key, 0) + 1
    return counts


def _family_keys(name: str, categories: frozenset[str]) -> tuple[str, str]:
    segments = [" ".join(singular(w) for w in words(s)) for s in _PARENTHESES.sub("", name.lower()).split(",")]
    if len(segments) > 1 and (segments[0] in categories or set(segments[0].split()) <= CATEGORY_WORDS):
        segments = segments[1:]
    return segments[0], "|".join(segments[:2])


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[str, ...]  # singular, corrected, [always] phrases replaced
    corrected: bool
    head: str = ""  # the word the query is about: its last word ("red wine" is a wine), else a synonym's first
    phrase: tuple[str, ...] = ()  # its words in order, when more than one ("half and half")


TYPO_CUTOFF = 0.75


@dataclass(frozen=True)
class _TypoIndex:
    """Character counts of every vocabulary word, to find in one vectorised step the few words that can
    reach difflib's ratio with a typo (difflib itself would compare the typo with every word, ~5 ms)."""

    words: tuple[str, ...]
    lengths: np.ndarray[Any, Any]
    counts: np.ndarray[Any, Any]  # word x character
    alphabet: dict[str, int]


@lru_cache(maxsize=4)
def _typo_index(vocabulary: frozenset[str]) -> _TypoIndex:
    ordered = tuple(sorted(vocabulary))
    alphabet = {char: i for i, char in enumerate(sorted({char for word in ordered for char in word}))}
    counts = np.zeros((len(ordered), len(alphabet)), dtype=np.int16)
    for row, word in enumerate(ordered):
        for char in word:
            counts[row, alphabet[char]] += 1
    return _TypoIndex(ordered, np.array([len(word) for word in ordered], dtype=np.float64), counts, alphabet)


def _within_reach(term: str, vocabulary: frozenset[str]) -> list[str]:
    """Words whose difflib quick_ratio with `term` (2 x shared characters / total length, an upper bound of
    its ratio) reaches the cutoff: exactly the words get_close_matches would go on to compare."""
    index = _typo_index(vocabulary)
    wanted = np.zeros(len(index.alphabet), dtype=np.int16)
    for char in term:
        if char in index.alphabet:
            wanted[index.alphabet[char]] += 1
    shared = np.minimum(index.counts, wanted).sum(axis=1)
    bound = 2.0 * shared / (index.lengths + len(term))
    return [index.words[i] for i in np.flatnonzero(bound >= TYPO_CUTOFF - 1e-9)]


def parse(query: str, vocabulary: frozenset[str], *, join: bool = True) -> ParsedQuery:
    """`join`: two words USDA writes as one are joined ("butter milk" -> "buttermilk"; see _variants)."""
    lowered = " ".join(words(joined_initials(query[:MAX_QUERY_CHARS]).replace("&", " and ")))  # "half & half"
    # "Full-fat" is the food as it comes, which USDA names do not call so: its "fat" would find the fat-free
    # variant ("Sour cream, fat free") before the full one ("Cream, sour, cultured").
    lowered = _FULL_FAT.sub(" ", lowered).strip() or lowered
    original = lowered
    lowered = _apply_synonyms(words(lowered))
    terms: list[str] = []
    corrected = False
    joined = _joined_compounds(words(lowered), vocabulary) if join else words(lowered)
    for position, word in enumerate(joined):
        term = singular(word)
        if vocabulary and term not in vocabulary and term.endswith("s") and term[:-1] in vocabulary:
            term = term[:-1]  # a plural singular() keeps ("kiwis", "salamis"): the names say the singular
        if position == len(joined) - 1 and term in VOCABULARY.compound_heads:
            term = VOCABULARY.compound_heads[term]  # the food asked for: "kiwi" is a kiwifruit
        if term in _SPLIT_COMPOUNDS:
            for part in _SPLIT_COMPOUNDS[term]:
                if part not in terms:
                    terms.append(part)
            continue
        if vocabulary and term not in vocabulary and not term.isdigit() and len(term) > 3:
            served_in = term in VOCABULARY.measure_words and len(joined) > 1  # alone, it may be all that was said
            close = [] if served_in else _closest(term, vocabulary)
            if close and close[0] not in VOCABULARY.food_words and VOCABULARY.food_words:
                # A typo of a word only recipes say ("omlette" of "omelette"): a food name's spelling finds the
                # food ("Egg, ..., omelet"), and recipes still by word prefix, as for "omelette" below.
                close = [word for word in _closest(term, VOCABULARY.food_words) if word in vocabulary] or close
            if close and not (term.endswith("y") and close[0] == term[:-1]):
                # Not an adjective made of a noun ("floury potatoes" are no "Potato flour"): left unknown.
                term, corrected = close[0], True
                rewrite = everyday.rewrites().get(term)
                if rewrite:
                    # The word meant is one the [always] table rewrites ("parmesean" is "parmesan", "cheese
                    # parmesan"): spelt right it would have been rewritten, and a typo finds what the word does.
                    terms.extend(dict.fromkeys(singular(w) for w in words(rewrite) if singular(w) not in terms))
                    continue
        elif term not in VOCABULARY.food_words and VOCABULARY.food_words and not term.isdigit() and len(term) > 3:
            # A word only recipes say, in a spelling no food name uses ("omelette" for "Egg, ..., omelet"):
            # the food names' spelling finds the food, and recipes still by word prefix.
            close = _closest(term, VOCABULARY.food_words)
            if close and close[0] in vocabulary:
                term, corrected = close[0], True
        if term not in terms:
            terms.append(term)
    if len(terms) > 2:
        # "leg of lamb", "cream of the crop": words that only join others say nothing of the food.
        terms = [term for term in terms if term not in _JOINING] or terms
    if vocabulary and len(terms) > 1:
        # A word no food name says, nor any it could be a typo of ("yukon gold potatoes"), matches nothing:
        # left in, it would raise the number of words a food must hold past what any holds. Only when a word
        # that names something is left: "xy & zz" is no search for every name that says "and".
        known = [term for term in terms if term in vocabulary or term.isdigit()]
        if any(term not in _CONNECTORS for term in known):
            terms = known
    kept = tuple(terms[:MAX_TERMS])
    said = _name_words(lowered)
    return ParsedQuery(kept, corrected, _head(original, kept, vocabulary), said if len(said) > 1 else ())


_FULL_FAT = re.compile(r"\bfull fat\b")


@lru_cache(maxsize=1)
def _longest_rewrite() -> int:
    return max((len(phrase.split()) for phrase in everyday.rewrites()), default=0)


def _apply_synonyms(split: list[str]) -> str:
    """The query with each phrase of everyday_names.toml's [always] table replaced, longest first, in one pass
    left to right (a replacement is not looked up again). A phrase matches as written or with its words in
    the singular."""
    synonyms = everyday.rewrites()
    longest = _longest_rewrite()
    out: list[str] = []
    position = 0
    while position < len(split):
        for size in range(min(longest, len(split) - position), 0, -1):
            window = split[position : position + size]
            said = " ".join(window)
            replacement = synonyms.get(said) or synonyms.get(" ".join(singular(w) for w in window))
            if replacement is not None and (
                (position > 0 and singular(split[position - 1] + window[0]) in VOCABULARY.food_words)
                or (
                    position + size < len(split)
                    and singular(window[-1] + split[position + size]) in VOCABULARY.food_words
                )
            ):
                # The phrase starts or ends a word the names write as one ("pigeon peas": "Pigeon peas (red gram)"
                # read as "pigeonpea"; "corn meal": "Cornmeal"): "peas" -> "peas green" would make it green peas,
                # "corn" -> "corn sweet" sweet corn.
                replacement = None
            if (
                replacement is not None
                and position + size < len(split)
                and _only_qualifies(window, replacement)
                and VOCABULARY.pairs.get((singular(window[-1]), singular(split[position + size])), 0)
            ):
                # "corn" -> "corn sweet" says which corn is meant when corn is the food asked for, not in
                # "corn flakes", a name of its own that food names say ("KELLOGG'S Corn Flakes").
                replacement = None
            if (
                replacement is not None
                and not _ADDED_TO.isdisjoint(singular(w) for w in split)
                and _only_qualifies(window, replacement)
                and {singular(w) for w in replacement.split()} - {singular(w) for w in window} <= _ANY_STATE
            ):
                # A state the table adds is the plain food's ("orange juice" is "Orange juice, raw"), not that of a
                # food something was added to: "calcium fortified orange juice" is never raw.
                replacement = None
            if replacement is not None:
                out.append(replacement)
                position += size
                break
        else:
            out.append(split[position])
            position += 1
    return " ".join(out)


# Said of a food something was added to in processing ("Orange juice, ..., with added calcium"): never a raw one.
_ADDED_TO = frozenset({"fortified", "enriched"})


def _only_qualifies(window: list[str], replacement: str) -> bool:
    """The replacement keeps the phrase's own words and only adds qualifiers ("peas" -> "peas green")."""
    kept = {singular(w) for w in replacement.split()}
    said = {singular(w) for w in window}
    return said < kept  # adds words; "white rice" -> "rice white" only puts them in USDA's order


def _joined_compounds(split: list[str], vocabulary: frozenset[str]) -> list[str]:
    """Two query words USDA writes as one ("low fat" -> "lowfat", "butter milk" -> "buttermilk"), joined
    when the joined word is a word of the food names."""
    joined: list[str] = []
    position = 0
    while position < len(split):
        pair = "".join(split[position : position + 2])
        # Judged in the singular: "jelly beans" is "jellybeans", whose singular is the vocabulary's word.
        joined_word = pair if pair in vocabulary else singular(pair)
        if (
            position + 1 < len(split)
            and len(pair) > 5
            and joined_word in vocabulary
            and not _said_apart(split, position)
        ):
            joined.append(pair)
            position += 2
        else:
            joined.append(split[position])
            position += 1
    return joined


def _said_apart(split: list[str], position: int) -> bool:
    """Food names (or USDA common names) say the two words apart more often than joined ("hot dog")."""
    apart = VOCABULARY.pairs.get((singular(split[position]), singular(split[position + 1])), 0)
    joined = "".join(split[position : position + 2])
    return apart >= max(VOCABULARY.holding.get(joined, 0), VOCABULARY.holding.get(singular(joined), 0))


def _head(original: str, terms: tuple[str, ...], vocabulary: frozenset[str]) -> str:
    """English puts the head noun last ("red wine vinegar" is a vinegar); an [always] phrase of
    everyday_names.toml written in USDA order ("scallions" -> "onions spring") puts it first."""
    if not terms:
        return ""
    # "chili with beans" is a chili, as "Chili with beans, canned" is read (see _before_made).
    said = list(_before_made(tuple(words(original))))
    inside = said.index("in", 1) if "in" in said[1:] else 0
    if inside and not VOCABULARY.pairs.get((singular(said[inside - 1]), "in"), 0):
        # "sardines in olive oil", "peanuts in shell": the food is what comes in it, not what it comes in (but
        # "bone in chicken breast": a phrase the names say, "bone-in").
        said = said[:inside]
    while (
        len(said) > 1
        # "half and half", "salt and pepper": a word after a connector is part of a phrase, not a cut said of
        # it; popped, the connector would be the head ("fat free half and half" found pork "lean and fat").
        and said[-2] not in _CONNECTORS
        and (
            singular(said[-1]) in _FAMILY_ENDS | _VARIANT_SAID | _HANDLED
            or (said[-1] == "fat" and said[-2] in _VARIANT_SAID)
            # "bread sticks", "mozzarella sticks", "crab sticks": a food named so ("Bread sticks, plain"; the
            # everyday name of another food, surimi), not bread cut into sticks.
            or (
                singular(said[-1]) in _CUT_INTO | _FORM_SAID
                and not VOCABULARY.pairs.get((singular(said[-2]), singular(said[-1])), 0)
                and not _names_another_food(said[-2:])
            )
        )
    ):
        # "black beans canned", "salami slices", "cream cheese light", "yogurt low fat": the state, cut or
        # variant typed after the food is no head noun.
        if said[-1] == "free" and len(said) > 2 and said[-3] not in _CONNECTORS:
            said.pop()  # "pudding sugar free", "bread gluten free": what it is free of is no head noun either
        said.pop()
    last = said[-1] if said else ""
    candidates = [singular(last)]
    candidates[0] = VOCABULARY.compound_heads.get(candidates[0], candidates[0])
    if candidates[0] in _SPLIT_COMPOUNDS:
        candidates = [_SPLIT_COMPOUNDS[candidates[0]][1]]  # "cornstarch" is a starch
    if vocabulary and candidates[0] not in vocabulary and len(candidates[0]) > 3:
        candidates += _closest(candidates[0], vocabulary)
    for candidate in candidates:
        if candidate in terms:
            return _leaf_of(candidate, terms)
    # The last word typed is a short form the [always] table rewrote ("light mayo" -> "light mayonnaise"): the
    # head is among its USDA words, never a modifier said before it ("light" alone names a wine and a beer).
    rewritten = everyday.rewrites()
    usda = rewritten.get(last) or rewritten.get(singular(last)) or ""
    meant = {singular(w) for w in words(usda)}
    in_order = _name_words(usda)
    if len(in_order) > 1 and in_order in VOCABULARY.first_phrases and in_order[-1] in terms:
        # The USDA words are a food's name as English says it ("pb" -> "peanut butter"): its last word is the
        # head, as in "Peanut butter, smooth style", not a modifier ("peanut" found peanut butter cookies).
        return in_order[-1]
    # The head is a food, not the state it is in ("fresh cilantro" -> "fresh coriander leaves"). The last
    # word said being no food word ("skinless salmon fillet"), the head is the last food word before it, not a
    # modifier said first.
    foods = [term for term in terms if term not in _ANY_STATE]
    return next(
        (term for term in foods if term in meant),
        next((term for term in reversed(foods) if term not in _MODIFIERS), foods[0] if foods else terms[0]),
    )


def _names_another_food(pair: list[str]) -> bool:
    """The two words are an everyday name of a food whose USDA words lack the first ("crab sticks": surimi)."""
    name = everyday.names().get(" ".join(pair))
    return name is not None and singular(pair[0]) not in {singular(w) for w in words(name.usda)}


# Words said before a food that qualify it: never its head noun.
# "organic" says how it was grown, never which food: names say it of a few baby foods only. "homemade" says who
# made it ("Sauce, homemade, white" is a white sauce): "homemade bread" is bread.
_MODIFIERS = frozenset(
    {"skinless", "boneless", "light", "lite", "lowfat", "nonfat", "reduced", "low", "unsalted", "organic"}
    | {"homemade"}
)


# Variant words typed after the food ("cream cheese light").
_VARIANT_SAID = frozenset(
    {"light", "lite", "lowfat", "nonfat", "low", "reduced", "non", "free", "unsalted", "salted", "plain", "diet"}
    | {"sweetened", "unsweetened", "regular", "organic"}
)
# What a food is cut into, said after it ("salami slices", "pineapple chunks").
_CUT_INTO = frozenset({"slice", "piece", "chunk", "cube", "half", "wedge", "quarter", "segment", "strip", "fillet"})
# The form a food comes in, typed after it ("asparagus spears", "pumpkin puree"): USDA says it of one food or
# two ("Broccoli, frozen, spears", "Tomato products, canned, puree"), which are no answer for another food's.
_FORM_SAID = frozenset({"spear", "puree", "stick"})
# What a food is cut into or comes as, said besides it (see evaluate). Not "puree": a puree is a product of its own
# where names say it ("Tomato products, canned, puree" beside the sauce and the paste).
_SHAPES = _CUT_INTO | {"spear", "stick"}
# Handling typed after the food ("edamame shelled", "carrots peeled"), as a recipe line says it.
_HANDLED = frozenset({"shelled", "peeled", "pitted", "chopped", "sliced", "diced", "minced", "grated", "shredded"})
# Parts of a plant that name the plant when the names never say them of it: "basil leaves" are basil
# ("Basil, fresh"), while "grape leaves" and "bay leaves" are foods named so ("Grape leaves, raw").
# So is the root of one ("horseradish root", "taro root") unless names say it ("Ginger root", "Lotus root"),
# and an animal's cut ("duck legs", "crab legs" are duck and crab, not "Pork, fresh, leg").
_LEAVES = frozenset({"leaf", "sprig", "root", "leg", "wing", "thigh", "drumstick", "kernel", "heart"})


def _leaf_of(head: str, terms: tuple[str, ...]) -> str:
    position = terms.index(head)
    if head not in _LEAVES or position == 0:
        return head
    plant = terms[position - 1]
    if VOCABULARY.head_words and plant not in VOCABULARY.head_words:
        return head  # said of no food: "hot wings" are wings, not something hot
    return plant if not VOCABULARY.pairs.get((plant, head), 0) else head


TYPO_SAME_START_CUTOFF = 0.85
BRAND_TYPO_HANDICAP = 0.1
SAME_START_BONUS = 0.1
_JOINING = frozenset({"of", "the", "a", "an"})
# Words that only join others: no food by themselves.
_CONNECTORS = _JOINING | {"and", "or", "with", "in"}


def _closest(term: str, vocabulary: frozenset[str]) -> list[str]:
    """The vocabulary word `term` is a typo of, if any. A typo rarely changes a word's first letter: a
    close word starting otherwise is another word ("ghee" is no "heel"), unless it is very close."""
    found: list[tuple[float, str]] = []
    for close in difflib.get_close_matches(term, _within_reach(term, vocabulary), n=3, cutoff=TYPO_CUTOFF):
        ratio = difflib.SequenceMatcher(None, term, close).ratio()
        very_close = ratio >= TYPO_SAME_START_CUTOFF
        branded = close in VOCABULARY.brand_words
        if branded and not very_close:
            # A word only brands' names say is a typo of a food's name only when very close ("cherios"):
            # "paneer" is no "Planters", nor "skyr" "Skor".
            continue
        same_start = close[0] == term[0]
        if same_start or very_close:
            # A food's own word before a brand's nearly as close ("cheeze" is cheese, not CHEEZ WHIZ), and a word
            # keeping the first letter before one as close that drops it ("cantelope" is cantaloupe, not antelope).
            bonus = SAME_START_BONUS if same_start else 0.0
            found.append((ratio + bonus - (BRAND_TYPO_HANDICAP if branded else 0.0), close))
    return [max(found)[1]] if found else []


@dataclass(frozen=True, slots=True)
class NameInfo:
    """What ranking needs of a food name, worked out once per name (names change only on import)."""

    words: tuple[str, ...]  # singular words of the whole name
    word_set: frozenset[str]
    first: tuple[str, ...]  # singular words of the first comma segment
    second: tuple[str, ...]  # of the second, for names that start with a category ("Fish, salmon")
    starts_with_category: bool
    constant: float  # segment and length penalties, brand penalty
    priors: tuple[tuple[str, float], ...]  # (word, WORD_PRIOR) for the name's words that have one
    segments: tuple[tuple[str, ...], ...]  # singular words of each comma segment
    first_key: str  # the first segment's words joined, to look up among the categories
    kinds: frozenset[str] = frozenset()  # the second segment's words written in the plural ("Candies, caramels")
    plural_first: bool = False  # the first segment is written in the plural ("Candies", "Cookies")
    lacking: frozenset[str] = frozenset()  # words of its segments saying what it is without ("without raisins")
    branded: bool = False  # a brand's product ("Beverages, COCA-COLA, POWERADE, ...")


PLAIN_FORM = 1.0
HOUSEHOLD_USE = 0.5
_WITH_SKIN = re.compile(r"\bwith (skin|peel)\b")
_SKINNED = re.compile(r"(?<!un)\bpeeled\b|\b(without) (skin|peel)\b")
SKINNED = -2.0  # as "low" and "reduced": a variant of the food, not the food
PEELED = "peeled"
_WITHOUT = frozenset({"without"})
_LIGHT = frozenset({("light",), ("lite",)})
LIGHT_VARIANT = -2.0
_MADE_READY = frozenset({"prepared", "cooked", "reconstituted"})
_DRY_FORMS = frozenset({"dry", "powder", "mix", "dehydrated", "instant", "concentrate"})


@lru_cache(maxsize=32_768)
def analyse(name: str) -> NameInfo:
    segments = [segment.strip() for segment in name.lower().split(",") if segment.strip()]
    name_words = _name_words(name)
    # A name in parentheses is a note on the food's own ("Coriander (cilantro) leaves" is coriander leaves),
    # ranked as a name of its own (see _parenthesised_names): the leading segments are read without it.
    first = _before_made(_one_alternative(_name_words(_PARENTHESES.sub("", segments[0])))) if segments else ()
    second = (
        _state_apart(_before_made(_one_alternative(_name_words(_PARENTHESES.sub("", segments[1])))))[0]
        if len(segments) > 1
        else ()
    )
    # Segments that only state fortification ("enriched", "with added vitamin D") say nothing of which
    # food it is: they cost nothing.
    described = sum(1 for segment in segments[1:] if not _LABEL_ONLY.match(_PARENTHESES.sub("", segment).strip()))
    # Length counts what the name says of the food: a note in parentheses ("(includes onion, poppy, sesame)")
    # says what it covers, not a qualifier that makes it a special variant.
    said_length = len(_PARENTHESES.sub("", name).strip())
    constant = -SEGMENT_COST * described - 0.015 * said_length - (BRAND_PENALTY if _branded(name) else 0.0)
    word_set = frozenset(name_words)
    # The first part of a hyphenated compound qualifies the second ("whole-wheat" is a wheat, not a whole
    # food): its prior does not count.
    # Notes in parentheses ("(fat free or skim)") and fortification segments are not the food's own words.
    qualifying = {singular(w) for w in _COMPOUND_FIRST.findall(name.lower())}
    own = [s for s in _PARENTHESES.sub("", name.lower()).split(",") if s.strip() and not _LABEL_ONLY.match(s.strip())]
    # Of alternatives ("plain or buttermilk") the first is what the food is.
    own_words = {w for segment in own for w in _one_alternative(_name_words(segment))} - qualifying
    if own_words & _MADE_READY:
        # "Cocoa mix, powder, prepared with water", "Grits, ..., dry" cooked: the food as eaten, made from
        # the dry form, is not the dry form; "with water" is how, not an added ingredient.
        own_words -= _DRY_FORMS
        if re.search(r"\bwith (tap |distilled |boiling )?water\b", name.lower()):
            own_words -= {"with"}
    lowered = name.lower()
    if _WITH_SKIN.search(lowered):
        # "Cucumber, with peel, raw": the food whole, as it comes, not one with something added.
        own_words -= {"with"}
    priors = tuple((w, WORD_PRIOR[w]) for w in sorted(own_words) if w in WORD_PRIOR)
    skinned = _SKINNED.search(lowered)
    if skinned:
        # "Cucumber, peeled", "Apples, raw, without skin": a step from the food as it comes.
        priors += (("without" if skinned.group(1) else "peeled", SKINNED),)
    # A segment that is only a part or by-product ("Potatoes, raw, skin") or a word that negates the food
    # ("Bacon, meatless", "imitation", "cheese-flavored") is a different thing from the food asked for.
    # Words in parentheses only note what a food includes ("Crackers, saltines (includes oyster, soda)").
    bare = [s.strip() for s in _PARENTHESES.sub("", name.lower()).split(",") if s.strip()]
    segment_words = tuple(
        part
        for position, segment in enumerate(bare)
        for part in (
            _state_apart(_without_style(_before_made(_one_alternative(_name_words(segment)))))
            if position
            else (_without_style(_before_made(_one_alternative(_name_words(segment)))),)
        )
    )
    constant += sum(PART_PENALTY for segment in segment_words[1:] if _only_parts(segment))
    flesh = next((i for i, segment in enumerate(segment_words) if segment and set(segment) <= _FLESH_ONLY), 0)
    if 1 <= flesh <= 2:
        # The flesh right after the animal's name ("Chicken, broilers or fryers, meat and skin", "Quail,
        # meat only") is the whole animal; after a cut ("..., leg, meat only") it is that part of it.
        constant += WHOLE_ANIMAL
    if segment_words and segment_words[-1] in _LIGHT and len(segment_words) > 1:
        # A trailing "light" marks the light variant of the food ("Sour cream, light", "Beer, light"); one
        # before other segments names a kind ("Fish, tuna, light, canned in water").
        priors += ((segment_words[-1][0], LIGHT_VARIANT),)
    if "salad or cooking" in name.lower():
        # The oil sold to households for the table and the pan ("Oil, soybean, salad or cooking"), before
        # oils of a specialist's shelf ("Oil, almond", "Oil, wheat germ").
        constant += HOUSEHOLD_USE
    if ("plain",) in segment_words[1:3]:
        # "plain" right after the food's name says this is its default form ("Bread, naan, plain"), more
        # than "plain" deep in a variant's description ("Cocoa, dry powder, hi-fat or breakfast, plain").
        constant += PLAIN_FORM
    # Only as the food's own word: the second of alternatives ("Beans, baked, canned, plain or vegetarian") is
    # another name of the same food, not a substitute for it.
    constant += sum(NEGATION_PENALTY for segment in segment_words for w in segment if w in NEGATING)
    if any(phrase in name.lower() for phrase in NEGATING_PHRASES):
        constant += NEGATION_PENALTY
    if "flavored" in name.lower() or "flavor" in word_set:
        constant += NEGATION_PENALTY / 2
    return NameInfo(
        name_words,
        word_set,
        first,
        second,
        bool(first) and set(first) <= CATEGORY_WORDS and len(segments) > 1,
        constant,
        priors,
        segment_words,
        " ".join(first),
        _plural_kinds(segments[1]) if len(segments) > 1 else frozenset(),
        bool(first) and singular(words(segments[0])[-1]) != words(segments[0])[-1],
        frozenset(w for segment in segment_words if segment[:1] in _LACKS for w in segment) - _LACKING_NOTHING,
        _branded(name),
    )


# A segment that says what the food is made without ("Cookies, oatmeal, ..., without raisins", "Pasta, cooked,
# without added salt"): its words are what the food lacks, not what it holds.
_LACKS = frozenset({("without",), ("no",)})
_LACKING_NOTHING = frozenset({"without", "no", "added", "and", "or"})
# Query words that themselves say what a food lacks ("sugar free", "no salt"): a name saying it lacks the
# same thing ("no sugar added") is then the food asked for.
_SAYS_LACKING = frozenset({"free", "no", "without", "less", "unsalted", "unsweetened", "zero"})


# The flesh of an animal with or without its skin ("Chicken, ..., meat and skin, raw") is the animal as eaten,
# the whole bird or carcass, not a part of it: its words are all PARTS words, but it is no by-product.
_FLESH = frozenset({"meat", "and", "skin"})


_FLESH_ONLY = _FLESH | {"only"}
WHOLE_ANIMAL = 1.0


def _only_parts(segment: tuple[str, ...]) -> bool:
    """The segment names only a part or by-product ("skin", "skin only", "skin from whole": what follows the
    part says which animal's, and "only" that it is that part alone)."""
    if "from" in segment[1:]:
        segment = segment[: segment.index("from")]
    if len(segment) > 1 and segment[-1] == "only":
        segment = segment[:-1]
    if "fat" in segment and set(segment) <= PARTS | _FAT_TISSUE:
        return True  # "Lamb, ..., subcutaneous fat", "Beef, retail cuts, separable fat": the fat trimmed off
    return bool(segment) and set(segment) <= PARTS and not ("meat" in segment and set(segment) <= _FLESH)


# The fat of a carcass as names say it ("separable fat", "seam fat", "intermuscular fat"): a by-product, not the meat.
_FAT_TISSUE = frozenset({"fat", "separable", "subcutaneous", "intermuscular", "seam"})


# Words after a name's head noun that say how it is made, not what it is: "Soy sauce made from soy and
# wheat (shoyu)" is a soy sauce, written without a comma.
_MADE_HOW = frozenset({"made", "with"})


def _before_made(segment: tuple[str, ...]) -> tuple[str, ...]:
    """The segment up to a word saying how the food is made, when food words come before it."""
    made = next((i for i, w in enumerate(segment) if w in _MADE_HOW and i > 0), None)
    return segment if made is None else segment[:made]


def _without_style(segment: tuple[str, ...]) -> tuple[str, ...]:
    """A trailing "style" says nothing more of the food ("Peanut butter, smooth style" is smooth peanut butter):
    not an extra word. ("Mayonnaise type" is another dressing, like mayonnaise: its "type" stays.)"""
    return segment[:-1] if len(segment) > 1 and segment[-1] == "style" else segment


# A state ending a later segment is the state said without its comma ("Soup, beef broth or bouillon canned,
# ready-to-serve" is beef broth, canned): apart, the segment is just the food's name. Not "dried", which ends
# compounds of how ("freeze-dried", "sun-dried").
_TRAILING_STATES = frozenset({"canned", "frozen", "raw", "cooked"})


def _state_apart(segment: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    if len(segment) > 1 and segment[-1] in _TRAILING_STATES:
        return segment[:-1], segment[-1:]
    return (segment,)


def _one_alternative(segment: tuple[str, ...]) -> tuple[str, ...]:
    """A segment naming alternatives ("hazelnuts or filberts", "broilers or fryers") as its first one: the
    others are other names of the same thing, not more said of it."""
    if "or" not in segment[1:]:
        return segment
    kept: list[str] = []
    skip = 0
    for position, w in enumerate(segment):
        if skip:
            skip -= 1
        elif w == "or" and position > 0:
            # The alternative is one word as the name writes it: a compound said apart here or split into
            # its two words ("hamburger or hotdog", "hamburger or hot dog") is the one word "hotdog".
            skip = 2 if tuple(segment[position + 1 : position + 3]) in _SPLIT_PAIRS else 1
        else:
            kept.append(w)
    return tuple(kept)


def _static(name: str, group_code: str | None, common: float) -> float:
    """The query-independent part of evaluate(): commonness, name shape, group and word priors."""
    info = analyse(name)
    return common + info.constant + GROUP_PRIOR.get(group_code or "", 0.0) + sum(p for _, p in info.priors)


WAIVED_GROUP_PRIOR = 5.0


def _dynamic_bound(terms: tuple[str, ...], held: int) -> float:
    """The most the query-dependent parts of evaluate() can add to _static() for a name holding `held` of
    the terms (by its own or a common name's words): the head (HEAD_FIRST + EXACT_SEGMENT), 3 + 4 points a
    term held and -4 one missing, the whole-segment and leading-word bonuses, and the negative priors of
    query words, which evaluate() takes back."""
    taken_back = sum(max(0.0, -WORD_PRIOR.get(term, 0.0)) for term in terms)
    if PEELED in terms:
        taken_back += -SKINNED  # the skinned variant's cost, waived (see evaluate)
    if not _LIGHT_SAID.isdisjoint(terms):
        taken_back += -LIGHT_VARIANT + LIGHT_CALORIES + sum(max(0.0, -WORD_PRIOR.get(w, 0.0)) for w in _LIGHTER)
    # A state word a name says in other words matches without being counted held: 3 points, not -4.
    missing = len(terms) - held
    taken_back += 7.0 * min(
        missing,
        sum(
            1
            for term in terms
            if term in _SAME_STATE or term in _SALT_SAID or term in _COOKED_BY or term in _LIGHT_SAID or term == PEELED
        ),
    )
    if not _FRESH_SAID.isdisjoint(terms):
        taken_back += -WORD_PRIOR["immature"]  # the immature seeds' prior waived (see evaluate)
    if set(terms) >= _FAT_FREE:
        # "nonfat" read as "fat free" (see _fat_free_said): the words as part of the food's name, and the
        # name saying the food.
        taken_back += 8.0 + 6.0
    # "sugar free" and "diet" said in other words: 7 points, not -4 (see evaluate).
    taken_back += 11.0 * min(missing, len(_unsugared_said(terms)))
    taken_back += 7.0 * len(_claim_said(terms))  # a claim said in other words (see evaluate)
    if _unsugared_said(terms):
        taken_back += sum(max(0.0, -WORD_PRIOR.get(w, 0.0)) for w in _FEWER_CALORIES_SAID)
    # A shape said besides the food (see evaluate) costs nothing when missing, and the name still says the food.
    shapes = sum(1 for term in terms if term in _SHAPES)
    taken_back += 4.0 * min(missing, shapes)
    # The name says the food (+6) only when it holds every term as a word of its own.
    says = 6.0 if missing <= shapes else 0.0
    return HEAD_FIRST + EXACT_SEGMENT + 7.0 * held - 4.0 * missing + says + 2.0 + taken_back + 1e-6


def score(name: str, group_code: str | None, terms: tuple[str, ...]) -> float:
    return evaluate(name, group_code, terms)[1]


def evaluate(
    name: str,
    group_code: str | None,
    terms: tuple[str, ...],
    *,
    head: str = "",
    categories: frozenset[str] = frozenset(),
    measures: int = 0,
    common: float | None = None,
    phrase: tuple[str, ...] = (),
    longer: Mapping[str, frozenset[str]] | None = None,
) -> tuple[int, float]:
    """(how many terms the name matches, by word or word prefix; the name's relevance score). `common` is
    the food's commonness points (Entry.common); without it, those of `measures` household measures.
    `longer`: term -> the index words that start with it (Vocabulary.longer_words), for shared foods'
    names, whose words are all in the index: a set test instead of a scan of the name's words."""
    info = analyse(name)
    if "nonfat" in info.word_set and set(terms) >= _FAT_FREE:
        info = _fat_free_said(name)
    value = _head_score(info, head, terms, categories, phrase) if head else 0.0
    value += MEASURE_WEIGHT * min(measures, MEASURE_CAP) if common is None else common
    first = info.first
    if first and first[-1] in _CLASS_NOUNS and _files_foods(info.first_key, categories):
        # A class of foods made from one ("Tomato products"): the food is the one it is named after, the
        # class noun is no word of its name ("Tomato products, canned, sauce" is tomato sauce).
        first = first[:-1]
    if info.starts_with_category:
        # The food is the next segment; the category word counts only when the query names it.
        # The next segment is kept whole: "Spices, dill seed" is dill seed, not dill ("seed" is a category
        # word only where it heads the name, as in "Seeds, sesame seeds").
        if set(terms) <= set(first):
            # The query is just the category ("fish", "nuts"): every food filed under it is one, before a
            # food of another class named with the word ("Sauce, fish").
            pass
        else:
            first = tuple(w for w in first if w not in terms and w not in CATEGORY_WORDS) + info.second
    elif (
        info.first_key in categories and not set(first) & set(terms) and not _made_with(info, head, categories, phrase)
    ):
        # A learned category the query does not name ("Pork, cured, bacon"): the food is the first later
        # segment the query names.
        first = next((segment for segment in info.segments[1:] if set(segment) & set(terms)), info.second)
    elif set(first) & set(terms) and not set(terms) <= set(first):
        # The food's name goes on in the next segments when they hold the rest of the query ("Beans, black",
        # "Chicken, broilers or fryers, breast", "Tomatoes, red, ripe, canned"): part of what it is.
        for segment in info.segments[1:4]:
            if set(segment) & set(terms) - set(first):
                first = first + _cooked_how(segment)
    if info.starts_with_category and set(first) & set(terms) and not set(terms) <= set(first):
        # So after a category: "Beverages, tea, black, brewed" says brewed tea as much as "Tea, herbal, brewed".
        # One segment further: a label-only one ("prepared with tap water") may come between ("Beverages, tea,
        # black, brewed, prepared with tap water, decaffeinated" says decaf tea as much as the green one does).
        for segment in info.segments[2:6]:
            if set(segment) & set(terms) - set(first):
                first = first + _cooked_how(segment)
    # A cut's position is no word of the food's ("Beef, top sirloin" leads with sirloin), as in _exact_bonus.
    leading = first[0] if first else ""
    if leading in CUT_POSITIONS and leading not in terms:
        leading = next((w for w in first if w not in CUT_POSITIONS or w in terms), "")
    matched = 0
    lacking = info.lacking if info.lacking and _SAYS_LACKING.isdisjoint(terms) else frozenset()
    unsugared = _unsugared_said(terms)
    claimed = _claim_said(terms)
    free_of = _says_free_of(info.word_set, claimed) if claimed else False
    for term in terms:
        if term in claimed:
            # "caffeine free coffee" is "Beverages, coffee, brewed, ..., decaffeinated"; "Beverages, coffee, instant,
            # regular, half the caffeine" is not, nor a name free of something else ("..., fat free"). Held as the
            # index holds the word.
            value += 3.0 if free_of else -4.0
            if term in info.word_set:
                matched += 1
            continue
        if term in unsugared and term not in info.word_set and _says_unsugared(info.word_set):
            # "sugar free" and "diet" as names say them: "sugarless", "reduced calorie, with aspartame", "no
            # sugar added" ("sugar free jello" is "Gelatin desserts, dry mix, reduced calorie, with aspartame").
            # Scored as said, as part of the food's name as a name saying "sugar free" has it ("Syrups, sugar free"),
            # and held only as the word index holds it ("sugar" of "sugarless").
            value += 3.0 + 4.0
            if (
                not longer[term].isdisjoint(info.word_set)
                if longer is not None
                else any(w.startswith(term) for w in info.words)
            ):
                matched += 1
            continue
        if term in unsugared and term in info.word_set and not _unsugared_name(info.word_set):
            # "Puddings, vanilla, ready-to-eat, fat free" is free of another thing, and "Pudding, lemon, ..., prepared
            # with sugar" holds sugar: neither answers "sugar free". Held as the index holds them, scored as missing.
            value -= 4.0
            matched += 1
            continue
        if term in lacking:
            # "oatmeal raisin cookies" are no "Cookies, oatmeal, ..., without raisins": the word is said, the
            # food asked for is not. It still counts as held: the name is a match, ranked as one missing the word
            # (the candidate index and the total count every name holding the word; see _candidates).
            value -= 4.0
            matched += 1
            continue
        if term in _SHAPES and term != head and len(terms) > 1:
            # What the food is cut into or comes as ("pineapple chunks", "asparagus spears") is how it is served,
            # not which food: a name saying it ("Pineapple, frozen, chunks, sweetened") is barely nearer, one not
            # saying it ("Pineapple, raw") no further.
            if term in info.word_set:
                value += 1.0
                matched += 1
            continue
        if term in info.word_set or (term in _SAME_STATE and not _SAME_STATE[term].isdisjoint(_states_held(info))):
            # A state said in other words counts as said: "fresh spinach" is "Spinach, raw".
            value += 3.0
            matched += 1
            if term in _LIGHT_SAID and not _branded(name):
                # "light" said in so many words is as light as fewer calories; in a brand's product name
                # ("BENECOL Light Spread") it is the brand's word, not USDA's description.
                value += LIGHT_CALORIES
        # The next ones score as said but do not count as holding the word: the word index, which finds the
        # candidates (see _candidates), holds the words names say, and a food is kept by the words it holds.
        elif term in _SALT_SAID and _salt_said(term, info.word_set):
            value += 3.0  # "salted" is "with salt", "unsalted" "without salt"
        elif term == PEELED and ("without", SKINNED) in info.priors:
            value += 3.0  # "peeled apples" are "Apples, raw, without skin"
        elif term in _LIGHT_SAID and _says_lighter(info.word_set):
            value += 3.0  # a "light" dressing or spread is USDA's "reduced fat", "fat-free", "reduced calorie"
            if _CALORY in info.word_set:
                value += LIGHT_CALORIES
        elif term in _LIGHT_SAID and not _NOT_LIGHT.isdisjoint(info.word_set):
            value += NOT_LIGHT - 4.0
        elif term == "skinless" and info.word_set >= _MEAT_ONLY:
            value += 3.0  # skinless poultry or fish is USDA's "meat only" ("Chicken, ..., thigh, meat only, raw")
        elif term in _COOKED_BY and _COOKED_BY[term] <= info.word_set:
            # How USDA says a way of cooking: "steamed clams" are "..., cooked, moist heat".
            value += 3.0
        elif term in _COOKED_BY and not _COOKED_ALIKE[term].isdisjoint(info.word_set):
            # Cooked a like way ("roast potatoes" and "Potatoes, baked"): dry heat or moist heat.
            value += COOKED_ALIKE
        elif term in _COOKED_BY and "cooked" in info.word_set:
            # Cooked, though the name says not how: nearer than raw, less near than the way named.
            value += COOKED_SOMEHOW
        elif (
            not longer[term].isdisjoint(info.word_set)
            if longer is not None
            else any(w.startswith(term) for w in info.words)
        ):
            value += 1.0
            matched += 1
        else:
            value -= 4.0
        if term in first or (term in _HOW_COOKED and term in info.word_set):
            # How a food was cooked is said at the end of its name, wherever that is ("Rice, white,
            # long-grain, regular, enriched, cooked"): it counts as part of the food's name.
            value += 4.0
    if first and _says_the_food(first, tuple(t for t in terms if t not in _SHAPES) or terms, info.word_set):
        value += 6.0
    if leading == terms[0]:
        value += 2.0
    value += _state_conflict(terms, _states_held(info))
    if _adds_a_food(info, categories, terms):
        value += ADDED_FOOD
    group_prior = GROUP_PRIOR.get(group_code or "", 0.0)
    if group_prior and head and _waives(info, categories, group_prior, terms):
        # A group that rarely holds the everyday food does when a food there is named just what was asked
        # ("Lasagna, cheese, frozen" among the meals and entrees for "lasagna", "Snacks, rice cakes" for
        # rice cakes).
        group_prior = 0.0
    value += info.constant + group_prior
    # Priors the query waives: the words saying the lighter version are what a "light" query asks for, the
    # immature seeds what a fresh or frozen one does; not a variant's cost.
    waived = _LIGHTER if not _LIGHT_SAID.isdisjoint(terms) else frozenset()
    if not _FRESH_SAID.isdisjoint(terms):
        waived = waived | _IMMATURE
    if PEELED in terms:
        waived = waived | _WITHOUT  # the skinned variant's cost (see analyse) is what "peeled" asks for
    if unsugared:
        waived = waived | _FEWER_CALORIES_SAID  # "low calorie" is how names say the sugar free asked for
    value += sum(prior for word, prior in info.priors if word not in terms and word not in waived)
    return matched, value


# "nonfat" is how names say "fat free" of the plain food ("Milk, nonfat, fluid, ... (fat free or skim)"), while
# "fat free" in so many words is mostly said of a variant ("Milk, chocolate, fat free"): for a query saying
# "fat free", the segment saying "nonfat" says the query's words, so it is read as part of the food's name.
_FAT_FREE = frozenset({"fat", "free"})


@lru_cache(maxsize=4096)
def _fat_free_said(name: str) -> NameInfo:
    info = analyse(name)

    def said(segment: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(w for word in segment for w in (("fat", "free") if word == "nonfat" else (word,)))

    return replace(
        info, first=said(info.first), second=said(info.second), segments=tuple(said(s) for s in info.segments)
    )


# A food named alone right after a food that is no category ("Spaghetti, spinach", "Noodles, egg") is another
# food added to it, a variant the query did not ask for: after a category ("Cheese, cream") it is the kind.
ADDED_FOOD = -2.5


def _adds_a_food(info: NameInfo, categories: frozenset[str], terms: tuple[str, ...]) -> bool:
    if info.starts_with_category or info.first_key in categories or len(info.segments) < 2:
        return False
    second = info.segments[1]
    return len(second) == 1 and second[0] in getattr(categories, "named_alone", ()) and second[0] not in terms


def _waives(info: NameInfo, categories: frozenset[str], group_prior: float, terms: Sequence[str]) -> bool:
    """The name is of the food asked for just so, in a group that rarely holds the everyday food (see
    evaluate): its first segment says just the query ("Lasagna, cheese, frozen"), or, after a class written
    in the plural, whose members follow it, the next segment does ("Snacks, rice cakes" are rice cakes;
    "Sauce, hot chile" is a sauce). Not in the groups of other places' versions of foods (fast foods,
    restaurants), whose "Fast foods, hotdog" is still the fast-food one."""
    if group_prior < -WAIVED_GROUP_PRIOR:
        return False
    if set(info.first) == set(terms):
        return True
    return (
        group_prior > -MEMBER_WAIVED_GROUP_PRIOR
        and info.plural_first
        and _files_foods(info.first_key, categories)
        and set(info.second) == set(terms)
    )


MEMBER_WAIVED_GROUP_PRIOR = 4.0


# The states a food is kept or eaten in. A query that says one ("dried apricots", "cooked oatmeal", "fresh
# basil", "ground coriander") means a food in that state: a name that says another state and not this one
# is that food in a different state, which weighs and nourishes differently ("Apricots, ..., stewed").
_STATES = (
    frozenset({"dried", "dry", "dehydrated", "ground", "powder", "powdered", "sun"}),
    frozenset({"raw", "fresh", "uncooked"}),
    frozenset({"cooked", "boiled", "baked", "roasted", "fried", "grilled", "stewed", "steamed", "braised"})
    | frozenset({"broiled", "poached", "simmered", "prepared", "microwaved", "scrambled", "toasted"}),
)
_ANY_STATE = frozenset().union(*_STATES)
ANY_STATE = _ANY_STATE
ANY_STATE_COOKED = _STATES[2]
# Words of one state that names say for another ("fresh" and "raw"; "dry" and "dried").
_SAME_STATE = {
    word: state
    for state in (frozenset({"dried", "dry", "dehydrated", "powdered"}), frozenset({"raw", "fresh", "uncooked"}))
    for word in state
}
# A cooking method said as people say it of a dish ("roast turkey", "grill chicken") is the state names
# say in the past participle ("..., cooked, roasted"); "roast" is also the cut itself ("pot roast").
_SAME_STATE.update(
    {base: frozenset({base, done}) for base, done in (("roast", "roasted"), ("grill", "grilled"), ("bake", "baked"))}
)
STATE_CONFLICT = -4.0
# Ways of cooking, and the words USDA says them in for fish and shellfish ("cooked, dry heat").
_COOKED_BY = {
    **{way: frozenset({"moist", "heat"}) for way in ("steamed", "boiled", "poached", "simmered")},
    **{way: frozenset({"dry", "heat"}) for way in ("grilled", "baked", "broiled", "roasted", "roast", "bake", "grill")},
}
_COOKED_ALIKE = {
    way: frozenset(like for like, said in _COOKED_BY.items() if said == _COOKED_BY[way] and like != way)
    for way in _COOKED_BY
}
# Said of a dish, not a way of cooking, yet only of a cooked food: mashed is boiled first ("mashed cauliflower" is
# "Cauliflower, cooked, boiled"), crisp is baked, broiled or fried ("crispy bacon": "Bacon, cooked, baked"). A name
# saying the word itself ("Potatoes, mashed") still says it.
for _said, _way in (("mashed", "boiled"), ("crispy", "baked")):
    _COOKED_BY[_said] = _COOKED_BY[_way]
    _COOKED_ALIKE[_said] = _COOKED_ALIKE[_way] | {_way}
COOKED_ALIKE = 2.0
COOKED_SOMEHOW = 1.5
# "salted" and "unsalted" as names say them: "with salt (added)", "without salt (added)".
_SALT_SAID = frozenset({"salted", "unsalted"})
_MEAT_ONLY = frozenset({"meat", "only"})


# "light" and "lite" as names say them of a lighter version: "reduced fat", "fat-free", "reduced calorie",
# "low calorie", "diet", "nonfat". A name that says "light" itself (light cream, beer, corn syrup) holds it.
_LIGHT_SAID = frozenset({"light", "lite"})
_LIGHTER = frozenset({"reduced", "low", "diet", "nonfat", "lowfat"})
# "light" is a claim of fewer calories (a third fewer, or half the fat): a name saying so in calories ("with low
# calorie sweetener", "reduced calorie") says the light product more than one saying only less fat.
LIGHT_CALORIES = 3.0
# A name saying it is the "regular" version ("Margarine, regular, 80% fat") or a raw food (never sold with a
# "light" claim: "Nuts, coconut milk, raw" is no canned light coconut milk) is not the light product.
_NOT_LIGHT = frozenset({"regular", "raw"})
NOT_LIGHT = -5.0
# A name's words as analyse() holds them are singular: singular() makes "calory" of "calorie".
_CALORY = singular("calorie")


_SWEETENERS = frozenset({"sugarless", "aspartame", "saccharin", "sucralose", "dietetic", "sorbitol"})
_FEWER_CALORIES = (
    frozenset({"low", _CALORY}),
    frozenset({"reduced", _CALORY}),
    frozenset({"no", "sugar", "added"}),
)
_SUGAR_FREE = frozenset({"sugar", "free"})
# The words of _FEWER_CALORIES whose priors mark a variant (WORD_PRIOR): the variant a sugar free query asks for.
_FEWER_CALORIES_SAID = frozenset({"low", "reduced", "diet"})
_DIET = frozenset({"diet"})


def _unsugared_said(terms: tuple[str, ...]) -> frozenset[str]:
    """The query's words saying it is sugar free: "sugar" and "free" both said, or "diet"."""
    said = _SUGAR_FREE if set(terms) >= _SUGAR_FREE else frozenset()
    return said | (_DIET if "diet" in terms else frozenset())


# What "X free" is said as besides "without X", "no X", "X free": "decaffeinated" coffee is caffeine free.
_FREE_OF_SAID = {"caffeine": frozenset({"decaffeinated", "decaf"})}
# Claims with their own wordings: "sugar free" (see _unsugared_said) and "fat free" (see _fat_free_said).
_OWN_CLAIMS = frozenset({"sugar", "fat"})
_FREE_OF_WORDS = frozenset({"without", "no", "free", "less", "non"})


def _claim_said(terms: tuple[str, ...]) -> frozenset[str]:
    """The words of an "X free" claim the query makes ("caffeine free", "gluten free", "dairy free"), but sugar's and
    fat's, which names say in words of their own."""
    if "free" not in terms[1:]:
        return frozenset()
    what = terms[terms.index("free") - 1]
    return frozenset() if what in _OWN_CLAIMS or what in _CONNECTORS else frozenset({what, "free"})


def _says_free_of(held: frozenset[str], claimed: frozenset[str]) -> bool:
    """The name says it is free of what the query's claim (_claim_said) names ("without caffeine", "gluten-free",
    "decaffeinated")."""
    what = next(iter(claimed - {"free"}), "")
    said_so = what in held and not _FREE_OF_WORDS.isdisjoint(held)
    return said_so or not _FREE_OF_SAID.get(what, frozenset()).isdisjoint(held)


def _unsugared_name(held: frozenset[str]) -> bool:
    """The name says it is sugar free, in those words ("Syrups, sugar free") or others (see _says_unsugared)."""
    return held >= _SUGAR_FREE or "diet" in held or _says_unsugared(held) or ("without" in held and "sugar" in held)


def _says_unsugared(held: frozenset[str]) -> bool:
    return not _SWEETENERS.isdisjoint(held) or any(words <= held for words in _FEWER_CALORIES)


def _says_lighter(held: frozenset[str]) -> bool:
    return not _LIGHTER.isdisjoint(held) or {"fat", "free"} <= held or {_CALORY, "free"} <= held


def _salt_said(term: str, held: frozenset[str]) -> bool:
    if "salt" not in held:
        return False
    return ("without" in held or "no" in held) == (term == "unsalted")


# A legume's "mature seeds, raw" are the dried beans ("Cowpeas, common (blackeyes...), mature seeds, raw" is what
# a bag of dried black-eyed peas holds); "immature seeds" are the fresh or frozen green ones.
_MATURE_SEEDS = frozenset({"mature", "seed", "raw"})
# A query saying the green form ("fresh lima beans", "frozen black-eyed peas") asks for the immature seeds.
_FRESH_SAID = frozenset({"fresh", "frozen", "green", "young"})
_IMMATURE = frozenset({"immature"})
_DRIED = frozenset({"dried"})


def _states_held(info: NameInfo) -> frozenset[str]:
    """The name's words with the states it says in other words."""
    if info.word_set >= _MATURE_SEEDS:  # "immature" is another word
        return info.word_set | _DRIED
    return info.word_set


def _state_conflict(terms: tuple[str, ...], held: frozenset[str]) -> float:
    if "canned" in terms and "raw" in held and "canned" not in held:
        # Canned food is cooked in its can: a raw one is the food in another state ("canned coho salmon" is a
        # canned salmon before "Fish, salmon, coho, wild, raw").
        return STATE_CONFLICT
    said = _ANY_STATE.intersection(terms)
    if not said:
        return 0.0
    other = held & _ANY_STATE
    if not other:
        return 0.0
    return sum(STATE_CONFLICT for state in _STATES if state & said and not state & held)


def _head_score(
    info: NameInfo, head: str, terms: tuple[str, ...], categories: frozenset[str], phrase: tuple[str, ...] = ()
) -> float:
    """Whether the food named is the thing asked for: the query's head noun heads the name's first segment
    ("Sugars, granulated" for sugar), or a later segment after a category ("Alcoholic beverage, beer");
    a name that merely mentions it while being something else ("Vinegar, red wine") loses."""
    segments = info.segments
    if not segments:
        return 0.0
    if head not in info.word_set:
        # The name lacks the very thing asked for ("Ostrich, ground" for ground coriander).
        return 0.0 if any(w.startswith(head) for w in info.words) else HEAD_MISSING
    if _headed_by(segments[0], head):
        return HEAD_FIRST + _exact_bonus(segments[0], terms) + (KIND_NOT_SAID if _other_kind(info, terms) else 0.0)
    if info.first_key in categories or info.starts_with_category:
        if _made_with(info, head, categories, phrase) and (
            not set(segments[0]) & set(terms) or phrase in VOCABULARY.segment_phrases
        ):
            # "Yogurt, plain, whole milk" for milk, "Bread, cinnamon" for cinnamon: another food made with it.
            # So is the category's food with the head as its flavour when the query's words in its order are
            # a food's name of their own ("Candies, milk chocolate"): "Milk, chocolate" is chocolate milk, not
            # milk chocolate. Without such a name the query may be in USDA's order ("yogurt vanilla").
            return 0.0
        for position, segment in enumerate(segments[1:3], start=1):
            if _headed_by(segment, head):
                return HEAD_AFTER_CATEGORY - 0.5 * (position - 1) + _exact_bonus(segment, terms)
            if head in segment:
                break
        return 0.0
    if head in segments[0]:
        return 0.0  # "Chicken breast" for chicken: the query's food, with more said of it
    if phrase and (
        phrase in segments[1:3]
        or (
            set(segments[0]).isdisjoint(terms)
            and any(len(segment) > 1 and phrase[-len(segment) :] == segment for segment in segments[1:3])
        )
    ):
        # A later segment that says the whole query is the food's own name ("Cream, fluid, half and half"), as
        # it is when the query says more before it ("fat free half and half": "Cream, half and half, fat free"),
        # after a class that says none of it (not "CAMPBELL'S Low Sodium Soups, Chicken Broth").
        return HEAD_AFTER_CATEGORY + EXACT_SEGMENT
    return HEAD_ELSEWHERE


# How a food was cooked or kept: USDA says it at the end of the name ("..., meat only, cooked, grilled").
_HOW_COOKED = frozenset(
    {"raw", "cooked", "canned", "frozen", "dried", "fried", "grilled", "roasted", "baked", "boiled", "steamed"}
    | {"braised", "broiled", "smoked", "stewed", "poached", "toasted", "microwaved", "sauteed", "scrambled"}
)


KIND_NOT_SAID = -3.0


def _other_kind(info: NameInfo, terms: tuple[str, ...]) -> bool:
    """A kind of the food the query did not ask for, with the query's other words said only of that kind further
    on: "Rolls, dinner, egg" is an egg dinner roll, no egg roll; "Milk, dry, nonfat" no nonfat milk. Unlike
    "Cream, sour, cultured", whose second segment says the query's word (USDA's order for sour cream)."""
    segments = info.segments
    if len(segments) < 3 or not segments[1] or info.branded:
        return False  # a brand's second segment is its maker ("Beverages, COCA-COLA, POWERADE"), no kind
    # Not a state, nor a number: "2% milk" is a grade of milk, said after "Milk, reduced fat, fluid".
    rest = [
        t
        for t in terms
        if t in info.word_set and t not in segments[0] and t not in _ANY_STATE and t not in _HOW_COOKED and t.isalpha()
    ]
    if not rest or not set(segments[1]).isdisjoint(terms) or set(segments[1]) <= _ANY_STATE | _HOW_COOKED:
        return False
    return all(any(t in segment for segment in segments[2:]) for t in rest)


def _cooked_how(segment: tuple[str, ...]) -> tuple[str, ...]:
    """A segment saying how a food was cooked up to what it was cooked in or with ("baked in skin", "fried in
    vegetable oil"): "Sweet potato, cooked, baked in skin" says baked sweet potato as much as "..., baked"."""
    if len(segment) > 2 and segment[0] in _HOW_COOKED and segment[1] in _CONNECTORS:
        return segment[:1]
    return segment


def _says_the_food(first: tuple[str, ...], terms: tuple[str, ...], held: frozenset[str]) -> bool:
    """The name's leading segments are the query's food, and how it was cooked, when the query says, is
    anywhere in the name ("grilled chicken" and "Chicken, ..., breast, ..., cooked, grilled")."""
    said = set(first) - (CUT_POSITIONS - set(terms))  # "Beef, top sirloin" says sirloin
    if len(first) > 1 and first[-1] in _BOUGHT_AS and first[-1] not in terms:
        said.discard(first[-1])  # "Ginger root" says ginger
    if said == set(terms):
        return True
    cooked = {term for term in terms if term in _HOW_COOKED}
    # A state said in other words is said ("dried rice noodles" and "Rice noodles, dry"), as in evaluate().
    return (
        bool(cooked)
        and said - cooked == set(terms) - cooked
        and all(term in held or not _SAME_STATE.get(term, frozenset()).isdisjoint(held) for term in cooked)
    )


def _plural_kinds(segment: str) -> frozenset[str]:
    """The segment's words written in the plural, singular: count nouns naming kinds of the category
    ("Candies, caramels", "Cookies, brownies"), unlike a flavour or ingredient ("Bread, cinnamon")."""
    return frozenset(part for w in words(_PARENTHESES.sub("", segment)) if singular(w) != w for part in _name_words(w))


def _kind_named(info: NameInfo, phrase: tuple[str, ...]) -> bool:
    """The query's words, said whole as a segment, are said so only of this food ("Dressing, honey mustard",
    "Salad dressing, honey mustard": dressings): that kind of it, not the food made with the query's head. "Yogurt,
    almond milk" stays a yogurt made with almond milk, which beverages are named too."""
    homes = VOCABULARY.phrase_homes.get(phrase, frozenset())
    if not homes or "" in homes or not info.first:
        return False  # said as a food's own first segment somewhere ("Peanut butter"): that food
    return {home.split()[-1] for home in homes} == {info.first[-1]}


def _made_with(info: NameInfo, head: str, categories: frozenset[str], phrase: tuple[str, ...] = ()) -> bool:
    """The name is of a food-like category ("Ice creams", "Bread") and the query's head is a food of its
    own elsewhere ("Vanilla extract", "Spices, cinnamon"): what follows the category is an ingredient."""
    if head in info.kinds:
        return False
    if phrase and info.plural_first and phrase in info.segments[1:2]:
        # A class written in the plural ("Candies") and a segment saying the whole query in its order: a
        # kind of it named so ("Candies, milk chocolate"), unlike "Yogurt, almond milk".
        return False  # "Candies, caramels": caramels are candies, not an ingredient of them
    if len(phrase) > 1 and phrase in info.segments[1:2] and _kind_named(info, phrase):
        return False
    return info.first_key in getattr(categories, "foods", ()) and head in getattr(categories, "standalone", ())


# The part of a plant people buy it as ("ginger root") and a category word repeated after the food's own
# ("Nuts, cashew nuts"): the segment is still of that food, and says no more of it than the food.
_BOUGHT_AS = (CATEGORY_WORDS - PARTS) | {"root"}  # not "seed": "Spices, dill seed" is no dill
_HEAD_TAILS = PARTS | _BOUGHT_AS


def _headed_by(segment: tuple[str, ...], head: str) -> bool:
    """The segment's head noun is `head`, in any of its alternatives ("hazelnuts or filberts")."""
    if not segment:
        return False
    if segment[-1] == head:
        return True
    if len(segment) > 1 and segment[-1] in _HEAD_TAILS and segment[-2] == head:
        return True  # "sesame seeds", "ginger root", "cashew nuts": the part or kind people buy of the food
    return "or" in segment and any(segment[i - 1] == head for i, w in enumerate(segment) if w == "or" and i > 0)


CUT_POSITIONS = frozenset({"top", "bottom"})


def _exact_bonus(segment: tuple[str, ...], terms: tuple[str, ...]) -> float:
    """A segment the query says in full ("beer") beats one that adds its own qualifier ("root beer"). A cut's
    position ("top sirloin", "bottom round") is no other food: the segment says the query in full."""
    extra = sum(1 for i, w in enumerate(segment) if w not in terms and not (i == 0 and w in CUT_POSITIONS))
    if len(segment) > 1 and segment[-1] in _BOUGHT_AS and segment[-1] not in terms:
        extra -= 1  # "Ginger root" says ginger in full
    return EXACT_SEGMENT if extra == 0 else -EXTRA_WORD * extra


LightRow = Row[int, str, str | None, int | None]  # id, name, group code, owner


def _candidates(vocabulary: Vocabulary, terms: tuple[str, ...]) -> dict[int, int]:
    """Entry position -> how many terms its name (or a common name) holds, by word or word prefix, for the
    entries holding at least half the terms: exactly those the ranking keeps."""
    hits: dict[int, int] = {}
    content: set[int] = set()  # the entries holding a term that is no mere qualifier (see _floor)
    # A state is no food either: "cooked" alone is no cooked quinoa, and "quinoa cooked" scored every one of
    # the ~1,900 cooked foods (40 ms of CPU). It still counts toward the floor (_floor), as it did.
    # "sugar free" and "diet" too: names say them in other words ("Puddings, ..., low calorie"), and "free" alone
    # is no sugar-free pudding.
    claims = _unsugared_said(terms) | _claim_said(terms)
    qualifiers = (_NO_FOOD_ALONE | claims).intersection(terms) if len(terms) > 1 else frozenset()
    if qualifiers.issuperset(terms):
        qualifiers = frozenset()  # nothing but qualifiers ("fresh frozen"): each word counts
    for term in terms:
        exact, prefixed = vocabulary.matching(term)
        holding = exact | prefixed
        for position in holding:
            hits[position] = hits.get(position, 0) + 1
        if qualifiers and term not in qualifiers:
            content |= holding
    floor = _floor(terms)
    return {
        position: count
        for position, count in hits.items()
        if count >= floor and (not qualifiers or position in content)
    }


def _visible(entry: Entry, sources: tuple[str, ...], group: str | None) -> bool:
    return (
        entry.source in sources
        and not entry.discontinued
        and (group is None or entry.group_code == group or entry.group_name == group)
    )


def search(
    session: Session,
    query: str,
    *,
    user_id: int | None,
    group: str | None,
    sources: tuple[str, ...],
    limit: int,
    offset: int,
    personal: Mapping[int, float] | None = None,
) -> tuple[list[Food], int]:
    """Foods matching `query` (all foods when it is blank), best first, with the total count.

    `personal` adds to the score of the foods a person logs often or starred (food id -> points), so a
    match they use comes first; it never lets a food through that does not match."""
    filters: list[Any] = [visible_to(user_id), Food.source.in_(sources), Food.discontinued.is_(False)]
    if group:
        filters.append((Food.group_code == group) | (Food.group_name == group))
    vocabulary = VOCABULARY.get(session)
    parsed = parse(query, vocabulary) if query.strip() else ParsedQuery((), False)
    if not parsed.terms:
        # Blank query: a page in name order, counted by the database rather than loaded whole.
        total = session.scalar(select(func.count(Food.id)).where(*filters)) or 0
        # Page the narrow (name, id) index, then load only that page's rows (with their nutrients JSON).
        ids = list(
            session.scalars(select(Food.id).where(*filters).order_by(Food.name, Food.id).limit(limit).offset(offset))
        )
        return _load_in_order(session, ids), int(total)
    categories = VOCABULARY.categories
    scored: dict[int, tuple[float, str]] = {}  # food id -> (best score, name)
    page: list[float] = []  # min-heap of the best `wanted` scores so far
    skipped: set[int] = set()  # ids of the candidates left unscored: they still count in the total
    # Always at least the window the top places are diversified from, so every page (whatever its offset
    # and size) is cut from the same order.
    wanted = max(offset + limit, DIVERSE_WINDOW)
    # The head noun alone only when the query's own words found nothing (_head_alone).
    variants = _variants(query, parsed, vocabulary) + _class_member(parsed)
    # The user's own foods are few and not in the shared index: read from the database once per search, ranked
    # under every wording searched.
    own = (
        session.execute(select(Food.id, Food.name, Food.group_code).where(*filters, Food.owner_id == user_id)).all()
        if user_id is not None
        else []
    )
    for attempt in (variants, _head_alone(parsed)):
        if scored and not _lacks_the_head(parsed, scored, {said.head for said, _ in variants}):
            break
        for said, cost in attempt:
            variant = _rarer_head(said)
            _score_shared(variant, cost, sources, group, wanted, personal, scored, page, skipped)
            for food_id, name, code in own:
                matched, value = evaluate(
                    name, code, variant.terms, head=variant.head, categories=categories, phrase=variant.phrase
                )
                if matched >= _floor(variant.terms):
                    bonus = OWN_POINTS + (personal.get(food_id, 0.0) if personal else 0.0)
                    _keep(scored, food_id, name, value + bonus - cost)
    ranked = _diversified(
        sorted(
            ((value, name, food_id) for food_id, (value, name) in scored.items()), key=lambda item: (-item[0], item[1])
        )
    )
    return (
        _load_in_order(session, [food_id for _, _, food_id in ranked[offset : offset + limit]]),
        len(ranked) + len(skipped - scored.keys()),
    )


# No one family of near-identical rows ("Veal, sirloin, ..." in five cuts and states) fills all the top
# places: when it would, the best row of another food scoring within DIVERSE_MARGIN of the last place takes
# it, as more likely the one meant than a fifth variant of the first. The row comes from the exact best
# DIVERSE_WINDOW and the one it displaces goes right after it: the order is a fixed permutation of the
# ranking, so totals and pages stay exact and stable. (Capping a family at two or three rows, or promoting
# rows further below, pulled weak matches in: "Onions, raw" for okra.)
DIVERSE_TOP = 5
DIVERSE_MARGIN = 2.0
DIVERSE_WINDOW = 20


def _diversified(ranked: list[tuple[float, str, int]]) -> list[tuple[float, str, int]]:
    if len(ranked) <= DIVERSE_TOP:
        return ranked
    family = family_of(ranked[0][1])
    if any(family_of(item[1]) != family for item in ranked[1:DIVERSE_TOP]):
        return ranked
    last = ranked[DIVERSE_TOP - 1][0]
    for position in range(DIVERSE_TOP, min(len(ranked), DIVERSE_WINDOW)):
        item = ranked[position]
        if item[0] < last - DIVERSE_MARGIN:
            break
        if family_of(item[1]) != family:
            return [*ranked[: DIVERSE_TOP - 1], item, *ranked[DIVERSE_TOP - 1 : position], *ranked[position + 1 :]]
    return ranked


_FAMILY_ENDS = _ANY_STATE | _HOW_COOKED


@functools.lru_cache(maxsize=16384)
def family_of(name: str) -> str:
    """The food a name is a variant of: its first segment and the next unless that says a state or how it
    was cooked, a leading category word left out ("Veal, sirloin, separable lean and fat, raw" -> veal|sirloin,
    "Apples, raw, with skin" -> apple, "Fish, salmon, sockeye, raw" -> salmon|sockeye)."""
    segments = [" ".join(singular(w) for w in words(s)) for s in _PARENTHESES.sub("", name.lower()).split(",")]
    segments = [s for s in segments if s]
    if len(segments) > 2 and set(segments[0].split()) <= CATEGORY_WORDS:
        segments = segments[1:]  # "Fish, salmon, sockeye": the food is the salmon
    if not segments:
        return name
    kept = segments[:1]
    if len(segments) > 1 and segments[1].split()[0] not in _FAMILY_ENDS:
        kept.append(segments[1])
    return "|".join(kept)


# What a query in USDA's words for an everyday name (data/everyday_names.toml) scores less than the same
# food found by the query's own words: where USDA names say the word ("jam": "Jams and preserves"), the
# literal match wins; where they do not ("ghee"), only the USDA wording finds anything.
EVERYDAY_COST = 3.0


HEAD_ALONE_COST = 1.0


def _head_alone(parsed: ParsedQuery) -> list[tuple[ParsedQuery, float]]:
    """The query's head noun alone, searched last and only when nothing else matched: a query of three or more
    words must match half of them, and one whose modifiers no name says ("spicy brown mustard") found nothing
    at all, where the head alone finds mustard. Never for a head no food name says (an unknown word)."""
    if len(parsed.terms) < 3 or not parsed.head or parsed.head not in parsed.terms:
        return []
    return [(ParsedQuery((parsed.head,), parsed.corrected, parsed.head, ()), HEAD_ALONE_COST)]


def _lacks_the_head(parsed: ParsedQuery, scored: Mapping[int, tuple[float, str]], heads: set[str]) -> bool:
    """No food found holds the query's head noun: the words that found them are its modifiers ("whole grain
    mustard" found whole grain pasta, while "Mustard, prepared" holds one word of three), so the head alone is
    searched too (see _head_alone). `heads`: those of the wordings searched; a food holding the head of an
    everyday name's USDA wording is the food asked for ("butternut squash soup" is USDA's bisque: "soup" alone
    put chicken broth first)."""
    if not parsed.head or parsed.head not in parsed.terms or len(parsed.terms) < 3:
        return False
    if parsed.head not in parsed.phrase:
        return False  # a typo's correction ("glass" -> "grass") is no surer the food asked for
    for head in heads | {parsed.head}:
        exact, prefixed = VOCABULARY.matching(head)
        if not {VOCABULARY.entries[position].id for position in exact | prefixed}.isdisjoint(scored):
            return False
    return True


def _variants(query: str, parsed: ParsedQuery, vocabulary: frozenset[str]) -> list[tuple[ParsedQuery, float]]:
    """The parsed query and, when it says an everyday name, the query in USDA's words with its cost. When a
    word of the everyday phrase is in no food name ("ghee", "bourbon"), the literal query would only find
    what typo correction turns it into ("burbot"): the USDA wording replaces it, at no cost; so does an
    entry listed as `instead` when it is the whole query."""
    apart = _said_apart_too(query, parsed, vocabulary)
    expanded = everyday.expand(query[:MAX_QUERY_CHARS], literal_singular)
    if expanded is None:
        return [(parsed, 0.0), *apart]
    text, used = expanded
    # An everyday name said with the shape it comes in ("pretzel sticks", a "pretzel" in sticks): the name
    # still says which food, the shape only how it is cut (see _SHAPES in evaluate). Not a shape that is part
    # of the everyday name itself ("turkey slices").
    named = {singular(w) for name in used for w in name.said.split()}
    shapes = [w for w in query[:MAX_QUERY_CHARS].lower().split() if singular(w) in _SHAPES - named]
    if shapes:
        # Said first, the shape is no head noun: the food's name is ("sticks ... pretzels snacks").
        cut = {singular(w) for w in shapes}
        text = " ".join([*shapes, *(w for w in text.split() if singular(w) not in cut)])
    variant = parse(text, vocabulary)
    if not variant.terms:
        return [(parsed, 0.0)]
    unknown = any(any(singular(w) not in VOCABULARY.food_words for w in words(name.said)) for name in used)
    if unknown:
        return [(variant, 0.0)]
    if len(used) > 1:
        # Each word an everyday name of its own food ("rice vinegar": rice, vinegar): together they name a
        # third food, not the two defaults; the literal words say which.
        return [(parsed, 0.0)]
    usda = [w for name in used for w in name.usda.split()]
    # Words said besides the everyday phrase that its USDA wording already says ("semisweet chocolate chips":
    # "semisweet chocolate candies") add nothing: the phrase is still the whole query.
    if not {singular(w) for w in text.split()} - {singular(w) for w in shapes} <= {singular(w) for w in usda}:
        # Words USDA names say, in a longer query ("coconut flour", "peanut butter"): the everyday name picks
        # the default food only when it is the whole query; here the literal words say which food.
        return [(parsed, 0.0)]
    return [(variant, 0.0)] if any(name.instead for name in used) else [(parsed, 0.0), (variant, EVERYDAY_COST)]


MEMBER_COST = 3.0


def _class_member(parsed: ParsedQuery) -> list[tuple[ParsedQuery, float]]:
    """A query whose food is a class USDA names only through its members ("berries", "mixed berries"; see
    _compound_classes), searched again for the class's chief member, at a cost: the words as said still win
    where a name says them as the food ("Goji berries" for goji berries)."""
    member = VOCABULARY.class_members.get(parsed.head)
    if member is None or parsed.head not in parsed.terms:
        return []
    # The member keeps the states said ("frozen berries"), not what the class was said to be ("mixed"): no
    # blueberry is mixed, and the word found "Snack, Mixed Berry Bar".
    kept = _ANY_STATE | _HOW_COOKED
    if any(term in VOCABULARY.head_words for term in parsed.terms if term != parsed.head and term not in kept):
        return []  # a food of its own said with the class ("spelt berries", "wheat berries"): that food's kind
    terms = tuple(
        dict.fromkeys(
            member if term == parsed.head else term for term in parsed.terms if term in kept or term == parsed.head
        )
    )
    phrase = tuple(member if w == parsed.head else w for w in parsed.phrase if w in kept or w == parsed.head)
    return [(ParsedQuery(terms, parsed.corrected, member, phrase if len(phrase) > 1 else ()), MEMBER_COST)]


def _said_apart_too(query: str, parsed: ParsedQuery, vocabulary: frozenset[str]) -> list[tuple[ParsedQuery, float]]:
    """The query as said, two words apart, when parse joined them ("poppy seeds" -> "poppyseed", as a
    dressing and an oil are named) and a food name says them apart too ("Spices, poppy seed"): either
    spelling finds its foods."""
    # Parsed again without joining only when parse could have joined two words (fewer terms than words).
    said = parse(query, vocabulary, join=False) if len(words(query[:MAX_QUERY_CHARS])) > len(parsed.terms) else parsed
    if said.terms != parsed.terms and any(
        VOCABULARY.pairs.get(pair, 0) for pair in itertools.pairwise(said.terms) if "".join(pair) in parsed.terms
    ):
        return [(said, 0.0)]
    # The other way round: one word the query says that names write apart too ("multigrain" and "Bread,
    # multi-grain").
    terms: list[str] = []
    head = parsed.head
    for term in parsed.terms:
        cut = _apart(term) if len(parsed.terms) < MAX_TERMS else None
        terms.extend(cut or (term,))
        if cut and head == term:
            head = cut[-1]
    if len(terms) == len(parsed.terms):
        return []
    # At a cost: the word as said is the likelier reading ("chickpeas" are no "chick peas" of a common name).
    return [(ParsedQuery(tuple(dict.fromkeys(terms)), parsed.corrected, head, tuple(terms)), APART_COST)]


APART_COST = 2.0
# How many times more names must hold the head than the other word for the other to be the food.
RARER_HEAD_RATIO = 5


def _rarer_head(parsed: ParsedQuery) -> ParsedQuery:
    """Two words no food name says together ("tahini paste", "miso paste", "bulgur wheat"): the last word is a
    form or class many foods are named with, the rarer one the food itself, which its names need not call so
    ("Seeds, sesame butter, tahini", "Miso", "Bulgur, dry"). The rarer word is then the head: otherwise any
    paste would do, tomato paste first."""
    # The food words: a state or qualifier said besides ("2 dried pasilla chiles") is no part of the question.
    content = [term for term in parsed.terms if term not in _NO_FOOD_ALONE]
    if len(content) != 2 or parsed.head not in content:
        return parsed
    other = next(term for term in content if term != parsed.head)
    if other not in parsed.phrase:
        return parsed  # not a word as said: a typo's correction ("clover" -> "clove") is no surer a food
    if other not in VOCABULARY.head_words:
        return parsed  # a state or modifier no name is headed by ("ripe banana" is a banana, not a ripe tomato)
    exact, prefixed = VOCABULARY.matching(other)
    if len(prefixed) > len(exact):
        return parsed  # mostly the start of longer words ("gold" of "golden"): an adjective, no food
    held = exact | prefixed
    head_held = set().union(*VOCABULARY.matching(parsed.head))
    if not held:
        return parsed
    if (
        other in VOCABULARY.categories
        and parsed.phrase[:1] == (other,)
        and parsed.head in VOCABULARY.shared_kinds
        and all(_branded(VOCABULARY.entries[p].name) for p in held & head_held)
    ):
        # A class of foods said first ("chicken tenderloins", "turkey chops"), whose generic names never say
        # the second word: the food is of that class, the word a cut or form of it other classes have (pork
        # tenderloin), not a reason to list another animal.
        return ParsedQuery(parsed.terms, parsed.corrected, other, parsed.phrase)
    if len(held) * RARER_HEAD_RATIO > len(head_held) or held & head_held:
        return parsed
    return ParsedQuery(parsed.terms, parsed.corrected, other, parsed.phrase)


def _apart(term: str) -> tuple[str, str] | None:
    """The two name words a query word joins, when names say them apart ("multigrain": multi grain)."""
    if len(term) < 6 or not term.isalpha():
        return None
    for cut in range(3, len(term) - 2):
        first, second = term[:cut], singular(term[cut:])
        if VOCABULARY.pairs.get((first, second), 0) and first in VOCABULARY.food_words:
            return first, second
    return None


def _keep(scored: dict[int, tuple[float, str]], food_id: int, name: str, value: float) -> None:
    if food_id not in scored or value > scored[food_id][0]:
        scored[food_id] = (value, name)


def _score_shared(
    parsed: ParsedQuery,
    cost: float,
    sources: tuple[str, ...],
    group: str | None,
    wanted: int,
    personal: Mapping[int, float] | None,
    scored: dict[int, tuple[float, str]],
    page: list[float],
    skipped: set[int],
) -> None:
    """Score the shared foods matching `parsed` into `scored` (less `cost`), keeping `page` the best
    `wanted` scores; the ids of candidates that cannot reach the page go into `skipped` unscored."""
    floor = _floor(parsed.terms)
    categories = VOCABULARY.categories
    entries = VOCABULARY.entries
    hits = _candidates(VOCABULARY, parsed.terms)
    visible = [p for p in sorted(hits) if _visible(entries[p], sources, group)]
    # Walk the candidates best static score first; once the page is full, a candidate whose static score
    # plus the most the query can add cannot beat the page's last is skipped (and all after it, when even
    # a candidate holding every term could not): the page is exactly the one scoring every candidate would
    # give, at a fraction of the cost ("raw": 3,000 candidates). Skipped ones still count in the total.
    # A person's boosted foods (their usage and favourites: a few among the candidates) are ranked first, each
    # whatever the bounds, so the bounds of the rest are the anonymous search's. One bound raised by the largest
    # boost for every candidate had a signed-in search rank nearly all of them (1.8 times the anonymous search's
    # time over bench_load's searches); the page is the same.
    boosted = {p for food_id in personal if (p := VOCABULARY.positions.get(food_id)) in hits} if personal else set()
    first = sorted(p for p in boosted if _visible(entries[p], sources, group))
    # The foods whose group prior a query may waive (see evaluate()): only their bound is the higher.
    waivable = VOCABULARY.waivable.get(frozenset(parsed.terms), frozenset())
    bounds = [_dynamic_bound(parsed.terms, held) - cost for held in range(len(parsed.terms) + 1)]
    # A name without the query's head noun gets no head points (see _head_score): a lower bound for it.
    holding_head: set[int] | None = None
    if parsed.head:
        head_exact, head_prefixed = VOCABULARY.matching(parsed.head)
        holding_head = head_exact | head_prefixed
    # The candidates most likely best first (more terms held, the head held), each such group in static
    # order: the page fills with strong scores early, and the rest of a group stops at the first candidate
    # whose static score plus the group's bound cannot reach the page.
    groups: dict[tuple[int, bool, bool], list[int]] = {}
    for position in [p for p in visible if p not in boosted] if boosted else visible:
        holds_head = holding_head is None or position in holding_head
        groups.setdefault((hits[position], holds_head, position in waivable), []).append(position)
    walks: list[tuple[float, list[int]]] = [(math.inf, first)] if first else []
    for (held, holds_head, waived), positions in sorted(groups.items(), reverse=True):
        bound = bounds[held] - (0.0 if holds_head else HEAD_FIRST + EXACT_SEGMENT)
        walks.append((bound + (WAIVED_GROUP_PRIOR if waived else 0.0), positions))
    longer = {term: VOCABULARY.longer_words(term) for term in parsed.terms}
    for bound, positions in walks:
        for index, position in enumerate(positions):
            entry = entries[position]
            if len(page) >= wanted and entry.static + bound < page[0]:
                skipped.update(entries[rest].id for rest in positions[index:])
                break
            value = rank(entry, parsed, categories, floor, longer)
            if value is not None:
                value += (personal.get(entry.id, 0.0) if personal else 0.0) - cost
                if entry.id in scored:
                    # Found by the other wording too: only its better score counts, and it is on the page once.
                    _keep(scored, entry.id, entry.name, value)
                    continue
                scored[entry.id] = (value, entry.name)
                if len(page) < wanted:
                    heapq.heappush(page, value)
                elif value > page[0]:
                    heapq.heapreplace(page, value)


OWN_POINTS = 2.0


def rank(
    entry: Entry,
    parsed: ParsedQuery,
    categories: frozenset[str],
    floor: int,
    longer: Mapping[str, frozenset[str]] | None = None,
) -> float | None:
    """The entry's score for the query, by its USDA name or, when better, by one of its common names;
    None when neither holds enough of the query's terms."""
    best: float | None = None
    for name, cost in zip((entry.name, *entry.aliases), (0.0, *entry.alias_costs), strict=True):
        matched, value = evaluate(
            name,
            entry.group_code,
            parsed.terms,
            head=parsed.head,
            categories=categories,
            common=entry.common,
            phrase=parsed.phrase,
            longer=longer,
        )
        value -= cost
        if matched >= floor and (best is None or value > best):
            best = value
    if best is not None and entry.variety and set(parsed.terms) <= entry.food_words:
        # The query names just the food ("trout", "hot dog"): the variety USDA describes in the fewest
        # forms is the least likely meant (brook trout; rainbow trout heads 4 foods). Only ever less, so
        # the static bound of search() holds.
        best += VARIETY_WEIGHT * entry.variety
    if best is not None and entry.home_foods:
        # The query names just the food, which USDA files under several classifiers ("sirloin" under beef
        # and veal), in whatever state ("raw sirloin"): the one it describes the food least under is the
        # least likely meant. Only ever less.
        asked = set(parsed.terms) - _FAMILY_ENDS
        best += HOME_WEIGHT * max(
            (home for food, home in zip(entry.home_foods, entry.homes, strict=True) if food == asked), default=0.0
        )
    return best


def _load_in_order(session: Session, ids: list[int]) -> list[Food]:
    by_id = {food.id: food for food in session.scalars(select(Food).where(Food.id.in_(ids)))} if ids else {}
    # A food deleted since the index was built (another process's import) is left out, not an error.
    return [by_id[food_id] for food_id in ids if food_id in by_id]


def _floor(terms: tuple[str, ...]) -> int:
    """How many of the query's terms a name must hold: half of them, not counting the words that only qualify
    the food ("boneless cod fillet" is cod: "Fish, cod, Atlantic, raw") or say it is sugar free, which names
    say in other words ("low calorie", "with aspartame"). A name holding only qualifiers is no
    match at all (see _candidates): "light" alone is no light mayonnaise."""
    said = _QUALIFIERS | _unsugared_said(terms) | _claim_said(terms)
    content = [term for term in terms if term not in said] if len(terms) > 1 else terms
    return max(1, (len(content or terms) + 1) // 2)


# Words that qualify a food, typed before it ("light", "boneless") or after it ("fillet", "slices"): a name
# holding only these holds nothing of the food asked for.
_QUALIFIERS = _MODIFIERS | _CUT_INTO | _FORM_SAID
# Words that name no food alone: the qualifiers and the states a food is in ("cooked" alone is no cooked quinoa).
_NO_FOOD_ALONE = _QUALIFIERS | _ANY_STATE


def describe(parsed: ParsedQuery) -> dict[str, Any]:
    return {"terms": list(parsed.terms), "corrected": parsed.corrected}
