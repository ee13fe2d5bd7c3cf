"""Claims: their statuses and how they move between them, the stance of a source, credibility."""

from __future__ import annotations

CLAIM_STATUSES = ("unverified", "corroborated", "contested", "confirmed", "refuted", "retracted")
# A claim's verdict: reached on an evidence source, recorded with the change (the database's
# trigger tr_claim_verdict_evidence holds to it too).
CLAIM_VERDICTS = ("confirmed", "refuted")
STANCES = ("supports", "disputes", "reports")
CREDIBILITY_GRADES = (1, 2, 3, 4, 5, 6)  # Admiralty: 1 confirmed … 6 cannot be judged


def allowed_claim_transitions(current: str) -> tuple[str, ...]:
    """A claim may move between any two statuses; each change carries a reason."""
    return tuple(s for s in CLAIM_STATUSES if s != current)
