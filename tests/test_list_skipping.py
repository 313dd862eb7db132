"""Past its first pages, an unfiltered list walks its order with the deleted entries in it
and leaves them out by number (listing/base.py, Skipping): the test of every entry walked
was most of a middle page's time at a million testimonies. Whatever deleted records lie
where, every page must hold the live records only, in the order and at the offsets the
tested walk gives."""

from __future__ import annotations

import pytest

from caseapp.app import CaseApp
from caseapp.services.listing import base
from caseapp.services.listing.base import ListQuery
from tests.test_list_pages_from_the_back import every_page

pytestmark = pytest.mark.both_engines


def pages_by_sort(query: ListQuery, sizes: tuple[int, ...]) -> dict[tuple[str, bool, int], list]:
    """Every page of every sort, from both ends, as the window would read them."""
    pages: dict[tuple[str, bool, int], list] = {}
    for key in query.sort_columns():
        for descending in (False, True):
            query.set_sort(key, descending)
            total = query.count()
            for size in sizes:
                for back in (False, True):
                    pages[(key, descending, size * (-1 if back else 1))] = [
                        query.fetch(offset, size, total if back else None)
                        for offset in range(0, total, size)
                    ]
    return pages


def delete_some(app: CaseApp) -> tuple[set[str], set[str]]:
    """Deletes a testimony at each end of the code order and one in the middle, and two
    violations of testimonies kept; returns the uids of the testimonies and violations
    gone (a deleted testimony's violations with them)."""
    testimonies = app.listings.testimonies()
    testimonies.set_sort("code")
    codes = testimonies.fetch(0, 1000)
    gone_t = {str(codes[i]["uid"]) for i in (0, len(codes) // 2, len(codes) - 1)}
    for uid in gone_t:
        app.records.delete("testimony", uid)
    violations = app.listings.violations()
    violations.set_sort("date_start")
    rows = violations.fetch(0, 10_000)
    gone_v = {str(rows[i]["uid"]) for i in (1, len(rows) - 2)}
    for uid in gone_v:
        app.records.delete("violation", uid)
    return gone_t, gone_v


def test_every_page_skipping_the_deleted_equals_the_tested_walk(
    demo_app: CaseApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    listings = demo_app.listings
    lists = {"testimonies": listings.testimonies, "violations": listings.violations}
    for name, make in lists.items():  # nothing deleted yet
        tested = pages_by_sort(make(), (1, 3))
        monkeypatch.setattr(base, "SKIP_FROM", 1)
        query = make()
        assert pages_by_sort(query, (1, 3)) == tested, name
        monkeypatch.setattr(base, "SKIP_FROM", 2_000)
        assert query._skip and query._skip[1], name
    everything_v = {str(r["uid"]) for r in demo_app.listings.violations().fetch(0, 10_000)}
    of_testimony = {
        str(r["uid"]): str(r["testimony_uid"])
        for r in demo_app.listings.violations().fetch(0, 10_000)
    }
    gone_t, gone_v = delete_some(demo_app)
    dead_v = gone_v | {uid for uid, t in of_testimony.items() if t in gone_t}
    for name, make in lists.items():
        tested = pages_by_sort(make(), (1, 3))  # SKIP_FROM: these small lists never skip
        monkeypatch.setattr(base, "SKIP_FROM", 1)
        query = make()
        skipped = pages_by_sort(query, (1, 3))
        monkeypatch.setattr(base, "SKIP_FROM", 2_000)
        assert query._skip and query._skip[1], name  # the walk without the tests was taken
        assert skipped == tested, name
        for (key, _, size), pages in skipped.items():
            uids = [str(row["uid"]) for page in pages for row in page]
            assert len(uids) == len(set(uids)), (name, key, size)
            if name == "violations":
                assert set(uids) == everything_v - dead_v, (key, size)
            else:
                assert not set(uids) & gone_t, (key, size)


def test_with_too_many_deleted_the_walk_tests_each_entry(
    demo_app: CaseApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    delete_some(demo_app)
    query = demo_app.listings.violations()
    query.set_sort("category")
    total = query.count()
    tested = every_page(query, total, True, 2)
    monkeypatch.setattr(base, "SKIP_FROM", 1)
    assert query.skipping() is not None
    monkeypatch.setattr(base, "SKIP_MOST", 1)  # more dead than that: the tested walk
    assert every_page(query, total, True, 2) == tested
    monkeypatch.setattr(base, "SKIP_MOST", 1_000)
    query = demo_app.listings.violations()
    query.set_sort("category")
    assert every_page(query, total, True, 2) == tested


def test_a_page_by_category_walks_from_its_category(
    demo_app: CaseApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sorted by category, a page past the first category walks from the start of its own,
    found by the live violations the database keeps per category; rows as the tested walk."""
    delete_some(demo_app)  # the kept counts follow deletions
    tested = demo_app.listings.violations()
    tested.set_sort("category", descending=True)
    total = tested.count()
    expected = [tested.fetch(offset, 2, total) for offset in range(0, total, 2)]
    monkeypatch.setattr(base, "SKIP_FROM", 1)
    query = demo_app.listings.violations()
    query.set_sort("category", descending=True)
    assert [query.fetch(offset, 2, total) for offset in range(0, total, 2)] == expected
    assert query._skip and query._skip[1] and query._skip[1]._by_group
