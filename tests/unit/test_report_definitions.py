"""Every report points at the file holding its view's current SQL."""

from __future__ import annotations

from claimtrack.reports import REPORTS, VIEW_SQL, view_definition


def test_every_report_and_every_filter_view_has_its_sql_file() -> None:
    views = {report.view for report in REPORTS.values()}
    views |= {f.view for report in REPORTS.values() for f in report.filters if f.view}
    missing = sorted(view for view in views if not view_definition(view).is_file())
    assert missing == []


def test_a_reports_definition_is_its_views_file() -> None:
    assert REPORTS["calibration"].definition == VIEW_SQL / "calibration.sql"
    assert REPORTS["calibration"].definition.read_text().count("CREATE OR REPLACE VIEW reporting.calibration AS") == 1
