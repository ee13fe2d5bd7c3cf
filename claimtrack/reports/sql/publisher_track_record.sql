-- reporting.publisher_track_record as the database holds it at head. To change it: a new revision, then this file
-- (docs/reports.md, "Changing a view or adding a total").
CREATE OR REPLACE VIEW reporting.publisher_track_record AS
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
FROM reporting_summary.publisher_record r
WHERE r.grade_a + r.grade_b + r.grade_c + r.grade_d + r.grade_e + r.grade_f > 0
ORDER BY r.claims_supported DESC, r.predictions_made DESC, r.publisher;
