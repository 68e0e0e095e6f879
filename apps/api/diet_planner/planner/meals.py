"""One meal of the day model: its columns, and the rows that make it a meal a cook would serve."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from diet_planner.planner.lp import INF, Lp
from diet_planner.planner.model import DRINK_ROLES, PlanInfeasible, PlanItem
from diet_planner.planner.options import Context, Option, item_vector, side_roles
from diet_planner.planner.window import Window

# Costs of the choices themselves, small beside any nutrient price (day.py): they only break ties.
W_RECIPE_YESTERDAY = 80.0
W_RECIPE_OVERUSED = 300.0
W_RECIPE_USED = 0.5  # per earlier use in the week
W_SIDE = 0.15
W_STEP = 0.01
NOISE_RECIPE = 0.5
NOISE_FOOD = 0.1
MAX_SIDES = 3  # plain foods beside a main meal's recipe
# The rest of an earlier batch costs less than cooking afresh, by how much the person likes leftovers; it still
# gives way to a nutrient a fresh dish would bring (a 1 % shortfall costs about 10).
W_LEFTOVER = {"never": 0.0, "some": 3.0, "batch": 20.0}
# Cooking a dish that does not keep, when the person likes leftovers: a meal that feeds no later one.
W_NO_BATCH = {"never": 0.0, "some": 1.0, "batch": 10.0}
# A batch cook would rather not cook at every meal: each dish cooked costs this much (a snack of plain foods or the
# rest of a batch costs nothing).
W_COOK = {"never": 0.0, "some": 0.0, "batch": 15.0}

Noise = Mapping[tuple[int, str], float]  # seeded cost noise per (meal position, option ref)


@dataclass
class SlotSpec:
    """What may change in one meal of the day being solved."""

    fixed: list[PlanItem] = field(default_factory=list)  # constants, kept with their grams
    frozen: bool = False  # nothing but `fixed`
    only_recipe: str | None = None  # rebalance: this recipe, servings free
    forbid: set[str] = field(default_factory=set)  # refs not to choose (regenerate a meal)


@dataclass(frozen=True)
class Column:
    """An option in the model: `taken` (binary) and `steps` (integer k of base + step·k, -1 for one size)."""

    taken: int
    steps: int
    option: Option
    pos: int  # the meal's position in the day


def _meal_options(
    ctx: Context,
    pos: int,
    spec: SlotSpec,
    window: Window,
    day_fixed: set[str],
    allowed: set[str] | None,
    strict_variety: bool,
) -> tuple[list[Option], list[Option]]:
    """The recipes and plain foods this meal may still take, beside what it keeps."""
    slot = ctx.slots[pos]
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
        fresh = [o for o in recipe_opts if o.ref not in window.yesterday and window.usage[o.ref] < 2]
        if len(fresh) >= 2 or (fresh and slot != "snack"):
            recipe_opts = fresh
    food_opts = [o for o in opts if o.kind == "food" and o.role not in fixed_roles]
    if slot != "snack":
        for item in spec.fixed:
            kept = ctx.recipes.get(item.ref) if item.kind == "recipe" else None
            if kept is not None:
                roles = side_roles(kept, ctx.request, item_vector(replace(item, grams=kept.grams_per_serving), ctx))
                kept_opt = ctx.recipe_options.get(kept.slug)
                held = {i.ndb for i in kept.ingredients} | (kept_opt.bases if kept_opt is not None else set())
                food_opts = [o for o in food_opts if o.role in roles and o.ref not in held and not o.bases & held]
    if slot == "snack" and fixed_recipe:
        food_opts = []
    if allowed is not None:
        recipe_opts = [o for o in recipe_opts if o.ref in allowed]
        food_opts = [o for o in food_opts if o.ref in allowed]
    if not fixed_recipe and not (slot == "snack" and fixed_foods):
        recipe_opts += _leftover_options(ctx, pos, spec, window, day_fixed)
    return _kitchen_filter(recipe_opts, window, slot), food_opts


def _leftover_options(ctx: Context, pos: int, spec: SlotSpec, window: Window, day_fixed: set[str]) -> list[Option]:
    """The rest of batches cooked on earlier days that this meal may eat: the recipe's option, no cooking."""
    found: list[Option] = []
    for lo in window.leftovers:
        opt = ctx.recipe_options.get(lo.ref)
        if opt is None or pos not in lo.into or lo.ref in spec.forbid or lo.ref in day_fixed | window.cooked_tomorrow:
            continue
        if spec.only_recipe is not None and spec.only_recipe != lo.ref:
            continue
        found.append(replace(opt, leftover_of=(lo.day, lo.pos), active_minutes=0))
    return found


def _kitchen_filter(recipe_opts: list[Option], window: Window, slot: str) -> list[Option]:
    """Recipes over the day's cooking budget, and of a weekly group with no room left (red meat twice a week in
    the mediterranean pattern), dropped while others remain."""
    budget = window.cooking_budget
    if budget is not None:
        quick = [o for o in recipe_opts if o.active_minutes <= budget]
        if quick or slot == "snack":
            recipe_opts = quick
    for group, room in window.group_room.items():
        if room <= 0:
            kept = [o for o in recipe_opts if group not in o.groups]
            if kept or slot == "snack":
                recipe_opts = kept
    return recipe_opts


def _add_columns(lp: Lp, pos: int, options: list[Option], costs: list[float]) -> list[Column]:
    cols: list[Column] = []
    for opt, cost in zip(options, costs, strict=True):
        taken = lp.col(cost, 0, 1, True)
        steps = lp.col(W_STEP, 0, opt.k_max, True) if opt.k_max > 0 else -1
        if steps >= 0:
            lp.row(-INF, 0, [steps, taken], [1.0, -float(opt.k_max)])  # no steps unless taken
        cols.append(Column(taken, steps, opt, pos))
    return cols


def _recipe_cost(opt: Option, pos: int, window: Window, noise: Noise, leftovers: str, bonus: float = 0.0) -> float:
    if opt.leftover_of is not None:
        return NOISE_RECIPE * noise.get((pos, opt.ref), 0.0) - W_LEFTOVER.get(leftovers, 0.0)
    # A recipe already in the week costs a little more, so ties go to one not eaten yet; a preferred one less.
    cost = NOISE_RECIPE * noise.get((pos, opt.ref), 0.0) + W_RECIPE_USED * window.usage[opt.ref] - bonus
    if opt.ref in window.yesterday:
        cost += W_RECIPE_YESTERDAY
    if window.usage[opt.ref] >= 2:
        cost += W_RECIPE_OVERUSED
    if not opt.cooked:
        return cost  # assembled at the table: no cooking session, nothing to batch
    if not opt.batchable:
        cost += W_NO_BATCH.get(leftovers, 0.0)
    return cost + W_COOK.get(leftovers, 0.0)


def _composition_rows(lp: Lp, slot: str, spec: SlotSpec, recipes: list[Column], foods: list[Column]) -> None:
    """How many recipes and plain foods the meal holds."""
    ys = [c.taken for c in recipes]
    zs = [c.taken for c in foods]
    fixed_recipe = any(i.kind == "recipe" for i in spec.fixed)
    fixed_foods = sum(1 for i in spec.fixed if i.kind == "food")
    side_room = max(0, MAX_SIDES - fixed_foods)
    if slot == "snack":
        if fixed_recipe:
            return
        if fixed_foods:
            lp.at_most(zs, side_room)
            return
        # One snack recipe, or one or two plain foods of which one is more than a drink or a spread
        # (no coffee alone, no spoonful of peanut butter).
        eats = [c.taken for c in foods if c.option.role not in DRINK_ROLES | {"fat"}]
        lp.row(1, INF, ys + eats, [1.0] * (len(ys) + len(eats)))
        lp.row(-INF, 2, ys + zs, [2.0] * len(ys) + [1.0] * len(zs))
        return
    if not fixed_recipe:
        if not ys:
            raise PlanInfeasible(f"no {slot} recipe is left to choose", [f"slot:{slot}"])
        lp.row(1, 1, ys, [1.0] * len(ys))
    lp.at_most(zs, side_room)


def _side_rows(lp: Lp, slot: str, spec: SlotSpec, recipes: list[Column], foods: list[Column]) -> None:
    """Which plain foods may sit beside which recipe, at most one of each role, and one glass to drink."""
    if slot != "snack" and not any(i.kind == "recipe" for i in spec.fixed):
        # A side of a role only beside a recipe that leaves room for it (an egg with oatmeal, never a turkey
        # breast beside a pork chop or a packet of oatmeal beside pancakes).
        for role in ("protein", "grain"):
            role_z = [c.taken for c in foods if c.option.role == role]
            hosts = [c.taken for c in recipes if role in c.option.side_roles]
            if role_z:
                lp.row(-INF, 0, role_z + hosts, [1.0] * len(role_z) + [-1.0] * len(hosts))
    if slot != "snack":
        # No side that the dish already holds, nor its base cooked another way (steamed broccoli beside a broccoli
        # stir-fry, steamed cauliflower beside cauliflower rice).
        holders_of: dict[str, list[int]] = {}
        for c in recipes:
            for key in c.option.ingredients | c.option.bases:
                holders_of.setdefault(key, []).append(c.taken)
        for c in foods:
            holders = sorted({h for key in (c.option.ref, *c.option.bases) for h in holders_of.get(key, [])})
            if holders:
                lp.at_most([c.taken, *holders], 1)
    by_role: dict[str, list[int]] = {}
    for c in foods:
        by_role.setdefault(c.option.role, []).append(c.taken)
    glasses = [c.taken for c in foods if c.option.glass]  # juice and milk are two roles, one glass
    for cols in (*by_role.values(), glasses):
        if len(cols) > 1:
            lp.at_most(cols, 1)


def add_meal(
    lp: Lp,
    ctx: Context,
    pos: int,
    spec: SlotSpec,
    window: Window,
    noise: Noise,
    day_fixed: set[str],
    allowed: set[str] | None,
    strict_variety: bool,
) -> list[Column]:
    """The meal's columns (recipes first, then plain foods) and its rows; none for a frozen meal."""
    if spec.frozen:
        return []
    slot = ctx.slots[pos]
    recipe_opts, food_opts = _meal_options(ctx, pos, spec, window, day_fixed, allowed, strict_variety)
    mode, bonus = ctx.request.kitchen.leftovers, ctx.request.recipe_bonus
    costs = [_recipe_cost(o, pos, window, noise, mode, bonus.get(o.ref, 0.0)) for o in recipe_opts]
    recipes = _add_columns(lp, pos, recipe_opts, costs)
    food_costs = [W_SIDE + NOISE_FOOD * noise.get((pos, o.ref), 0.0) for o in food_opts]
    foods = _add_columns(lp, pos, food_opts, food_costs)
    _composition_rows(lp, slot, spec, recipes, foods)
    _side_rows(lp, slot, spec, recipes, foods)
    return recipes + foods
