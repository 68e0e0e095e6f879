"""Effective targets: the profile's equation targets, with energy from the diary's weight trend when the
profile asks for adaptive targets; and a diary day shown against them.

For other domains:
    effective_targets(session, user_id)   the day's targets (409 without a profile)
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from diet_planner.core.db import end_read_phase
from diet_planner.diary import service as diary
from diet_planner.nutrition import panel
from diet_planner.nutrition.targets import Targets
from diet_planner.profiles import service as profiles
from diet_planner.profiles.models import Profile
from diet_planner.profiles.service import ProfileFacts


def adaptive_energy_kcal(session: Session, profile: ProfileFacts) -> float | None:
    """The diary's weight-trend energy estimate when the profile asks for adaptive targets, else None."""
    if not profile.adaptive_targets:
        return None
    return diary.adaptive_energy_kcal(session, profile.user_id)


def targets_for_profile(session: Session, profile: Profile) -> Targets:
    return profiles.targets_for_profile(profile, energy_override_kcal=adaptive_energy_kcal(session, profile))


def effective_targets(session: Session, user_id: int) -> Targets:
    """The user's daily targets; 409 without a profile."""
    return targets_for_profile(session, profiles.require_profile(session, user_id))


def diary_day(session: Session, user_id: int, day: date, today: date | None = None) -> dict[str, Any]:
    """GET /api/diary/{day}: the day's log and totals, its targets, what remains to reach them, and the nutrient
    panel. A day from `today` (the person's own date; the server's when not given) on is still in progress."""
    profile = profiles.get_profile_facts(session, user_id)
    view = diary.day_entries(session, user_id, day, profile)
    totals = view["totals"]
    targets: dict[str, Any] | None = None
    remaining: dict[str, float | None] = {}
    if profile is not None:
        targets = profiles.targets_dict_for_profile(profile, adaptive_energy_kcal(session, profile))
        for key, target in targets["nutrients"].items():
            # Energy counts down from the target itself (the band's min is 5% under it); the rest from the min.
            goal = targets["energy_kcal"] if key == "energy_kcal" else target.get("min")
            if goal is not None and key in totals:
                total = totals[key]
                remaining[key] = None if total is None else round(goal - total, 3)
    # Everything is read: the transaction ends here, in this worker thread, and the request's place in the
    # admission line goes back before the panel and the page are rendered (else the session dependency's
    # commit took one more trip to the thread pool after the answer was built).
    end_read_phase(session)
    in_progress = day >= (today or diary.today())
    day_panel = None if targets is None else panel.panel(totals, targets, in_progress=in_progress)
    return {**view, "targets": targets, "remaining": remaining, "panel": day_panel}
