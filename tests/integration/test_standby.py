"""Reading from a hot standby: a primary and a streaming standby built from PostgreSQL's own
binaries (initdb, pg_basebackup -R, unix sockets only). What is written on the primary is read on
the standby by list, show, search, reports and sql; a write or a migration there is refused with
the primary named. Slow (two new clusters); skipped where no PostgreSQL binaries are installed."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from conftest import Invoke

pytestmark = pytest.mark.slow

BINARIES = [Path(p) for p in (os.environ.get("CLAIMTRACK_PG_BIN", ""), "/usr/lib/postgresql/15/bin") if p]


def _binaries() -> Path | None:
    for candidate in BINARIES:
        if (candidate / "initdb").exists() and (candidate / "pg_basebackup").exists():
            return candidate
    return None


def _as_server_user(arguments: list[str]) -> None:
    """Run a PostgreSQL program; as root, as the postgres user (initdb refuses root)."""
    if os.geteuid() == 0:
        arguments = ["runuser", "-u", "postgres", "--", *arguments]
    subprocess.run(arguments, check=True, capture_output=True, timeout=120)


@dataclass
class Pair:
    directory: Path
    primary_port: int
    standby_port: int

    def url(self, port: int, user: str = "postgres", database: str = "claimtrack") -> str:
        return f"postgresql+psycopg://{user}@/{database}?host={self.directory}&port={port}"


@pytest.fixture(scope="module")
def pair() -> Iterator[Pair]:
    binaries = _binaries()
    if binaries is None:
        pytest.skip(f"no PostgreSQL binaries with pg_basebackup in {', '.join(map(str, BINARIES))}")
    if os.geteuid() == 0:
        try:
            server_user = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no postgres user to run the servers as")
    directory = Path(tempfile.mkdtemp(prefix="claimtrack-standby-"))
    directory.chmod(0o755)
    if os.geteuid() == 0:
        os.chown(directory, server_user.pw_uid, server_user.pw_gid)
    base = 20000 + os.getpid() % 20000
    found = Pair(directory, base, base + 1)
    primary, standby = directory / "primary", directory / "standby"
    try:
        _as_server_user([str(binaries / "initdb"), "-D", str(primary), "-U", "postgres", "--auth=trust", "-E", "UTF8"])
        settings = f"-c listen_addresses='' -k {directory} -c fsync=off"
        _as_server_user([str(binaries / "pg_ctl"), "-D", str(primary), "-w", "-l", str(directory / "primary.log"),
                         "-o", f"{settings} -p {found.primary_port}", "start"])
        with psycopg.connect(found.url(found.primary_port, database="postgres").replace("+psycopg", ""), autocommit=True) as admin:
            admin.execute("CREATE DATABASE claimtrack")
        _as_server_user([str(binaries / "pg_basebackup"), "-D", str(standby), "-R", "--checkpoint=fast", "-h", str(directory),
                         "-p", str(found.primary_port), "-U", "postgres"])
        _as_server_user([str(binaries / "pg_ctl"), "-D", str(standby), "-w", "-l", str(directory / "standby.log"),
                         "-o", f"{settings} -p {found.standby_port}", "start"])
        yield found
    finally:
        for data in (standby, primary):
            if (data / "postmaster.pid").exists():
                _as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"])
        shutil.rmtree(directory, ignore_errors=True)


def _wait_for(pair: Pair, query: str, expected: object) -> None:
    deadline = time.monotonic() + 30
    with psycopg.connect(pair.url(pair.standby_port).replace("+psycopg", ""), autocommit=True) as standby:
        while True:
            try:
                if standby.execute(query).fetchone() == expected:
                    return
            except psycopg.errors.UndefinedTable:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"the standby did not replay {query!r} within 30 s")
            time.sleep(0.1)


def test_what_is_written_on_the_primary_is_read_on_the_standby(pair: Pair) -> None:
    on_primary = Invoke(pair.url(pair.primary_port))
    result = on_primary("claim", "add", "North Korea ships shells to Russia", "--tag", "arms")
    assert result.exit_code == 0, result.output
    assert on_primary("db", "grant-reader", "standby_reader", "--tables").exit_code == 0
    _wait_for(pair, "SELECT count(*) FROM claim", (1,))
    _wait_for(pair, "SELECT count(*) FROM pg_roles WHERE rolname = 'standby_reader'", (1,))

    on_standby = Invoke(pair.url(pair.standby_port))
    result = on_standby("claim", "list", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "North Korea ships shells to Russia" in result.stdout
    assert on_standby("claim", "show", "1", "--format", "json").exit_code == 0
    assert "North Korea ships" in on_standby("claim", "search", "shells", "--format", "csv").stdout
    result = on_standby("report", "claim_status_summary", "--format", "csv")
    assert (result.exit_code, "unverified,1" in result.stdout) == (0, True), result.output
    result = Invoke(pair.url(pair.standby_port, user="standby_reader"))("sql", "SELECT count(*) AS claims FROM claim", "--format", "csv")
    assert (result.exit_code, result.stdout) == (0, "claims\n1\n")


def test_a_write_on_the_standby_is_refused_and_names_the_primary(pair: Pair) -> None:
    on_primary = Invoke(pair.url(pair.primary_port))
    assert on_primary("claim", "list").exit_code == 0  # migrated
    _wait_for(pair, "SELECT count(*) > 0 FROM alembic_version", (True,))
    on_standby = Invoke(pair.url(pair.standby_port))
    result = on_standby("claim", "add", "Written on the standby")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: the database at {pair.url(pair.standby_port).replace('postgresql+psycopg', 'postgresql+psycopg')} is a read-only hot "
        f"standby (its primary: {pair.directory}:{pair.primary_port}): nothing was written."
    ), result.stderr
    result = on_standby("db", "upgrade")
    assert result.exit_code == 1
    assert "is a read-only hot standby" in result.stderr and "cannot be migrated" in result.stderr
