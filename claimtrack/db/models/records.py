"""The records claims are made of: actors (with their aliases), sources, tags, claims, and a
claim's actors, tags and evidence."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Computed,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    SmallInteger,
    Text,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column, relationship

from claimtrack import domain
from claimtrack.db.models.base import Base, at_most, not_blank, one_of, precise_date
from claimtrack.domain import NAME_MAX, STATEMENT_MAX, TEXT_MAX


class Actor(Base):
    __tablename__ = "actor"
    __table_args__ = (
        CheckConstraint(one_of("kind", domain.ACTOR_KINDS), name="kind"),
        CheckConstraint("iso_code ~ '^[A-Z]{3}$'", name="iso_code_alpha3"),
        not_blank("name", NAME_MAX),
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
        not_blank("alias", NAME_MAX),
        Index("uq_actor_alias_lower_alias", func.lower(text("alias")), unique=True),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actor.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(Text)

    actor: Mapped[Actor] = relationship(back_populates="aliases")


class Source(Base):
    __tablename__ = "source"
    __table_args__ = (
        CheckConstraint(one_of("kind", domain.SOURCE_KINDS), name="kind"),
        CheckConstraint(one_of("reliability", domain.RELIABILITY_GRADES), name="reliability"),
        CheckConstraint("url ~ '^https?://[^\\s/]+'", name="url_http"),
        not_blank("title", domain.TITLE_MAX),
        *precise_date("published"),
        # 20261204_0005: the domain's limits (TEXT_LIMITS), so that psql cannot store what an export could not restore.
        CheckConstraint(f"length(url) <= {domain.URL_MAX} AND octet_length(url) <= {domain.URL_MAX_BYTES}", name="url_length"),
        at_most("publisher", domain.PUBLISHER_MAX),
        at_most("author", domain.AUTHOR_MAX),
        at_most("notes", TEXT_MAX),
        at_most("recorded_by", domain.USER_MAX),
        CheckConstraint("merged_into_id IS NULL OR (deleted_at IS NOT NULL AND merged_into_id <> id)", name="merged_is_deleted"),
        Index("ix_source_incomplete", "id", postgresql_where=text("incomplete AND deleted_at IS NULL")),
        # The sources merged into another, whose grades publisher_track_record takes off (20261208_0016).
        Index("ix_source_merged", "publisher", postgresql_where=text("deleted_at IS NOT NULL")),
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
        not_blank("statement", STATEMENT_MAX),
        CheckConstraint(one_of("status", domain.CLAIM_STATUSES), name="status"),
        CheckConstraint("credibility BETWEEN 1 AND 6", name="credibility"),
        *precise_date("occurred"),
        *precise_date("stated"),
        at_most("recorded_by", domain.USER_MAX),
        Index("ix_claim_search", "search", postgresql_using="gin"),
        Index("ix_claim_statement_trgm", "statement", postgresql_using="gin", postgresql_ops={"statement": "gin_trgm_ops"}),
        CheckConstraint("merged_into_id IS NULL OR (deleted_at IS NOT NULL AND merged_into_id <> id)", name="merged_is_deleted"),
        at_most("notes", TEXT_MAX),
        Index("ix_claim_deleted_status", "status", postgresql_where=text("deleted_at IS NOT NULL")),
        # The claims recorded after a day but stated by then, for --as-of (20261208_0020).
        Index("ix_claim_stated", "stated_on", "created_at", postgresql_where=text("stated_on IS NOT NULL AND deleted_at IS NULL")),
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
    __table_args__ = (
        CheckConstraint(one_of("role", domain.ACTOR_ROLES), name="role"),
        # An actor's claims, counted from the index alone (20261208_0020).
        Index("ix_claim_actor_actor_claim", "actor_id", "claim_id"),
    )

    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actor.id"), primary_key=True)
    role: Mapped[str] = mapped_column(Text, primary_key=True, server_default="subject")


class ClaimTag(Base):
    __tablename__ = "claim_tag"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), primary_key=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tag.id"), primary_key=True, index=True)


class ClaimSource(Base):
    """Evidence: a source that supports, disputes or merely reports a claim."""

    __tablename__ = "claim_source"
    __table_args__ = (
        CheckConstraint(one_of("stance", domain.STANCES), name="stance"),
        CheckConstraint(f"length(excerpt) <= {TEXT_MAX}", name="excerpt_length"),
        at_most("added_by", domain.USER_MAX),
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
