"""HTTP endpoints of /api/foods and /api/recipes (catalogue reads need no login)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Query, Response, status

from diet_planner.auth.dependencies import CurrentUser, OptionalUser
from diet_planner.core.dependencies import DbSession
from diet_planner.foods import service
from diet_planner.foods.schemas import (
    FoodCreate,
    FoodPage,
    FoodRead,
    FoodUpdate,
    RecipeCreate,
    RecipePage,
    RecipeRead,
    RecipeUpdate,
    food_summary,
)

router = APIRouter(tags=["foods"])


def _food_read(food: Any) -> dict[str, Any]:
    return {
        "id": food.id,
        "name": food.name,
        "group": food.group_name,
        "group_code": food.group_code,
        "source": food.source,
        "source_id": food.source_id,
        "source_release": food.source_release,
        "owner_id": food.owner_id,
        "nutrients": food.nutrients,
        "measures": service.measures_of(food),
    }


@router.get("/api/foods", response_model=FoodPage)
def search_foods(
    session: DbSession,
    user: OptionalUser,
    q: str = Query("", max_length=5000, description="Words of the food's name; typos and plurals are tolerated"),
    group: str | None = Query(None, max_length=120, description="USDA food group code (e.g. 09) or name"),
    include_recipes: bool = Query(False, description="Also return recipes"),
    source: Literal["usda_sr", "custom", "recipe"] | None = Query(
        None, description="Only this source: `custom` lists your own foods, `recipe` the recipes"
    ),
    limit: int = Query(20, ge=1, le=100),
    offset: int = Query(0, ge=0, le=100_000),
) -> Any:
    foods, total = service.search_foods(
        session,
        q,
        user_id=user.id if user else None,
        group=group,
        include_recipes=include_recipes,
        source=source,
        limit=limit,
        offset=offset,
    )
    return {"items": [food_summary(food) for food in foods], "total": total}


@router.get("/api/foods/{food_id}", response_model=FoodRead)
def get_food(food_id: int, session: DbSession, user: OptionalUser) -> Any:
    return _food_read(service.get_food(session, food_id, user.id if user else None))


@router.post("/api/foods", status_code=status.HTTP_201_CREATED, response_model=FoodRead)
def create_food(body: FoodCreate, user: CurrentUser, session: DbSession) -> Any:
    measures = [m.model_dump() for m in body.measures]
    return _food_read(service.create_custom_food(session, user.id, body.name, body.nutrients, measures))


@router.put("/api/foods/{food_id}", response_model=FoodRead)
def update_food(food_id: int, body: FoodUpdate, user: CurrentUser, session: DbSession) -> Any:
    measures = None if body.measures is None else [m.model_dump() for m in body.measures]
    return _food_read(service.update_custom_food(session, user.id, food_id, body.name, body.nutrients, measures))


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
        prep_minutes=body.prep_minutes,
        ingredients=_ingredients(body.ingredients),
    )
    return service.recipe_to_dict(recipe)


@router.get("/api/recipes", response_model=RecipePage)
def list_recipes(
    user: CurrentUser, session: DbSession, limit: int = Query(20, ge=1, le=100), offset: int = Query(0, ge=0)
) -> Any:
    recipes, total = service.list_recipes(session, user.id, limit, offset)
    return {"items": [service.recipe_to_dict(r) for r in recipes], "total": total}


@router.get("/api/recipes/{recipe_id}", response_model=RecipeRead)
def get_recipe(recipe_id: int, session: DbSession, user: OptionalUser) -> Any:
    return service.recipe_to_dict(service.get_recipe(session, recipe_id, user.id if user else None))


@router.put("/api/recipes/{recipe_id}", response_model=RecipeRead)
def update_recipe(recipe_id: int, body: RecipeUpdate, user: CurrentUser, session: DbSession) -> Any:
    changes = body.model_dump(exclude_unset=True)
    if body.ingredients is not None:
        changes["ingredients"] = _ingredients(body.ingredients)
    return service.recipe_to_dict(service.update_recipe(session, user.id, recipe_id, changes))


@router.delete("/api/recipes/{recipe_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_recipe(recipe_id: int, user: CurrentUser, session: DbSession) -> Response:
    service.delete_recipe(session, user.id, recipe_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
