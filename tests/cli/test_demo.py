"""`claimtrack demo` is the README's first command: it must work on a fresh embedded home."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXECUTABLE = Path(sys.executable).with_name("claimtrack")


def _run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CLAIMTRACK_DATABASE_URL", "DATABASE_URL", "CLAIMTRACK_DEBUG")}
    env.update(CLAIMTRACK_HOME=str(home), CLAIMTRACK_USER="newcomer", COLUMNS="160")
    return subprocess.run([str(EXECUTABLE), *args], env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_demo_on_a_fresh_embedded_home_seeds_and_prints_each_headline_report(tmp_path: Path) -> None:
    home = tmp_path / "home"
    try:
        first = _run(home, "demo")
        assert first.returncode == 0, first.stderr
        for title in (
            "Prediction scoreboard  (claimtrack report prediction_scoreboard)",
            "Overdue predictions  (claimtrack report overdue_predictions)",
            "Due within 30 days  (claimtrack report upcoming_resolutions)",
            "Arms transfers  (claimtrack report arms_transfers)",
            "North Korea-Russia timeline  (claimtrack report actor_timeline)",
        ):
            assert title in first.stdout
        assert "war materials for use in Ukraine (unspecified)" in first.stdout  # 160 columns: nothing cut
        assert "no probability recorded for any of its 2 decided predictions." in first.stdout
        assert "North Korea" in first.stdout and "2012-01-01" in first.stdout
        assert first.stderr.startswith("seeded the founding example: 51 records added\n")
        assert "Next, try:\n  claimtrack claim list --actor \"North Korea\"" in first.stderr
        assert "Traceback" not in first.stderr
        again = _run(home, "demo")
        assert again.returncode == 0, again.stderr
        assert again.stderr.startswith("the founding example is already seeded\n")
    finally:
        _run(home, "db", "stop")
