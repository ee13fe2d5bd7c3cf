-- reporting.calibration_summary as the database holds it at head. To change it: a new revision, then this file
-- (docs/reports.md, "Changing a view or adding a total"). The formulas are domain/scoring.py's
-- (murphy_decomposition); docs/reports.md, "Calibration summary", works an example through.
CREATE OR REPLACE VIEW reporting.calibration_summary AS
WITH final AS (
    -- Each forecaster's forecast standing at the resolution of a prediction confirmed or refuted
    -- (annulled ones have no outcome), in the calibration report's bins of width 0.1.
    SELECT x.prediction_id, x.final_probability AS p, (x.outcome = 'confirmed')::int AS o,
           least(floor(x.final_probability::numeric * 10)::int, 9) AS bin, x.tags
    FROM reporting.forecast_scores x
),
scoped AS (
    -- Every forecast once overall (tag NULL) and once under each of its prediction's tags.
    SELECT NULL::text AS tag, f.prediction_id, f.p, f.o, f.bin FROM final f
    UNION ALL
    SELECT t.tag, f.prediction_id, f.p, f.o, f.bin FROM final f CROSS JOIN LATERAL unnest(f.tags) AS t(tag)
),
bins AS (
    -- Each bin's count, mean forecast and observed frequency, beside its scope's base rate.
    SELECT s.tag, s.bin, count(*) AS n,
           avg(s.p::numeric) AS mean_forecast,
           avg(s.o::numeric) AS observed,
           sum(sum(s.o)) OVER scope::numeric / sum(count(*)) OVER scope AS base_rate
    FROM scoped s
    GROUP BY s.tag, s.bin
    WINDOW scope AS (PARTITION BY s.tag)
),
decomposed AS (
    SELECT b.tag,
           sum(b.n * (b.mean_forecast - b.observed) ^ 2) / sum(b.n) AS reliability,
           sum(b.n * (b.observed - b.base_rate) ^ 2) / sum(b.n) AS resolution,
           min(b.base_rate) * (1 - min(b.base_rate)) AS uncertainty
    FROM bins b
    GROUP BY b.tag
)
SELECT
    s.tag,
    count(DISTINCT s.prediction_id) AS predictions,
    count(*) AS forecasts,
    (avg(s.o::numeric))::float8 AS base_rate,
    d.reliability::float8 AS reliability,
    d.resolution::float8 AS resolution,
    d.uncertainty::float8 AS uncertainty,
    (d.reliability - d.resolution + d.uncertainty)::float8 AS brier,
    (avg((s.p::numeric - s.o) ^ 2))::float8 AS brier_score,
    (avg(s.p::numeric) FILTER (WHERE s.o = 1) - avg(s.p::numeric) FILTER (WHERE s.o = 0))::float8 AS discrimination
FROM scoped s
JOIN decomposed d ON d.tag IS NOT DISTINCT FROM s.tag
GROUP BY s.tag, d.reliability, d.resolution, d.uncertainty;
