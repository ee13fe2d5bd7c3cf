"""claimtrack db grant-reader: a login that reads the reporting views and nothing else, tried by
connecting as it, as a BI tool would."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import errors, sql as pgsql

from claimtrack.db.models import Base

_names = itertools.count()
PASSWORD = "correct horse battery staple"


@pytest.fixture
def role(sql: psycopg.Connection) -> Iterator[str]:
    """A role name unused on this server (roles are server-wide), dropped after the test."""
    name = f"reader_{os.getpid()}_{next(_names)}"
    can_create = sql.execute("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user").fetchone()
    if not (can_create and can_create[0]):
        pytest.skip("the test server's user may not create roles")
    yield name
    if sql.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
        sql.execute(pgsql.SQL("DROP OWNED BY {0}; DROP ROLE {0}").format(pgsql.Identifier(name)))


def connect_as(database_url: str, role: str, password: str = PASSWORD) -> psycopg.Connection:
    """The test's database, as `role` (the URL's own user and password replaced)."""
    libpq = database_url.replace("postgresql+psycopg://", "postgresql://")
    return psycopg.connect(libpq, user=role, password=password, autocommit=True)


def scram_matches(verifier: str, password: str) -> bool:
    """Whether a SCRAM-SHA-256 verifier (as pg_authid keeps it) was made from `password` (RFC 5802)."""
    import base64
    import hashlib
    import hmac

    method, rest = verifier.split("$", 1)
    iterations_salt, keys = rest.split("$")
    iterations, salt = iterations_salt.split(":")
    stored_key = keys.split(":")[0]
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt), int(iterations))
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    return method == "SCRAM-SHA-256" and hashlib.sha256(client_key).digest() == base64.b64decode(stored_key)


def reporting_views(sql: psycopg.Connection) -> list[str]:
    rows = sql.execute("SELECT viewname FROM pg_views WHERE schemaname = 'reporting' ORDER BY 1").fetchall()
    return [name for (name,) in rows]


def test_grant_reader_creates_a_login_that_reads_every_reporting_view(invoke, sql, role: str) -> None:  # type: ignore[no-untyped-def]
    sql.execute("INSERT INTO claim (statement, recorded_by) VALUES ('A claim', 't')")
    result = invoke("db", "grant-reader", role, "--password-stdin", input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    views = reporting_views(sql)
    database = sql.execute("SELECT current_database()").fetchone()[0]
    assert result.stderr == (
        f'created role "{role}": it reads the {len(views)} views of schema reporting in database {database} and '
        "nothing else, read-only, with a 30 s statement timeout.\n"
    )
    assert len(views) >= 9
    with connect_as(invoke.url, role) as reader:
        for view in views:
            reader.execute(f"SELECT * FROM reporting.{view} LIMIT 1").fetchall()
        assert reader.execute("SELECT claims FROM reporting.claim_status_summary WHERE status = 'unverified'").fetchone() == (1,)
        assert reader.execute("SHOW default_transaction_read_only").fetchone() == ("on",)
        assert reader.execute("SHOW statement_timeout").fetchone() == ("30s",)


def test_the_reader_cannot_read_any_table(invoke, sql, role: str) -> None:  # type: ignore[no-untyped-def]
    assert invoke("db", "grant-reader", role, "--password-stdin", input=PASSWORD).exit_code == 0
    with connect_as(invoke.url, role) as reader:
        for table in [t.name for t in Base.metadata.sorted_tables] + ["alembic_version"]:
            with pytest.raises(errors.InsufficientPrivilege, match=f"permission denied for table {table}"):
                reader.execute(f'SELECT 1 FROM public."{table}" LIMIT 1')


@pytest.mark.parametrize(
    "write",
    [
        "INSERT INTO claim (statement, recorded_by) VALUES ('x', 'reader')",
        "UPDATE claim SET statement = 'x'",
        "DELETE FROM status_history",
        "CREATE TABLE reporting.mine (id int)",
        "CREATE VIEW reporting.mine AS SELECT 1",
        "DELETE FROM reporting.claim_actors",
        "CREATE TEMPORARY TABLE scratch (id int)",
    ],
)
def test_the_readers_writes_fail(invoke, sql, role: str, write: str) -> None:  # type: ignore[no-untyped-def]
    assert invoke("db", "grant-reader", role, "--password-stdin", input=PASSWORD).exit_code == 0
    with connect_as(invoke.url, role) as reader:
        with pytest.raises((errors.InsufficientPrivilege, errors.ReadOnlySqlTransaction, errors.ObjectNotInPrerequisiteState)):
            reader.execute(write)
        # Even with its sessions made writable, the role holds no privilege to write with.
        reader.execute("SET default_transaction_read_only = off")
        if "TEMPORARY" not in write:
            with pytest.raises((errors.InsufficientPrivilege, errors.ObjectNotInPrerequisiteState)):
                reader.execute(write)
    assert sql.execute("SELECT count(*) FROM claim").fetchone() == (0,)
    assert sql.execute("SELECT to_regclass('reporting.mine')").fetchone() == (None,)


def test_views_added_to_reporting_later_are_readable_too(invoke, sql, role: str) -> None:  # type: ignore[no-untyped-def]
    assert invoke("db", "grant-reader", role, "--password-stdin", input=PASSWORD).exit_code == 0
    sql.execute("CREATE VIEW reporting.added_later AS SELECT count(*) AS actors FROM actor")
    with connect_as(invoke.url, role) as reader:
        assert reader.execute("SELECT actors FROM reporting.added_later").fetchone() == (0,)


def test_granting_again_updates_the_role_and_takes_back_what_it_should_not_have(invoke, sql, role: str) -> None:  # type: ignore[no-untyped-def]
    assert invoke("db", "grant-reader", role).exit_code == 0  # no password yet
    assert sql.execute("SELECT rolpassword IS NULL FROM pg_authid WHERE rolname = %s", (role,)).fetchone() == (True,)
    sql.execute(pgsql.SQL("GRANT SELECT ON claim TO {}").format(pgsql.Identifier(role)))
    result = invoke("db", "grant-reader", role, "--password-stdin", "--timeout", "5", input="new password\n")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f'updated role "{role}": it reads the ')
    assert result.stderr.endswith("read-only, with a 5 s statement timeout.\n")
    # The server keeps a SCRAM hash, made on the client: the password never reached it in clear.
    hashed = sql.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (role,)).fetchone()[0]
    assert scram_matches(hashed, "new password")  # the line read, without its newline
    assert not scram_matches(hashed, "new password\n")
    with connect_as(invoke.url, role, "new password") as reader:
        assert reader.execute("SHOW statement_timeout").fetchone() == ("5s",)
        with pytest.raises(errors.InsufficientPrivilege):
            reader.execute("SELECT 1 FROM claim")


def test_a_superuser_or_the_owner_of_the_tables_is_never_made_a_reader(invoke, sql) -> None:  # type: ignore[no-untyped-def]
    me = sql.execute("SELECT current_user").fetchone()[0]
    result = invoke("db", "grant-reader", me)
    assert result.exit_code == 1
    assert result.stderr == (
        f'Error: role "{me}" is a superuser (and 6 more): it would reach more than the reporting views whatever is '
        "granted. It must be a role of its own; choose another name, or take those rights from it first.\n"
    )
    assert sql.execute("SELECT rolconfig FROM pg_roles WHERE rolname = current_user").fetchone() == (None,)


@pytest.mark.parametrize("name", ["Robert'); DROP TABLE claim; --", "BI", "pg_reader", "1st", "x" * 64])
def test_a_role_name_that_is_not_a_plain_identifier_is_a_usage_error(invoke, name: str) -> None:  # type: ignore[no-untyped-def]
    result = invoke("db", "grant-reader", name)
    assert result.exit_code == 2
    assert result.stderr.endswith(
        f'Error: Invalid value for \'ROLE\': "{name}" is not a role name here; use lower-case letters, digits and _, '
        "up to 63, starting with a letter or _ (and not with pg_).\n"
    )


def test_an_empty_password_on_standard_input_is_a_usage_error(invoke, role: str) -> None:  # type: ignore[no-untyped-def]
    result = invoke("db", "grant-reader", role, "--password-stdin", input="\n")
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: Invalid value for --password-stdin: standard input held no password.\n")
