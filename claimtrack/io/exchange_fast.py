"""The fast path of io.exchange.ExchangeReader: records already in the form claimtrack's export
writes are checked with plain type and set tests, a few million a minute; anything else goes to
the field-by-field reader, which names the problem. Both apply the same rules (the domain's), and
tests/unit/test_exchange_fast_path.py holds them to giving the same record.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from claimtrack import domain
from claimtrack.domain.arms import parties_problem, period_problem
from claimtrack.io.exchange_format import (
    ACTOR_ROLE_FIELDS,
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
    json_value_problem,
)
from claimtrack.io.exchange_identity import checked_uid
from claimtrack.io.fields import parse_timestamp


class _Unusual(Exception):
    """Not in the form claimtrack writes, or wrong: the field-by-field reader takes the record."""


def _keys(data: Any, allowed: frozenset[str]) -> dict[str, Any]:
    if type(data) is not dict or not allowed.issuperset(data):
        raise _Unusual
    return data


def _fits(value: str, field: str) -> str:
    """The field's limit (domain.checked_text), as every way in applies it."""
    try:
        return domain.checked_text(field, value)
    except ValueError:
        raise _Unusual from None


def _required_text(value: Any, field: str) -> str:
    """Text kept as given (strip=False): not blank."""
    if type(value) is not str or not value.strip():
        raise _Unusual
    return _fits(value, field)


def _stripped_text(value: Any, field: str) -> str:
    """Text stored stripped (strip=True): not blank."""
    if type(value) is not str:
        raise _Unusual
    text = value.strip()
    if not text:
        raise _Unusual
    return _fits(text, field)


def _optional_text(value: Any, field: str) -> str | None:
    """Text kept as given, or None (blank text is none)."""
    if value is None:
        return None
    if type(value) is not str:
        raise _Unusual
    return _fits(value, field) if value.strip() else None


def _choice(value: Any, allowed: frozenset[Any], default: Any = None) -> Any:
    if value is None:
        return default
    if type(value) is not str or value not in allowed:
        raise _Unusual
    return value


def _timestamp(value: Any) -> datetime | None:
    if value is None:
        return None
    if type(value) is not str:
        raise _Unusual
    try:
        return parse_timestamp(value)
    except ValueError:
        raise _Unusual from None


def _flag(value: Any) -> bool:
    if value is None:
        return False
    if type(value) is not bool:
        raise _Unusual
    return value


def _json_object(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if type(value) is not dict or json_value_problem(value):
        raise _Unusual
    return value


def _uid(value: Any) -> str | None:
    if value is None:
        return None
    uid = checked_uid(value)
    if uid is None:
        raise _Unusual
    return uid


def _retired(r: dict[str, Any], record_id: int) -> dict[str, Any]:
    deleted_at, merged_into = _timestamp(r.get("deleted_at")), r.get("merged_into")
    if merged_into is not None and (
        type(merged_into) is not int or not 0 < merged_into <= domain.ID_MAX or merged_into == record_id or deleted_at is None
    ):
        raise _Unusual
    return {"deleted_at": deleted_at, "merged_into": merged_into}


_CLAIM_KEYS, _PREDICTION_KEYS, _HISTORY_KEYS, _SOURCE_KEYS, _CHANGE_KEYS = map(
    frozenset, (CLAIM_FIELDS, PREDICTION_FIELDS, HISTORY_FIELDS, SOURCE_FIELDS, CHANGE_FIELDS)
)
_FORECAST_KEYS, _CITED_KEYS = frozenset(FORECAST_FIELDS), frozenset(FORECAST_EVIDENCE_FIELDS)
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
                        "change": self._change}

    def read(self, item: Item) -> dict[str, Any] | None:
        method = self.readers.get(item.kind)
        if method is None:
            return None
        try:
            return method(item.data, item.where)
        except _Unusual:
            return None

    # --- values ---------------------------------------------------------------------------------

    def _new_id(self, value: Any, kind: str) -> int:
        if type(value) is not int or not 0 < value <= _LARGEST_ID or value in self.reader.ids[kind]:
            raise _Unusual
        return value

    def _ref(self, value: Any, kind: str) -> int | None:
        if value is None:
            return None
        if type(value) is not int or value not in self.reader.ids[kind]:
            raise _Unusual
        return value

    def _partial_date(self, value: Any) -> domain.PartialDate | None:
        if value is None:
            return None
        if type(value) is not str:
            raise _Unusual
        found = self.dates.get(value)
        if found is None:
            try:
                found = self.dates[value] = domain.parse_partial_date(value)
            except ValueError:
                raise _Unusual from None
        return found

    def _day(self, value: Any) -> date | None:
        found = self._partial_date(value)
        if found is None:
            return None
        if found.precision != "day":
            raise _Unusual
        return found.value

    def _tag_names(self, value: Any) -> list[str]:
        if value is None:
            return []
        if type(value) is not list:
            raise _Unusual
        for name in value:
            if type(name) is not str:
                raise _Unusual
            if name not in self.stored_tags:
                try:
                    if domain.normalise_tag(name) != name:
                        raise _Unusual
                except ValueError:
                    raise _Unusual from None
                self.stored_tags.add(name)
        if len(set(value)) != len(value):
            raise _Unusual
        return value[:]

    def _roles(self, value: Any) -> list[tuple[int, str]]:
        if value is None:
            return []
        if type(value) is not list:
            raise _Unusual
        pairs: list[tuple[int, str]] = []
        actors = self.reader.ids["actor"]
        for entry in value:
            entry = _keys(entry, _ROLE_KEYS)
            actor = entry.get("actor")
            if type(actor) is not int or actor not in actors:
                raise _Unusual
            pair = (actor, _choice(entry.get("role"), _ROLES, domain.DEFAULT_ROLE))
            if pair in pairs:
                raise _Unusual
            pairs.append(pair)
        return pairs

    def _arms(self, value: Any) -> dict[str, Any] | None:
        if value is None:
            return None
        arms = _keys(value, _ARMS_KEYS)
        supplier, recipient = self._ref(arms.get("supplier"), "actor"), self._ref(arms.get("recipient"), "actor")
        quantity = arms.get("quantity")
        if supplier is None or recipient is None or parties_problem(supplier, recipient):
            raise _Unusual
        if quantity is not None and (type(quantity) is not int or not 0 < quantity <= domain.QUANTITY_MAX):
            raise _Unusual
        start, end = self._day(arms.get("period_start")), self._day(arms.get("period_end"))
        if period_problem(start, end):
            raise _Unusual
        category = arms.get("category")
        if type(category) is not str or category not in _CATEGORIES:
            raise _Unusual
        return {
            "supplier": supplier, "recipient": recipient, "category": category,
            "item": _optional_text(arms.get("item"), "item"), "quantity": quantity,
            "period_start": start, "period_end": end,
        }  # fmt: skip

    def _added_tags(self, record: dict[str, Any]) -> dict[str, Any]:
        self.reader.tags.update(record["tags"])
        return record

    # --- records --------------------------------------------------------------------------------

    def _source(self, data: Any, where: str) -> dict[str, Any]:
        r = _keys(data, _SOURCE_KEYS)
        record_id = self._new_id(r.get("id"), "source")
        url = r.get("url")
        if url is not None:
            try:
                url = domain.checked_url(_stripped_text(url, "url"))
            except ValueError:
                raise _Unusual from None
            if url in self.reader.urls:
                raise _Unusual
        record = {
            "id": record_id, "kind": _choice(r.get("kind"), _SOURCE_KINDS, "other"),
            "title": _stripped_text(r.get("title"), "title"), "url": url,
            "publisher": _optional_text(r.get("publisher"), "publisher"), "author": _optional_text(r.get("author"), "author"),
            "published": self._partial_date(r.get("published")),
            "reliability": _choice(r.get("reliability"), _RELIABILITY, "F"), "notes": _optional_text(r.get("notes"), "notes"),
            "recorded_by": _stripped_text(r.get("recorded_by"), "user"), "created_at": _timestamp(r.get("created_at")),
            "incomplete": _flag(r.get("incomplete")), **_retired(r, record_id), "uid": _uid(r.get("uid")),
        }  # fmt: skip
        if url is not None:
            self.reader.urls[url] = where
        self.reader.ids["source"].add(record_id)
        return record

    def _evidence(self, value: Any) -> list[dict[str, Any]]:
        if value is None:
            return []
        if type(value) is not list:
            raise _Unusual
        evidence: list[dict[str, Any]] = []
        sources = self.reader.ids["source"]
        for entry in value:
            entry = _keys(entry, _EVIDENCE_KEYS)
            source = entry.get("source")
            if type(source) is not int or source not in sources or any(e["source"] == source for e in evidence):
                raise _Unusual
            evidence.append({
                "source": source, "stance": _choice(entry.get("stance"), _STANCES, "reports"),
                "excerpt": _optional_text(entry.get("excerpt"), "excerpt"),
                "added_by": _stripped_text(entry.get("added_by"), "user"), "added_at": _timestamp(entry.get("added_at")),
            })  # fmt: skip
        return evidence

    def _claim(self, data: Any, where: str) -> dict[str, Any]:
        r = _keys(data, _CLAIM_KEYS)
        record_id = self._new_id(r.get("id"), "claim")
        credibility = r.get("credibility")
        if credibility is None:
            credibility = 6
        elif type(credibility) is not int or credibility not in _CREDIBILITY:
            raise _Unusual
        record = {
            "id": record_id, "statement": _required_text(r.get("statement"), "statement"),
            "status": _choice(r.get("status"), _CLAIM_STATUSES, "unverified"), "credibility": credibility,
            "claimant": self._ref(r.get("claimant"), "actor"), "occurred": self._partial_date(r.get("occurred")),
            "stated": self._partial_date(r.get("stated")), "recorded_by": _stripped_text(r.get("recorded_by"), "user"),
            "created_at": _timestamp(r.get("created_at")), "updated_at": _timestamp(r.get("updated_at")),
            "actors": self._roles(r.get("actors")), "tags": self._tag_names(r.get("tags")),
            "evidence": self._evidence(r.get("evidence")), "arms_transfer": self._arms(r.get("arms_transfer")),
            "notes": _optional_text(r.get("notes"), "notes"), **_retired(r, record_id), "uid": _uid(r.get("uid")),
        }  # fmt: skip
        self.reader.ids["claim"].add(record_id)
        return self._added_tags(record)

    def _prediction(self, data: Any, where: str) -> dict[str, Any]:
        r = _keys(data, _PREDICTION_KEYS)
        record_id = self._new_id(r.get("id"), "prediction")
        made, resolve_by = self._partial_date(r.get("made")), self._partial_date(r.get("resolve_by"))
        if made is None or resolve_by is None or domain.deadline_problem(resolve_by, made=made):
            raise _Unusual
        probability = r.get("probability")
        if probability is not None:
            if type(probability) is not float and type(probability) is not int or not 0 <= probability <= 1:
                raise _Unusual
            probability = float(probability)
        likelihood = _choice(r.get("likelihood"), _LIKELIHOODS)
        if probability is not None and likelihood is not None and not domain.probability_fits_term(probability, likelihood):
            raise _Unusual
        status = _choice(r.get("status"), _PREDICTION_STATUSES, "open")
        resolved_on = self._day(r.get("resolved_on"))
        note = _optional_text(r.get("resolution_note"), "note")
        evidence = self._ref(r.get("evidence_source"), "source")
        if status == "open":
            if resolved_on is not None or note is not None or evidence is not None:
                raise _Unusual
        elif (resolved_on is None or domain.resolved_on_problem(resolved_on, made=made)
              or domain.resolution_lacks(status, evidence=evidence, note=note)):
            raise _Unusual
        record = {
            "id": record_id, "statement": _required_text(r.get("statement"), "statement"),
            "predictor_actor": self._ref(r.get("predictor_actor"), "actor"),
            "predictor_source": self._ref(r.get("predictor_source"), "source"),
            "made": made, "resolve_by": resolve_by, "probability": probability, "likelihood": likelihood,
            "confidence": _choice(r.get("confidence"), _CONFIDENCES),
            "criteria": _optional_text(r.get("criteria"), "criteria"), "status": status,
            "resolved_on": resolved_on, "resolution_note": note, "evidence_source": evidence,
            "claim": self._ref(r.get("claim"), "claim"), "recorded_by": _stripped_text(r.get("recorded_by"), "user"),
            "created_at": _timestamp(r.get("created_at")), "updated_at": _timestamp(r.get("updated_at")),
            "actors": self._roles(r.get("actors")), "tags": self._tag_names(r.get("tags")),
            "arms_transfer": self._arms(r.get("arms_transfer")), "notes": _optional_text(r.get("notes"), "notes"),
            "uid": _uid(r.get("uid")),
        }  # fmt: skip
        self.reader.ids["prediction"].add(record_id)
        return self._added_tags(record)

    def _forecast(self, data: Any, where: str) -> dict[str, Any]:
        r = _keys(data, _FORECAST_KEYS)
        prediction = self._ref(r.get("prediction"), "prediction")
        actor, source = self._ref(r.get("forecaster_actor"), "actor"), self._ref(r.get("forecaster_source"), "source")
        if prediction is None or (actor is None) == (source is None):
            raise _Unusual
        probability = r.get("probability")
        if type(probability) is not float and type(probability) is not int:
            raise _Unusual  # the export writes the stored probability; a term alone is the checked reader's
        try:
            probability, likelihood = domain.estimate(float(probability), _choice(r.get("likelihood"), _LIKELIHOODS))
        except ValueError:
            raise _Unusual from None
        made = self._partial_date(r.get("made"))
        if made is None:
            raise _Unusual
        evidence = r.get("evidence")
        if evidence is None:
            evidence = []
        elif type(evidence) is not list:
            raise _Unusual
        cited = []
        for entry in evidence:
            entry = _keys(entry, _CITED_KEYS)
            cites = {"source": self._ref(entry.get("source"), "source"), "claim": self._ref(entry.get("claim"), "claim")}
            if (cites["source"] is None) == (cites["claim"] is None):
                raise _Unusual
            cited.append(cites)
        return {
            "prediction": prediction, "forecaster_actor": actor, "forecaster_source": source,
            "probability": probability, "likelihood": likelihood, "confidence": _choice(r.get("confidence"), _CONFIDENCES),
            "made": made, "note": _optional_text(r.get("note"), "note"),
            "recorded_by": _stripped_text(r.get("recorded_by"), "user"), "created_at": _timestamp(r.get("created_at")),
            "evidence": cited, "uid": _uid(r.get("uid")),
        }  # fmt: skip

    def _history(self, data: Any, where: str) -> dict[str, Any]:
        r = _keys(data, _HISTORY_KEYS)
        record_id = self._new_id(r.get("id"), "history")
        claim, prediction = self._ref(r.get("claim"), "claim"), self._ref(r.get("prediction"), "prediction")
        if (claim is None) == (prediction is None):
            raise _Unusual
        statuses = _CLAIM_STATUSES if claim is not None else _PREDICTION_STATUSES
        to_status, changed_at, effective_on = r.get("to_status"), _timestamp(r.get("changed_at")), self._day(r.get("effective_on"))
        if to_status is None or changed_at is None or effective_on is None:
            raise _Unusual
        record = {
            "id": record_id, "claim": claim, "prediction": prediction,
            "from_status": _choice(r.get("from_status"), statuses), "to_status": _choice(to_status, statuses),
            "changed_at": changed_at, "effective_on": effective_on, "changed_by": _stripped_text(r.get("changed_by"), "user"),
            "reason": _optional_text(r.get("reason"), "reason"),
            "evidence_source": self._ref(r.get("evidence_source"), "source"),
            "changed_login": _optional_text(r.get("changed_login"), "user"),
        }  # fmt: skip
        self.reader.ids["history"].add(record_id)
        return record

    def _change(self, data: Any, where: str) -> dict[str, Any]:
        r = _keys(data, _CHANGE_KEYS)
        record_id = self._new_id(r.get("id"), "change")
        record_table, table_name, change_group, of_record = r.get("record_table"), r.get("table_name"), r.get("change_group"), r.get("record_id")
        if type(table_name) is not str or record_table not in CHANGE_TABLES.get(table_name, ()):
            raise _Unusual
        if type(change_group) is not int or not 0 <= change_group <= _LARGEST_ID:
            raise _Unusual
        if type(of_record) is not int or not 0 < of_record <= _LARGEST_ID:
            raise _Unusual
        changed_at = _timestamp(r.get("changed_at"))
        if changed_at is None:
            raise _Unusual
        record = {
            "id": record_id, "changed_at": changed_at, "change_group": change_group, "record_table": record_table,
            "record_id": of_record, "table_name": table_name, "operation": _choice(r.get("operation"), _OPERATIONS),
            "linked": _json_object(r.get("linked")), "old_values": _json_object(r.get("old_values")),
            "new_values": _json_object(r.get("new_values")), "changed_by": _required_text(r.get("changed_by"), "user"),
            "changed_login": _required_text(r.get("changed_login"), "user"), "reason": _optional_text(r.get("reason"), "reason"),
        }  # fmt: skip
        if record["operation"] is None:
            raise _Unusual
        self.reader.ids["change"].add(record_id)
        return record
