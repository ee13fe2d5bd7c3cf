"""A record the database holds, updated from the file (services/matching.py decides which): its
fields, links and evidence made what the file has."""

from __future__ import annotations

from typing import Any

import psycopg

from claimtrack.services.matched import Importer, Matched


class MatchedUpdates:
    """Writes the file's version of matched records over the database's."""

    def __init__(self, connection: psycopg.Connection[Any], importer: Importer, history: list[dict[str, Any]]) -> None:
        self.connection = connection
        self.importer = importer
        self.history = history  # the file's entries of matched claims and predictions

    def apply(self, m: Matched, ours: dict[str, Any]) -> None:
        """Update `m` (held here as `ours`, in the export's form) from the file."""
        getattr(self, f"_update_{m.kind}")(m, ours)

    def _update_actor(self, m: Matched, ours: dict[str, Any]) -> None:
        r = m.record
        self.connection.execute("UPDATE actor SET name = %s, kind = %s, iso_code = %s WHERE id = %s", (r["name"], r["kind"], r["iso_code"], m.ours))
        gone = sorted(set(ours["aliases"]) - set(r["aliases"]))
        if gone:
            self.connection.execute("DELETE FROM actor_alias WHERE actor_id = %s AND alias = ANY(%s)", (m.ours, gone))
        for alias in r["aliases"]:
            if alias not in ours["aliases"]:
                self.connection.execute("INSERT INTO actor_alias (actor_id, alias) VALUES (%s, %s)", (m.ours, alias))

    def _update_source(self, m: Matched, ours: dict[str, Any]) -> None:
        r, published = m.record, m.record["published"]
        self.connection.execute(
            "UPDATE source SET kind = %s, title = %s, url = %s, publisher = %s, author = %s, published_on = %s,"
            " published_precision = %s, reliability = %s, notes = %s, incomplete = %s, deleted_at = %s, merged_into_id = %s"
            " WHERE id = %s",
            (r["kind"], r["title"], r["url"], r["publisher"], r["author"], published and published.value,
             published and published.precision, r["reliability"], r["notes"], r["incomplete"], r["deleted_at"],
             self.importer.local_id("source", r["merged_into"]), m.ours),
        )  # fmt: skip

    def _update_claim(self, m: Matched, ours: dict[str, Any]) -> None:
        r, local = m.record, self.importer.local_id
        occurred, stated = r["occurred"], r["stated"]
        evidence = None
        if r["status"] != ours["status"]:
            evidence = self._verdict_evidence("claim", m)
        self.connection.execute("SELECT set_config('claimtrack.evidence_source_id', %s, true)", ("" if evidence is None else str(evidence),))
        self.connection.execute(
            "UPDATE claim SET statement = %s, status = %s, credibility = %s, claimant_id = %s, occurred_on = %s,"
            " occurred_precision = %s, stated_on = %s, stated_precision = %s, notes = %s, deleted_at = %s, merged_into_id = %s"
            " WHERE id = %s",
            (r["statement"], r["status"], r["credibility"], local("actor", r["claimant"]), occurred and occurred.value,
             occurred and occurred.precision, stated and stated.value, stated and stated.precision, r["notes"],
             r["deleted_at"], local("claim", r["merged_into"]), m.ours),
        )  # fmt: skip
        self._links("claim", m, ours)
        evidence_here = {e["source"]: e for e in ours["evidence"]}
        theirs = {local("source", e["source"]): e for e in r["evidence"]}
        for source in evidence_here.keys() - theirs.keys():
            self.connection.execute("DELETE FROM claim_source WHERE claim_id = %s AND source_id = %s", (m.ours, source))
        for source, e in theirs.items():
            here = evidence_here.get(source)
            values = (e["stance"], e["excerpt"], e["added_by"], e["added_at"] or self.importer.now)
            if here is None:
                self.connection.execute(
                    "INSERT INTO claim_source (claim_id, source_id, stance, excerpt, added_by, added_at) VALUES (%s, %s, %s, %s, %s, %s)",
                    (m.ours, source, *values),
                )
            elif (here["stance"], here["excerpt"], here["added_by"]) != values[:3] or here["added_at"] != _text_time(values[3]):
                self.connection.execute(
                    "UPDATE claim_source SET stance = %s, excerpt = %s, added_by = %s, added_at = %s WHERE claim_id = %s AND source_id = %s",
                    (*values, m.ours, source),
                )

    def _update_prediction(self, m: Matched, ours: dict[str, Any]) -> None:
        r, local = m.record, self.importer.local_id
        evidence, evidence_claim = local("source", r["evidence_source"]), local("claim", r.get("evidence_claim"))
        resolution = (r["status"], r["resolved_on"] and r["resolved_on"].isoformat(), r["resolution_note"])
        if ours["status"] != "open" and (resolution != (ours["status"], ours["resolved_on"], ours["resolution_note"])
                                         or r["evidence_source"] is None or evidence != ours["evidence_source"]
                                         or evidence_claim != ours.get("evidence_claim")):  # fmt: skip
            # A resolution changes only by reopening: the other side reopened it (and may have resolved it again).
            self.connection.execute(
                "UPDATE prediction SET status = 'open', resolved_on = NULL, resolution_note = NULL, evidence_source_id = NULL,"
                " evidence_claim_id = NULL WHERE id = %s",
                (m.ours,),
            )
        made, resolve_by = r["made"], r["resolve_by"]
        self.connection.execute(
            "UPDATE prediction SET statement = %s, predictor_actor_id = %s, predictor_source_id = %s, made_on = %s,"
            " made_precision = %s, resolve_by = %s, resolve_by_precision = %s, probability = %s, likelihood = %s,"
            " confidence = %s, criteria = %s, status = %s, resolved_on = %s, resolution_note = %s, evidence_source_id = %s,"
            " evidence_claim_id = %s, claim_id = %s, notes = %s WHERE id = %s",
            (r["statement"], local("actor", r["predictor_actor"]), local("source", r["predictor_source"]), made.value,
             made.precision, resolve_by.last_day, resolve_by.precision, r["probability"], r["likelihood"], r["confidence"],
             r["criteria"], r["status"], r["resolved_on"], r["resolution_note"], evidence, evidence_claim,
             local("claim", r["claim"]), r["notes"], m.ours),
        )  # fmt: skip
        self._links("prediction", m, ours)

    def _links(self, kind: str, m: Matched, ours: dict[str, Any]) -> None:
        """A claim's or prediction's actors, tags and arms transfer as the file has them."""
        r, local = m.record, self.importer.local_id
        here = {(a["actor"], a["role"]) for a in ours["actors"]}
        theirs = {(local("actor", actor), role) for actor, role in r["actors"]}
        for actor, role in sorted(here - theirs):
            self.connection.execute(f"DELETE FROM {kind}_actor WHERE {kind}_id = %s AND actor_id = %s AND role = %s", (m.ours, actor, role))
        for actor, role in sorted(theirs - here):
            self.connection.execute(f"INSERT INTO {kind}_actor ({kind}_id, actor_id, role) VALUES (%s, %s, %s)", (m.ours, actor, role))
        gone = sorted(set(ours["tags"]) - set(r["tags"]))
        if gone:
            self.connection.execute(
                f"DELETE FROM {kind}_tag WHERE {kind}_id = %s AND tag_id IN (SELECT id FROM tag WHERE name = ANY(%s))", (m.ours, gone)
            )
        for name in r["tags"]:
            if name not in ours["tags"]:
                self.connection.execute(f"INSERT INTO {kind}_tag ({kind}_id, tag_id) VALUES (%s, %s)", (m.ours, self._tag(name)))
        arms = r["arms_transfer"]
        theirs_arms = None if arms is None else [
            local("actor", arms["supplier"]), local("actor", arms["recipient"]), arms["category"], arms["item"], arms["quantity"],
            arms["period_start"] and arms["period_start"].isoformat(), arms["period_end"] and arms["period_end"].isoformat(),
        ]  # fmt: skip
        here_arms = ours["arms_transfer"]
        if (None if here_arms is None else list(here_arms.values())) != theirs_arms:
            self.connection.execute(f"DELETE FROM arms_transfer WHERE {kind}_id = %s", (m.ours,))
            if theirs_arms is not None:
                self.connection.execute(
                    f"INSERT INTO arms_transfer ({kind}_id, supplier_id, recipient_id, category, item, quantity, period_start, period_end)"
                    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                    (m.ours, *theirs_arms),
                )

    def _tag(self, name: str) -> int:
        """The tag of that name, made if there is none (after every id in use)."""
        found = self.connection.execute("SELECT id FROM tag WHERE name = %s", (name,)).fetchone()
        if found is not None:
            return int(found[0])
        made = self.connection.execute(
            "INSERT INTO tag (id, name) VALUES ((SELECT coalesce(max(id), 0) + 1 FROM tag), %s) RETURNING id", (name,)
        ).fetchone()
        assert made is not None
        return int(made[0])

    def _verdict_evidence(self, table: str, m: Matched) -> int | None:
        """The source the file's latest history entry into the record's new status cites."""
        entries = [h for h in self.history if h[table] == m.file_id and h["to_status"] == m.record["status"] and h["evidence_source"] is not None]
        if entries:
            latest = max(entries, key=lambda h: (h["changed_at"], h["id"]))
            return self.importer.local_id("source", latest["evidence_source"])
        cited = m.record.get("evidence") or []
        return self.importer.local_id("source", cited[0]["source"]) if cited else None


def _text_time(value: Any) -> str:
    from claimtrack.io.exchange_file import timestamp_text

    return timestamp_text(value)
