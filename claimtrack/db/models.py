"""The schema, as SQLAlchemy 2.x typed models. Migrations in alembic/versions freeze it.

Invariants are CHECK constraints and foreign keys here, and triggers in the migrations (status
transitions, history written by the database, append-only history).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Computed,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    Text,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, OID, TSVECTOR
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from claimtrack import domain
from claimtrack.domain import NAME_MAX as NAME_MAX, STATEMENT_MAX as STATEMENT_MAX, TEXT_MAX as TEXT_MAX  # the CHECKs' lengths

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _one_of(column: str, values: tuple[object, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _precise_date(column: str) -> list[CheckConstraint]:
    """A date with precision: both set or both null, and the date is the first day of its period."""
    return [
        CheckConstraint(f"({column}_on IS NULL) = ({column}_precision IS NULL)", name=f"{column}_has_precision"),
        CheckConstraint(_one_of(f"{column}_precision", domain.DATE_PRECISIONS), name=f"{column}_precision"),
        CheckConstraint(
            f"{column}_precision NOT IN ('year', 'month', 'day')"
            f" OR date_trunc({column}_precision, {column}_on::timestamp)::date = {column}_on",
            name=f"{column}_on_starts_period",
        ),
    ]


def _at_most(column: str, characters: int) -> CheckConstraint:
    return CheckConstraint(f"length({column}) <= {characters}", name=f"{column}_length")


def _not_blank(column: str, max_length: int) -> CheckConstraint:
    return CheckConstraint(
        f"length(btrim({column})) > 0 AND length({column}) <= {max_length}", name=f"{column}_length"
    )


_LIKELIHOOD_BOUND = "CASE likelihood {} END"
_likelihood_low = " ".join(f"WHEN '{t}' THEN {lo}" for t, (lo, _) in domain.LIKELIHOOD_TERMS.items())
_likelihood_high = " ".join(f"WHEN '{t}' THEN {hi}" for t, (_, hi) in domain.LIKELIHOOD_TERMS.items())


class Actor(Base):
    __tablename__ = "actor"
    __table_args__ = (
        CheckConstraint(_one_of("kind", domain.ACTOR_KINDS), name="kind"),
        CheckConstraint("iso_code ~ '^[A-Z]{3}$'", name="iso_code_alpha3"),
        _not_blank("name", NAME_MAX),
        Index("uq_actor_lower_name", func.lower(text("name")), unique=True),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    iso_code: Mapped[str | None] = mapped_column(Text, unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # 20261204_0011: the record's identity across databases (export, import and sync keep it).
    uid: Mapped[UUID] = mapped_column(Uuid, server_default=text("gen_random_uuid()"), unique=True)

    aliases: Mapped[list[ActorAlias]] = relationship(back_populates="actor", cascade="all, delete-orphan")


class ActorAlias(Base):
    __tablename__ = "actor_alias"
    __table_args__ = (
        _not_blank("alias", NAME_MAX),
        Index("uq_actor_alias_lower_alias", func.lower(text("alias")), unique=True),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actor.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(Text)

    actor: Mapped[Actor] = relationship(back_populates="aliases")


class Source(Base):
    __tablename__ = "source"
    __table_args__ = (
        CheckConstraint(_one_of("kind", domain.SOURCE_KINDS), name="kind"),
        CheckConstraint(_one_of("reliability", domain.RELIABILITY_GRADES), name="reliability"),
        CheckConstraint("url ~ '^https?://[^\\s/]+'", name="url_http"),
        _not_blank("title", domain.TITLE_MAX),
        *_precise_date("published"),
        # 20261204_0005: the domain's limits (TEXT_LIMITS), so that psql cannot store what an export could not restore.
        CheckConstraint(f"length(url) <= {domain.URL_MAX} AND octet_length(url) <= {domain.URL_MAX_BYTES}", name="url_length"),
        _at_most("publisher", domain.PUBLISHER_MAX),
        _at_most("author", domain.AUTHOR_MAX),
        _at_most("notes", TEXT_MAX),
        _at_most("recorded_by", domain.USER_MAX),
        CheckConstraint("merged_into_id IS NULL OR (deleted_at IS NOT NULL AND merged_into_id <> id)", name="merged_is_deleted"),
        Index("ix_source_incomplete", "id", postgresql_where=text("incomplete AND deleted_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    kind: Mapped[str] = mapped_column(Text, server_default="other")
    title: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text, unique=True)  # normalised before storing
    publisher: Mapped[str | None] = mapped_column(Text, index=True)
    author: Mapped[str | None] = mapped_column(Text)
    published_on: Mapped[date | None] = mapped_column(Date)
    published_precision: Mapped[str | None] = mapped_column(Text)
    reliability: Mapped[str] = mapped_column(Text, server_default="F")
    notes: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # 20261204_0007: made on the fly from a URL, until its details are given; deleted or merged softly.
    incomplete: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("source.id"))
    # 20261204_0011: the record's identity across databases (export, import and sync keep it).
    uid: Mapped[UUID] = mapped_column(Uuid, server_default=text("gen_random_uuid()"), unique=True)


class Tag(Base):
    __tablename__ = "tag"
    __table_args__ = (
        CheckConstraint("name ~ '^[a-z0-9][a-z0-9_.:/-]{0,63}$'", name="name_form"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)


class Claim(Base):
    __tablename__ = "claim"
    __table_args__ = (
        _not_blank("statement", STATEMENT_MAX),
        CheckConstraint(_one_of("status", domain.CLAIM_STATUSES), name="status"),
        CheckConstraint("credibility BETWEEN 1 AND 6", name="credibility"),
        *_precise_date("occurred"),
        *_precise_date("stated"),
        _at_most("recorded_by", domain.USER_MAX),
        Index("ix_claim_search", "search", postgresql_using="gin"),
        Index("ix_claim_statement_trgm", "statement", postgresql_using="gin", postgresql_ops={"statement": "gin_trgm_ops"}),
        CheckConstraint("merged_into_id IS NULL OR (deleted_at IS NOT NULL AND merged_into_id <> id)", name="merged_is_deleted"),
        _at_most("notes", TEXT_MAX),
        Index("ix_claim_deleted_status", "status", postgresql_where=text("deleted_at IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    statement: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text, server_default="unverified", index=True)
    credibility: Mapped[int] = mapped_column(SmallInteger, server_default="6")
    claimant_id: Mapped[int | None] = mapped_column(ForeignKey("actor.id"), index=True)
    occurred_on: Mapped[date | None] = mapped_column(Date)
    occurred_precision: Mapped[str | None] = mapped_column(Text)
    stated_on: Mapped[date | None] = mapped_column(Date)
    stated_precision: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    search: Mapped[str] = mapped_column(
        TSVECTOR, Computed("to_tsvector('english'::regconfig, statement)", persisted=True)
    )
    notes: Mapped[str | None] = mapped_column(Text)  # 20261204_0007
    # 20261204_0007: a deleted claim keeps its row (its links are in record_change); a merged one names its survivor.
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("claim.id"))
    # 20261204_0011: the record's identity across databases (export, import and sync keep it).
    uid: Mapped[UUID] = mapped_column(Uuid, server_default=text("gen_random_uuid()"), unique=True)


class ClaimActor(Base):
    __tablename__ = "claim_actor"
    __table_args__ = (CheckConstraint(_one_of("role", domain.ACTOR_ROLES), name="role"),)

    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actor.id"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(Text, primary_key=True, server_default="subject")


class ClaimTag(Base):
    __tablename__ = "claim_tag"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), primary_key=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tag.id"), primary_key=True, index=True)


class ClaimSource(Base):
    """Evidence: a source that supports, disputes or merely reports a claim."""

    __tablename__ = "claim_source"
    __table_args__ = (
        CheckConstraint(_one_of("stance", domain.STANCES), name="stance"),
        CheckConstraint(f"length(excerpt) <= {TEXT_MAX}", name="excerpt_length"),
        _at_most("added_by", domain.USER_MAX),
        Index("ix_claim_source_search", "search", postgresql_using="gin"),
    )

    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"), primary_key=True, index=True)
    stance: Mapped[str] = mapped_column(Text, server_default="reports")
    excerpt: Mapped[str | None] = mapped_column(Text)
    added_by: Mapped[str] = mapped_column(Text)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    search: Mapped[str] = mapped_column(
        TSVECTOR, Computed("to_tsvector('english'::regconfig, coalesce(excerpt, ''))", persisted=True)
    )


class Prediction(Base):
    __tablename__ = "prediction"
    __table_args__ = (
        _not_blank("statement", STATEMENT_MAX),
        CheckConstraint(_one_of("status", domain.PREDICTION_STATUSES), name="status"),
        CheckConstraint("probability >= 0 AND probability <= 1", name="probability_range"),
        CheckConstraint(_one_of("likelihood", tuple(domain.LIKELIHOOD_TERMS)), name="likelihood"),
        CheckConstraint(
            "likelihood IS NULL OR probability IS NULL OR probability BETWEEN "
            f"{_LIKELIHOOD_BOUND.format(_likelihood_low)} AND {_LIKELIHOOD_BOUND.format(_likelihood_high)}",
            name="probability_fits_likelihood",
        ),
        CheckConstraint(_one_of("confidence", domain.CONFIDENCE_LEVELS), name="confidence"),
        *_precise_date("made")[1:],
        CheckConstraint(_one_of("resolve_by_precision", domain.DATE_PRECISIONS), name="resolve_by_precision"),
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
        _at_most("notes", TEXT_MAX),
        _at_most("recorded_by", domain.USER_MAX),
        # Overdue and due-soon, in deadline order; with the predictor, the scoreboard's overdue counts
        # come from the index alone (alembic/versions/20261127_0003).
        Index(
            "ix_prediction_open_resolve_by",
            "resolve_by",
            "id",
            postgresql_include=["predictor_actor_id", "predictor_source_id"],
            postgresql_where=text("status = 'open'"),
        ),
        Index("ix_prediction_search", "search", postgresql_using="gin"),
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
    __table_args__ = (CheckConstraint(_one_of("role", domain.ACTOR_ROLES), name="role"),)

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
        CheckConstraint(_one_of("category", domain.ARMS_CATEGORIES), name="category"),
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


class StatusHistory(Base):
    """Every status change of a claim or prediction. Written by triggers; append-only."""

    __tablename__ = "status_history"
    __table_args__ = (
        CheckConstraint("num_nonnulls(claim_id, prediction_id) = 1", name="belongs_to_one"),
        CheckConstraint(
            f"({_one_of('to_status', domain.CLAIM_STATUSES)} AND claim_id IS NOT NULL)"
            f" OR ({_one_of('to_status', domain.PREDICTION_STATUSES)} AND prediction_id IS NOT NULL)",
            name="to_status",
        ),
        _at_most("changed_by", domain.USER_MAX),
        _at_most("reason", TEXT_MAX),
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


class RecordChange(Base):
    """Every UPDATE and DELETE of a record or link, and a link added later (20261204_0007). Written by
    triggers; append-only."""

    __tablename__ = "record_change"
    __table_args__ = (
        CheckConstraint(_one_of("record_table", ("claim", "source", "actor", "tag", "prediction")), name="record_table"),
        CheckConstraint(_one_of("operation", ("insert", "update", "delete")), name="operation"),
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


class Forecast(Base):
    """A forecaster's probability on a prediction at a date (20261204_0010). Append-only: a
    forecaster revises by recording a new forecast, which stands from its made-on date until their
    next one or the resolution. A prediction's first forecast is written by the database from the
    prediction's own columns."""

    __tablename__ = "forecast"
    __table_args__ = (
        CheckConstraint("num_nonnulls(actor_id, source_id) = 1", name="one_forecaster"),
        CheckConstraint("probability >= 0 AND probability <= 1", name="probability_range"),
        CheckConstraint(_one_of("likelihood", tuple(domain.LIKELIHOOD_TERMS)), name="likelihood"),
        CheckConstraint(
            "likelihood IS NULL OR probability IS NULL OR probability BETWEEN "
            f"{_LIKELIHOOD_BOUND.format(_likelihood_low)} AND {_LIKELIHOOD_BOUND.format(_likelihood_high)}",
            name="probability_fits_likelihood",
        ),
        CheckConstraint(_one_of("confidence", domain.CONFIDENCE_LEVELS), name="confidence"),
        *_precise_date("made")[1:],
        _at_most("note", TEXT_MAX),
        _at_most("recorded_by", domain.USER_MAX),
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


class DatabaseIdentity(Base):
    """This database's own uuid (20261204_0011): one row, which exports carry and sync peers know it
    by, with where it was given (a copy of the database, elsewhere, takes a uuid of its own)."""

    __tablename__ = "database_identity"
    __table_args__ = (
        CheckConstraint("one_row", name="one_row"),
        {"comment": "This database's own uuid (one row), which exports carry and sync peers know it by."},
    )

    uid: Mapped[UUID] = mapped_column(Uuid, primary_key=True, server_default=text("gen_random_uuid()"))
    system_identifier: Mapped[int | None] = mapped_column(BigInteger)
    database_oid: Mapped[int | None] = mapped_column(OID)
    named_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    one_row: Mapped[bool] = mapped_column(Boolean, server_default=text("true"), unique=True)


class SyncBase(Base):
    """What this database and a peer last agreed on, per record (20261204_0011): the fingerprint of
    its fields and links, written when an import or a sync applies or confirms it."""

    __tablename__ = "sync_base"
    __table_args__ = (
        CheckConstraint(_one_of("kind", ("actor", "source", "claim", "prediction", "forecast")), name="kind"),
        {"comment": "Per peer database and record: the fingerprint of the record as the two last agreed on it."},
    )

    peer: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    kind: Mapped[str] = mapped_column(Text, primary_key=True)
    uid: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(Text)
    agreed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
