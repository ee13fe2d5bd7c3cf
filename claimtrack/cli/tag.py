"""claimtrack tag: the tags on claims and predictions; list them, rename one (or merge two)."""

from __future__ import annotations

import click

from claimtrack.cli.context import AppContext, pass_app
from claimtrack.cli.output import Rows, format_option, render
from claimtrack.cli.params import TAG, TextParam

REASON = TextParam("reason")


@click.group()
def tag() -> None:
    """The tags on claims and predictions: list them, rename one, merge two."""


@tag.command("list")
@format_option
@pass_app
def list_command(app: AppContext, fmt: str) -> None:
    """List every tag by name, with how many claims and predictions carry it.

    \b
    Example:  claimtrack tag list --format csv
    """
    from claimtrack.services.tags import TagSummary, list_tags

    with app.transaction() as connection:
        tags = list_tags(connection)
    render(Rows.of(TagSummary, tags, title="tags"), fmt)


@tag.command("rename")
@click.argument("old", type=TAG)
@click.argument("new", type=TAG)
@click.option("--reason", type=REASON, help="Why; kept with the change.")
@pass_app
def rename(app: AppContext, old: str, new: str, reason: str | None) -> None:
    """Rename tag OLD to NEW; when NEW exists already, OLD's claims and predictions join it (a
    record with both keeps one) and OLD is gone. Each moved link is kept in the changes.

    \b
    Example:  claimtrack tag rename arms arms-transfer --reason "one tag for arms transfers"
    """
    from claimtrack.services.tags import rename_tag

    with app.transaction() as connection:
        done = rename_tag(connection, old=old, new=new, reason=reason)
    how = "merged into" if done.merged else "renamed to"
    click.echo(f'tag "{done.old}" {how} "{done.new}": {done.claims} claims, {done.predictions} predictions.', err=True)
