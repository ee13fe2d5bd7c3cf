"""claimtrack actor: the states, people, organizations and armed groups that claims concern."""

from __future__ import annotations

from typing import Any

import click

from claimtrack.cli.context import AppContext, pass_app
from claimtrack.cli.output import Record, Rows, format_option, render, render_added
from claimtrack.cli.params import ACTOR as NAME
from claimtrack.cli.params import TextParam
from claimtrack.domain import ACTOR_KINDS, stored_iso_code

ALIAS = TextParam("alias")


class IsoCode(click.ParamType[str]):
    """An ISO 3166-1 alpha-3 code, in any case; returned in upper case."""

    name = "ISO3"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        code = stored_iso_code(str(value))
        if code is None:
            self.fail(f'"{value}" is not an ISO 3166-1 alpha-3 code; use three letters, such as PRK or RUS.', param, ctx)
        return code


@click.group()
def actor() -> None:
    """The actors claims and predictions concern: states, people, organizations, armed groups.

    Wherever an actor is asked for, its name, an alias or its ISO code works, in any case
    ("north korea", "DPRK", "prk").
    """


@actor.command("add")
@click.argument("name", type=NAME)
@click.option("--kind", required=True, type=click.Choice(ACTOR_KINDS, case_sensitive=False), help="What the actor is.")
@click.option("--country", "iso_code", type=IsoCode(), help="ISO 3166-1 alpha-3 code, for a state (PRK, RUS).")
@click.option("--alias", "aliases", multiple=True, type=ALIAS, metavar="NAME", help="Another name it goes by (repeatable).")
@format_option
@pass_app
def add(app: AppContext, name: str, kind: str, iso_code: str | None, aliases: tuple[str, ...], fmt: str) -> None:
    """Record an actor and print its id (with --format json, the whole record).

    A name, alias or code that already identifies another actor is refused.

    \b
    Example:  claimtrack actor add "North Korea" --kind state --country PRK --alias DPRK
    """
    from claimtrack.services.actors import add_actor, show_actor

    with app.transaction() as connection:
        actor_id = add_actor(connection, name=name, kind=kind, iso_code=iso_code, aliases=aliases)
        record = _record(show_actor(connection, reference=name)) if fmt != "table" else None
    render_added(actor_id, record, fmt)


@actor.command("list")
@click.option("--kind", type=click.Choice(ACTOR_KINDS, case_sensitive=False), help="Only actors of this kind.")
@format_option
@pass_app
def list_command(app: AppContext, kind: str | None, fmt: str) -> None:
    """List actors by name, with their codes, aliases and how many claims concern each.

    \b
    Example:  claimtrack actor list --kind state --format csv
    """
    from claimtrack.services.actors import ActorSummary, list_actors

    with app.transaction() as connection:
        actors = list_actors(connection, kind=kind)
    render(Rows.of(ActorSummary, actors, title="actors"), fmt)


@actor.command("show")
@click.argument("name", type=NAME)
@format_option
@pass_app
def show(app: AppContext, name: str, fmt: str) -> None:
    """Show an actor, found by name, alias or ISO code: its aliases, counts and latest claims.

    \b
    Example:  claimtrack actor show dprk
    """
    from claimtrack.services.actors import show_actor

    with app.transaction() as connection:
        detail = show_actor(connection, reference=name)
    render(_record(detail), fmt)


def _record(detail: Any) -> Record:
    from claimtrack.services.actors import ActorClaim

    return Record.of(detail, title=f"actor {detail.id}", sections={"recent_claims": ActorClaim})
