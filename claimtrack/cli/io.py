"""claimtrack seed, demo, import and export: whole datasets in and out."""

from __future__ import annotations

from pathlib import Path

import click

from claimtrack.cli.context import AppContext, pass_app


@click.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@pass_app
def seed(app: AppContext, directory: Path | None) -> None:
    """Load seed YAML files into the database; running it again adds nothing.

    DIRECTORY holds *.yaml files; by default, the bundled seeds from the founding North
    Korea-Russia article. Records are matched by natural keys (actors by name, alias or ISO code, sources by URL or
    title, tags by name, claims and predictions by statement): what exists is left as it is, so
    running it again creates nothing. All or nothing: one transaction. docs/formats.md describes the YAML.

    \b
    Example:  claimtrack seed
              claimtrack seed ./my-seeds
    """
    counts = _seed(app, directory)
    for line in _count_lines(counts):
        click.echo(line, err=True)


def _seed(app: AppContext, directory: Path | None) -> dict[str, object]:
    from claimtrack.services.seeding import seed_directory

    with app.transaction() as connection:
        return dict(seed_directory(connection, directory=directory, recorded_by=app.actor))


def _count_lines(counts: dict[str, object]) -> list[str]:
    lines = [f"{kind}: {count}" for kind, count in counts.items()]
    if not any(getattr(count, "created", 0) for count in counts.values()):
        lines.append("nothing new: the database already holds every seed.")
    return lines


EXPORT_FORMATS = ("json", "ndjson", "claimreview")
PROGRESS_FROM_BYTES = 4 << 20  # files this large get a progress bar (on a terminal)


@click.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path), help="Write to FILE instead of stdout.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="json",
    show_default=True,
    help="json: one document; ndjson: one record per line (for big databases); "
    "claimreview: schema.org ClaimReview JSON-LD of the confirmed and refuted claims.",
)
@pass_app
def export(app: AppContext, output: Path | None, fmt: str) -> None:
    """Export the whole database, history included, to JSON, NDJSON or ClaimReview.

    Everything: actors with aliases, sources, tags, claims with their actors, tags, evidence and
    arms transfers, predictions with everything, and the whole status history.

    json and ndjson are lossless: `claimtrack import` reads them back, ids and history included.
    docs/formats.md describes them.

    \b
    Example:  claimtrack export -o claimtrack.json
              claimtrack export --format ndjson -o claimtrack.ndjson
              claimtrack export --format claimreview > reviews.jsonld
    """
    import json
    import sys

    from claimtrack.services.export import claim_verdicts, export_exchange

    target = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        with app.transaction() as connection:
            if fmt == "claimreview":
                from claimtrack.io.claimreview import claim_review_document

                document = claim_review_document(claim_verdicts(connection))
                target.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
                counts = {"claim reviews": len(document["@graph"])}
            else:
                counts = export_exchange(connection, target, ndjson=fmt == "ndjson")
    finally:
        if output:
            target.close()
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    click.echo(f"exported {summary}" + (f" to {output}" if output else ""), err=True)


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(("json", "ndjson", "csv")), help="The file's format. Default: from its name (.json, .ndjson, .csv), else its first line.")
@click.option("--dry-run", is_flag=True, help="Check everything and report what would be imported; write nothing.")
@click.option(
    "--prefer",
    type=click.Choice(("theirs", "ours")),
    help="For a record changed both in the file's database and here since they last agreed: "
    "take the file's version (theirs) or keep this one (ours). Without it such a conflict refuses the import.",
)
@pass_app
def import_command(app: AppContext, file: Path, fmt: str | None, dry_run: bool, prefer: str | None) -> None:
    """Import an export (JSON, NDJSON) or a CSV of claims or predictions.

    FILE is a claimtrack export (JSON or NDJSON), or a CSV of claims or of predictions.

    All or nothing: on the first problem nothing is written, and the error names the line or
    record and the field. An export keeps its ids, times, authors and status history (ids move
    up past those already in use when the database is not empty); actors and sources already
    present (same name or code; same URL) are reused. In a CSV, actors are named by name, alias
    or ISO code and sources by URL. docs/formats.md lists the columns.

    Records the database holds already (the same uid) are matched, not copied: unchanged ones
    are left alone, those changed only in the file's database are updated (their history merged),
    those changed only here are kept, and one changed on both sides is a conflict: both versions
    are shown and nothing is imported, unless --prefer says which side wins. Importing the same
    file twice changes nothing the second time.

    \b
    Example:  claimtrack import claimtrack.ndjson
              claimtrack import claims.csv --dry-run
              claimtrack import laptop.ndjson --prefer theirs
    """
    from claimtrack.services.exchange import import_file
    from claimtrack.services.matching import ImportConflict

    try:
        with _progress(file) as progress, app.transaction() as connection:
            result = import_file(
                connection, path=file, recorded_by=app.actor, fmt=fmt, dry_run=dry_run, progress=progress, prefer=prefer
            )  # fmt: skip
    except ImportConflict as conflict:
        for line in conflict.report:
            click.echo(line, err=True)
        raise
    verb = "would import" if dry_run else "imported"
    for line in result.conflicts:
        click.echo(line, err=True)
    for kind, count in result.counts.items():
        click.echo(f"{kind}: {count}", err=True)
    click.echo(f"{verb} {file.name} ({result.format})" + ("; nothing was written (--dry-run)." if dry_run else "."), err=True)
    if result.conflicts:
        click.echo("the import would be refused for those conflicts; choose a side with --prefer theirs or --prefer ours.", err=True)


class _RichProgress:
    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(
            TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeRemainingColumn(),
            console=Console(stderr=True), transient=True,
        )  # fmt: skip
        self.task: object = None

    def phase(self, description: str, total: int) -> None:
        if self.task is not None:
            self.bar.update(self.task, visible=False)  # type: ignore[arg-type]
        self.task = self.bar.add_task(description, total=total or None)

    def update(self, completed: int) -> None:
        self.bar.update(self.task, completed=completed)  # type: ignore[arg-type]


class _progress:
    """A progress bar on stderr for a large file, when stderr is a terminal; else nothing."""

    def __init__(self, file: Path) -> None:
        import sys

        self.shown = file.stat().st_size >= PROGRESS_FROM_BYTES and sys.stderr.isatty()
        self.progress: _RichProgress | None = _RichProgress() if self.shown else None

    def __enter__(self) -> _RichProgress | None:
        if self.progress:
            self.progress.bar.start()
        return self.progress

    def __exit__(self, *exc: object) -> None:
        if self.progress:
            self.progress.bar.stop()


# (Each line within 80 columns: this is the first screen a new user reads.)
NEXT_COMMANDS = """\
Next, try:
  claimtrack claim list --actor "North Korea"  claims about one actor
  claimtrack claim search debt                 full-text search
  claimtrack prediction list --overdue         open and past their deadline
  claimtrack prediction show 3                 one prediction, with its history
  claimtrack prediction confirm ID --evidence URL --note TEXT
  claimtrack report list                       every report (SQL views too)
  claimtrack export -o claimtrack.json         everything, to back up or move
  claimtrack seed DIR                          your own seeds (docs/formats.md)"""


@click.command()
@pass_app
def demo(app: AppContext) -> None:
    """Seed the founding example, then print the headline reports.

    The founding example is an article on North Korea-Russia ties: its actors, claims and
    predictions. The reports: prediction scoreboard, overdue and upcoming predictions, arms
    transfers, and the North Korea-Russia timeline.

    Works on the current database; with none configured, on the embedded one it creates on first
    use. Seeding is idempotent, so running it again adds nothing.

    \b
    Example:  claimtrack demo
    """
    from claimtrack.cli.output import Rows, render
    from claimtrack.cli.tables import terminal_width, wrap
    from claimtrack.services.demo import headline_reports

    counts = _seed(app, None)
    created = sum(getattr(count, "created", 0) for count in counts.values())
    click.echo(f"seeded the founding example: {created} records added" if created else "the founding example is already seeded", err=True)
    with app.transaction() as connection:
        shown = headline_reports(connection)
    for report in shown:
        title = f"{report.title}  (claimtrack report {report.report})"
        click.echo()
        if report.rows:
            render(Rows(report.columns, report.rows, title=title), "table")
        else:
            click.echo(f"{title}: none")
        for note in report.notes:
            click.echo("\n".join(wrap(note, terminal_width())))
    click.echo("\n" + NEXT_COMMANDS, err=True)
