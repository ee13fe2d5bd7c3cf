"""What the database writes of every change, by its triggers: status history and change records
(both append-only)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from claimtrack import domain
from claimtrack.db.models.base import Base, at_most, one_of
from claimtrack.domain import TEXT_MAX


class StatusHistory(Base):
    """Every status change of a claim or prediction. Written by triggers; append-only."""

    __tablename__ = "status_history"
    __table_args__ = (
        CheckConstraint("num_nonnulls(claim_id, prediction_id) = 1", name="belongs_to_one"),
        CheckConstraint(
            f"({one_of('to_status', domain.CLAIM_STATUSES)} AND claim_id IS NOT NULL)"
            f" OR ({one_of('to_status', domain.PREDICTION_STATUSES)} AND prediction_id IS NOT NULL)",
            name="to_status",
        ),
        at_most("changed_by", domain.USER_MAX),
        at_most("reason", TEXT_MAX),
        Index("ix_status_history_claim", "claim_id", "changed_at", postgresql_where=text("claim_id IS NOT NULL")),
        Index(
            "ix_status_history_prediction",
            "prediction_id",
            "changed_at",
            postgresql_where=text("prediction_id IS NOT NULL"),
        ),
        Index("ix_status_history_changed_at", "changed_at", "id"),  # newest first, ties by id (recent_changes)
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claim.id"))
    prediction_id: Mapped[int | None] = mapped_column(ForeignKey("prediction.id"))
    from_status: Mapped[str | None] = mapped_column(Text)
    to_status: Mapped[str] = mapped_column(Text)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    effective_on: Mapped[date] = mapped_column(Date, server_default=func.current_date())
    changed_by: Mapped[str] = mapped_column(Text)  # the --as name
    changed_login: Mapped[str | None] = mapped_column(Text)  # the database login, set by the trigger
    reason: Mapped[str | None] = mapped_column(Text)
    evidence_source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id"), index=True)
    evidence_claim_id: Mapped[int | None] = mapped_column(ForeignKey("claim.id"), index=True)


class RecordChange(Base):
    """Every UPDATE and DELETE of a record or link, and a link added later (20261204_0007). Written by
    triggers; append-only."""

    __tablename__ = "record_change"
    __table_args__ = (
        CheckConstraint(one_of("record_table", ("claim", "source", "actor", "tag", "prediction")), name="record_table"),
        CheckConstraint(one_of("operation", ("insert", "update", "delete")), name="operation"),
        Index("ix_record_change_record", "record_table", "record_id", "id"),
        Index("ix_record_change_changed_at", "changed_at"),
        {"comment": "Every UPDATE and DELETE of a record or link (and a link added later), written by the database's triggers: append-only."},
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    change_group: Mapped[int] = mapped_column(BigInteger, server_default=text("pg_current_xact_id()::text::bigint"))
    record_table: Mapped[str] = mapped_column(Text)
    record_id: Mapped[int] = mapped_column(BigInteger)
    table_name: Mapped[str] = mapped_column(Text)
    operation: Mapped[str] = mapped_column(Text)
    linked: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    old_values: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    new_values: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    changed_by: Mapped[str] = mapped_column(Text)  # the --as name, else the login
    changed_login: Mapped[str] = mapped_column(Text)  # session_user, set by the trigger
    reason: Mapped[str | None] = mapped_column(Text)
