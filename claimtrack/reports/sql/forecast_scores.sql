-- reporting.forecast_scores as the database holds it at head. To change it: a new revision, then this file
-- (docs/reports.md, "Changing a view or adding a total"). The formulas are domain/scoring.py's
-- (forecaster_scores); docs/reports.md, "Forecast scores", works an example through.
-- Since 20261208_0017 it reads totals kept by triggers in reporting_summary (docs/reports.md, "How the reports stay fast").
CREATE OR REPLACE VIEW reporting.forecast_scores AS
SELECT
    x.prediction_id,
    p.statement,
    coalesce(a.name, s.title) AS forecaster,
    CASE WHEN x.actor_id IS NOT NULL THEN 'actor' ELSE 'source' END AS forecaster_kind,
    CASE x.outcome WHEN 1 THEN 'confirmed' ELSE 'refuted' END AS outcome,
    x.made_on,
    x.resolved_on,
    x.resolved_on - x.made_on AS window_days,
    x.forecasts,
    x.first_forecast_on,
    x.final_probability,
    x.final_brier,
    x.final_log_score,
    x.covered_days,
    x.coverage,
    x.time_averaged_brier,
    x.baseline_score,
    x.peer_score,
    x.relative_brier,
    x.forecasters,
    x.actor_id AS forecaster_actor_id,
    x.source_id AS forecaster_source_id,
    ARRAY(SELECT t.name FROM prediction_tag pt JOIN tag t ON t.id = pt.tag_id
          WHERE pt.prediction_id = x.prediction_id ORDER BY t.name) AS tags
FROM reporting_summary.forecaster_prediction_score x
JOIN prediction p ON p.id = x.prediction_id
LEFT JOIN actor a ON a.id = x.actor_id
LEFT JOIN source s ON s.id = x.source_id;
