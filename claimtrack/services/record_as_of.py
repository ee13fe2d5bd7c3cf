"""A claim or prediction as it stood at the end of a day: `claim show ID --as-of DATE`,
`prediction show ID --as-of DATE`, and the web dashboard's record pages.

Two records answer together. The status history (effective dates) gives the status then, and
which status changes and evidence had taken effect. The record of changes (record_change) gives the
fields and links then: every correction made after that day is undone, newest first (an update puts
back its old values, a link added later is left out, a link removed later is put back). A record
with no status by then was not on the record yet.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from claimtrack import domain
from claimtrack.domain import PartialDate
from claimtrack.errors import NotFound
from claimtrack.services.claim_reading import ClaimActorRole, ClaimDetail
from claimtrack.services.prediction_reading import PredictionDetail

if TYPE_CHECKING:
    from psycopg import Connection


def _later_changes(connection: Connection[Any], kind: str, record_id: int, day: date) -> list[tuple[str, str, Any, Any, Any]]:
    """(table, operation, linked, old values, new values) of the record's changes made after `day`,
    newest first: the order in which to undo them."""
    rows = connection.execute(
        "SELECT table_name, operation, linked, old_values, new_values FROM record_change"
        " WHERE record_table = %s AND record_id = %s AND changed_at >= %s::date + 1 ORDER BY id DESC",
        (kind, record_id, day),
    ).fetchall()
    return [tuple(row) for row in rows]  # psycopg reads jsonb as Python values already


def _fields_then(current: dict[str, Any], changes: list[tuple[str, str, Any, Any, Any]], table: str) -> dict[str, Any]:
    fields = dict(current)
    for changed_table, operation, _, old, _ in changes:
        if changed_table == table and operation == "update":
            fields.update({key: value for key, value in (old or {}).items() if key in fields})
    return fields


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _partial(on: Any, precision: Any) -> PartialDate | None:
    day = _day(on)
    return PartialDate(day, precision) if day is not None and precision is not None else None


def _status_then(history: list[Any], day: date, what: str) -> list[Any]:
    kept = [entry for entry in history if entry.effective_on <= day]
    if not kept:
        raise NotFound(f"{what} was not yet on the record on {day}")
    return kept


def claim_as_of(connection: Connection[Any], detail: ClaimDetail, as_of: PartialDate) -> ClaimDetail:
    """`detail` (show_claim's) as it stood at the end of `as_of`; NotFound when it was not yet on the record."""
    day = as_of.last_day
    history = _status_then(detail.history, day, f"claim {detail.id}")
    changes = _later_changes(connection, "claim", detail.id, day)
    current = connection.execute(
        "SELECT statement, credibility, claimant_id, occurred_on, occurred_precision, stated_on, stated_precision, notes"
        " FROM claim WHERE id = %s",
        (detail.id,),
    ).fetchone()
    assert current is not None
    names = ("statement", "credibility", "claimant_id", "occurred_on", "occurred_precision", "stated_on", "stated_precision", "notes")
    then = _fields_then(dict(zip(names, current, strict=True)), changes, "claim")

    actors = {(a.actor_id, a.role): a for a in detail.actors}
    tags = set(detail.tags)
    sources = {s.source_id: s for s in detail.sources if s.added_at.date() <= day}
    for table, operation, linked, old, _ in changes:
        linked = linked or {}
        if table == "claim_actor":
            key = (int(linked["actor_id"]), str(linked["role"]))
            if operation == "insert":
                actors.pop(key, None)
            elif operation == "delete":
                actors[key] = _actor_role(connection, *key)
        elif table == "claim_tag":
            name = _tag_name(connection, int(linked["tag_id"]))
            if operation == "insert":
                tags.discard(name)
            elif operation == "delete" and name is not None:
                tags.add(name)
    claimant = then["claimant_id"]
    return replace(
        detail,
        statement=then["statement"],
        credibility=then["credibility"],
        claimant_id=claimant,
        claimant=_actor_name(connection, claimant) if claimant != detail.claimant_id else detail.claimant,
        occurred=_partial(then["occurred_on"], then["occurred_precision"]),
        stated=_partial(then["stated_on"], then["stated_precision"]),
        notes=then["notes"],
        status=history[-1].to_status,
        history=history,
        actors=sorted(actors.values(), key=lambda a: (domain.ACTOR_ROLES.index(a.role), a.name)),
        tags=sorted(name for name in tags if name is not None),
        sources=list(sources.values()),
        deleted_at=detail.deleted_at if detail.deleted_at is not None and detail.deleted_at.date() <= day else None,
        merged_into=detail.merged_into if detail.deleted_at is not None and detail.deleted_at.date() <= day else None,
        changes=[change for change in detail.changes if change.changed_at.date() <= day],
    )


def prediction_as_of(connection: Connection[Any], detail: PredictionDetail, as_of: PartialDate) -> PredictionDetail:
    """`detail` (get_prediction's) as it stood at the end of `as_of`: its question then (statement,
    criteria, deadline, tags), its status, the forecasts made by then, and a resolution only once
    it had taken effect."""
    day = as_of.last_day
    history = _status_then(detail.history, day, f"prediction {detail.id}")
    changes = _later_changes(connection, "prediction", detail.id, day)
    current = connection.execute(
        "SELECT statement, criteria, resolve_by, resolve_by_precision, notes FROM prediction WHERE id = %s", (detail.id,)
    ).fetchone()
    assert current is not None
    then = _fields_then(dict(zip(("statement", "criteria", "resolve_by", "resolve_by_precision", "notes"), current, strict=True)),
                        changes, "prediction")
    tags = set(detail.tags)
    for table, operation, linked, _, _ in changes:
        if table == "prediction_tag":
            name = _tag_name(connection, int((linked or {})["tag_id"]))
            if operation == "insert":
                tags.discard(name)
            elif operation == "delete" and name is not None:
                tags.add(name)
    status = history[-1].to_status
    resolved = status in domain.RESOLVED_STATUSES
    deadline = _day(then["resolve_by"])
    assert deadline is not None  # a prediction always has one
    resolve_by = domain.stored_deadline(deadline, then["resolve_by_precision"])
    return replace(
        detail,
        statement=then["statement"],
        criteria=then["criteria"],
        resolve_by=resolve_by,
        notes=then["notes"],
        tags=sorted(name for name in tags if name is not None),
        history=history,
        status=status,
        overdue=status == "open" and resolve_by.last_day < day,
        resolved_on=detail.resolved_on if resolved else None,
        resolution_note=detail.resolution_note if resolved else None,
        evidence_source_id=detail.evidence_source_id if resolved else None,
        evidence_claim_id=detail.evidence_claim_id if resolved else None,
        evidence=[cited for cited in detail.evidence if cited.effective_on <= day],
        changes=[change for change in detail.changes if change.changed_at.date() <= day],
        forecasts=[forecast for forecast in detail.forecasts if forecast.made_on.value <= day],
    )


def _actor_role(connection: Connection[Any], actor_id: int, role: str) -> ClaimActorRole:
    found = connection.execute("SELECT name, iso_code FROM actor WHERE id = %s", (actor_id,)).fetchone()
    if found is None:  # merged away since: its name is in the change that erased it
        erased = connection.execute(
            "SELECT old_values ->> 'name', old_values ->> 'iso_code' FROM record_change"
            " WHERE table_name = 'actor' AND record_id = %s AND operation = 'delete' ORDER BY id DESC LIMIT 1",
            (actor_id,),
        ).fetchone()
        found = erased or (f"actor {actor_id}", None)
    return ClaimActorRole(actor_id, found[0], found[1], role)


def _actor_name(connection: Connection[Any], actor_id: int | None) -> str | None:
    return None if actor_id is None else _actor_role(connection, actor_id, domain.DEFAULT_ROLE).name


def _tag_name(connection: Connection[Any], tag_id: int) -> str | None:
    found = connection.execute("SELECT name FROM tag WHERE id = %s", (tag_id,)).fetchone()
    if found is None:
        found = connection.execute(
            "SELECT old_values ->> 'name' FROM record_change WHERE table_name = 'tag' AND record_id = %s AND operation = 'delete'"
            " ORDER BY id DESC LIMIT 1",
            (tag_id,),
        ).fetchone()
    return None if found is None else str(found[0])
