"""claimtrack report (the reporting views by name) and claimtrack sql (one read-only statement)."""

from __future__ import annotations

import itertools
import math
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from claimtrack import reports
from claimtrack.cli.context import AppContext, pass_app
from claimtrack.cli.output import Rows, format_option, render
from claimtrack.cli.params import DATE, TextParam
from claimtrack.domain import PartialDate


class ReportGroup(click.Group):
    """`report list`, and `report NAME` for every report in the registry (claimtrack.reports)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*self.commands, *reports.REPORTS]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.commands:
            return self.commands[name]
        report = reports.find(name)
        return report_command(report) if report else None

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0]
        if not name.startswith("-") and self.get_command(ctx, name) is None:
            near = reports.closest(name)
            quoted = " or ".join(f'"{n}"' for n in near)
            hint = f" Did you mean {quoted}?" if near else ""
            ctx.fail(f'no report "{name}".{hint} See: claimtrack report list')
        return super().resolve_command(ctx, args)


@click.group(cls=ReportGroup)
def report() -> None:
    """The reports: each is a view in the database's `reporting` schema, so the same rows can be read
    from psql or a BI tool (see: claimtrack db grant-reader).

    \b
    Examples:
      claimtrack report list
      claimtrack report prediction_scoreboard
      claimtrack report calibration --tag arms --chart calibration.png
      claimtrack report recent_changes --since 2026-11-20 --format markdown
    """


@report.command("list")
@format_option
def list_reports(fmt: str) -> None:
    """List the reports: name, what each shows, and the filters it takes."""
    rows = [
        (r.name, r.description, " ".join(f"--{name}" for name in r.filter_names), f"reporting.{r.view}")
        for r in reports.REPORTS.values()
    ]
    render(Rows(["report", "description", "filters", "view"], rows), fmt)


def report_command(spec: reports.Report) -> click.Command:
    filters = "\n".join(f"  --{f.name}: {f.meaning}" for f in spec.filters) or "  none"
    charted = "\n\n--chart FILE draws it as PNG or SVG (needs the charts extra)." if spec.chart else ""
    example = f"claimtrack report {spec.name}" + (f" --{spec.filter_names[0]} ..." if spec.filters else "")
    help_text = (
        f"{spec.description}\n\nThe rows of the view reporting.{spec.view}.{charted}\n\n"
        f"\b\nFilters it takes:\n{filters}\n\n\b\nExample:  {example}"
    )

    @click.command(name=spec.name, help=help_text, short_help=spec.description)
    @format_option
    @click.option("--actor", metavar="A", help="Narrow to actor A (name, alias or ISO code), where the report takes it.")
    @click.option("--since", type=DATE, help="Narrow to DATE and later, where the report takes it.")
    @click.option("--tag", metavar="T", help="Narrow to tag T, where the report takes it.")
    @click.option("--by", metavar="NAME", type=TextParam("user"),
                  help="Narrow to changes made by NAME (the --as name, or the database login), where the report takes it.")
    @click.option("--limit", type=click.IntRange(0, 1_000_000_000), metavar="N", help="Show at most N rows; 0 shows all.")
    @click.option(
        "--chart",
        type=click.Path(dir_okay=False, path_type=Path),
        metavar="FILE",
        help="Also draw the report to FILE (.png or .svg), for calibration and actor_timeline.",
    )
    @pass_app
    def command(
        app: AppContext,
        fmt: str,
        actor: str | None,
        since: PartialDate | None,
        tag: str | None,
        by: str | None,
        limit: int | None,
        chart: Path | None,
    ) -> None:
        problem = spec.unsupported([n for n, v in (("actor", actor), ("since", since), ("tag", tag), ("by", by)) if v is not None])
        if problem:
            raise click.UsageError(problem)
        if chart is not None:
            from claimtrack.reports import charts

            if spec.chart is None:
                drawn = " and ".join(r.name for r in reports.REPORTS.values() if r.chart)
                raise click.BadParameter(f"report {spec.name} has no chart; {drawn} have.", param_hint="--chart")
            if chart.suffix.lower() not in charts.SUFFIXES:
                raise click.BadParameter(f'"{chart}" ends neither in .png nor .svg; name the file so.', param_hint="--chart")
            charts.require_matplotlib()

        from claimtrack.services.reports import run_report

        with app.database().read_transaction() as connection:
            result = run_report(
                connection, name=spec.name, actor=actor, since=since.value if since else None, tag=tag, by=by, limit=limit
            )
        title = spec.name + (f" (tag {tag})" if tag and result.view != spec.view else "")
        render(Rows(result.columns, result.rows, title=title), fmt)
        if result.truncated:
            which = "last" if spec.keep_last else "first"
            click.echo(f"{spec.name}: the {which} {len(result.rows)} rows; --limit N shows more, --limit 0 all.", err=True)
        named = [dict(zip(result.columns, row)) for row in result.rows]
        if fmt == "table" and spec.chart == "calibration" and any(row["predictions"] for row in named):
            from claimtrack.reports.charts import calibration_text

            # On stdout, under the table: it is part of the table's picture of the data, and
            # `report calibration > file` keeps both; json, csv and markdown stay pure data.
            click.echo("\n" + "\n".join(calibration_text(named)))
        if fmt == "table" and spec.name == "prediction_scoreboard":
            from claimtrack.services.reports import unscored_notes

            for note in unscored_notes(named):  # a blank score says why; stdout stays one line per row
                click.echo(note, err=True)
        if chart is not None and spec.chart is not None:
            from claimtrack.reports.charts import chart_title, draw

            draw(spec.chart, named, chart, title=chart_title(spec.name, actor=actor, since=since, tag=tag))
            click.echo(f"chart written to {chart}", err=True)

    return command


def _timeout(ctx: click.Context, param: click.Parameter, value: float) -> float:
    from claimtrack.services.reports import MAX_TIMEOUT_SECONDS

    if not math.isfinite(value) or not 0 < value <= MAX_TIMEOUT_SECONDS:
        raise click.BadParameter(f"{value!r} is not a number of seconds above 0 and at most {MAX_TIMEOUT_SECONDS:.0f}.")
    return value


# Rows `sql` shows unless --limit says otherwise: a mistaken cross join should not fill the memory
# (or the screen) before anyone can stop it; --limit 0 streams every row.
SQL_DEFAULT_LIMIT = 10_000
SQL_MAX_LIMIT = 2**62


@click.command()
@click.argument("query")
@format_option
@click.option(
    "--timeout",
    type=float,
    callback=_timeout,
    default=reports.READ_TIMEOUT_SECONDS,
    show_default=True,
    metavar="SECONDS",
    help="Cancel the statement after this many seconds.",
)
@click.option(
    "--limit", type=click.IntRange(0, SQL_MAX_LIMIT), default=SQL_DEFAULT_LIMIT, show_default=True, metavar="N",
    help="Show at most N rows; 0 shows every row (with --format csv, streamed: memory stays small whatever the count).",
)
@pass_app
def sql(app: AppContext, query: str, fmt: str, timeout: float, limit: int) -> None:
    """Run one SQL statement, read-only, and print its rows. QUERY - reads it from standard input.

    The statement runs in a READ ONLY transaction that PostgreSQL cancels after --timeout seconds:
    writes and DDL are refused, and one statement runs at a time. It runs as a login that reads
    claimtrack's data and nothing more: on the embedded server its reader role; on a server the
    login you configured, refused if it is a superuser or may reach the server's files, programs or
    other sessions (make one with: claimtrack db grant-reader NAME --tables). Read the reporting
    views (reporting.prediction_scoreboard, …; see: claimtrack report list) or the tables.

    \b
    Examples:
      claimtrack sql "SELECT predictor, scored, brier_score FROM reporting.prediction_scoreboard"
      claimtrack sql - --format csv < question.sql
    """
    if query == "-":
        with click.open_file("-") as stdin:
            query = stdin.read()
    if not query.strip():
        raise click.BadParameter("the query is empty; give one SQL statement.", param_hint="QUERY")
    if "\x00" in query:
        raise click.BadParameter("the query holds a NUL character, which PostgreSQL cannot take; remove it.", param_hint="QUERY")
    from claimtrack.services.reports import run_read_only

    with app.database().read_transaction(users_sql="claimtrack sql") as connection:
        result = run_read_only(connection, query=query, timeout_seconds=timeout)
        try:
            if not result.has_result_set:
                click.echo("the statement ran and returned no rows.", err=True)
                return
            shown = (tuple(_shown(value) for value in row) for row in result.rows)
            if not limit and fmt == "csv":  # every row, written as it arrives: memory stays flat
                render(Rows(result.columns, shown), fmt)  # type: ignore[arg-type]
                return
            rows = list(itertools.islice(shown, limit + 1)) if limit else list(shown)
        finally:
            result.rows.close()
    truncated = bool(limit) and len(rows) > limit
    render(Rows(result.columns, rows[:limit] if truncated else rows), fmt)
    if truncated:
        click.echo(f"sql: the first {limit} rows; --limit N shows more, --limit 0 all.", err=True)


def _shown(value: Any) -> Any:
    """A value of any PostgreSQL type in a form the renderer writes: its own, or text."""
    if value is None or isinstance(value, (bool, int, float, str, Decimal, date, datetime, dict)):
        return value
    if isinstance(value, (list, tuple)):
        return [_shown(v) for v in value]
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "\\x" + bytes(value).hex()
    if isinstance(value, time):
        return value.isoformat()
    return str(value)
