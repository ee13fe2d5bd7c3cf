"""The score views of migration 0012 agree with domain/scoring.py on cases built by hand:
reporting.forecaster_scoreboard (and its --tag and --since views) with reporting.forecast_scores,
calibration_summary with murphy_decomposition, source_forecast_value with source_values."""

from __future__ import annotations

import json
import math
from typing import Any

import psycopg
import pytest

from claimtrack.domain.scoring import murphy_decomposition, source_values

WORLD = """
INSERT INTO actor (name, kind) VALUES ('ISW', 'organization'), ('US government', 'other'), ('Analyst C', 'person');
INSERT INTO source (title, url, recorded_by) VALUES ('Satellite images', 'https://example.org/rajin', 'setup'),
    ('Rail manifests', 'https://example.org/rail', 'setup'), ('Rumour mill', 'https://example.org/rumour', 'setup');
"""


@pytest.fixture
def world(sql: psycopg.Connection) -> psycopg.Connection:
    sql.execute(WORLD)
    return sql


def ok(invoke: Any, *args: str) -> Any:
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    return result


def view(sql: psycopg.Connection, query: str, *params: Any) -> list[dict[str, Any]]:
    cursor = sql.execute(query, params)
    names = [c.name for c in cursor.description or []]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def report(invoke: Any, name: str, *args: str) -> list[dict[str, Any]]:
    return json.loads(ok(invoke, "report", name, *args, "--format", "json").stdout)  # type: ignore[no-any-return]


def predict(invoke: Any, statement: str, by: str, probability: str, made: str, *, tag: str | None = None) -> None:
    ok(invoke, "prediction", "add", statement, "--by", by, "--probability", probability, "--made", made,
       "--resolve-by", "2026", *(("--tag", tag) if tag else ()))


def forecast(invoke: Any, prediction_id: int, by: str, probability: str, on: str, *cites: str) -> None:
    ok(invoke, "prediction", "forecast", str(prediction_id), "--by", by, "--probability", probability, "--on", on, *cites)


@pytest.fixture
def three_predictions(world: psycopg.Connection, invoke: Any) -> psycopg.Connection:
    # 1 (arms, made 2024-11-01): ISW and the US government, confirmed; 2 (arms, 2025-01-01): ISW, refuted;
    # 3 (2025-02-01): the US government and Analyst C, confirmed; 4: open, never scored.
    predict(invoke, "Shells reach Russia", "ISW", "0.6", "2024-11-01", tag="arms")
    forecast(invoke, 1, "US government", "0.3", "2024-11-10")
    forecast(invoke, 1, "ISW", "0.9", "2024-12-01")
    ok(invoke, "prediction", "confirm", "1", "--evidence", "1", "--on", "2025-01-01")
    predict(invoke, "Missiles reach Russia", "ISW", "0.7", "2025-01-01", tag="arms")
    ok(invoke, "prediction", "refute", "2", "--evidence", "1", "--on", "2025-01-21")
    predict(invoke, "A summit in Pyongyang", "US government", "0.2", "2025-02-01")
    forecast(invoke, 3, "Analyst C", "0.75", "2025-02-05")
    ok(invoke, "prediction", "confirm", "3", "--evidence", "1", "--on", "2025-03-01")
    predict(invoke, "Open question", "ISW", "0.5", "2025-02-01", tag="arms")
    return world


SCOREBOARD = ("predictions", "time_averaged_brier", "baseline_score", "peer_score", "relative_brier", "coverage")
MEANS = ("time_averaged_brier", "baseline_score", "peer_score", "relative_brier", "coverage")


def expected_scoreboard(sql: psycopg.Connection, where: str = "true", *params: Any) -> dict[str, dict[str, Any]]:
    rows = view(sql, f"SELECT * FROM reporting.forecast_scores WHERE {where}", *params)
    expected: dict[str, dict[str, Any]] = {}
    for forecaster in {row["forecaster"] for row in rows}:
        theirs = [row for row in rows if row["forecaster"] == forecaster]
        expected[forecaster] = {"predictions": len(theirs)} | {
            column: sum(row[column] for row in theirs) / len(theirs) for column in MEANS
        }
    return expected


def assert_scoreboard(rows: list[dict[str, Any]], expected: dict[str, dict[str, Any]]) -> None:
    assert {row["forecaster"]: {c: row[c] for c in SCOREBOARD} for row in rows} == {
        forecaster: {c: pytest.approx(value, abs=1e-9) for c, value in means.items()} for forecaster, means in expected.items()
    }


def test_the_forecaster_scoreboard_is_the_mean_of_each_forecaster_s_forecast_scores(three_predictions: psycopg.Connection, invoke: Any) -> None:
    rows = report(invoke, "forecaster_scoreboard")
    assert_scoreboard(rows, expected_scoreboard(three_predictions))
    assert [row["forecaster"] for row in rows] == sorted(
        (row["forecaster"] for row in rows), key=lambda f: next(r["time_averaged_brier"] for r in rows if r["forecaster"] == f))
    isw = next(row for row in rows if row["forecaster"] == "ISW")
    assert (isw["predictions"], isw["forecaster_kind"]) == (2, "actor")
    # ISW on 1: 0.6 for 30 days, 0.9 for 31 (of 61); on 2: 0.7 for 20 days, refuted.
    assert isw["time_averaged_brier"] == pytest.approx(((30 * 0.16 + 31 * 0.01) / 61 + 0.49) / 2)


def test_the_forecaster_scoreboard_since_a_date_counts_the_predictions_made_on_or_after_it(three_predictions: psycopg.Connection, invoke: Any) -> None:
    for since, where in (("2024-11-01", "made_on >= '2024-11-01'"), ("2024-11-02", "made_on >= '2024-11-02'"),
                         ("2025-01-01", "made_on >= '2025-01-01'"), ("2025-01-15", "made_on >= '2025-01-15'"),
                         ("2025-02-02", "false")):
        assert_scoreboard(report(invoke, "forecaster_scoreboard", "--since", since), expected_scoreboard(three_predictions, where))


def test_the_forecaster_scoreboard_for_a_tag_counts_only_its_predictions_and_takes_the_actor_filter(three_predictions: psycopg.Connection, invoke: Any) -> None:
    tagged = expected_scoreboard(three_predictions, "'arms' = ANY(tags)")
    assert_scoreboard(report(invoke, "forecaster_scoreboard", "--tag", "arms"), tagged)
    assert_scoreboard(report(invoke, "forecaster_scoreboard", "--tag", "arms", "--actor", "ISW"), {"ISW": tagged["ISW"]})


def test_the_forecaster_scoreboard_for_a_tag_since_a_date_counts_its_predictions_made_on_or_after_it(three_predictions: psycopg.Connection, invoke: Any) -> None:
    # The arms predictions were made on 2024-11-01 (1), 2025-01-01 (2) and 2025-02-01 (4, open); 3 has no tag.
    for since in ("2024-10-01", "2024-11-01", "2024-11-02", "2025-01-01", "2025-01-15", "2025-02-02"):
        expected = expected_scoreboard(three_predictions, "'arms' = ANY(tags) AND made_on >= %s", since)
        assert_scoreboard(report(invoke, "forecaster_scoreboard", "--tag", "arms", "--since", since), expected)
    assert len(expected_scoreboard(three_predictions, "'arms' = ANY(tags) AND made_on >= '2025-01-01'")) == 1  # ISW alone
    isw = report(invoke, "forecaster_scoreboard", "--tag", "arms", "--since", "2025-01", "--actor", "ISW")
    assert [(row["tag"], row["forecaster"], row["predictions"]) for row in isw] == [("arms", "ISW", 1)]
    assert isw[0]["time_averaged_brier"] == pytest.approx(0.49)  # 0.7 on 2, refuted
    assert report(invoke, "forecaster_scoreboard", "--tag", "arms", "--since", "2025-01", "--actor", "US government") == []


def final_pairs(sql: psycopg.Connection, where: str = "true") -> list[tuple[float, int]]:
    rows = view(sql, f"SELECT final_probability, outcome FROM reporting.forecast_scores WHERE {where}")
    return [(row["final_probability"], int(row["outcome"] == "confirmed")) for row in rows]


def assert_summary(row: dict[str, Any], pairs: list[tuple[float, int]]) -> None:
    expected = murphy_decomposition(pairs)
    assert expected is not None
    for column in ("forecasts", "base_rate", "reliability", "resolution", "uncertainty", "brier", "brier_score", "discrimination"):
        assert row[column] == pytest.approx(getattr(expected, column), abs=1e-12), column


def test_the_calibration_summary_is_the_murphy_decomposition_overall_and_per_tag(three_predictions: psycopg.Connection, invoke: Any) -> None:
    rows = report(invoke, "calibration_summary")
    assert [(row["tag"], row["predictions"], row["forecasts"]) for row in rows] == [(None, 3, 5), ("arms", 2, 3)]
    assert_summary(rows[0], final_pairs(three_predictions))
    assert_summary(rows[1], final_pairs(three_predictions, "'arms' = ANY(tags)"))
    # By hand, overall: finals 0.9 (1), 0.3 (1), 0.7 (0), 0.2 (1), 0.75 (1); base rate 0.8, uncertainty 0.16;
    # bins 2: 0.2/1, 3: 0.3/1, 7: 0.7 and 0.75 / 0.5, 9: 0.9/1.
    overall = rows[0]
    assert overall["reliability"] == pytest.approx((0.64 + 0.49 + 2 * 0.225**2 + 0.01) / 5)
    assert overall["resolution"] == pytest.approx((3 * 0.04 + 2 * 0.09) / 5)
    assert overall["discrimination"] == pytest.approx((0.9 + 0.3 + 0.2 + 0.75) / 4 - 0.7)
    assert report(invoke, "calibration_summary", "--tag", "arms") == rows[1:]


def test_a_calibration_summary_with_one_outcome_only_has_no_discrimination(world: psycopg.Connection, invoke: Any) -> None:
    predict(invoke, "Q", "ISW", "0.95", "2025-01-01")
    ok(invoke, "prediction", "confirm", "1", "--evidence", "1", "--on", "2025-01-02")
    (row,) = report(invoke, "calibration_summary")
    assert (row["uncertainty"], row["resolution"], row["discrimination"]) == (0, 0, None)
    assert row["brier"] == pytest.approx(0.0025) and row["reliability"] == pytest.approx(0.0025)


def test_a_source_is_credited_with_the_change_in_log_score_of_the_forecasts_that_cite_it(world: psycopg.Connection, invoke: Any) -> None:
    # A claim backed by the rail manifests (and the satellite images); the rumour mill cited on its own.
    ok(invoke, "claim", "add", "Trains carry shells to Rajin", "--source", "https://example.org/rail")
    ok(invoke, "claim", "add", "Shells at the port", "--source", "https://example.org/rail", "--source", "https://example.org/rajin")
    predict(invoke, "Shells reach Russia", "ISW", "0.5", "2025-01-01")
    forecast(invoke, 1, "ISW", "0.8", "2025-01-05", "--claim", "1", "--claim", "2", "--evidence", "1")  # rail once, not twice
    forecast(invoke, 1, "US government", "0.9", "2025-01-06", "--evidence", "3")  # a first forecast: not scored
    forecast(invoke, 1, "US government", "0.2", "2025-01-07", "--evidence", "3")  # away from what happened
    forecast(invoke, 1, "ISW", "0.95", "2025-01-08", "--evidence", "2")
    predict(invoke, "Still open", "Analyst C", "0.5", "2025-01-01")
    forecast(invoke, 2, "Analyst C", "0.9", "2025-01-09", "--evidence", "1")  # open: cited, not scored
    ok(invoke, "prediction", "confirm", "1", "--evidence", "1", "--on", "2025-01-10")
    rows = {row["source"]: row for row in report(invoke, "source_forecast_value")}
    on_1 = source_values(
        [("ISW", 0.5, ()), ("ISW", 0.8, (1, 2)), ("US government", 0.9, (3,)), ("US government", 0.2, (3,)), ("ISW", 0.95, (2,))],
        outcome=1,
    )
    on_2 = source_values([("Analyst C", 0.5, ()), ("Analyst C", 0.9, (1,))], outcome=None)
    titles = {1: "Satellite images", 2: "Rail manifests", 3: "Rumour mill"}
    expected = {titles[source]: value for source, value in on_1.items()}
    satellite = expected["Satellite images"]
    expected["Satellite images"] = type(satellite)(
        satellite.forecasts_citing + 1, satellite.resolved, satellite.scored, satellite.toward, satellite.away,
        satellite.log_score_gain, satellite.mean_gain)
    assert on_2[1].forecasts_citing == 1 and on_2[1].resolved == 0
    assert set(rows) == set(expected)
    for title, value in expected.items():
        for column in ("forecasts_citing", "resolved", "scored", "toward", "away", "log_score_gain", "mean_gain"):
            assert rows[title][column] == pytest.approx(getattr(value, column), abs=1e-12), (title, column)
    assert rows["Rail manifests"]["log_score_gain"] == pytest.approx(math.log(0.8 / 0.5) + math.log(0.95 / 0.8))
    assert rows["Rumour mill"]["log_score_gain"] == pytest.approx(math.log(0.2 / 0.9)) and math.log(0.2 / 0.9) < 0
    assert list(rows) == ["Rail manifests", "Satellite images", "Rumour mill"]
