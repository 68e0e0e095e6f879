"""Issue 19, fast logging: quick add, copy a meal or a day, undo a deletion, frequent foods, the names people
know foods by, default portions, custom foods per serving, and conflict badges in search and the diary."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.conftest import register_and_login
from tests.diary.test_diary_api import BANANA, BUTTER, DAY, MILK, PROFILE, food_id, log

OTHER_DAY = "2026-03-03"


def _day(client: TestClient, headers: dict[str, str], day: str = DAY) -> dict[str, Any]:
    response = client.get(f"/api/diary/{day}", headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_quick_add_counts_in_the_totals(client: TestClient, auth_headers: dict[str, str]) -> None:
    body = {"date": DAY, "slot": "lunch", "label": "Cafe sandwich", "energy_kcal": 450, "protein_g": 20}
    response = client.post("/api/meal-logs/quick-add", json=body, headers=auth_headers)
    assert response.status_code == 201, response.text
    entry = response.json()
    assert entry["kind"] == "quick" and entry["display_name"] == "Cafe sandwich" and entry["food_id"] is None
    assert entry["nutrients"]["energy_kcal"] == 450 and entry["nutrients"]["protein_g"] == 20
    assert entry["nutrients"]["fat_g"] is None  # not given: unknown, not 0
    day = _day(client, auth_headers)
    assert day["totals"]["energy_kcal"] == 450 and day["totals"]["protein_g"] == 20
    # A quick add has no amount to change; moving it is fine.
    response = client.patch(f"/api/meal-logs/{entry['id']}", json={"grams": 100}, headers=auth_headers)
    assert response.status_code == 422 and "quick add" in response.text
    moved = client.patch(f"/api/meal-logs/{entry['id']}", json={"slot": "dinner"}, headers=auth_headers)
    assert moved.status_code == 200 and moved.json()["slot"] == "dinner"


def test_quick_add_bad_input(client: TestClient, auth_headers: dict[str, str]) -> None:
    base = {"date": DAY, "slot": "lunch", "energy_kcal": 300}
    for change in (
        {"energy_kcal": -20},
        {"energy_kcal": 0},
        {"energy_kcal": 50_000},
        {"protein_g": -5},
        {"slot": "brunch"},
        {"date": "1800-01-01"},
        {"label": "x" * 200},
        {"grams": 10},
    ):
        response = client.post("/api/meal-logs/quick-add", json={**base, **change}, headers=auth_headers)
        assert response.status_code == 422, (change, response.text)
    response = client.post(
        "/api/meal-logs/quick-add", json={**base, "energy_kcal": 100, "fat_g": 80}, headers=auth_headers
    )
    assert response.status_code == 422 and "check the numbers" in response.text
    assert _day(client, auth_headers)["entries"] == []


def test_copy_a_day_and_a_meal(client: TestClient, auth_headers: dict[str, str], db_session: Session) -> None:
    log(client, auth_headers, date=DAY, slot="breakfast", food_id=food_id(db_session, MILK), grams=244)
    log(client, auth_headers, date=DAY, slot="breakfast", food_id=food_id(db_session, BANANA), grams=118)
    log(client, auth_headers, date=DAY, slot="dinner", food_id=food_id(db_session, BUTTER), grams=10)
    client.post(
        "/api/meal-logs/quick-add", json={"date": DAY, "slot": "snack", "energy_kcal": 120}, headers=auth_headers
    )
    response = client.post("/api/meal-logs/copy", json={"from_date": DAY, "to_date": OTHER_DAY}, headers=auth_headers)
    assert response.status_code == 201, response.text
    assert response.json()["total"] == 4
    source, copy = _day(client, auth_headers), _day(client, auth_headers, OTHER_DAY)
    assert copy["totals"] == source["totals"]
    assert sorted(e["slot"] for e in copy["entries"]) == sorted(e["slot"] for e in source["entries"])
    # One meal into another meal of another day.
    response = client.post(
        "/api/meal-logs/copy",
        json={"from_date": DAY, "to_date": "2026-03-04", "slot": "breakfast", "to_slot": "snack"},
        headers=auth_headers,
    )
    assert response.status_code == 201, response.text
    third = _day(client, auth_headers, "2026-03-04")
    assert [e["slot"] for e in third["entries"]] == ["snack", "snack"]
    assert {e["food_name"] for e in third["entries"]} == {
        e["food_name"] for e in source["entries"] if e["slot"] == "breakfast"
    }


def test_copy_bad_input(client: TestClient, auth_headers: dict[str, str], db_session: Session) -> None:
    log(client, auth_headers, date=DAY, slot="breakfast", food_id=food_id(db_session, MILK), grams=244)
    cases = [
        ({"from_date": DAY, "to_date": DAY}, "another date"),
        ({"from_date": "2026-01-01", "to_date": DAY}, "nothing is logged"),
        ({"from_date": DAY, "to_date": OTHER_DAY, "slot": "lunch"}, "nothing is logged for lunch"),
        ({"from_date": DAY, "to_date": OTHER_DAY, "to_slot": "lunch"}, "to_slot needs slot"),
        ({"from_date": DAY, "to_date": OTHER_DAY, "slot": "brunch"}, "slot"),
        ({"from_date": DAY}, "to_date"),
        ({"from_date": DAY, "to_date": "9999-01-01"}, "to_date"),
    ]
    for body, words in cases:
        response = client.post("/api/meal-logs/copy", json=body, headers=auth_headers)
        assert response.status_code == 422, (body, response.text)
        assert words in response.text, (body, response.text)
    assert _day(client, auth_headers, OTHER_DAY)["entries"] == []


def test_undo_a_deletion(client: TestClient, auth_headers: dict[str, str], db_session: Session) -> None:
    [entry] = log(client, auth_headers, date=DAY, slot="breakfast", food_id=food_id(db_session, MILK), grams=244)
    before = _day(client, auth_headers)["totals"]
    assert client.delete(f"/api/meal-logs/{entry['id']}", headers=auth_headers).status_code == 204
    gone = _day(client, auth_headers)
    assert gone["entries"] == [] and gone["totals"]["energy_kcal"] == 0
    assert client.get(f"/api/meal-logs/{entry['id']}", headers=auth_headers).status_code == 404
    assert client.delete(f"/api/meal-logs/{entry['id']}", headers=auth_headers).status_code == 404
    restored = client.post(f"/api/meal-logs/{entry['id']}/restore", headers=auth_headers)
    assert restored.status_code == 200, restored.text
    assert restored.json()["id"] == entry["id"]
    assert _day(client, auth_headers)["totals"] == before
    # Restoring again answers the entry as it is; an unknown or someone else's entry is a 404.
    assert client.post(f"/api/meal-logs/{entry['id']}/restore", headers=auth_headers).status_code == 200
    assert client.post("/api/meal-logs/999999/restore", headers=auth_headers).status_code == 404
    client.delete(f"/api/meal-logs/{entry['id']}", headers=auth_headers)
    stranger = register_and_login(client, "stranger@example.com")
    assert client.post(f"/api/meal-logs/{entry['id']}/restore", headers=stranger).status_code == 404


def test_frequent_foods_rank_by_days(client: TestClient, auth_headers: dict[str, str], db_session: Session) -> None:
    milk, butter = food_id(db_session, MILK), food_id(db_session, BUTTER)
    today = date.today()
    for back in (1, 2, 3):
        log(
            client,
            auth_headers,
            date=(today - timedelta(days=back)).isoformat(),
            slot="breakfast",
            food_id=milk,
            grams=100,
        )
    log(client, auth_headers, date=today.isoformat(), slot="lunch", food_id=butter, grams=10)
    response = client.get("/api/foods/frequent", headers=auth_headers)
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [i["id"] for i in items] == [milk, butter]
    assert items[0]["days_logged"] == 3
    assert client.get("/api/foods/frequent?limit=0", headers=auth_headers).status_code == 422
    assert client.get("/api/foods/frequent").status_code == 401


def test_display_names_and_default_portions(
    client: TestClient, auth_headers: dict[str, str], db_session: Session
) -> None:
    banana = client.get(f"/api/foods/{food_id(db_session, BANANA)}").json()
    assert banana["display_name"] == "Banana" and banana["name"].startswith("Bananas")
    assert banana["default_portion"]["unit"].startswith("medium") and 100 < banana["default_portion"]["grams"] < 140
    # Almonds are served by the ounce: 1 oz, not the first USDA measure (a cup, 828 kcal).
    almonds = client.get(f"/api/foods/{food_id(db_session, '12061')}").json()["default_portion"]
    assert almonds == {"quantity": 1.0, "unit": "oz", "grams": 28.4}
    found = client.get("/api/foods?q=banana raw", headers=auth_headers).json()["items"]
    assert any(i["display_name"] == "Banana" for i in found)
    [entry] = log(client, auth_headers, date=DAY, slot="snack", food_id=banana["id"], grams=118)
    assert entry["display_name"] == "Banana" and entry["food_name"] == banana["name"]


def test_custom_food_per_serving(client: TestClient, auth_headers: dict[str, str]) -> None:
    body = {"name": "Protein bar", "serving_grams": 60, "nutrients": {"energy_kcal": 240, "protein_g": 20}}
    response = client.post("/api/foods", json=body, headers=auth_headers)
    assert response.status_code == 201, response.text
    food = response.json()
    assert food["nutrients"]["energy_kcal"] == 400 and abs(food["nutrients"]["protein_g"] - 33.3333) < 0.001
    assert food["measures"][0] == {"name": "serving", "amount": 1.0, "grams": 60.0}
    assert food["default_portion"] == {"quantity": 1.0, "unit": "serving", "grams": 60.0}
    entry = client.post(
        "/api/meal-logs",
        json={"date": DAY, "slot": "snack", "food_id": food["id"], "quantity": 1, "unit": "serving"},
        headers=auth_headers,
    ).json()["items"][0]
    assert entry["nutrients"]["energy_kcal"] == 240
    for change in ({"serving_grams": 0}, {"serving_grams": -60}, {"serving_grams": 10}):
        bad = client.post("/api/foods", json={**body, **change}, headers=auth_headers)
        assert bad.status_code == 422, (change, bad.text)
    assert (
        "check the serving size"
        in client.post("/api/foods", json={**body, "serving_grams": 10}, headers=auth_headers).text
    )


def _conflicts(items: list[dict[str, Any]], name_part: str) -> list[dict[str, Any]]:
    match = next(i for i in items if name_part.lower() in i["name"].lower())
    return list(match["conflicts"])


def test_conflict_badges_in_search_and_the_diary(client: TestClient, auth_headers: dict[str, str]) -> None:
    # Anonymous search carries no conflicts.
    anonymous = client.get("/api/foods?q=almonds").json()["items"]
    assert all(i["conflicts"] == [] for i in anonymous)
    profile = {**PROFILE, "diet": "vegetarian", "allergies": ["tree_nut"]}
    assert client.put("/api/profile", json=profile, headers=auth_headers).status_code == 200
    almonds = client.get("/api/foods?q=almonds&limit=40", headers=auth_headers).json()["items"]
    assert almonds
    flagged = [i for i in almonds if "almond" in i["name"].lower()]
    assert flagged and all(any(c["name"] == "tree_nut" for c in i["conflicts"]) for i in flagged)
    assert any(c["certainty"] == "contains" for i in flagged for c in i["conflicts"])  # the catalogue's almonds
    beef = client.get("/api/foods?q=beef ground&limit=5", headers=auth_headers).json()["items"]
    assert all(any(c["kind"] == "diet" and c["name"] == "vegetarian" for c in i["conflicts"]) for i in beef)
    banana = client.get("/api/foods?q=banana raw&limit=5", headers=auth_headers).json()["items"]
    assert _conflicts(banana, "bananas, raw") == []
    # The diary marks the entry too.
    almond = next(i for i in flagged if any(c["certainty"] == "contains" for c in i["conflicts"]))
    log(client, auth_headers, date=DAY, slot="snack", food_id=almond["id"], grams=28)
    [entry] = _day(client, auth_headers)["entries"]
    assert entry["conflicts"] and entry["conflicts"][0]["label"].startswith("Contains tree nuts")
    # A food only judged by its name says "may contain".
    butter = client.get("/api/foods?q=almond butter&limit=10", headers=auth_headers).json()["items"]
    guessed = [c for i in butter for c in i["conflicts"] if c["certainty"] == "may_contain"]
    assert any(c["label"] == "May contain tree nuts" for c in guessed)


def test_favourites_list(client: TestClient, auth_headers: dict[str, str], db_session: Session) -> None:
    milk, banana = food_id(db_session, MILK), food_id(db_session, BANANA)
    assert client.get("/api/foods/favourites", headers=auth_headers).json() == {"items": [], "total": 0}
    for food in (milk, banana):
        assert client.put(f"/api/foods/{food}/favourite", headers=auth_headers).status_code == 204
    items = client.get("/api/foods/favourites", headers=auth_headers).json()["items"]
    assert items[0]["display_name"] == "Banana" and {i["id"] for i in items} == {milk, banana}
    assert all(i["favourite"] for i in items)
    assert client.get("/api/foods/favourites?limit=0", headers=auth_headers).status_code == 422
    assert client.get("/api/foods/favourites").status_code == 401
