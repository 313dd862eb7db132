"""A page past the middle of a list is read from its other end and turned round (a million
testimonies: the last page had walked the whole index). Whatever end a page is read from,
the window must show the same rows in the same order: every page of every list, in every
sort and both directions, with and without a filter, equals the page read from the front."""

from __future__ import annotations

import pytest

from caseapp.app import CaseApp
from caseapp.services.listing.base import ListQuery
from caseapp.services.listing.testimonies import TestimonyFilter
from caseapp.services.listing.violations import ViolationFilter

pytestmark = pytest.mark.both_engines

PAGE = 3
SIZES = (1, PAGE)  # small pages, so that the demo's lists have pages on both sides of the middle


def every_page(query: ListQuery, total: int, from_the_back: bool, size: int) -> list[str]:
    uids: list[str] = []
    for offset in range(0, total, size):
        rows = query.fetch(offset, size, total if from_the_back else None)
        uids += [str(row["uid"]) for row in rows]
    return uids


def lists(app: CaseApp) -> dict[str, ListQuery]:
    listings = app.listings
    return {
        "testimonies": listings.testimonies(),
        "testimonies, filtered": listings.testimonies(TestimonyFilter(language="ko")),
        "violations": listings.violations(),
        "violations, filtered": listings.violations(ViolationFilter(category="torture")),
        "regions": listings.regions(),
        "state responses": listings.state_responses(),
    }


def test_every_page_is_the_same_read_from_either_end(demo_app: CaseApp) -> None:
    for name, query in lists(demo_app).items():
        for key in query.sort_columns():
            if key == "id":
                continue
            for descending in (False, True):
                query.set_sort(key, descending)
                total = query.count()
                assert total >= 3, name
                for size in SIZES:
                    front = every_page(query, total, False, size)
                    assert len(front) == total == len(set(front)), (name, key)
                    assert every_page(query, total, True, size) == front, (name, key, size)


def test_the_last_page_may_be_short(demo_app: CaseApp) -> None:
    query = demo_app.listings.testimonies()
    total = query.count()
    last = (total - 1) // PAGE * PAGE
    front = query.fetch(last, PAGE)
    assert 1 <= len(front) <= PAGE
    assert query.fetch(last, PAGE, total) == front
    assert query.fetch(total, PAGE, total) == []  # past the end: nothing
