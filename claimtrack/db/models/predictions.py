"""Predictions, with their actors and tags, and the arms-transfer facet a prediction or a claim
may have."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Computed,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Identity,
    Index,
    Integer,
    Text,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from claimtrack import domain
from claimtrack.db.models.base import (
    Base,
    at_most,
    not_blank,
    one_of,
    precise_date,
    probability_fits_likelihood,
)
from claimtrack.domain import NAME_MAX, STATEMENT_MAX, TEXT_MAX


class Prediction(Base):
    __tablename__ = "prediction"
    __table_args__ = (
        not_blank("statement", STATEMENT_MAX),
        CheckConstraint(one_of("status", domain.PREDICTION_STATUSES), name="status"),
        CheckConstraint("probability >= 0 AND probability <= 1", name="probability_range"),
        CheckConstraint(one_of("likelihood", tuple(domain.LIKELIHOOD_TERMS)), name="likelihood"),
        probability_fits_likelihood(),
        CheckConstraint(one_of("confidence", domain.CONFIDENCE_LEVELS), name="confidence"),
        *precise_date("made")[1:],
        CheckConstraint(one_of("resolve_by_precision", domain.DATE_PRECISIONS), name="resolve_by_precision"),
        CheckConstraint("resolve_by >= made_on", name="resolve_by_after_made"),
        CheckConstraint(
            "(status = 'open') = (resolved_on IS NULL)"
            " AND (status <> 'open' OR (evidence_source_id IS NULL AND resolution_note IS NULL))",
            name="open_iff_unresolved",
        ),
        CheckConstraint("resolved_on IS NULL OR resolved_on >= made_on", name="resolved_after_made"),
        CheckConstraint(
            "status NOT IN ('confirmed', 'refuted') OR evidence_source_id IS NOT NULL", name="verdict_has_evidence"
        ),
        CheckConstraint(
            "status NOT IN ('ambiguous', 'withdrawn') OR coalesce(length(btrim(resolution_note)), 0) > 0", name="annulment_has_note"
        ),
        CheckConstraint(f"length(criteria) <= {TEXT_MAX} AND length(resolution_note) <= {TEXT_MAX}", name="text_length"),
        at_most("notes", TEXT_MAX),
        at_most("recorded_by", domain.USER_MAX),
        # Overdue and due-soon, in deadline order; with the predictor, the scoreboard's overdue counts
        # come from the index alone (alembic/versions/20261127_0003).
        Index(
            "ix_prediction_open_resolve_by",
            "resolve_by",
            "id",
            postgresql_include=["predictor_actor_id", "predictor_source_id"],
            postgresql_where=text("status = 'open'"),
        ),
        # The resolved ones in deadline order, as the open ones above (20261208_0020).
        Index("ix_prediction_resolved_resolve_by", "resolve_by", "id", postgresql_where=text("status <> 'open'")),
        Index("ix_prediction_search", "search", postgresql_using="gin"),
        # An open prediction that nearly matches a new statement, found by likeness (20261208_0015).
        Index("ix_prediction_statement_trgm", "statement", postgresql_using="gin", postgresql_ops={"statement": "gin_trgm_ops"}),
        CheckConstraint("evidence_claim_id IS NULL OR status IN ('confirmed', 'refuted')", name="evidence_claim_is_verdict"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    statement: Mapped[str] = mapped_column(Text)
    predictor_actor_id: Mapped[int | None] = mapped_column(ForeignKey("actor.id"), index=True)
    predictor_source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id"), index=True)
    made_on: Mapped[date] = mapped_column(Date, server_default=func.current_date())
    made_precision: Mapped[str] = mapped_column(Text, server_default="day")
    resolve_by: Mapped[date] = mapped_column(Date)  # the last day of the deadline's period
    resolve_by_precision: Mapped[str] = mapped_column(Text, server_default="day")
    probability: Mapped[float | None] = mapped_column(Float)
    likelihood: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[str | None] = mapped_column(Text)
    criteria: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text, server_default="open", index=True)
    resolved_on: Mapped[date | None] = mapped_column(Date)
    resolution_note: Mapped[str | None] = mapped_column(Text)
    evidence_source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id"), index=True)
    # A verdict on the evidence of a claim (--claim): the claim, with evidence_source_id one of its sources.
    evidence_claim_id: Mapped[int | None] = mapped_column(ForeignKey("claim.id"), index=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claim.id"), index=True)
    recorded_by: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    search: Mapped[str] = mapped_column(
        TSVECTOR,
        Computed(
            "to_tsvector('english'::regconfig, statement || ' ' || coalesce(criteria, ''))", persisted=True
        ),
    )
    notes: Mapped[str | None] = mapped_column(Text)  # 20261204_0007
    # 20261204_0011: the record's identity across databases (export, import and sync keep it).
    uid: Mapped[UUID] = mapped_column(Uuid, server_default=text("gen_random_uuid()"), unique=True)


class PredictionActor(Base):
    __tablename__ = "prediction_actor"
    __table_args__ = (CheckConstraint(one_of("role", domain.ACTOR_ROLES), name="role"),)

    prediction_id: Mapped[int] = mapped_column(ForeignKey("prediction.id", ondelete="CASCADE"), primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actor.id"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(Text, primary_key=True, server_default="subject")


class PredictionTag(Base):
    __tablename__ = "prediction_tag"

    prediction_id: Mapped[int] = mapped_column(ForeignKey("prediction.id", ondelete="CASCADE"), primary_key=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tag.id"), primary_key=True, index=True)


class ArmsTransfer(Base):
    """The arms-transfer facet of a prediction or a claim: who supplies what to whom, and when."""

    __tablename__ = "arms_transfer"
    __table_args__ = (
        CheckConstraint("num_nonnulls(prediction_id, claim_id) = 1", name="belongs_to_one"),
        CheckConstraint("supplier_id <> recipient_id", name="supplier_is_not_recipient"),
        CheckConstraint(one_of("category", domain.ARMS_CATEGORIES), name="category"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("period_end >= period_start", name="period_order"),
        CheckConstraint(f"length(item) <= {NAME_MAX}", name="item_length"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    prediction_id: Mapped[int | None] = mapped_column(
        ForeignKey("prediction.id", ondelete="CASCADE"), unique=True
    )
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), unique=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("actor.id"), index=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("actor.id"), index=True)
    category: Mapped[str] = mapped_column(Text)
    item: Mapped[str | None] = mapped_column(Text)
    quantity: Mapped[int | None] = mapped_column(Integer)
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
