"""Food detail (every contract nutrient, household measures plus g/oz/lb) and recipe nutrition per serving
computed from USDA ingredients given in grams or in household measures."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from diet_planner.foods.models import Food
from diet_planner.nutrition.keys import NUTRIENT_KEYS

BANANA, EGG, MILK, SALMON = "09040", "01123", "01077", "15076"
MEDIUM_BANANA = 'medium (7" to 7-7/8" long)'


def _food_id(session: Session, ndb: str) -> int:
    food_id = session.scalar(select(Food.id).where(Food.source == "usda_sr", Food.source_id == ndb))
    assert food_id is not None
    return food_id


def _detail(client: TestClient, food_id: int) -> dict[str, Any]:
    response = client.get(f"/api/foods/{food_id}")
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_every_stored_food_has_exactly_the_contract_keys(db_session: Session) -> None:
    keys = set(NUTRIENT_KEYS)
    wrong = [
        source_id
        for source_id, nutrients in db_session.execute(
            select(Food.source_id, Food.nutrients).where(Food.source == "usda_sr")
        )
        if set(nutrients) != keys
    ]
    assert wrong == []


def test_food_detail_has_every_nutrient_and_measures_plus_mass_units(client: TestClient, db_session: Session) -> None:
    food = _detail(client, _food_id(db_session, BANANA))
    assert (food["name"], food["source"], food["source_id"], food["group"]) == (
        "Bananas, raw",
        "usda_sr",
        BANANA,
        "Fruits and Fruit Juices",
    )
    assert set(NUTRIENT_KEYS) <= set(food["nutrients"])
    assert (food["nutrients"]["energy_kcal"], food["nutrients"]["potassium_mg"]) == (89.0, 358.0)
    measures = {m["name"]: (m["amount"], m["grams"]) for m in food["measures"]}
    assert measures[MEDIUM_BANANA] == (1.0, 118.0)
    assert measures["cup, sliced"] == (1.0, 150.0)
    assert measures["g"] == (100.0, 100.0)
    assert measures["oz"][0] == 1.0 and measures["oz"][1] == pytest.approx(28.3495, abs=1e-4)
    assert measures["lb"][0] == 1.0 and measures["lb"][1] == pytest.approx(453.592, abs=1e-3)


def test_food_detail_keeps_unknown_nutrients_null(client: TestClient, db_session: Session) -> None:
    nutrients = _detail(client, _food_id(db_session, SALMON))["nutrients"]
    assert "vitamin_d_ug" in nutrients and nutrients["vitamin_d_ug"] is None  # SR28 has no value: null, not 0
    assert nutrients["protein_g"] == 19.84


def test_recipe_nutrition_per_serving_sums_its_ingredients(
    client: TestClient, db_session: Session, auth_headers: dict[str, str]
) -> None:
    ids = {ndb: _food_id(db_session, ndb) for ndb in (BANANA, EGG, MILK)}
    body = {
        "name": "Banana egg pancakes",
        "servings": 2,
        "ingredients": [
            {"food_id": ids[BANANA], "quantity": 2, "unit": MEDIUM_BANANA},  # household measure: 2 x 118 g
            {"food_id": ids[EGG], "quantity": 3, "unit": "large"},  # 3 x 50 g
            {"food_id": ids[MILK], "quantity": 4, "unit": "oz"},  # 4 x 28.35 g
        ],
    }
    created = client.post("/api/recipes", json=body, headers=auth_headers)
    assert created.status_code == 201, created.text
    recipe = created.json()
    grams = {item["source_id"]: item["grams"] for item in recipe["ingredients"]}
    assert grams[BANANA] == pytest.approx(236.0)
    assert grams[EGG] == pytest.approx(150.0)
    assert grams[MILK] == pytest.approx(4 * 28.349523125)

    details = {ndb: _detail(client, food_id) for ndb, food_id in ids.items()}
    per_100g = {ndb: detail["nutrients"] for ndb, detail in details.items()}
    read = client.get(f"/api/recipes/{recipe['id']}", headers=auth_headers).json()
    per_serving = read["nutrients_per_serving"]
    for key in NUTRIENT_KEYS:
        lacking = [details[ndb]["name"] for ndb in ids if per_100g[ndb][key] is None]
        if lacking:
            # One unknown ingredient makes the recipe's value unknown (not the others' sum), and says which.
            assert per_serving[key] is None, key
            assert sorted(read["incomplete"][key]) == sorted(lacking), key
            continue
        assert key not in read["incomplete"]
        known = [per_100g[ndb][key] * grams[ndb] / 100 for ndb in ids]
        assert per_serving[key] == pytest.approx(sum(known) / 2, rel=1e-3, abs=2e-3), key
    assert per_serving["starch_g"] is None and read["incomplete"]["starch_g"]  # banana has starch, eggs do not
    # 2 bananas (2 x 105 kcal), 3 eggs (3 x 71.5 kcal), 113 g whole milk (69 kcal), in 2 servings.
    assert per_serving["energy_kcal"] == pytest.approx((236 * 0.89 + 150 * 1.43 + 113.398 * 0.61) / 2, abs=0.5)
