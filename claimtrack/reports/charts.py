"""Pictures of reports: a calibration chart and an actor timeline as PNG or SVG (matplotlib, the
optional `charts` extra), and the compact calibration chart drawn in the terminal (no extra).

Each chart is drawn from a series (calibration_series, timeline_series) made of its report's rows
and nothing else, so every number in a chart is a number in the report: the tests compare them."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimtrack.errors import ClaimtrackError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

SUFFIXES = (".png", ".svg")
MISSING = "charts need matplotlib: pip install 'claimtrack[charts]'"
Row = Mapping[str, Any]


def require_matplotlib() -> None:
    """Fail early, before any query, when the extra is not installed."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise ClaimtrackError(MISSING) from None


def chart_title(report: str, *, actor: str | None = None, since: object | None = None, tag: str | None = None) -> str:
    """The report's name and every filter that narrowed it: a chart read away from its command
    line still says what it counts."""
    filters = [f"{name} {value}" for name, value in (("actor", actor), ("since", since), ("tag", tag)) if value is not None]
    return report + (f" ({', '.join(filters)})" if filters else "")


def draw(kind: str, rows: Sequence[Row], path: Path, *, title: str) -> None:
    """Write the chart of `kind` ("calibration" or "timeline") to `path`; the suffix picks PNG or SVG.
    The file's Description (SVG metadata, a PNG text chunk) holds the numbers it was drawn from, as
    JSON (series_data): what a reader or a test checks against the report, without reading pixels."""
    require_matplotlib()
    metadata = {"Title": title, "Description": json.dumps(series_data(kind, rows), ensure_ascii=False)}
    figure(kind, rows, title).savefig(path, format=path.suffix.lstrip(".").lower(), dpi=150, metadata=metadata)


def figure(kind: str, rows: Sequence[Row], title: str) -> Figure:
    return calibration_figure(rows, title) if kind == "calibration" else timeline_figure(rows, title)


def series_data(kind: str, rows: Sequence[Row]) -> dict[str, Any]:
    """The series the chart of `kind` is drawn from, as plain JSON values."""
    series = calibration_series(rows) if kind == "calibration" else timeline_series(rows)
    return json.loads(json.dumps(asdict(series), default=date.isoformat))  # type: ignore[no-any-return]


@dataclass(frozen=True)
class CalibrationSeries:
    """What the calibration chart draws, bin by bin as the report's rows run."""

    bin_lows: list[float]
    predictions: list[int]  # the bars: predictions scored in each bin
    scored: list[tuple[float, float, int]]  # the curve: (mean forecast, observed frequency, predictions) of each filled bin


def calibration_series(rows: Sequence[Row]) -> CalibrationSeries:
    filled = [row for row in rows if row["predictions"]]
    return CalibrationSeries(
        [float(row["bin_low"]) for row in rows],
        [int(row["predictions"]) for row in rows],
        [(float(row["mean_forecast"]), float(row["observed_frequency"]), int(row["predictions"])) for row in filled],
    )


def calibration_figure(rows: Sequence[Row], title: str) -> Figure:
    """Observed frequency against mean forecast per bin, the diagonal of perfect calibration, and
    below it the number of predictions in each bin."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    series = calibration_series(rows)
    figure = Figure(figsize=(6, 7), layout="constrained")
    curve, counts = figure.subplots(2, 1, height_ratios=[3, 1], sharex=True)
    curve.plot([0, 1], [0, 1], linestyle="--", color="grey", linewidth=1, label="perfectly calibrated")
    if series.scored:
        forecast = [x for x, _, _ in series.scored]
        observed = [y for _, y, _ in series.scored]
        largest = max(n for _, _, n in series.scored)
        curve.plot(forecast, observed, color="C0", linewidth=1.5, label="observed")
        curve.scatter(forecast, observed, s=[30 + 170 * n / largest for _, _, n in series.scored], color="C0", zorder=3)
        for x, y, n in series.scored:
            curve.annotate(f"n={n}", (x, y), textcoords="offset points", xytext=(6, -12), fontsize=8)
    else:
        curve.text(0.5, 0.5, "no scored predictions yet", ha="center", va="center", color="grey")
    curve.set(xlim=(-0.02, 1.02), ylim=(-0.04, 1.04), ylabel="observed frequency (share confirmed)", title=title)
    curve.legend(loc="lower right", frameon=False)
    curve.grid(alpha=0.3)
    counts.bar([low + 0.05 for low in series.bin_lows], series.predictions, width=0.09, color="C0", alpha=0.7)
    counts.set(xlabel="forecast probability", ylabel="predictions")
    counts.yaxis.set_major_locator(MaxNLocator(integer=True))
    counts.grid(alpha=0.3, axis="y")
    return figure


TIMELINE_MEASURES = ("claims", "predictions", "resolutions")


@dataclass(frozen=True)
class TimelineSeries:
    """What the actor timeline draws: for each pair shown, each measure month by month (0 where
    the report has no row), exactly the report's numbers, never added across pairs."""

    months: list[date]
    pairs: dict[str, dict[str, list[int]]]  # "A – B" -> measure -> one count per month
    pairs_not_shown: int


def timeline_series(rows: Sequence[Row], pairs_shown: int = 6) -> TimelineSeries:
    totals: dict[str, int] = {}
    for row in rows:
        pair = _pair(row)
        totals[pair] = totals.get(pair, 0) + sum(row[measure] for measure in TIMELINE_MEASURES)
    shown = sorted(totals, key=lambda p: (-totals[p], p))[:pairs_shown]
    months = _month_range([row["month"] for row in rows])
    pairs = {pair: {measure: [0] * len(months) for measure in TIMELINE_MEASURES} for pair in shown}
    for row in rows:
        if _pair(row) in pairs:
            for measure in TIMELINE_MEASURES:
                pairs[_pair(row)][measure][months.index(row["month"])] = int(row[measure])
    return TimelineSeries(months, pairs, len(totals) - len(shown))


def timeline_figure(rows: Sequence[Row], title: str, pairs_shown: int = 6) -> Figure:
    """Claims, predictions made and predictions resolved per month, one bar per pair of actors
    (the busiest few). Pairs are drawn side by side, never stacked: a claim about three actors
    is in three pairs, so a stack would count it three times in its month."""
    from matplotlib.dates import DateFormatter
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    series = timeline_series(rows, pairs_shown)
    figure = Figure(figsize=(9, 7), layout="constrained")
    panels = figure.subplots(3, 1, sharex=True)
    width = 25 / max(len(series.pairs), 1)  # days: a month's pairs side by side, never stacked
    for panel, measure in zip(panels, TIMELINE_MEASURES):
        for index, (pair, line) in enumerate(series.pairs.items()):
            starts = [month + timedelta(days=index * width) for month in series.months]
            panel.bar(starts, line[measure], width=width, align="edge", label=pair)
        panel.xaxis.set_major_formatter(DateFormatter("%Y-%m"))  # type: ignore[no-untyped-call]
        panel.set_ylabel({"predictions": "predictions made", "resolutions": "predictions resolved"}.get(measure, measure))
        panel.yaxis.set_major_locator(MaxNLocator(integer=True))
        panel.grid(alpha=0.3, axis="y")
    if not rows:
        panels[0].text(0.5, 0.5, "nothing recorded between two actors yet", ha="center", va="center",
                       color="grey", transform=panels[0].transAxes)
    else:
        panels[0].legend(loc="upper left", fontsize=8, frameon=False)
    more = f"; {series.pairs_not_shown} quieter pairs not drawn" if series.pairs_not_shown else ""
    panels[0].set_title(f"{title}\nper pair of actors (a claim about three actors is in each of its three pairs){more}", fontsize=10)
    panels[-1].set_xlabel("month")
    return figure


def _pair(row: Row) -> str:
    return f"{row['actor_a']} – {row['actor_b']}"


def _month_range(months: Sequence[date]) -> list[date]:
    if not months:
        return []
    first, last = min(months), max(months)
    result, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        result.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def calibration_text(rows: Sequence[Row], width: int = 20) -> list[str]:
    """The terminal's calibration chart: per bin, a bar as long as the observed frequency and a │
    where the mean forecast is; a well calibrated bin's bar ends at its │."""
    lines = ["observed frequency █ against mean forecast │ (well calibrated: the bar ends at the │)"]
    for row in rows:
        label, count = str(row["bin"]), row["predictions"]
        if not count:
            lines.append(f"{label:<11} n={count:<5}")
            continue
        observed, forecast = float(row["observed_frequency"]), float(row["mean_forecast"])
        cells = ["█" if i < round(observed * width) else " " for i in range(width + 1)]
        cells[round(forecast * width)] = "│"
        lines.append(f"{label:<11} n={count:<5}{''.join(cells)}  {observed:.2f} observed, {forecast:.2f} forecast")
    return lines
