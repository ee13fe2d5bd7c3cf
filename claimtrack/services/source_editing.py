"""Correcting sources: edit any field (a reliability change is a regrade, with a reason), and merge a
duplicate into the source it repeats.

As for claims (services/claim_editing.py), the database keeps every change (record_change) with the
reason passed through the transaction's settings. A merged source keeps its row, deleted and
pointing at the survivor (merged_into_id); its citations, the predictions it published and the
resolutions it is the evidence of move to the survivor (20261204_0009 lets a resolved prediction's
evidence follow a merge, and nothing else). The status history keeps naming the source it named.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from claimtrack import domain
from claimtrack.domain import PartialDate
from claimtrack.errors import Conflict, InvalidValue, NotFound
from claimtrack.services import history
from claimtrack.services.lookup import stored_text, stored_url

if TYPE_CHECKING:
    from psycopg import Connection


@dataclass(frozen=True)
class SourceEdit:
    """What to change; None leaves a field as it is, "" clears an optional text field."""

    title: str | None = None
    url: str | None = None
    kind: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: PartialDate | None = None
    reliability: str | None = None
    notes: str | None = None


_FIELD_ORDER = ("title", "url", "kind", "publisher", "author", "published", "reliability", "notes")
_COLUMNS = "id, title, url, kind, publisher, author, published_on, published_precision, reliability, notes, incomplete, deleted_at, merged_into_id"


def _source_row(connection: Connection[Any], source_id: int) -> dict[str, Any]:
    cursor = connection.execute(f"SELECT {_COLUMNS} FROM source WHERE id = %s FOR UPDATE", (source_id,))
    found = cursor.fetchone()
    if found is None:
        raise NotFound(f"no source {source_id}; see: claimtrack source list")
    assert cursor.description is not None
    return dict(zip([column.name for column in cursor.description], found, strict=True))


def live_source(connection: Connection[Any], source_id: int) -> dict[str, Any]:
    """The source's row, locked against concurrent edits and merges; NotFound if there is none,
    Conflict if it was merged away."""
    row = _source_row(connection, source_id)
    if row["merged_into_id"] is not None:
        raise Conflict(f"source {source_id} was merged into source {row['merged_into_id']}; correct that one instead.")
    if row["deleted_at"] is not None:
        raise Conflict(f"source {source_id} is deleted.")
    return row


def edit_source(
    connection: Connection[Any], *, source_id: int, edit: SourceEdit, reason: str | None, changed_by: str
) -> list[str]:
    """Change what `edit` names; returns the fields that changed (empty: nothing did, nothing was
    written). A new title marks a source made on the fly from its URL complete."""
    stored_text("user", changed_by)
    reason = stored_text("reason", reason.strip()) or None if reason is not None else None
    row = live_source(connection, source_id)
    fields: dict[str, Any] = {}
    if edit.title is not None:
        title = stored_text("title", edit.title.strip())
        if not title:
            raise InvalidValue("a source's title is empty; give its title or headline.")
        if title != row["title"]:
            fields["title"] = title
    for name in ("publisher", "author", "notes"):
        given = getattr(edit, name)
        if given is not None:
            value = stored_text(name, given.strip()) or None
            if value != row[name]:
                fields[name] = value
    if edit.kind is not None and edit.kind != row["kind"]:
        if edit.kind not in domain.SOURCE_KINDS:
            raise InvalidValue(f'"{edit.kind}" is not a kind of source; use one of: {", ".join(domain.SOURCE_KINDS)}.')
        fields["kind"] = edit.kind
    if edit.published is not None and (edit.published.value, edit.published.precision) != (row["published_on"], row["published_precision"]):
        fields["published_on"], fields["published_precision"] = edit.published.value, edit.published.precision
    if edit.reliability is not None and edit.reliability != row["reliability"]:
        if edit.reliability not in domain.RELIABILITY_GRADES:
            raise InvalidValue(f'"{edit.reliability}" is not a reliability grade; use A (reliable) to E, or F (cannot be judged).')
        if reason is None:
            raise InvalidValue(
                f"regrading source {source_id} from {row['reliability']} to {edit.reliability} needs a reason (--reason); "
                "the history keeps it."
            )
        fields["reliability"] = edit.reliability
    if edit.url is not None:
        url = stored_url(edit.url) if edit.url.strip() else None
        if url != row["url"]:
            if url is not None:
                _refuse_url_of_another(connection, url, source_id)
            fields["url"] = url
    if not fields:
        return []
    named = {name.removesuffix("_precision").removesuffix("_on") for name in fields}
    changed = [name for name in _FIELD_ORDER if name in named]
    if "title" in fields and row["incomplete"]:
        fields["incomplete"] = False
    history.set_change_context(connection, reason=reason)
    assignments = ", ".join(f"{column} = %({column})s" for column in fields)
    connection.execute(f"UPDATE source SET {assignments} WHERE id = %(id)s", {**fields, "id": source_id})
    return changed


def _refuse_url_of_another(connection: Connection[Any], url: str, source_id: int) -> None:
    other = connection.execute("SELECT id, merged_into_id FROM source WHERE url = %s AND id <> %s", (url, source_id)).fetchone()
    if other is not None:
        also = f" (merged into source {other[1]})" if other[1] is not None else ""
        raise Conflict(
            f"source {other[0]}{also} already has the URL {url}; if the two are one source, merge them: "
            f"claimtrack source merge {source_id} --into {other[0]}"
        )


@dataclass(frozen=True)
class SourceMerge:
    duplicate: int
    survivor: int
    citations_moved: int
    citations_dropped: int  # the survivor cited the same claim already: kept once, the survivor's link
    predictions_moved: int  # published by the duplicate, or resolved on its evidence


def merge_source(connection: Connection[Any], *, duplicate: int, into: int, reason: str | None, changed_by: str) -> SourceMerge:
    """Fold source `duplicate` into source `into`: its citations (a claim both cite keeps the
    survivor's link), the predictions it published and the resolutions it is the evidence of move
    to the survivor; the duplicate stays, deleted and pointing at the survivor, and a URL the
    survivor lacks moves with it."""
    stored_text("user", changed_by)
    reason = stored_text("reason", reason.strip()) or None if reason is not None else None
    if duplicate == into:
        raise InvalidValue(f"source {duplicate} cannot be merged into itself; name the source it repeats with --into.")
    # Lock both rows in id order, so that two merges of the same pair cannot wait on each other.
    rows = {source_id: _source_row(connection, source_id) for source_id in sorted((duplicate, into))}
    for source_id, row in rows.items():
        if row["merged_into_id"] is not None:
            raise Conflict(f"source {source_id} was merged into source {row['merged_into_id']} already; merge into that one instead.")
        if row["deleted_at"] is not None:
            raise Conflict(f"source {source_id} is deleted.")
    history.set_change_context(connection, reason=reason)
    dropped = connection.execute(
        "DELETE FROM claim_source d WHERE d.source_id = %(dup)s"
        " AND EXISTS (SELECT 1 FROM claim_source s WHERE s.claim_id = d.claim_id AND s.source_id = %(into)s)",
        {"dup": duplicate, "into": into},
    ).rowcount
    moved = connection.execute(
        "UPDATE claim_source SET source_id = %s WHERE source_id = %s", (into, duplicate)
    ).rowcount
    url = rows[duplicate]["url"] if rows[into]["url"] is None else None
    connection.execute(
        "UPDATE source SET deleted_at = now(), merged_into_id = %s" + (", url = NULL" if url is not None else "") + " WHERE id = %s",
        (into, duplicate),
    )
    if url is not None:
        connection.execute("UPDATE source SET url = %s WHERE id = %s", (url, into))
    predictions = connection.execute(
        "UPDATE prediction SET"
        " predictor_source_id = CASE WHEN predictor_source_id = %(dup)s THEN %(into)s ELSE predictor_source_id END,"
        " evidence_source_id = CASE WHEN evidence_source_id = %(dup)s THEN %(into)s ELSE evidence_source_id END"
        " WHERE predictor_source_id = %(dup)s OR evidence_source_id = %(dup)s",
        {"dup": duplicate, "into": into},
    ).rowcount
    return SourceMerge(duplicate, into, moved, dropped, predictions)
