"""Multi-day meal plans from the catalogue by mixed-integer optimisation (HiGHS), one day at a time.

Public API (pure: plain dataclasses in, plain dataclasses out; see planner/model.py):

    generate_plan(request: PlanRequest) -> PlanResult
        A plan of `request.days` days. Raises PlanInfeasible(message, conflicts) when the hard rules
        (diet, allergies, excluded foods) leave a meal slot without any option.
    regenerate_day(request, plan, day_index, seed) -> DayPlan
        A new day `day_index`; items with `locked=True` stay with their quantity; the other days of
        `plan` count for the variety rules.
    regenerate_meal(request, plan, day_index, meal_index, seed) -> DayPlan
        The day with meal `meal_index` re-solved (a different choice where possible); the day's other
        meals and every locked item stay as they are.
    rebalance_day(request, plan, day_index) -> DayPlan
        After the caller changed a quantity (and set `locked=True` on that item): the day's recipes stay,
        their servings and the plain-food sides are re-solved so the day meets its targets again.
    replace_day(plan, day_index, day) -> PlanResult
        The plan with one day swapped. Bad `day_index`/`meal_index` raise IndexError (a 404 for the caller).

Building a request: `PlanRequest(days, meals_per_day, energy_kcal=targets.energy_kcal,
targets=requirements.bounds_from_targets(targets.nutrients), rules=DietRules(diet, excluded_categories=
nutrition.diets.excluded_categories(diet), allergies, excluded_ndbs, net_carbs_max_g), nutrients={NDB:
{key: per 100 g}}, catalogue=load_catalogue(), seed, history={slug: uses in the last week})`.
A plan read back from storage is rebuilt as PlanResult(days=(DayPlan(meals=(PlanMeal(slot, name,
items=(PlanItem(kind, ref, name, quantity, unit, grams, role, locked), ...)), ...), totals={}), ...)).
Grams are what counts: the checker (planner/check.py) recomputes every total from the USDA table.
Solves are CPU-bound (~0.05-0.4 s a day): run them off the event loop. The MILPs run in HiGHS worker processes
(planner/highs_worker.py: one per core, killed and replaced when HiGHS never returns); a plan of three days or more
is planned in two halves at once, on two cores.

Each day is one MILP: per main slot exactly one recipe with integer servings (min + step·k), up to three
plain-food sides (at most one per role) in integer units; snack slots take one snack recipe or one or two
plain foods. Hard: the rules (by removing options, checked on every ingredient and on the catalogue's declared
diets), energy within ±5 %, ULs that apply to food, sodium ≤ 2,300 mg, saturated fat under 10 % of energy,
keto net carbs; these carry slack at a prohibitive price so a day always comes back, with what had to give in
`DayPlan.relaxed`. Soft: every minimum with normalised deviations d_n, minimising Σ w·d_n + λ·max d_n
(Gerdessen & de Vries 2015) so an unavoidable shortfall is spread; macro ranges; slot energy shares. Realism:
a snack is never a drink or a spread alone; a protein food goes beside a recipe only when the recipe is light
in protein, a grain or potato only when the recipe has no starch of its own, and never a food the recipe
already holds. Speed: the LP relaxation over every option (~10 ms without presolve) picks a shortlist (its
support plus a seeded sample of recipes and foods, plus the options with the lowest reduced costs); one MILP
runs on that; a short polish re-chooses sides and servings when a reachable minimum is missed; wider models
(started from the best day) only if a hard limit would otherwise give. HiGHS (one thread) stops at a 5 % / 3.0
gap, below the price of a 0.1 % shortfall of any minimum, or when its work budget is spent: `PlanRequest.time_limit_s`
is a day's budget, 60 % for the MILP and some ten limit checks for the polish, counted in HiGHS's limit checks (a
deterministic measure of work, calibrated to CPU seconds; CPU and wall-clock caps for extreme cases). Variety
by a rolling horizon: a recipe at most twice in seven days and not on consecutive days (removed while other
options remain, priced when a hard limit needs it), no two identical days, different main proteins at lunch
and dinner, seeded cost noise (same seed, same plan, however loaded the machine, unless a solve hits its
CPU or wall-clock cap: a machine so slow that its budget takes four times as long, or so loaded that it gets
under a tenth of a core). The two halves of a week cannot see each other's days: the recipes are dealt into two
seeded piles and a half takes the other's only when its own run out (priced), the first half's last day waits
for the second half's first, and a day identical to one of the other half is planned again at the end.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import random
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from diet_planner.nutrition.keys import NUTRIENT_KEYS
from diet_planner.planner import highs_worker
from diet_planner.planner.catalogue.schema import DIETS, PlainFood, Recipe
from diet_planner.planner.model import (
    MAX_ITEM_GRAMS,
    SLOT_SHARES,
    DayPlan,
    PlanInfeasible,
    PlanItem,
    PlanMeal,
    PlanRequest,
    PlanResult,
    Shortfall,
)
from diet_planner.planner.requirements import DayRequirements, day_requirements, suggestion_for

Vector = npt.NDArray[np.float64]
KEY_INDEX = {key: i for i, key in enumerate(NUTRIENT_KEYS)}

# Objective weights. Deviations are fractions of their target, so 0.1 = 10 % short.
# Shortfalls and hard-limit slack are priced well above the gap at which HiGHS may stop (MIP_ABS_GAP), so a stop
# short of optimality only ever gives up on the small niceties (cost noise, fewer sides, slot shares).
W_MIN = 1000.0  # per nutrient minimum
W_MAX_DEV = 3000.0  # λ on the largest deviation
W_MACRO = 1000.0
W_SLOT = 250.0  # slot energy outside its share (1 % off costs about a gap)
W_HARD = 1e5  # slack of a hard limit: only when nothing else is possible
W_RECIPE_YESTERDAY = 80.0
W_RECIPE_OVERUSED = 300.0
W_RECIPE_USED = 0.5  # per earlier use in the week
W_SIDE = 0.15
W_STEP = 0.01
# Aim inside the limits so grams rounded for display still pass the checker.
ENERGY_AIM = 0.045
HARD_AIM = 0.995
# Slack of a hard limit below the aims' margin (0.5 %) is solver noise, not a relaxed limit.
RELAX_TOL = 1e-3
MIN_AIM = 1.002
MIP_REL_GAP = 0.05
MIP_ABS_GAP = 3.0
DRINK_ROLES = frozenset({"beverage"})
WINDOW_DAYS = 7
# Beside the LP relaxation's choices and the ones it nearly took, the restricted MILP sees this many more recipes
# per meal and foods per role, drawn at random (less-used first) for variety; the wide list when a day breaks a limit.
SHORTLIST: tuple[int, int] = (1, 0)
WIDE_SHORTLIST: tuple[int, int] = (4, 1)
NOISE_RECIPE = 0.5
NEAR_RECIPES = 2  # per meal, beside the sample: the recipes the relaxation nearly chose
NEAR_FOODS = 1  # per meal and role
# The request's time limit is a day's budget: most of it for the shortlist MILP, the rest for the polish.
MILP_SHARE = 0.6
# The polish finds its day fast or, the dishes being wrong, not at all. Its model holds every plain food, so HiGHS
# checks its limits about a tenth as often as in the shortlist's: this share is some ten checks (~0.3 s).
POLISH_SHARE = 0.135
# From this many days a plan is made in two halves at once (one half of two days gains nothing).
PARALLEL_MIN_DAYS = 3
RESCUE_TIME_FACTOR = 3.0  # time for the wide shortlist, in request time limits
MAX_SIDES = 3  # plain foods beside a main meal's recipe
PROTEIN_SIDE_MAX_G = 15.0  # protein per serving below which a recipe may take a protein food beside it
STARCH_SIDE_MAX_G = 25.0  # grams of grain or potato per serving from which a recipe takes no grain side
STARCHY_NAMES = ("Potatoes", "Sweet potato", "Snacks, rice cakes")
SIDE_ROLES = frozenset({"protein", "grain", "vegetable", "fruit", "dairy", "fat", "beverage", "snack"})
NOISE_FOOD = 0.1


@dataclass
class _Option:
    kind: str  # "recipe" | "food"
    ref: str
    name: str
    role: str
    unit: str
    base: float  # quantity when chosen with k = 0
    step: float
    k_max: int
    per_unit: Vector  # nutrients per serving (recipe) or per unit (food)
    grams_per_unit: float
    main_protein: str | None = None
    # Recipes: the roles of plain foods that may go beside it (a cook serves no bread with a sandwich).
    side_roles: frozenset[str] = frozenset()
    ingredients: frozenset[str] = frozenset()  # recipes: NDBs of the ingredients


def _is_starchy(ndb: str, request: PlanRequest) -> bool:
    # USDA groups 08 (cereals), 18 (baked products), 20 (grains, pasta), and potatoes and rice cakes.
    info = request.catalogue.ingredients.get(ndb)
    name = info.name if info is not None else ""
    return ndb[:2] in ("08", "18", "20") or name.startswith(STARCHY_NAMES)


def _side_roles(recipe: Recipe, request: PlanRequest, per_serving: Vector) -> frozenset[str]:
    """Roles a plain food beside this recipe may have: a protein food only when the recipe is light in protein,
    a grain or starch only when the recipe has none (no oatmeal beside pancakes, no bread beside a sandwich)."""
    roles = set(SIDE_ROLES)
    if per_serving[KEY_INDEX["protein_g"]] >= PROTEIN_SIDE_MAX_G:
        roles.discard("protein")
    starch = sum(item.grams for item in recipe.ingredients if _is_starchy(item.ndb, request)) / recipe.servings
    if starch >= STARCH_SIDE_MAX_G:
        roles.discard("grain")
    return frozenset(roles)


@dataclass
class _SlotSpec:
    """What may change in one meal of the day being solved."""

    fixed: list[PlanItem] = field(default_factory=list)  # constants, kept with their grams
    frozen: bool = False  # nothing but `fixed`
    only_recipe: str | None = None  # rebalance: this recipe, servings free
    forbid: set[str] = field(default_factory=set)  # refs not to choose (regenerate a meal)


@dataclass
class _Context:
    request: PlanRequest
    req: DayRequirements
    slots: tuple[str, ...]
    options: dict[str, list[_Option]]  # by slot name
    recipes: dict[str, Recipe]
    foods: dict[str, PlainFood]
    unknown: set[str] = field(default_factory=set)


# --- options: the rules, checked on every ingredient ---------------------------------------------------------


def _ingredient_conflicts(ndb: str, request: PlanRequest) -> list[str]:
    rules = request.rules
    info = request.catalogue.ingredients.get(ndb)
    reasons: list[str] = []
    if ndb in rules.excluded_ndbs:
        reasons.append(f"excluded_food:{ndb}")
    if ndb not in request.nutrients:
        reasons.append(f"unknown_food:{ndb}")
    if info is None:
        # Unknown make-up cannot be shown to respect a diet or an allergy.
        if rules.excluded_categories or rules.allergies:
            reasons.append(f"unknown_ingredient:{ndb}")
        return reasons
    reasons.extend(f"diet:{rules.diet}" for _ in info.categories & rules.excluded_categories)
    reasons.extend(f"allergy:{a}" for a in sorted(info.allergens & rules.allergies))
    return reasons


def _declared_conflicts(diets: frozenset[str], request: PlanRequest) -> list[str]:
    # The catalogue declares the diets an item fits (keto by nutrients, mediterranean by tags); respect them.
    diet = request.rules.diet
    return [f"diet:{diet}"] if diets and diet in DIETS and diet not in diets else []


def _recipe_conflicts(recipe: Recipe, request: PlanRequest) -> list[str]:
    reasons = [f"allergy:{a}" for a in sorted(recipe.allergens & request.rules.allergies)]
    reasons.extend(_declared_conflicts(recipe.diets, request))
    for item in recipe.ingredients:
        reasons.extend(_ingredient_conflicts(item.ndb, request))
    return reasons


def _per_100g(ndb: str, request: PlanRequest, unknown: set[str]) -> Vector:
    vec = np.zeros(len(NUTRIENT_KEYS))
    row = request.nutrients.get(ndb, {})
    for key, i in KEY_INDEX.items():
        value = row.get(key)
        if value is None:
            unknown.add(key)
        else:
            vec[i] = float(value)
    return vec


def _recipe_option(recipe: Recipe, request: PlanRequest, unknown: set[str]) -> _Option | None:
    per_serving = np.zeros(len(NUTRIENT_KEYS))
    for item in recipe.ingredients:
        per_serving += _per_100g(item.ndb, request, unknown) * (item.grams / recipe.servings / 100.0)
    gps = recipe.grams_per_serving
    step = recipe.serving_step if recipe.serving_step > 0 else 0.5
    top = recipe.max_servings
    if "beverage" not in recipe.tags and "drink" not in recipe.tags and gps > 0:
        top = min(top, MAX_ITEM_GRAMS / gps)
    if recipe.min_servings > top + 1e-9:
        return None
    return _Option(
        kind="recipe",
        ref=recipe.slug,
        name=recipe.name,
        role="recipe",
        unit="serving",
        base=recipe.min_servings,
        step=step,
        k_max=max(0, math.floor((top - recipe.min_servings) / step + 1e-9)),
        per_unit=per_serving,
        grams_per_unit=gps,
        main_protein=recipe.main_protein,
        side_roles=_side_roles(recipe, request, per_serving),
        ingredients=frozenset(item.ndb for item in recipe.ingredients),
    )


def _food_option(food: PlainFood, request: PlanRequest, unknown: set[str]) -> _Option | None:
    step = food.step if food.step > 0 else 1.0
    top = food.max_units
    if food.role not in DRINK_ROLES:
        top = min(top, MAX_ITEM_GRAMS / food.unit_grams)
    if food.min_units > top + 1e-9:
        return None
    return _Option(
        kind="food",
        ref=food.ndb,
        name=food.name,
        role=food.role,
        unit=food.unit,
        base=food.min_units,
        step=step,
        k_max=max(0, math.floor((top - food.min_units) / step + 1e-9)),
        per_unit=_per_100g(food.ndb, request, unknown) * (food.unit_grams / 100.0),
        grams_per_unit=food.unit_grams,
    )


def _build_context(request: PlanRequest) -> _Context:
    if request.meals_per_day not in (3, 4, 5, 6):
        raise PlanInfeasible("meals_per_day must be 3 to 6", [f"meals_per_day:{request.meals_per_day}"])
    if request.energy_kcal <= 0:
        raise PlanInfeasible("the energy target must be positive", ["energy_kcal"])
    unknown: set[str] = set()
    slots = request.slots
    options: dict[str, list[_Option]] = {s: [] for s in set(slots)}
    blocked: dict[str, Counter[str]] = {s: Counter() for s in set(slots)}
    for recipe in request.catalogue.recipes:
        wanted = [s for s in options if s in recipe.slots]
        if not wanted:
            continue
        reasons = _recipe_conflicts(recipe, request)
        if reasons:
            for s in wanted:
                blocked[s].update(set(reasons))
            continue
        opt = _recipe_option(recipe, request, unknown)
        if opt is not None:
            for s in wanted:
                options[s].append(opt)
    for food in request.catalogue.plain_foods:
        wanted = [s for s in options if s in food.slots]
        if not wanted:
            continue
        reasons = _ingredient_conflicts(food.ndb, request) + _declared_conflicts(food.diets, request)
        if reasons:
            continue
        opt = _food_option(food, request, unknown)
        if opt is not None:
            for s in wanted:
                options[s].append(opt)
    conflicts: list[str] = []
    for s in sorted(options):
        have_recipe = any(o.kind == "recipe" for o in options[s])
        have_food = any(o.kind == "food" for o in options[s])
        if have_recipe or (s == "snack" and have_food):
            continue
        conflicts.append(f"slot:{s}")
        conflicts.extend(reason for reason, _ in blocked[s].most_common(6) if reason not in conflicts)
    if conflicts:
        empty = ", ".join(c.split(":", 1)[1] for c in conflicts if c.startswith("slot:"))
        raise PlanInfeasible(f"no {empty} option is left by the diet, allergies and excluded foods", conflicts)
    return _Context(
        request=request,
        req=day_requirements(request),
        slots=slots,
        options=options,
        recipes={r.slug: r for r in request.catalogue.recipes},
        foods={f.ndb: f for f in request.catalogue.plain_foods},
        unknown=unknown,
    )


# --- the per-day MILP -----------------------------------------------------------------------------------------


class _Lp:
    """Rows and columns collected in Python, handed to HiGHS in one call."""

    def __init__(self) -> None:
        self.cost: list[float] = []
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.integer: list[bool] = []
        self.rows: list[tuple[float, float, list[int], list[float]]] = []
        self.reduced_costs: list[float] = []  # of the LP relaxation, after solve(relaxation=True)

    def col(self, cost: float, lower: float, upper: float, integer: bool) -> int:
        self.cost.append(cost)
        self.lower.append(lower)
        self.upper.append(upper)
        self.integer.append(integer)
        return len(self.cost) - 1

    def row(self, lower: float, upper: float, idx: list[int], val: list[float]) -> None:
        if len(set(idx)) == len(idx):
            if idx:
                self.rows.append((lower, upper, idx, val))
            return
        merged: dict[int, float] = {}
        for i, v in zip(idx, val, strict=True):
            merged[i] = merged.get(i, 0.0) + v
        self.rows.append((lower, upper, list(merged), list(merged.values())))

    def solve(
        self, time_limit_s: float, relaxation: bool = False, start: dict[int, float] | None = None
    ) -> tuple[list[float], bool]:
        starts = np.zeros(len(self.rows) + 1, dtype=np.int32)
        np.cumsum([len(r[2]) for r in self.rows], out=starts[1:])
        arrays = {
            "cost": np.array(self.cost),
            "col_lower": np.array(self.lower),
            "col_upper": np.array(self.upper),
            "row_lower": np.array([r[0] for r in self.rows]),
            "row_upper": np.array([r[1] for r in self.rows]),
            "starts": starts,
            "index": np.array(list(itertools.chain.from_iterable(r[2] for r in self.rows)), dtype=np.int32),
            "value": np.array(list(itertools.chain.from_iterable(r[3] for r in self.rows))),
            "integer": np.array(self.integer, dtype=bool),
        }
        options: dict[str, Any] = {"mip_rel_gap": MIP_REL_GAP, "mip_abs_gap": MIP_ABS_GAP}
        if relaxation:
            # HiGHS's presolve costs these LPs three times what the simplex does (bench/bench_planner.py).
            options["presolve"] = "off"
        job = highs_worker.SolveJob(arrays, time_limit_s, relaxation, dict(start or {}), options)
        # An LP without presolve runs here; a MILP in a worker process that is killed if HiGHS never returns.
        outcome = highs_worker.run_job(job) if relaxation else highs_worker.pool().solve(job)
        if relaxation:
            self.reduced_costs = outcome.reduced_costs
        return outcome.values, outcome.ok


def _const_vector(item: PlanItem, ctx: _Context) -> Vector:
    """Nutrients of a kept item from its grams."""
    if item.kind == "recipe":
        recipe = ctx.recipes.get(item.ref)
        if recipe is None or recipe.total_grams <= 0:
            return np.zeros(len(NUTRIENT_KEYS))
        vec = np.zeros(len(NUTRIENT_KEYS))
        for ing in recipe.ingredients:
            vec += _per_100g(ing.ndb, ctx.request, ctx.unknown) * (ing.grams * item.grams / recipe.total_grams / 100.0)
        return vec
    return _per_100g(item.ref, ctx.request, ctx.unknown) * (item.grams / 100.0)


@dataclass
class _Chosen:
    slot_pos: int
    option: _Option
    quantity: float


def _slot_shares(slots: Sequence[str]) -> list[tuple[float, float]]:
    lows = [SLOT_SHARES[s][0] for s in slots]
    highs = [SLOT_SHARES[s][1] for s in slots]
    mid = sum((lo + hi) / 2 for lo, hi in zip(lows, highs, strict=True))
    # Renormalise around the midpoints so the shares of any layout can add up to the whole day.
    return [(lo / mid, hi / mid) for lo, hi in zip(lows, highs, strict=True)]


@dataclass
class _Probe:
    """What the LP relaxation of a day says: nutrients short even there, and the options it uses per meal."""

    short: set[str] = field(default_factory=set)
    support: list[set[str]] = field(default_factory=list)
    # Per meal, each option's reduced cost there: the lowest are the ones the relaxation nearly took.
    reduced: list[dict[str, float]] = field(default_factory=list)


def _solve_day(
    ctx: _Context,
    specs: list[_SlotSpec],
    usage: Counter[str],
    yesterday: set[str],
    earlier_days: list[frozenset[tuple[int, str]]],
    noise: dict[tuple[int, str], float],
    allowed: list[set[str]] | None = None,
    probe: _Probe | None = None,
    strict_variety: bool = True,
    start: DayPlan | None = None,
    time_limit_s: float | None = None,
) -> DayPlan:
    """Solve one day over the options in `allowed` (all when None); with `probe`, only its LP relaxation.
    `start`, a day found on a smaller shortlist, is handed to the solver as its first incumbent."""
    req = ctx.req
    lp = _Lp()
    energy = req.energy_kcal
    e_i = KEY_INDEX["energy_kcal"]
    slots = ctx.slots
    shares = _slot_shares(slots)
    const = np.zeros(len(NUTRIENT_KEYS))
    slot_const_energy = [0.0] * len(slots)
    # (column of y, column of k, option, slot position)
    chosen_cols: list[tuple[int, int, _Option, int]] = []
    per_slot_y: list[list[tuple[int, _Option]]] = [[] for _ in slots]

    # Items kept anywhere in the day are not chosen again elsewhere that day.
    day_fixed = {i.ref for spec in specs for i in spec.fixed}
    for pos, (slot, spec) in enumerate(zip(slots, specs, strict=True)):
        for item in spec.fixed:
            vec = _const_vector(item, ctx)
            const += vec
            slot_const_energy[pos] += vec[e_i]
        if spec.frozen:
            continue
        fixed_recipe = any(i.kind == "recipe" for i in spec.fixed)
        fixed_foods = [i for i in spec.fixed if i.kind == "food"]
        fixed_roles = {ctx.foods[i.ref].role for i in fixed_foods if i.ref in ctx.foods}
        opts = [o for o in ctx.options[slot] if o.ref not in spec.forbid and o.ref not in day_fixed]
        if spec.only_recipe is not None:
            opts = [o for o in opts if o.kind == "food" or o.ref == spec.only_recipe]
        recipe_opts = [] if fixed_recipe else [o for o in opts if o.kind == "recipe"]
        if slot == "snack" and fixed_foods:
            recipe_opts = []
        # Variety: drop recipes used yesterday or twice already while enough others remain.
        if recipe_opts and spec.only_recipe is None and strict_variety:
            fresh = [o for o in recipe_opts if o.ref not in yesterday and usage[o.ref] < 2]
            if len(fresh) >= 2 or (fresh and slot != "snack"):
                recipe_opts = fresh
        food_opts = [o for o in opts if o.kind == "food" and o.role not in fixed_roles]
        if slot != "snack":
            for item in spec.fixed:
                kept = ctx.recipes.get(item.ref) if item.kind == "recipe" else None
                if kept is not None:
                    roles = _side_roles(
                        kept, ctx.request, _const_vector(replace(item, grams=kept.grams_per_serving), ctx)
                    )
                    held = {i.ndb for i in kept.ingredients}
                    food_opts = [o for o in food_opts if o.role in roles and o.ref not in held]
        if slot == "snack" and fixed_recipe:
            food_opts = []
        if allowed is not None:
            recipe_opts = [o for o in recipe_opts if o.ref in allowed[pos]]
            food_opts = [o for o in food_opts if o.ref in allowed[pos]]
        ys: list[int] = []
        zs: list[int] = []
        for opt in recipe_opts:
            # A recipe already in the week costs a little more, so ties go to one not eaten yet.
            cost = NOISE_RECIPE * noise.get((pos, opt.ref), 0.0) + W_RECIPE_USED * usage[opt.ref]
            if opt.ref in yesterday:
                cost += W_RECIPE_YESTERDAY
            if usage[opt.ref] >= 2:
                cost += W_RECIPE_OVERUSED
            y = lp.col(cost, 0, 1, True)
            k = lp.col(W_STEP, 0, opt.k_max, True) if opt.k_max > 0 else -1
            if k >= 0:
                lp.row(-1e30, 0, [k, y], [1.0, -float(opt.k_max)])
            chosen_cols.append((y, k, opt, pos))
            per_slot_y[pos].append((y, opt))
            ys.append(y)
        for opt in food_opts:
            cost = W_SIDE + NOISE_FOOD * noise.get((pos, opt.ref), 0.0)
            z = lp.col(cost, 0, 1, True)
            u = lp.col(W_STEP, 0, opt.k_max, True) if opt.k_max > 0 else -1
            if u >= 0:
                lp.row(-1e30, 0, [u, z], [1.0, -float(opt.k_max)])
            chosen_cols.append((z, u, opt, pos))
            per_slot_y[pos].append((z, opt))
            zs.append(z)
        side_room = MAX_SIDES - len(fixed_foods)
        if slot == "snack":
            if fixed_recipe:
                pass
            elif fixed_foods:
                lp.row(-1e30, max(0, side_room), zs, [1.0] * len(zs))
            else:
                # One snack recipe, or one or two plain foods of which one is more than a drink or a spread
                # (no coffee alone, no spoonful of peanut butter).
                eats = [z for z, o in per_slot_y[pos] if o.kind == "food" and o.role not in DRINK_ROLES | {"fat"}]
                lp.row(1, 1e30, ys + eats, [1.0] * (len(ys) + len(eats)))
                lp.row(-1e30, 2, ys + zs, [2.0] * len(ys) + [1.0] * len(zs))
        else:
            if not fixed_recipe:
                if not ys:
                    raise PlanInfeasible(f"no {slot} recipe is left to choose", [f"slot:{slot}"])
                lp.row(1, 1, ys, [1.0] * len(ys))
            lp.row(-1e30, max(0, side_room), zs, [1.0] * len(zs))
        if slot != "snack" and not fixed_recipe:
            # A side of a role only beside a recipe that leaves room for it (an egg with oatmeal, never a turkey
            # breast beside a pork chop or a packet of oatmeal beside pancakes).
            for role in ("protein", "grain"):
                role_z = [z for z, o in per_slot_y[pos] if o.kind == "food" and o.role == role]
                hosts = [y for y, o in per_slot_y[pos] if o.kind == "recipe" and role in o.side_roles]
                if role_z:
                    lp.row(-1e30, 0, role_z + hosts, [1.0] * len(role_z) + [-1.0] * len(hosts))
        if slot != "snack":
            # No side that the dish already holds (steamed broccoli beside a broccoli stir-fry).
            holders_of: dict[str, list[int]] = {}
            for y, opt in per_slot_y[pos]:
                for ndb in opt.ingredients:
                    holders_of.setdefault(ndb, []).append(y)
            for z, food in ((c, o) for c, o in per_slot_y[pos] if o.kind == "food"):
                holders = holders_of.get(food.ref, [])
                if holders:
                    lp.row(-1e30, 1, [z, *holders], [1.0] * (len(holders) + 1))
        by_role: dict[str, list[int]] = {}
        for z, opt in ((c, o) for c, o in per_slot_y[pos] if o.kind == "food"):
            by_role.setdefault(opt.role, []).append(z)
        for cols in by_role.values():
            if len(cols) > 1:
                lp.row(-1e30, 1, cols, [1.0] * len(cols))

    # A recipe or food at most once a day.
    same: dict[str, list[int]] = {}
    for y, _, opt, _ in chosen_cols:
        same.setdefault(opt.ref, []).append(y)
    for cols in same.values():
        if len(cols) > 1:
            lp.row(-1e30, 1, cols, [1.0] * len(cols))
    # Different main proteins at lunch and dinner.
    proteins: dict[str, list[int]] = {}
    for y, _, opt, pos in chosen_cols:
        if opt.kind == "recipe" and opt.main_protein and slots[pos] in ("lunch", "dinner"):
            proteins.setdefault(opt.main_protein, []).append(y)
    fixed_proteins = Counter(
        ctx.recipes[i.ref].main_protein
        for pos, spec in enumerate(specs)
        if slots[pos] in ("lunch", "dinner")
        for i in spec.fixed
        if i.kind == "recipe" and i.ref in ctx.recipes and ctx.recipes[i.ref].main_protein
    )
    for protein, cols in proteins.items():
        room = 1 - fixed_proteins.get(protein, 0)
        if len(cols) > 1 or room < 1:
            lp.row(-1e30, max(0, room), cols, [1.0] * len(cols))
    # No day identical to an earlier one.
    col_of = {(pos, opt.ref): y for y, _, opt, pos in chosen_cols}
    for signature in earlier_days:
        cols = [col_of.get(key, -1) for key in signature]
        if signature and all(c >= 0 for c in cols):
            lp.row(-1e30, len(cols) - 1, cols, [1.0] * len(cols))

    # Column-wise arrays of the options, so each nutrient row is a few numpy operations.
    per_unit = np.array([opt.per_unit for _, _, opt, _ in chosen_cols]).reshape(len(chosen_cols), len(NUTRIENT_KEYS))
    y_cols = np.array([y for y, _, _, _ in chosen_cols], dtype=np.int64)
    k_cols = np.array([k for _, k, _, _ in chosen_cols], dtype=np.int64)
    bases = np.array([opt.base for _, _, opt, _ in chosen_cols])
    steps = np.array([opt.step for _, _, opt, _ in chosen_cols])
    has_k = k_cols >= 0

    def nutrient_terms(key: str, scale: float) -> tuple[list[int], list[float]]:
        amounts = per_unit[:, KEY_INDEX[key]] / scale
        nonzero = amounts != 0
        with_k = nonzero & has_k
        idx = np.concatenate([y_cols[nonzero], k_cols[with_k]])
        val = np.concatenate([bases[nonzero] * amounts[nonzero], steps[with_k] * amounts[with_k]])
        return idx.tolist(), val.tolist()

    # Energy band (hard, with a prohibitive slack), scaled to the target.
    idx, val = nutrient_terms("energy_kcal", energy)
    c_e = const[e_i] / energy
    lo_s = lp.col(W_HARD, 0, 1e30, False)
    hi_s = lp.col(W_HARD, 0, 1e30, False)
    lp.row(1 - ENERGY_AIM - c_e, 1e30, [*idx, lo_s], [*val, 1.0])
    lp.row(-1e30, 1 + ENERGY_AIM - c_e, [*idx, hi_s], [*val, -1.0])
    relax_cols: dict[str, int] = {"energy_kcal_low": lo_s, "energy_kcal_high": hi_s}

    # Slot energy shares (soft).
    for pos, (low, high) in enumerate(shares):
        if specs[pos].frozen:
            continue
        slot_cols = [(y, k, opt) for y, k, opt, p in chosen_cols if p == pos]
        sidx: list[int] = []
        sval: list[float] = []
        for y, k, opt in slot_cols:
            amount = opt.per_unit[e_i] / energy
            sidx.append(y)
            sval.append(opt.base * amount)
            if k >= 0:
                sidx.append(k)
                sval.append(opt.step * amount)
        c = slot_const_energy[pos] / energy
        s_lo = lp.col(W_SLOT, 0, 1e30, False)
        s_hi = lp.col(W_SLOT, 0, 1e30, False)
        lp.row(low - c, 1e30, [*sidx, s_lo], [*sval, 1.0])
        lp.row(-1e30, high - c, [*sidx, s_hi], [*sval, -1.0])

    # Hard maxima.
    for key, limit in req.hard_maxima.items():
        if key not in KEY_INDEX or limit <= 0:
            continue
        idx, val = nutrient_terms(key, limit)
        if not idx:
            continue
        s = lp.col(W_HARD, 0, 1e30, False)
        lp.row(-1e30, HARD_AIM - const[KEY_INDEX[key]] / limit, [*idx, s], [*val, -1.0])
        relax_cols[key] = s
    # Saturated fat under 10 % of energy: 9·sat - 0.1·E ≤ 0, scaled by the energy target.
    sf_idx, sf_val = nutrient_terms("saturated_fat_g", energy / 9.0)
    en_idx, en_val = nutrient_terms("energy_kcal", energy)
    share = req.saturated_fat_max_share * HARD_AIM
    s = lp.col(W_HARD, 0, 1e30, False)
    c_sf = const[KEY_INDEX["saturated_fat_g"]] * 9.0 / energy - share * const[e_i] / energy
    lp.row(-1e30, -c_sf, [*sf_idx, *en_idx, s], [*sf_val, *[-share * v for v in en_val], -1.0])
    relax_cols["saturated_fat_share"] = s
    if req.net_carbs_max_g is not None:
        limit = req.net_carbs_max_g
        c_idx, c_val = nutrient_terms("carbs_g", limit)
        f_idx, f_val = nutrient_terms("fiber_g", limit)
        s = lp.col(W_HARD, 0, 1e30, False)
        c_nc = (const[KEY_INDEX["carbs_g"]] - const[KEY_INDEX["fiber_g"]]) / limit
        lp.row(-1e30, HARD_AIM - c_nc, [*c_idx, *f_idx, s], [*c_val, *[-v for v in f_val], -1.0])
        relax_cols["net_carbs_g"] = s

    # Soft minima with normalised deviations and the largest deviation.
    # Up to MIN_AIM: a nutrient no allowed food has (B12 for a vegan without fortified foods) is short by all of it.
    d_max = lp.col(W_MAX_DEV, 0, MIN_AIM, False)
    dev_cols: dict[str, int] = {}
    for key, target in req.minima.items():
        if key not in KEY_INDEX:
            continue
        weight = W_MACRO if key in ("protein_g", "fat_g", "carbs_g") else W_MIN
        d = lp.col(weight, 0, MIN_AIM, False)
        dev_cols[key] = d
        idx, val = nutrient_terms(key, target)
        lp.row(MIN_AIM - const[KEY_INDEX[key]] / target, 1e30, [*idx, d], [*val, 1.0])
        lp.row(0, 1e30, [d_max, d], [1.0, -1.0])
    for key, limit in req.soft_maxima.items():
        if key not in KEY_INDEX or limit <= 0:
            continue
        e = lp.col(W_MACRO, 0, 1e30, False)
        idx, val = nutrient_terms(key, limit)
        lp.row(-1e30, 1 - const[KEY_INDEX[key]] / limit, [*idx, e], [*val, -1.0])

    start_cols: dict[int, float] = {}
    if start is not None:
        quantities = {(pos, i.ref): i.quantity for pos, meal in enumerate(start.meals) for i in meal.items}
        for y, k, opt, pos in chosen_cols:
            quantity = quantities.get((pos, opt.ref))
            if quantity is not None:
                start_cols[y] = 1.0
                if k >= 0:
                    start_cols[k] = float(round((quantity - opt.base) / opt.step))
    limit = MILP_SHARE * ctx.request.time_limit_s if time_limit_s is None else time_limit_s
    values, ok = lp.solve(limit, relaxation=probe is not None, start=start_cols)
    if probe is not None:
        probe.short.update(key for key, col in dev_cols.items() if ok and values[col] > 1e-4)
        probe.short.update(key for key, col in relax_cols.items() if ok and values[col] > RELAX_TOL)
        probe.support = [set() for _ in slots]
        probe.reduced = [{} for _ in slots]
        for y, _, opt, pos in chosen_cols:
            if ok and values[y] > 1e-6:
                probe.support[pos].add(opt.ref)
            if ok and lp.reduced_costs:
                probe.reduced[pos][opt.ref] = lp.reduced_costs[y]
        return _finish_day(ctx, (), np.zeros(len(NUTRIENT_KEYS)), ())
    if not ok:
        raise PlanInfeasible("the day's structure (slots, locked items, variety) leaves no combination", ["structure"])
    chosen: list[_Chosen] = []
    for y, k, opt, pos in chosen_cols:
        if values[y] > 0.5:
            n_steps = round(values[k]) if k >= 0 else 0
            chosen.append(_Chosen(pos, opt, opt.base + opt.step * n_steps))
    relaxed = tuple(sorted(name for name, col in relax_cols.items() if values[col] > RELAX_TOL))
    return _assemble_day(ctx, specs, chosen, relaxed)


def _round_grams(grams: float) -> float:
    return round(grams, 1)


def _assemble_day(ctx: _Context, specs: list[_SlotSpec], chosen: list[_Chosen], relaxed: tuple[str, ...]) -> DayPlan:
    meals: list[PlanMeal] = []
    totals = np.zeros(len(NUTRIENT_KEYS))
    for pos, slot in enumerate(ctx.slots):
        items = list(specs[pos].fixed)
        for c in chosen:
            if c.slot_pos != pos:
                continue
            opt = c.option
            items.append(
                PlanItem(
                    kind="recipe" if opt.kind == "recipe" else "food",
                    ref=opt.ref,
                    name=opt.name,
                    quantity=c.quantity,
                    unit=opt.unit,
                    grams=_round_grams(c.quantity * opt.grams_per_unit),
                    role=opt.role,
                )
            )
        # Recipe first, then sides in role order, so meals read naturally.
        items.sort(key=lambda i: (i.kind != "recipe", i.role, i.name))
        for item in items:
            totals += _const_vector(item, ctx)
        meals.append(PlanMeal(slot=slot, name=_meal_name(items), items=tuple(items)))
    return _finish_day(ctx, tuple(meals), totals, relaxed)


def _meal_name(items: Sequence[PlanItem]) -> str:
    if not items:
        return ""
    head = items[0].name
    rest = [i.name for i in items[1:]]
    if not rest:
        return head
    return f"{head} with {' and '.join(rest)}" if items[0].kind == "recipe" else " and ".join([head, *rest])


def _finish_day(ctx: _Context, meals: tuple[PlanMeal, ...], totals: Vector, relaxed: tuple[str, ...]) -> DayPlan:
    total_map = {key: round(float(totals[i]), 3) for key, i in KEY_INDEX.items()}
    shortfalls = tuple(
        Shortfall(
            nutrient=key,
            amount=round(total_map[key], 3),
            target=target,
            suggestion=suggestion_for(key),
        )
        for key, target in ctx.req.minima.items()
        if key in total_map and total_map[key] < target * (1 - 1e-9)
    )
    parts: list[str] = []
    energy = total_map["energy_kcal"]
    parts.append(f"{energy:.0f} kcal against a target of {ctx.req.energy_kcal:.0f} kcal.")
    if shortfalls:
        short = "; ".join(
            f"{s.nutrient} {100 * s.amount / s.target:.0f} % of target: try {s.suggestion}" for s in shortfalls
        )
        parts.append(f"The catalogue foods this profile allows fall short on {short}.")
    else:
        parts.append(f"All {len(ctx.req.minima)} nutrient minima are met.")
    if relaxed:
        parts.append(f"Relaxed to find a plan: {', '.join(relaxed)}.")
    return DayPlan(meals=meals, totals=total_map, shortfalls=shortfalls, explanation=" ".join(parts), relaxed=relaxed)


# --- rolling horizon and the public API -----------------------------------------------------------------------


def _signature(day: DayPlan) -> frozenset[tuple[int, str]]:
    return frozenset((pos, item.ref) for pos, meal in enumerate(day.meals) for item in meal.items)


def _recipes_of(day: DayPlan) -> list[str]:
    return [item.ref for meal in day.meals for item in meal.items if item.kind == "recipe"]


def _foods_of(day: DayPlan) -> list[str]:
    return [item.ref for meal in day.meals for item in meal.items if item.kind == "food"]


def _window_state(
    request: PlanRequest,
    days: Sequence[DayPlan | None],
    index: int,
    unseen: Sequence[int] = (),
    elsewhere: frozenset[str] = frozenset(),
) -> tuple[Counter[str], set[str], Counter[str], list[frozenset[tuple[int, str]]]]:
    """Recipe uses in the seven-day window around `index`, yesterday's recipes, food uses, other days.
    `unseen`: days being planned at the same time by the other half of the week (see generate_plan); when one
    is in the window, the recipes of that half's pile, `elsewhere`, count as used up here."""
    usage: Counter[str] = Counter()
    food_usage: Counter[str] = Counter()
    if index < WINDOW_DAYS:
        usage.update(dict(request.history))
    if any(abs(j - index) < WINDOW_DAYS for j in unseen):
        usage.update(dict.fromkeys(elsewhere, 2))
    others: list[frozenset[tuple[int, str]]] = []
    for j, day in enumerate(days):
        if day is None or j == index:
            continue
        others.append(_signature(day))
        if abs(j - index) < WINDOW_DAYS:
            usage.update(_recipes_of(day))
            food_usage.update(_foods_of(day))
    yesterday: set[str] = set()
    for j in (index - 1, index + 1):
        if 0 <= j < len(days) and days[j] is not None:
            yesterday.update(_recipes_of(days[j]))  # type: ignore[arg-type]
    return usage, yesterday, food_usage, others


def _day_rng(seed: int, index: int, salt: str = "") -> random.Random:
    return random.Random(f"{seed}:{index}:{salt}")


def _plan_explanation(ctx: _Context, days: Sequence[DayPlan]) -> str:
    total = len(days) * len(ctx.req.minima)
    short = sum(len(d.shortfalls) for d in days)
    parts = [f"{len(days)} days, {len(ctx.slots)} meals a day; {total - short} of {total} day-nutrient minima met."]
    nutrients = Counter(s.nutrient for d in days for s in d.shortfalls)
    if nutrients:
        parts.append(
            "Short on "
            + ", ".join(f"{n} ({c} day{'s' if c > 1 else ''}): {suggestion_for(n)}" for n, c in nutrients.items())
            + "."
        )
    return " ".join(parts)


def _day_score(day: DayPlan, req: DayRequirements) -> tuple[int, float]:
    deficit = sum(1 - s.amount / s.target for s in day.shortfalls)
    return len(day.relaxed), deficit


def _noise(ctx: _Context, seed: int, index: int, salt: str) -> dict[tuple[int, str], float]:
    """Seeded cost noise per (meal, option): the seed picks among near-equal plans, reproducibly."""
    rng = _day_rng(seed, index, salt)
    return {(pos, opt.ref): rng.random() for pos, slot in enumerate(ctx.slots) for opt in ctx.options[slot]}


def _shortlist(
    ctx: _Context,
    probe: _Probe,
    sizes: tuple[int, int],
    usage: Counter[str],
    food_usage: Counter[str],
    rng: random.Random,
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
            (o for o in ctx.options[slot] if o.kind == "recipe"), key=lambda o: usage[o.ref] + 2.0 * rng.random()
        )
        chosen.update(o.ref for o in recipes[:n_recipes])
        by_role: dict[str, list[tuple[float, str]]] = {}
        for opt in ctx.options[slot]:
            if opt.kind == "food":
                by_role.setdefault(opt.role, []).append((0.5 * food_usage[opt.ref] + rng.random(), opt.ref))
        for group in by_role.values():
            chosen.update(ref for _, ref in sorted(group)[:per_role])
        allowed.append(chosen)
    return allowed


def _solve_with_fallback(
    ctx: _Context,
    specs: list[_SlotSpec],
    usage: Counter[str],
    yesterday: set[str],
    food_usage: Counter[str],
    others: list[frozenset[tuple[int, str]]],
    seed: int,
    index: int,
    salt: str = "",
) -> DayPlan:
    """LP relaxation over every option, then the MILP on a shortlist (its support, the options it nearly took,
    a seeded sample). When that day falls short of a minimum the relaxation reaches: its dishes kept, sides and
    servings chosen again from every plain food. When it breaks a hard limit the relaxation keeps: a wider
    shortlist with more time; when a limit still gives, repeats priced instead of removed over every option,
    from the best day so far (the MILP over every option alone may not finish its root node in a request's
    time on a loaded machine)."""
    noise = _noise(ctx, seed, index, salt)
    probe = _Probe()
    _solve_day(ctx, specs, usage, yesterday, others, noise, None, probe)
    rng = _day_rng(seed, index, f"{salt}list")
    allowed = _shortlist(ctx, probe, SHORTLIST, usage, food_usage, rng)
    day: DayPlan | None = None
    with contextlib.suppress(PlanInfeasible):
        day = _solve_day(ctx, specs, usage, yesterday, others, noise, allowed)
    # The wide list holds the first, so the first day is a start for it.
    wide = [a | b for a, b in zip(allowed, _shortlist(ctx, probe, WIDE_SHORTLIST, usage, food_usage, rng), strict=True)]
    if day is None:
        try:
            day = _solve_day(ctx, specs, usage, yesterday, others, noise, wide)
        except PlanInfeasible:
            return _solve_day(ctx, specs, usage, yesterday, others, noise)
    reachable = {sh.nutrient for sh in day.shortfalls} - probe.short
    if reachable:
        # Short of what the relaxation reaches: keep the dishes, choose the sides and servings again from every
        # plain food (a small model: the dishes are the hard part).
        polish_specs = [
            replace(spec, only_recipe=_dish(meal) if spec.only_recipe is None and not spec.frozen else spec.only_recipe)
            for spec, meal in zip(specs, day.meals, strict=True)
        ]
        with contextlib.suppress(PlanInfeasible):
            polished = _solve_day(
                ctx,
                polish_specs,
                usage,
                yesterday,
                others,
                noise,
                start=day,
                time_limit_s=POLISH_SHARE * ctx.request.time_limit_s,
            )
            if _day_score(polished, ctx.req) < _day_score(day, ctx.req):
                day = polished
    limit = RESCUE_TIME_FACTOR * ctx.request.time_limit_s
    if set(day.relaxed) - probe.short:
        wider = _solve_day(ctx, specs, usage, yesterday, others, noise, wide, start=day, time_limit_s=limit)
        if _day_score(wider, ctx.req) < _day_score(day, ctx.req):
            day = wider
    if day.relaxed:
        # Variety gives way before a hard limit: repeats become priced instead of removed, over every option.
        loose = _solve_day(
            ctx, specs, usage, yesterday, others, noise, strict_variety=False, start=day, time_limit_s=limit
        )
        if _day_score(loose, ctx.req) < _day_score(day, ctx.req):
            day = loose
    return day


def _dish(meal: PlanMeal) -> str:
    """The meal's recipe, or "" (no recipe) for a snack of plain foods."""
    return next((i.ref for i in meal.items if i.kind == "recipe" and not i.locked), "")


def _plan_days(
    ctx: _Context,
    days: list[DayPlan | None],
    own: range,
    other: range = range(0),
    first_done: threading.Event | None = None,
    tomorrow_ready: threading.Event | None = None,
    elsewhere: frozenset[str] = frozenset(),
) -> None:
    """Plan the days `own` in order into `days`, seeing only these (and, for the last of them, the first day of
    `other` once `tomorrow_ready` is set): what each day sees is fixed, so a seed gives the same plan however
    the two halves are scheduled."""
    view: list[DayPlan | None] = [None] * len(days)
    try:
        for index in own:
            if tomorrow_ready is not None and index + 1 in other:
                tomorrow_ready.wait()
                view[index + 1] = days[index + 1]
            unseen = [j for j in other if view[j] is None]
            usage, yesterday, food_usage, others = _window_state(ctx.request, view, index, unseen, elsewhere)
            specs = [_SlotSpec() for _ in ctx.slots]
            day = _solve_with_fallback(ctx, specs, usage, yesterday, food_usage, others, ctx.request.seed, index)
            view[index] = days[index] = day
            if first_done is not None:
                first_done.set()
    finally:
        if first_done is not None:
            first_done.set()  # never leave the other half waiting, even on an error


def _split_recipes(ctx: _Context, seed: int) -> tuple[frozenset[str], frozenset[str]]:
    """Each meal's recipes dealt at random into two piles, one for each half of the week: a half takes the other
    half's recipes only when its own run out, so the halves, which cannot see each other, keep to twice a week."""
    rng = _day_rng(seed, -1, "halves")
    piles: tuple[set[str], set[str]] = (set(), set())
    dealt = 0
    for slot in sorted(ctx.options):
        refs = sorted({o.ref for o in ctx.options[slot] if o.kind == "recipe"} - piles[0] - piles[1])
        rng.shuffle(refs)
        for ref in refs:
            piles[dealt % 2].add(ref)
            dealt += 1
    return frozenset(piles[0]), frozenset(piles[1])


def _mend_identical_days(ctx: _Context, days: list[DayPlan]) -> None:
    """The halves of the week could not see each other's days: a day identical to an earlier one is planned
    again, seeing every other day."""
    for index in range(1, len(days)):
        signature = _signature(days[index])
        if all(_signature(day) != signature for day in days[:index]):
            continue
        usage, yesterday, food_usage, others = _window_state(ctx.request, days, index)
        specs = [_SlotSpec() for _ in ctx.slots]
        days[index] = _solve_with_fallback(
            ctx, specs, usage, yesterday, food_usage, others, ctx.request.seed, index, "mend"
        )


def generate_plan(request: PlanRequest) -> PlanResult:
    if not 1 <= request.days <= 31:
        raise PlanInfeasible("days must be 1 to 31", [f"days:{request.days}"])
    ctx = _build_context(request)
    days: list[DayPlan | None] = [None] * request.days
    if request.days < PARALLEL_MIN_DAYS:
        _plan_days(ctx, days, range(request.days))
    else:
        # Two halves of the week at once, their MILPs in two worker processes. Each half cooks from its own pile
        # of recipes (twice a week at most, as ever); the first half's last day sees the second half's first day,
        # so no recipe runs on both.
        half = (request.days + 1) // 2
        first, second = range(half), range(half, request.days)
        recipes_first, recipes_second = _split_recipes(ctx, request.seed)
        second_started = threading.Event()
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="plan-half") as pool:
            later = pool.submit(_plan_days, ctx, days, second, first, second_started, elsewhere=recipes_first)
            _plan_days(ctx, days, first, second, tomorrow_ready=second_started, elsewhere=recipes_second)
            later.result()
    done = [d for d in days if d is not None]
    _mend_identical_days(ctx, done)
    return PlanResult(
        days=tuple(done), explanation=_plan_explanation(ctx, done), unknown_nutrients=tuple(sorted(ctx.unknown))
    )


def _check_day(plan: PlanResult, day_index: int, slots: Sequence[str]) -> DayPlan:
    if not 0 <= day_index < len(plan.days):
        raise IndexError(f"day {day_index} is not in the plan")
    day = plan.days[day_index]
    if [m.slot for m in day.meals] != list(slots):
        raise PlanInfeasible("the day's meals do not match meals_per_day", ["meals_per_day"])
    return day


def _locked(items: Iterable[PlanItem]) -> list[PlanItem]:
    return [i for i in items if i.locked]


def regenerate_day(request: PlanRequest, plan: PlanResult, day_index: int, seed: int) -> DayPlan:
    ctx = _build_context(request)
    day = _check_day(plan, day_index, ctx.slots)
    usage, yesterday, food_usage, others = _window_state(request, plan.days, day_index)
    # The old day counts as an earlier one, so the new one differs.
    others.append(_signature(day))
    specs = [_SlotSpec(fixed=_locked(meal.items)) for meal in day.meals]
    for spec, meal in zip(specs, day.meals, strict=True):
        if not spec.fixed:
            spec.forbid = {i.ref for i in meal.items if i.kind == "recipe"}
    try:
        return _solve_with_fallback(ctx, specs, usage, yesterday, food_usage, others, seed, day_index, "day")
    except PlanInfeasible:
        for spec in specs:
            spec.forbid = set()
        return _solve_with_fallback(ctx, specs, usage, yesterday, food_usage, others, seed, day_index, "day")


def regenerate_meal(request: PlanRequest, plan: PlanResult, day_index: int, meal_index: int, seed: int) -> DayPlan:
    ctx = _build_context(request)
    day = _check_day(plan, day_index, ctx.slots)
    if not 0 <= meal_index < len(day.meals):
        raise IndexError(f"meal {meal_index} is not in day {day_index}")
    usage, yesterday, food_usage, _ = _window_state(request, plan.days, day_index)
    specs = [_SlotSpec(fixed=list(meal.items), frozen=True) for meal in day.meals]
    target = day.meals[meal_index]
    specs[meal_index] = _SlotSpec(
        fixed=_locked(target.items), forbid={i.ref for i in target.items if not i.locked and i.kind == "recipe"}
    )
    try:
        return _solve_with_fallback(ctx, specs, usage, yesterday, food_usage, [], seed, day_index, f"meal{meal_index}")
    except PlanInfeasible:
        specs[meal_index].forbid = set()
        return _solve_with_fallback(ctx, specs, usage, yesterday, food_usage, [], seed, day_index, f"meal{meal_index}")


def rebalance_day(request: PlanRequest, plan: PlanResult, day_index: int) -> DayPlan:
    ctx = _build_context(request)
    day = _check_day(plan, day_index, ctx.slots)
    _, _, food_usage, _ = _window_state(request, plan.days, day_index)
    specs: list[_SlotSpec] = []
    for meal in day.meals:
        locked = _locked(meal.items)
        recipes = [i.ref for i in meal.items if i.kind == "recipe" and not i.locked]
        spec = _SlotSpec(fixed=locked, only_recipe=recipes[0] if recipes else None)
        if recipes and recipes[0] not in {o.ref for o in ctx.options[meal.slot]}:
            spec.only_recipe = None
        specs.append(spec)
    return _solve_with_fallback(ctx, specs, Counter(), set(), food_usage, [], 0, day_index, "rebalance")


def replace_day(plan: PlanResult, day_index: int, day: DayPlan) -> PlanResult:
    """The plan with one day swapped (for callers that keep the whole plan in memory)."""
    days = list(plan.days)
    days[day_index] = day
    return replace(plan, days=tuple(days))
