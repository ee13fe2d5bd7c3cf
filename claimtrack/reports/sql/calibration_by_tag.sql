-- reporting.calibration_by_tag as the database holds it at head. To change it: a new revision, then this file
-- (docs/reports.md, "Changing a view or adding a total").
CREATE OR REPLACE VIEW reporting.calibration_by_tag AS
SELECT
    t.name AS tag,
    b.label AS bin,
    b.low AS bin_low,
    b.high AS bin_high,
    coalesce(r.predictions, 0) AS predictions,
    (r.probability_sum / nullif(r.predictions, 0))::float8 AS mean_forecast,
    r.confirmed::float8 / nullif(r.predictions, 0) AS observed_frequency,
    coalesce(r.confirmed, 0) AS confirmed,
    coalesce(r.predictions - r.confirmed, 0) AS refuted
FROM (SELECT tag_id FROM reporting_summary.calibration_tag_record GROUP BY tag_id HAVING sum(predictions) > 0) tags
JOIN tag t ON t.id = tags.tag_id
CROSS JOIN (SELECT bin, label, low, high FROM reporting.calibration_bins) b
LEFT JOIN reporting_summary.calibration_tag_record r ON r.tag_id = tags.tag_id AND r.bin = b.bin AND r.predictions > 0
ORDER BY t.name, b.bin;
