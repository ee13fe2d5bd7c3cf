-- reporting.forecaster_scoreboard_since as the database holds it at head. To change it: a new revision, then this file
-- (docs/reports.md, "Changing a view or adding a total"). A view takes no parameter, so --since is answered
-- from rows made ahead: one per forecaster and each made-on date of their predictions (made_from), holding
-- the means over the predictions made on or after it. `--since D` picks, per forecaster, the row whose
-- made_from is the first such date on or after D: made_after (the date before it, NULL for the first)
-- < D <= made_from. The sums are the forecaster's totals (reporting_summary.forecaster_total) less those of
-- their dates before made_from, which each row of reporting_summary.forecaster_day_total keeps (20261208_0018),
-- both kept by triggers (docs/reports.md, "How the reports stay fast").
CREATE OR REPLACE VIEW reporting.forecaster_scoreboard_since AS
SELECT
    coalesce(a.name, s.title) AS forecaster,
    CASE WHEN d.forecaster > 0 THEN 'actor' ELSE 'source' END AS forecaster_kind,
    t.predictions - d.predictions_before AS predictions,
    ((t.brier - d.brier_before) / (t.predictions - d.predictions_before))::float8 AS time_averaged_brier,
    ((t.baseline - d.baseline_before) / (t.predictions - d.predictions_before))::float8 AS baseline_score,
    ((t.peer - d.peer_before) / (t.predictions - d.predictions_before))::float8 AS peer_score,
    ((t.relative - d.relative_before) / (t.predictions - d.predictions_before))::float8 AS relative_brier,
    ((t.coverage - d.coverage_before) / (t.predictions - d.predictions_before))::float8 AS coverage,
    a.id AS forecaster_actor_id,
    s.id AS forecaster_source_id,
    d.made_on AS made_from,
    d.made_after
FROM reporting_summary.forecaster_day_total d
-- The predictions made on or after the date: the forecaster's totals less the sums of the dates before it.
JOIN reporting_summary.forecaster_total t ON t.forecaster = d.forecaster
LEFT JOIN actor a ON a.id = d.forecaster AND d.forecaster > 0
-- The source by its key, for a source's row only (OFFSET 0 keeps the lookup one), as in forecaster_scoreboard.
LEFT JOIN LATERAL (SELECT s.id, s.title FROM source s WHERE s.id = -d.forecaster AND d.forecaster < 0 OFFSET 0) s ON true;
