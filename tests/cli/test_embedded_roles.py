"""On the embedded server nothing runs as the superuser after the cluster exists: the owner runs the
everyday commands and the migrations, the reader runs `sql` and the reports; a cluster made by an
older claimtrack (everything owned by the superuser) is handed over on first use. Each test starts
a new embedded server: slow."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner, Result

from claimtrack.cli import cli
from claimtrack.db import HEAD_REVISION, embedded

pytestmark = pytest.mark.slow


@pytest.fixture
def home() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="claimtrack-roles-"))
    yield path
    embedded.stop(path)
    shutil.rmtree(path, ignore_errors=True)


def run(home: Path, *args: str) -> Result:
    env = {"CLAIMTRACK_HOME": str(home), "CLAIMTRACK_DATABASE_URL": None, "DATABASE_URL": None, "CLAIMTRACK_USER": "tester", "CLAIMTRACK_DEBUG": None}
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def as_superuser(home: Path, database: str = embedded.DATABASE_NAME) -> psycopg.Connection:
    server = embedded.ensure_running(home)
    return psycopg.connect(server.url(database, user=embedded.SUPERUSER).replace("+psycopg", ""), autocommit=True)


def test_the_everyday_commands_run_as_the_owner_and_sql_as_the_reader(home: Path, tmp_path: Path) -> None:
    assert run(home, "claim", "add", "North Korea ships shells to Russia").exit_code == 0
    with as_superuser(home) as admin:
        logins = admin.execute(
            "SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolreplication FROM pg_roles"
            " WHERE rolname IN ('claimtrack', 'claimtrack_reader') ORDER BY 1"
        ).fetchall()
        assert logins == [("claimtrack", False, False, False, False), ("claimtrack_reader", False, False, False, False)]
        owners = admin.execute(
            "SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class"
            " WHERE relnamespace IN ('public'::regnamespace, 'reporting'::regnamespace) AND relkind IN ('r', 'v')"
        ).fetchall()
        assert owners == [("claimtrack",)]
    result = run(home, "sql", "SELECT current_user, session_user, statement FROM claim", "--format", "csv")
    assert (result.exit_code, result.stdout) == (0, "current_user,session_user,statement\nclaimtrack_reader,claimtrack_reader,North Korea ships shells to Russia\n")
    marker = tmp_path / "id.txt"
    result = run(home, "sql", f"COPY (SELECT 1) TO PROGRAM 'id > {marker}'")
    assert result.exit_code == 1
    assert "to COPY to or from an external program" in result.stderr
    assert not marker.exists()
    result = run(home, "sql", "SELECT set_config('role', 'claimtrack', true)")
    assert result.exit_code == 1
    assert 'permission denied to set role "claimtrack"' in result.stderr
    result = run(home, "report", "claim_status_summary", "--format", "csv")
    assert result.exit_code == 0 and "unverified,1" in result.stdout


def test_db_status_after_a_downgrade_shows_the_revision_and_upgrades_nothing(home: Path) -> None:
    assert run(home, "claim", "list").exit_code == 0
    assert run(home, "db", "downgrade", "20261127_0002").exit_code == 0
    for _ in range(2):
        result = run(home, "db", "status", "--format", "json")
        assert result.exit_code == 0, result.output
        assert '"schema revision": "20261127_0002"' in result.stdout
    assert run(home, "db", "upgrade").exit_code == 0


def test_a_cluster_an_older_claimtrack_made_as_the_superuser_is_handed_to_the_owner(home: Path) -> None:
    from sqlalchemy import create_engine

    from claimtrack.db import engine as db_engine

    with as_superuser(home, "postgres") as admin:
        admin.execute(f'CREATE DATABASE "{embedded.DATABASE_NAME}"')
    old = create_engine(embedded.ensure_running(home).url(user=embedded.SUPERUSER))
    with old.begin() as connection:
        db_engine.upgrade(connection, "20261127_0003")
        connection.exec_driver_sql("INSERT INTO claim (statement, recorded_by) VALUES ('Recorded before the roles', 'analyst')")
    old.dispose()

    result = run(home, "claim", "list", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "Recorded before the roles" in result.stdout
    with as_superuser(home) as admin:
        left = admin.execute(
            "SELECT c.oid::regclass::text FROM pg_class c WHERE c.relnamespace IN ('public'::regnamespace, 'reporting'::regnamespace,"
            " 'reporting_summary'::regnamespace) AND c.relkind IN ('r', 'v', 'S') AND pg_get_userbyid(c.relowner) <> 'claimtrack'"
            " AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))"
        ).fetchall()
        assert left == []
        assert admin.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD_REVISION,)
    assert run(home, "claim", "set-status", "1", "retracted", "--reason", "a test").exit_code == 0
    result = run(home, "sql", "SELECT to_status, changed_by FROM status_history ORDER BY id", "--format", "csv")
    assert result.stdout == "to_status,changed_by\nunverified,analyst\nretracted,tester\n"
