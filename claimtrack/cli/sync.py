"""claimtrack sync: records between two claimtrack databases, matched by identity."""

from __future__ import annotations

import click

from claimtrack.cli.context import AppContext, pass_app


@click.command()
@click.option("--to", "to_url", metavar="URL", help="Send this database's records to the claimtrack database at URL.")
@click.option("--from", "from_url", metavar="URL", help="Bring the records of the claimtrack database at URL here.")
@click.option("--dry-run", is_flag=True, help="Match everything and report what would change; write nothing.")
@click.option(
    "--prefer",
    type=click.Choice(("theirs", "ours")),
    help="For a record changed on both sides since the databases last agreed: keep the other database's "
    "version (theirs) or this one's (ours). Without it such a conflict refuses the sync.",
)
@pass_app
def sync(app: AppContext, to_url: str | None, from_url: str | None, dry_run: bool, prefer: str | None) -> None:
    """Bring records from one claimtrack database to another, matched by identity.

    This database is the one in use (--database-url, $CLAIMTRACK_DATABASE_URL, else the embedded
    one); the other is URL. Records are matched by their uid, as `claimtrack import` matches an
    export: new ones are created, unchanged ones left alone, one changed only on the sending side
    is updated on the receiving side (its history merged), one changed only on the receiving side
    is kept, and one changed on both sides since the two last agreed is a conflict: both versions
    are shown and nothing is written, unless --prefer says which side wins ("ours" is this
    database, "theirs" the one at URL, whichever way the records go). One transaction on the
    receiving side: all of it, or nothing. Run both directions to bring the two level.

    \b
    Example:  claimtrack sync --to postgresql://alice@team.example.org/claimtrack
              claimtrack sync --from postgresql://alice@team.example.org/claimtrack --dry-run
    """
    from claimtrack.config import DatabaseChoice, checked_url
    from claimtrack.db.engine import Database
    from claimtrack.services.sync import ImportConflict, sync_records

    if (to_url is None) == (from_url is None):
        raise click.UsageError("give one of --to URL or --from URL.")
    option = "--to" if to_url else "--from"
    other = Database(DatabaseChoice(url=checked_url(to_url or from_url or "", option), origin=option))
    here = app.database()
    sending, receiving = (here, other) if to_url else (other, here)
    # --prefer speaks for this database; the import speaks for the receiving one.
    receiver_prefers = prefer if from_url or prefer is None else {"theirs": "ours", "ours": "theirs"}[prefer]
    try:
        with sending.transaction(actor=app.actor) as sender, receiving.transaction(actor=app.actor) as receiver:
            result = sync_records(
                sender, receiver, sender_name=sending.display_url, receiver_name=receiving.display_url,
                dry_run=dry_run, prefer=receiver_prefers,
            )  # fmt: skip
    except ImportConflict as conflict:
        for line in conflict.report:
            click.echo(line, err=True)
        raise
    finally:
        other.dispose()
    for line in result.conflicts:
        click.echo(line, err=True)
    for kind, count in result.counts.items():
        click.echo(f"{kind}: {count}", err=True)
    verb = "would bring" if dry_run else "brought"
    click.echo(
        f"{verb} the records of {sending.display_url} to {receiving.display_url}"
        + ("; nothing was written (--dry-run)." if dry_run else "."),
        err=True,
    )
    if result.conflicts:
        click.echo("the sync would be refused for those conflicts; choose a side with --prefer theirs or --prefer ours.", err=True)
