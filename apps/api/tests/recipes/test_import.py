"""POST /api/recipes/import from saved pages and pasted text, and GET /api/recipes/{id}/jsonld read back."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from diet_planner.foods import service as foods
from tests.recipes.fixture_set import FIXTURES, expected, measure

DAL = """Red Lentil Dal

Serves 4
Prep time: 10 minutes
Total time: 40 minutes

Ingredients
- 1 cup dried red lentils
- 1 medium onion, chopped
- 2 cloves garlic, minced
- 1 tbsp olive oil
- 1 tsp ground cumin
- Salt to taste

Method
1. Rinse the lentils.
2. Soften the onion and garlic in the oil, add the cumin.
3. Add the lentils and 3 cups water; simmer 25 minutes.
"""


def test_every_saved_page_is_read_and_every_line_matched_or_flagged(db_session: Session) -> None:
    score = measure(db_session)
    assert score.pages >= 20 and score.recipes_found == score.pages
    assert score.silent == 0  # no line without a food and grams goes unexplained
    assert score.matched + score.flagged == score.lines
    assert score.within_share >= 0.85, "\n".join(score.misses)


def test_each_page_gives_its_name_servings_time_and_steps(client: TestClient, auth_headers: dict[str, str]) -> None:
    styles = set()
    for name, truth in expected().items():
        response = client.post(
            "/api/recipes/import", json={"html": (FIXTURES / name).read_text(encoding="utf-8")}, headers=auth_headers
        )
        assert response.status_code == 200, (name, response.text)
        draft = response.json()
        assert draft["name"] == truth["name"], name
        assert draft["servings"] == truth["servings"] and draft["servings_given"], name
        assert draft["total_minutes"] == truth["total_minutes"], name
        assert len(draft["steps"]) == truth["steps"], (name, draft["steps"])
        assert [item["line"] for item in draft["ingredients"]] == [line["line"] for line in truth["lines"]], name
        for item in draft["ingredients"]:
            assert 0 <= item["confidence"] <= 1 and isinstance(item["alternatives"], list)
        styles.add(truth["style"])
    assert len(styles) >= 8  # JSON-LD plain, @graph, arrays, microdata old and new, entities, @type lists, lenient


def test_pasted_text_is_read_by_its_headings(client: TestClient, auth_headers: dict[str, str]) -> None:
    response = client.post("/api/recipes/import", json={"text": DAL}, headers=auth_headers)
    assert response.status_code == 200, response.text
    draft = response.json()
    assert draft["name"] == "Red Lentil Dal" and draft["servings"] == 4
    assert draft["total_minutes"] == 40 and draft["active_minutes"] == 10
    assert len(draft["steps"]) == 3 and draft["steps"][0] == "Rinse the lentils."
    lines = [item["line"] for item in draft["ingredients"]]
    assert lines[0] == "1 cup dried red lentils" and len(lines) == 6
    lentils = draft["ingredients"][0]
    assert "Lentils" in lentils["food"]["name"] and 160 <= lentils["grams"] <= 220 and lentils["flag"] is None
    salt = draft["ingredients"][-1]
    assert salt["grams"] is None and salt["flag"]  # "to taste": flagged, not a guessed weight


def test_pasted_text_without_headings(client: TestClient, auth_headers: dict[str, str]) -> None:
    text = (
        "Quick porridge\n2 cups milk\n1 cup rolled oats\n1 tbsp honey\n"
        "Bring the milk to a simmer, stir in the oats and cook for five minutes, stirring often.\n"
        "Serve with the honey drizzled on top."
    )
    draft = client.post("/api/recipes/import", json={"text": text}, headers=auth_headers).json()
    assert draft["name"] == "Quick porridge"
    assert [i["line"] for i in draft["ingredients"]] == ["2 cups milk", "1 cup rolled oats", "1 tbsp honey"]
    assert len(draft["steps"]) == 2 and not draft["servings_given"]


def test_bad_imports_are_4xx(client: TestClient, auth_headers: dict[str, str]) -> None:
    for body in ({}, {"html": "<p>x</p>", "text": "x"}, {"text": ""}, {"file": "x"}):
        assert client.post("/api/recipes/import", json=body, headers=auth_headers).status_code == 422, body
    response = client.post(
        "/api/recipes/import", json={"html": "<html><p>No recipe here</p></html>"}, headers=auth_headers
    )
    assert response.status_code == 422 and "schema.org Recipe" in response.json()["detail"]
    response = client.post("/api/recipes/import", json={"text": "Just a title"}, headers=auth_headers)
    assert response.status_code == 422 and "ingredient" in response.json()["detail"]
    assert client.post("/api/recipes/import", json={"text": DAL}).status_code == 401


def _own_recipe(client: TestClient, headers: dict[str, str], db_session: Session) -> dict[str, Any]:
    ids = foods.ids_by_source_ids(db_session, "usda_sr", ["05064", "20037", "11091", "04053"])
    body = {
        "name": "Chicken & rice bowl",
        "servings": 2,
        "meal_types": ["lunch", "dinner"],
        "ingredients": [
            {"food_id": ids["05064"], "grams": 260},
            {"food_id": ids["20037"], "grams": 300},
            {"food_id": ids["11091"], "grams": 180.5},
            {"food_id": ids["04053"], "grams": 13.5},
        ],
        "steps": ["Roast the chicken.", "Cook the rice; steam the broccoli.", "Dress with the oil."],
        "total_minutes": 75,
        "active_minutes": 20,
    }
    response = client.post("/api/recipes", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_a_recipe_exports_as_json_ld_that_imports_back(
    client: TestClient, auth_headers: dict[str, str], db_session: Session
) -> None:
    recipe = _own_recipe(client, auth_headers, db_session)
    response = client.get(f"/api/recipes/{recipe['id']}/jsonld", headers=auth_headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    document = response.json()
    assert document["@type"] == "Recipe" and document["totalTime"] == "PT1H15M"
    assert document["nutrition"]["calories"].endswith("kcal")
    same = client.get(f"/api/recipes/{recipe['id']}", headers={**auth_headers, "Accept": "application/ld+json"})
    assert same.json()["recipeIngredient"] == document["recipeIngredient"]

    page = f'<html><head><script type="application/ld+json">{response.text}</script></head></html>'
    draft = client.post("/api/recipes/import", json={"html": page}, headers=auth_headers).json()
    assert draft["name"] == recipe["name"] and draft["servings"] == recipe["servings"]
    assert draft["steps"] == recipe["steps"] and draft["total_minutes"] == 75 and draft["active_minutes"] == 20
    assert sorted(draft["meal_types"]) == ["dinner", "lunch"]
    for got, want in zip(draft["ingredients"], recipe["ingredients"], strict=True):
        assert got["food"]["id"] == want["food_id"], got
        assert abs(got["grams"] - want["grams"]) < 0.06, got
    # Saved back, it is the same recipe.
    saved = client.post(
        "/api/recipes",
        json={
            "name": draft["name"],
            "servings": draft["servings"],
            "meal_types": draft["meal_types"],
            "steps": draft["steps"],
            "total_minutes": draft["total_minutes"],
            "ingredients": [{"food_id": i["food"]["id"], "grams": i["grams"]} for i in draft["ingredients"]],
        },
        headers=auth_headers,
    ).json()
    assert saved["nutrients_per_serving"]["energy_kcal"] == recipe["nutrients_per_serving"]["energy_kcal"]
    assert saved["diets"] == recipe["diets"] and saved["allergens"] == recipe["allergens"]


def test_a_catalogue_recipe_exports_too(client: TestClient, db_session: Session) -> None:
    recipe_id = foods.ids_by_source_ids(db_session, "recipe", ["spaghetti-bolognese"])["spaghetti-bolognese"]
    response = client.get(f"/api/recipes/{recipe_id}/jsonld")
    assert response.status_code == 200 and response.json()["name"]
    assert client.get("/api/recipes/999999/jsonld").status_code == 404
