"""claimtrack prediction edit: correcting a prediction. While it is open, anything it asks; once
resolved, its notes only (reopen it to correct the rest). Every change is kept by the database
(record_change) with its reason, and shown by `prediction show`."""

from __future__ import annotations

import click

from claimtrack import domain
from claimtrack.cli import params
from claimtrack.cli.context import AppContext, pass_app
from claimtrack.cli.output import format_option, render, say_edited

STATEMENT = params.TextParam("statement")
CRITERIA = params.TextParam("criteria")
NOTES = params.TextParam("notes")
REASON = params.TextParam("reason")


def register(prediction: click.Group) -> None:
    """Add the correcting command to the `prediction` group."""
    prediction.add_command(edit)


@click.command("edit")
@click.argument("prediction_id", metavar="ID", type=params.ID)
@click.option("--statement", type=STATEMENT, help="What is expected, in new words.")
@click.option("--criteria", type=CRITERIA, help='What would settle it; "" clears it.')
@click.option("--resolve-by", type=params.DEADLINE, help="A new deadline (YYYY, YYYY-MM, YYYY-MM-DD or +90d, +6m, +1y); the move is kept.")
@click.option("--add-actor", "add_actors", multiple=True, type=params.ACTOR_WITH_ROLE, help="Link an actor: NAME[:ROLE] (repeatable).")
@click.option("--remove-actor", "remove_actors", multiple=True, type=params.ActorWithRole(any_role=True),
              help="Unlink an actor: NAME[:ROLE]; without a role, in every role (repeatable).")
@click.option("--add-tag", "add_tags", multiple=True, type=params.TAG, help="Add a tag (repeatable).")
@click.option("--remove-tag", "remove_tags", multiple=True, type=params.TAG, help="Take a tag off (repeatable).")
@params.arms_transfer_options
@click.option("--no-arms-transfer", "drop_arms_transfer", is_flag=True, help="It expects no arms transfer after all: take it off.")
@click.option("--note", "notes", type=NOTES, help='Its notes (replaces them; "" clears them); the one thing a resolved prediction lets change.')
@click.option("--reason", type=REASON, help="Why; kept with the change.")
@format_option
@pass_app
def edit(
    app: AppContext, prediction_id: int, statement: str | None, criteria: str | None, resolve_by: domain.Deadline | None,
    add_actors: tuple[tuple[str, str], ...], remove_actors: tuple[tuple[str, str | None], ...], add_tags: tuple[str, ...],
    remove_tags: tuple[str, ...], supplier: str | None, recipient: str | None, category: str | None, item: str | None,
    quantity: int | None, drop_arms_transfer: bool, notes: str | None, reason: str | None, fmt: str,
) -> None:
    """Correct an open prediction: its statement, criteria, deadline, actors, tags or expected arms
    transfer (given whole: --supplier, --recipient and --category together); a resolved one, only
    its notes. Each change is kept with its reason (see: prediction show, report record_changes).
    An edit that changes nothing says so and writes nothing.

    \b
    Example:  claimtrack prediction edit 4 --resolve-by 2026-06 --reason "the report gave until mid-2026"
    """
    from claimtrack.cli.records import prediction_record
    from claimtrack.services.clock import database_today
    from claimtrack.services.prediction_editing import PredictionEdit, edit_prediction
    from claimtrack.services.predictions import get_prediction

    facet = params.arms_transfer_given(supplier, recipient, category, item, quantity)
    if facet is not None and drop_arms_transfer:
        raise click.UsageError("--no-arms-transfer takes the transfer off; leave out --supplier, --recipient and --category with it.")
    with app.transaction() as connection:
        deadline = params.deadline_on(resolve_by, database_today(connection)) if resolve_by is not None else None
        change = PredictionEdit(
            statement, criteria, deadline, notes, add_actors, remove_actors, add_tags, remove_tags, facet, drop_arms_transfer
        )
        changed = edit_prediction(connection, prediction_id=prediction_id, edit=change, reason=reason, changed_by=app.actor)
        detail = get_prediction(connection, prediction_id) if fmt != "table" else None
    if detail is not None:
        render(prediction_record(detail), fmt)
    say_edited(f"prediction {prediction_id}", changed)
