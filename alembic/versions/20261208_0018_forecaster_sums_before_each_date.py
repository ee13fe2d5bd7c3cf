"""forecaster_scoreboard --since reads one row per forecaster: each date keeps the sums of the dates before it

Revision ID: 20261208_0018
Revises: 20261208_0017
Create Date: 2026-12-08 03:00:00

reporting.forecaster_scoreboard_since (and forecaster_scoreboard_by_tag_since) answered --since D
from the forecaster's row for the first of their dates on or after D, by summing that date's totals
with every later date's (20261208_0017): at a million forecasts, 3,834 forecasters and 137,382
dates, 200–370 ms, and the further back D, the more dates each sum reads. Each row of
reporting_summary.forecaster_day_total (and forecaster_tag_day_total) now also holds the sums of the
forecaster's dates before it (predictions_before, brier_before, …), so the predictions made on or
after its date are the forecaster's totals (forecaster_total, forecaster_tag_total) less those: one
row and one lookup per forecaster, however far back.

forecaster_days_settle, which 0017's triggers call after every change of these totals, recomputes
the sums before each date for the forecasters (tags and forecasters) it touched, with a window over
their dates, and writes only the rows whose sums changed: a resolution moves the dates after the
prediction's made-on date of each of its forecasters. The totals are taken under the same locks as
0017's (the forecaster's row of forecaster_total, forecaster_tag_total, taken first), so writers
still take turns per forecaster. The sums stay decimals, so the difference is exact.

The four forecaster scoreboards also look each source forecaster's title up by the source's key
(a LATERAL lookup the planner keeps one, OFFSET 0), where they hashed every source: 40 ms of the
plain scoreboard's 52 at 100,000 sources. The views keep their columns, names and meaning.

forecast_citations_refresh (0017) found each citing forecast's previous one by
ix_forecast_prediction, one lookup per citing forecast. An import into an empty database builds
that index only once the forecasts are all in, after their evidence has fired the trigger: each
lookup read every forecast, and `claimtrack import` of 100,000 claims (88,391 forecasts) took
183 s against the floor's 38 s. It now takes the previous forecast by a window over the forecasts
of the predictions cited on, one pass with or without the index; what it computes is unchanged.
"""

from __future__ import annotations

from alembic import op

revision = "20261208_0018"
down_revision = "20261208_0017"
branch_labels = None
depends_on = None

UPGRADE = r"""
ALTER TABLE reporting_summary.forecaster_day_total
    ADD COLUMN predictions_before bigint NOT NULL DEFAULT 0,
    ADD COLUMN brier_before numeric NOT NULL DEFAULT 0,
    ADD COLUMN baseline_before numeric NOT NULL DEFAULT 0,
    ADD COLUMN peer_before numeric NOT NULL DEFAULT 0,
    ADD COLUMN relative_before numeric NOT NULL DEFAULT 0,
    ADD COLUMN coverage_before numeric NOT NULL DEFAULT 0;
ALTER TABLE reporting_summary.forecaster_tag_day_total
    ADD COLUMN predictions_before bigint NOT NULL DEFAULT 0,
    ADD COLUMN brier_before numeric NOT NULL DEFAULT 0,
    ADD COLUMN baseline_before numeric NOT NULL DEFAULT 0,
    ADD COLUMN peer_before numeric NOT NULL DEFAULT 0,
    ADD COLUMN relative_before numeric NOT NULL DEFAULT 0,
    ADD COLUMN coverage_before numeric NOT NULL DEFAULT 0;
COMMENT ON TABLE reporting_summary.forecaster_day_total IS 'Per forecaster and made-on date of their predictions: the sums of forecast_scores; made_after, the date before; *_before, the sums of the dates before (forecaster_scoreboard_since).';
COMMENT ON TABLE reporting_summary.forecaster_tag_day_total IS 'Per tag, forecaster and made-on date: the sums of forecast_scores; made_after, the date before; *_before, the sums of the dates before (forecaster_scoreboard_by_tag_since).';

-- 0017's, then the sums before each date of the forecasters touched.
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

-- 0017's, with each citing forecast's previous one found by a window rather than by index.
CREATE OR REPLACE FUNCTION reporting_summary.forecast_citations_refresh(for_forecasts bigint[]) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '128MB' AS $fn$
DECLARE
    ids bigint[];
BEGIN
    SELECT array_agg(DISTINCT k.id) INTO ids FROM unnest(for_forecasts) k(id) WHERE k.id IS NOT NULL;
    IF ids IS NULL THEN
        RETURN;
    END IF;
    -- Their predictions first, in id order, as forecast_scores_refresh takes them.
    PERFORM FROM prediction p WHERE p.id IN (SELECT f.prediction_id FROM forecast f JOIN unnest(ids) k(id) ON f.id = k.id)
    ORDER BY p.id FOR NO KEY UPDATE;
    WITH gone AS (
        DELETE FROM reporting_summary.forecast_citation c USING unnest(ids) k(id) WHERE c.forecast_id = k.id
        RETURNING c.source_id, c.decided, c.given_after, c.given_before
    )
    INSERT INTO reporting_summary.source_forecast_total AS t (source_id, citing, decided, scored, toward, away, gain)
    SELECT g.source_id, -count(*), -count(*) FILTER (WHERE g.decided), -count(*) FILTER (WHERE g.decided AND g.given_before IS NOT NULL),
           -count(*) FILTER (WHERE g.decided AND g.given_after > g.given_before), -count(*) FILTER (WHERE g.decided AND g.given_after < g.given_before),
           -coalesce(sum(ln(g.given_after / g.given_before)::numeric) FILTER (WHERE g.decided), 0)
    FROM gone g GROUP BY 1 ORDER BY 1
    ON CONFLICT (source_id) DO UPDATE SET citing = t.citing + EXCLUDED.citing, decided = t.decided + EXCLUDED.decided,
        scored = t.scored + EXCLUDED.scored, toward = t.toward + EXCLUDED.toward, away = t.away + EXCLUDED.away, gain = t.gain + EXCLUDED.gain;
    WITH cited AS (
        SELECT DISTINCT e.forecast_id, coalesce(s.merged_into_id, s.id) AS source_id
        FROM unnest(ids) k(id)
        JOIN forecast_evidence e ON e.forecast_id = k.id
        LEFT JOIN claim_source cs ON cs.claim_id = e.claim_id
        JOIN source s ON s.id = coalesce(e.source_id, cs.source_id)
    ),
    moved AS (
        -- Each citing forecast beside the same forecaster's previous forecast on the prediction: lag over
        -- the forecasts of the predictions cited on, one pass over them (0017 looked each previous one up
        -- by ix_forecast_prediction, which an import into an empty table builds only once it is filled).
        SELECT w.id, w.decided, w.given_after,
               CASE WHEN w.previous_probability IS NOT NULL
                   THEN greatest(CASE WHEN w.confirmed THEN w.previous_probability ELSE 1 - w.previous_probability END, 0.001)
               END AS given_before
        FROM (
            SELECT f.id,
                   p.status IN ('confirmed', 'refuted') AS decided,
                   p.status = 'confirmed' AS confirmed,
                   greatest(CASE WHEN p.status = 'confirmed' THEN f.probability ELSE 1 - f.probability END, 0.001) AS given_after,
                   lag(f.probability) OVER (PARTITION BY f.prediction_id, f.actor_id, f.source_id ORDER BY f.made_on, f.id) AS previous_probability
            FROM forecast f
            JOIN prediction p ON p.id = f.prediction_id
            WHERE f.prediction_id IN (SELECT x.prediction_id FROM forecast x WHERE x.id IN (SELECT c.forecast_id FROM cited c))
        ) w
        WHERE w.id IN (SELECT c.forecast_id FROM cited c)
    ),
    added AS (
        INSERT INTO reporting_summary.forecast_citation (forecast_id, source_id, decided, given_after, given_before)
        SELECT c.forecast_id, c.source_id, m.decided, m.given_after, m.given_before
        FROM cited c JOIN moved m ON m.id = c.forecast_id
        ORDER BY c.forecast_id, c.source_id
        RETURNING source_id, decided, given_after, given_before
    )
    INSERT INTO reporting_summary.source_forecast_total AS t (source_id, citing, decided, scored, toward, away, gain)
    SELECT g.source_id, count(*), count(*) FILTER (WHERE g.decided), count(*) FILTER (WHERE g.decided AND g.given_before IS NOT NULL),
           count(*) FILTER (WHERE g.decided AND g.given_after > g.given_before), count(*) FILTER (WHERE g.decided AND g.given_after < g.given_before),
           coalesce(sum(ln(g.given_after / g.given_before)::numeric) FILTER (WHERE g.decided), 0)
    FROM added g GROUP BY 1 ORDER BY 1
    ON CONFLICT (source_id) DO UPDATE SET citing = t.citing + EXCLUDED.citing, decided = t.decided + EXCLUDED.decided,
        scored = t.scored + EXCLUDED.scored, toward = t.toward + EXCLUDED.toward, away = t.away + EXCLUDED.away, gain = t.gain + EXCLUDED.gain;
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

CREATE OR REPLACE VIEW reporting.forecaster_scoreboard AS
SELECT
    coalesce(a.name, s.title) AS forecaster,
    CASE WHEN t.forecaster > 0 THEN 'actor' ELSE 'source' END AS forecaster_kind,
    t.predictions,
    (t.brier / t.predictions)::float8 AS time_averaged_brier,
    (t.baseline / t.predictions)::float8 AS baseline_score,
    (t.peer / t.predictions)::float8 AS peer_score,
    (t.relative / t.predictions)::float8 AS relative_brier,
    (t.coverage / t.predictions)::float8 AS coverage,
    a.id AS forecaster_actor_id,
    s.id AS forecaster_source_id
FROM reporting_summary.forecaster_total t
LEFT JOIN actor a ON a.id = t.forecaster AND t.forecaster > 0
-- The source by its key, for a source's row only (OFFSET 0 keeps the lookup one): a hash of every source
-- cost 40 ms at 100,000 sources.
LEFT JOIN LATERAL (SELECT s.id, s.title FROM source s WHERE s.id = -t.forecaster AND t.forecaster < 0 OFFSET 0) s ON true
WHERE t.predictions > 0;

CREATE OR REPLACE VIEW reporting.forecaster_scoreboard_by_tag AS
SELECT
    g.name AS tag,
    coalesce(a.name, s.title) AS forecaster,
    CASE WHEN t.forecaster > 0 THEN 'actor' ELSE 'source' END AS forecaster_kind,
    t.predictions,
    (t.brier / t.predictions)::float8 AS time_averaged_brier,
    (t.baseline / t.predictions)::float8 AS baseline_score,
    (t.peer / t.predictions)::float8 AS peer_score,
    (t.relative / t.predictions)::float8 AS relative_brier,
    (t.coverage / t.predictions)::float8 AS coverage,
    a.id AS forecaster_actor_id,
    s.id AS forecaster_source_id
FROM reporting_summary.forecaster_tag_total t
JOIN tag g ON g.id = t.tag_id
LEFT JOIN actor a ON a.id = t.forecaster AND t.forecaster > 0
-- The source by its key, for a source's row only (OFFSET 0 keeps the lookup one), as in forecaster_scoreboard.
LEFT JOIN LATERAL (SELECT s.id, s.title FROM source s WHERE s.id = -t.forecaster AND t.forecaster < 0 OFFSET 0) s ON true
WHERE t.predictions > 0;

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
"""

# 0017's views and function (the sums read on every --since; a hash of every source), then the columns dropped.
DOWNGRADE = r"""
CREATE OR REPLACE VIEW reporting.forecaster_scoreboard AS
SELECT
    coalesce(a.name, s.title) AS forecaster,
    CASE WHEN t.forecaster > 0 THEN 'actor' ELSE 'source' END AS forecaster_kind,
    t.predictions,
    (t.brier / t.predictions)::float8 AS time_averaged_brier,
    (t.baseline / t.predictions)::float8 AS baseline_score,
    (t.peer / t.predictions)::float8 AS peer_score,
    (t.relative / t.predictions)::float8 AS relative_brier,
    (t.coverage / t.predictions)::float8 AS coverage,
    a.id AS forecaster_actor_id,
    s.id AS forecaster_source_id
FROM reporting_summary.forecaster_total t
LEFT JOIN actor a ON a.id = t.forecaster AND t.forecaster > 0
LEFT JOIN source s ON s.id = -t.forecaster AND t.forecaster < 0
WHERE t.predictions > 0;

CREATE OR REPLACE VIEW reporting.forecaster_scoreboard_by_tag AS
SELECT
    g.name AS tag,
    coalesce(a.name, s.title) AS forecaster,
    CASE WHEN t.forecaster > 0 THEN 'actor' ELSE 'source' END AS forecaster_kind,
    t.predictions,
    (t.brier / t.predictions)::float8 AS time_averaged_brier,
    (t.baseline / t.predictions)::float8 AS baseline_score,
    (t.peer / t.predictions)::float8 AS peer_score,
    (t.relative / t.predictions)::float8 AS relative_brier,
    (t.coverage / t.predictions)::float8 AS coverage,
    a.id AS forecaster_actor_id,
    s.id AS forecaster_source_id
FROM reporting_summary.forecaster_tag_total t
JOIN tag g ON g.id = t.tag_id
LEFT JOIN actor a ON a.id = t.forecaster AND t.forecaster > 0
LEFT JOIN source s ON s.id = -t.forecaster AND t.forecaster < 0
WHERE t.predictions > 0;

CREATE OR REPLACE VIEW reporting.forecaster_scoreboard_since AS
SELECT
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
FROM reporting_summary.forecaster_day_total d
CROSS JOIN LATERAL (
    -- The date's sums with every later date's: the predictions made on or after it.
    SELECT sum(l.predictions)::bigint AS predictions, sum(l.brier) AS brier, sum(l.baseline) AS baseline, sum(l.peer) AS peer,
           sum(l.relative) AS relative, sum(l.coverage) AS coverage
    FROM reporting_summary.forecaster_day_total l
    WHERE l.forecaster = d.forecaster AND l.made_on >= d.made_on
) o
LEFT JOIN actor a ON a.id = d.forecaster AND d.forecaster > 0
LEFT JOIN source s ON s.id = -d.forecaster AND d.forecaster < 0;

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
LEFT JOIN source s ON s.id = -d.forecaster AND d.forecaster < 0;

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
END
$fn$;

CREATE OR REPLACE FUNCTION reporting_summary.forecast_citations_refresh(for_forecasts bigint[]) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '128MB' AS $fn$
DECLARE
    ids bigint[];
BEGIN
    SELECT array_agg(DISTINCT k.id) INTO ids FROM unnest(for_forecasts) k(id) WHERE k.id IS NOT NULL;
    IF ids IS NULL THEN
        RETURN;
    END IF;
    -- Their predictions first, in id order, as forecast_scores_refresh takes them.
    PERFORM FROM prediction p WHERE p.id IN (SELECT f.prediction_id FROM forecast f JOIN unnest(ids) k(id) ON f.id = k.id)
    ORDER BY p.id FOR NO KEY UPDATE;
    WITH gone AS (
        DELETE FROM reporting_summary.forecast_citation c USING unnest(ids) k(id) WHERE c.forecast_id = k.id
        RETURNING c.source_id, c.decided, c.given_after, c.given_before
    )
    INSERT INTO reporting_summary.source_forecast_total AS t (source_id, citing, decided, scored, toward, away, gain)
    SELECT g.source_id, -count(*), -count(*) FILTER (WHERE g.decided), -count(*) FILTER (WHERE g.decided AND g.given_before IS NOT NULL),
           -count(*) FILTER (WHERE g.decided AND g.given_after > g.given_before), -count(*) FILTER (WHERE g.decided AND g.given_after < g.given_before),
           -coalesce(sum(ln(g.given_after / g.given_before)::numeric) FILTER (WHERE g.decided), 0)
    FROM gone g GROUP BY 1 ORDER BY 1
    ON CONFLICT (source_id) DO UPDATE SET citing = t.citing + EXCLUDED.citing, decided = t.decided + EXCLUDED.decided,
        scored = t.scored + EXCLUDED.scored, toward = t.toward + EXCLUDED.toward, away = t.away + EXCLUDED.away, gain = t.gain + EXCLUDED.gain;
    WITH cited AS (
        SELECT DISTINCT e.forecast_id, coalesce(s.merged_into_id, s.id) AS source_id
        FROM unnest(ids) k(id)
        JOIN forecast_evidence e ON e.forecast_id = k.id
        LEFT JOIN claim_source cs ON cs.claim_id = e.claim_id
        JOIN source s ON s.id = coalesce(e.source_id, cs.source_id)
    ),
    moved AS (
        SELECT f.id,
               p.status IN ('confirmed', 'refuted') AS decided,
               greatest(CASE WHEN p.status = 'confirmed' THEN f.probability ELSE 1 - f.probability END, 0.001) AS given_after,
               CASE WHEN b.probability IS NOT NULL
                   THEN greatest(CASE WHEN p.status = 'confirmed' THEN b.probability ELSE 1 - b.probability END, 0.001) END AS given_before
        FROM forecast f
        JOIN prediction p ON p.id = f.prediction_id
        LEFT JOIN LATERAL (
            SELECT e.probability FROM forecast e
            WHERE e.prediction_id = f.prediction_id
              AND e.actor_id IS NOT DISTINCT FROM f.actor_id AND e.source_id IS NOT DISTINCT FROM f.source_id
              AND (e.made_on, e.id) < (f.made_on, f.id)
            ORDER BY e.made_on DESC, e.id DESC LIMIT 1
        ) b ON true
        WHERE f.id IN (SELECT c.forecast_id FROM cited c)
    ),
    added AS (
        INSERT INTO reporting_summary.forecast_citation (forecast_id, source_id, decided, given_after, given_before)
        SELECT c.forecast_id, c.source_id, m.decided, m.given_after, m.given_before
        FROM cited c JOIN moved m ON m.id = c.forecast_id
        ORDER BY c.forecast_id, c.source_id
        RETURNING source_id, decided, given_after, given_before
    )
    INSERT INTO reporting_summary.source_forecast_total AS t (source_id, citing, decided, scored, toward, away, gain)
    SELECT g.source_id, count(*), count(*) FILTER (WHERE g.decided), count(*) FILTER (WHERE g.decided AND g.given_before IS NOT NULL),
           count(*) FILTER (WHERE g.decided AND g.given_after > g.given_before), count(*) FILTER (WHERE g.decided AND g.given_after < g.given_before),
           coalesce(sum(ln(g.given_after / g.given_before)::numeric) FILTER (WHERE g.decided), 0)
    FROM added g GROUP BY 1 ORDER BY 1
    ON CONFLICT (source_id) DO UPDATE SET citing = t.citing + EXCLUDED.citing, decided = t.decided + EXCLUDED.decided,
        scored = t.scored + EXCLUDED.scored, toward = t.toward + EXCLUDED.toward, away = t.away + EXCLUDED.away, gain = t.gain + EXCLUDED.gain;
END
$fn$;

ALTER TABLE reporting_summary.forecaster_day_total
    DROP COLUMN predictions_before, DROP COLUMN brier_before, DROP COLUMN baseline_before, DROP COLUMN peer_before,
    DROP COLUMN relative_before, DROP COLUMN coverage_before;
ALTER TABLE reporting_summary.forecaster_tag_day_total
    DROP COLUMN predictions_before, DROP COLUMN brier_before, DROP COLUMN baseline_before, DROP COLUMN peer_before,
    DROP COLUMN relative_before, DROP COLUMN coverage_before;
COMMENT ON TABLE reporting_summary.forecaster_day_total IS 'Per forecaster and made-on date of their predictions: the sums of forecast_scores; made_after, the date before (forecaster_scoreboard_since).';
COMMENT ON TABLE reporting_summary.forecaster_tag_day_total IS 'Per tag, forecaster and made-on date: the sums of forecast_scores; made_after, the date before (forecaster_scoreboard_by_tag_since).';
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)
