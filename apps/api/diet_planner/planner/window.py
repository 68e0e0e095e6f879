"""The variety window: what the plan's other days say about the day being solved (and the leftovers they left)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from diet_planner.planner.model import SLOT_LAYOUTS, DayPlan, PlanItem, PlanRequest, food_groups, recipe_groups

# A recipe at most twice in seven days and not on consecutive days; no two identical days.
WINDOW_DAYS = 7
# Batch cooking: one batch feeds at most this many later meals (so four meals of one dish at most).
BATCH_LEFTOVER_MEALS = 3
# Where the rest of a batch may be eaten: a breakfast at a later breakfast, lunch and dinner at either.
LEFTOVER_SLOTS: Mapping[str, frozenset[str]] = {
    "breakfast": frozenset({"breakfast"}),
    "lunch": frozenset({"lunch", "dinner"}),
    "dinner": frozenset({"lunch", "dinner"}),
    "snack": frozenset({"snack"}),
}

Signature = frozenset[tuple[int, str]]  # (meal position, item ref) of every item of a day


@dataclass(frozen=True)
class Leftover:
    """The rest of a batch cooked on day `day` at meal `pos`, which this day may eat at the meals `into`."""

    ref: str
    day: int
    pos: int
    into: frozenset[int]
    # Meals of the batch a later day may still eat if this day eats none (0: it will not keep another day).
    left_after: int = 0


@dataclass(frozen=True)
class Window:
    """The variety state of one day: recipe and food uses around it, its neighbours' recipes, the other days."""

    usage: Counter[str] = field(default_factory=Counter)  # recipe cookings in the window (and the week before)
    yesterday: frozenset[str] = frozenset()  # recipes eaten the days just before and after: not cooked again
    food_usage: Counter[str] = field(default_factory=Counter)  # plain-food uses, for variety among the sides
    earlier_days: tuple[Signature, ...] = ()  # no day may be identical to one of these
    leftovers: tuple[Leftover, ...] = ()  # batches cooked earlier that this day may eat from
    # A week's pattern (DietRules.weekly_max / weekly_min): meals of each group still allowed, still needed.
    group_room: Mapping[str, int] = field(default_factory=dict)
    group_needed: Mapping[str, int] = field(default_factory=dict)
    cooking_budget: int | None = None  # active cooking minutes the day may take (None: no limit)
    # A batch cook's next day is planned after this one, on a budget: leave it a lunch or dinner to eat (day.py).
    pace: bool = False
    # Recipes the next day cooks, when it was planned first (the other half's first day): their batches are not
    # eaten today, or the dish would be on the table two days running.
    cooked_tomorrow: frozenset[str] = frozenset()


def signature(day: DayPlan) -> Signature:
    return frozenset((pos, item.ref) for pos, meal in enumerate(day.meals) for item in meal.items)


def is_cooked(item: PlanItem) -> bool:
    """A recipe made at this meal (not the rest of an earlier batch)."""
    return item.kind == "recipe" and item.leftover_of is None


def recipes_of(day: DayPlan) -> list[str]:
    """The recipes cooked on the day (planned leftovers are eaten, not cooked: they are not repeats)."""
    return [item.ref for meal in day.meals for item in meal.items if is_cooked(item)]


def eaten_recipes(day: DayPlan) -> list[str]:
    return [item.ref for meal in day.meals for item in meal.items if item.kind == "recipe"]


def _foods_of(day: DayPlan) -> list[str]:
    return [item.ref for meal in day.meals for item in meal.items if item.kind == "food"]


def _leftovers(request: PlanRequest, days: Sequence[DayPlan | None], index: int) -> tuple[Leftover, ...]:
    """Batches cooked before day `index` (visible in `days`) that it may still eat, by the person's leftovers
    setting: "some" = last night's dinner at today's lunch; "batch" = any batch within its fridge life."""
    mode = request.kitchen.leftovers
    if mode == "never" or index == 0:
        return ()
    slots = SLOT_LAYOUTS[request.meals_per_day]
    # Only a dish worth batch-cooking leaves leftovers (a salad, a fried egg or a bowl of cereal is made fresh).
    keeps = {r.slug: r.keeps_days for r in request.catalogue.recipes if r.batchable}
    eaten_from: Counter[tuple[int, int]] = Counter()
    for j, day in enumerate(days):
        if day is None or j == index:
            continue
        for meal in day.meals:
            for item in meal.items:
                if item.leftover_of is not None:
                    eaten_from[item.leftover_of] += 1
    found: dict[str, Leftover] = {}
    for j in range(max(0, index - WINDOW_DAYS), index):
        day = days[j]
        if day is None:
            continue
        for pos, meal in enumerate(day.meals):
            for item in meal.items:
                if not is_cooked(item) or keeps.get(item.ref, 0) < index - j:
                    continue
                if mode == "some":
                    if j != index - 1 or meal.slot != "dinner" or eaten_from[(j, pos)] >= 1:
                        continue
                    into = frozenset(p for p, s in enumerate(slots) if s == "lunch")
                else:
                    if eaten_from[(j, pos)] >= BATCH_LEFTOVER_MEALS:
                        continue
                    wanted = LEFTOVER_SLOTS.get(meal.slot, frozenset())
                    into = frozenset(p for p, s in enumerate(slots) if s in wanted)
                if into:
                    left = BATCH_LEFTOVER_MEALS - eaten_from[(j, pos)] if mode == "batch" else 0
                    left_after = left if j + keeps[item.ref] >= index + 1 else 0
                    found[item.ref] = Leftover(item.ref, j, pos, into, left_after)  # the latest batch of a recipe
    return tuple(found.values())


def _group_state(
    request: PlanRequest, days: Sequence[DayPlan | None], index: int, own: range | None
) -> tuple[dict[str, int], dict[str, int]]:
    """Meals of each weekly group still allowed (`weekly_max`) and still needed (`weekly_min`) in the 7-day block
    of day `index`, counting the days in view. `own`: the days this solve plans (half a week when two halves are
    planned at once); each half keeps to its share of the week's counts."""
    rules = request.rules
    if not rules.weekly_max and not rules.weekly_min:
        return {}, {}
    recipes = {r.slug: r for r in request.catalogue.recipes}
    block = range(index - index % WINDOW_DAYS, min(len(days), index - index % WINDOW_DAYS + WINDOW_DAYS))
    scope = [j for j in block if own is None or j in own]
    share = len(scope) / WINDOW_DAYS
    counts: Counter[str] = Counter()
    for j in scope:
        day = days[j]
        if j == index or day is None:
            continue
        for meal in day.meals:
            groups: set[str] = set()
            for item in meal.items:
                if item.kind == "recipe" and item.ref in recipes:
                    groups |= recipe_groups(recipes[item.ref], request.catalogue)
                elif item.kind == "food":
                    groups |= food_groups((item.ref,), request.catalogue)
            counts.update(groups)
    room = {group: max(0, math.floor(limit * share + 0.5) - counts[group]) for group, limit in rules.weekly_max}
    needed = {group: max(0, math.floor(least * share + 0.5) - counts[group]) for group, least in rules.weekly_min}
    # Days of the block still to plan in this scope, this one included: a need due today when none are left after.
    left = sum(1 for j in scope if j >= index and (j == index or days[j] is None))
    needed = {group: n if n >= left else 0 for group, n in needed.items()}
    return room, needed


def window_state(
    request: PlanRequest,
    days: Sequence[DayPlan | None],
    index: int,
    unseen: Sequence[int] = (),
    elsewhere: frozenset[str] = frozenset(),
    own: range | None = None,
) -> Window:
    """The window around day `index` of `days` (None: not planned yet).
    `unseen`: days being planned at the same time by the other half of the week (see horizon.py); when one
    is in the window, the recipes of that half's pile, `elsewhere`, count as used up here."""
    usage: Counter[str] = Counter()
    food_usage: Counter[str] = Counter()
    if index < WINDOW_DAYS:
        usage.update(dict(request.history))
    if any(abs(j - index) < WINDOW_DAYS for j in unseen):
        usage.update(dict.fromkeys(elsewhere, 2))
    others: list[Signature] = []
    for j, day in enumerate(days):
        if day is None or j == index:
            continue
        others.append(signature(day))
        if abs(j - index) < WINDOW_DAYS:
            usage.update(recipes_of(day))
            food_usage.update(_foods_of(day))
    yesterday: set[str] = set()
    for j in (index - 1, index + 1):
        neighbour = days[j] if 0 <= j < len(days) else None
        if neighbour is not None:
            yesterday.update(eaten_recipes(neighbour))
    room, needed = _group_state(request, days, index, own)
    following = index + 1
    tomorrow = days[following] if following < len(days) else None
    pace = (
        request.kitchen.leftovers == "batch"
        and following < len(days)
        and days[following] is None
        and following not in unseen
        and request.kitchen.budget(following) is not None
    )
    return Window(
        usage,
        frozenset(yesterday),
        food_usage,
        tuple(others),
        _leftovers(request, days, index),
        room,
        needed,
        request.kitchen.budget(index),
        pace,
        frozenset(recipes_of(tomorrow)) if tomorrow is not None else frozenset(),
    )


def settle_leftovers(request: PlanRequest, days: list[DayPlan]) -> list[int]:
    """Every planned leftover made to point at a meal that cooks its recipe within its fridge life: a link an edit
    broke goes to another such meal, or, with none, the dish is cooked where it is eaten (never a dangling link).
    Returns the indices of the days changed (in place)."""
    keeps = {r.slug: r.keeps_days for r in request.catalogue.recipes}
    changed: list[int] = []
    for index, day in enumerate(days):
        meals = list(day.meals)
        touched = False
        for m, meal in enumerate(meals):
            items = list(meal.items)
            for k, item in enumerate(items):
                if item.leftover_of is None:
                    continue
                if _cooks(days, item.leftover_of, item.ref) and 0 < index - item.leftover_of[0] <= keeps.get(
                    item.ref, 0
                ):
                    continue
                source = next(
                    (
                        (j, pos)
                        for j in range(index - 1, max(-1, index - 1 - keeps.get(item.ref, 0)), -1)
                        for pos in range(len(days[j].meals))
                        if _cooks(days, (j, pos), item.ref)
                    ),
                    None,
                )
                items[k] = replace(item, leftover_of=source)
                touched = True
            meals[m] = replace(meal, items=tuple(items))
        if touched:
            days[index] = replace(day, meals=tuple(meals))
            changed.append(index)
    return changed


def _cooks(days: Sequence[DayPlan], at: tuple[int, int], ref: str) -> bool:
    day, pos = at
    if not 0 <= day < len(days) or not 0 <= pos < len(days[day].meals):
        return False
    return any(is_cooked(i) and i.ref == ref for i in days[day].meals[pos].items)
