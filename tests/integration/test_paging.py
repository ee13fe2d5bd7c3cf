"""Lists read a page at a time (`after`, the last record of the page before): each page follows on
from the one before without a gap or a repeat, in the order the whole list has.

Over the demo's records with a few more: predictions sharing a deadline (so the keyset needs the id
as well), sources and actors enough for several pages of three.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import psycopg
import pytest

PAGE = 3


@pytest.fixture
def records(invoke: Any, database_url: str) -> Iterator[psycopg.Connection[Any]]:
    def run(*args: str) -> str:
        result = invoke(*args)
        assert result.exit_code == 0, result.output
        return str(result.stdout.strip())

    run("demo")
    for n in range(5):
        predicted = run("prediction", "add", f"Same deadline {n}", "--made", "2024-01", "--resolve-by", "2025-06", "--by", "PRK")
        evidence = run("source", "add", f"Paged source {n}", "--kind", "news_article", "--reliability", "B")
        run("actor", "add", f"paged actor {n}", "--kind", "organization")
    run("prediction", "refute", predicted, "--evidence", evidence, "--on", "2025-07-01")
    with psycopg.connect(database_url.replace("postgresql+psycopg://", "postgresql://")) as connection:
        yield connection


def paged(read: Callable[[int | None, int], list[Any]]) -> list[list[int]]:
    """The ids of each page `read(after, limit)` gives, walking from the first page to the last."""
    pages: list[list[int]] = []
    after = None
    while True:
        page = [item.id for item in read(after, PAGE)]
        pages.append(page)
        if len(page) < PAGE:
            return pages
        after = page[-1]


def assert_pages_make_the_list(pages: list[list[int]], whole: list[int]) -> None:
    assert len(pages) >= 2, "the list spans more than one page"
    for page, following in zip(pages, pages[1:]):
        assert not set(page) & set(following)
    assert [item for page in pages for item in page] == whole


def test_predictions_page_by_deadline_then_id(records: psycopg.Connection[Any]) -> None:
    from claimtrack.services.prediction_reading import list_predictions

    whole = [line.id for line in list_predictions(records, limit=1000).lines]
    pages = paged(lambda after, limit: list_predictions(records, after=after, limit=limit).lines)
    assert_pages_make_the_list(pages, whole)


def test_predictions_page_with_a_filter_and_as_of_a_day(records: psycopg.Connection[Any]) -> None:
    from claimtrack.services.prediction_reading import list_predictions

    filters: dict[str, Any] = {"status": "open", "actor": "PRK", "as_of": date(2025, 6, 30)}
    whole = [line.id for line in list_predictions(records, **filters, limit=1000).lines]
    assert "Same deadline 4" in {line.statement for line in list_predictions(records, **filters, limit=1000).lines}  # refuted later
    pages = paged(lambda after, limit: list_predictions(records, **filters, after=after, limit=limit).lines)
    assert_pages_make_the_list(pages, whole)


def test_sources_page_newest_first(records: psycopg.Connection[Any]) -> None:
    from claimtrack.services.sources import list_sources

    whole = [source.id for source in list_sources(records, limit=1000)]
    assert_pages_make_the_list(paged(lambda after, limit: list_sources(records, after=after, limit=limit)), whole)
    by_grade = [source.id for source in list_sources(records, reliability="B", limit=1000)]
    pages = paged(lambda after, limit: list_sources(records, reliability="B", after=after, limit=limit))
    assert_pages_make_the_list(pages, by_grade)


def test_actors_page_by_name_and_unpaged_is_every_actor(records: psycopg.Connection[Any]) -> None:
    from claimtrack.services.actors import list_actors

    every = list_actors(records)
    row = records.execute("SELECT count(*) FROM actor").fetchone()
    assert row is not None and len(every) == row[0]
    assert_pages_make_the_list(paged(lambda after, limit: list_actors(records, after=after, limit=limit)), [a.id for a in every])
    organizations = [actor.id for actor in list_actors(records, kind="organization")]
    pages = paged(lambda after, limit: list_actors(records, kind="organization", after=after, limit=limit))
    assert_pages_make_the_list(pages, organizations)


def test_claims_page_newest_first(records: psycopg.Connection[Any]) -> None:
    from claimtrack.services.claim_reading import list_claims

    whole = [claim.id for claim in list_claims(records, limit=1000)]
    assert_pages_make_the_list(paged(lambda after, limit: list_claims(records, after=after, limit=limit)), whole)


def test_resolved_predictions_of_every_outcome_page_by_deadline_in_one_list(invoke: Any, records: psycopg.Connection[Any]) -> None:
    from claimtrack.domain import RESOLVED_STATUSES
    from claimtrack.services.prediction_reading import list_predictions

    ids = [line.id for line in list_predictions(records, limit=1000).lines if line.statement.startswith("Same deadline ")]
    evidence = invoke("source", "add", "Paged verdicts", "--kind", "report").stdout.strip()
    for prediction_id in ids[:2]:
        assert invoke("prediction", "confirm", str(prediction_id), "--evidence", evidence, "--on", "2025-07-02").exit_code == 0
    assert invoke("prediction", "annul", str(ids[2]), "--as", "withdrawn", "--note", "Question withdrawn").exit_code == 0
    records.commit()  # see what the commands wrote
    every = list_predictions(records, limit=1000).lines
    whole = [line.id for line in every if line.status in RESOLVED_STATUSES]
    assert {line.status for line in every if line.id in whole} == {"confirmed", "refuted", "withdrawn"}
    assert [line.id for line in list_predictions(records, statuses=RESOLVED_STATUSES, limit=1000).lines] == whole
    pages = paged(lambda after, limit: list_predictions(records, statuses=RESOLVED_STATUSES, after=after, limit=limit).lines)
    assert_pages_make_the_list(pages, whole)


def test_claims_as_of_a_day_page_through_those_recorded_later_but_stated_by_then(invoke: Any, records: psycopg.Connection[Any]) -> None:
    """As of a past day, the claims on the record are those stated by then (recorded since); as of
    today, those recorded by the end of today: each is its own part of the list, paged alike."""
    from claimtrack.domain import parse_partial_date
    from claimtrack.services.claim_reading import list_claims
    from claimtrack.services.clock import database_today

    stated = [int(invoke("claim", "add", f"Stated early {n}", "--stated", "2024-01").stdout.strip()) for n in range(5)]
    late = int(invoke("claim", "add", "Stated late", "--stated", "2025-01").stdout.strip())
    then = parse_partial_date("2024-06-30")
    whole = [claim.id for claim in list_claims(records, as_of=then, limit=1000)]
    assert [i for i in whole if i in stated] == sorted(stated, reverse=True)
    assert late not in whole
    assert_pages_make_the_list(paged(lambda after, limit: list_claims(records, as_of=then, after=after, limit=limit)), whole)
    today = parse_partial_date(database_today(records).isoformat())
    every = [claim.id for claim in list_claims(records, limit=1000)]
    assert [claim.id for claim in list_claims(records, as_of=today, limit=1000)] == every
    assert_pages_make_the_list(paged(lambda after, limit: list_claims(records, as_of=today, after=after, limit=limit)), every)
