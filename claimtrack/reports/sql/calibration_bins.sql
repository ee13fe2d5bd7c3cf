-- reporting.calibration_bins as the database holds it at head. To change it: a new revision, then this file
-- (docs/reports.md, "Changing a view or adding a total").
CREATE OR REPLACE VIEW reporting.calibration_bins AS
SELECT
    b.bin,
    format('[%s, %s%s', to_char(b.bin / 10.0, 'FM0.0'), to_char((b.bin + 1) / 10.0, 'FM0.0'),
           CASE WHEN b.bin = 9 THEN ']' ELSE ')' END) AS label,
    round(b.bin / 10.0, 1) AS low,
    round((b.bin + 1) / 10.0, 1) AS high
FROM generate_series(0, 9) AS b(bin);
