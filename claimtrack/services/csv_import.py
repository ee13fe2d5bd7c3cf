"""CSV in (io.csv_rows): every row a new claim or prediction, its actors, sources and tags named."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import psycopg

from claimtrack.io.named import ClaimSpec, PredictionSpec
from claimtrack.services.named_writer import KindCount, NamedWriter


def import_named(
    connection: psycopg.Connection[Any],
    rows: Iterable[tuple[int, ClaimSpec | PredictionSpec]],
    *,
    name: str,
    recorded_by: str,
    on_chunk: Callable[[int], None] | None = None,
    dry_run: bool = False,
) -> dict[str, KindCount]:
    """Import CSV rows (io.csv_rows): every row becomes a new claim or prediction."""
    writer = NamedWriter(connection, recorded_by=recorded_by, describe=lambda line: f"{name} line {line}")
    for line, spec in rows:
        if isinstance(spec, ClaimSpec):
            writer.add_claim(spec, line)
        else:
            writer.add_prediction(spec, line)
    writer.finish(on_chunk, dry_run=dry_run)
    counts = {"sources": KindCount(created=writer.sources.created), "tags": KindCount(created=writer.tags.created)}
    if writer.claims:
        counts["claims"] = KindCount(created=writer.claims)
    if writer.predictions:
        counts["predictions"] = KindCount(created=writer.predictions)
    return counts
