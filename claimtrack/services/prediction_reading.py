"""Predictions read back: a page of them by deadline (as they stand, or as of a day), or one in full.

"Today", from which overdue and due-within count, is the database's (services.clock).
Written on psycopg, as the everyday commands' services are (see db.engine.Database.transaction).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from claimtrack import domain
from claimtrack.domain import PartialDate, stored_date
from claimtrack.domain.arms import ArmsTransfer
from claimtrack.errors import InvalidValue
from claimtrack.services import history
from claimtrack.services.claim_reading import arms_transfers_of
from claimtrack.services.clock import database_today
from claimtrack.services.lookup import ActorRef, find_actor, no_such_prediction
from claimtrack.services.record_changes import ChangeEntry, changes_of

if TYPE_CHECKING:
    from psycopg import Connection

    from claimtrack.services.forecasts import ForecastEntry


@dataclass(frozen=True)
class EvidenceCited:
    source_id: int
    title: str
    url: str | None
    reliability: str
    cited_for: str
    effective_on: date
    claim_id: int | None  # --claim: the claim the verdict rests on, this source one of its own
    claim: str | None  # its statement


@dataclass(frozen=True)
class PredictionLine:
    """One row of `prediction list`; with an as-of date, status and overdue are as of that day."""

    id: int
    status: str
    statement: str
    predictor: str | None
    made_on: PartialDate
    resolve_by: PartialDate
    probability: float | None
    likelihood: str | None
    confidence: str | None
    overdue: bool
    # The probability each forecaster held at the end of the --as-of day (else now): "ISW: 0.85".
    held: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PredictionPage:
    lines: list[PredictionLine]
    more: bool  # more predictions match than the limit let through


@dataclass(frozen=True)
class PredictionDetail:
    id: int
    statement: str
    status: str
    overdue: bool
    predictor: str | None
    predictor_source_id: int | None
    predictor_source: str | None
    made_on: PartialDate
    resolve_by: PartialDate
    probability: float | None
    likelihood: str | None
    confidence: str | None
    criteria: str | None
    claim_id: int | None
    actors: list[str]
    tags: list[str]
    resolved_on: date | None
    resolution_note: str | None
    evidence_source_id: int | None
    evidence_claim_id: int | None  # a verdict on a claim's evidence (--claim); evidence_source_id is one of its sources
    recorded_by: str
    created_at: datetime
    updated_at: datetime
    notes: str | None = None
    arms_transfer: list[ArmsTransfer] = field(default_factory=list)  # none or one
    evidence: list[EvidenceCited] = field(default_factory=list)
    history: list[history.HistoryEntry] = field(default_factory=list)
    changes: list[ChangeEntry] = field(default_factory=list)  # corrections: prediction edit, merges, psql
    forecasts: list[ForecastEntry] = field(default_factory=list)  # every forecaster's, as they stood


def list_predictions(
    connection: Connection[Any],
    *,
    status: str | None = None,
    overdue: bool = False,
    due_within: int | None = None,
    actor: str | None = None,
    tag: str | None = None,
    as_of: date | None = None,
    after: int | None = None,
    limit: int = 50,
    by: str | None = None,
    statuses: Sequence[str] | None = None,
) -> PredictionPage:
    """Predictions by deadline (from the prediction after prediction `after`, for paging). With
    `as_of`, each one's status as it stood that day (rebuilt from history; predictions made later
    are left out), and overdue/due-within count from that day. With `by` (an actor), only the
    predictions it has forecast (by that day, with `as_of`). `statuses`: only those in any of
    them (the dashboard's resolved predictions), as `status` is one. Each line holds the
    probability each forecaster held at the end of that day (else now)."""
    for wanted in (status, *(statuses or ())):
        if wanted is not None and wanted not in domain.PREDICTION_STATUSES:
            raise InvalidValue(f'"{wanted}" is not a prediction status; use one of: {", ".join(domain.PREDICTION_STATUSES)}.')
    params: dict[str, Any] = {"reference": as_of or database_today(connection), "limit": limit + 1}
    status_column, joined = "prediction.status", ""
    if as_of is not None:  # predictions made after that day have no status yet, and drop out here
        status_column = "status_then.status"
        joined = f" JOIN ({history.status_as_of('prediction')}) AS status_then ON status_then.record_id = prediction.id"
        params["as_of"] = as_of
    is_overdue = f"{status_column} = 'open' AND prediction.resolve_by < %(reference)s"
    conditions: list[str] = []
    if status is not None:
        conditions.append(f"{status_column} = %(status)s")
        params["status"] = status
    if statuses is not None:
        conditions.append(f"{status_column} = ANY(%(statuses)s)")
        params["statuses"] = list(statuses)
    if overdue:
        conditions.append(is_overdue)
    if due_within is not None:
        conditions.append(f"{status_column} = 'open' AND prediction.resolve_by BETWEEN %(reference)s AND %(due_by)s")
        params["due_by"] = domain.days_after(params["reference"], due_within)
    if actor is not None:
        conditions.append(
            "(prediction.predictor_actor_id = %(actor)s OR EXISTS (SELECT FROM prediction_actor"
            " WHERE prediction_actor.prediction_id = prediction.id AND prediction_actor.actor_id = %(actor)s))"
        )
        params["actor"] = find_actor(connection, actor).id
    if tag is not None:
        try:
            params["tag"] = domain.normalise_tag(tag)
        except ValueError as error:
            raise InvalidValue(str(error)) from None
        conditions.append(
            "EXISTS (SELECT FROM prediction_tag JOIN tag ON tag.id = prediction_tag.tag_id"
            " WHERE prediction_tag.prediction_id = prediction.id AND tag.name = %(tag)s)"
        )
    if by is not None:
        conditions.append(
            "EXISTS (SELECT FROM forecast WHERE forecast.prediction_id = prediction.id AND forecast.actor_id = %(by)s"
            + (" AND forecast.made_on <= %(as_of)s)" if as_of is not None else ")")
        )
        params["by"] = find_actor(connection, by).id
    if after is not None:
        conditions.append("(prediction.resolve_by, prediction.id) > (SELECT resolve_by, id FROM prediction WHERE id = %(after)s)")
        params["after"] = after
    where = f" WHERE {' AND '.join(f'({condition})' for condition in conditions)}" if conditions else ""
    # The page's ids first, from the few columns the order and the filters read (so that the sort
    # keeps only the page's rows: at 200,000 predictions, sorting every match whole with its
    # statement took a quarter of a second), then those predictions' other columns.
    rows = connection.execute(
        f"""
        SELECT prediction.id, {status_column}, {is_overdue}
        FROM prediction{joined}
        {where}
        ORDER BY prediction.resolve_by, prediction.id
        LIMIT %(limit)s
        """,
        params,
    ).fetchall()
    shown = rows[:limit]
    details = _line_details(connection, [prediction_id for prediction_id, _, _ in shown])
    lines = [
        replace(details[prediction_id], status=line_status, overdue=bool(line_overdue)) for prediction_id, line_status, line_overdue in shown
    ]
    from claimtrack.services.forecasts import held_on

    held = held_on(connection, [line.id for line in lines], as_of)
    lines = [replace(line, held=held[line.id]) for line in lines]
    return PredictionPage(lines, more=len(rows) > limit)


def _line_details(connection: Connection[Any], prediction_ids: list[int]) -> dict[int, PredictionLine]:
    """The lines of these predictions as they stand (their status and overdue to be set by the list)."""
    if not prediction_ids:
        return {}
    rows = connection.execute(
        """
        SELECT prediction.id, prediction.status, prediction.statement, predictor.name, predictor.iso_code,
               predictor_source.title, prediction.made_on, prediction.made_precision, prediction.resolve_by,
               prediction.resolve_by_precision, prediction.probability, prediction.likelihood, prediction.confidence
        FROM prediction
        LEFT JOIN actor AS predictor ON predictor.id = prediction.predictor_actor_id
        LEFT JOIN source AS predictor_source ON predictor_source.id = prediction.predictor_source_id
        WHERE prediction.id = ANY(%s)
        """,
        (prediction_ids,),
    ).fetchall()
    return {
        row[0]: PredictionLine(
            id=row[0],
            status=row[1],
            statement=row[2],
            predictor=_predictor(row[3], row[4], row[5]),
            made_on=stored_date(row[6], row[7]),
            resolve_by=domain.stored_deadline(row[8], row[9]),
            probability=row[10],
            likelihood=row[11],
            confidence=row[12],
            overdue=False,
        )
        for row in rows
    }


def get_prediction(connection: Connection[Any], prediction_id: int) -> PredictionDetail:
    from claimtrack.services.forecasts import forecasts_of

    row = connection.execute(
        """
        SELECT prediction.id, prediction.statement, prediction.status, prediction.resolve_by < current_date,
               predictor.name, predictor.iso_code, prediction.predictor_source_id, predictor_source.title,
               prediction.made_on, prediction.made_precision, prediction.resolve_by, prediction.resolve_by_precision,
               prediction.probability, prediction.likelihood, prediction.confidence, prediction.criteria,
               prediction.claim_id, prediction.resolved_on, prediction.resolution_note, prediction.evidence_source_id,
               prediction.evidence_claim_id, prediction.recorded_by, prediction.created_at, prediction.updated_at, prediction.notes
        FROM prediction
        LEFT JOIN actor AS predictor ON predictor.id = prediction.predictor_actor_id
        LEFT JOIN source AS predictor_source ON predictor_source.id = prediction.predictor_source_id
        WHERE prediction.id = %s
        """,
        (prediction_id,),
    ).fetchone()
    if row is None:
        raise no_such_prediction(prediction_id)
    (id_, statement, status, past_deadline, predictor_name, predictor_code, predictor_source_id, predictor_source,
     made_on, made_precision, resolve_by, resolve_by_precision, probability, likelihood, confidence, criteria,
     claim_id, resolved_on, resolution_note, evidence_source_id, evidence_claim_id, recorded_by, created_at, updated_at,
     notes) = row  # fmt: skip
    actors = connection.execute(
        "SELECT actor.name, actor.iso_code FROM actor JOIN prediction_actor ON prediction_actor.actor_id = actor.id"
        " WHERE prediction_actor.prediction_id = %s ORDER BY actor.name",
        (prediction_id,),
    ).fetchall()
    tags = connection.execute(
        "SELECT tag.name FROM tag JOIN prediction_tag ON prediction_tag.tag_id = tag.id"
        " WHERE prediction_tag.prediction_id = %s ORDER BY tag.name",
        (prediction_id,),
    ).fetchall()
    return PredictionDetail(
        id=id_,
        statement=statement,
        status=status,
        overdue=status == "open" and past_deadline,
        predictor=_actor_label(predictor_name, predictor_code) if predictor_name is not None else None,
        predictor_source_id=predictor_source_id,
        predictor_source=predictor_source,
        made_on=stored_date(made_on, made_precision),
        resolve_by=domain.stored_deadline(resolve_by, resolve_by_precision),
        probability=probability,
        likelihood=likelihood,
        confidence=confidence,
        criteria=criteria,
        claim_id=claim_id,
        actors=[_actor_label(name, code) for name, code in actors],
        tags=[name for (name,) in tags],
        resolved_on=resolved_on,
        resolution_note=resolution_note,
        evidence_source_id=evidence_source_id,
        evidence_claim_id=evidence_claim_id,
        recorded_by=recorded_by,
        created_at=created_at,
        updated_at=updated_at,
        notes=notes,
        arms_transfer=arms_transfers_of(connection, "prediction", prediction_id, with_codes=True),
        evidence=_evidence_of(connection, prediction_id),
        history=history.history_of(connection, "prediction", prediction_id),
        changes=changes_of(connection, "prediction", prediction_id),
        forecasts=forecasts_of(connection, prediction_id),
    )


def _evidence_of(connection: Connection[Any], prediction_id: int) -> list[EvidenceCited]:
    """Every source the prediction was ever resolved on, in the order they were cited, with the
    claim it was cited for (--claim) when it was."""
    rows = connection.execute(
        """
        SELECT source.id, source.title, source.url, source.reliability, h.to_status, h.effective_on,
               h.evidence_claim_id, claim.statement
        FROM source JOIN status_history h ON h.evidence_source_id = source.id
        LEFT JOIN claim ON claim.id = h.evidence_claim_id
        WHERE h.prediction_id = %s
        ORDER BY h.changed_at, h.id
        """,
        (prediction_id,),
    ).fetchall()
    return [EvidenceCited(*row) for row in rows]


def _actor_label(name: str, iso_code: str | None) -> str:
    return str(ActorRef(0, name, iso_code))  # "North Korea (PRK)", as every message names actors


def _predictor(actor_name: str | None, actor_code: str | None, source_title: str | None) -> str | None:
    """Who made a prediction, for a list: the actor, else the source it was made in."""
    return _actor_label(actor_name, actor_code) if actor_name is not None else source_title
