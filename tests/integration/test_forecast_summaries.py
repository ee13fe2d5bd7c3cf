"""The forecast score summaries (alembic/versions/20261208_0017): after any sequence of writes, every
forecast score view answers what its definition before 0017 computed from the tables on every read,
and the totals the triggers keep equal a rebuild.

Rows are written with raw SQL, as psql would write them (forecasts, their evidence, resolutions,
reopenings, tags, a claim's sources), and merges as the CLI makes them.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from conftest import _libpq, _with_database, drop_database, fresh_database
from hypothesis import example, given, settings
from hypothesis import strategies as st

from claimtrack.services import actor_editing, source_editing

VIEWS = [
    "forecast_scores", "forecaster_scoreboard", "forecaster_scoreboard_by_tag", "forecaster_scoreboard_since",
    "forecaster_scoreboard_by_tag_since", "calibration_summary", "source_forecast_value",
]  # fmt: skip
TABLES = [
    "forecaster_prediction_score", "forecaster_total", "forecaster_tag_total", "forecaster_day_total",
    "forecaster_tag_day_total", "calibration_bin_total", "calibration_scope_total", "forecast_citation",
    "source_forecast_total", "forecaster_month_total",
]  # fmt: skip


COUNTED = {"forecaster_total": "predictions", "forecaster_tag_total": "predictions", "forecaster_day_total": "predictions",
           "forecaster_tag_day_total": "predictions", "calibration_bin_total": "n", "calibration_scope_total": "predictions",
           "source_forecast_total": "citing", "forecaster_month_total": "predictions"}  # fmt: skip


def _revision(name: str) -> Any:
    path = Path(__file__).resolve().parents[2] / "alembic" / "versions" / name
    spec = importlib.util.spec_from_file_location(f"revision_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The views as they were before 0017 (20261204_0010, 0012, 20261208_0015: what 0017's downgrade puts
# back), computing from the tables on every read; made in a schema of their own for the comparison.
_BEFORE = _revision("20261208_0017_forecast_score_summaries.py").DOWNGRADE
RECOMPUTATION = _BEFORE[: _BEFORE.index("DROP TRIGGER")].replace("reporting.", "recomputed.")


def _rounded(sql: psycopg.Connection, schema: str, name: str) -> str:
    columns = sql.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = %s AND table_name = %s "
        "ORDER BY ordinal_position", (schema, name),
    ).fetchall()  # fmt: skip
    return ", ".join(f"round({c}::numeric, 9)" if kind in ("double precision", "numeric") else c for c, kind in columns)


def assert_views_equal_the_recomputation(sql: psycopg.Connection) -> None:
    """Row for row, floats to 9 places: the totals sum decimals, the old views floats."""
    for name in VIEWS:
        new = sql.execute(f"SELECT {_rounded(sql, 'reporting', name)} FROM reporting.{name}").fetchall()
        with sql.transaction(force_rollback=True):
            sql.execute("CREATE SCHEMA recomputed")
            sql.execute(RECOMPUTATION)
            old = sql.execute(f"SELECT {_rounded(sql, 'recomputed', name)} FROM recomputed.{name}").fetchall()
        assert sorted(new, key=repr) == sorted(old, key=repr), name


def summaries(sql: psycopg.Connection) -> dict[str, list[tuple[Any, ...]]]:
    found = {}
    for table in TABLES:
        # A total gone back to zero is the same as no row (the views skip it).
        where = f"{COUNTED[table]} <> 0" if table in COUNTED else "TRUE"
        found[table] = sorted(
            sql.execute(f"SELECT {_rounded(sql, 'reporting_summary', table)} FROM reporting_summary.{table} WHERE {where}").fetchall(), key=repr
        )
    return found


def assert_summaries_equal_a_rebuild(sql: psycopg.Connection) -> None:
    kept = summaries(sql)
    with sql.transaction(force_rollback=True):
        sql.execute("SELECT reporting_summary.rebuild()")
        rebuilt = summaries(sql)
    for table in TABLES:
        assert kept[table] == rebuilt[table], table


def assert_right(sql: psycopg.Connection) -> None:
    assert_summaries_equal_a_rebuild(sql)
    assert_views_equal_the_recomputation(sql)


BASE = """
SET TimeZone = 'UTC';
INSERT INTO actor (id, name, kind) VALUES (1, 'ISW', 'organization'), (2, 'US government', 'state'), (3, 'Analyst', 'person');
INSERT INTO source (id, title, reliability, recorded_by) VALUES (1, 'Rail manifests', 'B', 't'), (2, 'Satellite images', 'A', 't'),
    (3, 'A rumour', 'F', 't'), (4, 'Think tank', 'C', 't');
INSERT INTO tag (id, name) VALUES (1, 'arms'), (2, 'energy');
INSERT INTO claim (id, statement, status, recorded_by) VALUES (1, 'Trains seen', 'unverified', 't'), (2, 'Shells moved', 'unverified', 't');
INSERT INTO claim_source (claim_id, source_id, stance, added_by) VALUES (1, 1, 'supports', 't'), (2, 2, 'supports', 't'), (2, 3, 'reports', 't');
SELECT setval(pg_get_serial_sequence('source', 'id'), 100);
SELECT setval(pg_get_serial_sequence('actor', 'id'), 100);
SELECT setval(pg_get_serial_sequence('claim', 'id'), 100);
"""


@pytest.fixture(scope="module")
def forecast_template(server_url: str, template_database: str) -> Iterator[str]:
    name = fresh_database(server_url, template_database)
    with psycopg.connect(_libpq(_with_database(server_url, name)), autocommit=True) as connection:
        connection.execute(BASE)
    yield name
    drop_database(server_url, name)


FORECASTERS = [(1, None), (2, None), (3, None), (None, 1), (None, 4)]
VERDICTS = ["confirmed", "refuted", "ambiguous", "withdrawn"]
probabilities = st.one_of(st.sampled_from([0.0, 0.1, 0.5, 0.6, 0.9, 1.0]), st.floats(0, 1))
evidence = st.lists(st.one_of(st.tuples(st.just("source"), st.integers(1, 4)), st.tuples(st.just("claim"), st.integers(1, 2))), max_size=2)

operations = st.one_of(
    st.tuples(st.just("predict"), st.integers(0, 4), st.one_of(st.none(), probabilities), st.integers(0, 60),
              st.lists(st.integers(1, 2), max_size=2, unique=True)),
    st.tuples(st.just("forecast"), st.integers(0, 20), st.integers(0, 4), probabilities, st.integers(0, 10), evidence),
    st.tuples(st.just("resolve"), st.integers(0, 20), st.sampled_from(VERDICTS), st.integers(0, 10)),
    st.tuples(st.just("reopen"), st.integers(0, 20)),
    st.tuples(st.just("tag"), st.integers(0, 20), st.integers(1, 2)),
    st.tuples(st.just("untag"), st.integers(0, 20)),
    st.tuples(st.just("cite"), st.integers(1, 2), st.integers(1, 4)),
    st.tuples(st.just("uncite"), st.integers(1, 2), st.integers(1, 4)),
    st.tuples(st.just("merge_sources"), st.integers(1, 4), st.integers(1, 4)),
    st.tuples(st.just("merge_actors"), st.integers(0, 20), st.integers(1, 3)),
    st.tuples(st.just("rename_tag"), st.integers(1, 2), st.sampled_from(["arms", "missiles", "oil"])),
)
TODAY = "(current_date - 60)"  # every date below is before today: forecasts may not be made after it


def _pick(sql: psycopg.Connection, query: str, index: int) -> Any:
    rows = sql.execute(query).fetchall()
    return rows[index % len(rows)][0] if rows else None


def _live_forecaster(sql: psycopg.Connection, index: int) -> tuple[int | None, int | None]:
    actor, source = FORECASTERS[index]
    if source is not None:
        merged = sql.execute("SELECT merged_into_id FROM source WHERE id = %s", (source,)).fetchone()
        if merged and merged[0] is not None:
            source = merged[0]
    return actor, source


def run(sql: psycopg.Connection, operation: tuple[Any, ...]) -> None:  # noqa: C901 - one branch per operation
    name, *args = operation
    with sql.transaction():
        for key, value in (("actor", "hypothesis"), ("reason", "a test")):
            sql.execute("SELECT set_config(%s, %s, true)", (f"claimtrack.{key}", value))
        if name == "predict":
            who, probability, made, tags = args
            actor, source = _live_forecaster(sql, who)
            pid = sql.execute(
                "INSERT INTO prediction (statement, predictor_actor_id, predictor_source_id, probability, made_on, resolve_by, recorded_by) "
                f"VALUES ('p', %s, %s, %s, {TODAY} - 100 + %s, {TODAY} + 300, 't') RETURNING id",
                (actor, source, probability, made),
            ).fetchone()[0]  # type: ignore[index]
            for tag in tags:
                sql.execute("INSERT INTO prediction_tag VALUES (%s, %s)", (pid, tag))
        elif name == "forecast":
            index, who, probability, after, cited = args
            prediction = _pick(sql, "SELECT id FROM prediction WHERE status = 'open' ORDER BY id", index)
            if prediction is None:
                return
            actor, source = _live_forecaster(sql, who)
            fid = sql.execute(
                "INSERT INTO forecast (prediction_id, actor_id, source_id, probability, made_on, recorded_by) "
                "SELECT p.id, %s, %s, %s, least(greatest(p.made_on, (SELECT max(f.made_on) FROM forecast f WHERE f.prediction_id = p.id "
                f"AND f.actor_id IS NOT DISTINCT FROM %s AND f.source_id IS NOT DISTINCT FROM %s)) + %s, {TODAY}), 't' "
                "FROM prediction p WHERE p.id = %s RETURNING id",
                (actor, source, probability, actor, source, after, prediction),
            ).fetchone()[0]  # type: ignore[index]
            for kind, target in cited:
                sql.execute(f"INSERT INTO forecast_evidence (forecast_id, {kind}_id) VALUES (%s, %s)", (fid, target))
        elif name == "resolve":
            index, verdict, after = args
            prediction = _pick(sql, "SELECT id FROM prediction WHERE status = 'open' ORDER BY id", index)
            sql.execute(
                "UPDATE prediction p SET status = %s, resolved_on = least(greatest(p.made_on, "
                f"(SELECT max(f.made_on) FROM forecast f WHERE f.prediction_id = p.id)) + %s, {TODAY}), "
                "evidence_source_id = %s, resolution_note = %s WHERE id = %s",
                (verdict, after, 2 if verdict in ("confirmed", "refuted") else None,
                 "unclear" if verdict in ("ambiguous", "withdrawn") else None, prediction),
            )  # fmt: skip
        elif name == "reopen":
            prediction = _pick(sql, "SELECT id FROM prediction WHERE status <> 'open' ORDER BY id", args[0])
            sql.execute("UPDATE prediction SET status = 'open', resolved_on = NULL, evidence_source_id = NULL, "
                        "resolution_note = NULL WHERE id = %s", (prediction,))  # fmt: skip
        elif name == "tag":
            prediction = _pick(sql, "SELECT id FROM prediction ORDER BY id", args[0])
            if prediction:
                sql.execute("INSERT INTO prediction_tag VALUES (%s, %s) ON CONFLICT DO NOTHING", (prediction, args[1]))
        elif name == "untag":
            link = _pick(sql, "SELECT prediction_id || ':' || tag_id FROM prediction_tag ORDER BY 1", args[0])
            if link:
                prediction, tag = link.split(":")
                sql.execute("DELETE FROM prediction_tag WHERE prediction_id = %s AND tag_id = %s", (int(prediction), int(tag)))
        elif name == "cite":
            sql.execute("INSERT INTO claim_source (claim_id, source_id, stance, added_by) SELECT %s, s.id, 'supports', 't' "
                        "FROM source s WHERE s.id = %s AND s.deleted_at IS NULL ON CONFLICT DO NOTHING", args)  # fmt: skip
        elif name == "uncite":
            sql.execute("DELETE FROM claim_source WHERE claim_id = %s AND source_id = %s", args)
        elif name == "merge_sources":
            live = {i for (i,) in sql.execute("SELECT id FROM source WHERE deleted_at IS NULL")}
            if args[0] != args[1] and {args[0], args[1]} <= live:
                source_editing.merge_source(sql, duplicate=args[0], into=args[1], reason="a test", changed_by="hypothesis")
        elif name == "merge_actors":  # a new duplicate forecasting on a prediction, merged into actor args[1]
            index, into = args
            duplicate = sql.execute(
                "INSERT INTO actor (name, kind) VALUES ('Duplicate ' || gen_random_uuid(), 'other') RETURNING id, name"
            ).fetchone()
            assert duplicate is not None
            prediction = _pick(sql, "SELECT id FROM prediction WHERE status = 'open' ORDER BY id", index)
            if prediction is not None:
                sql.execute("INSERT INTO forecast (prediction_id, actor_id, probability, made_on, recorded_by) "
                            "SELECT id, %s, 0.7, made_on, 't' FROM prediction WHERE id = %s", (duplicate[0], prediction))  # fmt: skip
            target = sql.execute("SELECT name FROM actor WHERE id = %s", (into,)).fetchone()[0]  # type: ignore[index]
            actor_editing.merge_actor(sql, duplicate=duplicate[1], into=target, reason="a test")
        elif name == "rename_tag":
            taken = sql.execute("SELECT 1 FROM tag WHERE name = %s", (args[1],)).fetchone()
            if taken is None:
                sql.execute("UPDATE tag SET name = %s WHERE id = %s", (args[1], args[0]))


@pytest.mark.slow
@settings(max_examples=30, deadline=None)
@given(st.lists(operations, min_size=1, max_size=25))
# Found by hypothesis: a merge that moves a forecaster's forecasts on an open prediction changes the
# previous forecast of one citing evidence there.
@example([("predict", 0, None, 0, []), ("predict", 0, None, 0, []), ("forecast", 1, 2, 0.0, 1, [("source", 1)]),
          ("merge_actors", 1, 3)])
def test_the_forecast_score_views_equal_their_recomputation_after_any_sequence_of_writes(
    server_url: str, forecast_template: str, steps: list[tuple[Any, ...]]
) -> None:
    name = fresh_database(server_url, forecast_template)
    try:
        with psycopg.connect(_libpq(_with_database(server_url, name)), autocommit=True) as sql:
            sql.execute("SET TimeZone = 'UTC'")
            for step in steps:
                run(sql, step)
            assert_right(sql)
    finally:
        drop_database(server_url, name)


def test_a_worked_sequence_resolved_reopened_and_resolved_again_leaves_the_totals_as_a_recomputation_finds_them(
    server_url: str, forecast_template: str
) -> None:
    name = fresh_database(server_url, forecast_template)
    steps: list[tuple[Any, ...]] = [
        ("predict", 0, 0.6, 0, [1]), ("forecast", 0, 1, 0.5, 2, [("claim", 2)]), ("forecast", 0, 0, 0.9, 5, [("source", 1), ("claim", 1)]),
        ("forecast", 0, 3, 0.2, 1, [("claim", 2)]), ("predict", 1, 0.3, 10, [1, 2]), ("forecast", 1, 4, 0.4, 3, []),
        ("resolve", 0, "confirmed", 2), ("resolve", 0, "refuted", 0), ("tag", 0, 2), ("uncite", 2, 3), ("cite", 1, 4),
        ("merge_sources", 4, 1), ("reopen", 0), ("forecast", 0, 2, 0.8, 1, [("source", 2)]), ("resolve", 0, "refuted", 3),
        ("merge_actors", 0, 2), ("untag", 0), ("rename_tag", 1, "missiles"),
    ]  # fmt: skip
    try:
        with psycopg.connect(_libpq(_with_database(server_url, name)), autocommit=True) as sql:
            sql.execute("SET TimeZone = 'UTC'")
            for step in steps:
                run(sql, step)
            assert sql.execute("SELECT count(*) FROM reporting.forecast_scores").fetchone()[0] > 0  # type: ignore[index]
            assert_right(sql)
    finally:
        drop_database(server_url, name)
