"""Recipe ingredient lines to foods and grams: ingredient-slicer reads the amount and unit, search finds the
food, and the food's own USDA household measures (with pint for unit arithmetic) turn the amount into grams.

A line that gives no amount ("salt, to taste", "cilantro, for garnish") says so and has no grams; a unit
the food has no measure for gets no grams and a note, never a guessed 0 g."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import pint
from ingredient_slicer import IngredientSlicer

from diet_planner.foods.models import Food

MAX_LINE_CHARS = 500
MAX_LINES = 200
ALTERNATIVES = 4

_UNITS: Any = pint.UnitRegistry()  # pint types its registry per quantity class; only its parser is used
# Slicer's standard unit names -> pint units; a pinch and a dash are what cooks mean by them.
_MASS = {"gram": "gram", "kilogram": "kilogram", "milligram": "milligram", "ounce": "ounce", "pound": "pound"}
_VOLUME = {
    "cup": "cup",
    "tablespoon": "tablespoon",
    "teaspoon": "teaspoon",
    "fluid ounce": "fluid_ounce",
    "milliliter": "milliliter",
    "liter": "liter",
    "pint": "pint",
    "quart": "quart",
    "gallon": "gallon",
    "pinch": "teaspoon / 16",
    "dash": "teaspoon / 8",
}
VOLUME_UNITS = frozenset(_VOLUME)
# How USDA measure names spell volume units.
_MEASURE_VOLUME = {
    "cup": "cup",
    "tbsp": "tablespoon",
    "tablespoon": "tablespoon",
    "tsp": "teaspoon",
    "teaspoon": "teaspoon",
    "fl": "fluid_ounce",
    "ml": "milliliter",
    "liter": "liter",
    "quart": "quart",
    "gallon": "gallon",
}
_NOT_HOUSEHOLD = {"nlea", "serving", "oz", "lb", "g"}
# Lines that ask for no particular amount: the food is named, the grams are the cook's choice.
_UNMEASURED = re.compile(
    r"\b(to taste|for (?:garnish|garnishing|serving|decoration|dusting|the table)|as needed|as desired|if desired)\b"
)
_JUICE_OF = re.compile(r"^\s*(?:the\s+)?(juice|zest)\s+(?:of|from)\s+(.*)$")
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u25aa\u25cf\u2013]+|\d+[.)](?=\s+\D))\s*")
_PARENTHESES = re.compile(r"\([^)]*\)?|\[[^\]]*\]?")
_NUMBER = re.compile(r"(?<![a-z])[\d\u00bc-\u00be\u2150-\u215e][\d\s/.\-\u00bc-\u00be\u2150-\u215e]*")
_WORD = re.compile(r"[a-z][a-z'\-]*")
_LONG_NUMBER = re.compile(r"\d[\d,.]{6,}")
MAX_QUANTITY = 10_000.0
# Units that count pieces of a food; matched against the food's measure names ("clove", "stalk, medium").
COUNT_UNITS = frozenset(
    {"clove", "stick", "slice", "bunch", "head", "stalk", "piece", "sprig", "can", "package", "fillet", "leaf"}
    | {"ear", "link", "strip", "wedge", "sheet", "bar", "jar", "bottle", "packet", "container", "scoop", "rib"}
)
SIZES = ("extra large", "jumbo", "large", "medium", "small")
# Words of a line that describe handling, not the food (kept for choosing "cup, chopped" over "cup").
_PREPARATION = frozenset(
    [
        "chopped",
        "minced",
        "diced",
        "sliced",
        "grated",
        "shredded",
        "crushed",
        "mashed",
        "cubed",
        "halved",
        "quartered",
        "julienned",
        "peeled",
        "seeded",
        "cored",
        "pitted",
        "trimmed",
        "rinsed",
        "drained",
        "beaten",
        "softened",
        "melted",
        "cooled",
        "chilled",
        "warmed",
        "divided",
        "packed",
        "sifted",
        "toasted",
        "finely",
        "thinly",
        "roughly",
        "coarsely",
        # How fine it is ground or cut ("fine sea salt", "coarse bulgur"): the same food, weighed alike.
        "fine",
        "coarse",
        # How thick it is cut ("thick-cut bacon"): a brand's "thick-cut" onion rings are no bacon.
        "thick-cut",
        "thin-cut",
        "thick-sliced",
        "thin-sliced",
        "freshly",
        "lightly",
        "firmly",
        "loosely",
        "fresh",
        "ripe",
        "boneless",
        "skinless",
        "skin-on",
        "bone-in",
        "extra-virgin",
        "virgin",
        "organic",
        "large",
        "medium",
        "small",
        "jumbo",
        "extra",
        "about",
        "approximately",
        "plus",
        "more",
        "optional",
        "room",
        "temperature",
        "cut",
        "into",
        "inch",
        "pieces",
        "piece",
        "chunks",
        "florets",
        "strips",
        "wedges",
        "rings",
        "thick",
        "thin",
        "cold",
        "hot",
        "warm",
        "whole",
        "heaping",
        "level",
        "scant",
        "good",
        "quality",
        "store-bought",
        "homemade",
        "of",
        "a",
        "an",
        "the",
        "or",
        "and",
        "lean",
        "baby",
        "ground",
    ]
)
# Kept in the search text though they are handling words: they change which USDA food is meant.
# skinless: USDA's "meat only"; peeled: its "without skin" ("2 apples, peeled" are "Apples, raw, without skin").
_KEEP = frozenset({"ground", "whole", "baby", "lean", "fresh", "skinless", "peeled"})
_SEARCH_WORDS_DROPPED = _PREPARATION - _KEEP
_RAW_WORDS = {"uncooked": "raw", "dry": "raw", "dried": "dried"}


@dataclass
class Parsed:
    """What the line says, before any food is looked up."""

    line: str
    quantity: float | None = None
    unit: str | None = None  # slicer's standard unit, or None
    food_text: str = ""
    preparation: str | None = None
    size: str | None = None
    note: str | None = None
    unmeasured: bool = False
    words: frozenset[str] = field(default_factory=frozenset)  # every word of the line, for measure choice


def plain_letters(text: str) -> str:
    """Accents off ("sautéed" -> "sauteed"): USDA names are plain ASCII, and a word split at an accented
    letter would name another food. Fractions like ½ are kept for the slicer."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).replace("\u2044", "/")


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


# Whether two words said in this order name a food ("hot dog", "hot sauce"): then a handling word that
# starts them is part of the food's name, not how it is served ("hot water").
NamesFood = Callable[[str, str], bool]
# Handling words that also start foods' names ("hot dog", "cold cuts"); a cutting word ("chopped") never
# does, though "chopped tomatoes" is a British name of a tin.
_TEMPERATURES = frozenset({"hot", "cold"})
# Notes in parentheses that hold no word ("(80/20)", "(1/2)"): a ratio the slicer would read as the amount.
_NUMBERS_ONLY_NOTE = re.compile(r"\([\d\s/.%:\-]*\)")
_WITH_ANOTHER = re.compile(r"\b(?:mixed|tossed|combined|dissolved|blended|whisked|stirred)? ?\bwith\b")
# The states of a cooked food that change what a cup of it weighs ("1 cup pinto beans, cooked").
_COOKED_STATES = frozenset({"cooked", "boiled", "baked", "roasted", "grilled", "steamed", "fried"})
# Words that only say the state a food is in ("cooked," in "2 cups cooked, shredded chicken").
_STATE_ONLY = frozenset({"cooked", "raw", "fresh", "frozen", "canned", "dried", "uncooked", "leftover"})


def read_line(line: str, names_food: NamesFood | None = None) -> Parsed:
    """Amount, unit, the words that name the food, and its preparation."""
    text = _BULLET.sub("", plain_letters(line).strip()).strip()
    lowered = text.lower()
    parsed = Parsed(line=line, words=frozenset(_WORD.findall(lowered)))
    if not re.search(r"[a-z]", lowered):
        parsed.note = "not an ingredient: no food named"
        return parsed
    if lowered.endswith(":") or (lowered.startswith("for the ") and len(lowered.split()) <= 6):
        parsed.note = "not an ingredient: a heading"
        return parsed
    if _LONG_NUMBER.search(lowered):
        # No recipe amount has seven digits; the slicer's patterns also take seconds on such runs.
        parsed.note = "amount not understood: give it as a number of at most six digits"
        parsed.unmeasured = True
        parsed.food_text = _food_words(_PARENTHESES.sub(" ", _LONG_NUMBER.sub(" ", lowered)).partition(",")[0], None)
        return parsed
    lowered = _NUMBERS_ONLY_NOTE.sub(" ", lowered)
    juice = _JUICE_OF.match(lowered)
    what = None
    if juice:
        what, lowered = juice.group(1), juice.group(2)
    try:
        sliced = IngredientSlicer(lowered).to_json()
    except Exception:  # a third-party parser failing on odd text is not the person's error: no amount read
        sliced = {}
    parsed.quantity = _number(sliced.get("quantity"))
    unit = sliced.get("standardized_unit")
    parsed.unit = unit if isinstance(unit, str) and unit and unit != "to taste" else None
    prep = [p for p in sliced.get("prep") or [] if isinstance(p, str)]
    sizes = [s for s in SIZES if re.search(rf"\b{s}\b", lowered)]
    parsed.size = sizes[0] if sizes else None
    main, _, tail = _PARENTHESES.sub(" ", lowered).partition(",")
    if tail and set(_food_words(main, parsed.unit).split()) <= _STATE_ONLY:
        # "2 cups cooked, shredded chicken": the food is named after the comma.
        more, _, tail = tail.partition(",")
        main = f"{main} {more}"
    tail_words = [w for w in _WORD.findall(tail) if w not in {"and", "or", "then"}]
    # The words after the first comma say how it is prepared; without them, the slicer's preparation words.
    parsed.preparation = _UNMEASURED.sub("", tail).strip(" ,") if tail_words else ", ".join(prep)
    parsed.preparation = parsed.preparation or None
    unmeasured = _UNMEASURED.search(lowered)
    if unmeasured:
        parsed.unmeasured, parsed.note = True, unmeasured.group(1)
    main = _UNMEASURED.sub(" ", main)
    # "2 tsp cornstarch mixed with 2 tbsp water": what it is mixed with is another ingredient.
    main = _WITH_ANOTHER.split(main, maxsplit=1)[0]
    cooked = [w for w in _WORD.findall(tail) if w in _COOKED_STATES]
    if cooked and not set(_WORD.findall(main)) & _COOKED_STATES:
        # "1 cup pinto beans, cooked": the state after the comma is the state the food is measured in.
        main = f"{cooked[0]} {main}"
    if parsed.unit is not None and parsed.unit not in _MASS and parsed.unit not in (_VOLUME.keys() | COUNT_UNITS):
        # Slicer names a counted food by itself ("2 eggs" -> unit "egg"): a count of the food.
        parsed.unit = None
    if parsed.unit in COUNT_UNITS and _said_only_after(parsed.unit, main, tail):
        # "3 scallions, cut into 2-inch pieces": what the food is cut into is no unit of its amount, which
        # counts the food itself.
        parsed.unit = None
    parsed.food_text = _first_alternative(main, parsed.unit, names_food)
    if re.search(r"\bcans?\b|\btins?\b", lowered) and "canned" not in parsed.food_text:
        parsed.food_text = f"canned {parsed.food_text}".strip()  # first: the last word is the head noun
    if what == "juice":
        parsed.food_text = f"{parsed.food_text} juice".strip()
    elif what == "zest":
        parsed.food_text = f"{parsed.food_text} peel".strip()
    if parsed.quantity is not None and parsed.quantity > MAX_QUANTITY:
        parsed.quantity, parsed.unmeasured = None, True
        parsed.note = f"amount not understood: more than {MAX_QUANTITY:,.0f}"
    if not parsed.food_text and parsed.note is None:
        parsed.note = "not an ingredient: no food named"
    if parsed.quantity is None and not parsed.unmeasured and parsed.food_text:
        # "a pinch of saffron" has a quantity in words; "salt and pepper" with nothing at all is unmeasured.
        parsed.note = "no amount given"
        parsed.unmeasured = True
    return parsed


def _said_only_after(unit: str, main: str, tail: str) -> bool:
    """The unit's word is said after the line's first comma and not before it."""
    spellings = {unit, f"{unit}s", f"{unit}es"}
    return bool(spellings & set(_WORD.findall(tail))) and not spellings & set(_WORD.findall(main))


def _first_alternative(text: str, unit: str | None, names_food: NamesFood | None) -> str:
    """The food words of the first of alternatives ("butter or margarine", "soy sauce or tamari"), which
    the recipe was written with; one word before a noun the alternatives share keeps it ("chicken or
    vegetable broth" is chicken broth, "fresh or frozen blueberries" fresh blueberries)."""
    first, said, second = text.partition(" or ")
    whole = _food_words(text, unit, names_food)
    if not said:
        return whole
    before = _food_words(first, unit, names_food).split()
    after = _food_words(second, unit, names_food).split()
    if not before:
        return whole
    if len(before) == 1 and len(after) > 1:
        return " ".join(before + after[1:])
    return " ".join(before)


def _food_words(text: str, unit: str | None, names_food: NamesFood | None = None) -> str:
    """The words naming the food: numbers, units, sizes and handling words removed."""
    text = _NUMBER.sub(" ", text)
    # "Minced" is handling for garlic but the name of a product for meat (British for ground).
    text = re.sub(r"\bminced (beef|lamb|pork|turkey|chicken|meat)\b", r"ground \1", text)
    kept: list[str] = []
    unit_words = set((unit or "").split()) | _unit_spellings(unit)
    said = _WORD.findall(text)
    for position, word in enumerate(said):
        bare = word.strip("-'")
        follows = said[position + 1].strip("-'") if position + 1 < len(said) else ""
        if names_food is not None and bare in _TEMPERATURES and follows and names_food(bare, follows):
            kept.append(bare)  # "hot sauce", "hot dogs": a food named so, not a sauce served hot
            continue
        if not bare or bare in _SEARCH_WORDS_DROPPED or bare in unit_words or bare.rstrip("s") in unit_words:
            continue
        if bare in ("can", "cans", "package", "packages", "jar", "jars", "bag", "bags", "box", "container", "block"):
            continue
        kept.append(_RAW_WORDS.get(bare, bare))
    return " ".join(kept)


@lru_cache(maxsize=64)
def _unit_spellings(unit: str | None) -> frozenset[str]:
    spellings = {
        "cup": {"cup", "cups", "c"},
        "tablespoon": {"tablespoon", "tablespoons", "tbsp", "tbs", "tbl", "t"},
        "teaspoon": {"teaspoon", "teaspoons", "tsp", "ts"},
        "ounce": {"ounce", "ounces", "oz"},
        "pound": {"pound", "pounds", "lb", "lbs"},
        "gram": {"gram", "grams", "g", "gr"},
        "kilogram": {"kilogram", "kilograms", "kg"},
        "milliliter": {"milliliter", "milliliters", "millilitre", "millilitres", "ml"},
        "liter": {"liter", "liters", "litre", "litres", "l"},
        "fluid ounce": {"fluid", "fl", "ounce", "ounces", "oz"},
        "clove": {"clove", "cloves"},
        "stick": {"stick", "sticks"},
        "pinch": {"pinch", "pinches"},
        "dash": {"dash", "dashes"},
        "stalk": {"stalk", "stalks"},
        "slice": {"slice", "slices"},
        "bunch": {"bunch", "bunches"},
        "head": {"head", "heads"},
        "piece": {"piece", "pieces"},
        "sprig": {"sprig", "sprigs"},
    }
    return frozenset(spellings.get(unit or "", {unit or ""}))


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("oes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _measure_words(name: str) -> set[str]:
    return {_singular(w) for w in _WORD.findall(name.lower())}


@lru_cache(maxsize=32)
def _volume_ml(unit: str) -> float:
    return float(_UNITS(unit).to("milliliter").m)


def grams_of(
    parsed: Parsed, measures: Sequence[tuple[str, float, float]]
) -> tuple[float | None, str | None, str | None]:
    """(grams, the measure used, a note when none fits) for the parsed amount of a food with these
    household measures (name, amount, grams)."""
    if parsed.quantity is None:
        return None, None, parsed.note
    unit = parsed.unit
    if unit in _MASS:
        grams = float(_UNITS.Quantity(parsed.quantity, _MASS[unit]).to("gram").m)
        return round(grams, 1), unit, None
    if unit in _VOLUME:
        return _by_volume(parsed, measures, _volume_ml(_VOLUME[unit]))
    return _by_count(parsed, measures)


def _by_volume(
    parsed: Parsed, measures: Sequence[tuple[str, float, float]], unit_ml: float
) -> tuple[float | None, str | None, str | None]:
    best: tuple[float, str, float] | None = None
    food_words = frozenset(parsed.food_text.split()) | frozenset(_singular(w) for w in parsed.food_text.split())
    for name, amount, grams in measures:
        # A note in parentheses says what else the measure makes ("cup, fluid (yields 2 cups whipped)"),
        # not how the food in the cup is handled.
        words = _measure_words(_NOTE.sub("", name))
        first = _WORD.findall(name.lower())[:1]
        if not first or first[0] not in _MEASURE_VOLUME or "yield" in words or amount <= 0 or grams <= 0:
            continue
        ml = amount * _volume_ml(_MEASURE_VOLUME[first[0]])
        # A measure that names the line's handling ("cup, chopped") fits best; a cup beats a spoon (less
        # rounding in USDA's grams); then the plainest name.
        handling = {_stem(w) for w in words} & {_stem(w) for w in parsed.words - food_words}
        extra = {w for w in words if _stem(w) not in {_stem(x) for x in parsed.words}} - _GENERIC_MEASURE_WORDS
        fit = 3.0 * len(handling) + (1.0 if first[0] == "cup" else 0.0) - 0.7 * len(extra)
        # Handling that changes how much a cup holds is what the line must say; unsaid, a cup is of the
        # food as it comes (whole, chopped), not ground, melted or packed.
        fit -= 1.5 * len({w for w in words if w in _DENSITY_HANDLING} - set(parsed.words))
        fit -= 0.01 * len(name)
        if best is None or fit > best[0]:
            best = (fit, name, grams / ml)
    if best is None:
        return None, None, f"no volume measure for this food: give {parsed.unit} in grams"
    grams = parsed.quantity * unit_ml * best[2]  # type: ignore[operator]
    return round(grams, 1), best[1], None


_DENSITY_HANDLING = frozenset(
    {"ground", "melted", "mashed", "pureed", "puree", "sifted", "packed", "crushed", "whipped"}
)
_NOTE = re.compile(r"\([^)]*\)?")
_GENERIC_MEASURE_WORDS = frozenset(_MEASURE_VOLUME) | {"fl", "oz", "or", "and", "of", "cup"}


# Handling words USDA measure names use for the same thing a recipe says differently.
_SAME_HANDLING = {"grat": "shre", "mince": "chop"}


def _stem(word: str) -> str:
    """Enough of a word to match "sliced" with "slices" and "chopped" with "chop"."""
    stem = word[:4] if len(word) >= 4 else word
    return _SAME_HANDLING.get(stem, stem)


# Pieces a recipe counts that USDA measures under another name: None, by the food's own count ("anchovy").
_PIECE_AS: dict[str, str | None] = {"strip": "slice", "fillet": None}
_WHOLE_WORDS = {"whole", "fruit", "each", "item", "unit", "piece", "medium", "yield", "avocado", "tortilla"}
_PART_WORDS = {"slice", "wedge", "strip", "ring", "floweret", "leaf", "sprig", "spear", "cherry", "rings", "strips"}


# Cultivars a recipe names by the type USDA measures them under: Roma and San Marzano are plum tomatoes
# ("Tomatoes, red, ripe, raw": "plum tomato", 62 g, not the "medium whole" 123 g).
_MEASURED_AS = {"roma": "plum", "marzano": "plum"}


def _by_count(
    parsed: Parsed, measures: Sequence[tuple[str, float, float]]
) -> tuple[float | None, str | None, str | None]:
    line_words = {_singular(w) for w in parsed.words}
    food_words = {_singular(w) for w in parsed.food_text.split()}
    food_words |= {_MEASURED_AS[w] for w in food_words if w in _MEASURED_AS}
    head = _singular(parsed.food_text.split()[-1]) if parsed.food_text.split() else ""
    kinds = food_words - {head}
    unit = _singular(parsed.unit) if parsed.unit else None
    best: tuple[float, str, float] | None = None
    for name, amount, grams in measures:
        words = _measure_words(name)
        first = _WORD.findall(name.lower())[:1]
        if not first or first[0] in _MEASURE_VOLUME or first[0] in _NOT_HOUSEHOLD or amount <= 0 or grams <= 0:
            continue
        if "pint" in words or ("package" in words and unit != "package"):
            continue
        fit = 0.0
        if unit:
            if unit not in words:
                continue
            fit += 5.0
        if parsed.size:
            fit += 3.0 if parsed.size in name.lower() else 0.0
        elif "medium" in words:
            fit += 1.5
        elif "small" in words:
            # No size said and none medium: the small one is the special size ("pita, small (4\" dia)"), the
            # large one the common one ("pita, large (6-1/2\" dia)", "egg, large").
            fit -= 0.5
        fit += 2.0 if words & (_WHOLE_WORDS | food_words) else 0.0
        # A measure of the kind the line names, with the food ("plum tomato" for "Roma tomatoes"), before a
        # size of any kind; not one merely naming a word of the line ("unit (yield from 1 lb ... duck)").
        fit += 2.0 if words & kinds and head in words else 0.0
        fit -= 3.0 * len((words & _PART_WORDS) - line_words - ({unit} if unit else set()))
        fit -= 0.01 * len(name)
        if best is None or fit > best[0]:
            best = (fit, name, grams / amount)
    if best is None and unit in _PIECE_AS:
        # No measure of the piece named: the same piece under another name ("3 strips bacon" by its "slice"), or
        # one of the small food itself ("4 anchovy fillets" by its "anchovy").
        alias = _PIECE_AS[unit]
        return _by_count(
            replace(parsed, unit=alias) if alias else replace(parsed, unit=None, size=None),
            [m for m in measures if alias or _measure_words(m[0]) & food_words],
        )
    if best is None:
        what = f"'{parsed.unit}'" if parsed.unit else "a whole one"
        return None, None, f"no household measure for {what} of this food: give it in grams"
    grams = parsed.quantity * best[2]  # type: ignore[operator]
    return round(grams, 1), best[1], None


Searcher = Callable[[str], list[Food]]


def match(parsed: Parsed, find: Searcher) -> tuple[list[Food], float]:
    """Candidate foods for the line (best first) and how sure the first is (0..1): the share of the line's
    food words its name holds. Words are dropped from the left ("thick-cut bacon" -> "bacon") when the
    whole phrase finds nothing."""
    text = parsed.food_text
    tried = text.split()
    while tried:
        found = find(" ".join(tried))
        if found:
            words = set(tried)
            name_words = {_singular(w) for w in _WORD.findall(found[0].name.lower())}
            share = sum(1 for w in words if _singular(w) in name_words) / len(words)
            dropped = len(text.split()) - len(tried)
            return found, round(max(0.1, share - 0.15 * dropped), 2)
        tried = tried[1:]
    return [], 0.0
