"""The installed `claimtrack` executable, in subprocesses, on a fresh embedded home: what a new user
does first, from a shell, with no database configured."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ARTICLE = "https://example.org/nk-russia-arms"


@pytest.mark.slow
def test_an_analyst_records_and_finds_a_claim_on_the_embedded_database() -> None:
    executable = Path(sys.executable).parent / "claimtrack"
    assert executable.exists(), f"claimtrack is not installed next to {sys.executable}"
    home = Path(tempfile.mkdtemp(prefix="claimtrack-e2e-"))
    env = {key: value for key, value in os.environ.items() if key not in ("CLAIMTRACK_DATABASE_URL", "DATABASE_URL", "CLAIMTRACK_DEBUG")}
    env |= {"CLAIMTRACK_HOME": str(home), "CLAIMTRACK_USER": "analyst", "NO_COLOR": "1"}

    def claimtrack(*args: str) -> str:
        done = subprocess.run([str(executable), *args], env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"claimtrack {' '.join(args)}: {done.stderr}"
        assert "Traceback" not in done.stderr
        return done.stdout

    try:
        assert claimtrack("actor", "add", "North Korea", "--kind", "state", "--country", "prk", "--alias", "DPRK") == "1\n"
        assert claimtrack("actor", "add", "Russia", "--kind", "state", "--country", "RUS") == "2\n"
        assert claimtrack(
            "source", "add", "North Korea ships shells to Russia", "--url", ARTICLE + "/?utm_source=rss",
            "--kind", "news_article", "--published", "2024-06", "--reliability", "B",
        ) == "1\n"
        assert claimtrack(
            "claim", "add", "North Korea exports artillery shells to Russia for use in Ukraine",
            "--actor", "dprk", "--actor", "rus:target", "--occurred", "2023-09", "--tag", "Arms Transfers",
            "--source", ARTICLE, "--stance", "supports", "--excerpt", "Containers of shells crossed at Tumangang",
        ) == "1\n"

        hits = json.loads(claimtrack("claim", "search", "exporting shells", "--format", "json"))
        assert [(hit["id"], hit["matched_in"]) for hit in hits] == [(1, "statement")]
        assert hits[0]["statement"] == "North Korea **exports** artillery **shells** to Russia for use in Ukraine"

        shown = json.loads(claimtrack("claim", "show", "1", "--format", "json"))
        assert (shown["occurred"], shown["tags"], shown["recorded_by"]) == ("2023-09", ["arms-transfers"], "analyst")
        assert [(a["name"], a["role"]) for a in shown["actors"]] == [("North Korea", "subject"), ("Russia", "target")]
        assert [(s["source_id"], s["url"], s["reliability"], s["stance"]) for s in shown["sources"]] == [(1, ARTICLE, "B", "supports")]
        assert [h["to_status"] for h in shown["history"]] == ["unverified"]

        titles = [line.strip() for line in claimtrack("claim", "show", "1").splitlines()]
        assert titles[0] == "claim 1" and {"actors", "sources", "history"} <= set(titles)

        # The server is killed (a crash, a power cut): the next command starts it again, PostgreSQL
        # recovers from its log, and what was committed is there.
        postmaster = int((home / "pgdata" / "postmaster.pid").read_text().split()[0])
        os.kill(postmaster, signal.SIGKILL)
        recovered = json.loads(claimtrack("claim", "show", "1", "--format", "json"))
        assert recovered["statement"] == shown["statement"]
    finally:
        subprocess.run([str(executable), "db", "stop"], env=env, capture_output=True, timeout=120)
        shutil.rmtree(home, ignore_errors=True)
