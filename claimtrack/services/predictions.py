"""Predictions: record one, list and show them, and move them through their statuses.

Status changes are safe under concurrency without holding locks while the user waits: a
transition reads the current status (to explain a refusal well), then writes with a conditional
`UPDATE … WHERE status = <what was read>`. Of many analysts resolving the same prediction at once,
exactly one UPDATE matches; the others match no row, write nothing, and are told who won.
History rows are written by the database's trigger, one per status change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import ColumnElement, and_, exists, func, or_, select, update
from sqlalchemy.orm import Session, aliased

from claimtrack import domain
from claimtrack.db.models import (
    Actor,
    ArmsTransfer,
    Claim,
    Prediction,
    PredictionActor,
    PredictionTag,
    Source,
    StatusHistory,
    Tag,
)
from claimtrack.domain import PartialDate
from claimtrack.errors import Conflict, InvalidValue, NotFound, RefusedTransition
from claimtrack.services import history
from claimtrack.services.lookup import ActorRef, find_actor, find_source, tag_ids

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
    session: Session,
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
    today = _today(session)
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
    if claim_id is not None and session.get(Claim, claim_id) is None:
        raise NotFound(f"no claim {claim_id}; see: claimtrack claim list")
    facet = _arms_transfer(session, arms_transfer) if arms_transfer is not None else None

    prediction = Prediction(
        statement=statement,
        predictor_actor_id=find_actor(session, predictor).id if predictor else None,
        predictor_source_id=find_source(session, source, recorded_by=recorded_by) if source is not None else None,
        made_on=made.value,
        made_precision=made.precision,
        resolve_by=resolve_by.last_day,
        resolve_by_precision=resolve_by.precision,
        probability=probability,
        likelihood=likelihood,
        confidence=confidence,
        criteria=(criteria or "").strip() or None,
        claim_id=claim_id,
        recorded_by=recorded_by,
    )
    session.add(prediction)
    session.flush()

    # The supplier and recipient of an expected transfer are actors the prediction concerns.
    concerned: dict[int, None] = {find_actor(session, name).id: None for name in actors}
    if facet is not None:
        supplier, recipient, spec = facet
        concerned.update({supplier.id: None, recipient.id: None})
        session.add(
            ArmsTransfer(
                prediction_id=prediction.id,
                supplier_id=supplier.id,
                recipient_id=recipient.id,
                category=spec.category,
                item=(spec.item or "").strip() or None,
                quantity=spec.quantity,
            )
        )
    session.add_all(PredictionActor(prediction_id=prediction.id, actor_id=actor_id) for actor_id in concerned)
    session.add_all(PredictionTag(prediction_id=prediction.id, tag_id=tag_id) for tag_id in tag_ids(session, list(tags)))
    session.flush()
    return prediction.id


def _estimate(probability: float | None, likelihood: str | None) -> tuple[float | None, str | None]:
    """(probability, term): a term alone stands for its range's midpoint; the two must agree."""
    if probability is not None and not 0 <= probability <= 1:
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


def _arms_transfer(session: Session, spec: ArmsTransferSpec) -> tuple[ActorRef, ActorRef, ArmsTransferSpec]:
    given = {"--supplier": spec.supplier, "--recipient": spec.recipient, "--category": spec.category}
    missing = [option for option, value in given.items() if not value]
    if missing:
        raise InvalidValue(
            f"an arms transfer needs --supplier, --recipient and --category together; add {', '.join(missing)}."
        )
    assert spec.supplier and spec.recipient and spec.category
    if spec.category not in domain.ARMS_CATEGORIES:
        raise InvalidValue(f'"{spec.category}" is not an arms category; use one of: {", ".join(domain.ARMS_CATEGORIES)}.')
    if spec.quantity is not None and spec.quantity < 1:
        raise InvalidValue(f"--quantity {spec.quantity} is not a quantity; give a whole number from 1.")
    supplier, recipient = find_actor(session, spec.supplier), find_actor(session, spec.recipient)
    if supplier.id == recipient.id:
        raise InvalidValue(
            f"--supplier and --recipient are both {supplier}; an arms transfer goes from one actor to another."
        )
    return supplier, recipient, spec


# --- reading --------------------------------------------------------------------------------------


def list_predictions(
    session: Session,
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
    reference = as_of or _today(session)
    predictor_actor, predictor_source = aliased(Actor), aliased(Source)
    status_column: ColumnElement[str] = Prediction.status.expression
    if as_of is not None:
        then = history.status_as_of("prediction", as_of).subquery()
        status_column = then.c.status
    is_overdue = and_(status_column == "open", Prediction.resolve_by < reference)
    query = select(
        Prediction.id,
        status_column,
        Prediction.statement,
        predictor_actor.name,
        predictor_actor.iso_code,
        predictor_source.title,
        Prediction.made_on,
        Prediction.made_precision,
        Prediction.resolve_by,
        Prediction.resolve_by_precision,
        Prediction.probability,
        Prediction.likelihood,
        Prediction.confidence,
        is_overdue,
    ).select_from(Prediction)
    if as_of is not None:  # predictions made after that day have no status yet, and drop out here
        query = query.join(then, then.c.record_id == Prediction.id)
    query = query.outerjoin(predictor_actor, predictor_actor.id == Prediction.predictor_actor_id).outerjoin(
        predictor_source, predictor_source.id == Prediction.predictor_source_id
    )

    if status is not None:
        query = query.where(status_column == status)
    if overdue:
        query = query.where(is_overdue)
    if due_within is not None:
        query = query.where(
            status_column == "open", Prediction.resolve_by.between(reference, reference + timedelta(days=due_within))
        )
    if actor is not None:
        actor_id = find_actor(session, actor).id
        concerns = exists().where(PredictionActor.prediction_id == Prediction.id, PredictionActor.actor_id == actor_id)
        query = query.where(or_(Prediction.predictor_actor_id == actor_id, concerns))
    if tag is not None:
        try:
            name = domain.normalise_tag(tag)
        except ValueError as error:
            raise InvalidValue(str(error)) from None
        query = query.where(
            exists().where(PredictionTag.prediction_id == Prediction.id, PredictionTag.tag_id == Tag.id, Tag.name == name)
        )
    rows = session.execute(query.order_by(Prediction.resolve_by, Prediction.id).limit(limit + 1)).all()
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


def get_prediction(session: Session, prediction_id: int) -> PredictionDetail:
    prediction = session.get(Prediction, prediction_id)
    if prediction is None:
        raise _no_such(prediction_id)
    today = _today(session)
    predictor = session.get(Actor, prediction.predictor_actor_id) if prediction.predictor_actor_id else None
    source = session.get(Source, prediction.predictor_source_id) if prediction.predictor_source_id else None
    actors = session.execute(
        select(Actor.name, Actor.iso_code)
        .join(PredictionActor, PredictionActor.actor_id == Actor.id)
        .where(PredictionActor.prediction_id == prediction_id)
        .order_by(Actor.name)
    ).all()
    tags = session.execute(
        select(Tag.name).join(PredictionTag, PredictionTag.tag_id == Tag.id)
        .where(PredictionTag.prediction_id == prediction_id).order_by(Tag.name)
    ).scalars()
    return PredictionDetail(
        id=prediction.id,
        statement=prediction.statement,
        status=prediction.status,
        overdue=prediction.status == "open" and prediction.resolve_by < today,
        predictor=_predictor(predictor.name, predictor.iso_code, None) if predictor else None,
        predictor_source_id=prediction.predictor_source_id,
        predictor_source=source.title if source else None,
        made_on=_stored(prediction.made_on, prediction.made_precision),
        resolve_by=_deadline(prediction.resolve_by, prediction.resolve_by_precision),
        probability=prediction.probability,
        likelihood=prediction.likelihood,
        confidence=prediction.confidence,
        criteria=prediction.criteria,
        claim_id=prediction.claim_id,
        actors=[_actor_label(name, code) for name, code in actors],
        tags=list(tags),
        resolved_on=prediction.resolved_on,
        resolution_note=prediction.resolution_note,
        evidence_source_id=prediction.evidence_source_id,
        recorded_by=prediction.recorded_by,
        created_at=prediction.created_at,
        updated_at=prediction.updated_at,
        arms_transfer=_facet_of(session, prediction_id),
        evidence=_evidence_of(session, prediction_id),
        history=history.history_of(session, "prediction", prediction_id),
    )


def _facet_of(session: Session, prediction_id: int) -> list[ArmsTransferFacet]:
    supplier, recipient = aliased(Actor), aliased(Actor)
    rows = session.execute(
        select(
            supplier.name, supplier.iso_code, recipient.name, recipient.iso_code,
            ArmsTransfer.category, ArmsTransfer.item, ArmsTransfer.quantity,
        )
        .join(supplier, supplier.id == ArmsTransfer.supplier_id)
        .join(recipient, recipient.id == ArmsTransfer.recipient_id)
        .where(ArmsTransfer.prediction_id == prediction_id)
    ).all()
    return [
        ArmsTransferFacet(_actor_label(s_name, s_code), _actor_label(r_name, r_code), category, item, quantity)
        for s_name, s_code, r_name, r_code, category, item, quantity in rows
    ]


def _evidence_of(session: Session, prediction_id: int) -> list[EvidenceCited]:
    """Every source the prediction was ever resolved on, in the order they were cited."""
    rows = session.execute(
        select(Source.id, Source.title, Source.url, Source.reliability, StatusHistory.to_status, StatusHistory.effective_on)
        .join(StatusHistory, StatusHistory.evidence_source_id == Source.id)
        .where(StatusHistory.prediction_id == prediction_id)
        .order_by(StatusHistory.changed_at, StatusHistory.id)
    ).all()
    return [EvidenceCited(*row) for row in rows]


# --- status changes -------------------------------------------------------------------------------


def resolve_prediction(
    session: Session,
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
    if outcome in VERDICTS and evidence is None:
        raise InvalidValue(f"marking prediction {prediction_id} {outcome} needs an evidence source (--evidence).")
    if outcome in ANNULMENTS and note is None:
        raise InvalidValue(f"marking prediction {prediction_id} {outcome} needs a note saying why (--note).")

    current, made_on = _current(session, prediction_id)
    if not domain.prediction_transition_allowed(current, outcome):
        raise RefusedTransition(_refusal(session, prediction_id, current, outcome))
    today = _today(session)
    on = on or today
    if on > today:
        raise InvalidValue(f"--on {on} is in the future; a prediction is resolved on or before today ({today}).")
    last = history.last_change(session, "prediction", prediction_id)
    if on < made_on.value:
        raise InvalidValue(f"--on {on} is before prediction {prediction_id} was made ({made_on}); give a later date.")
    if last is not None and last.from_status is not None and on < last.effective_on:
        # Keeps each prediction's timeline in order, so that --as-of reads it unambiguously.
        raise InvalidValue(
            f"--on {on} is before prediction {prediction_id} was reopened ({last.effective_on}); "
            "a new resolution cannot predate the reopening."
        )
    evidence_id = find_source(session, evidence, recorded_by=recorded_by) if evidence is not None else None
    history.set_change_context(session, reason=note, evidence_source_id=evidence_id)
    _conditional_update(
        session, prediction_id, current,
        status=outcome, resolved_on=on, evidence_source_id=evidence_id, resolution_note=note,
    )
    return Transition(prediction_id, current, outcome, on)


def reopen_prediction(session: Session, *, prediction_id: int, reason: str) -> Transition:
    """A resolved prediction back to open; its resolution (date, evidence, note) is cleared, and
    stays in the history with the reason for reopening."""
    reason = reason.strip()
    if not reason:
        raise InvalidValue(f"reopening prediction {prediction_id} needs a reason (--reason).")
    current, _ = _current(session, prediction_id)
    if not domain.prediction_transition_allowed(current, "open"):
        raise RefusedTransition(_refusal(session, prediction_id, current, "open"))
    history.set_change_context(session, reason=reason)
    _conditional_update(
        session, prediction_id, current,
        status="open", resolved_on=None, evidence_source_id=None, resolution_note=None,
    )
    return Transition(prediction_id, current, "open", _today(session))


def _current(session: Session, prediction_id: int) -> tuple[str, PartialDate]:
    row = session.execute(
        select(Prediction.status, Prediction.made_on, Prediction.made_precision).where(Prediction.id == prediction_id)
    ).first()
    if row is None:
        raise _no_such(prediction_id)
    return row[0], _stored(row[1], row[2])


def _conditional_update(session: Session, prediction_id: int, status_read: str, **values: object) -> None:
    """Write only if the status is still the one read; otherwise someone else won the race."""
    written = session.execute(
        update(Prediction)
        .where(Prediction.id == prediction_id, Prediction.status == status_read)
        .values(**values)
        .returning(Prediction.id)
        .execution_options(synchronize_session=False)
    ).first()
    if written is None:
        # READ COMMITTED: this statement sees the change that beat us, committed meanwhile.
        winner = history.last_change(session, "prediction", prediction_id)
        if winner is None:  # the prediction itself is gone
            raise _no_such(prediction_id)
        raise Conflict(
            f"prediction {prediction_id} was {_done(winner.to_status)} by {winner.changed_by} at "
            f"{_moment(winner.changed_at)} while you were working; nothing was written."
        )


def _refusal(session: Session, prediction_id: int, current: str, wanted: str) -> str:
    last = history.last_change(session, "prediction", prediction_id)
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


def _today(session: Session) -> date:
    """The database's date: the one history and reports count from, whatever the client's clock says."""
    return session.execute(select(func.current_date())).scalar_one()


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
