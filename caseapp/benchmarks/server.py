"""The benchmark suite on a team server: ``python -m caseapp.benchmarks --db
postgresql+psycopg://…``. Generates into the (empty) database if it holds no archive, then
times the in-process operations (paging, the category table, searches) next to their floor:
the bare SQL doing the same work on the same server through the driver's own connection
(no caseapp code), measured in the same run. The groups that need an encrypted file (start-up
of the window, export and import, the exchange, the PDF) are the file suite's."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import create_engine

from caseapp.app import open_case_app
from caseapp.benchmarks.generate import generate
from caseapp.benchmarks.probe import CATEGORY_SQL
from caseapp.services.search_query import parse
from caseapp.store import StoreLocation
from caseapp.store.engines import features
from caseapp.store.migrate import current_revision

PAGE = 200
# The testimonies tab's first page, written by hand (as benchmarks/probe.py's FIRST_PAGE_SQL),
# in the order the tab sorts: newest first, undated last.
FIRST_PAGE_SQL = """
SELECT t.uid, t.code, t.title, t.interview_date, t.interview_date_precision,
       t.interview_place, t.language, t.status,
       c.internal, c.un, c.public, c.date_withdrawn, s.violations
FROM testimony t
JOIN sort_testimony s ON s.id = t.id
LEFT JOIN consent c ON c.testimony_id = t.id AND c.deleted_at IS NULL
WHERE t.deleted_at IS NULL
ORDER BY t.interview_date DESC NULLS LAST, t.id DESC LIMIT %s OFFSET %s
"""
# The bare top 20 of both indexes by ts_rank, as the SQLite floor is the bare bm25 top 20.
SEARCH_FLOOR_SQL = (
    "SELECT id, ts_rank(doc, q) AS r FROM {table}, CAST(%s AS tsquery) AS q "
    "WHERE doc @@ q ORDER BY r DESC LIMIT 20"
)


def settle(url: str) -> None:
    """What the server's autovacuum does within a minute or two of a bulk load, done at once
    so that the first measurement meets the settled archive: planner statistics, and the
    visibility map that lets the category table and the last page read their indexes alone
    (measured straight after generating, without it: 240 ms and 65 ms instead of about
    140 ms and 8 ms)."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("VACUUM (ANALYZE)")
    finally:
        engine.dispose()


def run(url: str, n: int, runs: int, searches: list[tuple[str, str]], filtered: list[Any]) -> int:
    from caseapp.benchmarks.__main__ import Result, median_time, table

    location = StoreLocation(url=url)
    engine = create_engine(url)
    try:
        empty = current_revision(engine) is None
    finally:
        engine.dispose()
    if empty:
        print(f"generating {n:,} testimonies into {location.describe()} …", file=sys.stderr)
        started = time.perf_counter()
        counts = generate(url, n, "")
        print(f"generated in {time.perf_counter() - started:.1f} s: {counts}", file=sys.stderr)
        settle(url)
    app = open_case_app(location, None)
    raw = app.store.engine.raw_connection()
    results: list[Result] = []

    def add(result: Result) -> None:
        results.append(result)
        print("  " + " | ".join(result.cells()), file=sys.stderr, flush=True)

    def bare(sql: str, *params: Any) -> Callable[[], None]:
        def go() -> None:
            cursor = raw.cursor()
            cursor.execute(sql, params)
            cursor.fetchall()
            cursor.close()

        return go

    try:
        stats = app.stats()
        listing = app.listings.testimonies()
        listing.set_sort("interview_date", descending=True)
        last = max(0, (listing.count() - 1) // PAGE * PAGE)
        for name, offset in (("first page sorted by date", 0), ("jump to last page", last)):
            app_time = median_time(lambda o=offset: listing.fetch(o, PAGE), runs)  # type: ignore[misc]
            floor = median_time(bare(FIRST_PAGE_SQL, PAGE, offset), runs)
            ok = app_time < 0.050 and app_time <= 2 * floor
            add(Result(name, app_time, floor, "< 50 ms and ≤ 2× floor", ok))

        def categories_floor() -> None:
            for sql in CATEGORY_SQL:
                bare(sql)()

        app_time = median_time(app.listings.category_table, runs)
        floor = median_time(categories_floor, runs)
        add(Result("violations by category", app_time, floor, "< 200 ms", app_time < 0.2))

        searcher = app.searcher()
        for name, query in searches:
            with app.store.engine.connect() as conn:
                nodes = searcher.analysed(parse(query).nodes)  # as the app asks (issue 16)
                tsquery = features(conn).search_params(conn, nodes)["q"]

            def floor_search(q: str = tsquery) -> None:
                for index in ("search_testimony", "search_violation"):
                    bare(SEARCH_FLOOR_SQL.format(table=index), q)()

            app_time = median_time(lambda q=query: searcher.search(q, limit=20), runs)  # type: ignore[misc]
            floor = median_time(floor_search, runs)
            ok = app_time < 0.050 and app_time <= 2 * floor
            add(Result(name, app_time, floor, "< 50 ms and ≤ 2× floor", ok))
        for name, flt in filtered:
            app_time = median_time(lambda f=flt: searcher.search("회령", f, limit=20), runs)  # type: ignore[misc]
            add(Result(name, app_time, None, "< 50 ms", app_time < 0.050))
    finally:
        raw.close()
        app.close()
    print(
        f"\n{stats['testimony']:,} testimonies, {stats['violation']:,} violations, "
        f"PostgreSQL; {time.strftime('%Y-%m-%d')}\n"
    )
    print(table(results))
    return 0
