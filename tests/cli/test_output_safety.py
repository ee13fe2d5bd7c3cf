"""Output that cannot attack its reader: no password in what is printed, no spreadsheet formula in
a CSV cell, no terminal control sequence in a table, and a reader that stops early (| head) ends
every format the same way."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from decimal import Decimal

import click
import psycopg
import pytest
from click.testing import CliRunner, Result

from claimtrack.cli import cli
from claimtrack.cli.errors import CommandError
from claimtrack.cli.output import Record, Rows, escape_controls, neutralise_formula, render

# --- passwords --------------------------------------------------------------------------------

PASSWORD = "Xs3cret pw@42"


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://postgres@/postgres?host=/nonexistent&password=Xs3cret%20pw%4042",
        "postgresql://postgres@/postgres?host=/nonexistent&password=Xs3cret pw@42",
        "postgres://alice:Xs3cret%20pw%4042@/claims?host=/nonexistent",
        "postgresql+psycopg://alice:Xs3cret pw@42@/claims?host=/nonexistent",
        "host=/nonexistent password='Xs3cret pw@42' dbname=claims",
    ],
)
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_db_status_on_an_unreachable_server_names_it_without_its_password(url: str, fmt: str) -> None:
    result = CliRunner().invoke(cli, ["--database-url", url, "db", "status", "--format", fmt], env={"CLAIMTRACK_DEBUG": None})
    # A keyword/value connection string is no URL: refused as a bad value (exit 2), its password hidden all the same.
    assert result.exit_code == (1 if url.startswith("postgres") else 2), result.output
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    for shown in (PASSWORD, "Xs3cret%20pw%4042", "Xs3cret", "pw@42"):
        assert shown not in result.stderr


def test_an_error_hides_the_configured_password_however_a_server_echoes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    echoed = f"server says: password Xs3cret%20pw%4042 or '{PASSWORD}' refused; no host \"Xs3cret pw\""
    with click.Context(cli) as context:
        context.params["database_url"] = "postgresql://alice:Xs3cret%20pw%4042@/claims?host=/nonexistent"
        assert CommandError(echoed).message == "server says: password *** or '***' refused; no host \"***\""
    monkeypatch.setenv("DATABASE_URL", f"postgresql://alice:{PASSWORD}@/claims?host=/nonexistent")
    assert CommandError(echoed).message == "server says: password *** or '***' refused; no host \"***\""


def test_db_status_shows_the_database_with_its_password_hidden(database_url: str) -> None:
    url = database_url + "&password=" + "Xs3cret%20pw%4042"  # the test server trusts its socket
    runner = CliRunner()
    shown = runner.invoke(cli, ["--database-url", url, "db", "status", "--format", "json"], catch_exceptions=False)
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["database"] == database_url + "&password=***"
    table = runner.invoke(cli, ["--database-url", url, "db", "status"], env={"COLUMNS": "300"}, catch_exceptions=False)
    assert table.exit_code == 0, table.output
    assert "password=***" in table.stdout
    assert "Xs3cret" not in shown.output + table.output


# --- spreadsheet formulas in CSV ---------------------------------------------------------------

FORMULA = "=cmd|' /C calc'!A0"


def csv_rows(result: Result) -> list[list[str]]:
    assert result.exit_code == 0, result.output
    return list(csv.reader(io.StringIO(result.stdout)))


def test_a_claim_that_is_a_formula_is_written_as_text_by_every_csv_output(invoke, sql: psycopg.Connection) -> None:  # type: ignore[no-untyped-def]
    claim_id = invoke("claim", "add", FORMULA).stdout.strip()
    listed = csv_rows(invoke("claim", "list", "--format", "csv"))
    assert listed[1][listed[0].index("statement")] == "'" + FORMULA
    shown = csv_rows(invoke("claim", "show", claim_id, "--format", "csv"))
    assert shown[1][shown[0].index("statement")] == "'" + FORMULA
    # JSON, and the export (to be imported again), keep the value exact.
    assert json.loads(invoke("claim", "show", claim_id, "--format", "json").stdout)["statement"] == FORMULA
    exported = invoke("export")
    assert exported.exit_code == 0, exported.output
    assert json.dumps(FORMULA)[1:-1] in exported.stdout and "'" + FORMULA not in exported.stdout


def test_csv_cells_that_a_spreadsheet_would_run_are_prefixed_and_numbers_stay_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    values = ["=1+1", "+1", "-1 shells", "@SUM(A1)", "\tTab", "\rReturn", "plain", "'quoted", "", None,
              -0.5, Decimal("-1.25"), -3, True, ["=a", "b"]]
    render(Rows(["=col", "value"], [[i, v] for i, v in enumerate(values)]), "csv")
    written = list(csv.reader(io.StringIO(capsys.readouterr().out, newline="")))
    assert written[0] == ["'=col", "value"]
    assert [row[1] for row in written[1:]] == [
        "'=1+1", "'+1", "'-1 shells", "'@SUM(A1)", "'\tTab", "'\rReturn", "plain", "'quoted", "", "",
        "-0.5", "-1.25", "-3", "True", "'=a;b",
    ]
    assert neutralise_formula(-0.5) == -0.5 and neutralise_formula("-0.5") == "'-0.5"


def test_a_carriage_return_inside_a_csv_cell_is_quoted_so_it_cannot_start_a_row(capsys: pytest.CaptureFixture[str]) -> None:
    render(Rows(["statement", "n"], [["one\rtwo", 1], ["three\nfour", 2]]), "csv")
    assert capsys.readouterr().out == 'statement,n\n"one\rtwo",1\n"three\nfour",2\n'


# --- terminal control sequences in tables -----------------------------------------------------

HOSTILE = "Screen \x1b[2J cleared, bell \x07 rung, \x9b31m C1, \u202eright-to-left\r over"


def wide(database_url: str, *args: str) -> Result:
    env = {"CLAIMTRACK_DATABASE_URL": database_url, "CLAIMTRACK_USER": "tester", "COLUMNS": "400", "CLAIMTRACK_DEBUG": None}
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def test_control_characters_in_a_claim_are_shown_escaped_in_tables_and_markdown(database_url: str, sql: psycopg.Connection) -> None:
    sql.execute("INSERT INTO claim (statement, recorded_by) VALUES (%s, 'tester')", (HOSTILE,))
    escaped = "Screen \\x1b[2J cleared, bell \\x07 rung, \\x9b31m C1, \\u202eright-to-left\\r over"
    for args in (["claim", "list"], ["claim", "show", "1"], ["claim", "list", "--format", "markdown"],
                 ["claim", "show", "1", "--format", "markdown"], ["claim", "list", "--format", "expanded"],
                 ["claim", "list", "--format", "tsv"], ["claim", "show", "1", "--format", "tsv"]):
        shown = wide(database_url, *args).stdout
        for raw in ("\x1b", "\x07", "\x9b", "\u202e", "\r"):
            assert raw not in shown, (args, shown)
        assert escaped in shown, (args, shown)
    # json and csv keep the value exact; json as \u escapes, so that it too is safe on a terminal
    shown_json = wide(database_url, "claim", "show", "1", "--format", "json").stdout
    assert json.loads(shown_json)["statement"] == HOSTILE
    assert not any(raw in shown_json for raw in ("\x1b", "\x07", "\x9b", "\u202e", "\r"))
    listed = list(csv.reader(io.StringIO(wide(database_url, "claim", "list", "--format", "csv").stdout)))
    assert listed[1][listed[0].index("statement")] == HOSTILE


def test_a_title_from_user_text_is_escaped_too(database_url: str) -> None:
    result = wide(database_url, "claim", "search", "tunnel\x1b]0;owned\x07")
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert result.stderr == "claims matching tunnel\\x1b]0;owned\\x07: no rows\n"


def test_escape_controls_keeps_line_breaks_and_printable_text() -> None:
    assert escape_controls("one\ntwo\tthree\x00\x7f\u2028 é 漢 [b]") == "one\ntwo\\tthree\\x00\\x7f\\u2028 é 漢 [b]"
    record = Record({"statement": "a\x1bb"}, {"history": Rows(["why\x1b"], [["c\x1bd"]])}, title="claim \x1b1")
    for fmt in ("table", "markdown"):
        runner = CliRunner()
        with runner.isolation() as (out, _, _):
            render(record, fmt)
        assert b"\x1b" not in out.getvalue() and b"a\\x1bb" in out.getvalue()


# --- a reader that stops early -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown", "table", "expanded", "tsv"])
def test_a_reader_that_reads_a_little_then_stops_ends_the_command_quietly(database_url: str, fmt: str) -> None:
    """`claimtrack … | head -c100` on an output far larger than a pipe holds: status 141 (128 +
    SIGPIPE) and no `Error:` line, in every format. JSON was written in one call, whose lost tail
    Python did not report: it ended with status 0."""
    with psycopg.connect(database_url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as connection:
        connection.execute(
            "INSERT INTO claim (statement, recorded_by) "
            "SELECT 'Shipment number ' || n || ' crossed the Tumen river bridge', 'tester' FROM generate_series(1, 3000) AS n"
        )
    env = {**os.environ, "CLAIMTRACK_DATABASE_URL": database_url, "CLAIMTRACK_USER": "tester"}
    env.pop("CLAIMTRACK_DEBUG", None)
    command = subprocess.Popen(
        [sys.executable, "-c", "from claimtrack.cli import main; main()", "claim", "list", "--limit", "3000", "--format", fmt],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )
    assert command.stdout is not None and command.stderr is not None
    assert len(command.stdout.read(100)) == 100
    command.stdout.close()  # as head -c100 does
    stderr = command.stderr.read()
    assert (command.wait(timeout=60), stderr.decode()) == (141, "")
