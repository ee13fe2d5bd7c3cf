"""claimtrack db: migrations, status, and the embedded server."""

from __future__ import annotations

import click

from claimtrack.cli.context import AppContext, pass_app
from claimtrack.cli.output import Record, Rows, format_option, render
from claimtrack.reports import READ_TIMEOUT_SECONDS


@click.group()
def db() -> None:
    """Manage the database: schema migrations, status, the embedded server."""


@db.command()
@click.argument("revision", default="head")
@pass_app
def upgrade(app: AppContext, revision: str) -> None:
    """Migrate the schema up to REVISION (default: the newest).

    \b
    Example:  claimtrack db upgrade
    """
    from claimtrack.db import engine as db_engine

    database = app.database(auto_migrate=False)
    with database.engine.begin() as connection:
        before = db_engine.current_revision(connection)
        db_engine.upgrade(connection, revision)
        after = db_engine.current_revision(connection)
    click.echo(f"schema: {before or 'empty'} -> {after}" if before != after else f"schema: {after} (already there)", err=True)


@db.command()
@click.argument("revision")
@pass_app
def downgrade(app: AppContext, revision: str) -> None:
    """Migrate the schema down to REVISION ("base" removes every table: data is lost).

    \b
    Example:  claimtrack db downgrade base
    """
    from claimtrack.db import engine as db_engine

    database = app.database(auto_migrate=False)
    with database.engine.begin() as connection:
        before = db_engine.current_revision(connection)
        db_engine.downgrade(connection, revision)
        after = db_engine.current_revision(connection)
    click.echo(f"schema: {before or 'empty'} -> {after or 'empty'}", err=True)


@db.command()
@format_option
@pass_app
def status(app: AppContext, fmt: str) -> None:
    """Show the database in use (password hidden), its server version, schema revision and row counts.

    \b
    Example:  claimtrack db status --format json
    """
    from claimtrack.services.database import database_status

    database = app.database()
    with database.engine.connect() as connection:
        found = database_status(connection)
    schema = f"{found.revision} (up to date)" if found.up_to_date else f"{found.revision or 'empty'} (newest is {found.head}; run: claimtrack db upgrade)"
    fields = {
        "database": database.display_url if database.choice.embedded else database.display_url,
        "embedded": database.choice.embedded,
        "configured by": database.choice.origin,
        "server version": found.server_version,
        "schema revision": schema if fmt == "table" else found.revision,
    }
    counts = Rows(["table", "rows"], sorted(found.row_counts.items()))
    render(Record(fields, {"row counts": counts}, title="claimtrack database"), fmt)


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


@db.command("grant-reader")
@click.argument("role", callback=_role_name)
@click.option("--password-stdin", is_flag=True, help="Set the role's password to the first line of standard input.")
@click.option(
    "--timeout", type=click.FloatRange(min=0, min_open=True), default=READ_TIMEOUT_SECONDS, show_default=True, metavar="SECONDS",
    help="statement_timeout of the role's sessions.",
)
@pass_app
def grant_reader(app: AppContext, role: str, password_stdin: bool, timeout: float) -> None:
    """Create or update ROLE: a login that can read the reporting views and nothing else, for BI tools.

    Its sessions are read-only (default_transaction_read_only) with a statement timeout. Run it as a
    user that may create roles; run it again to change the password or timeout.

    \b
    Example:  echo "$READER_PASSWORD" | claimtrack db grant-reader metabase --password-stdin
    """
    from claimtrack.services.reports import grant_reader as grant

    password = None
    if password_stdin:
        with click.open_file("-") as stdin:
            password = stdin.readline().rstrip("\r\n")
    if password == "":
        raise click.BadParameter("standard input held no password.", param_hint="--password-stdin")
    with app.session() as session:
        done = grant(session, role=role, password=password, timeout_seconds=timeout)
    click.echo(
        f'{"created" if done.created else "updated"} role "{role}": it reads the {len(done.views)} views of schema '
        f"reporting in database {done.database} and nothing else, read-only, with a {timeout:g} s statement timeout.",
        err=True,
    )
    if password is None and done.created:
        click.echo("it has no password: give one with --password-stdin, unless the server trusts it (pg_hba.conf).", err=True)
