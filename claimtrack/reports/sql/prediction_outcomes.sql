-- reporting.prediction_outcomes as the database holds it at head. To change it: a new revision, then this file
-- (docs/reports.md, "Changing a view or adding a total").
CREATE OR REPLACE VIEW reporting.prediction_outcomes AS
SELECT
    p.id AS prediction_id,
    p.statement,
    coalesce(pa.name, ps.title, '(unattributed)') AS predictor,
    CASE WHEN pa.id IS NOT NULL THEN 'actor' WHEN ps.id IS NOT NULL THEN 'source' ELSE 'unattributed' END
        AS predictor_kind,
    p.status,
    p.made_on,
    p.resolve_by,
    p.resolved_on,
    p.probability,
    p.likelihood,
    p.confidence,
    p.criteria,
    CASE p.status WHEN 'confirmed' THEN 1 WHEN 'refuted' THEN 0 END AS outcome,
    (p.status = 'open' AND p.resolve_by < current_date) AS overdue,
    -- PostgreSQL refuses a square too small for float8 (below 1e-308) rather than round it to 0.
    CASE WHEN p.status IN ('confirmed', 'refuted')
        THEN CASE WHEN abs(p.probability - (p.status = 'confirmed')::int) < 1e-150 THEN 0
                  ELSE (p.probability - (p.status = 'confirmed')::int) ^ 2 END
        END AS squared_error,
    -- greatest() skips nulls, hence the explicit test; 0 - ln(1) is 0 where -ln(1) is -0.
    CASE WHEN p.status IN ('confirmed', 'refuted') AND p.probability IS NOT NULL
        THEN 0 - ln(greatest(CASE WHEN p.status = 'confirmed' THEN p.probability ELSE 1 - p.probability END, 0.001))
        END AS log_loss,
    CASE WHEN p.probability IS NOT NULL THEN least(floor(p.probability::numeric * 10)::int, 9) END
        AS calibration_bin,
    ARRAY(SELECT DISTINCT x.actor FROM reporting.prediction_actors x WHERE x.prediction_id = p.id ORDER BY x.actor)
        AS actors,
    ARRAY(SELECT t.name FROM prediction_tag pt JOIN tag t ON t.id = pt.tag_id
          WHERE pt.prediction_id = p.id ORDER BY t.name) AS tags,
    ps.title AS predictor_source,
    p.predictor_actor_id,
    p.predictor_source_id,
    p.claim_id,
    p.recorded_by
FROM prediction p
LEFT JOIN actor pa ON pa.id = p.predictor_actor_id
LEFT JOIN source ps ON ps.id = p.predictor_source_id;
