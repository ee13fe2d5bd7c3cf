"""claimtrack claim: record what is claimed, by whom, about whom, on what evidence; find it again;
change its status with a reason."""

from __future__ import annotations

import click

from claimtrack import domain
from claimtrack.cli import params
from claimtrack.cli.context import AppContext, pass_app
from claimtrack.cli.output import Rows, format_option, render, render_added
from claimtrack.cli.params import ACTOR as ACTOR_NAME
from claimtrack.cli.params import ACTOR_WITH_ROLE, DATE, ID, SOURCE, TAG, TextParam
from claimtrack.cli.records import claim_record

# Each field's limit is the domain's (domain.TEXT_LIMITS), as for every other way in.
STATEMENT = TextParam("statement")
EXCERPT = TextParam("excerpt")
REASON = TextParam("reason")
QUERY = TextParam("query")
NOTES = TextParam("notes")


STANCE_HELP = "How the source bears on the claim: supports, disputes, or merely reports it (the default)."


@click.group()
def claim() -> None:
    """Claims: what is said, by whom, about which actors, on what evidence, and how it stands.

    A claim's status is one of unverified (the start), corroborated, contested, confirmed,
    refuted, retracted; every change is kept with its reason and evidence.
    """


@claim.command("add")
@click.argument("statement", type=STATEMENT)
@click.option("--source", type=SOURCE, help="The source it comes from: an id or a URL (an unknown URL is recorded).")
@click.option("--stance", type=click.Choice(domain.STANCES, case_sensitive=False), help=STANCE_HELP)
@click.option("--excerpt", type=EXCERPT, help="The passage of the source that makes the claim.")
@click.option("--actor", "actors", multiple=True, type=ACTOR_WITH_ROLE, help="An actor concerned, by name, alias or code, with an optional role: Russia:target (repeatable).")
@click.option("--claimant", type=ACTOR_NAME, help="The actor who makes the claim.")
@click.option("--tag", "tags", multiple=True, type=TAG, help="A tag (repeatable); \"North Korea\" is stored as north-korea.")
@click.option("--occurred", type=DATE, help="When it happened: YYYY, YYYY-MM or YYYY-MM-DD, kept as precise as given.")
@click.option("--stated", type=DATE, help="When it was said: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--credibility", type=click.IntRange(1, 6), default=6, show_default=True, help="Admiralty: 1 confirmed, 2 probably true, 3 possibly true, 4 doubtful, 5 improbable, 6 cannot be judged.")
@click.option("--allow-duplicate", is_flag=True, help="Record it even if an existing claim says nearly the same.")
@params.arms_transfer_options
@click.option("--note", "notes", type=NOTES, help="Notes on the claim (kept with it, shown by claim show).")
@format_option
@pass_app
def add(
    app: AppContext,
    statement: str,
    source: int | str | None,
    stance: str | None,
    excerpt: str | None,
    actors: tuple[tuple[str, str], ...],
    claimant: str | None,
    tags: tuple[str, ...],
    occurred: domain.PartialDate | None,
    stated: domain.PartialDate | None,
    credibility: int,
    allow_duplicate: bool,
    supplier: str | None,
    recipient: str | None,
    category: str | None,
    item: str | None,
    quantity: int | None,
    notes: str | None,
    fmt: str,
) -> None:
    """Record a claim and print its id (with --format json, the whole record).

    A statement nearly identical to an existing claim is refused, naming it: cite your source
    for that claim instead, or pass --allow-duplicate. An arms transfer the claim reports takes
    --supplier, --recipient and --category together (the two actors become the claim's too).

    \b
    Example:  claimtrack claim add "Russia forgave most of North Korea's debt" --occurred 2012 \\
                --actor Russia --actor "North Korea:target" --tag debt --source https://example.org/a --stance supports
    """
    from claimtrack.services.claim_reading import show_claim
    from claimtrack.services.claims import Evidence, add_claim

    if source is None and (stance is not None or excerpt is not None):
        raise click.UsageError("--stance and --excerpt describe a --source; give the source too.")
    evidence = Evidence(source, stance or "reports", excerpt) if source is not None else None
    facet = params.arms_transfer_given(supplier, recipient, category, item, quantity)
    with app.transaction() as connection:
        claim_id = add_claim(
            connection,
            statement=statement,
            recorded_by=app.actor,
            actors=actors,
            claimant=claimant,
            tags=tags,
            occurred=occurred,
            stated=stated,
            credibility=credibility,
            evidence=evidence,
            allow_duplicate=allow_duplicate,
            notes=notes,
            arms_transfer=facet,
        )
        record = claim_record(show_claim(connection, claim_id=claim_id)) if fmt != "table" else None
    render_added(claim_id, record, fmt)


@claim.command("list")
@click.option("--status", type=click.Choice(domain.CLAIM_STATUSES, case_sensitive=False), help="Only claims with this status.")
@click.option("--actor", type=ACTOR_NAME, help="Only claims concerning this actor (name, alias or code), in any role.")
@click.option("--tag", type=TAG, help="Only claims with this tag.")
@click.option("--source", type=SOURCE, help="Only claims citing this source (id or URL).")
@click.option("--since", type=DATE, help="Only claims recorded on or after this date.")
@click.option("--as-of", "as_of", type=DATE, help="Show each claim's status as it stood at the end of this date (and --status filters on it); claims recorded later are left out.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@format_option
@pass_app
def list_command(
    app: AppContext,
    status: str | None,
    actor: str | None,
    tag: str | None,
    source: int | str | None,
    since: domain.PartialDate | None,
    as_of: domain.PartialDate | None,
    limit: int,
    fmt: str,
) -> None:
    """List claims, newest first.

    \b
    Examples:  claimtrack claim list --actor dprk --status corroborated
               claimtrack claim list --as-of 2024-06 --format json
    """
    from claimtrack.services.claim_reading import ClaimSummary, list_claims

    with app.transaction() as connection:
        claims = list_claims(
            connection, status=status, actor=actor, tag=tag, source=source, since=since, as_of=as_of, limit=limit
        )
    title = f"claims as of {as_of}" if as_of else "claims"
    render(Rows.of(ClaimSummary, claims, title=title), fmt)


class _QueryCommand(click.Command):
    """A command whose argument is a search query: a query that starts with - reads as an option
    to Click, so the error for an unknown option says to put the query after --."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        given = list(args)  # the parser consumes args
        try:
            return super().parse_args(ctx, args)
        except click.NoSuchOption as error:
            import shlex

            query = next((arg for arg in given if arg.startswith(error.option_name)), error.option_name)
            raise click.UsageError(
                f"no such option: {error.option_name}. A query that starts with - goes after --: "
                f"claimtrack claim search -- {shlex.quote(query)}",
                ctx,
            ) from None


@claim.command("search", cls=_QueryCommand)
@click.argument("query", type=QUERY)
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@format_option
@pass_app
def search(app: AppContext, query: str, limit: int, fmt: str) -> None:
    """Find claims by the words of their statement or of an excerpt from a source.

    \b
    The query, whose meaning does not depend on the order of its terms:
      word        every word must match, by its stem ("exporting" finds "exports")
      "a phrase"  the words in this order
      a OR b      either: OR binds the terms beside it, so a OR b c means (a or b) and c
      -word       excludes what matches it, wherever it stands; also -"a phrase"
    Every other character is text to look for. A query that starts with - goes after --.

    A statement match ranks above an excerpt match; matching words are shown between ** **.
    When more than 2,000 claims match, the newest 2,000 are ranked (and stderr says so).

    \b
    Examples:  claimtrack claim search '"war materials" export -oil'
               claimtrack claim search -- '-Alabuga drone OR missile'
    """
    from claimtrack.services.claim_search import (
        SEARCH_CANDIDATES,
        ClaimHit,
        search_claims,
    )

    with app.transaction() as connection:
        found = search_claims(connection, query=query, limit=limit)
    render(Rows.of(ClaimHit, found.hits, title=f"claims matching {query}"), fmt)
    if found.capped:
        click.echo(
            f"More than {SEARCH_CANDIDATES:,} claims match; these are the best of the newest {SEARCH_CANDIDATES:,}. "
            'Narrow the search ("a phrase", more words, -word) to rank them all.',
            err=True,
        )


@claim.command("show")
@click.argument("claim_id", metavar="ID", type=ID)
@click.option("--as-of", "as_of", type=DATE, help="Show it as it stood at the end of this date: its status then, and its fields and links before any later correction.")
@format_option
@pass_app
def show(app: AppContext, claim_id: int, as_of: domain.PartialDate | None, fmt: str) -> None:
    """Show a claim in full: actors and roles, tags, each source with its stance, reliability and
    excerpt, an arms transfer if it has one, its status history and its corrections.

    \b
    Examples:  claimtrack claim show 12
               claimtrack claim show 12 --as-of 2024-01   # what the record said at the end of January 2024
    """
    from claimtrack.services.claim_reading import show_claim

    with app.transaction() as connection:
        detail = show_claim(connection, claim_id=claim_id)
        if as_of is not None:
            from claimtrack.services.record_as_of import claim_as_of

            detail = claim_as_of(connection, detail, as_of)
    render(claim_record(detail, as_of), fmt)


@claim.command("cite")
@click.argument("claim_id", metavar="ID", type=ID)
@click.option("--source", required=True, type=SOURCE, help="An id or a URL (an unknown URL is recorded).")
@click.option("--stance", type=click.Choice(domain.STANCES, case_sensitive=False), default="reports", show_default=True, help=STANCE_HELP)
@click.option("--excerpt", type=EXCERPT, help="The passage of the source that bears on the claim.")
@pass_app
def cite(app: AppContext, claim_id: int, source: int | str, stance: str, excerpt: str | None) -> None:
    """Link a source to a claim, with its stance. Citing the same source again changes its stance
    (and its excerpt, when one is given).

    \b
    Example:  claimtrack claim cite 12 --source 3 --stance disputes --excerpt "Officials denied…"
    """
    from claimtrack.services.claims import Evidence, cite_claim

    with app.transaction() as connection:
        citation = cite_claim(connection, claim_id=claim_id, evidence=Evidence(source, stance, excerpt), added_by=app.actor)
    if citation.previous_stance is None:
        click.echo(f"claim {claim_id} now cites source {citation.source_id} ({citation.stance}).", err=True)
    else:
        click.echo(
            f"claim {claim_id} already cited source {citation.source_id} ({citation.previous_stance}); "
            f"now {citation.stance}.",
            err=True,
        )


@claim.command("set-status")
@click.argument("claim_id", metavar="ID", type=ID)
@click.argument("status", metavar="STATUS", type=click.Choice(domain.CLAIM_STATUSES, case_sensitive=False))
@click.option("--reason", required=True, type=REASON, help="Why the status changes; kept in the history.")
@click.option("--evidence", type=SOURCE, help="The source that shows it (id or URL); needed for confirmed and refuted.")
@click.option("--on", "on", type=DATE, help="When it took effect (a month or year: its first day); not before the claim was stated. Default: today.")
@pass_app
def set_status(app: AppContext, claim_id: int, status: str, reason: str, evidence: int | str | None, on: domain.PartialDate | None) -> None:
    """Change a claim's status, with a reason. confirmed and refuted need --evidence, which is
    also linked to the claim as supporting (confirmed, corroborated) or disputing (refuted,
    contested) it.

    \b
    Example:  claimtrack claim set-status 12 confirmed --reason "Treasury figures" --evidence 7
    """
    from claimtrack.services.claims import set_claim_status

    with app.transaction() as connection:
        change = set_claim_status(
            connection, claim_id=claim_id, status=status, reason=reason, evidence=evidence, changed_by=app.actor,
            on=on.value if on else None,
        )
    evidence_said = f" on the evidence of source {change.evidence_source_id}" if change.evidence_source_id else ""
    effective = f", effective {on}" if on is not None else ""
    click.echo(f"claim {claim_id}: {change.from_status} -> {change.to_status}{evidence_said}{effective}.", err=True)


# Correcting a claim: edit, uncite, delete, restore (cli.claim_edit).
from claimtrack.cli.claim_edit import register  # noqa: E402

register(claim)
