"""The web dashboard's server time per page, warm, at a bench scale (not part of the test suite).

A synthetic dataset (bench/generate.py) is copied into a fresh database (bench/floor.py's COPY, as
run.py's floor), analysed, and each main page is requested through Flask's test client: the time
is the server's (routing, one read-only transaction, the services' queries, the template), without
a network or a browser. The two most linked states are given the codes PRK and RUS, so that the home
page draws its North Korea-Russia timeline as it does over the seeds. The median and max of N warm runs per page. Usage:
    python bench/web.py --claims 100000 [--runs 10] [--output web.json] [--server-url URL]
Without --server-url it starts a fresh embedded PostgreSQL in a temporary directory.
--keep DIR keeps the embedded server's data (in DIR, left running) and the database, and prints its
URL; --database-url URL then measures that database again without building it (e.g. after a change
to the dashboard).
"""

from __future__ import annotations

import argparse
import json
import re
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
    """(label, path) of each main page, with ids, an actor and a tag taken from the data; every
    report in the registry, with its CSV download."""
    from claimtrack import reports

    with psycopg.connect(libpq(url)) as connection:
        def one(query: str) -> Any:
            row = connection.execute(query).fetchone()
            assert row is not None, query
            return row[0]

        newest_claim = one("SELECT max(id) FROM claim")
        most_cited_claim = one("SELECT claim_id FROM claim_source GROUP BY claim_id ORDER BY count(*) DESC, claim_id LIMIT 1")
        prediction = one("SELECT max(id) FROM prediction")
        most_forecast = one("SELECT prediction_id FROM forecast GROUP BY prediction_id ORDER BY count(*) DESC, prediction_id LIMIT 1")
        resolved = one("SELECT max(id) FROM prediction WHERE status IN ('confirmed', 'refuted')")
        source = one("SELECT source_id FROM claim_source GROUP BY source_id ORDER BY count(*) DESC LIMIT 1")
        actor_id = one("SELECT actor_id FROM claim_actor GROUP BY actor_id ORDER BY count(*) DESC LIMIT 1")
        actor = one(f"SELECT name FROM actor WHERE id = {int(actor_id)}")
        rare_actor = one("SELECT name FROM actor ORDER BY (SELECT count(*) FROM claim_actor WHERE actor_id = actor.id), id LIMIT 1")
        tag = one("SELECT name FROM tag ORDER BY id LIMIT 1")
        deep = one("SELECT id FROM claim ORDER BY created_at, id LIMIT 1 OFFSET 100")  # a page near the end of the list
        as_of = one("SELECT (min(created_at) + (max(created_at) - min(created_at)) / 2)::date FROM claim")
        lately = one("SELECT (max(created_at) - interval '30 days')::date FROM claim")  # most of the record by then
        claim_then = one(f"SELECT max(id) FROM claim WHERE created_at < '{as_of}'::date")  # on the record by then
        most_forecast_then = one(
            "SELECT f.prediction_id FROM forecast f JOIN prediction p ON p.id = f.prediction_id"
            f" WHERE p.made_on <= '{as_of}' AND p.created_at < '{as_of}'::date GROUP BY f.prediction_id ORDER BY count(*) DESC, f.prediction_id LIMIT 1"
        )
        # the actor listed just before the most linked one: /actors?after= it is the page that counts the most claims
        before_actor = one(
            "SELECT (SELECT id FROM actor WHERE lower(name) < (SELECT lower(name) FROM actor WHERE id = "
            f"{int(actor_id)}) ORDER BY lower(name) DESC LIMIT 1)"
        )
    listed = [
        ("home", "/"),
        ("claims", "/claims"),
        ("claims, a late page (keyset)", f"/claims?after={deep}"),
        ("claims ?status=refuted", "/claims?status=refuted"),
        ("claims ?actor (most linked)", f"/claims?actor={actor}"),
        ("claims ?actor (least linked)", f"/claims?actor={rare_actor}"),
        ("claims ?tag", f"/claims?tag={tag}"),
        ("claims ?source (most cited)", f"/claims?source={source}"),
        ("claims ?as_of", f"/claims?as_of={as_of}"),
        ("claims ?as_of (a month before the newest)", f"/claims?as_of={lately}"),
        ("claims ?q (search)", "/claims?q=shells"),
        ("claim", f"/claims/{newest_claim}"),
        ("claim (most sources)", f"/claims/{most_cited_claim}"),
        ("claim ?as_of", f"/claims/{claim_then}?as_of={as_of}"),
        ("predictions (open)", "/predictions"),
        ("predictions overdue", "/predictions?view=overdue"),
        ("predictions upcoming", "/predictions?view=upcoming"),
        ("predictions resolved", "/predictions?view=resolved"),
        ("predictions ?actor (most linked)", f"/predictions?actor={actor}"),
        ("predictions ?as_of", f"/predictions?as_of={as_of}"),
        ("predictions ?as_of (a month before the newest)", f"/predictions?as_of={lately}"),
        ("predictions resolved ?as_of (the same)", f"/predictions?view=resolved&as_of={lately}"),
        ("prediction", f"/predictions/{prediction}"),
        ("prediction (most forecasts)", f"/predictions/{most_forecast}"),
        ("prediction (resolved)", f"/predictions/{resolved}"),
        ("prediction ?as_of (most forecasts then)", f"/predictions/{most_forecast_then}?as_of={as_of}"),
        ("sources", "/sources"),
        ("source (most cited)", f"/sources/{source}"),
        ("actors", "/actors"),
        ("actors, the page with the most linked", f"/actors?after={before_actor}" if before_actor else "/actors"),
        ("actor (most linked)", f"/actors/{actor_id}"),
        ("reports", "/reports"),
    ]
    for name in reports.REPORTS:
        listed.append((f"report {name}", f"/reports/{name}"))
        listed.append((f"report {name}.csv", f"/reports/{name}.csv"))
    return listed


def name_the_headline_pair(url: str) -> None:
    """The home page draws the North Korea-Russia timeline when actors coded PRK and RUS exist: the
    generated actors have other codes, so the two most linked become PRK and RUS (their pair then
    has a row per month, and each of them tens of thousands of pairs' rows to pass over)."""
    with psycopg.connect(libpq(url), autocommit=True) as connection:
        if connection.execute("SELECT count(*) FROM actor WHERE iso_code IN ('PRK', 'RUS')").fetchone() != (0,):
            return
        connection.execute(
            "UPDATE actor SET iso_code = CASE WHEN most.rank = 1 THEN 'PRK' ELSE 'RUS' END FROM ("
            "SELECT actor_id, row_number() OVER (ORDER BY count(*) DESC, actor_id) AS rank FROM claim_actor JOIN actor ON actor.id = actor_id"
            " WHERE actor.kind = 'state' GROUP BY actor_id ORDER BY count(*) DESC, actor_id LIMIT 2) AS most WHERE actor.id = most.actor_id"
        )


class Failed(Exception):
    """A page that did not answer 200."""


def measure(url: str, runs: int) -> dict[str, dict[str, Any]]:
    from claimtrack.config import DatabaseChoice
    from claimtrack.db.engine import Database
    from claimtrack.web import create_app

    database = Database(DatabaseChoice(url=url, origin="bench"))
    client = create_app(database).test_client()
    results: dict[str, dict[str, Any]] = {}
    for label, path in pages(url):
        def get(path: str = path) -> None:
            response = client.get(path)
            if response.status_code != 200:
                said = re.search(r'id="error-message">(.*?)</p>', response.get_data(as_text=True), re.S)
                raise Failed(f"{path} answered {response.status_code}: {said.group(1) if said else response.status}")

        try:
            results[label] = {"path": path, **timed_runs(get, runs)}
        except Failed as failure:  # a page past the statement timeout (503): said, and the others still timed
            results[label] = {"path": path, "failed": str(failure)}
            print(f"{label:44} FAILED: {failure}", flush=True)
            continue
        print(f"{label:44} {results[label]['median_ms']:8.1f} ms median {results[label]['max_ms']:8.1f} ms max", flush=True)
    database.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--output", type=Path)
    parser.add_argument("--server-url", help="maintenance-database URL of a server to use (default: a fresh embedded one)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="keep the embedded server (data in DIR, left running) and the database")
    parser.add_argument("--database-url", help="measure this database, already built by a --keep run, without building it")
    arguments = parser.parse_args()
    if arguments.database_url:
        results = {"runs": arguments.runs, "pages": measure(arguments.database_url, arguments.runs)}
        if arguments.output:
            arguments.output.write_text(json.dumps(results, indent=2) + "\n")
        return
    work = Path(tempfile.mkdtemp(prefix="claimtrack-bench-web-"))
    server_url, home = arguments.server_url, None
    try:
        if server_url is None:
            from claimtrack.db import embedded

            home = arguments.keep or work / "server"
            server_url = embedded.ensure_running(home).url("postgres", user=embedded.SUPERUSER)
        url = fresh_database(server_url, "bench_web")
        scale = Scale.for_claims(arguments.claims)
        print(f"bench/web.py: {scale}", flush=True)
        copy_dataset(libpq(url), Dataset(scale))
        name_the_headline_pair(url)
        vacuum_analyze(url)
        results = {"scale": vars(scale), "runs": arguments.runs, "pages": measure(url, arguments.runs)}
        if arguments.output:
            arguments.output.write_text(json.dumps(results, indent=2) + "\n")
        if arguments.keep:
            print(f"bench/web.py: kept {url}", flush=True)
        else:
            drop_database(server_url, "bench_web")
    finally:
        if home is not None and not arguments.keep:
            from claimtrack.db import embedded

            embedded.stop(home)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
