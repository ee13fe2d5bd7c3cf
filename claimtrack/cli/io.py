"""claimtrack seed, demo, import and export: whole datasets in and out."""

from __future__ import annotations

from pathlib import Path

import click

from claimtrack.cli.context import AppContext, pass_app


@click.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@pass_app
def seed(app: AppContext, directory: Path | None) -> None:
    """Load seed YAML files (default: the bundled seeds, from the founding North Korea-Russia
    article) into the database.

    Records are matched by natural keys (actors by name or ISO code, sources by URL or title,
    tags by name, claims and predictions by statement): what exists is left as it is, so running
    it again creates nothing. All or nothing: one transaction. docs/formats.md describes the YAML.

    \b
    Example:  claimtrack seed
              claimtrack seed ./my-seeds
    """
    counts = _seed(app, directory)
    for line in _count_lines(counts):
        click.echo(line, err=True)


def _seed(app: AppContext, directory: Path | None) -> dict[str, object]:
    from datetime import date

    from claimtrack.io.seeds import read_seeds, seeds_directory
    from claimtrack.services.transfer import seed as seed_database

    seeds = read_seeds(directory or seeds_directory(), today=date.today())
    with app.session() as session:
        return dict(seed_database(session, seeds=seeds, recorded_by=app.actor))


def _count_lines(counts: dict[str, object]) -> list[str]:
    lines = [f"{kind}: {count}" for kind, count in counts.items()]
    if not any(getattr(count, "created", 0) for count in counts.values()):
        lines.append("nothing new: the database already holds every seed.")
    return lines
