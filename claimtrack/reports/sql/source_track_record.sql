-- reporting.source_track_record as the database holds it at head. To change it: a new revision, then this file
-- (docs/reports.md, "Changing a view or adding a total").
CREATE OR REPLACE VIEW reporting.source_track_record AS
SELECT
    s.id AS source_id,
    r.title AS source,
    s.publisher,
    s.kind,
    s.reliability,
    r.claims_supported,
    r.supported_confirmed,
    r.supported_refuted,
    r.predictions_made,
    r.predictions_open,
    r.predictions_confirmed,
    r.predictions_refuted,
    r.predictions_annulled,
    s.url,
    coalesce(d.claims_disputed, 0) AS claims_disputed,
    coalesce(d.disputed_confirmed, 0) AS disputed_confirmed,
    coalesce(d.disputed_refuted, 0) AS disputed_refuted,
    r.supported_confirmed + coalesce(d.disputed_refuted, 0) AS borne_out,
    r.supported_refuted + coalesce(d.disputed_confirmed, 0) AS contradicted,
    (r.supported_confirmed + coalesce(d.disputed_refuted, 0))::float8
        / nullif(r.supported_confirmed + r.supported_refuted + coalesce(d.disputed_confirmed, 0) + coalesce(d.disputed_refuted, 0), 0)
        AS accuracy
FROM reporting_summary.source_record r
JOIN source s ON s.id = r.source_id
LEFT JOIN reporting_summary.source_dispute_record d ON d.source_id = r.source_id
WHERE s.deleted_at IS NULL;
