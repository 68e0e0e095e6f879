"""PUT/GET /api/profile and GET /api/targets per the API contract, on the real database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from diet_planner.core.errors import Unprocessable
from diet_planner.profiles import service
from tests.conftest import TEST_PASSWORD, register_and_login


def _born(years: int, days_after: int = 0) -> str:
    """A birth date making the person `years` old today (UTC), optionally a few days short of it."""
    today = datetime.now(UTC).date()
    try:
        born = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        born = date(today.year - years, 2, 28)
    return (born + timedelta(days=days_after)).isoformat()


def _profile(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "sex": "female",
        "birth_date": _born(30),
        "height_cm": 165,
        "weight_kg": 60,
        "activity_level": "moderate",
        "goal": "maintain",
        "rate_kg_per_week": 0,
        "diet": "omnivore",
        "allergies": [],
        "excluded_food_ids": [],
        "meals_per_day": 3,
        "units": "metric",
        "life_stage": "none",
    }
    body.update(overrides)
    return body


def test_profile_round_trip(client: TestClient, auth_headers: dict[str, str]) -> None:
    assert client.get("/api/profile", headers=auth_headers).status_code == 404
    body = _profile(allergies=["peanut", "milk", "peanut"], excluded_food_ids=[12, 7, 12], adaptive_targets=True)
    response = client.put("/api/profile", json=body, headers=auth_headers)
    assert response.status_code == 200, response.text
    saved = response.json()
    assert saved["allergies"] == ["peanut", "milk"]
    assert saved["excluded_food_ids"] == [12, 7]
    assert saved["adaptive_targets"] is True
    assert saved["age_years"] == 30
    assert datetime.fromisoformat(saved["updated_at"].replace("Z", "+00:00")).utcoffset() == timedelta(0)
    got = client.get("/api/profile", headers=auth_headers).json()
    assert got == saved
    for key in ("sex", "birth_date", "height_cm", "weight_kg", "activity_level", "goal", "diet", "units"):
        assert got[key] == body[key]
    # PUT replaces: what a client GOT can be PUT back with changes.
    got["weight_kg"] = 58.5
    got["diet"] = "vegan"
    updated = client.put("/api/profile", json=got, headers=auth_headers)
    assert updated.status_code == 200, updated.text
    assert client.get("/api/profile", headers=auth_headers).json()["weight_kg"] == 58.5
    assert client.get("/api/profile", headers=auth_headers).json()["diet"] == "vegan"


def test_defaults_for_optional_fields(client: TestClient, auth_headers: dict[str, str]) -> None:
    body = {"sex": "male", "birth_date": _born(40), "height_cm": 180, "weight_kg": 80}
    saved = client.put("/api/profile", json=body, headers=auth_headers).json()
    assert saved["goal"] == "maintain" and saved["diet"] == "omnivore" and saved["meals_per_day"] == 3
    assert saved["life_stage"] == "none" and saved["adaptive_targets"] is False
    # Plans stay as they were until a person asks for leftovers or a cooking-time budget.
    assert saved["leftovers"] == "never"
    assert saved["cooking_minutes_weekday"] is None and saved["cooking_minutes_weekend"] is None


def test_kitchen_settings_round_trip(client: TestClient, auth_headers: dict[str, str]) -> None:
    body = _profile(leftovers="batch", cooking_minutes_weekday=20, cooking_minutes_weekend=60)
    saved = client.put("/api/profile", json=body, headers=auth_headers).json()
    assert (saved["leftovers"], saved["cooking_minutes_weekday"], saved["cooking_minutes_weekend"]) == ("batch", 20, 60)
    assert client.get("/api/profile", headers=auth_headers).json() == saved
    saved["cooking_minutes_weekday"] = None  # back to no limit
    again = client.put("/api/profile", json=saved, headers=auth_headers).json()
    assert again["cooking_minutes_weekday"] is None and again["cooking_minutes_weekend"] == 60


@pytest.mark.parametrize("allergy", ["celery", "mustard", "sulphites", "lupin"])
def test_the_eu_allergens_beyond_the_us_nine_are_accepted(
    client: TestClient, auth_headers: dict[str, str], allergy: str
) -> None:
    saved = client.put("/api/profile", json=_profile(allergies=[allergy]), headers=auth_headers).json()
    assert saved["allergies"] == [allergy]


def test_profiles_are_per_user(client: TestClient, auth_headers: dict[str, str]) -> None:
    client.put("/api/profile", json=_profile(), headers=auth_headers)
    other = register_and_login(client)
    assert client.get("/api/profile", headers={"Authorization": other["Authorization"]}).status_code == 404


def test_profile_needs_login(client: TestClient) -> None:
    assert client.get("/api/profile").status_code == 401
    assert client.put("/api/profile", json=_profile()).status_code == 401
    assert client.get("/api/targets").status_code == 401


@pytest.mark.parametrize(
    ("overrides", "field", "phrase"),
    [
        ({"birth_date": lambda: _born(13)}, "birth_date", "children's plans are not supported"),
        ({"birth_date": lambda: _born(14, days_after=1)}, "birth_date", "children's plans are not supported"),
        ({"birth_date": "2999-01-01"}, "birth_date", "future"),
        ({"birth_date": "1850-01-01"}, "birth_date", "over 120"),
        ({"birth_date": "not-a-date"}, "birth_date", "date"),
        ({"height_cm": 119}, "height_cm", "120"),
        ({"height_cm": 231}, "height_cm", "230"),
        ({"weight_kg": 34.9}, "weight_kg", "35"),
        ({"weight_kg": 301}, "weight_kg", "300"),
        ({"rate_kg_per_week": 1.5}, "rate_kg_per_week", "1"),
        ({"rate_kg_per_week": -0.1}, "rate_kg_per_week", "0"),
        ({"sex": "other"}, "sex", "female"),
        ({"activity_level": "couch"}, "activity_level", "sedentary"),
        ({"goal": "bulk"}, "goal", "lose"),
        ({"diet": "carnivore"}, "diet", "vegan"),
        ({"allergies": ["gluten", "kiwi"]}, "allergies", "peanut"),
        ({"meals_per_day": 2}, "meals_per_day", "3"),
        ({"meals_per_day": 7}, "meals_per_day", "6"),
        ({"units": "stones"}, "units", "metric"),
        ({"life_stage": "teen"}, "life_stage", "pregnant"),
        ({"sex": "male", "life_stage": "pregnant"}, "life_stage", "females only"),
        ({"sex": "male", "life_stage": "lactating"}, "life_stage", "females only"),
        ({"trimester": 2}, "trimester", "only with life_stage 'pregnant'"),
        ({"life_stage": "pregnant", "trimester": 4}, "trimester", "3"),
        ({"excluded_food_ids": [0]}, "excluded_food_ids", "positive"),
        ({"height_cm": "tall"}, "height_cm", "number"),
        ({"leftovers": "sometimes"}, "leftovers", "batch"),
        ({"cooking_minutes_weekday": 2}, "cooking_minutes_weekday", "5"),
        ({"cooking_minutes_weekend": 601}, "cooking_minutes_weekend", "600"),
        # Each value in range, together not a body: BMI 6.6 (35 kg at 230 cm), 208 (300 kg at 120 cm).
        ({"height_cm": 230, "weight_kg": 35}, "weight_kg", "BMI of 6.6"),
        ({"height_cm": 120, "weight_kg": 300}, "weight_kg", "check both values and their units"),
    ],
)
def test_invalid_profiles_are_422_naming_the_field(
    client: TestClient, auth_headers: dict[str, str], overrides: dict[str, Any], field: str, phrase: str
) -> None:
    # Dates relative to today are computed now, not at collection: a run that crosses midnight keeps them right.
    overrides = {key: value() if callable(value) else value for key, value in overrides.items()}
    response = client.put("/api/profile", json=_profile(**overrides), headers=auth_headers)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, list)
    assert any(field in item["loc"] for item in detail), detail
    assert phrase in response.text, detail
    assert client.get("/api/profile", headers=auth_headers).status_code == 404


def test_missing_required_field_is_422(client: TestClient, auth_headers: dict[str, str]) -> None:
    body = _profile()
    del body["weight_kg"]
    response = client.put("/api/profile", json=body, headers=auth_headers)
    assert response.status_code == 422
    assert "weight_kg" in response.text


def test_fourteen_today_is_accepted(client: TestClient, auth_headers: dict[str, str]) -> None:
    response = client.put("/api/profile", json=_profile(birth_date=_born(14)), headers=auth_headers)
    assert response.status_code == 200, response.text
    assert client.get("/api/targets", headers=auth_headers).json()["life_stage_group"] == "female_14_18"


def test_maintain_with_a_rate_is_accepted(client: TestClient, auth_headers: dict[str, str]) -> None:
    response = client.put("/api/profile", json=_profile(rate_kg_per_week=0.5), headers=auth_headers)
    assert response.status_code == 200
    targets = client.get("/api/targets", headers=auth_headers).json()
    assert targets["energy_kcal"] == targets["tdee_kcal"]
    assert any("ignored" in note for note in targets["notes"])


def test_targets_need_a_profile(client: TestClient, auth_headers: dict[str, str]) -> None:
    response = client.get("/api/targets", headers=auth_headers)
    assert response.status_code == 409
    assert "PUT /api/profile" in response.json()["detail"]


def test_targets_from_the_profile(client: TestClient, auth_headers: dict[str, str]) -> None:
    client.put("/api/profile", json=_profile(), headers=auth_headers)
    response = client.get("/api/targets", headers=auth_headers)
    assert response.status_code == 200, response.text
    body = response.json()
    # 30-year-old moderately active woman, 165 cm, 60 kg: BMR 1,320.25 x 1.55
    assert (body["bmr_kcal"], body["tdee_kcal"], body["energy_kcal"]) == (1320, 2046, 2046)
    assert "Mifflin-St Jeor" in body["method"]
    nutrients = body["nutrients"]
    assert nutrients["iron_mg"] == {
        "min": 18.0,
        "max": 45.0,
        "unit": "mg",
        "basis": nutrients["iron_mg"]["basis"],
        "goal": 18.0,
    }
    assert nutrients["potassium_mg"]["min"] == 2600
    assert nutrients["sodium_mg"]["max"] == 2300
    assert nutrients["magnesium_mg"]["max"] is None
    assert "supplements only" in nutrients["magnesium_mg"]["basis"]
    assert nutrients["vitamin_a_rae_ug"]["unit"] == "µg"
    for key in ("energy_kcal", "protein_g", "fat_g", "carbs_g", "fiber_g", "saturated_fat_g", "sodium_mg"):
        assert set(nutrients[key]) == {"min", "max", "unit", "basis", "goal"}


def test_targets_follow_profile_changes(client: TestClient, auth_headers: dict[str, str]) -> None:
    client.put("/api/profile", json=_profile(life_stage="pregnant"), headers=auth_headers)
    pregnant = client.get("/api/targets", headers=auth_headers).json()
    assert pregnant["life_stage_group"] == "pregnancy_19_30"
    assert pregnant["nutrients"]["folate_ug"]["min"] == 600
    assert pregnant["energy_kcal"] == 2046 + 340
    assert "set the trimester" in " ".join(pregnant["notes"])
    # The trimester's own figure (IOM 2005): +0 in the first, +452 in the third.
    for trimester, addition in ((1, 0), (2, 340), (3, 452)):
        body = _profile(life_stage="pregnant", trimester=trimester)
        stored = client.put("/api/profile", json=body, headers=auth_headers).json()
        assert stored["trimester"] == trimester
        targets = client.get("/api/targets", headers=auth_headers).json()
        assert targets["energy_kcal"] == 2046 + addition
        assert f"trimester {trimester}" in " ".join(targets["notes"])
    client.put("/api/profile", json=_profile(goal="lose", rate_kg_per_week=0.5), headers=auth_headers)
    losing = client.get("/api/targets", headers=auth_headers).json()
    assert losing["energy_kcal"] == round(1320.25 * 1.55 - 550)


def test_service_functions_for_other_domains(
    client: TestClient, auth_headers: dict[str, str], db_session: Session
) -> None:
    client.put("/api/profile", json=_profile(diet="vegan"), headers=auth_headers)
    user_id = client.get("/api/users/me", headers=auth_headers).json()["id"]
    profile = service.get_profile(db_session, user_id)
    assert profile is not None and profile.diet == "vegan"
    assert profile is not None
    adapted = service.targets_for_profile(profile, energy_override_kcal=1800)
    assert adapted.energy_kcal == 1800
    assert service.get_profile(db_session, user_id + 10_000) is None
    exported = client.get("/api/users/me/export", headers=auth_headers).json()
    assert exported["profile"]["diet"] == "vegan"


def test_export_without_profile_and_account_deletion_cascades(
    client: TestClient, auth_headers: dict[str, str], db_session: Session
) -> None:
    assert client.get("/api/users/me/export", headers=auth_headers).json()["profile"] is None
    client.put("/api/profile", json=_profile(), headers=auth_headers)
    user_id = client.get("/api/users/me", headers=auth_headers).json()["id"]
    deleted = client.request("DELETE", "/api/users/me", json={"password": TEST_PASSWORD}, headers=auth_headers)
    assert deleted.status_code == 204
    remaining = db_session.execute(text("SELECT COUNT(*) FROM profiles WHERE user_id = :u"), {"u": user_id})
    assert remaining.scalar_one() == 0


def test_nan_height_is_422(client: TestClient, auth_headers: dict[str, str]) -> None:
    raw = '{"sex": "female", "birth_date": "' + _born(30) + '", "height_cm": NaN, "weight_kg": 60}'
    response = client.put("/api/profile", content=raw, headers={**auth_headers, "Content-Type": "application/json"})
    assert response.status_code in (400, 422), response.text
    assert client.get("/api/profile", headers=auth_headers).status_code == 404


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"diet": "paleo"}, "diet"), ({"weight_kg": 20.0}, "weight_kg"), ({"allergies": ["kiwi"]}, "allergies")],
)
def test_service_checks_input_from_other_callers(
    client: TestClient, auth_headers: dict[str, str], db_session: Session, overrides: dict[str, Any], field: str
) -> None:
    user_id = client.get("/api/users/me", headers=auth_headers).json()["id"]
    body = {**_profile(), "birth_date": date.fromisoformat(_born(30)), **overrides}
    with pytest.raises(Unprocessable) as raised:
        service.put_profile(db_session, user_id, service.ProfileInput(**body))
    assert raised.value.detail[0]["loc"] == ["body", field]
