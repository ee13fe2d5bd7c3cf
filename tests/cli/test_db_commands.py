"""claimtrack db, the root group and error translation, through CliRunner."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from claimtrack.cli import cli
from claimtrack.db import HEAD_REVISION


def test_db_status_shows_the_server_revision_and_row_counts(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("db", "status", "--format", "json")
    assert result.exit_code == 0, result.output
    status = json.loads(result.stdout)
    assert status["schema revision"] == HEAD_REVISION
    assert status["embedded"] is False
    assert status["configured by"] == "CLAIMTRACK_DATABASE_URL"
    assert {"table": "claim", "rows": 0} in status["row counts"]
    assert int(status["server version"].split(".")[0]) >= 15


def test_db_status_hides_the_password_of_the_url() -> None:
    url = "postgresql://alice:hunter2@127.0.0.1:1/nowhere"
    result = CliRunner().invoke(cli, ["--database-url", url, "db", "status"])
    assert result.exit_code == 1
    assert "hunter2" not in result.output
    assert result.stderr.startswith("Error: cannot use the database at postgresql+psycopg://alice:***@127.0.0.1:1/nowhere")
    assert "Traceback" not in result.output


def test_db_downgrade_and_upgrade_move_the_revision(invoke) -> None:  # type: ignore[no-untyped-def]
    down = invoke("db", "downgrade", "base")
    assert down.exit_code == 0, down.output
    assert down.stderr == f"schema: {HEAD_REVISION} -> empty\n"
    up = invoke("db", "upgrade")
    assert up.exit_code == 0, up.output
    assert up.stderr == f"schema: empty -> {HEAD_REVISION}\n"
    again = invoke("db", "upgrade")
    assert again.stderr == f"schema: {HEAD_REVISION} (already there)\n"


def test_a_server_database_at_an_old_revision_asks_for_db_upgrade(invoke) -> None:  # type: ignore[no-untyped-def]
    invoke("db", "downgrade", "base")
    # db status shows an empty database as it is, and changes nothing…
    result = invoke("db", "status", "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stdout.count('"schema revision": null') == 1
    # …an empty database is migrated on first use by any other command…
    assert invoke("claim", "list").exit_code == 0
    assert invoke("db", "status", "--format", "json").stdout.count('"schema revision": "2026') == 1
    # …but one at an unknown revision is left alone, with the fix named.
    from sqlalchemy import create_engine

    engine = create_engine(invoke.url)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '20200101_0000'")
    engine.dispose()
    result = invoke("claim", "list")
    assert result.exit_code == 1
    assert "run: claimtrack db upgrade" in result.stderr
    result = invoke("db", "status", "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"schema revision": "20200101_0000"' in result.stdout


def test_db_status_after_a_downgrade_shows_the_old_revision_and_leaves_it(invoke) -> None:  # type: ignore[no-untyped-def]
    assert invoke("db", "downgrade", "20261127_0002").exit_code == 0
    for _ in range(2):
        result = invoke("db", "status", "--format", "json")
        assert result.exit_code == 0, result.output
        assert '"schema revision": "20261127_0002"' in result.stdout


def test_an_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["frobnicate"])
    assert result.exit_code == 2
    assert "No such command 'frobnicate'" in result.stderr


def test_help_imports_neither_sqlalchemy_nor_alembic() -> None:
    probe = (
        "import sys\n"
        "from claimtrack.cli import cli\n"
        "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
        "for name in ('sqlalchemy', 'alembic', 'psycopg', 'rich', 'yaml'):\n"
        "    assert name not in sys.modules, name\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Usage: " in done.stdout and "db" in done.stdout


def test_a_new_embedded_server_is_tuned_once_for_a_large_database(server_url: str) -> None:
    import os

    import psycopg
    import pytest

    from claimtrack.db.embedded import tuning

    if os.environ.get("CLAIMTRACK_TEST_DATABASE_URL"):
        pytest.skip("the tests run on a server claimtrack does not manage")
    with psycopg.connect(server_url.replace("postgresql+psycopg://", "postgresql://")) as connection:
        shown = connection.execute("SELECT setting::bigint * 8 / 1024 FROM pg_settings WHERE name = 'shared_buffers'").fetchone()
    assert shown is not None and f"{shown[0]}MB" == tuning()["shared_buffers"]
    assert int(tuning()["shared_buffers"].removesuffix("MB")) >= 128


def test_db_status_reads_through_psycopg_alone(database_url: str) -> None:
    probe = (
        "import sys\n"
        "from claimtrack.cli import cli\n"
        "try:\n    cli(['db', 'status', '--format', 'json'])\nexcept SystemExit as done:\n    assert done.code in (0, None), done.code\n"
        "assert 'sqlalchemy' not in sys.modules and 'alembic' not in sys.modules\n"
    )
    env = {"CLAIMTRACK_DATABASE_URL": database_url, "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    status = json.loads(done.stdout)
    assert status["schema revision"] == HEAD_REVISION
    assert {"table": "record_change", "rows": 0} in status["row counts"]
    assert "alembic_version" not in {count["table"] for count in status["row counts"]}
