"""forecaster_scoreboard --since reads a date row and a month row per forecaster, so a resolution rewrites a month's dates, not a forecaster's every later date

Revision ID: 20261208_0019
Revises: 20261208_0018
Create Date: 2026-12-08 04:00:00

20261208_0018 kept, on each row of reporting_summary.forecaster_day_total (and
forecaster_tag_day_total), the sums of every earlier date of the forecaster, so that --since read one
row per forecaster. The price was paid by writers: a resolution rewrote every later date of each of
its forecasters, and a verdict on a prediction with 21 prolific forecasters (1,300–1,460 dates each)
took 160–460 ms of SQL instead of 16 ms (0017). Now:
- reporting_summary.forecaster_month_total holds, per forecaster and month of made-on dates, the
  month's sums and the sums from that month on (*_onward);
- forecaster_day_total's *_before hold the sums of the dates before it in its month only;
so the predictions made on or after a date are its month's sums onward less its own sums before:
one date row and one month row per forecaster, however far back --since D is. A change of a date's
totals rewrites the later dates of its month and the forecaster's months before it.
forecaster_days_settle (called by 0017's triggers after each change of the totals, under the locks
0017 takes first: the forecaster's row of forecaster_total) recomputes the months of the dates it
touched from their dates, the sums before each date in those months, and the onward sums of the
touched forecasters' months (windows; only the rows that changed are written); rebuild() empties
the new table with the others. The sums stay decimals, so the differences are exact.

forecaster_scoreboard_by_tag_since goes back to 0017's sums over the later dates (a tag's dates are
few; its source lookup by key stays), and forecaster_tag_day_total loses 0018's *_before.
"""

from __future__ import annotations

from alembic import op

revision = "20261208_0019"
down_revision = "20261208_0018"
branch_labels = None
depends_on = None

UPGRADE = r"""
-- Per forecaster and month of their predictions' made-on dates: the month's sums, and the sums from it
-- on (*_onward: it and every later month of theirs).
CREATE TABLE reporting_summary.forecaster_month_total (
    forecaster bigint NOT NULL,
    month date NOT NULL,
    predictions bigint NOT NULL DEFAULT 0,
    brier numeric NOT NULL DEFAULT 0,
    baseline numeric NOT NULL DEFAULT 0,
    peer numeric NOT NULL DEFAULT 0,
    relative numeric NOT NULL DEFAULT 0,
    coverage numeric NOT NULL DEFAULT 0,
    predictions_onward bigint NOT NULL DEFAULT 0,
    brier_onward numeric NOT NULL DEFAULT 0,
    baseline_onward numeric NOT NULL DEFAULT 0,
    peer_onward numeric NOT NULL DEFAULT 0,
    relative_onward numeric NOT NULL DEFAULT 0,
    coverage_onward numeric NOT NULL DEFAULT 0,
    PRIMARY KEY (forecaster, month)
);
COMMENT ON TABLE reporting_summary.forecaster_month_total IS 'Per forecaster and month of made-on dates: the sums of forecast_scores, and the sums from that month on (*_onward; forecaster_scoreboard_since).';
REVOKE ALL ON reporting_summary.forecaster_month_total FROM PUBLIC;
COMMENT ON TABLE reporting_summary.forecaster_day_total IS 'Per forecaster and made-on date of their predictions: the sums of forecast_scores; made_after, the date before; *_before, the sums of the dates before it in its month (forecaster_scoreboard_since).';

-- The tag's view back to 0017's sums (with 0018's source lookup), then 0018's columns there dropped.
CREATE OR REPLACE VIEW reporting.forecaster_scoreboard_by_tag_since AS
SELECT
    g.name AS tag,
    coalesce(a.name, s.title) AS forecaster,
    CASE WHEN d.forecaster > 0 THEN 'actor' ELSE 'source' END AS forecaster_kind,
    o.predictions,
    (o.brier / o.predictions)::float8 AS time_averaged_brier,
    (o.baseline / o.predictions)::float8 AS baseline_score,
    (o.peer / o.predictions)::float8 AS peer_score,
    (o.relative / o.predictions)::float8 AS relative_brier,
    (o.coverage / o.predictions)::float8 AS coverage,
    a.id AS forecaster_actor_id,
    s.id AS forecaster_source_id,
    d.made_on AS made_from,
    d.made_after
FROM reporting_summary.forecaster_tag_day_total d
JOIN tag g ON g.id = d.tag_id
CROSS JOIN LATERAL (
    -- The date's sums with every later date's: the predictions carrying the tag made on or after it.
    SELECT sum(l.predictions)::bigint AS predictions, sum(l.brier) AS brier, sum(l.baseline) AS baseline, sum(l.peer) AS peer,
           sum(l.relative) AS relative, sum(l.coverage) AS coverage
    FROM reporting_summary.forecaster_tag_day_total l
    WHERE l.tag_id = d.tag_id AND l.forecaster = d.forecaster AND l.made_on >= d.made_on
) o
LEFT JOIN actor a ON a.id = d.forecaster AND d.forecaster > 0
-- The source by its key, for a source's row only (OFFSET 0 keeps the lookup one), as in forecaster_scoreboard.
LEFT JOIN LATERAL (SELECT s.id, s.title FROM source s WHERE s.id = -d.forecaster AND d.forecaster < 0 OFFSET 0) s ON true;
ALTER TABLE reporting_summary.forecaster_tag_day_total
    DROP COLUMN predictions_before, DROP COLUMN brier_before, DROP COLUMN baseline_before, DROP COLUMN peer_before,
    DROP COLUMN relative_before, DROP COLUMN coverage_before;
COMMENT ON TABLE reporting_summary.forecaster_tag_day_total IS 'Per tag, forecaster and made-on date: the sums of forecast_scores; made_after, the date before (forecaster_scoreboard_by_tag_since).';

-- 0017's, then the months of the dates touched and their sums (0018's sums of every earlier date gone).
CREATE OR REPLACE FUNCTION reporting_summary.forecaster_days_settle(touched_forecasters bigint[], touched_days date[], touched_tags bigint[], touched_tag_forecasters bigint[], touched_tag_days date[]) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '128MB' AS $fn$
BEGIN
    DELETE FROM reporting_summary.forecaster_day_total d USING unnest(touched_forecasters, touched_days) a(forecaster, made_on)
    WHERE d.forecaster = a.forecaster AND d.made_on = a.made_on AND d.predictions = 0;
    UPDATE reporting_summary.forecaster_day_total d
    SET made_after = (SELECT max(p.made_on) FROM reporting_summary.forecaster_day_total p WHERE p.forecaster = d.forecaster AND p.made_on < d.made_on)
    FROM (SELECT DISTINCT x.forecaster, x.made_on FROM (
            SELECT a.forecaster, a.made_on FROM unnest(touched_forecasters, touched_days) a(forecaster, made_on)
            UNION ALL
            SELECT a.forecaster, (SELECT min(n.made_on) FROM reporting_summary.forecaster_day_total n WHERE n.forecaster = a.forecaster AND n.made_on > a.made_on)
            FROM unnest(touched_forecasters, touched_days) a(forecaster, made_on)) x) a
    WHERE d.forecaster = a.forecaster AND d.made_on = a.made_on
      AND d.made_after IS DISTINCT FROM (SELECT max(p.made_on) FROM reporting_summary.forecaster_day_total p WHERE p.forecaster = d.forecaster AND p.made_on < d.made_on);
    DELETE FROM reporting_summary.forecaster_tag_day_total d USING unnest(touched_tags, touched_tag_forecasters, touched_tag_days) a(tag_id, forecaster, made_on)
    WHERE d.tag_id = a.tag_id AND d.forecaster = a.forecaster AND d.made_on = a.made_on AND d.predictions = 0;
    UPDATE reporting_summary.forecaster_tag_day_total d
    SET made_after = (SELECT max(p.made_on) FROM reporting_summary.forecaster_tag_day_total p WHERE p.tag_id = d.tag_id AND p.forecaster = d.forecaster AND p.made_on < d.made_on)
    FROM (SELECT DISTINCT x.tag_id, x.forecaster, x.made_on FROM (
            SELECT a.tag_id, a.forecaster, a.made_on FROM unnest(touched_tags, touched_tag_forecasters, touched_tag_days) a(tag_id, forecaster, made_on)
            UNION ALL
            SELECT a.tag_id, a.forecaster, (SELECT min(n.made_on) FROM reporting_summary.forecaster_tag_day_total n
                                            WHERE n.tag_id = a.tag_id AND n.forecaster = a.forecaster AND n.made_on > a.made_on)
            FROM unnest(touched_tags, touched_tag_forecasters, touched_tag_days) a(tag_id, forecaster, made_on)) x) a
    WHERE d.tag_id = a.tag_id AND d.forecaster = a.forecaster AND d.made_on = a.made_on
      AND d.made_after IS DISTINCT FROM (SELECT max(p.made_on) FROM reporting_summary.forecaster_tag_day_total p
                                         WHERE p.tag_id = d.tag_id AND p.forecaster = d.forecaster AND p.made_on < d.made_on);
    -- The months of the dates touched: their sums again from their dates, then the sums of the dates
    -- before each date within its month (only the rows whose sums changed are written).
    DELETE FROM reporting_summary.forecaster_month_total m
    USING (SELECT DISTINCT a.forecaster, date_trunc('month', a.made_on)::date AS month FROM unnest(touched_forecasters, touched_days) a(forecaster, made_on)) t
    WHERE m.forecaster = t.forecaster AND m.month = t.month;
    INSERT INTO reporting_summary.forecaster_month_total (forecaster, month, predictions, brier, baseline, peer, relative, coverage)
    SELECT d.forecaster, t.month, sum(d.predictions), sum(d.brier), sum(d.baseline), sum(d.peer), sum(d.relative), sum(d.coverage)
    FROM (SELECT DISTINCT a.forecaster, date_trunc('month', a.made_on)::date AS month FROM unnest(touched_forecasters, touched_days) a(forecaster, made_on)) t
    JOIN reporting_summary.forecaster_day_total d
      ON d.forecaster = t.forecaster AND d.made_on >= t.month AND d.made_on < (t.month + interval '1 month')::date
    GROUP BY d.forecaster, t.month ORDER BY 1, 2;
    UPDATE reporting_summary.forecaster_day_total d
    SET predictions_before = r.predictions_before, brier_before = r.brier_before, baseline_before = r.baseline_before,
        peer_before = r.peer_before, relative_before = r.relative_before, coverage_before = r.coverage_before
    FROM (SELECT l.forecaster, l.made_on,
                 coalesce(sum(l.predictions) OVER earlier, 0) AS predictions_before, coalesce(sum(l.brier) OVER earlier, 0) AS brier_before,
                 coalesce(sum(l.baseline) OVER earlier, 0) AS baseline_before, coalesce(sum(l.peer) OVER earlier, 0) AS peer_before,
                 coalesce(sum(l.relative) OVER earlier, 0) AS relative_before, coalesce(sum(l.coverage) OVER earlier, 0) AS coverage_before
          FROM (SELECT DISTINCT a.forecaster, date_trunc('month', a.made_on)::date AS month FROM unnest(touched_forecasters, touched_days) a(forecaster, made_on)) t
          JOIN reporting_summary.forecaster_day_total l
            ON l.forecaster = t.forecaster AND l.made_on >= t.month AND l.made_on < (t.month + interval '1 month')::date
          WINDOW earlier AS (PARTITION BY l.forecaster, t.month ORDER BY l.made_on ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)) r
    WHERE d.forecaster = r.forecaster AND d.made_on = r.made_on
      AND (d.predictions_before, d.brier_before, d.baseline_before, d.peer_before, d.relative_before, d.coverage_before)
          IS DISTINCT FROM (r.predictions_before, r.brier_before, r.baseline_before, r.peer_before, r.relative_before, r.coverage_before);
    -- The sums from each month on, for the forecasters touched: a window over their months.
    UPDATE reporting_summary.forecaster_month_total m
    SET predictions_onward = r.predictions_onward, brier_onward = r.brier_onward, baseline_onward = r.baseline_onward,
        peer_onward = r.peer_onward, relative_onward = r.relative_onward, coverage_onward = r.coverage_onward
    FROM (SELECT l.forecaster, l.month,
                 sum(l.predictions) OVER onward AS predictions_onward, sum(l.brier) OVER onward AS brier_onward,
                 sum(l.baseline) OVER onward AS baseline_onward, sum(l.peer) OVER onward AS peer_onward,
                 sum(l.relative) OVER onward AS relative_onward, sum(l.coverage) OVER onward AS coverage_onward
          FROM reporting_summary.forecaster_month_total l
          JOIN (SELECT DISTINCT a.forecaster FROM unnest(touched_forecasters) a(forecaster)) a ON a.forecaster = l.forecaster
          WINDOW onward AS (PARTITION BY l.forecaster ORDER BY l.month DESC ROWS UNBOUNDED PRECEDING)) r
    WHERE m.forecaster = r.forecaster AND m.month = r.month
      AND (m.predictions_onward, m.brier_onward, m.baseline_onward, m.peer_onward, m.relative_onward, m.coverage_onward)
          IS DISTINCT FROM (r.predictions_onward, r.brier_onward, r.baseline_onward, r.peer_onward, r.relative_onward, r.coverage_onward);
END
$fn$;

-- 0017's, emptying the month totals too.
CREATE OR REPLACE FUNCTION reporting_summary.rebuild_forecast_scores() RETURNS void LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '128MB' AS $fn$
BEGIN
    TRUNCATE reporting_summary.forecaster_prediction_score, reporting_summary.forecaster_total, reporting_summary.forecaster_tag_total,
        reporting_summary.forecaster_day_total, reporting_summary.forecaster_tag_day_total, reporting_summary.calibration_bin_total,
        reporting_summary.calibration_scope_total, reporting_summary.forecast_citation, reporting_summary.source_forecast_total,
        reporting_summary.forecaster_month_total;
    PERFORM reporting_summary.forecast_scores_refresh(ARRAY(
        SELECT p.id FROM prediction p WHERE p.status IN ('confirmed', 'refuted') AND EXISTS (SELECT FROM forecast f WHERE f.prediction_id = p.id) ORDER BY p.id));
    PERFORM reporting_summary.forecast_citations_refresh(ARRAY(SELECT DISTINCT e.forecast_id FROM forecast_evidence e ORDER BY 1));
END
$fn$;

-- The backfill: every month's sums, then the sums before each date in its month and from each month on.
INSERT INTO reporting_summary.forecaster_month_total (forecaster, month, predictions, brier, baseline, peer, relative, coverage)
SELECT d.forecaster, date_trunc('month', d.made_on)::date, sum(d.predictions), sum(d.brier), sum(d.baseline), sum(d.peer), sum(d.relative), sum(d.coverage)
FROM reporting_summary.forecaster_day_total d
GROUP BY 1, 2 ORDER BY 1, 2;
UPDATE reporting_summary.forecaster_day_total d
SET predictions_before = r.predictions_before, brier_before = r.brier_before, baseline_before = r.baseline_before,
    peer_before = r.peer_before, relative_before = r.relative_before, coverage_before = r.coverage_before
FROM (SELECT l.forecaster, l.made_on,
             coalesce(sum(l.predictions) OVER earlier, 0) AS predictions_before, coalesce(sum(l.brier) OVER earlier, 0) AS brier_before,
             coalesce(sum(l.baseline) OVER earlier, 0) AS baseline_before, coalesce(sum(l.peer) OVER earlier, 0) AS peer_before,
             coalesce(sum(l.relative) OVER earlier, 0) AS relative_before, coalesce(sum(l.coverage) OVER earlier, 0) AS coverage_before
      FROM reporting_summary.forecaster_day_total l
      WINDOW earlier AS (PARTITION BY l.forecaster, date_trunc('month', l.made_on) ORDER BY l.made_on ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)) r
WHERE d.forecaster = r.forecaster AND d.made_on = r.made_on;
UPDATE reporting_summary.forecaster_month_total m
SET predictions_onward = r.predictions_onward, brier_onward = r.brier_onward, baseline_onward = r.baseline_onward,
    peer_onward = r.peer_onward, relative_onward = r.relative_onward, coverage_onward = r.coverage_onward
FROM (SELECT l.forecaster, l.month,
             sum(l.predictions) OVER onward AS predictions_onward, sum(l.brier) OVER onward AS brier_onward,
             sum(l.baseline) OVER onward AS baseline_onward, sum(l.peer) OVER onward AS peer_onward,
             sum(l.relative) OVER onward AS relative_onward, sum(l.coverage) OVER onward AS coverage_onward
      FROM reporting_summary.forecaster_month_total l
      WINDOW onward AS (PARTITION BY l.forecaster ORDER BY l.month DESC ROWS UNBOUNDED PRECEDING)) r
WHERE m.forecaster = r.forecaster AND m.month = r.month;

CREATE OR REPLACE VIEW reporting.forecaster_scoreboard_since AS
SELECT
    coalesce(a.name, s.title) AS forecaster,
    CASE WHEN d.forecaster > 0 THEN 'actor' ELSE 'source' END AS forecaster_kind,
    m.predictions_onward - d.predictions_before AS predictions,
    ((m.brier_onward - d.brier_before) / (m.predictions_onward - d.predictions_before))::float8 AS time_averaged_brier,
    ((m.baseline_onward - d.baseline_before) / (m.predictions_onward - d.predictions_before))::float8 AS baseline_score,
    ((m.peer_onward - d.peer_before) / (m.predictions_onward - d.predictions_before))::float8 AS peer_score,
    ((m.relative_onward - d.relative_before) / (m.predictions_onward - d.predictions_before))::float8 AS relative_brier,
    ((m.coverage_onward - d.coverage_before) / (m.predictions_onward - d.predictions_before))::float8 AS coverage,
    a.id AS forecaster_actor_id,
    s.id AS forecaster_source_id,
    d.made_on AS made_from,
    d.made_after
FROM reporting_summary.forecaster_day_total d
-- The predictions made on or after the date: the sums from its month on, less those of the dates before
-- it in its month; the month's row by its key (OFFSET 0 keeps the lookup one).
CROSS JOIN LATERAL (
    SELECT m.predictions_onward, m.brier_onward, m.baseline_onward, m.peer_onward, m.relative_onward, m.coverage_onward
    FROM reporting_summary.forecaster_month_total m
    WHERE m.forecaster = d.forecaster AND m.month = date_trunc('month', d.made_on)::date
    OFFSET 0
) m
LEFT JOIN actor a ON a.id = d.forecaster AND d.forecaster > 0
-- The source by its key, for a source's row only (OFFSET 0 keeps the lookup one), as in forecaster_scoreboard.
LEFT JOIN LATERAL (SELECT s.id, s.title FROM source s WHERE s.id = -d.forecaster AND d.forecaster < 0 OFFSET 0) s ON true;
"""

# 0018's: the sums of every earlier date, on the dates and the tags' dates; the month totals dropped.
DOWNGRADE = r"""
ALTER TABLE reporting_summary.forecaster_tag_day_total
    ADD COLUMN predictions_before bigint NOT NULL DEFAULT 0,
    ADD COLUMN brier_before numeric NOT NULL DEFAULT 0,
    ADD COLUMN baseline_before numeric NOT NULL DEFAULT 0,
    ADD COLUMN peer_before numeric NOT NULL DEFAULT 0,
    ADD COLUMN relative_before numeric NOT NULL DEFAULT 0,
    ADD COLUMN coverage_before numeric NOT NULL DEFAULT 0;
COMMENT ON TABLE reporting_summary.forecaster_tag_day_total IS 'Per tag, forecaster and made-on date: the sums of forecast_scores; made_after, the date before; *_before, the sums of the dates before (forecaster_scoreboard_by_tag_since).';
COMMENT ON TABLE reporting_summary.forecaster_day_total IS 'Per forecaster and made-on date of their predictions: the sums of forecast_scores; made_after, the date before; *_before, the sums of the dates before (forecaster_scoreboard_since).';

CREATE OR REPLACE FUNCTION reporting_summary.forecaster_days_settle(touched_forecasters bigint[], touched_days date[], touched_tags bigint[], touched_tag_forecasters bigint[], touched_tag_days date[]) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '128MB' AS $fn$
BEGIN
    DELETE FROM reporting_summary.forecaster_day_total d USING unnest(touched_forecasters, touched_days) a(forecaster, made_on)
    WHERE d.forecaster = a.forecaster AND d.made_on = a.made_on AND d.predictions = 0;
    UPDATE reporting_summary.forecaster_day_total d
    SET made_after = (SELECT max(p.made_on) FROM reporting_summary.forecaster_day_total p WHERE p.forecaster = d.forecaster AND p.made_on < d.made_on)
    FROM (SELECT DISTINCT x.forecaster, x.made_on FROM (
            SELECT a.forecaster, a.made_on FROM unnest(touched_forecasters, touched_days) a(forecaster, made_on)
            UNION ALL
            SELECT a.forecaster, (SELECT min(n.made_on) FROM reporting_summary.forecaster_day_total n WHERE n.forecaster = a.forecaster AND n.made_on > a.made_on)
            FROM unnest(touched_forecasters, touched_days) a(forecaster, made_on)) x) a
    WHERE d.forecaster = a.forecaster AND d.made_on = a.made_on
      AND d.made_after IS DISTINCT FROM (SELECT max(p.made_on) FROM reporting_summary.forecaster_day_total p WHERE p.forecaster = d.forecaster AND p.made_on < d.made_on);
    DELETE FROM reporting_summary.forecaster_tag_day_total d USING unnest(touched_tags, touched_tag_forecasters, touched_tag_days) a(tag_id, forecaster, made_on)
    WHERE d.tag_id = a.tag_id AND d.forecaster = a.forecaster AND d.made_on = a.made_on AND d.predictions = 0;
    UPDATE reporting_summary.forecaster_tag_day_total d
    SET made_after = (SELECT max(p.made_on) FROM reporting_summary.forecaster_tag_day_total p WHERE p.tag_id = d.tag_id AND p.forecaster = d.forecaster AND p.made_on < d.made_on)
    FROM (SELECT DISTINCT x.tag_id, x.forecaster, x.made_on FROM (
            SELECT a.tag_id, a.forecaster, a.made_on FROM unnest(touched_tags, touched_tag_forecasters, touched_tag_days) a(tag_id, forecaster, made_on)
            UNION ALL
            SELECT a.tag_id, a.forecaster, (SELECT min(n.made_on) FROM reporting_summary.forecaster_tag_day_total n
                                            WHERE n.tag_id = a.tag_id AND n.forecaster = a.forecaster AND n.made_on > a.made_on)
            FROM unnest(touched_tags, touched_tag_forecasters, touched_tag_days) a(tag_id, forecaster, made_on)) x) a
    WHERE d.tag_id = a.tag_id AND d.forecaster = a.forecaster AND d.made_on = a.made_on
      AND d.made_after IS DISTINCT FROM (SELECT max(p.made_on) FROM reporting_summary.forecaster_tag_day_total p
                                         WHERE p.tag_id = d.tag_id AND p.forecaster = d.forecaster AND p.made_on < d.made_on);
    -- The sums of the dates before each date, for every date of the forecasters touched (a date's
    -- totals move the sums of every later date of theirs); only the rows whose sums changed are written.
    UPDATE reporting_summary.forecaster_day_total d
    SET predictions_before = r.predictions_before, brier_before = r.brier_before, baseline_before = r.baseline_before,
        peer_before = r.peer_before, relative_before = r.relative_before, coverage_before = r.coverage_before
    FROM (SELECT l.forecaster, l.made_on,
                 coalesce(sum(l.predictions) OVER earlier, 0) AS predictions_before, coalesce(sum(l.brier) OVER earlier, 0) AS brier_before,
                 coalesce(sum(l.baseline) OVER earlier, 0) AS baseline_before, coalesce(sum(l.peer) OVER earlier, 0) AS peer_before,
                 coalesce(sum(l.relative) OVER earlier, 0) AS relative_before, coalesce(sum(l.coverage) OVER earlier, 0) AS coverage_before
          FROM reporting_summary.forecaster_day_total l
          JOIN (SELECT DISTINCT a.forecaster FROM unnest(touched_forecasters) a(forecaster)) a ON a.forecaster = l.forecaster
          WINDOW earlier AS (PARTITION BY l.forecaster ORDER BY l.made_on ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)) r
    WHERE d.forecaster = r.forecaster AND d.made_on = r.made_on
      AND (d.predictions_before, d.brier_before, d.baseline_before, d.peer_before, d.relative_before, d.coverage_before)
          IS DISTINCT FROM (r.predictions_before, r.brier_before, r.baseline_before, r.peer_before, r.relative_before, r.coverage_before);
    UPDATE reporting_summary.forecaster_tag_day_total d
    SET predictions_before = r.predictions_before, brier_before = r.brier_before, baseline_before = r.baseline_before,
        peer_before = r.peer_before, relative_before = r.relative_before, coverage_before = r.coverage_before
    FROM (SELECT l.tag_id, l.forecaster, l.made_on,
                 coalesce(sum(l.predictions) OVER earlier, 0) AS predictions_before, coalesce(sum(l.brier) OVER earlier, 0) AS brier_before,
                 coalesce(sum(l.baseline) OVER earlier, 0) AS baseline_before, coalesce(sum(l.peer) OVER earlier, 0) AS peer_before,
                 coalesce(sum(l.relative) OVER earlier, 0) AS relative_before, coalesce(sum(l.coverage) OVER earlier, 0) AS coverage_before
          FROM reporting_summary.forecaster_tag_day_total l
          JOIN (SELECT DISTINCT a.tag_id, a.forecaster FROM unnest(touched_tags, touched_tag_forecasters) a(tag_id, forecaster)) a
            ON a.tag_id = l.tag_id AND a.forecaster = l.forecaster
          WINDOW earlier AS (PARTITION BY l.tag_id, l.forecaster ORDER BY l.made_on ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)) r
    WHERE d.tag_id = r.tag_id AND d.forecaster = r.forecaster AND d.made_on = r.made_on
      AND (d.predictions_before, d.brier_before, d.baseline_before, d.peer_before, d.relative_before, d.coverage_before)
          IS DISTINCT FROM (r.predictions_before, r.brier_before, r.baseline_before, r.peer_before, r.relative_before, r.coverage_before);
END
$fn$;

CREATE OR REPLACE FUNCTION reporting_summary.rebuild_forecast_scores() RETURNS void LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '128MB' AS $fn$
BEGIN
    TRUNCATE reporting_summary.forecaster_prediction_score, reporting_summary.forecaster_total, reporting_summary.forecaster_tag_total,
        reporting_summary.forecaster_day_total, reporting_summary.forecaster_tag_day_total, reporting_summary.calibration_bin_total,
        reporting_summary.calibration_scope_total, reporting_summary.forecast_citation, reporting_summary.source_forecast_total;
    PERFORM reporting_summary.forecast_scores_refresh(ARRAY(
        SELECT p.id FROM prediction p WHERE p.status IN ('confirmed', 'refuted') AND EXISTS (SELECT FROM forecast f WHERE f.prediction_id = p.id) ORDER BY p.id));
    PERFORM reporting_summary.forecast_citations_refresh(ARRAY(SELECT DISTINCT e.forecast_id FROM forecast_evidence e ORDER BY 1));
END
$fn$;

-- The backfill: each date's sums before it, at once for every forecaster (and tag).
UPDATE reporting_summary.forecaster_day_total d
SET predictions_before = r.predictions_before, brier_before = r.brier_before, baseline_before = r.baseline_before,
    peer_before = r.peer_before, relative_before = r.relative_before, coverage_before = r.coverage_before
FROM (SELECT l.forecaster, l.made_on,
             coalesce(sum(l.predictions) OVER earlier, 0) AS predictions_before, coalesce(sum(l.brier) OVER earlier, 0) AS brier_before,
             coalesce(sum(l.baseline) OVER earlier, 0) AS baseline_before, coalesce(sum(l.peer) OVER earlier, 0) AS peer_before,
             coalesce(sum(l.relative) OVER earlier, 0) AS relative_before, coalesce(sum(l.coverage) OVER earlier, 0) AS coverage_before
      FROM reporting_summary.forecaster_day_total l
      WINDOW earlier AS (PARTITION BY l.forecaster ORDER BY l.made_on ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)) r
WHERE d.forecaster = r.forecaster AND d.made_on = r.made_on;
UPDATE reporting_summary.forecaster_tag_day_total d
SET predictions_before = r.predictions_before, brier_before = r.brier_before, baseline_before = r.baseline_before,
    peer_before = r.peer_before, relative_before = r.relative_before, coverage_before = r.coverage_before
FROM (SELECT l.tag_id, l.forecaster, l.made_on,
             coalesce(sum(l.predictions) OVER earlier, 0) AS predictions_before, coalesce(sum(l.brier) OVER earlier, 0) AS brier_before,
             coalesce(sum(l.baseline) OVER earlier, 0) AS baseline_before, coalesce(sum(l.peer) OVER earlier, 0) AS peer_before,
             coalesce(sum(l.relative) OVER earlier, 0) AS relative_before, coalesce(sum(l.coverage) OVER earlier, 0) AS coverage_before
      FROM reporting_summary.forecaster_tag_day_total l
      WINDOW earlier AS (PARTITION BY l.tag_id, l.forecaster ORDER BY l.made_on ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)) r
WHERE d.tag_id = r.tag_id AND d.forecaster = r.forecaster AND d.made_on = r.made_on;

CREATE OR REPLACE VIEW reporting.forecaster_scoreboard_since AS
SELECT
    coalesce(a.name, s.title) AS forecaster,
    CASE WHEN d.forecaster > 0 THEN 'actor' ELSE 'source' END AS forecaster_kind,
    t.predictions - d.predictions_before AS predictions,
    ((t.brier - d.brier_before) / (t.predictions - d.predictions_before))::float8 AS time_averaged_brier,
    ((t.baseline - d.baseline_before) / (t.predictions - d.predictions_before))::float8 AS baseline_score,
    ((t.peer - d.peer_before) / (t.predictions - d.predictions_before))::float8 AS peer_score,
    ((t.relative - d.relative_before) / (t.predictions - d.predictions_before))::float8 AS relative_brier,
    ((t.coverage - d.coverage_before) / (t.predictions - d.predictions_before))::float8 AS coverage,
    a.id AS forecaster_actor_id,
    s.id AS forecaster_source_id,
    d.made_on AS made_from,
    d.made_after
FROM reporting_summary.forecaster_day_total d
-- The predictions made on or after the date: the forecaster's totals less the sums of the dates before it.
JOIN reporting_summary.forecaster_total t ON t.forecaster = d.forecaster
LEFT JOIN actor a ON a.id = d.forecaster AND d.forecaster > 0
-- The source by its key, for a source's row only (OFFSET 0 keeps the lookup one), as in forecaster_scoreboard.
LEFT JOIN LATERAL (SELECT s.id, s.title FROM source s WHERE s.id = -d.forecaster AND d.forecaster < 0 OFFSET 0) s ON true;

CREATE OR REPLACE VIEW reporting.forecaster_scoreboard_by_tag_since AS
SELECT
    g.name AS tag,
    coalesce(a.name, s.title) AS forecaster,
    CASE WHEN d.forecaster > 0 THEN 'actor' ELSE 'source' END AS forecaster_kind,
    t.predictions - d.predictions_before AS predictions,
    ((t.brier - d.brier_before) / (t.predictions - d.predictions_before))::float8 AS time_averaged_brier,
    ((t.baseline - d.baseline_before) / (t.predictions - d.predictions_before))::float8 AS baseline_score,
    ((t.peer - d.peer_before) / (t.predictions - d.predictions_before))::float8 AS peer_score,
    ((t.relative - d.relative_before) / (t.predictions - d.predictions_before))::float8 AS relative_brier,
    ((t.coverage - d.coverage_before) / (t.predictions - d.predictions_before))::float8 AS coverage,
    a.id AS forecaster_actor_id,
    s.id AS forecaster_source_id,
    d.made_on AS made_from,
    d.made_after
FROM reporting_summary.forecaster_tag_day_total d
JOIN tag g ON g.id = d.tag_id
-- The predictions carrying the tag made on or after the date: the totals less the dates before it.
JOIN reporting_summary.forecaster_tag_total t ON t.tag_id = d.tag_id AND t.forecaster = d.forecaster
LEFT JOIN actor a ON a.id = d.forecaster AND d.forecaster > 0
-- The source by its key, for a source's row only (OFFSET 0 keeps the lookup one), as in forecaster_scoreboard.
LEFT JOIN LATERAL (SELECT s.id, s.title FROM source s WHERE s.id = -d.forecaster AND d.forecaster < 0 OFFSET 0) s ON true;

DROP TABLE reporting_summary.forecaster_month_total;
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)
