"""The export format's records, checked: every actor, source, tag, claim, prediction, forecast,
status change and change record, losslessly (docs/formats.md). The file that holds them (a JSON
document or NDJSON lines) is io.exchange_file's.

Records refer to each other by the ids in the file. ExchangeReader checks every record and every
reference (to a record earlier in the file) before anything is written.
"""

from __future__ import annotations

import json
from typing import Any

from claimtrack import domain
from claimtrack.domain.arms import parties_problem, period_problem
from claimtrack.io.exchange_fast import CanonicalRecords
from claimtrack.io.exchange_format import (
    ACTOR_ROLE_FIELDS,
    ARMS_FIELDS,
    CHANGE_OPERATIONS,
    CHANGE_RECORD_TABLES,
    CHANGE_TABLES,
    EVIDENCE_FIELDS,
    FIELDS,
    FORECAST_EVIDENCE_FIELDS,
    KINDS,
    PLURAL,
    json_value_problem,
)
from claimtrack.io.exchange_format import Item as Item
from claimtrack.io.exchange_identity import (
    IDENTIFIED_KINDS,
    checked_fingerprint,
    checked_uid,
)
from claimtrack.io.fields import Fields, InvalidRecord

_POSITIONS = {kind: position for position, (kind, _) in enumerate(KINDS)}


class ExchangeReader:
    """Checks records one by one, and their references to records earlier in the file.

    A record in the form claimtrack's export writes (exact types, stored forms) is checked by a
    fast path (io.exchange_fast); any other record, and every record with a problem, is read
    field by field by the methods below, which name the problem. Both give the same record."""

    def __init__(self) -> None:
        self.ids: dict[str, set[int]] = {kind: set() for kind in PLURAL}
        self.actor_keys: dict[str, str] = {}
        self.urls: dict[str, str] = {}
        self.tags: set[str] = set()
        self.order = 0  # the index in KINDS of the last kind read
        self.canonical = CanonicalRecords(self)

    def read(self, item: Item) -> dict[str, Any]:
        position = _POSITIONS[item.kind]
        if position < self.order:
            raise InvalidRecord(
                f"{item.where}: a {item.kind} after the {KINDS[self.order][1]}; records come in this order: "
                f"{', '.join(p for _, p in KINDS)}."
            )
        self.order = position
        record = self.canonical.read(item)
        if record is None:
            record = getattr(self, f"_{item.kind}")(Fields(item.data, item.where, FIELDS[item.kind]))
        return record

    def _new_id(self, fields: Fields, kind: str) -> int:
        record_id = fields.identifier("id")
        if record_id in self.ids[kind]:
            fields.fail("id", f"{kind} {record_id} appears twice; ids are unique within a file.")
        self.ids[kind].add(record_id)
        return record_id

    def _ref(self, fields: Fields, name: str, kind: str, *, required: bool = False) -> int | None:
        value = fields.integer(name, required=required)
        if value is not None and value not in self.ids[kind]:
            fields.fail(name, f"no {kind} {value} earlier in the file; every {kind} a record names must come before it.")
        return value

    def _unique_key(self, fields: Fields, name: str, key: str, shown: str) -> None:
        earlier = self.actor_keys.get(key)
        if earlier is not None:
            fields.fail(name, f'"{shown}" already names an actor ({earlier}); names, codes and aliases are unique.')
        self.actor_keys[key] = fields.where

    def _actor(self, fields: Fields) -> dict[str, Any]:
        record_id = self._new_id(fields, "actor")
        name = fields.required_text("name", limit="name")
        code = fields.text("iso_code", limit="name")
        if code is not None and not domain.is_iso_code(code):
            fields.fail("iso_code", f'"{code}" is not an ISO 3166-1 alpha-3 code such as PRK.')
        self._unique_key(fields, "name", name.lower(), name)
        if code:
            self._unique_key(fields, "iso_code", "code:" + code, code)
        aliases = fields.strings("aliases", limit="alias")
        for index, alias in enumerate(aliases):
            self._unique_key(fields, f"aliases[{index}]", "alias:" + alias.lower(), alias)
        return {
            "id": record_id, "name": name, "kind": self._actor_kind(fields, code),
            "iso_code": code, "aliases": aliases, "created_at": fields.timestamp("created_at"), "uid": _uid(fields),
        }  # fmt: skip

    def _actor_kind(self, fields: Fields, code: str | None) -> str:
        kind: str = fields.choice("kind", domain.ACTOR_KINDS, required=True)
        if code is not None and not domain.may_hold_iso_code(kind):
            fields.fail("iso_code", f"an ISO code is for states, and this actor is a {kind}; leave iso_code out or use kind: state.")
        return kind

    def _source(self, fields: Fields) -> dict[str, Any]:
        record_id = self._new_id(fields, "source")
        url = fields.url("url")
        if url is not None:
            if url in self.urls:
                fields.fail("url", f"{url} is also the URL of {self.urls[url]}; a URL names one source.")
            self.urls[url] = fields.where
        return {
            "id": record_id, "kind": fields.choice("kind", domain.SOURCE_KINDS, default="other"),
            "title": fields.required_text("title", limit="title"), "url": url,
            "publisher": fields.text("publisher", limit="publisher", strip=False),
            "author": fields.text("author", limit="author", strip=False),
            "published": fields.partial_date("published"),
            "reliability": fields.choice("reliability", domain.RELIABILITY_GRADES, default="F"),
            "notes": fields.text("notes", limit="notes", strip=False), "recorded_by": fields.required_text("recorded_by", limit="user"),
            "created_at": fields.timestamp("created_at"), "incomplete": _flag(fields, "incomplete"),
            **_retired(fields, record_id), "uid": _uid(fields),
        }  # fmt: skip

    def _tag(self, fields: Fields) -> dict[str, Any]:
        """A tag, with its id (which change records name it by) or, in files before 2026-12, without."""
        record_id = None if fields.raw("id") is None else self._new_id(fields, "tag")
        name = fields.required_text("name", limit="tag")
        try:
            tag = domain.normalise_tag(name)
        except ValueError as error:
            fields.fail("name", str(error))
        if tag != name or tag in self.tags:
            fields.fail("name", f'"{name}" is not a new tag in its stored form ("{tag}").')
        self.tags.add(tag)
        return {"id": record_id, "name": tag}

    def _roles(self, fields: Fields) -> list[tuple[int, str]]:
        pairs: list[tuple[int, str]] = []
        for index, entry in enumerate(fields.items("actors")):
            nested = fields.nested(entry, f"actors[{index}]", ACTOR_ROLE_FIELDS)
            pair = (self._ref(nested, "actor", "actor", required=True), nested.choice("role", domain.ACTOR_ROLES, default=domain.DEFAULT_ROLE))
            if pair in pairs:
                nested.fail("actor", "this actor and role appear twice.")
            pairs.append(pair)  # type: ignore[arg-type]
        return pairs

    def _tag_names(self, fields: Fields) -> list[str]:
        names = fields.tag_names("tags")
        for name in names:
            if name not in self.tags:
                self.tags.add(name)  # a tag may be named without its own record
        return names

    def _arms(self, fields: Fields) -> dict[str, Any] | None:
        data = fields.data.get("arms_transfer")
        if data is None:
            return None
        arms = fields.nested(data, "arms_transfer", ARMS_FIELDS)
        found = {
            "supplier": self._ref(arms, "supplier", "actor", required=True),
            "recipient": self._ref(arms, "recipient", "actor", required=True),
            "category": arms.choice("category", domain.ARMS_CATEGORIES, required=True),
            "item": arms.text("item", limit="item", strip=False),
            "quantity": arms.integer("quantity", maximum=domain.QUANTITY_MAX),
            "period_start": arms.day("period_start"), "period_end": arms.day("period_end"),
        }  # fmt: skip
        for field, problem in (("recipient", parties_problem(found["supplier"], found["recipient"])),
                               ("period_end", period_problem(found["period_start"], found["period_end"]))):
            if problem:
                arms.fail(field, problem)
        return found

    def _claim(self, fields: Fields) -> dict[str, Any]:
        record_id = self._new_id(fields, "claim")
        evidence: list[dict[str, Any]] = []
        for index, entry in enumerate(fields.items("evidence")):
            nested = fields.nested(entry, f"evidence[{index}]", EVIDENCE_FIELDS)
            source = self._ref(nested, "source", "source", required=True)
            if any(e["source"] == source for e in evidence):
                nested.fail("source", f"source {source} is cited twice; cite a source once per claim.")
            evidence.append({
                "source": source, "stance": nested.choice("stance", domain.STANCES, default="reports"),
                "excerpt": nested.text("excerpt", limit="excerpt", strip=False),
                "added_by": nested.required_text("added_by", limit="user"), "added_at": nested.timestamp("added_at"),
            })  # fmt: skip
        status = fields.choice("status", domain.CLAIM_STATUSES, default="unverified")
        return {
            "id": record_id, "statement": fields.required_text("statement", limit="statement", strip=False),
            "status": status, "credibility": fields.choice("credibility", domain.CREDIBILITY_GRADES, default=6),
            "claimant": self._ref(fields, "claimant", "actor"), "occurred": fields.partial_date("occurred"),
            "stated": fields.partial_date("stated"), "recorded_by": fields.required_text("recorded_by", limit="user"),
            "created_at": fields.timestamp("created_at"), "updated_at": fields.timestamp("updated_at"),
            "actors": self._roles(fields), "tags": self._tag_names(fields), "evidence": evidence,
            "arms_transfer": self._arms(fields), "notes": fields.text("notes", limit="notes", strip=False),
            **_retired(fields, record_id), "uid": _uid(fields),
        }  # fmt: skip

    def _prediction(self, fields: Fields) -> dict[str, Any]:
        record_id = self._new_id(fields, "prediction")
        made = fields.partial_date("made", required=True)
        resolve_by = fields.partial_date("resolve_by", required=True)
        assert made is not None and resolve_by is not None
        problem = domain.deadline_problem(resolve_by, made=made)
        if problem is not None:
            fields.fail("resolve_by", problem)
        probability = fields.probability("probability")
        likelihood = fields.choice("likelihood", domain.LIKELIHOOD_TERMS)
        if probability is not None and likelihood is not None and not domain.probability_fits_term(probability, likelihood):
            fields.fail("probability", f'{probability} lies outside the range of "{likelihood}".')
        status = fields.choice("status", domain.PREDICTION_STATUSES, default="open")
        resolved_on = fields.day("resolved_on")
        note = fields.text("resolution_note", limit="note", strip=False)
        evidence = self._ref(fields, "evidence_source", "source")
        evidence_claim = self._ref(fields, "evidence_claim", "claim")
        if evidence_claim is not None and status not in ("confirmed", "refuted"):
            fields.fail("evidence_claim", f"is set but the prediction is {status}; only a verdict (confirmed, refuted) rests on a claim.")
        if status == "open":
            for name, value in (("resolved_on", resolved_on), ("resolution_note", note), ("evidence_source", evidence)):
                if value is not None:
                    fields.fail(name, "is set but the prediction is open; an open prediction has no resolution.")
        else:
            if resolved_on is None:
                fields.fail("resolved_on", f"is missing; a {status} prediction has the date it was resolved.")
            problem = domain.resolved_on_problem(resolved_on, made=made)
            if problem is not None:
                fields.fail("resolved_on", problem)
            lacking = domain.resolution_lacks(status, evidence=evidence, note=note)
            if lacking == "evidence":
                fields.fail("evidence_source", f"is missing; a {status} prediction carries its evidence source.")
            if lacking == "note":
                fields.fail("resolution_note", f"is missing; an {status} prediction carries a note saying why.")
        return {
            "id": record_id, "statement": fields.required_text("statement", limit="statement", strip=False),
            "predictor_actor": self._ref(fields, "predictor_actor", "actor"),
            "predictor_source": self._ref(fields, "predictor_source", "source"),
            "made": made, "resolve_by": resolve_by, "probability": probability, "likelihood": likelihood,
            "confidence": fields.choice("confidence", domain.CONFIDENCE_LEVELS),
            "criteria": fields.text("criteria", limit="criteria", strip=False), "status": status,
            "resolved_on": resolved_on, "resolution_note": note, "evidence_source": evidence,
            "claim": self._ref(fields, "claim", "claim"), "recorded_by": fields.required_text("recorded_by", limit="user"),
            "created_at": fields.timestamp("created_at"), "updated_at": fields.timestamp("updated_at"),
            "actors": self._roles(fields), "tags": self._tag_names(fields), "arms_transfer": self._arms(fields),
            "notes": fields.text("notes", limit="notes", strip=False), "uid": _uid(fields),
            "evidence_claim": evidence_claim,
        }  # fmt: skip

    def _forecast(self, fields: Fields) -> dict[str, Any]:
        """A forecast, checked as `prediction forecast` checks one (domain.estimate); when it was
        made (not before its prediction, nor its forecaster's previous forecast) is the database's
        to check, which it leaves to the owner's import, as it does for every forecast it brings."""
        prediction = self._ref(fields, "prediction", "prediction", required=True)
        actor = self._ref(fields, "forecaster_actor", "actor")
        source = self._ref(fields, "forecaster_source", "source")
        if (actor is None) == (source is None):
            fields.fail("forecaster_actor", "a forecast is one forecaster's: give forecaster_actor or forecaster_source, one of the two.")
        probability = fields.probability("probability")
        likelihood = fields.choice("likelihood", domain.LIKELIHOOD_TERMS)
        if probability is None and likelihood is None:
            fields.fail("probability", "is missing; a forecast gives a probability, a likelihood, or both.")
        try:
            probability, likelihood = domain.estimate(probability, likelihood)
        except ValueError as problem:
            fields.fail("probability", str(problem))
        evidence: list[dict[str, Any]] = []
        for index, entry in enumerate(fields.items("evidence")):
            nested = fields.nested(entry, f"evidence[{index}]", FORECAST_EVIDENCE_FIELDS)
            cited = {"source": self._ref(nested, "source", "source"), "claim": self._ref(nested, "claim", "claim")}
            if (cited["source"] is None) == (cited["claim"] is None):
                nested.fail("source", "a forecast's evidence cites one source or one claim; give source or claim.")
            evidence.append(cited)
        return {
            "prediction": prediction, "forecaster_actor": actor, "forecaster_source": source,
            "probability": probability, "likelihood": likelihood,
            "confidence": fields.choice("confidence", domain.CONFIDENCE_LEVELS),
            "made": fields.partial_date("made", required=True), "note": fields.text("note", limit="note", strip=False),
            "recorded_by": fields.required_text("recorded_by", limit="user"), "created_at": fields.timestamp("created_at"),
            "evidence": evidence, "uid": _uid(fields),
        }  # fmt: skip

    def _history(self, fields: Fields) -> dict[str, Any]:
        record_id = self._new_id(fields, "history")
        claim = self._ref(fields, "claim", "claim")
        prediction = self._ref(fields, "prediction", "prediction")
        if (claim is None) == (prediction is None):
            fields.fail("claim", "a history entry belongs to exactly one claim or one prediction; give claim or prediction.")
        statuses = domain.CLAIM_STATUSES if claim is not None else domain.PREDICTION_STATUSES
        return {
            "id": record_id, "claim": claim, "prediction": prediction,
            "from_status": fields.choice("from_status", statuses), "to_status": fields.choice("to_status", statuses, required=True),
            "changed_at": fields.timestamp("changed_at", required=True), "effective_on": fields.day("effective_on", required=True),
            "changed_by": fields.required_text("changed_by", limit="user"), "reason": fields.text("reason", limit="reason", strip=False),
            "evidence_source": self._ref(fields, "evidence_source", "source"),
            "changed_login": fields.text("changed_login", limit="user", strip=False),
            "evidence_claim": self._ref(fields, "evidence_claim", "claim"),
        }  # fmt: skip

    def _change(self, fields: Fields) -> dict[str, Any]:
        """A change record, as the database's triggers wrote it: its values are kept exactly as they are."""
        record_id = self._new_id(fields, "change")
        record_table = fields.choice("record_table", CHANGE_RECORD_TABLES, required=True)
        table_name = fields.choice("table_name", CHANGE_TABLES, required=True)
        if record_table not in CHANGE_TABLES[table_name]:
            owners = " or ".join(CHANGE_TABLES[table_name])
            fields.fail("record_table", f'"{record_table}": a change to {table_name} belongs to a {owners}.')
        changed_at = fields.timestamp("changed_at", required=True)
        return {
            "id": record_id, "changed_at": changed_at,
            "change_group": fields.integer("change_group", minimum=0, required=True),
            "record_table": record_table, "record_id": fields.integer("record_id", required=True), "table_name": table_name,
            "operation": fields.choice("operation", CHANGE_OPERATIONS, required=True),
            "linked": _json_object(fields, "linked"), "old_values": _json_object(fields, "old_values"),
            "new_values": _json_object(fields, "new_values"),
            "changed_by": fields.required_text("changed_by", limit="user", strip=False),
            "changed_login": fields.required_text("changed_login", limit="user", strip=False),
            "reason": fields.text("reason", limit="reason", strip=False),
        }  # fmt: skip

    def _agreement(self, fields: Fields) -> dict[str, Any]:
        """What the file's database and another last agreed on about one record (AGREEMENT_FIELDS)."""
        peer = checked_uid(fields.raw("peer"))
        if peer is None:
            fields.fail("peer", f"{json.dumps(fields.raw('peer'))[:60]} is not a uuid; give the uuid of the database agreed with.")
        uid = checked_uid(fields.raw("uid"))
        if uid is None:
            fields.fail("uid", f"{json.dumps(fields.raw('uid'))[:60]} is not a uuid; give the uid of the record agreed on.")
        fingerprint = checked_fingerprint(fields.raw("fingerprint"))
        if fingerprint is None:
            fields.fail("fingerprint", f"{json.dumps(fields.raw('fingerprint'))[:60]} is not a fingerprint; an export writes 32 lower-case hexadecimal digits.")
        return {"peer": peer, "kind": fields.choice("kind", IDENTIFIED_KINDS, required=True), "uid": uid, "fingerprint": fingerprint}


def _json_object(fields: Fields, name: str) -> dict[str, Any] | None:
    """A JSON object (the fields of a row, as the change record keeps them), or none."""
    value = fields.data.get(name)
    if value is None:
        return None
    if not isinstance(value, dict):
        fields.fail(name, f"expected an object of fields such as {{\"title\": \"…\"}}, or null; found {json.dumps(value)[:40]}.")
    problem = json_value_problem(value)
    if problem:
        fields.fail(name, problem + ".")
    return value


def _uid(fields: Fields) -> str | None:
    """The record's uid (its identity across databases), or none (a file before 20261204_0011)."""
    value = fields.raw("uid")
    if value is None:
        return None
    uid = checked_uid(value)
    if uid is None:
        fields.fail("uid", f"{json.dumps(value)[:60]} is not a uuid such as 0f8e6a52-4b1e-4c0a-9d7e-3c2b1a0f9e8d; leave it out for a new record.")
    return uid


def _flag(fields: Fields, name: str) -> bool:
    value = fields.raw(name)
    if value is None:
        return False
    if type(value) is not bool:
        fields.fail(name, f"{json.dumps(value)} is not true or false; write true, false, or leave it out.")
    return value


def _retired(fields: Fields, record_id: int) -> dict[str, Any]:
    """deleted_at and merged_into: a record deleted, or merged into another of its kind (which may
    come later in the file; the database checks that it exists), is kept with when and where."""
    deleted_at = fields.timestamp("deleted_at")
    merged_into = fields.integer("merged_into")
    if merged_into is not None and (deleted_at is None or merged_into == record_id):
        fields.fail("merged_into", "a record merged into another is deleted (deleted_at) and merged into another record than itself.")
    return {"deleted_at": deleted_at, "merged_into": merged_into}

