"""The import's fast path reads exactly what the field-by-field reader reads.

ExchangeReader checks a record in the form claimtrack writes with plain type and set tests
(_CanonicalRecords), and hands anything else to the field-by-field reader. Here hypothesis
makes records in that form and then spoils some of their fields (blanks, padding, wrong types,
numbers as text, unknown values, repeats, references to nothing, broken rules across fields):
a reader with the fast path and one without must give the same record or the same error, and
end in the same state.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack import domain
from claimtrack.io.exchange import ExchangeReader, Item
from claimtrack.io.fields import InvalidRecord

# Values that spoil a field, a few for every field and some for each kind of field.
ODD_VALUES = [None, "", "   ", " x ", 0, -1, True, 1.5, "1", [], {}, [1], {"a": 1}, "a\tb\\c\nd"]
NEAR_MISSES: dict[str, list[Any]] = {
    "id": [1, 2, 3, 2**63, "3", 3.0],
    "reference": [1, 2, 4, 9, "1", " 1", 1.0, False],
    "text": ["x" * 301, "x" * 1001, "x" * 5001, "x" * 20001, " padded ", 5, 0.5],
    "status": [*domain.CLAIM_STATUSES, *domain.PREDICTION_STATUSES, " open", "OPEN", "Confirmed", "done"],
    "enum": [*domain.STANCES, *domain.ACTOR_ROLES, *domain.SOURCE_KINDS, *domain.RELIABILITY_GRADES, *domain.CONFIDENCE_LEVELS,
             *domain.LIKELIHOOD_TERMS, *domain.ARMS_CATEGORIES, "likely ", "G", "Subject", 6, 7, 0, "3", " 2"],
    "date": ["2023", "2024", "2024-02", "2024-02-30", "2024-13", " 2024-06-19 ", "2024-06-19", "2024-01-01", "2026-01-01",
             "2024-6-1", "24-06-19", 2024, "2024-06-19T08:30:00Z"],
    "time": ["2024-06-19T08:30:00", "2024-06-19 08:30:00+02:00", " 2024-06-19T08:30:00Z", "yesterday", "2024-06-19", 1718785800],
    "probability": [0.0, 0.1, 0.6, 0.99, 1, 1.5, -0.1, float("nan"), "0.5", "50%", True],
    "quantity": [1, 2**31 - 1, 2**31, 0, -5, "10", 10.0],
    "list": [["debt", "debt"], ["Debt"], ["north korea"], ["debt", " debt"], [""], [5], ["x" * 70], ["tag-1", "debt"],
             [{"actor": 1}, {"actor": 1}], [{"actor": 1, "role": "subject"}, {"actor": 1, "role": "target"}],
             [{"source": 1, "added_by": "b"}, {"source": 1, "added_by": "b"}], [{"source": 1, "added_by": " "}], [{"actor": 4}],
             [{"source": 1, "stance": "x", "added_by": "b"}], [{"source": 2, "added_by": "b", "excerpt": " "}]],
    "url": ["https://Example.org/a/", "https://example.org/1", "https://example.org/2?utm_source=x", "ftp://example.org",
            "http://", "https://exa mple.org", "https://example.org:99999"],
}
KIND_OF_FIELD = {
    "id": "id", "claimant": "reference", "predictor_actor": "reference", "predictor_source": "reference",
    "forecaster_actor": "reference", "forecaster_source": "reference",
    "evidence_source": "reference", "claim": "reference", "prediction": "reference", "actor": "reference",
    "source": "reference", "supplier": "reference", "recipient": "reference", "status": "status",
    "from_status": "status", "to_status": "status", "occurred": "date", "stated": "date", "made": "date",
    "resolve_by": "date", "resolved_on": "date", "effective_on": "date", "published": "date", "period_start": "date",
    "period_end": "date", "created_at": "time", "updated_at": "time", "changed_at": "time", "added_at": "time",
    "probability": "probability", "quantity": "quantity", "actors": "list", "tags": "list", "evidence": "list",
    "url": "url",
}  # fmt: skip
ENUM_FIELDS = ("kind", "stance", "role", "reliability", "confidence", "likelihood", "category", "credibility")
TIME = "2024-06-19T08:30:00.000000Z"


def _roles() -> st.SearchStrategy[list[dict[str, Any]]]:
    entry = st.fixed_dictionaries({"actor": st.integers(1, 3), "role": st.sampled_from(domain.ACTOR_ROLES)})
    return st.lists(entry, max_size=3, unique_by=lambda e: (e["actor"], e["role"]))


def _arms() -> st.SearchStrategy[dict[str, Any] | None]:
    return st.none() | st.fixed_dictionaries({
        "supplier": st.just(1), "recipient": st.just(2), "category": st.sampled_from(domain.ARMS_CATEGORIES),
        "item": st.none() | st.just("KN-23"), "quantity": st.none() | st.integers(1, 1000),
        "period_start": st.none() | st.just("2024-01-01"), "period_end": st.none() | st.just("2024-12-31"),
    })  # fmt: skip


def _canonical(kind: str, number: int) -> st.SearchStrategy[dict[str, Any]]:
    """A record as claimtrack's export writes it, referring to actors 1-3, sources 1-2, claim 1."""
    if kind == "source":
        return st.fixed_dictionaries({
            "id": st.just(number), "kind": st.sampled_from(domain.SOURCE_KINDS), "title": st.just(f"Source {number}"),
            "url": st.none() | st.just(f"https://example.org/{number}"), "publisher": st.none() | st.just("Pub"),
            "author": st.none(), "published": st.none() | st.sampled_from(["2024", "2024-06", "2024-06-19"]),
            "reliability": st.sampled_from(domain.RELIABILITY_GRADES), "notes": st.none() | st.just("n"),
            "recorded_by": st.just("alice"), "created_at": st.just(TIME),
        })  # fmt: skip
    if kind == "claim":
        return st.fixed_dictionaries({
            "id": st.just(number), "statement": st.just(f"Claim {number}."), "status": st.sampled_from(domain.CLAIM_STATUSES),
            "credibility": st.sampled_from(domain.CREDIBILITY_GRADES), "claimant": st.none() | st.integers(1, 3),
            "occurred": st.none() | st.sampled_from(["2012", "2012-05", "2012-05-04"]), "stated": st.none(),
            "recorded_by": st.just("alice"), "created_at": st.just(TIME), "updated_at": st.just(TIME),
            "actors": _roles(), "tags": st.lists(st.sampled_from(["debt", "north-korea", "tag-1"]), unique=True, max_size=3),
            "evidence": st.lists(st.fixed_dictionaries({
                "source": st.integers(1, 2), "stance": st.sampled_from(domain.STANCES), "excerpt": st.none() | st.just("said so"),
                "added_by": st.just("bob"), "added_at": st.just(TIME),
            }), max_size=2, unique_by=lambda e: e["source"]),
            "arms_transfer": _arms(),
        })  # fmt: skip
    if kind == "prediction":
        resolution = st.sampled_from([
            ("open", None, None, None), ("confirmed", "2024-09-01", None, 1), ("refuted", "2024-09-01", "no", 2),
            ("ambiguous", "2024-09-01", "unclear", None), ("withdrawn", "2024-09-01", "moot", None),
        ])  # fmt: skip
        return st.builds(
            lambda status, chance, actors, tags, arms: {
                "id": number, "statement": f"Prediction {number}.", "predictor_actor": 1, "predictor_source": None,
                "made": "2024-06", "resolve_by": "2025", "probability": chance[0], "likelihood": chance[1],
                "confidence": "moderate", "criteria": "Seen.", "status": status[0], "resolved_on": status[1],
                "resolution_note": status[2], "evidence_source": status[3], "claim": 1, "recorded_by": "alice",
                "created_at": TIME, "updated_at": TIME, "actors": actors, "tags": tags, "arms_transfer": arms,
            },
            resolution, st.sampled_from([(None, None), (0.0, None), (1, None), (0.6, "likely"), (0.3, "unlikely"), (None, "likely")]),
            _roles(), st.lists(st.sampled_from(["debt", "arms"]), unique=True, max_size=2), _arms(),
        )  # fmt: skip
    if kind == "forecast":
        return st.builds(
            lambda forecaster, chance, evidence: {
                "prediction": 1, "forecaster_actor": forecaster[0], "forecaster_source": forecaster[1],
                "probability": chance[0], "likelihood": chance[1], "confidence": "high", "made": "2024-07",
                "note": None, "recorded_by": "alice", "created_at": TIME, "evidence": evidence,
            },
            st.sampled_from([(1, None), (None, 2)]), st.sampled_from([(0.0, None), (1, None), (0.6, "likely"), (0.325, "unlikely")]),
            st.lists(st.sampled_from([{"source": 1}, {"source": 2}, {"claim": 1}]), max_size=2),
        )  # fmt: skip
    return st.builds(
        lambda on_claim, status, reason: {
            "id": number, "claim": 1 if on_claim else None, "prediction": None if on_claim else 1,
            "from_status": None, "to_status": status[0] if on_claim else status[1], "changed_at": TIME,
            "effective_on": "2024-06-19", "changed_by": "alice", "reason": reason, "evidence_source": None,
        },
        st.booleans(), st.sampled_from([("unverified", "open"), ("confirmed", "refuted")]), st.none() | st.just("why"),
    )  # fmt: skip


def _values_for(name: str) -> list[Any]:
    kind = KIND_OF_FIELD.get(name, "enum" if name in ENUM_FIELDS else "text")
    return NEAR_MISSES[kind] + ODD_VALUES


def _spoil(draw: st.DrawFn, record: dict[str, Any]) -> None:
    name = draw(st.sampled_from([*record, "unknown_field"]))
    record[name] = draw(st.sampled_from(_values_for(name)))


@st.composite
def _spoiled(draw: st.DrawFn, kind: str, number: int) -> dict[str, Any]:
    """A record of `kind` with one to three fields spoiled, at its top level or inside a nested record."""
    record = draw(_canonical(kind, number))
    for _ in range(draw(st.integers(1, 3))):
        nested = [v for n in ("actors", "evidence") for v in (record.get(n) if isinstance(record.get(n), list) else [])]
        nested += [record["arms_transfer"]] if isinstance(record.get("arms_transfer"), dict) else []
        nested = [entry for entry in nested if isinstance(entry, dict)]
        _spoil(draw, draw(st.sampled_from(nested)) if nested and draw(st.booleans()) else record)
    return record


ARMS = {"supplier": 1, "recipient": 2, "category": "missiles", "item": "KN-23", "quantity": 12,
        "period_start": "2024-01-01", "period_end": "2024-12-31"}  # fmt: skip
BASES = [
    ("source", {"id": 3, "kind": "report", "title": "T", "url": "https://example.org/3", "publisher": "P", "author": "A",
                "published": "2024-06", "reliability": "B", "notes": "n", "recorded_by": "alice", "created_at": TIME}),
    ("claim", {"id": 3, "statement": "Claim 3.", "status": "contested", "credibility": 2, "claimant": 2, "occurred": "2012",
               "stated": "2024-06-19", "recorded_by": "alice", "created_at": TIME, "updated_at": TIME,
               "actors": [{"actor": 1, "role": "subject"}, {"actor": 2, "role": "target"}], "tags": ["debt", "tag-1"],
               "evidence": [{"source": 1, "stance": "supports", "excerpt": "e", "added_by": "bob", "added_at": TIME},
                            {"source": 2, "stance": "disputes", "excerpt": None, "added_by": "bob", "added_at": TIME}],
               "arms_transfer": ARMS}),
    *[("prediction", {"id": 3, "statement": "Prediction 3.", "predictor_actor": 1, "predictor_source": 2, "made": "2024-06",
                      "resolve_by": "2025", "probability": 0.6, "likelihood": "likely", "confidence": "low", "criteria": "c",
                      "status": status, "resolved_on": on, "resolution_note": note, "evidence_source": evidence, "claim": 1,
                      "recorded_by": "alice", "created_at": TIME, "updated_at": TIME,
                      "actors": [{"actor": 1, "role": "subject"}], "tags": ["arms"], "arms_transfer": ARMS})
      for status, on, note, evidence in (("open", None, None, None), ("confirmed", "2024-09-01", None, 1),
                                         ("withdrawn", "2024-09-01", "moot", None))],
    *[("forecast", {"prediction": 1, "forecaster_actor": actor, "forecaster_source": source, "probability": 0.6,
                    "likelihood": likelihood, "confidence": "low", "made": made, "note": note, "recorded_by": "alice",
                    "created_at": TIME, "evidence": evidence,
                    "uid": "0f8e6a52-4b1e-4c0a-9d7e-3c2b1a0f9e8d"})
      for actor, source, likelihood, made, note, evidence in ((2, None, "likely", "2024-07", "why", [{"source": 1}, {"claim": 1}]),
                                                              (None, 2, None, "2024-07-02", None, []))],
    ("history", {"id": 3, "claim": 1, "prediction": None, "from_status": "unverified", "to_status": "confirmed",
                 "changed_at": TIME, "effective_on": "2024-06-19", "changed_by": "alice", "reason": "r", "evidence_source": 1}),
    ("history", {"id": 3, "claim": None, "prediction": 1, "from_status": None, "to_status": "open",
                 "changed_at": TIME, "effective_on": "2024-06-19", "changed_by": "alice", "reason": None, "evidence_source": None}),
    # A verdict on a claim's evidence (20261208_0015), on the prediction and in its history.
    ("prediction", {"id": 3, "statement": "Prediction 3.", "made": "2024-06", "resolve_by": "2025", "probability": 0.6,
                    "status": "refuted", "resolved_on": "2024-09-01", "evidence_source": 1, "evidence_claim": 1,
                    "recorded_by": "alice", "created_at": TIME, "updated_at": TIME, "actors": [], "tags": []}),
    ("history", {"id": 3, "claim": None, "prediction": 1, "from_status": "open", "to_status": "refuted",
                 "changed_at": TIME, "effective_on": "2024-09-01", "changed_by": "alice", "reason": None, "evidence_source": 1,
                 "evidence_claim": 1}),
    # What the file's database agreed with another on (its sync_base).
    ("agreement", {"peer": "0f8e6a52-4b1e-4c0a-9d7e-3c2b1a0f9e8d", "kind": "claim", "uid": "1f8e6a52-4b1e-4c0a-9d7e-3c2b1a0f9e8d",
                   "fingerprint": "0123456789abcdef0123456789abcdef"}),
]  # fmt: skip


def _every_single_spoil(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The record with one field changed to each of its spoiling values, at the top or in a nested record."""
    spoiled = []
    for name in [*record, "unknown_field"]:
        for value in _values_for(name):
            spoiled.append({**copy.deepcopy(record), name: value})
        nested = record.get(name)
        for index, entry in enumerate(nested if isinstance(nested, list) else [nested] if isinstance(nested, dict) else []):
            if not isinstance(entry, dict):
                continue
            for inner in [*entry, "unknown_field"]:
                for value in _values_for(inner):
                    changed = copy.deepcopy(record)
                    target = changed[name][index] if isinstance(nested, list) else changed[name]
                    target[inner] = value
                    spoiled.append(changed)
    return spoiled


EARLIER = [
    ("source", {"id": 1, "title": "One", "url": "https://example.org/1", "recorded_by": "a"}),
    ("source", {"id": 2, "title": "Two", "recorded_by": "a"}),
    ("claim", {"id": 1, "statement": "C.", "recorded_by": "a"}),
    ("prediction", {"id": 1, "statement": "P.", "made": "2024", "resolve_by": "2025", "recorded_by": "a"}),
    ("history", {"id": 1, "claim": 1, "to_status": "unverified", "changed_at": TIME, "effective_on": "2024-01-01", "changed_by": "a"}),
]  # fmt: skip
ORDER = ["source", "claim", "prediction", "forecast", "history", "agreement"]


def _readers(kind: str) -> tuple[ExchangeReader, ExchangeReader]:
    """A reader with the fast path and one without, both past the records a `kind` record may refer to."""
    readers = _reader(fast=True), _reader(fast=False)
    for line, (earlier, record) in enumerate(EARLIER, start=10):
        if ORDER.index(earlier) <= ORDER.index(kind):
            for reader in readers:
                reader.read(Item(earlier, copy.deepcopy(record), f"f line {line}", line))
    return readers


@pytest.mark.parametrize(("kind", "base"), BASES, ids=[f"{kind}-{n}" for n, (kind, _) in enumerate(BASES)])
def test_every_record_with_one_field_spoiled_is_read_as_the_field_by_field_reader_reads_it(kind: str, base: dict[str, Any]) -> None:
    fast, slow = _readers(kind)
    item = Item(kind, copy.deepcopy(base), "f line 20", 20)
    assert fast.canonical.read(item) == _outcome(slow, item)  # the record as written takes the fast path
    for spoiled in _every_single_spoil(base):
        fast, slow = _readers(kind)
        item = Item(kind, spoiled, "f line 20", 20)
        assert _outcome(fast, item) == _outcome(slow, item), spoiled
        assert _state(fast) == _state(slow), spoiled


def _reader(*, fast: bool) -> ExchangeReader:
    reader = ExchangeReader()
    if not fast:
        reader.canonical.readers = {}
    for number, name in ((1, "North Korea"), (2, "Russia"), (3, "Ukraine")):
        reader.read(Item("actor", {"id": number, "name": name, "kind": "state", "aliases": []}, f"f line {number}", number))
    return reader


def _outcome(reader: ExchangeReader, item: Item) -> Any:
    try:
        return reader.read(item)
    except InvalidRecord as error:
        return f"error: {error}"


def _state(reader: ExchangeReader) -> Any:
    return reader.ids, reader.urls, reader.tags, reader.actor_keys, reader.order


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["source", "claim", "prediction", "forecast", "history"])
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_the_fast_path_reads_every_record_as_the_field_by_field_reader_does(kind: str, data: st.DataObject) -> None:
    fast, slow = _reader(fast=True), _reader(fast=False)
    earlier = [("source", 1), ("source", 2), ("claim", 1), ("prediction", 1), ("forecast", 1), ("history", 1)]
    for line, (earlier_kind, number) in enumerate(earlier, start=10):
        if earlier_kind != "forecast" and (earlier_kind == kind or [k for k, _ in earlier].index(earlier_kind) < [k for k, _ in earlier].index(kind)):
            record = data.draw(_canonical(earlier_kind, number))
            for reader in (fast, slow):
                reader.read(Item(earlier_kind, dict(record), f"f line {line}", line))
    record = data.draw(_spoiled(kind, 3))
    item = Item(kind, record, "f line 20", 20)
    assert _outcome(fast, item) == _outcome(slow, item), record
    assert _state(fast) == _state(slow)


def test_records_in_the_form_claimtrack_writes_take_the_fast_path() -> None:
    reader = _reader(fast=True)
    source = {"id": 1, "kind": "report", "title": "A report", "url": "https://example.org/a", "recorded_by": "alice"}
    claim = {"id": 1, "statement": "Claim.", "status": "confirmed", "credibility": 2, "occurred": "2012", "recorded_by": "alice",
             "actors": [{"actor": 1, "role": "subject"}], "tags": ["debt"], "evidence": [{"source": 1, "added_by": "bob"}]}  # fmt: skip
    assert reader.canonical.read(Item("source", source, "f line 4", 4)) is not None
    assert reader.canonical.read(Item("claim", claim, "f line 5", 5)) is not None
    assert reader.canonical.read(Item("claim", {**claim, "id": 2, "tags": ["Debt"]}, "f line 6", 6)) is None
