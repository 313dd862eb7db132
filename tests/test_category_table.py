"""The tabulation by category is kept until a record changes (issue 18: it had been read
again each time the tab was shown): the same numbers while nothing changes, new ones after
any audited write, here or through another service."""

import pytest

pytestmark = pytest.mark.both_engines


def forced_labour(app) -> int:
    rows = {row.category: row for row in app.listings.category_table()}
    return rows["forced_labour"].violations if "forced_labour" in rows else 0


def test_the_table_follows_every_write_and_only_then_reads_again(demo_app) -> None:
    before = forced_labour(demo_app)
    assert before == 8
    assert forced_labour(demo_app) == before  # kept: nothing changed
    testimony = demo_app.listings.testimony_uid_by_code("DEMO-2024-001")
    uid = demo_app.records.create(
        "violation",
        {"testimony_uid": testimony, "category": "forced_labour", "province": "north_hamgyong"},
    )
    assert forced_labour(demo_app) == before + 1
    demo_app.records.update("violation", uid, {"category": "torture"})
    assert forced_labour(demo_app) == before
    demo_app.records.update("violation", uid, {"category": "forced_labour"})
    assert forced_labour(demo_app) == before + 1
    demo_app.records.delete("violation", uid)
    assert forced_labour(demo_app) == before


def test_a_filtered_table_is_read_afresh(demo_app) -> None:
    from caseapp.services.listing.violations import ViolationFilter

    whole = demo_app.listings.category_table()
    only = demo_app.listings.category_table(ViolationFilter(province="north_hamgyong"))
    assert sum(r.violations for r in only) < sum(r.violations for r in whole)
    assert demo_app.listings.category_table() == whole
