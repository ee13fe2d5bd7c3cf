-- reporting.claim_actors as the database holds it at head. To change it: a new revision, then this file
-- (docs/reports.md, "Changing a view or adding a total").
CREATE OR REPLACE VIEW reporting.claim_actors AS
SELECT x.claim_id, x.actor_id, a.name AS actor, x.role
FROM claim_actor x JOIN actor a ON a.id = x.actor_id
UNION ALL
SELECT r.id, r.claimant_id, a.name, 'claimant'
FROM claim r JOIN actor a ON a.id = r.claimant_id WHERE r.deleted_at IS NULL
UNION ALL
SELECT t.claim_id, t.supplier_id, a.name, 'supplier'
FROM arms_transfer t JOIN actor a ON a.id = t.supplier_id WHERE t.claim_id IS NOT NULL
UNION ALL
SELECT t.claim_id, t.recipient_id, a.name, 'recipient'
FROM arms_transfer t JOIN actor a ON a.id = t.recipient_id WHERE t.claim_id IS NOT NULL;
