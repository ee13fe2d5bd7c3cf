"""Whole datasets in: seeds (YAML) and CSV rows that name actors and sources.

Each use case runs in the caller's one transaction and takes the import lock first
(services.bulk), so it lands whole or not at all, and the ids it picks stay free.
Claims and predictions are written with COPY; the history triggers record their first status.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import psycopg
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from claimtrack import domain
from claimtrack.db.engine import driver_connection
from claimtrack.db.models import Claim, Prediction, Source, Tag
from claimtrack.errors import ClaimtrackError, NotFound
from claimtrack.io.fields import InvalidRecord
from claimtrack.io.named import ArmsSpec, ClaimSpec, PredictionSpec
from claimtrack.io.seeds import SeedSet
from claimtrack.services.bulk import (
    TABLES,
    CopyBuffer,
    advance_sequences,
    copy_error_line,
    largest_ids,
    lock_for_import,
)
from claimtrack.services.clock import database_today
from claimtrack.services.lookup import ActorResolver, stored_text


@dataclass
class KindCount:
    created: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.unchanged} unchanged"


class IdCounter:
    """The next free id of each table, above the largest one there (the import lock keeps it so)."""

    def __init__(self, session: Session) -> None:
        self.largest = largest_ids(session)

    def take(self, table: str) -> int:
        self.largest[table] += 1
        return self.largest[table]


class TagIndex:
    """Tag ids by name; a new tag gets the next id and is copied with the rest."""

    def __init__(self, session: Session, ids: IdCounter, buffer: CopyBuffer) -> None:
        self.ids = dict(session.execute(select(Tag.name, Tag.id)).all())
        self.counter = ids
        self.buffer = buffer
        self.created = 0

    def id_of(self, name: str) -> int:
        found = self.ids.get(name)
        if found is None:
            found = self.ids[name] = self.counter.take("tag")
            self.buffer.add((found, name))
            self.created += 1
        return found


class SourceIndex:
    """Sources by URL (an unknown URL creates a source titled by it, as `--source URL` does) or title."""

    def __init__(self, session: Session, ids: IdCounter, buffer: CopyBuffer, *, recorded_by: str) -> None:
        self.session = session
        self.by_url = dict(session.execute(select(Source.url, Source.id).where(Source.url.is_not(None))).all())
        self.by_title: dict[str, int] = {}
        self.counter = ids
        self.buffer = buffer
        self.recorded_by = recorded_by
        self.created = 0

    def id_of(self, reference: str, where: str) -> int:
        if reference.lower().startswith(("http://", "https://")):
            try:
                url = domain.checked_url(reference)
            except ValueError as error:
                raise InvalidRecord(f"{where}: {error}") from None
            found = self.by_url.get(url)
            if found is None:
                found = self.by_url[url] = self.counter.take("source")
                self.buffer.add((found, domain.url_title(url), url, "other", self.recorded_by))
                self.created += 1
            return found
        key = reference.strip().lower()
        if key not in self.by_title:
            matches = self.session.execute(
                select(Source.id).where(func.lower(Source.title) == key).order_by(Source.id).limit(2)
            ).scalars().all()
            if len(matches) != 1:
                problem = "no source has" if not matches else "several sources have"
                raise NotFound(f'{where}: {problem} the title "{reference}"; name it by its URL, or add it: claimtrack source add TITLE')
            self.by_title[key] = matches[0]
        return self.by_title[key]


_NAMED_COLUMNS = {
    "tag": ("id", "name"),
    "source": ("id", "title", "url", "kind", "recorded_by"),
    "claim": (
        "id", "statement", "status", "credibility", "claimant_id", "occurred_on", "occurred_precision",
        "stated_on", "stated_precision", "recorded_by",
    ),
    "claim_actor": ("claim_id", "actor_id", "role"),
    "claim_tag": ("claim_id", "tag_id"),
    "claim_source": ("claim_id", "source_id", "stance", "excerpt", "added_by"),
    "prediction": (
        "id", "statement", "predictor_actor_id", "predictor_source_id", "made_on", "made_precision", "resolve_by",
        "resolve_by_precision", "probability", "likelihood", "confidence", "criteria", "status", "resolved_on",
        "resolution_note", "evidence_source_id", "claim_id", "recorded_by",
    ),
    "prediction_actor": ("prediction_id", "actor_id", "role"),
    "prediction_tag": ("prediction_id", "tag_id"),
    "arms_transfer": (
        "prediction_id", "claim_id", "supplier_id", "recipient_id", "category", "item", "quantity", "period_start",
        "period_end",
    ),
}  # fmt: skip


class NamedWriter:
    """Claims and predictions whose actors, sources and tags are named, written with COPY.

    `origin` numbers each record (a CSV line, a seed's index); `describe(origin)` says where it
    is, so that a refusal by the database still names the record.
    """

    def __init__(self, session: Session, *, recorded_by: str, describe: Callable[[int], str]) -> None:
        lock_for_import(session)
        self.session = session
        self.recorded_by = stored_text("user", recorded_by)
        self.describe = describe
        self.ids = IdCounter(session)
        self.buffers = {table: CopyBuffer(table, columns) for table, columns in _NAMED_COLUMNS.items()}
        self.actors = ActorResolver(driver_connection(session))
        self.tags = TagIndex(session, self.ids, self.buffers["tag"])
        self.sources = SourceIndex(session, self.ids, self.buffers["source"], recorded_by=recorded_by)
        self.claim_references: dict[int, str] = {}
        self.claims = 0
        self.predictions = 0

    def add_claim(self, spec: ClaimSpec, origin: int) -> int:
        where = spec.where
        claim_id = self.ids.take("claim")
        claimant = self.actors.find(spec.claimant, where=f"{where}: claimant").id if spec.claimant else None
        occurred, stated = spec.occurred, spec.stated
        self.buffers["claim"].add(
            (
                claim_id, spec.statement, spec.status, spec.credibility, claimant,
                occurred and occurred.value, occurred and occurred.precision,
                stated and stated.value, stated and stated.precision, self.recorded_by,
            ),
            origin,
        )  # fmt: skip
        for actor_id, role in self._actor_roles(spec.actors, f"{where}: actors"):
            self.buffers["claim_actor"].add((claim_id, actor_id, role), origin)
        for tag in spec.tags:
            self.buffers["claim_tag"].add((claim_id, self.tags.id_of(tag)), origin)
        linked: set[int] = set()
        for evidence in spec.evidence:
            source_id = self.sources.id_of(evidence.source, f"{where}: {evidence.field}source")
            if source_id in linked:
                raise InvalidRecord(f"{where}: {evidence.field}source: this claim already cites that source; cite it once.")
            linked.add(source_id)
            self.buffers["claim_source"].add((claim_id, source_id, evidence.stance, evidence.excerpt, self.recorded_by), origin)
        if spec.arms:
            self._arms(spec.arms, where, origin, claim_id=claim_id)
        self.claims += 1
        return claim_id

    def add_prediction(self, spec: PredictionSpec, origin: int, *, claim_id: int | None = None) -> int:
        where = spec.where
        prediction_id = self.ids.take("prediction")
        by = self.actors.find(spec.by, where=f"{where}: by").id if spec.by else None
        source = self.sources.id_of(spec.source, f"{where}: source") if spec.source else None
        if isinstance(spec.claim, int):
            self.claim_references.setdefault(spec.claim, f"{where}: claim")
            claim_id = spec.claim
        resolution = spec.resolution
        evidence = None
        if resolution is not None and resolution.evidence is not None:
            evidence = self.sources.id_of(resolution.evidence, f"{where}: {resolution.field}evidence")
        self.buffers["prediction"].add(
            (
                prediction_id, spec.statement, by, source, spec.made.value, spec.made.precision,
                spec.resolve_by.last_day, spec.resolve_by.precision, spec.probability, spec.likelihood,
                spec.confidence, spec.criteria, resolution.status if resolution else "open",
                resolution and resolution.resolved_on, resolution and resolution.note, evidence, claim_id,
                self.recorded_by,
            ),
            origin,
        )  # fmt: skip
        actors = self._actor_roles(spec.actors, f"{where}: actors")
        if spec.arms:
            # The supplier and recipient of an expected transfer are actors the prediction concerns.
            supplier, recipient = self._arms(spec.arms, where, origin, prediction_id=prediction_id)
            known = {actor_id for actor_id, _ in actors}
            actors += [(actor_id, domain.DEFAULT_ROLE) for actor_id in (supplier, recipient) if actor_id not in known]
        for actor_id, role in dict.fromkeys(actors):
            self.buffers["prediction_actor"].add((prediction_id, actor_id, role), origin)
        for tag in spec.tags:
            self.buffers["prediction_tag"].add((prediction_id, self.tags.id_of(tag)), origin)
        self.predictions += 1
        return prediction_id

    def _actor_roles(self, pairs: Iterable[tuple[str, str]], where: str) -> list[tuple[int, str]]:
        return list(dict.fromkeys((self.actors.find(name, where=where).id, role) for name, role in pairs))

    def _arms(self, arms: ArmsSpec, where: str, origin: int, **owner: int) -> tuple[int, int]:
        supplier = self.actors.find(arms.supplier, where=f"{where}: {arms.field}supplier").id
        recipient = self.actors.find(arms.recipient, where=f"{where}: {arms.field}recipient").id
        if supplier == recipient:
            raise InvalidRecord(f"{where}: {arms.field}recipient: the recipient is the supplier; name two different actors.")
        self.buffers["arms_transfer"].add(
            (
                owner.get("prediction_id"), owner.get("claim_id"), supplier, recipient, arms.category, arms.item,
                arms.quantity, arms.period_start, arms.period_end,
            ),
            origin,
        )  # fmt: skip
        return supplier, recipient

    def finish(self, on_chunk: Callable[[int], None] | None = None, *, dry_run: bool = False) -> None:
        self._check_claim_references()
        copy_all(self.session, self.buffers, self.describe, on_chunk)
        if not dry_run:  # setval is not undone by a rollback
            advance_sequences(self.session)

    def _check_claim_references(self) -> None:
        wanted = sorted(self.claim_references)
        for start in range(0, len(wanted), 10000):
            chunk = wanted[start : start + 10000]
            found = set(self.session.execute(select(Claim.id).where(Claim.id.in_(chunk))).scalars())
            for claim_id in chunk:
                if claim_id not in found:
                    raise NotFound(f"{self.claim_references[claim_id]}: no claim {claim_id}; see: claimtrack claim list")


def copy_all(
    session: Session,
    buffers: dict[str, CopyBuffer],
    describe: Callable[[int], str],
    on_chunk: Callable[[int], None] | None = None,
) -> None:
    """Copy every buffer, parents first; a row the database refuses is named by its record."""
    for table in TABLES:
        buffer = buffers.get(table)
        if buffer is None:
            continue
        try:
            buffer.copy(session, on_chunk)
        except (DBAPIError, psycopg.Error) as error:
            refusal = refused_row(error, {table: buffer}, describe)
            if refusal is None:
                raise
            raise refusal from None


def refused_row(error: BaseException, buffers: dict[str, CopyBuffer], describe: Callable[[int], str]) -> InvalidRecord | None:
    """The database's refusal of a copied row, named by the input record the row came from."""
    found = copy_error_line(error)
    buffer = buffers.get(found[0]) if found else None
    origin = buffer.origin_of_line(found[1]) if buffer is not None and found else None
    if origin is None or buffer is None:
        return None
    diag = getattr(getattr(error, "orig", error), "diag", None)
    problem = getattr(diag, "message_primary", None) or str(error).splitlines()[0]
    return InvalidRecord(f"{describe(origin)}: the database refused this {buffer.table.replace('_', ' ')}: {problem}.")


# --- seeds ----------------------------------------------------------------------------------------

SEED_COUNTS = ("actors", "sources", "tags", "claims", "predictions")


def seed_directory(session: Session, *, directory: Path | None, recorded_by: str) -> dict[str, KindCount]:
    """Seed the *.yaml files in `directory` (by default the bundled seeds); what they leave to
    today (a made or resolved day, a +90d deadline) is the database's today (services.clock)."""
    from claimtrack.io.seeds import read_seeds, seeds_directory

    seeds = read_seeds(directory or seeds_directory(), today=database_today(driver_connection(session)))
    return seed(session, seeds=seeds, recorded_by=recorded_by)


def seed(session: Session, *, seeds: SeedSet, recorded_by: str) -> dict[str, KindCount]:
    """Add what the seeds hold and the database lacks, matched by natural keys: actors by name or
    ISO code (each found as any reference to an actor is: by name, code or alias), sources by URL
    (else title), tags by name, claims and predictions by statement. What exists already is left
    as it is, so a second run creates nothing."""
    from claimtrack.services.actors import add_actor
    from claimtrack.services.sources import add_source

    lock_for_import(session)
    counts = {kind: KindCount() for kind in SEED_COUNTS}
    actors = ActorResolver(driver_connection(session))
    for actor in seeds.actors:
        if actors.match(actor.name) or (actor.iso_code and actors.match(actor.iso_code)):
            counts["actors"].unchanged += 1
            continue
        with _located(actor.where):
            add_actor(driver_connection(session), name=actor.name, kind=actor.kind, iso_code=actor.iso_code, aliases=actor.aliases)
        counts["actors"].created += 1
    for source in seeds.sources:
        known = Source.url == source.url if source.url else (func.lower(Source.title) == source.title.lower())
        if session.execute(select(Source.id).where(known)).first():
            counts["sources"].unchanged += 1
            continue
        with _located(source.where):
            add_source(
                driver_connection(session), title=source.title, url=source.url, kind=source.kind, publisher=source.publisher,
                author=source.author, published=source.published, reliability=source.reliability,
                notes=source.notes, recorded_by=recorded_by,
            )  # fmt: skip
        counts["sources"].created += 1

    statements = [c.statement for c in seeds.claims] + [p.claim for p in seeds.predictions if isinstance(p.claim, str)]
    claim_ids = dict(session.execute(select(Claim.statement, func.min(Claim.id)).where(Claim.statement.in_(statements)).group_by(Claim.statement)).all())
    known_predictions = set(session.execute(select(Prediction.statement).where(Prediction.statement.in_([p.statement for p in seeds.predictions]))).scalars())
    places = [c.where for c in seeds.claims] + [p.where for p in seeds.predictions]
    writer = NamedWriter(session, recorded_by=recorded_by, describe=places.__getitem__)
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


def import_named(
    session: Session,
    rows: Iterable[tuple[int, ClaimSpec | PredictionSpec]],
    *,
    name: str,
    recorded_by: str,
    on_chunk: Callable[[int], None] | None = None,
    dry_run: bool = False,
) -> dict[str, KindCount]:
    """Import CSV rows (io.csv_rows): every row becomes a new claim or prediction."""
    writer = NamedWriter(session, recorded_by=recorded_by, describe=lambda line: f"{name} line {line}")
    for line, spec in rows:
        if isinstance(spec, ClaimSpec):
            writer.add_claim(spec, line)
        else:
            writer.add_prediction(spec, line)
    writer.finish(on_chunk, dry_run=dry_run)
    counts = {"sources": KindCount(created=writer.sources.created), "tags": KindCount(created=writer.tags.created)}
    if writer.claims:
        counts["claims"] = KindCount(created=writer.claims)
    if writer.predictions:
        counts["predictions"] = KindCount(created=writer.predictions)
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
