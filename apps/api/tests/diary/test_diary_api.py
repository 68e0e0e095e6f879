"""The diary through the HTTP API: logging, totals checked against the USDA file, weights, progress, export."""

from __future__ import annotations

import csv
import gzip
import io
import json
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from diet_planner.diary.models import MealLog, Weight
from diet_planner.diary.schemas import DiaryDay
from diet_planner.foods import service as foods
from diet_planner.nutrition.keys import NUTRIENT_KEYS
from diet_planner.planner.catalogue import load_catalogue
from tests.conftest import BACKEND, TEST_PASSWORD, register_and_login

USDA_FILE = Path(__file__).resolve().parents[4] / "data" / "usda" / "foods.jsonl.gz"
MILK, BUTTER, BANANA = "01211", "01001", "09040"
DAY = "2026-03-02"
PROFILE: dict[str, Any] = {
    "sex": "female",
    "birth_date": "1990-05-01",
    "height_cm": 168,
    "weight_kg": 80,
    "activity_level": "light",
    "goal": "lose",
    "rate_kg_per_week": 0.5,
    "diet": "omnivore",
    "allergies": [],
    "excluded_food_ids": [],
    "meals_per_day": 3,
    "units": "metric",
    "life_stage": "none",
}


@cache
def usda() -> dict[str, dict[str, Any]]:
    """The bundled USDA file read directly, independent of the API and the database."""
    with gzip.open(USDA_FILE, "rt", encoding="utf-8") as handle:
        rows = (json.loads(line) for line in handle if line.strip())
        return {row["source_id"]: row for row in rows}


def food_id(session: Session, ndb: str) -> int:
    return foods.ids_by_source_ids(session, "usda_sr", [ndb])[ndb]


def log(client: TestClient, headers: dict[str, str], **body: Any) -> list[dict[str, Any]]:
    response = client.post("/api/meal-logs", json=body, headers=headers)
    assert response.status_code == 201, response.text
    data = response.json()
    assert data["total"] == len(data["items"])
    return list(data["items"])


def expected_totals(parts: list[tuple[dict[str, Any], float]]) -> dict[str, float | None]:
    totals: dict[str, float | None] = {}
    for key in NUTRIENT_KEYS:
        known = [n[key] * grams / 100 for n, grams in parts if n.get(key) is not None]
        totals[key] = sum(known) if known else None
    return totals


def assert_totals(actual: dict[str, Any], expected: dict[str, float | None]) -> None:
    for key in NUTRIENT_KEYS:
        if expected[key] is None:
            assert actual[key] is None, key
        else:
            assert actual[key] == pytest.approx(expected[key], rel=1e-6, abs=2e-3), key


def test_log_by_measure_oz_and_grams_and_the_totals_equal_usda_values(
    client: TestClient, auth_headers: dict[str, str], db_session: Session
) -> None:
    milk = log(
        client, auth_headers, date=DAY, slot="breakfast", food_id=food_id(db_session, MILK), quantity=1, unit="cup"
    )
    assert milk[0]["grams"] == 244.0 and milk[0]["unit"] == "cup" and milk[0]["quantity"] == 1
    assert milk[0]["food_name"] == usda()[MILK]["name"]
    butter = log(
        client, auth_headers, date=DAY, slot="breakfast", food_id=food_id(db_session, BUTTER), quantity=0.5, unit="oz"
    )
    assert butter[0]["grams"] == pytest.approx(0.5 * 28.349523125, abs=1e-3)
    banana = log(client, auth_headers, date=DAY, slot="snack", food_id=food_id(db_session, BANANA), grams=118)
    assert banana[0]["unit"] == "g" and banana[0]["quantity"] == 118
    assert milk[0]["nutrients"]["energy_kcal"] == pytest.approx(61.0 * 2.44)

    diary = client.get(f"/api/diary/{DAY}", headers=auth_headers).json()
    assert [e["id"] for e in diary["entries"]] == [milk[0]["id"], butter[0]["id"], banana[0]["id"]]
    expected = expected_totals(
        [
            (usda()[MILK]["nutrients"], 244.0),
            (usda()[BUTTER]["nutrients"], 0.5 * 28.349523125),
            (usda()[BANANA]["nutrients"], 118.0),
        ]
    )
    assert set(diary["totals"]) >= set(NUTRIENT_KEYS)
    assert_totals(diary["totals"], expected)
    assert diary["totals"]["starch_g"] is not None  # banana has starch, milk and butter do not: known values sum
    # ...and the day says whose starch is unknown, so the total reads as incomplete rather than complete.
    lacking = {
        name
        for ndb in (MILK, BUTTER, BANANA)
        if usda()[ndb]["nutrients"]["starch_g"] is None
        for name in [usda()[ndb]["name"]]
    }
    assert set(diary["incomplete"]["starch_g"]) == lacking and usda()[BANANA]["name"] not in lacking
    assert "energy_kcal" not in diary["incomplete"]
    assert diary["targets"] is None and diary["remaining"] == {}  # no profile yet

    listed = client.get("/api/meal-logs", params={"date": DAY}, headers=auth_headers).json()
    assert listed["total"] == 3 and len(listed["items"]) == 3
    assert client.get("/api/meal-logs", params={"date": "2026-03-03"}, headers=auth_headers).json()["total"] == 0


def test_a_day_without_entries_totals_zero_and_remaining_follows_the_targets(
    client: TestClient, auth_headers: dict[str, str], db_session: Session
) -> None:
    assert client.put("/api/profile", json=PROFILE, headers=auth_headers).status_code == 200
    empty = client.get(f"/api/diary/{DAY}", headers=auth_headers).json()
    assert empty["entries"] == [] and empty["totals"]["energy_kcal"] == 0
    targets = client.get("/api/targets", headers=auth_headers).json()
    assert empty["targets"] == targets  # the same object, field for field
    log(client, auth_headers, date=DAY, slot="lunch", food_id=food_id(db_session, BANANA), grams=200)
    diary = client.get(f"/api/diary/{DAY}", headers=auth_headers).json()
    protein_min = targets["nutrients"]["protein_g"]["min"]
    assert diary["remaining"]["protein_g"] == pytest.approx(
        protein_min - usda()[BANANA]["nutrients"]["protein_g"] * 2, abs=1e-3
    )
    # Energy counts down from the target itself, not from the band's min 5% under it.
    assert diary["remaining"]["energy_kcal"] == pytest.approx(
        targets["energy_kcal"] - usda()[BANANA]["nutrients"]["energy_kcal"] * 2, abs=1e-3
    )
    assert "saturated_fat_g" not in diary["remaining"]  # a maximum only


def test_a_diary_page_is_exactly_what_its_schema_encodes(
    client: TestClient, auth_headers: dict[str, str], db_session: Session
) -> None:
    """The signed-in day is encoded by orjson, not through the schema (targets/router.py): field for field, key
    order, number form (1.0, not 1), times (Z) and nulls, its bytes are what pydantic makes of the DiaryDay, with no
    profile, on an empty day, and with targets, a panel, conflicts, unknown nutrients, quick adds and measures."""

    def page(day: str) -> bytes:
        response = client.get(f"/api/diary/{day}", headers=auth_headers)
        assert response.status_code == 200
        assert response.content == DiaryDay.model_validate_json(response.content).model_dump_json().encode()
        return response.content

    log(client, auth_headers, date=DAY, slot="breakfast", food_id=food_id(db_session, MILK), quantity=1, unit="cup")
    assert json.loads(page(DAY))["targets"] is None  # no profile yet
    profile = {**PROFILE, "allergies": ["milk"], "diet": "vegan"}
    assert client.put("/api/profile", json=profile, headers=auth_headers).status_code == 200
    assert json.loads(page("2026-03-01"))["entries"] == []  # an empty day: every total 0.0
    log(client, auth_headers, date=DAY, slot="breakfast", food_id=food_id(db_session, BUTTER), quantity=0.5, unit="oz")
    log(client, auth_headers, date=DAY, slot="snack", food_id=food_id(db_session, BANANA), grams=100)
    quick = {"date": DAY, "slot": "dinner", "label": "Café ✓", "energy_kcal": 500, "protein_g": 20}
    assert client.post("/api/meal-logs/quick-add", json=quick, headers=auth_headers).status_code == 201
    first = page(DAY)
    day = json.loads(first)
    assert {conflict["kind"] for entry in day["entries"] for conflict in entry["conflicts"]} == {"allergy", "diet"}
    assert day["incomplete"] and day["panel"] is not None and day["remaining"]["energy_kcal"] is not None
    assert page(DAY) == first  # the second answer, kept with the person's stamp: the same bytes


def test_recipe_serving(client: TestClient, auth_headers: dict[str, str], db_session: Session) -> None:
    slug = load_catalogue().recipes[0].slug
    recipe_id = foods.ids_by_source_ids(db_session, "recipe", [slug])[slug]
    recipe = client.get(f"/api/recipes/{recipe_id}").json()
    per_serving = sum(i["grams"] for i in recipe["ingredients"]) / recipe["servings"]
    entry = log(client, auth_headers, date=DAY, slot="dinner", food_id=recipe_id, quantity=1.5, unit="serving")[0]
    assert entry["grams"] == pytest.approx(1.5 * per_serving, abs=1e-3)
    # Independently: the ingredients' USDA values for 1.5 servings.
    parts = [
        (usda()[i["source_id"]]["nutrients"], i["grams"] * 1.5 / recipe["servings"]) for i in recipe["ingredients"]
    ]
    expected = expected_totals(parts)
    assert entry["nutrients"]["energy_kcal"] == pytest.approx(expected["energy_kcal"], rel=1e-3)
    assert entry["nutrients"]["protein_g"] == pytest.approx(expected["protein_g"], rel=1e-3)


def test_log_a_planned_meal_and_keep_it_after_the_plan_is_deleted(
    client: TestClient, auth_headers: dict[str, str]
) -> None:
    assert client.put("/api/profile", json={**PROFILE, "goal": "maintain"}, headers=auth_headers).status_code == 200
    response = client.post("/api/plans", json={"days": 1, "seed": 3, "start_date": DAY}, headers=auth_headers)
    assert response.status_code == 201, response.text
    plan = response.json()
    meal = plan["days"][0]["meals"][1]
    entries = log(client, auth_headers, plan_meal_id=meal["id"])
    assert len(entries) == len(meal["items"])
    for entry, item in zip(entries, meal["items"], strict=True):
        assert entry["date"] == DAY and entry["slot"] == meal["slot"] and entry["plan_meal_id"] == meal["id"]
        assert entry["food_id"] == item["food_id"]
        assert entry["grams"] == pytest.approx(item["grams"], abs=1e-3)
        assert entry["quantity"] == item["quantity"] and entry["unit"] == item["unit"]
        assert entry["nutrients"]["energy_kcal"] == pytest.approx(item["nutrients"]["energy_kcal"], rel=0.01, abs=0.5)
    before = client.get(f"/api/diary/{DAY}", headers=auth_headers).json()["totals"]
    assert client.delete(f"/api/plans/{plan['id']}", headers=auth_headers).status_code == 204
    after = client.get(f"/api/diary/{DAY}", headers=auth_headers).json()
    assert len(after["entries"]) == len(entries) and after["totals"] == before
    assert client.post("/api/meal-logs", json={"plan_meal_id": meal["id"]}, headers=auth_headers).status_code == 404


def test_editing_or_deleting_a_custom_food_leaves_past_totals_alone(
    client: TestClient, auth_headers: dict[str, str]
) -> None:
    nutrients = {"energy_kcal": 250.0, "protein_g": 10.0, "fat_g": 5.0, "carbs_g": 40.0}
    response = client.post(
        "/api/foods",
        json={
            "name": "Granola (home)",
            "nutrients": nutrients,
            "measures": [{"name": "bowl", "amount": 1, "grams": 60}],
        },
        headers=auth_headers,
    )
    assert response.status_code == 201, response.text
    custom = response.json()
    entry = log(client, auth_headers, date=DAY, slot="breakfast", food_id=custom["id"], quantity=2, unit="bowl")[0]
    assert entry["grams"] == 120 and entry["nutrients"]["energy_kcal"] == pytest.approx(300.0)
    assert entry["nutrients"]["fiber_g"] is None
    totals = client.get(f"/api/diary/{DAY}", headers=auth_headers).json()["totals"]
    assert totals["energy_kcal"] == pytest.approx(300.0) and totals["fiber_g"] is None

    edited = client.put(
        f"/api/foods/{custom['id']}", json={"nutrients": {**nutrients, "energy_kcal": 500.0}}, headers=auth_headers
    )
    assert edited.status_code == 200, edited.text
    assert client.get(f"/api/diary/{DAY}", headers=auth_headers).json()["totals"] == totals
    assert client.delete(f"/api/foods/{custom['id']}", headers=auth_headers).status_code == 204
    after = client.get(f"/api/diary/{DAY}", headers=auth_headers).json()
    assert after["totals"] == totals
    assert after["entries"][0]["food_id"] is None and after["entries"][0]["food_name"] == "Granola (home)"
    # Without the food, the amount can still change in grams or mass units (rescaled from the snapshot).
    patched = client.patch(f"/api/meal-logs/{entry['id']}", json={"grams": 60}, headers=auth_headers)
    assert patched.status_code == 200 and patched.json()["nutrients"]["energy_kcal"] == pytest.approx(150.0)
    bowl = client.patch(f"/api/meal-logs/{entry['id']}", json={"quantity": 1, "unit": "bowl"}, headers=auth_headers)
    assert bowl.status_code == 422


def test_patch_rescales_and_moves(client: TestClient, auth_headers: dict[str, str], db_session: Session) -> None:
    entry = log(
        client, auth_headers, date=DAY, slot="breakfast", food_id=food_id(db_session, MILK), quantity=1, unit="cup"
    )[0]
    response = client.patch(f"/api/meal-logs/{entry['id']}", json={"quantity": 2, "unit": "tbsp"}, headers=auth_headers)
    assert response.status_code == 200, response.text
    assert response.json()["grams"] == 30 and response.json()["nutrients"]["calcium_mg"] == pytest.approx(113 * 0.3)
    moved = client.patch(
        f"/api/meal-logs/{entry['id']}",
        json={"slot": "snack", "date": "2026-03-03", "grams": 100},
        headers=auth_headers,
    ).json()
    assert moved["slot"] == "snack" and moved["date"] == "2026-03-03" and moved["unit"] == "g"
    assert moved["nutrients"]["energy_kcal"] == pytest.approx(61.0)
    assert client.get(f"/api/diary/{DAY}", headers=auth_headers).json()["entries"] == []
    assert client.delete(f"/api/meal-logs/{entry['id']}", headers=auth_headers).status_code == 204
    assert client.delete(f"/api/meal-logs/{entry['id']}", headers=auth_headers).status_code == 404


def test_other_users_entries_are_not_found(
    client: TestClient, auth_headers: dict[str, str], db_session: Session
) -> None:
    entry = log(client, auth_headers, date=DAY, slot="lunch", food_id=food_id(db_session, BANANA), grams=100)[0]
    other = {"Authorization": register_and_login(client)["Authorization"]}
    assert client.get(f"/api/meal-logs/{entry['id']}", headers=other).status_code == 404
    assert client.patch(f"/api/meal-logs/{entry['id']}", json={"grams": 5}, headers=other).status_code == 404
    assert client.delete(f"/api/meal-logs/{entry['id']}", headers=other).status_code == 404
    assert client.get(f"/api/diary/{DAY}", headers=other).json()["entries"] == []
    assert client.get("/api/meal-logs", headers=other).json()["total"] == 0
    custom = client.post("/api/foods", json={"name": "Mine", "nutrients": {"energy_kcal": 100}}, headers=auth_headers)
    body = {"date": DAY, "slot": "lunch", "food_id": custom.json()["id"], "grams": 10}
    assert client.post("/api/meal-logs", json=body, headers=other).status_code == 404
    assert client.get("/api/meal-logs", headers={}).status_code == 401


@pytest.mark.parametrize(
    "body",
    [
        {"date": "1899-12-31", "slot": "lunch", "grams": 100},
        {"date": "2999-01-01", "slot": "lunch", "grams": 100},
        {"date": "2026-02-30", "slot": "lunch", "grams": 100},
        {"date": DAY, "slot": "brunch", "grams": 100},
        {"date": DAY, "slot": "lunch", "grams": 0},
        {"date": DAY, "slot": "lunch", "grams": -5},
        {"date": DAY, "slot": "lunch", "grams": 5001},
        {"date": DAY, "slot": "lunch", "grams": "lots"},
        {"date": DAY, "slot": "lunch"},
        {"date": DAY, "slot": "lunch", "quantity": 1},
        {"date": DAY, "slot": "lunch", "quantity": 1, "unit": "handful"},
        {"date": DAY, "slot": "lunch", "quantity": 21, "unit": "cup"},  # 5,124 g
        {"date": DAY, "slot": "lunch", "grams": 10, "quantity": 1, "unit": "cup"},
        {"slot": "lunch", "grams": 100},
        {"plan_meal_id": 1, "grams": 100},
        {"date": DAY, "slot": "lunch", "grams": 100, "extra": 1},
    ],
)
def test_bad_meal_logs_are_422(
    client: TestClient, auth_headers: dict[str, str], db_session: Session, body: dict[str, Any]
) -> None:
    if "plan_meal_id" not in body:
        body = {"food_id": food_id(db_session, MILK), **body}
    response = client.post("/api/meal-logs", json=body, headers=auth_headers)
    assert response.status_code == 422, response.text
    assert response.json()["detail"]


def test_bad_reads_and_weights_are_422(client: TestClient, auth_headers: dict[str, str]) -> None:
    assert client.get("/api/diary/not-a-date", headers=auth_headers).status_code == 422
    assert client.get("/api/diary/1066-10-14", headers=auth_headers).status_code == 422
    assert client.get("/api/meal-logs", params={"date": "2026-13-01"}, headers=auth_headers).status_code == 422
    assert (
        client.post(
            "/api/meal-logs", json={"date": DAY, "slot": "lunch", "food_id": 10**9, "grams": 1}, headers=auth_headers
        ).status_code
        == 404
    )
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    for body in (
        {"date": DAY, "weight_kg": 19.9},
        {"date": DAY, "weight_kg": 400.1},
        {"date": DAY},
        {"date": "1899-01-01", "weight_kg": 70},
        {"date": tomorrow, "weight_kg": 70},
    ):
        response = client.post("/api/weights", json=body, headers=auth_headers)
        assert response.status_code == 422, (body, response.text)
    assert client.delete("/api/weights/2026-01-01", headers=auth_headers).status_code == 404
    for raw in ('{"date": "2026-01-01", "weight_kg": NaN}', '{"date": "2026-01-01", "weight_kg": Infinity}'):
        response = client.post(
            "/api/weights", content=raw, headers={**auth_headers, "Content-Type": "application/json"}
        )
        assert response.status_code == 422, response.text


def test_weights_one_per_date_with_trend(client: TestClient, auth_headers: dict[str, str]) -> None:
    first = client.post("/api/weights", json={"date": "2026-01-01", "weight_kg": 80.0}, headers=auth_headers)
    assert first.status_code == 201 and first.json() == {"date": "2026-01-01", "weight_kg": 80.0, "trend_kg": 80.0}
    client.post("/api/weights", json={"date": "2026-01-02", "weight_kg": 85.0}, headers=auth_headers)
    replaced = client.post("/api/weights", json={"date": "2026-01-02", "weight_kg": 81.0}, headers=auth_headers)
    assert replaced.status_code == 201 and replaced.json()["trend_kg"] == pytest.approx(80.1)
    client.post("/api/weights", json={"date": "2026-01-05", "weight_kg": 79.0}, headers=auth_headers)
    listed = client.get("/api/weights", headers=auth_headers).json()
    assert listed["total"] == 3
    assert [i["date"] for i in listed["items"]] == ["2026-01-05", "2026-01-02", "2026-01-01"]
    # 3 days' gap: alpha_eff = 1 - 0.9^3 = 0.271.
    assert listed["items"][0]["trend_kg"] == pytest.approx(round(80.1 + 0.271 * (79.0 - 80.1), 2))
    oldest = client.get("/api/weights", params={"order": "asc", "limit": 1, "offset": 1}, headers=auth_headers).json()
    assert oldest["items"] == [{"date": "2026-01-02", "weight_kg": 81.0, "trend_kg": pytest.approx(80.1)}]
    assert client.delete("/api/weights/2026-01-02", headers=auth_headers).status_code == 204
    assert client.get("/api/weights", headers=auth_headers).json()["total"] == 2


def _synthetic_history(
    client: TestClient, headers: dict[str, str], tdee_kcal: float, *, days: int = 28, weigh_every: int = 1
) -> None:
    """`days` complete days ending yesterday: a 100 kcal/100 g food so grams = kcal; weight follows the balance."""
    food = client.post("/api/foods", json={"name": "Test ration", "nutrients": {"energy_kcal": 100.0}}, headers=headers)
    assert food.status_code == 201
    weight = 82.0
    yesterday = date.today() - timedelta(days=1)
    for back in range(days - 1, -1, -1):
        day = yesterday - timedelta(days=back)
        intake = 2000.0 + (150.0 if back % 2 else -150.0)
        if back % weigh_every == 0:
            response = client.post(
                "/api/weights", json={"date": day.isoformat(), "weight_kg": round(weight, 3)}, headers=headers
            )
            assert response.status_code == 201
        for slot, share in (("breakfast", 0.3), ("lunch", 0.3), ("dinner", 0.4)):
            log(client, headers, date=day.isoformat(), slot=slot, food_id=food.json()["id"], grams=intake * share)
        weight += (intake - tdee_kcal) / 7700
    # Today is still being logged: it must not count.
    log(client, headers, date=date.today().isoformat(), slot="snack", food_id=food.json()["id"], grams=100)


def test_progress_recovers_tdee_and_adaptive_targets_follow_it(
    client: TestClient, auth_headers: dict[str, str]
) -> None:
    empty = client.get("/api/progress", headers=auth_headers).json()
    assert empty["estimated_tdee_kcal"] is None and empty["trend_kg"] is None and empty["data_days"] == 0
    _synthetic_history(client, auth_headers, tdee_kcal=2600.0)
    progress = client.get("/api/progress", headers=auth_headers).json()
    assert progress["data_days"] == 28 and progress["weigh_ins"] == 28 and progress["confidence"] == "high"
    assert progress["mean_intake_kcal"] == 2000
    assert abs(progress["estimated_tdee_kcal"] - 2600) / 2600 < 0.05
    assert progress["weekly_rate_kg"] == pytest.approx(-600 * 7 / 7700, abs=0.02)
    assert progress["suggested_energy_kcal"] is None  # no profile yet
    assert progress["trend_kg"] < 82.0

    assert client.put("/api/profile", json=PROFILE, headers=auth_headers).status_code == 200
    progress = client.get("/api/progress", headers=auth_headers).json()
    assert progress["suggested_energy_kcal"] == pytest.approx(progress["estimated_tdee_kcal"] - 550, abs=1)
    equations = client.get("/api/targets", headers=auth_headers).json()
    assert equations["energy_kcal"] != progress["suggested_energy_kcal"]
    assert (
        client.put("/api/profile", json={**PROFILE, "adaptive_targets": True}, headers=auth_headers).status_code == 200
    )
    adaptive = client.get("/api/targets", headers=auth_headers).json()
    assert adaptive["energy_kcal"] == progress["suggested_energy_kcal"]
    assert (
        client.get(f"/api/diary/{DAY}", headers=auth_headers).json()["targets"]["energy_kcal"]
        == adaptive["energy_kcal"]
    )
    # New plans are built for the adapted energy too.
    plan = client.post("/api/plans", json={"days": 1, "seed": 5}, headers=auth_headers)
    assert plan.status_code == 201, plan.text
    assert plan.json()["targets"]["energy_kcal"] == adaptive["energy_kcal"]
    # The suggestion keeps the targets' limits on the goal's rate: 0.5 kg/week at most while breastfeeding.
    lactating = {**PROFILE, "life_stage": "lactating", "rate_kg_per_week": 1.0}
    assert client.put("/api/profile", json=lactating, headers=auth_headers).status_code == 200
    progress = client.get("/api/progress", headers=auth_headers).json()
    assert progress["suggested_energy_kcal"] == pytest.approx(progress["estimated_tdee_kcal"] - 550, abs=1)
    assert "limited to 0.5 kg/week" in progress["note"]


def test_a_low_confidence_estimate_does_not_move_adaptive_targets(
    client: TestClient, auth_headers: dict[str, str]
) -> None:
    """14 logged days but a weigh-in only every 4th day: an estimate, of low confidence, that targets ignore."""
    assert (
        client.put("/api/profile", json={**PROFILE, "adaptive_targets": True}, headers=auth_headers).status_code == 200
    )
    before = client.get("/api/targets", headers=auth_headers).json()["energy_kcal"]
    _synthetic_history(client, auth_headers, tdee_kcal=2600.0, days=14, weigh_every=4)
    progress = client.get("/api/progress", headers=auth_headers).json()
    assert progress["data_days"] == 14 and progress["weigh_ins"] == 4 and progress["confidence"] == "low"
    assert progress["estimated_tdee_kcal"] is not None and progress["suggested_energy_kcal"] is not None
    assert "Adaptive targets wait for a medium-confidence estimate" in progress["note"]
    assert client.get("/api/targets", headers=auth_headers).json()["energy_kcal"] == before


def test_too_little_data_gives_no_estimate_and_targets_stay_on_the_equations(
    client: TestClient, auth_headers: dict[str, str], db_session: Session
) -> None:
    assert (
        client.put("/api/profile", json={**PROFILE, "adaptive_targets": True}, headers=auth_headers).status_code == 200
    )
    before = client.get("/api/targets", headers=auth_headers).json()["energy_kcal"]
    for back in range(1, 6):
        day = (date.today() - timedelta(days=back)).isoformat()
        log(client, auth_headers, date=day, slot="lunch", food_id=food_id(db_session, BANANA), grams=500)
        client.post("/api/weights", json={"date": day, "weight_kg": 80}, headers=auth_headers)
    progress = client.get("/api/progress", headers=auth_headers).json()
    assert progress["estimated_tdee_kcal"] is None and progress["data_days"] == 5
    assert "Not enough data" in progress["note"]
    assert client.get("/api/targets", headers=auth_headers).json()["energy_kcal"] == before


def test_export_and_account_deletion(client: TestClient, db_session: Session) -> None:
    account = register_and_login(client)
    headers = {"Authorization": account["Authorization"]}
    log(client, headers, date=DAY, slot="lunch", food_id=food_id(db_session, MILK), quantity=1, unit="cup")
    custom = client.post(
        "/api/foods", json={"name": "=HYPERLINK(1)", "nutrients": {"energy_kcal": 10}}, headers=headers
    )
    log(client, headers, date=DAY, slot="snack", food_id=custom.json()["id"], grams=50)
    client.post("/api/weights", json={"date": DAY, "weight_kg": 70.5}, headers=headers)

    exported = client.get("/api/users/me/export", headers=headers).json()
    assert [e["grams"] for e in exported["diary"]["meal_logs"]] == [244.0, 50.0]
    assert exported["diary"]["weights"] == [{"date": DAY, "weight_kg": 70.5, "trend_kg": 70.5}]

    logs_csv = client.get("/api/users/me/export/meal-logs.csv", headers=headers)
    assert logs_csv.status_code == 200 and logs_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(logs_csv.text)))
    assert len(rows) == 2 and float(rows[0]["energy_kcal"]) == pytest.approx(61 * 2.44)
    assert rows[1]["food_name"] == "'=HYPERLINK(1)"  # not a formula in a spreadsheet
    assert set(NUTRIENT_KEYS) <= set(rows[0])
    weights_csv = client.get("/api/users/me/export/weights.csv", headers=headers).text
    assert weights_csv.splitlines() == ["date,weight_kg,trend_kg", f"{DAY},70.5,70.5"]
    assert client.get("/api/users/me/export/weights.csv").status_code == 401

    user_id = client.get("/api/users/me", headers=headers).json()["id"]
    assert (
        client.request("DELETE", "/api/users/me", json={"password": TEST_PASSWORD}, headers=headers).status_code == 204
    )
    assert db_session.scalar(select(func.count()).select_from(MealLog).where(MealLog.user_id == user_id)) == 0
    assert db_session.scalar(select(func.count()).select_from(Weight).where(Weight.user_id == user_id)) == 0


@pytest.mark.skipif(BACKEND != "sqlite", reason="PostgreSQL's jsonb never held NaN")
def test_an_entry_stored_with_nan_by_an_earlier_version_still_opens(
    client: TestClient, auth_headers: dict[str, str], db_session: Session
) -> None:
    """The json module wrote a missing value computed as NaN as the bare word NaN, which strict JSON readers
    refuse: a diary holding such an entry must still open, showing the value as unknown."""
    entry = log(client, auth_headers, date="2026-03-09", slot="lunch", food_id=food_id(db_session, BANANA), grams=100)
    stored = dict(entry[0]["nutrients"], vitamin_d_mcg=float("nan"))
    db_session.execute(
        text("UPDATE meal_logs SET nutrients = :nutrients WHERE id = :id"),
        {"nutrients": json.dumps(stored), "id": entry[0]["id"]},
    )
    db_session.commit()
    assert "NaN" in db_session.scalar(text("SELECT nutrients FROM meal_logs WHERE id = :id"), {"id": entry[0]["id"]})

    day = client.get("/api/diary/2026-03-09", headers=auth_headers)
    assert day.status_code == 200, day.text
    [shown] = day.json()["entries"]
    assert shown["id"] == entry[0]["id"]
    assert shown["nutrients"]["energy_kcal"] == pytest.approx(entry[0]["nutrients"]["energy_kcal"])
