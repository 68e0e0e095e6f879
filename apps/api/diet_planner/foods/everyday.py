"""Everyday names of foods that USDA names otherwise (data/everyday_names.toml): "ghee" is "Butter oil,
anhydrous", "bourbon" a distilled whiskey, "aubergine" an eggplant. Search runs each such query a second
time in USDA's words (a query expansion); see search.search for how the two are weighed."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data") / "everyday_names.toml"
_WORD = re.compile(r"[a-z0-9]+")
# The table that replaces the query outright: USDA's food of that literal name is not what people mean.
INSTEAD = "instead"
# The table of phrases replaced wherever they are said, before parsing (see rewrites).
ALWAYS = "always"


@dataclass(frozen=True, slots=True)
class Name:
    said: str  # the everyday phrase, as written in the table
    usda: str  # the same food in the words of USDA names, written as a query (head noun last)
    aisle: str  # the table it is listed under ("dairy", "drinks"...)
    instead: bool  # the literal words never win: USDA's food of that name is a specialist one


Singular = Callable[[str], str]


def _key(text: str, singular: Singular) -> tuple[str, ...]:
    return tuple(singular(w) for w in _WORD.findall(text.lower()))


@lru_cache(maxsize=1)
def names(path: Path = DATA) -> dict[str, Name]:
    """Everyday phrase (lower case) -> its entry. A phrase listed twice is a mistake in the table."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    found: dict[str, Name] = {}
    for aisle, table in data.items():
        if aisle == ALWAYS:
            continue
        if not isinstance(table, dict):
            raise ValueError(f"{path.name}: {aisle!r} is not a table of names")
        for said, usda in table.items():
            if not isinstance(usda, str) or not usda.strip():
                raise ValueError(f"{path.name}: {said!r} needs the USDA words it means")
            if said.lower() in found:
                raise ValueError(f"{path.name}: {said!r} is listed twice")
            found[said.lower()] = Name(said, usda.strip(), aisle, aisle == INSTEAD)
    return found


@lru_cache(maxsize=1)
def rewrites(path: Path = DATA) -> dict[str, str]:
    """The [always] table: phrase (lower case) -> the USDA words that replace it wherever a query says it.
    Unlike names(), these hold inside a longer query ("chopped scallions"), where no second wording is
    tried; search.parse applies them before anything else."""
    table = tomllib.loads(path.read_text(encoding="utf-8")).get(ALWAYS, {})
    if not isinstance(table, dict):
        raise ValueError(f"{path.name}: {ALWAYS!r} is not a table of names")
    found: dict[str, str] = {}
    for said, usda in table.items():
        if not isinstance(usda, str) or not usda.strip():
            raise ValueError(f"{path.name}: {said!r} needs the USDA words it means")
        if said.lower() in found:
            raise ValueError(f"{path.name}: {said!r} is listed twice")
        found[said.lower()] = usda.strip()
    return found


@lru_cache(maxsize=4)
def _by_words(singular: Singular) -> tuple[dict[tuple[str, ...], Name], int]:
    table = by_words(names(), singular)
    return table, max((len(key) for key in table), default=0)


def by_words(found: dict[str, Name], singular: Singular) -> dict[tuple[str, ...], Name]:
    """The entries by their words, each made singular as search reads a query. Two phrases that read the same
    ("frosty" and "frosties") but mean different foods are a mistake in the table: one would silently replace
    the other."""
    table: dict[tuple[str, ...], Name] = {}
    for said, name in found.items():
        key = _key(said, singular)
        other = table.get(key)
        if other is not None and other.usda != name.usda:
            raise ValueError(f"{other.said!r} and {name.said!r} read the same to search but mean different foods")
        table[key] = name
    return table


def expand(query: str, singular: Singular) -> tuple[str, list[Name]] | None:
    """The query with each everyday phrase in it (longest first, singular or plural) replaced by its USDA
    words, and the entries used; None when it says none. `singular` is search's plural-to-singular."""
    table, longest = _by_words(singular)
    split = _WORD.findall(query.lower())
    out: list[str] = []
    used: list[Name] = []
    position = 0
    while position < len(split):
        for size in range(min(longest, len(split) - position), 0, -1):
            name = table.get(_key(" ".join(split[position : position + size]), singular))
            if name is not None and split[position + size : position + size + 1] == ["free"]:
                # "sugar free", "gluten free": what the food is without, not the food ("sugar" -> "granulated
                # sugar" made "sugar free jello" a search for sugar).
                name = None
            if name is not None:
                out.append(name.usda)
                used.append(name)
                position += size
                break
        else:
            out.append(split[position])
            position += 1
    return (" ".join(out), used) if used else None
