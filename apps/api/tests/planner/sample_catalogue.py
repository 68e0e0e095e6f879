"""A small catalogue of real USDA foods for planner tests until (and besides) the curated one."""

from __future__ import annotations

from diet_planner.planner.catalogue.schema import Catalogue, Ingredient, IngredientInfo, PlainFood, Recipe

# NDB -> (name, categories, allergens), from the SR24 food names.
_FOODS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "20038": ("Oats", (), ()),
    "05064": ("Chicken breast, roasted", ("poultry",), ()),
    "15237": ("Salmon, Atlantic, farmed, cooked", ("fish",), ("fish",)),
    "20037": ("Brown rice, cooked", (), ()),
    "20045": ("White rice, cooked", (), ()),
    "11091": ("Broccoli, boiled", (), ()),
    "11457": ("Spinach, raw", (), ()),
    "01129": ("Egg, hard-boiled", ("egg",), ("egg",)),
    "01079": ("Milk, 2%, vitamin A and D", ("dairy",), ("milk",)),
    "01117": ("Yogurt, plain, low fat", ("dairy",), ("milk",)),
    "18075": ("Whole-wheat bread", (), ("wheat", "gluten")),
    "16015": ("Black beans, boiled", (), ()),
    "04053": ("Olive oil", (), ()),
    "12061": ("Almonds", (), ("tree_nut",)),
    "12037": ("Sunflower seeds, dry roasted", (), ()),
    "09003": ("Apple", (), ()),
    "09200": ("Orange", (), ()),
    "16426": ("Tofu, firm, calcium sulfate", (), ("soy",)),
    "23563": ("Beef, ground 90% lean, broiled", ("meat",), ()),
    "11529": ("Tomato", (), ()),
    "11124": ("Carrot", (), ()),
    "16398": ("Peanut butter", (), ("peanut",)),
    "01009": ("Cheddar cheese", ("dairy",), ("milk",)),
    "09037": ("Avocado", (), ()),
    "20137": ("Quinoa, cooked", (), ()),
    "11233": ("Kale, raw", (), ()),
    "11282": ("Onion", (), ()),
    "11821": ("Red bell pepper", (), ()),
    "09050": ("Blueberries", (), ()),
    "09316": ("Strawberries", (), ()),
    "15121": ("Tuna, light, canned in water", ("fish",), ("fish",)),
    "15151": ("Shrimp, cooked", ("shellfish",), ("shellfish",)),
    "12006": ("Chia seeds", (), ()),
    "12220": ("Flaxseed", (), ()),
    "11260": ("Mushrooms, white", (), ()),
    "15016": ("Cod, Atlantic, cooked", ("fish",), ("fish",)),
    "05192": ("Turkey breast, roasted", ("poultry",), ()),
    "08077": ("Whole Grain Total cereal", (), ("wheat", "gluten")),
    "08013": ("Cheerios", (), ()),
    "16139": ("Soymilk, with calcium, vitamins A and D", (), ("soy",)),
    "16070": ("Lentils, boiled", (), ()),
    "16057": ("Chickpeas, boiled", (), ()),
    "16158": ("Hummus", (), ("sesame",)),
    "16114": ("Tempeh", (), ("soy",)),
    "11212": ("Edamame", (), ("soy",)),
    "11313": ("Green peas, boiled", (), ()),
    "09040": ("Banana", (), ()),
    "09148": ("Kiwifruit", (), ()),
    "09206": ("Orange juice", (), ()),
    "15088": ("Sardines, canned in oil", ("fish",), ("fish",)),
    "12014": ("Pumpkin seeds", (), ()),
    "11251": ("Romaine lettuce", (), ()),
    "11205": ("Cucumber", (), ()),
    "18449": ("Corn tortillas", (), ()),
    "10061": ("Pork tenderloin, roasted", ("meat",), ()),
    "01019": ("Feta cheese", ("dairy",), ("milk",)),
    "12155": ("Walnuts", (), ("tree_nut",)),
    "11508": ("Sweet potato, baked", (), ()),
    "20125": ("Whole-wheat spaghetti, cooked", (), ("wheat", "gluten")),
    "11365": ("Potatoes, boiled in skin", (), ()),
    "11135": ("Cauliflower", (), ()),
    "11998": ("Portabella mushrooms, UV-exposed", (), ()),
}

INGREDIENTS = {ndb: IngredientInfo(ndb, name, frozenset(c), frozenset(a)) for ndb, (name, c, a) in _FOODS.items()}


def _recipe(
    slug: str,
    slots: tuple[str, ...],
    protein: str | None,
    items: list[tuple[str, float]],
    servings: int = 2,
    tags: tuple[str, ...] = (),
) -> Recipe:
    allergens: frozenset[str] = frozenset().union(*(INGREDIENTS[n].allergens for n, _ in items))
    return Recipe(
        slug=slug,
        name=slug.replace("-", " ").capitalize(),
        slots=slots,
        servings=servings,
        prep_minutes=20,
        ingredients=tuple(Ingredient(ndb, grams) for ndb, grams in items),
        steps=("Prepare the ingredients.", "Cook and serve."),
        tags=tags,
        main_protein=protein,
        allergens=allergens,
        min_servings=0.5,
        max_servings=2.0,
        serving_step=0.5,
    )


B, L, D, S = ("breakfast",), ("lunch",), ("dinner",), ("snack",)
LD = ("lunch", "dinner")

RECIPES = (
    _recipe("berry-almond-oatmeal", B, None, [("20038", 80), ("01079", 480), ("09050", 150), ("12061", 30)]),
    _recipe("soy-chia-oatmeal", B, None, [("20038", 80), ("16139", 480), ("09040", 118), ("12006", 20), ("12220", 14)]),
    _recipe(
        "tofu-scramble-toast",
        B,
        "tofu",
        [("16426", 300), ("11457", 60), ("11821", 100), ("11282", 50), ("04053", 10), ("18075", 64)],
    ),
    _recipe("egg-spinach-toast", B, "egg", [("01129", 200), ("11457", 60), ("18075", 64), ("11529", 120), ("04053", 10)]),
    _recipe("yogurt-parfait", B, None, [("01117", 340), ("09316", 150), ("12155", 30), ("20038", 40)]),
    _recipe("avocado-cheddar-eggs", B, "egg", [("01129", 200), ("01009", 40), ("11457", 60), ("09037", 100), ("04053", 10)]),
    _recipe("seed-oat-fruit-bowl", B, None, [("12006", 40), ("09040", 118), ("09050", 150), ("12014", 30), ("20038", 60), ("09206", 200)]),
    _recipe("quinoa-apple-bowl", B, None, [("20137", 370), ("09003", 180), ("12037", 30), ("09148", 150)]),
    _recipe("chicken-rice-bowl", LD, "chicken", [("05064", 240), ("20037", 390), ("11091", 300), ("04053", 15), ("11124", 120)]),
    _recipe("salmon-quinoa-spinach", LD, "salmon", [("15237", 240), ("20137", 370), ("11457", 120), ("04053", 10), ("11529", 120)]),
    _recipe(
        "lentil-stew",
        LD,
        "lentils",
        [("16070", 400), ("11124", 120), ("11282", 110), ("11529", 240), ("11457", 120), ("04053", 15)],
    ),
    _recipe(
        "black-bean-tacos",
        LD,
        "black beans",
        [("16015", 350), ("18449", 104), ("09037", 150), ("11529", 120), ("11251", 90), ("11821", 120)],
    ),
    _recipe("beef-sweet-potato", LD, "beef", [("23563", 240), ("11508", 400), ("11091", 300), ("04053", 10)]),
    _recipe(
        "tofu-stir-fry",
        LD,
        "tofu",
        [("16426", 350), ("20037", 390), ("11091", 200), ("11821", 120), ("11260", 140), ("04053", 15)],
    ),
    _recipe(
        "chickpea-feta-salad",
        LD,
        "chickpeas",
        [("16057", 330), ("11205", 200), ("11529", 240), ("01019", 60), ("11251", 150), ("04053", 20), ("20137", 185)],
    ),
    _recipe("tuna-sandwich", L, "tuna", [("15121", 165), ("18075", 128), ("11251", 90), ("11529", 120), ("09037", 100)]),
    _recipe("shrimp-pea-rice", LD, "shrimp", [("15151", 240), ("20045", 390), ("11313", 160), ("11821", 120), ("04053", 15)]),
    _recipe("cod-potatoes-peas", D, "cod", [("15016", 300), ("11365", 400), ("11313", 160), ("04053", 15), ("11457", 120)]),
    _recipe(
        "tempeh-quinoa-kale",
        LD,
        "tempeh",
        [("16114", 250), ("20137", 370), ("11233", 130), ("11124", 120), ("12037", 20), ("04053", 10)],
    ),
    _recipe("turkey-spaghetti", LD, "turkey", [("05192", 240), ("20125", 400), ("11529", 240), ("11457", 120), ("04053", 10)]),
    _recipe("pork-rice-kale", D, "pork", [("10061", 240), ("20037", 390), ("11233", 130), ("11124", 120), ("04053", 10)]),
    _recipe("salmon-avocado-salad", LD, "salmon", [("15237", 240), ("09037", 150), ("11457", 120), ("04053", 20), ("11205", 200)]),
    _recipe("cheesy-chicken-broccoli", LD, "chicken", [("05064", 240), ("11091", 300), ("01009", 60), ("04053", 15), ("11260", 140)]),
    _recipe("tofu-kale-almond", LD, "tofu", [("16426", 350), ("11233", 130), ("12061", 40), ("04053", 20), ("11998", 140)]),
    _recipe("egg-cauliflower-skillet", LD, "egg", [("01129", 200), ("11135", 300), ("11998", 140), ("04053", 15), ("11457", 60)]),
    _recipe("sardine-toast", L, "sardines", [("15088", 180), ("18075", 128), ("11529", 240)]),
    _recipe("hummus-plate", L, "chickpeas", [("16158", 240), ("11205", 200), ("11124", 240), ("18449", 104)]),
    _recipe("edamame-rice-bowl", LD, "edamame", [("11212", 310), ("20037", 390), ("11124", 120), ("11205", 200)]),
    _recipe(
        "bean-lentil-chili",
        LD,
        "black beans",
        [("16015", 350), ("16070", 200), ("11529", 360), ("11282", 110), ("11821", 120), ("04053", 10)],
    ),
    _recipe("trail-mix", S, None, [("12061", 40), ("12014", 40), ("12037", 40)], servings=4),
    _recipe("apple-peanut-butter", S, None, [("09003", 360), ("16398", 64)]),
)


def _food(ndb: str, name: str, role: str, slots: tuple[str, ...], unit: str, grams: float, lo: float, hi: float, step: float = 1.0) -> PlainFood:
    return PlainFood(ndb, name, role, slots, unit, grams, step=step, min_units=lo, max_units=hi)


BS = ("breakfast", "snack")
ALL = ("breakfast", "lunch", "dinner", "snack")
PLAIN_FOODS = (
    _food("09040", "Banana", "fruit", ALL, "medium", 118, 1, 2),
    _food("09003", "Apple", "fruit", ALL, "medium", 182, 1, 2),
    _food("09200", "Orange", "fruit", ALL, "medium", 131, 1, 2),
    _food("09148", "Kiwifruit", "fruit", ALL, "fruit", 69, 1, 3),
    _food("09050", "Blueberries", "fruit", BS, "cup", 148, 0.5, 1.5, 0.5),
    _food("01079", "Milk (2%)", "dairy", ("breakfast", "snack", "lunch", "dinner"), "cup", 244, 0.5, 2, 0.5),
    _food("01117", "Plain yoghurt", "dairy", BS, "cup", 245, 0.5, 1.5, 0.5),
    _food("16139", "Fortified soy drink", "beverage", ALL, "cup", 243, 0.5, 2, 0.5),
    _food("18075", "Whole-wheat bread", "grain", ("breakfast", "lunch", "dinner"), "slice", 32, 1, 3),
    _food("20037", "Brown rice", "grain", ("lunch", "dinner"), "cup", 195, 0.5, 1.5, 0.5),
    _food("20137", "Quinoa", "grain", ("lunch", "dinner"), "cup", 185, 0.5, 1.5, 0.5),
    _food("08077", "Whole Grain Total cereal", "grain", BS, "cup", 40, 0.5, 1.5, 0.5),
    _food("08013", "Cheerios", "grain", BS, "cup", 28, 1, 2, 0.5),
    _food("12061", "Almonds", "snack", BS, "oz", 28, 0.5, 1.5, 0.5),
    _food("12037", "Sunflower seeds", "snack", BS, "oz", 28, 0.5, 1.5, 0.5),
    _food("12014", "Pumpkin seeds", "snack", BS, "oz", 28, 0.5, 1.5, 0.5),
    _food("12155", "Walnuts", "snack", BS, "oz", 28, 0.5, 1.5, 0.5),
    _food("16398", "Peanut butter", "fat", BS, "tbsp", 16, 1, 2),
    _food("11457", "Spinach salad", "vegetable", ("lunch", "dinner"), "cup", 30, 1, 3),
    _food("11124", "Carrot sticks", "vegetable", ("lunch", "dinner", "snack"), "medium", 61, 1, 2),
    _food("11091", "Steamed broccoli", "vegetable", ("lunch", "dinner"), "cup", 156, 0.5, 1.5, 0.5),
    _food("11821", "Red pepper strips", "vegetable", ("lunch", "dinner", "snack"), "medium", 119, 0.5, 1, 0.5),
    _food("01129", "Hard-boiled egg", "protein", ("breakfast", "lunch", "snack"), "large", 50, 1, 2),
    _food("01009", "Cheddar", "dairy", ("lunch", "snack"), "oz", 28, 0.5, 1.5, 0.5),
    _food("16158", "Hummus", "protein", ("snack", "lunch"), "2 tbsp", 30, 1, 2),
    _food("11212", "Edamame", "protein", ("snack", "lunch", "dinner"), "cup", 155, 0.5, 1, 0.5),
    _food("09206", "Orange juice", "beverage", ("breakfast",), "cup", 248, 0.5, 1.5, 0.5),
    _food("09037", "Avocado", "fat", ("breakfast", "lunch", "dinner"), "half", 68, 1, 2),
    _food("11508", "Baked sweet potato", "grain", ("lunch", "dinner"), "medium", 114, 1, 2),
    _food("11233", "Kale", "vegetable", ("lunch", "dinner"), "cup", 67, 1, 2),
    _food("11998", "UV mushrooms", "vegetable", ("breakfast", "lunch", "dinner"), "cup", 86, 0.5, 1.5, 0.5),
)

SAMPLE = Catalogue(recipes=RECIPES, plain_foods=PLAIN_FOODS, ingredients=INGREDIENTS)
NDBS = frozenset(INGREDIENTS)
