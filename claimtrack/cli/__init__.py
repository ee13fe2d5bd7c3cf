"""The `claimtrack` command: a thin skin over claimtrack.services.

Start-up stays cheap: this module imports only click; each noun's module is imported when it is
invoked (--help lists them from COMMANDS), and those import SQLAlchemy, rich and yaml inside their
commands.
"""

from __future__ import annotations

import importlib
import io
import os
import sys
from typing import Any

import click

from claimtrack import __version__
from claimtrack.cli.context import AppContext

# name -> ("module:attribute", its one-line help), in the order --help lists them. The one-line
# help is here so that `claimtrack --help` lists the commands without importing them;
# tests/cli/test_startup.py checks that it equals each command's own.
COMMANDS = {
    "demo": ("claimtrack.cli.io:demo", "Seed the founding example, then print the headline reports."),
    "seed": ("claimtrack.cli.io:seed", "Load seed YAML files into the database; running it again adds nothing."),
    "actor": ("claimtrack.cli.actor:actor", "The actors claims and predictions concern: states, people, organizations, armed groups."),
    "source": ("claimtrack.cli.source:source", "The sources claims rest on: articles, official statements, reports, imagery, datasets."),
    "claim": ("claimtrack.cli.claim:claim", "Claims: what is said, by whom, about which actors, on what evidence, and how it stands."),
    "tag": ("claimtrack.cli.tag:tag", "The tags on claims and predictions: list them, rename one, merge two."),
    "prediction": ("claimtrack.cli.prediction:prediction", "Record predictions, resolve them on evidence, and see how each came to its status."),
    "report": (
        "claimtrack.cli.report:report",
        "The reports: each is a view in the database's `reporting` schema, so the same rows can be read "
        "from psql or a BI tool (see: claimtrack db grant-reader).",
    ),
    "sql": ("claimtrack.cli.report:sql", "Run one SQL statement, read-only, and print its rows."),
    "import": ("claimtrack.cli.io:import_command", "Import an export (JSON, NDJSON) or a CSV of claims or predictions."),
    "export": ("claimtrack.cli.io:export", "Export the whole database, history included, to JSON, NDJSON or ClaimReview."),
    "sync": ("claimtrack.cli.sync:sync", "Bring records from one claimtrack database to another, matched by identity."),
    "web": ("claimtrack.cli.web:web", "Serve the read-only web dashboard: claims, predictions, sources, actors and every report."),
    "db": ("claimtrack.cli.db:db", "Manage the database: schema migrations, status, the embedded server."),
}


class ClaimtrackGroup(click.Group):
    """Loads subcommands lazily and turns every error into one `Error:` line (see cli.errors)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module_name, attribute = COMMANDS[name][0].split(":")
        command: click.Command = getattr(importlib.import_module(module_name), attribute)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands and their one-line help from COMMANDS, shortened as Click shortens a
        command's own help, without importing the commands (which would double --help's time)."""
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [(name, click.Command(name, help=help).get_short_help_str(limit)) for name, (_, help) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.Abort, click.ClickException):
            raise
        except BrokenPipeError:
            raise _reader_gone() from None
        except Exception as error:
            if os.environ.get("CLAIMTRACK_DEBUG") == "1":
                raise
            from claimtrack.cli.errors import translate

            raise translate(error) from None


@click.group(cls=ClaimtrackGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--database-url",
    metavar="URL",
    help="PostgreSQL URL. Default: $CLAIMTRACK_DATABASE_URL, else $DATABASE_URL, else the embedded server.",
)
@click.option("--as", "acting_as", metavar="NAME", help="Who is recorded as making changes. Default: $CLAIMTRACK_USER, else your login name.")
@click.version_option(__version__, prog_name="claimtrack")
@click.pass_context
def cli(ctx: click.Context, database_url: str | None, acting_as: str | None) -> None:
    """Track geopolitical claims, their sources, the actors they concern and the predictions they
    imply, in PostgreSQL.

    With no database configured, claimtrack starts its own embedded PostgreSQL (data under
    $CLAIMTRACK_HOME, else your user data directory) on first use.

    \b
    Start with:  claimtrack demo
    """
    if ctx.obj is None:
        ctx.obj = AppContext(database_url=database_url, acting_as=acting_as)
    ctx.call_on_close(ctx.obj.close)


# The reader of stdout went away (`claimtrack … | head`): not an error of the command, so no `Error:`
# line; the exit status is the one a shell gives any tool its reader stopped, killed by SIGPIPE.
BROKEN_PIPE_EXIT = 128 + 13


def _reader_gone() -> click.exceptions.Exit:
    try:  # what is still buffered for stdout goes nowhere, rather than into a second broken pipe
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass
    return click.exceptions.Exit(BROKEN_PIPE_EXIT)


def main() -> None:
    cli(prog_name="claimtrack")
