"""All SQL for plans."""

from __future__ import annotations

from sqlalchemy import delete as sql_delete
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.base import ExecutableOption

from diet_planner.plans.models import DietPlan, PantryItem, PlanDay, PlanItem, PlanMeal


def add(session: Session, plan: DietPlan) -> DietPlan:
    session.add(plan)
    session.flush()
    return plan


def _full() -> ExecutableOption:
    return selectinload(DietPlan.days).selectinload(PlanDay.meals).selectinload(PlanMeal.items)


def get_full(session: Session, user_id: int, plan_id: int) -> DietPlan | None:
    """The plan with its days, meals and items loaded, or None when absent or not the user's."""
    statement = select(DietPlan).where(DietPlan.id == plan_id, DietPlan.user_id == user_id).options(_full())
    return session.scalar(statement)


def by_idempotency_key(session: Session, user_id: int, key: str) -> DietPlan | None:
    statement = select(DietPlan).where(DietPlan.user_id == user_id, DietPlan.idempotency_key == key).options(_full())
    return session.scalars(statement).first()


def exists(session: Session, user_id: int, plan_id: int) -> bool:
    statement = select(DietPlan.id).where(DietPlan.id == plan_id, DietPlan.user_id == user_id)
    return session.scalar(statement) is not None


def list_for_user(session: Session, user_id: int, limit: int, offset: int) -> tuple[list[DietPlan], int]:
    total = session.scalar(select(func.count()).select_from(DietPlan).where(DietPlan.user_id == user_id)) or 0
    rows = session.scalars(
        select(DietPlan)
        .where(DietPlan.user_id == user_id)
        .order_by(DietPlan.created_at.desc(), DietPlan.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return list(rows), int(total)


def all_for_user(session: Session, user_id: int) -> list[DietPlan]:
    return list(session.scalars(select(DietPlan).where(DietPlan.user_id == user_id).options(_full())).all())


def find_meal(session: Session, user_id: int, meal_id: int) -> PlanMeal | None:
    """A planned meal with its day and items, only if it belongs to one of the user's plans."""
    statement = (
        select(PlanMeal)
        .join(PlanDay, PlanMeal.day_id == PlanDay.id)
        .join(DietPlan, PlanDay.plan_id == DietPlan.id)
        .where(PlanMeal.id == meal_id, DietPlan.user_id == user_id)
        .options(selectinload(PlanMeal.items), selectinload(PlanMeal.day))
    )
    return session.scalar(statement)


def delete(session: Session, plan: DietPlan) -> None:
    session.delete(plan)
    session.flush()


def replace_items(session: Session, meal: PlanMeal, items: list[PlanItem]) -> None:
    for old in list(meal.items):
        session.delete(old)
    session.flush()
    meal.items = items
    session.flush()


def pantry_food_ids(session: Session, user_id: int) -> set[int]:
    return set(session.scalars(select(PantryItem.food_id).where(PantryItem.user_id == user_id)))


def add_to_pantry(session: Session, user_id: int, food_id: int) -> None:
    if session.get(PantryItem, (user_id, food_id)) is None:
        session.add(PantryItem(user_id=user_id, food_id=food_id))
        session.flush()


def remove_from_pantry(session: Session, user_id: int, food_id: int) -> None:
    session.execute(sql_delete(PantryItem).where(PantryItem.user_id == user_id, PantryItem.food_id == food_id))


def delete_all_for_user(session: Session, user_id: int) -> None:
    """Plans go first when an account is deleted: their items point at foods with RESTRICT (days, meals and
    items, locked or not, follow by cascade)."""
    session.execute(
        sql_delete(DietPlan).where(DietPlan.user_id == user_id).execution_options(synchronize_session=False)
    )
