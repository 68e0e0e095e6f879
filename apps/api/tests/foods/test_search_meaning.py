"""Search finds the food a person means, from what the data says of each name (issue 16): the thing a
food-like category is made with is not that thing, a class of a few foods is a class, a name's alternatives
and notes are not more said of it, and the matching sets (tests/foods/sets) keep their figures."""

from __future__ import annotations

import re

import pytest
from sqlalchemy.orm import Session

from diet_planner.foods import service
from tests.foods.matching_sets import load


def _names(db_session: Session, query: str, limit: int = 5) -> list[str]:
    foods, _ = service.search_foods(
        db_session, query, user_id=None, group=None, include_recipes=False, limit=limit, offset=0
    )
    return [food.name for food in foods]


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        # A yogurt or cheese made with whole milk is not milk; cinnamon bread is not cinnamon.
        ("whole milk", r"^Milk, whole"),
        ("cinnamon", r"^Spices, cinnamon"),
        # "Nuts, hazelnuts or filberts" is headed by hazelnuts; hazelnut oil is a by-product.
        ("hazelnuts", r"^Nuts, hazelnuts"),
        # A small class ("Leavening agents") is a category like "Spices".
        ("yeast", r"^Leavening agents, yeast"),
        # A later segment that says the whole query is the food's own name.
        ("half and half", r"^Cream, fluid, half and half"),
        # Brewed tea before instant or diet tea; a nutrient note is no reason to rank a food lower.
        ("tea", r"^Beverages, tea, black, brewed"),
        ("nonfat milk", r"^Milk, nonfat, fluid"),
        # What is made from a food is not the food: sesame is the seeds, not the oil.
        ("sesame", r"^Seeds, sesame seed"),
        # Of alternatives the first is what the food is ("plain or buttermilk" is plain).
        ("biscuit", r"^Biscuits, plain or buttermilk"),
        # USDA writes "lowfat" and "low fat": either finds the milk.
        ("low fat milk", r"^Milk, low ?fat, fluid"),
        # British and regional names of foods USDA files under another name, plural or not.
        ("swede", r"^Rutabagas, raw"),
        ("beetroot", r"^Beets, raw"),
        ("mangetout", r"^Peas, edible-podded, raw"),
        ("sultanas", r"^Raisins, golden seedless"),
        # Two words USDA writes as one, in the plural: "jelly beans" are "Candies, jellybeans".
        ("jelly beans", r"^Candies, jellybeans"),
        # "corn" means sweet corn as the food asked for, not where it qualifies another food.
        ("corn flakes", r"(?i)^Cereals ready-to-eat, .*corn flakes$"),
        ("corn", r"^Corn, sweet"),
        # A name USDA gives in parentheses is a name of the food.
        ("prunes", r"^Plums, dried \(prunes\)"),
        # A word for a food USDA names as a compound with a food class, in the plural too.
        ("kiwis", r"^Kiwifruit, green, raw"),
        # A typo rarely changes a word's first letter: "cantelope" is the melon, not antelope (one letter away).
        ("cantelope", r"^Melons, cantaloupe, raw"),
        # "X in Y" is X: the sardines, not the olive oil; the peanuts, not pasta shells.
        ("sardines in olive oil", r"^Fish, sardine, .*canned in oil"),
        ("peanuts in shell", r"^Peanuts, all types"),
        # ... unless the names say the words together ("bone-in").
        ("bone in pork chop", r"(?i)^Pork, .*bone-in"),
        # A category's kind written in the plural is that kind, not an ingredient ("Bread, cinnamon").
        ("caramels", r"^Candies, caramels$"),
        # The cooked form of a dry cereal is what people eat.
        ("grits", r"^Cereals, corn grits, .*cooked"),
        # A recipe's name ("Chicken souvlaki pita") does not make pita an ingredient of "Bread, pita".
        ("pita", r"^Bread, pita"),
        # "plain" right after the name is the default form; "unsalted" is the variant of a salted snack.
        ("naan", r"^Bread, naan, plain"),
        ("potato chips", r"^Snacks, potato chips, plain, salted"),
        # The leaves of a herb are the herb, unless the names call the leaves a food ("Grape leaves").
        ("basil leaves", r"^Basil, fresh"),
        ("fresh thyme leaves", r"^Thyme, fresh"),
        ("dill", r"^Dill weed, fresh"),
        # A state the query says beats the same food in another state.
        ("ground coriander", r"^Spices, coriander seed"),
        ("fresh basil", r"^Basil, fresh"),
        ("cooked rice", r"^Rice, white, .*cooked"),
        # The whole animal is its flesh and skin right after its name, not a part of it.
        ("chicken", r"^Chicken, broilers or fryers, meat and skin"),
        ("quail", r"^Quail, meat and skin"),
        # A word only recipes spell so is read as the food names spell it; a dish named just so comes
        # before a food whose long list of common names includes it.
        ("omelette", r"^Egg, whole, cooked, omelet"),
        ("lasagna", r"^Lasagna"),
        # Porridge is eaten cooked; oatmeal is USDA's common name of cooked oats.
        ("porridge", r"^Cereals, oats, .*cooked"),
        ("oatmeal", r"^Cereals, oats, .*cooked"),
        # The plain form before the fat-reduced one; a note in capitals is no brand.
        ("sour cream", r"^Cream, sour, cultured"),
        ("refried beans", r"^Refried beans, canned, traditional style"),
        # A household product before the industrial and special-purpose ones.
        ("shortening", r"^Shortening, (household|vegetable, household)"),
    ],
)
def test_the_food_meant_comes_first(db_session: Session, query: str, wanted: str) -> None:
    names = _names(db_session, query)
    assert names and re.search(wanted, names[0]), names


@pytest.mark.parametrize(
    ("query", "wanted", "not_wanted"),
    [
        # A bare food word means the variety USDA describes in the most forms: beef or meat hot dogs (a
        # dozen foods) before the one chicken frankfurter; smooth peanut butter before chunky.
        ("hot dogs", r"^Frankfurter, (beef|meat)", r"chicken|turkey"),
        ("hotdog", r"^Frankfurter, (beef|meat)", r"chicken|turkey"),
        ("peanut butter", r"^Peanut butter, smooth style", r"chunk"),
    ],
)
def test_a_bare_food_word_means_its_most_described_variety(
    db_session: Session, query: str, wanted: str, not_wanted: str
) -> None:
    names = _names(db_session, query)
    assert names and re.search(wanted, names[0]) and not re.search(not_wanted, names[0]), names


@pytest.mark.parametrize(
    ("query", "wanted", "not_wanted"),
    [
        # An alternative after "or" is one word as the name writes it, a compound included: "Rolls,
        # hamburger or hotdog" is a hamburger roll (it was read "hamburger dog", which the query did not say,
        # and a calcium-fortified whole-grain roll came first).
        ("hamburger rolls", r"^Rolls, hamburger or hotdog, plain", r"fortified"),
        # "Tomato products" is a class whose foods are all canned: its kinds are read past the state, and
        # the class noun is no word of the food ("Tomato products, canned, sauce" is tomato sauce), so the
        # regular sauce comes before the no-salt-added one.
        ("canned tomato sauce", r"^Tomato products, canned, sauce$", r"no salt"),
        # A food filed under several classifiers, bare or in a state, is the one USDA describes most: beef
        # sirloin and rib (dozens of cuts), not veal's (a handful).
        ("raw sirloin", r"^Beef, .*sirloin", r"^Veal"),
        ("cooked rib", r"^Beef, rib", r"^Veal"),
        # "Milk, chocolate" is chocolate milk: where the query's words in order name a kind of a class
        # ("Candies, milk chocolate"), a category named first with the query's head after it is its own food.
        ("milk chocolates", r"^Candies, milk chocolate$", r"^Milk"),
        ("chocolate milk", r"^Milk, chocolate", r"^Candies"),
        # A note in parentheses in the second segment is no more said of the food: "Nuts, coconut water
        # (liquid from coconuts)" says coconut water as the ready-to-drink beverage does, and is commoner.
        ("coconut waters", r"^Nuts, coconut water", r"ready-to-drink"),
        # A plural class's member named just as asked is that food: the snack group's prior is waived for
        # "Snacks, rice cakes" as for a name that starts with the food; a fast-food hot dog still is not.
        ("rice cake", r"^Snacks, rice cakes, brown rice, plain", r"cracker"),
        ("hot dog", r"^Frankfurter", r"^Fast foods"),
        # Issue 16, i16rank. A category word repeated after the food's own is still that food: "Nuts, cashew
        # nuts" is cashews, ahead of cashew butter (which neither name was read as headed by).
        ("cashew", r"^Nuts, cashew nuts", r"butter"),
        # The part of a plant it is bought as: "Ginger root" says ginger in full, as "Spices, ginger" does.
        ("gingerroot", r"^Ginger root, raw", r"^Spices"),
        # A name without a comma whose head noun is followed by how it is made ("Soy sauce made from soy and
        # wheat") is headed by that noun: the everyday soy sauce, not the reduced-sodium one with a comma.
        ("soy sauces", r"^Soy sauce made from soy and wheat \(shoyu\)$", r"reduced|low"),
        # Concentrated in the can is a step further from the food: 2% milk is the fluid reduced-fat milk.
        ("milk 2%", r"^Milk, reduced fat, fluid, 2%", r"evaporated"),
        # The food as it comes, skin and all, before the peeled one ("with peel" adds nothing to it).
        ("cucumbers", r"^Cucumber, with peel, raw", r"peeled"),
        ("apples", r"^Apples, raw, .*with skin", r"without"),
        # The root of a plant is the plant when no name says the two together ("Ginger root" does).
        ("taro root", r"^Taro, raw", r"^Ginger"),
        # USDA writes "Milk shakes" apart; brands' "Milkshake" flavours do not decide how the words are said.
        ("chocolate milkshake", r"^Milk shakes, thick chocolate", r"mix"),
        # Flour is sold enriched: "unenriched" is the exception a name says, not a label of no weight.
        ("white flour", r"^Wheat flour, white, all-purpose, enriched", r"unenriched"),
        # "with ham" says what is added to the food the segment names: "Soup, lentil with ham" is a lentil
        # soup, ahead of a brand's; and a query saying "with" is about what comes before it.
        ("lentil soups", r"^Soup, lentil", r"CAMPBELL"),
        ("chili with beans", r"^Chili (con carne )?with beans", r"^Beans"),
        # A cooking method as said of a dish is the state names say: roast pork is roasted, not a raw roast.
        ("roast pork", r"^Pork, .*roasted", r", raw"),
        # A part followed by where it is from is still the part: roasted turkey is the bird, not its skin.
        ("turkey roasted", r"^Turkey, whole, meat and skin, cooked, roasted", r"skin from"),
        # A word in -ie is the singular of the names' -ies: "brownie" is "Cookies, brownies", not a brand's
        # "Brownie Mix" (which alone said the singular).
        ("brownie", r"^Cookies, brownies", r"Mix"),
        # Two everyday names together name a third food: rice vinegar is a vinegar, not the default rice.
        ("rice vinegar", r"^Vinegar", r"^Rice"),
        # A state typed after the food is no head noun: "spinach cooked" is spinach, not spinach pasta.
        ("spinach cooked", r"^Spinach, cooked", r"^Pasta"),
        ("eggs scrambled", r"^Egg, whole, cooked, scrambled", r"frozen"),
        # A soup is a dish made with the food, not the food: canned black beans are beans.
        ("black beans canned", r"^Beans, black", r"^Soup"),
        # Just a category word is the category: a fish, not fish sauce.
        ("fish", r"^Fish, ", r"^Sauce"),
        # "salad or cooking" marks the oil households buy, not a variant that costs: oil is soybean oil.
        ("oils", r"^Oil, soybean, salad or cooking$", r"almond"),
        # Two words some names write as one ("Oil, poppyseed") are still found as said, apart, where a name
        # says them so ("Spices, poppy seed").
        ("poppy seed", r"^Spices, poppy seed", r"dressing|^Oil"),
        # An animal's cut is of that animal when no name says the two together: crab legs are crab, not
        # "Pork, fresh, leg".
        ("crab legs", r"^Crustaceans, crab", r"^Pork"),
        ("duck leg", r"^Duck, ", r"^Pork|^Veal"),
        # What a food is cut into, said after it, is no head noun: salami slices are salami, not a ham slice.
        ("salami slices", r"^Salami", r"^Pork"),
        # A variant typed after the food is no head noun either: light cream cheese, not light ice cream.
        ("cream cheese light", r"^Cheese, cream", r"^Ice"),
        # "&" is "and": half & half is the cream, not a brisket's flat half.
        ("half & half", r"^Cream, fluid, half and half", r"^Beef"),
        # A word the query joins that names say apart too: multigrain bread is "Bread, multi-grain".
        ("multigrain bread", r"^Bread, multi-grain", r"white"),
        # A word no name says ("yukon") does not leave the query unanswerable; handling, a portion or a part
        # typed after the food is no head noun; a kernel is of the food it is named after.
        ("yukon gold potatoes", r"^Potatoes, ", r"^$"),
        ("edamame shelled", r"^Edamame", r"^Taco"),
        ("grapefruit half", r"^Grapefruit, raw", r"^Beef"),
        ("popcorn kernels", r"popcorn", r"cottonseed"),
        # "unsalted"/"salted" are how names say "without salt"/"with salt": unsalted almonds are almonds.
        ("almonds unsalted", r"^Nuts, almonds, .*without salt", r"^Snacks"),
        # Strips typed after the food are how it is cut: jerky strips are jerky, not breakfast strips.
        ("jerky strips", r"jerky", r"breakfast strips"),
        # A way of cooking the names do not say: the way USDA says it ("cooked, dry heat"), a like way
        # (boiled for steamed), or at least cooked, before a raw, frozen or smoked food.
        ("baked salmon", r"^Fish, salmon, .*cooked, dry heat", r"smoked"),
        ("steamed spinach", r"^Spinach, cooked", r"frozen"),
        ("steamed vegetables", r"^Vegetables, mixed, .*cooked", r"canned"),
        # Powdered is how a query says what names call dry: powdered milk is "Milk, dry".
        ("powdered whole milk", r"^Milk, dry, whole", r"3.25%"),
        # A word names say often on its own is no start of a compound: chicken backs are no "backfat".
        ("chicken backs", r"^Chicken, broilers or fryers, back", r"backfat"),
        # "Lite" is how people say the lighter version USDA names "low calorie", "reduced fat" or "fat-free".
        ("lite caesar dressing", r"^Salad dressing, caesar, (low calorie|fat-free|reduced)", r"regular"),
        # An adjective made of a noun is no typo of the noun: floury potatoes are potatoes, not potato flour.
        ("floury potatoes", r"^Potatoes, ", r"flour"),
    ],
)
def test_what_a_name_says_of_its_food(db_session: Session, query: str, wanted: str, not_wanted: str) -> None:
    """Issue 16's generalised fixes, each on a query of its kind that the development set does not hold
    (but "hot dog", kept as the guard of how far a group's prior is waived)."""
    names = _names(db_session, query)
    assert names and re.search(wanted, names[0]) and not re.search(not_wanted, names[0]), names


def test_the_matching_sets_keep_their_figures(db_session: Session) -> None:
    """Floors a little under the measured top-1 (after issue 16's everyday names, bench/bench_search.py: dev
    96.0% over 400 queries, 96.5% with the variety default, 98.0% with what names say of their food; held-out
    90.3% over 103; the blind held-outs 93.7% over 127 and 90.0% over 150), so a change that makes search
    worse on queries typed as people type them fails. The development set grew to 722 queries (i16rank,
    five batches labelled before they were searched, less those the fourth held-out set also holds): 96.0%.
    Then to 900 (i16rank2's and batch 7: 160 queries written in a new style, casual, abbreviated and modified,
    labelled before they were searched, 74% top-1 at first): 94.1%. Then to 925 (i16rank3's queries for the
    causes it fixed): 94.7%."""
    for part, floor in (("dev", 0.94), ("heldout", 0.88), ("heldoutb", 0.91), ("heldoutc", 0.87)):
        queries = load("search", part)
        firsts = {item.text: _names(db_session, item.text, 1) for item in queries}
        top1 = sum(
            1
            for item in queries
            if item.acceptable and firsts[item.text] and item.acceptable.search(firsts[item.text][0])
        )
        assert top1 / len(queries) >= floor, (part, top1, len(queries))


@pytest.mark.parametrize(
    ("query", "crowding", "other"),
    [
        # Four pork loin sirloins and a fifth would fill the top five; a beef sirloin roast is meant as often.
        ("sirloin roast", r"^Pork, fresh, loin, sirloin", r"^Beef, .*sirloin"),
        # Beef tenderloin steaks in five trims; pork tenderloin is the other everyday tenderloin.
        ("tenderloin", r"^Beef, tenderloin", r"^Pork, .*tenderloin"),
    ],
)
def test_one_family_of_variants_does_not_fill_the_top_five(
    db_session: Session, query: str, crowding: str, other: str
) -> None:
    names = _names(db_session, query)
    assert re.search(crowding, names[0]), names  # the best match still comes first
    assert any(re.search(other, name) for name in names), names


def test_a_cut_named_top_or_bottom_is_that_cut(db_session: Session) -> None:
    """USDA's "Beef, top sirloin" is sirloin: before, five veal sirloins filled the top five for "sirloin"."""
    names = _names(db_session, "sirloin")
    assert any(re.search(r"^Beef, (top|bottom) sirloin", name) for name in names), names


def test_diversified_pages_are_one_stable_order_with_the_same_total(db_session: Session) -> None:
    """The pages of a query whose top five were reordered, read two at a time, are the one list read whole,
    each food once, and every page gives the same total."""
    whole, total = service.search_foods(
        db_session, "sirloin roast", user_id=None, group=None, include_recipes=False, limit=30, offset=0
    )
    paged: list[int] = []
    for offset in range(0, 30, 2):
        page, page_total = service.search_foods(
            db_session, "sirloin roast", user_id=None, group=None, include_recipes=False, limit=2, offset=offset
        )
        assert page_total == total
        paged.extend(food.id for food in page)
    assert paged == [food.id for food in whole]
    assert len(set(paged)) == len(paged)


def test_a_typo_is_read_as_a_food_word_before_a_brand_word(db_session: Session) -> None:
    """ "cheeze" is closer to KRAFT's "CHEEZ" than to cheese, but a food's own word is what a typo means."""
    names = _names(db_session, "cheeze")
    assert names and names[0].startswith("Cheese, "), names


@pytest.mark.parametrize("query", ["skyr", "paneer", "matcha"])
def test_an_unknown_food_word_is_not_read_as_a_brand(db_session: Session, query: str) -> None:
    """A word no food name says is corrected to a brand's word only when very close: "skyr" was the SKOR
    toffee bar, "paneer" PLANTERS nuts, "matcha" a Martha White brownie mix."""
    names = _names(db_session, query)
    assert not any(re.search(r"SKOR|PLANTERS|MARTHA WHITE", name) for name in names), names


@pytest.mark.parametrize("query", ["xy&zz", "qwx and vbz", "zq & xv"])
def test_unknown_words_joined_by_and_find_nothing(db_session: Session, query: str) -> None:
    """The unknown words were dropped and "and" was left to search on alone: every food whose name says "and"
    (chicken "meat and skin" first), where an unknown word finds nothing."""
    assert _names(db_session, query) == []


def test_a_name_said_with_and_still_finds_its_food(db_session: Session) -> None:
    names = _names(db_session, "half & half")
    assert names and re.search(r"half and half", names[0], re.IGNORECASE), names


def test_a_long_query_whose_modifiers_no_name_says_still_finds_its_food(db_session: Session) -> None:
    """A query of three words must match two of them; no name says "bold" or "spicy" with mustard, so "bold spicy
    mustard" found nothing at all. With nothing found, its head noun alone is searched: mustard, not an empty
    list. A query its own words match is untouched, and an unknown word alone still finds nothing."""
    assert _names(db_session, "bold spicy mustard", 1) == ["Mustard, prepared, yellow"]
    assert _names(db_session, "smooth yellow mustard", 1) == ["Mustard, prepared, yellow"]
    assert _names(db_session, "zzqx", 1) == []


def test_a_state_alone_finds_no_other_food(db_session: Session) -> None:
    """A state said with a food ("teff cooked") is no food of its own: cooked pasta and cooked turkey, which hold
    only "cooked", are not listed under teff (they were, and every one of the ~1,900 cooked foods was scored)."""
    names = _names(db_session, "teff cooked")
    assert names[0] == "Teff, cooked" and all(name.startswith("Teff") for name in names), names


def test_sugar_free_finds_a_name_saying_reduced_calorie(db_session: Session) -> None:
    """USDA says sugar free as "reduced-calorie" or "low calorie" too; a name's words hold "calory" (the
    singular search makes of "calorie"), which the words to look for once missed."""
    first = _names(db_session, "sugar free pancake syrup", 1)[0]
    assert "pancake" in first.lower() and "reduced-calorie" in first.lower(), first


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        ("ripe mango", r"^Mangos, raw"),
        ("ripe pear", r"^Pears, raw"),
        ("ripe plums", r"^Plums, raw"),
        # "Tomatoes, crushed, canned": a participle after the food says what was done to it, not which food.
        ("crushed walnuts", r"^Nuts, walnuts"),
        # A cut after a word that is no food is the cut ("duck legs" are duck, "spicy wings" wings).
        ("spicy wings", r"(?i)\bwing\b"),
        # A maker's product line ("McDONALD'S, Deluxe Breakfast") heads no food: breakfast cereal is a cereal.
        ("breakfast cereal", r"^Cereals"),
        # Who made it is no food either ("Sauce, homemade, white" is a white sauce).
        ("homemade bread", r"^Bread, "),
    ],
)
def test_a_modifier_no_name_is_headed_by_does_not_become_the_food(db_session: Session, query: str, wanted: str) -> None:
    """The word "ripe" is said of tomatoes and olives only ("Tomatoes, red, ripe, raw"), so it is rarer than the fruit,
    and the rarer of two words was read as the food: every ripe mango was a ripe tomato. A word that heads no
    food's name (a state, a modifier) is never that food."""
    names = _names(db_session, query)
    assert names and re.search(wanted, names[0]), names


@pytest.mark.parametrize(("query", "animal"), [("turkey tenderloin", "Turkey"), ("duck tenderloin", "Duck")])
def test_a_class_said_with_a_cut_it_lacks_is_still_that_class(db_session: Session, query: str, animal: str) -> None:
    """No generic name says a turkey's or a duck's tenderloin, which beef, pork and lamb names do: the pork
    tenderloin came first. The class said is the food; the cut only narrows it where names say it."""
    names = _names(db_session, query, 3)
    assert names and all(name.startswith(animal) for name in names), names


@pytest.mark.parametrize("query", ["pudding sugar free", "sugar free gelatin"])
def test_sugar_free_is_not_free_of_something_else(db_session: Session, query: str) -> None:
    """USDA says a sugar free pudding or gelatin is "low calorie" or "reduced calorie": such a name holds one
    word of three, under the floor, so only the fat free puddings (holding "free") and a pudding "prepared with
    sugar" were listed. Fat free is no sugar free, a name holding sugar as an ingredient is sugared, and the
    low-calorie variant is the one asked for. Said after the food, "sugar free" is no head noun either."""
    first = _names(db_session, query, 1)[0].lower()
    assert "calorie" in first and "fat free" not in first, first


def test_an_animal_named_alone_is_its_meat_not_its_trimmed_fat(db_session: Session) -> None:
    """The "Lamb, New Zealand, imported, subcutaneous fat, raw" is the fat trimmed off a carcass, a by-product like
    skin; it was in the top five for lamb. The average of the retail cuts is the animal's meat."""
    names = _names(db_session, "raw lamb")
    assert not any(re.search(r"(subcutaneous|intermuscular|separable|seam) fat", name, re.I) for name in names), names
    assert any("composite of trimmed retail cuts" in name for name in names), names


@pytest.mark.parametrize("query", ["frozen berries", "fresh berries", "assorted berries"])
def test_a_class_named_only_through_its_members_finds_a_member(db_session: Session, query: str) -> None:
    """USDA names no food "berries": each is a blueberry, strawberry, blackberry... and "berry" heads only
    "Goji berries". A berry query listed goji berries, a berry snack bar and an acai drink; it now lists the
    berry the names describe most, in the state said."""
    first = _names(db_session, query, 1)[0]
    assert re.match(r"^(Blue|Straw|Black|Rasp)berries, ", first), first


def test_a_food_said_with_the_class_word_is_that_food(db_session: Session) -> None:
    """The words "goji berries" and "spelt berries" name a food of their own: no member of the class comes first."""
    assert _names(db_session, "goji berries", 1)[0].startswith("Goji berries")
    assert _names(db_session, "spelt berries", 1)[0].startswith("Spelt")


def test_a_way_of_cooking_said_with_what_it_was_cooked_in_says_that_way(db_session: Session) -> None:
    """The name "Sweet potato, cooked, baked in skin" says a baked sweet potato as much as "..., frozen, cooked, baked":
    the words after "in" were read as more said of the food, and the frozen one came first."""
    assert _names(db_session, "oven baked sweet potato", 1)[0].startswith("Sweet potato, cooked, baked in skin")


@pytest.mark.parametrize(
    ("query", "wanted"), [("takeout egg roll", r"^Egg rolls, "), ("chicken sausages", r"^Sausage, chicken")]
)
def test_a_kind_not_asked_for_does_not_win_on_a_word_said_further_on(
    db_session: Session, query: str, wanted: str
) -> None:
    """The name "Rolls, dinner, egg" is an egg dinner roll and "Sausage, Vienna, canned, chicken, ..." a Vienna sausage:
    a kind of the food the query did not name, holding the query's other word only further on. They came
    before the egg rolls and the chicken sausage the names say right after the food."""
    names = _names(db_session, query)
    assert names and re.search(wanted, names[0]), names


@pytest.mark.parametrize(
    ("query", "wanted"), [("banana cream", r"^Pie, banana cream"), ("multi grain", r"^Bread, multi-grain")]
)
def test_a_kind_named_only_under_one_food_is_that_kind(db_session: Session, query: str, wanted: str) -> None:
    """Two words said whole only as a kind of one food ("Pie, banana cream"; "Salad dressing, honey mustard") name
    that kind, not that food made with the last word: banana cream found half and half, honey mustard mustard."""
    names = _names(db_session, query)
    assert names and re.search(wanted, names[0]), names


def test_peeled_is_said_as_without_skin(db_session: Session) -> None:
    """USDA says a peeled food "without skin" ("Apples, raw, without skin"; "Potatoes, boiled, cooked without
    skin"): the apples and potatoes with their skin came first."""
    assert _names(db_session, "peeled apple", 1)[0].startswith("Apples, raw, without skin")
    assert "without skin" in _names(db_session, "peeled potatoes", 1)[0]


@pytest.mark.parametrize(("query", "animal"), [("veal rib chop", "Veal"), ("venison steak", "Game meat, deer")])
def test_a_common_name_of_a_cut_keeps_its_animal(db_session: Session, query: str, animal: str) -> None:
    """USDA calls a pork cut "rib chops" and a beef cut "sirloin steak": read as the food's whole name, the common
    name dropped the animal, and a pork chop came first for veal, a beef steak for venison."""
    first = _names(db_session, query, 1)[0]
    assert first.startswith(animal), first


def test_free_of_one_thing_is_not_free_of_another(db_session: Session) -> None:
    """A "caffeine free" food is USDA's "decaffeinated" or "without caffeine", and a name free of something else ("Ice
    creams, vanilla, fat free") is no answer to "dairy free": caffeine free coffee found instant coffee with "half
    the caffeine", dairy free ice cream the fat free one."""
    assert "decaffeinated" in _names(db_session, "caffeine free coffee", 1)[0]
    assert "fat free" not in _names(db_session, "dairy free ice cream", 1)[0].lower()


@pytest.mark.parametrize(
    ("query", "wanted"), [("kefir glass", r"^Kefir"), ("applesauce pouch", r"^Applesauce"), ("omlettes", r"omelet")]
)
def test_a_serving_word_or_a_recipe_spelling_is_no_typo_of_another_food(
    db_session: Session, query: str, wanted: str
) -> None:
    """What a food is served in ("glass", "pouch": units of USDA's household measures, in no food name) was read as
    a typo: kefir found lemon grass, applesauce a fruit punch. A typo of a word only recipes say ("omlette" of
    "omelette") found no food at all: the food names spell it "omelet"."""
    first = _names(db_session, query, 1)
    assert first and re.search(wanted, first[0]), first


@pytest.mark.parametrize("query", ["parmesian", "parmasan"])
def test_a_typo_of_a_word_the_always_table_rewrites_finds_what_the_word_does(db_session: Session, query: str) -> None:
    """ "parmesan" is rewritten "cheese parmesan" before parsing, a typo of it was not: the fat free topping came
    first, where the word spelt right finds the cheese."""
    assert _names(db_session, query, 1)[0].startswith("Cheese, parmesan")


@pytest.mark.parametrize("query", ["mashed carrots", "mashed turnips", "mashed parsnips"])
def test_a_mashed_vegetable_is_a_cooked_one(db_session: Session, query: str) -> None:
    """No vegetable but potatoes is named "mashed": mashed carrots are boiled carrots, not raw ones."""
    first = _names(db_session, query, 1)[0]
    assert "cooked" in first and "raw" not in first, first


def test_a_food_something_was_added_to_is_not_the_raw_one(db_session: Session) -> None:
    """Plain "orange juice" is the raw juice ([always] table), but juice enriched with calcium never is: the
    raw juice came first, before "Orange juice, ..., with added calcium"."""
    assert "with added calcium" in _names(db_session, "calcium enriched orange juice", 1)[0]
    assert _names(db_session, "orange juice", 1)[0].startswith("Orange juice, raw")
