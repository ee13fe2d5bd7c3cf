"""docs/cli.md is the --help of every command; this fails when the two drift apart."""

from __future__ import annotations

from pathlib import Path

from claimtrack.cli.docs import reference

DOCS = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def test_docs_cli_md_matches_every_commands_help() -> None:
    assert DOCS.read_text(encoding="utf-8") == reference(), (
        "docs/cli.md is out of date; regenerate it: python -m claimtrack.cli.docs > docs/cli.md"
    )


def test_the_reference_covers_every_command_and_subcommand() -> None:
    text = reference()
    for heading in ("## claimtrack demo", "## claimtrack seed", "## claimtrack import", "## claimtrack export", "## claimtrack db upgrade"):
        assert f"\n{heading}\n" in text
