"""The forecast scores kept by triggers: every score view reads totals made ahead, not the tables

Revision ID: 20261208_0017
Revises: 20261208_0016
Create Date: 2026-12-08 02:00:00

reporting.forecast_scores and the views over it (20261204_0010, 0012, 20261208_0015) computed every
forecaster's scores from the forecasts on each read: seconds at a million forecasts. A resolved
prediction takes no more forecasts and forecasts are append-only, so a forecaster's scores on a
prediction change only when it is resolved, reopened or redated, when a tag is put on or taken off
it, or when a merge moves a forecaster; what a citation credits, also when a claim's sources change
or a source is merged. So they are stored then, in reporting_summary, by triggers of their own:
- forecaster_prediction_score: per prediction confirmed or refuted and forecaster, the row of
  forecast_scores (but the names and tags, read when shown), and the tag ids it is counted under;
- forecaster_total, forecaster_tag_total, forecaster_day_total and forecaster_tag_day_total: its
  sums per forecaster, per tag and forecaster, per forecaster and made-on date (with the date
  before, made_after, so that --since finds its row by index), and per tag, forecaster and date;
- calibration_bin_total (per scope, 0 for every prediction or a tag id, and bin of width 0.1: n,
  Σp, Σo, Σp², Σpo: the Murphy decomposition) and calibration_scope_total (the predictions);
- forecast_citation (per citing forecast and the source it credits) and source_forecast_total.
One function recomputes a set of predictions' scores (forecast_scores_refresh, with the SQL of
forecast_scores as 0010 defined it, narrowed to them) and one a set of citing forecasts'
(forecast_citations_refresh, with source_forecast_value's of 0012): each takes their rows out of
the totals, recomputes and adds them back, so the totals never drift from a recomputation. Both
lock the predictions first, in id order, so that a resolution, a forecast, a tag and a merge on one
prediction take turns. The triggers run once per statement: a COPY of a million forecasts (the
import) scores their predictions in one pass. Sums are decimals, as 0003's are.

reporting_summary.rebuild() rebuilds these too: 0016's becomes rebuild_0016(), which the new one
calls first, then rebuild_forecast_scores(); TRUNCATE of a table 0003 counts rebuilds (forecast and
forecast_evidence refuse TRUNCATE). The seven views keep their columns, names and meaning; the
scoreboards' means are now the decimal sums over the count (equal to the float means but for the
last digits).
"""

from __future__ import annotations

from alembic import op

revision = "20261208_0017"
down_revision = "20261208_0016"
branch_labels = None
depends_on = None

UPGRADE = r"""
-- Per forecaster and prediction confirmed or refuted: its row of reporting.forecast_scores, stored
-- when the prediction is resolved (forecaster: the actor's id, or minus the source's).
CREATE TABLE reporting_summary.forecaster_prediction_score (
    prediction_id bigint NOT NULL,
    actor_id bigint,
    source_id bigint,
    forecaster bigint GENERATED ALWAYS AS (coalesce(actor_id, -source_id)) STORED,
    made_on date NOT NULL,
    resolved_on date NOT NULL,
    outcome integer NOT NULL,
    forecasts bigint NOT NULL,
    first_forecast_on date NOT NULL,
    final_probability double precision,
    final_brier double precision,
    final_log_score double precision,
    covered_days bigint NOT NULL,
    coverage double precision,
    time_averaged_brier double precision,
    baseline_score double precision,
    peer_score double precision,
    relative_brier double precision,
    forecasters bigint NOT NULL,
    tag_ids bigint[] NOT NULL,
    CONSTRAINT pk_forecaster_prediction_score PRIMARY KEY (prediction_id, forecaster)
);
CREATE INDEX ix_forecaster_prediction_score_actor ON reporting_summary.forecaster_prediction_score (actor_id, prediction_id) WHERE actor_id IS NOT NULL;
COMMENT ON TABLE reporting_summary.forecaster_prediction_score IS 'Per forecaster and prediction confirmed or refuted, its scores (reporting.forecast_scores), stored when it is resolved; tag_ids: the tags the totals counted it under.';

-- Running totals of those rows: per forecaster; per tag and forecaster; per forecaster and the
-- prediction's made-on date, and per tag, forecaster and date (made_after: the forecaster's
-- previous date there, for --since). Sums as decimals, so that a resolution taken back leaves nothing.
CREATE TABLE reporting_summary.forecaster_total (
    forecaster bigint PRIMARY KEY,
    predictions bigint NOT NULL DEFAULT 0,
    brier numeric NOT NULL DEFAULT 0,
    baseline numeric NOT NULL DEFAULT 0,
    peer numeric NOT NULL DEFAULT 0,
    relative numeric NOT NULL DEFAULT 0,
    coverage numeric NOT NULL DEFAULT 0
);
CREATE TABLE reporting_summary.forecaster_tag_total (
    tag_id bigint NOT NULL,
    forecaster bigint NOT NULL,
    predictions bigint NOT NULL DEFAULT 0,
    brier numeric NOT NULL DEFAULT 0,
    baseline numeric NOT NULL DEFAULT 0,
    peer numeric NOT NULL DEFAULT 0,
    relative numeric NOT NULL DEFAULT 0,
    coverage numeric NOT NULL DEFAULT 0,
    PRIMARY KEY (tag_id, forecaster)
);
CREATE TABLE reporting_summary.forecaster_day_total (
    forecaster bigint NOT NULL,
    made_on date NOT NULL,
    made_after date,
    predictions bigint NOT NULL DEFAULT 0,
    brier numeric NOT NULL DEFAULT 0,
    baseline numeric NOT NULL DEFAULT 0,
    peer numeric NOT NULL DEFAULT 0,
    relative numeric NOT NULL DEFAULT 0,
    coverage numeric NOT NULL DEFAULT 0,
    PRIMARY KEY (forecaster, made_on)
);
CREATE INDEX ix_forecaster_day_total_made_on ON reporting_summary.forecaster_day_total (made_on);
CREATE TABLE reporting_summary.forecaster_tag_day_total (
    tag_id bigint NOT NULL,
    forecaster bigint NOT NULL,
    made_on date NOT NULL,
    made_after date,
    predictions bigint NOT NULL DEFAULT 0,
    brier numeric NOT NULL DEFAULT 0,
    baseline numeric NOT NULL DEFAULT 0,
    peer numeric NOT NULL DEFAULT 0,
    relative numeric NOT NULL DEFAULT 0,
    coverage numeric NOT NULL DEFAULT 0,
    PRIMARY KEY (tag_id, forecaster, made_on)
);
CREATE INDEX ix_forecaster_tag_day_total_made_on ON reporting_summary.forecaster_tag_day_total (tag_id, made_on);
-- Per scope (0: every prediction; else a tag's id) and probability bin of the final forecasts: n,
-- Σp, Σo, Σp², Σpo (the Murphy decomposition); and per scope, the predictions counted.
CREATE TABLE reporting_summary.calibration_bin_total (
    scope bigint NOT NULL,
    bin integer NOT NULL,
    n bigint NOT NULL DEFAULT 0,
    sum_p numeric NOT NULL DEFAULT 0,
    sum_o bigint NOT NULL DEFAULT 0,
    sum_pp numeric NOT NULL DEFAULT 0,
    sum_po numeric NOT NULL DEFAULT 0,
    PRIMARY KEY (scope, bin)
);
CREATE TABLE reporting_summary.calibration_scope_total (
    scope bigint PRIMARY KEY,
    predictions bigint NOT NULL DEFAULT 0
);
-- Per forecast citing evidence and source it credits: what reporting.source_forecast_value counts
-- of it; and per source, the totals.
CREATE TABLE reporting_summary.forecast_citation (
    forecast_id bigint NOT NULL,
    source_id bigint NOT NULL,
    decided boolean NOT NULL,
    given_after double precision NOT NULL,
    given_before double precision
);
CREATE INDEX ix_forecast_citation_forecast ON reporting_summary.forecast_citation (forecast_id);
CREATE TABLE reporting_summary.source_forecast_total (
    source_id bigint PRIMARY KEY,
    citing bigint NOT NULL DEFAULT 0,
    decided bigint NOT NULL DEFAULT 0,
    scored bigint NOT NULL DEFAULT 0,
    toward bigint NOT NULL DEFAULT 0,
    away bigint NOT NULL DEFAULT 0,
    gain numeric NOT NULL DEFAULT 0
);
CREATE INDEX ix_source_forecast_total_order ON reporting_summary.source_forecast_total ((CASE WHEN scored > 0 THEN gain::float8 END) DESC NULLS LAST, citing DESC) WHERE citing > 0;
COMMENT ON TABLE reporting_summary.forecaster_total IS 'Per forecaster (actor id, or minus the source id): the sums of forecast_scores (forecaster_scoreboard).';
COMMENT ON TABLE reporting_summary.forecaster_tag_total IS 'Per tag and forecaster: the sums of forecast_scores (forecaster_scoreboard_by_tag).';
COMMENT ON TABLE reporting_summary.forecaster_day_total IS 'Per forecaster and made-on date of their predictions: the sums of forecast_scores; made_after, the date before (forecaster_scoreboard_since).';
COMMENT ON TABLE reporting_summary.forecaster_tag_day_total IS 'Per tag, forecaster and made-on date: the sums of forecast_scores; made_after, the date before (forecaster_scoreboard_by_tag_since).';
COMMENT ON TABLE reporting_summary.calibration_bin_total IS 'Per scope (0 every prediction, else a tag id) and bin of width 0.1 of the final forecasts: n, Σp, Σo, Σp², Σpo (calibration_summary).';
COMMENT ON TABLE reporting_summary.calibration_scope_total IS 'Per scope of calibration_summary: the predictions its forecasts are on.';
COMMENT ON TABLE reporting_summary.forecast_citation IS 'Per forecast citing evidence and source it credits: whether its prediction is decided, the probability given to what happened after and before (source_forecast_value).';
COMMENT ON TABLE reporting_summary.source_forecast_total IS 'Per source cited by forecasts: the totals of source_forecast_value.';

-- The rows of `predictions` (ids), added to the totals (sign 1) or taken from them (-1).
CREATE FUNCTION reporting_summary.forecast_score_totals(for_predictions bigint[], sign integer) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '128MB' AS $fn$
BEGIN
    INSERT INTO reporting_summary.forecaster_total AS t (forecaster, predictions, brier, baseline, peer, relative, coverage)
    SELECT c.forecaster, sign * count(*), sign * sum(c.time_averaged_brier::numeric), sign * sum(c.baseline_score::numeric),
           sign * sum(c.peer_score::numeric), sign * sum(c.relative_brier::numeric), sign * sum(c.coverage::numeric)
    FROM reporting_summary.forecaster_prediction_score c JOIN unnest(for_predictions) k(id) ON c.prediction_id = k.id
    GROUP BY 1 ORDER BY 1
    ON CONFLICT (forecaster) DO UPDATE SET predictions = t.predictions + EXCLUDED.predictions, brier = t.brier + EXCLUDED.brier,
        baseline = t.baseline + EXCLUDED.baseline, peer = t.peer + EXCLUDED.peer, relative = t.relative + EXCLUDED.relative,
        coverage = t.coverage + EXCLUDED.coverage;
    INSERT INTO reporting_summary.forecaster_tag_total AS t (tag_id, forecaster, predictions, brier, baseline, peer, relative, coverage)
    SELECT g.tag_id, c.forecaster, sign * count(*), sign * sum(c.time_averaged_brier::numeric), sign * sum(c.baseline_score::numeric),
           sign * sum(c.peer_score::numeric), sign * sum(c.relative_brier::numeric), sign * sum(c.coverage::numeric)
    FROM reporting_summary.forecaster_prediction_score c JOIN unnest(for_predictions) k(id) ON c.prediction_id = k.id
    CROSS JOIN LATERAL unnest(c.tag_ids) g(tag_id)
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (tag_id, forecaster) DO UPDATE SET predictions = t.predictions + EXCLUDED.predictions, brier = t.brier + EXCLUDED.brier,
        baseline = t.baseline + EXCLUDED.baseline, peer = t.peer + EXCLUDED.peer, relative = t.relative + EXCLUDED.relative,
        coverage = t.coverage + EXCLUDED.coverage;
    INSERT INTO reporting_summary.forecaster_day_total AS t (forecaster, made_on, predictions, brier, baseline, peer, relative, coverage)
    SELECT c.forecaster, c.made_on, sign * count(*), sign * sum(c.time_averaged_brier::numeric), sign * sum(c.baseline_score::numeric),
           sign * sum(c.peer_score::numeric), sign * sum(c.relative_brier::numeric), sign * sum(c.coverage::numeric)
    FROM reporting_summary.forecaster_prediction_score c JOIN unnest(for_predictions) k(id) ON c.prediction_id = k.id
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (forecaster, made_on) DO UPDATE SET predictions = t.predictions + EXCLUDED.predictions, brier = t.brier + EXCLUDED.brier,
        baseline = t.baseline + EXCLUDED.baseline, peer = t.peer + EXCLUDED.peer, relative = t.relative + EXCLUDED.relative,
        coverage = t.coverage + EXCLUDED.coverage;
    INSERT INTO reporting_summary.forecaster_tag_day_total AS t (tag_id, forecaster, made_on, predictions, brier, baseline, peer, relative, coverage)
    SELECT g.tag_id, c.forecaster, c.made_on, sign * count(*), sign * sum(c.time_averaged_brier::numeric), sign * sum(c.baseline_score::numeric),
           sign * sum(c.peer_score::numeric), sign * sum(c.relative_brier::numeric), sign * sum(c.coverage::numeric)
    FROM reporting_summary.forecaster_prediction_score c JOIN unnest(for_predictions) k(id) ON c.prediction_id = k.id
    CROSS JOIN LATERAL unnest(c.tag_ids) g(tag_id)
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (tag_id, forecaster, made_on) DO UPDATE SET predictions = t.predictions + EXCLUDED.predictions, brier = t.brier + EXCLUDED.brier,
        baseline = t.baseline + EXCLUDED.baseline, peer = t.peer + EXCLUDED.peer, relative = t.relative + EXCLUDED.relative,
        coverage = t.coverage + EXCLUDED.coverage;
    INSERT INTO reporting_summary.calibration_bin_total AS t (scope, bin, n, sum_p, sum_o, sum_pp, sum_po)
    SELECT g.scope, least(floor(c.final_probability::numeric * 10)::int, 9), sign * count(*), sign * sum(c.final_probability::numeric),
           sign * sum(c.outcome), sign * sum(c.final_probability::numeric ^ 2), sign * sum(c.final_probability::numeric * c.outcome)
    FROM reporting_summary.forecaster_prediction_score c JOIN unnest(for_predictions) k(id) ON c.prediction_id = k.id
    CROSS JOIN LATERAL unnest(array_prepend(0::bigint, c.tag_ids)) g(scope)
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (scope, bin) DO UPDATE SET n = t.n + EXCLUDED.n, sum_p = t.sum_p + EXCLUDED.sum_p, sum_o = t.sum_o + EXCLUDED.sum_o,
        sum_pp = t.sum_pp + EXCLUDED.sum_pp, sum_po = t.sum_po + EXCLUDED.sum_po;
    INSERT INTO reporting_summary.calibration_scope_total AS t (scope, predictions)
    SELECT g.scope, sign * count(DISTINCT c.prediction_id)
    FROM reporting_summary.forecaster_prediction_score c JOIN unnest(for_predictions) k(id) ON c.prediction_id = k.id
    CROSS JOIN LATERAL unnest(array_prepend(0::bigint, c.tag_ids)) g(scope)
    GROUP BY 1 ORDER BY 1
    ON CONFLICT (scope) DO UPDATE SET predictions = t.predictions + EXCLUDED.predictions;
END
$fn$;

-- The dates a change of totals touched (forecaster, made-on; and per tag): a date left with no
-- prediction goes, and the dates after a date that came or went learn their new made_after.
CREATE FUNCTION reporting_summary.forecaster_days_settle(touched_forecasters bigint[], touched_days date[], touched_tags bigint[], touched_tag_forecasters bigint[], touched_tag_days date[]) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '128MB' AS $fn$
BEGIN
    DELETE FROM reporting_summary.forecaster_day_total d USING unnest(touched_forecasters, touched_days) a(forecaster, made_on)
    WHERE d.forecaster = a.forecaster AND d.made_on = a.made_on AND d.predictions = 0;
    UPDATE reporting_summary.forecaster_day_total d
    SET made_after = (SELECT max(p.made_on) FROM reporting_summary.forecaster_day_total p WHERE p.forecaster = d.forecaster AND p.made_on < d.made_on)
    FROM (SELECT DISTINCT x.forecaster, x.made_on FROM (
            SELECT a.forecaster, a.made_on FROM unnest(touched_forecasters, touched_days) a(forecaster, made_on)
            UNION ALL
            SELECT a.forecaster, (SELECT min(n.made_on) FROM reporting_summary.forecaster_day_total n WHERE n.forecaster = a.forecaster AND n.made_on > a.made_on)
            FROM unnest(touched_forecasters, touched_days) a(forecaster, made_on)) x) a
    WHERE d.forecaster = a.forecaster AND d.made_on = a.made_on
      AND d.made_after IS DISTINCT FROM (SELECT max(p.made_on) FROM reporting_summary.forecaster_day_total p WHERE p.forecaster = d.forecaster AND p.made_on < d.made_on);
    DELETE FROM reporting_summary.forecaster_tag_day_total d USING unnest(touched_tags, touched_tag_forecasters, touched_tag_days) a(tag_id, forecaster, made_on)
    WHERE d.tag_id = a.tag_id AND d.forecaster = a.forecaster AND d.made_on = a.made_on AND d.predictions = 0;
    UPDATE reporting_summary.forecaster_tag_day_total d
    SET made_after = (SELECT max(p.made_on) FROM reporting_summary.forecaster_tag_day_total p WHERE p.tag_id = d.tag_id AND p.forecaster = d.forecaster AND p.made_on < d.made_on)
    FROM (SELECT DISTINCT x.tag_id, x.forecaster, x.made_on FROM (
            SELECT a.tag_id, a.forecaster, a.made_on FROM unnest(touched_tags, touched_tag_forecasters, touched_tag_days) a(tag_id, forecaster, made_on)
            UNION ALL
            SELECT a.tag_id, a.forecaster, (SELECT min(n.made_on) FROM reporting_summary.forecaster_tag_day_total n
                                            WHERE n.tag_id = a.tag_id AND n.forecaster = a.forecaster AND n.made_on > a.made_on)
            FROM unnest(touched_tags, touched_tag_forecasters, touched_tag_days) a(tag_id, forecaster, made_on)) x) a
    WHERE d.tag_id = a.tag_id AND d.forecaster = a.forecaster AND d.made_on = a.made_on
      AND d.made_after IS DISTINCT FROM (SELECT max(p.made_on) FROM reporting_summary.forecaster_tag_day_total p
                                         WHERE p.tag_id = d.tag_id AND p.forecaster = d.forecaster AND p.made_on < d.made_on);
END
$fn$;

-- The scores of `predictions` (ids) recomputed from the tables: their rows taken out of the totals,
-- replaced by what reporting.forecast_scores as 20261204_0010 defined it computes for them (a
-- prediction not confirmed or refuted has none), and those added. The predictions are locked first,
-- in id order, so that a resolution, a forecast, a tag and a merge on one prediction take turns.
CREATE FUNCTION reporting_summary.forecast_scores_refresh(for_predictions bigint[]) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '128MB' AS $fn$
DECLARE
    ids bigint[];
    day_forecasters bigint[];
    day_dates date[];
    tag_list bigint[];
    tag_forecasters bigint[];
    tag_dates date[];
BEGIN
    SELECT array_agg(p.id ORDER BY p.id) INTO ids
    FROM (SELECT p.id FROM prediction p JOIN (SELECT DISTINCT k.id FROM unnest(for_predictions) k(id)) k ON k.id = p.id ORDER BY p.id FOR NO KEY UPDATE OF p) p;
    IF ids IS NULL THEN
        RETURN;
    END IF;
    SELECT array_agg(c.forecaster), array_agg(c.made_on) INTO day_forecasters, day_dates
    FROM reporting_summary.forecaster_prediction_score c JOIN unnest(ids) k(id) ON c.prediction_id = k.id;
    SELECT array_agg(g.tag_id), array_agg(c.forecaster), array_agg(c.made_on) INTO tag_list, tag_forecasters, tag_dates
    FROM reporting_summary.forecaster_prediction_score c JOIN unnest(ids) k(id) ON c.prediction_id = k.id
    CROSS JOIN LATERAL unnest(c.tag_ids) g(tag_id);
    PERFORM reporting_summary.forecast_score_totals(ids, -1);
    DELETE FROM reporting_summary.forecaster_prediction_score c USING unnest(ids) k(id) WHERE c.prediction_id = k.id;
    INSERT INTO reporting_summary.forecaster_prediction_score (prediction_id, actor_id, source_id, made_on, resolved_on, outcome, forecasts,
        first_forecast_on, final_probability, final_brier, final_log_score, covered_days, coverage, time_averaged_brier, baseline_score,
        peer_score, relative_brier, forecasters, tag_ids)
    WITH stood AS (
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
            CASE WHEN abs(f.probability - (p.status = 'confirmed')::int) < 1e-150 THEN 0
                 ELSE (f.probability - (p.status = 'confirmed')::int) ^ 2 END AS brier,
            greatest(CASE WHEN p.status = 'confirmed' THEN f.probability ELSE 1 - f.probability END, 0.001) AS given
        FROM unnest(ids) k(id)
        JOIN prediction p ON p.id = k.id
        JOIN forecast f ON f.prediction_id = p.id
        WHERE p.status IN ('confirmed', 'refuted')
        WINDOW forecaster AS (PARTITION BY f.prediction_id, f.actor_id, f.source_id ORDER BY f.made_on, f.id),
               forecaster_newest_first AS (PARTITION BY f.prediction_id, f.actor_id, f.source_id ORDER BY f.made_on DESC, f.id DESC)
    ),
    piece AS (
        SELECT b.prediction_id, b.starts,
               coalesce(lead(b.starts) OVER (PARTITION BY b.prediction_id ORDER BY b.starts), b.resolved_on) AS ends
        FROM (SELECT DISTINCT s.prediction_id, s.starts, s.resolved_on FROM stood s) b
    ),
    standing AS (
        SELECT s.id, g.ends - g.starts AS days,
               count(*) OVER same_piece AS forecasters,
               avg(ln(s.given)) OVER same_piece AS mean_ln_given
        FROM piece g
        JOIN stood s ON s.prediction_id = g.prediction_id AND s.starts <= g.starts AND g.starts < s.ends
        WHERE g.ends > g.starts
        WINDOW same_piece AS (PARTITION BY g.prediction_id, g.starts)
    ),
    at_resolution AS (
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
        SELECT x.*,
               coalesce(x.averaged_brier, x.final_brier) AS brier,
               coalesce(x.averaged_baseline, x.final_baseline) AS baseline,
               coalesce(x.averaged_peer, x.final_peer) AS peer
        FROM per_forecaster x
    )
    SELECT
        x.prediction_id,
        x.actor_id,
        x.source_id,
        x.opened_on,
        x.resolved_on,
        x.outcome,
        x.forecasts,
        x.first_forecast_on,
        x.final_probability,
        x.final_brier::float8,
        x.final_log_score::float8,
        x.covered_days,
        CASE WHEN x.resolved_on = x.opened_on THEN 1.0 ELSE x.covered_days::float8 / (x.resolved_on - x.opened_on) END,
        x.brier::float8,
        x.baseline::float8,
        x.peer::float8,
        (x.brier - m.median_brier)::float8,
        m.forecasters,
        ARRAY(SELECT pt.tag_id FROM prediction_tag pt WHERE pt.prediction_id = x.prediction_id ORDER BY pt.tag_id)
    FROM scored x
    JOIN (
        SELECT prediction_id, count(*) AS forecasters, percentile_cont(0.5) WITHIN GROUP (ORDER BY brier) AS median_brier
        FROM scored GROUP BY prediction_id
    ) m ON m.prediction_id = x.prediction_id
    ORDER BY x.prediction_id;
    PERFORM reporting_summary.forecast_score_totals(ids, 1);
    SELECT coalesce(day_forecasters, '{}') || coalesce(array_agg(c.forecaster), '{}'), coalesce(day_dates, '{}') || coalesce(array_agg(c.made_on), '{}')
    INTO day_forecasters, day_dates
    FROM reporting_summary.forecaster_prediction_score c JOIN unnest(ids) k(id) ON c.prediction_id = k.id;
    SELECT coalesce(tag_list, '{}') || coalesce(array_agg(g.tag_id), '{}'), coalesce(tag_forecasters, '{}') || coalesce(array_agg(c.forecaster), '{}'),
           coalesce(tag_dates, '{}') || coalesce(array_agg(c.made_on), '{}')
    INTO tag_list, tag_forecasters, tag_dates
    FROM reporting_summary.forecaster_prediction_score c JOIN unnest(ids) k(id) ON c.prediction_id = k.id
    CROSS JOIN LATERAL unnest(c.tag_ids) g(tag_id);
    PERFORM reporting_summary.forecaster_days_settle(day_forecasters, day_dates, tag_list, tag_forecasters, tag_dates);
END
$fn$;

-- The citations of `forecasts` (ids) recomputed as reporting.source_forecast_value as
-- 20261204_0012 defined it counts them, and their sources' totals moved by the difference.
CREATE FUNCTION reporting_summary.forecast_citations_refresh(for_forecasts bigint[]) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '128MB' AS $fn$
DECLARE
    ids bigint[];
BEGIN
    SELECT array_agg(DISTINCT k.id) INTO ids FROM unnest(for_forecasts) k(id) WHERE k.id IS NOT NULL;
    IF ids IS NULL THEN
        RETURN;
    END IF;
    -- Their predictions first, in id order, as forecast_scores_refresh takes them.
    PERFORM FROM prediction p WHERE p.id IN (SELECT f.prediction_id FROM forecast f JOIN unnest(ids) k(id) ON f.id = k.id)
    ORDER BY p.id FOR NO KEY UPDATE;
    WITH gone AS (
        DELETE FROM reporting_summary.forecast_citation c USING unnest(ids) k(id) WHERE c.forecast_id = k.id
        RETURNING c.source_id, c.decided, c.given_after, c.given_before
    )
    INSERT INTO reporting_summary.source_forecast_total AS t (source_id, citing, decided, scored, toward, away, gain)
    SELECT g.source_id, -count(*), -count(*) FILTER (WHERE g.decided), -count(*) FILTER (WHERE g.decided AND g.given_before IS NOT NULL),
           -count(*) FILTER (WHERE g.decided AND g.given_after > g.given_before), -count(*) FILTER (WHERE g.decided AND g.given_after < g.given_before),
           -coalesce(sum(ln(g.given_after / g.given_before)::numeric) FILTER (WHERE g.decided), 0)
    FROM gone g GROUP BY 1 ORDER BY 1
    ON CONFLICT (source_id) DO UPDATE SET citing = t.citing + EXCLUDED.citing, decided = t.decided + EXCLUDED.decided,
        scored = t.scored + EXCLUDED.scored, toward = t.toward + EXCLUDED.toward, away = t.away + EXCLUDED.away, gain = t.gain + EXCLUDED.gain;
    WITH cited AS (
        SELECT DISTINCT e.forecast_id, coalesce(s.merged_into_id, s.id) AS source_id
        FROM unnest(ids) k(id)
        JOIN forecast_evidence e ON e.forecast_id = k.id
        LEFT JOIN claim_source cs ON cs.claim_id = e.claim_id
        JOIN source s ON s.id = coalesce(e.source_id, cs.source_id)
    ),
    moved AS (
        SELECT f.id,
               p.status IN ('confirmed', 'refuted') AS decided,
               greatest(CASE WHEN p.status = 'confirmed' THEN f.probability ELSE 1 - f.probability END, 0.001) AS given_after,
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
    added AS (
        INSERT INTO reporting_summary.forecast_citation (forecast_id, source_id, decided, given_after, given_before)
        SELECT c.forecast_id, c.source_id, m.decided, m.given_after, m.given_before
        FROM cited c JOIN moved m ON m.id = c.forecast_id
        ORDER BY c.forecast_id, c.source_id
        RETURNING source_id, decided, given_after, given_before
    )
    INSERT INTO reporting_summary.source_forecast_total AS t (source_id, citing, decided, scored, toward, away, gain)
    SELECT g.source_id, count(*), count(*) FILTER (WHERE g.decided), count(*) FILTER (WHERE g.decided AND g.given_before IS NOT NULL),
           count(*) FILTER (WHERE g.decided AND g.given_after > g.given_before), count(*) FILTER (WHERE g.decided AND g.given_after < g.given_before),
           coalesce(sum(ln(g.given_after / g.given_before)::numeric) FILTER (WHERE g.decided), 0)
    FROM added g GROUP BY 1 ORDER BY 1
    ON CONFLICT (source_id) DO UPDATE SET citing = t.citing + EXCLUDED.citing, decided = t.decided + EXCLUDED.decided,
        scored = t.scored + EXCLUDED.scored, toward = t.toward + EXCLUDED.toward, away = t.away + EXCLUDED.away, gain = t.gain + EXCLUDED.gain;
END
$fn$;

-- Every total of the forecast scores recomputed from the tables (what rebuild() adds to 0016's).
CREATE FUNCTION reporting_summary.rebuild_forecast_scores() RETURNS void LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '128MB' AS $fn$
BEGIN
    TRUNCATE reporting_summary.forecaster_prediction_score, reporting_summary.forecaster_total, reporting_summary.forecaster_tag_total,
        reporting_summary.forecaster_day_total, reporting_summary.forecaster_tag_day_total, reporting_summary.calibration_bin_total,
        reporting_summary.calibration_scope_total, reporting_summary.forecast_citation, reporting_summary.source_forecast_total;
    PERFORM reporting_summary.forecast_scores_refresh(ARRAY(
        SELECT p.id FROM prediction p WHERE p.status IN ('confirmed', 'refuted') AND EXISTS (SELECT FROM forecast f WHERE f.prediction_id = p.id) ORDER BY p.id));
    PERFORM reporting_summary.forecast_citations_refresh(ARRAY(SELECT DISTINCT e.forecast_id FROM forecast_evidence e ORDER BY 1));
END
$fn$;

ALTER FUNCTION reporting_summary.rebuild() RENAME TO rebuild_0016;
CREATE FUNCTION reporting_summary.rebuild() RETURNS void LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp AS $fn$
BEGIN
    PERFORM reporting_summary.rebuild_0016();
    PERFORM reporting_summary.rebuild_forecast_scores();
END
$fn$;
COMMENT ON FUNCTION reporting_summary.rebuild() IS 'Recompute every total of reporting_summary from the tables.';

-- A resolution given, taken back (reopen) or redated, or the prediction's window moved: its scores,
-- and the credit of the forecasts on it that cite evidence.
CREATE FUNCTION reporting_summary.forecast_scores_prediction_update() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '32MB' AS $fn$
DECLARE
    changed bigint[];
BEGIN
    SELECT array_agg(n.id ORDER BY n.id) INTO changed
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.status, n.resolved_on, n.made_on) IS DISTINCT FROM (o.status, o.resolved_on, o.made_on)
      AND (n.status IN ('confirmed', 'refuted') OR o.status IN ('confirmed', 'refuted'));
    IF changed IS NOT NULL THEN
        PERFORM reporting_summary.forecast_scores_refresh(changed);
        PERFORM reporting_summary.forecast_citations_refresh(ARRAY(
            SELECT DISTINCT e.forecast_id FROM forecast f JOIN forecast_evidence e ON e.forecast_id = f.id WHERE f.prediction_id = ANY(changed)));
    END IF;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER summary_forecast_scores_prediction_update AFTER UPDATE ON prediction REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.forecast_scores_prediction_update();

-- Forecasts added (the import brings them to predictions already resolved) or moved to another
-- forecaster by a merge: the scores of the resolved predictions they are on, and the credit of the
-- forecasts citing evidence there (a forecaster's previous forecast may have changed).
CREATE FUNCTION reporting_summary.forecast_scores_forecasts() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '32MB' AS $fn$
DECLARE
    touched bigint[];  -- the predictions the forecasts are (or were) on, whatever their status
    changed bigint[];  -- those of them resolved: their scores change
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT n.prediction_id ORDER BY n.prediction_id) INTO touched FROM new_rows n;
    ELSE
        SELECT array_agg(DISTINCT x.prediction_id ORDER BY x.prediction_id) INTO touched
        FROM (SELECT n.prediction_id FROM new_rows n JOIN old_rows o ON o.id = n.id
              WHERE (n.prediction_id, n.actor_id, n.source_id, n.made_on, n.probability) IS DISTINCT FROM (o.prediction_id, o.actor_id, o.source_id, o.made_on, o.probability)
              UNION SELECT o.prediction_id FROM old_rows o JOIN new_rows n ON n.id = o.id
              WHERE (n.prediction_id, n.actor_id, n.source_id, n.made_on, n.probability) IS DISTINCT FROM (o.prediction_id, o.actor_id, o.source_id, o.made_on, o.probability)) x;
    END IF;
    IF touched IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT array_agg(p.id ORDER BY p.id) INTO changed FROM prediction p
    WHERE p.id = ANY(touched) AND p.status IN ('confirmed', 'refuted');
    IF changed IS NOT NULL THEN
        PERFORM reporting_summary.forecast_scores_refresh(changed);
    END IF;
    -- A citing forecast's previous forecast by its forecaster may have changed on an open
    -- prediction as on a resolved one (a merge moves a forecaster's forecasts).
    PERFORM reporting_summary.forecast_citations_refresh(ARRAY(
        SELECT DISTINCT e.forecast_id FROM forecast f JOIN forecast_evidence e ON e.forecast_id = f.id WHERE f.prediction_id = ANY(touched)
        ORDER BY 1));
    RETURN NULL;
END
$fn$;
CREATE TRIGGER summary_forecast_scores_forecast_insert AFTER INSERT ON forecast REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.forecast_scores_forecasts();
CREATE TRIGGER summary_forecast_scores_forecast_update AFTER UPDATE ON forecast REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.forecast_scores_forecasts();

-- A tag put on a resolved prediction or taken off: its scores count under the tags it now has.
CREATE FUNCTION reporting_summary.forecast_scores_prediction_tags() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '32MB' AS $fn$
DECLARE
    changed bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT c.prediction_id) INTO changed FROM reporting_summary.forecaster_prediction_score c
        WHERE c.prediction_id IN (SELECT n.prediction_id FROM new_rows n);
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT c.prediction_id) INTO changed FROM reporting_summary.forecaster_prediction_score c
        WHERE c.prediction_id IN (SELECT o.prediction_id FROM old_rows o);
    ELSE
        SELECT array_agg(DISTINCT c.prediction_id) INTO changed FROM reporting_summary.forecaster_prediction_score c
        WHERE c.prediction_id IN (SELECT n.prediction_id FROM new_rows n UNION SELECT o.prediction_id FROM old_rows o);
    END IF;
    IF changed IS NOT NULL THEN
        PERFORM reporting_summary.forecast_scores_refresh(changed);
    END IF;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER summary_forecast_scores_tag_insert AFTER INSERT ON prediction_tag REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.forecast_scores_prediction_tags();
CREATE TRIGGER summary_forecast_scores_tag_update AFTER UPDATE ON prediction_tag REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.forecast_scores_prediction_tags();
CREATE TRIGGER summary_forecast_scores_tag_delete AFTER DELETE ON prediction_tag REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.forecast_scores_prediction_tags();

-- Evidence cited by new forecasts.
CREATE FUNCTION reporting_summary.forecast_scores_evidence() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '32MB' AS $fn$
BEGIN
    PERFORM reporting_summary.forecast_citations_refresh(ARRAY(SELECT DISTINCT n.forecast_id FROM new_rows n ORDER BY 1));
    RETURN NULL;
END
$fn$;
CREATE TRIGGER summary_forecast_scores_evidence_insert AFTER INSERT ON forecast_evidence REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.forecast_scores_evidence();

-- A claim's sources changed (cited, uncited, moved by a merge): the forecasts citing the claim
-- credit its sources as they now are.
CREATE FUNCTION reporting_summary.forecast_scores_claim_sources() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '32MB' AS $fn$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM reporting_summary.forecast_citations_refresh(ARRAY(
            SELECT DISTINCT e.forecast_id FROM forecast_evidence e WHERE e.claim_id IN (SELECT n.claim_id FROM new_rows n) ORDER BY 1));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM reporting_summary.forecast_citations_refresh(ARRAY(
            SELECT DISTINCT e.forecast_id FROM forecast_evidence e WHERE e.claim_id IN (SELECT o.claim_id FROM old_rows o) ORDER BY 1));
    ELSE
        PERFORM reporting_summary.forecast_citations_refresh(ARRAY(
            SELECT DISTINCT e.forecast_id FROM forecast_evidence e
            WHERE e.claim_id IN (SELECT g.claim_id FROM (
                      SELECT n.claim_id, n.source_id FROM new_rows n EXCEPT SELECT o.claim_id, o.source_id FROM old_rows o) g
                  UNION SELECT g.claim_id FROM (
                      SELECT o.claim_id, o.source_id FROM old_rows o EXCEPT SELECT n.claim_id, n.source_id FROM new_rows n) g)
            ORDER BY 1));
    END IF;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER summary_forecast_scores_claim_source_insert AFTER INSERT ON claim_source REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.forecast_scores_claim_sources();
CREATE TRIGGER summary_forecast_scores_claim_source_update AFTER UPDATE ON claim_source REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.forecast_scores_claim_sources();
CREATE TRIGGER summary_forecast_scores_claim_source_delete AFTER DELETE ON claim_source REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.forecast_scores_claim_sources();

-- A source merged into another (or the merge changed): what cites it, itself or through a claim,
-- credits the source it now counts for.
CREATE FUNCTION reporting_summary.forecast_scores_source_merge() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '32MB' AS $fn$
DECLARE
    moved bigint[];
BEGIN
    SELECT array_agg(n.id) INTO moved FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.merged_into_id IS DISTINCT FROM o.merged_into_id;
    IF moved IS NOT NULL THEN
        PERFORM reporting_summary.forecast_citations_refresh(ARRAY(
            SELECT e.forecast_id FROM forecast_evidence e WHERE e.source_id = ANY(moved)
            UNION
            SELECT e.forecast_id FROM claim_source cs JOIN forecast_evidence e ON e.claim_id = cs.claim_id WHERE cs.source_id = ANY(moved)));
    END IF;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER summary_forecast_scores_source_update AFTER UPDATE ON source REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.forecast_scores_source_merge();

REVOKE ALL ON reporting_summary.forecaster_prediction_score, reporting_summary.forecaster_total, reporting_summary.forecaster_tag_total,
    reporting_summary.forecaster_day_total, reporting_summary.forecaster_tag_day_total, reporting_summary.calibration_bin_total,
    reporting_summary.calibration_scope_total, reporting_summary.forecast_citation, reporting_summary.source_forecast_total FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA reporting_summary FROM PUBLIC;

SELECT reporting_summary.rebuild_forecast_scores();  -- the backfill (the other totals are as they were)
"""

# The views, reading the totals (claimtrack/reports/sql/<view>.sql hold them at head).
VIEWS = r"""
CREATE OR REPLACE VIEW reporting.forecast_scores AS
SELECT
    x.prediction_id,
    p.statement,
    coalesce(a.name, s.title) AS forecaster,
    CASE WHEN x.actor_id IS NOT NULL THEN 'actor' ELSE 'source' END AS forecaster_kind,
    CASE x.outcome WHEN 1 THEN 'confirmed' ELSE 'refuted' END AS outcome,
    x.made_on,
    x.resolved_on,
    x.resolved_on - x.made_on AS window_days,
    x.forecasts,
    x.first_forecast_on,
    x.final_probability,
    x.final_brier,
    x.final_log_score,
    x.covered_days,
    x.coverage,
    x.time_averaged_brier,
    x.baseline_score,
    x.peer_score,
    x.relative_brier,
    x.forecasters,
    x.actor_id AS forecaster_actor_id,
    x.source_id AS forecaster_source_id,
    ARRAY(SELECT t.name FROM prediction_tag pt JOIN tag t ON t.id = pt.tag_id
          WHERE pt.prediction_id = x.prediction_id ORDER BY t.name) AS tags
FROM reporting_summary.forecaster_prediction_score x
JOIN prediction p ON p.id = x.prediction_id
LEFT JOIN actor a ON a.id = x.actor_id
LEFT JOIN source s ON s.id = x.source_id;

CREATE OR REPLACE VIEW reporting.forecaster_scoreboard AS
SELECT
    coalesce(a.name, s.title) AS forecaster,
    CASE WHEN t.forecaster > 0 THEN 'actor' ELSE 'source' END AS forecaster_kind,
    t.predictions,
    (t.brier / t.predictions)::float8 AS time_averaged_brier,
    (t.baseline / t.predictions)::float8 AS baseline_score,
    (t.peer / t.predictions)::float8 AS peer_score,
    (t.relative / t.predictions)::float8 AS relative_brier,
    (t.coverage / t.predictions)::float8 AS coverage,
    a.id AS forecaster_actor_id,
    s.id AS forecaster_source_id
FROM reporting_summary.forecaster_total t
LEFT JOIN actor a ON a.id = t.forecaster AND t.forecaster > 0
LEFT JOIN source s ON s.id = -t.forecaster AND t.forecaster < 0
WHERE t.predictions > 0;

CREATE OR REPLACE VIEW reporting.forecaster_scoreboard_by_tag AS
SELECT
    g.name AS tag,
    coalesce(a.name, s.title) AS forecaster,
    CASE WHEN t.forecaster > 0 THEN 'actor' ELSE 'source' END AS forecaster_kind,
    t.predictions,
    (t.brier / t.predictions)::float8 AS time_averaged_brier,
    (t.baseline / t.predictions)::float8 AS baseline_score,
    (t.peer / t.predictions)::float8 AS peer_score,
    (t.relative / t.predictions)::float8 AS relative_brier,
    (t.coverage / t.predictions)::float8 AS coverage,
    a.id AS forecaster_actor_id,
    s.id AS forecaster_source_id
FROM reporting_summary.forecaster_tag_total t
JOIN tag g ON g.id = t.tag_id
LEFT JOIN actor a ON a.id = t.forecaster AND t.forecaster > 0
LEFT JOIN source s ON s.id = -t.forecaster AND t.forecaster < 0
WHERE t.predictions > 0;

CREATE OR REPLACE VIEW reporting.forecaster_scoreboard_since AS
SELECT
    coalesce(a.name, s.title) AS forecaster,
    CASE WHEN d.forecaster > 0 THEN 'actor' ELSE 'source' END AS forecaster_kind,
    o.predictions,
    (o.brier / o.predictions)::float8 AS time_averaged_brier,
    (o.baseline / o.predictions)::float8 AS baseline_score,
    (o.peer / o.predictions)::float8 AS peer_score,
    (o.relative / o.predictions)::float8 AS relative_brier,
    (o.coverage / o.predictions)::float8 AS coverage,
    a.id AS forecaster_actor_id,
    s.id AS forecaster_source_id,
    d.made_on AS made_from,
    d.made_after
FROM reporting_summary.forecaster_day_total d
CROSS JOIN LATERAL (
    -- The date's sums with every later date's: the predictions made on or after it.
    SELECT sum(l.predictions)::bigint AS predictions, sum(l.brier) AS brier, sum(l.baseline) AS baseline, sum(l.peer) AS peer,
           sum(l.relative) AS relative, sum(l.coverage) AS coverage
    FROM reporting_summary.forecaster_day_total l
    WHERE l.forecaster = d.forecaster AND l.made_on >= d.made_on
) o
LEFT JOIN actor a ON a.id = d.forecaster AND d.forecaster > 0
LEFT JOIN source s ON s.id = -d.forecaster AND d.forecaster < 0;

CREATE OR REPLACE VIEW reporting.forecaster_scoreboard_by_tag_since AS
SELECT
    g.name AS tag,
    coalesce(a.name, s.title) AS forecaster,
    CASE WHEN d.forecaster > 0 THEN 'actor' ELSE 'source' END AS forecaster_kind,
    o.predictions,
    (o.brier / o.predictions)::float8 AS time_averaged_brier,
    (o.baseline / o.predictions)::float8 AS baseline_score,
    (o.peer / o.predictions)::float8 AS peer_score,
    (o.relative / o.predictions)::float8 AS relative_brier,
    (o.coverage / o.predictions)::float8 AS coverage,
    a.id AS forecaster_actor_id,
    s.id AS forecaster_source_id,
    d.made_on AS made_from,
    d.made_after
FROM reporting_summary.forecaster_tag_day_total d
JOIN tag g ON g.id = d.tag_id
CROSS JOIN LATERAL (
    -- The date's sums with every later date's: the predictions carrying the tag made on or after it.
    SELECT sum(l.predictions)::bigint AS predictions, sum(l.brier) AS brier, sum(l.baseline) AS baseline, sum(l.peer) AS peer,
           sum(l.relative) AS relative, sum(l.coverage) AS coverage
    FROM reporting_summary.forecaster_tag_day_total l
    WHERE l.tag_id = d.tag_id AND l.forecaster = d.forecaster AND l.made_on >= d.made_on
) o
LEFT JOIN actor a ON a.id = d.forecaster AND d.forecaster > 0
LEFT JOIN source s ON s.id = -d.forecaster AND d.forecaster < 0;

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

CREATE OR REPLACE VIEW reporting.source_forecast_value AS
SELECT
    s.title AS source,
    s.reliability,
    r.citing AS forecasts_citing,
    r.decided AS resolved,
    r.scored,
    r.toward,
    r.away,
    CASE WHEN r.scored > 0 THEN r.gain::float8 END AS log_score_gain,
    (r.gain / nullif(r.scored, 0))::float8 AS mean_gain,
    s.id AS source_id
FROM reporting_summary.source_forecast_total r
JOIN source s ON s.id = r.source_id
WHERE r.citing > 0;
"""

# The views as 20261204_0010, 0012 and 20261208_0015 left them, then everything above taken away.
DOWNGRADE = r"""
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

CREATE OR REPLACE VIEW reporting.forecaster_scoreboard AS
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

CREATE OR REPLACE VIEW reporting.forecaster_scoreboard_by_tag AS
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

CREATE OR REPLACE VIEW reporting.forecaster_scoreboard_since AS
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

CREATE OR REPLACE VIEW reporting.forecaster_scoreboard_by_tag_since AS
WITH daily AS (
    SELECT t.tag, x.forecaster_actor_id, x.forecaster_source_id, x.forecaster, x.forecaster_kind, x.made_on,
           count(*) AS predictions,
           sum(x.time_averaged_brier) AS brier,
           sum(x.baseline_score) AS baseline,
           sum(x.peer_score) AS peer,
           sum(x.relative_brier) AS relative,
           sum(x.coverage) AS coverage
    FROM reporting.forecast_scores x
    CROSS JOIN LATERAL unnest(x.tags) AS t(tag)
    GROUP BY t.tag, x.forecaster_actor_id, x.forecaster_source_id, x.forecaster, x.forecaster_kind, x.made_on
),
onward AS (
    -- Each date's sums with every later date's: the predictions carrying the tag made on or after it.
    SELECT d.tag, d.forecaster_actor_id, d.forecaster_source_id, d.forecaster, d.forecaster_kind,
           d.made_on AS made_from,
           lead(d.made_on) OVER later_first AS made_after,
           (sum(d.predictions) OVER later_first_so_far)::bigint AS predictions,
           sum(d.brier) OVER later_first_so_far AS brier,
           sum(d.baseline) OVER later_first_so_far AS baseline,
           sum(d.peer) OVER later_first_so_far AS peer,
           sum(d.relative) OVER later_first_so_far AS relative,
           sum(d.coverage) OVER later_first_so_far AS coverage
    FROM daily d
    WINDOW later_first AS (PARTITION BY d.tag, d.forecaster_actor_id, d.forecaster_source_id ORDER BY d.made_on DESC),
           later_first_so_far AS (later_first ROWS UNBOUNDED PRECEDING)
)
SELECT
    o.tag,
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

DROP TRIGGER summary_forecast_scores_source_update ON source;
DROP TRIGGER summary_forecast_scores_claim_source_delete ON claim_source;
DROP TRIGGER summary_forecast_scores_claim_source_update ON claim_source;
DROP TRIGGER summary_forecast_scores_claim_source_insert ON claim_source;
DROP TRIGGER summary_forecast_scores_evidence_insert ON forecast_evidence;
DROP TRIGGER summary_forecast_scores_tag_delete ON prediction_tag;
DROP TRIGGER summary_forecast_scores_tag_update ON prediction_tag;
DROP TRIGGER summary_forecast_scores_tag_insert ON prediction_tag;
DROP TRIGGER summary_forecast_scores_forecast_update ON forecast;
DROP TRIGGER summary_forecast_scores_forecast_insert ON forecast;
DROP TRIGGER summary_forecast_scores_prediction_update ON prediction;
DROP FUNCTION reporting_summary.forecast_scores_source_merge();
DROP FUNCTION reporting_summary.forecast_scores_claim_sources();
DROP FUNCTION reporting_summary.forecast_scores_evidence();
DROP FUNCTION reporting_summary.forecast_scores_prediction_tags();
DROP FUNCTION reporting_summary.forecast_scores_forecasts();
DROP FUNCTION reporting_summary.forecast_scores_prediction_update();
DROP FUNCTION reporting_summary.rebuild();
ALTER FUNCTION reporting_summary.rebuild_0016() RENAME TO rebuild;
DROP FUNCTION reporting_summary.rebuild_forecast_scores();
DROP FUNCTION reporting_summary.forecast_citations_refresh(bigint[]);
DROP FUNCTION reporting_summary.forecast_scores_refresh(bigint[]);
DROP FUNCTION reporting_summary.forecaster_days_settle(bigint[], date[], bigint[], bigint[], date[]);
DROP FUNCTION reporting_summary.forecast_score_totals(bigint[], integer);
DROP TABLE reporting_summary.source_forecast_total;
DROP TABLE reporting_summary.forecast_citation;
DROP TABLE reporting_summary.calibration_scope_total;
DROP TABLE reporting_summary.calibration_bin_total;
DROP TABLE reporting_summary.forecaster_tag_day_total;
DROP TABLE reporting_summary.forecaster_day_total;
DROP TABLE reporting_summary.forecaster_tag_total;
DROP TABLE reporting_summary.forecaster_total;
DROP TABLE reporting_summary.forecaster_prediction_score;
"""


def upgrade() -> None:
    op.execute(UPGRADE)
    op.execute(VIEWS)


def downgrade() -> None:
    op.execute(DOWNGRADE)
