"""Report summaries: totals kept current by triggers, so every report answers in milliseconds at a million claims

Revision ID: 20261127_0003
Revises: 20261127_0002
Create Date: 2026-11-27 22:30:00

The views of 20261127_0002 aggregated every claim and prediction on each read (up to 12 s at
1,000,000 claims). This revision keeps their totals in tables of a private schema,
`reporting_summary`, and rewrites the aggregate views to read them. The views keep their names,
columns, types and meaning; a reader role still sees `reporting` and nothing else.

How the totals stay right:
- Statement-level AFTER triggers with transition tables, one per table and event, so that a COPY
  of a million rows runs each of them once. Each adds signed deltas (+1 for a new row, -1 for an
  old one; an UPDATE takes its old rows out and puts its new rows in, and rows it did not change
  in a way that matters cancel out) with INSERT ... ON CONFLICT DO UPDATE, in key order, and the
  triggers touch the summary tables always in the order they are created in below: two writers on
  the same totals queue rather than deadlock.
- Sums of scores are numeric (each float8 term cast as a float8 is cast to numeric), so putting a
  prediction in and taking it out again leaves exactly what was there: the totals never drift.
- A total that joins two tables (a source's confirmed claims: claim_source and claim) stays right
  under concurrent READ COMMITTED writers because a trigger that changes a claim's or prediction's
  links first locks that claim or prediction (FOR NO KEY UPDATE, in id order; rows this
  transaction wrote need no lock: nobody else sees them). A status change and a new link on the
  same claim then take turns, and whichever comes second reads what the first committed. A
  prediction's trigger locks its predictor source (FOR SHARE), so a change of publisher waits.
- Counting a claim once per publisher, and a pair of actors once per claim, needs a claim's links
  before and after the statement: after is read from the table, before is after minus what the
  transition tables added plus what they removed.
- Deleting a claim or prediction deletes its links first (a BEFORE DELETE row trigger), so their
  triggers still see the status and dates they take back. Deletes are rare: a claim or
  prediction with history cannot be deleted at all.
- The triggers' SQL runs through EXECUTE, so it is planned for the rows at hand: a plan cached
  for one row would crawl through a million, and a plan made for a million would scan whole
  tables for one.
- TRUNCATE of any of these tables rebuilds every total (reporting_summary.rebuild(), also the
  backfill below). `SELECT reporting_summary.rebuild()` does it by hand, should a total be doubted.

What cannot be stored is computed when read, from indexes: "overdue" and "due within 30 days"
depend on today (the partial index on open predictions' deadlines now also holds the predictor).

A claim without an occurred or stated date counts in the actor timeline in the month it was
recorded in UTC (before: in the reading session's time zone; a stored total cannot depend on who
reads it).

How to read the SQL below. Every statement this revision runs is written out as it runs. The
functions' bodies were first produced by Python templates, and are kept here byte for byte as
those produced them, because a function's source is part of the schema: a database upgraded before
they were written out holds exactly this text (tests/migrations/test_0003_unchanged.py compares
the schema with the one the templates made, and the downgrade with 20261127_0002). Hence the long
lines, and a few blank lines that hold spaces: leave them be. Each EXECUTEd statement has one shape:

    INSERT INTO reporting_summary.<table> AS t (<key columns>, <totals>)
    SELECT <key>, coalesce(sum(<signed delta>), 0), ...
    FROM <the rows that changed, each with its sign> WHERE <what counts>
    GROUP BY <key> HAVING (<the sums>) IS DISTINCT FROM (0, ...)   -- skip keys that did not move
    ORDER BY <key>                                                 -- lock rows in one order
    ON CONFLICT (<key>) DO UPDATE SET <total> = t.<total> + EXCLUDED.<total>, ...

and the rows that changed are the transition tables, `new_rows` with sign +1 and `old_rows` with
sign -1; for an UPDATE, `old_rows EXCEPT ALL new_rows` and `new_rows EXCEPT ALL old_rows` over
the columns that matter, so a row whose status (say) did not change adds nothing. `= ANY(ARRAY(
SELECT ...))` reads a big table by its index, one probe per id, where IN (...) could hash all of
it. To change any of this, write a new revision (docs/reports.md); never edit this one.
"""

from __future__ import annotations

from alembic import op

revision = '20261127_0003'
down_revision = '20261127_0002'
branch_labels = None
depends_on = None

SCHEMA = r"""
CREATE SCHEMA reporting_summary;
COMMENT ON SCHEMA reporting_summary IS 'Totals behind the reporting views, kept current by triggers; read them through the views (reader roles cannot see this schema).';
"""

# The expressions of prediction_outcomes and actor_timeline, as functions the planner inlines.
SCORING_FUNCTIONS = r"""
CREATE FUNCTION reporting_summary.claim_month(occurred_on date, stated_on date, created_at timestamptz) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT date_trunc('month', coalesce(occurred_on, stated_on, (created_at AT TIME ZONE 'UTC')::date)::timestamp)::date $$;
CREATE FUNCTION reporting_summary.month_of(day date) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT date_trunc('month', day::timestamp)::date $$;
CREATE FUNCTION reporting_summary.squared_error(status text, probability float8) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (CASE WHEN status IN ('confirmed', 'refuted')
                 THEN CASE WHEN abs(probability - (status = 'confirmed')::int) < 1e-150 THEN 0
                           ELSE (probability - (status = 'confirmed')::int) ^ 2 END END)::numeric $$;
CREATE FUNCTION reporting_summary.log_loss(status text, probability float8) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (CASE WHEN status IN ('confirmed', 'refuted') AND probability IS NOT NULL
                 THEN 0 - ln(greatest(CASE WHEN status = 'confirmed' THEN probability ELSE 1 - probability END, 0.001))
                 END)::numeric $$;
CREATE FUNCTION reporting_summary.calibration_bin(probability float8) RETURNS smallint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT least(floor(probability::numeric * 10)::int, 9)::smallint $$;
"""

# The summary tables, in the order every trigger touches them.
TABLES = r"""
CREATE TABLE reporting_summary.claim_status_count (
    status text PRIMARY KEY,
    claims bigint NOT NULL DEFAULT 0
);
COMMENT ON TABLE reporting_summary.claim_status_count IS 'Claims per status (claim_status_summary).';

CREATE TABLE reporting_summary.predictor_record (
    actor_id bigint NOT NULL,
    source_id bigint NOT NULL,
    total bigint NOT NULL DEFAULT 0,
    open bigint NOT NULL DEFAULT 0,
    confirmed bigint NOT NULL DEFAULT 0,
    refuted bigint NOT NULL DEFAULT 0,
    ambiguous bigint NOT NULL DEFAULT 0,
    withdrawn bigint NOT NULL DEFAULT 0,
    scored bigint NOT NULL DEFAULT 0,
    squared_error numeric NOT NULL DEFAULT 0,
    log_loss numeric NOT NULL DEFAULT 0,
    PRIMARY KEY (actor_id, source_id)
);
COMMENT ON TABLE reporting_summary.predictor_record IS 'Per predictor (prediction_scoreboard): the actor; else, with actor_id 0, the source; else, both 0, nobody. Predictions by status; sums of squared errors and log losses over the scored.';

CREATE TABLE reporting_summary.calibration_record (
    bin smallint PRIMARY KEY,
    predictions bigint NOT NULL DEFAULT 0,
    probability_sum numeric NOT NULL DEFAULT 0,
    confirmed bigint NOT NULL DEFAULT 0
);
COMMENT ON TABLE reporting_summary.calibration_record IS 'Per calibration bin (calibration): decided predictions with a probability, the sum of their probabilities, how many were confirmed.';

CREATE TABLE reporting_summary.calibration_tag_record (
    tag_id bigint NOT NULL,
    bin smallint NOT NULL,
    predictions bigint NOT NULL DEFAULT 0,
    probability_sum numeric NOT NULL DEFAULT 0,
    confirmed bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (tag_id, bin)
);
COMMENT ON TABLE reporting_summary.calibration_tag_record IS 'Per tag and calibration bin (calibration_by_tag): as calibration_record.';

CREATE TABLE reporting_summary.source_record (
    source_id bigint PRIMARY KEY,
    title text,
    claims_supported bigint NOT NULL DEFAULT 0,
    supported_confirmed bigint NOT NULL DEFAULT 0,
    supported_refuted bigint NOT NULL DEFAULT 0,
    predictions_made bigint NOT NULL DEFAULT 0,
    predictions_open bigint NOT NULL DEFAULT 0,
    predictions_confirmed bigint NOT NULL DEFAULT 0,
    predictions_refuted bigint NOT NULL DEFAULT 0,
    predictions_annulled bigint NOT NULL DEFAULT 0
);
COMMENT ON TABLE reporting_summary.source_record IS 'Per source, one row each (source_track_record): its title (a copy, so that the report''s order is one index), claims it supports, of those confirmed and refuted; predictions it made and their outcomes.';

CREATE TABLE reporting_summary.publisher_record (
    publisher text PRIMARY KEY,
    grade_a bigint NOT NULL DEFAULT 0,
    grade_b bigint NOT NULL DEFAULT 0,
    grade_c bigint NOT NULL DEFAULT 0,
    grade_d bigint NOT NULL DEFAULT 0,
    grade_e bigint NOT NULL DEFAULT 0,
    grade_f bigint NOT NULL DEFAULT 0,
    claims_supported bigint NOT NULL DEFAULT 0,
    supported_confirmed bigint NOT NULL DEFAULT 0,
    supported_refuted bigint NOT NULL DEFAULT 0,
    predictions_made bigint NOT NULL DEFAULT 0,
    predictions_open bigint NOT NULL DEFAULT 0,
    predictions_confirmed bigint NOT NULL DEFAULT 0,
    predictions_refuted bigint NOT NULL DEFAULT 0,
    predictions_annulled bigint NOT NULL DEFAULT 0
);
COMMENT ON TABLE reporting_summary.publisher_record IS 'Per publisher, ''(no publisher)'' for sources without one (publisher_track_record): its sources per reliability grade; distinct claims they support, of those confirmed and refuted; predictions and outcomes.';

CREATE TABLE reporting_summary.arms_transfer_record (
    supplier_id bigint NOT NULL,
    recipient_id bigint NOT NULL,
    category text NOT NULL,
    item text,
    expected bigint NOT NULL DEFAULT 0,
    confirmed bigint NOT NULL DEFAULT 0,
    refuted bigint NOT NULL DEFAULT 0,
    annulled bigint NOT NULL DEFAULT 0,
    claims bigint NOT NULL DEFAULT 0,
    CONSTRAINT arms_transfer_record_key UNIQUE NULLS NOT DISTINCT (supplier_id, recipient_id, category, item)
);
COMMENT ON TABLE reporting_summary.arms_transfer_record IS 'Per supplier, recipient, category and item (arms_transfers): predicted transfers by their prediction''s status, and claimed ones.';

CREATE TABLE reporting_summary.actor_pair_month (
    month date NOT NULL,
    actor_id bigint NOT NULL,
    other_id bigint NOT NULL,
    claims bigint NOT NULL DEFAULT 0,
    predictions bigint NOT NULL DEFAULT 0,
    resolutions bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (month, actor_id, other_id),
    CHECK (actor_id <> other_id)
);
COMMENT ON TABLE reporting_summary.actor_pair_month IS 'Per pair of actors and month (actor_timeline), each pair twice, once from either side (so that the pairs of one actor are one index away, and which comes first by name is decided when read): claims about both; predictions about both made, and resolved, that month.';
"""

# Every total recomputed from the tables: the backfill, what TRUNCATE of any counted table runs,
# and what to run by hand should a total be doubted. A rebuild sorts and hashes every link once:
# it gets the memory to do so without spilling. The tables it fills in one statement each are
# filled with plain INSERTs.
REBUILD = r"""
CREATE FUNCTION reporting_summary.rebuild() RETURNS void LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '128MB' AS $fn$
BEGIN
    EXECUTE $q$TRUNCATE reporting_summary.claim_status_count, reporting_summary.predictor_record, reporting_summary.calibration_record, reporting_summary.calibration_tag_record, reporting_summary.source_record, reporting_summary.publisher_record, reporting_summary.arms_transfer_record, reporting_summary.actor_pair_month$q$;
    EXECUTE $q$INSERT INTO reporting_summary.claim_status_count (status) VALUES ('unverified'), ('corroborated'), ('contested'), ('confirmed'), ('refuted'), ('retracted')$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.claim_status_count AS t (status, claims)
        SELECT c.status, coalesce(sum(1), 0)
        FROM claim c
        WHERE TRUE
        GROUP BY 1
        HAVING (coalesce(sum(1), 0)) IS DISTINCT FROM (0)
        ORDER BY 1
        ON CONFLICT (status) DO UPDATE SET claims = t.claims + EXCLUDED.claims$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.predictor_record AS t (actor_id, source_id, total, open, confirmed, refuted, ambiguous, withdrawn, scored, squared_error, log_loss)
        SELECT coalesce(p.predictor_actor_id, 0), CASE WHEN p.predictor_actor_id IS NULL THEN coalesce(p.predictor_source_id, 0) ELSE 0 END, coalesce(sum(1), 0), coalesce(sum((p.status = 'open')::int), 0), coalesce(sum((p.status = 'confirmed')::int), 0), coalesce(sum((p.status = 'refuted')::int), 0), coalesce(sum((p.status = 'ambiguous')::int), 0), coalesce(sum((p.status = 'withdrawn')::int), 0), coalesce(sum((p.status IN ('confirmed', 'refuted') AND p.probability IS NOT NULL)::int), 0), coalesce(sum(reporting_summary.squared_error(p.status, p.probability)), 0), coalesce(sum(reporting_summary.log_loss(p.status, p.probability)), 0)
        FROM prediction p
        WHERE TRUE
        GROUP BY 1, 2
        HAVING (coalesce(sum(1), 0), coalesce(sum((p.status = 'open')::int), 0), coalesce(sum((p.status = 'confirmed')::int), 0), coalesce(sum((p.status = 'refuted')::int), 0), coalesce(sum((p.status = 'ambiguous')::int), 0), coalesce(sum((p.status = 'withdrawn')::int), 0), coalesce(sum((p.status IN ('confirmed', 'refuted') AND p.probability IS NOT NULL)::int), 0), coalesce(sum(reporting_summary.squared_error(p.status, p.probability)), 0), coalesce(sum(reporting_summary.log_loss(p.status, p.probability)), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0, 0, 0, 0, 0)
        ORDER BY 1, 2
        $q$;
    EXECUTE $q$INSERT INTO reporting_summary.calibration_record (bin) SELECT generate_series(0, 9)$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.calibration_record AS t (bin, predictions, probability_sum, confirmed)
        SELECT reporting_summary.calibration_bin(p.probability), coalesce(sum(1), 0), coalesce(sum(p.probability::numeric), 0), coalesce(sum((p.status = 'confirmed')::int), 0)
        FROM prediction p
        WHERE p.status IN ('confirmed', 'refuted') AND p.probability IS NOT NULL
        GROUP BY 1
        HAVING (coalesce(sum(1), 0), coalesce(sum(p.probability::numeric), 0), coalesce(sum((p.status = 'confirmed')::int), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1
        ON CONFLICT (bin) DO UPDATE SET predictions = t.predictions + EXCLUDED.predictions, probability_sum = t.probability_sum + EXCLUDED.probability_sum, confirmed = t.confirmed + EXCLUDED.confirmed$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.calibration_tag_record AS t (tag_id, bin, predictions, probability_sum, confirmed)
        SELECT pt.tag_id, reporting_summary.calibration_bin(p.probability), coalesce(sum(1), 0), coalesce(sum(p.probability::numeric), 0), coalesce(sum((p.status = 'confirmed')::int), 0)
        FROM prediction_tag pt JOIN prediction p ON p.id = pt.prediction_id
        WHERE p.status IN ('confirmed', 'refuted') AND p.probability IS NOT NULL
        GROUP BY 1, 2
        HAVING (coalesce(sum(1), 0), coalesce(sum(p.probability::numeric), 0), coalesce(sum((p.status = 'confirmed')::int), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2
        $q$;
    EXECUTE $q$INSERT INTO reporting_summary.source_record (source_id, title) SELECT id, title FROM source ORDER BY id$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.source_record AS t (source_id, claims_supported, supported_confirmed, supported_refuted)
        SELECT cs.source_id, coalesce(sum(1), 0), coalesce(sum(1 * (c.status = 'confirmed')::int), 0), coalesce(sum(1 * (c.status = 'refuted')::int), 0)
        FROM claim_source cs JOIN claim c ON c.id = cs.claim_id
        WHERE cs.stance = 'supports'
        GROUP BY 1
        HAVING (coalesce(sum(1), 0), coalesce(sum(1 * (c.status = 'confirmed')::int), 0), coalesce(sum(1 * (c.status = 'refuted')::int), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1
        ON CONFLICT (source_id) DO UPDATE SET claims_supported = t.claims_supported + EXCLUDED.claims_supported, supported_confirmed = t.supported_confirmed + EXCLUDED.supported_confirmed, supported_refuted = t.supported_refuted + EXCLUDED.supported_refuted$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.source_record AS t (source_id, predictions_made, predictions_open, predictions_confirmed, predictions_refuted, predictions_annulled)
        SELECT p.predictor_source_id, coalesce(sum(1), 0), coalesce(sum(1 * (p.status = 'open')::int), 0), coalesce(sum(1 * (p.status = 'confirmed')::int), 0), coalesce(sum(1 * (p.status = 'refuted')::int), 0), coalesce(sum(1 * (p.status IN ('ambiguous', 'withdrawn'))::int), 0)
        FROM prediction p
        WHERE p.predictor_source_id IS NOT NULL
        GROUP BY 1
        HAVING (coalesce(sum(1), 0), coalesce(sum(1 * (p.status = 'open')::int), 0), coalesce(sum(1 * (p.status = 'confirmed')::int), 0), coalesce(sum(1 * (p.status = 'refuted')::int), 0), coalesce(sum(1 * (p.status IN ('ambiguous', 'withdrawn'))::int), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0)
        ORDER BY 1
        ON CONFLICT (source_id) DO UPDATE SET predictions_made = t.predictions_made + EXCLUDED.predictions_made, predictions_open = t.predictions_open + EXCLUDED.predictions_open, predictions_confirmed = t.predictions_confirmed + EXCLUDED.predictions_confirmed, predictions_refuted = t.predictions_refuted + EXCLUDED.predictions_refuted, predictions_annulled = t.predictions_annulled + EXCLUDED.predictions_annulled$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.publisher_record AS t (publisher, grade_a, grade_b, grade_c, grade_d, grade_e, grade_f, claims_supported, supported_confirmed, supported_refuted, predictions_made, predictions_open, predictions_confirmed, predictions_refuted, predictions_annulled)
        SELECT u.publisher, coalesce(sum(u.grade_a), 0), coalesce(sum(u.grade_b), 0), coalesce(sum(u.grade_c), 0), coalesce(sum(u.grade_d), 0), coalesce(sum(u.grade_e), 0), coalesce(sum(u.grade_f), 0), coalesce(sum(u.claims_supported), 0), coalesce(sum(u.supported_confirmed), 0), coalesce(sum(u.supported_refuted), 0), coalesce(sum(u.predictions_made), 0), coalesce(sum(u.predictions_open), 0), coalesce(sum(u.predictions_confirmed), 0), coalesce(sum(u.predictions_refuted), 0), coalesce(sum(u.predictions_annulled), 0)
        FROM (SELECT coalesce(s.publisher, '(no publisher)') AS publisher, (s.reliability = 'A')::int AS grade_a, (s.reliability = 'B')::int AS grade_b, (s.reliability = 'C')::int AS grade_c, (s.reliability = 'D')::int AS grade_d, (s.reliability = 'E')::int AS grade_e, (s.reliability = 'F')::int AS grade_f, 0 AS claims_supported, 0 AS supported_confirmed, 0 AS supported_refuted, 0 AS predictions_made, 0 AS predictions_open, 0 AS predictions_confirmed, 0 AS predictions_refuted, 0 AS predictions_annulled FROM source s UNION ALL SELECT x.publisher AS publisher, 0 AS grade_a, 0 AS grade_b, 0 AS grade_c, 0 AS grade_d, 0 AS grade_e, 0 AS grade_f, 1 AS claims_supported, 1 * (c.status = 'confirmed')::int AS supported_confirmed, 1 * (c.status = 'refuted')::int AS supported_refuted, 0 AS predictions_made, 0 AS predictions_open, 0 AS predictions_confirmed, 0 AS predictions_refuted, 0 AS predictions_annulled FROM (
        SELECT DISTINCT cs.claim_id, coalesce(s.publisher, '(no publisher)') AS publisher
        FROM claim_source cs JOIN source s ON s.id = cs.source_id WHERE cs.stance = 'supports') x JOIN claim c ON c.id = x.claim_id UNION ALL SELECT coalesce(s.publisher, '(no publisher)') AS publisher, 0 AS grade_a, 0 AS grade_b, 0 AS grade_c, 0 AS grade_d, 0 AS grade_e, 0 AS grade_f, 0 AS claims_supported, 0 AS supported_confirmed, 0 AS supported_refuted, 1 AS predictions_made, 1 * (p.status = 'open')::int AS predictions_open, 1 * (p.status = 'confirmed')::int AS predictions_confirmed, 1 * (p.status = 'refuted')::int AS predictions_refuted, 1 * (p.status IN ('ambiguous', 'withdrawn'))::int AS predictions_annulled FROM prediction p JOIN source s ON s.id = p.predictor_source_id) u
        WHERE TRUE
        GROUP BY 1
        HAVING (coalesce(sum(u.grade_a), 0), coalesce(sum(u.grade_b), 0), coalesce(sum(u.grade_c), 0), coalesce(sum(u.grade_d), 0), coalesce(sum(u.grade_e), 0), coalesce(sum(u.grade_f), 0), coalesce(sum(u.claims_supported), 0), coalesce(sum(u.supported_confirmed), 0), coalesce(sum(u.supported_refuted), 0), coalesce(sum(u.predictions_made), 0), coalesce(sum(u.predictions_open), 0), coalesce(sum(u.predictions_confirmed), 0), coalesce(sum(u.predictions_refuted), 0), coalesce(sum(u.predictions_annulled), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        ORDER BY 1
        ON CONFLICT (publisher) DO UPDATE SET grade_a = t.grade_a + EXCLUDED.grade_a, grade_b = t.grade_b + EXCLUDED.grade_b, grade_c = t.grade_c + EXCLUDED.grade_c, grade_d = t.grade_d + EXCLUDED.grade_d, grade_e = t.grade_e + EXCLUDED.grade_e, grade_f = t.grade_f + EXCLUDED.grade_f, claims_supported = t.claims_supported + EXCLUDED.claims_supported, supported_confirmed = t.supported_confirmed + EXCLUDED.supported_confirmed, supported_refuted = t.supported_refuted + EXCLUDED.supported_refuted, predictions_made = t.predictions_made + EXCLUDED.predictions_made, predictions_open = t.predictions_open + EXCLUDED.predictions_open, predictions_confirmed = t.predictions_confirmed + EXCLUDED.predictions_confirmed, predictions_refuted = t.predictions_refuted + EXCLUDED.predictions_refuted, predictions_annulled = t.predictions_annulled + EXCLUDED.predictions_annulled$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.arms_transfer_record AS t (supplier_id, recipient_id, category, item, expected, confirmed, refuted, annulled, claims)
        SELECT t.supplier_id, t.recipient_id, t.category, t.item, coalesce(sum(1 * (p.status = 'open')::int), 0), coalesce(sum(1 * (p.status = 'confirmed')::int), 0), coalesce(sum(1 * (p.status = 'refuted')::int), 0), coalesce(sum(1 * (p.status IN ('ambiguous', 'withdrawn'))::int), 0), coalesce(sum((t.claim_id IS NOT NULL)::int), 0)
        FROM arms_transfer t LEFT JOIN prediction p ON p.id = t.prediction_id
        WHERE TRUE
        GROUP BY 1, 2, 3, 4
        HAVING (coalesce(sum(1 * (p.status = 'open')::int), 0), coalesce(sum(1 * (p.status = 'confirmed')::int), 0), coalesce(sum(1 * (p.status = 'refuted')::int), 0), coalesce(sum(1 * (p.status IN ('ambiguous', 'withdrawn'))::int), 0), coalesce(sum((t.claim_id IS NOT NULL)::int), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0)
        ORDER BY 1, 2, 3, 4 NULLS FIRST
        $q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.actor_pair_month AS t (month, actor_id, other_id, claims, predictions, resolutions)
        SELECT e.month, e.actor_id, e.other_id, coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)
        FROM (
        WITH e AS (SELECT * FROM (
        SELECT c.month, pr.actor_low, pr.actor_high, 1 AS claims, 0 AS predictions, 0 AS resolutions
        FROM (
        WITH members AS (SELECT DISTINCT parent_id, actor_id FROM (
        SELECT claim_id AS parent_id, actor_id FROM claim_actor WHERE claim_id IS NOT NULL
        UNION ALL SELECT claim_id, supplier_id FROM arms_transfer WHERE claim_id IS NOT NULL
        UNION ALL SELECT claim_id, recipient_id FROM arms_transfer WHERE claim_id IS NOT NULL) m)
        SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high
        FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id) pr JOIN (SELECT id, reporting_summary.claim_month(occurred_on, stated_on, created_at) AS month FROM claim) c ON c.id = pr.parent_id) event UNION ALL SELECT * FROM (
        SELECT reporting_summary.month_of(p.made_on) AS month, pr.actor_low, pr.actor_high, 0 AS claims, pr.d AS predictions,
               0 AS resolutions
        FROM (SELECT pr.*, 1 AS d FROM (
        WITH members AS (SELECT DISTINCT parent_id, actor_id FROM (
        SELECT prediction_id AS parent_id, actor_id FROM prediction_actor WHERE prediction_id IS NOT NULL
        UNION ALL SELECT prediction_id, supplier_id FROM arms_transfer WHERE prediction_id IS NOT NULL
        UNION ALL SELECT prediction_id, recipient_id FROM arms_transfer WHERE prediction_id IS NOT NULL) m)
        SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high
        FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id) pr) pr JOIN (SELECT id, made_on, resolved_on FROM prediction) p ON p.id = pr.parent_id
        UNION ALL
        SELECT reporting_summary.month_of(p.resolved_on), pr.actor_low, pr.actor_high, 0, 0, pr.d
        FROM (SELECT pr.*, 1 AS d FROM (
        WITH members AS (SELECT DISTINCT parent_id, actor_id FROM (
        SELECT prediction_id AS parent_id, actor_id FROM prediction_actor WHERE prediction_id IS NOT NULL
        UNION ALL SELECT prediction_id, supplier_id FROM arms_transfer WHERE prediction_id IS NOT NULL
        UNION ALL SELECT prediction_id, recipient_id FROM arms_transfer WHERE prediction_id IS NOT NULL) m)
        SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high
        FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id) pr) pr JOIN (SELECT id, made_on, resolved_on FROM prediction) p ON p.id = pr.parent_id
        WHERE p.resolved_on IS NOT NULL) event)
        SELECT month, actor_low AS actor_id, actor_high AS other_id, claims, predictions, resolutions FROM e
        UNION ALL
        SELECT month, actor_high, actor_low, claims, predictions, resolutions FROM e
    ) e
        WHERE TRUE
        GROUP BY 1, 2, 3
        HAVING (coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2, 3
        $q$;
    RETURN;
END
$fn$;
COMMENT ON FUNCTION reporting_summary.rebuild() IS 'Recompute every total of reporting_summary from the tables.';

CREATE FUNCTION reporting_summary.rebuild_after_truncate() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp AS $fn$
BEGIN
    PERFORM reporting_summary.rebuild();
    RETURN NULL;
END
$fn$;
"""

# Each table's triggers: one function per event, run once per statement over its transition
# tables, and TRUNCATE rebuilds everything. The functions run with their owner's rights (SECURITY
# DEFINER), so any role that may write the tables keeps the totals right without rights on them;
# their search_path is fixed, as such a function's must be, and their work_mem raised so that the
# hashes and sorts of a bulk statement's deltas stay in memory.

# claim: claims per status. An UPDATE also moves the verdicts it changed in the track records of
# the sources (and publishers, a claim once each) that support it, and its actor pairs to the
# month it now counts in. A new claim has no links yet; a deleted one lost them first (unlink).
CLAIM_TRIGGERS = r"""
CREATE FUNCTION reporting_summary.claim_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '32MB' AS $fn$
BEGIN
    EXECUTE $q$
        INSERT INTO reporting_summary.claim_status_count AS t (status, claims)
        SELECT ch.status, coalesce(sum(ch.sign), 0)
        FROM (SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status FROM new_rows r) n) ch
        WHERE TRUE
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0)) IS DISTINCT FROM (0)
        ORDER BY 1
        ON CONFLICT (status) DO UPDATE SET claims = t.claims + EXCLUDED.claims$q$;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER summary_claim_insert AFTER INSERT ON claim REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.claim_insert();

CREATE FUNCTION reporting_summary.claim_update() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '32MB' AS $fn$
BEGIN
    EXECUTE $q$
        INSERT INTO reporting_summary.claim_status_count AS t (status, claims)
        SELECT ch.status, coalesce(sum(ch.sign), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status FROM old_rows r EXCEPT ALL SELECT r.id, r.status FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status FROM new_rows r EXCEPT ALL SELECT r.id, r.status FROM old_rows r) n) ch
        WHERE TRUE
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0)) IS DISTINCT FROM (0)
        ORDER BY 1
        ON CONFLICT (status) DO UPDATE SET claims = t.claims + EXCLUDED.claims$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.source_record AS t (source_id, supported_confirmed, supported_refuted)
        SELECT cs.source_id, coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status FROM old_rows r EXCEPT ALL SELECT r.id, r.status FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status FROM new_rows r EXCEPT ALL SELECT r.id, r.status FROM old_rows r) n) ch JOIN claim_source cs ON cs.claim_id = ch.id AND cs.stance = 'supports'
        WHERE ch.status IN ('confirmed', 'refuted')
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0)) IS DISTINCT FROM (0, 0)
        ORDER BY 1
        ON CONFLICT (source_id) DO UPDATE SET supported_confirmed = t.supported_confirmed + EXCLUDED.supported_confirmed, supported_refuted = t.supported_refuted + EXCLUDED.supported_refuted$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.publisher_record AS t (publisher, supported_confirmed, supported_refuted)
        SELECT pc.publisher, coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status FROM old_rows r EXCEPT ALL SELECT r.id, r.status FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status FROM new_rows r EXCEPT ALL SELECT r.id, r.status FROM old_rows r) n) ch JOIN (
            SELECT DISTINCT cs.claim_id, coalesce(s.publisher, '(no publisher)') AS publisher
            FROM claim_source cs JOIN source s ON s.id = cs.source_id
            WHERE cs.stance = 'supports' AND cs.claim_id IN (SELECT ch.id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status FROM old_rows r EXCEPT ALL SELECT r.id, r.status FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status FROM new_rows r EXCEPT ALL SELECT r.id, r.status FROM old_rows r) n) ch)
        ) pc ON pc.claim_id = ch.id
        WHERE ch.status IN ('confirmed', 'refuted')
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0)) IS DISTINCT FROM (0, 0)
        ORDER BY 1
        ON CONFLICT (publisher) DO UPDATE SET supported_confirmed = t.supported_confirmed + EXCLUDED.supported_confirmed, supported_refuted = t.supported_refuted + EXCLUDED.supported_refuted$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.actor_pair_month AS t (month, actor_id, other_id, claims, predictions, resolutions)
        SELECT e.month, e.actor_id, e.other_id, coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)
        FROM (
        WITH e AS (SELECT * FROM (
            WITH mc AS (SELECT o.*, -1 AS sign FROM (SELECT r.id, reporting_summary.claim_month(r.occurred_on, r.stated_on, r.created_at) AS month FROM old_rows r EXCEPT ALL SELECT r.id, reporting_summary.claim_month(r.occurred_on, r.stated_on, r.created_at) AS month FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.id, reporting_summary.claim_month(r.occurred_on, r.stated_on, r.created_at) AS month FROM new_rows r EXCEPT ALL SELECT r.id, reporting_summary.claim_month(r.occurred_on, r.stated_on, r.created_at) AS month FROM old_rows r) n), pr AS (
        WITH members AS (SELECT DISTINCT parent_id, actor_id FROM (
        SELECT claim_id AS parent_id, actor_id FROM claim_actor WHERE claim_id = ANY(ARRAY(SELECT id FROM mc))
        UNION ALL SELECT claim_id, supplier_id FROM arms_transfer WHERE claim_id = ANY(ARRAY(SELECT id FROM mc))
        UNION ALL SELECT claim_id, recipient_id FROM arms_transfer WHERE claim_id = ANY(ARRAY(SELECT id FROM mc))) m)
        SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high
        FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id)
            SELECT mc.month, pr.actor_low, pr.actor_high, mc.sign AS claims, 0 AS predictions, 0 AS resolutions
            FROM mc JOIN pr ON pr.parent_id = mc.id) event)
        SELECT month, actor_low AS actor_id, actor_high AS other_id, claims, predictions, resolutions FROM e
        UNION ALL
        SELECT month, actor_high, actor_low, claims, predictions, resolutions FROM e
    ) e
        WHERE TRUE
        GROUP BY 1, 2, 3
        HAVING (coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2, 3
        ON CONFLICT (month, actor_id, other_id) DO UPDATE SET claims = t.claims + EXCLUDED.claims, predictions = t.predictions + EXCLUDED.predictions, resolutions = t.resolutions + EXCLUDED.resolutions$q$;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER summary_claim_update AFTER UPDATE ON claim REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.claim_update();

CREATE FUNCTION reporting_summary.claim_delete() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '32MB' AS $fn$
BEGIN
    EXECUTE $q$
        INSERT INTO reporting_summary.claim_status_count AS t (status, claims)
        SELECT ch.status, coalesce(sum(ch.sign), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status FROM old_rows r) o) ch
        WHERE TRUE
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0)) IS DISTINCT FROM (0)
        ORDER BY 1
        ON CONFLICT (status) DO UPDATE SET claims = t.claims + EXCLUDED.claims$q$;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER summary_claim_delete AFTER DELETE ON claim REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.claim_delete();

CREATE TRIGGER summary_claim_truncate AFTER TRUNCATE ON claim
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.rebuild_after_truncate();
"""

# claim_source: a supporting link counts in its source's and its publisher's claims supported, and
# by the claim's status in their confirmed and refuted; a claim counts once per publisher, so the
# publisher's count compares the claim's supporting links before and after. The claims are locked
# first.
CLAIM_SOURCE_TRIGGERS = r"""
CREATE FUNCTION reporting_summary.claim_source_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '32MB' AS $fn$
BEGIN
    EXECUTE $q$
        SELECT FROM claim p WHERE p.id = ANY(ARRAY(SELECT claim_id FROM (SELECT n.*, 1 AS sign FROM (SELECT r.claim_id, r.source_id FROM new_rows r WHERE r.stance = 'supports') n) l)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.source_record AS t (source_id, claims_supported, supported_confirmed, supported_refuted)
        SELECT ch.source_id, coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (c.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (c.status = 'refuted')::int), 0)
        FROM (SELECT n.*, 1 AS sign FROM (SELECT r.claim_id, r.source_id FROM new_rows r WHERE r.stance = 'supports') n) ch JOIN (SELECT id, status FROM claim WHERE id = ANY(ARRAY(SELECT claim_id FROM (SELECT n.*, 1 AS sign FROM (SELECT r.claim_id, r.source_id FROM new_rows r WHERE r.stance = 'supports') n) l))) c ON c.id = ch.claim_id
        WHERE TRUE
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (c.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (c.status = 'refuted')::int), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1
        ON CONFLICT (source_id) DO UPDATE SET claims_supported = t.claims_supported + EXCLUDED.claims_supported, supported_confirmed = t.supported_confirmed + EXCLUDED.supported_confirmed, supported_refuted = t.supported_refuted + EXCLUDED.supported_refuted$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.publisher_record AS t (publisher, claims_supported, supported_confirmed, supported_refuted)
        SELECT ch.publisher, coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (c.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (c.status = 'refuted')::int), 0)
        FROM (
        WITH link_delta AS (
            SELECT l.claim_id, coalesce(s.publisher, '(no publisher)') AS publisher, sum(l.sign) AS n
            FROM (SELECT n.*, 1 AS sign FROM (SELECT r.claim_id, r.source_id FROM new_rows r WHERE r.stance = 'supports') n) l JOIN source s ON s.id = l.source_id
            GROUP BY 1, 2 HAVING sum(l.sign) <> 0
        ), links_now AS (
            SELECT cs.claim_id, coalesce(s.publisher, '(no publisher)') AS publisher, count(*) AS n
            FROM claim_source cs JOIN source s ON s.id = cs.source_id
            WHERE cs.stance = 'supports' AND cs.claim_id = ANY(ARRAY(SELECT DISTINCT claim_id FROM link_delta))
            GROUP BY 1, 2
        )
        SELECT d.claim_id, d.publisher,
               (coalesce(a.n, 0) > 0)::int - (coalesce(a.n, 0) - d.n > 0)::int AS sign
        FROM link_delta d LEFT JOIN links_now a ON a.claim_id = d.claim_id AND a.publisher = d.publisher
    ) ch JOIN (SELECT id, status FROM claim WHERE id = ANY(ARRAY(SELECT claim_id FROM (SELECT n.*, 1 AS sign FROM (SELECT r.claim_id, r.source_id FROM new_rows r WHERE r.stance = 'supports') n) l))) c ON c.id = ch.claim_id
        WHERE ch.sign <> 0
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (c.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (c.status = 'refuted')::int), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1
        ON CONFLICT (publisher) DO UPDATE SET claims_supported = t.claims_supported + EXCLUDED.claims_supported, supported_confirmed = t.supported_confirmed + EXCLUDED.supported_confirmed, supported_refuted = t.supported_refuted + EXCLUDED.supported_refuted$q$;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER summary_claim_source_insert AFTER INSERT ON claim_source REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.claim_source_insert();

CREATE FUNCTION reporting_summary.claim_source_update() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '32MB' AS $fn$
BEGIN
    EXECUTE $q$
        SELECT FROM claim p WHERE p.id = ANY(ARRAY(SELECT claim_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.claim_id, r.source_id FROM old_rows r WHERE r.stance = 'supports' EXCEPT ALL SELECT r.claim_id, r.source_id FROM new_rows r WHERE r.stance = 'supports') o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.claim_id, r.source_id FROM new_rows r WHERE r.stance = 'supports' EXCEPT ALL SELECT r.claim_id, r.source_id FROM old_rows r WHERE r.stance = 'supports') n) l)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.source_record AS t (source_id, claims_supported, supported_confirmed, supported_refuted)
        SELECT ch.source_id, coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (c.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (c.status = 'refuted')::int), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.claim_id, r.source_id FROM old_rows r WHERE r.stance = 'supports' EXCEPT ALL SELECT r.claim_id, r.source_id FROM new_rows r WHERE r.stance = 'supports') o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.claim_id, r.source_id FROM new_rows r WHERE r.stance = 'supports' EXCEPT ALL SELECT r.claim_id, r.source_id FROM old_rows r WHERE r.stance = 'supports') n) ch JOIN (SELECT id, status FROM claim WHERE id = ANY(ARRAY(SELECT claim_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.claim_id, r.source_id FROM old_rows r WHERE r.stance = 'supports' EXCEPT ALL SELECT r.claim_id, r.source_id FROM new_rows r WHERE r.stance = 'supports') o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.claim_id, r.source_id FROM new_rows r WHERE r.stance = 'supports' EXCEPT ALL SELECT r.claim_id, r.source_id FROM old_rows r WHERE r.stance = 'supports') n) l))) c ON c.id = ch.claim_id
        WHERE TRUE
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (c.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (c.status = 'refuted')::int), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1
        ON CONFLICT (source_id) DO UPDATE SET claims_supported = t.claims_supported + EXCLUDED.claims_supported, supported_confirmed = t.supported_confirmed + EXCLUDED.supported_confirmed, supported_refuted = t.supported_refuted + EXCLUDED.supported_refuted$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.publisher_record AS t (publisher, claims_supported, supported_confirmed, supported_refuted)
        SELECT ch.publisher, coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (c.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (c.status = 'refuted')::int), 0)
        FROM (
        WITH link_delta AS (
            SELECT l.claim_id, coalesce(s.publisher, '(no publisher)') AS publisher, sum(l.sign) AS n
            FROM (SELECT o.*, -1 AS sign FROM (SELECT r.claim_id, r.source_id FROM old_rows r WHERE r.stance = 'supports' EXCEPT ALL SELECT r.claim_id, r.source_id FROM new_rows r WHERE r.stance = 'supports') o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.claim_id, r.source_id FROM new_rows r WHERE r.stance = 'supports' EXCEPT ALL SELECT r.claim_id, r.source_id FROM old_rows r WHERE r.stance = 'supports') n) l JOIN source s ON s.id = l.source_id
            GROUP BY 1, 2 HAVING sum(l.sign) <> 0
        ), links_now AS (
            SELECT cs.claim_id, coalesce(s.publisher, '(no publisher)') AS publisher, count(*) AS n
            FROM claim_source cs JOIN source s ON s.id = cs.source_id
            WHERE cs.stance = 'supports' AND cs.claim_id = ANY(ARRAY(SELECT DISTINCT claim_id FROM link_delta))
            GROUP BY 1, 2
        )
        SELECT d.claim_id, d.publisher,
               (coalesce(a.n, 0) > 0)::int - (coalesce(a.n, 0) - d.n > 0)::int AS sign
        FROM link_delta d LEFT JOIN links_now a ON a.claim_id = d.claim_id AND a.publisher = d.publisher
    ) ch JOIN (SELECT id, status FROM claim WHERE id = ANY(ARRAY(SELECT claim_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.claim_id, r.source_id FROM old_rows r WHERE r.stance = 'supports' EXCEPT ALL SELECT r.claim_id, r.source_id FROM new_rows r WHERE r.stance = 'supports') o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.claim_id, r.source_id FROM new_rows r WHERE r.stance = 'supports' EXCEPT ALL SELECT r.claim_id, r.source_id FROM old_rows r WHERE r.stance = 'supports') n) l))) c ON c.id = ch.claim_id
        WHERE ch.sign <> 0
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (c.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (c.status = 'refuted')::int), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1
        ON CONFLICT (publisher) DO UPDATE SET claims_supported = t.claims_supported + EXCLUDED.claims_supported, supported_confirmed = t.supported_confirmed + EXCLUDED.supported_confirmed, supported_refuted = t.supported_refuted + EXCLUDED.supported_refuted$q$;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER summary_claim_source_update AFTER UPDATE ON claim_source REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.claim_source_update();

CREATE FUNCTION reporting_summary.claim_source_delete() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '32MB' AS $fn$
BEGIN
    EXECUTE $q$
        SELECT FROM claim p WHERE p.id = ANY(ARRAY(SELECT claim_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.claim_id, r.source_id FROM old_rows r WHERE r.stance = 'supports') o) l)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.source_record AS t (source_id, claims_supported, supported_confirmed, supported_refuted)
        SELECT ch.source_id, coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (c.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (c.status = 'refuted')::int), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.claim_id, r.source_id FROM old_rows r WHERE r.stance = 'supports') o) ch JOIN (SELECT id, status FROM claim WHERE id = ANY(ARRAY(SELECT claim_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.claim_id, r.source_id FROM old_rows r WHERE r.stance = 'supports') o) l))) c ON c.id = ch.claim_id
        WHERE TRUE
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (c.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (c.status = 'refuted')::int), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1
        ON CONFLICT (source_id) DO UPDATE SET claims_supported = t.claims_supported + EXCLUDED.claims_supported, supported_confirmed = t.supported_confirmed + EXCLUDED.supported_confirmed, supported_refuted = t.supported_refuted + EXCLUDED.supported_refuted$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.publisher_record AS t (publisher, claims_supported, supported_confirmed, supported_refuted)
        SELECT ch.publisher, coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (c.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (c.status = 'refuted')::int), 0)
        FROM (
        WITH link_delta AS (
            SELECT l.claim_id, coalesce(s.publisher, '(no publisher)') AS publisher, sum(l.sign) AS n
            FROM (SELECT o.*, -1 AS sign FROM (SELECT r.claim_id, r.source_id FROM old_rows r WHERE r.stance = 'supports') o) l JOIN source s ON s.id = l.source_id
            GROUP BY 1, 2 HAVING sum(l.sign) <> 0
        ), links_now AS (
            SELECT cs.claim_id, coalesce(s.publisher, '(no publisher)') AS publisher, count(*) AS n
            FROM claim_source cs JOIN source s ON s.id = cs.source_id
            WHERE cs.stance = 'supports' AND cs.claim_id = ANY(ARRAY(SELECT DISTINCT claim_id FROM link_delta))
            GROUP BY 1, 2
        )
        SELECT d.claim_id, d.publisher,
               (coalesce(a.n, 0) > 0)::int - (coalesce(a.n, 0) - d.n > 0)::int AS sign
        FROM link_delta d LEFT JOIN links_now a ON a.claim_id = d.claim_id AND a.publisher = d.publisher
    ) ch JOIN (SELECT id, status FROM claim WHERE id = ANY(ARRAY(SELECT claim_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.claim_id, r.source_id FROM old_rows r WHERE r.stance = 'supports') o) l))) c ON c.id = ch.claim_id
        WHERE ch.sign <> 0
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (c.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (c.status = 'refuted')::int), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1
        ON CONFLICT (publisher) DO UPDATE SET claims_supported = t.claims_supported + EXCLUDED.claims_supported, supported_confirmed = t.supported_confirmed + EXCLUDED.supported_confirmed, supported_refuted = t.supported_refuted + EXCLUDED.supported_refuted$q$;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER summary_claim_source_delete AFTER DELETE ON claim_source REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.claim_source_delete();

CREATE TRIGGER summary_claim_source_truncate AFTER TRUNCATE ON claim_source
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.rebuild_after_truncate();
"""

# claim_actor: the pairs of actors of the claims whose links changed, before and after, in the
# claim's month. The claims are locked first.
CLAIM_ACTOR_TRIGGERS = r"""
CREATE FUNCTION reporting_summary.claim_actor_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '32MB' AS $fn$
BEGIN
    EXECUTE $q$
        SELECT FROM claim p WHERE p.id = ANY(ARRAY(SELECT parent_id FROM (SELECT n.*, 1 AS sign FROM (SELECT r.claim_id AS parent_id, r.actor_id FROM new_rows r) n) l)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.actor_pair_month AS t (month, actor_id, other_id, claims, predictions, resolutions)
        SELECT e.month, e.actor_id, e.other_id, coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)
        FROM (
        WITH e AS (SELECT * FROM (
        WITH link_delta AS (
            SELECT parent_id, actor_id, sum(sign) AS n FROM (SELECT n.*, 1 AS sign FROM (SELECT r.claim_id AS parent_id, r.actor_id FROM new_rows r) n) lc GROUP BY 1, 2 HAVING sum(sign) <> 0
        ), links_now AS (
            SELECT parent_id, actor_id, count(*) AS n
            FROM (
        SELECT claim_id AS parent_id, actor_id FROM claim_actor WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT claim_id, supplier_id FROM arms_transfer WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT claim_id, recipient_id FROM arms_transfer WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))) m GROUP BY 1, 2
        ), members AS (
            SELECT coalesce(a.parent_id, d.parent_id) AS parent_id, coalesce(a.actor_id, d.actor_id) AS actor_id,
                   coalesce(a.n, 0) > 0 AS is_in, coalesce(a.n, 0) - coalesce(d.n, 0) > 0 AS was_in
            FROM links_now a FULL JOIN link_delta d ON d.parent_id = a.parent_id AND d.actor_id = a.actor_id
        ), pairs AS (
            SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high,
                   (x.is_in AND y.is_in)::int - (x.was_in AND y.was_in)::int AS d
            FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id
            WHERE (x.is_in AND y.is_in) <> (x.was_in AND y.was_in)
        )
        
            SELECT c.month, pr.actor_low, pr.actor_high, pr.d AS claims, 0 AS predictions, 0 AS resolutions
            FROM (SELECT * FROM pairs) pr JOIN (SELECT id, reporting_summary.claim_month(occurred_on, stated_on, created_at) AS month FROM claim WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) c ON c.id = pr.parent_id) event)
        SELECT month, actor_low AS actor_id, actor_high AS other_id, claims, predictions, resolutions FROM e
        UNION ALL
        SELECT month, actor_high, actor_low, claims, predictions, resolutions FROM e
    ) e
        WHERE TRUE
        GROUP BY 1, 2, 3
        HAVING (coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2, 3
        ON CONFLICT (month, actor_id, other_id) DO UPDATE SET claims = t.claims + EXCLUDED.claims, predictions = t.predictions + EXCLUDED.predictions, resolutions = t.resolutions + EXCLUDED.resolutions$q$;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER summary_claim_actor_insert AFTER INSERT ON claim_actor REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.claim_actor_insert();

CREATE FUNCTION reporting_summary.claim_actor_update() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '32MB' AS $fn$
BEGIN
    EXECUTE $q$
        SELECT FROM claim p WHERE p.id = ANY(ARRAY(SELECT parent_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.claim_id AS parent_id, r.actor_id FROM old_rows r EXCEPT ALL SELECT r.claim_id AS parent_id, r.actor_id FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.claim_id AS parent_id, r.actor_id FROM new_rows r EXCEPT ALL SELECT r.claim_id AS parent_id, r.actor_id FROM old_rows r) n) l)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.actor_pair_month AS t (month, actor_id, other_id, claims, predictions, resolutions)
        SELECT e.month, e.actor_id, e.other_id, coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)
        FROM (
        WITH e AS (SELECT * FROM (
        WITH link_delta AS (
            SELECT parent_id, actor_id, sum(sign) AS n FROM (SELECT o.*, -1 AS sign FROM (SELECT r.claim_id AS parent_id, r.actor_id FROM old_rows r EXCEPT ALL SELECT r.claim_id AS parent_id, r.actor_id FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.claim_id AS parent_id, r.actor_id FROM new_rows r EXCEPT ALL SELECT r.claim_id AS parent_id, r.actor_id FROM old_rows r) n) lc GROUP BY 1, 2 HAVING sum(sign) <> 0
        ), links_now AS (
            SELECT parent_id, actor_id, count(*) AS n
            FROM (
        SELECT claim_id AS parent_id, actor_id FROM claim_actor WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT claim_id, supplier_id FROM arms_transfer WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT claim_id, recipient_id FROM arms_transfer WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))) m GROUP BY 1, 2
        ), members AS (
            SELECT coalesce(a.parent_id, d.parent_id) AS parent_id, coalesce(a.actor_id, d.actor_id) AS actor_id,
                   coalesce(a.n, 0) > 0 AS is_in, coalesce(a.n, 0) - coalesce(d.n, 0) > 0 AS was_in
            FROM links_now a FULL JOIN link_delta d ON d.parent_id = a.parent_id AND d.actor_id = a.actor_id
        ), pairs AS (
            SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high,
                   (x.is_in AND y.is_in)::int - (x.was_in AND y.was_in)::int AS d
            FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id
            WHERE (x.is_in AND y.is_in) <> (x.was_in AND y.was_in)
        )
        
            SELECT c.month, pr.actor_low, pr.actor_high, pr.d AS claims, 0 AS predictions, 0 AS resolutions
            FROM (SELECT * FROM pairs) pr JOIN (SELECT id, reporting_summary.claim_month(occurred_on, stated_on, created_at) AS month FROM claim WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) c ON c.id = pr.parent_id) event)
        SELECT month, actor_low AS actor_id, actor_high AS other_id, claims, predictions, resolutions FROM e
        UNION ALL
        SELECT month, actor_high, actor_low, claims, predictions, resolutions FROM e
    ) e
        WHERE TRUE
        GROUP BY 1, 2, 3
        HAVING (coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2, 3
        ON CONFLICT (month, actor_id, other_id) DO UPDATE SET claims = t.claims + EXCLUDED.claims, predictions = t.predictions + EXCLUDED.predictions, resolutions = t.resolutions + EXCLUDED.resolutions$q$;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER summary_claim_actor_update AFTER UPDATE ON claim_actor REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.claim_actor_update();

CREATE FUNCTION reporting_summary.claim_actor_delete() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '32MB' AS $fn$
BEGIN
    EXECUTE $q$
        SELECT FROM claim p WHERE p.id = ANY(ARRAY(SELECT parent_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.claim_id AS parent_id, r.actor_id FROM old_rows r) o) l)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.actor_pair_month AS t (month, actor_id, other_id, claims, predictions, resolutions)
        SELECT e.month, e.actor_id, e.other_id, coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)
        FROM (
        WITH e AS (SELECT * FROM (
        WITH link_delta AS (
            SELECT parent_id, actor_id, sum(sign) AS n FROM (SELECT o.*, -1 AS sign FROM (SELECT r.claim_id AS parent_id, r.actor_id FROM old_rows r) o) lc GROUP BY 1, 2 HAVING sum(sign) <> 0
        ), links_now AS (
            SELECT parent_id, actor_id, count(*) AS n
            FROM (
        SELECT claim_id AS parent_id, actor_id FROM claim_actor WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT claim_id, supplier_id FROM arms_transfer WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT claim_id, recipient_id FROM arms_transfer WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))) m GROUP BY 1, 2
        ), members AS (
            SELECT coalesce(a.parent_id, d.parent_id) AS parent_id, coalesce(a.actor_id, d.actor_id) AS actor_id,
                   coalesce(a.n, 0) > 0 AS is_in, coalesce(a.n, 0) - coalesce(d.n, 0) > 0 AS was_in
            FROM links_now a FULL JOIN link_delta d ON d.parent_id = a.parent_id AND d.actor_id = a.actor_id
        ), pairs AS (
            SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high,
                   (x.is_in AND y.is_in)::int - (x.was_in AND y.was_in)::int AS d
            FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id
            WHERE (x.is_in AND y.is_in) <> (x.was_in AND y.was_in)
        )
        
            SELECT c.month, pr.actor_low, pr.actor_high, pr.d AS claims, 0 AS predictions, 0 AS resolutions
            FROM (SELECT * FROM pairs) pr JOIN (SELECT id, reporting_summary.claim_month(occurred_on, stated_on, created_at) AS month FROM claim WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) c ON c.id = pr.parent_id) event)
        SELECT month, actor_low AS actor_id, actor_high AS other_id, claims, predictions, resolutions FROM e
        UNION ALL
        SELECT month, actor_high, actor_low, claims, predictions, resolutions FROM e
    ) e
        WHERE TRUE
        GROUP BY 1, 2, 3
        HAVING (coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2, 3
        ON CONFLICT (month, actor_id, other_id) DO UPDATE SET claims = t.claims + EXCLUDED.claims, predictions = t.predictions + EXCLUDED.predictions, resolutions = t.resolutions + EXCLUDED.resolutions$q$;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER summary_claim_actor_delete AFTER DELETE ON claim_actor REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.claim_actor_delete();

CREATE TRIGGER summary_claim_actor_truncate AFTER TRUNCATE ON claim_actor
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.rebuild_after_truncate();
"""

# arms_transfer: per supplier, recipient, category and item, the transfers by their prediction's
# status and the claimed ones; the supplier and recipient are also members of the claim's or the
# prediction's actor pairs. The claims and predictions are locked first.
ARMS_TRANSFER_TRIGGERS = r"""
CREATE FUNCTION reporting_summary.arms_transfer_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '32MB' AS $fn$
BEGIN
    EXECUTE $q$
        SELECT FROM claim p WHERE p.id = ANY(ARRAY(SELECT claim_id FROM (SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r) n) t)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        SELECT FROM prediction p WHERE p.id = ANY(ARRAY(SELECT prediction_id FROM (SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r) n) t)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.arms_transfer_record AS t (supplier_id, recipient_id, category, item, expected, confirmed, refuted, annulled, claims)
        SELECT t.supplier_id, t.recipient_id, t.category, t.item, coalesce(sum(t.sign * (p.status = 'open')::int), 0), coalesce(sum(t.sign * (p.status = 'confirmed')::int), 0), coalesce(sum(t.sign * (p.status = 'refuted')::int), 0), coalesce(sum(t.sign * (p.status IN ('ambiguous', 'withdrawn'))::int), 0), coalesce(sum(t.sign * (t.claim_id IS NOT NULL)::int), 0)
        FROM (SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r) n) t LEFT JOIN (SELECT id, status FROM prediction WHERE id = ANY(ARRAY(SELECT prediction_id FROM (SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r) n) t))) p ON p.id = t.prediction_id
        WHERE TRUE
        GROUP BY 1, 2, 3, 4
        HAVING (coalesce(sum(t.sign * (p.status = 'open')::int), 0), coalesce(sum(t.sign * (p.status = 'confirmed')::int), 0), coalesce(sum(t.sign * (p.status = 'refuted')::int), 0), coalesce(sum(t.sign * (p.status IN ('ambiguous', 'withdrawn'))::int), 0), coalesce(sum(t.sign * (t.claim_id IS NOT NULL)::int), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0)
        ORDER BY 1, 2, 3, 4 NULLS FIRST
        ON CONFLICT ON CONSTRAINT arms_transfer_record_key DO UPDATE SET expected = t.expected + EXCLUDED.expected, confirmed = t.confirmed + EXCLUDED.confirmed, refuted = t.refuted + EXCLUDED.refuted, annulled = t.annulled + EXCLUDED.annulled, claims = t.claims + EXCLUDED.claims$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.actor_pair_month AS t (month, actor_id, other_id, claims, predictions, resolutions)
        SELECT e.month, e.actor_id, e.other_id, coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)
        FROM (
        WITH e AS (SELECT * FROM (
        WITH link_delta AS (
            SELECT parent_id, actor_id, sum(sign) AS n FROM (SELECT claim_id AS parent_id, supplier_id AS actor_id, sign FROM (SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r) n) t WHERE claim_id IS NOT NULL UNION ALL SELECT claim_id, recipient_id, sign FROM (SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r) n) t WHERE claim_id IS NOT NULL) lc GROUP BY 1, 2 HAVING sum(sign) <> 0
        ), links_now AS (
            SELECT parent_id, actor_id, count(*) AS n
            FROM (
        SELECT claim_id AS parent_id, actor_id FROM claim_actor WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT claim_id, supplier_id FROM arms_transfer WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT claim_id, recipient_id FROM arms_transfer WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))) m GROUP BY 1, 2
        ), members AS (
            SELECT coalesce(a.parent_id, d.parent_id) AS parent_id, coalesce(a.actor_id, d.actor_id) AS actor_id,
                   coalesce(a.n, 0) > 0 AS is_in, coalesce(a.n, 0) - coalesce(d.n, 0) > 0 AS was_in
            FROM links_now a FULL JOIN link_delta d ON d.parent_id = a.parent_id AND d.actor_id = a.actor_id
        ), pairs AS (
            SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high,
                   (x.is_in AND y.is_in)::int - (x.was_in AND y.was_in)::int AS d
            FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id
            WHERE (x.is_in AND y.is_in) <> (x.was_in AND y.was_in)
        )
        
            SELECT c.month, pr.actor_low, pr.actor_high, pr.d AS claims, 0 AS predictions, 0 AS resolutions
            FROM (SELECT * FROM pairs) pr JOIN (SELECT id, reporting_summary.claim_month(occurred_on, stated_on, created_at) AS month FROM claim WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) c ON c.id = pr.parent_id) event UNION ALL SELECT * FROM (
        WITH link_delta AS (
            SELECT parent_id, actor_id, sum(sign) AS n FROM (SELECT prediction_id AS parent_id, supplier_id AS actor_id, sign FROM (SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r) n) t WHERE prediction_id IS NOT NULL UNION ALL SELECT prediction_id, recipient_id, sign FROM (SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r) n) t WHERE prediction_id IS NOT NULL) lc GROUP BY 1, 2 HAVING sum(sign) <> 0
        ), links_now AS (
            SELECT parent_id, actor_id, count(*) AS n
            FROM (
        SELECT prediction_id AS parent_id, actor_id FROM prediction_actor WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT prediction_id, supplier_id FROM arms_transfer WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT prediction_id, recipient_id FROM arms_transfer WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))) m GROUP BY 1, 2
        ), members AS (
            SELECT coalesce(a.parent_id, d.parent_id) AS parent_id, coalesce(a.actor_id, d.actor_id) AS actor_id,
                   coalesce(a.n, 0) > 0 AS is_in, coalesce(a.n, 0) - coalesce(d.n, 0) > 0 AS was_in
            FROM links_now a FULL JOIN link_delta d ON d.parent_id = a.parent_id AND d.actor_id = a.actor_id
        ), pairs AS (
            SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high,
                   (x.is_in AND y.is_in)::int - (x.was_in AND y.was_in)::int AS d
            FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id
            WHERE (x.is_in AND y.is_in) <> (x.was_in AND y.was_in)
        )
        
        SELECT reporting_summary.month_of(p.made_on) AS month, pr.actor_low, pr.actor_high, 0 AS claims, pr.d AS predictions,
               0 AS resolutions
        FROM (SELECT * FROM pairs) pr JOIN (SELECT id, made_on, resolved_on FROM prediction WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) p ON p.id = pr.parent_id
        UNION ALL
        SELECT reporting_summary.month_of(p.resolved_on), pr.actor_low, pr.actor_high, 0, 0, pr.d
        FROM (SELECT * FROM pairs) pr JOIN (SELECT id, made_on, resolved_on FROM prediction WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) p ON p.id = pr.parent_id
        WHERE p.resolved_on IS NOT NULL) event)
        SELECT month, actor_low AS actor_id, actor_high AS other_id, claims, predictions, resolutions FROM e
        UNION ALL
        SELECT month, actor_high, actor_low, claims, predictions, resolutions FROM e
    ) e
        WHERE TRUE
        GROUP BY 1, 2, 3
        HAVING (coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2, 3
        ON CONFLICT (month, actor_id, other_id) DO UPDATE SET claims = t.claims + EXCLUDED.claims, predictions = t.predictions + EXCLUDED.predictions, resolutions = t.resolutions + EXCLUDED.resolutions$q$;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER summary_arms_transfer_insert AFTER INSERT ON arms_transfer REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.arms_transfer_insert();

CREATE FUNCTION reporting_summary.arms_transfer_update() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '32MB' AS $fn$
BEGIN
    EXECUTE $q$
        SELECT FROM claim p WHERE p.id = ANY(ARRAY(SELECT claim_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r EXCEPT ALL SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r EXCEPT ALL SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r) n) t)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        SELECT FROM prediction p WHERE p.id = ANY(ARRAY(SELECT prediction_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r EXCEPT ALL SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r EXCEPT ALL SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r) n) t)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.arms_transfer_record AS t (supplier_id, recipient_id, category, item, expected, confirmed, refuted, annulled, claims)
        SELECT t.supplier_id, t.recipient_id, t.category, t.item, coalesce(sum(t.sign * (p.status = 'open')::int), 0), coalesce(sum(t.sign * (p.status = 'confirmed')::int), 0), coalesce(sum(t.sign * (p.status = 'refuted')::int), 0), coalesce(sum(t.sign * (p.status IN ('ambiguous', 'withdrawn'))::int), 0), coalesce(sum(t.sign * (t.claim_id IS NOT NULL)::int), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r EXCEPT ALL SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r EXCEPT ALL SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r) n) t LEFT JOIN (SELECT id, status FROM prediction WHERE id = ANY(ARRAY(SELECT prediction_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r EXCEPT ALL SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r EXCEPT ALL SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r) n) t))) p ON p.id = t.prediction_id
        WHERE TRUE
        GROUP BY 1, 2, 3, 4
        HAVING (coalesce(sum(t.sign * (p.status = 'open')::int), 0), coalesce(sum(t.sign * (p.status = 'confirmed')::int), 0), coalesce(sum(t.sign * (p.status = 'refuted')::int), 0), coalesce(sum(t.sign * (p.status IN ('ambiguous', 'withdrawn'))::int), 0), coalesce(sum(t.sign * (t.claim_id IS NOT NULL)::int), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0)
        ORDER BY 1, 2, 3, 4 NULLS FIRST
        ON CONFLICT ON CONSTRAINT arms_transfer_record_key DO UPDATE SET expected = t.expected + EXCLUDED.expected, confirmed = t.confirmed + EXCLUDED.confirmed, refuted = t.refuted + EXCLUDED.refuted, annulled = t.annulled + EXCLUDED.annulled, claims = t.claims + EXCLUDED.claims$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.actor_pair_month AS t (month, actor_id, other_id, claims, predictions, resolutions)
        SELECT e.month, e.actor_id, e.other_id, coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)
        FROM (
        WITH e AS (SELECT * FROM (
        WITH link_delta AS (
            SELECT parent_id, actor_id, sum(sign) AS n FROM (SELECT claim_id AS parent_id, supplier_id AS actor_id, sign FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r EXCEPT ALL SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r EXCEPT ALL SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r) n) t WHERE claim_id IS NOT NULL UNION ALL SELECT claim_id, recipient_id, sign FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r EXCEPT ALL SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r EXCEPT ALL SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r) n) t WHERE claim_id IS NOT NULL) lc GROUP BY 1, 2 HAVING sum(sign) <> 0
        ), links_now AS (
            SELECT parent_id, actor_id, count(*) AS n
            FROM (
        SELECT claim_id AS parent_id, actor_id FROM claim_actor WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT claim_id, supplier_id FROM arms_transfer WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT claim_id, recipient_id FROM arms_transfer WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))) m GROUP BY 1, 2
        ), members AS (
            SELECT coalesce(a.parent_id, d.parent_id) AS parent_id, coalesce(a.actor_id, d.actor_id) AS actor_id,
                   coalesce(a.n, 0) > 0 AS is_in, coalesce(a.n, 0) - coalesce(d.n, 0) > 0 AS was_in
            FROM links_now a FULL JOIN link_delta d ON d.parent_id = a.parent_id AND d.actor_id = a.actor_id
        ), pairs AS (
            SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high,
                   (x.is_in AND y.is_in)::int - (x.was_in AND y.was_in)::int AS d
            FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id
            WHERE (x.is_in AND y.is_in) <> (x.was_in AND y.was_in)
        )
        
            SELECT c.month, pr.actor_low, pr.actor_high, pr.d AS claims, 0 AS predictions, 0 AS resolutions
            FROM (SELECT * FROM pairs) pr JOIN (SELECT id, reporting_summary.claim_month(occurred_on, stated_on, created_at) AS month FROM claim WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) c ON c.id = pr.parent_id) event UNION ALL SELECT * FROM (
        WITH link_delta AS (
            SELECT parent_id, actor_id, sum(sign) AS n FROM (SELECT prediction_id AS parent_id, supplier_id AS actor_id, sign FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r EXCEPT ALL SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r EXCEPT ALL SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r) n) t WHERE prediction_id IS NOT NULL UNION ALL SELECT prediction_id, recipient_id, sign FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r EXCEPT ALL SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r EXCEPT ALL SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r) n) t WHERE prediction_id IS NOT NULL) lc GROUP BY 1, 2 HAVING sum(sign) <> 0
        ), links_now AS (
            SELECT parent_id, actor_id, count(*) AS n
            FROM (
        SELECT prediction_id AS parent_id, actor_id FROM prediction_actor WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT prediction_id, supplier_id FROM arms_transfer WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT prediction_id, recipient_id FROM arms_transfer WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))) m GROUP BY 1, 2
        ), members AS (
            SELECT coalesce(a.parent_id, d.parent_id) AS parent_id, coalesce(a.actor_id, d.actor_id) AS actor_id,
                   coalesce(a.n, 0) > 0 AS is_in, coalesce(a.n, 0) - coalesce(d.n, 0) > 0 AS was_in
            FROM links_now a FULL JOIN link_delta d ON d.parent_id = a.parent_id AND d.actor_id = a.actor_id
        ), pairs AS (
            SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high,
                   (x.is_in AND y.is_in)::int - (x.was_in AND y.was_in)::int AS d
            FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id
            WHERE (x.is_in AND y.is_in) <> (x.was_in AND y.was_in)
        )
        
        SELECT reporting_summary.month_of(p.made_on) AS month, pr.actor_low, pr.actor_high, 0 AS claims, pr.d AS predictions,
               0 AS resolutions
        FROM (SELECT * FROM pairs) pr JOIN (SELECT id, made_on, resolved_on FROM prediction WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) p ON p.id = pr.parent_id
        UNION ALL
        SELECT reporting_summary.month_of(p.resolved_on), pr.actor_low, pr.actor_high, 0, 0, pr.d
        FROM (SELECT * FROM pairs) pr JOIN (SELECT id, made_on, resolved_on FROM prediction WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) p ON p.id = pr.parent_id
        WHERE p.resolved_on IS NOT NULL) event)
        SELECT month, actor_low AS actor_id, actor_high AS other_id, claims, predictions, resolutions FROM e
        UNION ALL
        SELECT month, actor_high, actor_low, claims, predictions, resolutions FROM e
    ) e
        WHERE TRUE
        GROUP BY 1, 2, 3
        HAVING (coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2, 3
        ON CONFLICT (month, actor_id, other_id) DO UPDATE SET claims = t.claims + EXCLUDED.claims, predictions = t.predictions + EXCLUDED.predictions, resolutions = t.resolutions + EXCLUDED.resolutions$q$;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER summary_arms_transfer_update AFTER UPDATE ON arms_transfer REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.arms_transfer_update();

CREATE FUNCTION reporting_summary.arms_transfer_delete() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '32MB' AS $fn$
BEGIN
    EXECUTE $q$
        SELECT FROM claim p WHERE p.id = ANY(ARRAY(SELECT claim_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r) o) t)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        SELECT FROM prediction p WHERE p.id = ANY(ARRAY(SELECT prediction_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r) o) t)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.arms_transfer_record AS t (supplier_id, recipient_id, category, item, expected, confirmed, refuted, annulled, claims)
        SELECT t.supplier_id, t.recipient_id, t.category, t.item, coalesce(sum(t.sign * (p.status = 'open')::int), 0), coalesce(sum(t.sign * (p.status = 'confirmed')::int), 0), coalesce(sum(t.sign * (p.status = 'refuted')::int), 0), coalesce(sum(t.sign * (p.status IN ('ambiguous', 'withdrawn'))::int), 0), coalesce(sum(t.sign * (t.claim_id IS NOT NULL)::int), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r) o) t LEFT JOIN (SELECT id, status FROM prediction WHERE id = ANY(ARRAY(SELECT prediction_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r) o) t))) p ON p.id = t.prediction_id
        WHERE TRUE
        GROUP BY 1, 2, 3, 4
        HAVING (coalesce(sum(t.sign * (p.status = 'open')::int), 0), coalesce(sum(t.sign * (p.status = 'confirmed')::int), 0), coalesce(sum(t.sign * (p.status = 'refuted')::int), 0), coalesce(sum(t.sign * (p.status IN ('ambiguous', 'withdrawn'))::int), 0), coalesce(sum(t.sign * (t.claim_id IS NOT NULL)::int), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0)
        ORDER BY 1, 2, 3, 4 NULLS FIRST
        ON CONFLICT ON CONSTRAINT arms_transfer_record_key DO UPDATE SET expected = t.expected + EXCLUDED.expected, confirmed = t.confirmed + EXCLUDED.confirmed, refuted = t.refuted + EXCLUDED.refuted, annulled = t.annulled + EXCLUDED.annulled, claims = t.claims + EXCLUDED.claims$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.actor_pair_month AS t (month, actor_id, other_id, claims, predictions, resolutions)
        SELECT e.month, e.actor_id, e.other_id, coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)
        FROM (
        WITH e AS (SELECT * FROM (
        WITH link_delta AS (
            SELECT parent_id, actor_id, sum(sign) AS n FROM (SELECT claim_id AS parent_id, supplier_id AS actor_id, sign FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r) o) t WHERE claim_id IS NOT NULL UNION ALL SELECT claim_id, recipient_id, sign FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r) o) t WHERE claim_id IS NOT NULL) lc GROUP BY 1, 2 HAVING sum(sign) <> 0
        ), links_now AS (
            SELECT parent_id, actor_id, count(*) AS n
            FROM (
        SELECT claim_id AS parent_id, actor_id FROM claim_actor WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT claim_id, supplier_id FROM arms_transfer WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT claim_id, recipient_id FROM arms_transfer WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))) m GROUP BY 1, 2
        ), members AS (
            SELECT coalesce(a.parent_id, d.parent_id) AS parent_id, coalesce(a.actor_id, d.actor_id) AS actor_id,
                   coalesce(a.n, 0) > 0 AS is_in, coalesce(a.n, 0) - coalesce(d.n, 0) > 0 AS was_in
            FROM links_now a FULL JOIN link_delta d ON d.parent_id = a.parent_id AND d.actor_id = a.actor_id
        ), pairs AS (
            SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high,
                   (x.is_in AND y.is_in)::int - (x.was_in AND y.was_in)::int AS d
            FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id
            WHERE (x.is_in AND y.is_in) <> (x.was_in AND y.was_in)
        )
        
            SELECT c.month, pr.actor_low, pr.actor_high, pr.d AS claims, 0 AS predictions, 0 AS resolutions
            FROM (SELECT * FROM pairs) pr JOIN (SELECT id, reporting_summary.claim_month(occurred_on, stated_on, created_at) AS month FROM claim WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) c ON c.id = pr.parent_id) event UNION ALL SELECT * FROM (
        WITH link_delta AS (
            SELECT parent_id, actor_id, sum(sign) AS n FROM (SELECT prediction_id AS parent_id, supplier_id AS actor_id, sign FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r) o) t WHERE prediction_id IS NOT NULL UNION ALL SELECT prediction_id, recipient_id, sign FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r) o) t WHERE prediction_id IS NOT NULL) lc GROUP BY 1, 2 HAVING sum(sign) <> 0
        ), links_now AS (
            SELECT parent_id, actor_id, count(*) AS n
            FROM (
        SELECT prediction_id AS parent_id, actor_id FROM prediction_actor WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT prediction_id, supplier_id FROM arms_transfer WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT prediction_id, recipient_id FROM arms_transfer WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))) m GROUP BY 1, 2
        ), members AS (
            SELECT coalesce(a.parent_id, d.parent_id) AS parent_id, coalesce(a.actor_id, d.actor_id) AS actor_id,
                   coalesce(a.n, 0) > 0 AS is_in, coalesce(a.n, 0) - coalesce(d.n, 0) > 0 AS was_in
            FROM links_now a FULL JOIN link_delta d ON d.parent_id = a.parent_id AND d.actor_id = a.actor_id
        ), pairs AS (
            SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high,
                   (x.is_in AND y.is_in)::int - (x.was_in AND y.was_in)::int AS d
            FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id
            WHERE (x.is_in AND y.is_in) <> (x.was_in AND y.was_in)
        )
        
        SELECT reporting_summary.month_of(p.made_on) AS month, pr.actor_low, pr.actor_high, 0 AS claims, pr.d AS predictions,
               0 AS resolutions
        FROM (SELECT * FROM pairs) pr JOIN (SELECT id, made_on, resolved_on FROM prediction WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) p ON p.id = pr.parent_id
        UNION ALL
        SELECT reporting_summary.month_of(p.resolved_on), pr.actor_low, pr.actor_high, 0, 0, pr.d
        FROM (SELECT * FROM pairs) pr JOIN (SELECT id, made_on, resolved_on FROM prediction WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) p ON p.id = pr.parent_id
        WHERE p.resolved_on IS NOT NULL) event)
        SELECT month, actor_low AS actor_id, actor_high AS other_id, claims, predictions, resolutions FROM e
        UNION ALL
        SELECT month, actor_high, actor_low, claims, predictions, resolutions FROM e
    ) e
        WHERE TRUE
        GROUP BY 1, 2, 3
        HAVING (coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2, 3
        ON CONFLICT (month, actor_id, other_id) DO UPDATE SET claims = t.claims + EXCLUDED.claims, predictions = t.predictions + EXCLUDED.predictions, resolutions = t.resolutions + EXCLUDED.resolutions$q$;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER summary_arms_transfer_delete AFTER DELETE ON arms_transfer REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.arms_transfer_delete();

CREATE TRIGGER summary_arms_transfer_truncate AFTER TRUNCATE ON arms_transfer
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.rebuild_after_truncate();
"""

# prediction: its predictor's record (by status, scored, sums of squared errors and log losses),
# its calibration bin, its predictor source's and publisher's outcomes. An UPDATE also moves its
# tags' calibration, its arms transfers' counts, and its actor pairs to the months of its making
# and resolution. The predictor sources are locked (FOR SHARE) first, so a change of publisher
# waits.
PREDICTION_TRIGGERS = r"""
CREATE FUNCTION reporting_summary.prediction_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '32MB' AS $fn$
BEGIN
    EXECUTE $q$
        SELECT FROM source p WHERE p.id = ANY(ARRAY(SELECT predictor_source_id FROM (SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r) n) ch)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR SHARE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.predictor_record AS t (actor_id, source_id, total, open, confirmed, refuted, ambiguous, withdrawn, scored, squared_error, log_loss)
        SELECT coalesce(ch.predictor_actor_id, 0), CASE WHEN ch.predictor_actor_id IS NULL THEN coalesce(ch.predictor_source_id, 0) ELSE 0 END, coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status = 'ambiguous')::int), 0), coalesce(sum(ch.sign * (ch.status = 'withdrawn')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('confirmed', 'refuted') AND ch.probability IS NOT NULL)::int), 0), coalesce(sum(ch.sign * reporting_summary.squared_error(ch.status, ch.probability)), 0), coalesce(sum(ch.sign * reporting_summary.log_loss(ch.status, ch.probability)), 0)
        FROM (SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r) n) ch
        WHERE TRUE
        GROUP BY 1, 2
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status = 'ambiguous')::int), 0), coalesce(sum(ch.sign * (ch.status = 'withdrawn')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('confirmed', 'refuted') AND ch.probability IS NOT NULL)::int), 0), coalesce(sum(ch.sign * reporting_summary.squared_error(ch.status, ch.probability)), 0), coalesce(sum(ch.sign * reporting_summary.log_loss(ch.status, ch.probability)), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0, 0, 0, 0, 0)
        ORDER BY 1, 2
        ON CONFLICT (actor_id, source_id) DO UPDATE SET total = t.total + EXCLUDED.total, open = t.open + EXCLUDED.open, confirmed = t.confirmed + EXCLUDED.confirmed, refuted = t.refuted + EXCLUDED.refuted, ambiguous = t.ambiguous + EXCLUDED.ambiguous, withdrawn = t.withdrawn + EXCLUDED.withdrawn, scored = t.scored + EXCLUDED.scored, squared_error = t.squared_error + EXCLUDED.squared_error, log_loss = t.log_loss + EXCLUDED.log_loss$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.calibration_record AS t (bin, predictions, probability_sum, confirmed)
        SELECT reporting_summary.calibration_bin(ch.probability), coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * ch.probability::numeric), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0)
        FROM (SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r) n) ch
        WHERE ch.status IN ('confirmed', 'refuted') AND ch.probability IS NOT NULL
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * ch.probability::numeric), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1
        ON CONFLICT (bin) DO UPDATE SET predictions = t.predictions + EXCLUDED.predictions, probability_sum = t.probability_sum + EXCLUDED.probability_sum, confirmed = t.confirmed + EXCLUDED.confirmed$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.source_record AS t (source_id, predictions_made, predictions_open, predictions_confirmed, predictions_refuted, predictions_annulled)
        SELECT ch.predictor_source_id, coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('ambiguous', 'withdrawn'))::int), 0)
        FROM (SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r) n) ch
        WHERE ch.predictor_source_id IS NOT NULL
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('ambiguous', 'withdrawn'))::int), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0)
        ORDER BY 1
        ON CONFLICT (source_id) DO UPDATE SET predictions_made = t.predictions_made + EXCLUDED.predictions_made, predictions_open = t.predictions_open + EXCLUDED.predictions_open, predictions_confirmed = t.predictions_confirmed + EXCLUDED.predictions_confirmed, predictions_refuted = t.predictions_refuted + EXCLUDED.predictions_refuted, predictions_annulled = t.predictions_annulled + EXCLUDED.predictions_annulled$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.publisher_record AS t (publisher, predictions_made, predictions_open, predictions_confirmed, predictions_refuted, predictions_annulled)
        SELECT coalesce(s.publisher, '(no publisher)'), coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('ambiguous', 'withdrawn'))::int), 0)
        FROM (SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r) n) ch JOIN source s ON s.id = ch.predictor_source_id
        WHERE TRUE
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('ambiguous', 'withdrawn'))::int), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0)
        ORDER BY 1
        ON CONFLICT (publisher) DO UPDATE SET predictions_made = t.predictions_made + EXCLUDED.predictions_made, predictions_open = t.predictions_open + EXCLUDED.predictions_open, predictions_confirmed = t.predictions_confirmed + EXCLUDED.predictions_confirmed, predictions_refuted = t.predictions_refuted + EXCLUDED.predictions_refuted, predictions_annulled = t.predictions_annulled + EXCLUDED.predictions_annulled$q$;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER summary_prediction_insert AFTER INSERT ON prediction REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.prediction_insert();

CREATE FUNCTION reporting_summary.prediction_update() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '32MB' AS $fn$
BEGIN
    EXECUTE $q$
        SELECT FROM source p WHERE p.id = ANY(ARRAY(SELECT predictor_source_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r EXCEPT ALL SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r EXCEPT ALL SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r) n) ch)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR SHARE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.predictor_record AS t (actor_id, source_id, total, open, confirmed, refuted, ambiguous, withdrawn, scored, squared_error, log_loss)
        SELECT coalesce(ch.predictor_actor_id, 0), CASE WHEN ch.predictor_actor_id IS NULL THEN coalesce(ch.predictor_source_id, 0) ELSE 0 END, coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status = 'ambiguous')::int), 0), coalesce(sum(ch.sign * (ch.status = 'withdrawn')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('confirmed', 'refuted') AND ch.probability IS NOT NULL)::int), 0), coalesce(sum(ch.sign * reporting_summary.squared_error(ch.status, ch.probability)), 0), coalesce(sum(ch.sign * reporting_summary.log_loss(ch.status, ch.probability)), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r EXCEPT ALL SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r EXCEPT ALL SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r) n) ch
        WHERE TRUE
        GROUP BY 1, 2
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status = 'ambiguous')::int), 0), coalesce(sum(ch.sign * (ch.status = 'withdrawn')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('confirmed', 'refuted') AND ch.probability IS NOT NULL)::int), 0), coalesce(sum(ch.sign * reporting_summary.squared_error(ch.status, ch.probability)), 0), coalesce(sum(ch.sign * reporting_summary.log_loss(ch.status, ch.probability)), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0, 0, 0, 0, 0)
        ORDER BY 1, 2
        ON CONFLICT (actor_id, source_id) DO UPDATE SET total = t.total + EXCLUDED.total, open = t.open + EXCLUDED.open, confirmed = t.confirmed + EXCLUDED.confirmed, refuted = t.refuted + EXCLUDED.refuted, ambiguous = t.ambiguous + EXCLUDED.ambiguous, withdrawn = t.withdrawn + EXCLUDED.withdrawn, scored = t.scored + EXCLUDED.scored, squared_error = t.squared_error + EXCLUDED.squared_error, log_loss = t.log_loss + EXCLUDED.log_loss$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.calibration_record AS t (bin, predictions, probability_sum, confirmed)
        SELECT reporting_summary.calibration_bin(ch.probability), coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * ch.probability::numeric), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r EXCEPT ALL SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r EXCEPT ALL SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r) n) ch
        WHERE ch.status IN ('confirmed', 'refuted') AND ch.probability IS NOT NULL
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * ch.probability::numeric), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1
        ON CONFLICT (bin) DO UPDATE SET predictions = t.predictions + EXCLUDED.predictions, probability_sum = t.probability_sum + EXCLUDED.probability_sum, confirmed = t.confirmed + EXCLUDED.confirmed$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.calibration_tag_record AS t (tag_id, bin, predictions, probability_sum, confirmed)
        SELECT pt.tag_id, reporting_summary.calibration_bin(ch.probability), coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * ch.probability::numeric), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r EXCEPT ALL SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r EXCEPT ALL SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r) n) ch JOIN prediction_tag pt ON pt.prediction_id = ch.id
        WHERE ch.status IN ('confirmed', 'refuted') AND ch.probability IS NOT NULL
        GROUP BY 1, 2
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * ch.probability::numeric), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2
        ON CONFLICT (tag_id, bin) DO UPDATE SET predictions = t.predictions + EXCLUDED.predictions, probability_sum = t.probability_sum + EXCLUDED.probability_sum, confirmed = t.confirmed + EXCLUDED.confirmed$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.source_record AS t (source_id, predictions_made, predictions_open, predictions_confirmed, predictions_refuted, predictions_annulled)
        SELECT ch.predictor_source_id, coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('ambiguous', 'withdrawn'))::int), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r EXCEPT ALL SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r EXCEPT ALL SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r) n) ch
        WHERE ch.predictor_source_id IS NOT NULL
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('ambiguous', 'withdrawn'))::int), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0)
        ORDER BY 1
        ON CONFLICT (source_id) DO UPDATE SET predictions_made = t.predictions_made + EXCLUDED.predictions_made, predictions_open = t.predictions_open + EXCLUDED.predictions_open, predictions_confirmed = t.predictions_confirmed + EXCLUDED.predictions_confirmed, predictions_refuted = t.predictions_refuted + EXCLUDED.predictions_refuted, predictions_annulled = t.predictions_annulled + EXCLUDED.predictions_annulled$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.publisher_record AS t (publisher, predictions_made, predictions_open, predictions_confirmed, predictions_refuted, predictions_annulled)
        SELECT coalesce(s.publisher, '(no publisher)'), coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('ambiguous', 'withdrawn'))::int), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r EXCEPT ALL SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r EXCEPT ALL SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r) n) ch JOIN source s ON s.id = ch.predictor_source_id
        WHERE TRUE
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('ambiguous', 'withdrawn'))::int), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0)
        ORDER BY 1
        ON CONFLICT (publisher) DO UPDATE SET predictions_made = t.predictions_made + EXCLUDED.predictions_made, predictions_open = t.predictions_open + EXCLUDED.predictions_open, predictions_confirmed = t.predictions_confirmed + EXCLUDED.predictions_confirmed, predictions_refuted = t.predictions_refuted + EXCLUDED.predictions_refuted, predictions_annulled = t.predictions_annulled + EXCLUDED.predictions_annulled$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.arms_transfer_record AS t (supplier_id, recipient_id, category, item, expected, confirmed, refuted, annulled)
        SELECT t.supplier_id, t.recipient_id, t.category, t.item, coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('ambiguous', 'withdrawn'))::int), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r EXCEPT ALL SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r EXCEPT ALL SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r) n) ch JOIN arms_transfer t ON t.prediction_id = ch.id
        WHERE TRUE
        GROUP BY 1, 2, 3, 4
        HAVING (coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('ambiguous', 'withdrawn'))::int), 0)) IS DISTINCT FROM (0, 0, 0, 0)
        ORDER BY 1, 2, 3, 4 NULLS FIRST
        ON CONFLICT ON CONSTRAINT arms_transfer_record_key DO UPDATE SET expected = t.expected + EXCLUDED.expected, confirmed = t.confirmed + EXCLUDED.confirmed, refuted = t.refuted + EXCLUDED.refuted, annulled = t.annulled + EXCLUDED.annulled$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.actor_pair_month AS t (month, actor_id, other_id, claims, predictions, resolutions)
        SELECT e.month, e.actor_id, e.other_id, coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)
        FROM (
        WITH e AS (SELECT * FROM (
        WITH mc AS (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.made_on, r.resolved_on FROM old_rows r EXCEPT ALL SELECT r.id, r.made_on, r.resolved_on FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.id, r.made_on, r.resolved_on FROM new_rows r EXCEPT ALL SELECT r.id, r.made_on, r.resolved_on FROM old_rows r) n), pr AS (
        WITH members AS (SELECT DISTINCT parent_id, actor_id FROM (
        SELECT prediction_id AS parent_id, actor_id FROM prediction_actor WHERE prediction_id = ANY(ARRAY(SELECT id FROM mc))
        UNION ALL SELECT prediction_id, supplier_id FROM arms_transfer WHERE prediction_id = ANY(ARRAY(SELECT id FROM mc))
        UNION ALL SELECT prediction_id, recipient_id FROM arms_transfer WHERE prediction_id = ANY(ARRAY(SELECT id FROM mc))) m)
        SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high
        FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id)
        SELECT reporting_summary.month_of(mc.made_on) AS month, pr.actor_low, pr.actor_high, 0 AS claims, mc.sign AS predictions,
               0 AS resolutions
        FROM mc JOIN pr ON pr.parent_id = mc.id
        UNION ALL
        SELECT reporting_summary.month_of(mc.resolved_on), pr.actor_low, pr.actor_high, 0, 0, mc.sign
        FROM mc JOIN pr ON pr.parent_id = mc.id WHERE mc.resolved_on IS NOT NULL) event)
        SELECT month, actor_low AS actor_id, actor_high AS other_id, claims, predictions, resolutions FROM e
        UNION ALL
        SELECT month, actor_high, actor_low, claims, predictions, resolutions FROM e
    ) e
        WHERE TRUE
        GROUP BY 1, 2, 3
        HAVING (coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2, 3
        ON CONFLICT (month, actor_id, other_id) DO UPDATE SET claims = t.claims + EXCLUDED.claims, predictions = t.predictions + EXCLUDED.predictions, resolutions = t.resolutions + EXCLUDED.resolutions$q$;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER summary_prediction_update AFTER UPDATE ON prediction REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.prediction_update();

CREATE FUNCTION reporting_summary.prediction_delete() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '32MB' AS $fn$
BEGIN
    EXECUTE $q$
        SELECT FROM source p WHERE p.id = ANY(ARRAY(SELECT predictor_source_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r) o) ch)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR SHARE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.predictor_record AS t (actor_id, source_id, total, open, confirmed, refuted, ambiguous, withdrawn, scored, squared_error, log_loss)
        SELECT coalesce(ch.predictor_actor_id, 0), CASE WHEN ch.predictor_actor_id IS NULL THEN coalesce(ch.predictor_source_id, 0) ELSE 0 END, coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status = 'ambiguous')::int), 0), coalesce(sum(ch.sign * (ch.status = 'withdrawn')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('confirmed', 'refuted') AND ch.probability IS NOT NULL)::int), 0), coalesce(sum(ch.sign * reporting_summary.squared_error(ch.status, ch.probability)), 0), coalesce(sum(ch.sign * reporting_summary.log_loss(ch.status, ch.probability)), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r) o) ch
        WHERE TRUE
        GROUP BY 1, 2
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status = 'ambiguous')::int), 0), coalesce(sum(ch.sign * (ch.status = 'withdrawn')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('confirmed', 'refuted') AND ch.probability IS NOT NULL)::int), 0), coalesce(sum(ch.sign * reporting_summary.squared_error(ch.status, ch.probability)), 0), coalesce(sum(ch.sign * reporting_summary.log_loss(ch.status, ch.probability)), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0, 0, 0, 0, 0)
        ORDER BY 1, 2
        ON CONFLICT (actor_id, source_id) DO UPDATE SET total = t.total + EXCLUDED.total, open = t.open + EXCLUDED.open, confirmed = t.confirmed + EXCLUDED.confirmed, refuted = t.refuted + EXCLUDED.refuted, ambiguous = t.ambiguous + EXCLUDED.ambiguous, withdrawn = t.withdrawn + EXCLUDED.withdrawn, scored = t.scored + EXCLUDED.scored, squared_error = t.squared_error + EXCLUDED.squared_error, log_loss = t.log_loss + EXCLUDED.log_loss$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.calibration_record AS t (bin, predictions, probability_sum, confirmed)
        SELECT reporting_summary.calibration_bin(ch.probability), coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * ch.probability::numeric), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r) o) ch
        WHERE ch.status IN ('confirmed', 'refuted') AND ch.probability IS NOT NULL
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * ch.probability::numeric), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1
        ON CONFLICT (bin) DO UPDATE SET predictions = t.predictions + EXCLUDED.predictions, probability_sum = t.probability_sum + EXCLUDED.probability_sum, confirmed = t.confirmed + EXCLUDED.confirmed$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.source_record AS t (source_id, predictions_made, predictions_open, predictions_confirmed, predictions_refuted, predictions_annulled)
        SELECT ch.predictor_source_id, coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('ambiguous', 'withdrawn'))::int), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r) o) ch
        WHERE ch.predictor_source_id IS NOT NULL
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('ambiguous', 'withdrawn'))::int), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0)
        ORDER BY 1
        ON CONFLICT (source_id) DO UPDATE SET predictions_made = t.predictions_made + EXCLUDED.predictions_made, predictions_open = t.predictions_open + EXCLUDED.predictions_open, predictions_confirmed = t.predictions_confirmed + EXCLUDED.predictions_confirmed, predictions_refuted = t.predictions_refuted + EXCLUDED.predictions_refuted, predictions_annulled = t.predictions_annulled + EXCLUDED.predictions_annulled$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.publisher_record AS t (publisher, predictions_made, predictions_open, predictions_confirmed, predictions_refuted, predictions_annulled)
        SELECT coalesce(s.publisher, '(no publisher)'), coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('ambiguous', 'withdrawn'))::int), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r) o) ch JOIN source s ON s.id = ch.predictor_source_id
        WHERE TRUE
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('ambiguous', 'withdrawn'))::int), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0)
        ORDER BY 1
        ON CONFLICT (publisher) DO UPDATE SET predictions_made = t.predictions_made + EXCLUDED.predictions_made, predictions_open = t.predictions_open + EXCLUDED.predictions_open, predictions_confirmed = t.predictions_confirmed + EXCLUDED.predictions_confirmed, predictions_refuted = t.predictions_refuted + EXCLUDED.predictions_refuted, predictions_annulled = t.predictions_annulled + EXCLUDED.predictions_annulled$q$;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER summary_prediction_delete AFTER DELETE ON prediction REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.prediction_delete();

CREATE TRIGGER summary_prediction_truncate AFTER TRUNCATE ON prediction
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.rebuild_after_truncate();
"""

# prediction_actor: as claim_actor, in the months the prediction was made and resolved.
PREDICTION_ACTOR_TRIGGERS = r"""
CREATE FUNCTION reporting_summary.prediction_actor_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '32MB' AS $fn$
BEGIN
    EXECUTE $q$
        SELECT FROM prediction p WHERE p.id = ANY(ARRAY(SELECT parent_id FROM (SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id AS parent_id, r.actor_id FROM new_rows r) n) l)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.actor_pair_month AS t (month, actor_id, other_id, claims, predictions, resolutions)
        SELECT e.month, e.actor_id, e.other_id, coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)
        FROM (
        WITH e AS (SELECT * FROM (
        WITH link_delta AS (
            SELECT parent_id, actor_id, sum(sign) AS n FROM (SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id AS parent_id, r.actor_id FROM new_rows r) n) lc GROUP BY 1, 2 HAVING sum(sign) <> 0
        ), links_now AS (
            SELECT parent_id, actor_id, count(*) AS n
            FROM (
        SELECT prediction_id AS parent_id, actor_id FROM prediction_actor WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT prediction_id, supplier_id FROM arms_transfer WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT prediction_id, recipient_id FROM arms_transfer WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))) m GROUP BY 1, 2
        ), members AS (
            SELECT coalesce(a.parent_id, d.parent_id) AS parent_id, coalesce(a.actor_id, d.actor_id) AS actor_id,
                   coalesce(a.n, 0) > 0 AS is_in, coalesce(a.n, 0) - coalesce(d.n, 0) > 0 AS was_in
            FROM links_now a FULL JOIN link_delta d ON d.parent_id = a.parent_id AND d.actor_id = a.actor_id
        ), pairs AS (
            SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high,
                   (x.is_in AND y.is_in)::int - (x.was_in AND y.was_in)::int AS d
            FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id
            WHERE (x.is_in AND y.is_in) <> (x.was_in AND y.was_in)
        )
        
        SELECT reporting_summary.month_of(p.made_on) AS month, pr.actor_low, pr.actor_high, 0 AS claims, pr.d AS predictions,
               0 AS resolutions
        FROM (SELECT * FROM pairs) pr JOIN (SELECT id, made_on, resolved_on FROM prediction WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) p ON p.id = pr.parent_id
        UNION ALL
        SELECT reporting_summary.month_of(p.resolved_on), pr.actor_low, pr.actor_high, 0, 0, pr.d
        FROM (SELECT * FROM pairs) pr JOIN (SELECT id, made_on, resolved_on FROM prediction WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) p ON p.id = pr.parent_id
        WHERE p.resolved_on IS NOT NULL) event)
        SELECT month, actor_low AS actor_id, actor_high AS other_id, claims, predictions, resolutions FROM e
        UNION ALL
        SELECT month, actor_high, actor_low, claims, predictions, resolutions FROM e
    ) e
        WHERE TRUE
        GROUP BY 1, 2, 3
        HAVING (coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2, 3
        ON CONFLICT (month, actor_id, other_id) DO UPDATE SET claims = t.claims + EXCLUDED.claims, predictions = t.predictions + EXCLUDED.predictions, resolutions = t.resolutions + EXCLUDED.resolutions$q$;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER summary_prediction_actor_insert AFTER INSERT ON prediction_actor REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.prediction_actor_insert();

CREATE FUNCTION reporting_summary.prediction_actor_update() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '32MB' AS $fn$
BEGIN
    EXECUTE $q$
        SELECT FROM prediction p WHERE p.id = ANY(ARRAY(SELECT parent_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id AS parent_id, r.actor_id FROM old_rows r EXCEPT ALL SELECT r.prediction_id AS parent_id, r.actor_id FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id AS parent_id, r.actor_id FROM new_rows r EXCEPT ALL SELECT r.prediction_id AS parent_id, r.actor_id FROM old_rows r) n) l)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.actor_pair_month AS t (month, actor_id, other_id, claims, predictions, resolutions)
        SELECT e.month, e.actor_id, e.other_id, coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)
        FROM (
        WITH e AS (SELECT * FROM (
        WITH link_delta AS (
            SELECT parent_id, actor_id, sum(sign) AS n FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id AS parent_id, r.actor_id FROM old_rows r EXCEPT ALL SELECT r.prediction_id AS parent_id, r.actor_id FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id AS parent_id, r.actor_id FROM new_rows r EXCEPT ALL SELECT r.prediction_id AS parent_id, r.actor_id FROM old_rows r) n) lc GROUP BY 1, 2 HAVING sum(sign) <> 0
        ), links_now AS (
            SELECT parent_id, actor_id, count(*) AS n
            FROM (
        SELECT prediction_id AS parent_id, actor_id FROM prediction_actor WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT prediction_id, supplier_id FROM arms_transfer WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT prediction_id, recipient_id FROM arms_transfer WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))) m GROUP BY 1, 2
        ), members AS (
            SELECT coalesce(a.parent_id, d.parent_id) AS parent_id, coalesce(a.actor_id, d.actor_id) AS actor_id,
                   coalesce(a.n, 0) > 0 AS is_in, coalesce(a.n, 0) - coalesce(d.n, 0) > 0 AS was_in
            FROM links_now a FULL JOIN link_delta d ON d.parent_id = a.parent_id AND d.actor_id = a.actor_id
        ), pairs AS (
            SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high,
                   (x.is_in AND y.is_in)::int - (x.was_in AND y.was_in)::int AS d
            FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id
            WHERE (x.is_in AND y.is_in) <> (x.was_in AND y.was_in)
        )
        
        SELECT reporting_summary.month_of(p.made_on) AS month, pr.actor_low, pr.actor_high, 0 AS claims, pr.d AS predictions,
               0 AS resolutions
        FROM (SELECT * FROM pairs) pr JOIN (SELECT id, made_on, resolved_on FROM prediction WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) p ON p.id = pr.parent_id
        UNION ALL
        SELECT reporting_summary.month_of(p.resolved_on), pr.actor_low, pr.actor_high, 0, 0, pr.d
        FROM (SELECT * FROM pairs) pr JOIN (SELECT id, made_on, resolved_on FROM prediction WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) p ON p.id = pr.parent_id
        WHERE p.resolved_on IS NOT NULL) event)
        SELECT month, actor_low AS actor_id, actor_high AS other_id, claims, predictions, resolutions FROM e
        UNION ALL
        SELECT month, actor_high, actor_low, claims, predictions, resolutions FROM e
    ) e
        WHERE TRUE
        GROUP BY 1, 2, 3
        HAVING (coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2, 3
        ON CONFLICT (month, actor_id, other_id) DO UPDATE SET claims = t.claims + EXCLUDED.claims, predictions = t.predictions + EXCLUDED.predictions, resolutions = t.resolutions + EXCLUDED.resolutions$q$;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER summary_prediction_actor_update AFTER UPDATE ON prediction_actor REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.prediction_actor_update();

CREATE FUNCTION reporting_summary.prediction_actor_delete() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '32MB' AS $fn$
BEGIN
    EXECUTE $q$
        SELECT FROM prediction p WHERE p.id = ANY(ARRAY(SELECT parent_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id AS parent_id, r.actor_id FROM old_rows r) o) l)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.actor_pair_month AS t (month, actor_id, other_id, claims, predictions, resolutions)
        SELECT e.month, e.actor_id, e.other_id, coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)
        FROM (
        WITH e AS (SELECT * FROM (
        WITH link_delta AS (
            SELECT parent_id, actor_id, sum(sign) AS n FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id AS parent_id, r.actor_id FROM old_rows r) o) lc GROUP BY 1, 2 HAVING sum(sign) <> 0
        ), links_now AS (
            SELECT parent_id, actor_id, count(*) AS n
            FROM (
        SELECT prediction_id AS parent_id, actor_id FROM prediction_actor WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT prediction_id, supplier_id FROM arms_transfer WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT prediction_id, recipient_id FROM arms_transfer WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))) m GROUP BY 1, 2
        ), members AS (
            SELECT coalesce(a.parent_id, d.parent_id) AS parent_id, coalesce(a.actor_id, d.actor_id) AS actor_id,
                   coalesce(a.n, 0) > 0 AS is_in, coalesce(a.n, 0) - coalesce(d.n, 0) > 0 AS was_in
            FROM links_now a FULL JOIN link_delta d ON d.parent_id = a.parent_id AND d.actor_id = a.actor_id
        ), pairs AS (
            SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high,
                   (x.is_in AND y.is_in)::int - (x.was_in AND y.was_in)::int AS d
            FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id
            WHERE (x.is_in AND y.is_in) <> (x.was_in AND y.was_in)
        )
        
        SELECT reporting_summary.month_of(p.made_on) AS month, pr.actor_low, pr.actor_high, 0 AS claims, pr.d AS predictions,
               0 AS resolutions
        FROM (SELECT * FROM pairs) pr JOIN (SELECT id, made_on, resolved_on FROM prediction WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) p ON p.id = pr.parent_id
        UNION ALL
        SELECT reporting_summary.month_of(p.resolved_on), pr.actor_low, pr.actor_high, 0, 0, pr.d
        FROM (SELECT * FROM pairs) pr JOIN (SELECT id, made_on, resolved_on FROM prediction WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) p ON p.id = pr.parent_id
        WHERE p.resolved_on IS NOT NULL) event)
        SELECT month, actor_low AS actor_id, actor_high AS other_id, claims, predictions, resolutions FROM e
        UNION ALL
        SELECT month, actor_high, actor_low, claims, predictions, resolutions FROM e
    ) e
        WHERE TRUE
        GROUP BY 1, 2, 3
        HAVING (coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2, 3
        ON CONFLICT (month, actor_id, other_id) DO UPDATE SET claims = t.claims + EXCLUDED.claims, predictions = t.predictions + EXCLUDED.predictions, resolutions = t.resolutions + EXCLUDED.resolutions$q$;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER summary_prediction_actor_delete AFTER DELETE ON prediction_actor REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.prediction_actor_delete();

CREATE TRIGGER summary_prediction_actor_truncate AFTER TRUNCATE ON prediction_actor
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.rebuild_after_truncate();
"""

# prediction_tag: the tag's calibration bins, for decided predictions with a probability.
PREDICTION_TAG_TRIGGERS = r"""
CREATE FUNCTION reporting_summary.prediction_tag_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '32MB' AS $fn$
BEGIN
    EXECUTE $q$
        SELECT FROM prediction p WHERE p.id = ANY(ARRAY(SELECT prediction_id FROM (SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.tag_id FROM new_rows r) n) l)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.calibration_tag_record AS t (tag_id, bin, predictions, probability_sum, confirmed)
        SELECT l.tag_id, reporting_summary.calibration_bin(p.probability), coalesce(sum(l.sign), 0), coalesce(sum(l.sign * p.probability::numeric), 0), coalesce(sum(l.sign * (p.status = 'confirmed')::int), 0)
        FROM (SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.tag_id FROM new_rows r) n) l JOIN (SELECT id, status, probability FROM prediction WHERE id = ANY(ARRAY(SELECT prediction_id FROM (SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.tag_id FROM new_rows r) n) l))) p ON p.id = l.prediction_id
        WHERE p.status IN ('confirmed', 'refuted') AND p.probability IS NOT NULL
        GROUP BY 1, 2
        HAVING (coalesce(sum(l.sign), 0), coalesce(sum(l.sign * p.probability::numeric), 0), coalesce(sum(l.sign * (p.status = 'confirmed')::int), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2
        ON CONFLICT (tag_id, bin) DO UPDATE SET predictions = t.predictions + EXCLUDED.predictions, probability_sum = t.probability_sum + EXCLUDED.probability_sum, confirmed = t.confirmed + EXCLUDED.confirmed$q$;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER summary_prediction_tag_insert AFTER INSERT ON prediction_tag REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.prediction_tag_insert();

CREATE FUNCTION reporting_summary.prediction_tag_update() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '32MB' AS $fn$
BEGIN
    EXECUTE $q$
        SELECT FROM prediction p WHERE p.id = ANY(ARRAY(SELECT prediction_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.tag_id FROM old_rows r EXCEPT ALL SELECT r.prediction_id, r.tag_id FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.tag_id FROM new_rows r EXCEPT ALL SELECT r.prediction_id, r.tag_id FROM old_rows r) n) l)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.calibration_tag_record AS t (tag_id, bin, predictions, probability_sum, confirmed)
        SELECT l.tag_id, reporting_summary.calibration_bin(p.probability), coalesce(sum(l.sign), 0), coalesce(sum(l.sign * p.probability::numeric), 0), coalesce(sum(l.sign * (p.status = 'confirmed')::int), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.tag_id FROM old_rows r EXCEPT ALL SELECT r.prediction_id, r.tag_id FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.tag_id FROM new_rows r EXCEPT ALL SELECT r.prediction_id, r.tag_id FROM old_rows r) n) l JOIN (SELECT id, status, probability FROM prediction WHERE id = ANY(ARRAY(SELECT prediction_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.tag_id FROM old_rows r EXCEPT ALL SELECT r.prediction_id, r.tag_id FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.tag_id FROM new_rows r EXCEPT ALL SELECT r.prediction_id, r.tag_id FROM old_rows r) n) l))) p ON p.id = l.prediction_id
        WHERE p.status IN ('confirmed', 'refuted') AND p.probability IS NOT NULL
        GROUP BY 1, 2
        HAVING (coalesce(sum(l.sign), 0), coalesce(sum(l.sign * p.probability::numeric), 0), coalesce(sum(l.sign * (p.status = 'confirmed')::int), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2
        ON CONFLICT (tag_id, bin) DO UPDATE SET predictions = t.predictions + EXCLUDED.predictions, probability_sum = t.probability_sum + EXCLUDED.probability_sum, confirmed = t.confirmed + EXCLUDED.confirmed$q$;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER summary_prediction_tag_update AFTER UPDATE ON prediction_tag REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.prediction_tag_update();

CREATE FUNCTION reporting_summary.prediction_tag_delete() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '32MB' AS $fn$
BEGIN
    EXECUTE $q$
        SELECT FROM prediction p WHERE p.id = ANY(ARRAY(SELECT prediction_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.tag_id FROM old_rows r) o) l)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.calibration_tag_record AS t (tag_id, bin, predictions, probability_sum, confirmed)
        SELECT l.tag_id, reporting_summary.calibration_bin(p.probability), coalesce(sum(l.sign), 0), coalesce(sum(l.sign * p.probability::numeric), 0), coalesce(sum(l.sign * (p.status = 'confirmed')::int), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.tag_id FROM old_rows r) o) l JOIN (SELECT id, status, probability FROM prediction WHERE id = ANY(ARRAY(SELECT prediction_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.tag_id FROM old_rows r) o) l))) p ON p.id = l.prediction_id
        WHERE p.status IN ('confirmed', 'refuted') AND p.probability IS NOT NULL
        GROUP BY 1, 2
        HAVING (coalesce(sum(l.sign), 0), coalesce(sum(l.sign * p.probability::numeric), 0), coalesce(sum(l.sign * (p.status = 'confirmed')::int), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2
        ON CONFLICT (tag_id, bin) DO UPDATE SET predictions = t.predictions + EXCLUDED.predictions, probability_sum = t.probability_sum + EXCLUDED.probability_sum, confirmed = t.confirmed + EXCLUDED.confirmed$q$;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER summary_prediction_tag_delete AFTER DELETE ON prediction_tag REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.prediction_tag_delete();

CREATE TRIGGER summary_prediction_tag_truncate AFTER TRUNCATE ON prediction_tag
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.rebuild_after_truncate();
"""

# source: its publisher's count per reliability grade, and its own track record's row (with a copy
# of its title). An UPDATE that changes the publisher moves the source's predictions and the
# claims it supports (each claim once per publisher, before and after) to the new publisher; the
# claims are locked first.
SOURCE_TRIGGERS = r"""
CREATE FUNCTION reporting_summary.source_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '32MB' AS $fn$
BEGIN
    EXECUTE $q$INSERT INTO reporting_summary.source_record AS t (source_id, title) SELECT id, title FROM new_rows ORDER BY id ON CONFLICT (source_id) DO UPDATE SET title = EXCLUDED.title WHERE t.title <> EXCLUDED.title$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.publisher_record AS t (publisher, grade_a, grade_b, grade_c, grade_d, grade_e, grade_f, claims_supported, supported_confirmed, supported_refuted, predictions_made, predictions_open, predictions_confirmed, predictions_refuted, predictions_annulled)
        SELECT u.publisher, coalesce(sum(u.grade_a), 0), coalesce(sum(u.grade_b), 0), coalesce(sum(u.grade_c), 0), coalesce(sum(u.grade_d), 0), coalesce(sum(u.grade_e), 0), coalesce(sum(u.grade_f), 0), coalesce(sum(u.claims_supported), 0), coalesce(sum(u.supported_confirmed), 0), coalesce(sum(u.supported_refuted), 0), coalesce(sum(u.predictions_made), 0), coalesce(sum(u.predictions_open), 0), coalesce(sum(u.predictions_confirmed), 0), coalesce(sum(u.predictions_refuted), 0), coalesce(sum(u.predictions_annulled), 0)
        FROM (SELECT ch.publisher AS publisher, ch.sign * (ch.reliability = 'A')::int AS grade_a, ch.sign * (ch.reliability = 'B')::int AS grade_b, ch.sign * (ch.reliability = 'C')::int AS grade_c, ch.sign * (ch.reliability = 'D')::int AS grade_d, ch.sign * (ch.reliability = 'E')::int AS grade_e, ch.sign * (ch.reliability = 'F')::int AS grade_f, 0 AS claims_supported, 0 AS supported_confirmed, 0 AS supported_refuted, 0 AS predictions_made, 0 AS predictions_open, 0 AS predictions_confirmed, 0 AS predictions_refuted, 0 AS predictions_annulled FROM (SELECT n.*, 1 AS sign FROM (SELECT r.id, coalesce(r.publisher, '(no publisher)') AS publisher, r.reliability FROM new_rows r) n) ch) u
        WHERE TRUE
        GROUP BY 1
        HAVING (coalesce(sum(u.grade_a), 0), coalesce(sum(u.grade_b), 0), coalesce(sum(u.grade_c), 0), coalesce(sum(u.grade_d), 0), coalesce(sum(u.grade_e), 0), coalesce(sum(u.grade_f), 0), coalesce(sum(u.claims_supported), 0), coalesce(sum(u.supported_confirmed), 0), coalesce(sum(u.supported_refuted), 0), coalesce(sum(u.predictions_made), 0), coalesce(sum(u.predictions_open), 0), coalesce(sum(u.predictions_confirmed), 0), coalesce(sum(u.predictions_refuted), 0), coalesce(sum(u.predictions_annulled), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        ORDER BY 1
        ON CONFLICT (publisher) DO UPDATE SET grade_a = t.grade_a + EXCLUDED.grade_a, grade_b = t.grade_b + EXCLUDED.grade_b, grade_c = t.grade_c + EXCLUDED.grade_c, grade_d = t.grade_d + EXCLUDED.grade_d, grade_e = t.grade_e + EXCLUDED.grade_e, grade_f = t.grade_f + EXCLUDED.grade_f, claims_supported = t.claims_supported + EXCLUDED.claims_supported, supported_confirmed = t.supported_confirmed + EXCLUDED.supported_confirmed, supported_refuted = t.supported_refuted + EXCLUDED.supported_refuted, predictions_made = t.predictions_made + EXCLUDED.predictions_made, predictions_open = t.predictions_open + EXCLUDED.predictions_open, predictions_confirmed = t.predictions_confirmed + EXCLUDED.predictions_confirmed, predictions_refuted = t.predictions_refuted + EXCLUDED.predictions_refuted, predictions_annulled = t.predictions_annulled + EXCLUDED.predictions_annulled$q$;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER summary_source_insert AFTER INSERT ON source REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.source_insert();

CREATE FUNCTION reporting_summary.source_update() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '32MB' AS $fn$
BEGIN
    EXECUTE $q$
        SELECT FROM claim p WHERE p.id = ANY(ARRAY(
            SELECT DISTINCT cs.claim_id FROM claim_source cs
            WHERE cs.stance = 'supports' AND cs.source_id IN (SELECT id FROM (
            SELECT o.id, coalesce(o.publisher, '(no publisher)') AS before, coalesce(n.publisher, '(no publisher)') AS after
            FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE coalesce(o.publisher, '(no publisher)') <> coalesce(n.publisher, '(no publisher)')) m))) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$DELETE FROM reporting_summary.source_record WHERE source_id IN (SELECT id FROM old_rows EXCEPT SELECT id FROM new_rows)$q$;
    EXECUTE $q$INSERT INTO reporting_summary.source_record AS t (source_id, title) SELECT id, title FROM new_rows ORDER BY id ON CONFLICT (source_id) DO UPDATE SET title = EXCLUDED.title WHERE t.title <> EXCLUDED.title$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.publisher_record AS t (publisher, grade_a, grade_b, grade_c, grade_d, grade_e, grade_f, claims_supported, supported_confirmed, supported_refuted, predictions_made, predictions_open, predictions_confirmed, predictions_refuted, predictions_annulled)
        SELECT u.publisher, coalesce(sum(u.grade_a), 0), coalesce(sum(u.grade_b), 0), coalesce(sum(u.grade_c), 0), coalesce(sum(u.grade_d), 0), coalesce(sum(u.grade_e), 0), coalesce(sum(u.grade_f), 0), coalesce(sum(u.claims_supported), 0), coalesce(sum(u.supported_confirmed), 0), coalesce(sum(u.supported_refuted), 0), coalesce(sum(u.predictions_made), 0), coalesce(sum(u.predictions_open), 0), coalesce(sum(u.predictions_confirmed), 0), coalesce(sum(u.predictions_refuted), 0), coalesce(sum(u.predictions_annulled), 0)
        FROM (SELECT ch.publisher AS publisher, ch.sign * (ch.reliability = 'A')::int AS grade_a, ch.sign * (ch.reliability = 'B')::int AS grade_b, ch.sign * (ch.reliability = 'C')::int AS grade_c, ch.sign * (ch.reliability = 'D')::int AS grade_d, ch.sign * (ch.reliability = 'E')::int AS grade_e, ch.sign * (ch.reliability = 'F')::int AS grade_f, 0 AS claims_supported, 0 AS supported_confirmed, 0 AS supported_refuted, 0 AS predictions_made, 0 AS predictions_open, 0 AS predictions_confirmed, 0 AS predictions_refuted, 0 AS predictions_annulled FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, coalesce(r.publisher, '(no publisher)') AS publisher, r.reliability FROM old_rows r EXCEPT ALL SELECT r.id, coalesce(r.publisher, '(no publisher)') AS publisher, r.reliability FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.id, coalesce(r.publisher, '(no publisher)') AS publisher, r.reliability FROM new_rows r EXCEPT ALL SELECT r.id, coalesce(r.publisher, '(no publisher)') AS publisher, r.reliability FROM old_rows r) n) ch UNION ALL SELECT m.publisher AS publisher, 0 AS grade_a, 0 AS grade_b, 0 AS grade_c, 0 AS grade_d, 0 AS grade_e, 0 AS grade_f, 0 AS claims_supported, 0 AS supported_confirmed, 0 AS supported_refuted, m.sign * r.predictions_made AS predictions_made, m.sign * r.predictions_open AS predictions_open, m.sign * r.predictions_confirmed AS predictions_confirmed, m.sign * r.predictions_refuted AS predictions_refuted, m.sign * r.predictions_annulled AS predictions_annulled FROM (SELECT id, after AS publisher, 1 AS sign FROM (
            SELECT o.id, coalesce(o.publisher, '(no publisher)') AS before, coalesce(n.publisher, '(no publisher)') AS after
            FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE coalesce(o.publisher, '(no publisher)') <> coalesce(n.publisher, '(no publisher)')) m1
                 UNION ALL SELECT id, before, -1 FROM (
            SELECT o.id, coalesce(o.publisher, '(no publisher)') AS before, coalesce(n.publisher, '(no publisher)') AS after
            FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE coalesce(o.publisher, '(no publisher)') <> coalesce(n.publisher, '(no publisher)')) m2) m
                JOIN reporting_summary.source_record r ON r.source_id = m.id UNION ALL SELECT ch.publisher AS publisher, 0 AS grade_a, 0 AS grade_b, 0 AS grade_c, 0 AS grade_d, 0 AS grade_e, 0 AS grade_f, ch.sign AS claims_supported, ch.sign * (c.status = 'confirmed')::int AS supported_confirmed, ch.sign * (c.status = 'refuted')::int AS supported_refuted, 0 AS predictions_made, 0 AS predictions_open, 0 AS predictions_confirmed, 0 AS predictions_refuted, 0 AS predictions_annulled FROM (
            SELECT x.claim_id, x.publisher, sum(x.sign) AS sign FROM (
                SELECT DISTINCT cs.claim_id, coalesce(m.after, s.publisher, '(no publisher)') AS publisher, 1 AS sign
                FROM claim_source cs JOIN source s ON s.id = cs.source_id LEFT JOIN (
            SELECT o.id, coalesce(o.publisher, '(no publisher)') AS before, coalesce(n.publisher, '(no publisher)') AS after
            FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE coalesce(o.publisher, '(no publisher)') <> coalesce(n.publisher, '(no publisher)')) m ON m.id = cs.source_id
                WHERE cs.stance = 'supports' AND cs.claim_id IN (
            SELECT DISTINCT cs.claim_id FROM claim_source cs
            WHERE cs.stance = 'supports' AND cs.source_id IN (SELECT id FROM (
            SELECT o.id, coalesce(o.publisher, '(no publisher)') AS before, coalesce(n.publisher, '(no publisher)') AS after
            FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE coalesce(o.publisher, '(no publisher)') <> coalesce(n.publisher, '(no publisher)')) m))
                UNION ALL
                SELECT DISTINCT cs.claim_id, coalesce(m.before, s.publisher, '(no publisher)'), -1
                FROM claim_source cs JOIN source s ON s.id = cs.source_id LEFT JOIN (
            SELECT o.id, coalesce(o.publisher, '(no publisher)') AS before, coalesce(n.publisher, '(no publisher)') AS after
            FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE coalesce(o.publisher, '(no publisher)') <> coalesce(n.publisher, '(no publisher)')) m ON m.id = cs.source_id
                WHERE cs.stance = 'supports' AND cs.claim_id IN (
            SELECT DISTINCT cs.claim_id FROM claim_source cs
            WHERE cs.stance = 'supports' AND cs.source_id IN (SELECT id FROM (
            SELECT o.id, coalesce(o.publisher, '(no publisher)') AS before, coalesce(n.publisher, '(no publisher)') AS after
            FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE coalesce(o.publisher, '(no publisher)') <> coalesce(n.publisher, '(no publisher)')) m))
            ) x GROUP BY 1, 2 HAVING sum(x.sign) <> 0) ch JOIN claim c ON c.id = ch.claim_id) u
        WHERE TRUE
        GROUP BY 1
        HAVING (coalesce(sum(u.grade_a), 0), coalesce(sum(u.grade_b), 0), coalesce(sum(u.grade_c), 0), coalesce(sum(u.grade_d), 0), coalesce(sum(u.grade_e), 0), coalesce(sum(u.grade_f), 0), coalesce(sum(u.claims_supported), 0), coalesce(sum(u.supported_confirmed), 0), coalesce(sum(u.supported_refuted), 0), coalesce(sum(u.predictions_made), 0), coalesce(sum(u.predictions_open), 0), coalesce(sum(u.predictions_confirmed), 0), coalesce(sum(u.predictions_refuted), 0), coalesce(sum(u.predictions_annulled), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        ORDER BY 1
        ON CONFLICT (publisher) DO UPDATE SET grade_a = t.grade_a + EXCLUDED.grade_a, grade_b = t.grade_b + EXCLUDED.grade_b, grade_c = t.grade_c + EXCLUDED.grade_c, grade_d = t.grade_d + EXCLUDED.grade_d, grade_e = t.grade_e + EXCLUDED.grade_e, grade_f = t.grade_f + EXCLUDED.grade_f, claims_supported = t.claims_supported + EXCLUDED.claims_supported, supported_confirmed = t.supported_confirmed + EXCLUDED.supported_confirmed, supported_refuted = t.supported_refuted + EXCLUDED.supported_refuted, predictions_made = t.predictions_made + EXCLUDED.predictions_made, predictions_open = t.predictions_open + EXCLUDED.predictions_open, predictions_confirmed = t.predictions_confirmed + EXCLUDED.predictions_confirmed, predictions_refuted = t.predictions_refuted + EXCLUDED.predictions_refuted, predictions_annulled = t.predictions_annulled + EXCLUDED.predictions_annulled$q$;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER summary_source_update AFTER UPDATE ON source REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.source_update();

CREATE FUNCTION reporting_summary.source_delete() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '32MB' AS $fn$
BEGIN
    EXECUTE $q$DELETE FROM reporting_summary.source_record WHERE source_id IN (SELECT id FROM old_rows EXCEPT SELECT id FROM old_rows WHERE FALSE)$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.publisher_record AS t (publisher, grade_a, grade_b, grade_c, grade_d, grade_e, grade_f, claims_supported, supported_confirmed, supported_refuted, predictions_made, predictions_open, predictions_confirmed, predictions_refuted, predictions_annulled)
        SELECT u.publisher, coalesce(sum(u.grade_a), 0), coalesce(sum(u.grade_b), 0), coalesce(sum(u.grade_c), 0), coalesce(sum(u.grade_d), 0), coalesce(sum(u.grade_e), 0), coalesce(sum(u.grade_f), 0), coalesce(sum(u.claims_supported), 0), coalesce(sum(u.supported_confirmed), 0), coalesce(sum(u.supported_refuted), 0), coalesce(sum(u.predictions_made), 0), coalesce(sum(u.predictions_open), 0), coalesce(sum(u.predictions_confirmed), 0), coalesce(sum(u.predictions_refuted), 0), coalesce(sum(u.predictions_annulled), 0)
        FROM (SELECT ch.publisher AS publisher, ch.sign * (ch.reliability = 'A')::int AS grade_a, ch.sign * (ch.reliability = 'B')::int AS grade_b, ch.sign * (ch.reliability = 'C')::int AS grade_c, ch.sign * (ch.reliability = 'D')::int AS grade_d, ch.sign * (ch.reliability = 'E')::int AS grade_e, ch.sign * (ch.reliability = 'F')::int AS grade_f, 0 AS claims_supported, 0 AS supported_confirmed, 0 AS supported_refuted, 0 AS predictions_made, 0 AS predictions_open, 0 AS predictions_confirmed, 0 AS predictions_refuted, 0 AS predictions_annulled FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, coalesce(r.publisher, '(no publisher)') AS publisher, r.reliability FROM old_rows r) o) ch) u
        WHERE TRUE
        GROUP BY 1
        HAVING (coalesce(sum(u.grade_a), 0), coalesce(sum(u.grade_b), 0), coalesce(sum(u.grade_c), 0), coalesce(sum(u.grade_d), 0), coalesce(sum(u.grade_e), 0), coalesce(sum(u.grade_f), 0), coalesce(sum(u.claims_supported), 0), coalesce(sum(u.supported_confirmed), 0), coalesce(sum(u.supported_refuted), 0), coalesce(sum(u.predictions_made), 0), coalesce(sum(u.predictions_open), 0), coalesce(sum(u.predictions_confirmed), 0), coalesce(sum(u.predictions_refuted), 0), coalesce(sum(u.predictions_annulled), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        ORDER BY 1
        ON CONFLICT (publisher) DO UPDATE SET grade_a = t.grade_a + EXCLUDED.grade_a, grade_b = t.grade_b + EXCLUDED.grade_b, grade_c = t.grade_c + EXCLUDED.grade_c, grade_d = t.grade_d + EXCLUDED.grade_d, grade_e = t.grade_e + EXCLUDED.grade_e, grade_f = t.grade_f + EXCLUDED.grade_f, claims_supported = t.claims_supported + EXCLUDED.claims_supported, supported_confirmed = t.supported_confirmed + EXCLUDED.supported_confirmed, supported_refuted = t.supported_refuted + EXCLUDED.supported_refuted, predictions_made = t.predictions_made + EXCLUDED.predictions_made, predictions_open = t.predictions_open + EXCLUDED.predictions_open, predictions_confirmed = t.predictions_confirmed + EXCLUDED.predictions_confirmed, predictions_refuted = t.predictions_refuted + EXCLUDED.predictions_refuted, predictions_annulled = t.predictions_annulled + EXCLUDED.predictions_annulled$q$;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER summary_source_delete AFTER DELETE ON source REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.source_delete();

CREATE TRIGGER summary_source_truncate AFTER TRUNCATE ON source
    FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.rebuild_after_truncate();
"""

# A claim or prediction being deleted loses its links first, while it can still be read.
UNLINK = r"""
CREATE FUNCTION reporting_summary.claim_unlink() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp AS $fn$
BEGIN
    EXECUTE $q$DELETE FROM claim_source WHERE claim_id = $1$q$ USING OLD.id;
    EXECUTE $q$DELETE FROM claim_actor WHERE claim_id = $1$q$ USING OLD.id;
    EXECUTE $q$DELETE FROM arms_transfer WHERE claim_id = $1$q$ USING OLD.id;
    RETURN OLD;
END
$fn$;
CREATE TRIGGER summary_claim_unlink BEFORE DELETE ON claim
    FOR EACH ROW EXECUTE FUNCTION reporting_summary.claim_unlink();

CREATE FUNCTION reporting_summary.prediction_unlink() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp AS $fn$
BEGIN
    EXECUTE $q$DELETE FROM prediction_tag WHERE prediction_id = $1$q$ USING OLD.id;
    EXECUTE $q$DELETE FROM prediction_actor WHERE prediction_id = $1$q$ USING OLD.id;
    EXECUTE $q$DELETE FROM arms_transfer WHERE prediction_id = $1$q$ USING OLD.id;
    RETURN OLD;
END
$fn$;
CREATE TRIGGER summary_prediction_unlink BEFORE DELETE ON prediction
    FOR EACH ROW EXECUTE FUNCTION reporting_summary.prediction_unlink();
"""

# Functions run with their owner's rights: nobody else calls them (triggers need no EXECUTE right).
# The open predictions' deadline index, now with the id (the reports' tie-break) and the
# predictor, so "overdue" per predictor is read from the index alone. recent_changes, newest
# first, is the history's changed_at index read backwards; with the id, ties in changed_at (an
# import's history) cost no sort of the whole tie.
PRIVILEGES_AND_INDEXES = r"""
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA reporting_summary FROM PUBLIC;

DROP INDEX ix_prediction_open_resolve_by;
CREATE INDEX ix_prediction_open_resolve_by ON prediction (resolve_by, id)
    INCLUDE (predictor_actor_id, predictor_source_id) WHERE status = 'open';

DROP INDEX ix_status_history_changed_at;
CREATE INDEX ix_status_history_changed_at ON status_history (changed_at, id);
"""

# The summaries' own indexes, built once over the backfilled rows rather than row by row.
SUMMARY_INDEXES = r"""
CREATE INDEX source_record_rank ON reporting_summary.source_record
    (claims_supported DESC, predictions_made DESC, title, source_id);
CREATE INDEX actor_pair_month_actor ON reporting_summary.actor_pair_month (actor_id, month);
CREATE INDEX actor_pair_month_other ON reporting_summary.actor_pair_month (other_id, month);

ANALYZE reporting_summary.claim_status_count;
ANALYZE reporting_summary.predictor_record;
ANALYZE reporting_summary.calibration_record;
ANALYZE reporting_summary.calibration_tag_record;
ANALYZE reporting_summary.source_record;
ANALYZE reporting_summary.publisher_record;
ANALYZE reporting_summary.arms_transfer_record;
ANALYZE reporting_summary.actor_pair_month;
"""

# The aggregate views of 20261127_0002, now reading the totals. (Their current definitions, should
# a later revision change them: claimtrack/reports/sql/.)
VIEWS = r"""
CREATE OR REPLACE VIEW reporting.prediction_scoreboard AS
SELECT
    coalesce(a.name, s.title, '(unattributed)') AS predictor,
    CASE WHEN r.actor_id <> 0 THEN 'actor' WHEN r.source_id <> 0 THEN 'source' ELSE 'unattributed' END
        AS predictor_kind,
    r.total,
    r.open,
    coalesce(o.overdue, 0) AS overdue,
    r.confirmed,
    r.refuted,
    r.ambiguous,
    r.withdrawn,
    r.confirmed + r.refuted AS decided,
    r.confirmed::float8 / nullif(r.confirmed + r.refuted, 0) AS hit_rate,
    r.scored,
    (r.squared_error / nullif(r.scored, 0))::float8 AS brier_score,
    (r.log_loss / nullif(r.scored, 0))::float8 AS log_score,
    nullif(r.actor_id, 0) AS predictor_actor_id,
    nullif(r.source_id, 0) AS predictor_source_id
FROM reporting_summary.predictor_record r
LEFT JOIN actor a ON a.id = r.actor_id
LEFT JOIN source s ON s.id = r.source_id
LEFT JOIN (
    -- Overdue depends on today: counted from the partial index on open predictions' deadlines.
    SELECT coalesce(predictor_actor_id, 0) AS actor_id,
           CASE WHEN predictor_actor_id IS NULL THEN coalesce(predictor_source_id, 0) ELSE 0 END AS source_id,
           count(*) AS overdue
    FROM prediction WHERE status = 'open' AND resolve_by < current_date
    GROUP BY 1, 2
) o ON o.actor_id = r.actor_id AND o.source_id = r.source_id
WHERE r.total > 0
ORDER BY brier_score NULLS LAST, total DESC, predictor;

CREATE OR REPLACE VIEW reporting.calibration AS
SELECT
    -- From the bin's totals r (absent for an empty bin): the means are sums over counts.
    b.label AS bin,
    b.low AS bin_low,
    b.high AS bin_high,
    coalesce(r.predictions, 0) AS predictions,
    (r.probability_sum / nullif(r.predictions, 0))::float8 AS mean_forecast,
    r.confirmed::float8 / nullif(r.predictions, 0) AS observed_frequency,
    coalesce(r.confirmed, 0) AS confirmed,
    coalesce(r.predictions - r.confirmed, 0) AS refuted
FROM (SELECT bin, label, low, high FROM reporting.calibration_bins) b
LEFT JOIN reporting_summary.calibration_record r ON r.bin = b.bin
ORDER BY b.bin;

CREATE OR REPLACE VIEW reporting.calibration_by_tag AS
SELECT
    t.name AS tag,
    b.label AS bin,
    b.low AS bin_low,
    b.high AS bin_high,
    coalesce(r.predictions, 0) AS predictions,
    (r.probability_sum / nullif(r.predictions, 0))::float8 AS mean_forecast,
    r.confirmed::float8 / nullif(r.predictions, 0) AS observed_frequency,
    coalesce(r.confirmed, 0) AS confirmed,
    coalesce(r.predictions - r.confirmed, 0) AS refuted
FROM (SELECT tag_id FROM reporting_summary.calibration_tag_record GROUP BY tag_id HAVING sum(predictions) > 0) tags
JOIN tag t ON t.id = tags.tag_id
CROSS JOIN (SELECT bin, label, low, high FROM reporting.calibration_bins) b
LEFT JOIN reporting_summary.calibration_tag_record r ON r.tag_id = tags.tag_id AND r.bin = b.bin AND r.predictions > 0
ORDER BY t.name, b.bin;

CREATE OR REPLACE VIEW reporting.source_track_record AS
SELECT
    s.id AS source_id,
    r.title AS source,
    s.publisher,
    s.kind,
    s.reliability,
    r.claims_supported,
    r.supported_confirmed,
    r.supported_refuted,
    r.predictions_made,
    r.predictions_open,
    r.predictions_confirmed,
    r.predictions_refuted,
    r.predictions_annulled,
    s.url
FROM reporting_summary.source_record r
JOIN source s ON s.id = r.source_id;

CREATE OR REPLACE VIEW reporting.publisher_track_record AS
SELECT
    r.publisher,
    r.grade_a + r.grade_b + r.grade_c + r.grade_d + r.grade_e + r.grade_f AS sources,
    concat_ws(', ',
        CASE WHEN r.grade_a > 0 THEN 'A' END,
        CASE WHEN r.grade_b > 0 THEN 'B' END,
        CASE WHEN r.grade_c > 0 THEN 'C' END,
        CASE WHEN r.grade_d > 0 THEN 'D' END,
        CASE WHEN r.grade_e > 0 THEN 'E' END,
        CASE WHEN r.grade_f > 0 THEN 'F' END
    ) AS reliability,
    r.claims_supported,
    r.supported_confirmed,
    r.supported_refuted,
    r.predictions_made,
    r.predictions_open,
    r.predictions_confirmed,
    r.predictions_refuted,
    r.predictions_annulled
FROM reporting_summary.publisher_record r
WHERE r.grade_a + r.grade_b + r.grade_c + r.grade_d + r.grade_e + r.grade_f > 0
ORDER BY r.claims_supported DESC, r.predictions_made DESC, r.publisher;

CREATE OR REPLACE VIEW reporting.actor_timeline AS
SELECT
    r.month,
    a.name AS actor_a,
    b.name AS actor_b,
    r.claims,
    r.predictions,
    r.resolutions,
    r.actor_id AS actor_a_id,
    r.other_id AS actor_b_id
FROM reporting_summary.actor_pair_month r
JOIN actor a ON a.id = r.actor_id
JOIN actor b ON b.id = r.other_id
WHERE a.name < b.name AND (r.claims > 0 OR r.predictions > 0 OR r.resolutions > 0);

CREATE OR REPLACE VIEW reporting.arms_transfers AS
SELECT
    sup.name AS supplier,
    rec.name AS recipient,
    r.category,
    r.item,
    r.expected,
    r.confirmed,
    r.refuted,
    r.annulled,
    r.claims,
    r.supplier_id,
    r.recipient_id
FROM reporting_summary.arms_transfer_record r
JOIN actor sup ON sup.id = r.supplier_id
JOIN actor rec ON rec.id = r.recipient_id
WHERE r.expected + r.confirmed + r.refuted + r.annulled + r.claims > 0;

CREATE OR REPLACE VIEW reporting.claim_status_summary AS
SELECT
    st.status,
    coalesce(c.claims, 0) AS claims,
    coalesce(c.claims, 0)::float8 / nullif(sum(coalesce(c.claims, 0)) OVER (), 0)::float8 AS share
FROM (VALUES (1, 'unverified'), (2, 'corroborated'), (3, 'contested'),
             (4, 'confirmed'), (5, 'refuted'), (6, 'retracted')) AS st(position, status)
LEFT JOIN reporting_summary.claim_status_count c ON c.status = st.status
ORDER BY st.position;
"""


def upgrade() -> None:
    # The functions fix their search_path to public, where claimtrack's tables are (the templates
    # took the schema from current_schema() at upgrade time).
    schema = op.get_bind().exec_driver_sql("SELECT current_schema()").scalar()
    if schema != "public":
        raise RuntimeError(
            f"claimtrack's tables must be in schema public, not {schema!r}: "
            "migrate with the database's default search_path."
        )
    for sql in (
        SCHEMA,
        SCORING_FUNCTIONS,
        TABLES,
        REBUILD,
        CLAIM_TRIGGERS,
        CLAIM_SOURCE_TRIGGERS,
        CLAIM_ACTOR_TRIGGERS,
        ARMS_TRANSFER_TRIGGERS,
        PREDICTION_TRIGGERS,
        PREDICTION_ACTOR_TRIGGERS,
        PREDICTION_TAG_TRIGGERS,
        SOURCE_TRIGGERS,
        UNLINK,
        PRIVILEGES_AND_INDEXES,
    ):
        op.execute(sql)
    op.execute("SELECT reporting_summary.rebuild()")  # the backfill
    op.execute(SUMMARY_INDEXES)
    op.execute(VIEWS)


# The views as 20261127_0002 created them (copied from it; the downgrade test compares the result
# with a database migrated to 20261127_0002 only).
VIEWS_BEFORE = r"""
CREATE OR REPLACE VIEW reporting.prediction_scoreboard AS
SELECT
    predictor,
    predictor_kind,
    count(*) AS total,
    count(*) FILTER (WHERE status = 'open') AS open,
    count(*) FILTER (WHERE overdue) AS overdue,
    count(*) FILTER (WHERE status = 'confirmed') AS confirmed,
    count(*) FILTER (WHERE status = 'refuted') AS refuted,
    count(*) FILTER (WHERE status = 'ambiguous') AS ambiguous,
    count(*) FILTER (WHERE status = 'withdrawn') AS withdrawn,
    count(outcome) AS decided,
    (count(*) FILTER (WHERE status = 'confirmed'))::float8 / nullif(count(outcome), 0) AS hit_rate,
    count(squared_error) AS scored,
    avg(squared_error) AS brier_score,
    avg(log_loss) AS log_score,
    actor_key AS predictor_actor_id,
    source_key AS predictor_source_id
FROM (
    SELECT o.*,
           CASE WHEN o.predictor_kind = 'actor' THEN o.predictor_actor_id END AS actor_key,
           CASE WHEN o.predictor_kind = 'source' THEN o.predictor_source_id END AS source_key
    FROM reporting.prediction_outcomes o
) o
GROUP BY predictor_kind, actor_key, source_key, predictor
ORDER BY brier_score NULLS LAST, total DESC, predictor;

CREATE OR REPLACE VIEW reporting.calibration AS
SELECT
    b.label AS bin,
    b.low AS bin_low,
    b.high AS bin_high,
    count(o.prediction_id) AS predictions,
    avg(o.probability) AS mean_forecast,
    avg(o.outcome::float8) AS observed_frequency,
    count(*) FILTER (WHERE o.outcome = 1) AS confirmed,
    count(*) FILTER (WHERE o.outcome = 0) AS refuted
FROM reporting.calibration_bins b
LEFT JOIN reporting.prediction_outcomes o ON o.calibration_bin = b.bin AND o.outcome IS NOT NULL
GROUP BY b.bin, b.label, b.low, b.high
ORDER BY b.bin;

CREATE OR REPLACE VIEW reporting.calibration_by_tag AS
WITH tagged AS (
    SELECT t.name AS tag, o.prediction_id, o.probability, o.outcome, o.calibration_bin
    FROM reporting.prediction_outcomes o
    JOIN prediction_tag pt ON pt.prediction_id = o.prediction_id
    JOIN tag t ON t.id = pt.tag_id
    WHERE o.outcome IS NOT NULL AND o.probability IS NOT NULL
)
SELECT
    tags.tag,
    b.label AS bin,
    b.low AS bin_low,
    b.high AS bin_high,
    count(x.prediction_id) AS predictions,
    avg(x.probability) AS mean_forecast,
    avg(x.outcome::float8) AS observed_frequency,
    count(*) FILTER (WHERE x.outcome = 1) AS confirmed,
    count(*) FILTER (WHERE x.outcome = 0) AS refuted
FROM (SELECT DISTINCT tag FROM tagged) tags
CROSS JOIN reporting.calibration_bins b
LEFT JOIN tagged x ON x.tag = tags.tag AND x.calibration_bin = b.bin
GROUP BY tags.tag, b.bin, b.label, b.low, b.high
ORDER BY tags.tag, b.bin;

CREATE OR REPLACE VIEW reporting.source_track_record AS
SELECT
    s.id AS source_id,
    s.title AS source,
    s.publisher,
    s.kind,
    s.reliability,
    coalesce(c.claims_supported, 0) AS claims_supported,
    coalesce(c.supported_confirmed, 0) AS supported_confirmed,
    coalesce(c.supported_refuted, 0) AS supported_refuted,
    coalesce(p.predictions_made, 0) AS predictions_made,
    coalesce(p.predictions_open, 0) AS predictions_open,
    coalesce(p.predictions_confirmed, 0) AS predictions_confirmed,
    coalesce(p.predictions_refuted, 0) AS predictions_refuted,
    coalesce(p.predictions_annulled, 0) AS predictions_annulled,
    s.url
FROM source s
LEFT JOIN (
    SELECT cs.source_id,
           count(*) AS claims_supported,
           count(*) FILTER (WHERE c.status = 'confirmed') AS supported_confirmed,
           count(*) FILTER (WHERE c.status = 'refuted') AS supported_refuted
    FROM claim_source cs JOIN claim c ON c.id = cs.claim_id
    WHERE cs.stance = 'supports'
    GROUP BY cs.source_id
) c ON c.source_id = s.id
LEFT JOIN (
    SELECT predictor_source_id AS source_id,
           count(*) AS predictions_made,
           count(*) FILTER (WHERE status = 'open') AS predictions_open,
           count(*) FILTER (WHERE status = 'confirmed') AS predictions_confirmed,
           count(*) FILTER (WHERE status = 'refuted') AS predictions_refuted,
           count(*) FILTER (WHERE status IN ('ambiguous', 'withdrawn')) AS predictions_annulled
    FROM prediction
    WHERE predictor_source_id IS NOT NULL
    GROUP BY predictor_source_id
) p ON p.source_id = s.id
ORDER BY claims_supported DESC, predictions_made DESC, s.title, s.id;

CREATE OR REPLACE VIEW reporting.publisher_track_record AS
WITH sources AS (
    SELECT coalesce(publisher, '(no publisher)') AS publisher,
           count(*) AS sources,
           string_agg(DISTINCT reliability, ', ' ORDER BY reliability) AS reliability
    FROM source GROUP BY 1
), claims AS (
    SELECT coalesce(s.publisher, '(no publisher)') AS publisher,
           count(DISTINCT cs.claim_id) AS claims_supported,
           count(DISTINCT cs.claim_id) FILTER (WHERE c.status = 'confirmed') AS supported_confirmed,
           count(DISTINCT cs.claim_id) FILTER (WHERE c.status = 'refuted') AS supported_refuted
    FROM claim_source cs JOIN source s ON s.id = cs.source_id JOIN claim c ON c.id = cs.claim_id
    WHERE cs.stance = 'supports'
    GROUP BY 1
), predictions AS (
    SELECT coalesce(s.publisher, '(no publisher)') AS publisher,
           count(*) AS predictions_made,
           count(*) FILTER (WHERE p.status = 'open') AS predictions_open,
           count(*) FILTER (WHERE p.status = 'confirmed') AS predictions_confirmed,
           count(*) FILTER (WHERE p.status = 'refuted') AS predictions_refuted,
           count(*) FILTER (WHERE p.status IN ('ambiguous', 'withdrawn')) AS predictions_annulled
    FROM prediction p JOIN source s ON s.id = p.predictor_source_id
    GROUP BY 1
)
SELECT
    so.publisher,
    so.sources,
    so.reliability,
    coalesce(c.claims_supported, 0) AS claims_supported,
    coalesce(c.supported_confirmed, 0) AS supported_confirmed,
    coalesce(c.supported_refuted, 0) AS supported_refuted,
    coalesce(p.predictions_made, 0) AS predictions_made,
    coalesce(p.predictions_open, 0) AS predictions_open,
    coalesce(p.predictions_confirmed, 0) AS predictions_confirmed,
    coalesce(p.predictions_refuted, 0) AS predictions_refuted,
    coalesce(p.predictions_annulled, 0) AS predictions_annulled
FROM sources so
LEFT JOIN claims c ON c.publisher = so.publisher
LEFT JOIN predictions p ON p.publisher = so.publisher
ORDER BY claims_supported DESC, predictions_made DESC, so.publisher;

CREATE OR REPLACE VIEW reporting.actor_timeline AS
WITH claim_pairs AS (
    SELECT DISTINCT x.claim_id, x.actor_id AS actor_a_id, y.actor_id AS actor_b_id
    FROM reporting.claim_actors x
    JOIN reporting.claim_actors y ON y.claim_id = x.claim_id AND y.actor > x.actor
    WHERE x.role <> 'claimant' AND y.role <> 'claimant'
), prediction_pairs AS (
    SELECT DISTINCT x.prediction_id, x.actor_id AS actor_a_id, y.actor_id AS actor_b_id
    FROM reporting.prediction_actors x
    JOIN reporting.prediction_actors y ON y.prediction_id = x.prediction_id AND y.actor > x.actor
    WHERE x.role <> 'predictor' AND y.role <> 'predictor'
), events AS (
    SELECT cp.actor_a_id, cp.actor_b_id,
           date_trunc('month', coalesce(c.occurred_on, c.stated_on, c.created_at::date)::timestamp)::date AS month,
           1 AS claims, 0 AS predictions, 0 AS resolutions
    FROM claim_pairs cp JOIN claim c ON c.id = cp.claim_id
    UNION ALL
    SELECT pp.actor_a_id, pp.actor_b_id, date_trunc('month', p.made_on::timestamp)::date, 0, 1, 0
    FROM prediction_pairs pp JOIN prediction p ON p.id = pp.prediction_id
    UNION ALL
    SELECT pp.actor_a_id, pp.actor_b_id, date_trunc('month', p.resolved_on::timestamp)::date, 0, 0, 1
    FROM prediction_pairs pp JOIN prediction p ON p.id = pp.prediction_id
    WHERE p.resolved_on IS NOT NULL
)
SELECT
    e.month,
    a.name AS actor_a,
    b.name AS actor_b,
    sum(e.claims)::bigint AS claims,
    sum(e.predictions)::bigint AS predictions,
    sum(e.resolutions)::bigint AS resolutions,
    e.actor_a_id,
    e.actor_b_id
FROM events e
JOIN actor a ON a.id = e.actor_a_id
JOIN actor b ON b.id = e.actor_b_id
GROUP BY e.month, e.actor_a_id, a.name, e.actor_b_id, b.name
ORDER BY e.month, a.name, b.name;

CREATE OR REPLACE VIEW reporting.arms_transfers AS
SELECT
    sup.name AS supplier,
    rec.name AS recipient,
    t.category,
    t.item,
    count(*) FILTER (WHERE p.status = 'open') AS expected,
    count(*) FILTER (WHERE p.status = 'confirmed') AS confirmed,
    count(*) FILTER (WHERE p.status = 'refuted') AS refuted,
    count(*) FILTER (WHERE p.status IN ('ambiguous', 'withdrawn')) AS annulled,
    count(t.claim_id) AS claims,
    t.supplier_id,
    t.recipient_id
FROM arms_transfer t
JOIN actor sup ON sup.id = t.supplier_id
JOIN actor rec ON rec.id = t.recipient_id
LEFT JOIN prediction p ON p.id = t.prediction_id
GROUP BY t.supplier_id, sup.name, t.recipient_id, rec.name, t.category, t.item
ORDER BY sup.name, rec.name, t.category, t.item NULLS FIRST;

CREATE OR REPLACE VIEW reporting.claim_status_summary AS
SELECT
    st.status,
    count(c.id) AS claims,
    count(c.id)::float8 / nullif(sum(count(c.id)) OVER (), 0)::float8 AS share
FROM (VALUES (1, 'unverified'), (2, 'corroborated'), (3, 'contested'),
             (4, 'confirmed'), (5, 'refuted'), (6, 'retracted')) AS st(position, status)
LEFT JOIN claim c ON c.status = st.status
GROUP BY st.position, st.status
ORDER BY st.position;
"""

DOWNGRADE = r"""
DROP INDEX ix_prediction_open_resolve_by;
CREATE INDEX ix_prediction_open_resolve_by ON prediction (resolve_by) WHERE status = 'open';
DROP INDEX ix_status_history_changed_at;
CREATE INDEX ix_status_history_changed_at ON status_history (changed_at);

DROP TRIGGER summary_claim_unlink ON claim;
DROP TRIGGER summary_prediction_unlink ON prediction;
DROP TRIGGER summary_claim_insert ON claim;
DROP TRIGGER summary_claim_update ON claim;
DROP TRIGGER summary_claim_delete ON claim;
DROP TRIGGER summary_claim_truncate ON claim;
DROP TRIGGER summary_claim_source_insert ON claim_source;
DROP TRIGGER summary_claim_source_update ON claim_source;
DROP TRIGGER summary_claim_source_delete ON claim_source;
DROP TRIGGER summary_claim_source_truncate ON claim_source;
DROP TRIGGER summary_claim_actor_insert ON claim_actor;
DROP TRIGGER summary_claim_actor_update ON claim_actor;
DROP TRIGGER summary_claim_actor_delete ON claim_actor;
DROP TRIGGER summary_claim_actor_truncate ON claim_actor;
DROP TRIGGER summary_arms_transfer_insert ON arms_transfer;
DROP TRIGGER summary_arms_transfer_update ON arms_transfer;
DROP TRIGGER summary_arms_transfer_delete ON arms_transfer;
DROP TRIGGER summary_arms_transfer_truncate ON arms_transfer;
DROP TRIGGER summary_prediction_insert ON prediction;
DROP TRIGGER summary_prediction_update ON prediction;
DROP TRIGGER summary_prediction_delete ON prediction;
DROP TRIGGER summary_prediction_truncate ON prediction;
DROP TRIGGER summary_prediction_actor_insert ON prediction_actor;
DROP TRIGGER summary_prediction_actor_update ON prediction_actor;
DROP TRIGGER summary_prediction_actor_delete ON prediction_actor;
DROP TRIGGER summary_prediction_actor_truncate ON prediction_actor;
DROP TRIGGER summary_prediction_tag_insert ON prediction_tag;
DROP TRIGGER summary_prediction_tag_update ON prediction_tag;
DROP TRIGGER summary_prediction_tag_delete ON prediction_tag;
DROP TRIGGER summary_prediction_tag_truncate ON prediction_tag;
DROP TRIGGER summary_source_insert ON source;
DROP TRIGGER summary_source_update ON source;
DROP TRIGGER summary_source_delete ON source;
DROP TRIGGER summary_source_truncate ON source;

-- Not CASCADE: anything someone added to the schema by hand stops the downgrade rather than vanish.
DO $$ DECLARE f regprocedure; BEGIN
    FOR f IN SELECT p.oid FROM pg_proc p WHERE p.pronamespace = 'reporting_summary'::regnamespace LOOP
        EXECUTE 'DROP FUNCTION ' || f;
    END LOOP;
END $$;
DROP TABLE reporting_summary.actor_pair_month;
DROP TABLE reporting_summary.arms_transfer_record;
DROP TABLE reporting_summary.publisher_record;
DROP TABLE reporting_summary.source_record;
DROP TABLE reporting_summary.calibration_tag_record;
DROP TABLE reporting_summary.calibration_record;
DROP TABLE reporting_summary.predictor_record;
DROP TABLE reporting_summary.claim_status_count;
DROP SCHEMA reporting_summary;
"""


def downgrade() -> None:
    op.execute(VIEWS_BEFORE)
    op.execute(DOWNGRADE)
