"""The reporting schema: views for scoreboards, calibration, deadlines, track records, timelines

Revision ID: 20261127_0002
Revises: 20261127_0001
Create Date: 2026-11-27 21:10:00

Every view's SQL is frozen here, as it stood at this revision (Alembic's "replaceable objects"):
a later revision that changes a view repeats its whole new SQL, and restores this one on downgrade.

What holds in every view: readable column names; actors and sources by name beside their ids; no
hidden filters (a view named for a subset, like overdue_predictions, says so in its name and
comment, and leaves nothing else out). The scores agree with claimtrack.domain:
- outcome is 1 for confirmed, 0 for refuted; open, ambiguous and withdrawn are never scored;
- squared error is (p - outcome)^2 and the Brier score its mean over predictions with a probability;
- log loss is -ln(probability given to what happened), clipped below at 0.001, so a certain
  forecast that comes true scores 0 and one that fails scores -ln 0.001 = 6.91, not infinity;
- calibration bins have width 0.1 and are [low, low + 0.1), except the last, [0.9, 1.0]: 0.5 falls
  in [0.5, 0.6) and 1.0 in [0.9, 1.0]. A probability is binned as a decimal (float8 cast to
  numeric, 15 significant digits), so 0.3 falls in [0.3, 0.4) and not, by rounding, below it.
Views run with their owner's rights: a reader role given SELECT on them (claimtrack db
grant-reader) reads the data through the views and cannot read the tables themselves.
"""

from __future__ import annotations

from alembic import op

revision = '20261127_0002'
down_revision = '20261127_0001'
branch_labels = None
depends_on = None


def _linked_actors(record: str, author_column: str, author_role: str) -> str:
    """Every actor linked to a claim or a prediction: its own actor links, who made it (claimant or
    predictor), and its arms transfer's supplier and recipient."""
    return f"""
        SELECT x.{record}_id, x.actor_id, a.name AS actor, x.role
        FROM {record}_actor x JOIN actor a ON a.id = x.actor_id
        UNION ALL
        SELECT r.id, r.{author_column}, a.name, '{author_role}'
        FROM {record} r JOIN actor a ON a.id = r.{author_column}
        UNION ALL
        SELECT t.{record}_id, t.supplier_id, a.name, 'supplier'
        FROM arms_transfer t JOIN actor a ON a.id = t.supplier_id WHERE t.{record}_id IS NOT NULL
        UNION ALL
        SELECT t.{record}_id, t.recipient_id, a.name, 'recipient'
        FROM arms_transfer t JOIN actor a ON a.id = t.recipient_id WHERE t.{record}_id IS NOT NULL
        """


# (name, comment, SQL) in creation order: later views read earlier ones.
VIEWS: list[tuple[str, str, str]] = [
    (
        "claim_actors",
        "Every actor linked to each claim, and how: subject, target, mentioned, claimant, supplier or recipient.",
        _linked_actors("claim", "claimant_id", "claimant"),
    ),
    (
        "prediction_actors",
        "Every actor linked to each prediction, and how: subject, target, mentioned, predictor, supplier or recipient.",
        _linked_actors("prediction", "predictor_actor_id", "predictor"),
    ),
    (
        "prediction_outcomes",
        "One row per prediction: its predictor, outcome (1 confirmed, 0 refuted), squared error, log loss and "
        "calibration bin. The scoreboard and calibration add these up; aggregate it yourself to score any slice.",
        """
        SELECT
            p.id AS prediction_id,
            p.statement,
            coalesce(pa.name, ps.title, '(unattributed)') AS predictor,
            CASE WHEN pa.id IS NOT NULL THEN 'actor' WHEN ps.id IS NOT NULL THEN 'source' ELSE 'unattributed' END
                AS predictor_kind,
            p.status,
            p.made_on,
            p.resolve_by,
            p.resolved_on,
            p.probability,
            p.likelihood,
            p.confidence,
            p.criteria,
            CASE p.status WHEN 'confirmed' THEN 1 WHEN 'refuted' THEN 0 END AS outcome,
            (p.status = 'open' AND p.resolve_by < current_date) AS overdue,
            -- PostgreSQL refuses a square too small for float8 (below 1e-308) rather than round it to 0.
            CASE WHEN p.status IN ('confirmed', 'refuted')
                THEN CASE WHEN abs(p.probability - (p.status = 'confirmed')::int) < 1e-150 THEN 0
                          ELSE (p.probability - (p.status = 'confirmed')::int) ^ 2 END
                END AS squared_error,
            -- greatest() skips nulls, hence the explicit test; 0 - ln(1) is 0 where -ln(1) is -0.
            CASE WHEN p.status IN ('confirmed', 'refuted') AND p.probability IS NOT NULL
                THEN 0 - ln(greatest(CASE WHEN p.status = 'confirmed' THEN p.probability ELSE 1 - p.probability END, 0.001))
                END AS log_loss,
            CASE WHEN p.probability IS NOT NULL THEN least(floor(p.probability::numeric * 10)::int, 9) END
                AS calibration_bin,
            ARRAY(SELECT DISTINCT x.actor FROM reporting.prediction_actors x WHERE x.prediction_id = p.id ORDER BY x.actor)
                AS actors,
            ARRAY(SELECT t.name FROM prediction_tag pt JOIN tag t ON t.id = pt.tag_id
                  WHERE pt.prediction_id = p.id ORDER BY t.name) AS tags,
            ps.title AS predictor_source,
            p.predictor_actor_id,
            p.predictor_source_id,
            p.claim_id,
            p.recorded_by
        FROM prediction p
        LEFT JOIN actor pa ON pa.id = p.predictor_actor_id
        LEFT JOIN source ps ON ps.id = p.predictor_source_id
        """,
    ),
    (
        "prediction_scoreboard",
        "Per predictor (the actor who made the prediction, else the source that published it): counts by status, "
        "hit rate = confirmed / decided, Brier and log scores over the scored (decided, with a probability).",
        """
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
        ORDER BY brier_score NULLS LAST, total DESC, predictor
        """,
    ),
    (
        "calibration_bins",
        "The ten probability bins of width 0.1: [low, high), except the last, [0.9, 1.0]; 0.5 is in [0.5, 0.6).",
        """
        SELECT
            b.bin,
            format('[%s, %s%s', to_char(b.bin / 10.0, 'FM0.0'), to_char((b.bin + 1) / 10.0, 'FM0.0'),
                   CASE WHEN b.bin = 9 THEN ']' ELSE ')' END) AS label,
            round(b.bin / 10.0, 1) AS low,
            round((b.bin + 1) / 10.0, 1) AS high
        FROM generate_series(0, 9) AS b(bin)
        """,
    ),
    (
        "calibration",
        "Calibration over every scored prediction: per probability bin, how many, the mean forecast and the "
        "observed frequency (the share confirmed). Well calibrated: observed close to forecast.",
        """
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
        ORDER BY b.bin
        """,
    ),
    (
        "calibration_by_tag",
        "Calibration per tag: the calibration view's ten bins for each tag that has a scored prediction.",
        """
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
        ORDER BY tags.tag, b.bin
        """,
    ),
    (
        "overdue_predictions",
        "Open predictions past their deadline (resolve_by is the last day of the deadline's period).",
        """
        SELECT
            prediction_id, statement, predictor, resolve_by, current_date - resolve_by AS days_overdue,
            made_on, probability, likelihood, confidence, criteria, actors, tags, recorded_by,
            predictor_actor_id, predictor_source_id
        FROM reporting.prediction_outcomes
        WHERE overdue
        """,
    ),
    (
        "upcoming_resolutions",
        "Open predictions due within 30 days, today included.",
        """
        SELECT
            prediction_id, statement, predictor, resolve_by, resolve_by - current_date AS days_left,
            made_on, probability, likelihood, confidence, criteria, actors, tags, recorded_by,
            predictor_actor_id, predictor_source_id
        FROM reporting.prediction_outcomes
        WHERE status = 'open' AND resolve_by BETWEEN current_date AND current_date + 30
        """,
    ),
    (
        "source_track_record",
        "Per source, beside its reliability grade: claims it supports and how many of those were confirmed or "
        "refuted; predictions it published and their outcomes.",
        """
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
        ORDER BY claims_supported DESC, predictions_made DESC, s.title, s.id
        """,
    ),
    (
        "publisher_track_record",
        "Per publisher (sources without one together as '(no publisher)'): its sources' reliability grades, distinct "
        "claims they support and how many were confirmed or refuted, predictions they published and their outcomes.",
        """
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
        ORDER BY claims_supported DESC, predictions_made DESC, so.publisher
        """,
    ),
    (
        "actor_timeline",
        "Per pair of actors (in name order) and month: claims that concern both, predictions about both made that "
        "month, and predictions about both resolved that month. A claim's month is when it occurred, else when it "
        "was stated, else when it was recorded; a date known only to the year counts in its January. Claimants and "
        "predictors are not part of a pair.",
        """
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
        ORDER BY e.month, a.name, b.name
        """,
    ),
    (
        "arms_transfers",
        "Arms transfers by supplier, recipient, category and item: predictions that expect one (open), "
        "were confirmed, refuted or annulled (ambiguous or withdrawn), and claims that report one.",
        """
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
        ORDER BY sup.name, rec.name, t.category, t.item NULLS FIRST
        """,
    ),
    (
        "claim_status_summary",
        "How many claims have each status, and their share of all claims.",
        """
        SELECT
            st.status,
            count(c.id) AS claims,
            count(c.id)::float8 / nullif(sum(count(c.id)) OVER (), 0)::float8 AS share
        FROM (VALUES (1, 'unverified'), (2, 'corroborated'), (3, 'contested'),
                     (4, 'confirmed'), (5, 'refuted'), (6, 'retracted')) AS st(position, status)
        LEFT JOIN claim c ON c.status = st.status
        GROUP BY st.position, st.status
        ORDER BY st.position
        """,
    ),
    (
        "recent_changes",
        "Every status change of a claim or prediction, from the history the database keeps: when, what, from and "
        "to, who, why, and the evidence's title. Newest first: ORDER BY changed_at DESC, change_id DESC.",
        """
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
        LEFT JOIN source e ON e.id = h.evidence_source_id
        """,
    ),
]

# Column comments where a number needs its definition beside it (psql \d+, BI tools show them).
COLUMN_COMMENTS = {
    ("prediction_outcomes", "outcome"): "1 if confirmed, 0 if refuted; null while open and for ambiguous or withdrawn.",
    ("prediction_outcomes", "squared_error"): "(probability - outcome)^2; null when not decided or without a probability.",
    ("prediction_outcomes", "log_loss"): "-ln(probability given to what happened, at least 0.001); null when not scored.",
    ("prediction_outcomes", "calibration_bin"): "0-9: floor(probability * 10), with 1.0 in bin 9; see calibration_bins.",
    ("prediction_scoreboard", "decided"): "confirmed + refuted: what hit_rate counts.",
    ("prediction_scoreboard", "hit_rate"): "confirmed / (confirmed + refuted); null when none is decided.",
    ("prediction_scoreboard", "scored"): "decided predictions with a probability: what brier_score and log_score count.",
    ("prediction_scoreboard", "brier_score"): "mean (probability - outcome)^2 over the scored; 0 is perfect, 0.25 a coin flip.",
    ("prediction_scoreboard", "log_score"): "mean -ln(probability given to what happened, at least 0.001); 0 is perfect, 0.693 a coin flip.",
    ("calibration", "observed_frequency"): "share of the bin's predictions that were confirmed.",
    ("calibration_by_tag", "observed_frequency"): "share of the bin's predictions that were confirmed.",
}


def upgrade() -> None:
    op.execute("CREATE SCHEMA reporting")
    op.execute("COMMENT ON SCHEMA reporting IS 'claimtrack reports: read these views from psql or a BI tool.'")
    for name, comment, query in VIEWS:
        op.execute(f"CREATE VIEW reporting.{name} AS {query.strip()}")
        op.execute(f"COMMENT ON VIEW reporting.{name} IS {_literal(comment)}")
    for (view, column), comment in COLUMN_COMMENTS.items():
        op.execute(f"COMMENT ON COLUMN reporting.{view}.{column} IS {_literal(comment)}")


def downgrade() -> None:
    for name, _, _ in reversed(VIEWS):
        op.execute(f"DROP VIEW reporting.{name}")
    # Not CASCADE: a view someone added to the schema by hand stops the downgrade rather than vanish.
    op.execute("DROP SCHEMA reporting")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
