-- reporting.claim_status_summary as the database holds it at head. To change it: a new revision, then this file
-- (docs/reports.md, "Changing a view or adding a total").
CREATE OR REPLACE VIEW reporting.claim_status_summary AS
SELECT
    st.status,
    coalesce(c.claims, 0) - coalesce(d.claims, 0) AS claims,
    (coalesce(c.claims, 0) - coalesce(d.claims, 0))::float8
        / nullif(sum(coalesce(c.claims, 0) - coalesce(d.claims, 0)) OVER (), 0)::float8 AS share
FROM (VALUES (1, 'unverified'), (2, 'corroborated'), (3, 'contested'),
             (4, 'confirmed'), (5, 'refuted'), (6, 'retracted')) AS st(position, status)
LEFT JOIN reporting_summary.claim_status_count c ON c.status = st.status
LEFT JOIN (SELECT r.status, count(*) AS claims FROM claim r WHERE r.deleted_at IS NOT NULL GROUP BY r.status) d
    ON d.status = st.status
ORDER BY st.position;
