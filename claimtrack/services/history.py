"""Status history: the context a change is recorded with, a record's history, status as of a date.

History rows are written by database triggers (see the first migration); a service only passes
the why and the evidence through transaction-local settings before it changes a status.
"""

from __future__ import annotations

from datetime import date, datetime
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Select, and_, select, text
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.orm import Session

from claimtrack.db.models import Source, StatusHistory

Kind = Literal["claim", "prediction"]


def set_change_context(session: Session, *, reason: str | None = None, evidence_source_id: int | None = None) -> None:
    """Tell the history trigger why the next status change happens and on what evidence."""
    session.execute(
        text(
            "SELECT set_config('claimtrack.reason', :reason, true), "
            "set_config('claimtrack.evidence_source_id', :evidence, true)"
        ),
        {"reason": reason or "", "evidence": "" if evidence_source_id is None else str(evidence_source_id)},
    )


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    from_status: str | None
    to_status: str
    changed_at: datetime
    effective_on: date
    changed_by: str
    reason: str | None
    evidence_source_id: int | None
    evidence: str | None  # the evidence source's title


def history_of(session: Session, kind: Kind, record_id: int) -> list[HistoryEntry]:
    column = StatusHistory.claim_id if kind == "claim" else StatusHistory.prediction_id
    rows = session.execute(
        select(
            StatusHistory.id,
            StatusHistory.from_status,
            StatusHistory.to_status,
            StatusHistory.changed_at,
            StatusHistory.effective_on,
            StatusHistory.changed_by,
            StatusHistory.reason,
            StatusHistory.evidence_source_id,
            Source.title,
        )
        .outerjoin(Source, Source.id == StatusHistory.evidence_source_id)
        .where(column == record_id)
        .order_by(StatusHistory.changed_at, StatusHistory.id)
    ).all()
    return [HistoryEntry(*row) for row in rows]


def last_change(session: Session, kind: Kind, record_id: int) -> HistoryEntry | None:
    entries = history_of(session, kind, record_id)
    return entries[-1] if entries else None


def status_as_of(kind: Kind, as_of: date) -> Select[tuple[int, str]]:
    """(record id, status) for every record that existed on `as_of`, rebuilt from history.

    A change counts from its effective date (a prediction's made-on, a resolution's resolved-on,
    else the day it was recorded); changes on the same day apply in the order they were written.
    """
    column = StatusHistory.claim_id if kind == "claim" else StatusHistory.prediction_id
    return (
        select(column.label("record_id"), StatusHistory.to_status.label("status"))
        .where(and_(column.is_not(None), StatusHistory.effective_on <= as_of))
        .ext(distinct_on(column))
        .order_by(column, StatusHistory.effective_on.desc(), StatusHistory.changed_at.desc(), StatusHistory.id.desc())
    )
