-- reporting.publisher_track_record as the database holds it at head. To change it: a new revision, then this file
-- (docs/reports.md, "Changing a view or adding a total").
CREATE OR REPLACE VIEW reporting.publisher_track_record AS
WITH merged AS (
    -- Sources merged into another: their claims and predictions moved to the survivor, their grades stay here.
    SELECT coalesce(s.publisher, '(no publisher)') AS publisher,
           count(*) FILTER (WHERE s.reliability = 'A') AS grade_a,
           count(*) FILTER (WHERE s.reliability = 'B') AS grade_b,
           count(*) FILTER (WHERE s.reliability = 'C') AS grade_c,
           count(*) FILTER (WHERE s.reliability = 'D') AS grade_d,
           count(*) FILTER (WHERE s.reliability = 'E') AS grade_e,
           count(*) FILTER (WHERE s.reliability = 'F') AS grade_f
    FROM source s
    WHERE s.deleted_at IS NOT NULL
    GROUP BY 1
), graded AS (
    SELECT r.publisher,
           r.grade_a - coalesce(m.grade_a, 0) AS grade_a,
           r.grade_b - coalesce(m.grade_b, 0) AS grade_b,
           r.grade_c - coalesce(m.grade_c, 0) AS grade_c,
           r.grade_d - coalesce(m.grade_d, 0) AS grade_d,
           r.grade_e - coalesce(m.grade_e, 0) AS grade_e,
           r.grade_f - coalesce(m.grade_f, 0) AS grade_f,
           r.claims_supported, r.supported_confirmed, r.supported_refuted, r.predictions_made, r.predictions_open,
           r.predictions_confirmed, r.predictions_refuted, r.predictions_annulled
    FROM reporting_summary.publisher_record r
    LEFT JOIN merged m ON m.publisher = r.publisher
)
SELECT
    r.publisher,
    r.grade_a + r.grade_b + r.grade_c + r.grade_d + r.grade_e + r.grade_f AS sources,
    concat_ws(', ',
        CASE WHEN r.grade_a > 0 THEN 'A' END,
        CASE WHEN r.grade_b > 0 THEN 'B' END,
        CASE WHEN r.grade_c > 0 THEN 'C' END,
        CASE WHEN r.grade_d > 0 THEN 'D' END,
        CASE WHEN r.grade_e > 0 THEN 'E' END,
        CASE WHEN r.grade_f > 0 THEN 'F' END
    ) AS reliability,
    r.claims_supported,
    r.supported_confirmed,
    r.supported_refuted,
    r.predictions_made,
    r.predictions_open,
    r.predictions_confirmed,
    r.predictions_refuted,
    r.predictions_annulled
FROM graded r
WHERE r.grade_a + r.grade_b + r.grade_c + r.grade_d + r.grade_e + r.grade_f > 0
ORDER BY r.claims_supported DESC, r.predictions_made DESC, r.publisher;
