-- reporting.prediction_scoreboard as the database holds it at head. To change it: a new revision, then this file
-- (docs/reports.md, "Changing a view or adding a total").
CREATE OR REPLACE VIEW reporting.prediction_scoreboard AS
SELECT
    coalesce(a.name, s.title, '(unattributed)') AS predictor,
    CASE WHEN r.actor_id <> 0 THEN 'actor' WHEN r.source_id <> 0 THEN 'source' ELSE 'unattributed' END
        AS predictor_kind,
    r.total,
    r.open,
    coalesce(o.overdue, 0) AS overdue,
    r.confirmed,
    r.refuted,
    r.ambiguous,
    r.withdrawn,
    r.confirmed + r.refuted AS decided,
    r.confirmed::float8 / nullif(r.confirmed + r.refuted, 0) AS hit_rate,
    r.scored,
    (r.squared_error / nullif(r.scored, 0))::float8 AS brier_score,
    (r.log_loss / nullif(r.scored, 0))::float8 AS log_score,
    nullif(r.actor_id, 0) AS predictor_actor_id,
    nullif(r.source_id, 0) AS predictor_source_id
FROM reporting_summary.predictor_record r
LEFT JOIN actor a ON a.id = r.actor_id
LEFT JOIN source s ON s.id = r.source_id
LEFT JOIN (
    -- Overdue depends on today: counted from the partial index on open predictions' deadlines.
    SELECT coalesce(predictor_actor_id, 0) AS actor_id,
           CASE WHEN predictor_actor_id IS NULL THEN coalesce(predictor_source_id, 0) ELSE 0 END AS source_id,
           count(*) AS overdue
    FROM prediction WHERE status = 'open' AND resolve_by < current_date
    GROUP BY 1, 2
) o ON o.actor_id = r.actor_id AND o.source_id = r.source_id
WHERE r.total > 0
ORDER BY brier_score NULLS LAST, total DESC, predictor;
