"""Seeds in: the bundled YAML of the founding article (io.seeds), or a directory of its like,
added where the database lacks them, so that a second run changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg

from claimtrack.db.bulk_load import lock_for_import
from claimtrack.errors import ClaimtrackError, NotFound
from claimtrack.io.seeds import SeedSet
from claimtrack.services.clock import database_today
from claimtrack.services.lookup import ActorResolver
from claimtrack.services.named_writer import KindCount, NamedWriter

SEED_COUNTS = ("actors", "sources", "tags", "claims", "predictions")


def seed_directory(connection: psycopg.Connection[Any], *, directory: Path | None, recorded_by: str) -> dict[str, KindCount]:
    """Seed the *.yaml files in `directory` (by default the bundled seeds); what they leave to
    today (a made or resolved day, a +90d deadline) is the database's today (services.clock)."""
    from claimtrack.io.seeds import read_seeds, seeds_directory

    seeds = read_seeds(directory or seeds_directory(), today=database_today(connection))
    return seed(connection, seeds=seeds, recorded_by=recorded_by)


def seed(connection: psycopg.Connection[Any], *, seeds: SeedSet, recorded_by: str) -> dict[str, KindCount]:
    """Add what the seeds hold and the database lacks, matched by natural keys: actors by name or
    ISO code (each found as any reference to an actor is: by name, code or alias), sources by URL
    (else title), tags by name, claims and predictions by statement. What exists already is left
    as it is, so a second run creates nothing."""
    from claimtrack.services.actors import add_actor
    from claimtrack.services.sources import add_source

    lock_for_import(connection, history=False)
    counts = {kind: KindCount() for kind in SEED_COUNTS}
    actors = ActorResolver(connection)
    for actor in seeds.actors:
        if actors.match(actor.name) or (actor.iso_code and actors.match(actor.iso_code)):
            counts["actors"].unchanged += 1
            continue
        with _located(actor.where):
            add_actor(connection, name=actor.name, kind=actor.kind, iso_code=actor.iso_code, aliases=actor.aliases)
        counts["actors"].created += 1
    for source in seeds.sources:
        known = (
            connection.execute("SELECT FROM source WHERE url = %s", (source.url,)) if source.url
            else connection.execute("SELECT FROM source WHERE lower(title) = %s", (source.title.lower(),))
        ).fetchone()  # fmt: skip
        if known is not None:
            counts["sources"].unchanged += 1
            continue
        with _located(source.where):
            add_source(
                connection, title=source.title, url=source.url, kind=source.kind, publisher=source.publisher,
                author=source.author, published=source.published, reliability=source.reliability,
                notes=source.notes, recorded_by=recorded_by,
            )  # fmt: skip
        counts["sources"].created += 1

    statements = [c.statement for c in seeds.claims] + [p.claim for p in seeds.predictions if isinstance(p.claim, str)]
    claim_ids: dict[str, int] = dict(connection.execute(
        "SELECT statement, min(id) FROM claim WHERE statement = ANY(%s) GROUP BY statement", (statements,)
    ).fetchall())
    known_predictions = {row[0] for row in connection.execute(
        "SELECT statement FROM prediction WHERE statement = ANY(%s)", ([p.statement for p in seeds.predictions],)
    )}  # fmt: skip
    places = [c.where for c in seeds.claims] + [p.where for p in seeds.predictions]
    writer = NamedWriter(connection, recorded_by=recorded_by, describe=places.__getitem__)
    for origin, claim in enumerate(seeds.claims):
        if claim.statement in claim_ids:
            counts["claims"].unchanged += 1
        else:
            claim_ids[claim.statement] = writer.add_claim(claim, origin)
            counts["claims"].created += 1
    for index, prediction in enumerate(seeds.predictions):
        if prediction.statement in known_predictions:
            counts["predictions"].unchanged += 1
            continue
        claim_id = None
        if isinstance(prediction.claim, str):
            claim_id = claim_ids.get(prediction.claim)
            if claim_id is None:
                raise NotFound(f'{prediction.where}: claim: no claim says "{prediction.claim}"; copy the statement of a claim exactly.')
        writer.add_prediction(prediction, len(seeds.claims) + index, claim_id=claim_id)
        counts["predictions"].created += 1
    tag_names = {t for c in seeds.claims for t in c.tags} | {t for p in seeds.predictions for t in p.tags}
    counts["tags"] = KindCount(created=writer.tags.created, unchanged=len(tag_names) - writer.tags.created)
    counts["sources"].created += writer.sources.created
    writer.finish()
    return counts


class _located:
    """Prefix a service's refusal with the record it came from."""

    def __init__(self, where: str) -> None:
        self.where = where

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, _tb: object) -> None:
        if isinstance(error, ClaimtrackError) and not str(error).startswith(self.where):
            raise type(error)(f"{self.where}: {error}") from None
