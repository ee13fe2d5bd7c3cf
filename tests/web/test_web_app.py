"""The dashboard through Flask's test client (no browser): pages, 404 and 400 pages, escaping,
read-only, and downloads that are the CLI's rows exactly."""

from __future__ import annotations

import json
import re
from typing import Any

import psycopg
import pytest

from claimtrack.reports import REPORTS


def error_message(body: str) -> str:
    import html

    found = re.search(r'id="error-message">(.*?)</p>', body, re.S)
    assert found, body
    return html.unescape(found.group(1))


def test_the_home_page_shows_the_demo_s_headline_reports_linked_to_their_pages(app: Any) -> None:
    page = app.test_client().get("/")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<title>Headline reports · claimtrack</title>" in body
    for title in ("Prediction scoreboard", "Overdue predictions", "Arms transfers", "North Korea-Russia timeline"):
        assert title in body
    assert 'href="/reports/prediction_scoreboard"' in body
    assert re.search(r'href="/predictions/\d+"', body)


@pytest.mark.parametrize(
    "url",
    ["/", "/claims", "/claims?as_of=2024-06", "/claims?status=confirmed&actor=PRK", "/claims?q=shells",
     "/predictions", "/predictions?view=overdue", "/predictions?view=upcoming", "/predictions?view=resolved",
     "/sources", "/sources?reliability=B", "/actors", "/actors/PRK", "/reports", "/claims/1", "/predictions/1",
     "/sources/1", *(f"/reports/{name}" for name in REPORTS)],
)  # fmt: skip
def test_every_page_answers(app: Any, url: str) -> None:
    page = app.test_client().get(url)
    assert page.status_code == 200, page.get_data(as_text=True)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/claims/999999", "No claim 999999"),
        ("/predictions/999999", "No prediction 999999"),
        ("/sources/999999", "No source 999999"),
        ("/actors/Atlantis", 'No actor "Atlantis"'),
        ("/claims/99999999999999999999", "No claim 99999999999999999999"),
        ("/reports/overdue_prediction", 'No report "overdue_prediction"; did you mean overdue_predictions or'),
        ("/reports/nothing_like_it.csv", 'No report "nothing_like_it"'),
        ("/no/such/page", "There is no page at /no/such/page"),
    ],
)
def test_an_unknown_record_or_report_is_a_404_page_saying_what_was_not_found(app: Any, url: str, message: str) -> None:
    page = app.test_client().get(url)
    assert page.status_code == 404
    assert error_message(page.get_data(as_text=True)).startswith(message)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/claims?status=bogus", '?status=bogus: "bogus" is not one of: unverified, corroborated, contested, confirmed, refuted, retracted.'),
        ("/claims?as_of=2024-13", '?as_of=2024-13: "2024-13" is not a real date; use YYYY, YYYY-MM or YYYY-MM-DD.'),
        ("/predictions/1?as_of=soon", '?as_of=soon: "soon" is not a date; use YYYY, YYYY-MM or YYYY-MM-DD.'),
        ("/claims?actor=Nowhere", 'No actor "Nowhere".'),
        ("/claims?source=ftp://x", '?source=ftp://x: "ftp://x" is neither a source id nor an http(s) URL.'),
        ("/claims?limit=0", '?limit=0: "0" is not a whole number from 1 to 500.'),
        ("/predictions?view=someday", '?view=someday: "someday" is not one of: open, overdue, upcoming, resolved.'),
        ("/reports/calibration?actor=PRK", "report calibration does not take ?actor=; it takes ?tag=."),
        ("/reports/recent_changes?since=yesterday", '?since=yesterday: "yesterday" is not a date'),
        ("/reports/prediction_scoreboard?sort=nope", '?sort=nope: report prediction_scoreboard has no column "nope"; sort by one of: predictor,'),
        ("/reports/overdue_predictions.csv?actor=Nowhere", 'No actor "Nowhere".'),
    ],
)  # fmt: skip
def test_a_bad_filter_value_is_a_400_page_naming_the_value_and_what_is_allowed(app: Any, url: str, message: str) -> None:
    page = app.test_client().get(url)
    assert page.status_code == 400
    assert error_message(page.get_data(as_text=True)).startswith(message)


def test_a_claim_that_is_a_script_is_shown_as_text_everywhere(app: Any, seeded: dict[str, Any]) -> None:
    client = app.test_client()
    escaped = "&lt;script&gt;window.__claimtrack_pwned = 1; alert(&#34;pwned&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
    for url in (f"/claims/{seeded['script_claim']}", "/claims", "/actors/PRK", "/reports/recent_changes"):
        body = client.get(url).get_data(as_text=True)
        assert escaped in body, url
        assert "<script" not in body and "<b>bold" not in body, url
    assert seeded["script_text"] not in client.get("/claims?q=pwned").get_data(as_text=True)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_nothing_but_get_is_answered_and_nothing_is_written(app: Any, owner_sql: psycopg.Connection[Any], method: str) -> None:
    before = owner_sql.execute("SELECT count(*), max(updated_at) FROM claim").fetchone()
    for url in ("/", "/claims", "/claims/1", "/reports/overdue_predictions.csv"):
        page = getattr(app.test_client(), method)(url, data={"statement": "written"})
        assert page.status_code == 405
        assert error_message(page.get_data(as_text=True)).startswith(f"{method.upper()} is not allowed: this dashboard only reads")
    assert owner_sql.execute("SELECT count(*), max(updated_at) FROM claim").fetchone() == before


def test_a_request_reads_in_a_read_only_transaction_with_a_statement_timeout(app: Any) -> None:
    from claimtrack.web.request import connection

    with app.test_request_context("/"):
        reading = connection()
        assert reading.execute("SHOW transaction_read_only").fetchone() == ("on",)
        assert reading.execute("SHOW statement_timeout").fetchone() == ("5s",)
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            reading.execute("UPDATE claim SET statement = 'written' WHERE id = 1")


@pytest.mark.parametrize("name", list(REPORTS))
def test_a_report_s_csv_download_is_the_cli_s_csv_of_the_same_rows(app: Any, seeded: dict[str, Any], name: str) -> None:
    page = app.test_client().get(f"/reports/{name}.csv")
    assert page.status_code == 200 and page.mimetype == "text/csv"
    assert page.get_data(as_text=True) == seeded["owner"]("report", name, "--format", "csv").stdout


def test_a_filtered_report_s_downloads_are_the_cli_s_rows_with_those_filters(app: Any, seeded: dict[str, Any]) -> None:
    client = app.test_client()
    cli = seeded["owner"]
    assert client.get("/reports/overdue_predictions.csv?actor=PRK").get_data(as_text=True) == cli(
        "report", "overdue_predictions", "--actor", "PRK", "--format", "csv").stdout  # fmt: skip
    assert json.loads(client.get("/reports/actor_timeline.json?actor=RUS&since=2023").get_data(as_text=True)) == json.loads(
        cli("report", "actor_timeline", "--actor", "RUS", "--since", "2023", "--format", "json").stdout)  # fmt: skip


def test_sorting_a_report_orders_its_rows_and_the_download_keeps_that_order(app: Any) -> None:
    client = app.test_client()
    for order, backwards in (("asc", False), ("desc", True)):
        rows = json.loads(client.get(f"/reports/recent_changes.json?sort=record_id&order={order}").get_data(as_text=True))
        shown = [row["record_id"] for row in rows]
        assert shown == sorted(shown, reverse=backwards) and len(set(shown)) > 1
    page = client.get("/reports/recent_changes?sort=record_id&order=desc").get_data(as_text=True)
    assert 'href="/reports/recent_changes.csv?sort=record_id&amp;order=desc"' in page


def test_as_of_shows_a_prediction_and_the_lists_as_they_stood_that_day(app: Any, owner_sql: psycopg.Connection[Any]) -> None:
    found = owner_sql.execute(
        "SELECT prediction_id, min(effective_on), (array_agg(to_status ORDER BY effective_on, id))[1] FROM status_history"
        " WHERE prediction_id IS NOT NULL GROUP BY prediction_id HAVING count(DISTINCT effective_on) > 1"
        " ORDER BY prediction_id LIMIT 1"
    ).fetchone()
    assert found is not None, "the demo has a prediction resolved on a later day than it was made"
    prediction_id, first_day, first_status = found
    now = owner_sql.execute("SELECT status FROM prediction WHERE id = %s", (prediction_id,)).fetchone()
    assert now is not None and now[0] != first_status
    client = app.test_client()
    then = client.get(f"/predictions/{prediction_id}?as_of={first_day}").get_data(as_text=True)
    assert f'<dd id="status">{first_status} (as of {first_day})</dd>' in then
    assert 'id="resolution"' not in then
    assert f'<dd id="status">{now[0]}</dd>' in client.get(f"/predictions/{prediction_id}").get_data(as_text=True)
    listed = client.get(f"/predictions?view=open&as_of={first_day}").get_data(as_text=True)
    assert f'href="/predictions/{prediction_id}?as_of={first_day}"' in listed  # open then, and linked as of then
    assert f'href="/predictions/{prediction_id}"' not in client.get("/predictions?view=open").get_data(as_text=True)
    before = client.get("/claims/1?as_of=1900")
    assert before.status_code == 404 and "not yet on the record on 1900" in before.get_data(as_text=True)
    assert "No claims." in client.get("/claims?as_of=1900").get_data(as_text=True)


@pytest.mark.parametrize(
    ("url", "kind"),
    [("/claims?limit=3", "claims"), ("/predictions?view=resolved&limit=1", "predictions"), ("/sources?limit=1", "sources"),
     ("/actors?limit=3", "actors"), ("/actors?kind=state&limit=2", "actors")],
)  # fmt: skip
def test_lists_page_through_their_rows(app: Any, url: str, kind: str) -> None:
    client = app.test_client()
    ids = lambda body: re.findall(rf'<tr[^>]*><td><a href="/{kind}/(\d+)', body)  # noqa: E731
    whole = ids(client.get(re.sub(r"limit=\d+", "limit=500", url)).get_data(as_text=True))
    pages, at = [], url
    while at:
        body = client.get(at).get_data(as_text=True)
        pages.append(ids(body))
        following = re.search(r'id="next-page" href="([^"]+)"', body)
        at = following.group(1).replace("&amp;", "&") if following else ""
    assert len(pages) > 1, "a next-page link"
    assert all(not set(page) & set(next_page) for page, next_page in zip(pages, pages[1:]))
    assert [shown for page in pages for shown in page] == whole


def test_the_calibration_chart_is_svg_with_a_point_per_scored_bin_and_its_text_escaped() -> None:
    from claimtrack.web import svg

    rows = [
        {"bin": "[0.6, 0.7)", "predictions": 4, "mean_forecast": 0.65, "observed_frequency": 0.5},
        {"bin": "[0.9, 1.0]", "predictions": 0, "mean_forecast": None, "observed_frequency": None},
    ]
    drawn = str(svg.calibration(rows, title="Calibration (tag <b>)"))
    assert drawn.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and drawn.endswith("</svg>")
    assert drawn.count("<circle") == 1
    assert "<title>Calibration (tag &lt;b&gt;)</title>" in drawn and "<b>" not in drawn


def test_a_prediction_page_draws_each_forecasters_probability_over_time(app: Any, seeded: dict[str, Any]) -> None:
    owner = seeded["owner"]
    assert owner("actor", "add", "<b>Bold</b> desk", "--kind", "organization").exit_code == 0
    assert owner("actor", "add", "Second desk", "--kind", "organization").exit_code == 0
    added = owner("prediction", "add", "Forecast chart probe", "--made", "2024-01", "--resolve-by", "2030")
    assert added.exit_code == 0, added.output
    prediction_id = added.stdout.strip()
    for by, probability, on in (("<b>Bold</b> desk", "0.3", "2024-02-01"), ("Second desk", "0.6", "2024-03-01"),
                                ("<b>Bold</b> desk", "0.7", "2024-06-01")):
        done = owner("prediction", "forecast", prediction_id, "--by", by, "--probability", probability, "--on", on)
        assert done.exit_code == 0, done.output
    client = app.test_client()
    page = client.get(f"/predictions/{prediction_id}").get_data(as_text=True)
    chart = page[page.index('<figure id="forecast-chart">'):page.index("</figure>")]
    assert chart.count("<polyline") == 2 and chart.count("<circle") == 3
    assert "&lt;b&gt;Bold&lt;/b&gt; desk" in chart and "<b>Bold" not in page
    table = page[page.index('<table id="forecasts">'):]
    assert table.count("<tr><td>") >= 3
    then = client.get(f"/predictions/{prediction_id}?as_of=2024-02-15").get_data(as_text=True)
    chart_then = then[then.index('<figure id="forecast-chart">'):then.index("</figure>")]
    assert chart_then.count("<circle") == 1 and "Second desk" not in chart_then
