"""domain.scoring's forecasts over time: the worked example of docs/reports.md, and the edge cases."""

from __future__ import annotations

import math
from datetime import date

import pytest

from claimtrack.domain.scoring import (
    baseline_score,
    brier_score,
    forecast_brier,
    forecast_log_score,
    forecaster_scores,
    log_score_gain,
    murphy_decomposition,
    peer_score,
    source_values,
)

JAN = [date(2025, 1, day) for day in range(1, 32)]


def test_the_worked_example_of_the_reports_documentation() -> None:
    # Made on 1 January, confirmed on 11 January: a window of 10 days. A says 0.6 from the 1st and
    # 0.9 from the 6th; B says 0.5 from the 3rd.
    scores = forecaster_scores(
        [("A", JAN[0], 0.6), ("B", JAN[2], 0.5), ("A", JAN[5], 0.9)], opened=JAN[0], resolved=JAN[10], outcome=1
    )
    a, b = scores["A"], scores["B"]
    assert (a.forecasts, a.covered_days, a.coverage) == (2, 10, 1.0)
    assert (b.forecasts, b.covered_days, b.coverage) == (1, 8, 0.8)
    assert a.final_probability == 0.9 and a.final_brier == pytest.approx(0.01)
    assert a.final_log_score == pytest.approx(-math.log(0.9))
    assert a.time_averaged_brier == pytest.approx((5 * 0.16 + 5 * 0.01) / 10)
    assert b.time_averaged_brier == pytest.approx(0.25)
    assert a.relative_brier == pytest.approx(-0.0825) and b.relative_brier == pytest.approx(0.0825)
    assert a.baseline_score == pytest.approx((5 * 100 * math.log2(1.2) + 5 * 100 * math.log2(1.8)) / 10)
    assert b.baseline_score == pytest.approx(0.0)
    assert a.peer_score == pytest.approx((3 * 100 * math.log(0.6 / 0.5) + 5 * 100 * math.log(0.9 / 0.5)) / 10)
    assert b.peer_score == pytest.approx(-(3 * 100 * math.log(0.6 / 0.5) + 5 * 100 * math.log(0.9 / 0.5)) / 8)


def test_a_lone_forecaster_has_a_peer_score_of_zero_and_a_relative_brier_of_zero() -> None:
    only = forecaster_scores([("A", JAN[0], 0.2)], opened=JAN[0], resolved=JAN[4], outcome=0)["A"]
    assert (only.peer_score, only.relative_brier) == (0.0, 0.0)
    assert only.time_averaged_brier == pytest.approx(0.04)
    assert only.baseline_score == pytest.approx(100 * math.log2(1.6))


def test_the_later_of_two_forecasts_made_the_same_day_stands() -> None:
    scores = forecaster_scores([("A", JAN[0], 0.1), ("A", JAN[0], 0.7)], opened=JAN[0], resolved=JAN[2], outcome=1)
    assert scores["A"].time_averaged_brier == pytest.approx(0.09) and scores["A"].final_probability == 0.7


def test_a_window_of_zero_days_and_a_forecast_on_the_day_of_resolution_use_the_final_forecast() -> None:
    zero = forecaster_scores([("A", JAN[0], 0.8), ("B", JAN[0], 0.4)], opened=JAN[0], resolved=JAN[0], outcome=1)
    assert (zero["A"].coverage, zero["A"].covered_days) == (1.0, 0)
    assert zero["A"].time_averaged_brier == pytest.approx(0.04)
    assert zero["A"].peer_score == pytest.approx(100 * math.log(0.8 / 0.4))
    late = forecaster_scores([("A", JAN[0], 0.8), ("B", JAN[3], 0.4)], opened=JAN[0], resolved=JAN[3], outcome=1)
    assert (late["B"].coverage, late["B"].time_averaged_brier) == (0.0, pytest.approx(0.36))


def test_the_single_forecast_scores() -> None:
    assert forecast_brier(0.7, 1) == pytest.approx(0.09) and forecast_brier(0.7, 0) == pytest.approx(0.49)
    assert forecast_log_score(1.0, 0) == pytest.approx(-math.log(0.001))  # floored, as log_score is
    assert baseline_score(0.5, 1) == 0.0 and baseline_score(1.0, 1) == pytest.approx(100.0)
    assert baseline_score(0.0, 1) == pytest.approx(100 * math.log2(0.002))
    assert peer_score(0.9, [0.9], 1) == 0.0
    assert peer_score(0.9, [0.9, 0.5, 0.5], 1) == pytest.approx(100 * 3 / 2 * (math.log(0.9) - math.log(0.9 * 0.25) / 3))
    # The peer scores of the forecasts standing together sum to zero.
    standing = [0.9, 0.3, 0.6]
    assert sum(peer_score(p, standing, 0) for p in standing) == pytest.approx(0.0)


def test_the_murphy_decomposition_of_the_docs_worked_example() -> None:
    # docs/reports.md, "Calibration summary": 0.9, 0.9, 0.6, 0.6, 0.2 on confirmed, confirmed, confirmed, refuted, refuted.
    split = murphy_decomposition([(0.9, 1), (0.9, 1), (0.6, 1), (0.6, 0), (0.2, 0)])
    assert split is not None
    assert split.base_rate == pytest.approx(0.6) and split.uncertainty == pytest.approx(0.24)
    assert split.reliability == pytest.approx((2 * 0.01 + 2 * 0.01 + 0.04) / 5)
    assert split.resolution == pytest.approx((2 * 0.16 + 2 * 0.01 + 0.36) / 5)
    assert split.brier == pytest.approx(0.016 - 0.14 + 0.24) == split.brier_score
    assert split.discrimination == pytest.approx(0.8 - 0.4)


def test_the_murphy_decomposition_differs_from_the_brier_score_by_the_spread_within_a_bin() -> None:
    pairs = [(0.71, 1), (0.79, 0), (0.1, 0)]
    split = murphy_decomposition(pairs)
    assert split is not None and split.brier_score == pytest.approx(brier_score(pairs))
    # Bin 7 holds 0.71 (confirmed) and 0.79 (refuted): mean 0.75, observed 0.5. The mean Brier exceeds
    # the decomposition's by (Σ(p − p̄)² − 2·Σ(p − p̄)(o − ō)) / N over that bin.
    assert split.brier_score - split.brier == pytest.approx((2 * 0.04**2 - 2 * (-0.04 * 0.5 + 0.04 * -0.5)) / 3)
    assert murphy_decomposition([]) is None
    only_confirmed = murphy_decomposition([(0.4, 1)])
    assert only_confirmed is not None and only_confirmed.discrimination is None


def test_the_log_score_gain_is_positive_toward_what_happened_and_floored() -> None:
    assert log_score_gain(0.5, 0.8, 1) == pytest.approx(math.log(1.6))
    assert log_score_gain(0.5, 0.8, 0) == pytest.approx(math.log(0.4))
    assert log_score_gain(0.5, 1.0, 0) == pytest.approx(math.log(0.002))


def test_a_source_is_credited_only_for_revisions_of_a_resolved_prediction() -> None:
    forecasts = [("ISW", 0.5, ("a",)), ("ISW", 0.8, ("a", "b", "a")), ("US", 0.9, ("b",)), ("US", 0.2, ("b",))]
    credit = source_values(forecasts, outcome=1)
    assert (credit["a"].forecasts_citing, credit["a"].scored, credit["a"].log_score_gain) == (2, 1, pytest.approx(math.log(1.6)))
    b = credit["b"]
    assert (b.forecasts_citing, b.resolved, b.scored, b.toward, b.away) == (3, 3, 2, 1, 1)
    assert b.log_score_gain == pytest.approx(math.log(1.6) + math.log(0.2 / 0.9))
    assert b.mean_gain == pytest.approx(b.log_score_gain / 2)
    unresolved = source_values(forecasts, outcome=None)
    assert (unresolved["b"].resolved, unresolved["b"].scored, unresolved["b"].log_score_gain) == (0, 0, None)
