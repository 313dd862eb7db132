"""A date filter on the violations list reads the covering index from the archive's longest
span before the range's first year (migration 0031), not from its first date: the bound is
kept by triggers as spans are written and edited, and a violation that spans decades is
still found by a range it reaches."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event, text

from caseapp.app import CaseApp, open_case_app
from caseapp.services.listing.violations import ViolationFilter, date_filter_bounds
from caseapp.store import StoreLocation

from .data.make_rev0001 import PASSPHRASE as REV0001_PASSPHRASE
from .test_migrations import copy_fixture

RANGES = [("2010", "2011"), ("2011-06", "2011-06"), ("2013", ""), ("", "2008"), ("1985", "1985")]


def _expected(spans: dict[str, tuple[str | None, str | None]], first, last) -> set[str]:
    """The overlap rule read plainly: a span [start, end or start] touching [first, last]."""
    return {
        uid
        for uid, (start, end) in spans.items()
        if start is not None
        and (last is None or start <= last)
        and (first is None or (end or start) + "~" >= first)
    }


def _bound(app: CaseApp) -> int | None:
    if app.store.engine.dialect.name != "sqlite":
        return None
    with app.store.engine.connect() as conn:
        return conn.execute(
            text("SELECT years FROM span_bound WHERE name = 'violation'")
        ).scalar_one()


def _count_sql(app: CaseApp, action) -> str:
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        seen.append(statement)

    event.listen(app.store.engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(app.store.engine, "before_cursor_execute", record)
    return seen[-1]


def _check(app: CaseApp, spans: dict[str, tuple[str | None, str | None]]) -> None:
    for date_from, date_to in RANGES:
        first, last = date_filter_bounds(date_from, date_to)
        listing = app.listings.violations(ViolationFilter(date_from=date_from, date_to=date_to))
        total = listing.count()
        got = {row["uid"] for row in listing.fetch(0, 100, total)}
        expected = _expected(spans, first, last)
        assert got == expected and total == len(expected), (date_from, date_to)
        if first and app.store.engine.dialect.name == "sqlite":
            assert "span_bound" in _count_sql(app, listing.count)


@pytest.mark.both_engines
def test_a_violation_spanning_decades_is_found_by_every_range_it_reaches(
    empty_app: CaseApp,
) -> None:
    records = empty_app.records
    testimony = records.create("testimony", {"title": "spans", "language": "en"})
    spans: dict[str, tuple[str | None, str | None]] = {}

    def add(start: str | None, end: str | None) -> str:
        values = {"testimony_uid": testimony, "category": "torture"}
        values.update({k: v for k, v in (("date_start", start), ("date_end", end)) if v})
        if end:
            values["date_precision"] = "range"
        uid = records.create("violation", values)
        spans[uid] = (start, end)
        return uid

    for start, end in [
        ("2012", None),
        ("2011-05", "2011-06-02"),
        ("2013-02-01", None),
        ("2008", "2009-12-31"),
        ("2010-12", "2012"),
        (None, None),
    ]:
        add(start, end)
    assert _bound(empty_app) in (None, 2)
    _check(empty_app, spans)

    # Written by the form: a detention from 1990 to 2015 raises the bound to 25 years, so a
    # range in 2010-2011 (which would otherwise start reading in 2008) still holds it.
    add("1990-04", "2015-03")
    assert _bound(empty_app) in (None, 25)
    _check(empty_app, spans)

    # An edit that moves a start back raises it too; one that narrows a span leaves it.
    later = next(uid for uid, span in spans.items() if span == ("2012", None))
    records.update(
        "violation", later, {"date_start": "1970", "date_end": "2012", "date_precision": "range"}
    )
    spans[later] = ("1970", "2012")
    assert _bound(empty_app) in (None, 42)
    _check(empty_app, spans)
    records.update(
        "violation", later, {"date_start": "2012", "date_end": "", "date_precision": "year"}
    )
    spans[later] = ("2012", None)
    assert _bound(empty_app) in (None, 42)  # never lowered: too wide only reads more
    _check(empty_app, spans)


def test_an_upgraded_archive_takes_the_bound_of_its_rows(tmp_path: Path) -> None:
    """Migration 0031 takes the longest span of the violations already there."""
    path = copy_fixture(tmp_path)
    app = open_case_app(StoreLocation(path=path), REV0001_PASSPHRASE, "tester")
    try:
        with app.store.engine.connect() as conn:
            rows = conn.execute(text("SELECT date_start, date_end FROM violation")).all()
        longest = max(
            (int((end or start)[:4]) - int(start[:4]) for start, end in rows if start),
            default=0,
        )
        assert rows and _bound(app) == max(0, longest)
    finally:
        app.close()
