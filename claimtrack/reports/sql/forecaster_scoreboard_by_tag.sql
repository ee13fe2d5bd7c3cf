-- reporting.forecaster_scoreboard_by_tag as the database holds it at head. To change it: a new revision, then this file
-- (docs/reports.md, "Changing a view or adding a total"). The scoreboard of forecasters once per tag: the means
-- over the predictions that carry it (`claimtrack report forecaster_scoreboard --tag T`).
CREATE OR REPLACE VIEW reporting.forecaster_scoreboard_by_tag AS
SELECT
    t.tag,
    x.forecaster,
    x.forecaster_kind,
    count(*) AS predictions,
    avg(x.time_averaged_brier) AS time_averaged_brier,
    avg(x.baseline_score) AS baseline_score,
    avg(x.peer_score) AS peer_score,
    avg(x.relative_brier) AS relative_brier,
    avg(x.coverage)::float8 AS coverage,
    x.forecaster_actor_id,
    x.forecaster_source_id
FROM reporting.forecast_scores x
CROSS JOIN LATERAL unnest(x.tags) AS t(tag)
GROUP BY t.tag, x.forecaster_actor_id, x.forecaster_source_id, x.forecaster, x.forecaster_kind;
