"""recent_changes shows the database login of each change beside the --as name

Revision ID: 20261204_0006
Revises: 20261204_0005
Create Date: 2026-12-04 04:40:00

20261204_0004 keeps each change's login (status_history.changed_login); the report of changes
now shows it as `login`, after the columns it had (CREATE OR REPLACE VIEW adds columns only at the
end). NULL for changes recorded before logins were kept. The downgrade drops the view and makes it
again as 20261127_0002 left it: grants on it made by hand (not by default privileges) are lost.
"""

from __future__ import annotations

from alembic import op

revision = "20261204_0006"
down_revision = "20261204_0005"
branch_labels = None
depends_on = None

UPGRADE = r"""
CREATE OR REPLACE VIEW reporting.recent_changes AS
SELECT
    h.changed_at,
    CASE WHEN h.claim_id IS NOT NULL THEN 'claim' ELSE 'prediction' END AS kind,
    coalesce(h.claim_id, h.prediction_id) AS record_id,
    coalesce(c.statement, o.statement) AS statement,
    h.from_status,
    h.to_status,
    h.changed_by,
    h.reason,
    e.title AS evidence,
    h.effective_on,
    CASE WHEN h.claim_id IS NOT NULL
        THEN ARRAY(SELECT DISTINCT x.actor FROM reporting.claim_actors x WHERE x.claim_id = h.claim_id ORDER BY x.actor)
        ELSE o.actors END AS actors,
    CASE WHEN h.claim_id IS NOT NULL
        THEN ARRAY(SELECT t.name FROM claim_tag ct JOIN tag t ON t.id = ct.tag_id
                   WHERE ct.claim_id = h.claim_id ORDER BY t.name)
        ELSE o.tags END AS tags,
    h.evidence_source_id,
    h.id AS change_id,
    h.changed_login AS login
FROM status_history h
LEFT JOIN claim c ON c.id = h.claim_id
LEFT JOIN reporting.prediction_outcomes o ON o.prediction_id = h.prediction_id
LEFT JOIN source e ON e.id = h.evidence_source_id;COMMENT ON COLUMN reporting.recent_changes.login IS 'The database login that made the change (changed_by is the name given with --as); NULL before logins were kept.';
"""

DOWNGRADE = r"""
DROP VIEW reporting.recent_changes;
CREATE VIEW reporting.recent_changes AS
SELECT
    h.changed_at,
    CASE WHEN h.claim_id IS NOT NULL THEN 'claim' ELSE 'prediction' END AS kind,
    coalesce(h.claim_id, h.prediction_id) AS record_id,
    coalesce(c.statement, o.statement) AS statement,
    h.from_status,
    h.to_status,
    h.changed_by,
    h.reason,
    e.title AS evidence,
    h.effective_on,
    CASE WHEN h.claim_id IS NOT NULL
        THEN ARRAY(SELECT DISTINCT x.actor FROM reporting.claim_actors x WHERE x.claim_id = h.claim_id ORDER BY x.actor)
        ELSE o.actors END AS actors,
    CASE WHEN h.claim_id IS NOT NULL
        THEN ARRAY(SELECT t.name FROM claim_tag ct JOIN tag t ON t.id = ct.tag_id
                   WHERE ct.claim_id = h.claim_id ORDER BY t.name)
        ELSE o.tags END AS tags,
    h.evidence_source_id,
    h.id AS change_id
FROM status_history h
LEFT JOIN claim c ON c.id = h.claim_id
LEFT JOIN reporting.prediction_outcomes o ON o.prediction_id = h.prediction_id
LEFT JOIN source e ON e.id = h.evidence_source_id;
COMMENT ON VIEW reporting.recent_changes IS 'Every status change of a claim or prediction, from the history the database keeps: when, what, from and to, who, why, and the evidence''s title. Newest first: ORDER BY changed_at DESC, change_id DESC.';
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)
