"""The export format's vocabulary: its name and version, the kinds of record in the order they
come, the fields of each, and Item, one record located in its file. io.exchange reads and
writes the format (docs/formats.md describes it).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from claimtrack.domain.arms import (
    ARMS_FIELDS as ARMS_FIELDS,  # the facet's fields: the seeds' and CSV's too
)

FORMAT = "claimtrack"
FORMAT_VERSION = 1
# (record type, JSON key) in the order records are written and must be read.
KINDS = (("actor", "actors"), ("source", "sources"), ("tag", "tags"), ("claim", "claims"),
         ("prediction", "predictions"), ("history", "history"))  # fmt: skip
PLURAL = dict(KINDS)
JSON_ORIGIN_STEP = 10**12

ACTOR_FIELDS = ("id", "name", "kind", "iso_code", "aliases", "created_at")
SOURCE_FIELDS = ("id", "kind", "title", "url", "publisher", "author", "published", "reliability", "notes",
                 "recorded_by", "created_at", "incomplete", "deleted_at", "merged_into")  # fmt: skip
TAG_FIELDS = ("name",)
CLAIM_FIELDS = ("id", "statement", "status", "credibility", "claimant", "occurred", "stated", "recorded_by",
                "created_at", "updated_at", "actors", "tags", "evidence", "arms_transfer", "notes", "deleted_at",
                "merged_into")  # fmt: skip
PREDICTION_FIELDS = ("id", "statement", "predictor_actor", "predictor_source", "made", "resolve_by",
                     "probability", "likelihood", "confidence", "criteria", "status", "resolved_on",
                     "resolution_note", "evidence_source", "claim", "recorded_by", "created_at", "updated_at",
                     "actors", "tags", "arms_transfer", "notes")  # fmt: skip
HISTORY_FIELDS = ("id", "claim", "prediction", "from_status", "to_status", "changed_at", "effective_on",
                  "changed_by", "reason", "evidence_source", "changed_login")  # fmt: skip
ACTOR_ROLE_FIELDS = ("actor", "role")
EVIDENCE_FIELDS = ("source", "stance", "excerpt", "added_by", "added_at")
FIELDS = {"actor": ACTOR_FIELDS, "source": SOURCE_FIELDS, "tag": TAG_FIELDS, "claim": CLAIM_FIELDS,
          "prediction": PREDICTION_FIELDS, "history": HISTORY_FIELDS}  # fmt: skip


class Item(NamedTuple):  # a tuple: cheaper to make, a few million times, than a frozen dataclass
    kind: str
    data: Any
    where: str
    origin: int  # the line (NDJSON), or the kind's position in KINDS * JSON_ORIGIN_STEP + the index (JSON)
