"""The dashboard's pages, each over one read service (claimtrack.services), all GET.

URLs are stable and can be pasted into a report: /claims/12, /predictions/3?as_of=2024-06,
/reports/overdue_predictions?tag=arms (and .csv, .json: exactly the rows that page shows).
"""

from __future__ import annotations

import io
import re
from typing import Any

from flask import Blueprint, Flask, Response, render_template, request, url_for
from markupsafe import Markup

from claimtrack import domain, reports
from claimtrack.errors import NotFound
from claimtrack.web import cells, svg
from claimtrack.web.query import (
    after_arg,
    choice_arg,
    date_arg,
    int_arg,
    source_arg,
    tag_arg,
    text_arg,
)
from claimtrack.web.request import BadQuery, as_bad_filter, connection

blueprint = Blueprint("pages", __name__)
PAGE = 50  # rows per page of a list
PREDICTION_VIEWS = {
    "open": "Open predictions",
    "overdue": "Overdue predictions",
    "upcoming": "Due within 30 days",
    "resolved": "Resolved predictions",
}


def register(app: Flask) -> None:
    app.register_blueprint(blueprint)
    app.jinja_env.globals.update(link=cells.link, plain=cells.plain, report_cell=cells.report_cell, report_row=cells.report_row,
                                 actor_links=cells.actor_links, here=here, dict=dict, zip=zip)  # fmt: skip


def here(**changes: Any) -> str:
    """This page's URL with some query arguments changed (None removes one)."""
    arguments: dict[str, Any] = {key: value for key, value in request.args.items() if key not in changes}
    arguments.update({key: value for key, value in changes.items() if value is not None})
    return url_for(str(request.endpoint), **(request.view_args or {}), **arguments)


def _as_of() -> tuple[domain.PartialDate | None, str | None]:
    as_of = date_arg("as_of")
    return as_of, str(as_of) if as_of else None


def _record_id(value: int, what: str) -> int:
    if value > domain.ID_MAX:
        raise NotFound(f"no {what} {value}")
    return value


@blueprint.get("/")
def home() -> str:
    from claimtrack.services.web_reading import headline_reports

    return render_template("home.html", headlines=headline_reports(connection()))


@blueprint.get("/claims")
def claims() -> str:
    from claimtrack.services.claim_reading import ClaimSummary
    from claimtrack.services.claim_search import search_claims

    as_of, as_of_text = _as_of()
    query = text_arg("q", "query")
    if query is not None:
        limit = int_arg("limit", minimum=1, maximum=1000) or 20
        found = search_claims(connection(), query=query, limit=limit)
        return render_template("claims.html", hits=found.hits, capped=found.capped, query=query, as_of=as_of_text,
                               statuses=domain.CLAIM_STATUSES, title=f"Claims matching {query}")  # fmt: skip
    from claimtrack.services.web_reading import claim_page

    status = choice_arg("status", domain.CLAIM_STATUSES)
    actor = text_arg("actor", "name")
    tag = tag_arg()
    with as_bad_filter():
        page = claim_page(
            connection(), status=status, actor=actor, tag=tag, source=source_arg(), since=date_arg("since"),
            as_of=as_of, after=after_arg(), limit=int_arg("limit", minimum=1, maximum=500) or PAGE,
        )  # fmt: skip
    shown: list[ClaimSummary] = page.items
    title = "Claims" + (f" as of {as_of_text}" if as_of_text else "")
    return render_template("claims.html", claims=shown, next_after=page.next_after, as_of=as_of_text, title=title,
                           statuses=domain.CLAIM_STATUSES, hits=None, query=None)  # fmt: skip


@blueprint.get("/claims/<int:claim_id>")
def claim(claim_id: int) -> str:
    from claimtrack.services.claim_reading import show_claim
    from claimtrack.services.record_as_of import claim_as_of

    as_of, as_of_text = _as_of()
    detail = show_claim(connection(), claim_id=_record_id(claim_id, "claim"))
    if as_of is not None:
        detail = claim_as_of(connection(), detail, as_of)
    return render_template("claim.html", claim=detail, as_of=as_of_text,
                           title=f"Claim {detail.id}" + (f" as of {as_of_text}" if as_of_text else ""))  # fmt: skip


@blueprint.get("/predictions")
def predictions() -> str:
    from claimtrack.services.web_reading import prediction_page

    as_of, as_of_text = _as_of()
    view = choice_arg("view", tuple(PREDICTION_VIEWS)) or "open"
    status = choice_arg("status", domain.PREDICTION_STATUSES)
    # resolved, with no status asked for: every outcome, in one list by deadline
    statuses = domain.RESOLVED_STATUSES if view == "resolved" and status is None else None
    with as_bad_filter():
        page = prediction_page(
            connection(), status="open" if view == "open" and status is None else status, statuses=statuses, overdue=view == "overdue", due_within=30 if view == "upcoming" else None,
            actor=text_arg("actor", "name"), tag=tag_arg(), as_of=as_of.last_day if as_of else None, after=after_arg(),
            limit=int_arg("limit", minimum=1, maximum=500) or PAGE,
        )  # fmt: skip
    shown, next_after = page.items, page.next_after
    title = PREDICTION_VIEWS[view] + (f" ({status})" if status else "") + (f" as of {as_of_text}" if as_of_text else "")
    return render_template("predictions.html", lines=shown, next_after=next_after, view=view, views=PREDICTION_VIEWS,
                           statuses=domain.PREDICTION_STATUSES, as_of=as_of_text, title=title)  # fmt: skip


@blueprint.get("/predictions/<int:prediction_id>")
def prediction(prediction_id: int) -> str:
    from claimtrack.services.prediction_reading import get_prediction
    from claimtrack.services.record_as_of import prediction_as_of

    as_of, as_of_text = _as_of()
    detail = get_prediction(connection(), _record_id(prediction_id, "prediction"))
    if as_of is not None:
        detail = prediction_as_of(connection(), detail, as_of)
    chart = None
    if detail.forecasts:
        from claimtrack.services.clock import database_today

        until = detail.resolved_on or (as_of.last_day if as_of is not None else database_today(connection()))
        chart = svg.forecasts(detail.forecasts, title="Each forecaster's probability over time", until=until)
    return render_template("prediction.html", prediction=detail, as_of=as_of_text, chart=chart,
                           title=f"Prediction {detail.id}" + (f" as of {as_of_text}" if as_of_text else ""))  # fmt: skip


@blueprint.get("/sources")
def sources() -> str:
    from claimtrack.services.web_reading import source_page

    page = source_page(
        connection(), kind=choice_arg("kind", domain.SOURCE_KINDS), reliability=choice_arg("reliability", domain.RELIABILITY_GRADES),
        after=after_arg(), limit=int_arg("limit", minimum=1, maximum=500) or PAGE,
    )  # fmt: skip
    return render_template("sources.html", sources=page.items, next_after=page.next_after, kinds=domain.SOURCE_KINDS,
                           grades=domain.RELIABILITY_GRADES, title="Sources")  # fmt: skip


@blueprint.get("/sources/<int:source_id>")
def source(source_id: int) -> str:
    from claimtrack.services.sources import show_source
    from claimtrack.services.web_reading import source_track_record

    detail = show_source(connection(), source_id=_record_id(source_id, "source"))
    record = source_track_record(connection(), detail.id)
    return render_template("source.html", source=detail, record=record, title=f"Source {detail.id}: {detail.title}")


@blueprint.get("/actors")
def actors() -> str:
    from claimtrack.services.web_reading import actor_page

    page = actor_page(
        connection(), kind=choice_arg("kind", domain.ACTOR_KINDS), after=after_arg(), limit=int_arg("limit", minimum=1, maximum=500) or PAGE
    )
    return render_template("actors.html", actors=page.items, next_after=page.next_after, kinds=domain.ACTOR_KINDS, title="Actors")


_LABELLED = re.compile(r"^(.*) \(([A-Za-z]{3})\)$")  # "North Korea (PRK)", as services name actors


@blueprint.get("/actors/<path:reference>")
def actor(reference: str) -> str:
    """An actor by id (/actors/4), or by name, alias or ISO code (/actors/North Korea, /actors/PRK)."""
    from claimtrack.services.actors import show_actor
    from claimtrack.services.web_reading import actor_by_id, actor_months

    if reference.isascii() and reference.isdigit():
        reference = actor_by_id(connection(), _record_id(int(reference), "actor")).name
    try:
        detail = show_actor(connection(), reference=reference)
    except NotFound:
        labelled = _LABELLED.match(reference)
        if labelled is None:
            raise
        detail = show_actor(connection(), reference=labelled.group(2))
    months = actor_months(connection(), detail.id)
    chart = svg.timeline(months, title=f"{detail.name}: claims, predictions and resolutions per month") if months else None
    return render_template("actor.html", actor=detail, chart=chart, title=f"Actor: {detail.name}")


@blueprint.get("/reports")
def report_list() -> str:
    return render_template("reports.html", reports=list(reports.REPORTS.values()), title="Reports")


def _report_rows(name: str) -> tuple[Any, list[str], list[tuple[Any, ...]], dict[str, Any]]:
    """The report's rows as the page (and its downloads) show them: the CLI's filters and limit,
    then ?sort=COLUMN&order=asc|desc among those rows."""
    from claimtrack.services.reports import run_report

    spec = reports.find(name)
    if spec is None:
        near = reports.closest(name)
        raise NotFound(f'no report "{name}"' + (f"; did you mean {' or '.join(near)}?" if near else "; see the list of reports."))
    actor, since, tag, by = text_arg("actor", "name"), date_arg("since"), tag_arg(), text_arg("by", "user")
    given: dict[str, Any] = {"actor": actor, "since": since, "tag": tag, "by": by}
    refused = [key for key, value in given.items() if value is not None and key not in spec.filter_names]
    if refused:
        takes = ", ".join(f"?{f}=" for f in spec.filter_names) or "no filters"
        raise BadQuery(f"report {name} does not take {', '.join('?' + r + '=' for r in refused)}; it takes {takes}.")
    limit = int_arg("limit", minimum=0, maximum=1_000_000_000)
    with as_bad_filter():
        result = run_report(connection(), name=name, actor=actor, since=since.value if since else None, tag=tag, by=by, limit=limit)
    rows = result.rows
    sort = request.args.get("sort")
    if sort:
        if sort not in result.columns:
            raise BadQuery(f"?sort={sort}: report {name} has no column \"{sort}\"; sort by one of: {', '.join(result.columns)}.")
        descending = choice_arg("order", ("asc", "desc")) == "desc"
        at = result.columns.index(sort)
        present = sorted((row for row in rows if row[at] is not None), key=lambda row: _sort_key(row[at]), reverse=descending)
        rows = present + [row for row in rows if row[at] is None]  # empty cells last, either way
    return spec, result.columns, rows, {"truncated": result.truncated, "view": result.view, **given, "limit": limit}


def _sort_key(value: Any) -> Any:
    return (cells.plain(value).lower(),) if isinstance(value, (list, tuple, str)) else (value,)


@blueprint.get("/reports/<name>")
def report(name: str) -> str:
    spec, columns, rows, given = _report_rows(name)
    named = [dict(zip(columns, row)) for row in rows]
    chart: Markup | None = None
    filters = ", ".join(f"{key} {value}" for key, value in given.items() if key in ("actor", "since", "tag", "by") and value is not None)
    title = spec.name + (f" ({filters})" if filters else "")
    if spec.chart == "calibration" and any(row.get("predictions") for row in named):
        chart = svg.calibration(named, title=f"Calibration{f' ({filters})' if filters else ''}")
    elif spec.chart == "timeline" and named:
        chart = svg.timeline(named, title=f"Actor timeline{f' ({filters})' if filters else ''}")
    return render_template("report.html", spec=spec, columns=columns, rows=named, given=given, chart=chart, title=title)


@blueprint.get("/reports/<name>.csv")
def report_csv(name: str) -> Response:
    from claimtrack.io.tabular import write_csv

    _, columns, rows, _ = _report_rows(name)
    out = io.StringIO()
    write_csv(columns, rows, out.write)  # as `claimtrack report NAME --format csv` writes it
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})  # fmt: skip


@blueprint.get("/reports/<name>.json")
def report_json(name: str) -> Response:
    from claimtrack.io.tabular import Rows, json_text

    _, columns, rows, _ = _report_rows(name)
    body = json_text(Rows(columns, rows).as_dicts())
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{name}.json"'})  # fmt: skip
