"""Search relevance on the real USDA data: top-1 and top-5 accuracy over an everyday query set."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.orm import Session

from diet_planner.foods import service

RELEVANCE_SET = Path(__file__).with_name("relevance_set.json")


def _ranks(db_session: Session) -> list[tuple[str, list[str], list[str]]]:
    queries = json.loads(RELEVANCE_SET.read_text())["queries"]
    out = []
    for item in queries:
        foods, _ = service.search_foods(
            db_session, item["q"], user_id=None, group=None, include_recipes=False, limit=5, offset=0
        )
        out.append((item["q"], item["acceptable"], [f.source_id for f in foods]))
    return out


def test_relevance_set_is_large_enough() -> None:
    assert len(json.loads(RELEVANCE_SET.read_text())["queries"]) >= 60


def test_top1_and_top5_accuracy(db_session: Session) -> None:
    results = _ranks(db_session)
    top1 = sum(1 for _, ok, got in results if got[:1] and got[0] in ok) / len(results)
    top5 = sum(1 for _, ok, got in results if set(ok) & set(got[:5])) / len(results)
    misses = [(q, got[:3]) for q, ok, got in results if not (got[:1] and got[0] in ok)]
    assert top1 >= 0.90, (top1, misses)
    assert top5 >= 0.98, (top5, misses)
