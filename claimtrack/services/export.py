"""Export: the whole database in the export format (io.exchange_file), or its verdicts as ClaimReview.

Forecasts are exported after the predictions, but for each prediction's first, which its own
columns hold and the import's insert of it writes again (docs/formats.md, "Forecasts").

The record of changes (record_change) is exported whole, as it is stored, after the status history:
its rows are the database's own, which the import writes back unchanged.

Writers wait while an export runs (a SHARE lock), so the file is one consistent picture; its
records come in the order the import needs them (io.exchange.KINDS).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import psycopg

from claimtrack import domain
from claimtrack.db.bulk_load import TABLES
from claimtrack.io.claimreview import Appearance, Verdict
from claimtrack.io.exchange_file import (
    ExchangeWriter,
    deadline_text,
    partial_text,
    timestamp_text,
)
from claimtrack.io.exchange_format import KINDS, OPTIONAL_KINDS

_UTC = """to_char({} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')"""

EXPORT_QUERIES = {
    "actor": """
        SELECT a.id, a.name, a.kind, a.iso_code, a.created_at,
               (SELECT json_agg(al.alias ORDER BY al.id) FROM actor_alias al WHERE al.actor_id = a.id), a.uid::text
        FROM actor a ORDER BY a.id""",
    "source": """
        SELECT id, kind, title, url, publisher, author, published_on, published_precision, reliability, notes,
               recorded_by, created_at, incomplete, deleted_at, merged_into_id, uid::text
        FROM source ORDER BY id""",
    "tag": "SELECT name, id FROM tag ORDER BY name",
    "claim": f"""
        SELECT c.id, c.statement, c.status, c.credibility, c.claimant_id, c.occurred_on, c.occurred_precision,
               c.stated_on, c.stated_precision, c.recorded_by, c.created_at, c.updated_at,
               (SELECT json_agg(json_build_array(x.actor_id, x.role) ORDER BY x.actor_id, x.role)
                  FROM claim_actor x WHERE x.claim_id = c.id),
               (SELECT json_agg(t.name ORDER BY t.name) FROM claim_tag x JOIN tag t ON t.id = x.tag_id
                 WHERE x.claim_id = c.id),
               (SELECT json_agg(json_build_array(x.source_id, x.stance, x.excerpt, x.added_by,
                                                 {_UTC.format("x.added_at")}) ORDER BY x.source_id)
                  FROM claim_source x WHERE x.claim_id = c.id),
               (SELECT json_build_array(x.supplier_id, x.recipient_id, x.category, x.item, x.quantity,
                                        x.period_start, x.period_end)
                  FROM arms_transfer x WHERE x.claim_id = c.id),
               c.notes, c.deleted_at, c.merged_into_id, c.uid::text
        FROM claim c ORDER BY c.id""",
    "prediction": """
        SELECT p.id, p.statement, p.predictor_actor_id, p.predictor_source_id, p.made_on, p.made_precision,
               p.resolve_by, p.resolve_by_precision, p.probability, p.likelihood, p.confidence, p.criteria,
               p.status, p.resolved_on, p.resolution_note, p.evidence_source_id, p.claim_id, p.recorded_by,
               p.created_at, p.updated_at,
               (SELECT json_agg(json_build_array(x.actor_id, x.role) ORDER BY x.actor_id, x.role)
                  FROM prediction_actor x WHERE x.prediction_id = p.id),
               (SELECT json_agg(t.name ORDER BY t.name) FROM prediction_tag x JOIN tag t ON t.id = x.tag_id
                 WHERE x.prediction_id = p.id),
               (SELECT json_build_array(x.supplier_id, x.recipient_id, x.category, x.item, x.quantity,
                                        x.period_start, x.period_end)
                  FROM arms_transfer x WHERE x.prediction_id = p.id),
               p.notes, p.uid::text, p.evidence_claim_id
        FROM prediction p ORDER BY p.id""",
    # Every forecast but each prediction's first as the database writes it from the prediction's own
    # columns (20261204_0010): the import's insert of the prediction writes that one again (with a
    # uid of the importing database's). A first forecast that differs from those columns in
    # anything (a note, evidence, a time) is not that one, and is exported.
    "forecast": """
        WITH first AS (
            SELECT DISTINCT ON (p.id) g.id
            FROM prediction p
            JOIN forecast g ON g.prediction_id = p.id AND g.actor_id IS NOT DISTINCT FROM p.predictor_actor_id
             AND g.source_id IS NOT DISTINCT FROM CASE WHEN p.predictor_actor_id IS NULL THEN p.predictor_source_id END
             AND g.probability = p.probability AND g.likelihood IS NOT DISTINCT FROM p.likelihood
             AND g.confidence IS NOT DISTINCT FROM p.confidence AND g.made_on = p.made_on
             AND g.made_precision = p.made_precision AND g.recorded_by = p.recorded_by AND g.created_at = p.created_at
             AND g.note IS NULL AND NOT EXISTS (SELECT FROM forecast_evidence e WHERE e.forecast_id = g.id)
            ORDER BY p.id, g.id
        )
        SELECT f.prediction_id, f.actor_id, f.source_id, f.probability, f.likelihood, f.confidence, f.made_on,
               f.made_precision, f.note, f.recorded_by, f.created_at,
               (SELECT json_agg(json_build_array(e.source_id, e.claim_id) ORDER BY e.id)
                  FROM forecast_evidence e WHERE e.forecast_id = f.id),
               f.uid::text, f.id
        FROM forecast f
        WHERE NOT EXISTS (SELECT FROM first WHERE first.id = f.id)
        ORDER BY f.id""",
    "history": """
        SELECT id, claim_id, prediction_id, from_status, to_status, changed_at, effective_on, changed_by, reason,
               evidence_source_id, changed_login, evidence_claim_id
        FROM status_history ORDER BY id""",
    "change": """
        SELECT id, changed_at, change_group, record_table, record_id, table_name, operation, linked, old_values,
               new_values, changed_by, changed_login, reason
        FROM record_change ORDER BY id""",
    "agreement": """
        SELECT peer::text, kind, uid::text, fingerprint FROM sync_base WHERE kind <> 'forecast' ORDER BY peer, kind, uid""",
}


def _arms(row: list[Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return dict(zip(("supplier", "recipient", "category", "item", "quantity", "period_start", "period_end"), row))


def _roles(pairs: list[list[Any]] | None) -> list[dict[str, Any]]:
    return [{"actor": actor, "role": role} for actor, role in pairs or []]


def _iso(value: Any) -> Any:
    return None if value is None else value.isoformat()


def _set(**fields: Any) -> dict[str, Any]:
    """The fields that hold more than their default (nothing, false): a record that was never
    edited, deleted or merged is written as it was before those fields existed."""
    return {name: value for name, value in fields.items() if value is not None and value is not False}


def _record(kind: str, r: Any) -> dict[str, Any]:
    if kind == "actor":
        return {"id": r[0], "name": r[1], "kind": r[2], "iso_code": r[3], "aliases": r[5] or [], "created_at": timestamp_text(r[4]),
                "uid": r[6]}  # fmt: skip
    if kind == "source":
        return {
            "id": r[0], "kind": r[1], "title": r[2], "url": r[3], "publisher": r[4], "author": r[5],
            "published": partial_text(r[6], r[7]), "reliability": r[8], "notes": r[9], "recorded_by": r[10],
            "created_at": timestamp_text(r[11]),
            **_set(incomplete=r[12], deleted_at=r[13] and timestamp_text(r[13]), merged_into=r[14]), "uid": r[15],
        }  # fmt: skip
    if kind == "tag":
        return {"id": r[1], "name": r[0]}
    if kind == "claim":
        evidence = [dict(zip(("source", "stance", "excerpt", "added_by", "added_at"), e)) for e in r[14] or []]
        return {
            "id": r[0], "statement": r[1], "status": r[2], "credibility": r[3], "claimant": r[4],
            "occurred": partial_text(r[5], r[6]), "stated": partial_text(r[7], r[8]), "recorded_by": r[9],
            "created_at": timestamp_text(r[10]), "updated_at": timestamp_text(r[11]), "actors": _roles(r[12]),
            "tags": r[13] or [], "evidence": evidence, "arms_transfer": _arms(r[15]),
            **_set(notes=r[16], deleted_at=r[17] and timestamp_text(r[17]), merged_into=r[18]), "uid": r[19],
        }  # fmt: skip
    if kind == "prediction":
        return {
            "id": r[0], "statement": r[1], "predictor_actor": r[2], "predictor_source": r[3],
            "made": partial_text(r[4], r[5]), "resolve_by": deadline_text(r[6], r[7]), "probability": r[8],
            "likelihood": r[9], "confidence": r[10], "criteria": r[11], "status": r[12], "resolved_on": _iso(r[13]),
            "resolution_note": r[14], "evidence_source": r[15], "claim": r[16], "recorded_by": r[17],
            "created_at": timestamp_text(r[18]), "updated_at": timestamp_text(r[19]), "actors": _roles(r[20]),
            "tags": r[21] or [], "arms_transfer": _arms(r[22]), **_set(notes=r[23]), "uid": r[24],
            **_set(evidence_claim=r[25]),  # a verdict on a claim's evidence (20261208_0015)
        }  # fmt: skip
    if kind == "forecast":
        return {
            "prediction": r[0], "forecaster_actor": r[1], "forecaster_source": r[2], "probability": r[3],
            "likelihood": r[4], "confidence": r[5], "made": partial_text(r[6], r[7]), "note": r[8], "recorded_by": r[9],
            "created_at": timestamp_text(r[10]),
            "evidence": [{"source": source} if source is not None else {"claim": claim} for source, claim in r[11] or []],
            "uid": r[12],
        }  # fmt: skip
    if kind == "agreement":
        return {"peer": r[0], "kind": r[1], "uid": r[2], "fingerprint": r[3]}
    if kind == "change":
        return {
            "id": r[0], "changed_at": timestamp_text(r[1]), "change_group": r[2], "record_table": r[3],
            "record_id": r[4], "table_name": r[5], "operation": r[6], "linked": r[7], "old_values": r[8],
            "new_values": r[9], "changed_by": r[10], "changed_login": r[11], "reason": r[12],
        }  # fmt: skip
    return {
        "id": r[0], "claim": r[1], "prediction": r[2], "from_status": r[3], "to_status": r[4],
        "changed_at": timestamp_text(r[5]), "effective_on": _iso(r[6]), "changed_by": r[7], "reason": r[8],
        "evidence_source": r[9], **_set(changed_login=r[10], evidence_claim=r[11]),
    }  # fmt: skip


def export_exchange(connection: psycopg.Connection[Any], out: IO[str], *, ndjson: bool) -> dict[str, int]:
    """Write the whole database to `out` in the export format; returns the count of each kind.

    Writers wait while it runs (a SHARE lock), so the file is one consistent picture."""
    connection.execute(f"LOCK TABLE {', '.join(TABLES)} IN SHARE MODE")
    now = connection.execute("SELECT now()").fetchone()
    assert now is not None
    kinds = [kind for kind, _ in KINDS if kind not in OPTIONAL_KINDS or _holds_any(connection, kind)]
    writer = ExchangeWriter(out, ndjson=ndjson, exported_at=now[0], kinds=kinds, database=database_uid(connection))
    for kind in kinds:
        writer.begin(kind)
        for record in exported_records(connection, kind):
            writer.write(kind, record)
    writer.finish()
    return writer.counts


def exported_records(connection: psycopg.Connection[Any], kind: str, ids: list[int] | None = None) -> Iterator[dict[str, Any]]:
    """The records of one kind as the export writes them, in id order; only those `ids` if given."""
    query, params = EXPORT_QUERIES[kind], None
    if ids is not None:
        query, params = f"SELECT * FROM ({query}) AS r WHERE r.id = ANY(%(ids)s)", {"ids": ids}
    with connection.cursor(name=f"export_{kind}") as rows:  # on the server, fetched 2,000 at a time
        rows.itersize = 2000
        rows.execute(query, params)
        for row in rows:
            yield _record(kind, row)


def database_uid(connection: psycopg.Connection[Any]) -> str:
    """This database's uuid (database_identity, 20261204_0011). A copy of a database (CREATE
    DATABASE ... TEMPLATE, a restored dump) holds the original's row but lives elsewhere (another
    cluster, another oid): it is another database, and takes a uuid of its own here."""
    found = connection.execute(
        "SELECT d.uid::text, d.system_identifier IS NOT DISTINCT FROM (SELECT system_identifier FROM pg_control_system())"
        " AND d.database_oid IS NOT DISTINCT FROM (SELECT oid FROM pg_database WHERE datname = current_database())"
        " FROM database_identity d"
    ).fetchone()
    if found is not None and found[1]:
        return str(found[0])
    renamed = connection.execute(
        "INSERT INTO database_identity (system_identifier, database_oid)"
        " VALUES ((SELECT system_identifier FROM pg_control_system()), (SELECT oid FROM pg_database WHERE datname = current_database()))"
        " ON CONFLICT (one_row) DO UPDATE SET uid = gen_random_uuid(), system_identifier = EXCLUDED.system_identifier,"
        " database_oid = EXCLUDED.database_oid, named_at = now()"
        " RETURNING uid::text"
    ).fetchone()
    assert renamed is not None
    return str(renamed[0])


def _holds_any(connection: psycopg.Connection[Any], kind: str) -> bool:
    """Whether the database has records of an optional kind (a database never corrected has no
    changes; one whose predictions were never forecast again, no forecasts to export)."""
    found = connection.execute(f"SELECT EXISTS ({EXPORT_QUERIES[kind]})").fetchone()
    assert found is not None
    return bool(found[0])


# --- ClaimReview --------------------------------------------------------------------------------

_VERDICTS = """
    SELECT c.id, c.statement, c.status, a.name, a.kind, c.stated_on, c.stated_precision,
           (SELECT json_agg(json_build_array(s.url, s.title, s.publisher, s.author, s.published_on,
                                             s.published_precision) ORDER BY x.added_at, s.id)
              FROM claim_source x JOIN source s ON s.id = x.source_id
             WHERE x.claim_id = c.id AND x.stance IN ('supports', 'reports')),
           coalesce((h.changed_at AT TIME ZONE 'UTC')::date, current_date), h.changed_by, e.url, e.title
    FROM claim c
    LEFT JOIN actor a ON a.id = c.claimant_id
    LEFT JOIN LATERAL (SELECT changed_at, changed_by, evidence_source_id FROM status_history h
                       WHERE h.claim_id = c.id AND h.to_status = c.status
                       ORDER BY h.changed_at DESC, h.id DESC LIMIT 1) h ON true
    LEFT JOIN source e ON e.id = h.evidence_source_id
    WHERE c.status = ANY(%(verdicts)s)
    ORDER BY c.id"""


def claim_verdicts(connection: psycopg.Connection[Any]) -> list[Verdict]:
    """Every confirmed or refuted claim, with where it appeared and when and how it was decided."""
    from datetime import date as date_type

    verdicts = []
    for r in connection.execute(_VERDICTS, {"verdicts": list(domain.CLAIM_VERDICTS)}):
        appearances = [
            Appearance(url, title, publisher, author, partial_text(date_type.fromisoformat(on) if on else None, precision))
            for url, title, publisher, author, on, precision in r[7] or []
        ]
        verdicts.append(
            Verdict(
                claim_id=r[0], statement=r[1], status=r[2], claimant=r[3], claimant_kind=r[4],
                stated=partial_text(r[5], r[6]), appearances=appearances,
                decided_on=r[8],  # the day (in UTC) of the status change; today (the database's) without one
                decided_by=r[9] or "unknown", evidence_url=r[10], evidence_title=r[11],
            )  # fmt: skip
        )
    return verdicts
