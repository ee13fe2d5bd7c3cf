"""What `claimtrack db status` reports about a database."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from claimtrack.db import HEAD_REVISION

if TYPE_CHECKING:
    import psycopg


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
