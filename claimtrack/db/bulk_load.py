"""Loading many rows at once: the tables an import writes, the lock it holds, the indexes and
foreign keys it puts off until the rows are in, and the identity sequences it moves past them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg

from claimtrack.errors import Refused

# Every table an import writes, parents before children: the order rows are copied in.
TABLES = (
    "actor", "actor_alias", "source", "tag", "claim", "claim_actor", "claim_tag", "claim_source",
    "prediction", "prediction_actor", "prediction_tag", "arms_transfer", "forecast", "forecast_evidence",
    "status_history", "record_change",
)  # fmt: skip
# Tables whose ids an import may choose (then the identity sequence is moved past them).
IDENTITY_TABLES = ("actor", "source", "tag", "claim", "prediction", "forecast", "status_history", "record_change")


@dataclass
class Deferred:
    """What a bulk load put off for one table, to do once all its rows are in: build its
    secondary indexes, then add back its foreign keys (which checks every row against them)."""

    indexes: list[str] = field(default_factory=list)
    foreign_keys: list[str] = field(default_factory=list)


def defer_indexes_and_foreign_keys(connection: psycopg.Connection[Any], tables: Sequence[str]) -> dict[str, Deferred]:
    """For those `tables` that are empty, drop the secondary indexes, and the foreign keys
    between two of them, and return the statements that restore them, by table.

    Building an index once over a million rows is several times cheaper than keeping it up to
    date row by row; adding a foreign key back checks all the rows in one join, where keeping it
    checks (and locks) the referenced row of every row copied. The foreign keys are checked all
    the same, before the transaction ends: nothing is committed that breaks one, and nobody sees
    the tables without them (the drops hold ACCESS EXCLUSIVE locks until then; readers of the
    empty tables wait). Only indexes that enforce nothing are dropped: never a primary key, a
    unique index or an exclusion constraint. The statements restore each index and foreign key
    as it was: its definition, storage parameters and comment."""
    empty = [
        table for table in tables
        if _one(connection, f"SELECT NOT EXISTS (SELECT FROM {table})")
    ]  # fmt: skip
    deferred = {table: Deferred() for table in empty}
    if not empty:
        return deferred
    keys = connection.execute(
        """
            SELECT t.relname, format('%%I.%%I', n.nspname, t.relname), format('%%I', k.conname), pg_get_constraintdef(k.oid),
                   quote_literal(obj_description(k.oid, 'pg_constraint'))
            FROM pg_constraint k
            JOIN pg_class t ON t.oid = k.conrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE k.contype = 'f' AND k.convalidated AND k.conparentid = 0
              AND k.conrelid = ANY (CAST(%(tables)s AS regclass[])) AND k.confrelid = ANY (CAST(%(tables)s AS regclass[]))
            ORDER BY t.relname, k.conname
        """,
        {"tables": empty},
    ).fetchall()
    for table, qualified, name, definition, comment in keys:
        connection.execute(f"ALTER TABLE {qualified} DROP CONSTRAINT {name}")
        deferred[table].foreign_keys.append(f"ALTER TABLE {qualified} ADD CONSTRAINT {name} {definition}")
        if comment is not None:
            deferred[table].foreign_keys.append(f"COMMENT ON CONSTRAINT {name} ON {qualified} IS {comment}")
    indexes = connection.execute(
        """
            SELECT t.relname, format('%%I.%%I', n.nspname, c.relname), pg_get_indexdef(i.indexrelid),
                   quote_literal(obj_description(i.indexrelid, 'pg_class'))
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_class t ON t.oid = i.indrelid
            WHERE i.indrelid = ANY (CAST(%(tables)s AS regclass[]))
              AND NOT i.indisunique AND NOT i.indisprimary AND NOT i.indisexclusion
              AND i.indisvalid AND i.indisready AND NOT i.indisclustered
              AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = i.indexrelid)
              AND NOT EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = i.indexrelid AND a.attstattarget >= 0)
            ORDER BY t.relname, c.relname
        """,
        {"tables": empty},
    ).fetchall()
    for table, index, definition, comment in indexes:
        connection.execute(f"DROP INDEX {index}")
        deferred[table].indexes.append(definition)
        if comment is not None:
            deferred[table].indexes.append(f"COMMENT ON INDEX {index} IS {comment}")
    return deferred


# The history, which an export brings as it was written and a seed or CSV leaves to the triggers.
HISTORY_TABLES = ("status_history", "record_change")


def lock_for_import(connection: psycopg.Connection[Any], *, history: bool = True) -> None:
    """Writers wait while an import runs, so the ids it picks stay free; readers carry on. A load
    whose history the triggers write (seeds, a CSV: `history` False) picks no history ids, so it
    leaves the history unlocked, which an analyst may not lock (it only reads it)."""
    tables = TABLES if history else tuple(t for t in TABLES if t not in HISTORY_TABLES)
    connection.execute(f"LOCK TABLE {', '.join(tables)} IN SHARE ROW EXCLUSIVE MODE")


def refuse_unless_owner(connection: psycopg.Connection[Any]) -> None:
    """An import brings the history as the other database recorded it (who, when, why), which only
    the owner of the history may write (claimtrack_importing(), 20261204_0004): an analyst's import
    would put words in other people's mouths. Said before anything is written."""
    row = connection.execute(
        "SELECT claimtrack_importing(), pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'public.status_history'::regclass"
    ).fetchone()
    assert row is not None
    allowed, owner = row
    if not allowed:
        raise Refused(
            f"an import or sync brings each record's history as the other database recorded it (who, when, why), "
            f'which only the owner of this database\'s history ("{owner}") may write; run it as that login, or have '
            "the records added here with claimtrack's own commands."
        )


def largest_ids(connection: psycopg.Connection[Any]) -> dict[str, int]:
    """The largest id in each identity table (0 when empty): new ids start above it."""
    selects = " UNION ALL ".join(f"SELECT '{t}', coalesce(max(id), 0) FROM {t}" for t in IDENTITY_TABLES)
    return {table: int(largest) for table, largest in connection.execute(selects)}


def advance_sequences(connection: psycopg.Connection[Any]) -> None:
    """After rows were written with chosen ids, the next generated id must come after them."""
    for table in IDENTITY_TABLES:
        connection.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), m) FROM (SELECT max(id) AS m FROM {table}) t "
            f"WHERE m > coalesce((SELECT last_value FROM pg_sequences "
            f"WHERE format('%I.%I', schemaname, sequencename) = pg_get_serial_sequence('{table}', 'id')), 0)"
        )



def last_generated_id(connection: psycopg.Connection[Any], table: str) -> int:
    """The largest id the table's identity sequence has given, or its largest id if larger: the
    next generated id comes after it."""
    return int(_one(connection, (
        f"SELECT greatest((SELECT coalesce(max(id), 0) FROM {table}), coalesce((SELECT last_value FROM pg_sequences"
        f" WHERE format('%I.%I', schemaname, sequencename) = pg_get_serial_sequence('{table}', 'id')), 0))"
    )))


def _one(connection: psycopg.Connection[Any], query: str) -> Any:
    row = connection.execute(query).fetchone()
    assert row is not None
    return row[0]
