"""Scores per forecaster, the Murphy decomposition of calibration, and credit to the sources forecasts cite

Revision ID: 20261204_0012
Revises: 20261204_0011
Create Date: 2026-12-04 23:00:00

Views over reporting.forecast_scores (20261204_0010) and the forecasts; docs/reports.md gives the
formulas and an example of each, domain/scoring.py computes the same in Python.
- forecaster_scoreboard: per forecaster, the predictions scored and the means of their
  time-averaged Brier, baseline, peer and relative Brier scores and coverage. A view takes no
  parameter: --tag reads forecaster_scoreboard_by_tag (one row per forecaster and tag), --since
  forecaster_scoreboard_since (one row per forecaster and made-on date, over the predictions made
  on or after it; --since D picks the row with made_after < D <= made_from).
- calibration_summary: over each forecaster's forecast standing at the resolution of a prediction
  confirmed or refuted, the Murphy decomposition in the calibration report's bins (reliability,
  resolution, uncertainty, and their Brier = reliability - resolution + uncertainty) beside the
  mean Brier, and discrimination (mean forecast on confirmed minus on refuted); overall (tag NULL)
  and per tag.
- source_forecast_value: per source a forecast cites (a claim cited counts for its sources), the
  change in log score ln(p_after / p_before) each citing forecast brought once its prediction was
  confirmed or refuted, p the probability given to what happened and p_before the same
  forecaster's previous forecast; a forecaster's first forecast has no before and is not scored.

Nothing is stored: the downgrade drops the views.
"""

from __future__ import annotations

from alembic import op

revision = "20261204_0012"
down_revision = "20261204_0011"
branch_labels = None
depends_on = None

# The current definitions are in claimtrack/reports/sql/<view>.sql.
VIEWS = r"""
CREATE VIEW reporting.forecaster_scoreboard AS
SELECT
    x.forecaster,
    x.forecaster_kind,
    count(*) AS predictions,
    avg(x.time_averaged_brier) AS time_averaged_brier,
    avg(x.baseline_score) AS baseline_score,
    avg(x.peer_score) AS peer_score,
    avg(x.relative_brier) AS relative_brier,
    avg(x.coverage)::float8 AS coverage,
    x.forecaster_actor_id,
    x.forecaster_source_id
FROM reporting.forecast_scores x
GROUP BY x.forecaster_actor_id, x.forecaster_source_id, x.forecaster, x.forecaster_kind;
COMMENT ON VIEW reporting.forecaster_scoreboard IS 'Per forecaster, over reporting.forecast_scores: predictions scored, mean time-averaged Brier, baseline, peer and relative Brier, mean coverage.';

CREATE VIEW reporting.forecaster_scoreboard_by_tag AS
SELECT
    t.tag,
    x.forecaster,
    x.forecaster_kind,
    count(*) AS predictions,
    avg(x.time_averaged_brier) AS time_averaged_brier,
    avg(x.baseline_score) AS baseline_score,
    avg(x.peer_score) AS peer_score,
    avg(x.relative_brier) AS relative_brier,
    avg(x.coverage)::float8 AS coverage,
    x.forecaster_actor_id,
    x.forecaster_source_id
FROM reporting.forecast_scores x
CROSS JOIN LATERAL unnest(x.tags) AS t(tag)
GROUP BY t.tag, x.forecaster_actor_id, x.forecaster_source_id, x.forecaster, x.forecaster_kind;
COMMENT ON VIEW reporting.forecaster_scoreboard_by_tag IS 'The forecaster scoreboard per tag, over the predictions that carry it.';

CREATE VIEW reporting.forecaster_scoreboard_since AS
WITH daily AS (
    SELECT x.forecaster_actor_id, x.forecaster_source_id, x.forecaster, x.forecaster_kind, x.made_on,
           count(*) AS predictions,
           sum(x.time_averaged_brier) AS brier,
           sum(x.baseline_score) AS baseline,
           sum(x.peer_score) AS peer,
           sum(x.relative_brier) AS relative,
           sum(x.coverage) AS coverage
    FROM reporting.forecast_scores x
    GROUP BY x.forecaster_actor_id, x.forecaster_source_id, x.forecaster, x.forecaster_kind, x.made_on
),
onward AS (
    -- Each date's sums with every later date's: the predictions made on or after it.
    SELECT d.forecaster_actor_id, d.forecaster_source_id, d.forecaster, d.forecaster_kind,
           d.made_on AS made_from,
           lead(d.made_on) OVER later_first AS made_after,
           (sum(d.predictions) OVER later_first_so_far)::bigint AS predictions,
           sum(d.brier) OVER later_first_so_far AS brier,
           sum(d.baseline) OVER later_first_so_far AS baseline,
           sum(d.peer) OVER later_first_so_far AS peer,
           sum(d.relative) OVER later_first_so_far AS relative,
           sum(d.coverage) OVER later_first_so_far AS coverage
    FROM daily d
    WINDOW later_first AS (PARTITION BY d.forecaster_actor_id, d.forecaster_source_id ORDER BY d.made_on DESC),
           later_first_so_far AS (later_first ROWS UNBOUNDED PRECEDING)
)
SELECT
    o.forecaster,
    o.forecaster_kind,
    o.predictions,
    o.brier / o.predictions AS time_averaged_brier,
    o.baseline / o.predictions AS baseline_score,
    o.peer / o.predictions AS peer_score,
    o.relative / o.predictions AS relative_brier,
    (o.coverage / o.predictions)::float8 AS coverage,
    o.forecaster_actor_id,
    o.forecaster_source_id,
    o.made_from,
    o.made_after
FROM onward o;
COMMENT ON VIEW reporting.forecaster_scoreboard_since IS 'The forecaster scoreboard over the predictions made on or after made_from (the --since filter: made_after < D <= made_from).';

CREATE VIEW reporting.calibration_summary AS
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
COMMENT ON VIEW reporting.calibration_summary IS 'Murphy decomposition of the Brier score of the forecasts standing at resolution (bins of width 0.1): reliability, resolution, uncertainty, their Brier, discrimination; overall (tag NULL) and per tag.';

CREATE VIEW reporting.source_forecast_value AS
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
COMMENT ON VIEW reporting.source_forecast_value IS 'Per source cited by forecasts (directly or through a claim): the change in log score those forecasts brought, once their prediction was confirmed or refuted.';
"""

DOWNGRADE = r"""
DROP VIEW reporting.source_forecast_value;
DROP VIEW reporting.calibration_summary;
DROP VIEW reporting.forecaster_scoreboard_since;
DROP VIEW reporting.forecaster_scoreboard_by_tag;
DROP VIEW reporting.forecaster_scoreboard;
"""


def upgrade() -> None:
    op.execute(VIEWS)


def downgrade() -> None:
    op.execute(DOWNGRADE)
