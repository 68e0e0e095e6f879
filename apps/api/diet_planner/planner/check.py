"""An independent checker of a plan: day totals recomputed from the raw USDA table and the plan's grams."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from diet_planner.nutrition.keys import NUTRIENT_KEYS
from diet_planner.planner.catalogue.schema import ingredient_grams, is_drink
from diet_planner.planner.model import DRINK_ROLES, MAX_ITEM_GRAMS, DayPlan, PlanRequest, PlanResult, food_groups
from diet_planner.planner.requirements import day_requirements
from diet_planner.planner.unknowns import upper_bound

# Rounding of displayed grams may move a total by a hair; a breach is a breach beyond this.
TOLERANCE = 1e-6


@dataclass(frozen=True)
class Breach:
    day: int | None
    rule: str  # "diet", "allergy", "excluded_food", "unknown_ingredient", "energy", "max:<key>", "variety" ...
    detail: str


@dataclass(frozen=True)
class Unmet:
    day: int
    nutrient: str
    amount: float
    target: float
    kind: str  # "min" or "max" (macro range)
    reported: bool  # listed in the day's shortfalls


@dataclass
class CheckReport:
    day_totals: list[dict[str, float]] = field(default_factory=list)
    breaches: list[Breach] = field(default_factory=list)
    # Variety rules (repeats, identical days, one protein twice a day): soft where the options run out.
    variety: list[Breach] = field(default_factory=list)
    unmet: list[Unmet] = field(default_factory=list)
    requirements_total: int = 0
    requirements_met: int = 0
    days_in_energy_band: int = 0
    distinct_items: int = 0  # recipes and plain foods


def _ingredient_breaches(day: int, ndb: str, where: str, request: PlanRequest) -> list[Breach]:
    rules = request.rules
    out: list[Breach] = []
    if ndb in rules.excluded_ndbs:
        out.append(Breach(day, "excluded_food", f"{where}: {ndb}"))
    if ndb not in request.nutrients:
        out.append(Breach(day, "unknown_food", f"{where}: {ndb} has no nutrient data"))
    info = request.catalogue.ingredients.get(ndb)
    if info is None:
        if rules.excluded_categories or rules.allergies:
            out.append(Breach(day, "unknown_ingredient", f"{where}: {ndb} has no category/allergen data"))
        return out
    for category in sorted(info.categories & rules.excluded_categories):
        out.append(Breach(day, "diet", f"{where}: {info.name} is {category}, excluded by {rules.diet}"))
    for allergen in sorted(info.allergens & rules.allergies):
        out.append(Breach(day, "allergy", f"{where}: {info.name} contains {allergen}"))
    return out


def _day_ingredients(
    day_index: int, day: DayPlan, request: PlanRequest, report: CheckReport
) -> list[tuple[str, float]]:
    """(NDB, grams) of everything eaten that day, with recipe items expanded by their grams."""
    recipes = {r.slug: r for r in request.catalogue.recipes}
    foods = {f.ndb: f for f in request.catalogue.plain_foods}
    eaten: list[tuple[str, float]] = []
    for meal in day.meals:
        for item in meal.items:
            where = f"{meal.slot} {item.name}"
            if item.grams < 0:
                report.breaches.append(Breach(day_index, "portion", f"{where}: negative grams"))
            if item.kind == "recipe":
                recipe = recipes.get(item.ref)
                if recipe is None or recipe.total_grams <= 0:
                    report.breaches.append(Breach(day_index, "unknown_recipe", where))
                    continue
                drink = is_drink(recipe)
                for allergen in sorted(recipe.allergens & request.rules.allergies):
                    report.breaches.append(Breach(day_index, "allergy", f"{where}: declared {allergen}"))
                for ndb, grams in ingredient_grams(recipe, item.grams):
                    report.breaches.extend(_ingredient_breaches(day_index, ndb, where, request))
                    eaten.append((ndb, grams))
            else:
                food = foods.get(item.ref)
                drink = food is not None and food.role in DRINK_ROLES
                report.breaches.extend(_ingredient_breaches(day_index, item.ref, where, request))
                eaten.append((item.ref, item.grams))
            if item.grams > MAX_ITEM_GRAMS + 0.5 and not drink:
                report.breaches.append(Breach(day_index, "portion", f"{where}: {item.grams:.0f} g"))
    return eaten


def _totals(eaten: list[tuple[str, float]], request: PlanRequest, upper: bool = False) -> dict[str, float]:
    """Day totals; an unknown value adds nothing (toward minima), or its upper bound with `upper` (limits)."""
    totals = dict.fromkeys(NUTRIENT_KEYS, 0.0)
    for ndb, grams in eaten:
        row = request.nutrients.get(ndb, {})
        for key in NUTRIENT_KEYS:
            value = row.get(key)
            if value is None and upper:
                value = upper_bound(ndb, row, key)
            if value is not None:
                totals[key] += float(value) * grams / 100.0
    return totals


def _check_variety(plan: PlanResult, request: PlanRequest, report: CheckReport) -> None:
    recipes = {r.slug: r for r in request.catalogue.recipes}
    # A planned leftover is the rest of a batch, not a repeat: only cooked dishes count.
    cooked = [
        [i.ref for m in d.meals for i in m.items if i.kind == "recipe" and i.leftover_of is None] for d in plan.days
    ]
    eaten = [[i.ref for m in d.meals for i in m.items if i.kind == "recipe"] for d in plan.days]
    per_day = cooked
    for start in range(max(1, len(per_day) - 6)):
        window = Counter(ref for day in per_day[start : start + 7] for ref in day)
        for ref, count in window.items():
            if count > 2:
                report.variety.append(Breach(None, "variety", f"{ref} {count} times in days {start + 1}-{start + 7}"))
    for i in range(1, len(per_day)):
        for ref in sorted(set(per_day[i]) & set(eaten[i - 1])):
            report.variety.append(Breach(i, "variety", f"{ref} on consecutive days"))
    signatures = [frozenset((m.slot, i.ref, i.quantity) for m in d.meals for i in m.items) for d in plan.days]
    for i, sig in enumerate(signatures):
        if sig in signatures[:i]:
            report.variety.append(Breach(i, "variety", "identical to an earlier day"))
    for i, day in enumerate(plan.days):
        proteins: dict[str, list[str]] = {}
        for meal in day.meals:
            if meal.slot not in ("lunch", "dinner"):
                continue
            for item in meal.items:
                recipe = recipes.get(item.ref) if item.kind == "recipe" else None
                if recipe is not None and recipe.main_protein:
                    proteins.setdefault(recipe.main_protein, []).append(meal.slot)
        for protein, slots in proteins.items():
            if len(slots) > 1:
                report.variety.append(Breach(i, "variety", f"{protein} at both lunch and dinner"))


def _check_leftovers(plan: PlanResult, request: PlanRequest, report: CheckReport) -> None:
    """A planned leftover points at an earlier meal of the plan that cooks the same recipe, within the days the
    dish keeps in the fridge."""
    keeps = {r.slug: r.keeps_days for r in request.catalogue.recipes}
    for index, day in enumerate(plan.days):
        for meal in day.meals:
            for item in meal.items:
                if item.leftover_of is None:
                    continue
                where = f"{meal.slot} {item.name}"
                source_day, source_pos = item.leftover_of
                if item.kind != "recipe" or not 0 <= source_day < index:
                    report.breaches.append(Breach(index, "leftover", f"{where}: no earlier day {source_day}"))
                    continue
                source = plan.days[source_day].meals
                if not 0 <= source_pos < len(source) or not any(
                    i.ref == item.ref and i.kind == "recipe" and i.leftover_of is None for i in source[source_pos].items
                ):
                    report.breaches.append(Breach(index, "leftover", f"{where}: day {source_day} does not cook it"))
                elif index - source_day > keeps.get(item.ref, 0):
                    report.breaches.append(Breach(index, "leftover", f"{where}: kept {index - source_day} days"))


def _meal_groups(items: list[tuple[str, float]], request: PlanRequest) -> set[str]:
    """Weekly-pattern groups of the ingredients a meal really holds (model.food_groups: red meat, fish, legumes,
    whole grains, olive oil, other fats)."""
    return set(food_groups((ndb for ndb, grams in items if grams > 0), request.catalogue))


def _check_week_pattern(plan: PlanResult, request: PlanRequest, report: CheckReport) -> None:
    """The diet's weekly pattern per 7-day block of the plan (a shorter block gets its share, rounded)."""
    rules = request.rules
    if not rules.weekly_max and not rules.weekly_min:
        return
    recipes = {r.slug: r for r in request.catalogue.recipes}
    meal_groups: list[list[set[str]]] = []
    for day in plan.days:
        groups_of_day: list[set[str]] = []
        for meal in day.meals:
            parts: list[tuple[str, float]] = []
            for item in meal.items:
                recipe = recipes.get(item.ref) if item.kind == "recipe" else None
                if recipe is not None:
                    parts.extend(ingredient_grams(recipe))
                elif item.kind == "food":
                    parts.append((item.ref, item.grams))
            groups_of_day.append(_meal_groups(parts, request))
        meal_groups.append(groups_of_day)
    for start in range(0, len(plan.days), 7):
        block = meal_groups[start : start + 7]
        share = len(block) / 7
        counts = Counter(group for day in block for groups in day for group in groups)
        span = f"days {start + 1}-{start + len(block)}"
        for group, limit in rules.weekly_max:
            if counts[group] > math.floor(limit * share + 0.5):
                report.breaches.append(Breach(None, f"weekly:{group}", f"{counts[group]} meals in {span}"))
        for group, least in rules.weekly_min:
            if counts[group] < math.floor(least * share + 0.5):
                report.breaches.append(Breach(None, f"weekly:{group}", f"{counts[group]} meals in {span}"))


def _check_cooking(plan: PlanResult, request: PlanRequest, report: CheckReport) -> None:
    """Each day's active cooking minutes (dishes cooked that day; leftovers cost none) within its budget."""
    minutes = {r.slug: r.active_minutes for r in request.catalogue.recipes}
    for index, day in enumerate(plan.days):
        budget = request.kitchen.budget(index)
        if budget is None:
            continue
        cooked = {i.ref for m in day.meals for i in m.items if i.kind == "recipe" and i.leftover_of is None}
        active = sum(minutes.get(ref, 0) for ref in cooked)
        if active > budget:
            report.breaches.append(Breach(index, "cooking_minutes", f"{active} active minutes above {budget}"))


def check_plan(request: PlanRequest, plan: PlanResult, variety: bool = True) -> CheckReport:
    req = day_requirements(request)
    report = CheckReport()
    items: set[str] = set()
    for index, day in enumerate(plan.days):
        if [m.slot for m in day.meals] != list(request.slots):
            report.breaches.append(Breach(index, "structure", "meals do not match meals_per_day"))
        for meal in day.meals:
            if not meal.items:
                report.breaches.append(Breach(index, "structure", f"{meal.slot} is empty"))
            items.update(f"{i.kind}:{i.ref}" for i in meal.items)
        eaten = _day_ingredients(index, day, request, report)
        totals = _totals(eaten, request)
        report.day_totals.append(totals)
        energy = totals["energy_kcal"]
        if req.energy_low_kcal - TOLERANCE <= energy <= req.energy_high_kcal + TOLERANCE:
            report.days_in_energy_band += 1
        else:
            report.breaches.append(
                Breach(
                    index, "energy", f"{energy:.0f} kcal outside {req.energy_low_kcal:.0f}-{req.energy_high_kcal:.0f}"
                )
            )
        at_most = _totals(eaten, request, upper=True)  # limits never count an unknown as 0
        for key, limit in req.hard_maxima.items():
            if at_most.get(key, 0.0) > limit * (1 + TOLERANCE):
                report.breaches.append(Breach(index, f"max:{key}", f"{at_most[key]:.1f} above {limit:g}"))
        if energy > 0 and 9.0 * at_most["saturated_fat_g"] >= req.saturated_fat_max_share * energy:
            share = 900.0 * at_most["saturated_fat_g"] / energy
            report.breaches.append(Breach(index, "saturated_fat", f"{share:.1f} % of energy"))
        if req.net_carbs_max_g is not None:
            net = totals["carbs_g"] - totals["fiber_g"]
            if net > req.net_carbs_max_g * (1 + TOLERANCE):
                report.breaches.append(Breach(index, "net_carbs", f"{net:.1f} g above {req.net_carbs_max_g:g}"))
        fat_share = request.rules.fat_share_min
        if fat_share is not None and energy > 0 and 9.0 * totals["fat_g"] < fat_share * energy * (1 - TOLERANCE):
            share = 900.0 * totals["fat_g"] / energy
            report.breaches.append(Breach(index, "fat_share", f"{share:.1f} % of energy from fat"))
        reported = {s.nutrient for s in day.shortfalls}
        for key, target in req.minima.items():
            report.requirements_total += 1
            amount = totals.get(key, 0.0)
            if amount >= target * (1 - TOLERANCE):
                report.requirements_met += 1
            else:
                report.unmet.append(Unmet(index, key, amount, target, "min", key in reported))
        for key, limit in req.soft_maxima.items():
            report.requirements_total += 1
            amount = totals.get(key, 0.0)
            if amount <= limit * (1 + TOLERANCE):
                report.requirements_met += 1
            else:
                report.unmet.append(Unmet(index, key, amount, limit, "max", False))
    if variety:
        _check_variety(plan, request, report)
    _check_leftovers(plan, request, report)
    _check_week_pattern(plan, request, report)
    _check_cooking(plan, request, report)
    report.distinct_items = len(items)
    return report
