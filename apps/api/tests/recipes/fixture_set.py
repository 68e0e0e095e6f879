"""The saved recipe pages of fixtures/ imported as a person would (POST /api/recipes/import {html}), scored
against each line's expected grams (fixtures/expected.json: kitchen weights of what the line says; null for a
line with no amount, "to taste"). Used by the import tests and `make bench`."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from diet_planner.foods import service

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TOLERANCE = 0.15  # grams within ±15 % of the expected weight


def expected() -> dict[str, Any]:
    return dict(json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8")))


@dataclass
class Score:
    pages: int = 0
    recipes_found: int = 0
    lines: int = 0
    matched: int = 0  # a food and grams
    flagged: int = 0  # no food or no grams, with the reason
    silent: int = 0  # neither: must stay 0
    graded: int = 0  # matched lines with an expected weight
    within: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def within_share(self) -> float:
        return self.within / self.graded if self.graded else 0.0


def measure(session: Session, user_id: int | None = None) -> Score:
    score = Score()
    for name, truth in expected().items():
        score.pages += 1
        page = (FIXTURES / name).read_text(encoding="utf-8")
        draft = service.import_recipe(session, user_id, html=page)
        score.recipes_found += 1
        wanted = {item["line"]: item["grams"] for item in truth["lines"]}
        for item in draft["ingredients"]:
            score.lines += 1
            if item["food"] is not None and item["grams"] is not None:
                score.matched += 1
                grams = wanted.get(item["line"])
                if grams:
                    score.graded += 1
                    if abs(item["grams"] - grams) <= TOLERANCE * grams:
                        score.within += 1
                    else:
                        score.misses.append(
                            f"{name}: {item['line']!r} -> {item['food']['name']!r} {item['grams']} g (expected {grams} g)"
                        )
            elif item["flag"]:
                score.flagged += 1
            else:
                score.silent += 1
    return score


def flagged_lines(session: Session, user_id: int | None = None) -> list[str]:
    """Every flagged line with its reason (for the bench's listing)."""
    out = []
    for name in expected():
        draft = service.import_recipe(session, user_id, html=(FIXTURES / name).read_text(encoding="utf-8"))
        out += [f"{name}: {item['line']!r}: {item['flag']}" for item in draft["ingredients"] if item["flag"]]
    return out
