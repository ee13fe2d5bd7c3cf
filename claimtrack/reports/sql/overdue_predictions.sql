-- reporting.overdue_predictions as the database holds it at head. To change it: a new revision, then this file
-- (docs/reports.md, "Changing a view or adding a total").
CREATE OR REPLACE VIEW reporting.overdue_predictions AS
SELECT
    prediction_id, statement, predictor, resolve_by, current_date - resolve_by AS days_overdue,
    made_on, probability, likelihood, confidence, criteria, actors, tags, recorded_by,
    predictor_actor_id, predictor_source_id
FROM reporting.prediction_outcomes
WHERE overdue;
