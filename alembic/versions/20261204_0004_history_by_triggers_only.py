"""The status history is written by the database's triggers only, with the login that made each change: no setting skips it, no role forges it

Revision ID: 20261204_0004
Revises: 20261127_0003
Create Date: 2026-12-04 03:30:00

Until this revision any session could `SET LOCAL claimtrack.importing = on` and change a status
with no history row, and any role holding INSERT on status_history could write a row with any
author and date. Now:
- The history triggers run as the owner of the tables (SECURITY DEFINER, with a fixed search_path),
  so a role that may change a status needs no privilege on status_history at all, and none is
  granted: only the owner can write to it.
- claimtrack.importing (the import's fast path: it brings the original history rows with it) is
  honoured only when the session's login is the owner of status_history, or a member of it (a
  superuser is a member of every role). session_user is the login: SET ROLE cannot change it,
  and only a superuser can SET SESSION AUTHORIZATION.
- Each history row keeps the database login that made the change (changed_login = session_user,
  set by the trigger) beside the --as name (changed_by), so attribution cannot be forged by a flag.
  Rows written before this revision have none (NULL: not known).
- An INSERT (or COPY) into status_history by anything but a trigger (pg_trigger_depth() = 1 in its
  own BEFORE INSERT statement trigger) is refused, the owner's import excepted. A statement trigger
  asks once per statement, so an import's COPY of a million history rows pays for one question.
  The owner can still disable triggers: SECURITY.md says so.
"""

from __future__ import annotations

from alembic import op

revision = "20261204_0004"
down_revision = "20261127_0003"
branch_labels = None
depends_on = None

UPGRADE = r"""
ALTER TABLE status_history ADD COLUMN changed_login text;

CREATE FUNCTION claimtrack_importing() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT coalesce(claimtrack_setting('importing') = 'on', false)
       AND pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = 'public.status_history'::regclass), 'MEMBER')
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

CREATE FUNCTION status_history_written_by_triggers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF pg_trigger_depth() > 1 OR claimtrack_importing() THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'status_history is written by the database''s own triggers only: change the claim''s or prediction''s status instead'
        USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'tr_status_history_by_triggers_only';
END
$$;
-- Once per statement (a COPY of a million rows asks once), before any row is written.
CREATE TRIGGER status_history_by_triggers_only BEFORE INSERT ON status_history
    FOR EACH STATEMENT EXECUTE FUNCTION status_history_written_by_triggers();

REVOKE ALL ON status_history FROM PUBLIC;
REVOKE ALL ON FUNCTION claim_status_history() FROM PUBLIC;
REVOKE ALL ON FUNCTION prediction_status_history() FROM PUBLIC;
"""

# What 20261127_0001 created, as it created it.
DOWNGRADE = r"""
DROP TRIGGER status_history_by_triggers_only ON status_history;
DROP FUNCTION status_history_written_by_triggers();

CREATE OR REPLACE FUNCTION claim_status_history() RETURNS trigger LANGUAGE plpgsql SECURITY INVOKER AS $$
BEGIN
    IF claimtrack_setting('importing') = 'on' THEN
        RETURN NULL;  -- an import brings the original history rows with it
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status THEN
        RETURN NULL;
    END IF;
    INSERT INTO status_history (claim_id, from_status, to_status, changed_by, reason, evidence_source_id)
    VALUES (
        NEW.id,
        CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END,
        NEW.status,
        coalesce(claimtrack_setting('actor'), CASE WHEN TG_OP = 'INSERT' THEN NEW.recorded_by END, session_user),
        claimtrack_setting('reason'),
        claimtrack_setting('evidence_source_id')::bigint
    );
    RETURN NULL;
END
$$;
ALTER FUNCTION claim_status_history() RESET search_path;

CREATE OR REPLACE FUNCTION prediction_status_history() RETURNS trigger LANGUAGE plpgsql SECURITY INVOKER AS $$
BEGIN
    IF claimtrack_setting('importing') = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' AND NEW.status <> 'open' THEN
        -- Recorded already resolved: it was open from the day it was made until it was resolved.
        INSERT INTO status_history (prediction_id, from_status, to_status, changed_by, effective_on)
        VALUES (NEW.id, NULL, 'open', coalesce(claimtrack_setting('actor'), NEW.recorded_by, session_user), NEW.made_on);
    END IF;
    INSERT INTO status_history
        (prediction_id, from_status, to_status, changed_by, reason, evidence_source_id, effective_on)
    VALUES (
        NEW.id,
        CASE WHEN TG_OP = 'UPDATE' THEN OLD.status WHEN NEW.status <> 'open' THEN 'open' END,
        NEW.status,
        coalesce(claimtrack_setting('actor'), CASE WHEN TG_OP = 'INSERT' THEN NEW.recorded_by END, session_user),
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
ALTER FUNCTION prediction_status_history() RESET search_path;
GRANT EXECUTE ON FUNCTION claim_status_history() TO PUBLIC;
GRANT EXECUTE ON FUNCTION prediction_status_history() TO PUBLIC;

DROP FUNCTION claimtrack_importing();
ALTER TABLE status_history DROP COLUMN changed_login;
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)
