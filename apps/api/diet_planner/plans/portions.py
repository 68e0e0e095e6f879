"""Portions as a cook reads them: "1.5 of 1/2 cup" becomes "3/4 cup", shown with kitchen fractions."""

from __future__ import annotations

import re
from fractions import Fraction

_LEADING_AMOUNT = re.compile(r"^\s*(\d+\s+\d+/\d+|\d+/\d+|\d+(?:\.\d+)?)\s+(.+)$")
_GLYPHS = {
    Fraction(1, 4): "¼",
    Fraction(1, 3): "⅓",
    Fraction(1, 2): "½",
    Fraction(2, 3): "⅔",
    Fraction(3, 4): "¾",
    Fraction(1, 8): "⅛",
}


def _amount(text: str) -> Fraction:
    parts = text.split()
    return sum((Fraction(part) for part in parts), Fraction(0))


def normalise(quantity: float, unit: str) -> tuple[float, str]:
    """Fold a unit that starts with an amount ("1/2 cup", "3 oz", "6 crackers") into the quantity."""
    match = _LEADING_AMOUNT.match(unit)
    if not match:
        return quantity, unit
    return round(quantity * float(_amount(match.group(1))), 4), match.group(2).strip()


def kitchen_number(value: float) -> str:
    """0.75 -> "¾", 1.5 -> "1½", 2 -> "2"; other values with at most one decimal."""
    whole = int(value)
    rest = Fraction(value - whole).limit_denominator(8)
    if rest == 0:
        return str(whole)
    if rest in _GLYPHS and abs(float(rest) - (value - whole)) < 0.01:
        return f"{whole if whole else ''}{_GLYPHS[rest]}"
    return f"{value:.1f}".rstrip("0").rstrip(".")


def household(quantity: float, unit: str, grams: float) -> str:
    if unit == "serving":
        noun = "servings" if quantity > 1 else "serving"  # "½ serving", "1½ servings"
        return f"{kitchen_number(quantity)} {noun} ({grams:.0f} g)"
    return f"{kitchen_number(quantity)} {unit} ({grams:.0f} g)"
