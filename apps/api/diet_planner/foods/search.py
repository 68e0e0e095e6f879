"""Food search: each engine's full-text index finds candidates (SQLite FTS5; PostgreSQL tsvector with a
pg_trgm fallback), then one shared ranking in Python orders them, so both engines answer alike.

The query is normalised first: lower case, plural to singular, synonyms (garbanzo -> chickpeas,
bell pepper -> sweet peppers), and words the food names never use corrected to the closest name word
(bananna -> banana), so typos and plurals still find the everyday food."""

from __future__ import annotations

import difflib
import re
import threading
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from diet_planner.foods.models import Food
from diet_planner.foods.repository import visible_to

MAX_QUERY_CHARS = 200
MAX_TERMS = 8
CANDIDATES = 1500
REFRESH_S = 30.0

# Phrase -> the words USDA names use for it. Applied before splitting into words.
SYNONYMS: dict[str, str] = {
    "bell pepper": "peppers sweet",
    "bell peppers": "peppers sweet",
    "capsicum": "peppers sweet",
    "sweet pepper": "peppers sweet",
    "garbanzo beans": "chickpeas",
    "garbanzo bean": "chickpeas",
    "garbanzos": "chickpeas",
    "garbanzo": "chickpeas",
    "chickpea": "chickpeas",
    "soy milk": "soymilk",
    "soya milk": "soymilk",
    "zucchini": "squash summer zucchini",
    "courgette": "squash summer zucchini",
    "aubergine": "eggplant",
    "yoghurt": "yogurt",
    "scallion": "onions spring",
    "scallions": "onions spring",
    "green onion": "onions spring",
    "green onions": "onions spring",
    "spring onion": "onions spring",
    "cilantro": "coriander leaves",
    "prawn": "shrimp",
    "prawns": "shrimp",
    "ground beef": "beef ground",
    "minced beef": "beef ground",
    "mince": "beef ground",
    "oj": "orange juice",
    "orange juice": "orange juice raw",
    "porridge": "oats",
    "oatmeal": "oats",
    "rolled oats": "oats",
    "rocket": "arugula",
    "garbanzo flour": "chickpea flour",
    "ketchup": "catsup",
    "mayo": "mayonnaise",
    "cottage cheese": "cheese cottage",
    "cheddar": "cheese cheddar",
    "mozzarella": "cheese mozzarella",
    "parmesan": "cheese parmesan",
    "feta": "cheese feta",
    "edamame": "edamame",
    "tofu": "tofu",
    "pb": "peanut butter",
    "sweet potato": "sweet potato",
    "sweet potatoes": "sweet potato",
    "whole wheat": "whole-wheat",
    "wholemeal": "whole-wheat",
    "brown rice": "rice brown",
    "white rice": "rice white",
    "kidney beans": "beans kidney",
    "black beans": "beans black",
    "pinto beans": "beans pinto",
    "navy beans": "beans navy",
    "green beans": "beans snap green",
    "string beans": "beans snap green",
    "chicken breast": "chicken breast",
    "salmon fillet": "salmon",
    "tuna": "tuna",
    "corn": "corn sweet",
    "sweetcorn": "corn sweet",
    "peas": "peas green",
    "lentil": "lentils",
}

# Food groups that rarely hold the everyday answer (USDA group codes).
GROUP_PRIOR: dict[str, float] = {
    "03": -12.0,  # baby foods
    "21": -5.0,  # fast foods
    "36": -5.0,  # restaurant foods
    "35": -6.0,  # American Indian/Alaska Native foods
    "22": -3.0,  # meals, entrees, side dishes
    "07": -2.0,  # sausages and luncheon meats
    "06": -1.0,  # soups and sauces
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
    "low": -1.0,
    "sodium": -1.0,
    "buttermilk": -2.5,
    "producer": -2.5,
    "filled": -2.5,
    "dried": -1.0,
    "lactose": -1.5,
    "fortified": -1.0,
    "dehydrated": -1.0,
    "powder": -1.0,
    "dry": -0.6,
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
    "free": -1.0,
    "flavor": -1.0,
    "reduced": -1.0,
    "vegetable": -1.0,
    "slice": -1.0,
}
# USDA names often start with a category ("Fish, salmon", "Nuts, almonds"): the food is the next segment.
CATEGORY_WORDS = frozenset({"fish", "nut", "cereal", "crustacean", "mollusk", "beverage", "spice", "seed"})
_WORD = re.compile(r"[a-z0-9]+")
_BRAND = re.compile(r"\b[A-Z][A-Z'&.\-]{2,}\b")


def singular(word: str) -> str:
    if len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("oes", "ches", "shes", "xes", "sses")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def words(value: str) -> list[str]:
    return _WORD.findall(value.lower())


class Vocabulary:
    """The words that appear in food names (singular), for typo correction; built once per process."""

    def __init__(self) -> None:
        self._words: frozenset[str] = frozenset()
        self._count = -1
        self._checked = 0.0
        self._lock = threading.Lock()

    def get(self, session: Session) -> frozenset[str]:
        # Shared foods change only on import: recount at most every REFRESH_S seconds, not on every query.
        now = time.monotonic()
        if self._words and now - self._checked < REFRESH_S:
            return self._words
        self._checked = now
        count = session.scalar(select(text("count(*)")).select_from(Food).where(Food.owner_id.is_(None))) or 0
        if count != self._count:
            with self._lock:
                names = session.scalars(select(Food.name).where(Food.owner_id.is_(None)))
                self._words = frozenset(singular(w) for name in names for w in words(name) if not w.isdigit())
                self._count = int(count)
        return self._words


VOCABULARY = Vocabulary()


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[str, ...]  # singular, corrected, synonyms applied
    corrected: bool


def parse(query: str, vocabulary: frozenset[str]) -> ParsedQuery:
    lowered = " ".join(words(query[:MAX_QUERY_CHARS]))
    for phrase in sorted(SYNONYMS, key=len, reverse=True):
        lowered = re.sub(rf"\b{re.escape(phrase)}\b", SYNONYMS[phrase], lowered)
    terms: list[str] = []
    corrected = False
    for word in words(lowered):
        term = singular(word)
        if vocabulary and term not in vocabulary and not term.isdigit() and len(term) > 3:
            close = difflib.get_close_matches(term, vocabulary, n=1, cutoff=0.75)
            if close:
                term, corrected = close[0], True
        if term not in terms:
            terms.append(term)
    return ParsedQuery(tuple(terms[:MAX_TERMS]), corrected)


def _fts_candidates(session: Session, terms: tuple[str, ...]) -> list[int]:
    if session.get_bind().dialect.name == "sqlite":
        # Quoted terms with a prefix star: user text can never become FTS5 syntax.
        match = " OR ".join(f'"{term}"*' for term in terms)
        rows = session.execute(
            text("SELECT rowid FROM foods_fts WHERE foods_fts MATCH :match ORDER BY rank LIMIT :limit"),
            {"match": match, "limit": CANDIDATES},
        )
        return [int(row[0]) for row in rows]
    tsquery = " | ".join(f"{term}:*" for term in terms)
    rows = session.execute(
        text(
            "SELECT id FROM foods WHERE to_tsvector('english', name) @@ to_tsquery('english', :q) "
            "ORDER BY ts_rank(to_tsvector('english', name), to_tsquery('english', :q)) DESC LIMIT :limit"
        ),
        {"q": tsquery, "limit": CANDIDATES},
    )
    ids = [int(row[0]) for row in rows]
    if not ids:
        # Substrings the stemmer splits differently ("soymilk" inside a longer word): trigram index.
        rows = session.execute(
            text("SELECT id FROM foods WHERE lower(name) LIKE :pattern LIMIT :limit"),
            {"pattern": f"%{terms[0]}%", "limit": CANDIDATES},
        )
        ids = [int(row[0]) for row in rows]
    return ids


def score(name: str, group_code: str | None, terms: tuple[str, ...]) -> float:
    segments = [segment.strip() for segment in name.lower().split(",") if segment.strip()]
    name_words = [singular(w) for w in words(name)]
    first = [singular(w) for w in words(segments[0])] if segments else []
    if first and set(first) <= CATEGORY_WORDS and len(segments) > 1:
        first = [w for w in first if w not in terms] + [singular(w) for w in words(segments[1])]
        first = [w for w in first if w not in CATEGORY_WORDS or w in terms]
    value = 0.0
    for term in terms:
        if term in name_words:
            value += 3.0
        elif any(w.startswith(term) for w in name_words):
            value += 1.0
        else:
            value -= 4.0
        if term in first:
            value += 4.0
    if first and set(first) == set(terms):
        value += 6.0
    if name_words and name_words[0] == terms[0]:
        value += 2.0
    value -= 0.6 * (len(segments) - 1)
    value -= 0.015 * len(name)
    value += GROUP_PRIOR.get(group_code or "", 0.0)
    value += sum(WORD_PRIOR.get(w, 0.0) for w in set(name_words) if w not in terms)
    if _BRAND.search(name):
        value -= 4.0
    return value


def search(
    session: Session,
    query: str,
    *,
    user_id: int | None,
    group: str | None,
    sources: tuple[str, ...],
    limit: int,
    offset: int,
) -> tuple[list[Food], int]:
    """Foods matching `query` (all foods when it is blank), best first, with the total count."""
    base = select(Food).where(visible_to(user_id), Food.source.in_(sources))
    if group:
        base = base.where((Food.group_code == group) | (Food.group_name == group))
    parsed = parse(query, VOCABULARY.get(session)) if query.strip() else ParsedQuery((), False)
    if not parsed.terms:
        # Blank query: a page in name order, counted by the database rather than loaded whole.
        total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
        return list(session.scalars(base.order_by(Food.name).limit(limit).offset(offset))), int(total)
    candidate_ids = _fts_candidates(session, parsed.terms)
    own = [] if user_id is None else [f.id for f in session.scalars(base.where(Food.owner_id == user_id))]
    ids = list(dict.fromkeys([*candidate_ids, *own]))
    # Rank on light rows (id, name, group, owner) and load full foods only for the page: far fewer bytes.
    light = base.with_only_columns(Food.id, Food.name, Food.group_code, Food.owner_id)
    rows: list[tuple[int, str, str | None, int | None]] = []
    for start in range(0, len(ids), 900):
        for row in session.execute(light.where(Food.id.in_(ids[start : start + 900]))):
            rows.append((int(row[0]), str(row[1]), row[2], row[3]))
    ranked = sorted(
        (
            (score(name, code, parsed.terms) + (2.0 if owner else 0.0), name, food_id)
            for food_id, name, code, owner in rows
        ),
        key=lambda item: (-item[0], item[1]),
    )
    # Keep foods that match at least half the terms, so multi-word queries do not drown in partial matches.
    floor = _floor(parsed.terms)
    kept = [food_id for _, name, food_id in ranked if _matched(name, parsed.terms) >= floor]
    page = kept[offset : offset + limit]
    by_id = {food.id: food for food in session.scalars(select(Food).where(Food.id.in_(page)))} if page else {}
    return [by_id[food_id] for food_id in page], len(kept)


def _matched(name: str, terms: tuple[str, ...]) -> int:
    name_words = [singular(w) for w in words(name)]
    return sum(1 for term in terms if any(w.startswith(term) for w in name_words))


def _floor(terms: tuple[str, ...]) -> int:
    return max(1, (len(terms) + 1) // 2)


def describe(parsed: ParsedQuery) -> dict[str, Any]:
    return {"terms": list(parsed.terms), "corrected": parsed.corrected}
