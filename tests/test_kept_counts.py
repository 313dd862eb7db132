"""Issue 18: the dashboard and the tabulation by category read counts the database keeps
(caseapp/store/migrations/counts.py). After every kind of write the kept counts equal
counts taken independently from the live rows (tests/kept_counts.py), and what the views
show equals those too."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from caseapp.app import CaseApp
from caseapp.services.csv_fields import restore

from .kept_counts import assert_counts_kept
from .test_csv_export_import import read_back, write_rows
from .test_sync import pair, round_trip, seed  # noqa: F401  (the two archives)

pytestmark = pytest.mark.both_engines


def shown(app: CaseApp) -> dict[str, object]:
    """What the two views show, in the kept counts' shape."""
    app.dashboard.forget()
    counts = app.dashboard.counts()
    table = app.listings.category_table()
    return {
        "category": {r.code: (r.violations, r.testimonies) for r in counts.categories},
        "province": {r.code or "": (r.violations, r.testimonies) for r in counts.provinces},
        "year": {r.year: (r.violations, r.estimated) for r in counts.years},
        "status": {(row.category, status or ""): n for row in table for status, n in row.statuses},
        "testimonies": counts.testimonies,
        "table": {r.category: (r.violations, r.testimonies) for r in table},
    }


def check(app: CaseApp) -> dict[str, object]:
    expected = assert_counts_kept(app)
    seen = shown(app)
    for name in ("category", "province", "year", "status"):
        assert seen[name] == expected[name], name
    assert seen["table"] == expected["category"]
    assert seen["testimonies"] == expected["testimony"][0]
    return expected


def test_counts_follow_edits_deletions_and_restorations(demo_app: CaseApp) -> None:
    records = demo_app.records
    before = check(demo_app)
    assert before["category"] and before["region"] and before["testimony"][0] > 0

    testimony = records.create("testimony", {"title": "kept counts", "language": "en"})
    consent = records.create("consent", {"testimony_uid": testimony, "internal": True})
    first = records.create(
        "violation",
        {
            "testimony_uid": testimony,
            "category": "torture",
            "province": "jilin",
            "date_start": "2015",
            "date_precision": "estimate",
            "reported_impact": "broken ribs",
        },
    )
    second = records.create(
        "violation", {"testimony_uid": testimony, "category": "torture", "province": "jilin"}
    )
    after = check(demo_app)
    assert after["category"]["torture"][0] == before["category"].get("torture", (0, 0))[0] + 2

    records.update("violation", first, {"category": "forced_labour"})
    records.update("violation", first, {"date_start": "2014-03", "date_end": "2016"})
    records.update("violation", first, {"province": "north_hamgyong"})
    records.update("violation", first, {"un_response_status": "submitted"})
    records.update("violation", first, {"reported_impact": "a scar"})
    check(demo_app)

    records.delete("violation", second)
    check(demo_app)
    records.restore("violation", second)
    check(demo_app)

    records.update("consent", consent, {"date_withdrawn": "2024-01"})  # consent withdrawn
    check(demo_app)
    records.delete("testimony", testimony)
    deleted = check(demo_app)
    assert deleted["testimony"][0] == before["testimony"][0]
    records.restore("testimony", testimony)
    check(demo_app)

    demo_app.erase_testimony(testimony)
    check(demo_app)


def test_counts_follow_an_import_and_its_undoing(demo_app: CaseApp, tmp_path: Path) -> None:
    testimonies = tmp_path / "testimonies.csv"
    demo_app.export_csv("testimonies", testimonies, "internal")
    header, rows = read_back(testimonies)
    rows = [{k: restore(v) for k, v in row.items()} for row in rows]
    for index in range(3):
        rows.append(
            {
                **{name: "" for name in header},
                "code": f"KEPT-{index}",
                "title": "imported",
                "language": "ko",
                "consent_internal": "yes",
                "consent_un": "yes" if index else "no",
                "consent_public": "no",
            }
        )
    write_rows(testimonies, header, rows)
    violations = tmp_path / "violations.csv"
    demo_app.export_csv("violations", violations, "internal")
    header, rows = read_back(violations)
    rows = [{k: restore(v) for k, v in row.items()} for row in rows]
    added = [
        {**rows[0], "uid": "", "category": "forced_labour", "province": "ryanggang"},
        {**rows[0], "uid": "", "date_start": "2011", "date_end": "", "date_precision": "year"},
    ]
    rows[1]["category"] = "torture"
    write_rows(violations, header, rows + added)
    before = check(demo_app)

    demo_app.import_csv("testimonies", testimonies)
    imported = check(demo_app)
    assert imported["testimony"][0] == before["testimony"][0] + 3
    demo_app.import_csv("violations", violations)
    check(demo_app)

    last, first = (entry.import_id for entry in demo_app.imports()[:2])
    demo_app.undo_import(last)
    check(demo_app)
    demo_app.undo_import(first)
    assert check(demo_app) == before


def test_counts_follow_a_bundle_applied(pair) -> None:  # noqa: F811 (the fixture)
    coordinator, field = pair
    uid = seed(field)
    round_trip(coordinator, field)
    assert check(coordinator)["testimony"][0] == check(field)["testimony"][0]
    field.records.delete("testimony", uid)
    round_trip(coordinator, field)
    check(coordinator)
    check(field)


def test_writers_on_a_server_wait_for_no_one_over_the_counts(empty_app: CaseApp) -> None:
    """On PostgreSQL each change to the counts is a row of its own: a writer whose
    transaction is still open holds no row another writer needs (a shared row added to in
    place would be locked until the first commits, and two writers could deadlock)."""
    if empty_app.store.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time")
    # Two testimonies: each testimony's sort key (sort_testimony) is one row, changed in
    # place; the counts are rows of their own. (The app's writers also take the audit
    # chain first, AuditLog.hold, so they wait there, never on a row held by another.)
    testimony = empty_app.records.create("testimony", {"title": "two writers"})
    other = empty_app.records.create("testimony", {"title": "another writer"})
    insert = text(
        "INSERT INTO violation (uid, created_at, created_by, updated_at, updated_by, "
        "testimony_id, category, date_precision, place, reported_impact, un_reference) "
        "SELECT :uid, 'now', 'test', 'now', 'test', id, 'torture', 'unknown', '', 'scar', '' "
        "FROM testimony WHERE uid = :testimony"
    )
    engine = empty_app.store.engine
    with engine.connect() as first, engine.connect() as second:
        first.begin()
        first.execute(insert, {"uid": "v-first", "testimony": testimony})
        second.begin()
        second.execute(text("SET LOCAL lock_timeout = '2s'"))
        second.execute(insert, {"uid": "v-second", "testimony": other})
        second.commit()
        first.rollback()
    kept = check(empty_app)
    assert kept["category"] == {"torture": (1, 1)}
    assert kept["impact"] == {("torture", "scar"): 1}


def test_a_save_during_an_import_waits_at_the_chain_not_on_a_row(empty_app: CaseApp) -> None:
    """An import holds the audit chain from its first batch to its commit. A save of a
    violation meanwhile waits for the chain before it writes a row: had it written first
    (its testimony's sort key, one row), the import's next batch on that testimony would wait
    for it while it waited for the import: a deadlock, which the server ends by failing one."""
    import threading
    import time

    from caseapp.services.bulk import BulkWriter
    from caseapp.services.record_kinds import KINDS

    if empty_app.store.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time")
    shared = empty_app.records.create("testimony", {"title": "named by both"})
    first = empty_app.records.create("testimony", {"title": "the import's first batch"})

    def violation(testimony: str) -> dict[str, object]:
        return {"testimony_uid": testimony, "category": "torture", "date_precision": "unknown"}

    failures: list[BaseException] = []

    def save() -> None:
        try:
            empty_app.records.create("violation", violation(shared))
        except BaseException as exc:  # reported by the test below
            failures.append(exc)

    saver = threading.Thread(target=save)
    with empty_app.store.session() as session:
        writer = BulkWriter(session, empty_app.validator, empty_app.audit)
        writer.insert(KINDS["violation"], [violation(first)])
        saver.start()
        time.sleep(0.5)  # the save reaches the point where it waits
        writer.insert(KINDS["violation"], [violation(shared)])
        session.commit()
    saver.join(timeout=30)
    assert not saver.is_alive() and failures == []
    kept = check(empty_app)
    assert kept["category"] == {"torture": (3, 2)}
