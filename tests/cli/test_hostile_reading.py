"""Hostile values for the commands that read and administer (report, sql, db, export): whatever
is given, the answer is data or one `Error:` line with exit 1 or 2; never a traceback, never an
"unexpected" error, and nothing written. The commands here only read, so every example runs on
the same database and starts from the same state."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import psycopg
import pytest
from hypothesis import given, settings, strategies as st
from psycopg import sql as pgsql
from sqlalchemy.engine import make_url

from claimtrack import reports
from conftest import Invoke, _with_database, drop_database, fresh_database

_names = itertools.count()

HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from([
        "", " ", "-", "--", "-1", "0", "1e308", "nan", "inf", "-inf", "9" * 30, "9223372036854775807", "2932000",
        "9999-12-31", "0000-01-01", "2024-02-30", "+99999999d", "\x00", "\ud800", "\x1b[2J", "'; DROP TABLE claim; --",
        "%s", ":actor", "{0}", "a" * 5000, "Ω≈ç√", "\u202e", "NULL",
    ]),
)


def _clean(text: str) -> str:
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _assert_sane(result: object, *args: str) -> None:
    exit_code = getattr(result, "exit_code")
    output = getattr(result, "output")
    assert exit_code in (0, 1, 2), (args, exit_code, output)
    assert "Traceback" not in output, (args, output)
    assert "Error: unexpected " not in output, (args, output)  # claimtrack's words for an error it did not foresee
    if exit_code:
        assert getattr(result, "stderr").startswith(("Error:", "Usage:")), (args, output)


@pytest.fixture(scope="module")
def reader_world(server_url: str, template_database: str) -> Iterator[tuple[Invoke, Invoke, str]]:
    """A database with a little of everything, and claimtrack as its owner and as a reader."""

    name = fresh_database(server_url, template_database)
    url = _with_database(server_url, name)
    owner = Invoke(url)
    for args in (
        ("actor", "add", "North Korea", "--kind", "state", "--country", "PRK"),
        ("actor", "add", "Russia", "--kind", "state", "--country", "RUS"),
        ("claim", "add", "=cmd|' /C calc'!A0 North Korea ships shells", "--actor", "PRK", "--actor", "RUS:target", "--tag", "arms"),
        ("prediction", "add", "More shells", "--resolve-by", "2030", "--probability", "0.7", "--by", "PRK", "--tag", "arms"),
    ):
        assert owner(*args).exit_code == 0
    role = f"ct_hostile_{os.getpid()}_{next(_names)}"
    assert owner("db", "grant-reader", role, "--tables").exit_code == 0
    reader = Invoke(make_url(url).set(username=role, password=None).render_as_string(hide_password=False))
    yield owner, reader, url
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as admin:
        admin.execute(pgsql.SQL("DROP OWNED BY {0}; DROP ROLE {0}").format(pgsql.Identifier(role)))
    drop_database(server_url, name)


def _counts(url: str) -> tuple[int, ...]:
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as connection:
        row = connection.execute(
            "SELECT (SELECT count(*) FROM claim), (SELECT count(*) FROM prediction), (SELECT count(*) FROM actor),"
            " (SELECT count(*) FROM status_history), (SELECT count(*) FROM pg_roles)"
        ).fetchone()
    assert row is not None
    return tuple(row)


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(report=st.sampled_from(sorted(reports.REPORTS)), option=st.sampled_from(["--actor", "--tag", "--since", "--limit"]), value=HOSTILE_TEXT)
def test_reports_take_any_filter_value(reader_world, report: str, option: str, value: str) -> None:  # type: ignore[no-untyped-def]
    owner, reader, url = reader_world
    before = _counts(url)
    for who in (owner, reader):
        result = who("report", report, option, _clean(value), "--format", "csv")
        _assert_sane(result, report, option, value)
    assert _counts(url) == before


@pytest.mark.slow
@settings(max_examples=80, deadline=None)
@given(query=HOSTILE_TEXT, timeout=st.one_of(st.none(), HOSTILE_TEXT), limit=st.one_of(st.none(), HOSTILE_TEXT))
def test_sql_takes_any_query_timeout_and_limit(reader_world, query: str, timeout: str | None, limit: str | None) -> None:  # type: ignore[no-untyped-def]
    _, reader, url = reader_world
    before = _counts(url)
    args = ["sql", _clean(query) or " ", "--format", "csv"]
    if timeout is not None:
        args += ["--timeout", _clean(timeout)]
    if limit is not None:
        args += ["--limit", _clean(limit)]
    _assert_sane(reader(*args), *args)
    assert _counts(url) == before


@pytest.mark.parametrize(
    "query",
    [
        "SELECT 1; DELETE FROM claim", "COMMIT", "BEGIN", "ROLLBACK; DELETE FROM claim", "COPY claim TO STDOUT",
        "SELECT repeat('x', 10000000)", "SELECT 1/0", "SELECT '\\x'::bytea", "EXPLAIN ANALYZE SELECT 1",
        "SELECT pg_sleep(0.01)", "SHOW ALL", "LISTEN x", "SET ROLE NONE", "RESET ALL", "DISCARD ALL",
        "PREPARE p AS SELECT 1", "DEALLOCATE ALL", "VACUUM", "CHECKPOINT", "SELECT * FROM generate_series(1, 100000)",
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r LIMIT 5",
        "SELECT set_config('claimtrack.importing', 'on', false)", "SELECT query_to_xml('select 1', true, false, '')",
    ],
)
def test_sql_statements_that_try_the_edges(reader_world, query: str) -> None:  # type: ignore[no-untyped-def]
    _, reader, url = reader_world
    before = _counts(url)
    _assert_sane(reader("sql", query, "--format", "csv", "--timeout", "5"), query)
    assert _counts(url) == before


@settings(max_examples=40, deadline=None)
@given(role=HOSTILE_TEXT, timeout=st.one_of(st.none(), HOSTILE_TEXT), password=st.one_of(st.none(), st.binary(max_size=40)))
def test_db_role_commands_take_any_name_timeout_and_password(reader_world, role: str, timeout: str | None, password: bytes | None) -> None:  # type: ignore[no-untyped-def]
    owner, _, url = reader_world
    before = _counts(url)
    # A role name that is a valid identifier would create a role: those are asked of revoke only.
    for command in (["db", "grant-reader"], ["db", "grant-analyst"], ["db", "revoke"]):
        args = [*command, _clean(role) or " "]
        if command[1] != "revoke" and reports.role_name_problem(_clean(role) or " ") is None:
            continue
        if timeout is not None and command[1] == "grant-reader":
            args += ["--timeout", _clean(timeout)]
        if password is not None and command[1] != "revoke":
            args += ["--password-stdin"]
        result = owner.runner.invoke(
            __import__("claimtrack.cli", fromlist=["cli"]).cli, args, input=password,
            env={"CLAIMTRACK_DATABASE_URL": url, "CLAIMTRACK_DEBUG": None},
        )
        _assert_sane(result, *args)
    assert _counts(url) == before


@settings(max_examples=40, deadline=None)
@given(url=HOSTILE_TEXT)
def test_db_status_takes_any_database_url(url: str) -> None:
    result = Invoke("postgresql://nobody@/nowhere?host=/nonexistent")("--database-url", _clean(url) or " ", "db", "status", "--format", "json")
    _assert_sane(result, url)
