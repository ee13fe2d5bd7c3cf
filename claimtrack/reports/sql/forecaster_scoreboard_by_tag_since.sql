-- reporting.forecaster_scoreboard_by_tag_since as the database holds it at head. To change it: a new revision, then this
-- file (docs/reports.md, "Changing a view or adding a total"). forecaster_scoreboard_since once per tag: one row per
-- tag, forecaster and each made-on date of their predictions carrying the tag (made_from), holding the means over
-- those made on or after it. `--tag T --since D` picks, per forecaster, the row of tag T whose made_from is the
-- first such date on or after D: made_after (the date before it, NULL for the first) < D <= made_from. The sums are
-- those of the date and every later date of the tag and forecaster in reporting_summary.forecaster_tag_day_total,
-- kept by triggers (20261208_0017; docs/reports.md, "How the reports stay fast").
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
