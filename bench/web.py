"""The web dashboard's server time per page, warm, at a bench scale (not part of the test suite).

A synthetic dataset (bench/generate.py) is copied into a fresh database (bench/floor.py's COPY, as
run.py's floor), analysed, and each main page is requested through Flask's test client: the time
is the server's (routing, one read-only transaction, the services' queries, the template), without
a network or a browser. The median and max of N warm runs per page. Usage:
    python bench/web.py --claims 100000 [--runs 10] [--output web.json] [--server-url URL]
Without --server-url it starts a fresh embedded PostgreSQL in a temporary directory.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import psycopg

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from floor import copy_dataset  # noqa: E402
from generate import Dataset, Scale  # noqa: E402
from run import drop_database, fresh_database, libpq, timed_runs, vacuum_analyze  # noqa: E402


def pages(url: str) -> list[tuple[str, str]]:
    """(label, path) of each main page, with ids, an actor and a tag taken from the data."""
    with psycopg.connect(libpq(url)) as connection:
        def one(query: str) -> Any:
            row = connection.execute(query).fetchone()
            assert row is not None, query
            return row[0]

        newest_claim = one("SELECT max(id) FROM claim")
        prediction = one("SELECT max(id) FROM prediction")
        source = one("SELECT source_id FROM claim_source GROUP BY source_id ORDER BY count(*) DESC LIMIT 1")
        actor_id = one("SELECT actor_id FROM claim_actor GROUP BY actor_id ORDER BY count(*) DESC LIMIT 1")
        actor = one(f"SELECT name FROM actor WHERE id = {int(actor_id)}")
        rare_actor = one("SELECT name FROM actor ORDER BY (SELECT count(*) FROM claim_actor WHERE actor_id = actor.id), id LIMIT 1")
        tag = one("SELECT name FROM tag ORDER BY id LIMIT 1")
        deep = one("SELECT id FROM claim ORDER BY created_at, id LIMIT 1 OFFSET 100")  # a page near the end of the list
        as_of = one("SELECT (min(created_at) + (max(created_at) - min(created_at)) / 2)::date FROM claim")
        # the actor listed just before the most linked one: /actors?after= it is the page that counts the most claims
        before_actor = one(
            "SELECT (SELECT id FROM actor WHERE lower(name) < (SELECT lower(name) FROM actor WHERE id = "
            f"{int(actor_id)}) ORDER BY lower(name) DESC LIMIT 1)"
        )
    return [
        ("home", "/"),
        ("claims", "/claims"),
        ("claims, a late page (keyset)", f"/claims?after={deep}"),
        ("claims ?actor (most linked)", f"/claims?actor={actor}"),
        ("claims ?actor (least linked)", f"/claims?actor={rare_actor}"),
        ("claims ?tag", f"/claims?tag={tag}"),
        ("claims ?as_of", f"/claims?as_of={as_of}"),
        ("claims ?q (search)", "/claims?q=shells"),
        ("claim", f"/claims/{newest_claim}"),
        ("predictions (open)", "/predictions"),
        ("predictions overdue", "/predictions?view=overdue"),
        ("predictions resolved", "/predictions?view=resolved"),
        ("predictions ?as_of", f"/predictions?as_of={as_of}"),
        ("prediction", f"/predictions/{prediction}"),
        ("sources", "/sources"),
        ("source (most cited)", f"/sources/{source}"),
        ("actors", "/actors"),
        ("actors, the page with the most linked", f"/actors?after={before_actor}" if before_actor else "/actors"),
        ("actor (most linked)", f"/actors/{actor_id}"),
        ("reports", "/reports"),
        ("report prediction_scoreboard", "/reports/prediction_scoreboard"),
        ("report calibration", "/reports/calibration"),
        ("report overdue_predictions", "/reports/overdue_predictions"),
        ("report overdue_predictions.csv", "/reports/overdue_predictions.csv"),
        ("report source_track_record", "/reports/source_track_record"),
        ("report actor_timeline", "/reports/actor_timeline"),
        ("report recent_changes", "/reports/recent_changes"),
    ]


def measure(url: str, runs: int) -> dict[str, dict[str, float]]:
    from claimtrack.config import DatabaseChoice
    from claimtrack.db.engine import Database
    from claimtrack.web import create_app

    database = Database(DatabaseChoice(url=url, origin="bench"))
    client = create_app(database).test_client()
    results: dict[str, dict[str, float]] = {}
    for label, path in pages(url):
        def get(path: str = path) -> None:
            response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"bench: {path} answered {response.status_code}: {response.get_data(as_text=True)[:400]}")

        results[label] = {"path": path, **timed_runs(get, runs)}  # type: ignore[dict-item]
        print(f"{label:36} {results[label]['median_ms']:8.1f} ms median {results[label]['max_ms']:8.1f} ms max", flush=True)
    database.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--output", type=Path)
    parser.add_argument("--server-url", help="maintenance-database URL of a server to use (default: a fresh embedded one)")
    arguments = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="claimtrack-bench-web-"))
    server_url, home = arguments.server_url, None
    try:
        if server_url is None:
            from claimtrack.db import embedded

            home = work / "server"
            server_url = embedded.ensure_running(home).url("postgres", user=embedded.SUPERUSER)
        url = fresh_database(server_url, "bench_web")
        scale = Scale.for_claims(arguments.claims)
        print(f"bench/web.py: {scale}", flush=True)
        copy_dataset(libpq(url), Dataset(scale))
        vacuum_analyze(url)
        results = {"scale": vars(scale), "runs": arguments.runs, "pages": measure(url, arguments.runs)}
        if arguments.output:
            arguments.output.write_text(json.dumps(results, indent=2) + "\n")
        drop_database(server_url, "bench_web")
    finally:
        if home is not None:
            from claimtrack.db import embedded

            embedded.stop(home)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
