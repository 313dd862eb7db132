"""`verify` against someone who holds the database key: each edit made behind the app's back
(through the store's own engine, as a SQLite shell with the key would) is found and named by
record kind, uid or row and field, never by content; the window, `stats` and exports warn
after a failed check."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from caseapp.app import CaseApp
from caseapp.services import record_check
from caseapp.store.migrations import audit_guard

from .conftest import db_argument, reopen
from .test_cli import assert_one_error_line, caseapp, clean_env

pytestmark = pytest.mark.both_engines

SECRET = "비밀 변조 SECRET-TEXT"


def drop_guard(app: CaseApp) -> list[str]:
    """The attacker's statements that remove the audit trail's append-only guard."""
    if app.store.engine.dialect.name == "postgresql":
        return ["DROP TRIGGER audit_event_no_change ON audit_event"]
    return ["DROP TRIGGER audit_event_no_update", "DROP TRIGGER audit_event_no_delete"]


def restore_guard(app: CaseApp) -> list[str]:
    """The statements that put the guard back exactly as the migration made it."""
    if app.store.engine.dialect.name == "postgresql":
        return list(audit_guard.POSTGRES_STATEMENTS[1:])
    return list(audit_guard.SQLITE_STATEMENTS)


def attack(app: CaseApp, *statements: str) -> None:
    with app.store.engine.begin() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)


def value(app: CaseApp, sql: str) -> object:
    with app.store.engine.connect() as conn:
        return conn.exec_driver_sql(sql).scalar_one()


def verify_both(app: CaseApp, tmp_path: Path) -> list[str]:
    """What ``app.verify()`` says, checked against what ``caseapp verify`` prints (exit 1,
    one line per problem, no content)."""
    problems = [str(problem) for problem in app.verify()]
    archive = db_argument(app)
    app.close()
    run = caseapp("--db", archive, "verify", env=clean_env(tmp_path / "cli"))
    assert run.returncode == 1, run.stdout
    assert run.stderr.splitlines() == [f"caseapp: verify: {problem}" for problem in problems]
    assert SECRET not in run.stderr
    return problems


def test_a_clean_demo_archive_verifies_ok(demo_app: CaseApp, tmp_path) -> None:
    assert demo_app.verify() == []
    assert demo_app.last_check() is None
    archive = db_argument(demo_app)
    demo_app.close()
    run = caseapp("--db", archive, "verify", env=clean_env(tmp_path / "cli"))
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""


def test_writes_through_the_app_keep_verify_ok(demo_app: CaseApp) -> None:
    """Single writes, deletions with their dependants, restores, attachments: all replayed."""
    uid = demo_app.records.create("testimony", {"title": "t", "narrative": "n", "language": "ko"})
    demo_app.records.create("consent", {"testimony_uid": uid, "internal": True})
    demo_app.records.create("violation", {"testimony_uid": uid, "category": "torture"})
    demo_app.records.update("testimony", uid, {"narrative": "n2", "status": "reviewed"})
    demo_app.attachments.add_bytes(uid, "audio.ogg", b"data", "audio/ogg")
    demo_app.records.delete("testimony", uid)
    demo_app.records.restore("testimony", uid)
    region = demo_app.records.create("region", {"region": "Somewhere", "protection_status": None})
    demo_app.records.update("region", region, {"reported_cases": 3})
    assert demo_app.verify() == []


def test_an_attachment_with_a_long_name_verifies_ok(demo_app: CaseApp) -> None:
    """The name is stored cut to 500 characters; the audit digests what is stored."""
    uid = value(demo_app, "SELECT uid FROM testimony ORDER BY id LIMIT 1")
    demo_app.attachments.add_bytes(uid, "a" * 600 + ".ogg", b"data", "audio/ogg")
    assert demo_app.verify() == []


def test_fields_the_bulk_path_left_to_their_defaults_verify_ok(demo_app: CaseApp) -> None:
    """A region saved in bulk with a status gets a history entry whose audit event leaves out
    the note the row holds as its column default ("")."""
    from caseapp.services.bulk import BulkWriter
    from caseapp.services.record_kinds import KINDS

    status = value(
        demo_app, "SELECT code FROM vocabulary_term WHERE scheme = 'protection_status' LIMIT 1"
    )
    with demo_app.store.session() as session:
        writer = BulkWriter(session, demo_app.validator, demo_app.audit)
        writer.insert(KINDS["region"], [{"region": "Elsewhere", "protection_status": status}])
    assert (
        value(demo_app, "SELECT note FROM region_protection_history ORDER BY id DESC LIMIT 1") == ""
    )
    assert demo_app.verify() == []


# (table, which row, the attacker's SET, the kind and field verify names)
FIELD_EDITS = {
    "testimony narrative": ("testimony", "TRUE", f"narrative = '{SECRET}'", "testimony narrative"),
    "consent internal-only made public": (
        "consent",
        "internal AND NOT un AND NOT public",
        "public = TRUE",
        "consent public",
    ),
    "withdrawal cleared": (
        "consent",
        "date_withdrawn IS NOT NULL",
        "date_withdrawn = NULL",
        "consent date_withdrawn",
    ),
}


@pytest.mark.parametrize("edit", FIELD_EDITS.values(), ids=FIELD_EDITS.keys())
def test_a_field_edited_outside_caseapp_is_named_by_uid_and_field(
    demo_app: CaseApp, tmp_path, edit: tuple[str, str, str, str]
) -> None:
    table, where, change, named = edit
    uid = value(demo_app, f"SELECT uid FROM {table} WHERE {where} ORDER BY id LIMIT 1")
    attack(demo_app, f"UPDATE {table} SET {change} WHERE uid = '{uid}'")
    kind, field = named.split()
    assert verify_both(demo_app, tmp_path) == [
        f"{kind} {uid}: field {field} differs from what its audit events record"
        " (changed outside caseapp)"
    ]


def test_records_are_checked_a_batch_at_a_time_and_a_late_batch_still_counts(
    demo_app: CaseApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """verify reads each table a batch of rows at a time with the batch's own events (it
    held every record's replayed state: 367 MB at 100,000 testimonies). Batches of two here,
    so the demo's tables take several; an edit in the last batch and a row removed from the
    first are both found."""
    monkeypatch.setattr(record_check, "BATCH", 2)
    # And digests of short values cached two at a time (the cache is emptied when full).
    monkeypatch.setattr(record_check, "CACHED_VALUES", 2)
    assert demo_app.verify() == []
    last = value(demo_app, "SELECT uid FROM testimony ORDER BY id DESC LIMIT 1")
    first = value(
        demo_app,
        "SELECT uid FROM violation WHERE id NOT IN"
        " (SELECT violation_id FROM state_response_link WHERE violation_id IS NOT NULL)"
        " ORDER BY id LIMIT 1",
    )
    attack(
        demo_app,
        f"UPDATE testimony SET summary = '{SECRET}' WHERE uid = '{last}'",
        f"DELETE FROM violation WHERE uid = '{first}'",
    )
    assert sorted(str(problem) for problem in demo_app.verify()) == [
        f"testimony {last}: field summary differs from what its audit events record"
        " (changed outside caseapp)",
        f"violation {first}: its audit events describe it, but its row is gone"
        " (deleted outside caseapp)",
    ]


def test_a_hard_delete_is_found(demo_app: CaseApp, tmp_path) -> None:
    uid = value(
        demo_app,
        "SELECT uid FROM violation WHERE id NOT IN"
        " (SELECT violation_id FROM state_response_link WHERE violation_id IS NOT NULL)"
        " ORDER BY id LIMIT 1",
    )
    attack(demo_app, f"DELETE FROM violation WHERE uid = '{uid}'")
    assert verify_both(demo_app, tmp_path) == [
        f"violation {uid}: its audit events describe it, but its row is gone"
        " (deleted outside caseapp)"
    ]


def test_an_insert_without_an_audit_event_is_found(demo_app: CaseApp, tmp_path) -> None:
    uid = "00000000-0000-4000-8000-000000000001"
    now = "2026-12-01T00:00:00.000000Z"
    attack(
        demo_app,
        "INSERT INTO state_response (uid, created_at, created_by, updated_at, updated_by,"
        " aspect, position, statement_date, source)"
        f" VALUES ('{uid}', '{now}', 'x', '{now}', 'x', '{SECRET}', '', NULL, '')",
    )
    row = value(demo_app, f"SELECT id FROM state_response WHERE uid = '{uid}'")
    assert verify_both(demo_app, tmp_path) == [
        f"state response row {row} ({uid}) has no audit event that created it"
        " (inserted outside caseapp)"
    ]


@pytest.mark.parametrize("deleted_now", [True, False])
def test_a_deletion_flag_changed_without_an_event_is_found(
    demo_app: CaseApp, tmp_path, deleted_now: bool
) -> None:
    uid = value(demo_app, "SELECT uid FROM testimony ORDER BY id DESC LIMIT 1")
    if not deleted_now:  # deleted through the app, then brought back behind its back
        demo_app.records.delete("testimony", uid)
        attack(demo_app, f"UPDATE testimony SET deleted_at = NULL WHERE uid = '{uid}'")
    else:
        attack(
            demo_app,
            f"UPDATE testimony SET deleted_at = '2026-12-01T00:00:00Z' WHERE uid = '{uid}'",
        )
    assert verify_both(demo_app, tmp_path) == [
        f"testimony {uid}: deleted or restored outside caseapp (no audit event for it)"
    ]


def test_an_edit_covered_by_a_later_app_edit_is_still_found(demo_app: CaseApp) -> None:
    """The later event's "before" digest names the value the app saw, not the audited one."""
    uid = value(demo_app, "SELECT uid FROM testimony ORDER BY id LIMIT 1")
    attack(demo_app, f"UPDATE testimony SET title = '{SECRET}' WHERE uid = '{uid}'")
    demo_app.records.update("testimony", uid, {"title": "a new title"})
    last = value(demo_app, "SELECT max(id) FROM audit_event")
    assert [str(p) for p in demo_app.verify()] == [
        f"testimony {uid}: field title was changed outside caseapp before audit event {last}"
    ]


def test_a_cut_tail_with_a_rewritten_head_is_found(demo_app: CaseApp, tmp_path) -> None:
    """The head in app_meta is only as good as the key: rewritten with the tail, the chain
    looks whole, but the records the cut events described no longer match."""
    uid = demo_app.records.create("testimony", {"title": "new", "language": "en"})
    last = value(demo_app, "SELECT max(id) FROM audit_event")
    head = value(demo_app, f"SELECT id || ':' || hash FROM audit_event WHERE id = {last - 1}")
    row = value(demo_app, f"SELECT id FROM testimony WHERE uid = '{uid}'")
    attack(
        demo_app,
        *drop_guard(demo_app),
        f"DELETE FROM audit_event WHERE id = {last}",
        f"UPDATE app_meta SET value = '{head}' WHERE key = 'audit_head'",
        *restore_guard(demo_app),
    )
    assert verify_both(demo_app, tmp_path) == [
        f"testimony row {row} ({uid}) has no audit event that created it (inserted outside caseapp)"
    ]


def test_a_cut_tail_is_found_by_the_head(demo_app: CaseApp, tmp_path) -> None:
    last = value(demo_app, "SELECT max(id) FROM audit_event")
    demo_app.records.create("testimony", {"title": "new", "language": "en"})
    attack(
        demo_app,
        *drop_guard(demo_app),
        f"DELETE FROM audit_event WHERE id > {last}",
        *restore_guard(demo_app),
    )
    problems = verify_both(demo_app, tmp_path)
    assert "the audit trail ends before its recorded head (events removed?)" in problems


def test_dropped_or_altered_guard_triggers_are_found(demo_app: CaseApp, tmp_path) -> None:
    if demo_app.store.engine.dialect.name == "postgresql":
        attack(
            demo_app,
            "DROP TRIGGER audit_event_no_change ON audit_event",
            "CREATE TRIGGER audit_event_no_change BEFORE DELETE ON audit_event"
            " FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()",
        )
        assert verify_both(demo_app, tmp_path) == [
            "the audit trail's append-only guard audit_event_no_change is missing or altered"
        ]
        return
    attack(
        demo_app,
        "DROP TRIGGER audit_event_no_update",
        "DROP TRIGGER audit_event_no_delete",
        "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event"
        " WHEN 0 BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END",
    )
    assert verify_both(demo_app, tmp_path) == [
        "the audit trail's append-only guard audit_event_no_update is missing or altered",
        "the audit trail's append-only guard audit_event_no_delete is missing or altered",
    ]


def test_a_guard_function_made_harmless_is_found(demo_app: CaseApp, tmp_path) -> None:
    if demo_app.store.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's guard is a trigger and the function it runs")
    attack(
        demo_app,
        "CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$"
        " BEGIN RETURN OLD; END; $$ LANGUAGE plpgsql",
    )
    assert verify_both(demo_app, tmp_path) == [
        "the audit trail's append-only guard audit_event_append_only is missing or altered"
    ]


def test_an_edited_or_removed_event_is_still_found(demo_app: CaseApp) -> None:
    attack(
        demo_app,
        *drop_guard(demo_app),
        "UPDATE audit_event SET actor = 'someone else' WHERE id = 5",
        *restore_guard(demo_app),
    )
    assert [str(p) for p in demo_app.verify()] == ["audit event 5: content does not match its hash"]


# -- damaged pages ----------------------------------------------------------------------------

PAGE = 16384  # the store's page size (caseapp/store/engine.py)


def damaged_copy(source: Path, target: Path, offset: int) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    shutil.copyfile(source.with_name(source.name + ".keys"), target.with_name("cases.db.keys"))
    with target.open("r+b") as file:
        file.seek(offset)
        chunk = file.read(16)
        file.seek(offset)
        file.write(bytes(b ^ 0xFF for b in chunk))
    return target


@pytest.fixture
def closed_demo(demo_app: CaseApp, db_path: Path) -> Path:
    with demo_app.store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    demo_app.close()
    return db_path


@pytest.mark.sqlcipher_only
def test_damaged_pages_are_reported_as_damage(closed_demo: Path, tmp_path: Path) -> None:
    pages = closed_demo.stat().st_size // PAGE
    # Every third page past the first (whose damage reads as a key that does not open:
    # SQLCipher cannot tell the two apart), each hit in the middle of its content; a sweep
    # of every page found the same.
    offsets = [page * PAGE + 5000 for page in range(1, pages, 3)]
    env = clean_env(tmp_path / "cli")
    for number, offset in enumerate(offsets):
        copy = damaged_copy(closed_demo, tmp_path / f"copy{number}" / "cases.db", offset)
        run = caseapp("--db", copy, "verify", env=env)
        assert run.returncode == 1, (offset, run.stdout)
        assert "unexpected" not in run.stderr, (offset, run.stderr)
        assert "damaged" in run.stderr, (offset, run.stderr)
        if "page check" not in run.stderr:  # the open itself failed: one line
            assert assert_one_error_line(run) == (
                "caseapp: error: the database file is damaged (SQLite reports a malformed or"
                " unreadable page); restore it from a backup"
            )


# -- the warning after a failed check ---------------------------------------------------------

WARNING = "the last check of this archive"


def test_stats_and_exports_warn_after_a_failed_check(
    qapp, demo_app: CaseApp, tmp_path: Path
) -> None:
    # ``qapp`` first: the PDF report would otherwise make a bare QGuiApplication, on which
    # later widget tests fail (tests/test_pdf_report.py).
    env = clean_env(tmp_path / "cli")
    db_path = db_argument(demo_app)
    assert WARNING not in caseapp("--db", db_path, "stats", env=env).stderr
    attack(demo_app, "UPDATE consent SET public = TRUE")
    assert demo_app.verify() != []
    warning = demo_app.last_check()
    assert warning is not None and WARNING in str(warning)
    demo_app.close()
    stats = caseapp("--db", db_path, "stats", env=env)
    assert stats.returncode == 0
    assert WARNING in stats.stderr
    exported = caseapp("--db", db_path, "export", "testimonies", "-o", tmp_path / "t.csv", env=env)
    assert exported.returncode == 0, exported.stderr
    assert WARNING in exported.stderr
    report = caseapp("--db", db_path, "report", "-o", tmp_path / "r.pdf", env=env)
    assert report.returncode == 0, report.stderr
    assert WARNING in report.stderr


def test_a_passing_check_clears_the_warning(demo_app: CaseApp) -> None:
    uid = value(demo_app, "SELECT uid FROM consent WHERE NOT public LIMIT 1")
    attack(demo_app, f"UPDATE consent SET public = TRUE WHERE uid = '{uid}'")
    assert demo_app.verify() != []
    attack(demo_app, f"UPDATE consent SET public = FALSE WHERE uid = '{uid}'")
    assert demo_app.verify() == []
    assert demo_app.last_check() is None


def test_a_reopened_archive_keeps_the_failed_check(demo_app: CaseApp) -> None:
    attack(demo_app, "UPDATE testimony SET deleted_at = '2026-12-01T00:00:00Z'")
    assert demo_app.verify() != []
    demo_app.close()
    app = reopen(demo_app)
    try:
        assert app.last_check() is not None
    finally:
        app.close()


def test_a_mass_edit_lists_the_first_problems_and_counts_the_rest(demo_app: CaseApp) -> None:
    attack(
        demo_app,
        "UPDATE testimony SET title = 'x', summary = 'x', narrative = 'x', interviewer = 'x'",
        "UPDATE violation SET place = 'x', reported_impact = 'x', un_reference = 'x'",
        "UPDATE consent SET recorded_by = 'x', public = NOT public",
        "UPDATE person SET pseudonym = 'x'",
        "UPDATE state_response SET position = 'x'",
    )
    problems = [str(problem) for problem in demo_app.verify()]
    assert len(problems) == 201
    assert problems[-1].startswith("and ")
    assert problems[-1].endswith(" more problems with records, not listed")
