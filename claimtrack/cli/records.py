"""How each kind of record is shown (`show`, and what `add` and `edit` print with --format json):
its fields, then its sections, for cli.output.render. One place for the commands that show a
record and those that correct it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claimtrack.cli.output import Record, Rows

if TYPE_CHECKING:
    from claimtrack.domain import PartialDate
    from claimtrack.services.prediction_reading import PredictionDetail


def _as_of(title: str, as_of: PartialDate | None) -> str:
    return title + (f" as of {as_of}" if as_of is not None else "")


def claim_record(detail: Any, as_of: PartialDate | None = None) -> Record:
    from claimtrack.domain.arms import ArmsTransfer
    from claimtrack.services.claim_reading import (
        ClaimActorRole,
        ClaimEvidence,
        ClaimHistory,
    )
    from claimtrack.services.record_changes import ChangeEntry

    sections = {
        "actors": ClaimActorRole, "sources": ClaimEvidence, "arms_transfer": ArmsTransfer, "history": ClaimHistory,
        "changes": ChangeEntry,
    }
    return Record.of(detail, title=_as_of(f"claim {detail.id}", as_of), sections=sections)


# `prediction show` gives an expected transfer without its period, as it always has (docs/json-predictions.md).
_SHOWN_ARMS_FIELDS = ("supplier", "recipient", "category", "item", "quantity")


def prediction_record(detail: PredictionDetail, as_of: PartialDate | None = None) -> Record:
    from claimtrack.domain.arms import ArmsTransfer
    from claimtrack.services.forecasts import ForecastEntry
    from claimtrack.services.history import HistoryEntry
    from claimtrack.services.prediction_reading import EvidenceCited
    from claimtrack.services.record_changes import ChangeEntry

    sections = {
        "arms_transfer": ArmsTransfer, "evidence": EvidenceCited, "history": HistoryEntry, "changes": ChangeEntry,
        "forecasts": ForecastEntry,
    }
    record = Record.of(detail, _as_of(f"prediction {detail.id}", as_of), sections=sections)
    record.sections["arms_transfer"] = Rows(
        _SHOWN_ARMS_FIELDS, [[getattr(t, name) for name in _SHOWN_ARMS_FIELDS] for t in detail.arms_transfer]
    )
    return record


def source_record(detail: Any) -> Record:
    from claimtrack.services.record_changes import ChangeEntry
    from claimtrack.services.sources import SourceClaim

    return Record.of(detail, title=f"source {detail.id}", sections={"recent_claims": SourceClaim, "changes": ChangeEntry})


def actor_record(detail: Any) -> Record:
    from claimtrack.services.actors import ActorClaim
    from claimtrack.services.record_changes import ChangeEntry

    return Record.of(detail, title=f"actor {detail.id}", sections={"recent_claims": ActorClaim, "changes": ChangeEntry})
