"""What a command needs from its invocation: the database (opened lazily) and who is acting."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import click

from claimtrack.config import acting_user, choose_database

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from claimtrack.db.engine import Database


@dataclass
class AppContext:
    database_url: str | None = None
    acting_as: str | None = None
    _database: Database | None = field(default=None, init=False, repr=False)

    @property
    def actor(self) -> str:
        return acting_user(self.acting_as)

    def database(self, *, auto_migrate: bool = True) -> Database:
        if self._database is None:
            from claimtrack.db.engine import Database

            self._database = Database(choose_database(self.database_url), auto_migrate=auto_migrate)
        return self._database

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction for the whole command: all of it lands, or none of it."""
        with self.database().session(actor=self.actor) as session:
            yield session

    def close(self) -> None:
        if self._database is not None:
            self._database.dispose()


pass_app = click.make_pass_decorator(AppContext)
