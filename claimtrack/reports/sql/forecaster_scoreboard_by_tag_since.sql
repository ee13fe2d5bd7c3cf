-- reporting.forecaster_scoreboard_by_tag_since as the database holds it at head. To change it: a new revision, then this
-- file (docs/reports.md, "Changing a view or adding a total"). forecaster_scoreboard_since once per tag: one row per
-- tag, forecaster and each made-on date of their predictions carrying the tag (made_from), holding the means over
-- those made on or after it. `--tag T --since D` picks, per forecaster, the row of tag T whose made_from is the
-- first such date on or after D: made_after (the date before it, NULL for the first) < D <= made_from.
CREATE OR REPLACE VIEW reporting.forecaster_scoreboard_by_tag_since AS
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
