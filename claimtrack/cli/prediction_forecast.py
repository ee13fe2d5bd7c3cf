"""claimtrack prediction forecast: a forecaster's probability on a prediction at a date. A
revision is a new forecast; each stands until the forecaster's next one or the resolution."""

from __future__ import annotations

import click

from claimtrack import domain
from claimtrack.cli import params
from claimtrack.cli.context import AppContext, pass_app

NOTE = params.TextParam("note")


def register(prediction: click.Group) -> None:
    """Add the forecasting command to the `prediction` group."""
    prediction.add_command(forecast)


@click.command("forecast")
@click.argument("prediction_id", metavar="ID", type=params.ID)
@click.option("--by", "forecaster", metavar="ACTOR", type=params.ACTOR, help="Who forecasts: an actor's name, alias or ISO code.")
@click.option("--source", type=params.SOURCE, help="Or a source that forecasts (a report, say): an id or URL, instead of --by.")
@click.option("--probability", type=params.PROBABILITY, help="Probability from 0 to 1.")
@click.option("--likelihood", type=click.Choice(list(domain.LIKELIHOOD_TERMS), case_sensitive=False),
              help="ICD 203 estimative term; alone, it stores the midpoint of its range.")
@click.option("--confidence", type=click.Choice(domain.CONFIDENCE_LEVELS, case_sensitive=False),
              help="Analytic confidence, apart from likelihood.")
@click.option("--on", "made", type=params.DATE,
              help="When it was made: YYYY, YYYY-MM or YYYY-MM-DD; not before the forecaster's previous forecast. Default: today.")
@click.option("--evidence", "evidence", multiple=True, type=params.SOURCE, help="A source it rests on: an id or URL (repeatable).")
@click.option("--claim", "claims", multiple=True, type=params.ID, help="A claim it rests on (repeatable).")
@click.option("--note", type=NOTE, help="The rationale.")
@pass_app
def forecast(
    app: AppContext, prediction_id: int, forecaster: str | None, source: int | str | None, probability: float | None,
    likelihood: str | None, confidence: str | None, made: domain.PartialDate | None, evidence: tuple[int | str, ...],
    claims: tuple[int, ...], note: str | None,
) -> None:
    """Record a forecast on an open prediction: who gives it what probability, on what day, on what
    evidence; prints its id. A forecaster revises by forecasting again; the earlier forecast stays,
    and stood until then (see: prediction show, report forecast_scores).

    \b
    Example:
      claimtrack prediction forecast 12 --by ISW --likelihood "very likely" --on 2025-03-02 \\
        --evidence https://example.org/satellite-images --note "shells seen at Rajin"
    """
    from claimtrack.services.forecasts import add_forecast

    with app.transaction() as connection:
        forecast_id = add_forecast(
            connection, prediction_id=prediction_id, recorded_by=app.actor, forecaster=forecaster, source=source,
            probability=probability, likelihood=likelihood, confidence=confidence, made=made, evidence=evidence,
            claims=claims, note=note,
        )
    click.echo(forecast_id)
