"""Foods: the bundled USDA data, search of everyday words, custom-food privacy and hostile search input."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from diet_planner.foods.models import Food


def _top(client: TestClient, query: str, limit: int = 5) -> list[str]:
    response = client.get("/api/foods", params={"q": query, "limit": limit})
    assert response.status_code == 200, response.text
    return [item["source_id"] for item in response.json()["items"]]


def test_all_bundled_foods_are_loaded(db_session: Session) -> None:
    def count(source: str) -> int:
        return int(db_session.scalar(select(func.count()).select_from(Food).where(Food.source == source)) or 0)

    assert count("usda_sr") == 8789  # USDA SR28
    assert count("usda_fdc") == 5  # the curated FoodData Central supplement


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("greek yogurt", "Yogurt, Greek"),
        ("oat milk", "Oat milk"),
        ("almond milk", "almond milk"),
        ("hummus", "Hummus"),
        ("kefir", "Kefir"),
        ("coconut yogurt", "Yogurt, coconut milk"),
    ],
)
def test_foods_of_this_decade_are_found(client: TestClient, query: str, expected: str) -> None:
    """What a new user tried on SR24 ("greek yogurt" found tofu yogurt, "oat milk" found oats)."""
    response = client.get("/api/foods", params={"q": query, "limit": 1})
    assert response.status_code == 200, response.text
    assert expected in response.json()["items"][0]["name"]


def test_the_fdc_supplement_has_its_source_portions_and_unknowns(client: TestClient) -> None:
    items = client.get("/api/foods", params={"q": "oat milk unsweetened", "limit": 1}).json()["items"]
    assert (items[0]["source"], items[0]["source_id"]) == ("usda_fdc", "oat-milk-unsweetened")
    food = client.get(f"/api/foods/{items[0]['id']}").json()
    assert food["source_release"].startswith("USDA FoodData Central")
    assert {"name": "cup", "amount": 1.0, "grams": 240.0} in food["measures"]  # added by hand, reviewed
    assert food["nutrients"]["calcium_mg"] == 148.5
    # The Foundation row has no vitamin A or fatty acids: unknown, not 0.
    assert food["nutrients"]["vitamin_a_rae_ug"] is None and food["nutrients"]["omega3_g"] is None
    only_fdc = client.get("/api/foods", params={"source": "usda_fdc", "limit": 100}).json()
    assert only_fdc["total"] == 5


def test_stored_energy_agrees_with_atwater_for_most_foods(db_session: Session) -> None:
    rows = db_session.execute(select(Food.source_id, Food.nutrients).where(Food.source == "usda_sr")).all()
    checked, outliers = 0, []
    for source_id, nutrients in rows:
        energy, protein, fat, carbs = (nutrients.get(k) for k in ("energy_kcal", "protein_g", "fat_g", "carbs_g"))
        alcohol = nutrients.get("alcohol_g")
        if energy is None or protein is None or fat is None or carbs is None or energy < 20:
            continue
        checked += 1
        estimate = 4 * protein + 9 * fat + 4 * carbs + 7 * (alcohol or 0)
        if abs(estimate - energy) > max(15.0, 0.2 * energy):
            outliers.append(source_id)
    # Specific Atwater factors differ from 4/9/4 (fibre, polyols); a few foods are flagged, not failed.
    assert checked > 8000
    assert len(outliers) / checked < 0.05, outliers[:50]


@pytest.mark.parametrize(
    ("query", "acceptable"),
    [
        ("banana", {"09040"}),
        ("bananas", {"09040"}),
        ("bananna", {"09040"}),
        ("egg", {"01123"}),
        ("milk", {"01077", "01211", "01079", "01081", "01082", "01083", "01085", "01086", "01151", "01175"}),
    ],
)
def test_everyday_words_find_the_generic_food(client: TestClient, query: str, acceptable: set[str]) -> None:
    assert _top(client, query, 1)[0] in acceptable


def test_group_filter(client: TestClient) -> None:
    response = client.get("/api/foods", params={"q": "apple", "group": "09", "limit": 20})
    assert response.status_code == 200
    assert response.json()["items"]
    assert all(item["source_id"].startswith("09") for item in response.json()["items"])


@pytest.mark.parametrize(
    "query",
    [
        "",
        " ",
        "a" * 5000,
        '"',
        "'; DROP TABLE foods; --",
        "🍌",
        "AND",
        "OR NEAR",
        "*",
        "^",
        ":",
        "milk AND",
        'NEAR("a" "b")',
        "\x00",
    ],
)
def test_hostile_queries_never_fail(client: TestClient, query: str) -> None:
    response = client.get("/api/foods", params={"q": query})
    assert response.status_code in (200, 422), response.text


def test_custom_food_is_private(client: TestClient, auth_headers: dict[str, str]) -> None:
    from tests.conftest import register_and_login

    body = {"name": "Zqxwv granola", "nutrients": {"energy_kcal": 450, "protein_g": 10}}
    created = client.post("/api/foods", json=body, headers=auth_headers)
    assert created.status_code == 201, created.text
    food_id = created.json()["id"]
    other = {"Authorization": register_and_login(client)["Authorization"]}
    assert client.get(f"/api/foods/{food_id}", headers=auth_headers).status_code == 200
    assert client.get(f"/api/foods/{food_id}", headers=other).status_code == 404
    assert client.get(f"/api/foods/{food_id}").status_code == 404
    assert client.delete(f"/api/foods/{food_id}", headers=other).status_code == 404
    mine = client.get("/api/foods", params={"q": "zqxwv granola"}, headers=auth_headers).json()["items"]
    theirs = client.get("/api/foods", params={"q": "zqxwv granola"}, headers=other).json()["items"]
    assert food_id in [item["id"] for item in mine]
    assert food_id not in [item["id"] for item in theirs]


def test_source_custom_lists_only_my_foods(client: TestClient, auth_headers: dict[str, str]) -> None:
    from tests.conftest import register_and_login

    other = {"Authorization": register_and_login(client)["Authorization"]}
    for name, headers in (("Oat bar, homemade", auth_headers), ("Apple crumble, grandma's", auth_headers)):
        created = client.post("/api/foods", json={"name": name, "nutrients": {"energy_kcal": 300}}, headers=headers)
        assert created.status_code == 201, created.text
    client.post("/api/foods", json={"name": "Their flapjack", "nutrients": {"energy_kcal": 400}}, headers=other)

    mine = client.get("/api/foods", params={"source": "custom"}, headers=auth_headers).json()
    assert [item["name"] for item in mine["items"]] == ["Apple crumble, grandma's", "Oat bar, homemade"]
    assert mine["total"] == 2 and {item["source"] for item in mine["items"]} == {"custom"}
    searched = client.get("/api/foods", params={"source": "custom", "q": "oat bar"}, headers=auth_headers).json()
    assert [item["name"] for item in searched["items"]] == ["Oat bar, homemade"]
    assert client.get("/api/foods", params={"source": "custom"}).json() == {"items": [], "total": 0}
    wrong = client.get("/api/foods", params={"source": "mine"}, headers=auth_headers)
    assert wrong.status_code == 422 and "source" in wrong.text
