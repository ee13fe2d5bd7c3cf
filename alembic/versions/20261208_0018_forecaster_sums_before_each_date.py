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
