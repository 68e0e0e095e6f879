"""Issue 19, steering a plan: swap a meal from ranked alternatives that keep the person's rules, and the
unlocked rest of the day re-balances around it."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from diet_planner.planner.catalogue import load_catalogue
from tests.plans.test_plans_api import Nutrition, _create, _profile


def _alternatives(client: TestClient, headers: dict[str, str], plan: dict[str, Any], meal: dict[str, Any]) -> Any:
    response = client.get(f"/api/plans/{plan['id']}/meals/{meal['id']}/alternatives?limit=50", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_alternatives_keep_the_rules_and_are_ranked(client: TestClient, auth_headers: dict[str, str]) -> None:
    _profile(client, auth_headers, diet="vegetarian", allergies=["tree_nut"])
    plan = _create(client, auth_headers, days=1)
    day = plan["days"][0]
    lunch = day["meals"][1]
    found = _alternatives(client, auth_headers, plan, lunch)
    assert len(found) >= 3
    recipes = {r.slug: r for r in load_catalogue().recipes}
    in_day = {i["source_id"] for m in day["meals"] for i in m["items"]}
    for alternative in found:
        recipe = recipes[alternative["source_id"]]
        assert "tree_nut" not in recipe.allergens, alternative["name"]
        assert "vegetarian" in recipe.diets, alternative["name"]
        assert lunch["slot"] in recipe.slots
        assert alternative["source_id"] not in in_day
        assert alternative["nutrients"]["energy_kcal"] > 0 and alternative["day_totals"]["energy_kcal"] > 0
    scores = [a["score"] for a in found]
    assert scores == sorted(scores)
    # The ranking weighs the day's energy with its nutrients (a dish rich in what the day lacks may lead while a
    # little under the energy; applying it re-balances the rest), but never puts first a swap that leaves the day
    # more than a tenth off its energy target.
    energy = plan["targets"]["energy_kcal"]
    assert abs(found[0]["day_totals"]["energy_kcal"] - energy) <= 0.10 * energy


def test_swap_applies_the_recipe_and_rebalances_the_day(client: TestClient, auth_headers: dict[str, str]) -> None:
    _profile(client, auth_headers)
    plan = _create(client, auth_headers, days=2)
    day = plan["days"][0]
    dinner = day["meals"][2]
    choice = _alternatives(client, auth_headers, plan, dinner)[2]
    response = client.post(
        f"/api/plans/{plan['id']}/meals/{dinner['id']}/swap",
        json={"source_id": choice["source_id"]},
        headers=auth_headers,
    )
    assert response.status_code == 200, response.text
    swapped = response.json()
    new_day = swapped["days"][0]
    assert choice["source_id"] in {i["source_id"] for i in new_day["meals"][2]["items"]}
    assert swapped["days"][1] == plan["days"][1]
    energy = plan["targets"]["energy_kcal"]
    assert abs(Nutrition(client).day_total(new_day, "energy_kcal") - energy) <= 0.05 * energy + 1
    # The plan as stored says the same.
    assert client.get(f"/api/plans/{plan['id']}", headers=auth_headers).json() == swapped


def test_swap_bad_input(client: TestClient, auth_headers: dict[str, str]) -> None:
    _profile(client, auth_headers, diet="vegan")
    plan = _create(client, auth_headers, days=1)
    lunch = plan["days"][0]["meals"][1]
    url = f"/api/plans/{plan['id']}/meals/{lunch['id']}"
    meat = next(r.slug for r in load_catalogue().recipes if "vegan" not in r.diets and "lunch" in r.slots)
    response = client.post(f"{url}/swap", json={"source_id": meat}, headers=auth_headers)
    assert response.status_code == 422 and "not an alternative" in response.text
    assert client.post(f"{url}/swap", json={}, headers=auth_headers).status_code == 422
    assert client.post(f"{url}/swap", json={"source_id": ""}, headers=auth_headers).status_code == 422
    assert client.get(f"{url}/alternatives?limit=0", headers=auth_headers).status_code == 422
    other = f"/api/plans/{plan['id']}/meals/999999"
    assert client.get(f"{other}/alternatives", headers=auth_headers).status_code == 404
    assert client.post(f"{other}/swap", json={"source_id": meat}, headers=auth_headers).status_code == 404
    for item in lunch["items"]:
        client.patch(f"/api/plans/{plan['id']}/items/{item['id']}", json={"locked": True}, headers=auth_headers)
    pick = _alternatives(client, auth_headers, plan, lunch)[0]["source_id"]
    response = client.post(f"{url}/swap", json={"source_id": pick}, headers=auth_headers)
    assert response.status_code == 409 and "unlock" in response.text
    stranger = {"Authorization": "Bearer nope"}
    assert client.get(f"{url}/alternatives", headers=stranger).status_code == 401


def test_every_alternative_offered_can_be_applied(client: TestClient, auth_headers: dict[str, str]) -> None:
    """Lunch and dinner take different main proteins, and a swap keeps the other meals' recipes: an alternative
    sharing the dinner's protein was offered, and choosing it answered 422 ("the day's structure leaves no
    combination"; seen in the browser tests)."""
    _profile(client, auth_headers)
    recipes = {r.slug: r for r in load_catalogue().recipes}
    plan = _create(client, auth_headers, days=1)
    lunch, dinner = plan["days"][0]["meals"][1], plan["days"][0]["meals"][2]
    dinner_proteins = {recipes[i["source_id"]].main_protein for i in dinner["items"] if i["source_id"] in recipes} - {
        None
    }
    assert dinner_proteins  # the day this test needs: a dinner recipe with a main protein
    offered = _alternatives(client, auth_headers, plan, lunch)
    assert offered
    assert not [a["name"] for a in offered if recipes[a["source_id"]].main_protein in dinner_proteins]
    for alternative in offered[:10]:  # what the swap dialog shows
        response = client.post(
            f"/api/plans/{plan['id']}/meals/{lunch['id']}/swap",
            json={"source_id": alternative["source_id"]},
            headers=auth_headers,
        )
        assert response.status_code == 200, (alternative["name"], response.text)
        plan = response.json()
        lunch = plan["days"][0]["meals"][1]
