"""A filtered list finds its page and its count in a covering index of what the filters test
(migration 0030), or walking the sort's index with look-ups in the narrow filter index
(migration 0008), not by reading each candidate row: at a million testimonies that took
3.5-16 s a page of testimonies and 26-65 s a page of violations (issue 18). Checked on
SQLite's own plans of the statements the lists run, and on what they return."""

from __future__ import annotations

import random
from typing import Any

import pytest
from sqlalchemy import event, text

from caseapp.app import CaseApp
from caseapp.services.listing.base import ListQuery, page_params
from caseapp.services.listing.testimonies import TestimonyFilter
from caseapp.services.listing.violations import ViolationFilter

TESTIMONY_FILTERS = [
    TestimonyFilter(text="회령"),
    TestimonyFilter(language="ko", status="draft"),
    TestimonyFilter(language="en", date_from="2010"),
    TestimonyFilter(status="verified", consent="un"),
]
VIOLATION_FILTERS = [
    ViolationFilter(un_response_status="raised"),
    ViolationFilter(date_from="2010", date_to="2015"),
    ViolationFilter(category="detention", verification_status="verified"),
    ViolationFilter(perpetrator="mss", province="north_korea"),
]


def _statements(app: CaseApp, action: Any) -> list[tuple[str, Any]]:
    """The SQL (and parameters) ``action`` runs, as the driver receives it."""
    seen: list[tuple[str, Any]] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        seen.append((statement, parameters))

    engine = app.store.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def _page_sql(app: CaseApp, listing: ListQuery[Any]) -> tuple[str, Any]:
    """The first page's statement as the list runs it (compiled once, on the driver)."""
    compiled = listing.page_statement().compile(dialect=app.store.engine.dialect)
    values = compiled.construct_params(page_params(0, 50))
    return compiled.string, tuple(values[name] for name in compiled.positiontup or ())


def _plan(app: CaseApp, statement: str, parameters: Any) -> list[str]:
    with app.store.engine.connect() as conn:
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
        return [str(row[3]) for row in rows]


def _reads(app: CaseApp, listing: ListQuery[Any], table: str, index: str) -> None:
    counted = _statements(app, listing.count)
    assert counted
    for statement, parameters in [counted[-1], _page_sql(app, listing)]:
        steps = _plan(app, statement, parameters)
        reads = [s for s in steps if s.split(" ")[:2] in (["SCAN", table], ["SEARCH", table])]
        # The filtered table is read through the covering index alone; the page's own rows
        # are then read by id (a primary-key search), never scanned.
        assert any(f"COVERING INDEX {index}" in step for step in reads), steps
        for step in reads:
            assert f"COVERING INDEX {index}" in step or "PRIMARY KEY" in step, steps


def test_filtered_testimony_pages_and_counts_read_the_covering_index(demo_app) -> None:
    if demo_app.store.engine.dialect.name != "sqlite":
        pytest.skip("a SQLite plan")
    for flt in TESTIMONY_FILTERS:
        for sort in ("interview_date", "title", "code"):
            listing = demo_app.listings.testimonies(flt)
            listing.set_sort(sort, descending=True)
            # A filter of one column alone is counted in that column's own index: only the
            # pages are checked for those.
            _pages_read(demo_app, listing, "testimony", "ix_testimony_list")
        listing = demo_app.listings.testimonies(flt)
        if flt.text or (flt.date_from and (flt.status or flt.language)):
            _reads(demo_app, listing, "testimony", "ix_testimony_list")
        elif flt.status and flt.language:
            # Status and language together are counted in the narrow filter index.
            counted = _statements(demo_app, listing.count)
            steps = _plan(demo_app, *counted[-1])
            assert any("COVERING INDEX ix_testimony_search_filter" in s for s in steps), steps


def test_filtered_violation_pages_and_counts_read_the_covering_index(demo_app) -> None:
    if demo_app.store.engine.dialect.name != "sqlite":
        pytest.skip("a SQLite plan")
    for flt in VIOLATION_FILTERS:
        _reads(demo_app, demo_app.listings.violations(flt), "violation", "ix_violation_list")


def _pages_read(app: CaseApp, listing: ListQuery[Any], table: str, index: str) -> None:
    steps = _plan(app, *_page_sql(app, listing))
    reads = [s for s in steps if s.split(" ")[:2] in (["SCAN", table], ["SEARCH", table])]
    assert any(f"COVERING INDEX {index}" in step for step in reads), steps


@pytest.mark.both_engines
def test_filtered_lists_hold_what_the_filters_ask(demo_app: CaseApp) -> None:
    """The same rows through the covering index as a plain reading of the filter would give:
    every live testimony (violation) the filter keeps, in the list's order."""
    with demo_app.store.engine.connect() as conn:
        every = conn.execute(
            text(
                "SELECT uid, language, status, interview_date, code, title, interview_place "
                "FROM testimony WHERE deleted_at IS NULL"
            )
        ).all()
    listing = demo_app.listings.testimonies(TestimonyFilter(language="ko", status="draft"))
    expected = sorted(
        (r for r in every if r.language == "ko" and r.status == "draft"),
        key=lambda r: (r.interview_date is not None, r.interview_date or "", 0),
        reverse=True,
    )
    got = listing.fetch(0, 1000, listing.count())
    assert listing.count() == len(expected) > 0
    assert {r["uid"] for r in got} == {r.uid for r in expected}
    dates = [r["interview_date"] for r in got]
    assert [d for d in dates if d is not None] == sorted(
        (d for d in dates if d is not None), reverse=True
    )
    for flt in VIOLATION_FILTERS:
        listing = demo_app.listings.violations(flt)
        total = listing.count()
        rows = listing.fetch(0, 10_000, total)
        assert len(rows) == total
        for row in rows:
            if flt.un_response_status:
                assert row["un_response_status"] == flt.un_response_status
            if flt.date_to:
                assert row["date_start"] is not None and row["date_start"] <= "2015~"
    assert page_params(0, 1)  # the helper the window's model uses is importable here


def test_a_sparse_filter_sorted_by_testimony_reads_the_covering_index(
    demo_app, monkeypatch
) -> None:
    """Sorted by testimony or category, a dense filter's matches are found by walking that
    order; a sparse one's (under SPARSE of the violations, by the count the window read) by
    reading the covering index whole and sorting them. Both give the same rows."""
    if demo_app.store.engine.dialect.name != "sqlite":
        pytest.skip("a SQLite plan")
    from caseapp.services.listing import violations

    pages = {}
    for sparse in (0.0, 1.0):  # never sparse; sparse whenever something is filtered out
        monkeypatch.setattr(violations, "SPARSE", sparse)
        listing = demo_app.listings.violations(ViolationFilter(category="detention"))
        listing.set_sort("testimony_code", descending=True)
        total = listing.count()
        pages[sparse] = listing.fetch(0, 50, total)
        sql, parameters = _page_sql(demo_app, listing)
        # (SQLite may choose the covering index for a small archive by itself: the list
        # names it when the filter is sparse, and only then.)
        assert ("INDEXED BY ix_violation_list" in sql) == bool(sparse)
        if sparse:
            steps = _plan(demo_app, sql, parameters)
            assert any("COVERING INDEX ix_violation_list" in step for step in steps), steps
    assert pages[0.0] == pages[1.0] and pages[0.0]


def test_no_match_reads_no_page(demo_app) -> None:
    """With the count at nothing, the window's page is not looked for: a walk in the sort's
    order for a filter nothing matches read the whole table (36 s at three million)."""
    listing = demo_app.listings.violations(ViolationFilter(un_response_status="nothing-has-it"))
    assert listing.count() == 0
    assert _statements(demo_app, lambda: listing.fetch(0, 50, 0)) == []


@pytest.mark.both_engines
@pytest.mark.parametrize("sort", ["consent", "violations", "language", "status"])
def test_a_dense_filter_walks_the_sorts_index_and_looks_its_columns_up(
    demo_app, monkeypatch, sort
) -> None:
    """Sorted by a stored key, the language or the status, a filter of status, language or
    dates matching at least DENSE of the testimonies (by the count the window read) walks the
    sort's index and looks each candidate's filtered columns up in the narrow filter index:
    no testimony row is read. A sparser filter, text or consent keep the covering index.
    Both ways give the same rows, in the sort's order, both ways round."""
    from caseapp.services.listing import testimonies

    sqlite = demo_app.store.engine.dialect.name == "sqlite"
    for flt, walkable in [
        (TestimonyFilter(language="ko"), True),
        (TestimonyFilter(status="draft"), True),
        (TestimonyFilter(date_from="2005", date_to="2015"), True),
        (TestimonyFilter(language="en", status="verified"), True),
        (TestimonyFilter(text="회령"), False),
        (TestimonyFilter(language="ko", consent="un"), False),
    ]:
        for descending in (False, True):
            pages = {}
            for dense in (0.0, 1.01):  # always dense; never
                monkeypatch.setattr(testimonies, "DENSE", dense)
                listing = demo_app.listings.testimonies(flt)
                listing.set_sort(sort, descending=descending)
                total = listing.count()
                first = listing.fetch(0, 30, total)
                last = listing.fetch(max(0, total - 30), 30, total)  # read from the back
                pages[dense] = (first, last)
                # (PostgreSQL keeps no counts to tell dense from sparse, and reads no index
                # by name: its planner's own choice.)
                walked = walkable and dense == 0.0 and sqlite
                assert listing.plan_choice() == walked, (flt, dense)
                if not sqlite:
                    continue
                sql, parameters = _page_sql(demo_app, listing)
                steps = _plan(demo_app, sql, parameters)
                looked_up = f"COVERING INDEX {testimonies.FILTER_INDEX}"
                assert any(looked_up in step for step in steps) == walked, steps
                if walked:
                    # The sort's index is the outer loop, the filter index looked up in it:
                    # the other way round the planner read every look-up and sorted.
                    index = testimonies.SORT_INDEXES[sort]
                    walks = [i for i, step in enumerate(steps) if f"INDEX {index}" in step]
                    lookups = [i for i, step in enumerate(steps) if looked_up in step]
                    assert walks and walks[0] < lookups[0], steps
            assert pages[0.0] == pages[1.01] and pages[0.0][0], (flt, descending)
            for rows in pages[0.0]:
                keys = [row[sort] for row in rows]
                assert keys == sorted(keys, reverse=descending), (flt, descending)


def _varied_testimonies(app: CaseApp, count: int) -> None:
    """Testimonies whose titles, places, languages, statuses and dates vary independently
    (the demo archive holds too few of each to fill pages)."""
    rng = random.Random(18)
    words = ["회령", "청진", "Hoeryong", "detention", "강제노동", "border", "보위부", "market"]
    for number in range(count):
        day = f"{rng.randint(2001, 2020)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        app.records.create(
            "testimony",
            {
                "title": f"{rng.choice(words)} {rng.choice(words)} {number}",
                "interview_place": rng.choice(["Seoul", "서울", "Bangkok", "", "연길"]),
                "language": rng.choice(["ko", "en"]),
                "status": rng.choice(["draft", "reviewed", "verified"]),
                "interview_date": day,
            },
        )


@pytest.mark.parametrize("sort", ["title", "interview_place", "code"])
def test_a_bounded_walk_gives_the_pages_the_covering_index_gives(
    empty_app, monkeypatch, sort
) -> None:
    """Sorted by title, place or code, a filter of status, language or dates is looked for
    among the first WALK_BOUND testimonies in that order (their filtered columns looked up in
    the narrow filter index) and, with fewer matches there than the page needs, as before.
    Every page, from either end and both ways round, is the same as without the walk."""
    from caseapp.services.listing import testimonies

    _varied_testimonies(empty_app, 80)
    walks: list[Any] = []  # the bounded statements built
    fallbacks: list[int] = []  # pages read the covering index's way
    build, fall_back = testimonies.TestimonyList._bounded_statement, ListQuery.fetch

    def built(self: Any, descending: bool) -> Any:
        walks.append(build(self, descending))
        return walks[-1]

    def fell_back(self: Any, offset: int, limit: int, total: int | None = None) -> Any:
        fallbacks.append(offset)
        return fall_back(self, offset, limit, total)

    monkeypatch.setattr(testimonies.TestimonyList, "_bounded_statement", built)
    monkeypatch.setattr(ListQuery, "fetch", fell_back)
    for flt in [
        TestimonyFilter(language="ko"),
        TestimonyFilter(status="draft", date_from="2005", date_to="2015"),
        TestimonyFilter(language="en", status="verified"),
    ]:
        for descending in (False, True):
            pages: dict[int, list[Any]] = {}
            for bound in (0, 12, 100_000):  # never walked; walked but short; walked
                monkeypatch.setattr(testimonies, "WALK_BOUND", bound)
                listing = empty_app.listings.testimonies(flt)
                listing.set_sort(sort, descending=descending)
                total = listing.count()
                assert total > 10, flt
                walks.clear()
                fallbacks.clear()
                reads = [(0, 10), (5, 10), (total - 10, 10), (total - 3, 10)]
                pages[bound] = [listing.fetch(at, size, total) for at, size in reads]
                assert bool(walks) == (bound > 0), (flt, bound)
                assert len(fallbacks) == {0: 4, 100_000: 0}.get(bound, len(fallbacks))
                for statement in walks if bound == 100_000 else []:
                    compiled = statement.compile(dialect=empty_app.store.engine.dialect)
                    values = compiled.construct_params(page_params(0, 10))
                    arguments = tuple(values[name] for name in compiled.positiontup or ())
                    steps = _plan(empty_app, compiled.string, arguments)
                    looked_up = f"COVERING INDEX {testimonies.FILTER_INDEX}"
                    assert any(looked_up in step for step in steps), steps
                    index = testimonies.BOUNDED_SORTS[sort]
                    if index is not None:
                        assert any(f"COVERING INDEX {index}" in step for step in steps), steps
            assert pages[0] == pages[12] == pages[100_000], (flt, descending)
            first = [row[sort] or "" for row in pages[0][0]]
            assert first == sorted(first, reverse=descending)


def test_a_date_filter_seeks_from_its_first_year_and_keeps_what_overlaps(empty_app) -> None:
    """A testimony has one interview date, so a range can only hold it from the range's
    first year on: the list's conditions say so, and the date index is sought from there
    (it was read from the start: 114 against 7 ms counting a year at a million). Partial
    dates still match every range they touch."""
    from caseapp.services.listing.violations import date_filter_bounds

    dates = ["2009", "2009-12", "2009-12-31", "2010", "2010-01", "2010-01-01", "2010-06-15"]
    dates += ["2011", "2011-12-31", "2012", "2012-01", "2008-03-04"]
    for number, day in enumerate(dates):
        empty_app.records.create(
            "testimony", {"title": f"date {number}", "language": "en", "interview_date": day}
        )
    for date_from, date_to in [
        ("2010", "2011"),
        ("2010-01", "2010-01"),
        ("2009-12-31", "2010-01-01"),
        ("2010-06-15", ""),
        ("2012", ""),
        ("", "2009-12"),
    ]:
        first, last = date_filter_bounds(date_from, date_to)
        expected = {
            day
            for day in dates
            if (last is None or day <= last) and (first is None or day + "~" >= first)
        }
        for flt in [
            TestimonyFilter(date_from=date_from, date_to=date_to),
            TestimonyFilter(date_from=date_from, date_to=date_to, language="en"),
        ]:
            listing = empty_app.listings.testimonies(flt)
            total = listing.count()
            got = {row["interview_date"] for row in listing.fetch(0, 100, total)}
            assert got == expected and total == len(expected), (date_from, date_to)
            if first:  # the year the index is sought from (IS NOT NULL alone seeks too)
                sql, parameters = _statements(empty_app, listing.count)[-1]
                assert "testimony.interview_date >= ?" in sql, sql
                assert first[:4] in parameters, parameters
