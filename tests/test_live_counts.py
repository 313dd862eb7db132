"""``caseapp stats`` reads each kind's number of live records as the archive's triggers keep
it (migration 0023), so it answers in a few rows at any size. These tests check the kept
numbers against rows counted one by one after every way records come and go."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from caseapp.app import CaseApp
from caseapp.services.stats import count_records, record_counts

COUNTED_TABLES = {
    "testimony",
    "consent",
    "person",
    "person_identity",
    "violation",
    "region_protection",
    "region_protection_history",
    "state_response",
    "state_response_link",
    "advocacy_demand",
    "saved_search",
    "attachment",
    "audit_event",
    "vocabulary_term",
}


def kept_and_counted(app: CaseApp) -> tuple[dict[str, int], dict[str, int]]:
    with app.store.session() as session:
        return record_counts(session), count_records(session)


def assert_kept_right(app: CaseApp) -> dict[str, int]:
    kept, counted = kept_and_counted(app)
    assert kept == counted
    return kept


@pytest.mark.both_engines
def test_stats_gives_the_live_records_of_each_kind(demo_app: CaseApp) -> None:
    before = assert_kept_right(demo_app)
    assert before["testimony"] > 0 and before["violation"] > 0
    with demo_app.store.engine.connect() as conn:
        testimony = conn.execute(
            text("SELECT uid FROM testimony WHERE deleted_at IS NULL ORDER BY id LIMIT 1")
        ).scalar_one()
    violation = demo_app.records.create(
        "violation", {"testimony_uid": testimony, "category": "torture", "date_start": "2018"}
    )
    after = assert_kept_right(demo_app)
    assert after["violation"] == before["violation"] + 1
    demo_app.records.delete("violation", violation)
    assert assert_kept_right(demo_app)["violation"] == before["violation"]
    demo_app.records.restore("violation", violation)
    assert assert_kept_right(demo_app)["violation"] == before["violation"] + 1
    assert demo_app.stats() == kept_and_counted(demo_app)[1]


def test_each_counted_table_has_its_triggers(demo_app: CaseApp) -> None:
    """A later migration that rebuilds a table (SQLite's batch mode) drops its triggers; this
    names the table whose count would then stop following it."""
    with demo_app.store.engine.connect() as conn:
        triggers = {
            row[0]
            for row in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
        }
        kept = {row[0] for row in conn.execute(text("SELECT name FROM live_count"))}
    assert kept == COUNTED_TABLES
    for table in COUNTED_TABLES:
        expected = {f"live_count_{table}_ai", f"live_count_{table}_ad"}
        if table not in ("audit_event", "vocabulary_term"):
            expected.add(f"live_count_{table}_au")
        assert expected <= triggers, table


def test_an_import_and_its_undo_are_counted(demo_app: CaseApp, tmp_path: Path) -> None:
    before = assert_kept_right(demo_app)
    rows = "title,language\n" + "".join(f"imported testimony {n},en\n" for n in range(25))
    path = tmp_path / "new.csv"
    path.write_text(rows, encoding="utf-8")
    demo_app.import_csv("testimonies", path)
    imported = assert_kept_right(demo_app)
    assert imported["testimony"] == before["testimony"] + 25
    assert imported["audit_event"] > before["audit_event"]
    demo_app.undo_import()
    assert assert_kept_right(demo_app)["testimony"] == before["testimony"]


def test_verify_names_a_count_changed_outside_caseapp(demo_app: CaseApp) -> None:
    assert demo_app.verify() == []
    with demo_app.store.engine.begin() as conn:
        conn.execute(text("UPDATE live_count SET n = n + 3 WHERE name = 'violation'"))
    problems = demo_app.verify()
    assert [(p.code, p.params["kind"]) for p in problems] == [("verify.count_differs", "violation")]
    assert "violation" in str(problems[0]) and "changed outside caseapp" in str(problems[0])
