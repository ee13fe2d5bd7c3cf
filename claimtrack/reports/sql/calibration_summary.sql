-- reporting.calibration_summary as the database holds it at head. To change it: a new revision, then this file
-- (docs/reports.md, "Changing a view or adding a total"). The formulas are domain/scoring.py's
-- (murphy_decomposition); docs/reports.md, "Calibration summary", works an example through.
-- Since 20261208_0017 it reads totals kept by triggers in reporting_summary (docs/reports.md, "How the reports stay fast").
CREATE OR REPLACE VIEW reporting.calibration_summary AS
WITH bins AS (
    -- Each bin's count, mean forecast and observed frequency, beside its scope's size and base rate.
    SELECT b.scope, b.n, b.sum_p / b.n AS mean_forecast, b.sum_o::numeric / b.n AS observed,
           sum(b.n) OVER scope AS forecasts,
           sum(b.sum_o) OVER scope / sum(b.n) OVER scope AS base_rate
    FROM reporting_summary.calibration_bin_total b
    WHERE b.n > 0
    WINDOW scope AS (PARTITION BY b.scope)
),
scoped AS (
    SELECT b.scope,
           min(b.forecasts) AS forecasts,
           min(b.base_rate) AS base_rate,
           sum(b.n * (b.mean_forecast - b.observed) ^ 2) / min(b.forecasts) AS reliability,
           sum(b.n * (b.observed - b.base_rate) ^ 2) / min(b.forecasts) AS resolution
    FROM bins b
    GROUP BY b.scope
),
totals AS (
    SELECT b.scope, sum(b.n) AS n, sum(b.sum_p) AS sum_p, sum(b.sum_o) AS sum_o, sum(b.sum_pp) AS sum_pp, sum(b.sum_po) AS sum_po
    FROM reporting_summary.calibration_bin_total b
    WHERE b.n > 0
    GROUP BY b.scope
)
SELECT
    g.name AS tag,
    c.predictions,
    s.forecasts::bigint AS forecasts,
    s.base_rate::float8 AS base_rate,
    s.reliability::float8 AS reliability,
    s.resolution::float8 AS resolution,
    (s.base_rate * (1 - s.base_rate))::float8 AS uncertainty,
    (s.reliability - s.resolution + s.base_rate * (1 - s.base_rate))::float8 AS brier,
    ((t.sum_pp - 2 * t.sum_po + t.sum_o) / t.n)::float8 AS brier_score,
    (t.sum_po / nullif(t.sum_o, 0) - (t.sum_p - t.sum_po) / nullif(t.n - t.sum_o, 0))::float8 AS discrimination
FROM scoped s
JOIN totals t ON t.scope = s.scope
JOIN reporting_summary.calibration_scope_total c ON c.scope = s.scope
LEFT JOIN tag g ON g.id = s.scope
WHERE s.scope = 0 OR g.id IS NOT NULL;
