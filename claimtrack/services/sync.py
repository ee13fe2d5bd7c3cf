"""`claimtrack sync` between two claimtrack databases: the sender's records exported, then imported
into the receiver and matched there by identity (services/matching.py), in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg

from claimtrack.errors import InvalidValue
from claimtrack.services.matching import (
    ImportConflict,
    checked_prefer,
    write_agreements,
)
from claimtrack.services.named_writer import KindCount

__all__ = ["ImportConflict", "SyncResult", "checked_prefer", "sync_records"]


# --- claimtrack sync ------------------------------------------------------------------------------


@dataclass
class SyncResult:
    counts: dict[str, KindCount]
    conflicts: list[str]  # a dry run's report
    sender: str  # the sending database's uuid
    receiver: str


def sync_records(
    sender: psycopg.Connection[Any],
    receiver: psycopg.Connection[Any],
    *,
    receiver_name: str,
    sender_name: str,
    dry_run: bool = False,
    prefer: str | None = None,
) -> SyncResult:
    """Bring every record of `sender` into `receiver`, matched by identity, in the receiver's
    transaction (the caller's): all of it, or nothing. The sender's records are exported, as
    `claimtrack export` writes them, to a temporary file, then imported. `prefer` is the
    receiver's: "theirs" takes the sender's version of a conflicting record.

    What the two then agree on is written on both sides: in the receiver with its import, in the
    sender (its own transaction, the caller's) once the receiver has it."""
    import tempfile

    from claimtrack.io.exchange_file import read_items
    from claimtrack.services.exchange import import_items
    from claimtrack.services.export import database_uid, export_exchange

    sender_uid, receiver_uid = database_uid(sender), database_uid(receiver)
    if sender_uid == receiver_uid:
        raise InvalidValue(f"{sender_name} and {receiver_name} are the same database ({sender_uid}); sync between two databases.")
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        export_exchange(sender, spool, ndjson=True)
        spool.seek(0)
        header: dict[str, Any] = {}
        conflicts: list[str] = []
        agreed: list[tuple[str, str, str]] = []
        with receiver.transaction():  # a savepoint, undone for a dry run
            counts = import_items(
                receiver, read_items(spool, sender_name, ndjson=True, header=header), name=sender_name,
                describe=lambda line: f"{sender_name} (record {line})", dry_run=dry_run, header=header, prefer=prefer,
                conflicts=conflicts, agreed=agreed,
            )  # fmt: skip
            if dry_run:
                raise psycopg.Rollback
    if not dry_run:
        write_agreements(sender, receiver_uid, agreed)
    return SyncResult(counts, conflicts, sender_uid, receiver_uid)
