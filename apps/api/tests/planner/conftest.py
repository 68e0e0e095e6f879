"""Shared data for planner tests: the curated catalogue and the USDA table of its foods."""

from __future__ import annotations

import pytest

from diet_planner.planner.catalogue import load_catalogue
from diet_planner.planner.catalogue.schema import Catalogue
from diet_planner.planner.catalogue.usda import read_usda_foods
from diet_planner.planner.model import NutrientTable
from diet_planner.planner.request import catalogue_ndbs


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture(scope="session")
def table(catalogue: Catalogue) -> NutrientTable:
    ndbs = catalogue_ndbs(catalogue)
    found = {ndb: food.nutrients for ndb, food in read_usda_foods(ndbs=frozenset(ndbs)).items()}
    assert set(found) == ndbs, f"foods missing from the USDA table: {sorted(ndbs - set(found))[:5]}"
    return found
