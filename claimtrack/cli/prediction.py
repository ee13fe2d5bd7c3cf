"""claimtrack prediction: record what someone expects, then resolve it on evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from claimtrack import domain
from claimtrack.cli import params
from claimtrack.cli.context import AppContext, pass_app
from claimtrack.cli.output import Rows, format_option, render
from claimtrack.cli.records import prediction_record

if TYPE_CHECKING:
    from claimtrack.services.predictions import Transition

# Each field's limit is the domain's (domain.TEXT_LIMITS), as for every other way in.
STATEMENT = params.TextParam("statement")
CRITERIA = params.TextParam("criteria")
NOTE = params.TextParam("note")
REASON = params.TextParam("reason")
NOTES = params.TextParam("notes")


@click.group()
def prediction() -> None:
    """Record predictions, resolve them on evidence, and see how each came to its status.

    A prediction is open until it is confirmed or refuted (on an evidence source) or annulled
    (ambiguous or withdrawn, with a note); a resolved prediction returns to open only through
    reopen, with a reason. Every change is kept in its history.
    """


@prediction.command()
@click.argument("statement", type=STATEMENT)
@click.option("--resolve-by", required=True, type=params.DEADLINE,
              help="Deadline: YYYY, YYYY-MM, YYYY-MM-DD (the end of that period), or +90d, +6m, +1y from today "
                   "(the database's date).")
@click.option("--by", "predictor", metavar="ACTOR", type=params.ACTOR, help="Who predicts it: an actor's name, alias or ISO code.")
@click.option("--source", type=params.SOURCE, help="Where the prediction was made: a source id or URL (a new URL creates a source).")
@click.option("--probability", type=params.PROBABILITY, help="Probability from 0 to 1.")
@click.option("--likelihood", type=click.Choice(list(domain.LIKELIHOOD_TERMS), case_sensitive=False),
              help="ICD 203 estimative term; alone, it stores the midpoint of its range.")
@click.option("--confidence", type=click.Choice(domain.CONFIDENCE_LEVELS, case_sensitive=False),
              help="Analytic confidence, apart from likelihood.")
@click.option("--criteria", type=CRITERIA, help="What would settle it.")
@click.option("--made", type=params.DATE, help="When it was made: YYYY, YYYY-MM or YYYY-MM-DD. Default: today.")
@click.option("--claim", "claim_id", type=params.ID, help="The claim it came from.")
@click.option("--actor", "actors", multiple=True, type=params.ACTOR_WITH_ROLE,
              help="An actor it concerns, by name, alias or code, with an optional role: Russia:target (repeatable).")
@click.option("--tag", "tags", multiple=True, type=params.TAG, help="A tag (repeatable).")
@click.option("--allow-duplicate", is_flag=True,
              help="Record it even if an open prediction asks nearly the same (else: add a forecast to that one).")
@params.arms_transfer_options
@click.option("--note", "notes", type=NOTES, help="Notes on the prediction (kept with it, shown by prediction show).")
@format_option
@pass_app
def add(
    app: AppContext,
    statement: str,
    resolve_by: domain.Deadline,
    predictor: str | None,
    source: int | str | None,
    probability: float | None,
    likelihood: str | None,
    confidence: str | None,
    criteria: str | None,
    made: domain.PartialDate | None,
    claim_id: int | None,
    actors: tuple[tuple[str, str], ...],
    tags: tuple[str, ...],
    allow_duplicate: bool,
    supplier: str | None,
    recipient: str | None,
    category: str | None,
    item: str | None,
    quantity: int | None,
    notes: str | None,
    fmt: str,
) -> None:
    """Record a prediction; prints its id (with --format json, the whole record).

    An expected arms transfer takes --supplier, --recipient and --category together. A statement
    nearly the same as an open prediction's is refused, naming it: another forecaster's view of it
    is a forecast on that one (claimtrack prediction forecast ID --by X ...); --allow-duplicate
    records it all the same.

    \b
    Example:
      claimtrack prediction add "North Korea will export more war materials to Russia" \\
        --source https://example.org/article --resolve-by 2027 --likelihood likely --confidence moderate \\
        --supplier PRK --recipient RUS --category ammunition --item "152 mm shells" --tag arms
    """
    from claimtrack.services.clock import database_today
    from claimtrack.services.predictions import add_prediction, get_prediction

    facet = params.arms_transfer_given(supplier, recipient, category, item, quantity)
    with app.transaction() as connection:
        prediction_id = add_prediction(
            connection,
            statement=statement,
            resolve_by=params.deadline_on(resolve_by, database_today(connection)),
            recorded_by=app.actor,
            made=made,
            predictor=predictor,
            source=source,
            probability=probability,
            likelihood=likelihood,
            confidence=confidence,
            criteria=criteria,
            claim_id=claim_id,
            actors=actors,
            tags=tags,
            allow_duplicate=allow_duplicate,
            arms_transfer=facet,
            notes=notes,
        )
        detail = get_prediction(connection, prediction_id) if fmt != "table" else None
    if detail is None:
        click.echo(prediction_id)
    else:
        render(prediction_record(detail), fmt)


@prediction.command("list")
@click.option("--status", type=click.Choice(domain.PREDICTION_STATUSES, case_sensitive=False), help="Only predictions with this status.")
@click.option("--overdue", is_flag=True, help="Only open predictions past their deadline.")
@click.option("--due-within", type=params.DUE_WITHIN, metavar="DAYS", help="Only open predictions due in the next DAYS days.")
@click.option("--actor", metavar="NAME", type=params.ACTOR, help="Only predictions by or about this actor.")
@click.option("--tag", type=params.TAG, help="Only predictions with this tag.")
@click.option("--by", "by", metavar="ACTOR", type=params.ACTOR, help="Only predictions this actor has forecast.")
@click.option("--as-of", type=params.DATE,
              help="Status as it stood on this day (a month or year: its last day), rebuilt from history, "
                   "and the probability each forecaster held that day.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True, help="At most this many.")
@format_option
@pass_app
def list_command(
    app: AppContext,
    status: str | None,
    overdue: bool,
    due_within: int | None,
    actor: str | None,
    tag: str | None,
    by: str | None,
    as_of: domain.PartialDate | None,
    limit: int,
    fmt: str,
) -> None:
    """List predictions, soonest deadline first, each with the probability each forecaster held
    (held), at the end of the --as-of day if given.

    --overdue and --due-within count from today (the database's date), or from the --as-of day.

    \b
    Examples:
      claimtrack prediction list --overdue
      claimtrack prediction list --actor PRK --as-of 2025-06-30 --format json
      claimtrack prediction list --by ISW --as-of 2025-03
    """
    from claimtrack.services.prediction_reading import PredictionLine, list_predictions

    with app.transaction() as connection:
        page = list_predictions(
            connection,
            status=status,
            overdue=overdue,
            due_within=due_within,
            actor=actor,
            tag=tag,
            as_of=as_of.last_day if as_of else None,
            limit=limit,
            by=by,
        )
    title = f"predictions as of {as_of.last_day}" if as_of else "predictions"
    render(Rows.of(PredictionLine, page.lines, title=title), fmt)
    if page.more:
        click.echo(f"more predictions match than the {limit} shown; raise --limit to see them.", err=True)


@prediction.command()
@click.argument("prediction_id", metavar="ID", type=params.ID)
@click.option("--as-of", "as_of", type=params.DATE,
              help="Show it as it stood at the end of this date: its question then (before later edits), its status, a resolution only once it took effect.")
@format_option
@pass_app
def show(app: AppContext, prediction_id: int, as_of: domain.PartialDate | None, fmt: str) -> None:
    """Show a prediction: its fields, arms-transfer facet, evidence, whole history, corrections and
    every forecaster's forecasts (each stood until their next one).

    \b
    Examples:  claimtrack prediction show 12
               claimtrack prediction show 12 --as-of 2025-01   # before its deadline was moved, say
    """
    from claimtrack.services.prediction_reading import get_prediction

    with app.transaction() as connection:
        detail = get_prediction(connection, prediction_id)
        if as_of is not None:
            from claimtrack.services.record_as_of import prediction_as_of

            detail = prediction_as_of(connection, detail, as_of)
    render(prediction_record(detail, as_of), fmt)


def _verdict(outcome: str) -> click.Command:
    """confirm and refute: the same command, for a different outcome."""

    @click.argument("prediction_id", metavar="ID", type=params.ID)
    @click.option("--evidence", type=params.SOURCE, help="The source that settles it: an id or a URL.")
    @click.option("--claim", "claim_id", type=params.ID,
                  help="A claim that settles it, with its sources (with --evidence: which of them).")
    @click.option("--note", type=NOTE, help="What the evidence shows.")
    @click.option("--on", "on", type=params.DATE, help="When it was settled (a month or year: its first day). Default: today.")
    @pass_app
    def command(
        app: AppContext, prediction_id: int, evidence: int | str | None, claim_id: int | None, note: str | None,
        on: domain.PartialDate | None,
    ) -> None:
        if evidence is None and claim_id is None:
            raise click.UsageError("give the evidence: --evidence S (a source) or --claim C (a claim, with its sources).")
        from claimtrack.services.predictions import resolve_prediction

        with app.transaction() as connection:
            done = resolve_prediction(
                connection, prediction_id=prediction_id, outcome=outcome, recorded_by=app.actor,
                evidence=evidence, evidence_claim=claim_id, note=note, on=on.value if on else None,
            )
        _tell(done)

    verb = "confirm" if outcome == "confirmed" else "refute"
    command.__doc__ = f"""Mark an open prediction {outcome}, on an evidence source or a claim.

    A claim counts with its sources: the verdict rests on the claim and on one of the sources that
    support or report it (with --evidence, that one; else the best: supporting first, then by
    reliability). A deleted claim, or one with no such source, is refused.

    \b
    Examples:  claimtrack prediction {verb} 12 --evidence https://example.org/report --on 2026-03-01
               claimtrack prediction {verb} 12 --claim 40
    """
    return prediction.command(verb)(command)


confirm = _verdict("confirmed")
refute = _verdict("refuted")


@prediction.command()
@click.argument("prediction_id", metavar="ID", type=params.ID)
@click.option("--as", "outcome", required=True, type=click.Choice(domain.ANNULMENTS),
              help="ambiguous: it cannot be settled; withdrawn: the predictor took it back.")
@click.option("--note", required=True, type=NOTE, help="Why.")
@click.option("--on", "on", type=params.DATE, help="When it was annulled (a month or year: its first day). Default: today.")
@pass_app
def annul(app: AppContext, prediction_id: int, outcome: str, note: str, on: domain.PartialDate | None) -> None:
    """Close an open prediction without a verdict: ambiguous or withdrawn, with a note.

    \b
    Example:  claimtrack prediction annul 12 --as ambiguous --note "the criteria cannot be checked"
    """
    from claimtrack.services.predictions import resolve_prediction

    with app.transaction() as connection:
        done = resolve_prediction(
            connection, prediction_id=prediction_id, outcome=outcome, recorded_by=app.actor, note=note, on=on.value if on else None
        )
    _tell(done)


@prediction.command()
@click.argument("prediction_id", metavar="ID", type=params.ID)
@click.option("--reason", required=True, type=REASON, help="Why it is reopened (kept in the history).")
@click.option("--on", "on", type=params.DATE, help="When it was reopened (a month or year: its first day). Default: today.")
@pass_app
def reopen(app: AppContext, prediction_id: int, reason: str, on: domain.PartialDate | None) -> None:
    """Return a resolved prediction to open; its resolution stays in the history.

    \b
    Example:  claimtrack prediction reopen 12 --reason "the evidence was retracted"
    """
    from claimtrack.services.predictions import reopen_prediction

    with app.transaction() as connection:
        done = reopen_prediction(connection, prediction_id=prediction_id, reason=reason, on=on.value if on else None)
    _tell(done)


def _tell(done: Transition) -> None:
    click.echo(f"prediction {done.prediction_id}: {done.from_status} -> {done.to_status} on {done.effective_on}.", err=True)


# Correcting a prediction (cli.prediction_edit) and forecasting it over time (cli.prediction_forecast).
from claimtrack.cli import prediction_edit, prediction_forecast  # noqa: E402

prediction_edit.register(prediction)
prediction_forecast.register(prediction)
