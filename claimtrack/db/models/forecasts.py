"""Forecasts on a prediction and the evidence each cites (both append-only)."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Identity,
    Index,
    Text,
    Uuid,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from claimtrack import domain
from claimtrack.db.models.base import (
    Base,
    at_most,
    one_of,
    precise_date,
    probability_fits_likelihood,
)
from claimtrack.domain import TEXT_MAX


class Forecast(Base):
    """A forecaster's probability on a prediction at a date (20261204_0010). Append-only: a
    forecaster revises by recording a new forecast, which stands from its made-on date until their
    next one or the resolution. A prediction's first forecast is written by the database from the
    prediction's own columns."""

    __tablename__ = "forecast"
    __table_args__ = (
        CheckConstraint("num_nonnulls(actor_id, source_id) = 1", name="one_forecaster"),
        CheckConstraint("probability >= 0 AND probability <= 1", name="probability_range"),
        CheckConstraint(one_of("likelihood", tuple(domain.LIKELIHOOD_TERMS)), name="likelihood"),
        probability_fits_likelihood(),
        CheckConstraint(one_of("confidence", domain.CONFIDENCE_LEVELS), name="confidence"),
        *precise_date("made")[1:],
        at_most("note", TEXT_MAX),
        at_most("recorded_by", domain.USER_MAX),
        Index("ix_forecast_prediction", "prediction_id", "made_on", "id"),
        {"comment": "A forecaster's probability on a prediction at a date; append-only."},
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    prediction_id: Mapped[int] = mapped_column(ForeignKey("prediction.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("actor.id"), index=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id"), index=True)
    probability: Mapped[float] = mapped_column(Float)
    likelihood: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[str | None] = mapped_column(Text)
    made_on: Mapped[date] = mapped_column(Date)
    made_precision: Mapped[str] = mapped_column(Text, server_default="day")
    note: Mapped[str | None] = mapped_column(Text)  # the rationale
    recorded_by: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # 20261204_0011: the record's identity across databases (export, import and sync keep it).
    uid: Mapped[UUID] = mapped_column(Uuid, server_default=text("gen_random_uuid()"), unique=True)


class ForecastEvidence(Base):
    """A source or a claim a forecast cites, written with it (20261204_0010); append-only."""

    __tablename__ = "forecast_evidence"
    __table_args__ = (
        CheckConstraint("num_nonnulls(source_id, claim_id) = 1", name="cites_one"),
        {"comment": "The sources and claims a forecast cites, written with it; append-only."},
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    forecast_id: Mapped[int] = mapped_column(ForeignKey("forecast.id"), index=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id"), index=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claim.id"), index=True)
