"""The `claimtrack` command: a thin skin over claimtrack.services.

Start-up stays cheap: this module imports only click; each noun's module is imported when it is
invoked (or listed by --help), and those import SQLAlchemy, rich and yaml inside their commands.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

import click

from claimtrack import __version__
from claimtrack.cli.context import AppContext

# name -> "module:attribute", in the order --help lists them.
COMMANDS = {
    "demo": "claimtrack.cli.io:demo",
    "seed": "claimtrack.cli.io:seed",
    "actor": "claimtrack.cli.actor:actor",
    "source": "claimtrack.cli.source:source",
    "claim": "claimtrack.cli.claim:claim",
    "prediction": "claimtrack.cli.prediction:prediction",
    "report": "claimtrack.cli.report:report",
    "sql": "claimtrack.cli.report:sql",
    "import": "claimtrack.cli.io:import_command",
    "export": "claimtrack.cli.io:export",
    "db": "claimtrack.cli.db:db",
}


class ClaimtrackGroup(click.Group):
    """Loads subcommands lazily and turns every error into one `Error:` line (see cli.errors)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMANDS if self.get_command(ctx, name) is not None]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name == module_name:  # a noun not built yet
                return None
            raise
        command: click.Command | None = getattr(module, attribute, None)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.Abort, click.ClickException):
            raise
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


def main() -> None:
    cli(prog_name="claimtrack")
