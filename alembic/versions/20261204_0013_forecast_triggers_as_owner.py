"""The forecast triggers that a prediction's or a source's change fires run as the owner

Revision ID: 20261204_0013
Revises: 20261204_0012
Create Date: 2026-12-04 19:20:00

20261204_0010's triggers on prediction and source read or write forecast as whoever made the
change: a login that may update predictions but was granted nothing on forecast (the history's
triggers let such a login change a status) was refused "permission denied for table forecast" when
it resolved a prediction, and one that may insert predictions could not, since each new prediction's
first forecast is written for it. They keep the database's rules whoever writes, as the history
triggers of 20261204_0004 do: SECURITY DEFINER, with the search path pinned.
"""

from __future__ import annotations

from alembic import op

revision = "20261204_0013"
down_revision = "20261204_0012"
branch_labels = None
depends_on = None

FUNCTIONS = ("prediction_first_forecast()", "prediction_resolved_after_forecasts()", "source_merge_moves_forecasts()")


def upgrade() -> None:
    for function in FUNCTIONS:
        op.execute(f"ALTER FUNCTION {function} SECURITY DEFINER SET search_path = public, pg_temp")


def downgrade() -> None:
    for function in FUNCTIONS:
        op.execute(f"ALTER FUNCTION {function} SECURITY INVOKER RESET search_path")
