"""The forecast score reports at scale (issue 13): every report that reads forecasts, as
`claimtrack report NAME` runs it (claimtrack.services.reports.run_report), median and max of N
warm runs, with no filter and narrowed by each filter it takes.

The dataset is bench/generate.py's, copied in by bench/floor.py, at a scale of its own: claims do
not enter these views (only the sources of the claims a forecast cites), so 200,000 claims stand
in for the million. At the default scale: 200,000 predictions, each with about 5 forecasts
(1,045,000 in all, 465,000 citations), 100,000 sources, 2,000 actors.

    python bench/forecasts.py                            # load at head, measure
    python bench/forecasts.py --revision 20261208_0016 --keep          # load at an older schema
    python bench/forecasts.py --reuse --upgrade          # then: measure, upgrade to head, measure again
    python bench/forecasts.py --reuse --writers          # also what the forecast triggers cost writers
Without --server-url it runs an embedded PostgreSQL under --home (kept, so that --reuse finds it).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import psycopg

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from floor import copy_dataset  # noqa: E402
from generate import Dataset, Scale  # noqa: E402
from run import CLAIMTRACK, command_runs, libpq, machine, with_database  # noqa: E402

DATABASE = "bench_forecasts"
SLOW_S = 3.0  # a report slower than this once warm is timed once more, not N times


def timed(function: Any, runs: int) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        function()  # warm-up, not counted
    except psycopg.errors.QueryCanceled:
        return {"timed_out_after_s": round(time.perf_counter() - started, 1)}
    if time.perf_counter() - started > SLOW_S:
        runs = 1
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - started)
    return {"median_ms": round(statistics.median(seconds) * 1000, 1), "max_ms": round(max(seconds) * 1000, 1), "runs": runs}


def load(server_url: str, revision: str, scale: Scale) -> tuple[str, dict[str, float]]:
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    from claimtrack.config import normalise_url
    from claimtrack.db.engine import upgrade

    with psycopg.connect(libpq(server_url), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{DATABASE}"')
    url = with_database(normalise_url(server_url), DATABASE)
    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as connection:
        upgrade(connection, revision)
    engine.dispose()
    timings = copy_dataset(libpq(url), Dataset(scale))
    vacuum(url)
    return url, timings


def vacuum(url: str) -> None:
    with psycopg.connect(libpq(url), autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def cases(connection: psycopg.Connection[Any], today: date) -> list[tuple[str, dict[str, Any]]]:
    """Each report with no filter and with each filter it takes: the actor who made the most
    forecasts, the most and the least used tag of predictions, --since a year back."""
    actor = connection.execute(
        "SELECT a.name FROM forecast f JOIN actor a ON a.id = f.actor_id GROUP BY a.name ORDER BY count(*) DESC, a.name LIMIT 1"
    ).fetchone()[0]  # type: ignore[index]
    tags = [row[0] for row in connection.execute(
        "SELECT t.name FROM prediction_tag x JOIN tag t ON t.id = x.tag_id GROUP BY t.name ORDER BY count(*) DESC, t.name"
    )]  # fmt: skip
    common, rare = tags[0], tags[-1]
    since = today - timedelta(days=365)
    connection.rollback()
    return [
        ("forecast_scores", {}),
        ("forecast_scores", {"actor": actor}),
        ("forecast_scores", {"since": since}),
        ("forecast_scores", {"tag": common}),
        ("forecast_scores", {"tag": rare}),
        ("forecaster_scoreboard", {}),
        ("forecaster_scoreboard", {"actor": actor}),
        ("forecaster_scoreboard", {"since": since}),
        ("forecaster_scoreboard", {"since": today - timedelta(days=4 * 365)}),
        ("forecaster_scoreboard", {"tag": common}),
        ("forecaster_scoreboard", {"tag": rare}),
        ("forecaster_scoreboard", {"tag": common, "since": since}),
        ("forecaster_scoreboard", {"tag": rare, "since": since}),
        ("calibration_summary", {}),
        ("calibration_summary", {"tag": common}),
        ("calibration_summary", {"tag": rare}),
        ("source_forecast_value", {}),
    ]


def label(name: str, filters: dict[str, Any]) -> str:
    return " ".join([name, *(f"--{key} {value}" for key, value in filters.items())])


def measure(url: str, runs: int, today: date, timeout_s: int) -> dict[str, dict[str, Any]]:
    from claimtrack.services.reports import run_report

    results: dict[str, dict[str, Any]] = {}
    with psycopg.connect(libpq(url)) as connection:
        connection.execute(f"SET statement_timeout = '{timeout_s}s'")
        connection.commit()
        for name, filters in cases(connection, today):
            shown: list[int] = []

            def one(name: str = name, filters: dict[str, Any] = filters, shown: list[int] = shown) -> None:
                try:
                    result = run_report(connection, name=name, **filters)  # every row shown is fetched
                    shown[:] = [len(result.rows)]
                finally:
                    connection.rollback()

            results[label(name, filters)] = {**timed(one, runs), "rows": shown[0] if shown else None}
            print(f"  {label(name, filters):60} {results[label(name, filters)]}", file=sys.stderr)
    return results


# Forecasters put on each prediction a resolution is timed on: the most prolific, whose dates the
# resolution's totals (their dates and months: forecaster_day_total, forecaster_month_total) reach furthest.
MANY_FORECASTERS = 20


def measure_writers(url: str, runs: int) -> dict[str, dict[str, Any]]:
    """What the forecast score triggers cost a writer, as `claimtrack` commands in a process each
    (as bench/run.py's measure_cli times them): a forecast on an open prediction beside a claim add
    (issue 13: a forecast costs no more), and a verdict on a prediction that MANY_FORECASTERS of the
    most prolific forecasters forecast on, each run on a prediction of its own. The forecasts those
    verdicts need are written first, with SQL; the runs stay in the database (a kept one: --reuse)."""
    env = {k: v for k, v in os.environ.items() if k not in ("CLAIMTRACK_DATABASE_URL", "DATABASE_URL")}
    stamp = int(time.time())
    with psycopg.connect(libpq(url)) as connection:
        forecaster = connection.execute(
            "SELECT a.name FROM forecast f JOIN actor a ON a.id = f.actor_id GROUP BY a.name ORDER BY count(*) DESC, a.name LIMIT 1"
        ).fetchone()[0]  # type: ignore[index]
        open_ids = [row[0] for row in connection.execute(
            "SELECT id FROM prediction WHERE status = 'open' AND made_on <= current_date ORDER BY id DESC LIMIT %s", (2 * (runs + 1),)
        )]  # fmt: skip
        forecast_on, resolve = open_ids[: runs + 1], open_ids[runs + 1 :]
        connection.execute(
            "INSERT INTO forecast (prediction_id, actor_id, probability, made_on, recorded_by) "
            "SELECT p.id, a.id, 0.2 + 0.6 * random(), p.made_on, 'bench' FROM prediction p, "
            "(SELECT f.actor_id AS id FROM forecast f WHERE f.actor_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT %s) a "
            "WHERE p.id = ANY(%s) AND NOT EXISTS (SELECT FROM forecast x WHERE x.prediction_id = p.id AND x.actor_id = a.id)",
            (MANY_FORECASTERS, resolve),
        )
        forecasters = connection.execute(
            "SELECT min(n), max(n) FROM (SELECT count(DISTINCT coalesce(actor_id, -source_id)) AS n FROM forecast WHERE prediction_id = ANY(%s) GROUP BY prediction_id) c",
            (resolve,),
        ).fetchone()
        evidence = connection.execute("SELECT min(id) FROM source").fetchone()[0]  # type: ignore[index]
        connection.commit()
    database = ["--database-url", url]
    results = {
        "claimtrack claim add": command_runs(
            [CLAIMTRACK, *database, "claim", "add"], runs, env,
            vary=lambda n: [f"Benchmark latency probe {stamp} number {n}: a new statement each run", "--allow-duplicate"],
        ),
        "claimtrack prediction forecast": command_runs(
            [CLAIMTRACK, *database, "prediction", "forecast"], runs, env,
            vary=lambda n: [str(forecast_on[n]), "--by", forecaster, "--probability", "0.65", "--note", f"bench {stamp}"],
        ),
        f"claimtrack prediction confirm ({forecasters[0] if forecasters else '?'}-{forecasters[1] if forecasters else '?'} forecasters)": command_runs(
            [CLAIMTRACK, *database, "prediction", "confirm"], runs, env,
            vary=lambda n: [str(resolve[n]), "--evidence", str(evidence), "--note", f"bench {stamp}"],
        ),
    }
    for name, timing in results.items():
        print(f"  {name:60} {timing}", file=sys.stderr)
    return results


def counts(url: str) -> dict[str, int]:
    with psycopg.connect(libpq(url)) as connection:
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]
            for table in ("prediction", "forecast", "forecast_evidence", "source", "actor")
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--predictions", type=int, default=200_000)
    parser.add_argument("--claims", type=int, default=200_000, help="claims (they do not enter the forecast views)")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--timeout", type=int, default=60, help="seconds a report may take before it is given up (statement_timeout)")
    parser.add_argument("--revision", default="head", help="the schema to load into (default head)")
    parser.add_argument("--reuse", action="store_true", help=f"measure the database {DATABASE} a previous run kept")
    parser.add_argument("--keep", action="store_true", help="keep the database (and the embedded server running)")
    parser.add_argument("--upgrade", action="store_true", help="after measuring, upgrade to head and measure again")
    parser.add_argument("--writers", action="store_true", help="also time claim add, prediction forecast and a verdict on a prediction with many forecasters (CLI)")
    parser.add_argument("--no-reports", action="store_true", help="skip the reports (with --writers: the writers only)")
    parser.add_argument("--server-url", help="maintenance-database URL of a server to use (default: an embedded one under --home)")
    parser.add_argument("--home", type=Path, default=Path("/tmp/claimtrack-bench-forecasts"))
    parser.add_argument("--output", type=Path, help="JSON result file (default: bench/results/forecasts-PREDICTIONS.json)")
    arguments = parser.parse_args()

    from claimtrack.config import normalise_url

    server_url = arguments.server_url
    embedded_home = None
    if server_url is None:
        from claimtrack.db import embedded

        embedded_home = arguments.home / "server"
        server_url = embedded.ensure_running(embedded_home).url("postgres", user=embedded.SUPERUSER)
    scale = Scale(claims=arguments.claims, predictions=arguments.predictions, sources=100_000 if arguments.predictions >= 100_000 else max(arguments.predictions // 2, 10), actors=2000)
    today = Dataset(scale).today
    result: dict[str, Any] = {"started_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                              "scale": scale.__dict__, "machine": machine(), "runs": arguments.runs}  # fmt: skip
    try:
        if arguments.reuse:
            url = with_database(normalise_url(server_url), DATABASE)
        else:
            print(f"bench: loading {scale} at {arguments.revision}", file=sys.stderr)
            url, loaded = load(server_url, arguments.revision, scale)
            result["load_s"] = round(loaded["total"], 1)
        result["rows"] = counts(url)
        with psycopg.connect(libpq(url)) as connection:
            result["revision"] = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]  # type: ignore[index]
        print(f"bench: {result['rows']} at {result['revision']}, load {os.getloadavg()}", file=sys.stderr)
        if not arguments.no_reports:
            result["reports"] = measure(url, arguments.runs, today, arguments.timeout)
        if arguments.writers:
            result["writers"] = measure_writers(url, arguments.runs)
        if arguments.upgrade:
            from sqlalchemy import create_engine
            from sqlalchemy.pool import NullPool

            from claimtrack.db.engine import upgrade

            engine = create_engine(url, poolclass=NullPool)
            started = time.perf_counter()
            with engine.begin() as connection:
                upgrade(connection, "head")
            engine.dispose()
            result["upgrade_s"] = round(time.perf_counter() - started, 1)
            vacuum(url)
            with psycopg.connect(libpq(url)) as connection:
                result["upgraded_to"] = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]  # type: ignore[index]
            print(f"bench: upgraded to {result['upgraded_to']} in {result['upgrade_s']} s, load {os.getloadavg()}", file=sys.stderr)
            result["reports_after_upgrade"] = measure(url, arguments.runs, today, arguments.timeout)
        result["uptime"] = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
        output = arguments.output or HERE / "results" / f"forecasts-{scale.predictions}.json"
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(result, indent=2, default=str) + "\n")
        print(f"bench: results written to {output}", file=sys.stderr)
        if not arguments.keep:
            with psycopg.connect(libpq(server_url), autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    finally:
        if embedded_home is not None and not arguments.keep:
            from claimtrack.db import embedded

            embedded.stop(embedded_home)


if __name__ == "__main__":
    main()
