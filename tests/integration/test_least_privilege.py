"""Least privilege: `claimtrack sql` cannot reach the server's files, programs or other sessions;
the status history cannot be skipped or forged by any role but the owner; grant-reader never
calls a role a reader that is more than one. Each tried by logging in as the role, as an attacker
with that login would."""

from __future__ import annotations

import itertools
import re
import os
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import errors, sql as pgsql
from sqlalchemy.engine import make_url

from conftest import Invoke

_names = itertools.count()


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def as_login(database_url: str, role: str) -> str:
    """The test's database URL with `role` as its user (the test servers trust local logins)."""
    return make_url(database_url).set(username=role, password=None).render_as_string(hide_password=False)


@pytest.fixture
def make_role(sql: psycopg.Connection) -> Iterator[object]:
    """make_role("LOGIN …", grants…) -> a new role's name (roles are server-wide: dropped after)."""
    made: list[str] = []

    def make(attributes: str = "LOGIN", *grants: str) -> str:
        name = f"ct_role_{os.getpid()}_{next(_names)}"
        sql.execute(pgsql.SQL("CREATE ROLE {} " + attributes).format(pgsql.Identifier(name)))
        made.append(name)
        for grant in grants:
            sql.execute(pgsql.SQL(grant).format(pgsql.Identifier(name)))
        return name

    yield make
    for name in reversed(made):
        sql.execute(pgsql.SQL("DROP OWNED BY {0}; DROP ROLE {0}").format(pgsql.Identifier(name)))


# --- claimtrack sql on a server ----------------------------------------------------------------


def test_sql_refuses_to_run_as_a_superuser(invoke: Invoke, sql: psycopg.Connection) -> None:
    me = sql.execute("SELECT current_user").fetchone()[0]  # type: ignore[index]
    result = invoke("sql", "SELECT 1")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f'Error: claimtrack sql will not run as "{me}": it is a superuser, so a statement could reach ')
    assert "claimtrack db grant-reader NAME --tables" in result.stderr


@pytest.mark.parametrize("membership", ["pg_read_server_files", "pg_write_server_files", "pg_execute_server_program", "pg_signal_backend"])
def test_sql_refuses_a_login_that_may_reach_the_server(invoke: Invoke, make_role, membership: str) -> None:  # type: ignore[no-untyped-def]
    role = make_role("LOGIN", f"GRANT {membership} TO {{}}")
    result = Invoke(as_login(invoke.url, role))("sql", "SELECT 1")
    assert result.exit_code == 1
    assert result.stderr.startswith(f'Error: claimtrack sql will not run as "{role}": it is a member of {membership}, ')


def test_sql_refuses_a_login_that_may_set_role_to_a_superuser(invoke: Invoke, sql: psycopg.Connection, make_role) -> None:  # type: ignore[no-untyped-def]
    me = sql.execute("SELECT current_user").fetchone()[0]  # type: ignore[index]
    role = make_role("LOGIN", f'GRANT "{me}" TO {{}}')
    result = Invoke(as_login(invoke.url, role))("sql", "SELECT 1")
    assert result.exit_code == 1
    assert result.stderr.startswith(f'Error: claimtrack sql will not run as "{role}": it may act as "{me}", which is a superuser')


@pytest.fixture
def reader_url(invoke: Invoke, make_role) -> str:  # type: ignore[no-untyped-def]
    role = f"ct_sql_{os.getpid()}_{next(_names)}"
    result = invoke("db", "grant-reader", role, "--tables")
    assert result.exit_code == 0, result.output
    assert "views of schema reporting and " in result.stderr and " tables of schema public" in result.stderr
    return as_login(invoke.url, role)


@pytest.fixture
def drop_reader(sql: psycopg.Connection) -> Iterator[None]:
    yield
    for (name,) in sql.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE %s", (f"ct_sql_{os.getpid()}_%",)).fetchall():
        sql.execute(pgsql.SQL("DROP OWNED BY {0}; DROP ROLE {0}").format(pgsql.Identifier(name)))


@pytest.mark.parametrize(
    ("statement", "refusal"),
    [
        # PostgreSQL 15 and 18 word some refusals differently: "must be superuser or …" / "permission denied to …".
        ("COPY (SELECT 1) TO PROGRAM 'id > {marker}'", r"to COPY to or from an external program"),
        ("COPY (SELECT 1) TO '{marker}'", r"to COPY to a file"),
        ("SELECT pg_read_file('/etc/passwd')", r"permission denied for function pg_read_file"),
        ("SELECT pg_reload_conf()", r"permission denied for function pg_reload_conf"),
        ("SELECT pg_terminate_backend({superuser_pid})",
         r"(permission denied to terminate process|must be a member of the role whose process is being terminated|must be a superuser to terminate superuser process)"),
        ("SELECT pg_create_physical_replication_slot('ct_slot')", r"to use replication slots"),
        ("SELECT set_config('role', 'postgres', true)", r'permission denied to set role "postgres"'),
        ("SELECT lo_export(0, '{marker}')", r"permission denied for function lo_export"),
    ],
)
def test_sql_as_a_reader_cannot_reach_the_machine(
    reader_url: str, drop_reader: None, sql: psycopg.Connection, tmp_path: Path, statement: str, refusal: str
) -> None:
    marker = tmp_path / "written"
    superuser_pid = sql.execute("SELECT pg_backend_pid()").fetchone()[0]  # type: ignore[index]
    result = Invoke(reader_url)("sql", statement.format(marker=marker, superuser_pid=superuser_pid))
    assert result.exit_code == 1, result.output
    assert re.search(refusal, result.stderr), result.stderr
    assert not marker.exists()
    assert sql.execute("SELECT count(*) FROM pg_replication_slots").fetchone() == (0,)


def test_sql_as_a_reader_reads_the_tables_and_the_views(reader_url: str, drop_reader: None, sql: psycopg.Connection) -> None:
    sql.execute("INSERT INTO claim (statement, recorded_by) VALUES ('A claim', 't')")
    result = Invoke(reader_url)("sql", "SELECT statement, session_user = current_user AS same FROM claim", "--format", "csv")
    assert (result.exit_code, result.stdout) == (0, "statement,same\nA claim,True\n")
    result = Invoke(reader_url)("sql", "SELECT claims FROM reporting.claim_status_summary WHERE status = 'unverified'", "--format", "csv")
    assert (result.exit_code, result.stdout) == (0, "claims\n1\n")


def test_sql_shows_the_columns_of_a_query_that_returns_no_rows(reader_url: str, drop_reader: None) -> None:
    result = Invoke(reader_url)("sql", "SELECT id, statement FROM claim WHERE false", "--format", "csv")
    assert (result.exit_code, result.stdout) == (0, "id,statement\n")


def test_sql_streams_a_large_result_and_stops_at_the_limit(reader_url: str, drop_reader: None) -> None:
    result = Invoke(reader_url)("sql", "SELECT g FROM generate_series(1, 3000000) g", "--format", "csv", "--limit", "3")
    assert (result.exit_code, result.stdout) == (0, "g\n1\n2\n3\n")
    assert result.stderr == "sql: the first 3 rows; --limit N shows more, --limit 0 all.\n"


@pytest.mark.slow
def test_sql_writes_every_row_of_a_large_result_as_csv_without_holding_them(reader_url: str, drop_reader: None) -> None:
    import subprocess
    import sys

    # VmHWM, the peak of this process's own memory: ru_maxrss would count the parent's, from before exec.
    script = (
        "import sys; from claimtrack.cli import main; sys.argv = ['claimtrack', 'sql', "
        "'SELECT g, repeat(chr(120), 200) AS padding FROM generate_series(1, 1000000) g', '--format', 'csv', '--limit', '0'];"
        "\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
        "print([line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM')][0], file=sys.stderr)"
    )
    env = {**os.environ, "CLAIMTRACK_DATABASE_URL": reader_url}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, check=True)
    lines = done.stdout.count(b"\n")
    assert lines == 1_000_001
    peak_kb = int(done.stderr.decode().strip().splitlines()[-1])
    assert peak_kb < 150_000, f"{peak_kb} kB for 1,000,000 rows of ~210 bytes"  # held at once: > 300 MB


@pytest.mark.parametrize("timeout", ["inf", "nan", "1e308", "-1", "0", "3000000"])
def test_a_timeout_postgresql_cannot_take_is_a_usage_error(reader_url: str, drop_reader: None, timeout: str) -> None:
    result = Invoke(reader_url)("sql", "SELECT 1", "--timeout", timeout)
    assert result.exit_code == 2
    assert "Invalid value for '--timeout'" in result.stderr
    assert "is not a number of seconds above 0 and at most 2147483" in result.stderr


# --- reports as a reader -----------------------------------------------------------------------


def test_a_reader_for_bi_tools_runs_the_reports_and_is_told_what_a_filter_needs(invoke: Invoke, make_role, sql: psycopg.Connection) -> None:  # type: ignore[no-untyped-def]
    role = f"ct_sql_{os.getpid()}_{next(_names)}"
    assert invoke("db", "grant-reader", role).exit_code == 0
    try:
        as_reader = Invoke(as_login(invoke.url, role))
        result = as_reader("report", "claim_status_summary", "--format", "csv")
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("status,claims")
        result = as_reader("report", "actor_timeline", "--actor", "PRK")
        assert result.exit_code == 1
        assert result.stderr.startswith("Error: this login may not read what the report needs (permission denied for table actor)")
    finally:
        sql.execute(pgsql.SQL("DROP OWNED BY {0}; DROP ROLE {0}").format(pgsql.Identifier(role)))


# --- grant-reader ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attributes", "grant", "reason"),
    [
        ("LOGIN CREATEROLE", None, "may create roles (CREATEROLE)"),
        ("LOGIN", "GRANT pg_write_all_data TO {}", 'is a member of "pg_write_all_data", whose rights it holds'),
        ("LOGIN", "GRANT pg_execute_server_program TO {}", 'is a member of "pg_execute_server_program", whose rights it holds'),
        ("LOGIN", "GRANT postgres TO {}", 'is a member of "postgres", whose rights it holds'),
        ("LOGIN REPLICATION", None, "may start replication (REPLICATION)"),
    ],
)
def test_grant_reader_refuses_a_role_that_is_more_than_a_reader(  # type: ignore[no-untyped-def]
    invoke: Invoke, make_role, sql: psycopg.Connection, attributes: str, grant: str | None, reason: str
) -> None:
    role = make_role(attributes, *([grant] if grant else []))
    result = invoke("db", "grant-reader", role)
    assert result.exit_code == 1
    assert result.stderr.startswith(f'Error: role "{role}" {reason}: it would reach more than the reporting views')
    assert sql.execute("SELECT rolconfig FROM pg_roles WHERE rolname = %s", (role,)).fetchone() == (None,)


@pytest.mark.parametrize(
    ("password", "refusal"),
    [(b"bad\x00password\n", "the password holds a NUL character"), (b"\xff\xfe\n", "the password on standard input is not UTF-8 text")],
)
def test_grant_reader_refuses_a_password_postgresql_would_change(invoke: Invoke, sql: psycopg.Connection, password: bytes, refusal: str) -> None:
    role = f"ct_sql_{os.getpid()}_{next(_names)}"
    result = invoke.runner.invoke(
        __import__("claimtrack.cli", fromlist=["cli"]).cli, ["db", "grant-reader", role, "--password-stdin"],
        input=password, env={"CLAIMTRACK_DATABASE_URL": invoke.url, "CLAIMTRACK_DEBUG": None},
    )
    assert result.exit_code == 2
    assert refusal in result.stderr
    assert sql.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is None


# --- the history ---------------------------------------------------------------------------------


@pytest.fixture
def recorded(sql: psycopg.Connection) -> psycopg.Connection:
    sql.execute(
        "INSERT INTO claim (id, statement, recorded_by) VALUES (1, 'A claim', 't');"
        "INSERT INTO prediction (id, statement, resolve_by, resolve_by_precision, made_on, made_precision, recorded_by)"
        " VALUES (1, 'A prediction', '2030-12-31', 'year', '2024-01-01', 'day', 't')"
    )
    return sql


def history_rows(sql: psycopg.Connection) -> list[tuple[object, ...]]:
    return sql.execute(
        "SELECT claim_id, prediction_id, from_status, to_status, changed_by FROM status_history ORDER BY id"
    ).fetchall()


@pytest.fixture
def analyst(database_url: str, make_role) -> psycopg.Connection:  # type: ignore[no-untyped-def]
    """A login that may change claims and predictions, and holds no privilege on the history."""
    role = make_role(
        "LOGIN", "GRANT SELECT, UPDATE ON claim, prediction TO {}"
    )
    return psycopg.connect(_libpq(as_login(database_url, role)), autocommit=True)


def test_a_setting_cannot_switch_the_history_off_for_a_role_that_is_not_the_owner(recorded: psycopg.Connection, analyst: psycopg.Connection) -> None:
    before = len(history_rows(recorded))
    with analyst.transaction():
        analyst.execute("SET LOCAL claimtrack.importing = on")
        analyst.execute("SET LOCAL claimtrack.reason = 'quietly'")
        analyst.execute("SET LOCAL claimtrack.actor = 'someone'")
        analyst.execute("UPDATE claim SET status = 'retracted' WHERE id = 1")
        analyst.execute(
            "UPDATE prediction SET status = 'withdrawn', resolved_on = '2025-01-01', resolution_note = 'gone' WHERE id = 1"
        )
    assert history_rows(recorded)[before:] == [(1, None, "unverified", "retracted", "someone"), (None, 1, "open", "withdrawn", "someone")]


@pytest.mark.parametrize("grant", [None, "GRANT INSERT ON status_history TO {}"])
def test_no_role_can_write_a_history_row_of_its_own(recorded: psycopg.Connection, database_url: str, make_role, grant: str | None) -> None:  # type: ignore[no-untyped-def]
    role = make_role("LOGIN", *([grant] if grant else []))
    before = history_rows(recorded)
    with psycopg.connect(_libpq(as_login(database_url, role)), autocommit=True) as forger:
        with pytest.raises(errors.InsufficientPrivilege):
            with forger.transaction():
                forger.execute("SET LOCAL claimtrack.importing = on")
                forger.execute(
                    "INSERT INTO status_history (claim_id, from_status, to_status, changed_by, changed_at, effective_on)"
                    " VALUES (1, 'unverified', 'confirmed', 'editor', '2026-01-01', '2026-01-01')"
                )
    assert history_rows(recorded) == before


def test_even_the_owner_writes_history_only_through_a_status_change_or_an_import(recorded: psycopg.Connection) -> None:
    with pytest.raises(errors.InsufficientPrivilege) as refused:
        recorded.execute("INSERT INTO status_history (claim_id, from_status, to_status, changed_by) VALUES (1, 'unverified', 'confirmed', 'x')")
    assert refused.value.diag.constraint_name == "tr_status_history_by_triggers_only"
    with recorded.transaction():  # the import's fast path: the owner only
        recorded.execute("SET LOCAL claimtrack.importing = on")
        recorded.execute("INSERT INTO status_history (claim_id, from_status, to_status, changed_by) VALUES (1, NULL, 'unverified', 'import')")
    assert history_rows(recorded)[-1] == (1, None, None, "unverified", "import")


def test_a_forged_history_row_cannot_make_a_claim_confirmed_as_of_a_date(invoke: Invoke, recorded: psycopg.Connection, analyst: psycopg.Connection) -> None:
    with pytest.raises(errors.InsufficientPrivilege):
        analyst.execute(
            "INSERT INTO status_history (claim_id, from_status, to_status, changed_by) VALUES (1, 'unverified', 'confirmed', 'x')"
        )
    result = invoke("claim", "list", "--as-of", "2026-12-31", "--status", "confirmed", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "A claim" not in result.stdout
