"""What drawing a table costs beyond the query: claimtrack's `table` format (claimtrack.cli.output)
on 1, 100 and 1,000 rows shaped like its widest outputs, at 80 and 200 columns, against a floor
(the same cells, as str(), joined by tabs: the least any output of those rows could cost) and
against the rich table it replaced (overflow="fold"; on request, as it is slow).

No database: the rows are made here, with the columns and value types of the reports (the values
are what a report's rows hold: dates, timestamps, lists, floats, long statements). Usage:
    python bench/tables.py                 # median of 7 runs of each
    python bench/tables.py --runs 15 --rich
    python bench/tables.py --json results/tables.json
Prints milliseconds (median and max) and which layout the table took (table or blocks).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claimtrack.cli.output import Rows, render  # noqa: E402

WORDS = ("North Korea Russia shells artillery Pyongyang Moscow treaty sanctions missiles drones ammunition "
         "Rajin port rail Tumen bridge satellite imagery shipment container report analysts officials "
         "Ukraine front Kursk Kim Putin visit summit cooperation exchange oil grain technology").split()


def sentence(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))).capitalize() + "."


def recent_changes(rng: random.Random, n: int) -> Rows:
    """reporting.recent_changes: 15 columns, the most text of any report."""
    columns = ["changed_at", "kind", "record_id", "statement", "from_status", "to_status", "changed_by", "reason",
               "evidence", "effective_on", "actors", "tags", "evidence_source_id", "change_id", "login"]
    start = datetime(2026, 11, 1, tzinfo=timezone.utc)
    rows = [
        [start + timedelta(minutes=7 * i), rng.choice(["claim", "prediction"]), rng.randint(1, 10**6), sentence(rng, 8, 30),
         rng.choice([None, "open", "unverified"]), rng.choice(["confirmed", "refuted", "corroborated"]),
         rng.choice(["alice", "bob", "an analyst"]), sentence(rng, 0, 20) if rng.random() < 0.7 else None,
         sentence(rng, 3, 12) if rng.random() < 0.5 else None, date(2026, 11, 1) + timedelta(days=i % 30),
         rng.sample(["North Korea", "Russia", "Ukraine", "Kim Jong Un", "Vladimir Putin"], rng.randint(1, 4)),
         rng.sample(["arms-transfer", "north-korea-russia", "sanctions", "summit", "war-in-ukraine"], rng.randint(0, 3)),
         rng.choice([None, rng.randint(1, 5000)]), i + 1, "claimtrack"]
        for i in range(n)
    ]
    return Rows(columns, rows, title="recent_changes")


def scoreboard(rng: random.Random, n: int) -> Rows:
    """reporting.prediction_scoreboard: 16 columns, the most columns of any report (most of them numbers)."""
    columns = ["predictor", "predictor_kind", "total", "open", "overdue", "confirmed", "refuted", "ambiguous",
               "withdrawn", "decided", "hit_rate", "scored", "brier_score", "log_score", "predictor_actor_id",
               "predictor_source_id"]
    rows = []
    for i in range(n):
        confirmed, refuted = rng.randint(0, 300), rng.randint(0, 300)
        scored = rng.randint(0, confirmed + refuted)
        rows.append([sentence(rng, 1, 10), rng.choice(["actor", "source"]), confirmed + refuted + 40, 20, rng.randint(0, 20),
                     confirmed, refuted, rng.randint(0, 9), rng.randint(0, 9), confirmed + refuted,
                     confirmed / (confirmed + refuted) if confirmed + refuted else None, scored,
                     rng.random() if scored else None, rng.random() * 2 if scored else None, i + 1, None])
    return Rows(columns, rows, title="prediction_scoreboard")


def claim_list(rng: random.Random, n: int) -> Rows:
    """claim list: 10 columns, a long statement and lists of actors and tags."""
    columns = ["id", "status", "credibility", "occurred", "stated", "statement", "actors", "tags", "sources", "recorded_on"]
    rows = [
        [i + 1, rng.choice(["unverified", "corroborated", "confirmed"]), rng.randint(1, 6), str(rng.randint(1990, 2026)),
         f"{rng.randint(2000, 2026)}-{rng.randint(1, 12):02d}", sentence(rng, 6, 40),
         rng.sample(["North Korea", "Russia", "Ukraine", "Kim Jong Un", "Vladimir Putin"], rng.randint(1, 4)),
         rng.sample(["arms-transfer", "north-korea-russia", "sanctions", "summit"], rng.randint(0, 3)),
         rng.randint(0, 5), date(2026, 12, 1)]
        for i in range(n)
    ]
    return Rows(columns, rows, title="claims")


SHAPES: dict[str, Callable[[random.Random, int], Rows]] = {
    "recent_changes": recent_changes,
    "prediction_scoreboard": scoreboard,
    "claim list": claim_list,
}


def ours(rows: Rows) -> str:
    sink = io.StringIO()
    sys.stdout, saved = sink, sys.stdout
    try:
        render(rows, "table")
    finally:
        sys.stdout = saved
    return sink.getvalue()


def floor(rows: Rows) -> str:
    sink = io.StringIO()
    sink.write("\t".join(rows.columns) + "\n")
    for row in rows.rows:
        sink.write("\t".join("" if v is None else str(v) for v in row) + "\n")
    return sink.getvalue()


def with_rich(rows: Rows) -> str:
    """The table as claimtrack drew it before: rich, every column overflow="fold"."""
    from rich.console import Console
    from rich.table import Table

    from claimtrack.cli.output import text

    console = Console(soft_wrap=False, highlight=False, markup=False, width=int(os.environ["COLUMNS"]))
    table = Table(title=rows.title, title_justify="left")
    for column in rows.columns:
        table.add_column(column, overflow="fold")
    for row in rows.rows:
        table.add_row(*(text(v) for v in row))
    with console.capture() as captured:
        console.print(table)
    return captured.get()


def timed(draw: Callable[[Rows], str], rows: Rows, runs: int) -> tuple[list[float], str]:
    times, drawn = [], ""
    for _ in range(runs):
        started = time.perf_counter()
        drawn = draw(rows)
        times.append((time.perf_counter() - started) * 1000)
    return times, drawn


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rich", action="store_true", help="also time the rich table it replaced (slow at 1,000 rows)")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    options = parser.parse_args(argv)
    rng = random.Random(20261204)
    figures: list[dict[str, Any]] = []
    print(f"python {platform.python_version()}, {os.cpu_count()} cores; median / max of {options.runs} runs, ms")
    print(f"{'shape':<22} {'rows':>5} {'cols':>4}  {'layout':<6} {'table':>15} {'floor':>13} {'ratio':>6}" + ("  rich (before)" if options.rich else ""))
    for shape, make in SHAPES.items():
        for count in (1, 100, 1000):
            rows = make(rng, count)
            for width in (80, 200):
                os.environ["COLUMNS"] = str(width)
                ours(rows)  # warm: the first call imports what the renderer needs
                table_times, drawn = timed(ours, rows, options.runs)
                floor_times, _ = timed(floor, rows, options.runs)
                layout = "blocks" if "-[ RECORD 1 ]" in drawn else "table"
                figure: dict[str, Any] = {
                    "shape": shape, "rows": count, "columns": width, "layout": layout,
                    "table_ms": statistics.median(table_times), "table_max_ms": max(table_times),
                    "floor_ms": statistics.median(floor_times), "floor_max_ms": max(floor_times),
                }
                line = (f"{shape:<22} {count:>5} {width:>4}  {layout:<6} "
                        f"{figure['table_ms']:>7.2f} / {figure['table_max_ms']:>5.1f} "
                        f"{figure['floor_ms']:>6.2f} / {figure['floor_max_ms']:>4.1f} "
                        f"{figure['table_ms'] / max(figure['floor_ms'], 1e-6):>5.1f}×")
                if options.rich:
                    rich_times, _ = timed(with_rich, rows, max(1, min(options.runs, 3)))
                    figure["rich_ms"] = statistics.median(rich_times)
                    line += f"  {figure['rich_ms']:>9.1f}"
                print(line, flush=True)
                figures.append(figure)
    if options.json:
        options.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
