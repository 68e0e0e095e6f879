"""The hand-labelled matching sets (tests/foods/sets): search queries and recipe lines, each with a regular
expression an acceptable USDA food name matches (names and numbers change between USDA releases; the
patterns say what is acceptable), and for lines the grams of the USDA household measure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SETS = Path(__file__).with_name("sets")
PARTS = (
    "dev",
    "heldout",
    "heldoutb",
    "heldoutc",
    "heldoutd",
    "heldoute",
    "heldoutf",
    "heldoutg",
    "heldouth",
    "heldouti",
    "heldoutj",
    "heldoutk",
    "heldoutl",
)
# Parts written as search queries only (no recipe lines to parse): heldoute, heldouth, heldoutj, heldoutk and
# heldoutl measure search alone.
SEARCH_ONLY = ("heldoute", "heldouth", "heldoutj", "heldoutk", "heldoutl")


def parts_of(kind: str) -> tuple[str, ...]:
    """The parts that hold a `kind` ("search" or "parse") set: every part has search queries; a search-only
    part has no recipe lines."""
    return PARTS if kind == "search" else tuple(part for part in PARTS if part not in SEARCH_ONLY)


@dataclass(frozen=True)
class Labelled:
    text: str
    acceptable: re.Pattern[str] | None  # None: the line names no food to count (a heading, "to taste")
    grams: float | None  # None: no grams are right ("to taste", a heading)


def load(kind: str, part: str) -> list[Labelled]:
    """kind: "search" or "parse"; part: "dev" (tuned on), "heldout", "heldoutb", "heldoutc", "heldoutd",
    "heldoute" to "heldoutl" (held out: their items are never copied into dev; heldoutb to heldoutl were written
    blind, by people who had not read the matching code, and the misses of B to J have since been studied, so K
    and L alone measure unseen queries; heldoute and heldouth to heldoutl have search queries only)."""
    items = []
    for line in (SETS / f"{kind}_{part}.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        pattern = fields[1].strip()
        grams = fields[2].strip() if len(fields) > 2 else ""
        items.append(
            Labelled(
                fields[0],
                re.compile(pattern, re.IGNORECASE) if pattern else None,
                float(grams) if grams and grams not in ("taste", "none") else None,
            )
        )
    return items
