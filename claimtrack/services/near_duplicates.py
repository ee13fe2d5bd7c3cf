"""One rule for "nearly the same statement", for claims and for open predictions: `claim add` and
`prediction add` (and `claim edit --statement`) refuse one unless --allow-duplicate; the import
and sync do not check."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from psycopg import Connection

# Trigram similarity (pg_trgm, which compares the sets of three-letter pieces of the words, so word
# order, case and punctuation do not count) at or above which a new statement is "nearly identical".
# Measured against "Russia forgave most of North Korea's debt in 2012": reordered or re-cased 1.00,
# "debts" and a curly apostrophe 0.94, one word dropped 0.84, "for talks" appended 0.83 — all the
# same claim, all caught at 0.8; "Cuba's" instead of "North Korea's" 0.69, "imports" for "exports"
# 0.64, a figure added 0.70 — different claims, all let through. A changed number scores high ("in
# 2014" 0.92) yet is a different claim, so candidates whose numbers differ are not duplicates.
DUPLICATE_SIMILARITY = 0.8
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

# What a new statement is compared with: live claims, or open predictions. Each table's statement
# has its trigram index (ix_claim_statement_trgm, ix_prediction_statement_trgm: 20261208_0015).
_AMONG = {
    "claim": "claim WHERE deleted_at IS NULL",
    "prediction": "prediction WHERE status = 'open'",
}


def nearly_the_same(
    connection: Connection[Any], kind: Literal["claim", "prediction"], statement: str, *, other_than: int | None = None
) -> tuple[int, str, float] | None:
    """The record of `kind` (other than `other_than`) whose statement nearly matches `statement`
    (id, statement, similarity), the most alike first; None when there is none."""
    # Checked adds take turns: this transaction-long lock makes a second add of the same statement
    # wait until the first commits, and the check below (a new snapshot) then sees it. Adds with
    # --allow-duplicate and the import do not wait for it. (A lock per trigram, as the prefix
    # filter of similarity joins would allow, was measured: in this domain's vocabulary 166 of the
    # demo's 171 pairs of unrelated claims would still share one; see docs/BENCHMARKS.md.)
    connection.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (f"claimtrack: {kind} duplicate check",))
    # `%` (written %% beside parameters) is the trigram-similarity operator: it uses the trigram
    # index, with the threshold set for this transaction only. The index is the only sane way to run
    # this check; left to itself, the planner turns to reading every row when its statistics lag
    # behind many new ones (a second instead of 60 ms at 20,000 claims), so it is told not to, for
    # this one query.
    connection.execute(
        "SELECT set_config('pg_trgm.similarity_threshold', %s, true), set_config('enable_seqscan', 'off', true)",
        (str(DUPLICATE_SIMILARITY),),
    )
    candidates = connection.execute(
        f"SELECT id, statement, similarity(statement, %(statement)s) AS score FROM {_AMONG[kind]}"
        " AND statement %% %(statement)s AND id IS DISTINCT FROM %(other_than)s"
        " ORDER BY score DESC, id LIMIT 5",
        {"statement": statement, "other_than": other_than},
    ).fetchall()
    connection.execute("SELECT set_config('enable_seqscan', 'on', true)")
    numbers = Counter(_NUMBER.findall(statement))
    for record_id, existing, score in candidates:
        if Counter(_NUMBER.findall(existing)) == numbers:
            return int(record_id), existing, float(score)
    return None
