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
  triggers touch the summary tables always in the order of SUMMARIES: two writers on the same
  totals queue rather than deadlock.
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
"""

from __future__ import annotations

import importlib.util
from functools import partial
from pathlib import Path
from types import ModuleType

from alembic import op

revision = '20261127_0003'
down_revision = '20261127_0002'
branch_labels = None
depends_on = None

S = "reporting_summary"
NO_PUBLISHER = "'(no publisher)'"
CLAIM_STATUSES = ("unverified", "corroborated", "contested", "confirmed", "refuted", "retracted")
GRADES = "ABCDEF"

# The expressions of prediction_outcomes and actor_timeline, as functions the planner inlines.
FUNCTIONS = f"""
CREATE FUNCTION {S}.claim_month(occurred_on date, stated_on date, created_at timestamptz) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT date_trunc('month', coalesce(occurred_on, stated_on, (created_at AT TIME ZONE 'UTC')::date)::timestamp)::date $$;
CREATE FUNCTION {S}.month_of(day date) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT date_trunc('month', day::timestamp)::date $$;
CREATE FUNCTION {S}.squared_error(status text, probability float8) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (CASE WHEN status IN ('confirmed', 'refuted')
                 THEN CASE WHEN abs(probability - (status = 'confirmed')::int) < 1e-150 THEN 0
                           ELSE (probability - (status = 'confirmed')::int) ^ 2 END END)::numeric $$;
CREATE FUNCTION {S}.log_loss(status text, probability float8) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (CASE WHEN status IN ('confirmed', 'refuted') AND probability IS NOT NULL
                 THEN 0 - ln(greatest(CASE WHEN status = 'confirmed' THEN probability ELSE 1 - probability END, 0.001))
                 END)::numeric $$;
CREATE FUNCTION {S}.calibration_bin(probability float8) RETURNS smallint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT least(floor(probability::numeric * 10)::int, 9)::smallint $$;
"""

# --- the summary tables, in the order every trigger touches them -------------------------------------

COUNT = "bigint NOT NULL DEFAULT 0"
SUM = "numeric NOT NULL DEFAULT 0"

# (table, key columns, comment, definition)
SUMMARIES: list[tuple[str, tuple[str, ...], str, str]] = [
    (
        "claim_status_count", ("status",),
        "Claims per status (claim_status_summary).",
        f"status text PRIMARY KEY, claims {COUNT}",
    ),
    (
        "predictor_record", ("actor_id", "source_id"),
        "Per predictor (prediction_scoreboard): the actor; else, with actor_id 0, the source; else, both 0, "
        "nobody. Predictions by status; sums of squared errors and log losses over the scored.",
        f"actor_id bigint NOT NULL, source_id bigint NOT NULL, total {COUNT}, open {COUNT}, confirmed {COUNT}, "
        f"refuted {COUNT}, ambiguous {COUNT}, withdrawn {COUNT}, scored {COUNT}, squared_error {SUM}, "
        f"log_loss {SUM}, PRIMARY KEY (actor_id, source_id)",
    ),
    (
        "calibration_record", ("bin",),
        "Per calibration bin (calibration): decided predictions with a probability, the sum of their "
        "probabilities, how many were confirmed.",
        f"bin smallint PRIMARY KEY, predictions {COUNT}, probability_sum {SUM}, confirmed {COUNT}",
    ),
    (
        "calibration_tag_record", ("tag_id", "bin"),
        "Per tag and calibration bin (calibration_by_tag): as calibration_record.",
        f"tag_id bigint NOT NULL, bin smallint NOT NULL, predictions {COUNT}, probability_sum {SUM}, "
        f"confirmed {COUNT}, PRIMARY KEY (tag_id, bin)",
    ),
    (
        "source_record", ("source_id",),
        "Per source, one row each (source_track_record): its title (a copy, so that the report's order is one "
        "index), claims it supports, of those confirmed and refuted; predictions it made and their outcomes.",
        f"source_id bigint PRIMARY KEY, title text, claims_supported {COUNT}, supported_confirmed {COUNT}, "
        f"supported_refuted {COUNT}, predictions_made {COUNT}, predictions_open {COUNT}, "
        f"predictions_confirmed {COUNT}, predictions_refuted {COUNT}, predictions_annulled {COUNT}",
    ),
    (
        "publisher_record", ("publisher",),
        "Per publisher, '(no publisher)' for sources without one (publisher_track_record): its sources per "
        "reliability grade; distinct claims they support, of those confirmed and refuted; predictions and outcomes.",
        ", ".join(["publisher text PRIMARY KEY", *(f"grade_{g.lower()} {COUNT}" for g in GRADES)])
        + f", claims_supported {COUNT}, supported_confirmed {COUNT}, supported_refuted {COUNT}, "
        f"predictions_made {COUNT}, predictions_open {COUNT}, predictions_confirmed {COUNT}, "
        f"predictions_refuted {COUNT}, predictions_annulled {COUNT}",
    ),
    (
        "arms_transfer_record", ("supplier_id", "recipient_id", "category", "item"),
        "Per supplier, recipient, category and item (arms_transfers): predicted transfers by their prediction's "
        "status, and claimed ones.",
        f"supplier_id bigint NOT NULL, recipient_id bigint NOT NULL, category text NOT NULL, item text, "
        f"expected {COUNT}, confirmed {COUNT}, refuted {COUNT}, annulled {COUNT}, claims {COUNT}, "
        "CONSTRAINT arms_transfer_record_key UNIQUE NULLS NOT DISTINCT (supplier_id, recipient_id, category, item)",
    ),
    (
        "actor_pair_month", ("month", "actor_id", "other_id"),
        "Per pair of actors and month (actor_timeline), each pair twice, once from either side (so that the pairs "
        "of one actor are one index away, and which comes first by name is decided when read): claims about both; "
        "predictions about both made, and resolved, that month.",
        f"month date NOT NULL, actor_id bigint NOT NULL, other_id bigint NOT NULL, claims {COUNT}, "
        f"predictions {COUNT}, resolutions {COUNT}, PRIMARY KEY (month, actor_id, other_id), "
        "CHECK (actor_id <> other_id)",
    ),
]
KEYS = {table: keys for table, keys, _, _ in SUMMARIES}


def _add(table: str, columns: dict[str, str], source: str, where: str = "TRUE", into_empty: bool = False) -> str:
    """Add signed deltas to `table`. `columns` maps its key columns (all of them) and the totals
    to change to expressions over `source`; the totals are summed per key. Keys whose deltas are
    all zero are skipped; the rest are upserted in key order, so writers lock rows in one order.
    `into_empty`: the rebuild's only statement into an emptied table, a plain INSERT."""
    keys = KEYS[table]
    assert set(keys) <= set(columns), (table, columns)
    totals = [c for c in columns if c not in keys]
    sums = [f"coalesce(sum({columns[c]}), 0)" for c in totals]
    select = ", ".join([f"{columns[k]}" for k in keys] + sums)
    order = ", ".join(f"{i + 1}" + (" NULLS FIRST" if k == "item" else "") for i, k in enumerate(keys))
    conflict = "ON CONSTRAINT arms_transfer_record_key" if table == "arms_transfer_record" else f"({', '.join(keys)})"
    return f"""
        INSERT INTO {S}.{table} AS t ({', '.join([*keys, *totals])})
        SELECT {select}
        FROM {source}
        WHERE {where}
        GROUP BY {', '.join(str(i + 1) for i in range(len(keys)))}
        HAVING ({', '.join(sums)}) IS DISTINCT FROM ({', '.join('0' for _ in sums)})
        ORDER BY {order}
        """ + ("" if into_empty else f"ON CONFLICT {conflict} DO UPDATE SET {', '.join(f'{c} = t.{c} + EXCLUDED.{c}' for c in totals)}")


def _changes(projection: str, event: str) -> str:
    """The rows a statement changed, as `projection` (a select list over `r`), each with its sign:
    +1 for a new row, -1 for an old one. An UPDATE's rows whose projection did not change cancel
    out (EXCEPT ALL), so the totals see only what changed in a way that matters to them."""
    new = f"SELECT {projection} FROM new_rows r"
    old = f"SELECT {projection} FROM old_rows r"
    if event == "INSERT":
        return f"SELECT n.*, 1 AS sign FROM ({new}) n"
    if event == "DELETE":
        return f"SELECT o.*, -1 AS sign FROM ({old}) o"
    return (
        f"SELECT o.*, -1 AS sign FROM ({old} EXCEPT ALL {new}) o "
        f"UNION ALL SELECT n.*, 1 AS sign FROM ({new} EXCEPT ALL {old}) n"
    )


def _among(ids: str) -> str:
    """`= ANY(ARRAY(ids))`: a condition that reads a big table by its index, one probe per id the
    statement names, where IN (ids) would let the planner hash the whole table for a large batch."""
    return f"= ANY(ARRAY({ids}))"


def _lock(table: str, ids: str, mode: str = "NO KEY UPDATE") -> str:
    """Lock the rows of `table` whose ids `ids` selects, in id order, except those this transaction
    wrote: nobody else can see or lock them, and locking a million of them would cost a pass."""
    return f"""
        SELECT FROM {table} p WHERE p.id {_among(ids)} AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR {mode}"""


# --- pairs of actors: the actor timeline ------------------------------------------------------------

def _members(kind: str, parents: str | None = None) -> str:
    """(parent_id, actor_id) for each actor link of the claims or predictions `parents` selects (all
    when None): subject, target and mentioned links, and an arms transfer's supplier and recipient.
    A claimant or predictor is no part of a pair."""
    among = f" {_among(parents)}" if parents else " IS NOT NULL"
    return f"""
        SELECT {kind}_id AS parent_id, actor_id FROM {kind}_actor WHERE {kind}_id{among}
        UNION ALL SELECT {kind}_id, supplier_id FROM arms_transfer WHERE {kind}_id{among}
        UNION ALL SELECT {kind}_id, recipient_id FROM arms_transfer WHERE {kind}_id{among}"""


def _pairs(kind: str, parents: str | None = None) -> str:
    """(parent_id, actor_low, actor_high) for each pair of distinct actors of each parent, now."""
    return f"""
        WITH members AS (SELECT DISTINCT parent_id, actor_id FROM ({_members(kind, parents)}) m)
        SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high
        FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id"""


def _pair_events(kind: str, pairs: str, dates: str) -> str:
    """(month, actor_low, actor_high, claims, predictions, resolutions) for `pairs` (parent_id,
    actor_low, actor_high, d) whose parents' dates `dates` gives (id, and month for claims, made_on and
    resolved_on for predictions, signed by d): a claim counts in its month; a prediction in the
    month it was made and, once resolved, in the month it was resolved."""
    if kind == "claim":
        return f"""
            SELECT c.month, pr.actor_low, pr.actor_high, pr.d AS claims, 0 AS predictions, 0 AS resolutions
            FROM ({pairs}) pr JOIN ({dates}) c ON c.id = pr.parent_id"""
    return f"""
        SELECT {S}.month_of(p.made_on) AS month, pr.actor_low, pr.actor_high, 0 AS claims, pr.d AS predictions,
               0 AS resolutions
        FROM ({pairs}) pr JOIN ({dates}) p ON p.id = pr.parent_id
        UNION ALL
        SELECT {S}.month_of(p.resolved_on), pr.actor_low, pr.actor_high, 0, 0, pr.d
        FROM ({pairs}) pr JOIN ({dates}) p ON p.id = pr.parent_id
        WHERE p.resolved_on IS NOT NULL"""


CLAIM_DATES = f"SELECT id, {S}.claim_month(occurred_on, stated_on, created_at) AS month FROM claim"
PREDICTION_DATES = "SELECT id, made_on, resolved_on FROM prediction"
DATES = {"claim": CLAIM_DATES, "prediction": PREDICTION_DATES}


def _rows_of(table: str, columns: str, ids: str) -> str:
    """The rows of `table` (claim or prediction) whose ids `ids` selects, read by index."""
    return f"SELECT {columns} FROM {table} WHERE id {_among(ids)}"


def _add_pairs(events: list[str], into_empty: bool = False) -> str:
    """Add pair events (month, actor_low, actor_high, claims, predictions, resolutions), each from
    either side of the pair."""
    both_sides = f"""(
        WITH e AS ({" UNION ALL ".join(f"SELECT * FROM ({event}) event" for event in events)})
        SELECT month, actor_low AS actor_id, actor_high AS other_id, claims, predictions, resolutions FROM e
        UNION ALL
        SELECT month, actor_high, actor_low, claims, predictions, resolutions FROM e
    ) e"""
    return _add(
        "actor_pair_month",
        {"month": "e.month", "actor_id": "e.actor_id", "other_id": "e.other_id", "claims": "e.claims",
         "predictions": "e.predictions", "resolutions": "e.resolutions"},
        both_sides, into_empty=into_empty,
    )


def _pairs_after_link_changes(kind: str, link_changes: str) -> str:
    """Pair events when actor links of claims or predictions change; `link_changes` gives (parent_id,
    actor_id, sign). An actor belongs to a parent while it has a link to it, and a pair counts once
    per parent while both belong. Now: the links in the table; before: now - added + removed."""
    return f"""
        WITH link_delta AS (
            SELECT parent_id, actor_id, sum(sign) AS n FROM ({link_changes}) lc GROUP BY 1, 2 HAVING sum(sign) <> 0
        ), links_now AS (
            SELECT parent_id, actor_id, count(*) AS n
            FROM ({_members(kind, 'SELECT parent_id FROM link_delta')}) m GROUP BY 1, 2
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
        {_pair_events(kind, "SELECT * FROM pairs", DATES[kind] + f" WHERE id {_among('SELECT DISTINCT parent_id FROM pairs')}")}"""


# --- what each table's triggers do ------------------------------------------------------------------

def _verdicts(sign: str, status: str) -> dict[str, str]:
    return {
        "supported_confirmed": f"{sign} * ({status} = 'confirmed')::int",
        "supported_refuted": f"{sign} * ({status} = 'refuted')::int",
    }


def _outcomes(prefix: str, sign: str, status: str) -> dict[str, str]:
    """A prediction's counts by status, as source_record and publisher_record name them."""
    return {
        f"{prefix}made": sign,
        f"{prefix}open": f"{sign} * ({status} = 'open')::int",
        f"{prefix}confirmed": f"{sign} * ({status} = 'confirmed')::int",
        f"{prefix}refuted": f"{sign} * ({status} = 'refuted')::int",
        f"{prefix}annulled": f"{sign} * ({status} IN ('ambiguous', 'withdrawn'))::int",
    }


def _transfer_counts(sign: str, status: str) -> dict[str, str]:
    """An arms transfer's key (from `t`) and its prediction's counts by status, for arms_transfer_record."""
    return {
        "supplier_id": "t.supplier_id", "recipient_id": "t.recipient_id", "category": "t.category", "item": "t.item",
        "expected": f"{sign} * ({status} = 'open')::int",
        "confirmed": f"{sign} * ({status} = 'confirmed')::int",
        "refuted": f"{sign} * ({status} = 'refuted')::int",
        "annulled": f"{sign} * ({status} IN ('ambiguous', 'withdrawn'))::int",
    }


def _ids(column: str, event: str) -> str:
    tables = {"INSERT": ["new_rows"], "DELETE": ["old_rows"], "UPDATE": ["new_rows", "old_rows"]}[event]
    return " UNION ".join(f"SELECT {column} FROM {t}" for t in tables)


def _pair_moves(kind: str, event: str) -> str:
    """Pair events when an UPDATE moves claims or predictions to other months: the parent's pairs
    leave the old month(s) and arrive in the new."""
    if kind == "claim":
        moved = _changes(f"r.id, {S}.claim_month(r.occurred_on, r.stated_on, r.created_at) AS month", event)
        return f"""
            WITH mc AS ({moved}), pr AS ({_pairs('claim', 'SELECT id FROM mc')})
            SELECT mc.month, pr.actor_low, pr.actor_high, mc.sign AS claims, 0 AS predictions, 0 AS resolutions
            FROM mc JOIN pr ON pr.parent_id = mc.id"""
    moved = _changes("r.id, r.made_on, r.resolved_on", event)
    return f"""
        WITH mc AS ({moved}), pr AS ({_pairs('prediction', 'SELECT id FROM mc')})
        SELECT {S}.month_of(mc.made_on) AS month, pr.actor_low, pr.actor_high, 0 AS claims, mc.sign AS predictions,
               0 AS resolutions
        FROM mc JOIN pr ON pr.parent_id = mc.id
        UNION ALL
        SELECT {S}.month_of(mc.resolved_on), pr.actor_low, pr.actor_high, 0, 0, mc.sign
        FROM mc JOIN pr ON pr.parent_id = mc.id WHERE mc.resolved_on IS NOT NULL"""


def claim_statements(event: str) -> list[str]:
    changes = f"({_changes('r.id, r.status', event)}) ch"
    statements = [_add("claim_status_count", {"status": "ch.status", "claims": "ch.sign"}, changes)]
    if event != "UPDATE":
        return statements  # a new claim has no links yet; a deleted one lost them first (unlink)
    statements.append(_add(
        "source_record", {"source_id": "cs.source_id", **_verdicts("ch.sign", "ch.status")},
        f"{changes} JOIN claim_source cs ON cs.claim_id = ch.id AND cs.stance = 'supports'",
        "ch.status IN ('confirmed', 'refuted')",
    ))
    statements.append(_add(
        "publisher_record", {"publisher": "pc.publisher", **_verdicts("ch.sign", "ch.status")},
        f"""{changes} JOIN (
            SELECT DISTINCT cs.claim_id, coalesce(s.publisher, {NO_PUBLISHER}) AS publisher
            FROM claim_source cs JOIN source s ON s.id = cs.source_id
            WHERE cs.stance = 'supports' AND cs.claim_id IN (SELECT ch.id FROM {changes})
        ) pc ON pc.claim_id = ch.id""",
        "ch.status IN ('confirmed', 'refuted')",
    ))
    statements.append(_add_pairs([_pair_moves("claim", event)]))
    return statements


def claim_source_statements(event: str) -> list[str]:
    changes = f"({_changes('r.claim_id, r.source_id', event)}) ch"
    supports = _changes("r.claim_id, r.source_id", event).replace("_rows r", "_rows r WHERE r.stance = 'supports'")
    per_publisher = f"""(
        WITH link_delta AS (
            SELECT l.claim_id, coalesce(s.publisher, {NO_PUBLISHER}) AS publisher, sum(l.sign) AS n
            FROM ({supports}) l JOIN source s ON s.id = l.source_id
            GROUP BY 1, 2 HAVING sum(l.sign) <> 0
        ), links_now AS (
            SELECT cs.claim_id, coalesce(s.publisher, {NO_PUBLISHER}) AS publisher, count(*) AS n
            FROM claim_source cs JOIN source s ON s.id = cs.source_id
            WHERE cs.stance = 'supports' AND cs.claim_id {_among('SELECT DISTINCT claim_id FROM link_delta')}
            GROUP BY 1, 2
        )
        SELECT d.claim_id, d.publisher,
               (coalesce(a.n, 0) > 0)::int - (coalesce(a.n, 0) - d.n > 0)::int AS sign
        FROM link_delta d LEFT JOIN links_now a ON a.claim_id = d.claim_id AND a.publisher = d.publisher
    ) ch JOIN ({_rows_of('claim', 'id, status', f'SELECT claim_id FROM ({supports}) l')}) c ON c.id = ch.claim_id"""
    del changes
    return [
        _lock("claim", f"SELECT claim_id FROM ({supports}) l"),
        _add(
            "source_record",
            {"source_id": "ch.source_id", "claims_supported": "ch.sign", **_verdicts("ch.sign", "c.status")},
            f"({supports}) ch JOIN ({_rows_of('claim', 'id, status', f'SELECT claim_id FROM ({supports}) l')}) c "
            "ON c.id = ch.claim_id",
        ),
        _add(
            "publisher_record",
            {"publisher": "ch.publisher", "claims_supported": "ch.sign", **_verdicts("ch.sign", "c.status")},
            per_publisher, "ch.sign <> 0",
        ),
    ]


def actor_link_statements(kind: str, event: str) -> list[str]:
    """claim_actor's or prediction_actor's triggers: the pairs of the claims or predictions whose actors changed."""
    links = _changes(f"r.{kind}_id AS parent_id, r.actor_id", event)
    return [
        _lock(kind, f"SELECT parent_id FROM ({links}) l"),
        _add_pairs([_pairs_after_link_changes(kind, links)]),
    ]


def arms_transfer_statements(event: str) -> list[str]:
    changes = _changes("r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item", event)
    statements = [
        _lock("claim", f"SELECT claim_id FROM ({changes}) t"),
        _lock("prediction", f"SELECT prediction_id FROM ({changes}) t"),
        _add(
            "arms_transfer_record",
            {**_transfer_counts("t.sign", "p.status"), "claims": "t.sign * (t.claim_id IS NOT NULL)::int"},
            f"({changes}) t LEFT JOIN ({_rows_of('prediction', 'id, status', f'SELECT prediction_id FROM ({changes}) t')}) p "
            "ON p.id = t.prediction_id",
        ),
    ]
    events = []
    for kind in ("claim", "prediction"):
        links = (
            f"SELECT {kind}_id AS parent_id, supplier_id AS actor_id, sign FROM ({changes}) t WHERE {kind}_id IS NOT NULL "
            f"UNION ALL SELECT {kind}_id, recipient_id, sign FROM ({changes}) t WHERE {kind}_id IS NOT NULL"
        )
        events.append(_pairs_after_link_changes(kind, links))
    statements.append(_add_pairs(events))
    return statements


def prediction_statements(event: str) -> list[str]:
    changes = f"""({_changes(
        'r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id', event)}) ch"""
    scored = "ch.status IN ('confirmed', 'refuted') AND ch.probability IS NOT NULL"
    statements = [
        _lock("source", f"SELECT predictor_source_id FROM {changes}", "SHARE"),
        _add(
            "predictor_record",
            {"actor_id": "coalesce(ch.predictor_actor_id, 0)",
             "source_id": "CASE WHEN ch.predictor_actor_id IS NULL THEN coalesce(ch.predictor_source_id, 0) ELSE 0 END",
             "total": "ch.sign",
             **{status: f"ch.sign * (ch.status = '{status}')::int" for status in ("open", "confirmed", "refuted", "ambiguous", "withdrawn")},
             "scored": f"ch.sign * ({scored})::int",
             "squared_error": f"ch.sign * {S}.squared_error(ch.status, ch.probability)",
             "log_loss": f"ch.sign * {S}.log_loss(ch.status, ch.probability)"},
            changes,
        ),
        _add(
            "calibration_record",
            {"bin": f"{S}.calibration_bin(ch.probability)", "predictions": "ch.sign",
             "probability_sum": "ch.sign * ch.probability::numeric",
             "confirmed": "ch.sign * (ch.status = 'confirmed')::int"},
            changes, scored,
        ),
    ]
    if event == "UPDATE":  # a new prediction has no tags yet; a deleted one lost them first (unlink)
        statements.append(_add(
            "calibration_tag_record",
            {"tag_id": "pt.tag_id", "bin": f"{S}.calibration_bin(ch.probability)", "predictions": "ch.sign",
             "probability_sum": "ch.sign * ch.probability::numeric",
             "confirmed": "ch.sign * (ch.status = 'confirmed')::int"},
            f"{changes} JOIN prediction_tag pt ON pt.prediction_id = ch.id", scored,
        ))
    statements.append(_add(
        "source_record", {"source_id": "ch.predictor_source_id", **_outcomes("predictions_", "ch.sign", "ch.status")},
        changes, "ch.predictor_source_id IS NOT NULL",
    ))
    statements.append(_add(
        "publisher_record",
        {"publisher": f"coalesce(s.publisher, {NO_PUBLISHER})", **_outcomes("predictions_", "ch.sign", "ch.status")},
        f"{changes} JOIN source s ON s.id = ch.predictor_source_id",
    ))
    if event == "UPDATE":
        statements.append(_add(
            "arms_transfer_record",
            _transfer_counts("ch.sign", "ch.status"),
            f"{changes} JOIN arms_transfer t ON t.prediction_id = ch.id",
        ))
        statements.append(_add_pairs([_pair_moves("prediction", event)]))
    return statements


def prediction_tag_statements(event: str) -> list[str]:
    links = _changes("r.prediction_id, r.tag_id", event)
    return [
        _lock("prediction", f"SELECT prediction_id FROM ({links}) l"),
        _add(
            "calibration_tag_record",
            {"tag_id": "l.tag_id", "bin": f"{S}.calibration_bin(p.probability)", "predictions": "l.sign",
             "probability_sum": "l.sign * p.probability::numeric",
             "confirmed": "l.sign * (p.status = 'confirmed')::int"},
            f"({links}) l JOIN ({_rows_of('prediction', 'id, status, probability', f'SELECT prediction_id FROM ({links}) l')}) p "
            "ON p.id = l.prediction_id",
            "p.status IN ('confirmed', 'refuted') AND p.probability IS NOT NULL",
        ),
    ]


PUBLISHER_TOTALS = (
    [f"grade_{g.lower()}" for g in GRADES]
    + ["claims_supported", "supported_confirmed", "supported_refuted"]
    + [f"predictions_{o}" for o in ("made", "open", "confirmed", "refuted", "annulled")]
)


def _publisher_rows(publisher: str, source: str, **totals: str) -> str:
    """A SELECT of (publisher, every publisher_record total) from `source`: `totals` as given, 0 else."""
    columns = ", ".join(f"{totals.get(c, '0')} AS {c}" for c in PUBLISHER_TOTALS)
    return f"SELECT {publisher} AS publisher, {columns} FROM {source}"


def source_statements(event: str) -> list[str]:
    grades = {f"grade_{g.lower()}": f"ch.sign * (ch.reliability = '{g}')::int" for g in GRADES}
    graded = _changes(f"r.id, coalesce(r.publisher, {NO_PUBLISHER}) AS publisher, r.reliability", event)
    parts = [_publisher_rows("ch.publisher", f"({graded}) ch", **grades)]
    statements = []
    if event == "UPDATE":
        moved = f"""
            SELECT o.id, coalesce(o.publisher, {NO_PUBLISHER}) AS before, coalesce(n.publisher, {NO_PUBLISHER}) AS after
            FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE coalesce(o.publisher, {NO_PUBLISHER}) <> coalesce(n.publisher, {NO_PUBLISHER})"""
        touched = f"""
            SELECT DISTINCT cs.claim_id FROM claim_source cs
            WHERE cs.stance = 'supports' AND cs.source_id IN (SELECT id FROM ({moved}) m)"""
        statements.append(_lock("claim", touched))
        # The source's predictions move with it.
        parts.append(_publisher_rows(
            "m.publisher",
            f"""(SELECT id, after AS publisher, 1 AS sign FROM ({moved}) m1
                 UNION ALL SELECT id, before, -1 FROM ({moved}) m2) m
                JOIN {S}.source_record r ON r.source_id = m.id""",
            **{f"predictions_{o}": f"m.sign * r.predictions_{o}" for o in ("made", "open", "confirmed", "refuted", "annulled")},
        ))
        # So do the claims it supports: each claim counts once per publisher, before and after.
        sets = f"""
            SELECT x.claim_id, x.publisher, sum(x.sign) AS sign FROM (
                SELECT DISTINCT cs.claim_id, coalesce(m.after, s.publisher, {NO_PUBLISHER}) AS publisher, 1 AS sign
                FROM claim_source cs JOIN source s ON s.id = cs.source_id LEFT JOIN ({moved}) m ON m.id = cs.source_id
                WHERE cs.stance = 'supports' AND cs.claim_id IN ({touched})
                UNION ALL
                SELECT DISTINCT cs.claim_id, coalesce(m.before, s.publisher, {NO_PUBLISHER}), -1
                FROM claim_source cs JOIN source s ON s.id = cs.source_id LEFT JOIN ({moved}) m ON m.id = cs.source_id
                WHERE cs.stance = 'supports' AND cs.claim_id IN ({touched})
            ) x GROUP BY 1, 2 HAVING sum(x.sign) <> 0"""
        parts.append(_publisher_rows(
            "ch.publisher", f"({sets}) ch JOIN claim c ON c.id = ch.claim_id",
            claims_supported="ch.sign", **_verdicts("ch.sign", "c.status"),
        ))
    if event in ("DELETE", "UPDATE"):
        statements.append(
            f"DELETE FROM {S}.source_record WHERE source_id IN (SELECT id FROM old_rows EXCEPT SELECT id FROM "
            f"{'new_rows' if event == 'UPDATE' else 'old_rows WHERE FALSE'})"
        )
    if event in ("INSERT", "UPDATE"):
        statements.append(
            f"INSERT INTO {S}.source_record AS t (source_id, title) SELECT id, title FROM new_rows ORDER BY id "
            "ON CONFLICT (source_id) DO UPDATE SET title = EXCLUDED.title WHERE t.title <> EXCLUDED.title"
        )
    statements.append(_add(
        "publisher_record", {"publisher": "u.publisher", **{c: f"u.{c}" for c in PUBLISHER_TOTALS}},
        "(" + " UNION ALL ".join(parts) + ") u",
    ))
    return statements


TRIGGERED = {
    "claim": claim_statements,
    "claim_source": claim_source_statements,
    "claim_actor": partial(actor_link_statements, "claim"),
    "arms_transfer": arms_transfer_statements,
    "prediction": prediction_statements,
    "prediction_actor": partial(actor_link_statements, "prediction"),
    "prediction_tag": prediction_tag_statements,
    "source": source_statements,
}
EVENTS = ("INSERT", "UPDATE", "DELETE")

# A claim or prediction being deleted loses its links first, while it can still be read.
UNLINKED = {
    "claim": ("claim_source", "claim_actor", "arms_transfer"),
    "prediction": ("prediction_tag", "prediction_actor", "arms_transfer"),
}


# --- the rebuild: every total from the tables; the backfill, and what TRUNCATE runs ------------------

def rebuild_statements() -> list[str]:
    statuses = ", ".join(f"('{s}')" for s in CLAIM_STATUSES)
    outcomes = _outcomes("predictions_", "1", "p.status")
    claim_events = f"""
        SELECT c.month, pr.actor_low, pr.actor_high, 1 AS claims, 0 AS predictions, 0 AS resolutions
        FROM ({_pairs('claim')}) pr JOIN ({CLAIM_DATES}) c ON c.id = pr.parent_id"""
    prediction_events = _pair_events(
        "prediction", f"SELECT pr.*, 1 AS d FROM ({_pairs('prediction')}) pr", PREDICTION_DATES
    )
    supported = f"""
        SELECT DISTINCT cs.claim_id, coalesce(s.publisher, {NO_PUBLISHER}) AS publisher
        FROM claim_source cs JOIN source s ON s.id = cs.source_id WHERE cs.stance = 'supports'"""
    return [
        "TRUNCATE " + ", ".join(f"{S}.{table}" for table, *_ in SUMMARIES),
        f"INSERT INTO {S}.claim_status_count (status) VALUES {statuses}",
        _add("claim_status_count", {"status": "c.status", "claims": "1"}, "claim c"),
        _add(
            "predictor_record",
            {"actor_id": "coalesce(p.predictor_actor_id, 0)",
             "source_id": "CASE WHEN p.predictor_actor_id IS NULL THEN coalesce(p.predictor_source_id, 0) ELSE 0 END",
             "total": "1",
             **{status: f"(p.status = '{status}')::int" for status in ("open", "confirmed", "refuted", "ambiguous", "withdrawn")},
             "scored": "(p.status IN ('confirmed', 'refuted') AND p.probability IS NOT NULL)::int",
             "squared_error": f"{S}.squared_error(p.status, p.probability)",
             "log_loss": f"{S}.log_loss(p.status, p.probability)"},
            "prediction p", into_empty=True,
        ),
        f"INSERT INTO {S}.calibration_record (bin) SELECT generate_series(0, 9)",
        _add(
            "calibration_record",
            {"bin": f"{S}.calibration_bin(p.probability)", "predictions": "1",
             "probability_sum": "p.probability::numeric", "confirmed": "(p.status = 'confirmed')::int"},
            "prediction p", "p.status IN ('confirmed', 'refuted') AND p.probability IS NOT NULL",
        ),
        _add(
            "calibration_tag_record",
            {"tag_id": "pt.tag_id", "bin": f"{S}.calibration_bin(p.probability)", "predictions": "1",
             "probability_sum": "p.probability::numeric", "confirmed": "(p.status = 'confirmed')::int"},
            "prediction_tag pt JOIN prediction p ON p.id = pt.prediction_id",
            "p.status IN ('confirmed', 'refuted') AND p.probability IS NOT NULL", into_empty=True,
        ),
        f"INSERT INTO {S}.source_record (source_id, title) SELECT id, title FROM source ORDER BY id",
        _add(
            "source_record",
            {"source_id": "cs.source_id", "claims_supported": "1", **_verdicts("1", "c.status")},
            "claim_source cs JOIN claim c ON c.id = cs.claim_id", "cs.stance = 'supports'",
        ),
        _add(
            "source_record", {"source_id": "p.predictor_source_id", **outcomes},
            "prediction p", "p.predictor_source_id IS NOT NULL",
        ),
        _add(
            "publisher_record", {"publisher": "u.publisher", **{c: f"u.{c}" for c in PUBLISHER_TOTALS}},
            "(" + " UNION ALL ".join([
                _publisher_rows(
                    f"coalesce(s.publisher, {NO_PUBLISHER})", "source s",
                    **{f"grade_{g.lower()}": f"(s.reliability = '{g}')::int" for g in GRADES},
                ),
                _publisher_rows(
                    "x.publisher", f"({supported}) x JOIN claim c ON c.id = x.claim_id",
                    claims_supported="1", **_verdicts("1", "c.status"),
                ),
                _publisher_rows(
                    f"coalesce(s.publisher, {NO_PUBLISHER})", "prediction p JOIN source s ON s.id = p.predictor_source_id",
                    **outcomes,
                ),
            ]) + ") u",
        ),
        _add(
            "arms_transfer_record",
            {**_transfer_counts("1", "p.status"), "claims": "(t.claim_id IS NOT NULL)::int"},
            "arms_transfer t LEFT JOIN prediction p ON p.id = t.prediction_id", into_empty=True,
        ),
        _add_pairs([claim_events, prediction_events], into_empty=True),
    ]


# --- the views that read the totals -------------------------------------------------------------------

_BINS = "(SELECT bin, label, low, high FROM reporting.calibration_bins)"
# What a source's or a publisher's track record counts: claims supported and predictions made, and their outcomes.
_TRACKED = ", ".join(f"r.{c}" for c in PUBLISHER_TOTALS[len(GRADES):])
# A calibration bin's columns, from its totals r (absent for an empty bin): the means are sums over counts.
_BIN_TOTALS = """
            b.label AS bin,
            b.low AS bin_low,
            b.high AS bin_high,
            coalesce(r.predictions, 0) AS predictions,
            (r.probability_sum / nullif(r.predictions, 0))::float8 AS mean_forecast,
            r.confirmed::float8 / nullif(r.predictions, 0) AS observed_frequency,
            coalesce(r.confirmed, 0) AS confirmed,
            coalesce(r.predictions - r.confirmed, 0) AS refuted"""

VIEWS: dict[str, str] = {
    "prediction_scoreboard": f"""
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
        FROM {S}.predictor_record r
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
        ORDER BY brier_score NULLS LAST, total DESC, predictor
        """,
    "calibration": f"""
        SELECT {_BIN_TOTALS}
        FROM {_BINS} b
        LEFT JOIN {S}.calibration_record r ON r.bin = b.bin
        ORDER BY b.bin
        """,
    "calibration_by_tag": f"""
        SELECT
            t.name AS tag, {_BIN_TOTALS}
        FROM (SELECT tag_id FROM {S}.calibration_tag_record GROUP BY tag_id HAVING sum(predictions) > 0) tags
        JOIN tag t ON t.id = tags.tag_id
        CROSS JOIN {_BINS} b
        LEFT JOIN {S}.calibration_tag_record r ON r.tag_id = tags.tag_id AND r.bin = b.bin AND r.predictions > 0
        ORDER BY t.name, b.bin
        """,
    "source_track_record": f"""
        SELECT
            s.id AS source_id,
            r.title AS source,
            s.publisher,
            s.kind,
            s.reliability,
            {_TRACKED},
            s.url
        FROM {S}.source_record r
        JOIN source s ON s.id = r.source_id
        """,
    "publisher_track_record": f"""
        SELECT
            r.publisher,
            r.grade_a + r.grade_b + r.grade_c + r.grade_d + r.grade_e + r.grade_f AS sources,
            concat_ws(', ', {', '.join(f"CASE WHEN r.grade_{g.lower()} > 0 THEN '{g}' END" for g in GRADES)})
                AS reliability,
            {_TRACKED}
        FROM {S}.publisher_record r
        WHERE r.grade_a + r.grade_b + r.grade_c + r.grade_d + r.grade_e + r.grade_f > 0
        ORDER BY r.claims_supported DESC, r.predictions_made DESC, r.publisher
        """,
    "actor_timeline": f"""
        SELECT
            r.month,
            a.name AS actor_a,
            b.name AS actor_b,
            r.claims,
            r.predictions,
            r.resolutions,
            r.actor_id AS actor_a_id,
            r.other_id AS actor_b_id
        FROM {S}.actor_pair_month r
        JOIN actor a ON a.id = r.actor_id
        JOIN actor b ON b.id = r.other_id
        WHERE a.name < b.name AND (r.claims > 0 OR r.predictions > 0 OR r.resolutions > 0)
        """,
    "arms_transfers": f"""
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
        FROM {S}.arms_transfer_record r
        JOIN actor sup ON sup.id = r.supplier_id
        JOIN actor rec ON rec.id = r.recipient_id
        WHERE r.expected + r.confirmed + r.refuted + r.annulled + r.claims > 0
        """,
    "claim_status_summary": f"""
        SELECT
            st.status,
            coalesce(c.claims, 0) AS claims,
            coalesce(c.claims, 0)::float8 / nullif(sum(coalesce(c.claims, 0)) OVER (), 0)::float8 AS share
        FROM (VALUES {', '.join(f"({i}, '{s}')" for i, s in enumerate(CLAIM_STATUSES, 1))}) AS st(position, status)
        LEFT JOIN {S}.claim_status_count c ON c.status = st.status
        ORDER BY st.position
        """,
}

# The open predictions' deadline index, now with the id (the reports' tie-break) and the predictor,
# so "overdue" per predictor is read from the index alone.
OPEN_DEADLINES_BEFORE = "CREATE INDEX ix_prediction_open_resolve_by ON prediction (resolve_by) WHERE status = 'open'"
OPEN_DEADLINES = (
    "CREATE INDEX ix_prediction_open_resolve_by ON prediction (resolve_by, id) "
    "INCLUDE (predictor_actor_id, predictor_source_id) WHERE status = 'open'"
)
# recent_changes, newest first, is this index read backwards; with the id, ties in changed_at (an
# import's history) cost no sort of the whole tie.
CHANGES_BEFORE = "CREATE INDEX ix_status_history_changed_at ON status_history (changed_at)"
CHANGES = "CREATE INDEX ix_status_history_changed_at ON status_history (changed_at, id)"


def _dollar(sql: str) -> str:
    assert "$q$" not in sql
    return f"$q${sql}$q$"


def _function(
    name: str, body: list[str], schema: str, returns: str = "trigger", tail: str = "RETURN NULL;", work_mem: str = "32MB"
) -> str:
    """A plpgsql function of the summary schema that EXECUTEs each statement of `body` (planned for
    the rows at hand). It runs with its owner's rights, so any role that may write the tables keeps
    the totals right without rights on them; its search_path is fixed, as such a function's must be.
    Its work_mem is raised so that the hashes and sorts of a bulk statement's deltas stay in memory."""
    statements = "\n".join(f"    EXECUTE {_dollar(sql)};" for sql in body)
    return f"""
CREATE FUNCTION {S}.{name}() RETURNS {returns} LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = {schema}, pg_temp SET work_mem = '{work_mem}' AS $fn$
BEGIN
{statements}
    {tail}
END
$fn$"""


def _sibling(name: str) -> ModuleType:
    """Another revision of this directory, by file name (the revisions are not a package)."""
    path = Path(__file__).with_name(name)
    spec = importlib.util.spec_from_file_location(f"claimtrack_revision_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def upgrade() -> None:
    schema = op.get_bind().exec_driver_sql("SELECT current_schema()").scalar()
    op.execute(f"CREATE SCHEMA {S}")
    op.execute(
        f"COMMENT ON SCHEMA {S} IS 'Totals behind the reporting views, kept current by triggers; "
        "read them through the views (reader roles cannot see this schema).'"
    )
    op.execute(FUNCTIONS)
    for table, _, comment, definition in SUMMARIES:
        op.execute(f"CREATE TABLE {S}.{table} ({definition})")
        op.execute(f"COMMENT ON TABLE {S}.{table} IS {_literal(comment)}")


    # A rebuild sorts and hashes every link once: give it the memory to do so without spilling.
    op.execute(_function("rebuild", rebuild_statements(), schema, returns="void", tail="RETURN;", work_mem="128MB"))
    op.execute(f"COMMENT ON FUNCTION {S}.rebuild() IS 'Recompute every total of {S} from the tables.'")
    op.execute(f"""
CREATE FUNCTION {S}.rebuild_after_truncate() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = {schema}, pg_temp AS $fn$
BEGIN
    PERFORM {S}.rebuild();
    RETURN NULL;
END
$fn$""")
    for table, statements in TRIGGERED.items():
        for event in EVENTS:
            name = f"{table}_{event.lower()}"
            op.execute(_function(name, statements(event), schema))
            transition = {"INSERT": "NEW TABLE AS new_rows", "DELETE": "OLD TABLE AS old_rows",
                          "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows"}[event]
            op.execute(
                f"CREATE TRIGGER summary_{name} AFTER {event} ON {table} REFERENCING {transition} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {S}.{name}()"
            )
        op.execute(
            f"CREATE TRIGGER summary_{table}_truncate AFTER TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {S}.rebuild_after_truncate()"
        )
    for parent, links in UNLINKED.items():
        deletes = [f"DELETE FROM {link} WHERE {parent}_id = $1" for link in links]
        body = "\n".join(f"    EXECUTE {_dollar(sql)} USING OLD.id;" for sql in deletes)
        op.execute(f"""
CREATE FUNCTION {S}.{parent}_unlink() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = {schema}, pg_temp AS $fn$
BEGIN
{body}
    RETURN OLD;
END
$fn$""")
        op.execute(
            f"CREATE TRIGGER summary_{parent}_unlink BEFORE DELETE ON {parent} "
            f"FOR EACH ROW EXECUTE FUNCTION {S}.{parent}_unlink()"
        )

    # Functions run with their owner's rights: nobody else calls them (triggers need no EXECUTE right).
    op.execute(f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA {S} FROM PUBLIC")

    op.execute("DROP INDEX ix_prediction_open_resolve_by")
    op.execute(OPEN_DEADLINES)
    op.execute("DROP INDEX ix_status_history_changed_at")
    op.execute(CHANGES)
    op.execute(f"SELECT {S}.rebuild()")  # the backfill
    # The summaries' own indexes, built once over the backfilled rows rather than row by row.
    op.execute(
        f"CREATE INDEX source_record_rank ON {S}.source_record (claims_supported DESC, predictions_made DESC, title, source_id)"
    )
    op.execute(f"CREATE INDEX actor_pair_month_actor ON {S}.actor_pair_month (actor_id, month)")
    op.execute(f"CREATE INDEX actor_pair_month_other ON {S}.actor_pair_month (other_id, month)")
    for table, *_ in SUMMARIES:
        op.execute(f"ANALYZE {S}.{table}")
    for name, query in VIEWS.items():
        op.execute(f"CREATE OR REPLACE VIEW reporting.{name} AS {query.strip()}")


def downgrade() -> None:
    before = {name: query for name, _, query in _sibling("20261127_0002_reporting_views.py").VIEWS}
    for name in VIEWS:
        op.execute(f"CREATE OR REPLACE VIEW reporting.{name} AS {before[name].strip()}")
    op.execute("DROP INDEX ix_prediction_open_resolve_by")
    op.execute(OPEN_DEADLINES_BEFORE)
    op.execute("DROP INDEX ix_status_history_changed_at")
    op.execute(CHANGES_BEFORE)
    for parent in UNLINKED:
        op.execute(f"DROP TRIGGER summary_{parent}_unlink ON {parent}")
    for table in TRIGGERED:
        for event in (*EVENTS, "TRUNCATE"):
            op.execute(f"DROP TRIGGER summary_{table}_{event.lower()} ON {table}")
    # Not CASCADE: anything someone added to the schema by hand stops the downgrade rather than vanish.
    op.execute(f"""
        DO $$ DECLARE f regprocedure; BEGIN
            FOR f IN SELECT p.oid FROM pg_proc p WHERE p.pronamespace = '{S}'::regnamespace LOOP
                EXECUTE 'DROP FUNCTION ' || f;
            END LOOP;
        END $$""")
    for table, *_ in reversed(SUMMARIES):
        op.execute(f"DROP TABLE {S}.{table}")
    op.execute(f"DROP SCHEMA {S}")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
