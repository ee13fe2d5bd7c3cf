"""A status change takes effect on the day given (--on), and the changes of every record are a report

Revision ID: 20261204_0008
Revises: 20261204_0007
Create Date: 2026-12-04 15:10:00

- claim set-status and prediction reopen take --on DATE, as confirm, refute and annul have it: the
  history triggers take the effective date from claimtrack.effective_on (a transaction-local
  setting, as the reason is), else today; a day after today is refused by the database, whoever
  sets it. The service checks the rest (not before the record was stated or made, not before its
  last change), as it does for resolutions. The functions are 20261204_0004's but for that date.
- A new claim's first status takes effect on the day it was stated (its stated_on; the day it is
  recorded when it has none), as a prediction's does on its made-on date, so that --as-of shows a
  claim recorded after the fact from when it was said. Rows written before stay as they are.
- reporting.record_changes: record_change (20261204_0007) for readers, newest first by the
  registry, with the record's statement, title or name and the change in a few words ("deadline
  moved from 2024-12-31 to 2025-06-30", "deleted", "merged into claim 4", "changed statement").
"""

from __future__ import annotations

from alembic import op

revision = "20261204_0008"
down_revision = "20261204_0007"
branch_labels = None
depends_on = None

UPGRADE = r"""
CREATE FUNCTION claimtrack_effective_on() RETURNS date LANGUAGE plpgsql STABLE AS $$
DECLARE
    given date := claimtrack_setting('effective_on')::date;
BEGIN
    IF given IS NULL THEN
        RETURN current_date;
    END IF;
    IF given > current_date THEN
        RAISE EXCEPTION 'a status change cannot take effect on %, after today (%)', given, current_date
            USING ERRCODE = 'check_violation', CONSTRAINT = 'tr_status_effective_not_future';
    END IF;
    RETURN given;
END
$$;

CREATE OR REPLACE FUNCTION claim_status_history() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF claimtrack_importing() THEN
        RETURN NULL;  -- the owner's import brings the original history rows with it
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status THEN
        RETURN NULL;
    END IF;
    INSERT INTO status_history (claim_id, from_status, to_status, changed_by, changed_login, reason, evidence_source_id, effective_on)
    VALUES (
        NEW.id,
        CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END,
        NEW.status,
        coalesce(claimtrack_setting('actor'), CASE WHEN TG_OP = 'INSERT' THEN NEW.recorded_by END, session_user),
        session_user,
        claimtrack_setting('reason'),
        claimtrack_setting('evidence_source_id')::bigint,
        -- A claim is on the record from the day it was stated, as a prediction is from the day it
        -- was made: a claim recorded after the fact reads at --as-of as it stood then.
        CASE WHEN TG_OP = 'INSERT' THEN least(coalesce(NEW.stated_on, current_date), current_date) ELSE claimtrack_effective_on() END
    );
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION prediction_status_history() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF claimtrack_importing() THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' AND NEW.status <> 'open' THEN
        -- Recorded already resolved: it was open from the day it was made until it was resolved.
        INSERT INTO status_history (prediction_id, from_status, to_status, changed_by, changed_login, effective_on)
        VALUES (NEW.id, NULL, 'open', coalesce(claimtrack_setting('actor'), NEW.recorded_by, session_user), session_user, NEW.made_on);
    END IF;
    INSERT INTO status_history
        (prediction_id, from_status, to_status, changed_by, changed_login, reason, evidence_source_id, effective_on)
    VALUES (
        NEW.id,
        CASE WHEN TG_OP = 'UPDATE' THEN OLD.status WHEN NEW.status <> 'open' THEN 'open' END,
        NEW.status,
        coalesce(claimtrack_setting('actor'), CASE WHEN TG_OP = 'INSERT' THEN NEW.recorded_by END, session_user),
        session_user,
        coalesce(claimtrack_setting('reason'), NEW.resolution_note),
        NEW.evidence_source_id,
        CASE
            WHEN TG_OP = 'INSERT' THEN coalesce(NEW.resolved_on, NEW.made_on)
            WHEN NEW.status = 'open' THEN claimtrack_effective_on()
            ELSE NEW.resolved_on
        END
    );
    RETURN NULL;
END
$$;

CREATE VIEW reporting.record_changes AS
SELECT
    c.changed_at,
    c.record_table AS kind,
    c.record_id,
    CASE c.record_table
        WHEN 'claim' THEN (SELECT r.statement FROM claim r WHERE r.id = c.record_id)
        WHEN 'prediction' THEN (SELECT r.statement FROM prediction r WHERE r.id = c.record_id)
        WHEN 'source' THEN (SELECT r.title FROM source r WHERE r.id = c.record_id)
        WHEN 'actor' THEN (SELECT r.name FROM actor r WHERE r.id = c.record_id)
        WHEN 'tag' THEN (SELECT r.name FROM tag r WHERE r.id = c.record_id)
    END AS record,
    CASE
        WHEN c.table_name <> c.record_table THEN c.table_name || CASE c.operation WHEN 'insert' THEN ' added' WHEN 'delete' THEN ' removed' ELSE ' changed' END
        WHEN c.operation = 'delete' THEN 'erased'
        WHEN c.new_values ->> 'merged_into_id' IS NOT NULL THEN 'merged into ' || c.record_table || ' ' || (c.new_values ->> 'merged_into_id')
        WHEN c.new_values ? 'deleted_at' THEN CASE WHEN c.new_values ->> 'deleted_at' IS NULL THEN 'restored' ELSE 'deleted' END
        WHEN c.new_values ? 'resolve_by' THEN 'deadline moved from ' || (c.old_values ->> 'resolve_by') || ' to ' || (c.new_values ->> 'resolve_by')
        ELSE 'changed ' || array_to_string(ARRAY(SELECT jsonb_object_keys(c.old_values) ORDER BY 1), ', ')
    END AS change,
    c.linked,
    c.old_values,
    c.new_values,
    c.changed_by,
    c.reason,
    c.changed_login AS login,
    c.id AS change_id
FROM record_change c;
COMMENT ON VIEW reporting.record_changes IS 'Every correction of a record or link (record_change), with the fields'' old and new values, who (the --as name and the login), when and why.';
"""

DOWNGRADE = r"""
DROP VIEW reporting.record_changes;

CREATE OR REPLACE FUNCTION claim_status_history() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF claimtrack_importing() THEN
        RETURN NULL;  -- the owner's import brings the original history rows with it
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status THEN
        RETURN NULL;
    END IF;
    INSERT INTO status_history (claim_id, from_status, to_status, changed_by, changed_login, reason, evidence_source_id)
    VALUES (
        NEW.id,
        CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END,
        NEW.status,
        coalesce(claimtrack_setting('actor'), CASE WHEN TG_OP = 'INSERT' THEN NEW.recorded_by END, session_user),
        session_user,
        claimtrack_setting('reason'),
        claimtrack_setting('evidence_source_id')::bigint
    );
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION prediction_status_history() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF claimtrack_importing() THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' AND NEW.status <> 'open' THEN
        -- Recorded already resolved: it was open from the day it was made until it was resolved.
        INSERT INTO status_history (prediction_id, from_status, to_status, changed_by, changed_login, effective_on)
        VALUES (NEW.id, NULL, 'open', coalesce(claimtrack_setting('actor'), NEW.recorded_by, session_user), session_user, NEW.made_on);
    END IF;
    INSERT INTO status_history
        (prediction_id, from_status, to_status, changed_by, changed_login, reason, evidence_source_id, effective_on)
    VALUES (
        NEW.id,
        CASE WHEN TG_OP = 'UPDATE' THEN OLD.status WHEN NEW.status <> 'open' THEN 'open' END,
        NEW.status,
        coalesce(claimtrack_setting('actor'), CASE WHEN TG_OP = 'INSERT' THEN NEW.recorded_by END, session_user),
        session_user,
        coalesce(claimtrack_setting('reason'), NEW.resolution_note),
        NEW.evidence_source_id,
        CASE
            WHEN TG_OP = 'INSERT' THEN coalesce(NEW.resolved_on, NEW.made_on)
            WHEN NEW.status = 'open' THEN current_date
            ELSE NEW.resolved_on
        END
    );
    RETURN NULL;
END
$$;

DROP FUNCTION claimtrack_effective_on();
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)
