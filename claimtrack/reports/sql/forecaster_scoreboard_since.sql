-- reporting.forecaster_scoreboard_since as the database holds it at head. To change it: a new revision, then this file
-- (docs/reports.md, "Changing a view or adding a total"). A view takes no parameter, so --since is answered
-- from rows made ahead: one per forecaster and each made-on date of their predictions (made_from), holding
-- the means over the predictions made on or after it. `--since D` picks, per forecaster, the row whose
-- made_from is the first such date on or after D: made_after (the date before it, NULL for the first)
-- < D <= made_from. The sums are those of the forecaster's months from made_from's month on
-- (reporting_summary.forecaster_month_total, 20261208_0019) less those of their dates before made_from in its
-- month (reporting_summary.forecaster_day_total), all kept by triggers (docs/reports.md, "How the reports stay fast").
CREATE OR REPLACE VIEW reporting.forecaster_scoreboard_since AS
SELECT
    coalesce(a.name, s.title) AS forecaster,
    CASE WHEN d.forecaster > 0 THEN 'actor' ELSE 'source' END AS forecaster_kind,
    m.predictions_onward - d.predictions_before AS predictions,
    ((m.brier_onward - d.brier_before) / (m.predictions_onward - d.predictions_before))::float8 AS time_averaged_brier,
    ((m.baseline_onward - d.baseline_before) / (m.predictions_onward - d.predictions_before))::float8 AS baseline_score,
    ((m.peer_onward - d.peer_before) / (m.predictions_onward - d.predictions_before))::float8 AS peer_score,
    ((m.relative_onward - d.relative_before) / (m.predictions_onward - d.predictions_before))::float8 AS relative_brier,
    ((m.coverage_onward - d.coverage_before) / (m.predictions_onward - d.predictions_before))::float8 AS coverage,
    a.id AS forecaster_actor_id,
    s.id AS forecaster_source_id,
    d.made_on AS made_from,
    d.made_after
FROM reporting_summary.forecaster_day_total d
-- The predictions made on or after the date: the sums from its month on, less those of the dates before
-- it in its month; the month's row by its key (OFFSET 0 keeps the lookup one).
CROSS JOIN LATERAL (
    SELECT m.predictions_onward, m.brier_onward, m.baseline_onward, m.peer_onward, m.relative_onward, m.coverage_onward
    FROM reporting_summary.forecaster_month_total m
    WHERE m.forecaster = d.forecaster AND m.month = date_trunc('month', d.made_on)::date
    OFFSET 0
) m
LEFT JOIN actor a ON a.id = d.forecaster AND d.forecaster > 0
-- The source by its key, for a source's row only (OFFSET 0 keeps the lookup one), as in forecaster_scoreboard.
LEFT JOIN LATERAL (SELECT s.id, s.title FROM source s WHERE s.id = -d.forecaster AND d.forecaster < 0 OFFSET 0) s ON true;
