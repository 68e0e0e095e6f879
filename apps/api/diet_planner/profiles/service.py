"""Profile rules (age 14+, life stage by sex), storage, the profile's equation targets, and its export."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any, Protocol, cast

from sqlalchemy.orm import Session

from diet_planner.core.db import utcnow
from diet_planner.core.errors import Conflict, NotFound, Unprocessable
from diet_planner.nutrition.allergens import ALLERGENS
from diet_planner.nutrition.diets import RULES as DIET_RULES
from diet_planner.nutrition.dri import MIN_AGE_YEARS
from diet_planner.nutrition.equations import ACTIVITY_FACTORS, GOALS, LIFE_STAGES, SEXES, age_on, bmi
from diet_planner.nutrition.targets import ProfileData, Targets, compute_targets
from diet_planner.profiles import repository
from diet_planner.profiles.models import Profile

MAX_AGE_YEARS = 120
UNITS = ("metric", "imperial")
# The same bounds as the HTTP schema, for callers that build a ProfileInput themselves.
# How much a person likes leftovers: never (every meal cooked fresh), some (a dinner cooked twice over and eaten
# again within its fridge life), batch (cook at weekends for the week).
LEFTOVERS: tuple[str, ...] = ("never", "some", "batch")
RANGES: dict[str, tuple[float, float]] = {
    "height_cm": (120, 230),
    "weight_kg": (35, 300),
    "rate_kg_per_week": (0, 1),
    "meals_per_day": (3, 6),
}
# Height and weight together: a BMI outside this range is not a real body but a typo or mixed-up units
# (pounds as kg, inches as cm). 12 is below any adult BMI compatible with life; 110 above 300 kg at 165 cm.
BMI_RANGE: tuple[float, float] = (12.0, 110.0)
CHOICES: dict[str, tuple[str, ...]] = {
    "sex": SEXES,
    "activity_level": tuple(ACTIVITY_FACTORS),
    "goal": GOALS,
    "diet": tuple(DIET_RULES),
    "units": UNITS,
    "life_stage": LIFE_STAGES,
    "leftovers": LEFTOVERS,
}
# Active cooking minutes a day a person can give; None means no limit. 5 is the floor: even assembling a
# plate takes that, and a budget below any recipe's active time would leave nothing to plan.
COOKING_MINUTES_RANGE: tuple[int, int] = (5, 600)
NO_PROFILE = "Create your profile first: PUT /api/profile"


@dataclass
class ProfileInput:
    """A validated PUT body (the router converts its schema into this)."""

    sex: str
    birth_date: date
    height_cm: float
    weight_kg: float
    activity_level: str = "sedentary"
    goal: str = "maintain"
    rate_kg_per_week: float = 0.0
    diet: str = "omnivore"
    allergies: list[str] = field(default_factory=list)
    excluded_food_ids: list[int] = field(default_factory=list)
    meals_per_day: int = 3
    units: str = "metric"
    life_stage: str = "none"
    trimester: int | None = None
    adaptive_targets: bool = False
    leftovers: str = "never"
    cooking_minutes_weekday: int | None = None
    cooking_minutes_weekend: int | None = None


def _invalid(field_name: str, message: str) -> Unprocessable:
    return Unprocessable([{"loc": ["body", field_name], "msg": message, "type": "value_error"}])


def today() -> date:
    return utcnow().date()


def age_years(profile: ProfileFacts, on: date | None = None) -> int:
    return age_on(profile.birth_date, on or today())


def _check(data: ProfileInput, on: date) -> None:
    for name, choices in CHOICES.items():
        if getattr(data, name) not in choices:
            raise _invalid(name, f"{name} must be one of {', '.join(choices)}")
    for name, (low, high) in RANGES.items():
        if not low <= getattr(data, name) <= high:
            raise _invalid(name, f"{name} must be between {low:g} and {high:g}")
    body_mass_index = bmi(data.weight_kg, data.height_cm)
    if not BMI_RANGE[0] <= body_mass_index <= BMI_RANGE[1]:
        raise _invalid(
            "weight_kg",
            f"weight_kg {data.weight_kg:g} with height_cm {data.height_cm:g} gives a BMI of {body_mass_index:.1f}, "
            f"outside {BMI_RANGE[0]:g}-{BMI_RANGE[1]:g}: check both values and their units (kg and cm)",
        )
    unknown = sorted(set(data.allergies) - set(ALLERGENS))
    if unknown:
        raise _invalid("allergies", f"unknown allergens {', '.join(unknown)}; use {', '.join(ALLERGENS)}")
    if data.birth_date > on:
        raise _invalid("birth_date", "birth_date is in the future")
    age = age_on(data.birth_date, on)
    if age < MIN_AGE_YEARS:
        raise _invalid(
            "birth_date",
            f"children's plans are not supported: the user must be at least {MIN_AGE_YEARS} years old "
            "(children need a paediatric dietitian)",
        )
    if age > MAX_AGE_YEARS:
        raise _invalid("birth_date", f"birth_date gives an age over {MAX_AGE_YEARS} years; check the year")
    if data.sex == "male" and data.life_stage != "none":
        raise _invalid("life_stage", f"life_stage {data.life_stage!r} applies to females only")
    if data.trimester is not None and data.life_stage != "pregnant":
        raise _invalid("trimester", "trimester applies only with life_stage 'pregnant'")
    low, high = COOKING_MINUTES_RANGE
    for name in ("cooking_minutes_weekday", "cooking_minutes_weekend"):
        minutes = getattr(data, name)
        if minutes is not None and not low <= minutes <= high:
            raise _invalid(name, f"{name} must be between {low} and {high} minutes, or null for no limit")


def get_profile(session: Session, user_id: int) -> Profile | None:
    """For other domains: the user's profile, or None."""
    return repository.get(session, user_id)


class ProfileFacts(Protocol):
    """What the targets, the adaptive energy and a food's conflicts read of a profile: a Profile, or the
    read-only row `get_profile_facts` gives."""

    @property
    def user_id(self) -> int: ...
    @property
    def sex(self) -> str: ...
    @property
    def birth_date(self) -> date: ...
    @property
    def height_cm(self) -> float: ...
    @property
    def weight_kg(self) -> float: ...
    @property
    def activity_level(self) -> str: ...
    @property
    def goal(self) -> str: ...
    @property
    def rate_kg_per_week(self) -> float: ...
    @property
    def diet(self) -> str: ...
    @property
    def allergies(self) -> list[Any]: ...
    @property
    def excluded_food_ids(self) -> list[Any]: ...
    @property
    def life_stage(self) -> str: ...
    @property
    def trimester(self) -> int | None: ...
    @property
    def adaptive_targets(self) -> bool: ...


def get_profile_facts(session: Session, user_id: int) -> ProfileFacts | None:
    """For a read that needs only those columns (a diary day): the user's profile as a plain row, or None."""
    return cast("ProfileFacts | None", repository.target_facts(session, user_id))


def require_profile(session: Session, user_id: int) -> Profile:
    """For other domains that cannot work without a profile (plans): 409 when there is none."""
    profile = repository.get(session, user_id)
    if profile is None:
        raise Conflict(NO_PROFILE)
    return profile


def read_profile(session: Session, user_id: int) -> Profile:
    profile = repository.get(session, user_id)
    if profile is None:
        raise NotFound("No profile yet: create it with PUT /api/profile")
    return profile


def put_profile(session: Session, user_id: int, data: ProfileInput) -> Profile:
    _check(data, today())
    values: dict[str, Any] = {
        "sex": data.sex,
        "birth_date": data.birth_date,
        "height_cm": float(data.height_cm),
        "weight_kg": float(data.weight_kg),
        "activity_level": data.activity_level,
        "goal": data.goal,
        "rate_kg_per_week": float(data.rate_kg_per_week),
        "diet": data.diet,
        "allergies": list(dict.fromkeys(data.allergies)),
        "excluded_food_ids": list(dict.fromkeys(data.excluded_food_ids)),
        "meals_per_day": data.meals_per_day,
        "units": data.units,
        "life_stage": data.life_stage,
        "trimester": data.trimester,
        "adaptive_targets": data.adaptive_targets,
        "leftovers": data.leftovers,
        "cooking_minutes_weekday": data.cooking_minutes_weekday,
        "cooking_minutes_weekend": data.cooking_minutes_weekend,
        "updated_at": utcnow(),
    }
    profile = repository.get(session, user_id)
    if profile is None:
        return repository.add(session, Profile(user_id=user_id, **values))
    for name, value in values.items():
        setattr(profile, name, value)
    repository.flush(session)
    return profile


def profile_data(profile: ProfileFacts, on: date | None = None) -> ProfileData:
    return ProfileData(
        sex=profile.sex,
        age_years=age_years(profile, on),
        height_cm=profile.height_cm,
        weight_kg=profile.weight_kg,
        activity_level=profile.activity_level,
        goal=profile.goal,
        rate_kg_per_week=profile.rate_kg_per_week,
        diet=profile.diet,
        life_stage=profile.life_stage,
        trimester=profile.trimester,
    )


def _adult_data(profile: ProfileFacts) -> ProfileData:
    data = profile_data(profile)
    if data.age_years < MIN_AGE_YEARS:  # stored before a rule change; never compute child targets
        raise Unprocessable("children's plans are not supported: the profile's age is under 14")
    return data


def targets_for_profile(profile: ProfileFacts, energy_override_kcal: float | None = None) -> Targets:
    return compute_targets(_adult_data(profile), energy_override_kcal=energy_override_kcal)


@lru_cache(maxsize=1024)
def _shared_targets(data: ProfileData, energy_override_kcal: float | None) -> Targets:
    # Kept by this module only, never handed out: callers get its to_dict(), built afresh each time.
    return compute_targets(data, energy_override_kcal=energy_override_kcal)


def targets_dict_for_profile(profile: ProfileFacts, energy_override_kcal: float | None = None) -> dict[str, Any]:
    """`targets_for_profile(...).to_dict()`, the targets computed once per process for the same profile data
    (a pure function of it, the age included) and energy: every diary day read shows them."""
    return _shared_targets(_adult_data(profile), energy_override_kcal).to_dict()


def _as_utc(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything we store is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def as_dict(profile: Profile) -> dict[str, Any]:
    return {
        "sex": profile.sex,
        "birth_date": profile.birth_date.isoformat(),
        "age_years": age_years(profile),
        "height_cm": profile.height_cm,
        "weight_kg": profile.weight_kg,
        "activity_level": profile.activity_level,
        "goal": profile.goal,
        "rate_kg_per_week": profile.rate_kg_per_week,
        "diet": profile.diet,
        "allergies": list(profile.allergies or []),
        "excluded_food_ids": list(profile.excluded_food_ids or []),
        "meals_per_day": profile.meals_per_day,
        "units": profile.units,
        "life_stage": profile.life_stage,
        "trimester": profile.trimester,
        "adaptive_targets": profile.adaptive_targets,
        "leftovers": profile.leftovers,
        "cooking_minutes_weekday": profile.cooking_minutes_weekday,
        "cooking_minutes_weekend": profile.cooking_minutes_weekend,
        "updated_at": _as_utc(profile.updated_at).isoformat(),
    }


def export_user_data(session: Session, user_id: int) -> dict[str, Any] | None:
    """The user's profile for GET /api/users/me/export (None when there is none)."""
    profile = repository.get(session, user_id)
    return as_dict(profile) if profile else None
