"""claimtrack actor: the states, people, organizations and armed groups that claims concern."""

from __future__ import annotations

from typing import Any

import click

from claimtrack.cli.context import AppContext, pass_app
from claimtrack.cli.output import (
    Rows,
    format_option,
    render,
    render_added,
    say_edited,
)
from claimtrack.cli.params import ACTOR as NAME
from claimtrack.cli.params import TextParam
from claimtrack.cli.records import actor_record
from claimtrack.domain import ACTOR_KINDS, stored_iso_code

ALIAS = TextParam("alias")
REASON = TextParam("reason")


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
        record = actor_record(show_actor(connection, reference=name)) if fmt != "table" else None
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
    """Show an actor, found by name, alias or ISO code: its aliases, counts, latest claims and changes.

    \b
    Example:  claimtrack actor show dprk
    """
    from claimtrack.services.actors import show_actor

    with app.transaction() as connection:
        detail = show_actor(connection, reference=name)
    render(actor_record(detail), fmt)


class ClearableIsoCode(IsoCode):
    """An ISO code as IsoCode takes it, or "" to clear one."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        return "" if str(value).strip() == "" else super().convert(value, param, ctx)


@actor.command("edit")
@click.argument("reference", metavar="NAME", type=NAME)
@click.option("--name", "new_name", type=NAME, help="Its new name (the old one stops naming it; add it as an alias to keep it).")
@click.option("--kind", type=click.Choice(ACTOR_KINDS, case_sensitive=False), help="What the actor is.")
@click.option("--country", "iso_code", type=ClearableIsoCode(), help='ISO 3166-1 alpha-3 code, for a state; "" clears it.')
@click.option("--reason", type=REASON, help="Why; kept with the change.")
@format_option
@pass_app
def edit(app: AppContext, reference: str, new_name: str | None, kind: str | None, iso_code: str | None, reason: str | None, fmt: str) -> None:
    """Correct an actor's name, kind or ISO code; each change is kept with its reason (see: actor
    show). A name or code that identifies another actor is refused, as when adding.

    \b
    Example:  claimtrack actor edit "Wagner" --name "Wagner Group" --kind armed_group --reason "full name"
    """
    from claimtrack.services.actor_editing import edit_actor
    from claimtrack.services.actors import show_actor

    with app.transaction() as connection:
        actor_id, changed = edit_actor(connection, reference=reference, name=new_name, kind=kind, iso_code=iso_code, reason=reason)
        record = actor_record(show_actor(connection, reference=new_name or reference)) if fmt != "table" else None
    if record is not None:
        render(record, fmt)
    say_edited(f"actor {actor_id}", changed)


@actor.group("alias")
def alias() -> None:
    """Add or remove the other names an actor goes by."""


@alias.command("add")
@click.argument("reference", metavar="ACTOR", type=NAME)
@click.argument("aliases", metavar="ALIAS...", nargs=-1, required=True, type=ALIAS)
@click.option("--reason", type=REASON, help="Why; kept with the change.")
@pass_app
def alias_add(app: AppContext, reference: str, aliases: tuple[str, ...], reason: str | None) -> None:
    """Give ACTOR more names; one that identifies another actor is refused.

    \b
    Example:  claimtrack actor alias add "North Korea" "Democratic People's Republic of Korea"
    """
    from claimtrack.services.actor_editing import add_aliases

    with app.transaction() as connection:
        actor_id, added = add_aliases(connection, reference=reference, aliases=aliases, reason=reason)
    said = f"added {', '.join(added)}" if added else "it has those names already; nothing to add"
    click.echo(f"actor {actor_id}: {said}.", err=True)


@alias.command("remove")
@click.argument("reference", metavar="ACTOR", type=NAME)
@click.argument("aliases", metavar="ALIAS...", nargs=-1, required=True, type=ALIAS)
@click.option("--reason", type=REASON, help="Why; kept with the change.")
@pass_app
def alias_remove(app: AppContext, reference: str, aliases: tuple[str, ...], reason: str | None) -> None:
    """Take names off ACTOR (any case).

    \b
    Example:  claimtrack actor alias remove "North Korea" "N. Korea"
    """
    from claimtrack.services.actor_editing import remove_aliases

    with app.transaction() as connection:
        actor_id, removed = remove_aliases(connection, reference=reference, aliases=aliases, reason=reason)
    click.echo(f"actor {actor_id}: removed {', '.join(removed)}.", err=True)


@actor.command("merge")
@click.argument("duplicate", metavar="DUPLICATE", type=NAME)
@click.option("--into", "into", required=True, metavar="ACTOR", type=NAME, help="The actor it repeats, which keeps everything.")
@click.option("--reason", type=REASON, help="Why; kept with the change.")
@pass_app
def merge(app: AppContext, duplicate: str, into: str, reason: str | None) -> None:
    """Fold a duplicate actor into the one it repeats: every claim, prediction and arms transfer
    that names it moves to the survivor, whose aliases gain the duplicate's name, aliases and code,
    so that whatever named the duplicate names the survivor.

    \b
    Example:  claimtrack actor merge "DPRK regime" --into "North Korea" --reason "one actor"
    """
    from claimtrack.services.actor_editing import merge_actor

    with app.transaction() as connection:
        done = merge_actor(connection, duplicate=duplicate, into=into, reason=reason)
    also = f"; it answers to {', '.join(done.aliases)} too" if done.aliases else ""
    click.echo(f"{done.duplicate} merged into {done.survivor} (actor {done.survivor_id}): {done.links_moved} links moved{also}.", err=True)
