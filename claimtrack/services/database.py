"""What `claimtrack db status` reports about a database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text

from claimtrack.db import HEAD_REVISION
from claimtrack.db.engine import current_revision
from claimtrack.db.models import Base


@dataclass(frozen=True)
class DatabaseStatus:
    server_version: str
    revision: str | None
    head: str
    row_counts: dict[str, int]

    @property
    def up_to_date(self) -> bool:
        return self.revision == self.head


def database_status(connection: Connection) -> DatabaseStatus:
    version = connection.execute(text("SHOW server_version")).scalar_one()
    revision = current_revision(connection)
    counts: dict[str, int] = {}
    if revision is not None:
        for table in Base.metadata.sorted_tables:
            exists = connection.execute(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": table.name}).scalar()
            if exists:
                counts[table.name] = connection.execute(text(f'SELECT count(*) FROM "{table.name}"')).scalar_one()
    return DatabaseStatus(server_version=version, revision=revision, head=HEAD_REVISION, row_counts=counts)
