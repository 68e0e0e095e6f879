"""Sample weeks as a person reads them: dishes and portions, planned leftovers, each day's cooking sessions.

`python -m bench.print_weeks` prints five weeks (two with leftovers) of the bench's profiles, each with the kitchen
settings a person would set in their profile; the text is meant to be pasted as it is.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from diet_planner.nutrition.targets import ProfileData, compute_targets
from diet_planner.planner.catalogue import load_catalogue
from diet_planner.planner.catalogue.schema import Catalogue
from diet_planner.planner.catalogue.usda import read_usda_foods
from diet_planner.planner.check import check_plan
from diet_planner.planner.model import Kitchen, NutrientTable, PlanRequest, PlanResult
from diet_planner.planner.request import build_request, catalogue_ndbs, diet_rules
from diet_planner.planner.solve import generate_plan
from diet_planner.plans.portions import household, normalise

MONDAY = date(2026, 1, 5)


@dataclass(frozen=True)
class Week:
    title: str
    profile: ProfileData
    meals_per_day: int
    kitchen: Kitchen
    allergies: tuple[str, ...] = ()
    seed: int = 1


WEEKS = (
    Week(
        "Omnivore man 30, 3 meals, batch cooking (20 active minutes on weekdays, 60 at weekends)",
        ProfileData("male", 30, 180, 80, "moderate"),
        3,
        Kitchen("batch", 20, 60),
    ),
    Week(
        "Vegetarian woman 40, 4 meals, some leftovers (dinner for the next day's lunch), 30 minutes a day",
        ProfileData("female", 40, 165, 62, "light", diet="vegetarian"),
        4,
        Kitchen("some", 30, 30),
    ),
    Week(
        "Mediterranean man 70, 3 meals, every meal fresh",
        ProfileData("male", 70, 170, 75, "light", diet="mediterranean"),
        3,
        Kitchen("never"),
    ),
    Week(
        "Keto woman 40 without milk or egg, 4 meals, every meal fresh",
        ProfileData("female", 40, 168, 72, "light", diet="keto"),
        4,
        Kitchen("never"),
        ("milk", "egg"),
    ),
    Week(
        "Vegan man 35 without soy or gluten, 4 meals, every meal fresh",
        ProfileData("male", 35, 180, 78, "moderate", diet="vegan"),
        4,
        Kitchen("never"),
        ("soy", "gluten"),
    ),
)


def request_for(week: Week, catalogue: Catalogue, table: NutrientTable) -> PlanRequest:
    return build_request(
        days=7,
        meals_per_day=week.meals_per_day,
        targets=compute_targets(week.profile).to_dict(),
        rules=diet_rules(week.profile.diet, week.profile.life_stage, allergies=week.allergies),
        nutrients=table,
        catalogue=catalogue,
        seed=week.seed,
        kitchen=replace(week.kitchen, start_weekday=MONDAY.weekday()),
    )


def table_for(catalogue: Catalogue) -> NutrientTable:
    ndbs = frozenset(catalogue_ndbs(catalogue))
    return {ndb: food.nutrients for ndb, food in read_usda_foods(ndbs=ndbs).items()}


def day_name(index: int) -> str:
    return (MONDAY + timedelta(days=index)).strftime("%A")


def cooking_sessions(request: PlanRequest, plan: PlanResult) -> list[list[tuple[str, str, int, int, bool]]]:
    """Per day: (slot, dish, active minutes, meals it feeds, assembled) of each meal at which a dish is made (an
    assembled one, a bowl of cereal, is made but not cooked: no cooking session)."""
    recipes = {r.slug: r for r in request.catalogue.recipes}
    feeds: dict[tuple[int, int], int] = {}
    for day in plan.days:
        for meal in day.meals:
            for item in meal.items:
                if item.leftover_of is not None:
                    feeds[item.leftover_of] = feeds.get(item.leftover_of, 0) + 1
    sessions: list[list[tuple[str, str, int, int, bool]]] = []
    for d, day in enumerate(plan.days):
        cooked = []
        for p, meal in enumerate(day.meals):
            for item in meal.items:
                if item.kind == "recipe" and item.leftover_of is None and item.ref in recipes:
                    recipe = recipes[item.ref]
                    made = (meal.slot, recipe.name, recipe.active_minutes, 1 + feeds.get((d, p), 0), recipe.assembled)
                    cooked.append(made)
        sessions.append(cooked)
    return sessions


def print_week(week: Week, catalogue: Catalogue, table: NutrientTable, out: list[str]) -> None:
    request = request_for(week, catalogue, table)
    start = time.perf_counter()
    plan = generate_plan(request)
    seconds = time.perf_counter() - start
    report = check_plan(request, plan)
    out.append(f"=== {week.title}")
    out.append(
        f"    {request.energy_kcal:.0f} kcal a day; planned in {seconds:.1f} s; breaches: {len(report.breaches)}"
    )
    sessions = cooking_sessions(request, plan)
    for index, (day, totals) in enumerate(zip(plan.days, report.day_totals, strict=True)):
        out.append("")
        out.append(
            f"{day_name(index)}: {totals['energy_kcal']:.0f} kcal, protein {totals['protein_g']:.0f} g, "
            f"fat {totals['fat_g']:.0f} g, carbohydrate {totals['carbs_g']:.0f} g"
        )
        for meal in day.meals:
            dish = next((i for i in meal.items if i.kind == "recipe"), None)
            parts = []
            for item in meal.items:
                quantity, unit = normalise(item.quantity, item.unit)
                parts.append(f"{item.name}, {household(quantity, unit, item.grams)}")
            line = f"  {meal.slot.capitalize():<10} " + "; ".join(parts)
            if dish is not None and dish.leftover_of is not None:
                source_day, source_pos = dish.leftover_of
                source_slot = plan.days[source_day].meals[source_pos].slot
                line += f"  [leftovers from {day_name(source_day)}'s {source_slot}]"
            out.append(line)
        cooked = sessions[index]
        if cooked:
            minutes = sum(c[2] for c in cooked)
            what = "; ".join(
                f"{slot}: {name} ({active} min{', assembled' if assembled else ''}"
                f"{f', cook {feeds} meals worth' if feeds > 1 else ''})"
                for slot, name, active, feeds, assembled in cooked
            )
            count = sum(1 for c in cooked if not c[4])
            out.append(f"  Cooking: {count} session(s), {minutes} active min - {what}")
        else:
            out.append("  Cooking: nothing to cook (leftovers and ready foods)")
        for short in day.shortfalls:
            out.append(f"  Short: {short.nutrient} {short.amount:.1f} of {short.target:g} (try {short.suggestion})")
    total = sum(1 for s in sessions for c in s if not c[4])
    out.append("")
    out.append(f"Week: {total} cooking sessions ({total / len(sessions):.1f} a day)")
    for breach in report.breaches:
        out.append(f"  breach: day {breach.day}: {breach.rule}: {breach.detail}")
    out.append("")


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    catalogue = load_catalogue()
    table = table_for(catalogue)
    out: list[str] = []
    for week in WEEKS:
        if args and not any(a.lower() in week.title.lower() for a in args):
            continue
        print_week(week, catalogue, table, out)
    print("\n".join(out))


if __name__ == "__main__":
    main()
