"""HTTP endpoints of /api/foods and /api/recipes (catalogue reads need no login)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.responses import JSONResponse

from diet_planner.auth.dependencies import CurrentUser, OptionalUser
from diet_planner.core.dependencies import AppSettings, DbSession
from diet_planner.foods import fetch, service
from diet_planner.foods.schemas import (
    FoodCreate,
    FoodRead,
    FoodUpdate,
    ParseRequest,
    ParseResponse,
    RecipeCreate,
    RecipeDraft,
    RecipeImportRequest,
    RecipePage,
    RecipePreferenceIn,
    RecipePreferencePage,
    RecipeRead,
    RecipeUpdate,
)

router = APIRouter(tags=["foods"])


def _food_read(session: Any, food: Any) -> dict[str, Any]:
    return {
        "display_name": service.display_name(food),
        "default_portion": service.default_portion(session, food),
        "id": food.id,
        "name": food.name,
        "group": food.group_name,
        "group_code": food.group_code,
        "source": food.source,
        "source_id": food.source_id,
        "source_release": food.source_release,
        "discontinued": bool(food.discontinued),
        "owner_id": food.owner_id,
        "nutrients": food.nutrients,
        "measures": service.measures_of(food),
    }


# GET /api/foods (search) and GET /api/foods/recent are in diary/router.py: a person's search ranks the
# foods they log first, and the diary is where those are (the diary depends on foods, not the reverse).


@router.post("/api/foods/parse", response_model=ParseResponse)
def parse_ingredients(body: ParseRequest, session: DbSession, user: OptionalUser) -> Any:
    """Recipe ingredient lines to foods and grams, one item per line in order. A line that names no food
    (a heading) gets `food: null` and a `note`; "to taste" and "for garnish" lines and units the food has
    no household measure for get `grams: null` and a `note`."""
    return {"items": service.parse_ingredient_lines(session, user.id if user else None, body.lines)}


@router.put("/api/foods/{food_id}/favourite", status_code=status.HTTP_204_NO_CONTENT)
def favourite_food(food_id: int, user: CurrentUser, session: DbSession) -> Response:
    """Star a food: it comes first in your searches when it matches."""
    service.set_favourite(session, user.id, food_id, True)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.delete("/api/foods/{food_id}/favourite", status_code=status.HTTP_204_NO_CONTENT)
def unfavourite_food(food_id: int, user: CurrentUser, session: DbSession) -> Response:
    service.set_favourite(session, user.id, food_id, False)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/api/foods/{food_id}", response_model=FoodRead)
def get_food(food_id: int, session: DbSession, user: OptionalUser) -> Any:
    return _food_read(session, service.get_food(session, food_id, user.id if user else None))


@router.post("/api/foods", status_code=status.HTTP_201_CREATED, response_model=FoodRead)
def create_food(body: FoodCreate, user: CurrentUser, session: DbSession) -> Any:
    measures = [m.model_dump() for m in body.measures]
    food = service.create_custom_food(session, user.id, body.name, body.nutrients, measures, body.serving_grams)
    return _food_read(session, food)


@router.put("/api/foods/{food_id}", response_model=FoodRead)
def update_food(food_id: int, body: FoodUpdate, user: CurrentUser, session: DbSession) -> Any:
    measures = None if body.measures is None else [m.model_dump() for m in body.measures]
    return _food_read(
        session, service.update_custom_food(session, user.id, food_id, body.name, body.nutrients, measures)
    )


@router.delete("/api/foods/{food_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_food(food_id: int, user: CurrentUser, session: DbSession) -> Response:
    service.delete_custom_food(session, user.id, food_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _ingredients(items: Any) -> list[service.IngredientInput]:
    return [service.IngredientInput(**item.model_dump()) for item in items]


@router.post("/api/recipes", status_code=status.HTTP_201_CREATED, response_model=RecipeRead)
def create_recipe(body: RecipeCreate, user: CurrentUser, session: DbSession) -> Any:
    recipe = service.create_recipe(
        session,
        user.id,
        name=body.name,
        servings=body.servings,
        meal_types=body.meal_types,
        tags=body.tags,
        steps=body.steps,
        prep_minutes=body.total_minutes if body.total_minutes is not None else body.prep_minutes,
        ingredients=_ingredients(body.ingredients),
        planning=body.model_dump(include=set(service.PLANNING_FIELDS)),
    )
    return service.recipe_to_dict(recipe)


@router.get("/api/recipes", response_model=RecipePage)
def list_recipes(
    user: CurrentUser, session: DbSession, limit: int = Query(20, ge=1, le=100), offset: int = Query(0, ge=0)
) -> Any:
    """Your own recipes, each with your preference on it."""
    recipes, total = service.list_recipes(session, user.id, limit, offset)
    preferences = service.recipe_preferences(session, user.id, [r.food_id for r in recipes])
    return {"items": [service.recipe_to_dict(r, preferences.get(r.food_id)) for r in recipes], "total": total}


@router.get("/api/recipes/preferences", response_model=RecipePreferencePage)
def list_recipe_preferences(user: CurrentUser, session: DbSession) -> Any:
    """Your word on every recipe you marked (catalogue or own): for a plan's meal cards."""
    preferences = service.recipe_preferences(session, user.id, None)
    return {"items": [{"recipe_id": key, "preference": value} for key, value in sorted(preferences.items())]}


@router.post("/api/recipes/import", response_model=RecipeDraft, responses={403: {}, 422: {}})
def import_recipe(body: RecipeImportRequest, user: CurrentUser, session: DbSession, settings: AppSettings) -> Any:
    """A draft recipe from a page's URL, a saved page's HTML (schema.org Recipe in JSON-LD or microdata) or pasted
    text, each ingredient line matched to a food with grams, confidence and alternatives, or flagged. Nothing is
    saved: review it, then POST /api/recipes. A URL is fetched only when the server's RECIPE_IMPORT_FETCH is on
    (else 403); private, loopback and link-local addresses are refused (422)."""
    fetcher = None
    if settings.recipe_import_fetch:
        fetcher = fetch.SafeFetcher(
            max_bytes=settings.recipe_import_max_bytes,
            timeout_s=settings.recipe_import_timeout_seconds,
            allowed=fetch.public_address,
        )
    return service.import_recipe(session, user.id, url=body.url, html=body.html, text=body.text, fetcher=fetcher)


JSONLD_EXAMPLE = {"@context": "https://schema.org", "@type": "Recipe", "name": "...", "recipeIngredient": ["..."]}


@router.get(
    "/api/recipes/{recipe_id}/jsonld",
    responses={200: {"content": {"application/ld+json": {"example": JSONLD_EXAMPLE}}}},
)
def recipe_jsonld(recipe_id: int, session: DbSession, user: OptionalUser, request: Request) -> JSONResponse:
    """The recipe as schema.org Recipe JSON-LD, to share or publish; POST /api/recipes/import {html} reads it back."""
    recipe = service.get_recipe(session, recipe_id, user.id if user else None)
    url = str(request.url_for("get_recipe", recipe_id=recipe_id))
    return JSONResponse(service.recipe_jsonld(recipe, url), media_type="application/ld+json")


@router.get("/api/recipes/{recipe_id}", response_model=RecipeRead)
def get_recipe(recipe_id: int, session: DbSession, user: OptionalUser, request: Request) -> Any:
    """A catalogue recipe or your own; with `Accept: application/ld+json`, its schema.org JSON-LD."""
    user_id = user.id if user else None
    recipe = service.get_recipe(session, recipe_id, user_id)
    if "application/ld+json" in request.headers.get("accept", ""):
        return JSONResponse(service.recipe_jsonld(recipe, str(request.url)), media_type="application/ld+json")
    return service.recipe_to_dict(recipe, service.recipe_preference(session, user_id, recipe_id))


@router.put("/api/recipes/{recipe_id}/preference", response_model=RecipeRead)
def set_recipe_preference(recipe_id: int, body: RecipePreferenceIn, user: CurrentUser, session: DbSession) -> Any:
    """Your word on a catalogue or own recipe: "favourite" is planned more often, "never" is never planned
    for you; null takes it back."""
    recipe = service.set_recipe_preference(session, user.id, recipe_id, body.preference)
    return service.recipe_to_dict(recipe, body.preference)


@router.put("/api/recipes/{recipe_id}", response_model=RecipeRead)
def update_recipe(recipe_id: int, body: RecipeUpdate, user: CurrentUser, session: DbSession) -> Any:
    changes = body.model_dump(exclude_unset=True)
    if "total_minutes" in changes:
        changes["prep_minutes"] = changes.pop("total_minutes")
    if body.ingredients is not None:
        changes["ingredients"] = _ingredients(body.ingredients)
    recipe = service.update_recipe(session, user.id, recipe_id, changes)
    return service.recipe_to_dict(recipe, service.recipe_preference(session, user.id, recipe_id))


@router.delete("/api/recipes/{recipe_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_recipe(recipe_id: int, user: CurrentUser, session: DbSession) -> Response:
    service.delete_recipe(session, user.id, recipe_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
