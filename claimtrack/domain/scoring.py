"""Scoring resolved predictions: Brier score, log score, calibration bins, hit rate; the forecasts
over time on them: time-averaged Brier, baseline and peer scores, coverage, relative Brier; the
Murphy decomposition of calibration; and the credit the sources forecasts cite earn.

The reporting views compute the same in SQL (reporting.prediction_outcomes, migration 0002;
the summaries of migration 0003; reporting.forecast_scores, migration 0010;
calibration_summary and source_forecast_value, migration 0012); tests/integration/test_reports.py,
test_forecast_scores.py and test_score_views.py hold the two to each other.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

K = TypeVar("K", bound=Hashable)  # what tells forecasters apart

LOG_SCORE_FLOOR = 0.001
CALIBRATION_BINS = 10


def brier_score(pairs: Iterable[tuple[float, int]]) -> float | None:
    """Mean of (p − outcome)² over (probability, outcome 1/0) pairs; None when there are none."""
    values = [(p - o) ** 2 for p, o in pairs]
    return sum(values) / len(values) if values else None


def log_score(pairs: Iterable[tuple[float, int]]) -> float | None:
    """Mean of −ln(probability given to what happened), that probability clipped below at 0.001:
    a certain forecast that comes true scores 0, one that fails −ln 0.001 ≈ 6.91 (not infinity).
    reporting.prediction_outcomes.log_loss computes the same in SQL."""
    values = [-math.log(max(p if o else 1 - p, LOG_SCORE_FLOOR)) for p, o in pairs]
    return sum(values) / len(values) if values else None


def calibration_bin(probability: float) -> int:
    """0–9: bins of width 0.1, each [low, low + 0.1) except the last, [0.9, 1.0]. The probability
    is read as a decimal of 15 significant digits, as PostgreSQL casts float8 to numeric for
    reporting.prediction_outcomes.calibration_bin: 0.7 − 0.4 = 0.29999999999999993 counts as the
    0.3 it means, in bin 3."""
    from decimal import Decimal

    return min(int(Decimal(format(probability, ".15g")) * CALIBRATION_BINS), CALIBRATION_BINS - 1)


def hit_rate(confirmed: int, refuted: int) -> float | None:
    return confirmed / (confirmed + refuted) if confirmed + refuted else None


# --- forecasts over time (reporting.forecast_scores computes the same in SQL) ---------------------


def given_to_outcome(probability: float, outcome: int) -> float:
    """The probability a forecast gave to what happened, at least LOG_SCORE_FLOOR (so that a
    certain forecast that fails scores a finite loss, as log_score does)."""
    return max(probability if outcome else 1 - probability, LOG_SCORE_FLOOR)


def forecast_brier(probability: float, outcome: int) -> float:
    """One forecast's Brier score: (p − outcome)²; 0 is perfect, 1 the worst."""
    return (probability - outcome) ** 2


def forecast_log_score(probability: float, outcome: int) -> float:
    """One forecast's log score: −ln(probability given to what happened), floored as log_score."""
    return -math.log(given_to_outcome(probability, outcome))


def baseline_score(probability: float, outcome: int) -> float:
    """100·log2(2p), p the probability given to what happened: 0 for a coin toss (0.5), 100 for a
    certainty that came true, about −897 for one that failed (p floored at 0.001)."""
    return 100 * math.log2(2 * given_to_outcome(probability, outcome))


def peer_score(probability: float, standing: Sequence[float], outcome: int) -> float:
    """100·N/(N−1)·ln(p/GM): how much better the forecast `probability` did than the N forecasts
    standing beside it (`standing`, itself included), GM the geometric mean of what they gave to
    the outcome. The mean over the N of their peer scores is 0; with N = 1, 0."""
    n = len(standing)
    if n <= 1:
        return 0.0
    mean_ln = sum(math.log(given_to_outcome(p, outcome)) for p in standing) / n
    return 100 * n / (n - 1) * (math.log(given_to_outcome(probability, outcome)) - mean_ln)


@dataclass(frozen=True)
class ForecasterScore:
    """One forecaster on one prediction confirmed or refuted (a row of reporting.forecast_scores)."""

    forecasts: int
    final_probability: float
    final_brier: float
    final_log_score: float
    covered_days: int  # days of the window from the forecaster's first forecast to the resolution
    coverage: float  # covered_days / window days (1 for a window of zero days)
    time_averaged_brier: float
    baseline_score: float  # time-averaged
    peer_score: float  # time-averaged
    relative_brier: float  # time_averaged_brier − the median of the prediction's forecasters'


def forecaster_scores(
    forecasts: Sequence[tuple[K, date, float]], *, opened: date, resolved: date, outcome: int
) -> dict[K, ForecasterScore]:
    """Score every forecaster on one prediction, made (its window opened) on `opened` and resolved
    on `resolved` with `outcome` (1 confirmed, 0 refuted), from its `forecasts`: (forecaster,
    made on, probability), in the order they were recorded.

    Each forecast stands from its made-on date (the window's start at the earliest) until its
    forecaster's next forecast or the resolution; of two made the same day the later recorded
    stands. Day by day over the window [opened, resolved), each forecaster who has a forecast
    standing that day is scored on it, beside the N forecasters standing that day; a score is
    time-averaged over the days the forecaster covered, so each forecast counts for the days it
    stood and the days before their first forecast do not count. A forecaster who covered no day
    (a window of zero days, or a first forecast on the day it resolved) is scored on their final
    forecast, beside every forecaster's final one."""
    by_forecaster: dict[K, list[tuple[date, int, float]]] = {}
    for order, (forecaster, made_on, probability) in enumerate(forecasts):
        by_forecaster.setdefault(forecaster, []).append((max(made_on, opened), order, probability))
    for made in by_forecaster.values():
        made.sort()
    final = {forecaster: made[-1][2] for forecaster, made in by_forecaster.items()}
    sums: dict[K, list[float]] = {forecaster: [0.0, 0.0, 0.0, 0.0] for forecaster in by_forecaster}  # days, brier, baseline, peer
    day = opened
    while day < resolved:
        standing = {
            forecaster: [p for made_on, _, p in made if made_on <= day][-1]
            for forecaster, made in by_forecaster.items()
            if made[0][0] <= day
        }
        for forecaster, p in standing.items():
            total = sums[forecaster]
            total[0] += 1
            total[1] += forecast_brier(p, outcome)
            total[2] += baseline_score(p, outcome)
            total[3] += peer_score(p, list(standing.values()), outcome)
        day += timedelta(days=1)
    window = (resolved - opened).days
    averaged: dict[K, tuple[int, float, float, float]] = {}
    for forecaster, (days, brier, baseline, peer) in sums.items():
        if days:
            averaged[forecaster] = (int(days), brier / days, baseline / days, peer / days)
        else:
            p = final[forecaster]
            averaged[forecaster] = (0, forecast_brier(p, outcome), baseline_score(p, outcome), peer_score(p, list(final.values()), outcome))
    median_brier = _median([brier for _, brier, _, _ in averaged.values()])
    return {
        forecaster: ForecasterScore(
            forecasts=len(by_forecaster[forecaster]),
            final_probability=final[forecaster],
            final_brier=forecast_brier(final[forecaster], outcome),
            final_log_score=forecast_log_score(final[forecaster], outcome),
            covered_days=days,
            coverage=days / window if window else 1.0,
            time_averaged_brier=brier,
            baseline_score=baseline,
            peer_score=peer,
            relative_brier=brier - median_brier,
        )
        for forecaster, (days, brier, baseline, peer) in averaged.items()
    }


def _median(values: list[float]) -> float:
    """The median, as PostgreSQL's percentile_cont(0.5) takes it (statistics would import decimal)."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


# --- calibration as a whole (reporting.calibration_summary computes the same in SQL) -------------


@dataclass(frozen=True)
class MurphyDecomposition:
    """The Brier score of a set of forecasts taken apart (Murphy, 1973), over the calibration bins:
    brier = reliability − resolution + uncertainty (exact when the forecasts in a bin are equal;
    otherwise it differs from brier_score by the spread of the forecasts within the bins)."""

    forecasts: int
    base_rate: float  # the share that came true
    reliability: float  # Σ n_k (mean forecast_k − observed_k)² / N: 0 is perfectly calibrated
    resolution: float  # Σ n_k (observed_k − base rate)² / N: higher tells outcomes apart better
    uncertainty: float  # base rate · (1 − base rate): what no forecaster can change
    brier: float  # reliability − resolution + uncertainty
    brier_score: float  # the mean (p − outcome)², for comparison
    discrimination: float | None  # mean forecast on those confirmed − on those refuted; None without both


def murphy_decomposition(pairs: Iterable[tuple[float, int]]) -> MurphyDecomposition | None:
    """The Murphy decomposition of (probability, outcome 1/0) pairs, binned as calibration_bin
    does; None when there are none."""
    scored = list(pairs)
    if not scored:
        return None
    n = len(scored)
    base_rate = sum(o for _, o in scored) / n
    bins: dict[int, list[tuple[float, int]]] = {}
    for p, o in scored:
        bins.setdefault(calibration_bin(p), []).append((p, o))
    reliability = resolution = 0.0
    for members in bins.values():
        count = len(members)
        mean_forecast = sum(p for p, _ in members) / count
        observed = sum(o for _, o in members) / count
        reliability += count * (mean_forecast - observed) ** 2 / n
        resolution += count * (observed - base_rate) ** 2 / n
    uncertainty = base_rate * (1 - base_rate)
    confirmed = [p for p, o in scored if o]
    refuted = [p for p, o in scored if not o]
    discrimination = sum(confirmed) / len(confirmed) - sum(refuted) / len(refuted) if confirmed and refuted else None
    return MurphyDecomposition(
        forecasts=n,
        base_rate=base_rate,
        reliability=reliability,
        resolution=resolution,
        uncertainty=uncertainty,
        brier=reliability - resolution + uncertainty,
        brier_score=sum((p - o) ** 2 for p, o in scored) / n,
        discrimination=discrimination,
    )


# --- credit for evidence (reporting.source_forecast_value computes the same in SQL) --------------


def log_score_gain(before: float, after: float, outcome: int) -> float:
    """What a revision from `before` to `after` brought, once the outcome is known: ln(p_after /
    p_before), p the probability given to what happened (floored as log_score). Above 0 when the
    forecast moved toward what happened, below 0 when it moved away; it is the fall in log score."""
    return math.log(given_to_outcome(after, outcome) / given_to_outcome(before, outcome))


@dataclass(frozen=True)
class SourceValue:
    """One source's credit (a row of reporting.source_forecast_value)."""

    forecasts_citing: int  # forecasts citing it, on any prediction
    resolved: int  # of those, on a prediction confirmed or refuted
    scored: int  # of those, with a previous forecast by the same forecaster
    toward: int  # scored forecasts that moved toward what happened
    away: int  # and away from it
    log_score_gain: float | None  # the sum of their log_score_gain; None when none is scored
    mean_gain: float | None


def source_values(
    forecasts: Sequence[tuple[K, float, Iterable[Hashable]]], *, outcome: int | None
) -> dict[Hashable, SourceValue]:
    """Credit the sources cited by the forecasts on one prediction, given in the order they stand
    (made on, then recorded): (forecaster, probability, the sources it cites, each once: a claim
    cited stands for its sources). `outcome` is 1 (confirmed), 0 (refuted) or None (not yet, or
    annulled: nothing is scored). A citing forecast is scored on the change from the same
    forecaster's previous forecast; a forecaster's first has nothing to change from and is not
    scored (a start of 0.5 would credit its sources with the forecaster's own prior)."""
    previous: dict[K, float] = {}
    tallies: dict[Hashable, list[Any]] = {}
    for forecaster, probability, sources in forecasts:
        before = previous.get(forecaster)
        previous[forecaster] = probability
        gain = None if outcome is None or before is None else log_score_gain(before, probability, outcome)
        for source in set(sources):
            tally = tallies.setdefault(source, [0, 0, 0, 0, 0, None])
            tally[0] += 1
            tally[1] += outcome is not None
            if gain is not None:
                tally[2] += 1
                tally[3] += gain > 0
                tally[4] += gain < 0
                tally[5] = gain if tally[5] is None else tally[5] + gain
    return {
        source: SourceValue(citing, resolved, scored, toward, away, gain, gain / scored if scored else None)
        for source, (citing, resolved, scored, toward, away, gain) in tallies.items()
    }
