"""One nutrient panel for a day: names in words, a status per nutrient, a headline that agrees with the rows,
one goal per macro inside its range; and every number a person types checked with a 422 naming the field."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from diet_planner.nutrition import panel
from diet_planner.nutrition.keys import NUTRIENT_KEYS
from tests.diary.test_diary_api import BANANA, BUTTER, DAY, MILK, PROFILE, food_id, log

# ------------------------------------------------------------------ the rules, alone


@pytest.mark.parametrize(
    ("amount", "low", "high", "in_progress", "expected"),
    [
        (100, 100, None, False, "met"),
        (95, 100, None, False, "close"),  # 95% of an RDA is close, not a shortfall
        (90, 100, None, False, "close"),
        (89.9, 100, None, False, "low"),
        (50, 100, None, True, "so_far"),  # a day in progress is not short yet
        (50, None, 40, False, "over"),
        (50, None, 40, True, "over"),  # over a limit is over, day done or not
        (None, 100, None, False, "unknown"),
        (120, 100, 150, False, "met"),
    ],
)
def test_status_of_one_amount(amount: float | None, low: float, high: float, in_progress: bool, expected: str) -> None:
    assert panel.status(amount, low, high, in_progress=in_progress) == expected


def _targets() -> dict[str, Any]:
    return {
        "energy_kcal": 1649,
        "nutrients": {
            "energy_kcal": {"min": 1566.6, "max": 1731.5, "unit": "kcal", "basis": "goal"},
            "protein_g": {"min": 56.0, "max": 144.3, "unit": "g", "basis": "RDA; AMDR"},
            "fat_g": {"min": 36.6, "max": 64.1, "unit": "g", "basis": "AMDR"},
            "carbs_g": {"min": 185.5, "max": 268.0, "unit": "g", "basis": "AMDR"},
            "omega6_g": {"min": 12.0, "max": None, "unit": "g", "basis": "AI"},
            "saturated_fat_g": {"min": None, "max": 18.3, "unit": "g", "basis": "DGA"},
            "iron_mg": {"min": 18.0, "max": 45.0, "unit": "mg", "basis": "RDA"},
        },
    }


def test_one_goal_per_macro_inside_its_range_and_the_macros_add_up_to_the_energy() -> None:
    targets = _targets()
    goals = panel.goals(targets["energy_kcal"], targets["nutrients"])
    for key in ("protein_g", "fat_g", "carbs_g"):
        bounds = targets["nutrients"][key]
        assert bounds["min"] <= goals[key] <= bounds["max"], key
    kcal = 4 * goals["protein_g"] + 9 * goals["fat_g"] + 4 * goals["carbs_g"]
    assert kcal == pytest.approx(1649, abs=15)
    assert goals["saturated_fat_g"] is None  # a limit only: nothing to aim at
    assert goals["iron_mg"] == 18.0


def test_the_headline_agrees_with_the_rows() -> None:
    targets = _targets()
    # Fat over its limit and everything else met: the headline must say so, never "every target met".
    totals = {"energy_kcal": 1650, "protein_g": 80, "fat_g": 70, "carbs_g": 200, "omega6_g": 12, "iron_mg": 18}
    totals["saturated_fat_g"] = 10
    day = panel.panel(totals, targets)
    statuses = {row["key"]: row["status"] for row in day["rows"]}
    assert statuses["fat_g"] == "over"
    assert day["headline"]["status"] == "over" and "Fat" in day["headline"]["text"]
    assert "met" not in day["headline"]["text"].lower()
    # Iron at 97%: close, named as close, not counted as low.
    day = panel.panel({**totals, "fat_g": 50, "iron_mg": 17.5}, targets)
    assert {row["key"]: row["status"] for row in day["rows"]}["iron_mg"] == "close"
    assert day["headline"]["status"] == "close" and day["headline"]["counts"]["low"] == 0
    assert "Close to target: Iron" in day["headline"]["text"]
    day = panel.panel({**totals, "fat_g": 50}, targets)
    assert day["headline"] == {"status": "met", "text": "Every target met.", "counts": day["headline"]["counts"]}


def test_names_are_words_never_keys() -> None:
    for key in (*NUTRIENT_KEYS, "net_carbs_g", "saturated_fat_share"):
        name = panel.nutrient_name(key)
        assert "_" not in name and name[0].isupper(), (key, name)
    assert panel.nutrient_name("omega6_g") == "Omega-6 (linoleic acid)"


# ------------------------------------------------------------------ through the API


def test_diary_day_panel_past_and_in_progress(
    client: TestClient, auth_headers: dict[str, str], db_session: Session
) -> None:
    assert client.put("/api/profile", json=PROFILE, headers=auth_headers).status_code == 200
    log(client, auth_headers, date=DAY, slot="lunch", food_id=food_id(db_session, BANANA), grams=200)
    past = client.get(f"/api/diary/{DAY}", headers=auth_headers).json()["panel"]
    assert past["in_progress"] is False and "90%" in past["tolerance"]
    rows = {row["key"]: row for row in past["rows"]}
    assert rows["protein_g"]["status"] == "low"  # 200 g of banana is a poor day's protein
    assert rows["protein_g"]["min"] < rows["protein_g"]["goal"] < rows["protein_g"]["max"]
    assert rows["omega6_g"]["name"] == "Omega-6 (linoleic acid)"
    for row in past["rows"]:
        assert "_" not in row["name"]
    assert "Low:" in past["headline"]["text"] and "Protein" in past["headline"]["text"]
    assert past["headline"]["status"] == "low"

    # The same food on the person's today: below a minimum is "so far", not a shortfall.
    today = date.today().isoformat()
    log(client, auth_headers, date=today, slot="lunch", food_id=food_id(db_session, BANANA), grams=200)
    live = client.get(f"/api/diary/{today}", params={"today": today}, headers=auth_headers).json()["panel"]
    assert live["in_progress"] is True
    statuses = {row["key"]: row["status"] for row in live["rows"]}
    assert statuses["protein_g"] == "so_far" and "low" not in statuses.values()
    assert live["headline"]["text"].startswith("Day in progress")
    # A person west of the server's date: their yesterday is past for them.
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    done = client.get(f"/api/diary/{today}", params={"today": tomorrow}, headers=auth_headers).json()["panel"]
    assert done["in_progress"] is False


def test_over_a_limit_shows_in_the_headline_even_while_the_day_is_in_progress(
    client: TestClient, auth_headers: dict[str, str], db_session: Session
) -> None:
    assert client.put("/api/profile", json=PROFILE, headers=auth_headers).status_code == 200
    today = date.today().isoformat()
    log(client, auth_headers, date=today, slot="lunch", food_id=food_id(db_session, BUTTER), grams=150)
    live = client.get(f"/api/diary/{today}", params={"today": today}, headers=auth_headers).json()["panel"]
    statuses = {row["key"]: row["status"] for row in live["rows"]}
    assert statuses["saturated_fat_g"] == "over" and statuses["fat_g"] == "over"
    assert live["headline"]["status"] == "over"
    assert "Over a limit: Fat, Saturated fat" in live["headline"]["text"]


def test_targets_give_one_goal_per_macro(client: TestClient, auth_headers: dict[str, str]) -> None:
    assert client.put("/api/profile", json=PROFILE, headers=auth_headers).status_code == 200
    targets = client.get("/api/targets", headers=auth_headers).json()
    nutrients = targets["nutrients"]
    assert nutrients["energy_kcal"]["goal"] == targets["energy_kcal"]
    for key in ("protein_g", "fat_g", "carbs_g"):
        assert nutrients[key]["min"] <= nutrients[key]["goal"] <= nutrients[key]["max"], key
    assert nutrients["saturated_fat_g"]["goal"] is None
    assert nutrients["iron_mg"]["goal"] == nutrients["iron_mg"]["min"]


# ------------------------------------------------------------------ validation: a 422 that names the field


def _named(response: Any, field: str) -> None:
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert any(field in [str(part) for part in error["loc"]] for error in detail), detail


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"grams": -170}, "grams"),
        ({"grams": 0}, "grams"),
        ({"grams": 50_000}, "grams"),
        ({"quantity": -2, "unit": "cup"}, "quantity"),
        ({"quantity": 1e9, "unit": "cup"}, "quantity"),
    ],
)
def test_a_negative_or_absurd_amount_logged_is_422_naming_the_field(
    client: TestClient, auth_headers: dict[str, str], db_session: Session, body: dict[str, Any], field: str
) -> None:
    response = client.post(
        "/api/meal-logs",
        json={"date": DAY, "slot": "lunch", "food_id": food_id(db_session, MILK), **body},
        headers=auth_headers,
    )
    _named(response, field)
    assert client.get("/api/meal-logs", params={"date": DAY}, headers=auth_headers).json()["total"] == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"height_cm": -170}, "height_cm"),
        ({"height_cm": 2000}, "height_cm"),
        ({"weight_kg": -70}, "weight_kg"),
        ({"weight_kg": 7000}, "weight_kg"),
        ({"rate_kg_per_week": -0.5}, "rate_kg_per_week"),
        ({"birth_date": "1700-01-01"}, "birth_date"),
        ({"birth_date": (date.today() + timedelta(days=30)).isoformat()}, "birth_date"),
        ({"meals_per_day": -3}, "meals_per_day"),
    ],
)
def test_a_negative_or_absurd_profile_is_422_naming_the_field(
    client: TestClient, auth_headers: dict[str, str], change: dict[str, Any], field: str
) -> None:
    _named(client.put("/api/profile", json={**PROFILE, **change}, headers=auth_headers), field)


@pytest.mark.parametrize(
    ("nutrients", "named"),
    [({"energy_kcal": -20}, "energy_kcal"), ({"energy_kcal": 5000}, "energy_kcal"), ({"protein_g": -1}, "protein_g")],
)
def test_a_custom_food_with_negative_or_absurd_nutrients_is_422(
    client: TestClient, auth_headers: dict[str, str], nutrients: dict[str, float], named: str
) -> None:
    response = client.post("/api/foods", json={"name": "Label food", "nutrients": nutrients}, headers=auth_headers)
    _named(response, "nutrients")
    assert named in response.text  # the message names the nutrient itself


def test_negative_weights_servings_and_plan_amounts_are_422(
    client: TestClient, auth_headers: dict[str, str], db_session: Session
) -> None:
    _named(client.post("/api/weights", json={"date": DAY, "weight_kg": -70}, headers=auth_headers), "weight_kg")
    recipe = {"name": "Toast", "servings": -2, "ingredients": [{"food_id": food_id(db_session, MILK), "grams": 10}]}
    _named(client.post("/api/recipes", json=recipe, headers=auth_headers), "servings")
    recipe = {"name": "Toast", "ingredients": [{"food_id": food_id(db_session, MILK), "grams": -10}]}
    _named(client.post("/api/recipes", json=recipe, headers=auth_headers), "grams")
    _named(client.patch("/api/plans/1/items/1", json={"quantity": -1}, headers=auth_headers), "quantity")


# ------------------------------------------------------------------ the weight page's note


def test_progress_never_says_no_food_while_today_has_food(
    client: TestClient, auth_headers: dict[str, str], db_session: Session
) -> None:
    assert client.get("/api/progress", headers=auth_headers).json()["note"].startswith("No food logged")
    log(
        client,
        auth_headers,
        date=date.today().isoformat(),
        slot="lunch",
        food_id=food_id(db_session, BANANA),
        grams=300,
    )
    note = client.get("/api/progress", headers=auth_headers).json()["note"]
    assert "No food" not in note and "Only today has food logged" in note
