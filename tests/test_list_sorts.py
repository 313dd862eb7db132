"""Every sort the testimonies list offers by a column of its own walks an index (issue 18)."""

import pytest

SORTS_BY_INDEX = ("code", "title", "interview_date", "interview_place", "language", "status")


@pytest.mark.parametrize("descending", [False, True])
def test_the_testimonies_list_sorts_by_walking_an_index(demo_app, descending) -> None:
    """Each of these sorts of the testimonies list walks an index in order: the page is found
    without sorting every testimony (a sort by title or place had sorted them all: 420-540 ms
    a page at 100,000 testimonies; issue 18)."""
    from sqlalchemy import text

    engine = demo_app.store.engine
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's plan")  # the server plans by its statistics
    for key in SORTS_BY_INDEX:
        listing = demo_app.listings.testimonies()
        listing.set_sort(key, descending=descending)
        sql = str(
            listing.build_page_statement(descending).compile(
                engine, compile_kwargs={"literal_binds": True}
            )
        )
        with engine.connect() as conn:
            plan = list(
                conn.execute(
                    text("EXPLAIN QUERY PLAN " + sql), {"page_offset": 0, "page_limit": 200}
                )
            )
        page = next(row[0] for row in plan if str(row[3]).endswith(" page"))
        sorted_whole = [row for row in plan if row[1] == page and "TEMP B-TREE" in str(row[3])]
        assert sorted_whole == [], (key, [tuple(row) for row in plan])
