"""The export format's vocabulary: its name and version, the kinds of record in the order they
come, the fields of each, the values a change record may hold, Item (one record located in its file) and ReadSoFar (what a
reader knows of the records before it). io.exchange reads and
writes the format (docs/formats.md describes it).
"""

from __future__ import annotations

from typing import Any, NamedTuple, Protocol

from claimtrack.domain.arms import (
    ARMS_FIELDS as ARMS_FIELDS,  # the facet's fields: the seeds' and CSV's too
)

FORMAT = "claimtrack"
FORMAT_VERSION = 1
# (record type, JSON key) in the order records are written and must be read.
KINDS = (("actor", "actors"), ("source", "sources"), ("tag", "tags"), ("claim", "claims"),
         ("prediction", "predictions"), ("forecast", "forecasts"), ("history", "history"),
         ("change", "changes"), ("agreement", "agreements"))  # fmt: skip
# Kinds a file holds only when it has records of them: a database never corrected, or whose
# predictions have no forecast but their first (each prediction's own columns), exports as before.
OPTIONAL_KINDS = ("forecast", "change", "agreement")
PLURAL = dict(KINDS)
# The header's fields; "database" (the exporting database's uuid) since 20261204_0011.
HEADER_FIELDS = ("format", "format_version", "exported_at", "database")
JSON_ORIGIN_STEP = 10**12

# A record's uid (20261204_0011): its identity across databases; files before it have none.
ACTOR_FIELDS = ("id", "name", "kind", "iso_code", "aliases", "created_at", "uid")
SOURCE_FIELDS = ("id", "kind", "title", "url", "publisher", "author", "published", "reliability", "notes",
                 "recorded_by", "created_at", "incomplete", "deleted_at", "merged_into", "uid")  # fmt: skip
TAG_FIELDS = ("id", "name")
CLAIM_FIELDS = ("id", "statement", "status", "credibility", "claimant", "occurred", "stated", "recorded_by",
                "created_at", "updated_at", "actors", "tags", "evidence", "arms_transfer", "notes", "deleted_at",
                "merged_into", "uid")  # fmt: skip
PREDICTION_FIELDS = ("id", "statement", "predictor_actor", "predictor_source", "made", "resolve_by",
                     "probability", "likelihood", "confidence", "criteria", "status", "resolved_on",
                     "resolution_note", "evidence_source", "claim", "recorded_by", "created_at", "updated_at",
                     "actors", "tags", "arms_transfer", "notes", "uid", "evidence_claim")  # fmt: skip
# A forecast (20261204_0010) has no id of its own in the file: nothing refers to one, and a
# prediction's first forecast, which the file leaves out, takes an id where it is imported.
FORECAST_FIELDS = ("prediction", "forecaster_actor", "forecaster_source", "probability", "likelihood", "confidence",
                   "made", "note", "recorded_by", "created_at", "evidence", "uid")  # fmt: skip
FORECAST_EVIDENCE_FIELDS = ("source", "claim")  # what a forecast cites: one of the two
HISTORY_FIELDS = ("id", "claim", "prediction", "from_status", "to_status", "changed_at", "effective_on",
                  "changed_by", "reason", "evidence_source", "changed_login", "evidence_claim")  # fmt: skip
CHANGE_FIELDS = ("id", "changed_at", "change_group", "record_table", "record_id", "table_name", "operation",
                 "linked", "old_values", "new_values", "changed_by", "changed_login", "reason")  # fmt: skip
# What the database's change records (record_change, 20261204_0007) may hold: the records they belong
# to, the tables whose rows changed (a record's own, or one of its links'), and how.
CHANGE_RECORD_TABLES = ("claim", "source", "actor", "tag", "prediction")
CHANGE_TABLES = {  # the table whose row changed: the records its change may belong to
    **{table: (table,) for table in CHANGE_RECORD_TABLES},
    "actor_alias": ("actor",), "claim_actor": ("claim",), "claim_source": ("claim",), "claim_tag": ("claim",),
    "prediction_actor": ("prediction",), "prediction_tag": ("prediction",), "arms_transfer": ("claim", "prediction"),
    "forecast": ("prediction",),  # a forecaster moved by a merge (20261204_0010)
}  # fmt: skip
CHANGE_OPERATIONS = ("insert", "update", "delete")
ACTOR_ROLE_FIELDS = ("actor", "role")
EVIDENCE_FIELDS = ("source", "stance", "excerpt", "added_by", "added_at")
# What the exporting database and another (`peer`) last agreed on, per record: its sync_base
# (20261204_0011), the fingerprint of the record as the two last had it alike. An import into that
# other database takes it as the agreed base of a record it holds, as a sync would, so that a file
# brought back from a database that imported an earlier export tells who changed what
# (services/matching.py). A file written before these has none: every difference is a conflict.
AGREEMENT_FIELDS = ("peer", "kind", "uid", "fingerprint")
FIELDS = {"actor": ACTOR_FIELDS, "source": SOURCE_FIELDS, "tag": TAG_FIELDS, "claim": CLAIM_FIELDS,
          "prediction": PREDICTION_FIELDS, "forecast": FORECAST_FIELDS, "history": HISTORY_FIELDS, "change": CHANGE_FIELDS,
          "agreement": AGREEMENT_FIELDS}  # fmt: skip


def json_value_problem(value: Any) -> str | None:
    """What PostgreSQL's jsonb cannot hold in `value` (NUL characters, lone surrogates), if anything."""
    if isinstance(value, str):
        if "\x00" in value:
            return "holds a NUL character, which the database cannot store"
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "holds a lone UTF-16 surrogate, which is not a character"
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            problem = json_value_problem(key) or json_value_problem(item)
            if problem:
                return problem
    elif isinstance(value, list):
        for item in value:
            problem = json_value_problem(item)
            if problem:
                return problem
    return None


class ReadSoFar(Protocol):
    """What a reader of a file knows of the records before the one it reads (io.exchange's
    ExchangeReader keeps it, io.exchange_fast's fast path reads and adds to it)."""

    ids: dict[str, set[int]]  # by kind, the ids of the records read
    urls: dict[str, str]  # a source's URL: where in the file it was given
    tags: set[str]  # the tags named so far


class Item(NamedTuple):  # a tuple: cheaper to make, a few million times, than a frozen dataclass
    kind: str
    data: Any
    where: str
    origin: int  # the line (NDJSON), or the kind's position in KINDS * JSON_ORIGIN_STEP + the index (JSON)
