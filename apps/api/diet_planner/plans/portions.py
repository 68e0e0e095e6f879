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


# Head nouns of the USDA measures in our catalogue that take a plural; adjectives ("medium", "large") and
# abbreviations ("oz", "tbsp") do not.
_PLURALS = {
    "cup": "cups",
    "serving": "servings",
    "slice": "slices",
    "stalk": "stalks",
    "tortilla": "tortillas",
    "pita": "pitas",
    "packet": "packets",
    "muffin": "muffins",
    "kernel": "kernels",
    "half": "halves",
    "fillet": "fillets",
    "date": "dates",
    "container": "containers",
    "can": "cans",
    "cake": "cakes",
    "cracker": "crackers",
    "spear": "spears",
    "box": "boxes",
}
_SINGULARS = {plural: singular for singular, plural in _PLURALS.items()}
_HEAD = re.compile(r"^([a-z]+)\b(.*)$")
# A count in parentheses that belongs to one unit: "oz (14 halves)", "cup (8 fl oz)"; scaled with the quantity.
_COUNT_IN_PARENS = re.compile(r"\((\d+)(?:-(\d+))?\s+(fl oz|halves|kernels|almonds)\)")


def _unit_for(quantity: float, unit: str) -> str:
    """The unit as read after the quantity: "½ cup", "2 cups (16 fl oz)", "½ oz (7 halves)"."""
    match = _HEAD.match(unit)
    if match:
        head, rest = match.groups()
        singular = _SINGULARS.get(head, head)
        head = _PLURALS[singular] if quantity > 1 and singular in _PLURALS else singular
        unit = head + rest

    def scaled(count: re.Match[str]) -> str:
        low = max(1, round(int(count.group(1)) * quantity))
        high = f"-{max(1, round(int(count.group(2)) * quantity))}" if count.group(2) else ""
        return f"({low}{'' if high == f'-{low}' else high} {count.group(3)})"

    return _COUNT_IN_PARENS.sub(scaled, unit) if quantity != 1 else unit


def household(quantity: float, unit: str, grams: float) -> str:
    return f"{kitchen_number(quantity)} {_unit_for(quantity, unit)} ({grams:.0f} g)"
