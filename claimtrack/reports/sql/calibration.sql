-- reporting.calibration as the database holds it at head. To change it: a new revision, then this file
-- (docs/reports.md, "Changing a view or adding a total").
CREATE OR REPLACE VIEW reporting.calibration AS
SELECT
    -- From the bin's totals r (absent for an empty bin): the means are sums over counts.
    b.label AS bin,
    b.low AS bin_low,
    b.high AS bin_high,
    coalesce(r.predictions, 0) AS predictions,
    (r.probability_sum / nullif(r.predictions, 0))::float8 AS mean_forecast,
    r.confirmed::float8 / nullif(r.predictions, 0) AS observed_frequency,
    coalesce(r.confirmed, 0) AS confirmed,
    coalesce(r.predictions - r.confirmed, 0) AS refuted
FROM (SELECT bin, label, low, high FROM reporting.calibration_bins) b
LEFT JOIN reporting_summary.calibration_record r ON r.bin = b.bin
ORDER BY b.bin;
