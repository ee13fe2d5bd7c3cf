"""Predictions are found by likeness, a verdict can cite a claim, and the scoreboard is per tag since a date

Revision ID: 20261208_0015
Revises: 20261204_0014
Create Date: 2026-12-08 09:00:00

- ix_prediction_statement_trgm: a pg_trgm index on prediction.statement, as ix_claim_statement_trgm
  on claim.statement (20261127_0001), so that `prediction add` finds an open prediction that nearly
  matches the new statement without reading every row.
- evidence_claim_id on prediction and on status_history: `prediction confirm|refute ID --claim C`
  cites a claim as the evidence. The claim counts with its sources: evidence_source_id is still
  required of a verdict (ck_prediction_verdict_has_evidence) and holds the claim's source that
  claimtrack chose (or the one named with --evidence), so every report that reads the evidence
  source reads it as before. A claim is only the evidence of a confirmed or refuted prediction
  (ck_prediction_evidence_claim_is_verdict); prediction_status_guard keeps it frozen with the rest of
  the resolution, except that it follows its claim into the claim it was merged into; the history
  trigger writes it with the evidence source.
- reporting.forecaster_scoreboard_by_tag_since: forecaster_scoreboard_since once per tag, so that
  `claimtrack report forecaster_scoreboard --tag T --since D` reads one view.
"""

from __future__ import annotations

from alembic import op

revision = "20261208_0015"
down_revision = "20261204_0014"
branch_labels = None
depends_on = None

UPGRADE = r"""
CREATE INDEX ix_prediction_statement_trgm ON prediction USING gin (statement gin_trgm_ops);

ALTER TABLE prediction ADD COLUMN evidence_claim_id bigint
    CONSTRAINT fk_prediction_evidence_claim_id_claim REFERENCES claim (id);
CREATE INDEX ix_prediction_evidence_claim_id ON prediction (evidence_claim_id);
ALTER TABLE prediction ADD CONSTRAINT ck_prediction_evidence_claim_is_verdict
    CHECK (evidence_claim_id IS NULL OR status IN ('confirmed', 'refuted'));
ALTER TABLE status_history ADD COLUMN evidence_claim_id bigint
    CONSTRAINT fk_status_history_evidence_claim_id_claim REFERENCES claim (id);
CREATE INDEX ix_status_history_evidence_claim_id ON status_history (evidence_claim_id);

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
    ELSIF OLD.status <> 'open' AND (NEW.resolved_on, NEW.resolution_note, NEW.evidence_source_id, NEW.evidence_claim_id)
            IS DISTINCT FROM (OLD.resolved_on, OLD.resolution_note, OLD.evidence_source_id, OLD.evidence_claim_id) THEN
        IF (NEW.resolved_on, NEW.resolution_note) IS NOT DISTINCT FROM (OLD.resolved_on, OLD.resolution_note)
                AND NEW.evidence_source_id IS NOT NULL
                AND (NEW.evidence_source_id = OLD.evidence_source_id
                     OR (SELECT s.merged_into_id FROM source s WHERE s.id = OLD.evidence_source_id) = NEW.evidence_source_id)
                AND (NEW.evidence_claim_id IS NOT DISTINCT FROM OLD.evidence_claim_id
                     OR (SELECT c.merged_into_id FROM claim c WHERE c.id = OLD.evidence_claim_id) = NEW.evidence_claim_id) THEN
            NULL;  -- the evidence follows its source, or its claim, into the one it was merged into
        ELSE
            RAISE EXCEPTION 'prediction % is %; its resolution can only change by reopening it', OLD.id, OLD.status
                USING ERRCODE = 'check_violation', CONSTRAINT = 'tr_prediction_resolution_frozen';
        END IF;
    END IF;
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION prediction_status_history() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF claimtrack_importing() THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' AND NEW.status <> 'open' THEN
        -- Recorded already resolved: it was open from the day it was made until it was resolved.
        INSERT INTO status_history (prediction_id, from_status, to_status, changed_by, changed_login, effective_on)
        VALUES (NEW.id, NULL, 'open', coalesce(claimtrack_setting('actor'), NEW.recorded_by, session_user), session_user, NEW.made_on);
    END IF;
    INSERT INTO status_history
        (prediction_id, from_status, to_status, changed_by, changed_login, reason, evidence_source_id, evidence_claim_id, effective_on)
    VALUES (
        NEW.id,
        CASE WHEN TG_OP = 'UPDATE' THEN OLD.status WHEN NEW.status <> 'open' THEN 'open' END,
        NEW.status,
        coalesce(claimtrack_setting('actor'), CASE WHEN TG_OP = 'INSERT' THEN NEW.recorded_by END, session_user),
        session_user,
        coalesce(claimtrack_setting('reason'), NEW.resolution_note),
        NEW.evidence_source_id,
        NEW.evidence_claim_id,
        CASE
            WHEN TG_OP = 'INSERT' THEN coalesce(NEW.resolved_on, NEW.made_on)
            WHEN NEW.status = 'open' THEN claimtrack_effective_on()
            ELSE NEW.resolved_on
        END
    );
    RETURN NULL;
END
$$;

CREATE VIEW reporting.forecaster_scoreboard_by_tag_since AS
WITH daily AS (
    SELECT t.tag, x.forecaster_actor_id, x.forecaster_source_id, x.forecaster, x.forecaster_kind, x.made_on,
           count(*) AS predictions,
           sum(x.time_averaged_brier) AS brier,
           sum(x.baseline_score) AS baseline,
           sum(x.peer_score) AS peer,
           sum(x.relative_brier) AS relative,
           sum(x.coverage) AS coverage
    FROM reporting.forecast_scores x
    CROSS JOIN LATERAL unnest(x.tags) AS t(tag)
    GROUP BY t.tag, x.forecaster_actor_id, x.forecaster_source_id, x.forecaster, x.forecaster_kind, x.made_on
),
onward AS (
    -- Each date's sums with every later date's: the predictions carrying the tag made on or after it.
    SELECT d.tag, d.forecaster_actor_id, d.forecaster_source_id, d.forecaster, d.forecaster_kind,
           d.made_on AS made_from,
           lead(d.made_on) OVER later_first AS made_after,
           (sum(d.predictions) OVER later_first_so_far)::bigint AS predictions,
           sum(d.brier) OVER later_first_so_far AS brier,
           sum(d.baseline) OVER later_first_so_far AS baseline,
           sum(d.peer) OVER later_first_so_far AS peer,
           sum(d.relative) OVER later_first_so_far AS relative,
           sum(d.coverage) OVER later_first_so_far AS coverage
    FROM daily d
    WINDOW later_first AS (PARTITION BY d.tag, d.forecaster_actor_id, d.forecaster_source_id ORDER BY d.made_on DESC),
           later_first_so_far AS (later_first ROWS UNBOUNDED PRECEDING)
)
SELECT
    o.tag,
    o.forecaster,
    o.forecaster_kind,
    o.predictions,
    o.brier / o.predictions AS time_averaged_brier,
    o.baseline / o.predictions AS baseline_score,
    o.peer / o.predictions AS peer_score,
    o.relative / o.predictions AS relative_brier,
    (o.coverage / o.predictions)::float8 AS coverage,
    o.forecaster_actor_id,
    o.forecaster_source_id,
    o.made_from,
    o.made_after
FROM onward o;
COMMENT ON VIEW reporting.forecaster_scoreboard_by_tag_since IS 'The forecaster scoreboard per tag over the predictions carrying it made on or after made_from (--tag T --since D: tag = T and made_after < D <= made_from).';
"""

DOWNGRADE = r"""
DROP VIEW reporting.forecaster_scoreboard_by_tag_since;

CREATE OR REPLACE FUNCTION prediction_status_history() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF claimtrack_importing() THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' AND NEW.status <> 'open' THEN
        -- Recorded already resolved: it was open from the day it was made until it was resolved.
        INSERT INTO status_history (prediction_id, from_status, to_status, changed_by, changed_login, effective_on)
        VALUES (NEW.id, NULL, 'open', coalesce(claimtrack_setting('actor'), NEW.recorded_by, session_user), session_user, NEW.made_on);
    END IF;
    INSERT INTO status_history
        (prediction_id, from_status, to_status, changed_by, changed_login, reason, evidence_source_id, effective_on)
    VALUES (
        NEW.id,
        CASE WHEN TG_OP = 'UPDATE' THEN OLD.status WHEN NEW.status <> 'open' THEN 'open' END,
        NEW.status,
        coalesce(claimtrack_setting('actor'), CASE WHEN TG_OP = 'INSERT' THEN NEW.recorded_by END, session_user),
        session_user,
        coalesce(claimtrack_setting('reason'), NEW.resolution_note),
        NEW.evidence_source_id,
        CASE
            WHEN TG_OP = 'INSERT' THEN coalesce(NEW.resolved_on, NEW.made_on)
            WHEN NEW.status = 'open' THEN claimtrack_effective_on()
            ELSE NEW.resolved_on
        END
    );
    RETURN NULL;
END
$$;

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

DROP INDEX ix_status_history_evidence_claim_id;
ALTER TABLE status_history DROP COLUMN evidence_claim_id;
ALTER TABLE prediction DROP CONSTRAINT ck_prediction_evidence_claim_is_verdict;
DROP INDEX ix_prediction_evidence_claim_id;
ALTER TABLE prediction DROP COLUMN evidence_claim_id;
DROP INDEX ix_prediction_statement_trgm;
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)
