"""Charts as inline SVG, drawn on the server from a report's rows: no script, no image files.

Each chart says what it shows in its <title> (read by screen readers and shown on hover); every
text in it is escaped."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from markupsafe import Markup

WIDTH, HEIGHT, MARGIN = 640, 320, 48
SERIES_COLOURS = ("#1f6fb2", "#d9822b", "#3a9a5b")


def _svg(title: str, body: list[Markup], *, width: int = WIDTH, height: int = HEIGHT) -> Markup:
    head = Markup('<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {} {}" width="{}" height="{}">'
                  "<title>{}</title>").format(width, height, width, height, title)  # fmt: skip
    return head + Markup("").join(body) + Markup("</svg>")


def calibration(rows: Sequence[dict[str, Any]], *, title: str) -> Markup:
    """Observed frequency against mean forecast per probability bin, beside the diagonal of perfect
    calibration; each point's area grows with the predictions scored in its bin."""
    plot = HEIGHT - 2 * MARGIN
    left, bottom = MARGIN + 8, HEIGHT - MARGIN

    def x(p: float) -> float:
        return left + p * plot

    def y(p: float) -> float:
        return bottom - p * plot

    body = [
        Markup('<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#999"/>').format(left, MARGIN, plot, plot),
        Markup('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#bbb" stroke-dasharray="4 3"/>').format(x(0), y(0), x(1), y(1)),
    ]
    for tick in (0, 0.5, 1):
        body.append(Markup('<text x="{}" y="{}" class="tick" text-anchor="middle">{}</text>').format(x(tick), bottom + 16, tick))
        body.append(Markup('<text x="{}" y="{}" class="tick" text-anchor="end">{}</text>').format(left - 6, y(tick) + 4, tick))
    body.append(Markup('<text x="{}" y="{}" class="axis" text-anchor="middle">mean forecast</text>').format(x(0.5), bottom + 34))
    body.append(Markup('<text x="{}" y="{}" class="axis" transform="rotate(-90 {} {})" text-anchor="middle">observed frequency</text>')
                .format(left - 30, y(0.5), left - 30, y(0.5)))  # fmt: skip
    most = max((int(row.get("predictions") or 0) for row in rows), default=0) or 1
    for row in rows:
        forecast, observed, count = row.get("mean_forecast"), row.get("observed_frequency"), int(row.get("predictions") or 0)
        if forecast is None or observed is None or not count:
            continue
        radius = 3 + 9 * (count / most) ** 0.5
        body.append(
            Markup('<circle cx="{:.1f}" cy="{:.1f}" r="{:.1f}" fill="{}" fill-opacity="0.75"><title>{}: {} predictions, '
                   "mean forecast {:.2f}, observed {:.2f}</title></circle>")
            .format(x(float(forecast)), y(float(observed)), radius, SERIES_COLOURS[0], row.get("bin", ""), count,
                    float(forecast), float(observed))
        )  # fmt: skip
    body.append(Markup('<text x="{}" y="{}" class="heading">{}</text>').format(left, MARGIN - 14, title))
    return _svg(title, body, width=plot + 2 * MARGIN + 120)


def timeline(rows: Sequence[dict[str, Any]], *, title: str, series: Sequence[str] = ("claims", "predictions", "resolutions")) -> Markup:
    """Per month, the series side by side (never stacked: a claim about three actors is in each of
    its pairs), summed over the rows of that month."""
    months: dict[date, list[int]] = {}
    for row in rows:
        month = row["month"]
        totals = months.setdefault(month, [0] * len(series))
        for i, name in enumerate(series):
            totals[i] += int(row.get(name) or 0)
    ordered = sorted(months.items())
    plot_w, plot_h = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN
    left, bottom = MARGIN, HEIGHT - MARGIN
    highest = max((max(v) for _, v in ordered), default=0) or 1
    body = [Markup('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#999"/>').format(left, bottom, left + plot_w, bottom)]
    slot = plot_w / max(len(ordered), 1)
    bar = max(slot / (len(series) + 1), 1)
    for index, (month, values) in enumerate(ordered):
        for i, value in enumerate(values):
            height = plot_h * value / highest
            body.append(
                Markup('<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}"><title>{}: {} {}</title></rect>')
                .format(left + index * slot + i * bar, bottom - height, bar, height, SERIES_COLOURS[i % 3],
                        month.strftime("%Y-%m"), value, series[i])
            )  # fmt: skip
        if len(ordered) <= 12 or index % max(len(ordered) // 12, 1) == 0:
            body.append(Markup('<text x="{:.1f}" y="{}" class="tick" text-anchor="middle">{}</text>')
                        .format(left + index * slot + slot / 2, bottom + 16, month.strftime("%Y-%m")))  # fmt: skip
    body.append(Markup('<text x="{}" y="{}" class="tick" text-anchor="end">{}</text>').format(left - 6, bottom - plot_h + 4, highest))
    for i, name in enumerate(series):
        body.append(Markup('<rect x="{}" y="{}" width="10" height="10" fill="{}"/><text x="{}" y="{}" class="tick">{}</text>')
                    .format(left + 110 * i, 14, SERIES_COLOURS[i % 3], left + 110 * i + 14, 23, name))  # fmt: skip
    body.append(Markup('<text x="{}" y="{}" class="heading" text-anchor="end">{}</text>').format(WIDTH - MARGIN, 23, title))
    return _svg(title, body)


def forecasts(entries: Sequence[Any], *, title: str, until: date) -> Markup:
    """Each forecaster's probability over time, as steps: a forecast stands from its made-on date
    until that forecaster's next one, or `until` (the resolution, or today). `entries` are
    ForecastEntry-like: forecaster, made_on (with .value), probability."""
    by_forecaster: dict[str, list[tuple[date, float]]] = {}
    for entry in entries:
        by_forecaster.setdefault(entry.forecaster, []).append((entry.made_on.value, float(entry.probability)))
    start = min((points[0][0] for points in by_forecaster.values()), default=until)
    span = max((until - start).days, 1)
    plot_w, plot_h = WIDTH - 2 * MARGIN - 140, HEIGHT - 2 * MARGIN
    left, bottom = MARGIN, HEIGHT - MARGIN

    def x(day: date) -> float:
        return left + plot_w * (day - start).days / span

    def y(p: float) -> float:
        return bottom - p * plot_h

    body = [Markup('<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#999"/>').format(left, bottom - plot_h, plot_w, plot_h)]
    for tick in (0, 0.5, 1):
        body.append(Markup('<text x="{}" y="{}" class="tick" text-anchor="end">{}</text>').format(left - 6, y(tick) + 4, tick))
    body.append(Markup('<text x="{}" y="{}" class="tick">{}</text>').format(left, bottom + 16, start.isoformat()))
    body.append(Markup('<text x="{}" y="{}" class="tick" text-anchor="end">{}</text>').format(left + plot_w, bottom + 16, until.isoformat()))
    for index, (forecaster, points) in enumerate(sorted(by_forecaster.items())):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        steps = []
        for (day, p), following in zip(points, [*points[1:], (until, points[-1][1])]):
            steps.append(f"{x(day):.1f},{y(p):.1f} {x(max(following[0], day)):.1f},{y(p):.1f}")
            body.append(Markup('<circle cx="{:.1f}" cy="{:.1f}" r="3" fill="{}"><title>{}: {} on {}</title></circle>')
                        .format(x(day), y(p), colour, forecaster, p, day.isoformat()))  # fmt: skip
        body.append(Markup('<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>').format(" ".join(steps), colour))
        body.append(Markup('<rect x="{}" y="{}" width="10" height="10" fill="{}"/><text x="{}" y="{}" class="tick">{}</text>')
                    .format(left + plot_w + 12, bottom - plot_h + 18 * index, colour, left + plot_w + 26, bottom - plot_h + 9 + 18 * index,
                            forecaster))  # fmt: skip
    body.append(Markup('<text x="{}" y="{}" class="heading">{}</text>').format(left, MARGIN - 14, title))
    return _svg(title, body)
