"""Weight trend, weekly rate and energy-balance TDEE on synthetic histories with known answers."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest

from diet_planner.nutrition import progress
from diet_planner.nutrition.equations import KCAL_PER_KG

START = date(2026, 1, 1)


def history(
    *,
    tdee_kcal: float = 2500.0,
    mean_intake_kcal: float = 2000.0,
    days: int = 28,
    noise_kg: float = 0.0,
    seed: int = 1,
    weigh_every: int = 1,
    skip_log_every: int = 0,
    outliers: dict[int, float] | None = None,
    intake_jitter_kcal: float = 300.0,
) -> tuple[dict[date, float], dict[date, float]]:
    """(intake by day, weigh-ins): weight follows the energy balance day by day (7,700 kcal per kg)."""
    rnd = random.Random(seed)
    intake: dict[date, float] = {}
    weights: dict[date, float] = {}
    weight = 90.0
    for i in range(days):
        day = START + timedelta(days=i)
        eaten = mean_intake_kcal + rnd.uniform(-intake_jitter_kcal, intake_jitter_kcal)
        if i % weigh_every == 0:
            weights[day] = weight + rnd.gauss(0, noise_kg) + (outliers or {}).get(i, 0.0)
        if not (skip_log_every and i % skip_log_every == 0):
            intake[day] = eaten
        weight += (eaten - tdee_kcal) / KCAL_PER_KG
    return intake, weights


def test_trend_is_exponential_smoothing_with_alpha_one_tenth() -> None:
    points = progress.weight_trend({START: 80.0, START + timedelta(days=1): 81.0, START + timedelta(days=2): 81.0})
    assert [p.trend_kg for p in points] == pytest.approx([80.0, 80.1, 80.19])


def test_a_gap_counts_as_that_many_days() -> None:
    # Three days without weighing: alpha_eff = 1 - 0.9^3 = 0.271.
    points = progress.weight_trend({START: 80.0, START + timedelta(days=3): 81.0})
    assert points[-1].trend_kg == pytest.approx(80.0 + 0.271)


def test_an_outlier_moves_the_trend_by_at_most_the_clamp() -> None:
    typo = progress.weight_trend({START: 80.0, START + timedelta(days=1): 180.0})
    assert typo[-1].trend_kg == pytest.approx(80.0 + 0.1 * progress.MAX_DEVIATION_KG)


def test_trend_follows_a_steady_loss_with_the_documented_lag() -> None:
    weights = {START + timedelta(days=i): 90.0 - 0.1 * i for i in range(120)}
    last = progress.weight_trend(weights)[-1]
    # In steady state an EMA lags a ramp of slope s by s (1 - alpha) / alpha = 0.9 kg here.
    assert last.weight_kg - last.trend_kg == pytest.approx(-0.9, abs=1e-3)


@pytest.mark.parametrize(
    ("label", "kwargs", "tolerance"),
    [
        ("steady intake, 500 kcal deficit", {"intake_jitter_kcal": 0.0}, 0.001),
        (
            "steady intake, 400 kcal surplus",
            {"tdee_kcal": 2400.0, "mean_intake_kcal": 2800.0, "intake_jitter_kcal": 0.0},
            0.001,
        ),
        ("intake varying ±300 kcal a day", {}, 0.02),
        ("a quarter of days unlogged", {"skip_log_every": 4}, 0.02),
        ("weigh-ins every 3 days", {"weigh_every": 3}, 0.02),
        ("two typos (+6 kg, -8 kg)", {"outliers": {9: 6.0, 20: -8.0}}, 0.02),
    ],
)
def test_28_day_history_recovers_tdee(label: str, kwargs: dict[str, Any], tolerance: float) -> None:
    intake, weights = history(**kwargs)
    true_tdee = float(kwargs.get("tdee_kcal", 2500.0))
    estimate = progress.estimate_tdee(intake, progress.weight_trend(weights))
    assert estimate.tdee_kcal is not None, label
    assert abs(estimate.tdee_kcal - true_tdee) / true_tdee < tolerance, (label, estimate.tdee_kcal)
    assert estimate.logged_days == len(intake)
    assert estimate.confidence in ("medium", "high")


@pytest.mark.parametrize(
    ("label", "kwargs", "median_error", "max_error"),
    [
        ("noise 0.3 kg", {"noise_kg": 0.3}, 0.03, 0.10),
        ("noise 0.5 kg", {"noise_kg": 0.5}, 0.04, 0.15),
        ("noise 0.3 kg, weigh-ins every other day", {"noise_kg": 0.3, "weigh_every": 2}, 0.035, 0.15),
        ("noise 0.3 kg, a quarter of days unlogged", {"noise_kg": 0.3, "skip_log_every": 4}, 0.03, 0.10),
        ("noise 0.3 kg, two typos (+6 kg, -8 kg)", {"noise_kg": 0.3, "outliers": {9: 6.0, 20: -8.0}}, 0.03, 0.10),
    ],
)
def test_noisy_histories_recover_tdee_within_5_percent_typically(
    label: str, kwargs: dict[str, Any], median_error: float, max_error: float
) -> None:
    """Daily weight noise limits any 28-day estimate: with 0.3 kg the least-squares slope has a standard
    error of about 55 kcal/day, so the test checks the error over 60 histories, not one lucky draw."""
    errors = []
    for seed in range(60):
        intake, weights = history(seed=seed, **kwargs)
        estimate = progress.estimate_tdee(intake, progress.weight_trend(weights))
        assert estimate.tdee_kcal is not None
        errors.append((estimate.tdee_kcal - 2500.0) / 2500.0)
    magnitudes = sorted(abs(e) for e in errors)
    assert abs(sum(errors) / len(errors)) < 0.015, label  # unbiased
    assert magnitudes[len(errors) // 2] < median_error, (label, magnitudes[len(errors) // 2])
    assert sum(m < 0.05 for m in magnitudes) >= 0.75 * len(errors), label
    assert magnitudes[-1] < max_error, (label, magnitudes[-1])


def test_the_smoothed_trend_alone_would_under_count_a_short_history() -> None:
    """Why the energy balance fits a line to the weigh-ins: the trend's lag hides a third of the change."""
    intake, weights = history()
    points = progress.weight_trend(weights)
    span = (points[-1].day - points[0].day).days
    naive = sum(intake.values()) / len(intake) - (points[-1].trend_kg - points[0].trend_kg) / span * KCAL_PER_KG
    fitted = progress.estimate_tdee(intake, points).tdee_kcal
    assert fitted is not None
    assert abs(naive - 2500) > 100 > abs(fitted - 2500)


def test_fewer_than_fourteen_logged_days_gives_no_estimate() -> None:
    """The issue asks for energy balance over 14-28 logged days: 13 are not enough, 14 are."""
    intake, weights = history(days=13)
    estimate = progress.estimate_tdee(intake, progress.weight_trend(weights))
    assert estimate.tdee_kcal is None and estimate.confidence is None
    assert estimate.logged_days == 13
    assert "Not enough data" in estimate.note and "need 14" in estimate.note
    intake, weights = history(days=14)
    estimate = progress.estimate_tdee(intake, progress.weight_trend(weights))
    assert estimate.tdee_kcal == pytest.approx(2500, rel=0.02)
    assert estimate.logged_days == 14 and estimate.confidence == "medium"


def test_unlogged_days_are_left_out_not_counted_as_zero() -> None:
    """28 calendar days with every other day unlogged: 14 logged days, the mean is over those only."""
    intake, weights = history(skip_log_every=2, intake_jitter_kcal=0.0)
    estimate = progress.estimate_tdee(intake, progress.weight_trend(weights))
    assert estimate.logged_days == 14
    assert estimate.mean_intake_kcal == pytest.approx(2000.0)
    assert estimate.tdee_kcal == pytest.approx(2500, rel=0.01)


def test_a_partly_logged_day_is_pointed_out() -> None:
    intake, weights = history(intake_jitter_kcal=0.0)
    intake[START + timedelta(days=5)] = 450.0  # breakfast only
    estimate = progress.estimate_tdee(intake, progress.weight_trend(weights))
    assert "1 logged day has under half the median intake" in estimate.note
    clean, _ = history(intake_jitter_kcal=0.0)
    assert "under half" not in progress.estimate_tdee(clean, progress.weight_trend(weights)).note


def test_after_a_long_gap_the_trend_follows_a_real_change() -> None:
    """Two months away and 6 kg lighter: the clamp widens with the gap, so the trend is not stuck 2.5 kg behind."""
    weights = {START + timedelta(days=i): 86.0 for i in range(10)}
    weights |= {START + timedelta(days=70 + i): 80.0 for i in range(5)}
    points = progress.weight_trend(weights)
    assert points[10].trend_kg == pytest.approx(80.0, abs=0.1)
    assert progress.max_deviation_kg(1) == progress.MAX_DEVIATION_KG
    assert progress.max_deviation_kg(61) == pytest.approx(progress.MAX_DEVIATION_KG + 6.0)
    # A typo the day after a weigh-in is still clamped.
    typo = progress.weight_trend({START: 80.0, START + timedelta(days=1): 8.0})
    assert typo[-1].trend_kg == pytest.approx(80.0 - 0.1 * progress.MAX_DEVIATION_KG)


def test_only_the_last_28_days_count() -> None:
    early, early_weights = history(days=28, tdee_kcal=3000.0)
    late, late_weights = history(days=28)
    shifted = {d + timedelta(days=28): v for d, v in late.items()}
    # Continue the weight from where the early history ended.
    offset = early_weights[max(early_weights)] - late_weights[START]
    shifted_weights = {d + timedelta(days=28): v + offset for d, v in late_weights.items()}
    estimate = progress.estimate_tdee({**early, **shifted}, progress.weight_trend({**early_weights, **shifted_weights}))
    assert estimate.tdee_kcal == pytest.approx(2500, rel=0.02)
    assert estimate.logged_days == 28


def test_weekly_rate_from_the_trend_line() -> None:
    weights = {START + timedelta(days=i): 90.0 - 0.5 / 7 * i for i in range(28)}
    assert progress.weekly_rate_kg(progress.weight_trend(weights)) == pytest.approx(-0.5, abs=1e-6)
    assert progress.weekly_rate_kg(progress.weight_trend({START: 80.0, START + timedelta(days=3): 80.5})) is None


@pytest.mark.parametrize(
    ("goal", "rate", "floor", "expected"),
    [
        ("maintain", 0.5, 1200.0, 2500.0),  # the rate is ignored when maintaining
        ("lose", 0.5, 1200.0, 2500.0 - 0.5 * 7700 / 7),  # 1,950
        ("gain", 0.25, 1200.0, 2500.0 + 0.25 * 7700 / 7),  # 2,775
        ("lose", 1.0, 1500.0, 1500.0),  # 1,400 would be below a man's floor
        ("lose", 1.0, 1800.0, 1800.0),  # lactation floor
    ],
)
def test_suggested_energy(goal: str, rate: float, floor: float, expected: float) -> None:
    assert progress.suggested_energy_kcal(2500.0, goal, rate, floor) == pytest.approx(expected)
