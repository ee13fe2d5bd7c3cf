"""Claims and predictions whose actors, sources and tags are named (seeds, CSV rows), written
with COPY in the caller's one transaction, under the import lock (db.bulk_load), so that they land
whole or not at all and the ids picked stay free. The history triggers record their first status."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import psycopg

from claimtrack import domain
from claimtrack.db.bulk_load import (
    TABLES,
    advance_sequences,
    largest_ids,
    lock_for_import,
)
from claimtrack.db.copy import CopyBuffer, copy_error_line
from claimtrack.domain.arms import ArmsTransfer, parties_problem
from claimtrack.errors import NotFound
from claimtrack.io.fields import InvalidRecord
from claimtrack.io.named import ClaimSpec, PredictionSpec
from claimtrack.services.lookup import ActorResolver, stored_text


@dataclass
class KindCount:
    created: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.unchanged} unchanged"


class IdCounter:
    """The next free id of each table, above the largest one there (the import lock keeps it so)."""

    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        self.largest = largest_ids(connection)

    def take(self, table: str) -> int:
        self.largest[table] += 1
        return self.largest[table]


class TagIndex:
    """Tag ids by name; a new tag gets the next id and is copied with the rest."""

    def __init__(self, connection: psycopg.Connection[Any], ids: IdCounter, buffer: CopyBuffer) -> None:
        self.ids: dict[str, int] = dict(connection.execute("SELECT name, id FROM tag").fetchall())
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

    def __init__(self, connection: psycopg.Connection[Any], ids: IdCounter, buffer: CopyBuffer, *, recorded_by: str) -> None:
        self.connection = connection
        self.by_url: dict[str, int] = dict(connection.execute("SELECT url, id FROM source WHERE url IS NOT NULL").fetchall())
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
                # Made on the fly from its URL, as `--evidence URL` does: marked incomplete (source list --incomplete).
                self.buffer.add((found, domain.url_title(url), url, "other", self.recorded_by, True))
                self.created += 1
            return found
        key = reference.strip().lower()
        if key not in self.by_title:
            matches = [
                row[0] for row in self.connection.execute(
                    "SELECT id FROM source WHERE lower(title) = %s ORDER BY id LIMIT 2", (key,)
                )
            ]  # fmt: skip
            if len(matches) != 1:
                problem = "no source has" if not matches else "several sources have"
                raise NotFound(f'{where}: {problem} the title "{reference}"; name it by its URL, or add it: claimtrack source add TITLE')
            self.by_title[key] = matches[0]
        return self.by_title[key]


_NAMED_COLUMNS = {
    "tag": ("id", "name"),
    "source": ("id", "title", "url", "kind", "recorded_by", "incomplete"),
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

    def __init__(self, connection: psycopg.Connection[Any], *, recorded_by: str, describe: Callable[[int], str]) -> None:
        lock_for_import(connection, history=False)
        self.connection = connection
        self.recorded_by = stored_text("user", recorded_by)
        self.describe = describe
        self.ids = IdCounter(connection)
        self.buffers = {table: CopyBuffer(table, columns) for table, columns in _NAMED_COLUMNS.items()}
        self.actors = ActorResolver(connection)
        self.tags = TagIndex(connection, self.ids, self.buffers["tag"])
        self.sources = SourceIndex(connection, self.ids, self.buffers["source"], recorded_by=recorded_by)
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
            self._arms(spec.arms, f"{where}: {spec.arms_field}", origin, claim_id=claim_id)
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
            supplier, recipient = self._arms(spec.arms, f"{where}: {spec.arms_field}", origin, prediction_id=prediction_id)
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

    def _arms(self, arms: ArmsTransfer, where: str, origin: int, **owner: int) -> tuple[int, int]:
        """Buffer the transfer of the claim or prediction `owner` names; `where` names its fields
        ("a.yaml: claims[0]: arms_transfer."). Returns the supplier's and recipient's ids."""
        supplier = self.actors.find(arms.supplier, where=f"{where}supplier").id
        recipient = self.actors.find(arms.recipient, where=f"{where}recipient").id
        problem = parties_problem(supplier, recipient)
        if problem:
            raise InvalidRecord(f"{where}recipient: {problem}")
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
        copy_all(self.connection, self.buffers, self.describe, on_chunk)
        if not dry_run:  # setval is not undone by a rollback
            advance_sequences(self.connection)

    def _check_claim_references(self) -> None:
        wanted = sorted(self.claim_references)
        for start in range(0, len(wanted), 10000):
            chunk = wanted[start : start + 10000]
            found = {row[0] for row in self.connection.execute("SELECT id FROM claim WHERE id = ANY(%s)", (chunk,))}
            for claim_id in chunk:
                if claim_id not in found:
                    raise NotFound(f"{self.claim_references[claim_id]}: no claim {claim_id}; see: claimtrack claim list")


def copy_all(
    connection: psycopg.Connection[Any],
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
            buffer.copy(connection, on_chunk)
        except psycopg.Error as error:
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
