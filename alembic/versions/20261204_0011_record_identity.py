"""Every record has a stable identifier, each database names itself, and what two databases last agreed on is kept

Revision ID: 20261204_0011
Revises: 20261204_0010
Create Date: 2026-12-04 22:00:00

- uid: a uuid on claim, source, actor, prediction and forecast (tags are known by their name), made
  by the database (gen_random_uuid()) for every new row and for the rows that exist, unique. Export
  writes it; import and sync match records by it, so that the same record in two databases is
  recognised and never copied twice. Ids stay each database's own.
- database_identity: one row naming this database (its uuid), with where it was given (the
  cluster's system identifier and the database's oid). A copy of the database (CREATE DATABASE ...
  TEMPLATE, a restored dump) is another database: claimtrack notices that the place differs and
  gives the copy a uuid of its own the first time it exchanges records.
- sync_base: for each peer database and record (kind, uid), the fingerprint of the record's fields
  and links as the two last agreed on, written when an import or a sync applies or confirms the
  record. An import compares the peer's version and ours with it: changed on one side only is
  taken from that side; changed on both is a conflict.

The downgrade drops the identifiers, the identity and the agreements: a later upgrade gives every
record a new uid, so that databases synced before then no longer recognise each other's records.
"""

from __future__ import annotations

from alembic import op

revision = "20261204_0011"
down_revision = "20261204_0010"
branch_labels = None
depends_on = None

UPGRADE = r"""
ALTER TABLE actor ADD COLUMN uid uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT uq_actor_uid UNIQUE;
ALTER TABLE source ADD COLUMN uid uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT uq_source_uid UNIQUE;
ALTER TABLE claim ADD COLUMN uid uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT uq_claim_uid UNIQUE;
ALTER TABLE prediction ADD COLUMN uid uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT uq_prediction_uid UNIQUE;
ALTER TABLE forecast ADD COLUMN uid uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT uq_forecast_uid UNIQUE;

CREATE TABLE database_identity (
    uid uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT pk_database_identity PRIMARY KEY,
    system_identifier bigint,
    database_oid oid,
    named_at timestamptz NOT NULL DEFAULT now(),
    one_row boolean NOT NULL DEFAULT true CONSTRAINT ck_database_identity_one_row CHECK (one_row)
        CONSTRAINT uq_database_identity_one_row UNIQUE
);
COMMENT ON TABLE database_identity IS 'This database''s own uuid (one row), which exports carry and sync peers know it by.';
INSERT INTO database_identity (system_identifier, database_oid)
SELECT (SELECT system_identifier FROM pg_control_system()), (SELECT oid FROM pg_database WHERE datname = current_database());

CREATE TABLE sync_base (
    peer uuid NOT NULL,
    kind text NOT NULL CONSTRAINT ck_sync_base_kind CHECK (kind IN ('actor', 'source', 'claim', 'prediction', 'forecast')),
    uid uuid NOT NULL,
    fingerprint text NOT NULL,
    agreed_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_sync_base PRIMARY KEY (peer, kind, uid)
);
COMMENT ON TABLE sync_base IS 'Per peer database and record: the fingerprint of the record as the two last agreed on it.';
"""

DOWNGRADE = r"""
DROP TABLE sync_base;
DROP TABLE database_identity;
ALTER TABLE forecast DROP COLUMN uid;
ALTER TABLE prediction DROP COLUMN uid;
ALTER TABLE claim DROP COLUMN uid;
ALTER TABLE source DROP COLUMN uid;
ALTER TABLE actor DROP COLUMN uid;
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)
