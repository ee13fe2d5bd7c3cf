"""What claimtrack imports to start: --help lists the commands from cli.COMMANDS without importing
them, and the everyday commands run on psycopg alone (no SQLAlchemy, no alembic)."""

from __future__ import annotations

import click
import pytest

from claimtrack.cli import COMMANDS, ClaimtrackGroup, cli


def test_each_command_s_one_line_help_in_the_table_is_the_command_s_own() -> None:
    ctx = click.Context(cli)
    for name, (_, short_help) in COMMANDS.items():
        command = cli.get_command(ctx, name)
        assert command is not None, name
        assert command.get_short_help_str(limit=10**6) == short_help, f"COMMANDS[{name!r}] drifted from its docstring"


@pytest.mark.parametrize("width", [40, 80, 120])
def test_the_help_listing_is_the_one_click_would_print_from_the_commands_themselves(width: int) -> None:
    ctx = click.Context(cli, terminal_width=width)
    ours, clicks = click.HelpFormatter(width=width), click.HelpFormatter(width=width)
    cli.format_commands(ctx, ours)
    super(ClaimtrackGroup, cli).format_commands(ctx, clicks)
    assert ours.getvalue() == clicks.getvalue()
