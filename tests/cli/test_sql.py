"""claimtrack sql: one statement, read-only, with a statement timeout; PostgreSQL's refusals told plainly."""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql as pgsql
from sqlalchemy.engine import make_url

from conftest import Invoke

_names = itertools.count()

ROWS = """
INSERT INTO actor (id, name, kind, iso_code) VALUES (1, 'North Korea', 'state', 'PRK'), (2, 'Russia', 'state', 'RUS');
INSERT INTO claim (id, statement, recorded_by) VALUES (1, 'Russia forgave 90% of the debt: $10bn', 't');
"""


@pytest.fixture
def invoke(database_url: str, sql: psycopg.Connection) -> Iterator[Invoke]:
    """claimtrack as a reader that may read the tables too: `sql` refuses to run as a superuser."""
    role = f"sql_reader_{os.getpid()}_{next(_names)}"
    assert Invoke(database_url)("db", "grant-reader", role, "--tables").exit_code == 0
    yield Invoke(make_url(database_url).set(username=role, password=None).render_as_string(hide_password=False))
    sql.execute(pgsql.SQL("DROP OWNED BY {0}; DROP ROLE {0}").format(pgsql.Identifier(role)))


@pytest.fixture
def recorded(sql: psycopg.Connection) -> psycopg.Connection:
    sql.execute(ROWS)
    return sql


def counts(sql: psycopg.Connection) -> tuple[int, int]:
    return sql.execute("SELECT (SELECT count(*) FROM actor), (SELECT count(*) FROM claim)").fetchone()  # type: ignore[return-value]


def test_sql_prints_the_rows_of_a_query_in_the_format_asked(invoke, recorded) -> None:  # type: ignore[no-untyped-def]
    result = invoke("sql", "SELECT name, iso_code FROM actor ORDER BY name", "--format", "csv")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "name,iso_code\nNorth Korea,PRK\nRussia,RUS\n", "")
    result = invoke("sql", "SELECT status, claims FROM reporting.claim_status_summary LIMIT 2", "--format", "json")
    assert result.stdout == '[\n  {\n    "status": "unverified",\n    "claims": 1\n  },\n  {\n    "status": "corroborated",\n    "claims": 0\n  }\n]\n'


def test_percent_signs_and_colons_in_a_query_are_plain_text(invoke, recorded) -> None:  # type: ignore[no-untyped-def]
    result = invoke("sql", "SELECT statement, ':x' AS colon FROM claim WHERE statement LIKE '%90%'", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout == "statement,colon\nRussia forgave 90% of the debt: $10bn,:x\n"


def test_the_query_can_come_from_standard_input(invoke, recorded) -> None:  # type: ignore[no-untyped-def]
    result = invoke("sql", "-", "--format", "csv", input="SELECT count(*) AS actors\nFROM actor\n")
    assert (result.exit_code, result.stdout) == (0, "actors\n2\n")


def test_values_of_any_type_are_shown(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke(
        "sql", "SELECT '\\x0aff'::bytea AS b, '10.0.0.1'::inet AS ip, '{\"a\": [1]}'::jsonb AS j, ARRAY[1, 2] AS a, "
        "'12:30'::time AS t, NULL AS n", "--format", "json",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        '[\n  {\n    "b": "\\\\x0aff",\n    "ip": "10.0.0.1",\n    "j": {\n      "a": [\n        1\n      ]\n    },\n'
        '    "a": [\n      1,\n      2\n    ],\n    "t": "12:30:00",\n    "n": null\n  }\n]\n'
    )


@pytest.mark.parametrize(
    ("statement", "denied"),
    [
        ("SELECT nextval(pg_get_serial_sequence('actor', 'id'))", "permission denied for sequence actor_id_seq"),
        ("COPY actor FROM STDIN", "permission denied for table actor"),
    ],
)
def test_what_the_reader_may_not_do_is_refused_before_it_runs(invoke, recorded, statement: str, denied: str) -> None:  # type: ignore[no-untyped-def]
    result = invoke("sql", statement)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: claimtrack sql runs as a login that only reads claimtrack's data: {denied}; nothing was written or run.\n"
    )
    assert counts(recorded) == (2, 1)


@pytest.mark.parametrize(
    ("statement", "refused"),
    [
        ("INSERT INTO actor (name, kind) VALUES ('Iran', 'state')", "INSERT"),
        ("UPDATE actor SET name = 'DPRK' WHERE id = 1", "UPDATE"),
        ("DELETE FROM claim", "DELETE"),
        ("TRUNCATE actor CASCADE", "TRUNCATE TABLE"),
        ("CREATE TABLE scratch (id int)", "CREATE TABLE"),
        ("DROP TABLE claim CASCADE", "DROP TABLE"),
        ("ALTER TABLE actor ADD COLUMN x int", "ALTER TABLE"),
        ("CREATE VIEW reporting.mine AS SELECT 1", "CREATE VIEW"),
        ("WITH gone AS (DELETE FROM claim RETURNING id) SELECT count(*) FROM gone", "SELECT"),  # so PostgreSQL says
        ("DO $$ BEGIN DELETE FROM claim; END $$", "DELETE"),
        ("SELECT * FROM claim FOR UPDATE", "SELECT FOR UPDATE"),
    ],
)
def test_writes_and_ddl_are_refused_and_nothing_changes(invoke, recorded, statement: str, refused: str) -> None:  # type: ignore[no-untyped-def]
    result = invoke("sql", statement)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: claimtrack sql is read-only: cannot execute {refused} in a read-only transaction; nothing was "
        "written. Change data with the claimtrack commands (actor, source, claim, prediction), or psql.\n"
    )
    assert counts(recorded) == (2, 1)
    assert recorded.execute("SELECT to_regclass('scratch'), to_regclass('reporting.mine')").fetchone() == (None, None)


@pytest.mark.parametrize("statements", ["COMMIT; DELETE FROM claim", "SELECT 1; DELETE FROM claim", "ROLLBACK; DROP TABLE claim CASCADE"])
def test_a_second_statement_cannot_slip_out_of_the_read_only_transaction(invoke, recorded, statements: str) -> None:  # type: ignore[no-untyped-def]
    result = invoke("sql", statements)
    assert result.exit_code == 1
    assert result.stderr == "Error: claimtrack sql runs one statement at a time; run each statement separately.\n"
    assert counts(recorded) == (2, 1)


def test_copy_to_the_client_is_refused_cleanly_and_points_to_csv(invoke, recorded) -> None:  # type: ignore[no-untyped-def]
    result = invoke("sql", "COPY (SELECT * FROM actor) TO STDOUT WITH (FORMAT csv)")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "Error: claimtrack sql does not run COPY; run the SELECT with --format csv instead.\n"


def test_turning_the_transaction_read_write_is_refused(invoke, recorded) -> None:  # type: ignore[no-untyped-def]
    result = invoke("sql", "SET TRANSACTION READ WRITE")
    assert result.exit_code == 1
    assert result.stderr == "Error: transaction read-write mode must be set before any query\n"


def test_a_query_past_the_timeout_is_cancelled(invoke) -> None:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    result = invoke("sql", "SELECT pg_sleep(10)", "--timeout", "0.3")
    assert time.monotonic() - started < 8
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: the query ran past the 0.3 s statement timeout and was cancelled; narrow it (WHERE, LIMIT) "
        "or allow longer with --timeout SECONDS.\n"
    )


def test_the_default_timeout_is_thirty_seconds(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("sql", "SHOW statement_timeout", "--format", "csv")
    assert result.stdout == "statement_timeout\n30s\n"
    assert invoke("sql", "SELECT 1", "--timeout", "0").exit_code == 2


def test_a_syntax_error_shows_postgresqls_message_and_a_caret_where_it_is(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("sql", "SELECT * FORM claim")
    assert result.exit_code == 1
    assert result.stderr == (
        'Error: syntax error at or near "FORM": SELECT * FORM claim\n'
        "                                                ^\n"
    )
    assert "Traceback" not in result.output


def test_an_error_in_a_longer_query_names_its_line_and_postgresqls_hint(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("sql", "SELECT name\nFROM actor a JOIN actor_alias l ON l.actor_id = a.id\nWHERE l.aliass = 'DPRK'")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: column l.aliass does not exist (line 3): WHERE l.aliass = 'DPRK'\n"
        '                                                      ^ Perhaps you meant to reference the column "l.alias".\n'
    )


def test_an_error_without_a_position_is_one_line(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("sql", "SELECT 1 / 0")
    assert (result.exit_code, result.stderr) == (1, "Error: division by zero\n")


def test_an_empty_query_is_a_usage_error(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("sql", "   ")
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: Invalid value for QUERY: the query is empty; give one SQL statement.\n")


def test_a_statement_without_rows_says_so(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("sql", "SET LOCAL work_mem = '8MB'")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "the statement ran and returned no rows.\n")
