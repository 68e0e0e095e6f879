"""Benchmark of recipe import (issue 17): the saved recipe pages of tests/recipes/fixtures imported into a
fresh SQLite database with the bundled foods, each ingredient line scored against its expected kitchen weight.

Goals: every line matched to a food with grams or explicitly flagged (with the reason); grams within ±15 % of
the expected weight for at least 85 % of the matched lines."""

from __future__ import annotations

import time

from rich.console import Console

from bench.fresh import usda_session
from tests.recipes.fixture_set import TOLERANCE, flagged_lines, measure


def main() -> None:
    console = Console(width=200)
    with usda_session() as session:
        started = time.perf_counter()
        score = measure(session)
        seconds = time.perf_counter() - started
        flagged = flagged_lines(session)
    console.print(
        f"Recipe import: {score.pages} saved pages, {score.recipes_found} recipes read, {score.lines} ingredient lines | "
        f"matched with grams {score.matched} ({100 * score.matched / max(score.lines, 1):.1f} %), flagged "
        f"{score.flagged}, unexplained {score.silent} (goal 0) | grams within ±{TOLERANCE:.0%} "
        f"{score.within}/{score.graded} = {100 * score.within_share:.1f} % of matched lines (goal ≥ 85 %) | "
        f"{1000 * seconds / max(score.pages, 1):.0f} ms a page"
    )
    for line in score.misses:
        console.print(f"  off: {line}", highlight=False)
    for line in flagged:
        console.print(f"  flagged: {line}", highlight=False)


if __name__ == "__main__":
    main()
