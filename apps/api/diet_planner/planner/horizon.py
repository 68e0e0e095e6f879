"""The multi-day horizon: days planned in order, a week in two halves at once, identical days planned again."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from diet_planner.planner.meals import SlotSpec
from diet_planner.planner.model import DayPlan
from diet_planner.planner.options import Context
from diet_planner.planner.search import day_rng, solve_with_fallback
from diet_planner.planner.window import eaten_recipes, recipes_of, settle_leftovers, signature, window_state

# From this many days a plan is made in two halves at once, on two HiGHS workers (one half of two days gains nothing).
PARALLEL_MIN_DAYS = 3


def _plan_days(
    ctx: Context,
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
            window = window_state(ctx.request, view, index, unseen, elsewhere, own)
            specs = [SlotSpec() for _ in ctx.slots]
            day = solve_with_fallback(ctx, specs, window, ctx.request.seed, index)
            view[index] = days[index] = day
            if first_done is not None:
                first_done.set()
    finally:
        if first_done is not None:
            first_done.set()  # never leave the other half waiting, even on an error


def _split_recipes(ctx: Context, seed: int) -> tuple[frozenset[str], frozenset[str]]:
    """Each meal's recipes dealt at random into two piles, one for each half of the week: a half takes the other
    half's recipes only when its own run out, so the halves, which cannot see each other, keep to twice a week."""
    rng = day_rng(seed, -1, "halves")
    piles: tuple[set[str], set[str]] = (set(), set())
    dealt = 0
    for slot in sorted(ctx.options):
        refs = sorted({o.ref for o in ctx.options[slot] if o.kind == "recipe"} - piles[0] - piles[1])
        rng.shuffle(refs)
        for ref in refs:
            piles[dealt % 2].add(ref)
            dealt += 1
    return frozenset(piles[0]), frozenset(piles[1])


def _needs_mending(ctx: Context, days: list[DayPlan], index: int) -> bool:
    """A day the halves could not judge: identical to an earlier day, sharing a recipe with the day before, or
    holding a recipe that the whole week now has more than twice (a half saw only its own days)."""
    mine = signature(days[index])
    if any(signature(day) == mine for day in days[:index]):
        return True
    recipes = recipes_of(days[index])
    if set(eaten_recipes(days[index - 1])) & set(recipes):
        return True
    window = window_state(ctx.request, days, index)
    return any(window.usage[ref] >= 2 for ref in recipes)


def _mend_days(ctx: Context, days: list[DayPlan]) -> None:
    """The halves of the week could not see each other's days, and a day whose limits left no fresh dish may
    have repeated one: such a day is planned again, seeing every other day."""
    for index in range(1, len(days)):
        if not _needs_mending(ctx, days, index):
            continue
        # The batches later days eat as leftovers stay: mending a day must not take their dinner away.
        fed = {item.leftover_of for day in days[index + 1 :] for meal in day.meals for item in meal.items}
        specs = [
            SlotSpec(fixed=[i for i in meal.items if (index, pos) in fed and i.kind == "recipe" and not i.leftover_of])
            for pos, meal in enumerate(days[index].meals)
        ]
        days[index] = solve_with_fallback(
            ctx, specs, window_state(ctx.request, days, index), ctx.request.seed, index, "mend"
        )


def _second_half_start(ctx: Context) -> int:
    """The first day of the week's second half. It cannot see the first half, so it starts with no batch to eat
    from and cooks every meal: for a batch cook, on the day of the two nearest the middle with the most cooking
    time (a weekend day where one is there). Never further out: the plan takes as long as its longer half, and
    a Saturday start made a Monday plan's halves five days and two (a third longer)."""
    count, kitchen = ctx.request.days, ctx.request.kitchen
    half = (count + 1) // 2
    if kitchen.leftovers != "batch":
        return half
    near = range(max(1, half - 1), min(count - 1, half) + 1)
    return max(near, key=lambda i: (kitchen.budget(i) is None, kitchen.budget(i) or 0, -abs(i - half), -i))


def plan_days(ctx: Context) -> list[DayPlan]:
    """Every day of the request, by a rolling horizon: each day sees the days planned before it."""
    count = ctx.request.days
    days: list[DayPlan | None] = [None] * count
    if count < PARALLEL_MIN_DAYS:
        _plan_days(ctx, days, range(count))
    else:
        # Two halves of the week at once, their MILPs in two worker processes. Each half cooks from its own pile
        # of recipes (twice a week at most, as ever); the first half's last day sees the second half's first day,
        # so no recipe runs on both.
        half = _second_half_start(ctx)
        first, second = range(half), range(half, count)
        recipes_first, recipes_second = _split_recipes(ctx, ctx.request.seed)
        second_started = threading.Event()
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="plan-half") as pool:
            later = pool.submit(_plan_days, ctx, days, second, first, second_started, elsewhere=recipes_first)
            _plan_days(ctx, days, first, second, tomorrow_ready=second_started, elsewhere=recipes_second)
            later.result()
    done = [d for d in days if d is not None]
    _mend_days(ctx, done)
    settle_leftovers(ctx.request, done)  # a mended day may no longer cook what a later day eats as its leftovers
    return done
