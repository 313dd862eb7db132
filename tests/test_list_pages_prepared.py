"""A list's pages are read through a statement compiled once and run on the driver's cursor
(caseapp/services/listing/base.py, Prepared); each page must hold exactly the rows, columns
and values SQLAlchemy's own execution of the same statement gives, for every filter, sort and
direction, from either end of the list."""

from __future__ import annotations

from typing import Any

import pytest

from caseapp.app import CaseApp
from caseapp.services.listing.base import ListQuery, page_params, read_rows
from caseapp.services.listing.regions import RegionFilter
from caseapp.services.listing.testimonies import TestimonyFilter
from caseapp.services.listing.violations import ViolationFilter

from .test_list_sorts import REGION_SORTS, TESTIMONY_SORTS, VIOLATION_SORTS

pytestmark = pytest.mark.both_engines

PAGE = 7


def _pages_agree(app: CaseApp, listing: ListQuery[Any], sorts: tuple[str, ...]) -> int:
    """Every page of ``listing`` in every sort both ways, compared; the rows read."""
    read = 0
    for key in sorts:
        for descending in (False, True):
            listing.set_sort(key, descending)
            total = listing.count()
            for offset in range(0, total, PAGE):
                got = listing.fetch(offset, PAGE, total)
                # SQLAlchemy executing the same statement, always from the front.
                expected = read_rows(app.store, listing.page_statement(), page_params(offset, PAGE))
                assert [r["uid"] for r in got] == [r["uid"] for r in expected]
                for mine, theirs in zip(got, expected, strict=True):
                    # every column of the statement, its name, value and value's type (a
                    # list may add its own: the regions' counted cases)
                    shown = {name: mine[name] for name in theirs}
                    assert shown == theirs
                    assert [type(v) for v in shown.values()] == [type(v) for v in theirs.values()]
                read += len(got)
    return read


def test_testimony_pages_are_the_statements_rows(demo_app: CaseApp) -> None:
    filters = [
        TestimonyFilter(),
        TestimonyFilter(text="회령"),
        TestimonyFilter(language="ko", status="verified"),
        TestimonyFilter(consent="un"),
        TestimonyFilter(consent="none"),
        TestimonyFilter(date_from="2010", date_to="2019-06"),
    ]
    read = 0
    for flt in filters:
        read += _pages_agree(demo_app, demo_app.listings.testimonies(flt), TESTIMONY_SORTS)
    assert read > 100  # the demo archive's pages were read, not an empty list


def test_violation_and_region_pages_are_the_statements_rows(demo_app: CaseApp) -> None:
    read = 0
    for flt in (
        ViolationFilter(),
        ViolationFilter(category="detention"),  # a parent: its children in an IN list
        ViolationFilter(province="north_korea", date_from="2000"),
        ViolationFilter(text="camp"),
    ):
        read += _pages_agree(demo_app, demo_app.listings.violations(flt), VIOLATION_SORTS)
    read += _pages_agree(demo_app, demo_app.listings.regions(RegionFilter()), REGION_SORTS)
    assert read > 100
