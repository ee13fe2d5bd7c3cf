"""Identity across databases: a record's uid as the export format writes it, and the fingerprint
of a record's fields and links, by which an import tells whether two databases hold the same
version of it (docs/formats.md, "How an import matches records").

A fingerprint is taken of a record in the form the export writes (text dates and times), without
what is each database's own (ids, updated_at) or follows from the rest: every reference to another
record is that record's uid, links are in a fixed order, a field an older file leaves out counts as
its default. So the same record exported by two databases has the same fingerprint.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any
from uuid import UUID

# The kinds that carry a uid (tags are known by their name) and may change: matched by fingerprint.
IDENTIFIED_KINDS = ("actor", "source", "claim", "prediction")
# The kinds matched by their uid alone: append-only (20261204_0010), a record the database holds
# is the same, unchanged, and one it lacks is new; there is nothing to update, so no conflict.
APPEND_ONLY_KINDS = ("forecast",)

# A record's uid in the other kinds' table, or None: (kind, id) -> uid.
UidOf = Callable[[str, Any], "str | None"]


def checked_uid(value: Any) -> str | None:
    """A uid in its stored form (lower-case, hyphenated), or None when `value` is not one."""
    if type(value) is not str or len(value) != 36:
        return None
    try:
        return str(UUID(value))
    except ValueError:
        return None


def _sorted(items: list[Any]) -> list[Any]:
    return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))


def _arms(arms: dict[str, Any] | None, uid_of: UidOf) -> list[Any] | None:
    if arms is None:
        return None
    return [uid_of("actor", arms.get("supplier")), uid_of("actor", arms.get("recipient")), arms.get("category"),
            arms.get("item"), arms.get("quantity"), arms.get("period_start"), arms.get("period_end")]  # fmt: skip


def _roles(actors: list[dict[str, Any]] | None, uid_of: UidOf) -> list[Any]:
    return _sorted([[uid_of("actor", a.get("actor")), a.get("role") or "subject"] for a in actors or []])


def canonical(kind: str, r: dict[str, Any], uid_of: UidOf) -> list[Any]:
    """The fields and links of one exported record that two databases must agree on, in order."""
    if kind == "actor":
        return [r.get("name"), r.get("kind"), r.get("iso_code"), sorted(r.get("aliases") or []), r.get("created_at")]
    if kind == "source":
        return [
            r.get("kind"), r.get("title"), r.get("url"), r.get("publisher"), r.get("author"), r.get("published"),
            r.get("reliability"), r.get("notes"), r.get("recorded_by"), r.get("created_at"), bool(r.get("incomplete")),
            r.get("deleted_at"), uid_of("source", r.get("merged_into")),
        ]  # fmt: skip
    if kind == "claim":
        evidence = [[uid_of("source", e.get("source")), e.get("stance"), e.get("excerpt"), e.get("added_by"), e.get("added_at")]
                    for e in r.get("evidence") or []]  # fmt: skip
        return [
            r.get("statement"), r.get("status"), r.get("credibility"), uid_of("actor", r.get("claimant")), r.get("occurred"),
            r.get("stated"), r.get("recorded_by"), r.get("created_at"), _roles(r.get("actors"), uid_of),
            sorted(r.get("tags") or []), _sorted(evidence), _arms(r.get("arms_transfer"), uid_of), r.get("notes"),
            r.get("deleted_at"), uid_of("claim", r.get("merged_into")),
        ]  # fmt: skip
    if kind == "prediction":
        return [
            r.get("statement"), uid_of("actor", r.get("predictor_actor")), uid_of("source", r.get("predictor_source")),
            r.get("made"), r.get("resolve_by"), r.get("probability"), r.get("likelihood"), r.get("confidence"),
            r.get("criteria"), r.get("status"), r.get("resolved_on"), r.get("resolution_note"),
            uid_of("source", r.get("evidence_source")), uid_of("claim", r.get("claim")), r.get("recorded_by"),
            r.get("created_at"), _roles(r.get("actors"), uid_of), sorted(r.get("tags") or []),
            _arms(r.get("arms_transfer"), uid_of), r.get("notes"),
            # A verdict on a claim's evidence (20261208_0015) only where there is one, so that every other
            # prediction keeps the fingerprint it had before (the agreed bases of earlier syncs hold).
            *([uid_of("claim", r["evidence_claim"])] if r.get("evidence_claim") is not None else []),
        ]  # fmt: skip
    raise ValueError(f"{kind} records carry no uid")


# The names of canonical()'s fields, for a conflict's report.
CANONICAL_FIELDS = {
    "actor": ("name", "kind", "iso_code", "aliases", "created_at"),
    "source": ("kind", "title", "url", "publisher", "author", "published", "reliability", "notes", "recorded_by",
               "created_at", "incomplete", "deleted_at", "merged_into"),
    "claim": ("statement", "status", "credibility", "claimant", "occurred", "stated", "recorded_by", "created_at",
              "actors", "tags", "evidence", "arms_transfer", "notes", "deleted_at", "merged_into"),
    "prediction": ("statement", "predictor_actor", "predictor_source", "made", "resolve_by", "probability", "likelihood",
                   "confidence", "criteria", "status", "resolved_on", "resolution_note", "evidence_source", "claim",
                   "recorded_by", "created_at", "actors", "tags", "arms_transfer", "notes", "evidence_claim"),
}  # fmt: skip


def checked_fingerprint(value: Any) -> str | None:
    """A fingerprint as fingerprint() gives it (32 lower-case hex digits), or None when `value` is not one."""
    if type(value) is not str or len(value) != 32 or value.strip("0123456789abcdef"):
        return None
    return value


def fingerprint(fields: list[Any]) -> str:
    """The fingerprint of canonical() fields: 32 hex digits."""
    text = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
