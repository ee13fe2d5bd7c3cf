"""The embedded server's TCP listener (claimtrack db listen).

PostgreSQL has one port for its unix socket and its TCP sockets, so a listening server's socket is
.s.PGSQL.<port> (RunningServer reads the port from postmaster.pid, so every command follows it).
The wheel starts each server with -h "" (no TCP), which no configuration file can override; so
a cluster whose postgresql.auto.conf holds listen_addresses (ALTER SYSTEM, by listen()) is started
by claimtrack with -h 127.0.0.1, whatever address that file names: never another interface.
"""

from __future__ import annotations

from pathlib import Path

from claimtrack.db.embedded import (
    LISTEN_ADDRESS,
    SUPERUSER,
    RunningServer,
    _pg_ctl,
    _postmaster,
    _server_options,
    _start_lock,
    _wait_until_ready,
    data_directory,
    ensure_running,
    listening_port,
    port_in_use,
)
from claimtrack.errors import DatabaseUnavailable

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
