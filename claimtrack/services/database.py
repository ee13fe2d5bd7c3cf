"""What `claimtrack db status` reports about a database, and the address `claimtrack db url` gives
other tools for it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from claimtrack.db import HEAD_REVISION

if TYPE_CHECKING:
    import psycopg

    from claimtrack.db.engine import Database


@dataclass(frozen=True)
class DatabaseStatus:
    server_version: str
    revision: str | None
    head: str
    row_counts: dict[str, int]

    @property
    def up_to_date(self) -> bool:
        return self.revision == self.head


# claimtrack's tables: every table of schema public but alembic's own.
TABLES = """
SELECT c.relname FROM pg_class c
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND c.relname <> 'alembic_version'
ORDER BY c.relname
"""


def database_status(connection: psycopg.Connection[Any]) -> DatabaseStatus:
    """The server's version, the schema's revision (None for an empty database) and each table's
    row count, read in the connection's transaction (a database at any revision; nothing changed)."""
    from psycopg import sql

    def one(query: str | sql.Composed) -> Any:
        row = connection.execute(query).fetchone()
        assert row is not None
        return row[0]

    version = one("SHOW server_version")
    revision = None
    if one("SELECT to_regclass('public.alembic_version') IS NOT NULL"):
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else None
    counts: dict[str, int] = {}
    if revision is not None:
        for (table,) in connection.execute(TABLES).fetchall():
            counts[table] = one(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier("public", table)))
    return DatabaseStatus(server_version=version, revision=revision, head=HEAD_REVISION, row_counts=counts)


@dataclass(frozen=True)
class DatabaseAddress:
    """Where a tool finds the database: a libpq URL (psql, psycopg, libpq's BI drivers) and its parts."""

    url: str
    embedded: bool
    host: str | None  # for the embedded server, the directory of its unix socket
    port: int | None
    user: str | None
    database: str | None


def database_address(database: Database, *, show_password: bool = False) -> DatabaseAddress:
    """The address of `database` as libpq reads it, its password hidden (***) unless `show_password`.
    The embedded server's is its unix socket, as its owner (the login of the everyday commands)."""
    from claimtrack.config import hide_password
    from claimtrack.db import embedded
    from claimtrack.db.engine import libpq_url

    if database.choice.embedded:
        from urllib.parse import quote

        assert database.choice.home is not None
        server = embedded.ensure_running(database.choice.home)
        url = f"postgresql://{embedded.OWNER}@/{embedded.DATABASE_NAME}?host={quote(str(server.socket_dir))}&port={server.port}"
        return DatabaseAddress(url, True, str(server.socket_dir), server.port, embedded.OWNER, embedded.DATABASE_NAME)
    url = libpq_url(database.url)
    from psycopg import ProgrammingError
    from psycopg.conninfo import conninfo_to_dict

    try:
        parts: dict[str, Any] = conninfo_to_dict(url)
    except ProgrammingError:  # a URL libpq cannot read: shown as configured, for psql to say why
        parts = {}
    port = str(parts.get("port") or "")
    return DatabaseAddress(
        url=url if show_password else hide_password(url),
        embedded=False,
        host=parts.get("host") or parts.get("hostaddr"),
        port=int(port) if port.isdigit() else None,
        user=parts.get("user"),
        database=parts.get("dbname"),
    )
