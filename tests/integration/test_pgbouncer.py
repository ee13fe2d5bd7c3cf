"""Every command through PgBouncer in transaction mode, where each transaction may run on another
server session and a server session passes from client to client: nothing may be assumed to stay
in the session between transactions, and nothing a command leaves there may reach the next client.

The pooler holds one server connection per login (default_pool_size = 1), so that every client of a
login shares it; a command that waited on a second one would fail within query_wait_timeout. The
schema is migrated directly against the server (conftest's template database), as the owner does.
Skipped where pgbouncer is not installed (Debian: apt-get install pgbouncer).
"""

from __future__ import annotations

import itertools
import json
import os
import pwd
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from psycopg import sql as pgsql
from sqlalchemy.engine import make_url

from claimtrack import reports
from claimtrack.config import DatabaseChoice
from claimtrack.db.engine import Database
from conftest import Invoke, drop_database, fresh_database

PGBOUNCER = shutil.which("pgbouncer") or next((p for p in ("/usr/sbin/pgbouncer",) if os.access(p, os.X_OK)), None)
pytestmark = pytest.mark.skipif(PGBOUNCER is None, reason="pgbouncer is not installed (Debian: apt-get install pgbouncer)")

_names = itertools.count()
DEBT = "Russia forgave most of North Korea's debt in 2012"


@dataclass
class Pooler:
    owner: Invoke  # claimtrack as the database's owner, through the pooler
    reader: Invoke  # claimtrack as a reader (claimtrack sql refuses to run as a superuser), through the pooler
    owner_url: str
    server: psycopg.Connection  # straight to the server, past the pooler


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _pgbouncer_config(database_url: str, port: int, users: list[str], directory: Path) -> Path:
    url = make_url(database_url)
    host = str(url.query.get("host") or url.host or "localhost")
    server_port = url.query.get("port") or url.port or 5432
    (directory / "users.txt").write_text("".join(f'"{user}" ""\n' for user in users))
    settings = {
        "listen_addr": "127.0.0.1",
        "listen_port": str(port),
        "unix_socket_dir": "",
        "auth_type": "trust",
        "auth_file": str(directory / "users.txt"),
        "pool_mode": "transaction",
        "default_pool_size": "1",
        "max_client_conn": "100",
        "query_wait_timeout": "15",
        "ignore_startup_parameters": "extra_float_digits",
    }
    if os.geteuid() == 0:  # pgbouncer will not run as root: it becomes the user that may reach the server's socket
        settings["user"] = pwd.getpwuid(Path(host).stat().st_uid).pw_name if host.startswith("/") else "nobody"
    config = directory / "pgbouncer.ini"
    config.write_text(
        f"[databases]\n* = host={host} port={server_port}\n\n[pgbouncer]\n"  # any database, by the name the client gives
        + "".join(f"{key} = {value}\n" for key, value in settings.items())
    )
    return config


@pytest.fixture
def pooler(database_url: str, sql: psycopg.Connection, tmp_path: Path) -> Iterator[Pooler]:
    """pgbouncer in transaction mode in front of the test's database, and claimtrack through it."""
    assert PGBOUNCER is not None
    reader = f"pooled_reader_{os.getpid()}_{next(_names)}"
    assert Invoke(database_url)("db", "grant-reader", reader, "--tables").exit_code == 0  # directly, by the owner
    owner = str(make_url(database_url).username)
    port = _free_port()
    config = _pgbouncer_config(database_url, port, [owner, reader], tmp_path)
    log = (tmp_path / "pgbouncer.log").open("w")
    process = subprocess.Popen([PGBOUNCER, str(config)], stdout=log, stderr=subprocess.STDOUT)
    pooled = make_url(database_url).set(host="127.0.0.1", port=port, query={})
    owner_url = pooled.render_as_string(hide_password=False)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                psycopg.connect(owner_url.replace("postgresql+psycopg://", "postgresql://"), connect_timeout=2).close()
                break
            except psycopg.OperationalError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"pgbouncer did not start: {(tmp_path / 'pgbouncer.log').read_text()}") from None
                time.sleep(0.05)
        reader_url = pooled.set(username=reader, password=None).render_as_string(hide_password=False)
        yield Pooler(Invoke(owner_url), Invoke(reader_url), owner_url, sql)
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
        sql.execute(pgsql.SQL("DROP OWNED BY {0}; DROP ROLE {0}").format(pgsql.Identifier(reader)))


def ok(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def test_claims_are_added_refused_as_duplicates_listed_searched_shown_and_set_through_the_pooler(pooler: Pooler) -> None:
    run = pooler.owner
    assert ok(run("source", "add", "Finance ministry statement", "--kind", "official_statement")) == "1\n"
    assert ok(run("claim", "add", DEBT, "--source", "1", "--tag", "debt")) == "1\n"
    refused = run("claim", "add", "In 2012, russia forgave most of North Korea's debts.")
    assert refused.exit_code == 1
    assert refused.stderr.startswith(f'Error: claim 1 already says nearly the same (94% alike): "{DEBT}".')
    assert ok(run("claim", "add", "North Korea ships artillery shells to Russia by rail")) == "2\n"
    listed = json.loads(ok(run("claim", "list", "--format", "json")))
    assert sorted(claim["id"] for claim in listed) == [1, 2]
    found = json.loads(ok(run("claim", "search", "shells", "--format", "json")))
    assert [claim["id"] for claim in found] == [2]
    ok(run("claim", "set-status", "1", "confirmed", "--reason", "Treasury figures", "--evidence", "1"))
    shown = json.loads(ok(run("claim", "show", "1", "--format", "json")))
    assert (shown["status"], shown["history"][-1]["reason"]) == ("confirmed", "Treasury figures")


def test_predictions_are_added_confirmed_and_reopened_through_the_pooler(pooler: Pooler) -> None:
    run = pooler.owner
    ok(run("actor", "add", "ISW", "--kind", "organization"))
    ok(run("source", "add", "Satellite images"))
    added = run("prediction", "add", "Russia receives KN-23 missiles", "--by", "ISW", "--source", "1", "--resolve-by", "2030", "--probability", "0.6")
    assert ok(added) == "1\n"
    ok(run("prediction", "confirm", "1", "--evidence", "1", "--note", "seen"))
    ok(run("prediction", "reopen", "1", "--reason", "the images were misread"))
    shown = json.loads(ok(run("prediction", "show", "1", "--format", "json")))
    assert shown["status"] == "open"
    assert pooler.server.execute("SELECT count(*) FROM status_history WHERE prediction_id = 1").fetchone() == (3,)


def test_every_report_and_sql_answer_through_the_pooler(pooler: Pooler) -> None:
    ok(pooler.owner("claim", "add", DEBT))
    for name in reports.REPORTS:
        ok(pooler.owner("report", name, "--format", "json"))
    for _ in range(3):  # a statement prepared by name would still be in the shared server session the second time
        assert ok(pooler.reader("sql", "SELECT count(*) AS claims FROM claim", "--format", "csv")) == "claims\n1\n"
    assert ok(pooler.reader("sql", "SHOW server_version_num", "--format", "csv")).startswith("server_version_num\n")


def test_what_a_users_statement_leaves_in_the_session_reaches_no_later_client(pooler: Pooler) -> None:
    read = pooler.reader
    ok(read("sql", "SET work_mem = '77kB'"))
    assert ok(read("sql", "SHOW work_mem", "--format", "csv")) != "work_mem\n77kB\n"
    for _ in range(2):  # the second would find the first's
        ok(read("sql", "PREPARE mine AS SELECT 1"))
    ok(read("sql", "SELECT pg_advisory_lock(42)", "--format", "csv"))
    refused = read("sql", "SELECT pg_advisory_lock(43), 1 / 0")
    assert (refused.exit_code, refused.stderr) == (1, "Error: division by zero\n")
    assert pooler.server.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'").fetchone() == (0,)


def test_an_export_imports_into_another_database_through_the_pooler(
    pooler: Pooler, server_url: str, template_database: str, tmp_path: Path
) -> None:
    ok(pooler.owner("actor", "add", "North Korea", "--kind", "state", "--country", "PRK"))
    ok(pooler.owner("claim", "add", DEBT, "--actor", "PRK", "--tag", "debt"))
    exported = tmp_path / "all.json"
    ok(pooler.owner("export", "-o", str(exported)))
    other = fresh_database(server_url, template_database)  # migrated directly, as the owner does
    try:
        into = Invoke(make_url(pooler.owner_url).set(database=other).render_as_string(hide_password=False))
        dry = into("import", str(exported), "--dry-run")
        assert (dry.exit_code, dry.stdout) == (0, ""), dry.output
        ok(into("import", str(exported)))
        assert ok(into("claim", "list", "--format", "json")) == ok(pooler.owner("claim", "list", "--format", "json"))
    finally:
        drop_database(server_url, other)


def test_clients_sharing_one_server_session_repeat_statements_past_psycopgs_prepare_threshold(pooler: Pooler) -> None:
    """psycopg prepares a statement by name once it has run 5 times on a connection; two clients
    doing so on one server session would collide ("prepared statement already exists"), or find it
    missing on another. Both run the same statements in turns, each in its own transaction."""
    databases = [Database(DatabaseChoice(url=pooler.owner_url, origin="test")) for _ in range(2)]
    try:
        for turn in range(8):
            for number, database in enumerate(databases):
                with database.transaction(actor=f"analyst-{number}") as connection:
                    connection.execute("INSERT INTO tag (name) VALUES (%s)", (f"tag-{number}-{turn}",))
                    assert connection.execute("SELECT count(*) FROM tag WHERE name LIKE %s", ("tag-%",)).fetchone() == (
                        2 * turn + number + 1,
                    )
    finally:
        for database in databases:
            database.dispose()
    for command in (["claim", "add", "Several commands in a row"], ["claim", "list"], ["tag", "list"], ["report", "claim_status_summary"]):
        for _ in range(3):
            ok(pooler.owner(*command, *(["--allow-duplicate"] if command[1] == "add" else [])))


def test_a_sync_between_two_databases_runs_through_the_pooler_both_ways(
    pooler: Pooler, server_url: str, template_database: str
) -> None:
    """claimtrack sync reads one database and writes the other in one transaction each, both through
    the pooler (one server session per login, shared): nothing of one may be assumed in the other's."""
    ok(pooler.owner("seed"))
    other = fresh_database(server_url, template_database)
    try:
        other_url = make_url(pooler.owner_url).set(database=other).render_as_string(hide_password=False)
        sent = pooler.owner("sync", "--to", other_url)
        assert sent.exit_code == 0, sent.output
        assert "claims: 16 created, 0 updated, 0 unchanged, 0 conflicting" in sent.stderr
        into = Invoke(other_url)
        ok(into("claim", "set-status", "1", "confirmed", "--reason", "Treasury figures", "--evidence", "1"))
        brought = pooler.owner("sync", "--from", other_url)
        assert brought.exit_code == 0, brought.output
        assert "claims: 0 created, 1 updated, 15 unchanged, 0 conflicting" in brought.stderr
        assert json.loads(ok(pooler.owner("claim", "show", "1", "--format", "json")))["status"] == "confirmed"
        again = pooler.owner("sync", "--to", other_url)
        assert "claims: 0 created, 0 updated, 16 unchanged, 0 conflicting" in again.stderr, again.stderr
    finally:
        drop_database(server_url, other)
