"""Benchmark of the plan generator: a panel of profiles, 7-day plans, judged by the independent checker.

`python -m bench.bench_planner` prints the table; `--show "omnivore woman 55"` (any part of a profile name)
prints that profile's week as a cook reads it, in household portions, with each day's shortfalls.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from rich.console import Console
from rich.table import Table

from diet_planner.nutrition.targets import ProfileData, compute_targets
from diet_planner.planner import highs_worker
from diet_planner.planner.catalogue import load_catalogue, recipe_rules
from diet_planner.planner.catalogue.schema import Catalogue, Ingredient, Recipe
from diet_planner.planner.catalogue.usda import read_usda_foods
from diet_planner.planner.check import check_plan
from diet_planner.planner.model import Kitchen, NutrientTable, PlanInfeasible, PlanRequest
from diet_planner.planner.request import build_request, catalogue_ndbs, diet_rules
from diet_planner.planner.solve import generate_plan
from diet_planner.plans.portions import household, normalise
from diet_planner.plans.request import own_recipe_preference

# A person's own recipes (issue 17), as foods.service.to_planner_recipe makes them from their rows: no planner
# fields given (the defaults: 1-2 servings in halves, made fresh), diets and allergens derived from the ingredients.
# (name, meal types, servings, [(NDB, grams for the whole recipe)])
OWN_RECIPES: tuple[tuple[str, tuple[str, ...], int, tuple[tuple[str, float], ...]], ...] = (
    ("My oats with banana", ("breakfast",), 1, (("08121", 234), ("09040", 118), ("01079", 122))),
    ("My berry yogurt bowl", ("breakfast", "snack"), 1, (("09050", 148), ("08120", 40), ("01079", 122))),
    ("My scrambled eggs on toast", ("breakfast",), 1, (("01123", 100), ("18075", 64), ("04053", 5), ("11457", 30))),
    ("My chicken rice bowl", ("lunch", "dinner"), 2, (("05064", 260), ("20037", 300), ("11091", 240), ("04053", 14))),
    (
        "My lentil tomato stew",
        ("lunch", "dinner"),
        4,
        (("16070", 600), ("11693", 400), ("11282", 110), ("11124", 120), ("04053", 27)),
    ),
    ("My salmon potatoes", ("dinner",), 2, (("15086", 300), ("11365", 400), ("11091", 200), ("04053", 10))),
    (
        "My turkey chili",
        ("lunch", "dinner"),
        4,
        (("05666", 450), ("16015", 500), ("11885", 400), ("11282", 110), ("11821", 120)),
    ),
    (
        "My tofu veg quinoa",
        ("lunch", "dinner"),
        2,
        (("16126", 250), ("20137", 370), ("11821", 120), ("11091", 180), ("04053", 14)),
    ),
    (
        "My chickpea spinach curry",
        ("lunch", "dinner"),
        3,
        (("16057", 480), ("11457", 150), ("11885", 400), ("11282", 110), ("04053", 20)),
    ),
    ("My apple peanut butter", ("snack",), 1, (("09003", 182), ("16098", 32))),
)

DAYS = 7


FRESH = Kitchen()
# The harder panel's kitchen (issue 18): batch cooking, 20 active minutes on weekdays, an hour at weekends.
BATCH_COOK = Kitchen("batch", 20, 60)


@dataclass(frozen=True)
class Case:
    name: str
    profile: ProfileData
    meals_per_day: int
    allergies: tuple[str, ...] = ()
    seed: int = 1
    own_recipes: int = 0  # of OWN_RECIPES, planned with "mostly my recipes" (or `recipe_mix`)
    recipe_mix: str = "mostly_mine"
    # How the person cooks (leftovers, active minutes a day); the main panel cooks every meal fresh, no limit.
    kitchen: Kitchen = FRESH


PANEL = (
    Case("omnivore man 30", ProfileData("male", 30, 180, 80, "moderate"), 3),
    Case("omnivore woman 55, lose", ProfileData("female", 55, 163, 78, "light", goal="lose", rate_kg_per_week=0.5), 4),
    Case("vegan woman 25", ProfileData("female", 25, 165, 60, "light", diet="vegan"), 3),
    Case(
        "vegan man 40, peanut+tree nut",
        ProfileData("male", 40, 178, 75, "moderate", diet="vegan"),
        5,
        ("peanut", "tree_nut"),
    ),
    Case("vegetarian man 45, milk", ProfileData("male", 45, 175, 85, "light", diet="vegetarian"), 4, ("milk",)),
    Case("vegetarian girl 16, egg", ProfileData("female", 16, 162, 52, "moderate", diet="vegetarian"), 5, ("egg",)),
    Case(
        "pescatarian woman 40, gluten+soy",
        ProfileData("female", 40, 160, 60, "moderate", diet="pescatarian"),
        5,
        ("gluten", "soy"),
    ),
    Case(
        "pescatarian man 65, shellfish",
        ProfileData("male", 65, 172, 80, "light", diet="pescatarian"),
        3,
        ("shellfish",),
    ),
    Case("keto woman 35", ProfileData("female", 35, 165, 70, "light", diet="keto"), 4),
    Case("keto man 50, fish+sesame", ProfileData("male", 50, 182, 95, "sedentary", diet="keto"), 3, ("fish", "sesame")),
    Case("mediterranean man 70", ProfileData("male", 70, 170, 75, "light", diet="mediterranean"), 3),
    Case(
        "mediterranean woman 80, wheat",
        ProfileData("female", 80, 158, 62, "sedentary", diet="mediterranean"),
        4,
        ("wheat",),
    ),
    Case("omnivore boy 16, active", ProfileData("male", 16, 175, 65, "active"), 6),
    Case("pregnant woman 30", ProfileData("female", 30, 165, 65, "light", life_stage="pregnant"), 4),
    Case(
        "lactating woman 33, vegetarian",
        ProfileData("female", 33, 168, 66, "moderate", diet="vegetarian", life_stage="lactating"),
        6,
    ),
    Case(
        "omnivore man 28, gain", ProfileData("male", 28, 185, 72, "very_active", goal="gain", rate_kg_per_week=0.25), 6
    ),
    # The harder panel of issue 18: the energy extremes, the thinnest diet x allergy pairs, pregnancy with a fish
    # allergy, each a batch cook with a 20-minute weekday budget (BATCH_COOK).
    Case(
        "loss 1,200 kcal, woman 60",
        ProfileData("female", 60, 152, 62, "sedentary", goal="lose", rate_kg_per_week=0.5),
        4,
        kitchen=BATCH_COOK,
    ),
    Case("athlete 3,800 kcal, man 24", ProfileData("male", 24, 190, 92, "very_active"), 6, kitchen=BATCH_COOK),
    Case(
        "keto woman 40, milk+egg",
        ProfileData("female", 40, 168, 72, "light", diet="keto"),
        4,
        ("milk", "egg"),
        kitchen=BATCH_COOK,
    ),
    Case(
        "vegan man 35, soy+gluten",
        ProfileData("male", 35, 180, 78, "moderate", diet="vegan"),
        4,
        ("soy", "gluten"),
        kitchen=BATCH_COOK,
    ),
    Case(
        "pregnant woman 31 (2nd trimester), fish",
        ProfileData("female", 31, 168, 64, "light", life_stage="pregnant", trimester=2),
        4,
        ("fish",),
        kitchen=BATCH_COOK,
    ),
    # Issue 17: a person's 10 own recipes mixed in ("mostly my recipes"), same goals as every other row.
    Case("omnivore woman 38, 10 own recipes", ProfileData("female", 38, 170, 68, "moderate"), 4, own_recipes=10),
    # The same person asking for "only my recipes": theirs in as many meals as the variety rules allow.
    Case(
        "omnivore woman 38, only her 10 recipes",
        ProfileData("female", 38, 170, 68, "moderate"),
        4,
        own_recipes=10,
        recipe_mix="only_mine",
    ),
)
WEEKDAYS = 5  # a week's plan starts on a Monday here: days 0-4 are weekdays
WEEKDAY_ACTIVE_GOAL = 20  # active cooking minutes a weekday (issue 18's panel)


@dataclass
class Row:
    name: str
    seconds: float
    cpu_seconds: float = 0.0
    met: int = 0
    total: int = 0
    in_band: int = 0
    breaches: int = 0
    variety: int = 0
    distinct: int = 0
    untold: int = 0  # unmet minima missing from the day's shortfalls (should be none)
    shortfalls: dict[str, int] = field(default_factory=dict)
    error: str = ""
    # Kitchen: meals a day at which something is cooked (planned leftovers are not), the most active minutes of any
    # weekday.
    sessions: float = 0.0
    made: float = 0.0  # meals at which a dish is made, assembled ones included
    weekday_active_max: int = 0
    own_uses: int = 0  # meals with one of the person's own recipes


def own_recipes(catalogue: Catalogue, table: NutrientTable, count: int) -> tuple[Recipe, ...]:
    recipes = []
    for index, (name, slots, servings, items) in enumerate(OWN_RECIPES[:count]):
        recipe = Recipe(
            slug=f"own-{index + 1}",
            name=name,
            slots=slots,
            servings=servings,
            active_minutes=20,
            total_minutes=30,
            keeps_days=0,
            ingredients=tuple(Ingredient(ndb=ndb, grams=grams) for ndb, grams in items),
            steps=("Cook it my way.",),
        )
        diets, allergens, _ = recipe_rules(recipe, catalogue.ingredients, table)
        recipes.append(replace(recipe, diets=diets, allergens=allergens))
    return tuple(recipes)


def _request(case: Case, catalogue: Catalogue, table: NutrientTable) -> PlanRequest:
    """As the API builds it (planner/request.py, plans/request.py): the diet as it applies at the profile's life
    stage; a person's own recipes beside the catalogue's, preferred as "mostly my recipes" or "only my recipes"
    (plans/request.build_request) prefers them."""
    mine = own_recipes(catalogue, table, case.own_recipes)
    request = build_request(
        days=DAYS,
        meals_per_day=case.meals_per_day,
        targets=compute_targets(case.profile).to_dict(),
        rules=diet_rules(case.profile.diet, case.profile.life_stage, allergies=case.allergies),
        nutrients=table,
        catalogue=replace(catalogue, recipes=catalogue.recipes + mine),
        seed=case.seed,
        kitchen=case.kitchen,
    )
    bonus, first_choice = own_recipe_preference(case.recipe_mix, frozenset(r.slug for r in mine))
    return replace(request, recipe_bonus=bonus, first_choice=first_choice)


def _table(catalogue: Catalogue) -> NutrientTable:
    ndbs = frozenset(catalogue_ndbs(catalogue)) | {ndb for *_, items in OWN_RECIPES for ndb, _ in items}
    return {ndb: food.nutrients for ndb, food in read_usda_foods(ndbs=ndbs).items()}


def _cpu_seconds() -> float:
    """This process's CPU time and its HiGHS workers' (they solve the MILPs)."""
    return time.process_time() + highs_worker.pool().cpu_seconds()


def panel(which: str = "all") -> tuple[Case, ...]:
    """The whole panel, the main one (every meal cooked fresh) or issue 18's harder one (batch cooks)."""
    if which == "all":
        return PANEL
    return tuple(c for c in PANEL if (c.kitchen.leftovers != "never") == (which == "harder"))


def run(cases: Sequence[Case] = PANEL) -> list[Row]:
    catalogue = load_catalogue()
    table = _table(catalogue)
    # As a running server is: its HiGHS workers started and imported (a one-day plan, untimed, waits for that).
    highs_worker.pool().start()
    generate_plan(replace(_request(PANEL[0], catalogue, table), days=1))
    rows: list[Row] = []
    for case in cases:
        request = _request(case, catalogue, table)
        start, cpu = time.perf_counter(), _cpu_seconds()
        try:
            plan = generate_plan(request)
        except PlanInfeasible as exc:
            rows.append(Row(case.name, time.perf_counter() - start, error=f"infeasible: {exc.conflicts}"))
            continue
        seconds, cpu_seconds = time.perf_counter() - start, _cpu_seconds() - cpu
        report = check_plan(request, plan)
        recipes = {recipe.slug: recipe for recipe in request.catalogue.recipes}
        own_uses = sum(1 for d in plan.days for m in d.meals for i in m.items if i.ref.startswith("own-"))
        cooked = [
            [recipes[i.ref] for m in day.meals for i in m.items if i.kind == "recipe" and i.leftover_of is None]
            for day in plan.days
        ]
        made = [
            sum(1 for m in day.meals if any(i.kind == "recipe" and i.leftover_of is None for i in m.items))
            for day in plan.days
        ]
        # A cooking session: a meal at which a dish is cooked (an assembled one, a bowl of cereal, is not).
        sessions = [
            sum(
                1
                for m in day.meals
                if any(i.kind == "recipe" and i.leftover_of is None and not recipes[i.ref].assembled for i in m.items)
            )
            for day in plan.days
        ]
        active = [sum(r.active_minutes for r in {r.slug: r for r in day}.values()) for day in cooked[:WEEKDAYS]]
        short: dict[str, int] = {}
        for unmet in report.unmet:
            short[unmet.nutrient] = short.get(unmet.nutrient, 0) + 1
        rows.append(
            Row(
                case.name,
                seconds,
                cpu_seconds,
                report.requirements_met,
                report.requirements_total,
                report.days_in_energy_band,
                len(report.breaches),
                len(report.variety),
                report.distinct_items,
                sum(1 for u in report.unmet if u.kind == "min" and not u.reported),
                short,
                sessions=sum(sessions) / len(sessions),
                made=sum(made) / len(made),
                weekday_active_max=max(active, default=0),
                own_uses=own_uses,
            )
        )
    return rows


def show(name: str) -> None:
    """One profile's week as a cook reads it: dishes and sides in household portions, day totals, shortfalls."""
    case = next((c for c in PANEL if name.lower() in c.name.lower()), None)
    if case is None:
        raise SystemExit(f"no profile matches {name!r}; profiles: {', '.join(c.name for c in PANEL)}")
    catalogue = load_catalogue()
    request = _request(case, catalogue, _table(catalogue))
    start = time.perf_counter()
    plan = generate_plan(request)
    seconds = time.perf_counter() - start
    report = check_plan(request, plan)
    print(f"{case.name}: {request.energy_kcal:.0f} kcal a day, {case.meals_per_day} meals, {seconds:.2f} s")
    for index, (day, totals) in enumerate(zip(plan.days, report.day_totals, strict=True)):
        print(
            f"\nDay {index + 1}: {totals['energy_kcal']:.0f} kcal, protein {totals['protein_g']:.0f} g, "
            f"fat {totals['fat_g']:.0f} g, carbohydrate {totals['carbs_g']:.0f} g"
        )
        for meal in day.meals:
            portions = []
            for item in meal.items:
                quantity, unit = normalise(item.quantity, item.unit)
                portions.append(f"{item.name}, {household(quantity, unit, item.grams)}")
            print(f"  {meal.slot:<9} " + "; ".join(portions))
        for short in day.shortfalls:
            print(f"  short: {short.nutrient} {short.amount:.1f} of {short.target:g} (try {short.suggestion})")
    for breach in report.breaches + report.variety:
        print(f"  {breach.rule}: day {breach.day}: {breach.detail}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--show", metavar="PROFILE", help="print this profile's week in household portions")
    parser.add_argument(
        "--panel", choices=("all", "main", "harder"), default="all", help="run only the main or the harder panel"
    )
    args = parser.parse_args(sys.argv[1:] if argv is None and __name__ == "__main__" else (argv or []))
    if args.show:
        show(args.show)
        return
    cases = panel(args.panel)
    rows = run(cases)
    console = Console(width=200)
    table = Table(title=f"Plan generator: {DAYS}-day plans, checked on raw USDA values")
    for column in (
        "profile",
        "meals",
        "time s",
        "cpu s",
        "reqs met",
        "kcal ±5%",
        "breaches",
        "variety",
        "items",
        "sessions/day (made)",
        "weekday active max",
        "unmet (days)",
    ):
        table.add_column(column)
    for case, row in zip(cases, rows, strict=True):
        unmet = ", ".join(f"{k.rsplit('_', 1)[0]}x{v}" for k, v in sorted(row.shortfalls.items())) or row.error
        if case.own_recipes:
            unmet = f"{unmet} | own recipes in {row.own_uses} meals".strip(" |")
        share = f"{100 * row.met / row.total:.1f} %" if row.total else "-"
        table.add_row(
            row.name,
            str(case.meals_per_day),
            f"{row.seconds:.2f}",
            f"{row.cpu_seconds:.2f}",
            share,
            f"{row.in_band}/{DAYS}",
            str(row.breaches),
            str(row.variety),
            str(row.distinct),
            f"{row.sessions:.1f} ({row.made:.1f})",
            f"{row.weekday_active_max} min",
            unmet,
        )
    console.print(table)
    batch_sessions = [
        r.sessions for c, r in zip(cases, rows, strict=True) if c.kitchen.leftovers != "never" and not r.error
    ]
    fresh_sessions = [
        r.sessions for c, r in zip(cases, rows, strict=True) if c.kitchen.leftovers == "never" and not r.error
    ]
    times = sorted(r.seconds for r in rows)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    met = sum(r.met for r in rows)
    total = sum(r.total for r in rows)
    band = sum(r.in_band for r in rows)
    breaches = sum(r.breaches for r in rows) + sum(1 for r in rows if r.error)
    console.print(
        f"profiles {len(rows)} | time median {statistics.median(times):.2f} s, p95 {p95:.2f} s (goal ≤ 1 s, ≤ 2.5 s), "
        f"cpu median {statistics.median(r.cpu_seconds for r in rows):.2f} s | "
        f"dayxnutrient requirements met {100 * met / max(total, 1):.1f} % (goal ≥ 98 %) | "
        f"days in energy band {band}/{len(rows) * DAYS} | rule breaches {breaches} | "
        f"variety issues {sum(r.variety for r in rows)} | unmet minima not told {sum(r.untold for r in rows)} | "
        f"distinct items per week {statistics.mean(r.distinct for r in rows):.1f} | "
        f"cooking sessions a day, batch cooks {statistics.mean(batch_sessions) if batch_sessions else 0:.2f} (goal ≤ 1), "
        f"the rest {statistics.mean(fresh_sessions) if fresh_sessions else 0:.2f} | batch cooks over "
        f"{WEEKDAY_ACTIVE_GOAL} active min on a weekday: "
        f"{sum(1 for c, r in zip(cases, rows, strict=True) if c.kitchen.weekday_minutes and r.weekday_active_max > c.kitchen.weekday_minutes)}"
        f" of {sum(1 for c in cases if c.kitchen.weekday_minutes)} | "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
