"""claimtrack db: migrations, status, the embedded server, the ways in for other tools, and roles."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import click

from claimtrack.cli.context import AppContext, pass_app
from claimtrack.cli.output import Record, Rows, format_option, render
from claimtrack.reports import READ_TIMEOUT_SECONDS

if TYPE_CHECKING:
    from claimtrack.services.roles import Grant

F = TypeVar("F", bound=Callable[..., Any])


@click.group()
def db() -> None:
    """Manage the database: schema migrations, status, the embedded server."""


def _migrate(app: AppContext, direction: Literal["upgrade", "downgrade"], revision: str) -> tuple[str | None, str | None]:
    """Migrate up or down to `revision` in one transaction, refused on a standby; the revisions before and after."""
    from claimtrack.db import engine as db_engine

    database = app.database(auto_migrate=False)
    with database.engine.begin() as connection:
        before = db_engine.current_revision(connection)
        db_engine.refuse_on_standby(connection.connection.driver_connection, database.display_url, before)
        (db_engine.upgrade if direction == "upgrade" else db_engine.downgrade)(connection, revision)
        return before, db_engine.current_revision(connection)


@db.command()
@click.argument("revision", default="head")
@pass_app
def upgrade(app: AppContext, revision: str) -> None:
    """Migrate the schema up to REVISION (default: the newest).

    \b
    Example:  claimtrack db upgrade
    """
    before, after = _migrate(app, "upgrade", revision)
    click.echo(f"schema: {before or 'empty'} -> {after}" if before != after else f"schema: {after} (already there)", err=True)


@db.command()
@click.argument("revision")
@click.option("--yes", is_flag=True, help="Go on even though the downgrade drops forecasts (it says how many).")
@pass_app
def downgrade(app: AppContext, revision: str, yes: bool) -> None:
    """Migrate the schema down to REVISION ("base" removes every table: data is lost).

    Below 20261204_0010 each prediction keeps its first forecast (its own probability) and every
    later forecast is dropped: the command says how many, and goes on only with --yes.

    \b
    Example:  claimtrack db downgrade 20261204_0009 --yes
    """
    _refuse_dropping_forecasts(app, revision, yes=yes)
    before, after = _migrate(app, "downgrade", revision)
    click.echo(f"schema: {before or 'empty'} -> {after or 'empty'}", err=True)


FORECASTS_REVISION = "20261204_0010"  # forecasts came in here; below it, only each prediction's first is kept


def _refuse_dropping_forecasts(app: AppContext, revision: str, *, yes: bool) -> None:
    """Refuse (exit 1) a downgrade below FORECASTS_REVISION that would drop forecasts, unless `yes`."""
    from alembic.script import ScriptDirectory

    from claimtrack.db import engine as db_engine
    from claimtrack.errors import Refused
    from claimtrack.services.forecasts import later_forecasts

    database = app.database(auto_migrate=False)
    with database.engine.connect() as connection:
        current = db_engine.current_revision(connection)
        if current is None:
            return
        script = ScriptDirectory.from_config(db_engine.alembic_config())
        undone = {r.revision for r in script.iterate_revisions(current, None if revision == "base" else revision)}
        if FORECASTS_REVISION not in undone:
            return
        driver = connection.connection.driver_connection
        assert driver is not None
        dropped = later_forecasts(driver)
    if dropped and not yes:
        raise Refused(
            f"downgrading to {revision} drops {dropped} forecast{'s' if dropped != 1 else ''} (each prediction keeps only its "
            "first, its own probability); run again with --yes to drop them."
        )


@db.command()
@format_option
@pass_app
def status(app: AppContext, fmt: str) -> None:
    """Show the database in use (password hidden), its server version, schema revision and row counts.

    \b
    Example:  claimtrack db status --format json
    """
    from claimtrack.services.database import database_status

    database = app.database(auto_migrate=False)  # it shows the revision; db upgrade changes it
    connection = database.connection
    with connection.transaction():
        connection.execute("SET TRANSACTION READ ONLY")
        found = database_status(connection)
    schema = f"{found.revision} (up to date)" if found.up_to_date else f"{found.revision or 'empty'} (newest is {found.head}; run: claimtrack db upgrade)"
    fields = {
        "database": database.display_url,
        "embedded": database.choice.embedded,
        "configured by": database.choice.origin,
        "server version": found.server_version,
        "schema revision": schema if fmt == "table" else found.revision,
    }
    counts = Rows(["table", "rows"], sorted(found.row_counts.items()))
    render(Record(fields, {"row counts": counts}, title="claimtrack database"), fmt)


@db.command()
@click.option("--show-password", is_flag=True, help="Print the password in the URL instead of ***.")
@click.option(
    "--format", "fmt", type=click.Choice(["url", "json"]), default="url", show_default=True,
    help="url: the URL alone, for psql \"$(claimtrack db url)\"; json: the URL and its parts.",
)
@pass_app
def url(app: AppContext, show_password: bool, fmt: str) -> None:
    """Print a URL for the database in use that psql, psycopg and BI tools accept.

    For the embedded server it names the unix socket's directory (host=), its port, the owner
    claimtrack and the database claimtrack; the socket needs no password. Over TCP (for tools
    that cannot use a socket) see: claimtrack db listen. For a server the configured URL is printed,
    its password hidden as *** unless --show-password.

    \b
    Example:  psql "$(claimtrack db url)" -c 'SELECT * FROM reporting.prediction_scoreboard'
    """
    from claimtrack.services.database import database_address

    database = app.database()
    if database.choice.embedded:
        database.connection  # the embedded database is created and migrated on first use
    found = database_address(database, show_password=show_password)
    if fmt == "url":
        click.echo(found.url)
        return
    fields = {"url": found.url, "embedded": found.embedded, "host": found.host, "port": found.port, "user": found.user, "database": found.database}
    render(Record(fields), "json")


@db.command()
@click.option(
    "--port", type=click.IntRange(1024, 65535), metavar="N",
    help="Also listen on 127.0.0.1:N (1024-65535), asking every login for its password.",
)
@click.option("--stop", "stop_listening", is_flag=True, help="Stop listening on TCP: the unix socket only, as before.")
@pass_app
def listen(app: AppContext, port: int | None, stop_listening: bool) -> None:
    """Let the embedded server also listen on 127.0.0.1:N, for Metabase, DBeaver or a notebook on
    this machine; kept across restarts until --stop.

    Over TCP every login gives its password (scram-sha-256) and the superuser is refused: log in
    with a reader that has one (claimtrack db grant-reader NAME --password-stdin). Only this
    machine can connect (127.0.0.1), but every user of it can try. The unix socket keeps working;
    its port becomes N too. The server restarts, interrupting commands running at that moment.

    \b
    Example:  claimtrack db listen --port 54329
              echo "$PASSWORD" | claimtrack db grant-reader metabase --password-stdin
              psql "postgresql://metabase@127.0.0.1:54329/claimtrack"
    """
    from claimtrack.db import embedded, embedded_listen
    from claimtrack.errors import Refused

    if (port is None) == (not stop_listening):
        raise click.UsageError("give --port N to listen on 127.0.0.1:N, or --stop to stop listening.")
    database = app.database()
    if not database.choice.embedded or database.choice.home is None:
        raise Refused(
            f"claimtrack db listen works on the embedded server only; the database in use is the server {database.choice.origin} "
            "names, which listens where its own listen_addresses and pg_hba.conf say."
        )
    database.connection  # the embedded database, its roles and its schema exist before anyone connects
    database.dispose()  # the restart would end this connection
    if stop_listening:
        stopped = embedded_listen.stop_listening(database.choice.home)
        click.echo("the embedded PostgreSQL no longer listens on TCP; its unix socket works as before." if stopped
                   else "the embedded PostgreSQL was not listening on TCP; nothing changed.", err=True)
        return
    assert port is not None
    embedded_listen.listen(database.choice.home, port)
    click.echo(
        f"the embedded PostgreSQL also listens on {embedded.LISTEN_ADDRESS}:{port}, password logins only, until: "
        "claimtrack db listen --stop\n"
        f"connect with host {embedded.LISTEN_ADDRESS}, port {port}, database {embedded.DATABASE_NAME}, and a login with a "
        "password, such as a reader for the reporting views:\n"
        '  echo "$PASSWORD" | claimtrack db grant-reader metabase --password-stdin\n'
        f'  psql "postgresql://metabase@{embedded.LISTEN_ADDRESS}:{port}/{embedded.DATABASE_NAME}"',
        err=True,
    )


@db.command()
@pass_app
def stop(app: AppContext) -> None:
    """Stop the embedded PostgreSQL server (the next command starts it again).

    Does nothing for a server given by URL.
    """
    from claimtrack.config import choose_database
    from claimtrack.db import embedded

    choice = choose_database(app.database_url)
    if not choice.embedded or choice.home is None:
        click.echo(f"claimtrack does not manage the server configured by {choice.origin}; nothing to stop.", err=True)
        return
    stopped = embedded.stop(choice.home)
    click.echo("embedded PostgreSQL stopped." if stopped else "embedded PostgreSQL was not running.", err=True)


def _role_name(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from claimtrack.reports import role_name_problem

    problem = role_name_problem(value)
    if problem:
        raise click.BadParameter(problem)
    return value


def _password_from_stdin() -> str:
    """The first line of standard input, as UTF-8; a password PostgreSQL would change is refused."""
    import sys

    data = sys.stdin.buffer.readline(4096 + 1)
    line = data.rstrip(b"\r\n")
    if len(line) > 4096:
        raise click.BadParameter("the password is longer than 4096 bytes; choose a shorter one.", param_hint="--password-stdin")
    try:
        password = line.decode("utf-8")
    except UnicodeDecodeError:
        raise click.BadParameter("the password on standard input is not UTF-8 text; give it as UTF-8.", param_hint="--password-stdin") from None
    if password == "":
        raise click.BadParameter("standard input held no password.", param_hint="--password-stdin")
    if "\x00" in password:
        raise click.BadParameter("the password holds a NUL character, which PostgreSQL would cut it at; choose another.", param_hint="--password-stdin")
    return password


def _password_option(function: F) -> F:
    return click.option(
        "--password-stdin", is_flag=True, help="Set the role's password to the first line of standard input."
    )(function)


def _say_granted(done: Grant, reaches: str, *, password_given: bool) -> None:
    """What grant-reader and grant-analyst made of the role, on stderr."""
    click.echo(f'{"created" if done.created else "updated"} role "{done.role}": it {reaches}', err=True)
    if not password_given and done.created:
        click.echo("it has no password: give one with --password-stdin, unless the server trusts it (pg_hba.conf).", err=True)


@db.command("grant-reader")
@click.argument("role", callback=_role_name)
@_password_option
@click.option(
    "--timeout", type=click.FloatRange(min=0, min_open=True, max=2_147_483), default=READ_TIMEOUT_SECONDS,
    show_default=True, metavar="SECONDS", help="statement_timeout of the role's sessions.",
)
@click.option("--tables", is_flag=True, help="Also read claimtrack's tables (for claimtrack sql and report filters), not only the reporting views.")
@pass_app
def grant_reader(app: AppContext, role: str, password_stdin: bool, timeout: float, tables: bool) -> None:
    """Create or update ROLE: a login that can read the reporting views and nothing else, for BI tools
    (with --tables, claimtrack's tables too: a login for claimtrack sql on a server).

    Its sessions are read-only (default_transaction_read_only) with a statement timeout. A role
    that is already more than a reader (a superuser, CREATEROLE, a member of another role…) is
    refused. Run it as a user that may create roles (on the embedded server claimtrack does);
    run it again to change the password or timeout.

    \b
    Example:  echo "$READER_PASSWORD" | claimtrack db grant-reader metabase --password-stdin
    """
    from claimtrack.services.roles import grant_reader as grant

    if timeout != timeout:  # nan passes FloatRange
        raise click.BadParameter("nan is not a number of seconds.", param_hint="--timeout")
    password = _password_from_stdin() if password_stdin else None
    with app.database().admin_transaction(actor=app.actor) as connection:
        done = grant(connection, role=role, password=password, timeout_seconds=timeout, tables=tables)
    reads = f"the {len(done.views)} views of schema reporting" + (f" and the {len(done.tables)} tables of schema public" if done.tables else "")
    _say_granted(
        done, f"reads {reads} in database {done.database} and nothing else, read-only, with a {timeout:g} s statement timeout.",
        password_given=password is not None,
    )


@db.command("grant-analyst")
@click.argument("role", callback=_role_name)
@_password_option
@pass_app
def grant_analyst(app: AppContext, role: str, password_stdin: bool) -> None:
    """Create or update ROLE: a login that records, edits and resolves through claimtrack's tables,
    and reads the reporting views; no DDL, no writes to the history, no role changes.

    The database records the login beside the --as name of every change it makes, so the name a
    command gives cannot stand in for the login. A role that is more than that (a superuser,
    CREATEROLE, a member of another role, the owner…) is refused. Run it as a user that may create
    roles (on the embedded server claimtrack does); run it again after `db upgrade`, or to change
    the password.

    \b
    Example:  echo "$PASSWORD" | claimtrack db grant-analyst alice --password-stdin
    """
    from claimtrack.services.roles import grant_analyst as grant

    password = _password_from_stdin() if password_stdin else None
    with app.database().admin_transaction(actor=app.actor) as connection:
        done = grant(connection, role=role, password=password)
    _say_granted(
        done,
        f"reads and writes the {len(done.writes)} tables of claimtrack in database {done.database} ({', '.join(done.writes)}), "
        f"reads the history and the {len(done.views)} reporting views, and nothing else: no DDL, no history writes, no roles.",
        password_given=password is not None,
    )


@db.command("revoke")
@click.argument("role", callback=_role_name)
@click.option("--drop", is_flag=True, help="Also drop the login (it must hold nothing in other databases).")
@pass_app
def revoke(app: AppContext, role: str, drop: bool) -> None:
    """Take back from ROLE everything grant-reader or grant-analyst gave it in this database.

    \b
    Example:  claimtrack db revoke alice --drop
    """
    from claimtrack.services.roles import revoke as take_back

    with app.database().admin_transaction(actor=app.actor) as connection:
        done = take_back(connection, role=role, drop=drop)
    click.echo(
        f'revoked from role "{role}" every privilege on claimtrack\'s tables, views, sequences, schemas and database '
        f"{done.database}" + ("; dropped the role." if done.dropped else "; the role itself remains (--drop drops it)."),
        err=True,
    )
