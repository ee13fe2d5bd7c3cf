"""Status history: the context a change is recorded with, a record's history, status as of a date.

History rows are written by database triggers (20261127_0001, 20261204_0004), which also keep the
database login of each change beside the --as name; a service only passes the why and the evidence
through transaction-local settings before it changes a status. Written on psycopg, as the services
that change statuses are.
"""

from __future__ import annotations

from datetime import date, datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from psycopg import Connection

Kind = Literal["claim", "prediction"]
_RECORD_COLUMN = {"claim": "claim_id", "prediction": "prediction_id"}  # status_history's column per kind


def set_change_context(
    connection: Connection[Any], *, reason: str | None = None, evidence_source_id: int | None = None, effective_on: date | None = None
) -> None:
    """Tell the history trigger why the next status change happens, on what evidence, and the day it
    takes effect (None: today; 20261204_0008); the change-record triggers keep the reason too."""
    connection.execute(
        "SELECT set_config('claimtrack.reason', %s, true), set_config('claimtrack.evidence_source_id', %s, true),"
        " set_config('claimtrack.effective_on', %s, true)",
        (reason or "", "" if evidence_source_id is None else str(evidence_source_id), "" if effective_on is None else effective_on.isoformat()),
    )


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    from_status: str | None
    to_status: str
    changed_at: datetime
    effective_on: date
    changed_by: str  # the name given with --as (or $CLAIMTRACK_USER, the login name)
    login: str | None  # the database login that made the change (None: recorded before logins were kept)
    reason: str | None
    evidence_source_id: int | None
    evidence: str | None  # the evidence source's title
    evidence_claim_id: int | None  # a prediction's verdict on a claim (--claim), the source one of its own


def history_of(connection: Connection[Any], kind: Kind, record_id: int) -> list[HistoryEntry]:
    rows = connection.execute(
        f"""
        SELECT h.id, h.from_status, h.to_status, h.changed_at, h.effective_on, h.changed_by, h.changed_login, h.reason,
               h.evidence_source_id, s.title, h.evidence_claim_id
        FROM status_history h LEFT JOIN source s ON s.id = h.evidence_source_id
        WHERE h.{_RECORD_COLUMN[kind]} = %s
        ORDER BY h.changed_at, h.id
        """,
        (record_id,),
    ).fetchall()
    return [HistoryEntry(*row) for row in rows]


def last_change(connection: Connection[Any], kind: Kind, record_id: int) -> HistoryEntry | None:
    entries = history_of(connection, kind, record_id)
    return entries[-1] if entries else None


def status_as_of(kind: Kind, *, record: str | None = None) -> str:
    """SQL selecting (record_id, status) for every record that existed on the day given as the
    query parameter %(as_of)s, rebuilt from history; with `record` (an SQL expression, such as
    "claim.id"), for that record only, as a LATERAL subquery.

    A change counts from its effective date (a prediction's made-on, a resolution's resolved-on,
    else the day it was recorded); changes on the same day apply in the order they were written.
    """
    column = f"status_history.{_RECORD_COLUMN[kind]}"
    only = f" AND {column} = {record}" if record is not None else ""
    return (
        f"SELECT DISTINCT ON ({column}) {column} AS record_id, status_history.to_status AS status"
        f" FROM status_history WHERE {column} IS NOT NULL AND status_history.effective_on <= %(as_of)s{only}"
        f" ORDER BY {column}, status_history.effective_on DESC, status_history.changed_at DESC, status_history.id DESC"
    )
