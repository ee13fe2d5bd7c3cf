-- reporting.prediction_actors as the database holds it at head. To change it: a new revision, then this file
-- (docs/reports.md, "Changing a view or adding a total").
CREATE OR REPLACE VIEW reporting.prediction_actors AS
SELECT x.prediction_id, x.actor_id, a.name AS actor, x.role
FROM prediction_actor x JOIN actor a ON a.id = x.actor_id
UNION ALL
SELECT r.id, r.predictor_actor_id, a.name, 'predictor'
FROM prediction r JOIN actor a ON a.id = r.predictor_actor_id
UNION ALL
SELECT t.prediction_id, t.supplier_id, a.name, 'supplier'
FROM arms_transfer t JOIN actor a ON a.id = t.supplier_id WHERE t.prediction_id IS NOT NULL
UNION ALL
SELECT t.prediction_id, t.recipient_id, a.name, 'recipient'
FROM arms_transfer t JOIN actor a ON a.id = t.recipient_id WHERE t.prediction_id IS NOT NULL;
