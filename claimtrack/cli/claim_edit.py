"""claimtrack claim edit | uncite | delete | restore: correcting a claim. Every change is kept by the
database (record_change) with its reason, and shown by `claim show`."""

from __future__ import annotations

import click

from claimtrack import domain
from claimtrack.cli.context import AppContext, pass_app
from claimtrack.cli.output import format_option, render, say_edited
from claimtrack.cli.params import ACTOR as ACTOR_NAME
from claimtrack.cli.params import (
    ACTOR_WITH_ROLE,
    DATE,
    ID,
    SOURCE,
    TAG,
    ActorWithRole,
    TextParam,
)

REASON = TextParam("reason")
STATEMENT = TextParam("statement")
NOTES = TextParam("notes")
REASON_HELP = "Why; kept with the change."


def register(claim: click.Group) -> None:
    """Add the correcting commands to the `claim` group."""
    for command in (edit, uncite, merge, delete, restore):
        claim.add_command(command)


@click.command("edit")
@click.argument("claim_id", metavar="ID", type=ID)
@click.option("--statement", type=STATEMENT, help="The new statement (checked against near-duplicates).")
@click.option("--occurred", type=DATE, help="When it happened: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--stated", type=DATE, help="When it was said: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--credibility", type=click.IntRange(1, 6), help="Admiralty 1-6 (6: cannot be judged).")
@click.option("--claimant", type=ACTOR_NAME, help="The actor who makes the claim.")
@click.option("--note", "notes", type=NOTES, help="The claim's notes (replaces them; \"\" clears them).")
@click.option("--add-actor", "add_actors", multiple=True, type=ACTOR_WITH_ROLE, help="Link an actor: NAME[:ROLE] (repeatable).")
@click.option("--remove-actor", "remove_actors", multiple=True, type=ActorWithRole(any_role=True), help="Unlink an actor: NAME[:ROLE]; without a role, in every role (repeatable).")
@click.option("--add-tag", "add_tags", multiple=True, type=TAG, help="Add a tag (repeatable).")
@click.option("--remove-tag", "remove_tags", multiple=True, type=TAG, help="Take a tag off (repeatable).")
@click.option("--reason", type=REASON, help=REASON_HELP)
@click.option("--allow-duplicate", is_flag=True, help="Keep a new statement even if another claim says nearly the same.")
@format_option
@pass_app
def edit(
    app: AppContext, claim_id: int, statement: str | None, occurred: domain.PartialDate | None, stated: domain.PartialDate | None,
    credibility: int | None, claimant: str | None, notes: str | None, add_actors: tuple[tuple[str, str], ...],
    remove_actors: tuple[tuple[str, str | None], ...], add_tags: tuple[str, ...], remove_tags: tuple[str, ...],
    reason: str | None, allow_duplicate: bool, fmt: str,
) -> None:
    """Correct a claim's fields, actors or tags; each change is kept with its reason (see: claim show).
    An edit that changes nothing says so and writes nothing.

    \b
    Example:  claimtrack claim edit 12 --occurred 2012-09 --add-actor "North Korea:target" --reason "the treaty's date"
    """
    from claimtrack.cli.records import claim_record
    from claimtrack.services.claim_editing import ClaimEdit, edit_claim
    from claimtrack.services.claim_reading import show_claim

    change = ClaimEdit(statement, occurred, stated, credibility, claimant, notes, add_actors, remove_actors, add_tags, remove_tags)
    with app.transaction() as connection:
        changed = edit_claim(
            connection, claim_id=claim_id, edit=change, reason=reason, changed_by=app.actor, allow_duplicate=allow_duplicate
        )
        record = claim_record(show_claim(connection, claim_id=claim_id)) if fmt == "json" else None
    if record is not None:
        render(record, fmt)
    say_edited(f"claim {claim_id}", changed)


@click.command("uncite")
@click.argument("claim_id", metavar="ID", type=ID)
@click.option("--source", required=True, type=SOURCE, help="The source to take off: an id or a URL.")
@click.option("--reason", type=REASON, help=REASON_HELP)
@pass_app
def uncite(app: AppContext, claim_id: int, source: int | str, reason: str | None) -> None:
    """Take a source off a claim (cited on the wrong claim, say); the link is kept in the changes.

    \b
    Example:  claimtrack claim uncite 12 --source 7 --reason "it is about claim 13"
    """
    from claimtrack.services.claim_editing import uncite_claim

    with app.transaction() as connection:
        source_id = uncite_claim(connection, claim_id=claim_id, source=source, reason=reason, changed_by=app.actor)
    click.echo(f"claim {claim_id} no longer cites source {source_id}.", err=True)


@click.command("merge")
@click.argument("duplicate", metavar="DUPLICATE", type=ID)
@click.option("--into", "into", required=True, type=ID, help="The claim it repeats, which keeps everything.")
@click.option("--reason", required=True, type=REASON, help=REASON_HELP)
@pass_app
def merge(app: AppContext, duplicate: int, into: int, reason: str) -> None:
    """Fold a duplicate claim into the one it repeats: its sources, actors, tags, arms transfer and
    the predictions drawn from it move to the survivor (a link both have is kept once); the
    duplicate leaves lists and reports, and `claim show DUPLICATE` says where it went.

    \b
    Example:  claimtrack claim merge 14 --into 3 --reason "the same report, entered twice"
    """
    from claimtrack.services.claim_editing import merge_claim

    with app.transaction() as connection:
        done = merge_claim(connection, duplicate=duplicate, into=into, reason=reason, changed_by=app.actor)
    names = {"claim_source": "sources", "claim_actor": "actors", "claim_tag": "tags", "arms_transfer": "arms transfers"}
    moved = ", ".join(f"{count} {names[table]}" for table, count in done.moved.items() if count) or "no links"
    kept = f" ({done.kept_once} it had already, kept once)" if done.kept_once else ""
    drawn = f"; {done.predictions} predictions drawn from it" if done.predictions else ""
    click.echo(f"claim {done.duplicate} merged into claim {done.survivor}: {moved} moved{kept}{drawn}.", err=True)


@click.command("delete")
@click.argument("claim_id", metavar="ID", type=ID)
@click.option("--reason", required=True, type=REASON, help=REASON_HELP)
@pass_app
def delete(app: AppContext, claim_id: int, reason: str) -> None:
    """Delete a claim entered by mistake: gone from lists and reports, every field kept, so that
    `claim show` still shows it and `claim restore` brings it back.

    \b
    Example:  claimtrack claim delete 12 --reason "entered twice"
    """
    from claimtrack.services.claim_editing import delete_claim

    with app.transaction() as connection:
        delete_claim(connection, claim_id=claim_id, reason=reason, changed_by=app.actor)
    click.echo(f"claim {claim_id} deleted; bring it back with: claimtrack claim restore {claim_id}", err=True)


@click.command("restore")
@click.argument("claim_id", metavar="ID", type=ID)
@click.option("--reason", type=REASON, help=REASON_HELP)
@pass_app
def restore(app: AppContext, claim_id: int, reason: str | None) -> None:
    """Bring back a deleted claim, with the actors, tags, sources and arms transfer it had.

    \b
    Example:  claimtrack claim restore 12
    """
    from claimtrack.services.claim_editing import restore_claim

    with app.transaction() as connection:
        restore_claim(connection, claim_id=claim_id, reason=reason, changed_by=app.actor)
    click.echo(f"claim {claim_id} restored.", err=True)
