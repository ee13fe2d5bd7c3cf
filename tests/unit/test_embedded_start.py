"""Starting the embedded server when postmaster.pid says something other than "ready": a command
waits for a server that is starting (another command's start, or recovery after an unclean stop),
saying so; forgets a pid file whose pid is a zombie or another program; and fails at once, saying
why, where waiting cannot help.

postmaster.pid is written here by hand (line 1 the pid, 4 the port, 5 the socket directory, 8 the
status, as PostgreSQL writes them) for a stand-in process named `postgres` (a copy of sleep); the
tests/cli end-to-end test kills a real server.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimtrack.db import embedded
from claimtrack.errors import DatabaseUnavailable

WAITING = (
    "claimtrack: waiting for the embedded PostgreSQL to finish starting (after an unclean stop it first "
    "replays its log) …\n"
)


def write_pid_file(home: Path, pid: int, status: str) -> Path:
    data = embedded.data_directory(home)
    data.mkdir(parents=True, exist_ok=True)
    lines = [str(pid), str(data), "1764288000", "5432", str(data), "", "  1234567   2", f"{status:<8}"]
    (data / "postmaster.pid").write_text("\n".join(lines) + "\n")
    (data / ".s.PGSQL.5432.lock").write_text(f"{pid}\n{data}\n")
    return data


@pytest.fixture
def postgres(tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A process the system calls `postgres`, for 30 seconds."""
    executable = tmp_path / "bin" / "postgres"
    executable.parent.mkdir()
    shutil.copy(shutil.which("sleep") or "/bin/sleep", executable)
    process = subprocess.Popen([str(executable), "30"])
    yield process
    process.kill()
    process.wait()


def test_a_starting_server_is_waited_for_until_it_is_ready(
    tmp_path: Path, postgres: subprocess.Popen[bytes], capsys: pytest.CaptureFixture[str]
) -> None:
    data = write_pid_file(tmp_path, postgres.pid, "starting")
    assert embedded.running_server(tmp_path) is None

    def recovered() -> None:
        time.sleep(0.5)
        write_pid_file(tmp_path, postgres.pid, "ready")
        (data / ".s.PGSQL.5432").touch()

    threading.Thread(target=recovered).start()
    started = time.monotonic()
    server = embedded.ensure_running(tmp_path)
    assert time.monotonic() - started >= 0.4
    assert (server.pid, server.socket_dir, server.port) == (postgres.pid, data, 5432)
    assert capsys.readouterr().err == WAITING


def test_a_server_that_dies_while_starting_is_reported(tmp_path: Path, postgres: subprocess.Popen[bytes]) -> None:
    write_pid_file(tmp_path, postgres.pid, "starting")
    threading.Timer(0.5, postgres.kill).start()
    threading.Timer(0.6, postgres.wait).start()  # reaped, so its pid is gone
    with pytest.raises(DatabaseUnavailable, match=r"under .* did not become ready \(it stopped\); see .*pgdata/log\.$"):
        embedded.ensure_running(tmp_path)


def test_a_server_that_stays_unready_is_given_up_on_after_the_timeout(tmp_path: Path, postgres: subprocess.Popen[bytes]) -> None:
    write_pid_file(tmp_path, postgres.pid, "starting")
    with pytest.raises(DatabaseUnavailable, match=r"was not ready after 0.3 s \(status: starting\); see .*pgdata/log\.$"):
        embedded._wait_until_ready(tmp_path, timeout=0.3)


def test_a_running_server_without_its_socket_is_reported_at_once(tmp_path: Path, postgres: subprocess.Popen[bytes]) -> None:
    data = write_pid_file(tmp_path, postgres.pid, "ready")
    started = time.monotonic()
    with pytest.raises(DatabaseUnavailable) as refused:
        embedded.ensure_running(tmp_path)
    assert time.monotonic() - started < 5
    assert str(refused.value) == (
        f"the embedded PostgreSQL under {tmp_path} is running (status: ready) but its socket {data}/.s.PGSQL.5432 "
        "is missing; stop it (claimtrack db stop) and run the command again."
    )


def test_a_pid_file_naming_another_program_or_a_zombie_is_forgotten(tmp_path: Path, postgres: subprocess.Popen[bytes]) -> None:
    data = write_pid_file(tmp_path, os.getpid(), "ready")  # after a reboot the pid is this test's
    (data / ".s.PGSQL.5432").touch()
    assert embedded.running_server(tmp_path) is None
    embedded._forget_dead_postmaster(tmp_path)
    assert not (data / "postmaster.pid").exists() and not (data / ".s.PGSQL.5432.lock").exists()

    write_pid_file(tmp_path, postgres.pid, "ready")  # a live postgres: kept
    embedded._forget_dead_postmaster(tmp_path)
    assert (data / "postmaster.pid").exists() and (data / ".s.PGSQL.5432.lock").exists()

    postgres.kill()  # not reaped: a zombie
    time.sleep(0.2)
    assert embedded._is_postgres(postgres.pid) is False
    embedded._forget_dead_postmaster(tmp_path)
    assert not (data / "postmaster.pid").exists() and not (data / ".s.PGSQL.5432.lock").exists()
