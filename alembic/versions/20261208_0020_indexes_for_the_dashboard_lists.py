"""Three indexes for the lists the dashboard pages through at a million claims

Revision ID: 20261208_0020
Revises: 20261208_0019
Create Date: 2026-12-08 01:20:00

Measured on bench/web.py's database of 1,000,000 claims (docs/BENCHMARKS.md, "The web dashboard at
1,000,000 claims"), each tried there before it was written here:
- ix_claim_stated: the claims recorded after a day but stated by then, which `claim list --as-of`
  and /claims?as_of= merge with those recorded by then, were found by passing over every claim
  recorded since (334 / 393 ms); read by their statement's date they took 21 / 24 ms.
- ix_claim_actor_actor_claim replaces ix_claim_actor_actor_id: with the claim beside the actor, an
  actor's claims are counted from the index alone (the actors page holding the most linked actor,
  on 309,889 claims: 168 / 173 ms, then 44 / 48).
- ix_prediction_resolved_resolve_by: the resolved predictions in deadline order, as the open ones
  have theirs (ix_prediction_open_resolve_by): /predictions?view=resolved as of a day, 206 / 217 ms,
  then 18 / 19.
"""

from __future__ import annotations

from alembic import op

revision = "20261208_0020"
down_revision = "20261208_0019"
branch_labels = None
depends_on = None

UPGRADE = r"""
CREATE INDEX ix_claim_stated ON claim (stated_on, created_at) WHERE stated_on IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX ix_claim_actor_actor_claim ON claim_actor (actor_id, claim_id);
DROP INDEX ix_claim_actor_actor_id;
CREATE INDEX ix_prediction_resolved_resolve_by ON prediction (resolve_by, id) WHERE status <> 'open';
"""

DOWNGRADE = r"""
DROP INDEX ix_prediction_resolved_resolve_by;
CREATE INDEX ix_claim_actor_actor_id ON claim_actor (actor_id);
DROP INDEX ix_claim_actor_actor_claim;
DROP INDEX ix_claim_stated;
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)
