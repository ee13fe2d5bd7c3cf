"""A command that finds the embedded server up but not ready (another command is starting it, or it
is replaying its log after an unclean stop) waits for it, saying so, instead of failing.

PostgreSQL's own postmaster.pid is written here by hand: line 1 the pid, 4 the port, 5 the socket
directory, 8 the status, as PostgreSQL writes them (the tests/cli end-to-end test kills a real one).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from claimtrack.db import embedded
from claimtrack.errors import DatabaseUnavailable


def write_pid_file(home: Path, pid: int, status: str) -> Path:
    data = embedded.data_directory(home)
    data.mkdir(parents=True, exist_ok=True)
    lines = [str(pid), str(data), "1764288000", "5432", str(data), "", "  1234567   2", f"{status:<8}"]
    (data / "postmaster.pid").write_text("\n".join(lines) + "\n")
    return data


def test_a_starting_server_is_waited_for_until_it_is_ready(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = write_pid_file(tmp_path, pid=os.getpid(), status="starting")
    assert embedded.running_server(tmp_path) is None

    def recovered() -> None:
        time.sleep(0.5)
        write_pid_file(tmp_path, pid=os.getpid(), status="ready")
        (data / ".s.PGSQL.5432").touch()

    threading.Thread(target=recovered).start()
    started = time.monotonic()
    server = embedded.ensure_running(tmp_path)
    assert time.monotonic() - started >= 0.4
    assert (server.socket_dir, server.port) == (data, 5432)
    assert capsys.readouterr().err == (
        "claimtrack: waiting for the embedded PostgreSQL to finish starting (after an unclean stop it first "
        "replays its log) …\n"
    )


def test_a_server_that_dies_while_starting_is_reported(tmp_path: Path) -> None:
    doomed = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(0.5)"])
    write_pid_file(tmp_path, pid=doomed.pid, status="starting")
    threading.Thread(target=doomed.wait).start()  # reaped when it ends, so its pid is gone
    with pytest.raises(DatabaseUnavailable, match=r"the embedded PostgreSQL under .* stopped while starting; see .*pgdata/log\."):
        embedded.ensure_running(tmp_path)


def test_a_server_that_stays_unready_is_given_up_on_after_the_timeout(tmp_path: Path) -> None:
    write_pid_file(tmp_path, pid=os.getpid(), status="starting")
    with pytest.raises(DatabaseUnavailable, match=r"was not ready after 0.3 s \(status: starting\); see .*pgdata/log\."):
        embedded._wait_until_ready(tmp_path, timeout=0.3)
