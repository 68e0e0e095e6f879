"""Meal plans through the HTTP API, checked black-box against the USDA data served by the API itself."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from diet_planner.foods import service as foods
from diet_planner.planner.catalogue import load_catalogue
from diet_planner.plans.models import PlanDay, PlanItem, PlanMeal

PROFILE: dict[str, Any] = {
    "sex": "female",
    "birth_date": "1994-05-01",
    "height_cm": 165,
    "weight_kg": 62,
    "activity_level": "moderate",
    "goal": "maintain",
    "rate_kg_per_week": 0,
    "diet": "omnivore",
    "allergies": [],
    "excluded_food_ids": [],
    "meals_per_day": 4,
    "units": "metric",
    "life_stage": "none",
}


def _profile(client: TestClient, headers: dict[str, str], **changes: Any) -> None:
    response = client.put("/api/profile", json={**PROFILE, **changes}, headers=headers)
    assert response.status_code == 200, response.text


def _create(client: TestClient, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    response = client.post("/api/plans", json={"days": 2, "seed": 7, **body}, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


class Nutrition:
    """Recomputes what a plan item provides from the API's own food and recipe reads (not the plan's numbers)."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.cache: dict[str, Any] = {}

    def _get(self, path: str) -> Any:
        if path not in self.cache:
            response = self.client.get(path)
            assert response.status_code == 200, response.text
            self.cache[path] = response.json()
        return self.cache[path]

    def ingredients(self, item: dict[str, Any]) -> list[tuple[dict[str, Any], float]]:
        """(food detail, grams eaten) of each ingredient of a plan item."""
        if item["source"] == "recipe":
            recipe = self._get(f"/api/recipes/{item['food_id']}")
            return [
                (
                    self._get(f"/api/foods/{ingredient['food_id']}"),
                    ingredient["grams"] * item["quantity"] / recipe["servings"],
                )
                for ingredient in recipe["ingredients"]
            ]
        return [(self._get(f"/api/foods/{item['food_id']}"), item["grams"])]

    def day_total(self, day: dict[str, Any], key: str) -> float:
        total = 0.0
        for meal in day["meals"]:
            for item in meal["items"]:
                for food, grams in self.ingredients(item):
                    value = food["nutrients"].get(key)
                    total += (value or 0.0) * grams / 100
        return total


def test_plan_needs_a_profile(client: TestClient, auth_headers: dict[str, str]) -> None:
    response = client.post("/api/plans", json={"days": 1}, headers=auth_headers)
    assert response.status_code == 409
    assert "profile" in response.json()["detail"].lower()


def test_plan_shape_energy_band_and_portions(client: TestClient, auth_headers: dict[str, str]) -> None:
    _profile(client, auth_headers)
    start = date(2026, 12, 1)
    plan = _create(client, auth_headers, days=3, start_date=start.isoformat())
    assert plan["start_date"] == start.isoformat()
    assert [d["date"] for d in plan["days"]] == [(start + timedelta(days=i)).isoformat() for i in range(3)]
    # The plan carries the targets it was made for, field for field as GET /api/targets gives them.
    assert plan["targets"] == client.get("/api/targets", headers=auth_headers).json()
    energy = plan["targets"]["energy_kcal"]
    nutrition = Nutrition(client)
    for day in plan["days"]:
        assert [m["slot"] for m in day["meals"]] == ["breakfast", "lunch", "dinner", "snack"]
        recomputed = nutrition.day_total(day, "energy_kcal")
        assert abs(recomputed - energy) <= 0.05 * energy + 1, (recomputed, energy)
        assert nutrition.day_total(day, "sodium_mg") <= 2300 + 1
        for meal in day["meals"]:
            assert meal["items"], meal
            for item in meal["items"]:
                assert set(item) >= {
                    "id",
                    "food_id",
                    "source",
                    "source_id",
                    "name",
                    "quantity",
                    "unit",
                    "grams",
                    "locked",
                    "nutrients",
                }
                assert item["grams"] > 0 and item["quantity"] > 0
                if item["source"] == "recipe":
                    assert item["unit"] == "serving"
                    assert (item["quantity"] * 2) == int(item["quantity"] * 2), "servings move in halves"
                assert item["grams"] <= 600 or item["unit"] in {"cup", "fl oz"}
            assert set(meal["totals"]) >= {"energy_kcal", "protein_g", "fat_g", "carbs_g"}
        assert "energy_kcal" in day["totals"] and "vitamin_c_mg" in day["totals"]
        for shortfall in day["shortfalls"]:
            assert shortfall["amount"] < shortfall["target"]


def test_same_seed_same_plan_and_days_differ(client: TestClient, auth_headers: dict[str, str]) -> None:
    _profile(client, auth_headers)
    first = _create(client, auth_headers, days=3, seed=42)
    second = _create(client, auth_headers, days=3, seed=42)

    def names(plan: dict[str, Any]) -> list[list[str]]:
        return [[item["source_id"] for meal in day["meals"] for item in meal["items"]] for day in plan["days"]]

    assert names(first) == names(second)
    assert len({tuple(day) for day in names(first)}) == 3, "no two identical days"


def test_vegan_peanut_free_plan_never_breaks_the_rules(client: TestClient, auth_headers: dict[str, str]) -> None:
    _profile(client, auth_headers, diet="vegan", allergies=["peanut", "soy"])
    plan = _create(client, auth_headers, days=2)
    catalogue = load_catalogue()
    info = catalogue.ingredients
    nutrition = Nutrition(client)
    for day in plan["days"]:
        for meal in day["meals"]:
            for item in meal["items"]:
                for food, _grams in nutrition.ingredients(item):
                    tags = info[food["source_id"]]
                    assert not tags.categories & {"meat", "poultry", "fish", "shellfish", "dairy", "egg", "honey"}, (
                        food["name"]
                    )
                    assert not tags.allergens & {"peanut", "soy"}, food["name"]


def test_regenerate_meal_keeps_the_rest_and_locked_items(client: TestClient, auth_headers: dict[str, str]) -> None:
    _profile(client, auth_headers)
    plan = _create(client, auth_headers, days=2)
    day = plan["days"][0]
    # A meal of one dish alone cannot keep a locked item and change (409): lock within a meal of two or more.
    breakfast = day["meals"][0]
    meal = next(m for m in day["meals"][1:] if len(m["items"]) >= 2)
    locked_item = meal["items"][0]
    response = client.patch(
        f"/api/plans/{plan['id']}/items/{locked_item['id']}", json={"locked": True}, headers=auth_headers
    )
    assert response.status_code == 200, response.text
    response = client.post(f"/api/plans/{plan['id']}/meals/{meal['id']}/regenerate", headers=auth_headers)
    assert response.status_code == 200, response.text
    new_day = response.json()["days"][0]
    new_meal = next(m for m in new_day["meals"] if m["id"] == meal["id"])
    assert any(i["source_id"] == locked_item["source_id"] and i["locked"] for i in new_meal["items"])
    assert new_day["meals"][0]["id"] == breakfast["id"]
    assert response.json()["days"][1] == plan["days"][1]
    energy = plan["targets"]["energy_kcal"]
    assert abs(Nutrition(client).day_total(new_day, "energy_kcal") - energy) <= 0.05 * energy + 1


def test_a_repeated_generate_with_the_same_key_makes_one_plan(client: TestClient, auth_headers: dict[str, str]) -> None:
    """Issue 19: each click on Generate added another identical plan. The same Idempotency-Key answers with the
    plan made for it; another key makes a new plan; a blank key is refused."""
    _profile(client, auth_headers)
    headers = {**auth_headers, "Idempotency-Key": "generate-click-1"}
    first = client.post("/api/plans", json={"days": 1, "seed": 3}, headers=headers)
    assert first.status_code == 201, first.text
    again = client.post("/api/plans", json={"days": 1, "seed": 3}, headers=headers)
    assert again.status_code == 201, again.text
    assert again.json() == first.json()
    listed = client.get("/api/plans", headers=auth_headers)
    assert listed.json()["total"] == 1, listed.text
    other = client.post("/api/plans", json={"days": 1}, headers={**auth_headers, "Idempotency-Key": "click-2"})
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]
    blank = client.post("/api/plans", json={"days": 1}, headers={**auth_headers, "Idempotency-Key": "  "})
    assert blank.status_code == 400 and "Idempotency-Key" in blank.text
    assert client.get("/api/plans", headers=auth_headers).json()["total"] == 2


def test_regenerating_with_everything_locked_says_so(client: TestClient, auth_headers: dict[str, str]) -> None:
    """Issue 19: a meal or day whose items are all locked is not silently "regenerated" into itself."""
    _profile(client, auth_headers)
    plan = _create(client, auth_headers, days=1)
    day = plan["days"][0]
    for meal in day["meals"]:
        for item in meal["items"]:
            locked = client.patch(
                f"/api/plans/{plan['id']}/items/{item['id']}", json={"locked": True}, headers=auth_headers
            )
            assert locked.status_code == 200, locked.text
    lunch = day["meals"][1]
    response = client.post(f"/api/plans/{plan['id']}/meals/{lunch['id']}/regenerate", headers=auth_headers)
    assert response.status_code == 409, response.text
    assert "locked" in response.text and "unlock" in response.text
    response = client.post(f"/api/plans/{plan['id']}/days/{day['date']}/regenerate", headers=auth_headers)
    assert response.status_code == 409, response.text
    assert day["date"] in response.text and "unlock" in response.text
    # Unlocking one item makes its meal regenerable again.
    unlocked = client.patch(
        f"/api/plans/{plan['id']}/items/{lunch['items'][0]['id']}", json={"locked": False}, headers=auth_headers
    )
    assert unlocked.status_code == 200, unlocked.text
    response = client.post(f"/api/plans/{plan['id']}/meals/{lunch['id']}/regenerate", headers=auth_headers)
    assert response.status_code == 200, response.text


def test_quantity_change_locks_item_and_rebalances_day(client: TestClient, auth_headers: dict[str, str]) -> None:
    _profile(client, auth_headers)
    plan = _create(client, auth_headers, days=1)
    item = plan["days"][0]["meals"][2]["items"][0]
    new_quantity = item["quantity"] + (0.5 if item["unit"] == "serving" else 1)
    response = client.patch(
        f"/api/plans/{plan['id']}/items/{item['id']}", json={"quantity": new_quantity}, headers=auth_headers
    )
    assert response.status_code == 200, response.text
    day = response.json()["days"][0]
    changed = next(i for m in day["meals"] for i in m["items"] if i["source_id"] == item["source_id"] and i["locked"])
    assert changed["quantity"] == new_quantity
    assert changed["grams"] == pytest.approx(item["grams"] * new_quantity / item["quantity"], rel=0.01)
    energy = plan["targets"]["energy_kcal"]
    assert abs(Nutrition(client).day_total(day, "energy_kcal") - energy) <= 0.05 * energy + 1


def test_regenerate_day_changes_it(client: TestClient, auth_headers: dict[str, str]) -> None:
    _profile(client, auth_headers)
    plan = _create(client, auth_headers, days=2)
    day_date = plan["days"][1]["date"]
    response = client.post(f"/api/plans/{plan['id']}/days/{day_date}/regenerate", headers=auth_headers)
    assert response.status_code == 200, response.text
    before = [i["source_id"] for m in plan["days"][1]["meals"] for i in m["items"]]
    after = [i["source_id"] for m in response.json()["days"][1]["meals"] for i in m["items"]]
    assert before != after
    missing = client.post(f"/api/plans/{plan['id']}/days/2001-01-01/regenerate", headers=auth_headers)
    assert missing.status_code == 404


def test_grocery_list_sums_ingredients(client: TestClient, auth_headers: dict[str, str]) -> None:
    _profile(client, auth_headers)
    plan = _create(client, auth_headers, days=2)
    response = client.get(f"/api/plans/{plan['id']}/grocery-list", headers=auth_headers)
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert items
    nutrition = Nutrition(client)
    expected: dict[int, float] = {}
    for day in plan["days"]:
        for meal in day["meals"]:
            for item in meal["items"]:
                for food, grams in nutrition.ingredients(item):
                    expected[food["id"]] = expected.get(food["id"], 0.0) + grams
    got = {line["food_id"]: line["grams"] for line in items}
    assert set(got) == set(expected)
    for food_id, grams in expected.items():
        assert got[food_id] == pytest.approx(grams, abs=0.2)
    assert all(line["quantity"] > 0 and line["unit"] for line in items)


def test_plans_are_private_list_and_delete(client: TestClient, auth_headers: dict[str, str]) -> None:
    from tests.conftest import register_and_login

    _profile(client, auth_headers)
    plan = _create(client, auth_headers, days=1)
    listing = client.get("/api/plans", headers=auth_headers).json()
    assert listing["total"] == 1 and listing["items"][0]["id"] == plan["id"]
    other = {"Authorization": register_and_login(client)["Authorization"]}
    assert client.get(f"/api/plans/{plan['id']}", headers=other).status_code == 404
    assert client.delete(f"/api/plans/{plan['id']}", headers=other).status_code == 404
    assert client.delete(f"/api/plans/{plan['id']}", headers=auth_headers).status_code == 204
    assert client.get(f"/api/plans/{plan['id']}", headers=auth_headers).status_code == 404


def test_bad_plan_requests_are_422(client: TestClient, auth_headers: dict[str, str]) -> None:
    _profile(client, auth_headers)
    for body in ({"days": 0}, {"days": 15}, {"days": "x"}, {"days": 1, "meals_per_day": 9}, {"days": 1, "seed": -1}):
        assert client.post("/api/plans", json=body, headers=auth_headers).status_code == 422, body
    plan = _create(client, auth_headers, days=1)
    item = plan["days"][0]["meals"][0]["items"][0]
    bad = client.patch(f"/api/plans/{plan['id']}/items/{item['id']}", json={"quantity": -1}, headers=auth_headers)
    assert bad.status_code == 422


def test_rules_that_leave_no_plan_are_422_with_conflicts(
    client: TestClient, auth_headers: dict[str, str], db_session: Session
) -> None:
    every_allergen = ["peanut", "tree_nut", "milk", "egg", "wheat", "gluten", "soy", "fish", "shellfish", "sesame"]
    _profile(client, auth_headers, diet="vegan", allergies=every_allergen)
    catalogue = load_catalogue()
    # Exclude every food the catalogue's breakfasts could use, so breakfast has no option left.
    breakfast_ndbs = {i.ndb for r in catalogue.recipes if "breakfast" in r.slots for i in r.ingredients}
    breakfast_ndbs |= {f.ndb for f in catalogue.plain_foods if "breakfast" in f.slots}
    ids = sorted(foods.ids_by_source_ids(db_session, "usda_sr", breakfast_ndbs).values())
    _profile(client, auth_headers, diet="vegan", allergies=every_allergen, excluded_food_ids=ids)
    response = client.post("/api/plans", json={"days": 1}, headers=auth_headers)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["conflicts"], body
    assert isinstance(body["detail"], str)


def test_plan_days_say_which_items_lack_a_nutrient(
    client: TestClient, auth_headers: dict[str, str], db_session: Session
) -> None:
    """An item whose foods lack a value (SR28 gives no starch for most foods) is listed for that nutrient;
    its unknown amount is not silently 0 in the day's total."""
    _profile(client, auth_headers)
    plan = _create(client, auth_headers, days=1, seed=5)
    day = plan["days"][0]
    names = {item["name"] for meal in day["meals"] for item in meal["items"]}
    assert day["incomplete"].get("starch_g")  # the catalogue's recipes hold foods without a starch value
    for key, lacking in day["incomplete"].items():
        assert key in day["totals"] and set(lacking) <= names, key
    assert "energy_kcal" not in day["incomplete"] and day["totals"]["energy_kcal"] > 0
    stored = {
        item.name: item.nutrients
        for item in db_session.scalars(
            select(PlanItem).join(PlanMeal).join(PlanDay).where(PlanDay.plan_id == plan["id"])
        )
    }
    for name in day["incomplete"]["starch_g"]:
        assert stored[name]["starch_g"] is None  # unknown for the item, not the sum of its known ingredients
