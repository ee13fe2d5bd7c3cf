-- reporting.recent_changes as the database holds it at head. To change it: a new revision, then this file
-- (docs/reports.md, "Changing a view or adding a total").
CREATE OR REPLACE VIEW reporting.recent_changes AS
SELECT
    h.changed_at,
    CASE WHEN h.claim_id IS NOT NULL THEN 'claim' ELSE 'prediction' END AS kind,
    coalesce(h.claim_id, h.prediction_id) AS record_id,
    coalesce(c.statement, o.statement) AS statement,
    h.from_status,
    h.to_status,
    h.changed_by,
    h.reason,
    e.title AS evidence,
    h.effective_on,
    CASE WHEN h.claim_id IS NOT NULL
        THEN ARRAY(SELECT DISTINCT x.actor FROM reporting.claim_actors x WHERE x.claim_id = h.claim_id ORDER BY x.actor)
        ELSE o.actors END AS actors,
    CASE WHEN h.claim_id IS NOT NULL
        THEN ARRAY(SELECT t.name FROM claim_tag ct JOIN tag t ON t.id = ct.tag_id
                   WHERE ct.claim_id = h.claim_id ORDER BY t.name)
        ELSE o.tags END AS tags,
    h.evidence_source_id,
    h.id AS change_id,
    h.changed_login AS login
FROM status_history h
LEFT JOIN claim c ON c.id = h.claim_id
LEFT JOIN reporting.prediction_outcomes o ON o.prediction_id = h.prediction_id
LEFT JOIN source e ON e.id = h.evidence_source_id
WHERE c.deleted_at IS NULL;
