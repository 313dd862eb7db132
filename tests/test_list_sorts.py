"""Every sort the testimonies and violations lists offer walks an index (issue 18), and the
stored sort keys of the testimonies list (consent, number of violations; migration 0025) stay
exact whatever writes the records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from caseapp.app import CaseApp
from caseapp.services.csv_fields import restore
from caseapp.services.listing.base import ListQuery

from .test_csv_export_import import read_back, write_rows

TESTIMONY_SORTS = (
    "code",
    "title",
    "interview_date",
    "interview_place",
    "language",
    "status",
    "consent",
    "violations",
)
# The window offers no sort by the other columns (empty vocabulary values, long free text):
# tests/ui/test_violations_tab.py checks that the tab offers exactly these.
VIOLATION_SORTS = ("testimony_code", "category", "date_start")
# The short lists (migration 0026): not by sources, notes, official positions (long free text)
# or the number of linked records; tests/ui/test_small_list_sorts.py checks the tabs.
REGION_SORTS = ("region", "country", "reported_cases", "protection_status", "as_of")
REGION_HISTORY_SORTS = ("as_of", "protection_status", "reported_cases")
STATE_RESPONSE_SORTS = ("aspect", "statement_date")


def sorted_whole(app: CaseApp, listing: ListQuery[Any]) -> list[tuple[Any, ...]]:
    """The steps of SQLite's plan of a page that sort rows in a temporary b-tree."""
    from sqlalchemy import text

    engine = app.store.engine
    statement = listing.build_page_statement(listing.sort.descending)
    sql = str(statement.compile(engine, compile_kwargs={"literal_binds": True}))
    with engine.connect() as conn:
        plan = list(
            conn.execute(text("EXPLAIN QUERY PLAN " + sql), {"page_offset": 0, "page_limit": 200})
        )
    pages = [row[0] for row in plan if str(row[3]).endswith(" page")]
    # The page of ids (a subquery) when there is one, else the whole statement.
    scope = {pages[0]} if pages else {row[1] for row in plan}
    return [tuple(row) for row in plan if row[1] in scope and "TEMP B-TREE" in str(row[3])]


@pytest.mark.parametrize("descending", [False, True])
def test_the_testimonies_list_sorts_by_walking_an_index(demo_app, descending) -> None:
    """Each sort of the testimonies list walks an index in order: the page is found without
    sorting every testimony (a sort by title or place had sorted them all: 420-540 ms a page
    at 100,000 testimonies; by consent or violations 31-98 ms; issue 18)."""
    if demo_app.store.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's plan")  # the server plans by its statistics
    for key in TESTIMONY_SORTS:
        listing = demo_app.listings.testimonies()
        listing.set_sort(key, descending=descending)
        assert sorted_whole(demo_app, listing) == [], key


@pytest.mark.parametrize("descending", [False, True])
def test_the_violations_list_sorts_by_walking_an_index(demo_app, descending) -> None:
    """The same for every column of the violations list that the window lets one sort by."""
    if demo_app.store.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's plan")
    for key in VIOLATION_SORTS:
        listing = demo_app.listings.violations()
        listing.set_sort(key, descending=descending)
        assert sorted_whole(demo_app, listing) == [], key


@pytest.mark.parametrize("descending", [False, True])
def test_the_short_lists_sort_by_walking_an_index(demo_app, descending) -> None:
    """The regions, one region's history and the state's responses: short today, but each
    page had sorted every row; every sort they offer walks an index (migration 0026)."""
    from caseapp.services.listing.regions import RegionHistoryFilter

    if demo_app.store.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's plan")
    region = demo_app.listings.regions().fetch(0, 1)[0]["uid"]
    listings = demo_app.listings
    for make, keys in (
        (listings.regions, REGION_SORTS),
        (lambda: listings.region_histories(RegionHistoryFilter(region)), REGION_HISTORY_SORTS),
        (listings.state_responses, STATE_RESPONSE_SORTS),
    ):
        assert [k for k in make().sort_columns() if k != "id"] == list(keys)
        for key in keys:
            listing = make()
            listing.set_sort(key, descending=descending)
            assert sorted_whole(demo_app, listing) == [], key


# -- the stored keys stay exact ------------------------------------------------------------------


def consent_rank(row: dict[str, Any]) -> int:
    """Least to most shared, from the consent the row shows: none recorded, withdrawn, then
    by the scopes granted (public weighs most)."""
    if row["internal"] is None:
        return 0
    if row["date_withdrawn"] is not None:
        return 1
    return 2 + bool(row["internal"]) + 2 * bool(row["un"]) + 4 * bool(row["public"])


def assert_sorts_are_right(app: CaseApp) -> None:
    """Sorted by consent or by the number of violations, either way, the list shows every
    live testimony once, in that order, each with as many violations as its own table of
    violations lists."""
    everyone = app.listings.testimonies()
    count = everyone.count()
    shown = {row["uid"]: row for row in everyone.fetch(0, count + 1)}
    assert len(shown) == count
    for row in shown.values():
        assert row["violations"] == len(app.listings.testimony_violations(row["uid"])), row
    for key, truth in (("consent", consent_rank), ("violations", lambda r: r["violations"])):
        for descending in (False, True):
            listing = app.listings.testimonies()
            listing.set_sort(key, descending=descending)
            rows = listing.fetch(0, count + 1)
            assert sorted(r["uid"] for r in rows) == sorted(shown), (key, descending)
            keys = [truth(shown[r["uid"]]) for r in rows]
            assert keys == sorted(keys, reverse=descending), (key, descending)
            # A page further down holds the same rows as the whole list there, and a row is
            # found where the list shows it (what selecting a saved record asks).
            if count > 3:
                assert listing.fetch(2, 2) == rows[2:4]
            for index in (0, count // 2, count - 1):
                assert listing.position_of(rows[index]["uid"]) == index, (key, descending)


def _violations_of(app: CaseApp) -> dict[str, int]:
    listing = app.listings.testimonies()
    return {row["uid"]: row["violations"] for row in listing.fetch(0, listing.count())}


@pytest.mark.both_engines
def test_the_demo_loaded_in_bulk_sorts_right(demo_app: CaseApp) -> None:
    assert_sorts_are_right(demo_app)


@pytest.mark.both_engines
def test_the_migration_fills_the_keys_of_an_existing_archive(demo_app: CaseApp) -> None:
    """Migration 0025 taken back and made again over an archive full of records: the keys
    it fills in one pass are the ones the list needs."""
    from alembic import command

    from caseapp.store.migrate import alembic_config

    demo_app.records.create("consent", {"testimony_uid": _new_testimony(demo_app)})
    config = alembic_config()
    for step, revision in ((command.downgrade, "0024"), (command.upgrade, "head")):
        with demo_app.store.engine.begin() as conn:
            config.attributes["connection"] = conn
            step(config, revision)
    assert_sorts_are_right(demo_app)


def _new_testimony(app: CaseApp) -> str:
    return app.records.create("testimony", {"title": "no consent yet", "language": "ko"})


@pytest.mark.both_engines
def test_adding_deleting_and_restoring_a_violation_moves_its_testimony(
    demo_app: CaseApp,
) -> None:
    counts = _violations_of(demo_app)
    fewest = min(counts, key=lambda uid: (counts[uid], uid))
    records = demo_app.records
    added = [
        records.create("violation", {"testimony_uid": fewest, "category": "torture"})
        for _ in range(max(counts.values()) + 1 - counts[fewest])
    ]
    listing = demo_app.listings.testimonies()
    listing.set_sort("violations", descending=True)
    assert listing.fetch(0, 1)[0]["uid"] == fewest
    assert_sorts_are_right(demo_app)

    records.delete("violation", added[0])
    assert _violations_of(demo_app)[fewest] == max(counts.values())
    assert_sorts_are_right(demo_app)
    records.restore("violation", added[0])
    assert _violations_of(demo_app)[fewest] == max(counts.values()) + 1
    assert_sorts_are_right(demo_app)


@pytest.mark.both_engines
def test_withdrawing_consent_and_changing_its_scopes_move_the_testimony(
    demo_app: CaseApp,
) -> None:
    everyone = demo_app.listings.testimonies()
    rows = everyone.fetch(0, everyone.count())
    granted = next(r for r in rows if r["internal"] is not None and r["date_withdrawn"] is None)
    consent = demo_app.listings.consent_uid(granted["uid"])
    assert consent is not None
    records = demo_app.records
    bare = _new_testimony(demo_app)
    assert_sorts_are_right(demo_app)

    records.update("consent", consent, {"internal": True, "un": True, "public": True})
    listing = demo_app.listings.testimonies()
    listing.set_sort("consent", descending=True)
    assert consent_rank(listing.fetch(0, 1)[0]) == 9
    assert_sorts_are_right(demo_app)

    records.update("consent", consent, {"date_withdrawn": "2026-12"})
    assert_sorts_are_right(demo_app)
    records.create("consent", {"testimony_uid": bare, "public": True})
    assert_sorts_are_right(demo_app)
    records.delete("consent", consent)
    assert_sorts_are_right(demo_app)
    records.restore("consent", consent)
    assert_sorts_are_right(demo_app)


@pytest.mark.both_engines
def test_deleting_restoring_and_erasing_a_testimony(demo_app: CaseApp) -> None:
    everyone = demo_app.listings.testimonies()
    rows = everyone.fetch(0, everyone.count())
    first, second = rows[0]["uid"], rows[1]["uid"]
    records = demo_app.records

    records.delete("testimony", first)
    assert first not in _violations_of(demo_app)
    assert_sorts_are_right(demo_app)
    records.restore("testimony", first)
    assert first in _violations_of(demo_app)
    assert_sorts_are_right(demo_app)

    consent = demo_app.listings.consent_uid(second)
    if consent is None:
        consent = records.create("consent", {"testimony_uid": second, "internal": True})
    records.update("consent", consent, {"date_withdrawn": "2026-12"})
    demo_app.erase_testimony(second)
    assert_sorts_are_right(demo_app)


@pytest.mark.both_engines
def test_a_csv_import_and_its_undo_keep_the_sorts_right(demo_app: CaseApp, tmp_path: Path) -> None:
    testimonies = tmp_path / "testimonies.csv"
    demo_app.export_csv("testimonies", testimonies, "internal")
    header, rows = read_back(testimonies)
    rows = [{k: restore(v) for k, v in row.items()} for row in rows]
    # A changed consent, and a new testimony with its consent.
    rows[0]["consent_public"] = "no" if rows[0]["consent_public"] == "yes" else "yes"
    rows[0]["consent_internal"] = rows[0]["consent_internal"] or "yes"
    rows[0]["consent_un"] = rows[0]["consent_un"] or "no"
    rows[0]["consent_date"] = rows[0]["consent_date"] or "2020"
    rows.append(
        {
            **{name: "" for name in header},
            "code": "SORT-NEW",
            "title": "new",
            "narrative": "new narrative",
            "language": "ko",
            "reliability": "likely_reliable",
            "status": "draft",
            "consent_internal": "yes",
            "consent_un": "yes",
            "consent_public": "yes",
            "consent_date": "2021",
        }
    )
    write_rows(testimonies, header, rows)
    demo_app.import_csv("testimonies", testimonies)
    assert_sorts_are_right(demo_app)

    violations = tmp_path / "violations.csv"
    demo_app.export_csv("violations", violations, "internal")
    header, rows = read_back(violations)
    rows = [{k: restore(v) for k, v in row.items()} for row in rows]
    new = demo_app.testimony_uid_for_code("SORT-NEW")
    assert new is not None
    for _ in range(7):  # more than any demo testimony has
        rows.append({**{k: "" for k in header}, "testimony_uid": new, "category": "torture"})
    write_rows(violations, header, rows)
    demo_app.import_csv("violations", violations)
    listing = demo_app.listings.testimonies()
    listing.set_sort("violations", descending=True)
    assert listing.fetch(0, 1)[0]["code"] == "SORT-NEW"
    assert_sorts_are_right(demo_app)

    violations_import, testimonies_import = (e.import_id for e in demo_app.imports()[:2])
    demo_app.undo_import(violations_import)
    assert _violations_of(demo_app)[new] == 0
    assert_sorts_are_right(demo_app)
    demo_app.undo_import(testimonies_import)
    assert new not in _violations_of(demo_app)
    assert_sorts_are_right(demo_app)


@pytest.mark.both_engines
def test_the_violations_list_pages_through_each_sort(demo_app: CaseApp) -> None:
    """Each sort of the violations list, either way, shows every live violation once in
    that order, and a page further down holds what the whole list holds there."""
    everyone = demo_app.listings.violations()
    count = everyone.count()
    shown = {row["uid"]: row for row in everyone.fetch(0, count + 1)}
    assert len(shown) == count > 3
    order = {term.code: term.sort_order for term in demo_app.vocabulary.terms("violation_category")}
    truth = {
        "testimony_code": lambda r: r["testimony_code"],
        "category": lambda r: order[r["category"]],
        "date_start": lambda r: (r["date_start"] is not None, r["date_start"] or ""),
    }
    for key in VIOLATION_SORTS:
        for descending in (False, True):
            listing = demo_app.listings.violations()
            listing.set_sort(key, descending=descending)
            rows = listing.fetch(0, count + 1)
            assert sorted(r["uid"] for r in rows) == sorted(shown), (key, descending)
            keys = [truth[key](r) for r in rows]
            assert keys == sorted(keys, reverse=descending), (key, descending)
            assert listing.fetch(count - 3, 2) == rows[count - 3 : count - 1]
