"""Pictures of reports: a calibration chart and an actor timeline as PNG or SVG (matplotlib, the
optional `charts` extra), and the compact calibration chart drawn in the terminal (no extra)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
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


def draw(kind: str, rows: Sequence[Row], path: Path, *, title: str) -> None:
    """Write the chart of `kind` ("calibration" or "timeline") to `path`; the suffix picks PNG or SVG."""
    require_matplotlib()
    figure = calibration_figure(rows, title) if kind == "calibration" else timeline_figure(rows, title)
    figure.savefig(path, format=path.suffix.lstrip(".").lower(), dpi=150)


def calibration_figure(rows: Sequence[Row], title: str) -> Figure:
    """Observed frequency against mean forecast per bin, the diagonal of perfect calibration, and
    below it the number of predictions in each bin."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(6, 7), layout="constrained")
    curve, counts = figure.subplots(2, 1, height_ratios=[3, 1], sharex=True)
    curve.plot([0, 1], [0, 1], linestyle="--", color="grey", linewidth=1, label="perfectly calibrated")
    filled = [row for row in rows if row["predictions"]]
    if filled:
        forecast = [float(row["mean_forecast"]) for row in filled]
        observed = [float(row["observed_frequency"]) for row in filled]
        largest = max(row["predictions"] for row in filled)
        curve.plot(forecast, observed, color="C0", linewidth=1.5, label="observed")
        curve.scatter(forecast, observed, s=[30 + 170 * row["predictions"] / largest for row in filled], color="C0", zorder=3)
        for x, y, row in zip(forecast, observed, filled):
            curve.annotate(f"n={row['predictions']}", (x, y), textcoords="offset points", xytext=(6, -12), fontsize=8)
    else:
        curve.text(0.5, 0.5, "no scored predictions yet", ha="center", va="center", color="grey")
    curve.set(xlim=(-0.02, 1.02), ylim=(-0.04, 1.04), ylabel="observed frequency (share confirmed)", title=title)
    curve.legend(loc="lower right", frameon=False)
    curve.grid(alpha=0.3)
    lows = [float(row["bin_low"]) for row in rows]
    counts.bar([low + 0.05 for low in lows], [row["predictions"] for row in rows], width=0.09, color="C0", alpha=0.7)
    counts.set(xlabel="forecast probability", ylabel="predictions")
    counts.yaxis.set_major_locator(MaxNLocator(integer=True))
    counts.grid(alpha=0.3, axis="y")
    return figure


def timeline_figure(rows: Sequence[Row], title: str, pairs_shown: int = 6) -> Figure:
    """Claims, predictions made and predictions resolved per month, stacked by pair of actors
    (the busiest few; the rest together as "other pairs")."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    totals: dict[str, int] = {}
    for row in rows:
        pair = f"{row['actor_a']} – {row['actor_b']}"
        totals[pair] = totals.get(pair, 0) + row["claims"] + row["predictions"] + row["resolutions"]
    shown = sorted(totals, key=lambda p: (-totals[p], p))[:pairs_shown]
    months = _month_range([row["month"] for row in rows])
    measures = ("claims", "predictions", "resolutions")
    series: dict[str, dict[str, list[int]]] = {pair: {m: [0] * len(months) for m in measures} for pair in shown}
    for row in rows:
        pair = f"{row['actor_a']} – {row['actor_b']}"
        line = series.setdefault(pair if pair in shown else "other pairs", {m: [0] * len(months) for m in measures})
        for measure in measures:
            line[measure][months.index(row["month"])] += row[measure]

    figure = Figure(figsize=(9, 7), layout="constrained")
    panels = figure.subplots(3, 1, sharex=True)
    for panel, measure in zip(panels, measures):
        # Stacked bars, a month wide: pairs never hide one another, and the stack is the month's total.
        base = [0] * len(months)
        for pair, line in series.items():
            panel.bar(months, line[measure], bottom=base, width=25, align="edge", label=pair)
            base = [b + v for b, v in zip(base, line[measure])]
        panel.set_ylabel(measure if measure != "predictions" else "predictions made")
        panel.yaxis.set_major_locator(MaxNLocator(integer=True))
        panel.grid(alpha=0.3, axis="y")
    if not rows:
        panels[0].text(0.5, 0.5, "nothing recorded between two actors yet", ha="center", va="center",
                       color="grey", transform=panels[0].transAxes)
    else:
        panels[0].legend(loc="upper left", fontsize=8, frameon=False)
    panels[0].set_title(title)
    panels[-1].set_xlabel("month")
    return figure


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
