"""claimtrack prediction forecast, and forecasts in prediction add|show|list and db downgrade, through CliRunner."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import psycopg
import pytest

WORLD = """
INSERT INTO actor (name, kind, iso_code) VALUES ('North Korea', 'state', 'PRK'), ('Russia', 'state', 'RUS');
INSERT INTO actor (name, kind) VALUES ('ISW', 'organization'), ('US government', 'other');
INSERT INTO source (title, url, recorded_by) VALUES ('Satellite images of Rajin', 'https://example.org/rajin', 'setup');
INSERT INTO claim (statement, recorded_by) VALUES ('Shells were seen at Rajin port', 'setup');
"""


@pytest.fixture
def world(sql: psycopg.Connection, invoke: Any) -> psycopg.Connection:
    """Actors North Korea, Russia, ISW (3), US government (4); source 1; claim 1; prediction 1,
    made on 2025-01-01 by ISW at 0.6."""
    sql.execute(WORLD)
    added = invoke("prediction", "add", "Shells reach Russia", "--by", "ISW", "--probability", "0.6",
                   "--made", "2025-01-01", "--resolve-by", "2030", user="alice")
    assert (added.exit_code, added.stdout) == (0, "1\n"), added.output
    return sql


def forecasts(sql: psycopg.Connection) -> list[tuple[Any, ...]]:
    return sql.execute(
        "SELECT prediction_id, actor_id, source_id, probability, likelihood, made_on::text, note FROM forecast ORDER BY id"
    ).fetchall()


def test_prediction_add_by_an_actor_with_a_probability_records_its_first_forecast(world: psycopg.Connection) -> None:
    assert forecasts(world) == [(1, 3, None, 0.6, None, "2025-01-01", None)]


def test_a_prediction_without_a_predictor_or_a_probability_has_no_first_forecast(world: psycopg.Connection, invoke: Any) -> None:
    assert invoke("prediction", "add", "No one says", "--probability", "0.3", "--resolve-by", "2030").exit_code == 0
    assert invoke("prediction", "add", "No number", "--by", "ISW", "--resolve-by", "2030").exit_code == 0
    by_source = invoke("prediction", "add", "A source says", "--source", "1", "--likelihood", "likely", "--resolve-by", "2030")
    assert by_source.exit_code == 0
    assert forecasts(world)[1:] == [(4, None, 1, 0.675, "likely", world.execute("SELECT current_date::text").fetchone()[0], None)]  # type: ignore[index]


def test_a_forecast_with_a_term_its_evidence_and_a_note_is_recorded(world: psycopg.Connection, invoke: Any) -> None:
    result = invoke("prediction", "forecast", "1", "--by", "US government", "--likelihood", "very likely", "--confidence", "high",
                    "--on", "2025-01-03", "--evidence", "1", "--evidence", "https://example.org/new", "--claim", "1",
                    "--note", "shells seen at Rajin")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "2\n", "")
    assert forecasts(world)[1] == (1, 4, None, 0.875, "very likely", "2025-01-03", "shells seen at Rajin")
    assert world.execute("SELECT source_id, claim_id FROM forecast_evidence ORDER BY id").fetchall() == [(1, None), (2, None), (None, 1)]


def test_a_revision_stands_beside_the_earlier_forecast_and_show_lists_the_timeline(world: psycopg.Connection, invoke: Any) -> None:
    assert invoke("prediction", "forecast", "1", "--by", "PRK", "--probability", "0.5", "--on", "2025-01-03").exit_code == 0
    assert invoke("prediction", "forecast", "1", "--by", "ISW", "--probability", "0.9", "--on", "2025-01-06",
                  "--evidence", "1", "--note", "the images").exit_code == 0
    shown = json.loads(invoke("prediction", "show", "1", "--format", "json").stdout)
    assert [(f["forecaster"], f["made_on"], f["probability"], f["note"], f["evidence"]) for f in shown["forecasts"]] == [
        ("ISW", "2025-01-01", 0.6, None, []),
        ("ISW", "2025-01-06", 0.9, "the images", ["source 1: Satellite images of Rajin"]),
        ("North Korea (PRK)", "2025-01-03", 0.5, None, []),
    ]
    assert shown["probability"] == 0.6  # the prediction's own columns are its first forecast
    then = json.loads(invoke("prediction", "show", "1", "--as-of", "2025-01-04", "--format", "json").stdout)
    assert [f["made_on"] for f in then["forecasts"]] == ["2025-01-01", "2025-01-03"]
    table = invoke("prediction", "show", "1").stdout
    assert "\nforecasts\n" in table and "the images" in table


def test_list_by_a_forecaster_and_as_of_a_day_gives_the_probability_each_held(world: psycopg.Connection, invoke: Any) -> None:
    assert invoke("prediction", "add", "Another question", "--by", "PRK", "--probability", "0.2", "--made", "2025-01-01",
                  "--resolve-by", "2031").exit_code == 0
    assert invoke("prediction", "forecast", "1", "--by", "PRK", "--probability", "0.5", "--on", "2025-01-03").exit_code == 0
    assert invoke("prediction", "forecast", "1", "--by", "ISW", "--probability", "0.9", "--on", "2025-01-06").exit_code == 0
    now = json.loads(invoke("prediction", "list", "--format", "json").stdout)
    assert [(line["id"], line["held"]) for line in now] == [(1, ["ISW: 0.9", "North Korea (PRK): 0.5"]), (2, ["North Korea (PRK): 0.2"])]
    assert set(now[0]) == {"id", "status", "statement", "predictor", "made_on", "resolve_by", "probability", "likelihood",
                           "confidence", "overdue", "held"}
    then = json.loads(invoke("prediction", "list", "--as-of", "2025-01-04", "--format", "json").stdout)
    assert [line["held"] for line in then] == [["ISW: 0.6", "North Korea (PRK): 0.5"], ["North Korea (PRK): 0.2"]]
    by_isw = json.loads(invoke("prediction", "list", "--by", "ISW", "--format", "json").stdout)
    assert [line["id"] for line in by_isw] == [1]
    by_prk_early = json.loads(invoke("prediction", "list", "--by", "PRK", "--as-of", "2025-01-02", "--format", "json").stdout)
    assert [line["id"] for line in by_prk_early] == [2]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--on", "2024-12-31"), "Error: --on 2024-12-31 is before prediction 1 was made (2025-01-01); give a date on or after 2025-01-01.\n"),
        (("--on", "2025-01-05"), None),  # after ISW's revision of 2025-01-06, below
    ],
)
def test_a_forecast_dated_before_the_forecasters_previous_one_or_the_prediction_is_refused(
    world: psycopg.Connection, invoke: Any, args: tuple[str, ...], message: str | None
) -> None:
    assert invoke("prediction", "forecast", "1", "--by", "ISW", "--probability", "0.7", "--on", "2025-01-06").exit_code == 0
    result = invoke("prediction", "forecast", "1", "--by", "ISW", "--probability", "0.8", *args)
    expected = message or (
        "Error: --on 2025-01-05 is before ISW's previous forecast on prediction 1 (2025-01-06); "
        "a revision comes on or after it: give --on 2025-01-06 or later.\n"
    )
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", expected)
    assert len(forecasts(world)) == 2


def test_a_forecast_after_today_is_refused(world: psycopg.Connection, invoke: Any) -> None:
    today = world.execute("SELECT current_date").fetchone()[0]  # type: ignore[index]
    tomorrow = (today + timedelta(days=1)).isoformat()
    result = invoke("prediction", "forecast", "1", "--by", "ISW", "--probability", "0.8", "--on", tomorrow)
    assert (result.exit_code, result.stderr) == (
        1, f"Error: --on {tomorrow} is in the future; a forecast is recorded on or after the day it was made (today is {today}).\n"
    )
    assert len(forecasts(world)) == 1


def test_a_forecast_on_a_resolved_prediction_is_refused_and_writes_nothing(world: psycopg.Connection, invoke: Any) -> None:
    assert invoke("prediction", "confirm", "1", "--evidence", "1", "--on", "2025-02-01").exit_code == 0
    result = invoke("prediction", "forecast", "1", "--by", "PRK", "--probability", "0.8", "--evidence", "https://example.org/unseen")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", "Error: prediction 1 is confirmed; a resolved prediction takes no more forecasts. "
        "Reopen it first: claimtrack prediction reopen 1 --reason TEXT\n",
    )
    assert len(forecasts(world)) == 1
    assert world.execute("SELECT count(*) FROM source").fetchone() == (1,)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--by", "ISW", "--probability", "1.5"), "Error: Invalid value for '--probability'"),
        (("--by", "ISW", "--likelihood", "probably"), "Error: Invalid value for '--likelihood'"),
        (("--by", "ISW", "--probability", "0.9", "--likelihood", "unlikely"),
         'Error: --probability 0.9 disagrees with --likelihood "unlikely", which means 20–45 %; give a probability in that range, or only one of the two.\n'),
        (("--by", "ISW"), "Error: a forecast needs a probability: give --probability P or --likelihood TERM.\n"),
        (("--by", "ISW", "--source", "1", "--probability", "0.5"), "Error: a forecast is one forecaster's: give --by ACTOR or --source S, one of the two.\n"),
        (("--by", "ISW", "--probability", "0.5", "--on", "2025-13"), "Error: Invalid value for '--on'"),
    ],
)
def test_bad_values_exit_2_with_one_error_line_and_write_nothing(
    world: psycopg.Connection, invoke: Any, args: tuple[str, ...], fragment: str
) -> None:
    result = invoke("prediction", "forecast", "1", *args)
    assert result.exit_code == 2 and result.stdout == ""
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(error_lines) == 1 and fragment.rstrip("\n") in result.stderr
    assert len(forecasts(world)) == 1


def test_unknown_prediction_and_unknown_forecaster_exit_1(world: psycopg.Connection, invoke: Any) -> None:
    missing = invoke("prediction", "forecast", "9", "--by", "ISW", "--probability", "0.5")
    assert (missing.exit_code, missing.stderr) == (1, "Error: no prediction 9; see: claimtrack prediction list\n")
    nobody = invoke("prediction", "forecast", "1", "--by", "Nobody", "--probability", "0.5")
    assert nobody.exit_code == 1 and nobody.stderr.startswith('Error: no actor "Nobody".')


def test_the_database_keeps_forecasts_append_only_and_in_order_for_psql_too(world: psycopg.Connection) -> None:
    for statement, constraint in [
        ("UPDATE forecast SET probability = 0.1", "tr_forecast_append_only"),
        ("DELETE FROM forecast", "tr_forecast_append_only"),
        ("TRUNCATE forecast CASCADE", "tr_forecast_append_only"),
        ("INSERT INTO forecast (prediction_id, actor_id, probability, made_on, recorded_by) VALUES (1, 3, 0.5, '2024-12-01', 'psql')",
         "tr_forecast_after_prediction"),
        ("INSERT INTO forecast (prediction_id, actor_id, probability, made_on, recorded_by) VALUES (1, 3, 0.5, current_date + 1, 'psql')",
         "tr_forecast_not_future"),
        ("INSERT INTO forecast_evidence (forecast_id, source_id) VALUES (1, 1)", "tr_forecast_evidence_with_forecast"),
    ]:
        with pytest.raises(psycopg.Error) as raised:
            world.execute(statement)
        assert raised.value.diag.constraint_name == constraint, statement
    world.execute("INSERT INTO forecast (prediction_id, actor_id, probability, made_on, recorded_by) VALUES (1, 3, 0.5, '2025-03-01', 'psql')")
    with pytest.raises(psycopg.Error) as raised:
        world.execute("INSERT INTO forecast (prediction_id, actor_id, probability, made_on, recorded_by) VALUES (1, 3, 0.5, '2025-02-01', 'psql')")
    assert raised.value.diag.constraint_name == "tr_forecast_in_order"
    with pytest.raises(psycopg.Error) as raised:  # a resolution before a forecast on it
        world.execute("UPDATE prediction SET status = 'confirmed', resolved_on = '2025-02-15', evidence_source_id = 1 WHERE id = 1")
    assert raised.value.diag.constraint_name == "tr_prediction_resolved_after_forecasts"
    world.execute("UPDATE prediction SET status = 'confirmed', resolved_on = '2025-03-01', evidence_source_id = 1 WHERE id = 1")
    with pytest.raises(psycopg.Error) as raised:
        world.execute("INSERT INTO forecast (prediction_id, actor_id, probability, made_on, recorded_by) VALUES (1, 4, 0.5, '2025-03-01', 'psql')")
    assert raised.value.diag.constraint_name == "tr_forecast_prediction_open"


def test_a_forecasters_forecasts_follow_source_and_actor_merges(world: psycopg.Connection, invoke: Any) -> None:
    assert invoke("source", "add", "Rajin again", "--url", "https://example.org/rajin2").exit_code == 0
    assert invoke("prediction", "forecast", "1", "--source", "2", "--probability", "0.7", "--on", "2025-01-02").exit_code == 0
    merged = invoke("source", "merge", "2", "--into", "1")
    assert merged.exit_code == 0, merged.output
    assert world.execute("SELECT source_id FROM forecast WHERE id = 2").fetchone() == (1,)
    with pytest.raises(psycopg.Error):  # moving a forecast to another actor that was not merged away is refused at commit
        world.execute("UPDATE forecast SET actor_id = 4 WHERE id = 1")
    assert world.execute("SELECT actor_id FROM forecast WHERE id = 1").fetchone() == (3,)
    assert world.execute("SELECT count(*) FROM record_change WHERE table_name = 'forecast'").fetchone() == (1,)


def test_db_downgrade_says_how_many_forecasts_it_drops_and_goes_on_only_with_yes(world: psycopg.Connection, invoke: Any) -> None:
    assert invoke("prediction", "forecast", "1", "--by", "PRK", "--probability", "0.5", "--on", "2025-01-03").exit_code == 0
    assert invoke("prediction", "forecast", "1", "--by", "ISW", "--probability", "0.9", "--on", "2025-01-06").exit_code == 0
    refused = invoke("db", "downgrade", "20261204_0009")
    assert (refused.exit_code, refused.stderr) == (
        1, "Error: downgrading to 20261204_0009 drops 2 forecasts (each prediction keeps only its first, its own probability); "
        "run again with --yes to drop them.\n",
    )
    assert world.execute("SELECT count(*) FROM forecast").fetchone() == (3,)
    done = invoke("db", "downgrade", "20261204_0009", "--yes")
    assert done.exit_code == 0, done.output
    assert world.execute("SELECT probability, predictor_actor_id FROM prediction").fetchone() == (0.6, 3)
    assert invoke("db", "upgrade").exit_code == 0
    assert forecasts(world) == [(1, 3, None, 0.6, None, "2025-01-01", None)]  # the first forecast, from the prediction's columns
    assert invoke("db", "downgrade", "20261204_0009").exit_code == 0  # nothing to drop: no question asked


def test_a_resolution_before_the_latest_forecast_is_refused_naming_it(invoke: Any) -> None:
    assert invoke("actor", "add", "Analyst B", "--kind", "person").exit_code == 0
    assert invoke("source", "add", "Images").exit_code == 0
    assert invoke("prediction", "add", "Shells arrive", "--made", "2024-01", "--resolve-by", "2026").exit_code == 0
    assert invoke("prediction", "forecast", "1", "--by", "Analyst B", "--probability", "0.6", "--on", "2024-05-10").exit_code == 0
    result = invoke("prediction", "confirm", "1", "--evidence", "1", "--on", "2024-05-01")
    assert (result.exit_code, result.stderr) == (
        1, "Error: --on 2024-05-01 is before the latest forecast on prediction 1 (2024-05-10); give a later date.\n"
    )
    assert invoke("prediction", "confirm", "1", "--evidence", "1", "--on", "2024-05-10").exit_code == 0
