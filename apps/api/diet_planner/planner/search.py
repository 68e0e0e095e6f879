"""One day's search: the LP relaxation picks a shortlist, a MILP solves it, a polish and wider runs mend it."""

from __future__ import annotations

import contextlib
import random
from dataclasses import replace

from diet_planner.planner.day import Probe, solve_day
from diet_planner.planner.explain import day_score
from diet_planner.planner.meals import Noise, SlotSpec
from diet_planner.planner.model import DayPlan, PlanInfeasible, PlanMeal
from diet_planner.planner.options import KEY_INDEX, Context, Option
from diet_planner.planner.window import Window, recipes_of

# The LP relaxation over every option takes ~10 ms; the MILP over every option may not finish its root node in a
# request's time on a loaded machine. So the MILP sees the relaxation's choices, the ones it nearly took, and this
# many more recipes per meal and foods per role, drawn at random (less-used first) for variety; the wide list when
# a day breaks a limit.
SHORTLIST: tuple[int, int] = (1, 0)
WIDE_SHORTLIST: tuple[int, int] = (4, 1)
NEAR_RECIPES = 2  # per meal, beside the sample: the recipes the relaxation nearly chose
NEAR_FOODS = 1  # per meal and role
QUICK_RECIPES = 2  # per meal, under a cooking budget: among the quickest
# The polish finds its day fast or, the dishes being wrong, not at all. Its model holds every plain food, so HiGHS
# checks its limits about a tenth as often as in the shortlist's: this share is some ten checks (~0.3 s).
POLISH_SHARE = 0.135
RESCUE_TIME_FACTOR = 3.0  # time for the wide shortlist, in request time limits
# A day short of minima the relaxation meets lacks dishes rich in them (a 1,200 kcal day needs nearly every
# gram to count): this many recipes per meal and foods per role, ranked by how much of the day's gaps they close
# per share of its energy, join the shortlist for a second MILP that starts from the first day.
GAP_RECIPES = 3
GAP_FOODS = 1
# Its time, in request time limits: 0.3 took the harder panel's median a tenth lower than this, but left one
# main-panel week (mediterranean, 80, wheat allergy) 96.4 % of its requirements against 98.7 % here.
GAP_SHARE = 0.45
# A day short by less than this in all (sodium 0.5 % short) is the polish's: new sides, not new dishes. On the
# planner bench the gap MILP rarely mended such a day, and it is half the time of a day that needs it.
GAP_MIN_SHORT = 0.01


def day_rng(seed: int, index: int, salt: str = "") -> random.Random:
    """The seed decides the plan, day by day: same seed, same day, whatever was planned before."""
    return random.Random(f"{seed}:{index}:{salt}")


def _noise(ctx: Context, seed: int, index: int, salt: str) -> dict[tuple[int, str], float]:
    """Seeded cost noise per (meal, option): the seed picks among near-equal plans, reproducibly."""
    rng = day_rng(seed, index, salt)
    return {(pos, opt.ref): rng.random() for pos, slot in enumerate(ctx.slots) for opt in ctx.options[slot]}


def _shortlist(
    ctx: Context, probe: Probe, sizes: tuple[int, int], window: Window, rng: random.Random
) -> list[set[str]]:
    """The LP relaxation's options, the ones it nearly took (lowest reduced cost), and a seeded sample of the
    rest, less-used first, for variety."""
    n_recipes, per_role = sizes
    allowed: list[set[str]] = []
    for pos, slot in enumerate(ctx.slots):
        chosen = set(probe.support[pos]) if pos < len(probe.support) else set()
        reduced = probe.reduced[pos] if pos < len(probe.reduced) else {}
        if reduced:
            near: dict[str, list[tuple[float, str]]] = {}
            for opt in ctx.options[slot]:
                if opt.ref in reduced and opt.ref not in chosen:
                    near.setdefault(opt.role, []).append((reduced[opt.ref], opt.ref))
            for role, group in near.items():
                chosen.update(ref for _, ref in sorted(group)[: NEAR_RECIPES if role == "recipe" else NEAR_FOODS])
        recipes = sorted(
            (o for o in ctx.options[slot] if o.kind == "recipe"),
            key=lambda o: window.usage[o.ref] + 2.0 * rng.random() - 2.0 * ctx.request.recipe_bonus.get(o.ref, 0.0),
        )
        chosen.update(o.ref for o in recipes[:n_recipes])
        chosen.update(o.ref for o in recipes if o.ref in ctx.request.first_choice)
        if window.cooking_budget is not None:
            # A budget the relaxation keeps with fractions of dishes needs quick whole ones on the list.
            quick = sorted(recipes, key=lambda o: o.active_minutes + 3.0 * rng.random())
            chosen.update(o.ref for o in quick[:QUICK_RECIPES])
        by_role: dict[str, list[tuple[float, str]]] = {}
        for opt in ctx.options[slot]:
            if opt.kind == "food":
                by_role.setdefault(opt.role, []).append((0.5 * window.food_usage[opt.ref] + rng.random(), opt.ref))
        for group in by_role.values():
            chosen.update(ref for _, ref in sorted(group)[:per_role])
        allowed.append(chosen)
    return allowed


def _gap_closing(ctx: Context, option: Option, gaps: dict[int, float]) -> float:
    """How much of the day's gaps one portion of `option` closes (each gap counted up to its whole), per share of
    the day's energy it takes: what a dietitian reaches for to fill a gap without going over the energy."""
    portion = option.per_unit * (option.base + option.step * min(option.k_max, 1))
    closed = sum(min(1.0, portion[i] / gap) for i, gap in gaps.items())
    energy_share = max(portion[KEY_INDEX["energy_kcal"]] / ctx.req.energy_kcal, 0.02)
    return float(closed / energy_share)


def _gap_shortlist(ctx: Context, day: DayPlan, allowed: list[set[str]], window: Window) -> list[set[str]] | None:
    """The shortlist with, per meal, the options that close most of the day's gaps (None: no gap to close)."""
    gaps = {KEY_INDEX[s.nutrient]: s.target - s.amount for s in day.shortfalls if s.nutrient in KEY_INDEX}
    gaps = {i: gap for i, gap in gaps.items() if gap > 0}
    if not gaps:
        return None
    budget = window.cooking_budget
    wider: list[set[str]] = []
    for pos, slot in enumerate(ctx.slots):
        chosen = set(allowed[pos])
        recipes = [
            o
            for o in ctx.options[slot]
            if o.kind == "recipe" and o.ref not in chosen and (budget is None or o.active_minutes <= budget)
        ]
        ranked = sorted(recipes, key=lambda o: (-_gap_closing(ctx, o, gaps), o.ref))
        chosen.update(o.ref for o in ranked[:GAP_RECIPES])
        by_role: dict[str, list[tuple[float, str]]] = {}
        for opt in ctx.options[slot]:
            if opt.kind == "food" and opt.ref not in chosen:
                by_role.setdefault(opt.role, []).append((-_gap_closing(ctx, opt, gaps), opt.ref))
        for group in by_role.values():
            chosen.update(ref for _, ref in sorted(group)[:GAP_FOODS])
        wider.append(chosen)
    return wider


def _dish(meal: PlanMeal) -> str:
    """The meal's recipe, or "" (no recipe) for a snack of plain foods."""
    return next((i.ref for i in meal.items if i.kind == "recipe" and not i.locked), "")


def _polish(ctx: Context, specs: list[SlotSpec], window: Window, noise: Noise, day: DayPlan) -> DayPlan:
    """The day's dishes kept, its sides and servings chosen again from every plain food (a small model: the
    dishes are the hard part); the better of the two days."""
    polish_specs = [
        replace(spec, only_recipe=_dish(meal) if spec.only_recipe is None and not spec.frozen else spec.only_recipe)
        for spec, meal in zip(specs, day.meals, strict=True)
    ]
    with contextlib.suppress(PlanInfeasible):
        limit = POLISH_SHARE * ctx.request.time_limit_s
        polished = solve_day(ctx, polish_specs, window, noise, start=day, time_limit_s=limit)
        if day_score(polished) < day_score(day):
            return polished
    return day


def _falls_short(day: DayPlan, probe: Probe) -> bool:
    """Short of a minimum, or over a limit, that the LP relaxation of the day meets."""
    return bool(({sh.nutrient for sh in day.shortfalls} | set(day.relaxed)) - probe.short)


def _first_choice_day(
    ctx: Context, specs: list[SlotSpec], window: Window, noise: Noise, allowed: list[set[str]]
) -> DayPlan | None:
    """The shortlist's day with the request's first-choice recipes in as many meals as the rules allow (else in
    one: their main proteins or the limits may clash), or None. A MILP stopped on its time limit may miss a day
    with them even at their bonus (a one-day "only mine" plan came back without the person's only recipe)."""
    if not ctx.request.first_choice:
        return None
    for wanted in (len(ctx.slots), 1):  # a day has three meals at least
        try:
            return solve_day(ctx, specs, window, noise, allowed=allowed, first_choice=wanted)
        except PlanInfeasible as error:
            if error.conflicts == ["first_choice"]:
                return None  # no meal of the day can take one
    return None


def solve_with_fallback(
    ctx: Context, specs: list[SlotSpec], window: Window, seed: int, index: int, salt: str = ""
) -> DayPlan:
    """LP relaxation over every option, then the MILP on a shortlist (its support, the options it nearly took,
    a seeded sample). When that day falls short of a minimum the relaxation reaches: its dishes kept, sides and
    servings chosen again from every plain food. When it breaks a hard limit the relaxation keeps: a wider
    shortlist with more time; when a limit still gives, repeats priced instead of removed over every option,
    from the best day so far."""
    noise = _noise(ctx, seed, index, salt)
    probe = Probe()
    solve_day(ctx, specs, window, noise, probe=probe)
    rng = day_rng(seed, index, f"{salt}list")
    allowed = _shortlist(ctx, probe, SHORTLIST, window, rng)
    day = _first_choice_day(ctx, specs, window, noise, allowed)
    if day is None or _falls_short(day, probe):
        # From the first-choice day, if any: the MILP gives it up only for a day that is better by its bonus.
        with contextlib.suppress(PlanInfeasible):
            day = solve_day(ctx, specs, window, noise, allowed=allowed, start=day)
    # The wide list holds the first, so the first day is a start for it.
    wide = [a | b for a, b in zip(allowed, _shortlist(ctx, probe, WIDE_SHORTLIST, window, rng), strict=True)]
    if day is None:
        try:
            day = solve_day(ctx, specs, window, noise, allowed=wide)
        except PlanInfeasible:
            return solve_day(ctx, specs, window, noise)
    if {sh.nutrient for sh in day.shortfalls} - probe.short and day_score(day)[1] >= GAP_MIN_SHORT:
        gap_allowed = _gap_shortlist(ctx, day, allowed, window)
        if gap_allowed is not None:
            with contextlib.suppress(PlanInfeasible):
                limit = GAP_SHARE * ctx.request.time_limit_s
                closer = solve_day(ctx, specs, window, noise, allowed=gap_allowed, start=day, time_limit_s=limit)
                if day_score(closer) < day_score(day):
                    day = closer
    if {sh.nutrient for sh in day.shortfalls} - probe.short:
        day = _polish(ctx, specs, window, noise, day)  # short of what the relaxation reaches
    limit = RESCUE_TIME_FACTOR * ctx.request.time_limit_s
    if set(day.relaxed) - probe.short:
        wider = solve_day(ctx, specs, window, noise, allowed=wide, start=day, time_limit_s=limit)
        if day_score(wider) < day_score(day):
            day = wider
    # Variety gives way before a hard limit: repeats become priced instead of removed, on the wide list first (a
    # small model; it holds the quickest dishes of both halves' piles, which a weekday's cooking budget may
    # need), then over every option. A dish two days running is worse than the larger model's time.
    for loose_allowed in (wide, None):
        if not day.relaxed:
            break
        loose = solve_day(
            ctx, specs, window, noise, allowed=loose_allowed, strict_variety=False, start=day, time_limit_s=limit
        )
        if loose_allowed is not None and window.yesterday & set(recipes_of(loose)):
            continue
        if day_score(loose) < day_score(day):
            day = loose
    return day
