"""What claimtrack imports to start: --help lists the commands from cli.COMMANDS without importing
them, and the everyday commands run on psycopg alone (no SQLAlchemy, no alembic)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import click
import psycopg
import pytest
from click.testing import CliRunner

from claimtrack.cli import COMMANDS, ClaimtrackGroup, cli
from claimtrack.cli.errors import translate
from claimtrack.db import HEAD_REVISION


def test_each_command_s_one_line_help_in_the_table_is_the_command_s_own() -> None:
    ctx = click.Context(cli)
    for name, (_, short_help) in COMMANDS.items():
        command = cli.get_command(ctx, name)
        assert command is not None, name
        assert command.get_short_help_str(limit=10**6) == short_help, f"COMMANDS[{name!r}] drifted from its docstring"


@pytest.mark.parametrize("width", [40, 80, 120])
def test_the_help_listing_is_the_one_click_would_print_from_the_commands_themselves(width: int) -> None:
    ctx = click.Context(cli, terminal_width=width)
    ours, clicks = click.HelpFormatter(width=width), click.HelpFormatter(width=width)
    cli.format_commands(ctx, ours)
    super(ClaimtrackGroup, cli).format_commands(ctx, clicks)
    assert ours.getvalue() == clicks.getvalue()


# The everyday commands, in an order that works on an empty database: each must leave SQLAlchemy
# and alembic unloaded.
EVERYDAY = [
    ["actor", "add", "North Korea", "--kind", "state", "--country", "PRK"],
    ["source", "add", "A report", "--url", "https://example.org/report"],
    ["claim", "add", "North Korea ships shells to Russia", "--actor", "PRK", "--source", "1"],
    ["claim", "cite", "1", "--source", "https://example.org/other", "--stance", "supports"],
    ["claim", "set-status", "1", "confirmed", "--reason", "seen", "--evidence", "1"],
    ["prediction", "add", "More shells follow", "--resolve-by", "2030", "--by", "PRK", "--made", "2024"],
    ["prediction", "add", "Shells were due", "--resolve-by", "2025-01", "--made", "2024"],
    ["prediction", "confirm", "1", "--evidence", "1"],
    ["prediction", "reopen", "1", "--reason", "retracted"],
    ["prediction", "refute", "1", "--evidence", "https://example.org/denial"],
    ["prediction", "reopen", "1", "--reason", "again"],
    ["prediction", "annul", "1", "--as", "withdrawn", "--note", "taken back"],
    ["prediction", "list", "--overdue"],
    ["prediction", "list", "--overdue", "--format", "json"],
    ["claim", "show", "1", "--format", "json"],
]

PROBE = """
import json, sys
from claimtrack.cli import cli
for args in json.loads(sys.argv[1]):
    try:
        cli(args, prog_name="claimtrack")
    except SystemExit as done:
        if done.code:
            sys.exit(f"claimtrack {' '.join(args)} exited with {done.code}")
    loaded = [name for name in ("sqlalchemy", "alembic") if name in sys.modules]
    if loaded:
        sys.exit(f"claimtrack {' '.join(args)} imported {', '.join(loaded)}")
    print("ok", *args, file=sys.stderr)
"""


def test_the_everyday_commands_import_neither_sqlalchemy_nor_alembic(database_url: str) -> None:
    env = {**os.environ, "CLAIMTRACK_DATABASE_URL": database_url, "CLAIMTRACK_USER": "tester"}
    env.pop("CLAIMTRACK_DEBUG", None)
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(EVERYDAY)], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("ok ") == len(EVERYDAY)
    assert "Shells were due" in done.stdout  # the overdue one is listed


def test_json_csv_and_markdown_lists_do_not_import_rich(database_url: str) -> None:
    probe = (
        "import sys\nfrom claimtrack.cli import cli\n"
        "for fmt in ('json', 'csv', 'markdown'):\n"
        "    try:\n        cli(['prediction', 'list', '--format', fmt])\n"
        "    except SystemExit as done:\n        assert not done.code, done.code\n"
        "assert 'rich' not in sys.modules\n"
    )
    env = {**os.environ, "CLAIMTRACK_DATABASE_URL": database_url, "CLAIMTRACK_USER": "tester"}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr


def test_an_everyday_command_on_an_empty_database_creates_the_schema_first(empty_database_url: str) -> None:
    env = {"CLAIMTRACK_DATABASE_URL": empty_database_url, "CLAIMTRACK_USER": "tester", "DATABASE_URL": None, "CLAIMTRACK_DEBUG": None}
    added = CliRunner().invoke(cli, ["claim", "add", "Russia forgave most of North Korea's debt"], env=env)
    assert (added.exit_code, added.stdout, added.stderr) == (0, "1\n", "")
    status = CliRunner().invoke(cli, ["db", "status", "--format", "json"], env=env)
    assert json.loads(status.stdout)["schema revision"] == HEAD_REVISION


def test_an_everyday_command_on_a_database_at_another_revision_asks_for_db_upgrade(invoke, sql: psycopg.Connection) -> None:  # type: ignore[no-untyped-def]
    sql.execute("UPDATE alembic_version SET version_num = '20200101_0000'")
    result = invoke("claim", "add", "Russia forgave most of North Korea's debt")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the database at postgresql+psycopg://")
    assert result.stderr.endswith(f"is at schema revision 20200101_0000, this claimtrack needs {HEAD_REVISION}; run: claimtrack db upgrade\n")


def test_an_everyday_command_on_an_unreachable_server_names_it_without_its_password() -> None:
    url = "postgresql://alice:hunter2@127.0.0.1:1/nowhere"
    result = CliRunner().invoke(cli, ["--database-url", url, "claim", "add", "Anything at all"])
    assert result.exit_code == 1
    assert "hunter2" not in result.output
    assert result.stderr.startswith("Error: cannot use the database at postgresql+psycopg://alice:***@127.0.0.1:1/nowhere: ")
    assert result.stderr.endswith("Check the URL (--database-url, CLAIMTRACK_DATABASE_URL) and that the server is running.\n")


def test_a_database_refusal_reads_the_same_raised_by_psycopg_or_wrapped_by_sqlalchemy(sql: psycopg.Connection) -> None:
    from sqlalchemy.exc import DBAPIError

    sql.execute("INSERT INTO actor (name, kind) VALUES ('Russia', 'state')")
    with pytest.raises(psycopg.errors.UniqueViolation) as named:
        sql.execute("INSERT INTO actor (name, kind) VALUES ('RUSSIA', 'state')")
    with pytest.raises(psycopg.errors.CheckViolation) as unnamed:
        sql.execute("INSERT INTO actor (name, kind) VALUES ('Nobody', 'planet')")
    for error, expected in [
        (named.value, "an actor with that name already exists; see: claimtrack actor list; nothing was written."),
        (unnamed.value, 'the database refused this (ck_actor_kind): new row for relation "actor" violates check constraint '
                        '"ck_actor_kind"; nothing was written.'),
        (psycopg.OperationalError("server closed the connection unexpectedly\n\tThis probably means…"),
         "the database is unreachable or failed: server closed the connection unexpectedly"),
    ]:
        assert translate(error).message == expected
        assert translate(DBAPIError("INSERT …", {}, error)).message == expected


@pytest.mark.parametrize(("rows", "fmt"), [(3000, "csv"), (40, "csv"), (40, "json"), (40, "markdown"), (40, "table")])
def test_a_reader_that_stops_early_ends_the_command_quietly(database_url: str, rows: int, fmt: str) -> None:
    """`claimtrack … | head`: the pipe closes before the listing is written, in any format. No
    `Error:` line; the status a shell gives a tool its reader stopped (128 + SIGPIPE)."""
    with psycopg.connect(database_url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as connection:
        connection.execute(
            "INSERT INTO claim (statement, recorded_by) "
            "SELECT 'Shipment number ' || n || ' crossed the Tumen river bridge', 'tester' FROM generate_series(1, %s) AS n",
            (rows,),
        )
    env = {**os.environ, "CLAIMTRACK_DATABASE_URL": database_url, "CLAIMTRACK_USER": "tester"}
    env.pop("CLAIMTRACK_DEBUG", None)
    read, write = os.pipe()
    command = subprocess.Popen(
        [sys.executable, "-c", "from claimtrack.cli import main; main()", "claim", "list", "--limit", str(rows), "--format", fmt],
        stdout=write, stderr=subprocess.PIPE, env=env,
    )
    os.close(write)
    os.close(read)  # before the command has written anything: it takes a while to connect
    _, stderr = command.communicate(timeout=60)
    assert (command.returncode, stderr.decode()) == (141, "")
