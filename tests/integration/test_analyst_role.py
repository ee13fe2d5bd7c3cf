"""claimtrack db grant-analyst and db revoke: a login that records, edits and resolves through
claimtrack's tables and nothing more, tried by logging in as it; and taking it all back."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import errors, sql as pgsql
from sqlalchemy.engine import make_url

from conftest import Invoke

_names = itertools.count()


def as_login(database_url: str, role: str) -> str:
    return make_url(database_url).set(username=role, password=None).render_as_string(hide_password=False)


@pytest.fixture
def analyst(invoke: Invoke, sql: psycopg.Connection) -> Iterator[str]:
    role = f"ct_analyst_{os.getpid()}_{next(_names)}"
    result = invoke("db", "grant-analyst", role)
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f'created role "{role}": it reads and writes the ')
    assert "no DDL, no history writes, no roles." in result.stderr
    yield role
    if sql.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
        sql.execute(pgsql.SQL("DROP OWNED BY {0}; DROP ROLE {0}").format(pgsql.Identifier(role)))


def test_an_analyst_records_and_resolves_through_claimtrack(invoke: Invoke, analyst: str, sql: psycopg.Connection) -> None:
    as_analyst = Invoke(as_login(invoke.url, analyst))
    assert as_analyst("actor", "add", "North Korea", "--kind", "state", "--country", "PRK").exit_code == 0
    result = as_analyst("claim", "add", "North Korea ships shells to Russia", "--actor", "PRK", "--source", "https://example.org/a")
    assert result.exit_code == 0, result.output
    claim = result.stdout.strip()
    result = as_analyst("claim", "set-status", claim, "confirmed", "--reason", "imagery", "--evidence", "https://example.org/b")
    assert result.exit_code == 0, result.output
    result = as_analyst("prediction", "add", "More shells will follow", "--resolve-by", "2030", "--probability", "0.7")
    assert result.exit_code == 0, result.output
    prediction = result.stdout.strip()
    assert as_analyst("prediction", "confirm", prediction, "--evidence", "https://example.org/b").exit_code == 0
    history = sql.execute("SELECT to_status FROM status_history ORDER BY id").fetchall()
    assert history == [("unverified",), ("confirmed",), ("open",), ("confirmed",)]


@pytest.mark.parametrize(
    "statement",
    [
        "CREATE TABLE public.mine (id int)",
        "CREATE VIEW reporting.mine AS SELECT 1",
        "ALTER TABLE claim DISABLE TRIGGER claim_status_history",
        "ALTER TABLE claim ADD COLUMN x int",
        "DROP TABLE claim",
        "TRUNCATE claim",
        "INSERT INTO status_history (claim_id, to_status, changed_by) VALUES (1, 'confirmed', 'x')",
        "UPDATE status_history SET reason = 'rewritten'",
        "DELETE FROM status_history",
        "CREATE ROLE mine",
        "ALTER ROLE postgres PASSWORD 'taken'",
        "SET ROLE postgres",
        "UPDATE alembic_version SET version_num = 'x'",
        "SELECT pg_read_file('/etc/passwd')",
        "COPY (SELECT 1) TO PROGRAM 'true'",
        "CREATE OR REPLACE FUNCTION claim_status_history() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$",
    ],
)
def test_an_analyst_cannot_change_the_schema_the_history_or_the_roles(
    invoke: Invoke, analyst: str, sql: psycopg.Connection, statement: str
) -> None:
    sql.execute("INSERT INTO claim (id, statement, recorded_by) OVERRIDING SYSTEM VALUE VALUES (1, 'A claim', 't')")
    before = sql.execute("SELECT count(*) FROM status_history").fetchone()
    with psycopg.connect(as_login(invoke.url, analyst).replace("+psycopg", ""), autocommit=True) as connection:
        with pytest.raises((errors.InsufficientPrivilege, errors.InvalidGrantOperation)):
            connection.execute(statement)
    assert sql.execute("SELECT count(*) FROM status_history").fetchone() == before
    assert sql.execute("SELECT to_regclass('public.mine'), to_regclass('reporting.mine')").fetchone() == (None, None)


def test_grant_analyst_refuses_a_role_that_is_more_than_an_analyst(invoke: Invoke, sql: psycopg.Connection) -> None:
    role = f"ct_analyst_{os.getpid()}_{next(_names)}"
    sql.execute(pgsql.SQL("CREATE ROLE {} LOGIN CREATEROLE").format(pgsql.Identifier(role)))
    try:
        result = invoke("db", "grant-analyst", role)
        assert result.exit_code == 1
        assert result.stderr.startswith(f'Error: role "{role}" may create roles (CREATEROLE): it would reach more than an analyst')
    finally:
        sql.execute(pgsql.SQL("DROP ROLE {}").format(pgsql.Identifier(role)))


def test_revoke_takes_everything_back_and_drop_removes_the_login(invoke: Invoke, analyst: str, sql: psycopg.Connection) -> None:
    result = invoke("db", "revoke", analyst)
    assert result.exit_code == 0, result.output
    assert result.stderr.endswith("the role itself remains (--drop drops it).\n")
    privileges = sql.execute(
        "SELECT count(*) FROM pg_class c WHERE c.relnamespace IN ('public'::regnamespace, 'reporting'::regnamespace)"
        " AND (has_table_privilege(%s, c.oid, 'SELECT') OR has_table_privilege(%s, c.oid, 'INSERT'))",
        (analyst, analyst),
    ).fetchone()
    assert privileges == (0,)
    result = invoke("db", "revoke", analyst, "--drop")
    assert result.exit_code == 0, result.output
    assert sql.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (analyst,)).fetchone() is None
    result = invoke("db", "revoke", analyst)
    assert result.exit_code == 1
    assert result.stderr.startswith(f'Error: no role "{analyst}" on this server')


def test_revoke_refuses_the_login_running_it(invoke: Invoke, sql: psycopg.Connection) -> None:
    me = sql.execute("SELECT current_user").fetchone()[0]  # type: ignore[index]
    result = invoke("db", "revoke", me)
    assert result.exit_code == 1
    assert "revoke takes back what grant-reader and grant-analyst gave, nothing more." in result.stderr


def test_the_login_is_recorded_beside_the_name_a_flag_gives(invoke: Invoke, analyst: str, sql: psycopg.Connection) -> None:
    as_analyst = Invoke(as_login(invoke.url, analyst))
    assert as_analyst("claim", "add", "A claim", user="the-editor-in-chief").exit_code == 0
    assert as_analyst("--as", "someone-else", "claim", "set-status", "1", "retracted", "--reason", "wrong").exit_code == 0
    rows = sql.execute("SELECT changed_by, changed_login FROM status_history ORDER BY id").fetchall()
    assert rows == [("the-editor-in-chief", analyst), ("someone-else", analyst)]

    result = invoke("report", "recent_changes", "--format", "json")
    assert [(c["changed_by"], c["login"]) for c in __import__("json").loads(result.stdout)] == [
        ("someone-else", analyst), ("the-editor-in-chief", analyst)
    ]


def test_an_analyst_loads_seeds_and_a_csv_of_claims(invoke: Invoke, analyst: str, sql: psycopg.Connection, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Seeds and a CSV are recorded as the analyst's own (the history written by the triggers, with
    the analyst's login), not brought from elsewhere, so an analyst may load them."""
    as_analyst = Invoke(as_login(invoke.url, analyst))
    seeded = as_analyst("seed")
    assert seeded.exit_code == 0, seeded.output
    rows = tmp_path / "claims.csv"
    rows.write_text("statement,actors,source\nRussia sends grain to North Korea by rail,Russia;North Korea,https://example.org/grain\n")
    loaded = as_analyst("import", str(rows))
    assert loaded.exit_code == 0, loaded.output
    logins = sql.execute("SELECT DISTINCT changed_login FROM status_history").fetchall()
    assert logins == [(analyst,)]
