"""CSV files of claims or of predictions, one per row, with a header naming the columns.

A file whose header has a `resolve_by` column holds predictions; otherwise claims. Actors are
named by name, alias or ISO code (several separated by ";", each NAME or NAME:ROLE), tags are
separated by ";", sources are URLs. docs/formats.md lists every column.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import date

from claimtrack import domain
from claimtrack.domain.arms import ARMS_FIELDS, ArmsTransfer
from claimtrack.io.fields import Fields, InvalidRecord
from claimtrack.io.named import (
    CLAIM_FIELDS,
    EVIDENCE_FIELDS,
    PREDICTION_FIELDS,
    ClaimSpec,
    PredictionSpec,
    parse_arms,
    parse_claim,
    parse_evidence,
    parse_prediction,
    parse_resolution,
)

CLAIM_COLUMNS = (*CLAIM_FIELDS, *EVIDENCE_FIELDS, *ARMS_FIELDS)
PREDICTION_COLUMNS = (*PREDICTION_FIELDS, *ARMS_FIELDS, "status", "resolved_on", "evidence", "note")
# A claim's verdict needs its evidence recorded with the change: use `claimtrack claim set-status`.
CSV_CLAIM_STATUSES = tuple(s for s in domain.CLAIM_STATUSES if s not in domain.CLAIM_VERDICTS)


def read_csv(lines: Iterable[str], name: str, *, today: date) -> tuple[str, Iterator[tuple[int, ClaimSpec | PredictionSpec]]]:
    """("claims" or "predictions", the rows as (line, spec)); the header is checked at once.
    `lines` are the file's (io.fields.bounded_lines: none of them endless)."""
    reader = csv.reader(lines, strict=True)
    try:
        header = [column.strip().lower() for column in next(reader)]
    except StopIteration:
        raise InvalidRecord(f"{name}: the file is empty; a CSV import starts with a header line.") from None
    except csv.Error as error:
        raise InvalidRecord(f"{name} line 1: not valid CSV ({error}).") from None
    kind = "predictions" if "resolve_by" in header else "claims"
    allowed = PREDICTION_COLUMNS if kind == "predictions" else CLAIM_COLUMNS
    for column in header:
        if column not in allowed:
            raise InvalidRecord(f"{name} line 1: column \"{column}\" is unknown for {kind}; the columns are: {', '.join(allowed)}.")
    if "statement" not in header:
        raise InvalidRecord(f"{name} line 1: the header has no \"statement\" column; every row needs its statement.")
    if len(set(header)) != len(header):
        raise InvalidRecord(f"{name} line 1: a column appears twice in the header.")
    return kind, _rows(reader, header, name, kind, today)


def _rows(reader: Iterator[list[str]], header: list[str], name: str, kind: str, today: date) -> Iterator[tuple[int, ClaimSpec | PredictionSpec]]:
    line = reader.line_num  # type: ignore[attr-defined]
    while True:
        start = line + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise InvalidRecord(f"{name} line {start}: not valid CSV ({error}); the file may be truncated.") from None
        line = reader.line_num  # type: ignore[attr-defined]
        if not any(v.strip() for v in values):
            continue
        where = f"{name} line {start}"
        if len(values) != len(header):
            raise InvalidRecord(f"{where}: has {len(values)} fields but the header has {len(header)}; the row is cut short or has extra commas.")
        fields = Fields(dict(zip(header, values)), where)
        yield start, _claim(fields) if kind == "claims" else _prediction(fields, today)


def _arms(fields: Fields) -> ArmsTransfer | None:
    """A row's arms transfer, in the columns ARMS_FIELDS name, if any of them is filled in."""
    if any(fields.raw(column) is not None for column in ARMS_FIELDS):
        return parse_arms(fields)
    return None


def _claim(fields: Fields) -> ClaimSpec:
    if fields.raw("status") in domain.CLAIM_VERDICTS:
        fields.fail("status", f'"{fields.raw("status")}" needs its evidence recorded with the change; import the claim '
                    "unverified, then: claimtrack claim set-status ID STATUS --reason TEXT --evidence SOURCE")
    fields.choice("status", CSV_CLAIM_STATUSES)
    evidence = [parse_evidence(fields, "")] if fields.raw("source") is not None else []
    if not evidence and (fields.raw("stance") is not None or fields.raw("excerpt") is not None):
        fields.fail("source", "is empty but stance or excerpt is given; give the source's URL.")
    return parse_claim(fields, evidence=evidence, arms=_arms(fields), arms_field="")


def _prediction(fields: Fields, today: date) -> PredictionSpec:
    resolution = parse_resolution(fields, "", today=today)
    return parse_prediction(
        fields, today=today, arms=_arms(fields), arms_field="", resolution=resolution, claim=fields.integer("claim")
    )
