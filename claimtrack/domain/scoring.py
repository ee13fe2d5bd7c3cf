"""Scoring resolved predictions: Brier score, log score, calibration bins, hit rate.

The reporting views compute the same in SQL (reporting.prediction_outcomes, migration 0002;
the summaries of migration 0003); tests/integration/test_reports.py holds the two to each other.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

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
