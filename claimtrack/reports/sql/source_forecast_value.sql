-- reporting.source_forecast_value as the database holds it at head. To change it: a new revision, then this file
-- (docs/reports.md, "Changing a view or adding a total"). The formula is domain/scoring.py's
-- (evidence_gains); docs/reports.md, "Credit for evidence", works an example through.
-- Since 20261208_0017 it reads totals kept by triggers in reporting_summary (docs/reports.md, "How the reports stay fast").
CREATE OR REPLACE VIEW reporting.source_forecast_value AS
SELECT
    s.title AS source,
    s.reliability,
    r.citing AS forecasts_citing,
    r.decided AS resolved,
    r.scored,
    r.toward,
    r.away,
    CASE WHEN r.scored > 0 THEN r.gain::float8 END AS log_score_gain,
    (r.gain / nullif(r.scored, 0))::float8 AS mean_gain,
    s.id AS source_id
FROM reporting_summary.source_forecast_total r
JOIN source s ON s.id = r.source_id
WHERE r.citing > 0;
