-- reporting.actor_timeline as the database holds it at head. To change it: a new revision, then this file
-- (docs/reports.md, "Changing a view or adding a total").
CREATE OR REPLACE VIEW reporting.actor_timeline AS
SELECT
    r.month,
    a.name AS actor_a,
    b.name AS actor_b,
    r.claims,
    r.predictions,
    r.resolutions,
    r.actor_id AS actor_a_id,
    r.other_id AS actor_b_id
FROM reporting_summary.actor_pair_month r
JOIN actor a ON a.id = r.actor_id
JOIN actor b ON b.id = r.other_id
WHERE a.name < b.name AND (r.claims > 0 OR r.predictions > 0 OR r.resolutions > 0);
