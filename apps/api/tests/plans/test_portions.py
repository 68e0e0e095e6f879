"""Household portions: amounts folded into quantities and shown with kitchen fractions."""

import pytest

from diet_planner.plans.grocery import purchase_quantity
from diet_planner.plans.portions import household, kitchen_number, normalise


@pytest.mark.parametrize(
    ("quantity", "unit", "expected"),
    [
        (1.5, "1/2 cup", (0.75, "cup")),
        (1, "3 oz", (3.0, "oz")),
        (2, "6 crackers", (12.0, "crackers")),
        (1, "1 1/2 cup", (1.5, "cup")),
        (1, "oz (19 halves)", (1, "oz (19 halves)")),
        (2, "medium", (2, "medium")),
    ],
)
def test_normalise(quantity: float, unit: str, expected: tuple[float, str]) -> None:
    assert normalise(quantity, unit) == expected


@pytest.mark.parametrize(("value", "text"), [(0.75, "¾"), (1.5, "1½"), (2.0, "2"), (0.25, "¼"), (1.3, "1.3")])
def test_kitchen_number(value: float, text: str) -> None:
    assert kitchen_number(value) == text


def test_household_text() -> None:
    assert household(1.5, "serving", 330.4) == "1½ servings (330 g)"
    assert household(0.5, "serving", 110.1) == "½ serving (110 g)"
    assert household(1, "serving", 200) == "1 serving (200 g)"
    assert household(0.5, "cup", 122) == "½ cup (122 g)"


@pytest.mark.parametrize(
    ("quantity", "unit", "text"),
    [
        (2 / 3, "cups", "⅔ cup (300 g)"),  # a fraction of a unit reads singular
        (2, "cup, chopped", "2 cups, chopped (300 g)"),
        (2, "date, pitted", "2 dates, pitted (300 g)"),
        (4, "large", "4 large (300 g)"),  # adjectives and abbreviations stay as they are
        (3, "tbsp", "3 tbsp (300 g)"),
        (2, "cup (8 fl oz)", "2 cups (16 fl oz) (300 g)"),  # a per-unit count scales with the quantity
        (0.5, "oz (14 halves)", "½ oz (7 halves) (300 g)"),
        (0.5, "oz (10-12 kernels)", "½ oz (5-6 kernels) (300 g)"),
        (0.5, "cup (1 inch pieces)", "½ cup (1 inch pieces) (300 g)"),  # a size is not a count
    ],
)
def test_household_units_agree_with_the_quantity(quantity: float, unit: str, text: str) -> None:
    assert household(quantity, unit, 300) == text


def test_purchase_quantity_prefers_countable_units_and_rounds_up() -> None:
    banana = [
        {"name": "cup, sliced", "amount": 1, "grams": 150},
        {"name": 'medium (7" to 7-7/8" long)', "amount": 1, "grams": 118},
    ]
    assert purchase_quantity(300, banana) == (3.0, 'medium (7" to 7-7/8" long)')
    rice = [{"name": "cup", "amount": 1, "grams": 158}]
    assert purchase_quantity(400, rice) == (2.75, "cup")
    assert purchase_quantity(1250, []) == (1.25, "kg")
    assert purchase_quantity(12, []) == (15.0, "g")
