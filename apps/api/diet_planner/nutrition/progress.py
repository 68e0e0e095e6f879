"""Weight trend, weekly rate, energy-balance TDEE and the suggested energy target, from plain data."""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from diet_planner.nutrition.equations import KCAL_PER_KG, goal_change_kcal_per_day

# Exponential smoothing constant per day, as in John Walker's "The Hacker's Diet" (1991), ch. "Signal and
# Noise": each daily weigh-in moves the trend 10% of the way towards it, which averages out the ±1-2 kg of
# day-to-day water swings. A gap of n days counts as n steps: alpha_eff = 1 - (1 - alpha)^n.
TREND_ALPHA_PER_DAY: Final = 0.1
# A weigh-in further than this from the trend (a typo, a scale error) moves the trend as if it were this far:
# real daily fluctuations stay well inside ±2.5 kg.
MAX_DEVIATION_KG: Final = 2.5
# After a gap, real weight may have moved further than the clamp: each day without a weigh-in widens it by
# 0.1 kg (0.7 kg/week, a fast sustained loss or gain), so after a month away the trend follows a real 5 kg
# change at once instead of crawling back 0.25 kg a day.
GAP_ALLOWANCE_KG_PER_DAY: Final = 0.1
# Energy balance uses the logged days among the last 28 days (days without logs are left out) and needs at
# least 14 of them, and 4 weigh-ins spanning a week; the rate needs weigh-ins spanning at least a week.
WINDOW_DAYS: Final = 28
MIN_LOGGED_DAYS: Final = 14
# A logged day under half the window's median intake is probably only partly logged: the note says so.
PARTIAL_DAY_FRACTION: Final = 0.5
MIN_WEIGH_INS: Final = 4
MIN_SPAN_DAYS: Final = 7
# Weigh-ins further from the fitted line than 3 robust standard deviations (1.4826 x MAD), and than
# 0.5 kg, are left out of the refit (twice), so an odd weigh-in cannot tilt the line.
RESIDUAL_BAND_SIGMAS: Final = 3.0
MIN_RESIDUAL_BAND_KG: Final = 0.5


@dataclass(frozen=True)
class TrendPoint:
    day: date
    weight_kg: float
    trend_kg: float


@dataclass(frozen=True)
class EnergyEstimate:
    tdee_kcal: float | None
    mean_intake_kcal: float | None
    weight_change_kg_per_day: float | None
    logged_days: int
    weigh_ins: int
    first_day: date | None
    last_day: date | None
    confidence: str | None  # "low" | "medium" | "high"; None when there is too little data
    note: str


def max_deviation_kg(gap_days: int) -> float:
    """How far from the trend a weigh-in `gap_days` after the previous one may pull it."""
    return MAX_DEVIATION_KG + GAP_ALLOWANCE_KG_PER_DAY * max(0, gap_days - 1)


def _clamp(deviation: float, gap_days: int) -> float:
    limit = max_deviation_kg(gap_days)
    return max(-limit, min(limit, deviation))


def weight_trend(weights: Mapping[date, float], alpha: float = TREND_ALPHA_PER_DAY) -> list[TrendPoint]:
    """The smoothed trend at each weigh-in, oldest first; gap-aware and outlier-clamped."""
    points: list[TrendPoint] = []
    trend = 0.0
    previous: date | None = None
    for day in sorted(weights):
        weight = float(weights[day])
        if previous is None:
            trend = weight
        else:
            gap_days = (day - previous).days
            alpha_eff = 1.0 - (1.0 - alpha) ** gap_days
            trend += alpha_eff * _clamp(weight - trend, gap_days)
        points.append(TrendPoint(day, weight, trend))
        previous = day
    return points


def _least_squares(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float]:
    """(slope, intercept) of the ordinary least-squares line; xs must not all be equal."""
    mean_x = sum(xs) / len(xs)
    mean_y = sum(ys) / len(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx
    return slope, mean_y - slope * mean_x


def robust_slope_kg_per_day(points: Sequence[TrendPoint]) -> float | None:
    """The weight change per day over `points` by least squares on the weigh-ins, robust to outliers.

    The line goes through the weigh-ins (each first clamped as the trend clamps it), not the
    smoothed trend itself: the trend lags a steady change by (1 - alpha)/alpha = 9 days, so over a history
    as short as the window its slope under-counts the change by about a third. Weigh-ins outside a robust
    band around the line are then dropped and the line refitted."""
    if len(points) < 2 or points[-1].day == points[0].day:
        return None
    origin = points[0].day
    xs = [float((p.day - origin).days) for p in points]
    ys: list[float] = []
    trend_before = points[0].weight_kg
    day_before = points[0].day
    for point in points:
        ys.append(trend_before + _clamp(point.weight_kg - trend_before, (point.day - day_before).days))
        trend_before, day_before = point.trend_kg, point.day
    slope, intercept = _least_squares(xs, ys)
    for _ in range(2):
        residuals = [y - (intercept + slope * x) for x, y in zip(xs, ys, strict=True)]
        mad = statistics.median(abs(r) for r in residuals)
        band = max(MIN_RESIDUAL_BAND_KG, RESIDUAL_BAND_SIGMAS * 1.4826 * mad)
        kept = [(x, y) for x, y, r in zip(xs, ys, residuals, strict=True) if abs(r) <= band]
        if len(kept) < 2 or kept[0][0] == kept[-1][0]:
            break
        slope, intercept = _least_squares([x for x, _ in kept], [y for _, y in kept])
    return slope


def _window(points: Sequence[TrendPoint], first: date, last: date) -> list[TrendPoint]:
    return [p for p in points if first <= p.day <= last]


def weekly_rate_kg(points: Sequence[TrendPoint], window_days: int = WINDOW_DAYS) -> float | None:
    """kg per week over the last `window_days` ending at the latest weigh-in (negative when losing)."""
    if not points:
        return None
    last = points[-1].day
    recent = _window(points, last - timedelta(days=window_days - 1), last)
    if len(recent) < 2 or (recent[-1].day - recent[0].day).days < MIN_SPAN_DAYS:
        return None
    slope = robust_slope_kg_per_day(recent)
    return None if slope is None else slope * 7


def _confidence(logged_days: int, weigh_ins: int, days_covered: int) -> str:
    """`days_covered` counts both ends: daily weigh-ins for two weeks cover 14 days."""
    if logged_days >= 21 and weigh_ins >= 14 and days_covered >= 21:
        return "high"
    if logged_days >= 14 and weigh_ins >= 7 and days_covered >= 14:
        return "medium"
    return "low"


def estimate_tdee(
    intake_kcal_by_day: Mapping[date, float],
    points: Sequence[TrendPoint],
    window_days: int = WINDOW_DAYS,
) -> EnergyEstimate:
    """TDEE = mean intake on logged days - weight change per day x 7,700 kcal/kg, over the last
    `window_days` ending on the latest logged day. Days without logs are left out of the mean."""
    if not intake_kcal_by_day:
        return EnergyEstimate(
            None, None, None, 0, 0, None, None, None, "No food logged on a complete day in the last 28 days."
        )
    last = max(intake_kcal_by_day)
    first = last - timedelta(days=window_days - 1)
    days = sorted(d for d in intake_kcal_by_day if first <= d <= last)
    weighed = _window(points, first, last)
    span_days = (weighed[-1].day - weighed[0].day).days if weighed else 0
    mean_intake = sum(intake_kcal_by_day[d] for d in days) / len(days)
    if len(days) < MIN_LOGGED_DAYS or len(weighed) < MIN_WEIGH_INS or span_days < MIN_SPAN_DAYS:
        return EnergyEstimate(
            None,
            mean_intake,
            None,
            len(days),
            len(weighed),
            days[0],
            last,
            None,
            f"Not enough data: {len(days)} logged days (need {MIN_LOGGED_DAYS}) and {len(weighed)} weigh-ins "
            f"over {span_days} days (need {MIN_WEIGH_INS} over {MIN_SPAN_DAYS}) in the last {window_days} days.",
        )
    slope = robust_slope_kg_per_day(weighed)
    assert slope is not None  # at least two distinct days, checked above
    tdee = mean_intake - slope * KCAL_PER_KG
    confidence = _confidence(len(days), len(weighed), span_days + 1)
    note = (
        f"{confidence.capitalize()} confidence: {len(days)} logged days and {len(weighed)} weigh-ins over "
        f"{span_days + 1} days; mean intake {mean_intake:,.0f} kcal/day, weight change {slope * 7:+.2f} kg/week "
        f"x {KCAL_PER_KG:,.0f} kcal/kg."
    )
    if confidence != "high":
        note += " Log every meal and weigh in daily for 3 weeks for a high-confidence estimate."
    median_intake = statistics.median(intake_kcal_by_day[d] for d in days)
    partial = sum(intake_kcal_by_day[d] < PARTIAL_DAY_FRACTION * median_intake for d in days)
    if partial:
        note += (
            f" {partial} logged {'day has' if partial == 1 else 'days have'} under half the median intake "
            f"({median_intake:,.0f} kcal): if {'it was' if partial == 1 else 'they were'} only partly logged, "
            "the estimate is too low."
        )
    return EnergyEstimate(tdee, mean_intake, slope, len(days), len(weighed), days[0], last, confidence, note)


def suggested_energy_kcal(tdee_kcal: float, goal: str, rate_kg_per_week: float, floor_kcal: float) -> float:
    """The daily energy that moves weight at the goal's rate (x 7,700/7 kcal per kg/week), never below
    the same safe floor the targets use."""
    return max(tdee_kcal + goal_change_kcal_per_day(goal, rate_kg_per_week), floor_kcal)
