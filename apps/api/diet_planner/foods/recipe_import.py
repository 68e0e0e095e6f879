"""A recipe read from a web page's schema.org Recipe markup (JSON-LD or microdata, via extruct) or from pasted
text (title, ingredient lines, steps), before its ingredient lines are matched to foods (service.import_recipe).
Also the other way: a recipe as schema.org Recipe JSON-LD (export), which this module reads back."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import extruct

MAX_INGREDIENT_LINES = 100
MAX_STEPS = 50
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_DURATION = re.compile(
    r"^P(?:(?P<days>\d+(?:\.\d+)?)D)?(?:T(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"(\d+(?:[.,]\d+)?)")
SLOT_WORDS = {
    "breakfast": "breakfast",
    "brunch": "breakfast",
    "lunch": "lunch",
    "dinner": "dinner",
    "main course": "dinner",
    "main dish": "dinner",
    "supper": "dinner",
    "snack": "snack",
    "dessert": "snack",
    "appetizer": "snack",
}


@dataclass
class ImportedRecipe:
    """What a page or a text says about a recipe, its ingredient lines still as written."""

    name: str = ""
    servings: float | None = None
    ingredient_lines: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    total_minutes: int | None = None
    active_minutes: int | None = None
    image: str | None = None
    meal_types: list[str] = field(default_factory=list)
    source: str = ""  # "json-ld", "microdata" or "text"
    warnings: list[str] = field(default_factory=list)


def clean(text: Any) -> str:
    """Plain text of a markup string: tags dropped, entities decoded (twice: pages often double-encode)."""
    value = html.unescape(html.unescape(_TAG.sub(" ", str(text))))
    return _SPACE.sub(" ", value).strip()


def minutes(value: Any) -> int | None:
    """Minutes of an ISO-8601 duration ("PT1H30M", "P0DT0H45M"), or of "45 minutes" / "1 hour 10 min"."""
    if value is None or value == "":
        return None
    if isinstance(value, list):
        value = value[0] if value else None
        return minutes(value)
    text = str(value).strip()
    match = _DURATION.match(text)
    if match and any(match.group(k) for k in ("days", "hours", "minutes", "seconds")):
        parts = {k: float(v) for k, v in match.groupdict().items() if v}
        total = (
            parts.get("days", 0) * 1440
            + parts.get("hours", 0) * 60
            + parts.get("minutes", 0)
            + parts.get("seconds", 0) / 60
        )
        return round(total) if total > 0 else None
    hours = re.search(r"(\d+(?:\.\d+)?)\s*(?:h|hr|hrs|hour|hours)\b", text, re.IGNORECASE)
    mins = re.search(r"(\d+)\s*(?:m|min|mins|minute|minutes)\b", text, re.IGNORECASE)
    if hours or mins:
        return round((float(hours.group(1)) * 60 if hours else 0) + (int(mins.group(1)) if mins else 0)) or None
    return None


def servings_of(value: Any) -> float | None:
    """Servings from recipeYield: 4, "4", "4 servings", "Serves 4-6" (the first number), or a list of those."""
    if isinstance(value, list):
        for item in value:
            found = servings_of(item)
            if found:
                return found
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value) if 0 < value <= 100 else None
    match = _NUMBER.search(str(value or ""))
    if not match:
        return None
    number = float(match.group(1).replace(",", "."))
    return number if 0 < number <= 100 else None


def _types(node: Mapping[str, Any]) -> set[str]:
    kind = node.get("@type", [])
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).rsplit("/", 1)[-1] for k in kinds}


def _walk(node: Any) -> Iterator[Mapping[str, Any]]:
    """Every object in a JSON-LD document: top-level arrays, @graph, mainEntity and nested values."""
    if isinstance(node, list):
        for item in node:
            yield from _walk(item)
    elif isinstance(node, dict):
        yield node
        for key, value in node.items():
            if key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement", "hasPart", "about"):
                yield from _walk(value)


def _first_recipe(documents: Sequence[Any]) -> Mapping[str, Any] | None:
    for document in documents:
        for node in _walk(document):
            if "Recipe" in _types(node):
                return node
    return None


def _text_of(value: Any) -> str:
    if isinstance(value, dict):
        return clean(value.get("text") or value.get("name") or "")
    return clean(value)


def _steps(value: Any) -> list[str]:
    """recipeInstructions as sentences: a string (split on lines), strings, HowToStep and HowToSection lists."""
    if value is None:
        return []
    if isinstance(value, str):
        text = html.unescape(value)
        parts = re.split(r"<\s*(?:br|/p|/li)\s*/?>|\n", text, flags=re.IGNORECASE)
        return [step for step in (clean(part) for part in parts) if step]
    if isinstance(value, dict):
        if "HowToSection" in _types(value) or "itemListElement" in value:
            return _steps(value.get("itemListElement", []))
        step = _text_of(value)
        return [step] if step else []
    if isinstance(value, list):
        return [step for item in value for step in _steps(item)]
    return []


def _lines(value: Any) -> list[str]:
    if isinstance(value, str):
        return [line for line in (clean(part) for part in value.split("\n")) if line]
    if isinstance(value, list):
        return [line for item in value for line in _lines(item if isinstance(item, str) else _text_of(item))]
    return []


def _image(value: Any) -> str | None:
    if isinstance(value, list):
        return next((found for found in (_image(item) for item in value) if found), None)
    if isinstance(value, dict):
        return _image(value.get("url") or value.get("contentUrl"))
    if isinstance(value, str) and value.strip().lower().startswith(("http://", "https://")):
        return value.strip()
    return None


def _meal_types(node: Mapping[str, Any]) -> list[str]:
    category = node.get("recipeCategory") or []
    words = " ".join(clean(c) for c in (category if isinstance(category, list) else [category])).lower()
    return list(dict.fromkeys(slot for word, slot in SLOT_WORDS.items() if word in words))


def from_schema(node: Mapping[str, Any], source: str) -> ImportedRecipe:
    """An ImportedRecipe of one schema.org Recipe object (JSON-LD, or microdata in extruct's uniform shape)."""
    ingredients = node.get("recipeIngredient")
    if ingredients is None:
        ingredients = node.get("ingredients")  # the older schema.org name, still common in microdata
    total = minutes(node.get("totalTime"))
    prep, cook = minutes(node.get("prepTime")), minutes(node.get("cookTime"))
    if total is None and (prep or cook):
        total = (prep or 0) + (cook or 0)
    recipe = ImportedRecipe(
        name=_text_of(node.get("name") or node.get("headline") or ""),
        servings=servings_of(node.get("recipeYield") or node.get("yield")),
        ingredient_lines=_lines(ingredients)[:MAX_INGREDIENT_LINES],
        steps=_steps(node.get("recipeInstructions"))[:MAX_STEPS],
        total_minutes=total,
        active_minutes=prep,
        image=_image(node.get("image") or node.get("thumbnailUrl")),
        meal_types=_meal_types(node),
        source=source,
    )
    if not recipe.ingredient_lines:
        recipe.warnings.append("the page's recipe lists no ingredients")
    return recipe


def from_html(page: str, url: str | None = None) -> ImportedRecipe | None:
    """The first schema.org Recipe of a page, JSON-LD first, then microdata; None when the page has none."""
    try:
        data = extruct.extract(page, base_url=url, syntaxes=["json-ld", "microdata"], uniform=True, errors="ignore")
    except Exception:  # extruct raises what lxml and json raise on broken markup; the page then has no recipe
        data = {}
    for syntax, source in (("json-ld", "json-ld"), ("microdata", "microdata")):
        node = _first_recipe(data.get(syntax, []))
        if node is not None:
            return from_schema(node, source)
    # A JSON-LD block extruct could not parse (a trailing comma, a stray control character): try it leniently.
    for block in re.findall(
        r"<script[^>]*application/ld\+json[^>]*>(.*?)</script>", page, flags=re.IGNORECASE | re.DOTALL
    ):
        try:
            document = json.loads(re.sub(r",\s*([}\]])", r"\1", block.strip()), strict=False)
        except ValueError:
            continue
        node = _first_recipe([document])
        if node is not None:
            return from_schema(node, "json-ld")
    return None


# ---------------------------------------------------------------- pasted text

_INGREDIENT_HEAD = re.compile(r"^\W*(ingredients?|you(?:'ll)? need|shopping list)\b\W*$", re.IGNORECASE)
_STEP_HEAD = re.compile(
    r"^\W*(method|directions?|instructions?|steps?|preparation|how to make( it)?|to make)\b\W*$", re.IGNORECASE
)
_OTHER_HEAD = re.compile(r"^\W*(notes?|tips?|nutrition(?: facts)?|serving suggestions?)\b\W*:?\s*$", re.IGNORECASE)
_SERVES = re.compile(r"\b(?:serves|servings?|yield|makes|portions?)\b\s*:?\s*(\d+(?:[.,]\d+)?)", re.IGNORECASE)
_TIME = re.compile(r"\b(total time|ready in|time)\b\s*:?\s*(.+)$", re.IGNORECASE)
_PREP = re.compile(r"\b(prep(?:aration)? time|active time|hands-on time)\b\s*:?\s*(.+)$", re.IGNORECASE)
_STEP_NUMBER = re.compile(r"^\s*(?:step\s*)?\d+[.):]\s+", re.IGNORECASE)
_BULLET = re.compile(r"^\s*[-*•·▢□]\s*")
_QUANTITY_START = re.compile(r"^\s*(?:\d|[½¼¾⅓⅔⅛]|a |an |one |two |three |half |pinch|handful|few )", re.IGNORECASE)


def _is_meta(line: str) -> bool:
    return bool(_SERVES.search(line) and len(line) < 40) or bool(
        (_TIME.search(line) or _PREP.search(line)) and minutes(line) is not None and len(line) < 60
    )


def from_text(text: str) -> ImportedRecipe:
    """Title (the first line), servings and times ("Serves 4", "Total time: 45 minutes"), ingredient lines and
    steps, by their headings when the text has them, else by their shape: a short line that starts with an amount
    is an ingredient, a numbered or long line is a step."""
    recipe = ImportedRecipe(source="text")
    lines = [line.strip() for line in text.replace("\r", "").split("\n")]
    section: str | None = None
    for line in lines:
        if not line:
            continue
        if not recipe.name and not (_INGREDIENT_HEAD.match(line) or _STEP_HEAD.match(line)) and not _is_meta(line):
            recipe.name = clean(line)[:300]
            continue
        if _INGREDIENT_HEAD.match(line):
            section = "ingredients"
            continue
        if _STEP_HEAD.match(line):
            section = "steps"
            continue
        if _OTHER_HEAD.match(line):
            section = "other"
            continue
        if _is_meta(line):
            serves = _SERVES.search(line)
            if serves and recipe.servings is None:
                recipe.servings = servings_of(serves.group(1))
            prep = _PREP.search(line)
            if prep:
                recipe.active_minutes = minutes(prep.group(2))
            elif _TIME.search(line) and recipe.total_minutes is None:
                recipe.total_minutes = minutes(line)
            continue
        if section == "other":
            continue
        body = clean(_BULLET.sub("", line))
        if not body:
            continue
        if section == "ingredients" and not _STEP_NUMBER.match(line):
            recipe.ingredient_lines.append(body)
        elif section == "steps" or _STEP_NUMBER.match(line):
            recipe.steps.append(clean(_STEP_NUMBER.sub("", body)))
        elif _QUANTITY_START.match(body) and len(body) <= 120:
            recipe.ingredient_lines.append(body)
        elif len(body) > 60 or recipe.steps:
            recipe.steps.append(body)
        else:
            recipe.ingredient_lines.append(body)  # a short line before any step: "salt and pepper"
    recipe.ingredient_lines = recipe.ingredient_lines[:MAX_INGREDIENT_LINES]
    recipe.steps = recipe.steps[:MAX_STEPS]
    if not recipe.ingredient_lines:
        recipe.warnings.append("no ingredient lines found: put each on its own line, under a heading 'Ingredients'")
    return recipe


# ---------------------------------------------------------------- export


def iso_minutes(value: int | None) -> str | None:
    if value is None:
        return None
    hours, mins = divmod(int(value), 60)
    return f"PT{hours}H{mins}M" if hours else f"PT{mins}M"


def to_jsonld(
    *,
    name: str,
    servings: float,
    ingredient_lines: Sequence[str],
    steps: Sequence[str],
    total_minutes: int | None,
    active_minutes: int | None,
    meal_types: Sequence[str],
    cuisine: str | None,
    url: str | None,
    nutrition: Mapping[str, float | None],
    diets: Sequence[str],
) -> dict[str, Any]:
    """A schema.org Recipe (JSON-LD) that from_html reads back to the same name, servings, lines, steps and times."""
    yield_text = f"{servings:g} servings"
    document: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Recipe",
        "name": name,
        "recipeYield": [f"{servings:g}", yield_text],
        "recipeIngredient": list(ingredient_lines),
        "recipeInstructions": [{"@type": "HowToStep", "text": step} for step in steps],
    }
    if total_minutes is not None:
        document["totalTime"] = iso_minutes(total_minutes)
    if active_minutes is not None:
        document["prepTime"] = iso_minutes(active_minutes)
    if meal_types:
        document["recipeCategory"] = list(meal_types)
    if cuisine and cuisine != "international":
        document["recipeCuisine"] = cuisine.replace("_", " ").title()
    if url:
        document["url"] = url
    diet_names = {"vegan": "VeganDiet", "vegetarian": "VegetarianDiet"}
    suitable = [f"https://schema.org/{diet_names[d]}" for d in diets if d in diet_names]
    if suitable:
        document["suitableForDiet"] = suitable
    units = {
        "energy_kcal": ("calories", "kcal"),
        "protein_g": ("proteinContent", "g"),
        "fat_g": ("fatContent", "g"),
        "carbs_g": ("carbohydrateContent", "g"),
        "fiber_g": ("fiberContent", "g"),
        "sugars_g": ("sugarContent", "g"),
        "sodium_mg": ("sodiumContent", "mg"),
        "saturated_fat_g": ("saturatedFatContent", "g"),
    }
    facts: dict[str, Any] = {"@type": "NutritionInformation", "servingSize": "1 serving"}
    for key, (prop, unit) in units.items():
        value = nutrition.get(key)
        if value is not None:
            facts[prop] = f"{value:.0f} {unit}" if unit == "kcal" else f"{value:.1f} {unit}"
    document["nutrition"] = facts
    return document
