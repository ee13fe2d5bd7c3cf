-- reporting.arms_transfers as the database holds it at head. To change it: a new revision, then this file
-- (docs/reports.md, "Changing a view or adding a total").
CREATE OR REPLACE VIEW reporting.arms_transfers AS
SELECT
    sup.name AS supplier,
    rec.name AS recipient,
    r.category,
    r.item,
    r.expected,
    r.confirmed,
    r.refuted,
    r.annulled,
    r.claims,
    r.supplier_id,
    r.recipient_id
FROM reporting_summary.arms_transfer_record r
JOIN actor sup ON sup.id = r.supplier_id
JOIN actor rec ON rec.id = r.recipient_id
WHERE r.expected + r.confirmed + r.refuted + r.annulled + r.claims > 0;
