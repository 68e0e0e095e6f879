"""Grocery lists in what shops sell: raw weights, packages, leftovers of a package, aisles, and the pantry."""

from __future__ import annotations

import math
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from diet_planner.foods import service as foods
from diet_planner.planner.catalogue import load_catalogue
from diet_planner.planner.catalogue.schema import AISLES
from diet_planner.plans import grocery
from tests.conftest import register_and_login
from tests.plans.test_plans_api import PROFILE


def _line(session: Session, ndb: str, grams: float) -> dict[str, Any]:
    food = foods.usda_foods_with_measures(session, [ndb])[ndb]
    return grocery.purchase_line(food, grams, load_catalogue().ingredients.get(ndb))


def test_cooked_meat_is_bought_by_raw_weight_in_pounds(db_session: Session) -> None:
    # 450 g of roast chicken breast on the plates: about 616 g raw (SR28's ratio), sold as 1.5 lb (680 g).
    line = _line(db_session, "05064", 450)
    assert line["grams"] == 450 and line["raw_grams"] == pytest.approx(616, abs=3)
    assert line["purchase"] == {"quantity": 1.5, "unit": "lb"}
    assert line["leftover_grams"] == pytest.approx(1.5 * 453.6 - line["raw_grams"], abs=0.2)
    assert line["aisle"] == "meat" and not line["check_label"]


def test_cooked_grains_are_bought_dry_and_beans_by_the_can(db_session: Session) -> None:
    rice = _line(db_session, "20037", 600)  # 600 g cooked brown rice is 202 g dry (SR28): one 2 lb bag
    assert rice["raw_grams"] == pytest.approx(202, abs=2)
    assert rice["purchase"] == {"quantity": 1, "unit": "bag (2 lb)"} and rice["aisle"] == "grains, pasta & pulses"
    chickpeas = _line(db_session, "16057", 300)  # drained weight: two 15 oz cans, 180 g left over
    assert chickpeas["raw_grams"] == 300 and chickpeas["purchase"] == {"quantity": 2, "unit": "can (15 oz), drained"}
    assert chickpeas["leftover_grams"] == pytest.approx(180)
    eggs = _line(db_session, "01123", 150)
    assert eggs["purchase"] == {"quantity": 1, "unit": "dozen"}
    bread = _line(db_session, "18075", 64)
    assert bread["check_label"] and bread["aisle"] == "bakery"


def test_grocery_list_buys_enough_walks_the_aisles_and_ticks_the_pantry(
    client: TestClient, auth_headers: dict[str, str]
) -> None:
    assert client.put("/api/profile", json=PROFILE, headers=auth_headers).status_code == 200
    plan = client.post("/api/plans", json={"days": 3, "seed": 11}, headers=auth_headers).json()
    url = f"/api/plans/{plan['id']}/grocery-list"
    recipes = {recipe.slug: recipe for recipe in load_catalogue().recipes}
    for day in plan["days"]:
        slugs = {i["source_id"] for m in day["meals"] for i in m["items"] if i["source"] == "recipe"}
        # A day's cooking time is its recipes' hands-on minutes (not the oven's), each recipe cooked once.
        assert day["cooking_minutes"] == sum(recipes[slug].active_minutes for slug in slugs)
        assert day["cooking_minutes"] <= sum(recipes[slug].total_minutes for slug in slugs)
    assert any(day["cooking_minutes"] > 0 for day in plan["days"])
    items = client.get(url, headers=auth_headers).json()["items"]
    ingredients = load_catalogue().ingredients
    ranks = [AISLES.index(line["aisle"]) for line in items]
    assert ranks == sorted(ranks), "the list walks the shop aisle by aisle"
    for line in items:
        assert line["raw_grams"] >= line["grams"] - 0.1 or line["raw_grams"] < line["grams"] * 0.5, line["name"]
        assert line["purchase"]["quantity"] > 0 and line["purchase"]["unit"], line
        assert line["leftover_grams"] >= 0 and line["have"] is False
    cooked = [line for line in items if line["raw_grams"] > line["grams"] + 1]
    packaged = [line for line in items if line["purchase"]["unit"] not in {"g", "kg"}]
    assert packaged and len({line["aisle"] for line in items}) >= 3
    for line in cooked:
        # Every cooked meat or fish is bought heavier than it is eaten, by its USDA cooking yield.
        yields = [info.cooked_yield for info in ingredients.values() if info.name.startswith(line["name"][:20])]
        assert any(y and math.isclose(line["raw_grams"] * y, line["grams"], rel_tol=0.01) for y in yields), line

    food_id = items[0]["food_id"]
    assert client.put(f"/api/pantry/{food_id}", headers=auth_headers).status_code == 204
    assert client.put(f"/api/pantry/{food_id}", headers=auth_headers).status_code == 204  # idempotent
    assert client.get("/api/pantry", headers=auth_headers).json() == {"food_ids": [food_id]}
    ticked = client.get(url, headers=auth_headers).json()["items"]
    assert [line["food_id"] for line in ticked if line["have"]] == [food_id]
    shorter = client.get(url, params={"exclude_have": True}, headers=auth_headers).json()["items"]
    assert food_id not in {line["food_id"] for line in shorter} and len(shorter) == len(items) - 1

    # Someone else's pantry is their own.
    other = register_and_login(client)
    assert client.get("/api/pantry", headers=other).json() == {"food_ids": []}

    assert client.delete(f"/api/pantry/{food_id}", headers=auth_headers).status_code == 204
    assert not any(line["have"] for line in client.get(url, headers=auth_headers).json()["items"])


def test_pantry_rejects_unknown_foods_and_anonymous_callers(client: TestClient, auth_headers: dict[str, str]) -> None:
    response = client.put("/api/pantry/999999999", headers=auth_headers)
    assert response.status_code == 404 and "not found" in response.json()["detail"].lower()
    assert client.put("/api/pantry/abc", headers=auth_headers).status_code == 422
    assert client.get("/api/pantry").status_code == 401
