"""Imports every domain's models so the metadata (and Alembic) sees all tables."""

from diet_planner.auth.models import RefreshToken
from diet_planner.diary.models import MealLog, Weight
from diet_planner.foods.models import Food, FoodMeasure, Recipe, RecipeIngredient
from diet_planner.plans.models import DietPlan, PlanDay, PlanItem, PlanMeal
from diet_planner.profiles.models import Profile
from diet_planner.users.models import User

__all__ = [
    "DietPlan",
    "Food",
    "FoodMeasure",
    "MealLog",
    "PlanDay",
    "PlanItem",
    "PlanMeal",
    "Profile",
    "Recipe",
    "RecipeIngredient",
    "RefreshToken",
    "User",
    "Weight",
]
