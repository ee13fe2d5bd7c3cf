"""The fast path of io.exchange.ExchangeReader: records already in the form claimtrack's export
writes are checked with plain type and set tests, a few million a minute; anything else goes to
the field-by-field reader, which names the problem. Both apply the same rules (the domain's), and
tests/unit/test_exchange_fast_path.py holds them to giving the same record.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from claimtrack import domain
from claimtrack.domain.arms import parties_problem, period_problem
from claimtrack.io.exchange_fast_values import (
    Unusual,
    choice,
    flag,
    json_object,
    only_keys,
    optional_text,
    optional_uid,
    required_text,
    retired,
    stripped_text,
    timestamp,
)
from claimtrack.io.exchange_format import (
    ACTOR_ROLE_FIELDS,
    AGREEMENT_FIELDS,
    ARMS_FIELDS,
    CHANGE_FIELDS,
    CHANGE_OPERATIONS,
    CHANGE_TABLES,
    CLAIM_FIELDS,
    EVIDENCE_FIELDS,
    FORECAST_EVIDENCE_FIELDS,
    FORECAST_FIELDS,
    HISTORY_FIELDS,
    PREDICTION_FIELDS,
    SOURCE_FIELDS,
    Item,
    ReadSoFar,
)
from claimtrack.io.exchange_identity import (
    IDENTIFIED_KINDS,
    checked_fingerprint,
    checked_uid,
)

_CLAIM_KEYS, _PREDICTION_KEYS, _HISTORY_KEYS, _SOURCE_KEYS, _CHANGE_KEYS = map(
    frozenset, (CLAIM_FIELDS, PREDICTION_FIELDS, HISTORY_FIELDS, SOURCE_FIELDS, CHANGE_FIELDS)
)
_FORECAST_KEYS, _CITED_KEYS = frozenset(FORECAST_FIELDS), frozenset(FORECAST_EVIDENCE_FIELDS)
_AGREEMENT_KEYS = frozenset(AGREEMENT_FIELDS)
_OPERATIONS = frozenset(CHANGE_OPERATIONS)
_ROLE_KEYS, _EVIDENCE_KEYS, _ARMS_KEYS = map(frozenset, (ACTOR_ROLE_FIELDS, EVIDENCE_FIELDS, ARMS_FIELDS))
_CLAIM_STATUSES, _PREDICTION_STATUSES = frozenset(domain.CLAIM_STATUSES), frozenset(domain.PREDICTION_STATUSES)
_ROLES, _STANCES, _CATEGORIES = frozenset(domain.ACTOR_ROLES), frozenset(domain.STANCES), frozenset(domain.ARMS_CATEGORIES)
_SOURCE_KINDS, _RELIABILITY = frozenset(domain.SOURCE_KINDS), frozenset(domain.RELIABILITY_GRADES)
_LIKELIHOODS, _CONFIDENCES = frozenset(domain.LIKELIHOOD_TERMS), frozenset(domain.CONFIDENCE_LEVELS)
_CREDIBILITY = frozenset(domain.CREDIBILITY_GRADES)
_LARGEST_ID = domain.ID_MAX


class CanonicalRecords:
    """The fast path of ExchangeReader: a record whose every field is already in the form
    claimtrack's export writes is checked with plain type and set tests, and gives the very
    record the field-by-field reader would (tests/unit/test_exchange_fast_path.py holds the two
    to that). Anything else, including every record with a problem, gives None, and the
    field-by-field reader, which names the problem, takes it. The reader's state (ids, URLs,
    tags) changes only once a record has passed every check."""

    def __init__(self, reader: ReadSoFar) -> None:
        self.reader = reader
        self.dates: dict[str, domain.PartialDate] = {}  # a file holds a few thousand different dates
        self.stored_tags: set[str] = set()  # names already in their stored form
        self.readers = {"source": self._source, "claim": self._claim, "prediction": self._prediction, "forecast": self._forecast,
                        "history": self._history,
                        "change": self._change, "agreement": self._agreement}

    def read(self, item: Item) -> dict[str, Any] | None:
        method = self.readers.get(item.kind)
        if method is None:
            return None
        try:
            return method(item.data, item.where)
        except Unusual:
            return None

    # --- values ---------------------------------------------------------------------------------

    def _new_id(self, value: Any, kind: str) -> int:
        if type(value) is not int or not 0 < value <= _LARGEST_ID or value in self.reader.ids[kind]:
            raise Unusual
        return value

    def _ref(self, value: Any, kind: str) -> int | None:
        if value is None:
            return None
        if type(value) is not int or value not in self.reader.ids[kind]:
            raise Unusual
        return value

    def _partial_date(self, value: Any) -> domain.PartialDate | None:
        if value is None:
            return None
        if type(value) is not str:
            raise Unusual
        found = self.dates.get(value)
        if found is None:
            try:
                found = self.dates[value] = domain.parse_partial_date(value)
            except ValueError:
                raise Unusual from None
        return found

    def _day(self, value: Any) -> date | None:
        found = self._partial_date(value)
        if found is None:
            return None
        if found.precision != "day":
            raise Unusual
        return found.value

    def _tag_names(self, value: Any) -> list[str]:
        if value is None:
            return []
        if type(value) is not list:
            raise Unusual
        for name in value:
            if type(name) is not str:
                raise Unusual
            if name not in self.stored_tags:
                try:
                    if domain.normalise_tag(name) != name:
                        raise Unusual
                except ValueError:
                    raise Unusual from None
                self.stored_tags.add(name)
        if len(set(value)) != len(value):
            raise Unusual
        return value[:]

    def _roles(self, value: Any) -> list[tuple[int, str]]:
        if value is None:
            return []
        if type(value) is not list:
            raise Unusual
        pairs: list[tuple[int, str]] = []
        actors = self.reader.ids["actor"]
        for entry in value:
            entry = only_keys(entry, _ROLE_KEYS)
            actor = entry.get("actor")
            if type(actor) is not int or actor not in actors:
                raise Unusual
            pair = (actor, choice(entry.get("role"), _ROLES, domain.DEFAULT_ROLE))
            if pair in pairs:
                raise Unusual
            pairs.append(pair)
        return pairs

    def _arms(self, value: Any) -> dict[str, Any] | None:
        if value is None:
            return None
        arms = only_keys(value, _ARMS_KEYS)
        supplier, recipient = self._ref(arms.get("supplier"), "actor"), self._ref(arms.get("recipient"), "actor")
        quantity = arms.get("quantity")
        if supplier is None or recipient is None or parties_problem(supplier, recipient):
            raise Unusual
        if quantity is not None and (type(quantity) is not int or not 0 < quantity <= domain.QUANTITY_MAX):
            raise Unusual
        start, end = self._day(arms.get("period_start")), self._day(arms.get("period_end"))
        if period_problem(start, end):
            raise Unusual
        category = arms.get("category")
        if type(category) is not str or category not in _CATEGORIES:
            raise Unusual
        return {
            "supplier": supplier, "recipient": recipient, "category": category,
            "item": optional_text(arms.get("item"), "item"), "quantity": quantity,
            "period_start": start, "period_end": end,
        }  # fmt: skip

    def _added_tags(self, record: dict[str, Any]) -> dict[str, Any]:
        self.reader.tags.update(record["tags"])
        return record

    # --- records --------------------------------------------------------------------------------

    def _source(self, data: Any, where: str) -> dict[str, Any]:
        r = only_keys(data, _SOURCE_KEYS)
        record_id = self._new_id(r.get("id"), "source")
        url = r.get("url")
        if url is not None:
            try:
                url = domain.checked_url(stripped_text(url, "url"))
            except ValueError:
                raise Unusual from None
            if url in self.reader.urls:
                raise Unusual
        record = {
            "id": record_id, "kind": choice(r.get("kind"), _SOURCE_KINDS, "other"),
            "title": stripped_text(r.get("title"), "title"), "url": url,
            "publisher": optional_text(r.get("publisher"), "publisher"), "author": optional_text(r.get("author"), "author"),
            "published": self._partial_date(r.get("published")),
            "reliability": choice(r.get("reliability"), _RELIABILITY, "F"), "notes": optional_text(r.get("notes"), "notes"),
            "recorded_by": stripped_text(r.get("recorded_by"), "user"), "created_at": timestamp(r.get("created_at")),
            "incomplete": flag(r.get("incomplete")), **retired(r, record_id), "uid": optional_uid(r.get("uid")),
        }  # fmt: skip
        if url is not None:
            self.reader.urls[url] = where
        self.reader.ids["source"].add(record_id)
        return record

    def _evidence(self, value: Any) -> list[dict[str, Any]]:
        if value is None:
            return []
        if type(value) is not list:
            raise Unusual
        evidence: list[dict[str, Any]] = []
        sources = self.reader.ids["source"]
        for entry in value:
            entry = only_keys(entry, _EVIDENCE_KEYS)
            source = entry.get("source")
            if type(source) is not int or source not in sources or any(e["source"] == source for e in evidence):
                raise Unusual
            evidence.append({
                "source": source, "stance": choice(entry.get("stance"), _STANCES, "reports"),
                "excerpt": optional_text(entry.get("excerpt"), "excerpt"),
                "added_by": stripped_text(entry.get("added_by"), "user"), "added_at": timestamp(entry.get("added_at")),
            })  # fmt: skip
        return evidence

    def _claim(self, data: Any, where: str) -> dict[str, Any]:
        r = only_keys(data, _CLAIM_KEYS)
        record_id = self._new_id(r.get("id"), "claim")
        credibility = r.get("credibility")
        if credibility is None:
            credibility = 6
        elif type(credibility) is not int or credibility not in _CREDIBILITY:
            raise Unusual
        record = {
            "id": record_id, "statement": required_text(r.get("statement"), "statement"),
            "status": choice(r.get("status"), _CLAIM_STATUSES, "unverified"), "credibility": credibility,
            "claimant": self._ref(r.get("claimant"), "actor"), "occurred": self._partial_date(r.get("occurred")),
            "stated": self._partial_date(r.get("stated")), "recorded_by": stripped_text(r.get("recorded_by"), "user"),
            "created_at": timestamp(r.get("created_at")), "updated_at": timestamp(r.get("updated_at")),
            "actors": self._roles(r.get("actors")), "tags": self._tag_names(r.get("tags")),
            "evidence": self._evidence(r.get("evidence")), "arms_transfer": self._arms(r.get("arms_transfer")),
            "notes": optional_text(r.get("notes"), "notes"), **retired(r, record_id), "uid": optional_uid(r.get("uid")),
        }  # fmt: skip
        self.reader.ids["claim"].add(record_id)
        return self._added_tags(record)

    def _prediction(self, data: Any, where: str) -> dict[str, Any]:
        r = only_keys(data, _PREDICTION_KEYS)
        record_id = self._new_id(r.get("id"), "prediction")
        made, resolve_by = self._partial_date(r.get("made")), self._partial_date(r.get("resolve_by"))
        if made is None or resolve_by is None or domain.deadline_problem(resolve_by, made=made):
            raise Unusual
        probability = r.get("probability")
        if probability is not None:
            if type(probability) is not float and type(probability) is not int or not 0 <= probability <= 1:
                raise Unusual
            probability = float(probability)
        likelihood = choice(r.get("likelihood"), _LIKELIHOODS)
        if probability is not None and likelihood is not None and not domain.probability_fits_term(probability, likelihood):
            raise Unusual
        status = choice(r.get("status"), _PREDICTION_STATUSES, "open")
        resolved_on = self._day(r.get("resolved_on"))
        note = optional_text(r.get("resolution_note"), "note")
        evidence = self._ref(r.get("evidence_source"), "source")
        evidence_claim = self._ref(r.get("evidence_claim"), "claim")
        if evidence_claim is not None and status not in ("confirmed", "refuted"):
            raise Unusual
        if status == "open":
            if resolved_on is not None or note is not None or evidence is not None:
                raise Unusual
        elif (resolved_on is None or domain.resolved_on_problem(resolved_on, made=made)
              or domain.resolution_lacks(status, evidence=evidence, note=note)):
            raise Unusual
        record = {
            "id": record_id, "statement": required_text(r.get("statement"), "statement"),
            "predictor_actor": self._ref(r.get("predictor_actor"), "actor"),
            "predictor_source": self._ref(r.get("predictor_source"), "source"),
            "made": made, "resolve_by": resolve_by, "probability": probability, "likelihood": likelihood,
            "confidence": choice(r.get("confidence"), _CONFIDENCES),
            "criteria": optional_text(r.get("criteria"), "criteria"), "status": status,
            "resolved_on": resolved_on, "resolution_note": note, "evidence_source": evidence,
            "claim": self._ref(r.get("claim"), "claim"), "recorded_by": stripped_text(r.get("recorded_by"), "user"),
            "created_at": timestamp(r.get("created_at")), "updated_at": timestamp(r.get("updated_at")),
            "actors": self._roles(r.get("actors")), "tags": self._tag_names(r.get("tags")),
            "arms_transfer": self._arms(r.get("arms_transfer")), "notes": optional_text(r.get("notes"), "notes"),
            "uid": optional_uid(r.get("uid")), "evidence_claim": evidence_claim,
        }  # fmt: skip
        self.reader.ids["prediction"].add(record_id)
        return self._added_tags(record)

    def _forecast(self, data: Any, where: str) -> dict[str, Any]:
        r = only_keys(data, _FORECAST_KEYS)
        prediction = self._ref(r.get("prediction"), "prediction")
        actor, source = self._ref(r.get("forecaster_actor"), "actor"), self._ref(r.get("forecaster_source"), "source")
        if prediction is None or (actor is None) == (source is None):
            raise Unusual
        probability = r.get("probability")
        if type(probability) is not float and type(probability) is not int:
            raise Unusual  # the export writes the stored probability; a term alone is the checked reader's
        try:
            probability, likelihood = domain.estimate(float(probability), choice(r.get("likelihood"), _LIKELIHOODS))
        except ValueError:
            raise Unusual from None
        made = self._partial_date(r.get("made"))
        if made is None:
            raise Unusual
        evidence = r.get("evidence")
        if evidence is None:
            evidence = []
        elif type(evidence) is not list:
            raise Unusual
        cited = []
        for entry in evidence:
            entry = only_keys(entry, _CITED_KEYS)
            cites = {"source": self._ref(entry.get("source"), "source"), "claim": self._ref(entry.get("claim"), "claim")}
            if (cites["source"] is None) == (cites["claim"] is None):
                raise Unusual
            cited.append(cites)
        return {
            "prediction": prediction, "forecaster_actor": actor, "forecaster_source": source,
            "probability": probability, "likelihood": likelihood, "confidence": choice(r.get("confidence"), _CONFIDENCES),
            "made": made, "note": optional_text(r.get("note"), "note"),
            "recorded_by": stripped_text(r.get("recorded_by"), "user"), "created_at": timestamp(r.get("created_at")),
            "evidence": cited, "uid": optional_uid(r.get("uid")),
        }  # fmt: skip

    def _history(self, data: Any, where: str) -> dict[str, Any]:
        r = only_keys(data, _HISTORY_KEYS)
        record_id = self._new_id(r.get("id"), "history")
        claim, prediction = self._ref(r.get("claim"), "claim"), self._ref(r.get("prediction"), "prediction")
        if (claim is None) == (prediction is None):
            raise Unusual
        statuses = _CLAIM_STATUSES if claim is not None else _PREDICTION_STATUSES
        to_status, changed_at, effective_on = r.get("to_status"), timestamp(r.get("changed_at")), self._day(r.get("effective_on"))
        if to_status is None or changed_at is None or effective_on is None:
            raise Unusual
        record = {
            "id": record_id, "claim": claim, "prediction": prediction,
            "from_status": choice(r.get("from_status"), statuses), "to_status": choice(to_status, statuses),
            "changed_at": changed_at, "effective_on": effective_on, "changed_by": stripped_text(r.get("changed_by"), "user"),
            "reason": optional_text(r.get("reason"), "reason"),
            "evidence_source": self._ref(r.get("evidence_source"), "source"),
            "changed_login": optional_text(r.get("changed_login"), "user"),
            "evidence_claim": self._ref(r.get("evidence_claim"), "claim"),
        }  # fmt: skip
        self.reader.ids["history"].add(record_id)
        return record

    def _agreement(self, data: Any, where: str) -> dict[str, Any]:
        r = only_keys(data, _AGREEMENT_KEYS)
        peer, uid, kind, fingerprint = checked_uid(r.get("peer")), checked_uid(r.get("uid")), r.get("kind"), checked_fingerprint(r.get("fingerprint"))
        if peer is None or uid is None or kind not in IDENTIFIED_KINDS or fingerprint is None:
            raise Unusual
        return {"peer": peer, "kind": kind, "uid": uid, "fingerprint": fingerprint}

    def _change(self, data: Any, where: str) -> dict[str, Any]:
        r = only_keys(data, _CHANGE_KEYS)
        record_id = self._new_id(r.get("id"), "change")
        record_table, table_name, change_group, of_record = r.get("record_table"), r.get("table_name"), r.get("change_group"), r.get("record_id")
        if type(table_name) is not str or record_table not in CHANGE_TABLES.get(table_name, ()):
            raise Unusual
        if type(change_group) is not int or not 0 <= change_group <= _LARGEST_ID:
            raise Unusual
        if type(of_record) is not int or not 0 < of_record <= _LARGEST_ID:
            raise Unusual
        changed_at = timestamp(r.get("changed_at"))
        if changed_at is None:
            raise Unusual
        record = {
            "id": record_id, "changed_at": changed_at, "change_group": change_group, "record_table": record_table,
            "record_id": of_record, "table_name": table_name, "operation": choice(r.get("operation"), _OPERATIONS),
            "linked": json_object(r.get("linked")), "old_values": json_object(r.get("old_values")),
            "new_values": json_object(r.get("new_values")), "changed_by": required_text(r.get("changed_by"), "user"),
            "changed_login": required_text(r.get("changed_login"), "user"), "reason": optional_text(r.get("reason"), "reason"),
        }  # fmt: skip
        if record["operation"] is None:
            raise Unusual
        self.reader.ids["change"].add(record_id)
        return record
