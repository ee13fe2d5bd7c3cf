"""Predictions: record one, and move it through its statuses (listing and showing them:
services.prediction_reading). The rules (transitions, what a resolution needs) are domain.predictions'.

Status changes are safe under concurrency without holding locks while the user waits: a
transition reads the current status (to explain a refusal well), then writes with a conditional
`UPDATE … WHERE status = <what was read>`. Of many analysts resolving the same prediction at once,
exactly one UPDATE matches; the others match no row, write nothing, and are told who won.
History rows are written by the database's trigger, one per status change.

"Today" (the default day a prediction was made or resolved) is the database's (services.clock).
Written on psycopg (see db.engine.Database.transaction): these are the everyday commands, and
SQLAlchemy would cost them more than all their SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Any

from claimtrack import domain
from claimtrack.domain import PartialDate, stored_date
from claimtrack.domain.arms import ArmsTransfer
from claimtrack.errors import Conflict, InvalidValue, NotFound, RefusedTransition
from claimtrack.io.fields import shorten
from claimtrack.services import history
from claimtrack.services.clock import database_today
from claimtrack.services.lookup import (
    find_actor,
    find_source,
    no_such_prediction,
    resolve_arms_transfer,
    stored_text,
    surviving_claim,
    tag_ids,
)
from claimtrack.services.near_duplicates import nearly_the_same
from claimtrack.services.prediction_reading import get_prediction as get_prediction
from claimtrack.services.prediction_reading import list_predictions as list_predictions

if TYPE_CHECKING:
    from psycopg import Connection


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
    actors: Sequence[str | tuple[str, str]] = (),
    tags: Sequence[str] = (),
    arms_transfer: ArmsTransfer | None = None,
    notes: str | None = None,
    allow_duplicate: bool = False,
) -> int:
    """Record a new open prediction; returns its id. `actors` holds names, aliases or codes, each
    alone (a subject) or with its role, as (reference, role) pairs; so do an expected arms
    transfer's supplier and recipient. A statement nearly the same as an open prediction's is
    refused (naming it: a forecast on it is the way to add another view) unless `allow_duplicate`."""
    statement = statement.strip()
    if not statement:
        raise InvalidValue("the prediction's statement is empty; say what is expected to happen.")
    stored_text("statement", statement)
    stored_text("user", recorded_by)
    criteria = (criteria or "").strip() or None
    if criteria is not None:
        stored_text("criteria", criteria)
    notes = stored_text("notes", (notes or "").strip()) or None
    today = database_today(connection)
    made = made or PartialDate(today, "day")
    problem = domain.made_problem(made, today=today)
    if problem is not None:
        raise InvalidValue(f"--made {problem}")
    problem = domain.deadline_problem(resolve_by, made=made)
    if problem is not None:
        raise InvalidValue(f"the deadline --resolve-by {problem}")
    probability, likelihood = _estimate(probability, likelihood)
    if confidence is not None and confidence not in domain.CONFIDENCE_LEVELS:
        raise InvalidValue(f'"{confidence}" is not a confidence level; use one of: {", ".join(domain.CONFIDENCE_LEVELS)}.')
    if claim_id is not None and connection.execute("SELECT 1 FROM claim WHERE id = %s", (claim_id,)).fetchone() is None:
        raise NotFound(f"no claim {claim_id}; see: claimtrack claim list")
    roles = [(entry, domain.DEFAULT_ROLE) if isinstance(entry, str) else entry for entry in actors]
    for _, role in roles:
        if role not in domain.ACTOR_ROLES:
            raise InvalidValue(f'"{role}" is not a role; use one of: {", ".join(domain.ACTOR_ROLES)}.')
    facet = resolve_arms_transfer(connection, arms_transfer) if arms_transfer is not None else None

    predictor_actor_id = find_actor(connection, predictor).id if predictor else None
    predictor_source_id = find_source(connection, source, recorded_by=recorded_by) if source is not None else None
    if not allow_duplicate:
        _refuse_near_duplicate(connection, statement)
    inserted = connection.execute(
        """
        INSERT INTO prediction (statement, predictor_actor_id, predictor_source_id, made_on, made_precision,
                                resolve_by, resolve_by_precision, probability, likelihood, confidence, criteria,
                                claim_id, recorded_by, notes)
        VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id
        """,
        (
            statement, predictor_actor_id, predictor_source_id, made.value, made.precision,
            resolve_by.last_day, resolve_by.precision, probability, likelihood, confidence,
            criteria, claim_id, recorded_by, notes,
        ),
    ).fetchone()
    assert inserted is not None
    prediction_id = int(inserted[0])

    concerned = dict.fromkeys((find_actor(connection, name).id, role) for name, role in roles)
    if facet is not None:
        # The supplier and recipient of an expected transfer are actors the prediction concerns.
        supplier, recipient, transfer = facet
        known = {actor_id for actor_id, _ in concerned}
        concerned.update(dict.fromkeys((actor.id, domain.DEFAULT_ROLE) for actor in (supplier, recipient) if actor.id not in known))
        connection.execute(
            "INSERT INTO arms_transfer (prediction_id, supplier_id, recipient_id, category, item, quantity, period_start, period_end)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            (prediction_id, supplier.id, recipient.id, transfer.category, transfer.item, transfer.quantity,
             transfer.period_start, transfer.period_end),
        )
    links = connection.cursor()
    if concerned:
        links.executemany(
            "INSERT INTO prediction_actor (prediction_id, actor_id, role) VALUES (%s, %s, %s)",
            [(prediction_id, actor_id, role) for actor_id, role in concerned],
        )
    tagged = tag_ids(connection, list(tags))
    if tagged:
        links.executemany(
            "INSERT INTO prediction_tag (prediction_id, tag_id) VALUES (%s, %s)", [(prediction_id, tag_id) for tag_id in tagged]
        )
    return prediction_id


def _estimate(probability: float | None, likelihood: str | None) -> tuple[float | None, str | None]:
    try:
        return domain.estimate(probability, likelihood)
    except ValueError as problem:
        raise InvalidValue(str(problem)) from None


# --- status changes -------------------------------------------------------------------------------


def _refuse_near_duplicate(connection: Connection[Any], statement: str) -> None:
    """An open prediction that asks nearly the same (services.near_duplicates) refuses this statement."""
    found = nearly_the_same(connection, "prediction", statement)
    if found is not None:
        prediction_id, existing, score = found
        raise Conflict(
            f'open prediction {prediction_id} already asks nearly the same ({score:.0%} alike): "{shorten(existing, 80)}". '
            f"Add a forecast to it (claimtrack prediction forecast {prediction_id} --by X --probability P), or add --allow-duplicate."
        )


def resolve_prediction(
    connection: Connection[Any],
    *,
    prediction_id: int,
    outcome: str,
    recorded_by: str,
    evidence: int | str | None = None,
    evidence_claim: int | None = None,
    note: str | None = None,
    on: date | None = None,
) -> Transition:
    """open → confirmed / refuted (on an evidence source, or a claim with its sources) or ambiguous /
    withdrawn (with a note). A claim as the evidence is kept beside one of its sources (see
    _claim_evidence_source), so that a verdict always rests on a source."""
    if outcome not in domain.RESOLVED_STATUSES:
        raise InvalidValue(f'"{outcome}" is not a resolution; use one of: {", ".join(domain.RESOLVED_STATUSES)}.')
    if evidence_claim is not None and outcome not in domain.VERDICTS:
        raise InvalidValue(f"marking prediction {prediction_id} {outcome} takes a note, not a claim as evidence.")
    note = (note or "").strip() or None
    if note is not None:
        stored_text("note", note)
    stored_text("user", recorded_by)
    lacking = domain.resolution_lacks(outcome, evidence=evidence if evidence is not None else evidence_claim, note=note)
    if lacking == "evidence":
        raise InvalidValue(f"marking prediction {prediction_id} {outcome} needs an evidence source (--evidence) or a claim (--claim).")
    if lacking == "note":
        raise InvalidValue(f"marking prediction {prediction_id} {outcome} needs a note saying why (--note).")

    current, made_on = _current(connection, prediction_id)
    if not domain.prediction_transition_allowed(current, outcome):
        raise RefusedTransition(_refusal(connection, prediction_id, current, outcome))
    today = database_today(connection)
    on = on or today
    last = history.last_change(connection, "prediction", prediction_id)
    not_before = [(made_on.value, f"prediction {prediction_id} was made ({made_on}); give a later date")]
    if last is not None and last.from_status is not None:
        # Keeps each prediction's timeline in order, so that --as-of reads it unambiguously.
        not_before.append((
            last.effective_on,
            f"prediction {prediction_id} was reopened ({last.effective_on}); a new resolution cannot predate the reopening",
        ))
    latest = connection.execute("SELECT max(made_on) FROM forecast WHERE prediction_id = %s", (prediction_id,)).fetchone()
    if latest is not None and latest[0] is not None:
        # A resolution scores the forecasts made before it (the database refuses the rest too).
        not_before.append((latest[0], f"the latest forecast on prediction {prediction_id} ({latest[0]}); give a later date"))
    problem = domain.effective_date_problem(on, today=today, happens="a prediction is resolved", not_before=tuple(not_before))
    if problem is not None:
        raise InvalidValue(problem)
    claim_id = surviving_claim(connection, evidence_claim) if evidence_claim is not None else None
    evidence_id = find_source(connection, evidence, recorded_by=recorded_by) if evidence is not None else None
    if claim_id is not None:
        evidence_id = _claim_evidence_source(connection, claim_id, evidence_id)
    history.set_change_context(connection, reason=note, evidence_source_id=evidence_id)
    _conditional_update(
        connection, prediction_id, current,
        status=outcome, resolved_on=on, evidence_source_id=evidence_id, evidence_claim_id=claim_id, resolution_note=note,
    )
    return Transition(prediction_id, current, outcome, on)


def _claim_evidence_source(connection: Connection[Any], claim_id: int, named: int | None) -> int:
    """The source a verdict on claim `claim_id` rests on: `named` (--evidence), which must be one of
    the claim's sources that support or report it; else the claim's best such source, by stance
    (supports first), reliability (A first) and the order they were cited. A source that disputes
    the claim does not make it evidence."""
    found = connection.execute(
        "SELECT cs.source_id FROM claim_source cs JOIN source s ON s.id = cs.source_id"
        " WHERE cs.claim_id = %(claim)s AND cs.stance <> 'disputes' AND (%(named)s::bigint IS NULL OR cs.source_id = %(named)s)"
        " ORDER BY cs.stance <> 'supports', s.reliability NULLS LAST, cs.added_at, cs.source_id LIMIT 1",
        {"claim": claim_id, "named": named},
    ).fetchone()
    if found is not None:
        return int(found[0])
    if named is not None:
        raise InvalidValue(
            f"source {named} does not support or report claim {claim_id}; cite it first "
            f"(claimtrack claim cite {claim_id} --source {named}) or leave out --evidence."
        )
    raise InvalidValue(
        f"claim {claim_id} has no source that supports or reports it, and a verdict rests on a source; "
        f"cite one first (claimtrack claim cite {claim_id} --source S) or give --evidence S."
    )


def reopen_prediction(connection: Connection[Any], *, prediction_id: int, reason: str, on: date | None = None) -> Transition:
    """A resolved prediction back to open; its resolution (date, evidence, note) is cleared, and
    stays in the history with the reason for reopening. `on`: the day it was reopened (default
    today), not before it was resolved."""
    reason = reason.strip()
    if not reason:
        raise InvalidValue(f"reopening prediction {prediction_id} needs a reason (--reason).")
    stored_text("reason", reason)
    current, _ = _current(connection, prediction_id)
    if not domain.prediction_transition_allowed(current, "open"):
        raise RefusedTransition(_refusal(connection, prediction_id, current, "open"))
    today = database_today(connection)
    if on is not None:
        resolved = connection.execute("SELECT resolved_on FROM prediction WHERE id = %s", (prediction_id,)).fetchone()
        not_before = (
            ((resolved[0], f"prediction {prediction_id} was resolved ({resolved[0]}); give a later date"),) if resolved and resolved[0] else ()
        )
        problem = domain.effective_date_problem(on, today=today, not_before=not_before)
        if problem is not None:
            raise InvalidValue(problem)
    history.set_change_context(connection, reason=reason, effective_on=on)
    _conditional_update(
        connection, prediction_id, current,
        status="open", resolved_on=None, evidence_source_id=None, evidence_claim_id=None, resolution_note=None,
    )
    return Transition(prediction_id, current, "open", on or today)


def _current(connection: Connection[Any], prediction_id: int) -> tuple[str, PartialDate]:
    row = connection.execute("SELECT status, made_on, made_precision FROM prediction WHERE id = %s", (prediction_id,)).fetchone()
    if row is None:
        raise no_such_prediction(prediction_id)
    return row[0], stored_date(row[1], row[2])


def _conditional_update(
    connection: Connection[Any],
    prediction_id: int,
    status_read: str,
    *,
    status: str,
    resolved_on: date | None,
    evidence_source_id: int | None,
    evidence_claim_id: int | None,
    resolution_note: str | None,
) -> None:
    """Write only if the status is still the one read; otherwise someone else won the race."""
    written = connection.execute(
        "UPDATE prediction SET status = %s, resolved_on = %s, evidence_source_id = %s, evidence_claim_id = %s, resolution_note = %s"
        " WHERE id = %s AND status = %s RETURNING id",
        (status, resolved_on, evidence_source_id, evidence_claim_id, resolution_note, prediction_id, status_read),
    ).fetchone()
    if written is None:
        # READ COMMITTED: this statement sees the change that beat us, committed meanwhile.
        winner = history.last_change(connection, "prediction", prediction_id)
        if winner is None:  # the prediction itself is gone
            raise no_such_prediction(prediction_id)
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


def _done(status: str) -> str:
    return {"open": "reopened", "ambiguous": "marked ambiguous"}.get(status, status)


def _moment(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
