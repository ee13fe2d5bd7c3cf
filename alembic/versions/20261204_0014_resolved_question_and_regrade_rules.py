"""A resolved prediction's question is frozen, and a regrade needs a reason, whoever writes

Revision ID: 20261204_0014
Revises: 20261204_0013
Create Date: 2026-12-04 19:50:00

`prediction edit` refuses to change what a resolved prediction asked (its statement, criteria,
deadline, made-on date and estimate: what was scored), and `source edit` refuses a regrade without
a reason; until now only claimtrack said so, and an UPDATE from psql did either quietly. The
database now refuses them too, as it refuses a claim's status change without a reason:
- prediction_question_frozen: on a prediction that is resolved before and after the update, those
  columns do not change (reopen it first). Its predictor, its claim and its resolution are left to
  the rules that govern them (a merge moves a predictor or a claim; prediction_status_guard keeps
  the resolution).
- source_regrade_reason: a change of a source's reliability needs claimtrack.reason in the same
  transaction; the record of changes keeps it.
The owner's import (claimtrack_importing(), 20261204_0004) brings records as another database
holds them and is let through, as it is by the history triggers.
"""

from __future__ import annotations

from alembic import op

revision = "20261204_0014"
down_revision = "20261204_0013"
branch_labels = None
depends_on = None

UPGRADE = r"""
CREATE FUNCTION prediction_question_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF claimtrack_importing() THEN
        RETURN NEW;
    END IF;
    IF (NEW.statement, NEW.criteria, NEW.resolve_by, NEW.resolve_by_precision, NEW.made_on, NEW.made_precision,
        NEW.probability, NEW.likelihood, NEW.confidence)
       IS DISTINCT FROM
       (OLD.statement, OLD.criteria, OLD.resolve_by, OLD.resolve_by_precision, OLD.made_on, OLD.made_precision,
        OLD.probability, OLD.likelihood, OLD.confidence) THEN
        RAISE EXCEPTION 'prediction % is %; what it asked was scored and changes only once it is reopened', OLD.id, OLD.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'tr_prediction_question_frozen';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER prediction_question_frozen BEFORE UPDATE ON prediction
    FOR EACH ROW WHEN (OLD.status <> 'open' AND NEW.status = OLD.status)
    EXECUTE FUNCTION prediction_question_frozen();

CREATE FUNCTION source_regrade_reason() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF claimtrack_setting('reason') IS NULL AND NOT claimtrack_importing() THEN
        RAISE EXCEPTION 'regrading source % from % to % needs a reason', OLD.id, OLD.reliability, NEW.reliability
            USING ERRCODE = 'check_violation', CONSTRAINT = 'tr_source_regrade_reason',
                  HINT = 'SET LOCAL claimtrack.reason = ''...'' in the same transaction.';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER source_regrade_reason BEFORE UPDATE OF reliability ON source
    FOR EACH ROW WHEN (NEW.reliability IS DISTINCT FROM OLD.reliability)
    EXECUTE FUNCTION source_regrade_reason();
"""

DOWNGRADE = r"""
DROP TRIGGER source_regrade_reason ON source;
DROP FUNCTION source_regrade_reason();
DROP TRIGGER prediction_question_frozen ON prediction;
DROP FUNCTION prediction_question_frozen();
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)
