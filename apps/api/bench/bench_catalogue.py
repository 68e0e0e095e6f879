"""Coverage of the recipe catalogue: recipes per meal slot for every diet alone and with each single allergy."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from diet_planner.planner.catalogue import allowed_for, load_catalogue
from diet_planner.planner.catalogue.schema import ALLERGENS, DIETS, SLOTS

GOAL = 15  # options per slot for every diet x single allergy (issue 18)


def coverage() -> dict[tuple[str, str | None], dict[str, int]]:
    catalogue = load_catalogue()
    table: dict[tuple[str, str | None], dict[str, int]] = {}
    for diet in DIETS:
        for allergy in (None, *ALLERGENS):
            allergies = () if allergy is None else (allergy,)
            table[diet, allergy] = {
                slot: sum(1 for r in catalogue.recipes if slot in r.slots and allowed_for(r, diet, allergies))
                for slot in SLOTS
            }
    return table


def main(argv: Sequence[str] | None = None) -> None:
    catalogue = load_catalogue()
    counts = coverage()
    console = Console(width=200)
    table = Table(title=f"Catalogue coverage: recipes per slot (goal ≥ {GOAL}; below it in red)")
    table.add_column("diet")
    table.add_column("allergy")
    for slot in SLOTS:
        table.add_column(slot, justify="right")
    for (diet, allergy), row in counts.items():
        cells = [f"[red]{row[s]}[/red]" if row[s] < GOAL else str(row[s]) for s in SLOTS]
        table.add_row(diet, allergy or "-", *cells)
    console.print(table)
    short = sum(1 for row in counts.values() for s in SLOTS if row[s] < GOAL)
    active = [r.active_minutes for r in catalogue.recipes if "dinner" in r.slots]
    console.print(
        f"recipes {len(catalogue.recipes)} (goal ≥ 350) | diet x allergy x slot cells below {GOAL}: {short} of "
        f"{len(counts) * len(SLOTS)} | smallest cell {min(min(row.values()) for row in counts.values())} | "
        f"dinners: median {statistics.median(active):.0f} active min, "
        f"{sum(1 for m in active if m <= 20)} within 20 | batch-cookable (keeps ≥ 3 days) dinners "
        f"{sum(1 for r in catalogue.recipes if 'dinner' in r.slots and r.keeps_days >= 3)}"
    )


if __name__ == "__main__":
    main()
