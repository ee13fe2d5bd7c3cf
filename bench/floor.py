"""The floor: a raw COPY of the dataset's rows into a fresh claimtrack schema (same indexes, same
generated columns, same triggers quietened by claimtrack.importing), as fast as PostgreSQL loads."""

from __future__ import annotations

import time

import psycopg

from generate import COLUMNS, Dataset

# Parents before children.
TABLE_ORDER = ["actor", "actor_alias", "source", "tag", "claim", "claim_actor", "claim_tag", "claim_source",
               "prediction", "prediction_actor", "prediction_tag", "arms_transfer", "status_history",
               "forecast", "forecast_evidence"]


def copy_dataset(libpq_url: str, dataset: Dataset) -> dict[str, float]:
    """COPY every table; returns seconds per table and the total (rows generated beforehand)."""
    rows = {table: list(dataset.rows(table)) for table in TABLE_ORDER}
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with psycopg.connect(libpq_url) as connection:
        with connection.transaction():
            connection.execute("SELECT set_config('claimtrack.importing', 'on', true)")
            for table in TABLE_ORDER:
                begun = time.perf_counter()
                columns = ", ".join(COLUMNS[table])
                with connection.cursor().copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows[table]:
                        copy.write_row(row)
                timings[table] = time.perf_counter() - begun
            for table in TABLE_ORDER:
                if "id" in COLUMNS[table]:
                    connection.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce((SELECT max(id) FROM {table}), 1))"
                    )
    timings["total"] = time.perf_counter() - started
    timings["rows"] = float(sum(len(r) for r in rows.values()))
    return timings
