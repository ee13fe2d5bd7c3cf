"""Many writers at once (not part of the test suite): throughput and p95 latency of 1, 4 and 16
concurrent writers, each a process with its own connection, beside a floor, and how long a
`claim add` waits while a bulk `claimtrack import` runs.

1. Adding claims: claimtrack's add_claim (its near-duplicate check included) in a transaction as
   `claimtrack claim add` opens it (Database.transaction), vs the floor: the same INSERT INTO claim
   through plain psycopg, one transaction each, no checks. Every statement is new, generated text
   unrelated to any other (no add is refused as a duplicate).
2. Resolving predictions: resolve_prediction (confirmed, on a source) on distinct open
   predictions, vs the floor: the same conditional UPDATE alone.
3. A `claimtrack claim add` (the CLI, a subprocess) started once a `claimtrack import` of a
   synthetic export holds its locks: the seconds it takes, beside the same add with no import.

Floor and claimtrack runs alternate (floor, claimtrack, floor, claimtrack, ...) so that the load
of a shared machine falls on both; each figure is the better of its rounds. The database holds a
synthetic dataset first (--base-claims), so the duplicate check has claims to search. Usage:
    python bench/concurrency.py                        # 20,000 claims held, 800 operations a run, 2 rounds
    python bench/concurrency.py --smoke                # a quick run that keeps the harness working
    python bench/concurrency.py --import-claims 0      # leave out the add-during-import measurement
    python bench/concurrency.py --server-url postgresql://postgres@/postgres?host=/path
Without --server-url it starts a fresh embedded PostgreSQL in a temporary CLAIMTRACK_HOME.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import psycopg

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from dataset_file import write_ndjson  # noqa: E402
from floor import copy_dataset  # noqa: E402
from generate import Dataset, Scale  # noqa: E402
from run import CLAIMTRACK, drop_database, fresh_database, libpq, machine, vacuum_analyze  # noqa: E402

WRITERS = (1, 4, 16)
DATABASE = "bench_concurrency"
IMPORT_DATABASE = "bench_concurrency_import"

# The floor's statements: what add_claim and resolve_prediction write, without what they check.
FLOOR_ADD = "INSERT INTO claim (statement, credibility, recorded_by) VALUES (%s, 6, %s) RETURNING id"
FLOOR_RESOLVE = (
    "UPDATE prediction SET status = 'confirmed', resolved_on = current_date, evidence_source_id = %s, resolution_note = NULL"
    " WHERE id = %s AND status = 'open' RETURNING id"
)
EVIDENCE_SOURCE = 1  # a source of the synthetic dataset


# --- one writer (a process of its own) -------------------------------------------------------


def writer(path: str, operation: str, url: str, number: int, items: list[Any], barrier: Any, results: Any) -> None:
    """Connect, wait for every other writer, then do each item in its own transaction, timing each."""
    name = f"writer-{number}"
    latencies: list[float] = []
    failures: list[str] = []
    if path == "claimtrack":
        from claimtrack.config import DatabaseChoice
        from claimtrack.db.engine import Database
        from claimtrack.services.claims import add_claim
        from claimtrack.services.predictions import resolve_prediction

        database = Database(DatabaseChoice(url=url, origin="bench"))
        # Connected and the schema checked before the clock starts. A `claimtrack claim add` is one
        # process and one connection for one add, so psycopg never prepares its statements (it does
        # from the fifth execution on a connection, and the server may then settle on a generic
        # plan); this long-lived connection must not either.
        database.connection.prepare_threshold = None

        def one(item: Any) -> None:
            with database.transaction(actor=name) as connection:
                if operation == "add":
                    add_claim(connection, statement=item, recorded_by=name)
                else:
                    resolve_prediction(connection, prediction_id=item, outcome="confirmed", recorded_by=name, evidence=EVIDENCE_SOURCE)

        close = database.dispose
    else:
        connection = psycopg.connect(libpq(url), autocommit=True, prepare_threshold=None)

        def one(item: Any) -> None:
            with connection.transaction():
                if operation == "add":
                    row = connection.execute(FLOOR_ADD, (item, name)).fetchone()
                else:
                    row = connection.execute(FLOOR_RESOLVE, (EVIDENCE_SOURCE, item)).fetchone()
                if row is None:
                    raise RuntimeError(f"{operation} {item!r} wrote nothing")

        close = connection.close
    barrier.wait()
    started = time.perf_counter()
    for item in items:
        begun = time.perf_counter()
        try:
            one(item)
        except Exception as error:  # counted and reported: a refused add would skew the figures
            failures.append(f"{type(error).__name__}: {str(error)[:200]}")
        latencies.append(time.perf_counter() - begun)
    finished = time.perf_counter()
    close()
    results.put({"started": started, "finished": finished, "latencies": latencies, "failures": failures})


def run_writers(path: str, operation: str, url: str, work: list[list[Any]]) -> dict[str, Any]:
    """One run: len(work) writers at once, writer n doing work[n]; throughput over the run's wall
    time (first start to last finish), p95 of every operation's latency."""
    context = multiprocessing.get_context("spawn")  # no connection of this process is shared
    barrier = context.Barrier(len(work))
    results = context.Queue()
    processes = [
        context.Process(target=writer, args=(path, operation, url, number, items, barrier, results))
        for number, items in enumerate(work)
    ]
    for process in processes:
        process.start()
    reports = [results.get(timeout=600) for _ in processes]
    for process in processes:
        process.join()
    latencies = sorted(latency for report in reports for latency in report["latencies"])
    wall = max(r["finished"] for r in reports) - min(r["started"] for r in reports)
    failures = [failure for report in reports for failure in report["failures"]]
    return {
        "operations": len(latencies),
        "seconds": round(wall, 3),
        "ops_per_s": round(len(latencies) / wall, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p95_ms": round(latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))] * 1000, 2),
        "failures": len(failures),
        "first_failure": failures[0] if failures else None,
    }


# --- what the writers write ------------------------------------------------------------------


def new_statements(dataset: Dataset, label: str, writers: int, operations: int) -> list[list[str]]:
    """Generated statements, a fresh random stream per run and writer: unrelated to each other
    and to the claims held (two of them score far below the duplicate threshold)."""
    per_writer = operations // writers
    return [
        [dataset._sentence(random.Random(f"{label}:{n}:{i}")) for i in range(per_writer)]
        for n in range(writers)
    ]


def open_predictions(url: str, label: str, writers: int, operations: int) -> list[list[int]]:
    """`operations` new open predictions, dealt out to the writers: no two resolve the same one."""
    per_writer = operations // writers
    with psycopg.connect(libpq(url)) as connection:
        connection.execute("SELECT set_config('claimtrack.actor', 'bench', true)")
        ids = [row[0] for row in connection.execute(
            "INSERT INTO prediction (statement, made_on, resolve_by, recorded_by)"
            " SELECT format('Bench %%s: expected event %%s', %s::text, g), current_date - 30, current_date + 30, 'bench'"
            " FROM generate_series(1, %s) AS g RETURNING id",
            (label, per_writer * writers),
        )]
    vacuum_analyze(url)
    return [ids[n::writers] for n in range(writers)]


CHECK = (
    "SELECT id, statement, similarity(statement, %(statement)s) AS score FROM claim"
    " WHERE statement %% %(statement)s AND deleted_at IS NULL AND id IS DISTINCT FROM %(other_than)s"
    " ORDER BY score DESC, id LIMIT 5"
)  # the near-duplicate check's query, as services.claims runs it


def check_plan(url: str, statement: str) -> dict[str, Any]:
    """How the server runs the near-duplicate check's query for one new statement, and how long."""
    with psycopg.connect(libpq(url)) as connection:
        connection.execute("SELECT set_config('pg_trgm.similarity_threshold', '0.8', true)")
        plan = connection.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + CHECK, {"statement": statement, "other_than": None}).fetchone()[0][0]  # type: ignore[index]
    node = plan["Plan"]
    scans = []
    while node:
        if "Scan" in node["Node Type"]:
            scans.append(node["Node Type"] + (f" using {node['Index Name']}" if "Index Name" in node else ""))
        node = node.get("Plans", [None])[0]
    return {"scan": ", ".join(scans), "ms": round(plan["Execution Time"], 1)}


def measure_writers(url: str, dataset: Dataset, operations: int, rounds: int) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for operation in ("add", "resolve"):
        for writers in WRITERS:
            runs: dict[str, list[dict[str, Any]]] = {"floor": [], "claimtrack": []}
            for round_ in range(rounds):
                for path in ("floor", "claimtrack"):
                    label = f"{operation}-{writers}-{round_}-{path}"
                    if operation == "add":
                        work: list[list[Any]] = new_statements(dataset, label, writers, operations)
                        vacuum_analyze(url)  # every run starts from fresh statistics, as the planner sees them
                    else:
                        work = open_predictions(url, label, writers, operations)
                    plan = check_plan(url, work[0][0]) if operation == "add" and path == "claimtrack" else None
                    run = run_writers(path, operation, url, work)
                    if plan is not None:
                        run["duplicate_check_plan"] = plan
                    runs[path].append(run)
                    print(f"bench: {operation} × {writers:>2} writers, {path:<10} {run['ops_per_s']:>8,.1f} ops/s, "
                          f"p95 {run['p95_ms']:>7.1f} ms, {run['failures']} failed, load {os.getloadavg()[0]:.2f}"
                          + (f"; check: {plan['scan']}, {plan['ms']} ms" if plan else ""), file=sys.stderr)
                    if run["failures"]:
                        print(f"bench: first failure: {run['first_failure']}", file=sys.stderr)
            best = {path: max(done, key=lambda r: r["ops_per_s"]) for path, done in runs.items()}
            results[f"{operation} × {writers}"] = {
                "floor": best["floor"],
                "claimtrack": best["claimtrack"],
                "claimtrack_vs_floor": round(best["claimtrack"]["ops_per_s"] / best["floor"]["ops_per_s"], 3),
                "rounds": runs,
            }
    return results


# --- a claim add during an import ------------------------------------------------------------


def import_lock_holder(connection: psycopg.Connection[Any]) -> str | None:
    """The lock mode the import's session holds on claim, once it holds one."""
    row = connection.execute(
        "SELECT l.mode FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
        " WHERE l.relation = 'claim'::regclass AND l.granted AND a.application_name = 'claimtrack-import'"
        " AND l.mode IN ('ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock') LIMIT 1"
    ).fetchone()
    return str(row[0]) if row else None


def claim_add(url: str, statement: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run([CLAIMTRACK, "--database-url", url, "claim", "add", statement], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"bench: claim add failed ({done.returncode}): {done.stderr.strip()[:500]}")
    return elapsed


def measure_add_during_import(url: str, data_file: Path, held: int, env: dict[str, str], dataset: Dataset) -> dict[str, Any]:
    """Start `claimtrack import`, wait until it holds its lock on claim, then time one `claim add`."""
    alone = [claim_add(url, dataset._sentence(random.Random(f"alone:{held}:{n}")), env) for n in range(4)][1:]
    import_env = {**env, "PGAPPNAME": "claimtrack-import"}
    started = time.perf_counter()
    importer = subprocess.Popen([CLAIMTRACK, "--database-url", url, "import", str(data_file)], env=import_env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    mode = None
    with psycopg.connect(libpq(url), autocommit=True) as watcher:
        while mode is None and importer.poll() is None:
            mode = import_lock_holder(watcher)
            time.sleep(0.05)
    if mode is None:
        raise SystemExit(f"bench: the import ended before it was seen holding a lock: {importer.communicate()[1][:500]}")
    locked_after = time.perf_counter() - started
    add_started = time.perf_counter()
    waited = claim_add(url, dataset._sentence(random.Random(f"during:{held}")), env)
    add_finished = time.perf_counter()
    _, errors = importer.communicate()
    import_finished = time.perf_counter()
    if importer.returncode != 0:
        raise SystemExit(f"bench: claimtrack import failed: {errors.strip()[:1000]}")
    # The same add alone again, the imported claims now among those its duplicate check searches.
    after = [claim_add(url, dataset._sentence(random.Random(f"after:{held}:{n}")), env) for n in range(3)]
    return {
        "claims_held_before": held,
        "import_s": round(import_finished - started, 2),
        "import_lock_on_claim": mode,
        "lock_seen_after_s": round(locked_after, 2),
        "add_during_import_s": round(waited, 2),
        "add_alone_s": round(statistics.median(alone), 3),
        "add_finished_after_import_by_s": round(add_finished - import_finished, 2),
        "add_alone_after_import_s": round(statistics.median(after), 3),
    }


# --- the run ---------------------------------------------------------------------------------


def print_table(result: dict[str, Any]) -> None:
    print(f"{'what':<16}{'floor ops/s':>12}{'floor p95':>11}{'claimtrack ops/s':>18}{'p95':>10}{'ratio':>8}")
    for name, figures in result["writers"].items():
        floor, ours = figures["floor"], figures["claimtrack"]
        print(f"{name:<16}{floor['ops_per_s']:>12,.1f}{floor['p95_ms']:>9.1f}ms{ours['ops_per_s']:>18,.1f}"
              f"{ours['p95_ms']:>8.1f}ms{figures['claimtrack_vs_floor']:>8.3f}")
    for figures in result.get("add during import", []):
        print(f"claim add during an import into {figures['claims_held_before']:,} claims ({figures['import_s']} s): "
              f"{figures['add_during_import_s']} s (alone {figures['add_alone_s']} s; it finished "
              f"{figures['add_finished_after_import_by_s']} s after the import; alone afterwards {figures['add_alone_after_import_s']} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-claims", type=int, default=20_000, help="claims the database holds before the writers start")
    parser.add_argument("--operations", type=int, default=800, help="operations per run, shared among the writers")
    parser.add_argument("--rounds", type=int, default=2, help="floor and claimtrack runs per figure, alternating")
    parser.add_argument("--import-claims", type=int, default=100_000, help="claims in the import a claim add meets (0: skip)")
    parser.add_argument("--smoke", action="store_true", help="a quick run: 2,000 claims held, 64 operations, 1 round, 2,000 imported")
    parser.add_argument("--server-url", help="maintenance-database URL of a server to use (default: a fresh embedded one)")
    parser.add_argument("--output", type=Path, help="JSON result file (default: bench/results/concurrency.json)")
    arguments = parser.parse_args()
    if arguments.smoke:
        arguments.base_claims, arguments.operations, arguments.rounds = 2_000, 64, 1
        arguments.import_claims = min(arguments.import_claims, 2_000)

    work = Path(tempfile.mkdtemp(prefix="claimtrack-concurrency-"))
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
            settings = {name: connection.execute(f"SHOW {name}").fetchone()[0]  # type: ignore[index]
                        for name in ("server_version", "shared_buffers", "max_connections", "fsync", "synchronous_commit")}
        result: dict[str, Any] = {
            "started_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "machine": machine(),
            "postgresql": settings,
            "base_claims": arguments.base_claims,
            "operations_per_run": arguments.operations,
            "rounds": arguments.rounds,
        }
        base = Dataset(Scale.for_claims(arguments.base_claims))
        url = fresh_database(server_url, DATABASE)
        copy_dataset(libpq(url), base)
        vacuum_analyze(url)
        print(f"bench: {arguments.base_claims:,} claims held; {arguments.operations} operations a run, "
              f"{arguments.rounds} round(s), PostgreSQL {settings['server_version']}", file=sys.stderr)
        result["writers"] = measure_writers(url, base, arguments.operations, arguments.rounds)
        if arguments.import_claims:
            data_file = work / "import.ndjson"
            write_ndjson(Dataset(Scale.for_claims(arguments.import_claims), seed=7), data_file)
            result["add during import"] = []
            # Into an empty database (the import defers the claim table's indexes and foreign keys),
            # and into the one the writers used (indexes kept up to date row by row).
            for target, held in ((fresh_database(server_url, IMPORT_DATABASE), 0), (url, None)):
                if held is None:
                    with psycopg.connect(libpq(target)) as connection:
                        held = int(connection.execute("SELECT count(*) FROM claim").fetchone()[0])  # type: ignore[index]
                result["add during import"].append(measure_add_during_import(target, data_file, held, env, base))
                print(f"bench: add during an import into {held:,} claims measured", file=sys.stderr)
            drop_database(server_url, IMPORT_DATABASE)
        result["machine"]["load_average_at_end"] = os.getloadavg()
        drop_database(server_url, DATABASE)
        output = arguments.output or HERE / "results" / "concurrency.json"
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
