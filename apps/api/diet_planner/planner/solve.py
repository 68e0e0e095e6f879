"""The planner's public API: a plan from a PlanRequest (planner/request.py builds one), and its edits."""

# Plain dataclasses in and out (planner/model.py); solves are CPU-bound (~0.05-0.4 s a day): run them off the
# event loop. How a plan is made, module by module:
#   request.py  the request from a person's diet, life stage, allergies, exclusions and targets
#   options.py  the catalogue filtered by the hard rules (diet, allergies, excluded foods), per meal slot
#   window.py   what the other days say about one day (a recipe twice a week at most, never two days running)
#   meals.py    one meal's columns and the rows that make it a meal a cook would serve
#   day.py      one day's MILP: energy band, hard limits, soft minima, slot shares; the day read back
#   lp.py       the model handed to HiGHS, MILPs in worker processes (highs_worker.py)
#   search.py   LP relaxation → shortlist MILP → polish and wider rescues, for one day
#   horizon.py  the days in order, a week in two halves at once
#   advice.py   shortfall advice from the richest foods this person may eat, per typical portion
#   explain.py  totals, shortfalls with suggestions, and the words that say so
#   check.py    an independent check of a plan (it imports none of the above: import-linter)
# Grams are what counts: the independent checker (check.py) recomputes every total from the USDA table.
# Same seed, same plan, however loaded the machine: HiGHS stops on its gap or on a budget counted in its limit
# checks (deterministic work, calibrated to CPU seconds; `PlanRequest.time_limit_s` a day's), unless a solve hits
# its CPU or wall-clock cap (a machine so loaded that it gets under a fortieth of a core).

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from diet_planner.planner.day import MAIN_SLOTS
from diet_planner.planner.explain import plan_explanation
from diet_planner.planner.horizon import plan_days
from diet_planner.planner.meals import SlotSpec
from diet_planner.planner.model import DayPlan, PlanInfeasible, PlanItem, PlanRequest, PlanResult
from diet_planner.planner.options import KEY_INDEX, Context, Option, build_context, item_vector
from diet_planner.planner.search import solve_with_fallback
from diet_planner.planner.window import Window, settle_leftovers, signature, window_state


def generate_plan(request: PlanRequest) -> PlanResult:
    """A plan of `request.days` days. PlanInfeasible(message, conflicts) when the hard rules leave a meal slot
    without any option; a hard limit that cannot be kept is relaxed at a high price and named in `DayPlan.relaxed`."""
    if not 1 <= request.days <= 31:
        raise PlanInfeasible("days must be 1 to 31", [f"days:{request.days}"])
    ctx = build_context(request)
    days = plan_days(ctx)
    return PlanResult(
        days=tuple(days),
        explanation=plan_explanation(ctx.req, ctx.advice, len(ctx.slots), days),
        unknown_nutrients=tuple(sorted(ctx.unknown)),
    )


def _check_day(plan: PlanResult, day_index: int, slots: Sequence[str]) -> DayPlan:
    if not 0 <= day_index < len(plan.days):
        raise IndexError(f"day {day_index} is not in the plan")  # a 404 for the caller
    day = plan.days[day_index]
    if [m.slot for m in day.meals] != list(slots):
        raise PlanInfeasible("the day's meals do not match meals_per_day", ["meals_per_day"])
    return day


def _locked(items: Iterable[PlanItem]) -> list[PlanItem]:
    return [i for i in items if i.locked]


def regenerate_day(request: PlanRequest, plan: PlanResult, day_index: int, seed: int) -> DayPlan:
    """A new day `day_index`: locked items stay with their quantity, the plan's other days count for variety."""
    ctx = build_context(request)
    day = _check_day(plan, day_index, ctx.slots)
    window = window_state(request, plan.days, day_index)
    # The old day counts as an earlier one, so the new one differs.
    window = replace(window, earlier_days=(*window.earlier_days, signature(day)))
    specs = [SlotSpec(fixed=_locked(meal.items)) for meal in day.meals]
    for spec, meal in zip(specs, day.meals, strict=True):
        if not spec.fixed:
            spec.forbid = {i.ref for i in meal.items if i.kind == "recipe"}
    try:
        return solve_with_fallback(ctx, specs, window, seed, day_index, "day")
    except PlanInfeasible:
        for spec in specs:
            spec.forbid = set()
        return solve_with_fallback(ctx, specs, window, seed, day_index, "day")


def regenerate_meal(request: PlanRequest, plan: PlanResult, day_index: int, meal_index: int, seed: int) -> DayPlan:
    """The day with meal `meal_index` re-solved (a different choice where possible); the other meals and every
    locked item stay as they are. A bad `meal_index` raises IndexError."""
    ctx = build_context(request)
    day = _check_day(plan, day_index, ctx.slots)
    if not 0 <= meal_index < len(day.meals):
        raise IndexError(f"meal {meal_index} is not in day {day_index}")
    # Only this meal has columns, so no identical-day row could be built.
    window = replace(window_state(request, plan.days, day_index), earlier_days=())
    specs = [SlotSpec(fixed=list(meal.items), frozen=True) for meal in day.meals]
    target = day.meals[meal_index]
    specs[meal_index] = SlotSpec(
        fixed=_locked(target.items), forbid={i.ref for i in target.items if not i.locked and i.kind == "recipe"}
    )
    salt = f"meal{meal_index}"
    try:
        return solve_with_fallback(ctx, specs, window, seed, day_index, salt)
    except PlanInfeasible:
        specs[meal_index].forbid = set()
        return solve_with_fallback(ctx, specs, window, seed, day_index, salt)


def rebalance_day(request: PlanRequest, plan: PlanResult, day_index: int) -> DayPlan:
    """After the caller changed a quantity (and locked that item): the day's recipes stay, their servings and
    the plain-food sides are re-solved so the day meets its targets again."""
    ctx = build_context(request)
    day = _check_day(plan, day_index, ctx.slots)
    # The recipes stay (a planned leftover as a leftover), so only the plain foods' variety counts.
    full = window_state(request, plan.days, day_index)
    window = Window(food_usage=full.food_usage, leftovers=full.leftovers)
    specs: list[SlotSpec] = []
    for meal in day.meals:
        locked = _locked(meal.items)
        recipes = [i for i in meal.items if i.kind == "recipe" and not i.locked]
        spec = SlotSpec(fixed=locked, only_recipe=recipes[0].ref if recipes else None)
        offered = {o.ref for o in ctx.options[meal.slot]} | {lo.ref for lo in full.leftovers}
        if recipes and recipes[0].ref not in offered:
            spec.only_recipe = None
        specs.append(spec)
    return solve_with_fallback(ctx, specs, window, 0, day_index, "rebalance")


@dataclass(frozen=True)
class Alternative:
    """A recipe a meal could swap to, with what the day would come to (the rest of the day as it is now;
    applying the swap then re-balances the unlocked rest, so the day usually ends closer than this)."""

    ref: str
    name: str
    servings: float
    grams: float
    meal: dict[str, float]  # energy_kcal, protein_g, carbs_g, fat_g of the swapped-in portion
    day: dict[str, float]  # the same four for the whole day after the swap
    shortfalls: tuple[str, ...]  # minima the day would miss by more than SWAP_TOLERANCE
    score: float  # lower is better


SWAP_TOLERANCE = 0.10  # a minimum met to 90 % is not counted as a shortfall in the ranking
_SWAP_KEYS = ("energy_kcal", "protein_g", "carbs_g", "fat_g")


def _swap_candidates(ctx: Context, day: DayPlan, meal_index: int) -> list[Option]:
    meal = day.meals[meal_index]
    current = {i.ref for i in meal.items if i.kind == "recipe"}
    elsewhere = {i.ref for pos, m in enumerate(day.meals) if pos != meal_index for i in m.items if i.kind == "recipe"}
    # Lunch and dinner take different main proteins (day.py's _day_rows), and the swap keeps the other meals'
    # recipes: one sharing the other's protein was offered, then its solve had no combination (a 422).
    taken: set[str] = set()
    if meal.slot in MAIN_SLOTS:
        for pos, other in enumerate(day.meals):
            if pos != meal_index and other.slot in MAIN_SLOTS:
                recipes = (ctx.recipes.get(i.ref) for i in other.items if i.kind == "recipe")
                taken |= {r.main_protein for r in recipes if r is not None and r.main_protein}
    excluded = current | elsewhere
    return [
        o
        for o in ctx.options[meal.slot]
        if o.kind == "recipe" and o.ref not in excluded and o.main_protein not in taken
    ]


def _score_day(ctx: Context, totals: np.ndarray) -> tuple[float, tuple[str, ...]]:
    """How far a day's totals are from its targets: the energy miss, each minimum's shortfall and each hard
    limit broken, as fractions of the target (a cheap stand-in for solving the day with the swap)."""
    req = ctx.req
    energy = totals[KEY_INDEX["energy_kcal"]]
    score = 3.0 * abs(energy - req.energy_kcal) / req.energy_kcal
    short: list[str] = []
    for key, minimum in req.minima.items():
        if key not in KEY_INDEX or minimum <= 0:
            continue
        gap = max(0.0, 1.0 - totals[KEY_INDEX[key]] / minimum)
        score += gap
        if gap > SWAP_TOLERANCE:
            short.append(key)
    for key, limit in req.hard_maxima.items():
        if key in KEY_INDEX and limit > 0 and totals[KEY_INDEX[key]] > limit:
            score += 2.0 * (totals[KEY_INDEX[key]] / limit - 1.0)
    return score, tuple(short)


def swap_alternatives(request: PlanRequest, plan: PlanResult, day_index: int, meal_index: int) -> list[Alternative]:
    """The recipes meal `meal_index` may swap to under the person's hard rules (diet, allergies, exclusions;
    none already in the day), best first: each at the servings that bring the day nearest its energy target,
    ranked by how well the day then meets its targets."""
    ctx = build_context(request)
    day = _check_day(plan, day_index, ctx.slots)
    if not 0 <= meal_index < len(day.meals):
        raise IndexError(f"meal {meal_index} is not in day {day_index}")
    kept = [i for pos, m in enumerate(day.meals) for i in m.items if pos != meal_index or i.locked]
    rest = sum((item_vector(i, ctx) for i in kept), np.zeros(len(KEY_INDEX)))
    energy = KEY_INDEX["energy_kcal"]
    found: list[Alternative] = []
    for option in _swap_candidates(ctx, day, meal_index):
        sizes = [option.base + option.step * k for k in range(option.k_max + 1)]
        gap = ctx.req.energy_kcal - rest[energy]
        servings = min(sizes, key=lambda q: abs(q * option.per_unit[energy] - gap))
        portion = option.per_unit * servings
        totals = rest + portion
        score, short = _score_day(ctx, totals)
        found.append(
            Alternative(
                ref=option.ref,
                name=option.name,
                servings=servings,
                grams=round(servings * option.grams_per_unit, 1),
                meal={key: round(float(portion[KEY_INDEX[key]]), 1) for key in _SWAP_KEYS},
                day={key: round(float(totals[KEY_INDEX[key]]), 1) for key in _SWAP_KEYS},
                shortfalls=short,
                score=round(score, 4),
            )
        )
    return sorted(found, key=lambda a: (a.score, a.name))


def swap_meal(request: PlanRequest, plan: PlanResult, day_index: int, meal_index: int, ref: str) -> DayPlan:
    """The day with meal `meal_index` made of recipe `ref` (its locked items kept) and the rest of the day
    re-balanced: every unlocked item's servings and sides chosen again, the other meals' recipes kept.
    PlanInfeasible when `ref` is not one of the meal's alternatives."""
    ctx = build_context(request)
    day = _check_day(plan, day_index, ctx.slots)
    if not 0 <= meal_index < len(day.meals):
        raise IndexError(f"meal {meal_index} is not in day {day_index}")
    if ref not in {o.ref for o in _swap_candidates(ctx, day, meal_index)}:
        raise PlanInfeasible(f"{ref} is not an alternative for this meal", [f"recipe:{ref}"])
    window = Window(food_usage=window_state(request, plan.days, day_index).food_usage)
    specs: list[SlotSpec] = []
    for pos, meal in enumerate(day.meals):
        locked = _locked(meal.items)
        if pos == meal_index:
            # A locked recipe would leave no room for another one: the swap replaces it.
            specs.append(SlotSpec(fixed=[i for i in locked if i.kind != "recipe"], only_recipe=ref))
            continue
        recipes = [i.ref for i in meal.items if i.kind == "recipe" and not i.locked]
        keep = recipes[0] if recipes and recipes[0] in {o.ref for o in ctx.options[meal.slot]} else None
        specs.append(SlotSpec(fixed=locked, only_recipe=keep))
    solved = solve_with_fallback(ctx, specs, window, 0, day_index, "swap")
    if ref not in {i.ref for i in solved.meals[meal_index].items}:
        # A snack may be plain foods alone: take the recipe at the ranked servings and solve the rest around it.
        pick = next(a for a in swap_alternatives(request, plan, day_index, meal_index) if a.ref == ref)
        option = next(o for o in ctx.options[day.meals[meal_index].slot] if o.ref == ref)
        fixed = PlanItem("recipe", ref, option.name, pick.servings, "serving", pick.grams, "recipe", locked=False)
        specs[meal_index] = SlotSpec(fixed=[*specs[meal_index].fixed, fixed])
        solved = solve_with_fallback(ctx, specs, window, 0, day_index, "swap")
    return solved


def replace_day(plan: PlanResult, day_index: int, day: DayPlan) -> PlanResult:
    """The plan with one day swapped (for callers that keep the whole plan in memory)."""
    days = list(plan.days)
    days[day_index] = day
    return replace(plan, days=tuple(days))


def settle_plan(request: PlanRequest, plan: PlanResult) -> tuple[PlanResult, list[int]]:
    """After an edit: every planned leftover pointing at a meal that cooks it within its fridge life (re-linked,
    or cooked where it is eaten when no such meal is left), and the indices of the days that changed."""
    days = list(plan.days)
    changed = settle_leftovers(request, days)
    return replace(plan, days=tuple(days)), changed
