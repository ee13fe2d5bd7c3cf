"""The schema, as SQLAlchemy 2.x typed models. Migrations in alembic/versions freeze it.

Invariants are CHECK constraints and foreign keys here, and triggers in the migrations (status
transitions, history written by the database, append-only history).

One module per subject (records, predictions, history, forecasts, identity) on one Base;
importing this package defines every table on Base.metadata, which alembic/env.py reads.
"""

from __future__ import annotations

from claimtrack.db.models.base import NAMING_CONVENTION, Base
from claimtrack.db.models.forecasts import Forecast, ForecastEvidence
from claimtrack.db.models.history import RecordChange, StatusHistory
from claimtrack.db.models.identity import DatabaseIdentity, SyncBase
from claimtrack.db.models.predictions import (
    ArmsTransfer,
    Prediction,
    PredictionActor,
    PredictionTag,
)
from claimtrack.db.models.records import (
    Actor,
    ActorAlias,
    Claim,
    ClaimActor,
    ClaimSource,
    ClaimTag,
    Source,
    Tag,
)

__all__ = [
    "NAMING_CONVENTION",
    "Actor",
    "ActorAlias",
    "ArmsTransfer",
    "Base",
    "Claim",
    "ClaimActor",
    "ClaimSource",
    "ClaimTag",
    "DatabaseIdentity",
    "Forecast",
    "ForecastEvidence",
    "Prediction",
    "PredictionActor",
    "PredictionTag",
    "RecordChange",
    "Source",
    "StatusHistory",
    "SyncBase",
    "Tag",
]
