"""Database roles for a team: readers (the reporting views, or the tables too), analysts (record,
edit and resolve through claimtrack's tables), and taking a role's grants back. The use cases
behind `claimtrack db grant-reader`, `db grant-analyst` and `db revoke`.

Each role is a login of its own, never a member of another role: what it may reach is what is
granted here and nothing it could inherit or SET ROLE to. The owner of claimtrack's tables keeps
DDL, migrations and the import's fast path; nobody but the database's triggers writes history.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql as pgsql

from claimtrack import reports
from claimtrack.errors import ClaimtrackError, InvalidValue, NotFound
from claimtrack.services.reports import timeout_milliseconds

# Tables an analyst reads but never writes: the history (written by triggers only) and the schema's revision.
READ_ONLY_TABLES = ("status_history", "alembic_version")


@dataclass(frozen=True)
class Grant:
    role: str
    created: bool  # False: an existing role was updated
    database: str
    views: list[str]  # the reporting views it reads
    tables: list[str]  # the tables of schema public it reads
    writes: list[str]  # the tables it may write (analysts)


# What makes a role more than claimtrack grants: an attribute, or membership of any role at all (a
# member can act as that role: SET ROLE, or inherited privileges such as pg_write_all_data).
MORE_THAN_GRANTED = """
SELECT r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolreplication, r.rolbypassrls,
       r.rolname = current_user,
       EXISTS (SELECT 1 FROM pg_class c WHERE c.relowner = r.oid
               AND c.relnamespace IN ('public'::regnamespace, 'reporting'::regnamespace)),
       ARRAY(SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
             WHERE m.member = r.oid ORDER BY g.rolname)
FROM pg_roles r WHERE r.rolname = %(role)s
"""


def _more_than_granted(found: Any) -> list[str]:
    superuser, createrole, createdb, replication, bypassrls, is_me, owns, member_of = found
    reasons = [why for why, held in (
        ("is a superuser", superuser), ("may create roles (CREATEROLE)", createrole),
        ("may create databases (CREATEDB)", createdb), ("may start replication (REPLICATION)", replication),
        ("bypasses row-level security (BYPASSRLS)", bypassrls), ("is the login running this command", is_me),
        ("owns claimtrack's tables or views", owns),
    ) if held]
    if member_of:
        reasons.append("is a member of " + ", ".join(f'"{name}"' for name in member_of) + ", whose rights it holds")
    return reasons


@dataclass(frozen=True)
class _Granting:
    """What every grant needs: the role checked, who is granting, and a way to run a statement on it."""

    connection: psycopg.Connection[Any]
    role: str
    me: str
    database: str
    creator: pgsql.Composable  # "FOR ROLE <owner> " for default privileges, or nothing
    existing: bool

    def run(self, statement: str, *values: pgsql.Composable) -> None:
        self.connection.execute(pgsql.SQL(statement).format(pgsql.Identifier(self.role), *values))

    def set_password(self, password: str) -> None:
        hashed = self.connection.pgconn.encrypt_password(password.encode(), self.role.encode()).decode()
        self.run("ALTER ROLE {} PASSWORD {}", pgsql.Literal(hashed))


def _begin(connection: psycopg.Connection[Any], role: str, *, kind: str, password: str | None) -> _Granting:
    problem = reports.role_name_problem(role)
    if problem:
        raise InvalidValue(problem)
    if password is not None and "\x00" in password:
        raise InvalidValue("the password holds a NUL character, which PostgreSQL would cut it at; choose another.")
    me = _one_row(
        connection,
        "SELECT current_user, rolsuper OR rolcreaterole, current_database(),"
        " (SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'reporting')"
        " FROM pg_roles WHERE rolname = current_user",
    )
    if not me[1]:
        raise ClaimtrackError(
            f'this needs a database user that may create roles (CREATEROLE or superuser); "{me[0]}" may not. '
            "Run it as such a user with --database-url."
        )
    existing = connection.execute(MORE_THAN_GRANTED, {"role": role}).fetchone()
    if existing is not None:
        reasons = _more_than_granted(existing)
        if reasons:
            raise InvalidValue(
                f'role "{role}" {reasons[0]}' + (f" (and {len(reasons) - 1} more)" if len(reasons) > 1 else "")
                + f": it would reach more than {kind} whatever is granted. It must be a role of its own; choose "
                "another name, or take those rights from it first."
            )
    # Default privileges name the role that will create the objects: the owner of claimtrack's schemas.
    creator = pgsql.SQL("FOR ROLE {} ").format(pgsql.Identifier(me[3])) if me[3] and me[3] != me[0] else pgsql.SQL("")
    return _Granting(connection, role, me[0], me[2], creator, existing is not None)


def _login(granting: _Granting, password: str | None, timeout_seconds: float | None, *, read_only: bool) -> None:
    granting.run("ALTER ROLE {} LOGIN" if granting.existing else "CREATE ROLE {} LOGIN")
    if password is not None:
        granting.set_password(password)
    granting.run("ALTER ROLE {} SET default_transaction_read_only = " + ("on" if read_only else "off"))
    if timeout_seconds is not None:
        granting.run("ALTER ROLE {} SET statement_timeout = {}", pgsql.Literal(f"{timeout_milliseconds(timeout_seconds)}ms"))
    granting.run("GRANT CONNECT ON DATABASE {1} TO {0}", pgsql.Identifier(granting.database))


def _result(granting: _Granting) -> Grant:
    def names(query: str) -> list[str]:
        return [row[0] for row in granting.connection.execute(query, {"role": granting.role})]

    return Grant(
        role=granting.role,
        created=not granting.existing,
        database=granting.database,
        views=names("SELECT table_name FROM information_schema.views WHERE table_schema = 'reporting' ORDER BY 1"),
        tables=names(
            "SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v')"
            " AND has_table_privilege(%(role)s, c.oid, 'SELECT') ORDER BY 1"
        ),
        writes=names(
            "SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')"
            " AND has_table_privilege(%(role)s, c.oid, 'INSERT, UPDATE, DELETE') ORDER BY 1"
        ),
    )


def _take_back_tables(granting: _Granting) -> None:
    granting.run("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}")
    granting.run("REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {}")
    granting.run("ALTER DEFAULT PRIVILEGES {1}IN SCHEMA public REVOKE ALL ON TABLES FROM {0}", granting.creator)
    granting.run("ALTER DEFAULT PRIVILEGES {1}IN SCHEMA public REVOKE ALL ON SEQUENCES FROM {0}", granting.creator)


def _read_reporting(granting: _Granting) -> None:
    granting.run("GRANT USAGE ON SCHEMA reporting TO {}")
    granting.run("GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO {}")
    granting.run("ALTER DEFAULT PRIVILEGES {1}IN SCHEMA reporting GRANT SELECT ON TABLES TO {0}", granting.creator)


def grant_reader(
    connection: psycopg.Connection[Any], *, role: str, password: str | None, timeout_seconds: float, tables: bool = False
) -> Grant:
    """Create or update `role`: a login that reads the reporting views (with `tables`, claimtrack's
    tables too) and nothing else.

    It gets CONNECT on this database, USAGE on schema reporting, SELECT on its views (and, by default
    privileges, on views the owner adds later), no privilege on the tables unless `tables` (any it
    had is revoked), and sessions that are read-only with a statement timeout. The views run with
    their owner's rights, so without `tables` the role reads the data through them only. A role
    that is already more than a reader (an attribute, a membership, ownership) is refused: the
    grant could not make it one. A password is sent to the server already hashed (as psql's
    \\password does), so it never appears in a server log.
    """
    granting = _begin(connection, role, kind="the reporting views", password=password)
    _login(granting, password, timeout_seconds, read_only=True)
    _take_back_tables(granting)
    if tables:
        granting.run("GRANT USAGE ON SCHEMA public TO {}")
        granting.run("GRANT SELECT ON ALL TABLES IN SCHEMA public TO {}")
        granting.run("ALTER DEFAULT PRIVILEGES {1}IN SCHEMA public GRANT SELECT ON TABLES TO {0}", granting.creator)
    _read_reporting(granting)
    return _result(granting)


def grant_analyst(connection: psycopg.Connection[Any], *, role: str, password: str | None) -> Grant:
    """Create or update `role`: a login that records, edits and resolves through claimtrack's tables,
    and reads the reporting views; no DDL, no writes to the history, no roles.

    It gets SELECT, INSERT, UPDATE and DELETE on claimtrack's tables but status_history and
    alembic_version (SELECT only), the sequences its inserts need, and the same on tables the owner
    adds later (default privileges; a new append-only table is guarded by its own triggers). It
    owns nothing and is a member of nothing, so it cannot alter the schema, disable a trigger or
    grant; the history's triggers run as the owner, so it needs no privilege on the history.
    """
    granting = _begin(connection, role, kind="an analyst's rights", password=password)
    _login(granting, password, None, read_only=False)
    _take_back_tables(granting)
    granting.run("GRANT USAGE ON SCHEMA public TO {}")
    granting.run("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}")
    # UPDATE on the sequences: a seed or CSV picks its ids under the import lock, then moves the
    # sequences past them (setval), as an import does.
    granting.run("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {}")
    granting.run("ALTER DEFAULT PRIVILEGES {1}IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {0}", granting.creator)
    granting.run("ALTER DEFAULT PRIVILEGES {1}IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {0}", granting.creator)
    for table in READ_ONLY_TABLES:
        if _one_row(connection, "SELECT to_regclass(%s) IS NOT NULL", f"public.{table}")[0]:
            granting.run("REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {1} FROM {0}", pgsql.Identifier(table))
    _read_reporting(granting)
    return _result(granting)


@dataclass(frozen=True)
class Revoked:
    role: str
    database: str
    dropped: bool  # the role itself was dropped, not only its grants here


def revoke(connection: psycopg.Connection[Any], *, role: str, drop: bool = False) -> Revoked:
    """Take back everything claimtrack granted `role` in this database (tables, views, sequences,
    schemas, default privileges, CONNECT); with `drop`, drop the login as well (refused while it
    owns anything or holds grants in another database)."""
    problem = reports.role_name_problem(role)
    if problem:
        raise InvalidValue(problem)
    found = connection.execute(MORE_THAN_GRANTED, {"role": role}).fetchone()
    if found is None:
        raise NotFound(f'no role "{role}" on this server; see: psql -c "\\du"')
    superuser, _, _, _, _, is_me, owns, _ = found
    if superuser or is_me or owns:
        why = "is a superuser" if superuser else "is the login running this command" if is_me else "owns claimtrack's tables"
        raise InvalidValue(f'role "{role}" {why}; revoke takes back what grant-reader and grant-analyst gave, nothing more.')
    me = _one_row(
        connection,
        "SELECT current_database(), (SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'reporting'), current_user",
    )
    creator = pgsql.SQL("FOR ROLE {} ").format(pgsql.Identifier(me[1])) if me[1] and me[1] != me[2] else pgsql.SQL("")
    run: Callable[..., None] = _Granting(connection, role, me[2], me[0], creator, True).run
    for schema in ("public", "reporting"):
        run(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {{}}")
        run(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {{}}")
        run(f"ALTER DEFAULT PRIVILEGES {{1}}IN SCHEMA {schema} REVOKE ALL ON TABLES FROM {{0}}", creator)
        run(f"ALTER DEFAULT PRIVILEGES {{1}}IN SCHEMA {schema} REVOKE ALL ON SEQUENCES FROM {{0}}", creator)
        run(f"REVOKE ALL ON SCHEMA {schema} FROM {{}}")
    run("REVOKE ALL ON DATABASE {1} FROM {0}", pgsql.Identifier(me[0]))
    if drop:
        run("DROP ROLE {}")
    return Revoked(role=role, database=me[0], dropped=drop)


def _one_row(connection: psycopg.Connection[Any], query: str, *values: Any) -> tuple[Any, ...]:
    row = connection.execute(query, values or None).fetchone()
    assert row is not None
    return tuple(row)
