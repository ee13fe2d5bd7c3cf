"""claimtrack source: the articles, statements, reports and imagery that claims rest on."""

from __future__ import annotations

from typing import Any

import click

from claimtrack import domain
from claimtrack.cli.context import AppContext, pass_app
from claimtrack.cli.output import (
    Rows,
    format_option,
    render,
    render_added,
    say_edited,
)
from claimtrack.cli.params import DATE, ID, SOURCE, TextParam
from claimtrack.cli.records import source_record

# Each field's limit is the domain's (domain.TEXT_LIMITS), as for every other way in.
TITLE = TextParam("title")
PUBLISHER = TextParam("publisher")
AUTHOR = TextParam("author")
NOTES = TextParam("notes")
REASON = TextParam("reason")

RELIABILITY_HELP = (
    "Admiralty grade: A completely reliable, B usually reliable, C fairly reliable, "
    "D not usually reliable, E unreliable, F cannot be judged."
)


class Grade(click.Choice):  # type: ignore[type-arg]
    """A reliability grade in either case, shown and returned in upper case."""

    def __init__(self) -> None:
        super().__init__(domain.RELIABILITY_GRADES)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        return super().convert(str(value).strip().upper(), param, ctx)


class UrlParam(click.ParamType[str]):
    """An http(s) URL, returned normalised (see domain.normalise_url), within a URL's limit."""

    name = "URL"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return domain.checked_url(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


class ClearableUrl(UrlParam):
    """A URL as UrlParam takes it, or "" to clear one."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        return "" if str(value).strip() == "" else super().convert(value, param, ctx)


@click.group()
def source() -> None:
    """The sources claims rest on: articles, official statements, reports, imagery, datasets.

    Wherever a source is asked for (--source, --evidence), its id or its URL works; an unknown
    URL records a new source titled by its URL.
    """


@source.command("add")
@click.argument("title", type=TITLE)
@click.option("--url", type=UrlParam(), help="Its address; stored normalised, and unique.")
@click.option("--kind", type=click.Choice(domain.SOURCE_KINDS, case_sensitive=False), default="other", show_default=True)
@click.option("--publisher", type=PUBLISHER, help="The outlet or body that published it.")
@click.option("--author", type=AUTHOR)
@click.option("--published", type=DATE, help="YYYY, YYYY-MM or YYYY-MM-DD; kept as precise as given.")
@click.option(
    "--reliability",
    type=Grade(),
    default="F",
    show_default=True,
    help=RELIABILITY_HELP,
)
@click.option("--notes", type=NOTES)
@format_option
@pass_app
def add(
    app: AppContext,
    title: str,
    url: str | None,
    kind: str,
    publisher: str | None,
    author: str | None,
    published: domain.PartialDate | None,
    reliability: str,
    notes: str | None,
    fmt: str,
) -> None:
    """Record a source and print its id (with --format json, the whole record).

    A URL already on record (compared after normalising: scheme and host case, trailing slash,
    fragment, utm_* parameters) is refused, naming the source that has it.

    \b
    Example:  claimtrack source add "N. Korea seeks more trade with Russia" --kind news_article \\
                --url https://example.org/nk-russia --publisher "Example News" --published 2024-06 --reliability B
    """
    from claimtrack.services.sources import add_source, show_source

    with app.transaction() as connection:
        source_id = add_source(
            connection,
            title=title,
            url=url,
            kind=kind,
            publisher=publisher,
            author=author,
            published=published,
            reliability=reliability,
            notes=notes,
            recorded_by=app.actor,
        )
        record = source_record(show_source(connection, source_id=source_id)) if fmt != "table" else None
    render_added(source_id, record, fmt)


@source.command("list")
@click.option("--kind", type=click.Choice(domain.SOURCE_KINDS, case_sensitive=False), help="Only sources of this kind.")
@click.option("--reliability", type=Grade(), help="Only this grade.")
@click.option("--publisher", type=PUBLISHER, help="Only this publisher (any case).")
@click.option("--incomplete", is_flag=True, help="Only sources made on the fly from a URL (--source URL, --evidence URL) whose details are still to be given.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@format_option
@pass_app
def list_command(
    app: AppContext, kind: str | None, reliability: str | None, publisher: str | None, incomplete: bool, limit: int, fmt: str
) -> None:
    """List sources, newest first, with how many claims cite each; merged sources are left out.

    \b
    Example:  claimtrack source list --reliability A --format csv
              claimtrack source list --incomplete     # then: claimtrack source edit ID --title ... --reliability ...
    """
    from claimtrack.services.sources import SourceSummary, list_sources

    with app.transaction() as connection:
        sources = list_sources(connection, kind=kind, reliability=reliability, publisher=publisher, incomplete=incomplete, limit=limit)
    render(Rows.of(SourceSummary, sources, title="sources"), fmt)


@source.command("show")
@click.argument("source_id", metavar="ID", type=ID)
@format_option
@pass_app
def show(app: AppContext, source_id: int, fmt: str) -> None:
    """Show a source: every field, the latest claims citing it with their stance, and its changes
    (a merged source says which source it was merged into).

    \b
    Example:  claimtrack source show 3
    """
    from claimtrack.services.sources import show_source

    with app.transaction() as connection:
        detail = show_source(connection, source_id=source_id)
    render(source_record(detail), fmt)


def _source_id(connection: Any, reference: int | str, app: AppContext) -> int:
    """An id as given; a URL's source (never created here)."""
    if isinstance(reference, int):
        return reference
    from claimtrack.services.lookup import find_source

    return find_source(connection, reference, recorded_by=app.actor, create=False)


@source.command("edit")
@click.argument("reference", metavar="ID|URL", type=SOURCE)
@click.option("--title", type=TITLE, help="Its title or headline (a source made from its URL is then complete).")
@click.option("--url", type=ClearableUrl(), help='Its address, stored normalised and unique; "" clears it.')
@click.option("--kind", type=click.Choice(domain.SOURCE_KINDS, case_sensitive=False))
@click.option("--publisher", type=PUBLISHER, help='The outlet or body that published it; "" clears it.')
@click.option("--author", type=AUTHOR, help='"" clears it.')
@click.option("--published", type=DATE, help="YYYY, YYYY-MM or YYYY-MM-DD; kept as precise as given.")
@click.option("--reliability", type=Grade(), help="A regrade (needs --reason). " + RELIABILITY_HELP)
@click.option("--notes", type=NOTES, help='Replaces its notes; "" clears them.')
@click.option("--reason", type=REASON, help="Why; kept with the change (a regrade needs one).")
@format_option
@pass_app
def edit(
    app: AppContext, reference: int | str, title: str | None, url: str | None, kind: str | None, publisher: str | None,
    author: str | None, published: domain.PartialDate | None, reliability: str | None, notes: str | None, reason: str | None, fmt: str,
) -> None:
    """Correct any field of a source; each change is kept with its reason (see: source show). An
    edit that changes nothing says so and writes nothing.

    \b
    Example:  claimtrack source edit https://example.org/nk-russia --title "N. Korea seeks more trade with Russia" \\
                --kind news_article --publisher "Example News" --reliability B --reason "graded on reading it"
    """
    from claimtrack.services.source_editing import SourceEdit, edit_source
    from claimtrack.services.sources import show_source

    with app.transaction() as connection:
        source_id = _source_id(connection, reference, app)
        change = SourceEdit(title, url, kind, publisher, author, published, reliability, notes)
        changed = edit_source(connection, source_id=source_id, edit=change, reason=reason, changed_by=app.actor)
        record = source_record(show_source(connection, source_id=source_id)) if fmt != "table" else None
    if record is not None:
        render(record, fmt)
    say_edited(f"source {source_id}", changed)


@source.command("merge")
@click.argument("duplicate", metavar="DUPLICATE", type=SOURCE)
@click.option("--into", "into", required=True, type=SOURCE, help="The source it repeats (id or URL), which keeps everything.")
@click.option("--reason", type=REASON, help="Why; kept with the change.")
@pass_app
def merge(app: AppContext, duplicate: int | str, into: int | str, reason: str | None) -> None:
    """Fold a duplicate source into the one it repeats: its citations (a claim both cite keeps one
    link), the predictions it published and those resolved on its evidence move to the survivor;
    the duplicate stays findable (source show DUPLICATE says where it went) and its id and URL lead
    to the survivor.

    \b
    Example:  claimtrack source merge 14 --into 3 --reason "same article, syndicated"
    """
    from claimtrack.services.source_editing import merge_source

    with app.transaction() as connection:
        ids = [reference if isinstance(reference, int) else _source_id(connection, reference, app) for reference in (duplicate, into)]
        done = merge_source(connection, duplicate=ids[0], into=ids[1], reason=reason, changed_by=app.actor)
    dropped = f" ({done.citations_dropped} it already had)" if done.citations_dropped else ""
    click.echo(
        f"source {done.duplicate} merged into source {done.survivor}: {done.citations_moved + done.citations_dropped} citations{dropped}, "
        f"{done.predictions_moved} predictions.",
        err=True,
    )
