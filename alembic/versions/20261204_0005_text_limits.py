"""Text limits in the database: every text column holds at most what claimtrack's domain allows, so psql cannot store what an export could not restore

Revision ID: 20261204_0005
Revises: 20261204_0004
Create Date: 2026-12-04 04:20:00

The domain's table of limits (claimtrack/domain.py, TEXT_LIMITS) is checked by every way into
claimtrack; these CHECKs hold the same limits for any other client. The numbers are written out
here, as they were when this revision shipped: a later change of a limit is a new revision.
A URL is limited in UTF-8 bytes as well, to what its unique btree index can hold (2,692 bytes of
text measured; 2,600 kept). Adding a CHECK validates the rows already there: an older database
holding a longer value fails this upgrade, naming the constraint; shorten the value, then upgrade.
"""

from __future__ import annotations

from alembic import op

revision = "20261204_0005"
down_revision = "20261204_0004"
branch_labels = None
depends_on = None

# (table, constraint, condition)
LIMITS = (
    ("source", "ck_source_url_length", "length(url) <= 2000 AND octet_length(url) <= 2600"),
    ("source", "ck_source_publisher_length", "length(publisher) <= 500"),
    ("source", "ck_source_author_length", "length(author) <= 1000"),
    ("source", "ck_source_notes_length", "length(notes) <= 20000"),
    ("source", "ck_source_recorded_by_length", "length(recorded_by) <= 300"),
    ("claim", "ck_claim_recorded_by_length", "length(recorded_by) <= 300"),
    ("claim_source", "ck_claim_source_added_by_length", "length(added_by) <= 300"),
    ("prediction", "ck_prediction_recorded_by_length", "length(recorded_by) <= 300"),
    ("status_history", "ck_status_history_changed_by_length", "length(changed_by) <= 300"),
    ("status_history", "ck_status_history_reason_length", "length(reason) <= 20000"),
)


def upgrade() -> None:
    for table, name, condition in LIMITS:
        op.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} CHECK ({condition})")


def downgrade() -> None:
    for table, name, _ in reversed(LIMITS):
        op.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
