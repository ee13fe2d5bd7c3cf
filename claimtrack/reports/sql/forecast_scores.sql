-- reporting.forecast_scores as the database holds it at head. To change it: a new revision, then this file
-- (docs/reports.md, "Changing a view or adding a total"). The formulas are domain/scoring.py's
-- (forecaster_scores); docs/reports.md, "Forecast scores", works an example through.
CREATE OR REPLACE VIEW reporting.forecast_scores AS
WITH stood AS (
    -- Each forecast on a prediction confirmed or refuted, and the part of the prediction's window
    -- (made-on to resolution) it stood: from its made-on date until its forecaster's next forecast,
    -- or the resolution. Of two made the same day, the one recorded later stands.
    SELECT
        f.id,
        f.prediction_id,
        f.actor_id,
        f.source_id,
        f.probability,
        f.made_on,
        p.made_on AS opened_on,
        p.resolved_on,
        (p.status = 'confirmed')::int AS outcome,
        greatest(f.made_on, p.made_on) AS starts,
        coalesce(lead(greatest(f.made_on, p.made_on)) OVER forecaster, p.resolved_on) AS ends,
        row_number() OVER forecaster_newest_first = 1 AS final,
        -- PostgreSQL refuses a square too small for float8 (below 1e-308) rather than round it to 0.
        CASE WHEN abs(f.probability - (p.status = 'confirmed')::int) < 1e-150 THEN 0
             ELSE (f.probability - (p.status = 'confirmed')::int) ^ 2 END AS brier,
        -- The probability given to what happened, at least 0.001 (domain.scoring.LOG_SCORE_FLOOR).
        greatest(CASE WHEN p.status = 'confirmed' THEN f.probability ELSE 1 - f.probability END, 0.001) AS given
    FROM forecast f
    JOIN prediction p ON p.id = f.prediction_id
    WHERE p.status IN ('confirmed', 'refuted')
    WINDOW forecaster AS (PARTITION BY f.prediction_id, f.actor_id, f.source_id ORDER BY f.made_on, f.id),
           forecaster_newest_first AS (PARTITION BY f.prediction_id, f.actor_id, f.source_id ORDER BY f.made_on DESC, f.id DESC)
),
piece AS (
    -- The window cut wherever a forecast begins to stand: in each piece the same forecasts stand.
    SELECT b.prediction_id, b.starts,
           coalesce(lead(b.starts) OVER (PARTITION BY b.prediction_id ORDER BY b.starts), b.resolved_on) AS ends
    FROM (SELECT DISTINCT s.prediction_id, s.starts, s.resolved_on FROM stood s) b
),
standing AS (
    -- Each forecast in each piece it stood through, beside the others standing then: how many
    -- (N) and the mean of their ln(probability given to what happened) (ln of their geometric mean).
    SELECT s.id, g.ends - g.starts AS days,
           count(*) OVER same_piece AS forecasters,
           avg(ln(s.given)) OVER same_piece AS mean_ln_given
    FROM piece g
    JOIN stood s ON s.prediction_id = g.prediction_id AND s.starts <= g.starts AND g.starts < s.ends
    WHERE g.ends > g.starts
    WINDOW same_piece AS (PARTITION BY g.prediction_id, g.starts)
),
at_resolution AS (
    -- The final forecasts, side by side: what a forecaster who covered no day of the window is scored on.
    SELECT s.id,
           count(*) OVER (PARTITION BY s.prediction_id) AS forecasters,
           avg(ln(s.given)) OVER (PARTITION BY s.prediction_id) AS mean_ln_given
    FROM stood s WHERE s.final
),
per_forecaster AS (
    SELECT
        s.prediction_id,
        s.actor_id,
        s.source_id,
        min(s.opened_on) AS opened_on,
        min(s.resolved_on) AS resolved_on,
        min(s.outcome) AS outcome,
        count(DISTINCT s.id) AS forecasts,
        min(s.made_on) AS first_forecast_on,
        max(s.made_on) AS last_forecast_on,
        max(CASE WHEN s.final THEN s.probability END) AS final_probability,
        max(CASE WHEN s.final THEN s.brier END) AS final_brier,
        max(CASE WHEN s.final THEN 0 - ln(s.given) END) AS final_log_score,
        coalesce(sum(t.days), 0) AS covered_days,
        sum(t.days * s.brier) / nullif(sum(t.days), 0) AS averaged_brier,
        sum(t.days * 100 * (1 + ln(s.given) / ln(2))) / nullif(sum(t.days), 0) AS averaged_baseline,
        sum(t.days * CASE WHEN t.forecasters > 1
                          THEN 100 * t.forecasters::float8 / (t.forecasters - 1) * (ln(s.given) - t.mean_ln_given)
                          ELSE 0 END) / nullif(sum(t.days), 0) AS averaged_peer,
        max(CASE WHEN s.final THEN 100 * (1 + ln(s.given) / ln(2)) END) AS final_baseline,
        max(CASE WHEN s.final AND r.forecasters > 1
                 THEN 100 * r.forecasters::float8 / (r.forecasters - 1) * (ln(s.given) - r.mean_ln_given)
                 WHEN s.final THEN 0 END) AS final_peer
    FROM stood s
    LEFT JOIN standing t ON t.id = s.id
    LEFT JOIN at_resolution r ON r.id = s.id
    GROUP BY s.prediction_id, s.actor_id, s.source_id
),
scored AS (
    -- A forecaster who covered no day of the window (a window of zero days, or a first forecast
    -- on the day it resolved) is scored on the final forecast.
    SELECT x.*,
           coalesce(x.averaged_brier, x.final_brier) AS brier,
           coalesce(x.averaged_baseline, x.final_baseline) AS baseline,
           coalesce(x.averaged_peer, x.final_peer) AS peer
    FROM per_forecaster x
)
SELECT
    x.prediction_id,
    p.statement,
    coalesce(a.name, s.title) AS forecaster,
    CASE WHEN x.actor_id IS NOT NULL THEN 'actor' ELSE 'source' END AS forecaster_kind,
    CASE x.outcome WHEN 1 THEN 'confirmed' ELSE 'refuted' END AS outcome,
    x.opened_on AS made_on,
    x.resolved_on,
    x.resolved_on - x.opened_on AS window_days,
    x.forecasts,
    x.first_forecast_on,
    x.final_probability,
    x.final_brier::float8 AS final_brier,
    x.final_log_score::float8 AS final_log_score,
    x.covered_days,
    CASE WHEN x.resolved_on = x.opened_on THEN 1.0 ELSE x.covered_days::float8 / (x.resolved_on - x.opened_on) END AS coverage,
    x.brier::float8 AS time_averaged_brier,
    x.baseline::float8 AS baseline_score,
    x.peer::float8 AS peer_score,
    (x.brier - m.median_brier)::float8 AS relative_brier,
    m.forecasters,
    x.actor_id AS forecaster_actor_id,
    x.source_id AS forecaster_source_id,
    ARRAY(SELECT t.name FROM prediction_tag pt JOIN tag t ON t.id = pt.tag_id
          WHERE pt.prediction_id = x.prediction_id ORDER BY t.name) AS tags
FROM scored x
JOIN prediction p ON p.id = x.prediction_id
LEFT JOIN actor a ON a.id = x.actor_id
LEFT JOIN source s ON s.id = x.source_id
JOIN (
    SELECT prediction_id, count(*) AS forecasters, percentile_cont(0.5) WITHIN GROUP (ORDER BY brier) AS median_brier
    FROM scored GROUP BY prediction_id
) m ON m.prediction_id = x.prediction_id;
