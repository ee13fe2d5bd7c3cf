"""Write a generated Dataset as a claimtrack NDJSON export (docs/formats.md), for `claimtrack import`."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from generate import COLUMNS, Dataset


def _time(value: datetime) -> str:
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _partial(value: date | None, precision: str | None) -> str | None:
    if value is None or precision is None:
        return None
    return {"year": f"{value.year:04d}", "month": f"{value.year:04d}-{value.month:02d}"}.get(precision, value.isoformat())


def _grouped(dataset: Dataset, table: str) -> dict[int, list[tuple[Any, ...]]]:
    groups: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in dataset.rows(table):
        groups[row[0]].append(row)  # type: ignore[index]
    return groups


def write_ndjson(dataset: Dataset, path: Path) -> dict[str, int]:
    counts = {"actors": 0, "sources": 0, "tags": 0, "claims": 0, "predictions": 0, "forecasts": 0, "history": 0}
    tag_names = {row[0]: row[1] for row in dataset.rows("tag")}
    aliases = _grouped(dataset, "actor_alias")
    arms_by_prediction = {row[1]: row for row in dataset.rows("arms_transfer")}

    def line(record: dict[str, Any]) -> str:
        return json.dumps(record, ensure_ascii=False, separators=(", ", ": ")) + "\n"

    with path.open("w", encoding="utf-8") as out:
        out.write(line({"type": "header", "format": "claimtrack", "format_version": 1, "exported_at": _time(datetime.now(timezone.utc))}))
        for (i, name, kind, code, created) in dataset.rows("actor"):
            out.write(line({"type": "actor", "id": i, "name": name, "kind": kind, "iso_code": code,
                            "aliases": [a[2] for a in aliases.get(i, [])], "created_at": _time(created)}))  # type: ignore[arg-type]
            counts["actors"] += 1
        for row in dataset.rows("source"):
            r = dict(zip(COLUMNS["source"], row))
            out.write(line({"type": "source", "id": r["id"], "kind": r["kind"], "title": r["title"], "url": r["url"],
                            "publisher": r["publisher"], "author": r["author"],
                            "published": _partial(r["published_on"], r["published_precision"]),
                            "reliability": r["reliability"], "notes": r["notes"], "recorded_by": r["recorded_by"],
                            "created_at": _time(r["created_at"])}))
            counts["sources"] += 1
        for name in tag_names.values():
            out.write(line({"type": "tag", "name": name}))
            counts["tags"] += 1
        actors = _grouped(dataset, "claim_actor")
        tags = _grouped(dataset, "claim_tag")
        evidence = _grouped(dataset, "claim_source")
        for row in dataset.rows("claim"):
            r = dict(zip(COLUMNS["claim"], row))
            i = r["id"]
            out.write(line({"type": "claim", "id": i, "statement": r["statement"], "status": r["status"],
                            "credibility": r["credibility"], "claimant": r["claimant_id"],
                            "occurred": _partial(r["occurred_on"], r["occurred_precision"]),
                            "stated": _partial(r["stated_on"], r["stated_precision"]), "recorded_by": r["recorded_by"],
                            "created_at": _time(r["created_at"]), "updated_at": _time(r["updated_at"]),
                            "actors": [{"actor": a[1], "role": a[2]} for a in actors.get(i, [])],
                            "tags": sorted(tag_names[t[1]] for t in tags.get(i, [])),
                            "evidence": [{"source": e[1], "stance": e[2], "excerpt": e[3], "added_by": e[4], "added_at": _time(e[5])} for e in evidence.get(i, [])],
                            "arms_transfer": None}))
            counts["claims"] += 1
        del actors, tags, evidence
        actors = _grouped(dataset, "prediction_actor")
        tags = _grouped(dataset, "prediction_tag")
        for row in dataset.rows("prediction"):
            r = dict(zip(COLUMNS["prediction"], row))
            i = r["id"]
            arms = arms_by_prediction.get(i)
            out.write(line({"type": "prediction", "id": i, "statement": r["statement"],
                            "predictor_actor": r["predictor_actor_id"], "predictor_source": r["predictor_source_id"],
                            "made": _partial(r["made_on"], r["made_precision"]), "resolve_by": r["resolve_by"].isoformat(),
                            "probability": r["probability"], "likelihood": r["likelihood"], "confidence": r["confidence"],
                            "criteria": r["criteria"], "status": r["status"],
                            "resolved_on": r["resolved_on"].isoformat() if r["resolved_on"] else None,
                            "resolution_note": r["resolution_note"], "evidence_source": r["evidence_source_id"],
                            "claim": r["claim_id"], "recorded_by": r["recorded_by"],
                            "created_at": _time(r["created_at"]), "updated_at": _time(r["updated_at"]),
                            "actors": [{"actor": a[1], "role": a[2]} for a in actors.get(i, [])],
                            "tags": sorted(tag_names[t[1]] for t in tags.get(i, [])),
                            "arms_transfer": None if arms is None else {
                                "supplier": arms[3], "recipient": arms[4], "category": arms[5], "item": arms[6],
                                "quantity": arms[7], "period_start": None, "period_end": None}}))
            counts["predictions"] += 1
        del actors, tags
        # The later forecasts: a prediction's first is its own columns, which the import writes again.
        for row, cited in dataset._forecasts():
            r = dict(zip(COLUMNS["forecast"], row))
            out.write(line({"type": "forecast", "prediction": r["prediction_id"], "forecaster_actor": r["actor_id"],
                            "forecaster_source": r["source_id"], "probability": r["probability"], "likelihood": r["likelihood"],
                            "confidence": r["confidence"], "made": _partial(r["made_on"], r["made_precision"]),
                            "note": r["note"], "recorded_by": r["recorded_by"], "created_at": _time(r["created_at"]),
                            "evidence": [{"source": source} if source is not None else {"claim": claim} for source, claim in cited]}))
            counts["forecasts"] += 1
        for row in dataset.rows("status_history"):
            r = dict(zip(COLUMNS["status_history"], row))
            out.write(line({"type": "history", "id": r["id"], "claim": r["claim_id"], "prediction": r["prediction_id"],
                            "from_status": r["from_status"], "to_status": r["to_status"],
                            "changed_at": _time(r["changed_at"]), "effective_on": r["effective_on"].isoformat(),
                            "changed_by": r["changed_by"], "reason": r["reason"], "evidence_source": r["evidence_source_id"]}))
            counts["history"] += 1
        out.write(line({"type": "end", "counts": counts}))
    return counts
