"""Planned leftovers and the week's cooking through the API: a person who batch-cooks sees which meals are the
rest of which batch, cooks each batch once (minutes and shopping), and edits never leave a leftover dangling."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from diet_planner.planner.catalogue import load_catalogue
from diet_planner.planner.catalogue.schema import ASSEMBLED_MAX_MINUTES
from tests.plans.test_plans_api import PROFILE

BATCH = {**PROFILE, "leftovers": "batch", "cooking_minutes_weekday": 20, "cooking_minutes_weekend": 60}


def _plan(client: TestClient, headers: dict[str, str], profile: dict[str, Any]) -> dict[str, Any]:
    assert client.put("/api/profile", json=profile, headers=headers).status_code == 200
    # 2026-01-05 is a Monday: days 0-4 are weekdays with a 20-minute budget.
    response = client.post("/api/plans", json={"days": 4, "seed": 3, "start_date": "2026-01-05"}, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


def _leftovers(plan: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any], dict[str, Any]]]:
    return [
        (day, meal, item)
        for day in plan["days"]
        for meal in day["meals"]
        for item in meal["items"]
        if item["leftover_of"] is not None
    ]


def _assert_links_hold(plan: dict[str, Any]) -> None:
    meals = {meal["id"]: (day, meal) for day in plan["days"] for meal in day["meals"]}
    for day, _, item in _leftovers(plan):
        link = item["leftover_of"]
        source_day, source_meal = meals[link["meal_id"]]
        assert (source_day["date"], source_meal["slot"]) == (link["date"], link["slot"])
        assert link["date"] < day["date"]
        assert any(i["source_id"] == item["source_id"] and i["leftover_of"] is None for i in source_meal["items"])


def test_batch_cooking_plan_shows_leftovers_and_cooks_each_batch_once(
    client: TestClient, auth_headers: dict[str, str]
) -> None:
    plan = _plan(client, auth_headers, BATCH)
    leftovers = _leftovers(plan)
    assert leftovers, "a batch cook's plan eats some batches again"
    _assert_links_hold(plan)
    first = leftovers[0][2]["leftover_of"]
    # Enough for "Leftovers from Monday's dinner".
    assert date.fromisoformat(first["date"]).strftime("%A") in {"Monday", "Tuesday", "Wednesday", "Thursday"}
    recipes = {recipe.slug: recipe for recipe in load_catalogue().recipes}
    for day, sessions in zip(plan["days"], plan["cooking_sessions"], strict=True):
        cooked = {
            i["source_id"]
            for m in day["meals"]
            for i in m["items"]
            if i["source"] == "recipe" and i["leftover_of"] is None
        }
        # Leftover meals cost no cooking minutes; a weekday keeps to its 20 minutes, or its notes say why not.
        assert day["cooking_minutes"] == sum(recipes[slug].active_minutes for slug in cooked)
        assert day["cooking_minutes"] <= 20 or any("cooking-time budget" in note for note in day["notes"])
        assert sessions["date"] == day["date"] and sessions["active_minutes"] == day["cooking_minutes"]
        # A bowl of cereal is listed but is no cooking session.
        assert sessions["sessions"] == len({dish["meal_id"] for dish in sessions["dishes"] if not dish["assembled"]})
        for dish in sessions["dishes"]:
            assert dish["assembled"] == (dish["total_minutes"] <= ASSEMBLED_MAX_MINUTES)
    # Each batch is cooked once, in the servings of every meal it feeds.
    fed = [dish for sessions in plan["cooking_sessions"] for dish in sessions["dishes"] if dish["leftovers_for"]]
    assert fed
    eaten = {i["id"]: i for _, _, i in leftovers}
    for dish in fed:
        later = [i for i in eaten.values() if i["leftover_of"]["meal_id"] == dish["meal_id"]]
        assert len(later) == len(dish["leftovers_for"])
    # The grocery list buys what is eaten: a batch's grams once, not once per meal.
    grocery = client.get(f"/api/plans/{plan['id']}/grocery-list", headers=auth_headers).json()["items"]
    assert grocery


def test_regenerating_a_cooking_day_leaves_no_dangling_leftover(
    client: TestClient, auth_headers: dict[str, str]
) -> None:
    plan = _plan(client, auth_headers, BATCH)
    leftovers = _leftovers(plan)
    assert leftovers
    cooking_date = leftovers[0][2]["leftover_of"]["date"]
    response = client.post(f"/api/plans/{plan['id']}/days/{cooking_date}/regenerate", headers=auth_headers)
    assert response.status_code == 200, response.text
    _assert_links_hold(response.json())
    again = client.get(f"/api/plans/{plan['id']}", headers=auth_headers).json()
    _assert_links_hold(again)


def test_never_means_every_meal_cooked_fresh(client: TestClient, auth_headers: dict[str, str]) -> None:
    plan = _plan(client, auth_headers, {**PROFILE, "leftovers": "never"})
    assert _leftovers(plan) == []
    assert all(not dish["leftovers_for"] for s in plan["cooking_sessions"] for dish in s["dishes"])


def test_meal_titles_name_the_dish_and_list_sides_and_drinks_apart(
    client: TestClient, auth_headers: dict[str, str]
) -> None:
    plan = _plan(client, auth_headers, {**PROFILE, "leftovers": "never"})
    for day in plan["days"]:
        for meal in day["meals"]:
            dish = next((i for i in meal["items"] if i["source"] == "recipe"), None)
            if dish is None:
                continue
            assert meal["title"] == dish["name"]
            others = [i["name"] for i in meal["items"] if i is not dish]
            assert sorted(meal["sides"] + meal["drinks"]) == sorted(others)
            assert not any("milk" in side.lower() or "juice" in side.lower() for side in meal["sides"])
