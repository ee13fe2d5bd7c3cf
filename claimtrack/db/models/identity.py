"""Identity across databases: this database's own uuid, and what it last agreed on with each peer."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Text,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import OID
from sqlalchemy.orm import Mapped, mapped_column

from claimtrack.db.models.base import Base, one_of


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
        CheckConstraint(one_of("kind", ("actor", "source", "claim", "prediction", "forecast")), name="kind"),
        {"comment": "Per peer database and record: the fingerprint of the record as the two last agreed on it."},
    )

    peer: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    kind: Mapped[str] = mapped_column(Text, primary_key=True)
    uid: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(Text)
    agreed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
