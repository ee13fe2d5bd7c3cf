"""claimtrack prediction add|list|show|confirm|refute|annul|reopen, through CliRunner."""

from __future__ import annotations

import json
import threading
import time
from datetime import date, timedelta
from typing import Any

import psycopg
import pytest
from sqlalchemy.engine import make_url

WORLD = """
INSERT INTO actor (name, kind, iso_code) VALUES ('North Korea', 'state', 'PRK'), ('Russia', 'state', 'RUS');
INSERT INTO actor (name, kind) VALUES ('Unnamed experts', 'other');
INSERT INTO actor_alias (actor_id, alias) VALUES (1, 'DPRK');
INSERT INTO source (title, url, recorded_by) VALUES ('Yonhap report', 'https://example.org/yonhap', 'setup');
INSERT INTO claim (statement, recorded_by) VALUES ('Russia forgave most of North Korea''s debt in 2012', 'setup');
"""


@pytest.fixture
def world(sql: psycopg.Connection) -> psycopg.Connection:
    """North Korea (PRK, alias DPRK), Russia (RUS), "Unnamed experts"; source 1; claim 1."""
    sql.execute(WORLD)
    return sql


@pytest.fixture
def today(sql: psycopg.Connection) -> date:
    """The database's date, which claimtrack counts from."""
    return sql.execute("SELECT current_date").fetchone()[0]  # type: ignore[index]


def add(invoke: Any, *args: str, user: str = "alice") -> int:
    result = invoke("prediction", "add", *args, user=user)
    assert result.exit_code == 0, result.output
    return int(result.stdout)


def row(sql: psycopg.Connection, prediction_id: int) -> dict[str, Any]:
    cursor = sql.execute("SELECT * FROM prediction WHERE id = %s", (prediction_id,))
    names = [c.name for c in cursor.description or []]
    return dict(zip(names, cursor.fetchone() or ()))


def history(sql: psycopg.Connection, prediction_id: int) -> list[tuple[Any, ...]]:
    return sql.execute(
        "SELECT from_status, to_status, changed_by, reason, evidence_source_id, effective_on "
        "FROM status_history WHERE prediction_id = %s ORDER BY id",
        (prediction_id,),
    ).fetchall()


def last_set(sql: psycopg.Connection, prediction_id: int) -> str:
    """Who set the current status and when, as claimtrack's messages put it."""
    by, at = sql.execute(
        "SELECT changed_by, to_char(changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') FROM status_history "
        "WHERE prediction_id = %s ORDER BY id DESC LIMIT 1",
        (prediction_id,),
    ).fetchone()  # type: ignore[misc]
    return f"set by {by} at {at} UTC"


def count(sql: psycopg.Connection, table: str) -> int:
    return sql.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]


def show(invoke: Any, prediction_id: int) -> dict[str, Any]:
    result = invoke("prediction", "show", str(prediction_id), "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def listed(invoke: Any, *args: str) -> list[dict[str, Any]]:
    result = invoke("prediction", "list", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


# --- add --------------------------------------------------------------------------------------------


def test_adding_a_prediction_prints_its_id_and_records_it_open_with_one_history_row(invoke, world, today) -> None:  # type: ignore[no-untyped-def]
    result = invoke("prediction", "add", "North Korea will export war materials to Russia", "--resolve-by", "2030-06-30", user="alice")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "1\n", "")
    stored = row(world, 1)
    assert (stored["status"], stored["made_on"], stored["made_precision"], stored["recorded_by"]) == ("open", today, "day", "alice")
    assert (stored["resolve_by"], stored["resolve_by_precision"]) == (date(2030, 6, 30), "day")
    assert history(world, 1) == [(None, "open", "alice", None, None, today)]


@pytest.mark.parametrize(
    ("deadline", "stored", "shown"),
    [("2030", date(2030, 12, 31), "2030"), ("2030-02", date(2030, 2, 28), "2030-02"), ("2030-02-03", date(2030, 2, 3), "2030-02-03")],
)
def test_a_deadline_is_stored_as_the_last_day_of_its_period_and_shown_as_entered(invoke, world, deadline, stored, shown) -> None:  # type: ignore[no-untyped-def]
    prediction_id = add(invoke, "S", "--resolve-by", deadline)
    assert row(world, prediction_id)["resolve_by"] == stored
    assert show(invoke, prediction_id)["resolve_by"] == shown


def test_a_relative_deadline_counts_from_today(invoke, world) -> None:  # type: ignore[no-untyped-def]
    prediction_id = add(invoke, "S", "--resolve-by", "+90d")
    assert row(world, prediction_id)["resolve_by"] == date.today() + timedelta(days=90)
    assert row(world, prediction_id)["resolve_by_precision"] == "day"


def test_a_malformed_deadline_is_a_usage_error_naming_the_accepted_forms(invoke, world) -> None:  # type: ignore[no-untyped-def]
    result = invoke("prediction", "add", "S", "--resolve-by", "soon")
    assert result.exit_code == 2
    assert '"soon" is not a deadline; use YYYY, YYYY-MM, YYYY-MM-DD, or +90d, +6m, +1y from today.' in result.stderr


def test_the_made_date_keeps_its_precision(invoke, world) -> None:  # type: ignore[no-untyped-def]
    prediction_id = add(invoke, "S", "--made", "2012", "--resolve-by", "2013")
    assert (row(world, prediction_id)["made_on"], row(world, prediction_id)["made_precision"]) == (date(2012, 1, 1), "year")
    assert show(invoke, prediction_id)["made_on"] == "2012"


def test_a_likelihood_term_alone_stores_its_midpoint_and_keeps_the_term(invoke, world) -> None:  # type: ignore[no-untyped-def]
    prediction_id = add(invoke, "S", "--resolve-by", "2030", "--likelihood", "Very Likely")
    assert (row(world, prediction_id)["probability"], row(world, prediction_id)["likelihood"]) == (0.875, "very likely")


def test_a_probability_inside_the_terms_range_is_kept_with_the_term(invoke, world) -> None:  # type: ignore[no-untyped-def]
    prediction_id = add(invoke, "S", "--resolve-by", "2030", "--likelihood", "unlikely", "--probability", "0.3")
    assert (row(world, prediction_id)["probability"], row(world, prediction_id)["likelihood"]) == (0.3, "unlikely")


def test_a_probability_that_disagrees_with_the_term_is_refused_naming_the_terms_range(invoke, world) -> None:  # type: ignore[no-untyped-def]
    result = invoke("prediction", "add", "S", "--resolve-by", "2030", "--probability", "0.9", "--likelihood", "unlikely")
    assert result.exit_code == 1
    assert result.stderr == (
        'Error: --probability 0.9 disagrees with --likelihood "unlikely", which means 20–45 %; '
        "give a probability in that range, or only one of the two.\n"
    )
    assert count(world, "prediction") == 0


@pytest.mark.parametrize(
    ("option", "value", "complaint"),
    [
        ("--probability", "1.5", "1.5 is not in the range 0<=x<=1"),
        ("--likelihood", "probable", "'probable' is not one of"),
        ("--confidence", "total", "'total' is not one of 'low', 'moderate', 'high'"),
        ("--category", "drones", "'drones' is not one of"),
        ("--quantity", "0", "0 is not in the range x>=1"),
        ("--claim", "x", '"x" is not an id'),
        ("--made", "2024-13", '"2024-13" is not a real date'),
        ("--tag", "no way!", '"no way!" is not a tag'),
    ],
)
def test_a_malformed_value_is_a_usage_error(invoke, world, option, value, complaint) -> None:  # type: ignore[no-untyped-def]
    result = invoke("prediction", "add", "S", "--resolve-by", "2030", option, value)
    assert result.exit_code == 2
    assert complaint in result.stderr
    assert count(world, "prediction") == 0


def test_a_blank_statement_is_a_usage_error(invoke, world) -> None:  # type: ignore[no-untyped-def]
    result = invoke("prediction", "add", "   ", "--resolve-by", "2030")
    assert result.exit_code == 2
    assert "Invalid value for 'STATEMENT': is empty; give some text." in result.stderr


def test_a_deadline_before_the_made_date_is_refused(invoke, world) -> None:  # type: ignore[no-untyped-def]
    result = invoke("prediction", "add", "S", "--made", "2024-05", "--resolve-by", "2024-04")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: the deadline --resolve-by 2024-04 is before the prediction was made (2024-05); "
        "give a deadline on or after 2024-05.\n"
    )


def test_a_deadline_in_the_made_month_is_accepted(invoke, world) -> None:  # type: ignore[no-untyped-def]
    prediction_id = add(invoke, "S", "--made", "2024-05", "--resolve-by", "2024-05-02")
    assert row(world, prediction_id)["made_on"] == date(2024, 5, 1)


def test_a_made_date_in_the_future_is_refused(invoke, world, today) -> None:  # type: ignore[no-untyped-def]
    result = invoke("prediction", "add", "S", "--made", str(today.year + 2), "--resolve-by", str(today.year + 3))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: --made {today.year + 2} is in the future; a prediction is recorded on or after the day it was made.\n"
    )


def test_the_predictor_may_be_an_actor_by_alias_and_a_source_by_url(invoke, world) -> None:  # type: ignore[no-untyped-def]
    prediction_id = add(invoke, "S", "--resolve-by", "2030", "--by", "dprk", "--source", "https://Example.org/new-article/")
    stored = row(world, prediction_id)
    assert stored["predictor_actor_id"] == 1
    url, recorded_by = world.execute("SELECT url, recorded_by FROM source WHERE id = %s", (stored["predictor_source_id"],)).fetchone()  # type: ignore[misc]
    assert (url, recorded_by) == ("https://example.org/new-article", "alice")
    shown = show(invoke, prediction_id)
    assert (shown["predictor"], shown["predictor_source"]) == ("North Korea (PRK)", "https://example.org/new-article")
    again = add(invoke, "T", "--resolve-by", "2030", "--source", "https://example.org/new-article")
    assert row(world, again)["predictor_source_id"] == stored["predictor_source_id"]


def test_an_unknown_predictor_is_refused_with_the_closest_names(invoke, world) -> None:  # type: ignore[no-untyped-def]
    result = invoke("prediction", "add", "S", "--resolve-by", "2030", "--by", "Nort Korea")
    assert result.exit_code == 1
    assert result.stderr.startswith('Error: no actor "Nort Korea". Did you mean "North Korea" (PRK)?')
    assert count(world, "prediction") == 0


def test_an_unknown_source_id_is_refused(invoke, world) -> None:  # type: ignore[no-untyped-def]
    result = invoke("prediction", "add", "S", "--resolve-by", "2030", "--source", "42")
    assert (result.exit_code, result.stderr) == (1, "Error: no source 42; see: claimtrack source list\n")


def test_the_claim_it_came_from_must_exist(invoke, world) -> None:  # type: ignore[no-untyped-def]
    assert row(world, add(invoke, "S", "--resolve-by", "2030", "--claim", "1"))["claim_id"] == 1
    result = invoke("prediction", "add", "S", "--resolve-by", "2030", "--claim", "7")
    assert (result.exit_code, result.stderr) == (1, "Error: no claim 7; see: claimtrack claim list\n")


def test_a_statement_nearly_the_same_as_an_open_prediction_s_is_refused_naming_it(invoke, world) -> None:  # type: ignore[no-untyped-def]
    add(invoke, "North Korea will ship artillery shells to Russia", "--resolve-by", "2030")
    result = invoke("prediction", "add", "North Korea will ship artillery shells to Russia.", "--resolve-by", "2031", "--by", "RUS")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        'Error: open prediction 1 already asks nearly the same (100% alike): "North Korea will ship artillery shells to Russia". '
        "Add a forecast to it (claimtrack prediction forecast 1 --by X --probability P), or add --allow-duplicate.\n"
    )
    assert count(world, "prediction") == 1
    assert add(invoke, "North Korea will ship artillery shells to Russia.", "--resolve-by", "2031", "--allow-duplicate") == 2
    assert add(invoke, "North Korea will ship 2 million artillery shells to Russia", "--resolve-by", "2030") == 3  # another figure
    invoke("prediction", "confirm", "1", "--evidence", "1")
    invoke("prediction", "confirm", "2", "--evidence", "1")
    assert add(invoke, "North Korea will ship artillery shells to Russia", "--resolve-by", "2032") == 4  # none open asks it


def test_everything_given_to_add_is_shown(invoke, world) -> None:  # type: ignore[no-untyped-def]
    result = invoke(
        "prediction", "add", "North Korea will push to export more war materials to Russia",
        "--by", "Unnamed experts", "--source", "1", "--made", "2024-06", "--resolve-by", "2026",
        "--probability", "0.7", "--likelihood", "likely", "--confidence", "Moderate",
        "--criteria", "Shipments reported by two independent sources", "--claim", "1",
        "--actor", "RUS", "--actor", "north korea", "--tag", "Arms Trade", "--tag", "ukraine",
        "--supplier", "PRK", "--recipient", "Russia", "--category", "Ammunition", "--item", "152 mm shells",
        "--quantity", "1000000", "--note", "  From the Yonhap summary  ", "--format", "json", user="alice",
    )
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert shown == show(invoke, 1)
    created, updated = shown.pop("created_at"), shown.pop("updated_at")
    assert created == updated
    changed_at = shown["history"][0].pop("changed_at")
    assert changed_at == created
    assert shown == {
        "id": 1,
        "statement": "North Korea will push to export more war materials to Russia",
        "status": "open",
        "overdue": False,
        "predictor": "Unnamed experts",
        "predictor_source_id": 1,
        "predictor_source": "Yonhap report",
        "made_on": "2024-06",
        "resolve_by": "2026",
        "probability": 0.7,
        "likelihood": "likely",
        "confidence": "moderate",
        "criteria": "Shipments reported by two independent sources",
        "claim_id": 1,
        "actors": ["North Korea (PRK)", "Russia (RUS)"],
        "tags": ["arms-trade", "ukraine"],
        "resolved_on": None,
        "resolution_note": None,
        "evidence_source_id": None,
        "evidence_claim_id": None,
        "recorded_by": "alice",
        "notes": "From the Yonhap summary",
        "arms_transfer": [
            {"supplier": "North Korea (PRK)", "recipient": "Russia (RUS)", "category": "ammunition", "item": "152 mm shells", "quantity": 1000000}
        ],
        "evidence": [],
        "history": [
            {"id": 2, "from_status": None, "to_status": "open", "effective_on": "2024-06-01", "changed_by": "alice",
             "login": make_url(invoke.url).username, "reason": None, "evidence_source_id": None, "evidence": None,
             "evidence_claim_id": None}
        ],
        "changes": [],
        # The predictor's probability is its first forecast (the actor, where both an actor and a source are given).
        "forecasts": [
            {"id": 1, "forecaster": "Unnamed experts", "made_on": "2024-06", "probability": 0.7, "likelihood": "likely",
             "confidence": "moderate", "note": None, "evidence": [], "recorded_by": "alice"}
        ],
    }


def test_the_supplier_and_recipient_become_actors_the_prediction_concerns(invoke, world) -> None:  # type: ignore[no-untyped-def]
    prediction_id = add(invoke, "S", "--resolve-by", "2030", "--supplier", "PRK", "--recipient", "RUS", "--category", "missiles")
    assert show(invoke, prediction_id)["actors"] == ["North Korea (PRK)", "Russia (RUS)"]
    assert [p["id"] for p in listed(invoke, "--actor", "Russia")] == [prediction_id]


@pytest.mark.parametrize(
    ("given", "missing"),
    [
        (["--supplier", "PRK"], "--recipient, --category"),
        (["--recipient", "RUS", "--category", "artillery"], "--supplier"),
        (["--item", "KN-23"], "--supplier, --recipient, --category"),
    ],
)
def test_an_arms_transfer_needs_supplier_recipient_and_category_together(invoke, world, given, missing) -> None:  # type: ignore[no-untyped-def]
    result = invoke("prediction", "add", "S", "--resolve-by", "2030", *given)
    assert result.exit_code == 1
    assert result.stderr == f"Error: an arms transfer needs --supplier, --recipient and --category together; add {missing}.\n"
    assert count(world, "prediction") == 0


def test_an_arms_transfer_from_an_actor_to_itself_is_refused(invoke, world) -> None:  # type: ignore[no-untyped-def]
    result = invoke("prediction", "add", "S", "--resolve-by", "2030", "--supplier", "PRK", "--recipient", "north korea", "--category", "missiles")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: --supplier and --recipient are both North Korea (PRK); an arms transfer goes from one actor to another.\n"
    )
    assert count(world, "prediction") == 0


def test_an_unknown_actor_among_several_writes_nothing(invoke, world) -> None:  # type: ignore[no-untyped-def]
    result = invoke("prediction", "add", "S", "--resolve-by", "2030", "--actor", "RUS", "--actor", "Atlantis", "--tag", "x")
    assert result.exit_code == 1
    assert result.stderr.startswith('Error: no actor "Atlantis".')
    assert (count(world, "prediction"), count(world, "tag"), count(world, "prediction_actor")) == (0, 0, 0)


# --- list -------------------------------------------------------------------------------------------


@pytest.fixture
def three(invoke, world, today):  # type: ignore[no-untyped-def]
    """1: overdue (made 2024, due 2025-01), 2: due in 10 days, tagged, by PRK; 3: due 2040, about RUS."""
    add(invoke, "Overdue one", "--made", "2024", "--resolve-by", "2025-01", "--probability", "0.2")
    add(invoke, "Soon one", "--resolve-by", str(today + timedelta(days=10)), "--by", "PRK", "--tag", "arms")
    add(invoke, "Later one", "--resolve-by", "2040", "--actor", "RUS", "--likelihood", "almost certain")
    return today


def test_list_shows_predictions_soonest_deadline_first(invoke, three) -> None:  # type: ignore[no-untyped-def]
    assert listed(invoke) == [
        {"id": 1, "status": "open", "statement": "Overdue one", "predictor": None, "made_on": "2024", "resolve_by": "2025-01",
         "probability": 0.2, "likelihood": None, "confidence": None, "overdue": True, "held": []},
        {"id": 2, "status": "open", "statement": "Soon one", "predictor": "North Korea (PRK)", "made_on": str(three),
         "resolve_by": str(three + timedelta(days=10)), "probability": None, "likelihood": None, "confidence": None, "overdue": False,
         "held": []},
        {"id": 3, "status": "open", "statement": "Later one", "predictor": None, "made_on": str(three), "resolve_by": "2040",
         "probability": 0.97, "likelihood": "almost certain", "confidence": None, "overdue": False, "held": []},
    ]


def test_list_prints_a_table_by_default(invoke, three, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "200")
    result = invoke("prediction", "list")
    assert result.exit_code == 0
    assert "predictions" in result.stdout and "Overdue one" in result.stdout and "almost certain" in result.stdout


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (["--overdue"], [1]),
        (["--due-within", "10"], [2]),
        (["--due-within", "9"], []),
        (["--actor", "dprk"], [2]),
        (["--actor", "RUS"], [3]),
        (["--tag", "Arms"], [2]),
        (["--tag", "nothing-like-it"], []),
        (["--status", "open", "--limit", "2"], [1, 2]),
        (["--status", "confirmed"], []),
    ],
)
def test_list_filters(invoke, three, args, ids) -> None:  # type: ignore[no-untyped-def]
    assert [p["id"] for p in listed(invoke, *args)] == ids


def test_a_resolved_prediction_is_neither_overdue_nor_due(invoke, three) -> None:  # type: ignore[no-untyped-def]
    assert invoke("prediction", "confirm", "1", "--evidence", "1").exit_code == 0
    assert invoke("prediction", "refute", "2", "--evidence", "1").exit_code == 0
    assert listed(invoke, "--overdue") == listed(invoke, "--due-within", "30") == []
    assert [(p["id"], p["status"], p["overdue"]) for p in listed(invoke)] == [(1, "confirmed", False), (2, "refuted", False), (3, "open", False)]


def test_list_says_on_stderr_when_the_limit_cut_it_short(invoke, three) -> None:  # type: ignore[no-untyped-def]
    result = invoke("prediction", "list", "--limit", "2", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "id,status,statement,predictor,made_on,resolve_by,probability,likelihood,confidence,overdue,held"
    assert len(result.stdout.splitlines()) == 3
    assert result.stderr == "more predictions match than the 2 shown; raise --limit to see them.\n"


def test_an_empty_list_says_so_on_stderr(invoke, world) -> None:  # type: ignore[no-untyped-def]
    result = invoke("prediction", "list")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "predictions: no rows\n")


def test_listing_by_an_unknown_actor_is_refused(invoke, world) -> None:  # type: ignore[no-untyped-def]
    result = invoke("prediction", "list", "--actor", "Rusia")
    assert result.exit_code == 1
    assert result.stderr.startswith('Error: no actor "Rusia". Did you mean "Russia" (RUS)?')


# --- show -------------------------------------------------------------------------------------------


def test_showing_a_missing_prediction_is_refused(invoke, world) -> None:  # type: ignore[no-untyped-def]
    result = invoke("prediction", "show", "99")
    assert (result.exit_code, result.stderr) == (1, "Error: no prediction 99; see: claimtrack prediction list\n")
    assert invoke("prediction", "show", "twelve").exit_code == 2


def test_show_prints_the_record_its_facet_evidence_and_history_as_a_table(invoke, world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "250")
    add(invoke, "Shells", "--resolve-by", "2030", "--supplier", "PRK", "--recipient", "RUS", "--category", "ammunition")
    invoke("prediction", "confirm", "1", "--evidence", "1", "--note", "seen")
    result = invoke("prediction", "show", "1")
    assert result.exit_code == 0
    for expected in ("prediction 1", "statement", "Shells", "arms_transfer", "ammunition", "evidence", "Yonhap report", "history", "seen"):
        assert expected in result.stdout


def test_show_as_markdown_has_a_section_per_part(invoke, world) -> None:  # type: ignore[no-untyped-def]
    add(invoke, "Shells", "--resolve-by", "2030")
    result = invoke("prediction", "show", "1", "--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout.startswith("## prediction 1\n\n| field | value |\n|---|---|\n| id | 1 |\n| statement | Shells |\n")
    assert "\n### arms_transfer\n" in result.stdout and "\n### evidence\n" in result.stdout and "\n### history\n" in result.stdout


# --- confirm, refute, annul, reopen -------------------------------------------------------------------


def test_confirming_records_the_resolution_and_one_history_row(invoke, world, today) -> None:  # type: ignore[no-untyped-def]
    add(invoke, "S", "--made", "2024-03", "--resolve-by", "2030")
    result = invoke("prediction", "confirm", "1", "--evidence", "1", "--note", "Shells seen at Rajin", "--on", "2025-02-10", user="bob")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "prediction 1: open -> confirmed on 2025-02-10.\n")
    stored = row(world, 1)
    assert (stored["status"], stored["resolved_on"], stored["evidence_source_id"], stored["resolution_note"]) == (
        "confirmed", date(2025, 2, 10), 1, "Shells seen at Rajin")
    assert history(world, 1)[1:] == [("open", "confirmed", "bob", "Shells seen at Rajin", 1, date(2025, 2, 10))]
    shown = show(invoke, 1)
    assert shown["evidence"] == [
        {"source_id": 1, "title": "Yonhap report", "url": "https://example.org/yonhap", "reliability": "F",
         "cited_for": "confirmed", "effective_on": "2025-02-10", "claim_id": None, "claim": None}
    ]
    assert [(h["from_status"], h["to_status"], h["changed_by"], h["evidence"]) for h in shown["history"]] == [
        (None, "open", "alice", None), ("open", "confirmed", "bob", "Yonhap report")]


def test_refuting_on_a_new_url_creates_the_source_and_defaults_to_today(invoke, world, today) -> None:  # type: ignore[no-untyped-def]
    add(invoke, "S", "--resolve-by", "2030")
    result = invoke("prediction", "refute", "1", "--evidence", "https://example.org/denial", user="bob")
    assert (result.exit_code, result.stderr) == (0, f"prediction 1: open -> refuted on {today}.\n")
    evidence = row(world, 1)["evidence_source_id"]
    assert world.execute("SELECT url, recorded_by FROM source WHERE id = %s", (evidence,)).fetchone() == ("https://example.org/denial", "bob")
    assert history(world, 1)[-1] == ("open", "refuted", "bob", None, evidence, today)


# Claim 1 rests on the Yonhap report (supports, F) and a ministry statement (reports, A); a
# think tank disputes it. Claim 2 has no source.
CLAIM_SOURCES = """
INSERT INTO source (title, url, recorded_by, reliability) VALUES ('Ministry statement', 'https://example.org/ministry', 'setup', 'A'),
    ('Think tank', 'https://example.org/tank', 'setup', 'B');
INSERT INTO claim_source (claim_id, source_id, stance, added_by) VALUES (1, 3, 'disputes', 'setup'), (1, 2, 'reports', 'setup'),
    (1, 1, 'supports', 'setup');
INSERT INTO claim (statement, recorded_by) VALUES ('Shells were seen at Rajin', 'setup');
"""


@pytest.fixture
def claim_with_sources(world: psycopg.Connection) -> psycopg.Connection:
    world.execute(CLAIM_SOURCES)
    return world


def test_confirming_on_a_claim_rests_on_the_claim_and_its_supporting_source(invoke, claim_with_sources) -> None:  # type: ignore[no-untyped-def]
    add(invoke, "S", "--made", "2024-03", "--resolve-by", "2030")
    result = invoke("prediction", "confirm", "1", "--claim", "1", "--note", "the debt was forgiven", "--on", "2025-02-10", user="bob")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "prediction 1: open -> confirmed on 2025-02-10.\n")
    stored = row(claim_with_sources, 1)
    assert (stored["status"], stored["evidence_source_id"], stored["evidence_claim_id"]) == ("confirmed", 1, 1)
    assert claim_with_sources.execute(
        "SELECT to_status, evidence_source_id, evidence_claim_id FROM status_history WHERE prediction_id = 1 ORDER BY id DESC LIMIT 1"
    ).fetchone() == ("confirmed", 1, 1)
    shown = show(invoke, 1)
    assert (shown["evidence_source_id"], shown["evidence_claim_id"]) == (1, 1)
    assert shown["evidence"] == [
        {"source_id": 1, "title": "Yonhap report", "url": "https://example.org/yonhap", "reliability": "F",
         "cited_for": "confirmed", "effective_on": "2025-02-10", "claim_id": 1,
         "claim": "Russia forgave most of North Korea's debt in 2012"}
    ]
    assert [(h["to_status"], h["evidence"], h["evidence_claim_id"]) for h in shown["history"]] == [
        ("open", None, None), ("confirmed", "Yonhap report", 1)]
    text = invoke("prediction", "show", "1", "--format", "expanded").stdout
    assert "evidence_claim_id" in text and "Russia forgave most of North Korea's debt in 2012" in text
    reopened = invoke("prediction", "reopen", "1", "--reason", "the claim was retracted")
    assert reopened.exit_code == 0, reopened.output
    assert (row(claim_with_sources, 1)["evidence_source_id"], row(claim_with_sources, 1)["evidence_claim_id"]) == (None, None)
    assert show(invoke, 1)["evidence"][0]["claim_id"] == 1  # the old evidence stays visible, with its claim


def test_refuting_on_a_claim_and_one_of_its_sources_rests_on_that_source(invoke, claim_with_sources) -> None:  # type: ignore[no-untyped-def]
    add(invoke, "S", "--resolve-by", "2030")
    result = invoke("prediction", "refute", "1", "--claim", "1", "--evidence", "https://example.org/ministry")
    assert result.exit_code == 0, result.output
    assert (row(claim_with_sources, 1)["evidence_source_id"], row(claim_with_sources, 1)["evidence_claim_id"]) == (2, 1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--claim", "99"], "Error: no claim 99; see: claimtrack claim list\n"),
        (["--claim", "2"], ("Error: claim 2 has no source that supports or reports it, and a verdict rests on a source; "
                            "cite one first (claimtrack claim cite 2 --source S) or give --evidence S.\n")),
        (["--claim", "1", "--evidence", "3"], ("Error: source 3 does not support or report claim 1; cite it first "
                                               "(claimtrack claim cite 1 --source 3) or leave out --evidence.\n")),
        (["--claim", "1", "--evidence", "https://example.org/new"], ("Error: source 4 does not support or report claim 1; cite it first "
                                                                      "(claimtrack claim cite 1 --source 4) or leave out --evidence.\n")),
    ],
)
def test_a_claim_that_cannot_be_the_evidence_is_refused_and_nothing_is_written(invoke, claim_with_sources, args, message) -> None:  # type: ignore[no-untyped-def]
    add(invoke, "S", "--resolve-by", "2030")
    sources = count(claim_with_sources, "source")
    result = invoke("prediction", "confirm", "1", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", message)
    assert (row(claim_with_sources, 1)["status"], len(history(claim_with_sources, 1)), count(claim_with_sources, "source")) == ("open", 1, sources)


def test_a_deleted_claim_is_refused_as_evidence_and_a_merged_one_stands_for_its_survivor(invoke, claim_with_sources) -> None:  # type: ignore[no-untyped-def]
    add(invoke, "S", "--resolve-by", "2030")
    add(invoke, "T", "--resolve-by", "2030")
    assert invoke("claim", "delete", "2", "--reason", "entered by mistake").exit_code == 0
    deleted = invoke("prediction", "confirm", "1", "--claim", "2")
    assert (deleted.exit_code, deleted.stderr) == (
        1, "Error: claim 2 is deleted; restore it first (claimtrack claim restore 2) or cite another.\n")
    assert invoke("claim", "restore", "2", "--reason", "it was not").exit_code == 0
    assert invoke("claim", "cite", "2", "--source", "2", "--stance", "supports").exit_code == 0
    assert invoke("prediction", "confirm", "1", "--claim", "2").exit_code == 0
    merged = invoke("claim", "merge", "2", "--into", "1", "--reason", "the same shells")
    assert merged.exit_code == 0, merged.output
    assert row(claim_with_sources, 1)["evidence_claim_id"] == 1  # the resolved verdict follows the merge
    assert invoke("prediction", "refute", "2", "--claim", "2").exit_code == 0
    assert (row(claim_with_sources, 2)["evidence_claim_id"], row(claim_with_sources, 2)["evidence_source_id"]) == (1, 1)


@pytest.mark.parametrize("outcome", ["ambiguous", "withdrawn"])
def test_annulling_keeps_the_note_in_the_record_and_the_history(invoke, world, today, outcome) -> None:  # type: ignore[no-untyped-def]
    add(invoke, "S", "--resolve-by", "2030")
    result = invoke("prediction", "annul", "1", "--as", outcome, "--note", "The criteria cannot be checked", user="carol")
    assert (result.exit_code, result.stderr) == (0, f"prediction 1: open -> {outcome} on {today}.\n")
    stored = row(world, 1)
    assert (stored["status"], stored["resolved_on"], stored["evidence_source_id"], stored["resolution_note"]) == (
        outcome, today, None, "The criteria cannot be checked")
    assert history(world, 1)[-1] == ("open", outcome, "carol", "The criteria cannot be checked", None, today)


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (["confirm", "1"], "give the evidence: --evidence S (a source) or --claim C (a claim, with its sources)."),
        (["refute", "1", "--evidence", "ftp://x"], "neither a source id nor an http(s) URL"),
        (["annul", "1", "--note", "n"], "Missing option '--as'"),
        (["annul", "1", "--as", "confirmed", "--note", "n"], "'confirmed' is not one of 'ambiguous', 'withdrawn'"),
        (["annul", "1", "--as", "withdrawn"], "Missing option '--note'"),
        (["annul", "1", "--as", "withdrawn", "--note", "  "], "is empty; give some text."),
        (["reopen", "1"], "Missing option '--reason'"),
        (["reopen", "1", "--reason", ""], "is empty; give some text."),
        (["confirm", "1", "--evidence", "1", "--on", "2025-02-30"], '"2025-02-30" is not a real date'),
    ],
)
def test_a_transition_without_what_it_needs_is_a_usage_error(invoke, world, args, complaint) -> None:  # type: ignore[no-untyped-def]
    add(invoke, "S", "--resolve-by", "2030")
    result = invoke("prediction", *args)
    assert result.exit_code == 2
    assert complaint in result.stderr
    assert len(history(world, 1)) == 1


def test_reopening_clears_the_resolution_and_keeps_the_reason_in_the_history(invoke, world, today) -> None:  # type: ignore[no-untyped-def]
    add(invoke, "S", "--made", "2024", "--resolve-by", "2030")
    invoke("prediction", "confirm", "1", "--evidence", "1", "--note", "seen", "--on", "2025-01-05")
    result = invoke("prediction", "reopen", "1", "--reason", "The report was retracted", user="dave")
    assert (result.exit_code, result.stderr) == (0, f"prediction 1: confirmed -> open on {today}.\n")
    stored = row(world, 1)
    assert (stored["status"], stored["resolved_on"], stored["evidence_source_id"], stored["resolution_note"]) == ("open", None, None, None)
    assert history(world, 1)[-1] == ("confirmed", "open", "dave", "The report was retracted", None, today)
    shown = show(invoke, 1)
    assert [e["cited_for"] for e in shown["evidence"]] == ["confirmed"]  # the old evidence stays visible
    assert [h["to_status"] for h in shown["history"]] == ["open", "confirmed", "open"]


def test_a_resolution_date_before_the_prediction_was_made_is_refused(invoke, world) -> None:  # type: ignore[no-untyped-def]
    add(invoke, "S", "--made", "2024-06", "--resolve-by", "2030")
    result = invoke("prediction", "confirm", "1", "--evidence", "1", "--on", "2024-05-31")
    assert result.exit_code == 1
    assert result.stderr == "Error: --on 2024-05-31 is before prediction 1 was made (2024-06); give a later date.\n"
    assert len(history(world, 1)) == 1


def test_a_resolution_date_in_the_future_is_refused(invoke, world, today) -> None:  # type: ignore[no-untyped-def]
    add(invoke, "S", "--resolve-by", "2099")
    tomorrow = today + timedelta(days=1)
    result = invoke("prediction", "refute", "1", "--evidence", "1", "--on", str(tomorrow))
    assert result.exit_code == 1
    assert result.stderr == f"Error: --on {tomorrow} is in the future; a prediction is resolved on or before today ({today}).\n"


def test_a_new_resolution_cannot_predate_the_reopening(invoke, world, today) -> None:  # type: ignore[no-untyped-def]
    add(invoke, "S", "--made", "2024", "--resolve-by", "2030")
    invoke("prediction", "confirm", "1", "--evidence", "1", "--on", "2025-01-05")
    invoke("prediction", "reopen", "1", "--reason", "retracted")
    result = invoke("prediction", "refute", "1", "--evidence", "1", "--on", "2025-01-06")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: --on 2025-01-06 is before prediction 1 was reopened ({today}); a new resolution cannot predate the reopening.\n"
    )
    assert invoke("prediction", "refute", "1", "--evidence", "1").exit_code == 0


@pytest.mark.parametrize("command", ["confirm", "refute", "annul", "reopen"])
def test_a_missing_prediction_cannot_change_status(invoke, world, command) -> None:  # type: ignore[no-untyped-def]
    extra = {"confirm": ["--evidence", "1"], "refute": ["--evidence", "1"], "annul": ["--as", "withdrawn", "--note", "n"],
             "reopen": ["--reason", "r"]}[command]
    result = invoke("prediction", command, "99", *extra)
    assert (result.exit_code, result.stderr) == (1, "Error: no prediction 99; see: claimtrack prediction list\n")


# --- refused transitions ----------------------------------------------------------------------------

RESOLVE = {
    "confirmed": ["confirm", "--evidence", "1"],
    "refuted": ["refute", "--evidence", "1"],
    "ambiguous": ["annul", "--as", "ambiguous", "--note", "unclear"],
    "withdrawn": ["annul", "--as", "withdrawn", "--note", "taken back"],
}


def _resolve(invoke: Any, prediction_id: int, outcome: str, user: str = "alice") -> Any:
    command, *options = RESOLVE[outcome]
    return invoke("prediction", command, str(prediction_id), *options, user=user)


@pytest.mark.parametrize("current", list(RESOLVE))
@pytest.mark.parametrize("wanted", list(RESOLVE))
def test_a_resolved_prediction_refuses_another_resolution_until_reopened(invoke, world, current, wanted) -> None:  # type: ignore[no-untyped-def]
    add(invoke, "S", "--resolve-by", "2030")
    assert _resolve(invoke, 1, current, user="alice").exit_code == 0
    before = row(world, 1)
    result = _resolve(invoke, 1, wanted, user="bob")
    assert result.exit_code == 1
    if current == wanted:
        expected = (
            f"Error: prediction 1 is already {current} ({last_set(world, 1)}). To resolve it anew, reopen it first: "
            "claimtrack prediction reopen 1 --reason TEXT\n"
        )
    else:
        expected = (
            f"Error: prediction 1 is {current} ({last_set(world, 1)}); a resolved prediction can only be reopened, "
            "then resolved anew: claimtrack prediction reopen 1 --reason TEXT\n"
        )
    assert result.stderr == expected
    assert "set by alice at " in expected
    assert row(world, 1) == before
    assert len(history(world, 1)) == 2


def test_reopening_an_open_prediction_is_refused_saying_what_is_allowed(invoke, world) -> None:  # type: ignore[no-untyped-def]
    add(invoke, "S", "--resolve-by", "2030", user="erin")
    result = invoke("prediction", "reopen", "1", "--reason", "why not")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: prediction 1 is open ({last_set(world, 1)}); only a resolved prediction can be reopened. "
        "Resolve it with: claimtrack prediction confirm|refute 1 --evidence SOURCE, "
        "or claimtrack prediction annul 1 --as ambiguous|withdrawn --note TEXT\n"
    )
    assert "set by erin at " in result.stderr
    assert len(history(world, 1)) == 1


def test_a_reopened_prediction_names_who_reopened_it_when_refusing(invoke, world) -> None:  # type: ignore[no-untyped-def]
    add(invoke, "S", "--resolve-by", "2030")
    _resolve(invoke, 1, "refuted")
    invoke("prediction", "reopen", "1", "--reason", "new facts", user="frank")
    result = invoke("prediction", "reopen", "1", "--reason", "again")
    assert result.exit_code == 1
    assert f"prediction 1 is open ({last_set(world, 1)})" in result.stderr
    assert "set by frank at " in result.stderr


def test_a_refused_transition_leaves_no_new_source_behind(invoke, world) -> None:  # type: ignore[no-untyped-def]
    add(invoke, "S", "--resolve-by", "2030")
    _resolve(invoke, 1, "confirmed")
    sources = count(world, "source")
    assert invoke("prediction", "refute", "1", "--evidence", "https://example.org/late").exit_code == 1
    assert count(world, "source") == sources


# --- losing a race ------------------------------------------------------------------------------------


def test_the_resolver_who_loses_a_race_is_told_who_won_and_writes_nothing(invoke, world) -> None:  # type: ignore[no-untyped-def]
    """Alice's psql transaction confirms while bob's refute is under way: bob read "open", then his
    UPDATE waits on alice's row lock, finds the status changed when she commits, and writes nothing."""
    add(invoke, "S", "--resolve-by", "2030")
    with psycopg.connect(invoke.url.replace("postgresql+psycopg://", "postgresql://")) as alice:
        alice.execute("SET LOCAL claimtrack.actor = 'alice'")
        alice.execute("UPDATE prediction SET status = 'confirmed', resolved_on = current_date, evidence_source_id = 1 WHERE id = 1")
        results: list[Any] = []
        bob = threading.Thread(target=lambda: results.append(invoke("prediction", "refute", "1", "--evidence", "https://example.org/b", user="bob")))
        bob.start()
        deadline = time.monotonic() + 20
        while not world.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        ).fetchone()[0]:  # type: ignore[index]
            assert time.monotonic() < deadline, "bob's UPDATE never waited on alice's lock"
            time.sleep(0.02)
        alice.commit()
    bob.join(20)
    [result] = results
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: prediction 1 was confirmed by alice at {last_set(world, 1)[len('set by alice at '):]} "
        "while you were working; nothing was written.\n"
    )
    assert [h[:3] for h in history(world, 1)] == [(None, "open", "alice"), ("open", "confirmed", "alice")]
    assert world.execute("SELECT count(*) FROM source WHERE url = 'https://example.org/b'").fetchone() == (0,)
