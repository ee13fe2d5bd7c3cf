"""A merged source's resolutions follow it, and merged sources leave the source track record

Revision ID: 20261204_0009
Revises: 20261204_0008
Create Date: 2026-12-04 18:10:00

`claimtrack source merge DUPLICATE --into ID` moves what cites the duplicate to the survivor. A
resolved prediction's resolution is frozen (prediction_status_guard, 20261127_0001): it changes
only by reopening. The one change now let through is its evidence moving from a source to the
source it has been merged into (the duplicate's merged_into_id, set first in the same
transaction), so that the survivor's track record counts it; every other change to a resolution
is refused as before. The status history keeps naming the source it named.

reporting.source_track_record leaves out deleted (merged) sources, whose counts have moved to the
survivor and are zero.
"""

from __future__ import annotations

from alembic import op

revision = "20261204_0009"
down_revision = "20261204_0008"
branch_labels = None
depends_on = None

_GUARD = r"""
CREATE OR REPLACE FUNCTION prediction_status_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        IF OLD.status = 'open' THEN
            NULL;  -- open -> confirmed / refuted / ambiguous / withdrawn; the CHECKs ask for evidence or a note
        ELSIF NEW.status = 'open' THEN
            IF claimtrack_setting('reason') IS NULL THEN
                RAISE EXCEPTION 'reopening prediction % needs a reason', OLD.id
                    USING ERRCODE = 'check_violation', CONSTRAINT = 'tr_prediction_reopen_reason',
                          HINT = 'SET LOCAL claimtrack.reason = ''...'' in the same transaction.';
            END IF;
        ELSE
            RAISE EXCEPTION 'prediction % is %; it cannot become % without being reopened first',
                    OLD.id, OLD.status, NEW.status
                USING ERRCODE = 'check_violation', CONSTRAINT = 'tr_prediction_transition';
        END IF;
    ELSIF OLD.status <> 'open' AND (NEW.resolved_on, NEW.resolution_note, NEW.evidence_source_id)
            IS DISTINCT FROM (OLD.resolved_on, OLD.resolution_note, OLD.evidence_source_id) THEN
        IF (NEW.resolved_on, NEW.resolution_note) IS NOT DISTINCT FROM (OLD.resolved_on, OLD.resolution_note)
                AND NEW.evidence_source_id IS NOT NULL
                AND (SELECT s.merged_into_id FROM source s WHERE s.id = OLD.evidence_source_id) = NEW.evidence_source_id THEN
            NULL;  -- the evidence follows its source into the source it was merged into
        ELSE
            RAISE EXCEPTION 'prediction % is %; its resolution can only change by reopening it', OLD.id, OLD.status
                USING ERRCODE = 'check_violation', CONSTRAINT = 'tr_prediction_resolution_frozen';
        END IF;
    END IF;
    NEW.updated_at := now();
    RETURN NEW;
END
$$;
"""

_OLD_GUARD = r"""
CREATE OR REPLACE FUNCTION prediction_status_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        IF OLD.status = 'open' THEN
            NULL;  -- open -> confirmed / refuted / ambiguous / withdrawn; the CHECKs ask for evidence or a note
        ELSIF NEW.status = 'open' THEN
            IF claimtrack_setting('reason') IS NULL THEN
                RAISE EXCEPTION 'reopening prediction % needs a reason', OLD.id
                    USING ERRCODE = 'check_violation', CONSTRAINT = 'tr_prediction_reopen_reason',
                          HINT = 'SET LOCAL claimtrack.reason = ''...'' in the same transaction.';
            END IF;
        ELSE
            RAISE EXCEPTION 'prediction % is %; it cannot become % without being reopened first',
                    OLD.id, OLD.status, NEW.status
                USING ERRCODE = 'check_violation', CONSTRAINT = 'tr_prediction_transition';
        END IF;
    ELSIF OLD.status <> 'open' AND (NEW.resolved_on, NEW.resolution_note, NEW.evidence_source_id)
            IS DISTINCT FROM (OLD.resolved_on, OLD.resolution_note, OLD.evidence_source_id) THEN
        RAISE EXCEPTION 'prediction % is %; its resolution can only change by reopening it', OLD.id, OLD.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'tr_prediction_resolution_frozen';
    END IF;
    NEW.updated_at := now();
    RETURN NEW;
END
$$;
"""

_VIEW = r"""
CREATE OR REPLACE VIEW reporting.source_track_record AS
SELECT
    s.id AS source_id,
    r.title AS source,
    s.publisher,
    s.kind,
    s.reliability,
    r.claims_supported,
    r.supported_confirmed,
    r.supported_refuted,
    r.predictions_made,
    r.predictions_open,
    r.predictions_confirmed,
    r.predictions_refuted,
    r.predictions_annulled,
    s.url
FROM reporting_summary.source_record r
JOIN source s ON s.id = r.source_id
WHERE s.deleted_at IS NULL;
"""

_OLD_VIEW = _VIEW.replace("\nWHERE s.deleted_at IS NULL;", ";")


def upgrade() -> None:
    op.execute(_GUARD)
    op.execute(_VIEW)


def downgrade() -> None:
    op.execute(_OLD_VIEW)
    op.execute(_OLD_GUARD)
