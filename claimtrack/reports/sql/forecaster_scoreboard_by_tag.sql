-- reporting.forecaster_scoreboard_by_tag as the database holds it at head. To change it: a new revision, then this file
-- (docs/reports.md, "Changing a view or adding a total"). The scoreboard of forecasters once per tag: the means
-- over the predictions that carry it (`claimtrack report forecaster_scoreboard --tag T`), read from the sums that
-- triggers keep in reporting_summary.forecaster_tag_total (20261208_0017; docs/reports.md, "How the reports stay fast").
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
