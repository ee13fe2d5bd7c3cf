-- reporting.forecaster_scoreboard as the database holds it at head. To change it: a new revision, then this file
-- (docs/reports.md, "Changing a view or adding a total"). Per forecaster, the means of their rows of
-- reporting.forecast_scores (docs/reports.md, "Forecaster scoreboard"), read from the sums of those rows that
-- triggers keep in reporting_summary.forecaster_total (20261208_0017; docs/reports.md, "How the reports stay
-- fast"); --tag reads forecaster_scoreboard_by_tag, --since forecaster_scoreboard_since.
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
