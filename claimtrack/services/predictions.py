"""Predictions: record one, list and show them, and move them through their statuses.

Status changes are safe under concurrency without holding locks while the user waits: a
transition reads the current status (to explain a refusal well), then writes with a conditional
`UPDATE … WHERE status = <what was read>`. Of many analysts resolving the same prediction at once,
exactly one UPDATE matches; the others match no row, write nothing, and are told who won.
History rows are written by the database's trigger, one per status change.

Written on psycopg (see db.engine.Database.transaction): these are the everyday commands, and
SQLAlchemy would cost them more than all their SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Any

from claimtrack import domain
from claimtrack.domain import PartialDate
from claimtrack.errors import Conflict, InvalidValue, NotFound, RefusedTransition
from claimtrack.services import history
from claimtrack.services.lookup import ActorRef, find_actor, find_source, stored_text, tag_ids

if TYPE_CHECKING:
    from psycopg import Connection

VERDICTS = ("confirmed", "refuted")  # need an evidence source
ANNULMENTS = ("ambiguous", "withdrawn")  # need a note


@dataclass(frozen=True)
class ArmsTransferSpec:
    """The arms-transfer facet as given: actor references still to be looked up."""

    supplier: str | None = None
    recipient: str | None = None
    category: str | None = None
    item: str | None = None
    quantity: int | None = None


@dataclass(frozen=True)
class ArmsTransferFacet:
    supplier: str
    recipient: str
    category: str
    item: str | None
    quantity: int | None


@dataclass(frozen=True)
class EvidenceCited:
    source_id: int
    title: str
    url: str | None
    reliability: str
    cited_for: str
    effective_on: date


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
    recorded_by: str
    created_at: datetime
    updated_at: datetime
    arms_transfer: list[ArmsTransferFacet] = field(default_factory=list)  # none or one
    evidence: list[EvidenceCited] = field(default_factory=list)
    history: list[history.HistoryEntry] = field(default_factory=list)


@dataclass(frozen=True)
class Transition:
    prediction_id: int
    from_status: str
    to_status: str
    effective_on: date


# --- recording ------------------------------------------------------------------------------------


def add_prediction(
    connection: Connection[Any],
    *,
    statement: str,
    resolve_by: PartialDate,
    recorded_by: str,
    made: PartialDate | None = None,
    predictor: str | None = None,
    source: int | str | None = None,
    probability: float | None = None,
    likelihood: str | None = None,
    confidence: str | None = None,
    criteria: str | None = None,
    claim_id: int | None = None,
    actors: Sequence[str] = (),
    tags: Sequence[str] = (),
    arms_transfer: ArmsTransferSpec | None = None,
) -> int:
    """Record a new open prediction; returns its id."""
    statement = statement.strip()
    if not statement:
        raise InvalidValue("the prediction's statement is empty; say what is expected to happen.")
    stored_text("statement", statement)
    stored_text("user", recorded_by)
    criteria = (criteria or "").strip() or None
    if criteria is not None:
        stored_text("criteria", criteria)
    today = _today(connection)
    made = made or PartialDate(today, "day")
    if made.value > today:
        raise InvalidValue(f"--made {made} is in the future; a prediction is recorded on or after the day it was made.")
    if resolve_by.last_day < made.value:
        raise InvalidValue(
            f"the deadline --resolve-by {resolve_by} is before the prediction was made ({made}); "
            f"give a deadline on or after {made}."
        )
    probability, likelihood = _estimate(probability, likelihood)
    if confidence is not None and confidence not in domain.CONFIDENCE_LEVELS:
        raise InvalidValue(f'"{confidence}" is not a confidence level; use one of: {", ".join(domain.CONFIDENCE_LEVELS)}.')
    if claim_id is not None and connection.execute("SELECT 1 FROM claim WHERE id = %s", (claim_id,)).fetchone() is None:
        raise NotFound(f"no claim {claim_id}; see: claimtrack claim list")
    facet = _arms_transfer(connection, arms_transfer) if arms_transfer is not None else None

    predictor_actor_id = find_actor(connection, predictor).id if predictor else None
    predictor_source_id = find_source(connection, source, recorded_by=recorded_by) if source is not None else None
    inserted = connection.execute(
        """
        INSERT INTO prediction (statement, predictor_actor_id, predictor_source_id, made_on, made_precision,
                                resolve_by, resolve_by_precision, probability, likelihood, confidence, criteria,
                                claim_id, recorded_by)
        VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id
        """,
        (
            statement, predictor_actor_id, predictor_source_id, made.value, made.precision,
            resolve_by.last_day, resolve_by.precision, probability, likelihood, confidence,
            criteria, claim_id, recorded_by,
        ),
    ).fetchone()
    assert inserted is not None
    prediction_id = int(inserted[0])

    # The supplier and recipient of an expected transfer are actors the prediction concerns.
    concerned: dict[int, None] = {find_actor(connection, name).id: None for name in actors}
    if facet is not None:
        supplier, recipient, spec = facet
        concerned.update({supplier.id: None, recipient.id: None})
        connection.execute(
            "INSERT INTO arms_transfer (prediction_id, supplier_id, recipient_id, category, item, quantity)"
            " VALUES (%s, %s, %s, %s, %s, %s)",
            (prediction_id, supplier.id, recipient.id, spec.category, (spec.item or "").strip() or None, spec.quantity),
        )
    links = connection.cursor()
    if concerned:
        links.executemany(
            "INSERT INTO prediction_actor (prediction_id, actor_id) VALUES (%s, %s)",
            [(prediction_id, actor_id) for actor_id in concerned],
        )
    tagged = tag_ids(connection, list(tags))
    if tagged:
        links.executemany(
            "INSERT INTO prediction_tag (prediction_id, tag_id) VALUES (%s, %s)", [(prediction_id, tag_id) for tag_id in tagged]
        )
    return prediction_id


def _estimate(probability: float | None, likelihood: str | None) -> tuple[float | None, str | None]:
    """(probability, term): a term alone stands for its range's midpoint; the two must agree."""
    if probability is not None and not 0 <= probability <= 1:  # nan too: every comparison with it is false
        raise InvalidValue(f"--probability {probability} is not a probability; give a number from 0 to 1.")
    if likelihood is None:
        return probability, None
    term = likelihood.strip().lower()
    if term not in domain.LIKELIHOOD_TERMS:
        raise InvalidValue(f'"{likelihood}" is not an ICD 203 term; use one of: {", ".join(domain.LIKELIHOOD_TERMS)}.')
    if probability is None:
        return domain.likelihood_midpoint(term), term
    if not domain.probability_fits_term(probability, term):
        low, high = domain.LIKELIHOOD_TERMS[term]
        raise InvalidValue(
            f'--probability {probability:g} disagrees with --likelihood "{term}", which means '
            f"{low * 100:g}–{high * 100:g} %; give a probability in that range, or only one of the two."
        )
    return probability, term


def _arms_transfer(connection: Connection[Any], spec: ArmsTransferSpec) -> tuple[ActorRef, ActorRef, ArmsTransferSpec]:
    given = {"--supplier": spec.supplier, "--recipient": spec.recipient, "--category": spec.category}
    missing = [option for option, value in given.items() if not value]
    if missing:
        raise InvalidValue(
            f"an arms transfer needs --supplier, --recipient and --category together; add {', '.join(missing)}."
        )
    assert spec.supplier and spec.recipient and spec.category
    if spec.category not in domain.ARMS_CATEGORIES:
        raise InvalidValue(f'"{spec.category}" is not an arms category; use one of: {", ".join(domain.ARMS_CATEGORIES)}.')
    if spec.quantity is not None and not 1 <= spec.quantity <= domain.QUANTITY_MAX:
        raise InvalidValue(f"--quantity {spec.quantity} is not a quantity; give a whole number from 1 to {domain.QUANTITY_MAX:,}.")
    if spec.item is not None and spec.item.strip():
        stored_text("item", spec.item.strip())
    supplier, recipient = find_actor(connection, spec.supplier), find_actor(connection, spec.recipient)
    if supplier.id == recipient.id:
        raise InvalidValue(
            f"--supplier and --recipient are both {supplier}; an arms transfer goes from one actor to another."
        )
    return supplier, recipient, spec


# --- reading --------------------------------------------------------------------------------------


def list_predictions(
    connection: Connection[Any],
    *,
    status: str | None = None,
    overdue: bool = False,
    due_within: int | None = None,
    actor: str | None = None,
    tag: str | None = None,
    as_of: date | None = None,
    limit: int = 50,
) -> PredictionPage:
    """Predictions by deadline. With `as_of`, each one's status as it stood that day (rebuilt from
    history; predictions made later are left out), and overdue/due-within count from that day."""
    params: dict[str, Any] = {"reference": as_of or _today(connection), "limit": limit + 1}
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
    where = f" WHERE {' AND '.join(f'({condition})' for condition in conditions)}" if conditions else ""
    rows = connection.execute(
        f"""
        SELECT prediction.id, {status_column}, prediction.statement, predictor.name, predictor.iso_code,
               predictor_source.title, prediction.made_on, prediction.made_precision, prediction.resolve_by,
               prediction.resolve_by_precision, prediction.probability, prediction.likelihood,
               prediction.confidence, {is_overdue}
        FROM prediction{joined}
        LEFT JOIN actor AS predictor ON predictor.id = prediction.predictor_actor_id
        LEFT JOIN source AS predictor_source ON predictor_source.id = prediction.predictor_source_id
        {where}
        ORDER BY prediction.resolve_by, prediction.id
        LIMIT %(limit)s
        """,
        params,
    ).fetchall()
    lines = [
        PredictionLine(
            id=row[0],
            status=row[1],
            statement=row[2],
            predictor=_predictor(row[3], row[4], row[5]),
            made_on=_stored(row[6], row[7]),
            resolve_by=_deadline(row[8], row[9]),
            probability=row[10],
            likelihood=row[11],
            confidence=row[12],
            overdue=bool(row[13]),
        )
        for row in rows[:limit]
    ]
    return PredictionPage(lines, more=len(rows) > limit)


def get_prediction(connection: Connection[Any], prediction_id: int) -> PredictionDetail:
    row = connection.execute(
        """
        SELECT prediction.id, prediction.statement, prediction.status, prediction.resolve_by < current_date,
               predictor.name, predictor.iso_code, prediction.predictor_source_id, predictor_source.title,
               prediction.made_on, prediction.made_precision, prediction.resolve_by, prediction.resolve_by_precision,
               prediction.probability, prediction.likelihood, prediction.confidence, prediction.criteria,
               prediction.claim_id, prediction.resolved_on, prediction.resolution_note, prediction.evidence_source_id,
               prediction.recorded_by, prediction.created_at, prediction.updated_at
        FROM prediction
        LEFT JOIN actor AS predictor ON predictor.id = prediction.predictor_actor_id
        LEFT JOIN source AS predictor_source ON predictor_source.id = prediction.predictor_source_id
        WHERE prediction.id = %s
        """,
        (prediction_id,),
    ).fetchone()
    if row is None:
        raise _no_such(prediction_id)
    (id_, statement, status, past_deadline, predictor_name, predictor_code, predictor_source_id, predictor_source,
     made_on, made_precision, resolve_by, resolve_by_precision, probability, likelihood, confidence, criteria,
     claim_id, resolved_on, resolution_note, evidence_source_id, recorded_by, created_at, updated_at) = row  # fmt: skip
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
        made_on=_stored(made_on, made_precision),
        resolve_by=_deadline(resolve_by, resolve_by_precision),
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
        recorded_by=recorded_by,
        created_at=created_at,
        updated_at=updated_at,
        arms_transfer=_facet_of(connection, prediction_id),
        evidence=_evidence_of(connection, prediction_id),
        history=history.history_of(connection, "prediction", prediction_id),
    )


def _facet_of(connection: Connection[Any], prediction_id: int) -> list[ArmsTransferFacet]:
    rows = connection.execute(
        """
        SELECT supplier.name, supplier.iso_code, recipient.name, recipient.iso_code, t.category, t.item, t.quantity
        FROM arms_transfer t
        JOIN actor AS supplier ON supplier.id = t.supplier_id
        JOIN actor AS recipient ON recipient.id = t.recipient_id
        WHERE t.prediction_id = %s
        """,
        (prediction_id,),
    ).fetchall()
    return [
        ArmsTransferFacet(_actor_label(s_name, s_code), _actor_label(r_name, r_code), category, item, quantity)
        for s_name, s_code, r_name, r_code, category, item, quantity in rows
    ]


def _evidence_of(connection: Connection[Any], prediction_id: int) -> list[EvidenceCited]:
    """Every source the prediction was ever resolved on, in the order they were cited."""
    rows = connection.execute(
        """
        SELECT source.id, source.title, source.url, source.reliability, h.to_status, h.effective_on
        FROM source JOIN status_history h ON h.evidence_source_id = source.id
        WHERE h.prediction_id = %s
        ORDER BY h.changed_at, h.id
        """,
        (prediction_id,),
    ).fetchall()
    return [EvidenceCited(*row) for row in rows]


# --- status changes -------------------------------------------------------------------------------


def resolve_prediction(
    connection: Connection[Any],
    *,
    prediction_id: int,
    outcome: str,
    recorded_by: str,
    evidence: int | str | None = None,
    note: str | None = None,
    on: date | None = None,
) -> Transition:
    """open → confirmed / refuted (on an evidence source) or ambiguous / withdrawn (with a note)."""
    if outcome not in domain.RESOLVED_STATUSES:
        raise InvalidValue(f'"{outcome}" is not a resolution; use one of: {", ".join(domain.RESOLVED_STATUSES)}.')
    note = (note or "").strip() or None
    if note is not None:
        stored_text("note", note)
    stored_text("user", recorded_by)
    if outcome in VERDICTS and evidence is None:
        raise InvalidValue(f"marking prediction {prediction_id} {outcome} needs an evidence source (--evidence).")
    if outcome in ANNULMENTS and note is None:
        raise InvalidValue(f"marking prediction {prediction_id} {outcome} needs a note saying why (--note).")

    current, made_on = _current(connection, prediction_id)
    if not domain.prediction_transition_allowed(current, outcome):
        raise RefusedTransition(_refusal(connection, prediction_id, current, outcome))
    today = _today(connection)
    on = on or today
    if on > today:
        raise InvalidValue(f"--on {on} is in the future; a prediction is resolved on or before today ({today}).")
    last = history.last_change(connection, "prediction", prediction_id)
    if on < made_on.value:
        raise InvalidValue(f"--on {on} is before prediction {prediction_id} was made ({made_on}); give a later date.")
    if last is not None and last.from_status is not None and on < last.effective_on:
        # Keeps each prediction's timeline in order, so that --as-of reads it unambiguously.
        raise InvalidValue(
            f"--on {on} is before prediction {prediction_id} was reopened ({last.effective_on}); "
            "a new resolution cannot predate the reopening."
        )
    evidence_id = find_source(connection, evidence, recorded_by=recorded_by) if evidence is not None else None
    history.set_change_context(connection, reason=note, evidence_source_id=evidence_id)
    _conditional_update(
        connection, prediction_id, current,
        status=outcome, resolved_on=on, evidence_source_id=evidence_id, resolution_note=note,
    )
    return Transition(prediction_id, current, outcome, on)


def reopen_prediction(connection: Connection[Any], *, prediction_id: int, reason: str) -> Transition:
    """A resolved prediction back to open; its resolution (date, evidence, note) is cleared, and
    stays in the history with the reason for reopening."""
    reason = reason.strip()
    if not reason:
        raise InvalidValue(f"reopening prediction {prediction_id} needs a reason (--reason).")
    stored_text("reason", reason)
    current, _ = _current(connection, prediction_id)
    if not domain.prediction_transition_allowed(current, "open"):
        raise RefusedTransition(_refusal(connection, prediction_id, current, "open"))
    history.set_change_context(connection, reason=reason)
    _conditional_update(
        connection, prediction_id, current,
        status="open", resolved_on=None, evidence_source_id=None, resolution_note=None,
    )
    return Transition(prediction_id, current, "open", _today(connection))


def _current(connection: Connection[Any], prediction_id: int) -> tuple[str, PartialDate]:
    row = connection.execute("SELECT status, made_on, made_precision FROM prediction WHERE id = %s", (prediction_id,)).fetchone()
    if row is None:
        raise _no_such(prediction_id)
    return row[0], _stored(row[1], row[2])


def _conditional_update(
    connection: Connection[Any],
    prediction_id: int,
    status_read: str,
    *,
    status: str,
    resolved_on: date | None,
    evidence_source_id: int | None,
    resolution_note: str | None,
) -> None:
    """Write only if the status is still the one read; otherwise someone else won the race."""
    written = connection.execute(
        "UPDATE prediction SET status = %s, resolved_on = %s, evidence_source_id = %s, resolution_note = %s"
        " WHERE id = %s AND status = %s RETURNING id",
        (status, resolved_on, evidence_source_id, resolution_note, prediction_id, status_read),
    ).fetchone()
    if written is None:
        # READ COMMITTED: this statement sees the change that beat us, committed meanwhile.
        winner = history.last_change(connection, "prediction", prediction_id)
        if winner is None:  # the prediction itself is gone
            raise _no_such(prediction_id)
        raise Conflict(
            f"prediction {prediction_id} was {_done(winner.to_status)} by {winner.changed_by} at "
            f"{_moment(winner.changed_at)} while you were working; nothing was written."
        )


def _refusal(connection: Connection[Any], prediction_id: int, current: str, wanted: str) -> str:
    last = history.last_change(connection, "prediction", prediction_id)
    who = f" (set by {last.changed_by} at {_moment(last.changed_at)})" if last is not None else ""
    if current == "open":
        return (
            f"prediction {prediction_id} is open{who}; only a resolved prediction can be reopened. "
            f"Resolve it with: claimtrack prediction confirm|refute {prediction_id} --evidence SOURCE, "
            f"or claimtrack prediction annul {prediction_id} --as ambiguous|withdrawn --note TEXT"
        )
    if current == wanted:
        return (
            f"prediction {prediction_id} is already {current}{who}. To resolve it anew, reopen it first: "
            f"claimtrack prediction reopen {prediction_id} --reason TEXT"
        )
    return (
        f"prediction {prediction_id} is {current}{who}; a resolved prediction can only be reopened, "
        f"then resolved anew: claimtrack prediction reopen {prediction_id} --reason TEXT"
    )


# --- small helpers --------------------------------------------------------------------------------


def _today(connection: Connection[Any]) -> date:
    """The database's date: the one history and reports count from, whatever the client's clock says."""
    row = connection.execute("SELECT current_date").fetchone()
    assert row is not None
    today: date = row[0]
    return today


def _no_such(prediction_id: int) -> NotFound:
    return NotFound(f"no prediction {prediction_id}; see: claimtrack prediction list")


def _stored(value: date, precision: str) -> PartialDate:
    stored = domain.stored_partial_date(value, precision)
    assert stored is not None
    return stored


def _deadline(last_day: date, precision: str) -> PartialDate:
    """resolve_by holds the last day of the deadline's period; show the period as it was entered."""
    if precision == "year":
        return PartialDate(date(last_day.year, 1, 1), "year")
    if precision == "month":
        return PartialDate(date(last_day.year, last_day.month, 1), "month")
    return PartialDate(last_day, "day")


def _actor_label(name: str, iso_code: str | None) -> str:
    return str(ActorRef(0, name, iso_code))  # "North Korea (PRK)", as every message names actors


def _predictor(actor_name: str | None, actor_code: str | None, source_title: str | None) -> str | None:
    """Who made a prediction, for a list: the actor, else the source it was made in."""
    return _actor_label(actor_name, actor_code) if actor_name is not None else source_title


def _done(status: str) -> str:
    return {"open": "reopened", "ambiguous": "marked ambiguous"}.get(status, status)


def _moment(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
