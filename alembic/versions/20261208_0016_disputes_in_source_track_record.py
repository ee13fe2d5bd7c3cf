"""A source is judged on the claims it disputed too, and a merged source leaves its publisher's grades

Revision ID: 20261208_0016
Revises: 20261208_0015
Create Date: 2026-12-08 01:00:00

Until now reporting.source_track_record counted only the claims a source supports: a source that
disputed a claim later confirmed, or one later refuted, kept the same record as one that never
spoke of it. A dispute now counts the other way round from a support:
- reporting_summary.source_dispute_record holds, per source, the claims it disputes and of those
  the confirmed (the source was wrong) and the refuted (it was right). Its own triggers keep it, on
  claim_source (a disputing link added, removed, moved or restanced) and on claim (a verdict). They
  fire after 20261127_0003's (their names sort after), lock the claims first as those do, and take
  this table's rows in source order, so that writers meet its rows in one order.
- reporting_summary.rebuild() now rebuilds it too: 0003's function becomes rebuild_0003(), which
  the new rebuild() calls first, so TRUNCATE and the tests' recomputation cover both.
- reporting.source_track_record gains, after its columns of 0009: claims_disputed,
  disputed_confirmed, disputed_refuted, and the verdicts on both sides together: borne_out
  (supported and confirmed, or disputed and refuted), contradicted (supported and refuted, or
  disputed and confirmed) and accuracy (borne_out over both, NULL before any verdict).

reporting.publisher_track_record counted a merged source among its publisher's sources and grades
(its claims and predictions had moved to the survivor, its grade stayed): the sources merged into
another (deleted_at set, few; ix_source_merged finds them) are now taken off the grades.
"""

from __future__ import annotations

from alembic import op

revision = "20261208_0016"
down_revision = "20261208_0015"
branch_labels = None
depends_on = None

UPGRADE = r"""
CREATE TABLE reporting_summary.source_dispute_record (
    source_id bigint PRIMARY KEY,
    claims_disputed bigint NOT NULL DEFAULT 0,
    disputed_confirmed bigint NOT NULL DEFAULT 0,
    disputed_refuted bigint NOT NULL DEFAULT 0
);
COMMENT ON TABLE reporting_summary.source_dispute_record IS 'Per source that disputes a claim (source_track_record): the claims it disputes, of those confirmed and refuted.';

ALTER FUNCTION reporting_summary.rebuild() RENAME TO rebuild_0003;

CREATE FUNCTION reporting_summary.rebuild_disputes() RETURNS void LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '128MB' AS $fn$
BEGIN
    TRUNCATE reporting_summary.source_dispute_record;
    INSERT INTO reporting_summary.source_dispute_record (source_id, claims_disputed, disputed_confirmed, disputed_refuted)
    SELECT cs.source_id, count(*), count(*) FILTER (WHERE c.status = 'confirmed'), count(*) FILTER (WHERE c.status = 'refuted')
    FROM claim_source cs JOIN claim c ON c.id = cs.claim_id
    WHERE cs.stance = 'disputes'
    GROUP BY 1
    ORDER BY 1;
END
$fn$;

CREATE FUNCTION reporting_summary.rebuild() RETURNS void LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp AS $fn$
BEGIN
    PERFORM reporting_summary.rebuild_0003();
    PERFORM reporting_summary.rebuild_disputes();
END
$fn$;

-- A disputing link added (sign 1) or taken away (-1), by an INSERT, a DELETE, or an UPDATE that
-- moved it to another claim or source or changed its stance.
CREATE FUNCTION reporting_summary.dispute_links() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '32MB' AS $fn$
DECLARE
    changed text := CASE TG_OP
        WHEN 'INSERT' THEN $q$SELECT r.claim_id, r.source_id, 1 AS sign FROM new_rows r WHERE r.stance = 'disputes'$q$
        WHEN 'DELETE' THEN $q$SELECT r.claim_id, r.source_id, -1 AS sign FROM old_rows r WHERE r.stance = 'disputes'$q$
        ELSE $q$SELECT g.claim_id, g.source_id, -1 AS sign FROM (
                    SELECT r.claim_id, r.source_id FROM old_rows r WHERE r.stance = 'disputes'
                    EXCEPT ALL SELECT r.claim_id, r.source_id FROM new_rows r WHERE r.stance = 'disputes') g
                UNION ALL
                SELECT g.claim_id, g.source_id, 1 FROM (
                    SELECT r.claim_id, r.source_id FROM new_rows r WHERE r.stance = 'disputes'
                    EXCEPT ALL SELECT r.claim_id, r.source_id FROM old_rows r WHERE r.stance = 'disputes') g$q$
    END;
BEGIN
    -- The claims first, as 0003's link triggers lock them: a verdict given at the same time waits,
    -- then counts this link, or this waits and reads the verdict.
    EXECUTE format($q$SELECT FROM claim c WHERE c.id = ANY(ARRAY(SELECT l.claim_id FROM (%s) l))
        AND c.xmin <> pg_current_xact_id()::xid ORDER BY c.id FOR NO KEY UPDATE$q$, changed);
    EXECUTE format($q$
        INSERT INTO reporting_summary.source_dispute_record AS t (source_id, claims_disputed, disputed_confirmed, disputed_refuted)
        SELECT l.source_id, sum(l.sign), sum(l.sign * (c.status = 'confirmed')::int), sum(l.sign * (c.status = 'refuted')::int)
        FROM (%s) l JOIN claim c ON c.id = l.claim_id
        GROUP BY 1
        HAVING (sum(l.sign), sum(l.sign * (c.status = 'confirmed')::int), sum(l.sign * (c.status = 'refuted')::int))
            IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1
        ON CONFLICT (source_id) DO UPDATE SET claims_disputed = t.claims_disputed + EXCLUDED.claims_disputed,
            disputed_confirmed = t.disputed_confirmed + EXCLUDED.disputed_confirmed,
            disputed_refuted = t.disputed_refuted + EXCLUDED.disputed_refuted$q$, changed);
    RETURN NULL;
END
$fn$;
CREATE TRIGGER summary_disputes_link_insert AFTER INSERT ON claim_source REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.dispute_links();
CREATE TRIGGER summary_disputes_link_update AFTER UPDATE ON claim_source REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.dispute_links();
CREATE TRIGGER summary_disputes_link_delete AFTER DELETE ON claim_source REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.dispute_links();

-- A verdict given or taken back moves the claim in the records of the sources that dispute it.
CREATE FUNCTION reporting_summary.dispute_verdicts() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '32MB' AS $fn$
BEGIN
    INSERT INTO reporting_summary.source_dispute_record AS t (source_id, disputed_confirmed, disputed_refuted)
    SELECT cs.source_id, sum(ch.sign * (ch.status = 'confirmed')::int), sum(ch.sign * (ch.status = 'refuted')::int)
    FROM (
        SELECT g.id, g.status, -1 AS sign FROM (
            SELECT r.id, r.status FROM old_rows r EXCEPT ALL SELECT r.id, r.status FROM new_rows r) g
        UNION ALL
        SELECT g.id, g.status, 1 FROM (
            SELECT r.id, r.status FROM new_rows r EXCEPT ALL SELECT r.id, r.status FROM old_rows r) g
    ) ch
    JOIN claim_source cs ON cs.claim_id = ch.id AND cs.stance = 'disputes'
    WHERE ch.status IN ('confirmed', 'refuted')
    GROUP BY 1
    HAVING (sum(ch.sign * (ch.status = 'confirmed')::int), sum(ch.sign * (ch.status = 'refuted')::int)) IS DISTINCT FROM (0, 0)
    ORDER BY 1
    ON CONFLICT (source_id) DO UPDATE SET disputed_confirmed = t.disputed_confirmed + EXCLUDED.disputed_confirmed,
        disputed_refuted = t.disputed_refuted + EXCLUDED.disputed_refuted;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER summary_disputes_verdict AFTER UPDATE ON claim REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.dispute_verdicts();

REVOKE ALL ON reporting_summary.source_dispute_record FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA reporting_summary FROM PUBLIC;

SELECT reporting_summary.rebuild_disputes();  -- the backfill (the other totals are as they were)

CREATE INDEX ix_source_merged ON source (publisher) WHERE deleted_at IS NOT NULL;

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
    s.url,
    coalesce(d.claims_disputed, 0) AS claims_disputed,
    coalesce(d.disputed_confirmed, 0) AS disputed_confirmed,
    coalesce(d.disputed_refuted, 0) AS disputed_refuted,
    r.supported_confirmed + coalesce(d.disputed_refuted, 0) AS borne_out,
    r.supported_refuted + coalesce(d.disputed_confirmed, 0) AS contradicted,
    (r.supported_confirmed + coalesce(d.disputed_refuted, 0))::float8
        / nullif(r.supported_confirmed + r.supported_refuted + coalesce(d.disputed_confirmed, 0) + coalesce(d.disputed_refuted, 0), 0)
        AS accuracy
FROM reporting_summary.source_record r
JOIN source s ON s.id = r.source_id
LEFT JOIN reporting_summary.source_dispute_record d ON d.source_id = r.source_id
WHERE s.deleted_at IS NULL;
COMMENT ON VIEW reporting.source_track_record IS 'Per source, beside its reliability grade: claims it supports and how many of those were confirmed or refuted; claims it disputes and how many were confirmed (it was wrong) or refuted (it was right); predictions it published and their outcomes.';
COMMENT ON COLUMN reporting.source_track_record.borne_out IS 'claims it supported that were confirmed, and claims it disputed that were refuted.';
COMMENT ON COLUMN reporting.source_track_record.contradicted IS 'claims it supported that were refuted, and claims it disputed that were confirmed.';
COMMENT ON COLUMN reporting.source_track_record.accuracy IS 'borne_out / (borne_out + contradicted); null before any of its claims has a verdict.';

CREATE OR REPLACE VIEW reporting.publisher_track_record AS
WITH merged AS (
    -- Sources merged into another: their claims and predictions moved to the survivor, their grades stay here.
    SELECT coalesce(s.publisher, '(no publisher)') AS publisher,
           count(*) FILTER (WHERE s.reliability = 'A') AS grade_a,
           count(*) FILTER (WHERE s.reliability = 'B') AS grade_b,
           count(*) FILTER (WHERE s.reliability = 'C') AS grade_c,
           count(*) FILTER (WHERE s.reliability = 'D') AS grade_d,
           count(*) FILTER (WHERE s.reliability = 'E') AS grade_e,
           count(*) FILTER (WHERE s.reliability = 'F') AS grade_f
    FROM source s
    WHERE s.deleted_at IS NOT NULL
    GROUP BY 1
), graded AS (
    SELECT r.publisher,
           r.grade_a - coalesce(m.grade_a, 0) AS grade_a,
           r.grade_b - coalesce(m.grade_b, 0) AS grade_b,
           r.grade_c - coalesce(m.grade_c, 0) AS grade_c,
           r.grade_d - coalesce(m.grade_d, 0) AS grade_d,
           r.grade_e - coalesce(m.grade_e, 0) AS grade_e,
           r.grade_f - coalesce(m.grade_f, 0) AS grade_f,
           r.claims_supported, r.supported_confirmed, r.supported_refuted, r.predictions_made, r.predictions_open,
           r.predictions_confirmed, r.predictions_refuted, r.predictions_annulled
    FROM reporting_summary.publisher_record r
    LEFT JOIN merged m ON m.publisher = r.publisher
)
SELECT
    r.publisher,
    r.grade_a + r.grade_b + r.grade_c + r.grade_d + r.grade_e + r.grade_f AS sources,
    concat_ws(', ',
        CASE WHEN r.grade_a > 0 THEN 'A' END,
        CASE WHEN r.grade_b > 0 THEN 'B' END,
        CASE WHEN r.grade_c > 0 THEN 'C' END,
        CASE WHEN r.grade_d > 0 THEN 'D' END,
        CASE WHEN r.grade_e > 0 THEN 'E' END,
        CASE WHEN r.grade_f > 0 THEN 'F' END
    ) AS reliability,
    r.claims_supported,
    r.supported_confirmed,
    r.supported_refuted,
    r.predictions_made,
    r.predictions_open,
    r.predictions_confirmed,
    r.predictions_refuted,
    r.predictions_annulled
FROM graded r
WHERE r.grade_a + r.grade_b + r.grade_c + r.grade_d + r.grade_e + r.grade_f > 0
ORDER BY r.claims_supported DESC, r.predictions_made DESC, r.publisher;
"""

# The views as 20261204_0009 and 20261127_0003 left them, then everything above taken away.
DOWNGRADE = r"""
DROP VIEW reporting.source_track_record;
CREATE VIEW reporting.source_track_record AS
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
COMMENT ON VIEW reporting.source_track_record IS 'Per source, beside its reliability grade: claims it supports and how many of those were confirmed or refuted; predictions it published and their outcomes.';

CREATE OR REPLACE VIEW reporting.publisher_track_record AS
SELECT
    r.publisher,
    r.grade_a + r.grade_b + r.grade_c + r.grade_d + r.grade_e + r.grade_f AS sources,
    concat_ws(', ',
        CASE WHEN r.grade_a > 0 THEN 'A' END,
        CASE WHEN r.grade_b > 0 THEN 'B' END,
        CASE WHEN r.grade_c > 0 THEN 'C' END,
        CASE WHEN r.grade_d > 0 THEN 'D' END,
        CASE WHEN r.grade_e > 0 THEN 'E' END,
        CASE WHEN r.grade_f > 0 THEN 'F' END
    ) AS reliability,
    r.claims_supported,
    r.supported_confirmed,
    r.supported_refuted,
    r.predictions_made,
    r.predictions_open,
    r.predictions_confirmed,
    r.predictions_refuted,
    r.predictions_annulled
FROM reporting_summary.publisher_record r
WHERE r.grade_a + r.grade_b + r.grade_c + r.grade_d + r.grade_e + r.grade_f > 0
ORDER BY r.claims_supported DESC, r.predictions_made DESC, r.publisher;

DROP INDEX ix_source_merged;
DROP TRIGGER summary_disputes_verdict ON claim;
DROP TRIGGER summary_disputes_link_delete ON claim_source;
DROP TRIGGER summary_disputes_link_update ON claim_source;
DROP TRIGGER summary_disputes_link_insert ON claim_source;
DROP FUNCTION reporting_summary.dispute_verdicts();
DROP FUNCTION reporting_summary.dispute_links();
DROP FUNCTION reporting_summary.rebuild();
DROP FUNCTION reporting_summary.rebuild_disputes();
ALTER FUNCTION reporting_summary.rebuild_0003() RENAME TO rebuild;
DROP TABLE reporting_summary.source_dispute_record;
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)
