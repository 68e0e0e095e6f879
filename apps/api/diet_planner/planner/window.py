"""The variety window: what the plan's other days say about the day being solved."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from diet_planner.planner.model import DayPlan, PlanRequest

# A recipe at most twice in seven days and not on consecutive days; no two identical days.
WINDOW_DAYS = 7

Signature = frozenset[tuple[int, str]]  # (meal position, item ref) of every item of a day


@dataclass(frozen=True)
class Window:
    """The variety state of one day: recipe and food uses around it, its neighbours' recipes, the other days."""

    usage: Counter[str] = field(default_factory=Counter)  # recipe uses in the window (and the week before the plan)
    yesterday: frozenset[str] = frozenset()  # recipes of the days just before and after: not again
    food_usage: Counter[str] = field(default_factory=Counter)  # plain-food uses, for variety among the sides
    earlier_days: tuple[Signature, ...] = ()  # no day may be identical to one of these


def signature(day: DayPlan) -> Signature:
    return frozenset((pos, item.ref) for pos, meal in enumerate(day.meals) for item in meal.items)


def recipes_of(day: DayPlan) -> list[str]:
    return [item.ref for meal in day.meals for item in meal.items if item.kind == "recipe"]


def _foods_of(day: DayPlan) -> list[str]:
    return [item.ref for meal in day.meals for item in meal.items if item.kind == "food"]


def window_state(
    request: PlanRequest,
    days: Sequence[DayPlan | None],
    index: int,
    unseen: Sequence[int] = (),
    elsewhere: frozenset[str] = frozenset(),
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
            yesterday.update(recipes_of(neighbour))
    return Window(usage, frozenset(yesterday), food_usage, tuple(others))
