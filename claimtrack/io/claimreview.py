"""schema.org ClaimReview (JSON-LD) for the claims that carry a verdict: confirmed or refuted.

Each review names the claim (claimReviewed), the Claim itself (itemReviewed: its author, the
claimant, and where it appeared: the sources that support or report it), the verdict
(reviewRating: 5 "True" for confirmed, 1 "False" for refuted) and the day the verdict was recorded
(datePublished), by whom (author) and on what evidence (citation).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

RATINGS = {"confirmed": (5, "True"), "refuted": (1, "False")}


@dataclass(frozen=True)
class Appearance:
    url: str | None
    title: str
    publisher: str | None
    author: str | None
    published: str | None  # a date with its precision: "2024", "2024-06", "2024-06-19"


@dataclass(frozen=True)
class Verdict:
    claim_id: int
    statement: str
    status: str
    claimant: str | None
    claimant_kind: str | None
    stated: str | None
    appearances: list[Appearance]
    decided_on: date
    decided_by: str
    evidence_url: str | None
    evidence_title: str | None


def _work(appearance: Appearance) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "headline": appearance.title}
    if appearance.url:
        work["url"] = appearance.url
    if appearance.publisher:
        work["publisher"] = {"@type": "Organization", "name": appearance.publisher}
    if appearance.author:
        work["author"] = {"@type": "Person", "name": appearance.author}
    if appearance.published:
        work["datePublished"] = appearance.published
    return work


def claim_review(verdict: Verdict) -> dict[str, Any]:
    value, name = RATINGS[verdict.status]
    claim: dict[str, Any] = {"@type": "Claim", "name": verdict.statement}
    if verdict.claimant:
        kind = "Person" if verdict.claimant_kind == "person" else "Organization"
        claim["author"] = {"@type": kind, "name": verdict.claimant}
    elif verdict.appearances and (verdict.appearances[0].publisher or verdict.appearances[0].author):
        first = verdict.appearances[0]
        claim["author"] = {"@type": "Organization", "name": first.publisher} if first.publisher else {"@type": "Person", "name": first.author}
    if verdict.stated:
        claim["datePublished"] = verdict.stated
    if verdict.appearances:
        claim["appearance"] = [_work(a) for a in verdict.appearances]
        claim["firstAppearance"] = claim["appearance"][0]
    review: dict[str, Any] = {
        "@type": "ClaimReview",
        "identifier": f"claimtrack:claim:{verdict.claim_id}",
        "claimReviewed": verdict.statement,
        "itemReviewed": claim,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": name,
        },
        "datePublished": verdict.decided_on.isoformat(),
        "author": {"@type": "Person", "name": verdict.decided_by},
    }
    if verdict.evidence_url or verdict.evidence_title:
        citation: dict[str, Any] = {"@type": "CreativeWork"}
        if verdict.evidence_title:
            citation["headline"] = verdict.evidence_title
        if verdict.evidence_url:
            citation["url"] = verdict.evidence_url
        review["citation"] = citation
    return review


def claim_review_document(verdicts: list[Verdict]) -> dict[str, Any]:
    return {"@context": "https://schema.org", "@graph": [claim_review(v) for v in verdicts]}
