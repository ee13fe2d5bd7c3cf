"""reporting.forecast_scores agrees with domain.scoring.forecaster_scores, column by column, on cases built by hand."""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Any

import psycopg
import pytest

from claimtrack.domain.scoring import forecaster_scores

WORLD = """
INSERT INTO actor (name, kind) VALUES ('ISW', 'organization'), ('US government', 'other'), ('Analyst C', 'person');
INSERT INTO source (title, url, recorded_by) VALUES ('Satellite images', 'https://example.org/rajin', 'setup');
"""
COLUMNS = ("forecasts", "final_probability", "final_brier", "final_log_score", "covered_days", "coverage",
           "time_averaged_brier", "baseline_score", "peer_score", "relative_brier")


def rows(sql: psycopg.Connection, prediction_id: int) -> dict[str, dict[str, Any]]:
    cursor = sql.execute("SELECT * FROM reporting.forecast_scores WHERE prediction_id = %s", (prediction_id,))
    names = [c.name for c in cursor.description or []]
    return {row["forecaster"]: row for row in (dict(zip(names, r)) for r in cursor.fetchall())}


def forecast(invoke: Any, prediction_id: int, by: str, probability: str, on: str) -> None:
    result = invoke("prediction", "forecast", str(prediction_id), "--by", by, "--probability", probability, "--on", on)
    assert result.exit_code == 0, result.output


def assert_agree(view: dict[str, dict[str, Any]], expected: dict[str, Any]) -> None:
    assert set(view) == set(expected)
    for forecaster, score in expected.items():
        for column in COLUMNS:
            assert view[forecaster][column] == pytest.approx(getattr(score, column), abs=1e-9), (forecaster, column)


@pytest.fixture
def world(sql: psycopg.Connection) -> psycopg.Connection:
    sql.execute(WORLD)
    return sql


def test_two_forecasters_with_revisions_score_as_the_domain_says(world: psycopg.Connection, invoke: Any) -> None:
    # The worked example of docs/reports.md: made 2025-01-01, confirmed 2025-01-11 (a window of 10 days);
    # ISW 0.6 from the 1st, 0.9 from the 6th; the US government 0.5 from the 3rd.
    added = invoke("prediction", "add", "Shells reach Russia", "--by", "ISW", "--probability", "0.6", "--made", "2025-01-01",
                   "--resolve-by", "2026")
    assert added.exit_code == 0, added.output
    forecast(invoke, 1, "US government", "0.5", "2025-01-03")
    forecast(invoke, 1, "ISW", "0.9", "2025-01-06")
    assert invoke("prediction", "confirm", "1", "--evidence", "1", "--on", "2025-01-11").exit_code == 0
    view = rows(world, 1)
    expected = forecaster_scores(
        [("ISW", date(2025, 1, 1), 0.6), ("US government", date(2025, 1, 3), 0.5), ("ISW", date(2025, 1, 6), 0.9)],
        opened=date(2025, 1, 1), resolved=date(2025, 1, 11), outcome=1,
    )
    assert_agree(view, expected)
    isw = view["ISW"]
    assert (isw["outcome"], isw["window_days"], isw["forecasters"], isw["forecaster_kind"]) == ("confirmed", 10, 2, "actor")
    assert isw["time_averaged_brier"] == pytest.approx(0.085) and view["US government"]["coverage"] == pytest.approx(0.8)
    assert isw["peer_score"] == pytest.approx((300 * math.log(1.2) + 500 * math.log(1.8)) / 10)


def test_three_forecasters_same_day_revisions_and_a_refutation(world: psycopg.Connection, invoke: Any) -> None:
    assert invoke("prediction", "add", "Q", "--source", "1", "--probability", "0.3", "--made", "2024-11",
                  "--resolve-by", "2026").exit_code == 0
    forecast(invoke, 1, "ISW", "0.8", "2024-11-20")
    forecast(invoke, 1, "ISW", "0.1", "2024-11-20")  # the later of the same day stands
    forecast(invoke, 1, "US government", "0.999", "2024-12-05")
    forecast(invoke, 1, "Analyst C", "0.4", "2025-01-31")  # on the day it is refuted: no day covered
    assert invoke("prediction", "refute", "1", "--evidence", "1", "--on", "2025-01-31").exit_code == 0
    expected = forecaster_scores(
        [("Satellite images", date(2024, 11, 1), 0.3), ("ISW", date(2024, 11, 20), 0.8), ("ISW", date(2024, 11, 20), 0.1),
         ("US government", date(2024, 12, 5), 0.999), ("Analyst C", date(2025, 1, 31), 0.4)],
        opened=date(2024, 11, 1), resolved=date(2025, 1, 31), outcome=0,
    )
    view = rows(world, 1)
    assert_agree(view, expected)
    assert view["Analyst C"]["coverage"] == 0.0 and view["Satellite images"]["forecaster_kind"] == "source"


def test_a_window_of_zero_days_and_annulled_or_open_predictions(world: psycopg.Connection, invoke: Any) -> None:
    assert invoke("prediction", "add", "Same day", "--by", "ISW", "--probability", "0.8", "--made", "2025-02-01",
                  "--resolve-by", "2026").exit_code == 0
    forecast(invoke, 1, "US government", "0.4", "2025-02-01")
    assert invoke("prediction", "confirm", "1", "--evidence", "1", "--on", "2025-02-01").exit_code == 0
    assert invoke("prediction", "add", "Open", "--by", "ISW", "--probability", "0.8", "--resolve-by", "2030").exit_code == 0
    assert invoke("prediction", "add", "Annulled", "--by", "ISW", "--probability", "0.8", "--resolve-by", "2030").exit_code == 0
    assert invoke("prediction", "annul", "3", "--as", "ambiguous", "--note", "unclear").exit_code == 0
    expected = forecaster_scores(
        [("ISW", date(2025, 2, 1), 0.8), ("US government", date(2025, 2, 1), 0.4)],
        opened=date(2025, 2, 1), resolved=date(2025, 2, 1), outcome=1,
    )
    assert_agree(rows(world, 1), expected)
    assert world.execute("SELECT DISTINCT prediction_id FROM reporting.forecast_scores").fetchall() == [(1,)]


def test_the_report_takes_the_actor_since_and_tag_filters(world: psycopg.Connection, invoke: Any) -> None:
    assert invoke("prediction", "add", "Tagged", "--by", "ISW", "--probability", "0.7", "--made", "2025-01-01",
                  "--resolve-by", "2026", "--tag", "arms").exit_code == 0
    forecast(invoke, 1, "US government", "0.2", "2025-01-05")
    assert invoke("prediction", "confirm", "1", "--evidence", "1", "--on", "2025-01-11").exit_code == 0
    result = invoke("report", "forecast_scores", "--actor", "ISW", "--tag", "arms", "--since", "2025", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [(r["forecaster"], r["covered_days"]) for r in json.loads(result.stdout)] == [("ISW", 10)]
    later = invoke("report", "forecast_scores", "--since", "2025-02", "--format", "json")
    assert json.loads(later.stdout) == []


@pytest.mark.parametrize("limit", [None, 0, 2])
def test_a_tag_s_rows_are_the_same_found_either_way(world: psycopg.Connection, monkeypatch: pytest.MonkeyPatch, limit: int | None) -> None:
    """--tag collects the rows of the tag's predictions by index, or (for a tag on many) checks each
    row in the report's order; both give what psql gives for `WHERE T = ANY(tags)`."""
    import dataclasses

    from claimtrack import reports
    from claimtrack.services.reports import run_report

    world.execute(
        "INSERT INTO tag (name) VALUES ('arms'), ('diplomacy');"
        "INSERT INTO prediction (id, statement, made_on, resolve_by, recorded_by)"
        " SELECT n, 'question ' || n, '2025-01-01', '2026-01-01', 't' FROM generate_series(1, 7) n;"
        "INSERT INTO forecast (prediction_id, actor_id, probability, made_on, recorded_by)"
        " SELECT n, a, 0.1 * a + 0.05 * (n % 3), ('2025-01-0' || a)::date, 't' FROM generate_series(1, 7) n, generate_series(1, 3) a WHERE a <= 1 + n % 3;"
        "INSERT INTO prediction_tag (prediction_id, tag_id) SELECT n, 1 + n % 2 FROM generate_series(1, 6) n;"
        "INSERT INTO prediction_tag (prediction_id, tag_id) VALUES (3, 1);"
        "UPDATE prediction SET status = CASE WHEN id % 2 = 0 THEN 'confirmed' ELSE 'refuted' END, resolved_on = '2025-02-01',"
        " evidence_source_id = 1 WHERE id <> 5"
    )
    report = reports.REPORTS["forecast_scores"]
    position, narrowing = next((i, f) for i, f in enumerate(report.filters) if f.name == "tag")
    assert narrowing.dense is not None
    for tag in ("arms", "diplomacy"):
        expected = [tuple(row) for row in world.execute(
            f"SELECT * FROM reporting.forecast_scores WHERE %(tag)s = ANY(tags) ORDER BY {report.order_by}", {"tag": tag}
        )]
        assert len(expected) >= 3, tag
        if limit:
            expected = expected[:limit]
        for at_least in (1, 10**9):  # dense, then sparse
            forced = dataclasses.replace(narrowing, dense=dataclasses.replace(narrowing.dense, at_least=at_least))
            filters = (*report.filters[:position], forced, *report.filters[position + 1 :])
            monkeypatch.setitem(reports.REPORTS, "forecast_scores", dataclasses.replace(report, filters=filters))
            found = run_report(world, name="forecast_scores", limit=limit, tag=tag)
            assert found.rows == expected, (tag, at_least)
