-- reporting.source_forecast_value as the database holds it at head. To change it: a new revision, then this file
-- (docs/reports.md, "Changing a view or adding a total"). The formula is domain/scoring.py's
-- (evidence_gains); docs/reports.md, "Credit for evidence", works an example through.
CREATE OR REPLACE VIEW reporting.source_forecast_value AS
WITH cited AS (
    -- Each source a forecast cites, once: itself, or through a claim cited (the claim's sources).
    -- A source merged away counts for the one it was merged into.
    SELECT DISTINCT e.forecast_id, coalesce(s.merged_into_id, s.id) AS source_id
    FROM forecast_evidence e
    LEFT JOIN claim_source cs ON cs.claim_id = e.claim_id
    JOIN source s ON s.id = coalesce(e.source_id, cs.source_id)
),
moved AS (
    -- Each citing forecast beside the same forecaster's previous forecast on the prediction (of
    -- two made the same day, the one recorded first is the earlier) and, once the prediction is
    -- confirmed or refuted, the probability each gave to what happened (at least 0.001).
    SELECT f.id,
           p.status IN ('confirmed', 'refuted') AS decided,
           greatest(CASE WHEN p.status = 'confirmed' THEN f.probability ELSE 1 - f.probability END, 0.001) AS given_after,
           -- greatest() skips nulls: a first forecast (no before) is tested for, not floored.
           CASE WHEN b.probability IS NOT NULL
               THEN greatest(CASE WHEN p.status = 'confirmed' THEN b.probability ELSE 1 - b.probability END, 0.001) END AS given_before
    FROM forecast f
    JOIN prediction p ON p.id = f.prediction_id
    LEFT JOIN LATERAL (
        SELECT e.probability FROM forecast e
        WHERE e.prediction_id = f.prediction_id
          AND e.actor_id IS NOT DISTINCT FROM f.actor_id AND e.source_id IS NOT DISTINCT FROM f.source_id
          AND (e.made_on, e.id) < (f.made_on, f.id)
        ORDER BY e.made_on DESC, e.id DESC LIMIT 1
    ) b ON true
    WHERE f.id IN (SELECT c.forecast_id FROM cited c)
),
credited AS (
    SELECT c.source_id,
           count(*) AS citing,
           count(*) FILTER (WHERE m.decided) AS decided,
           count(*) FILTER (WHERE m.decided AND m.given_before IS NOT NULL) AS scored,
           count(*) FILTER (WHERE m.decided AND m.given_after > m.given_before) AS toward,
           count(*) FILTER (WHERE m.decided AND m.given_after < m.given_before) AS away,
           sum(ln(m.given_after / m.given_before)) FILTER (WHERE m.decided) AS gain
    FROM cited c
    JOIN moved m ON m.id = c.forecast_id
    GROUP BY c.source_id
)
SELECT
    s.title AS source,
    s.reliability,
    r.citing AS forecasts_citing,
    r.decided AS resolved,
    r.scored,
    r.toward,
    r.away,
    r.gain::float8 AS log_score_gain,
    (r.gain / nullif(r.scored, 0))::float8 AS mean_gain,
    s.id AS source_id
FROM credited r
JOIN source s ON s.id = r.source_id;
