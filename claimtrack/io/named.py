"""Records that refer to things by name, as people write them: seeds (YAML) and CSV rows.

Actors are named by name, alias or ISO code; sources by URL (or, in seeds, by title); a
prediction's claim by its statement (seeds) or id (CSV). Parsing here checks each record on its
own; the names are looked up in the database by claimtrack.services.named_writer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from claimtrack import domain
from claimtrack.domain.arms import ArmsTransfer, period_problem
from claimtrack.io.fields import Fields

ACTOR_FIELDS = ("name", "kind", "iso_code", "aliases")
SOURCE_FIELDS = ("title", "kind", "url", "publisher", "author", "published", "reliability", "notes")
EVIDENCE_FIELDS = ("source", "stance", "excerpt")
RESOLUTION_FIELDS = ("status", "resolved_on", "evidence", "note")
CLAIM_FIELDS = ("statement", "status", "credibility", "claimant", "actors", "tags", "occurred", "stated")
PREDICTION_FIELDS = (
    "statement", "by", "source", "made", "resolve_by", "probability", "likelihood", "confidence",
    "criteria", "claim", "actors", "tags",
)  # fmt: skip


@dataclass
class ActorSpec:
    name: str
    kind: str
    iso_code: str | None
    aliases: list[str]
    where: str


@dataclass
class SourceSpec:
    title: str
    kind: str
    url: str | None
    publisher: str | None
    author: str | None
    published: domain.PartialDate | None
    reliability: str
    notes: str | None
    where: str


@dataclass
class EvidenceSpec:
    source: str  # a URL, or the title of a source
    stance: str
    excerpt: str | None
    field: str  # the field named in messages


@dataclass
class ResolutionSpec:
    status: str
    resolved_on: date
    evidence: str | None
    note: str | None
    field: str


@dataclass
class ClaimSpec:
    statement: str
    status: str
    credibility: int
    claimant: str | None
    actors: list[tuple[str, str]]
    tags: list[str]
    occurred: domain.PartialDate | None
    stated: domain.PartialDate | None
    evidence: list[EvidenceSpec]
    arms: ArmsTransfer | None
    arms_field: str  # where messages name the transfer's fields: "arms_transfer." in seeds, "" in CSV
    where: str


@dataclass
class PredictionSpec:
    statement: str
    by: str | None
    source: str | None
    made: domain.PartialDate
    resolve_by: domain.PartialDate
    probability: float | None
    likelihood: str | None
    confidence: str | None
    criteria: str | None
    claim: str | int | None  # a statement (seeds) or an id (CSV)
    actors: list[tuple[str, str]]
    tags: list[str]
    arms: ArmsTransfer | None
    arms_field: str  # as ClaimSpec's
    resolution: ResolutionSpec | None
    where: str


def names(fields: Fields, name: str, *, limit: str | None) -> list[str]:
    """A list of names: a YAML list, or one text with the names separated by ";"; each within
    the limit of the field `limit` (None: the caller checks them)."""
    value = fields.raw(name)
    if isinstance(value, str):
        found = [part.strip() for part in value.split(";") if part.strip()]
        if limit is not None:
            for index, part in enumerate(found):
                fields.check(f"{name}[{index}]", part, limit)
        return found
    return fields.strings(name, limit=limit)


def actor_roles(fields: Fields, name: str = "actors") -> list[tuple[str, str]]:
    """NAME or NAME:ROLE (subject by default), as `--actor` takes them (domain.parse_actor_role):
    a role that is not one is refused, naming the roles."""
    found: list[tuple[str, str]] = []
    for index, entry in enumerate(names(fields, name, limit=None)):
        try:
            actor, role = domain.parse_actor_role(entry)
        except ValueError as error:
            fields.fail(f"{name}[{index}]", str(error))
        if not actor.strip():
            fields.fail(f"{name}[{index}]", f'"{entry}" names no actor; give NAME or NAME:ROLE.')
        pair = (fields.check(f"{name}[{index}]", actor.strip(), "name"), role)
        if pair not in found:
            found.append(pair)
    return found


def source_reference(fields: Fields, name: str, *, required: bool = False) -> str | None:
    """A source named by its URL (in its stored form: an unknown one is recorded) or, in seeds,
    by its title."""
    value = fields.raw(name)
    if isinstance(value, str) and value.strip().lower().startswith(("http://", "https://")):
        return fields.url(name)
    return fields.text(name, required=required, limit="title")


def parse_actor(fields: Fields) -> ActorSpec:
    given = fields.text("iso_code", limit="name")
    code = None if given is None else domain.stored_iso_code(given)
    if given is not None and code is None:
        fields.fail("iso_code", f'"{given}" is not an ISO 3166-1 alpha-3 code such as PRK.')
    kind = fields.choice("kind", domain.ACTOR_KINDS, required=True)
    if code is not None and not domain.may_hold_iso_code(kind):
        fields.fail("iso_code", f"an ISO code is for states, and this actor is a {kind}; leave iso_code out or use kind: state.")
    return ActorSpec(
        name=fields.required_text("name", limit="name"),
        kind=kind,
        iso_code=code,
        aliases=names(fields, "aliases", limit="alias"),
        where=fields.where,
    )


def parse_source(fields: Fields) -> SourceSpec:
    return SourceSpec(
        title=fields.required_text("title", limit="title"),
        kind=fields.choice("kind", domain.SOURCE_KINDS, default="other"),
        url=fields.url("url"),
        publisher=fields.text("publisher", limit="publisher"),
        author=fields.text("author", limit="author"),
        published=fields.partial_date("published"),
        reliability=fields.choice("reliability", domain.RELIABILITY_GRADES, default="F"),
        notes=fields.text("notes", limit="notes"),
        where=fields.where,
    )


def parse_evidence(fields: Fields, label: str) -> EvidenceSpec:
    source = source_reference(fields, "source", required=True)
    assert source is not None
    return EvidenceSpec(
        source=source,
        stance=fields.choice("stance", domain.STANCES, default="reports"),
        excerpt=fields.text("excerpt", limit="excerpt"),
        field=label,
    )


def parse_arms(fields: Fields) -> ArmsTransfer:
    transfer = ArmsTransfer(
        supplier=fields.required_text("supplier", limit="name"),
        recipient=fields.required_text("recipient", limit="name"),
        category=fields.choice("category", domain.ARMS_CATEGORIES, required=True),
        item=fields.text("item", limit="item"),
        quantity=fields.integer("quantity", maximum=domain.QUANTITY_MAX),
        period_start=fields.day("period_start"),
        period_end=fields.day("period_end"),
    )
    problem = period_problem(transfer.period_start, transfer.period_end)
    if problem:
        fields.fail("period_end", problem)
    return transfer


def parse_claim(fields: Fields, *, evidence: list[EvidenceSpec], arms: ArmsTransfer | None, arms_field: str) -> ClaimSpec:
    return ClaimSpec(
        statement=fields.required_text("statement", limit="statement"),
        status=fields.choice("status", domain.CLAIM_STATUSES, default="unverified"),
        credibility=fields.choice("credibility", domain.CREDIBILITY_GRADES, default=6),
        claimant=fields.text("claimant", limit="name"),
        actors=actor_roles(fields),
        tags=tag_list(fields),
        occurred=fields.partial_date("occurred"),
        stated=fields.partial_date("stated"),
        evidence=evidence,
        arms=arms,
        arms_field=arms_field,
        where=fields.where,
    )


def tag_list(fields: Fields) -> list[str]:
    value = fields.raw("tags")
    if isinstance(value, str):
        return Fields({"tags": names(fields, "tags", limit=None)}, fields.where, prefix=fields.prefix).tag_names("tags")
    return fields.tag_names("tags")


def parse_prediction(
    fields: Fields,
    *,
    today: date,
    arms: ArmsTransfer | None,
    arms_field: str,
    resolution: ResolutionSpec | None,
    claim: str | int | None,
) -> PredictionSpec:
    made = fields.partial_date("made") or domain.PartialDate(today, "day")
    problem = domain.made_problem(made, today=today)
    if problem is not None:
        fields.fail("made", problem)
    raw_deadline = fields.raw("resolve_by")
    if raw_deadline is None:
        fields.fail("resolve_by", f"is missing; every prediction needs a deadline: {domain.DEADLINE_FORMS}.")
    if isinstance(raw_deadline, str):
        try:
            resolve_by = domain.parse_deadline(raw_deadline, today=today)
        except ValueError as error:
            fields.fail("resolve_by", str(error))
    else:
        resolve_by = fields.partial_date("resolve_by", required=True)  # type: ignore[assignment]
    problem = domain.deadline_problem(resolve_by, made=made)
    if problem is not None:
        fields.fail("resolve_by", problem)
    likelihood = fields.choice("likelihood", domain.LIKELIHOOD_TERMS)
    probability = fields.probability("probability")
    if likelihood is not None and probability is None:
        probability = domain.likelihood_midpoint(likelihood)  # a term alone stands for its midpoint
    elif likelihood is not None and probability is not None and not domain.probability_fits_term(probability, likelihood):
        low, high = domain.LIKELIHOOD_TERMS[likelihood]
        fields.fail("probability", f'{probability} lies outside "{likelihood}" ({low}–{high}); change one of them.')
    if resolution is not None:
        problem = domain.resolved_on_problem(resolution.resolved_on, made=made)
        if problem is not None:
            fields.fail(f"{resolution.field}resolved_on", problem)
    return PredictionSpec(
        statement=fields.required_text("statement", limit="statement"),
        by=fields.text("by", limit="name"),
        source=source_reference(fields, "source"),
        made=made,
        resolve_by=resolve_by,
        probability=probability,
        likelihood=likelihood,
        confidence=fields.choice("confidence", domain.CONFIDENCE_LEVELS),
        criteria=fields.text("criteria", limit="criteria"),
        claim=claim,
        actors=actor_roles(fields),
        tags=tag_list(fields),
        arms=arms,
        arms_field=arms_field,
        resolution=resolution,
        where=fields.where,
    )


def parse_resolution(fields: Fields, label: str, *, today: date) -> ResolutionSpec | None:
    status = fields.choice("status", domain.PREDICTION_STATUSES, default="open")
    if status == "open":
        for name in ("resolved_on", "evidence", "note"):
            if fields.raw(name) is not None:
                fields.fail(name, "is given but the status is open; give a status (confirmed, refuted, ambiguous, withdrawn) or leave it out.")
        return None
    resolution = ResolutionSpec(
        status=status,
        resolved_on=fields.day("resolved_on") or today,
        evidence=source_reference(fields, "evidence"),
        note=fields.text("note", limit="note"),
        field=label,
    )
    lacking = domain.resolution_lacks(status, evidence=resolution.evidence, note=resolution.note)
    if lacking == "evidence":
        fields.fail("evidence", f"is missing; a {status} prediction needs its evidence source (a URL, or a source's title in seeds).")
    if lacking == "note":
        fields.fail("note", f"is missing; an {status} prediction needs a note saying why.")
    return resolution
