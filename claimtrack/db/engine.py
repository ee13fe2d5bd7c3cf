"""The database a command works on: its connection, schema readiness and transaction scopes.

Every command runs on a plain psycopg connection: `Database.transaction` for what writes (as the
owner), `read_transaction` for reports and `sql` (as a reader), `admin_transaction` for roles.
Loading SQLAlchemy and the models would cost more than most commands; its engine serves Alembic
alone, which creates or migrates the schema on first use (and `db upgrade`, `db downgrade`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimtrack.config import DatabaseChoice, hide_password
from claimtrack.db import HEAD_REVISION, embedded
from claimtrack.errors import DatabaseUnavailable

if TYPE_CHECKING:
    import psycopg
    from sqlalchemy import Connection, Engine


def migrations_directory() -> Path:
    """alembic/ at the top of a checkout, or the copy bundled in an installed wheel."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "_bundled" / "alembic", package.parent / "alembic"):
        if (candidate / "env.py").exists():
            return candidate
    raise DatabaseUnavailable("claimtrack's migrations are missing from this installation; reinstall claimtrack.")


def alembic_config(connection: Connection | None = None) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_directory()))
    config.attributes["connection"] = connection
    return config


def upgrade(connection: Connection, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(connection), revision)


def downgrade(connection: Connection, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(connection), revision)


def current_revision(connection: Connection) -> str | None:
    from sqlalchemy import text

    exists = connection.execute(text("SELECT to_regclass('public.alembic_version') IS NOT NULL")).scalar()
    if not exists:
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def schema_revision(connection: psycopg.Connection[Any]) -> str | None:
    """current_revision in one query, on an autocommit psycopg connection (a missing table is None)."""
    from psycopg import errors

    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except errors.UndefinedTable:
        return None
    return row[0] if row else None


def libpq_url(url: str) -> str:
    """A URL as libpq reads it: SQLAlchemy's postgresql+psycopg:// becomes postgresql://."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def connect(url: str) -> psycopg.Connection[Any]:
    """A psycopg connection in autocommit mode (transactions are explicit) that keeps nothing in the
    server's session between transactions, so that it works through a pooler in transaction mode
    (PgBouncer): psycopg's automatic prepared statements are off (prepare_threshold=None), since a
    statement prepared in one transaction may be missing from, or already named in, the server
    session the pooler gives the next."""
    import psycopg

    return psycopg.connect(libpq_url(url), autocommit=True, connect_timeout=10, prepare_threshold=None)


@dataclass
class Database:
    """The database a command works on; nothing is connected or imported until first use."""

    choice: DatabaseChoice
    auto_migrate: bool = True
    _engine: Engine | None = field(default=None, init=False, repr=False)
    _connection: psycopg.Connection[Any] | None = field(default=None, init=False, repr=False)

    @property
    def url(self) -> str:
        if self.choice.url is not None:
            return self.choice.url
        assert self.choice.home is not None
        return embedded.ensure_running(self.choice.home).url()

    @property
    def display_url(self) -> str:
        if self.choice.embedded:
            return f"embedded PostgreSQL under {self.choice.home}"
        return hide_password(self.url)

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = self._connect()
        return self._engine

    def _connect(self) -> Engine:
        from sqlalchemy import text
        from sqlalchemy.exc import OperationalError, ProgrammingError

        engine = make_engine(self.url, self.choice.origin)
        try:
            if self.choice.embedded:
                self._create_embedded_database()
            if self.auto_migrate:
                with engine.connect() as connection:
                    revision = current_revision(connection)
                if revision != HEAD_REVISION:
                    self._bring_up_to_date(engine, revision)
            else:
                with engine.connect() as connection:
                    connection.execute(text("SELECT 1"))
        except (OperationalError, ProgrammingError) as error:
            engine.dispose()
            raise self._unusable(error.orig) from error
        return engine

    def _unusable(self, error: object) -> DatabaseUnavailable:
        return DatabaseUnavailable(
            f"cannot use the database at {self.display_url}: {first_line(error)}. "
            "Check the URL (--database-url, CLAIMTRACK_DATABASE_URL) and that the server is running."
        )

    @property
    def connection(self) -> psycopg.Connection[Any]:
        """A psycopg connection in autocommit mode (transactions are explicit), the schema checked
        with one query. A schema to create or migrate, and the embedded database's first use, go
        through the engine once; SQLAlchemy and alembic are not loaded otherwise."""
        if self._connection is None:
            self._connection = self._connect_driver()
        return self._connection

    def _connect_driver(self) -> psycopg.Connection[Any]:
        import psycopg

        connection: psycopg.Connection[Any] | None = None
        try:
            connection = connect(self.url)
            ready = not self.auto_migrate or schema_revision(connection) == HEAD_REVISION
        except (psycopg.OperationalError, psycopg.ProgrammingError) as error:
            if connection is not None:
                connection.close()
            if not self.choice.embedded:
                raise self._unusable(error) from error
            connection, ready = None, False  # the embedded database is created on first use
        if ready and connection is not None:
            return connection
        try:
            self.engine  # creates, migrates, or refuses with the fix named (see _connect)
        except BaseException:
            if connection is not None:
                connection.close()
            raise
        if connection is None:
            try:
                connection = connect(self.url)
            except psycopg.OperationalError as error:
                raise self._unusable(error) from error
        return connection

    def _create_embedded_database(self) -> None:
        assert self.choice.home is not None
        from claimtrack.db.embedded_cluster import prepare_database

        prepare_database(embedded.ensure_running(self.choice.home))

    def _bring_up_to_date(self, engine: Engine, revision: str | None) -> None:
        """The embedded database, and an empty server database, are migrated on first use."""
        from sqlalchemy import text

        if not self.choice.embedded:
            with engine.connect() as connection:
                refuse_on_standby(connection.connection.driver_connection, self.display_url, revision)
        if revision is not None and not self.choice.embedded:
            raise DatabaseUnavailable(
                f"the database at {self.display_url} is at schema revision {revision}, this claimtrack needs "
                f"{HEAD_REVISION}; run: claimtrack db upgrade"
            )
        with engine.begin() as connection:
            # One migrator at a time: a second command waits here, then finds nothing to do.
            connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('claimtrack.migrate'))"))
            upgrade(connection)

    @contextmanager
    def transaction(self, *, actor: str) -> Iterator[psycopg.Connection[Any]]:
        """One transaction on the owner's psycopg connection, committed on success and rolled back
        on any error, recording who is acting: what every command that writes runs in."""
        from psycopg import errors

        connection = self.connection
        try:
            with connection.transaction():
                connection.execute("SELECT set_config('claimtrack.actor', %s, true)", (actor,))
                yield connection
        except errors.ReadOnlySqlTransaction as error:
            self._read_only_refusal(error)
            raise

    def _read_only_refusal(self, error: object) -> None:
        """A write refused by a read-only server: on a hot standby, say so and name the primary."""
        import psycopg
        from psycopg import errors

        if not isinstance(error, errors.ReadOnlySqlTransaction):
            return
        with connect(self.url) as connection:
            refuse_on_standby(connection, self.display_url, HEAD_REVISION, writing=True)

    @contextmanager
    def read_transaction(self, *, users_sql: str | None = None) -> Iterator[psycopg.Connection[Any]]:
        """A READ ONLY transaction as a login that reads claimtrack's data and nothing more: on the
        embedded server its reader role; on a server the configured login. Where the transaction
        will run SQL a user wrote (`users_sql` names the command, "claimtrack sql"), a login that
        could reach the server's files, programs or other sessions is refused (login_privileges),
        and whatever session state the user's statement leaves is undone (forget_session_state)."""
        import psycopg

        if self.choice.embedded:
            assert self.choice.home is not None
            self.connection  # the schema is created or migrated, and the roles exist, by the owner
            url = embedded.ensure_running(self.choice.home).url(user=embedded.READER)
        else:
            url = self.url
        try:
            connection = connect(url)
        except psycopg.OperationalError as error:
            raise self._unusable(error) from error
        with connection:
            if not self.choice.embedded:
                self._check_readable_revision(connection)
            with connection.transaction():
                connection.execute("SET TRANSACTION READ ONLY")
                if users_sql is None:
                    yield connection
                    return
                if not self.choice.embedded:
                    refuse_privileged_login(connection, users_sql)
                try:
                    yield connection
                finally:
                    forget_session_state(connection)

    def _check_readable_revision(self, connection: psycopg.Connection[Any]) -> None:
        """The schema must be at head; a login that may not read alembic_version (a reader for BI
        tools, which reads the reporting views only) cannot tell, and is let through."""
        from psycopg import errors

        try:
            revision = schema_revision(connection)
        except errors.InsufficientPrivilege:
            return
        if revision != HEAD_REVISION:
            raise DatabaseUnavailable(
                f"the database at {self.display_url} is at schema revision {revision or 'empty'}, this claimtrack "
                f"needs {HEAD_REVISION}; run: claimtrack db upgrade"
            )

    @contextmanager
    def admin_transaction(self, *, actor: str) -> Iterator[psycopg.Connection[Any]]:
        """transaction() as the login that may create and alter roles: the embedded cluster's
        superuser (the one thing it is used for after the cluster exists), else the configured login."""
        if not self.choice.embedded:
            with self.transaction(actor=actor) as connection:
                yield connection
            return
        import psycopg

        assert self.choice.home is not None
        self.connection  # the schema, the roles and the database exist
        url = embedded.ensure_running(self.choice.home).url(user=embedded.SUPERUSER)
        with connect(url) as connection:
            with connection.transaction():
                connection.execute("SELECT set_config('claimtrack.actor', %s, true)", (actor,))
                yield connection

    def dispose(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


# What a login must not be able to reach for `claimtrack sql` to run a user's text: the server's
# files and programs, other sessions, replication. Any role it may SET ROLE to counts, since a
# statement can switch to one (set_config('role', …)) and run another through query_to_xml: a
# superuser's session cannot be made a sandbox from the inside.
DANGEROUS_ROLES = (
    "pg_read_server_files", "pg_write_server_files", "pg_execute_server_program", "pg_signal_backend",
    "pg_write_all_data", "pg_checkpoint", "pg_create_subscription",
)

LOGIN_PRIVILEGES = """
SELECT r.rolname, r.rolsuper, r.rolreplication, r.rolbypassrls, r.rolcreaterole
FROM pg_roles r
WHERE pg_has_role(session_user, r.oid, 'MEMBER')
  AND (r.rolsuper OR r.rolreplication OR r.rolbypassrls OR r.rolcreaterole OR r.rolname = ANY(%(dangerous)s))
ORDER BY r.rolname = session_user DESC, r.rolname
"""


def login_privileges(connection: psycopg.Connection[Any]) -> list[str]:
    """What the connection's login holds beyond reading, in words ("is a superuser", "is a member of
    pg_read_server_files"); empty for a login fit to run a user's SQL."""
    me = _session_user(connection)
    found: list[str] = []
    for name, superuser, replication, bypassrls, createrole in connection.execute(
        LOGIN_PRIVILEGES, {"dangerous": list(DANGEROUS_ROLES)}
    ):
        who = "is" if name == me else f'may act as "{name}", which is'
        attributes = [word for word, held in (("a superuser", superuser), ("allowed replication", replication),
                                                ("allowed to bypass row security", bypassrls),
                                                ("allowed to create roles", createrole)) if held]
        found.append(f"{who} {attributes[0]}" if attributes else f"is a member of {name}")
    return found


def refuse_privileged_login(connection: psycopg.Connection[Any], statement: str) -> None:
    from claimtrack.errors import Refused

    held = login_privileges(connection)
    if held:
        raise Refused(
            f'{statement} will not run as "{_session_user(connection)}": it {held[0]}, so a statement could reach the '
            "server's files, programs or other sessions. Make a reader once (claimtrack db grant-reader NAME --tables) "
            "and run it as that login (--database-url with NAME as the user)."
        )


# What DISCARD ALL undoes (which may not run in a transaction), less what a read-only transaction
# cannot make (temporary tables, sequence values): a SET without LOCAL, SET ROLE, a WITH HOLD cursor,
# PREPARE, LISTEN, a session-level advisory lock, cached plans.
FORGET_SESSION_STATE = (
    "CLOSE ALL; SET SESSION AUTHORIZATION DEFAULT; RESET ALL; DEALLOCATE ALL; UNLISTEN *; "
    "SELECT pg_advisory_unlock_all(); DISCARD PLANS"
)


def forget_session_state(connection: psycopg.Connection[Any]) -> None:
    """Undo what a user's statement left in the server's session, inside the transaction it ran in,
    so that nothing passes to the next client of a pooler in transaction mode. A transaction the
    statement ended itself (COMMIT) leaves nothing to undo in this one. One an error aborted cannot
    run the undoing (and a session lock outlives the error): the connection is closed instead, as
    it is when the undoing fails, which ends the session (a pooler closes a server connection its
    client leaves inside a transaction)."""
    import psycopg

    if connection.closed:
        return
    status = connection.pgconn.transaction_status
    if status == psycopg.pq.TransactionStatus.IDLE:
        return
    if status == psycopg.pq.TransactionStatus.INTRANS:
        try:
            connection.execute(FORGET_SESSION_STATE)
            return
        except psycopg.Error:
            pass
    connection.close()


def _session_user(connection: psycopg.Connection[Any]) -> str:
    row = connection.execute("SELECT session_user").fetchone()
    assert row is not None
    return str(row[0])


def make_engine(url: str, origin: str) -> Engine:
    """An engine for `url` (one connection at a time, nothing pooled); a URL SQLAlchemy cannot read
    is a bad setting, named with where it came from."""
    from sqlalchemy import create_engine
    from sqlalchemy.exc import ArgumentError
    from sqlalchemy.pool import NullPool

    from claimtrack.errors import BadSetting

    try:
        # No automatic prepared statements, as in connect(): an engine may reach a pooler too.
        connect_args = {"connect_timeout": 10, "prepare_threshold": None}
        return create_engine(url, poolclass=NullPool, connect_args=connect_args)
    except (ArgumentError, ValueError) as error:
        raise BadSetting(
            f"the database URL from {origin} cannot be read ({first_line(error)}); give one like "
            "postgresql://user:password@host:5432/claimtrack."
        ) from None


def refuse_on_standby(connection: Any, where: str, revision: str | None, *, writing: bool = False) -> None:
    """Raise DatabaseUnavailable when `connection` is to a hot standby: it can be read (reports, sql,
    list, show, search), never written or migrated. The primary is named when this login may read
    primary_conninfo (superusers and pg_read_all_settings); its password never."""
    from psycopg import errors

    with connection.cursor() as cursor:
        if not cursor.execute("SELECT pg_is_in_recovery()").fetchone()[0]:
            return
        try:
            conninfo = cursor.execute("SELECT current_setting('primary_conninfo')").fetchone()[0]
        except errors.InsufficientPrivilege:
            conninfo = ""
    primary = ""
    if conninfo:
        from psycopg.conninfo import conninfo_to_dict

        found = conninfo_to_dict(conninfo)
        host, port = found.get("host") or found.get("hostaddr"), found.get("port")
        primary = f" (its primary: {host}{':' + str(port) if port else ''})" if host else ""
    what = "nothing was written" if writing else f"it is at schema revision {revision or 'empty'} and cannot be migrated"
    raise DatabaseUnavailable(
        f"the database at {where} is a read-only hot standby{primary}: {what}. Reports, sql, list, show and "
        "search work here; run writes and db upgrade against the primary."
    )


def first_line(error: object) -> str:
    return hide_password(str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__)
