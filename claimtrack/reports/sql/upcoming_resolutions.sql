-- reporting.upcoming_resolutions as the database holds it at head. To change it: a new revision, then this file
-- (docs/reports.md, "Changing a view or adding a total").
CREATE OR REPLACE VIEW reporting.upcoming_resolutions AS
SELECT
    prediction_id, statement, predictor, resolve_by, resolve_by - current_date AS days_left,
    made_on, probability, likelihood, confidence, criteria, actors, tags, recorded_by,
    predictor_actor_id, predictor_source_id
FROM reporting.prediction_outcomes
WHERE status = 'open' AND resolve_by BETWEEN current_date AND current_date + 30;
