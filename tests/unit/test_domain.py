"""Pure rules: no database."""

from datetime import date

import pytest

from claimtrack import domain
from claimtrack.domain import PartialDate, parse_deadline, parse_partial_date


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [("2012", date(2012, 1, 1), "year"), ("2012-09", date(2012, 9, 1), "month"), ("2012-09-17", date(2012, 9, 17), "day")],
)
def test_a_date_keeps_the_precision_it_was_entered_with(text: str, value: date, precision: str) -> None:
    parsed = parse_partial_date(text)
    assert parsed == PartialDate(value, precision)  # type: ignore[arg-type]
    assert str(parsed) == text


@pytest.mark.parametrize("text", ["2024-13", "yesterday-ish", "2023-02-29", "12", "2012-9-x", ""])
def test_a_malformed_date_names_the_accepted_forms(text: str) -> None:
    with pytest.raises(ValueError, match="YYYY, YYYY-MM or YYYY-MM-DD"):
        parse_partial_date(text)


def test_deadline_offsets_count_from_today() -> None:
    today = date(2026, 1, 31)
    assert parse_deadline("+90d", today=today) == PartialDate(date(2026, 5, 1), "day")
    assert parse_deadline("+1m", today=today) == PartialDate(date(2026, 2, 28), "day")
    assert parse_deadline("+1y", today=today) == PartialDate(date(2027, 1, 31), "day")
    assert parse_deadline("2027-06", today=today) == PartialDate(date(2027, 6, 1), "month")


def test_a_deadline_offset_past_year_9999_is_refused() -> None:
    with pytest.raises(ValueError, match="past the year 9999"):
        parse_deadline("+99999y", today=date(2026, 1, 1))


def test_the_last_day_of_a_period_is_the_deadline_it_means() -> None:
    assert PartialDate(date(2024, 1, 1), "year").last_day == date(2024, 12, 31)
    assert PartialDate(date(2024, 2, 1), "month").last_day == date(2024, 2, 29)


def test_a_likelihood_term_alone_stores_its_midpoint() -> None:
    assert domain.likelihood_midpoint("likely") == 0.675
    assert domain.likelihood_midpoint("roughly even chance") == 0.5
    assert domain.probability_fits_term(0.7, "likely")
    assert not domain.probability_fits_term(0.9, "likely")


def test_predictions_move_from_open_to_a_resolution_and_back_only_by_reopening() -> None:
    assert domain.allowed_prediction_transitions("open") == ("confirmed", "refuted", "ambiguous", "withdrawn")
    assert domain.allowed_prediction_transitions("confirmed") == ("open",)
    assert not domain.prediction_transition_allowed("confirmed", "refuted")


def test_scores_on_hand_computed_pairs() -> None:
    pairs = [(0.9, 1), (0.2, 0), (0.5, 1)]
    assert domain.brier_score(pairs) == pytest.approx((0.01 + 0.04 + 0.25) / 3)
    assert domain.brier_score([]) is None
    assert domain.hit_rate(3, 1) == 0.75
    assert domain.hit_rate(0, 0) is None
