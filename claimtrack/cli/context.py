"""What a command needs from its invocation: the database (opened lazily) and who is acting."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    import psycopg

    from claimtrack.db.engine import Database


@dataclass
class AppContext:
    database_url: str | None = None
    acting_as: str | None = None
    _database: Database | None = field(default=None, init=False, repr=False)

    @property
    def actor(self) -> str:
        """Who is recorded as making changes (config.acting_user), within a user name's limit:
        the name is written beside every record and change, and must export and import back."""
        import os

        from claimtrack import domain
        from claimtrack.config import acting_user

        name = acting_user(self.acting_as)
        try:
            return domain.checked_text("user", name)
        except ValueError as error:
            from_environment = not (self.acting_as or "").strip() and os.environ.get("CLAIMTRACK_USER", "").strip()
            given_by = "$CLAIMTRACK_USER" if from_environment else "--as"
            raise click.BadParameter(str(error), param_hint=f"'{given_by}'") from None

    def database(self, *, auto_migrate: bool = True) -> Database:
        if self._database is None:
            from claimtrack.config import choose_database
            from claimtrack.db.engine import Database

            self._database = Database(choose_database(self.database_url), auto_migrate=auto_migrate)
        return self._database

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Connection[Any]]:
        """One transaction for the whole command, on a plain psycopg connection: what every service
        takes. All of it lands, or none."""
        with self.database().transaction(actor=self.actor) as connection:
            yield connection

    def close(self) -> None:
        if self._database is not None:
            self._database.dispose()


pass_app = click.make_pass_decorator(AppContext)
