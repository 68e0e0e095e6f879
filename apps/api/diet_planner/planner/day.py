"""The day model: one MILP per day over its meals' options, its nutrient rows, and the day read back from it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from diet_planner.nutrition.keys import NUTRIENT_KEYS
from diet_planner.planner.explain import finish_day, meal_name
from diet_planner.planner.lp import INF, Lp
from diet_planner.planner.meals import Column, Noise, SlotSpec, add_meal
from diet_planner.planner.model import (
    SLOT_SHARES,
    DayPlan,
    PlanInfeasible,
    PlanItem,
    PlanMeal,
    food_groups,
    recipe_groups,
)
from diet_planner.planner.options import KEY_INDEX, Context, Option, Vector, item_vector
from diet_planner.planner.window import Window

# Objective weights. Deviations are fractions of their target, so 0.1 = 10 % short.
# Shortfalls and hard-limit slack are priced well above the gap at which HiGHS may stop (lp.MIP_ABS_GAP), so a stop
# short of optimality only ever gives up on the small niceties (cost noise, fewer sides, slot shares).
W_MIN = 1000.0  # per nutrient minimum
# λ on the largest deviation: Σ w·d_n + λ·max d_n spreads an unavoidable shortfall (Gerdessen & de Vries 2015).
W_MAX_DEV = 3000.0
W_MACRO = 1000.0
W_SLOT = 250.0  # slot energy outside its share (1 % off costs about a gap)
W_HARD = 1e5  # slack of a hard limit: only when nothing else is possible, and the day says what gave
# A weekly pattern (fish twice a week) gives way before a hard limit, after the minima: missing it costs what
# 20 % short on one nutrient does. The cooking budget is a hard limit (W_HARD per budget over).
W_KITCHEN = 2e4
# A batch cook's day that leaves the next no lunch or dinner to eat: the next must cook both on a weekday's budget,
# which rarely fits (a hard limit there). More than cooking one batch today instead of eating the last of one.
W_PACE = 100.0
MAIN_SLOTS = ("lunch", "dinner")
# Keto's fat share is aimed this far above its floor, so rounded grams keep to it.
FAT_SHARE_AIM = 0.002
# Aim inside the limits so grams rounded for display still pass the checker.
ENERGY_AIM = 0.045
HARD_AIM = 0.995
MIN_AIM = 1.002
# Slack of a hard limit below the aims' margin (0.5 %) is solver noise, not a relaxed limit.
RELAX_TOL = 1e-3
# The request's time limit is a day's budget: most of it for the shortlist MILP, the rest for the polish.
MILP_SHARE = 0.6


@dataclass
class Probe:
    """What the LP relaxation of a day says: nutrients short even there, and the options it uses per meal."""

    short: set[str] = field(default_factory=set)
    support: list[set[str]] = field(default_factory=list)
    # Per meal, each option's reduced cost there: the lowest are the ones the relaxation nearly took.
    reduced: list[dict[str, float]] = field(default_factory=list)


class _Terms:
    """The options' columns as arrays, so each nutrient row is a few numpy operations."""

    def __init__(self, cols: list[Column]) -> None:
        self.per_unit = np.array([c.option.per_unit for c in cols]).reshape(len(cols), len(NUTRIENT_KEYS))
        # Limits count an unknown value at its upper bound, never as 0; minima count it as nothing.
        self.per_unit_upper = np.array(
            [c.option.per_unit if c.option.per_unit_upper is None else c.option.per_unit_upper for c in cols]
        ).reshape(len(cols), len(NUTRIENT_KEYS))
        self.taken = np.array([c.taken for c in cols], dtype=np.int64)
        self.steps = np.array([c.steps for c in cols], dtype=np.int64)
        self.bases = np.array([c.option.base for c in cols])
        self.step_sizes = np.array([c.option.step for c in cols])
        self.has_steps = self.steps >= 0

    def of(self, key: str, scale: float, upper: bool = False) -> tuple[list[int], list[float]]:
        """The day's amount of `key` over `scale`: base·amount on each taken column, step·amount on each step
        (with `upper`, unknown values at their upper bounds, as limits count them)."""
        amounts = (self.per_unit_upper if upper else self.per_unit)[:, KEY_INDEX[key]] / scale
        nonzero = amounts != 0
        with_k = nonzero & self.has_steps
        idx = np.concatenate([self.taken[nonzero], self.steps[with_k]])
        val = np.concatenate([self.bases[nonzero] * amounts[nonzero], self.step_sizes[with_k] * amounts[with_k]])
        return idx.tolist(), val.tolist()


def _slot_shares(slots: Sequence[str]) -> list[tuple[float, float]]:
    lows = [SLOT_SHARES[s][0] for s in slots]
    highs = [SLOT_SHARES[s][1] for s in slots]
    mid = sum((lo + hi) / 2 for lo, hi in zip(lows, highs, strict=True))
    # Renormalise around the midpoints so the shares of any layout can add up to the whole day.
    return [(lo / mid, hi / mid) for lo, hi in zip(lows, highs, strict=True)]


def _day_rows(lp: Lp, ctx: Context, specs: list[SlotSpec], cols: list[Column], window: Window) -> None:
    """Variety within the day and against the other days."""
    # A recipe or food at most once a day.
    same: dict[str, list[int]] = {}
    for c in cols:
        same.setdefault(c.option.ref, []).append(c.taken)
    for group in same.values():
        if len(group) > 1:
            lp.at_most(group, 1)
    # Different main proteins at lunch and dinner.
    proteins: dict[str, list[int]] = {}
    for c in cols:
        if c.option.kind == "recipe" and c.option.main_protein and ctx.slots[c.pos] in MAIN_SLOTS:
            proteins.setdefault(c.option.main_protein, []).append(c.taken)
    fixed_proteins = Counter(
        ctx.recipes[i.ref].main_protein
        for pos, spec in enumerate(specs)
        if ctx.slots[pos] in MAIN_SLOTS
        for i in spec.fixed
        if i.kind == "recipe" and i.ref in ctx.recipes and ctx.recipes[i.ref].main_protein
    )
    for protein, group in proteins.items():
        room = 1 - fixed_proteins.get(protein, 0)
        if len(group) > 1 or room < 1:
            lp.at_most(group, max(0, room))
    # No day identical to an earlier one.
    col_of = {(c.pos, c.option.ref): c.taken for c in cols}
    for signature in window.earlier_days:
        group = [col_of.get(key, -1) for key in signature]
        if signature and all(c >= 0 for c in group):
            lp.at_most(group, len(group) - 1)


def _energy_rows(lp: Lp, terms: _Terms, const: Vector, energy: float) -> dict[str, int]:
    """The energy band (hard, with a prohibitive slack each way), scaled to the target."""
    idx, val = terms.of("energy_kcal", energy)
    c_e = const[KEY_INDEX["energy_kcal"]] / energy
    lo_s = lp.col(W_HARD, 0, INF, False)
    hi_s = lp.col(W_HARD, 0, INF, False)
    lp.row(1 - ENERGY_AIM - c_e, INF, [*idx, lo_s], [*val, 1.0])
    lp.row(-INF, 1 + ENERGY_AIM - c_e, [*idx, hi_s], [*val, -1.0])
    return {"energy_kcal_low": lo_s, "energy_kcal_high": hi_s}


def _slot_share_rows(lp: Lp, ctx: Context, specs: list[SlotSpec], cols: list[Column], slot_energy: list[float]) -> None:
    """Each meal's share of the day's energy (soft): no 100 kcal breakfast before a 1,500 kcal dinner."""
    energy = ctx.req.energy_kcal
    e_i = KEY_INDEX["energy_kcal"]
    for pos, (low, high) in enumerate(_slot_shares(ctx.slots)):
        if specs[pos].frozen:
            continue
        sidx: list[int] = []
        sval: list[float] = []
        for c in cols:
            if c.pos != pos:
                continue
            amount = c.option.per_unit[e_i] / energy
            sidx.append(c.taken)
            sval.append(c.option.base * amount)
            if c.steps >= 0:
                sidx.append(c.steps)
                sval.append(c.option.step * amount)
        kept = slot_energy[pos] / energy
        s_lo = lp.col(W_SLOT, 0, INF, False)
        s_hi = lp.col(W_SLOT, 0, INF, False)
        lp.row(low - kept, INF, [*sidx, s_lo], [*sval, 1.0])
        lp.row(-INF, high - kept, [*sidx, s_hi], [*sval, -1.0])


def _hard_limit_rows(lp: Lp, ctx: Context, terms: _Terms, const: Vector, const_upper: Vector) -> dict[str, int]:
    """ULs that apply to food, sodium, saturated fat under 10 % of energy, keto net carbs: hard, with a
    prohibitive slack so a day always comes back, saying what had to give."""
    req = ctx.req
    energy = req.energy_kcal
    relax: dict[str, int] = {}
    for key, limit in req.hard_maxima.items():
        if key not in KEY_INDEX or limit <= 0:
            continue
        idx, val = terms.of(key, limit, upper=True)
        if not idx:
            continue
        s = lp.col(W_HARD, 0, INF, False)
        lp.row(-INF, HARD_AIM - const_upper[KEY_INDEX[key]] / limit, [*idx, s], [*val, -1.0])
        relax[key] = s
    # Saturated fat under 10 % of energy: 9·sat - 0.1·E ≤ 0, scaled by the energy target.
    sf_idx, sf_val = terms.of("saturated_fat_g", energy / 9.0, upper=True)
    en_idx, en_val = terms.of("energy_kcal", energy)
    share = req.saturated_fat_max_share * HARD_AIM
    s = lp.col(W_HARD, 0, INF, False)
    c_sf = const_upper[KEY_INDEX["saturated_fat_g"]] * 9.0 / energy - share * const[KEY_INDEX["energy_kcal"]] / energy
    lp.row(-INF, -c_sf, [*sf_idx, *en_idx, s], [*sf_val, *[-share * v for v in en_val], -1.0])
    relax["saturated_fat_share"] = s
    if req.net_carbs_max_g is not None:
        limit = req.net_carbs_max_g
        c_idx, c_val = terms.of("carbs_g", limit)
        f_idx, f_val = terms.of("fiber_g", limit)
        s = lp.col(W_HARD, 0, INF, False)
        c_nc = (const[KEY_INDEX["carbs_g"]] - const[KEY_INDEX["fiber_g"]]) / limit
        lp.row(-INF, HARD_AIM - c_nc, [*c_idx, *f_idx, s], [*c_val, *[-v for v in f_val], -1.0])
        relax["net_carbs_g"] = s
    if ctx.request.rules.fat_share_min is not None:
        # Keto: 9·fat ≥ share·E, scaled by the energy target.
        share = ctx.request.rules.fat_share_min + FAT_SHARE_AIM
        f_idx, f_val = terms.of("fat_g", energy / 9.0)
        s = lp.col(W_HARD, 0, INF, False)
        c_f = const[KEY_INDEX["fat_g"]] * 9.0 / energy - share * const[KEY_INDEX["energy_kcal"]] / energy
        lp.row(-c_f, INF, [*f_idx, *en_idx, s], [*f_val, *[-share * v for v in en_val], 1.0])
        relax["fat_share"] = s
    return relax


def _item_groups(item: PlanItem, ctx: Context) -> frozenset[str]:
    if item.kind == "recipe":
        recipe = ctx.recipes.get(item.ref)
        return recipe_groups(recipe, ctx.request.catalogue) if recipe is not None else frozenset()
    return food_groups((item.ref,), ctx.request.catalogue)


def _kitchen_rows(lp: Lp, ctx: Context, specs: list[SlotSpec], cols: list[Column], window: Window) -> dict[str, int]:
    """The day's active cooking minutes within its budget, and a weekly pattern's group due today (fish in the
    mediterranean week): soft at a high price, so a day always comes back, saying what gave."""
    relax: dict[str, int] = {}
    budget = window.cooking_budget
    if budget is not None:
        kept = sum(
            ctx.recipes[i.ref].active_minutes
            for spec in specs
            for i in spec.fixed
            if i.kind == "recipe" and i.leftover_of is None and i.ref in ctx.recipes
        )
        cooked = [c for c in cols if c.option.kind == "recipe" and c.option.active_minutes > 0]
        scale = float(max(budget, 1))
        s = lp.col(W_HARD, 0, INF, False)
        lp.row(
            -INF,
            (budget - kept) / scale,
            [*(c.taken for c in cooked), s],
            [*(c.option.active_minutes / scale for c in cooked), -1.0],
        )
        relax["cooking_minutes"] = s
    if window.pace:
        _pace_row(lp, ctx, specs, cols, window)
    for group, room in window.group_room.items():
        # The week's room for a capped group (red meat twice a week) holds within the day too: the filter in
        # meals.py only drops the group's dishes once no room is left, so two meals must not share the last one.
        members = [c.taken for c in cols if group in c.option.groups]
        kept_n = sum(1 for spec in specs if any(group in _item_groups(i, ctx) for i in spec.fixed))
        if members:
            s = lp.col(W_KITCHEN, 0, INF, False)
            lp.row(-INF, max(0, room - kept_n), [*members, s], [1.0] * len(members) + [-1.0])
            relax[f"weekly_{group}"] = s
    for group, needed in window.group_needed.items():
        if needed <= 0:
            continue
        kept_n = sum(
            1
            for spec in specs
            for i in spec.fixed
            if i.kind == "recipe"
            and i.ref in ctx.recipes
            and group in recipe_groups(ctx.recipes[i.ref], ctx.request.catalogue)
        )
        members = [c.taken for c in cols if group in c.option.groups]
        s = lp.col(W_KITCHEN, 0, INF, False)
        lp.row(1 - kept_n, INF, [*members, s], [1.0] * len(members) + [1.0])
        relax[f"weekly_{group}"] = s
    return relax


def _pace_row(lp: Lp, ctx: Context, specs: list[SlotSpec], cols: list[Column], window: Window) -> None:
    """Batches the next day may eat at lunch or dinner: those that keep and are not finished today, and any
    batch cooked today for a lunch or dinner. At least one, softly (W_PACE)."""
    main = {p for p, slot in enumerate(ctx.slots) if slot in MAIN_SLOTS}
    have = 0
    idx: list[int] = []
    val: list[float] = []
    for lo in window.leftovers:
        if not lo.into & main or lo.left_after <= 0:
            continue
        have += 1
        if lo.left_after == 1:  # eaten today, it is finished
            for c in cols:
                if c.option.leftover_of == (lo.day, lo.pos) and c.option.ref == lo.ref:
                    idx.append(c.taken)
                    val.append(-1.0)
    have += sum(
        1
        for pos in main
        for i in specs[pos].fixed
        if i.kind == "recipe" and i.leftover_of is None and i.ref in ctx.recipes and ctx.recipes[i.ref].batchable
    )
    batches = [
        c.taken
        for c in cols
        if c.pos in main and c.option.kind == "recipe" and c.option.leftover_of is None and c.option.batchable
    ]
    s = lp.col(W_PACE, 0, INF, False)
    lp.row(1 - have, INF, [*idx, *batches, s], [*val, *([1.0] * len(batches)), 1.0])


def _minimum_rows(lp: Lp, ctx: Context, terms: _Terms, const: Vector) -> dict[str, int]:
    """Every minimum (soft) with its normalised deviation and the largest deviation; the macro upper ends."""
    req = ctx.req
    # Up to MIN_AIM: a nutrient no allowed food has (B12 for a vegan without fortified foods) is short by all of it.
    d_max = lp.col(W_MAX_DEV, 0, MIN_AIM, False)
    deviations: dict[str, int] = {}
    for key, target in req.minima.items():
        if key not in KEY_INDEX:
            continue
        weight = W_MACRO if key in ("protein_g", "fat_g", "carbs_g") else W_MIN
        d = lp.col(weight, 0, MIN_AIM, False)
        deviations[key] = d
        idx, val = terms.of(key, target)
        lp.row(MIN_AIM - const[KEY_INDEX[key]] / target, INF, [*idx, d], [*val, 1.0])
        lp.row(0, INF, [d_max, d], [1.0, -1.0])
    for key, limit in req.soft_maxima.items():
        if key not in KEY_INDEX or limit <= 0:
            continue
        e = lp.col(W_MACRO, 0, INF, False)
        idx, val = terms.of(key, limit)
        lp.row(-INF, 1 - const[KEY_INDEX[key]] / limit, [*idx, e], [*val, -1.0])
    return deviations


def _most_meals(choices: dict[int, set[str]]) -> int:
    """How many meals can each take one of their recipes at once, no recipe twice: a maximum matching of meals
    to recipes (Kuhn's augmenting paths; a day has at most six meals)."""
    holder: dict[str, int] = {}

    def place(pos: int, seen: set[str]) -> bool:
        for ref in sorted(choices[pos] - seen):
            seen.add(ref)
            if ref not in holder or place(holder[ref], seen):
                holder[ref] = pos
                return True
        return False

    return sum(place(pos, set()) for pos in choices)


def _first_choice_row(lp: Lp, ctx: Context, cols: list[Column], at_most: int) -> None:
    """As many meals as can (up to `at_most`) take one of the request's first-choice recipes, fresh or left over.
    PlanInfeasible when no meal can."""
    first = [c for c in cols if c.option.kind == "recipe" and c.option.ref in ctx.request.first_choice]
    choices: dict[int, set[str]] = {}
    for c in first:
        choices.setdefault(c.pos, set()).add(c.option.ref)
    wanted = min(at_most, _most_meals(choices))
    if wanted == 0:
        raise PlanInfeasible("no first-choice recipe fits this day", ["first_choice"])
    lp.row(wanted, INF, [c.taken for c in first], [1.0] * len(first))


def _start_values(start: DayPlan, cols: list[Column]) -> dict[int, float]:
    """A day found earlier as the MILP's first incumbent."""
    quantities = {(pos, i.ref, i.leftover_of): i.quantity for pos, meal in enumerate(start.meals) for i in meal.items}
    values: dict[int, float] = {}
    for c in cols:
        quantity = quantities.get((c.pos, c.option.ref, c.option.leftover_of))
        if quantity is not None:
            values[c.taken] = 1.0
            if c.steps >= 0:
                values[c.steps] = float(round((quantity - c.option.base) / c.option.step))
    return values


def _read_probe(
    probe: Probe, lp: Lp, ctx: Context, cols: list[Column], values: list[float], ok: bool, short: dict[str, int]
) -> None:
    probe.short.update(key for key, col in short.items() if ok and values[col] > RELAX_TOL)
    probe.support = [set() for _ in ctx.slots]
    probe.reduced = [{} for _ in ctx.slots]
    for c in cols:
        if ok and values[c.taken] > 1e-6:
            probe.support[c.pos].add(c.option.ref)
        if ok and lp.reduced_costs:
            probe.reduced[c.pos][c.option.ref] = lp.reduced_costs[c.taken]


def solve_day(
    ctx: Context,
    specs: list[SlotSpec],
    window: Window,
    noise: Noise,
    *,
    allowed: list[set[str]] | None = None,
    probe: Probe | None = None,
    strict_variety: bool = True,
    start: DayPlan | None = None,
    time_limit_s: float | None = None,
    first_choice: int = 0,
) -> DayPlan:
    """Solve one day over the options in `allowed` (all when None); with `probe`, only its LP relaxation.
    `start`, a day found on a smaller shortlist, is handed to the solver as its first incumbent. With
    `first_choice`, that many meals at least (or as many as can) take a first-choice recipe."""
    lp = Lp()
    const = np.zeros(len(NUTRIENT_KEYS))  # nutrients of the kept items
    const_upper = np.zeros(len(NUTRIENT_KEYS))  # the same for limits: unknowns at their upper bounds
    slot_energy = [0.0] * len(ctx.slots)
    for pos, spec in enumerate(specs):
        for item in spec.fixed:
            vec = item_vector(item, ctx)
            const += vec
            const_upper += item_vector(item, ctx, upper=True)
            slot_energy[pos] += vec[KEY_INDEX["energy_kcal"]]
    # Items kept anywhere in the day are not chosen again elsewhere that day.
    day_fixed = {i.ref for spec in specs for i in spec.fixed}
    cols: list[Column] = []
    for pos, spec in enumerate(specs):
        meal_allowed = allowed[pos] if allowed is not None else None
        cols += add_meal(lp, ctx, pos, spec, window, noise, day_fixed, meal_allowed, strict_variety)
    _day_rows(lp, ctx, specs, cols, window)
    terms = _Terms(cols)
    relax = _energy_rows(lp, terms, const, ctx.req.energy_kcal)
    _slot_share_rows(lp, ctx, specs, cols, slot_energy)
    relax |= _hard_limit_rows(lp, ctx, terms, const, const_upper)
    relax |= _kitchen_rows(lp, ctx, specs, cols, window)
    deviations = _minimum_rows(lp, ctx, terms, const)
    if first_choice:
        _first_choice_row(lp, ctx, cols, first_choice)

    limit = MILP_SHARE * ctx.request.time_limit_s if time_limit_s is None else time_limit_s
    start_cols = _start_values(start, cols) if start is not None else {}
    values, ok = lp.solve(limit, relaxation=probe is not None, start=start_cols)
    if probe is not None:
        probe.short.update(key for key, col in deviations.items() if ok and values[col] > 1e-4)
        _read_probe(probe, lp, ctx, cols, values, ok, relax)
        return finish_day(ctx.req, ctx.advice, (), np.zeros(len(NUTRIENT_KEYS)), ())
    if not ok:
        raise PlanInfeasible("the day's structure (slots, locked items, variety) leaves no combination", ["structure"])
    chosen: list[tuple[int, Option, float]] = []
    for c in cols:
        if values[c.taken] > 0.5:
            n_steps = round(values[c.steps]) if c.steps >= 0 else 0
            chosen.append((c.pos, c.option, c.option.base + c.option.step * n_steps))
    relaxed = tuple(sorted(name for name, col in relax.items() if values[col] > RELAX_TOL))
    day = _assemble_day(ctx, specs, chosen, relaxed)
    if "cooking_minutes" in relaxed and window.cooking_budget is not None:
        day = replace(day, explanation=f"{day.explanation} {_over_budget_words(ctx, day, window)}")
    return day


def _over_budget_words(ctx: Context, day: DayPlan, window: Window) -> str:
    """Why the day cooks for longer than its budget, in numbers the person can check."""
    cooked = {i.ref for m in day.meals for i in m.items if i.kind == "recipe" and i.leftover_of is None}
    minutes = sum(ctx.recipes[ref].active_minutes for ref in cooked if ref in ctx.recipes)
    said = f"Cooking takes {minutes} active minutes today, over the day's budget of {window.cooking_budget}"
    main = {p for p, slot in enumerate(ctx.slots) if slot != "snack"}
    if any(lo.into & main for lo in window.leftovers):
        return f"{said}: no quicker choice of dishes meets the diet and the nutrient targets."
    quickest = sum(
        min((o.active_minutes for o in ctx.options[ctx.slots[p]] if o.kind == "recipe"), default=0) for p in main
    )
    why = (
        f"the quickest dishes this diet allows take {quickest} minutes together"
        if quickest > (window.cooking_budget or 0)
        else "no quicker choice of dishes meets the diet and the nutrient targets"
    )
    return f"{said}: nothing cooked earlier in the plan is left to eat today, so each meal is cooked, and {why}."


def _assemble_day(
    ctx: Context, specs: list[SlotSpec], chosen: list[tuple[int, Option, float]], relaxed: tuple[str, ...]
) -> DayPlan:
    meals: list[PlanMeal] = []
    totals = np.zeros(len(NUTRIENT_KEYS))
    for pos, slot in enumerate(ctx.slots):
        items = list(specs[pos].fixed)
        for at, opt, quantity in chosen:
            if at != pos:
                continue
            items.append(
                PlanItem(
                    kind="recipe" if opt.kind == "recipe" else "food",
                    ref=opt.ref,
                    name=opt.name,
                    quantity=quantity,
                    unit=opt.unit,
                    grams=round(quantity * opt.grams_per_unit, 1),
                    role=opt.role,
                    leftover_of=opt.leftover_of,
                )
            )
        # Recipe first, then sides in role order, so meals read naturally.
        items.sort(key=lambda i: (i.kind != "recipe", i.role, i.name))
        for item in items:
            totals += item_vector(item, ctx)
        meals.append(PlanMeal(slot=slot, name=meal_name(items), items=tuple(items)))
    return finish_day(ctx.req, ctx.advice, tuple(meals), totals, relaxed)
