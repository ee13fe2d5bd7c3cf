"""Forecasts: a forecaster's probability on a prediction at a date, revised by recording another.

A prediction is the question; each forecaster (an actor, or a source) has any number of forecasts
on it, each standing from its made-on date until their next one or the resolution. Forecasts are
append-only (20261204_0010): a revision is a new forecast. The first forecast of a prediction made
with a predictor and a probability is written by the database, from the prediction's own columns.
The database refuses what this module refuses, for any client; this module says it better first.
Written on psycopg, as the everyday commands' services are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from claimtrack import domain
from claimtrack.domain import PartialDate, stored_date
from claimtrack.errors import BadSetting, InvalidValue, RefusedTransition
from claimtrack.services.clock import database_today
from claimtrack.services.lookup import (
    ActorRef,
    find_actor,
    find_source,
    no_such_prediction,
    stored_text,
    surviving_claim,
)

if TYPE_CHECKING:
    from psycopg import Connection


@dataclass(frozen=True)
class ForecastEntry:
    """One forecast, as `prediction show` lists them (each forecaster's in the order they stood)."""

    id: int
    forecaster: str
    made_on: PartialDate
    probability: float
    likelihood: str | None
    confidence: str | None
    note: str | None
    evidence: list[str] = field(default_factory=list)  # "source 2: its title", "claim 4: its statement"
    recorded_by: str = ""


def add_forecast(
    connection: Connection[Any],
    *,
    prediction_id: int,
    recorded_by: str,
    forecaster: str | None = None,
    source: int | str | None = None,
    probability: float | None = None,
    likelihood: str | None = None,
    confidence: str | None = None,
    made: PartialDate | None = None,
    evidence: Sequence[int | str] = (),
    claims: Sequence[int] = (),
    note: str | None = None,
) -> int:
    """Record `forecaster`'s (an actor's name, alias or code; or `source`'s) forecast on an open
    prediction, made on `made` (default: today), citing the sources `evidence` and the claims
    `claims`; returns its id. Refused on a resolved prediction, after today, before the
    prediction was made, and before the forecaster's previous forecast on it. A bad value
    (a probability and a term that disagree, a note too long) is BadSetting (exit 2)."""
    if (forecaster is None) == (source is None):
        raise BadSetting("a forecast is one forecaster's: give --by ACTOR or --source S, one of the two.")
    if probability is None and likelihood is None:
        raise BadSetting("a forecast needs a probability: give --probability P or --likelihood TERM.")
    try:
        probability, likelihood = _estimate(probability, likelihood)
        if confidence is not None and confidence not in domain.CONFIDENCE_LEVELS:
            raise InvalidValue(f'"{confidence}" is not a confidence level; use one of: {", ".join(domain.CONFIDENCE_LEVELS)}.')
        note = stored_text("note", (note or "").strip()) or None
        stored_text("user", recorded_by)
    except InvalidValue as error:
        raise BadSetting(str(error)) from None
    assert probability is not None

    row = connection.execute(
        "SELECT status, made_on, made_precision FROM prediction WHERE id = %s FOR SHARE", (prediction_id,)
    ).fetchone()
    if row is None:
        raise no_such_prediction(prediction_id)
    status, made_on, made_precision = row
    if status != "open":
        raise RefusedTransition(
            f"prediction {prediction_id} is {status}; a resolved prediction takes no more forecasts. "
            f"Reopen it first: claimtrack prediction reopen {prediction_id} --reason TEXT"
        )
    actor = find_actor(connection, forecaster) if forecaster is not None else None
    source_id = find_source(connection, source, recorded_by=recorded_by) if source is not None else None
    who = str(actor) if actor is not None else f"source {source_id}"
    today = database_today(connection)
    made = made or PartialDate(today, "day")
    question_made = stored_date(made_on, made_precision)
    if made.value > today:
        raise InvalidValue(f"--on {made} is in the future; a forecast is recorded on or after the day it was made (today is {today}).")
    if made.value < question_made.value:
        raise InvalidValue(
            f"--on {made} is before prediction {prediction_id} was made ({question_made}); give a date on or after {question_made}."
        )
    previous = _previous_forecast_on(connection, prediction_id, actor, source_id)
    if previous is not None and made.value < previous:
        raise InvalidValue(
            f"--on {made} is before {who}'s previous forecast on prediction {prediction_id} ({previous}); "
            f"a revision comes on or after it: give --on {previous} or later."
        )
    source_ids = [find_source(connection, reference, recorded_by=recorded_by) for reference in evidence]
    claim_ids = [surviving_claim(connection, claim_id) for claim_id in claims]

    inserted = connection.execute(
        "INSERT INTO forecast (prediction_id, actor_id, source_id, probability, likelihood, confidence, made_on, made_precision, note, recorded_by)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
        (prediction_id, actor.id if actor else None, source_id, probability, likelihood, confidence, made.value, made.precision, note, recorded_by),
    ).fetchone()
    assert inserted is not None
    forecast_id = int(inserted[0])
    cited = [(forecast_id, s, None) for s in dict.fromkeys(source_ids)] + [(forecast_id, None, c) for c in dict.fromkeys(claim_ids)]
    if cited:
        connection.cursor().executemany("INSERT INTO forecast_evidence (forecast_id, source_id, claim_id) VALUES (%s, %s, %s)", cited)
    return forecast_id


def _estimate(probability: float | None, likelihood: str | None) -> tuple[float | None, str | None]:
    try:
        return domain.estimate(probability, likelihood)  # the one home of "a term alone is its midpoint"
    except ValueError as problem:
        raise InvalidValue(str(problem)) from None


def _previous_forecast_on(connection: Connection[Any], prediction_id: int, actor: ActorRef | None, source_id: int | None) -> date | None:
    row = connection.execute(
        "SELECT max(made_on) FROM forecast WHERE prediction_id = %s AND actor_id IS NOT DISTINCT FROM %s AND source_id IS NOT DISTINCT FROM %s",
        (prediction_id, actor.id if actor else None, source_id),
    ).fetchone()
    return row[0] if row else None


def forecasts_of(connection: Connection[Any], prediction_id: int) -> list[ForecastEntry]:
    """Every forecast on a prediction, by forecaster (in the order each first forecast), then as they stood."""
    rows = connection.execute(
        """
        SELECT f.id, coalesce(CASE WHEN a.iso_code IS NOT NULL THEN a.name || ' (' || a.iso_code || ')' ELSE a.name END, s.title),
               f.made_on, f.made_precision, f.probability, f.likelihood, f.confidence, f.note,
               ARRAY(SELECT CASE WHEN e.source_id IS NOT NULL THEN 'source ' || e.source_id || ': ' || es.title
                                 ELSE 'claim ' || e.claim_id || ': ' || ec.statement END
                     FROM forecast_evidence e LEFT JOIN source es ON es.id = e.source_id LEFT JOIN claim ec ON ec.id = e.claim_id
                     WHERE e.forecast_id = f.id ORDER BY e.id),
               f.recorded_by
        FROM forecast f
        LEFT JOIN actor a ON a.id = f.actor_id
        LEFT JOIN source s ON s.id = f.source_id
        WHERE f.prediction_id = %s
        ORDER BY min(f.id) OVER (PARTITION BY f.actor_id, f.source_id), f.made_on, f.id
        """,
        (prediction_id,),
    ).fetchall()
    return [
        ForecastEntry(id_, who, stored_date(made_on, precision), probability, likelihood, confidence, note, list(cited), recorded_by)
        for id_, who, made_on, precision, probability, likelihood, confidence, note, cited, recorded_by in rows
    ]


def held_on(connection: Connection[Any], prediction_ids: Sequence[int], as_of: date | None = None) -> dict[int, list[str]]:
    """For each prediction, the probability each forecaster held at the end of `as_of` (default:
    now), as "Forecaster: 0.7", forecasters in the order of their first forecast on it."""
    if not prediction_ids:
        return {}
    rows = connection.execute(
        """
        SELECT held.prediction_id, held.forecaster, held.probability
        FROM (
            SELECT DISTINCT ON (f.prediction_id, f.actor_id, f.source_id)
                   f.prediction_id, f.probability,
                   coalesce(CASE WHEN a.iso_code IS NOT NULL THEN a.name || ' (' || a.iso_code || ')' ELSE a.name END, s.title) AS forecaster,
                   min(f.id) OVER (PARTITION BY f.prediction_id, f.actor_id, f.source_id) AS first_id
            FROM forecast f
            LEFT JOIN actor a ON a.id = f.actor_id
            LEFT JOIN source s ON s.id = f.source_id
            WHERE f.prediction_id = ANY(%(ids)s) AND (%(as_of)s::date IS NULL OR f.made_on <= %(as_of)s::date)
            ORDER BY f.prediction_id, f.actor_id, f.source_id, f.made_on DESC, f.id DESC
        ) AS held
        ORDER BY held.prediction_id, held.first_id
        """,
        {"ids": list(prediction_ids), "as_of": as_of},
    ).fetchall()
    found: dict[int, list[str]] = {prediction_id: [] for prediction_id in prediction_ids}
    for prediction_id, forecaster, probability in rows:
        found[prediction_id].append(f"{forecaster}: {probability:g}")
    return found


def later_forecasts(connection: Connection[Any]) -> int:
    """How many forecasts are not a prediction's first (the one its own columns hold): what a
    downgrade below 20261204_0010 drops."""
    row = connection.execute(
        """
        SELECT count(*) FROM forecast f
        WHERE f.id IS DISTINCT FROM (
            SELECT min(g.id) FROM forecast g JOIN prediction p ON p.id = g.prediction_id
            WHERE g.prediction_id = f.prediction_id AND g.made_on = p.made_on AND g.probability = p.probability
              AND (g.actor_id = p.predictor_actor_id OR (p.predictor_actor_id IS NULL AND g.source_id = p.predictor_source_id))
        )
        """
    ).fetchone()
    return int(row[0]) if row else 0
