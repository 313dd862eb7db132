"""The audit trail: append-only, hash-chained, and `verify` finds any edit of history."""

import json
from pathlib import Path

import pytest
from sqlalchemy import select, text

from caseapp.app import open_case_app
from caseapp.models import AuditEvent
from caseapp.store import StoreLocation
from caseapp.store.engine import connect_sqlcipher
from caseapp.store.keys import key_file_for, unlock
from caseapp.store.migrations import audit_guard

from .conftest import PASSPHRASE

pytestmark = pytest.mark.both_engines


def events(app) -> list[AuditEvent]:
    """The events about records (not the archive's users: its first user's event comes
    first in every archive)."""
    with app.store.session() as session:
        query = select(AuditEvent).where(AuditEvent.table_name != "app_user")
        return list(session.execute(query.order_by(AuditEvent.id)).scalars())


def tamper(db_path: Path, *statements: str, put_guard_back: bool = True) -> None:
    """Edit the file as someone with the key and a SQLite shell would: the append-only
    guard dropped, the edits made, and (by default) the guard put back to cover the tracks."""
    conn = connect_sqlcipher(db_path, unlock(key_file_for(db_path), PASSPHRASE).database_key)
    try:
        conn.execute("DROP TRIGGER audit_event_no_update")
        conn.execute("DROP TRIGGER audit_event_no_delete")
        for statement in statements:
            conn.execute(statement)
        if put_guard_back:
            for statement in audit_guard.SQLITE_STATEMENTS:
                conn.execute(statement)
    finally:
        conn.close()


def reopen_and_verify(db_path: Path) -> list[str]:
    app = open_case_app(StoreLocation(path=db_path), PASSPHRASE)
    try:
        return [str(problem) for problem in app.verify()]
    finally:
        app.close()


def test_every_write_is_recorded_with_digests_not_values(empty_app) -> None:
    uid = empty_app.records.create(
        "testimony", {"title": "비밀 제목", "narrative": "민감한 진술 내용", "language": "ko"}
    )
    empty_app.records.update("testimony", uid, {"status": "reviewed"})
    empty_app.records.delete("testimony", uid)
    trail = events(empty_app)
    assert [(e.action, e.table_name, e.record_uid) for e in trail] == [
        ("create", "testimony", uid),
        ("update", "testimony", uid),
        ("delete", "testimony", uid),
    ]
    assert {e.actor for e in trail} == {"tester"}
    created = json.loads(trail[0].changes)
    assert set(created) >= {"title", "narrative", "language"}
    assert len(created["title"]["after"]) == 64
    assert "비밀" not in trail[0].changes and "민감한" not in trail[0].changes
    assert list(json.loads(trail[1].changes)) == ["status"]
    assert trail[1].prev_hash == trail[0].hash


def test_the_database_refuses_to_change_history(demo_app) -> None:
    with pytest.raises(Exception, match="append-only"), demo_app.store.engine.begin() as conn:
        conn.execute(text("UPDATE audit_event SET actor = 'someone else' WHERE id = 3"))
    with pytest.raises(Exception, match="append-only"), demo_app.store.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_event WHERE id = 3"))
    assert demo_app.verify() == []


@pytest.mark.sqlcipher_only
def test_an_edited_audit_row_makes_verify_fail(demo_app, db_path: Path) -> None:
    demo_app.close()
    tamper(db_path, "UPDATE audit_event SET actor = 'someone else' WHERE id = 5")
    problems = reopen_and_verify(db_path)
    assert problems == ["audit event 5: content does not match its hash"]


@pytest.mark.sqlcipher_only
def test_a_deleted_audit_row_makes_verify_fail(demo_app, db_path: Path) -> None:
    demo_app.close()
    tamper(db_path, "DELETE FROM audit_event WHERE id = 7")
    problems = reopen_and_verify(db_path)
    assert "audit event 7 is missing (next stored is 8)" in problems


@pytest.mark.sqlcipher_only
def test_removing_the_newest_events_makes_verify_fail(demo_app, db_path: Path) -> None:
    demo_app.close()
    tamper(db_path, "DELETE FROM audit_event WHERE id > 100")
    problems = reopen_and_verify(db_path)
    assert any("ends before its recorded head" in p for p in problems)


@pytest.mark.sqlcipher_only
def test_a_rehashed_edit_still_breaks_the_chain(demo_app, db_path: Path) -> None:
    """Recomputing one row's hash is not enough: the next row names the old hash."""
    from caseapp.services.audit import event_hash

    with demo_app.store.session() as session:
        row = session.get(AuditEvent, 10)
        forged = event_hash(
            10,
            row.at,
            "forger",
            row.action,
            row.table_name,
            row.record_uid,
            row.changes,
            row.prev_hash,
        )
    demo_app.close()
    tamper(
        db_path,
        f"UPDATE audit_event SET actor = 'forger', hash = '{forged}' WHERE id = 10",
    )
    problems = reopen_and_verify(db_path)
    assert problems == ["audit event 11: does not follow the event before it"]


def test_value_digest_matches_canonical_json_for_every_kind_of_value() -> None:
    import hashlib
    import json

    from caseapp.services.audit import value_digest

    for value in ['회령"\\\n\x01\u2028 a', "", True, False, 0, -5, 10**30, 1.5, ["a"], {"b": 1}]:
        canonical = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
        assert value_digest(value) == hashlib.sha256(canonical.encode("utf-8")).hexdigest()


TRICKY = ['회령"\\\n\x01\u2028 a', "", "x" * 100, True, False, 0, -5, 1.5, ["a"]]


def test_bulk_creation_json_is_what_the_single_path_writes() -> None:
    """The bulk path writes a creation's changes in one pass; a reader (or a later check)
    must see exactly the JSON the single-record path writes, digest cache or not."""
    from caseapp.services.audit import creation_json, field_changes

    record = {f"field_{i}": value for i, value in enumerate(TRICKY)} | {"unset": None, "b": "x"}
    expected = json.dumps(field_changes(None, record), ensure_ascii=False, sort_keys=True)
    seen: dict = {}
    assert creation_json(record, seen) == expected
    assert creation_json(record, seen) == expected  # second time from the digest cache


def test_event_hash_is_the_hash_stored_chains_were_made_with() -> None:
    """Chains already on disk were hashed over json.dumps of the event; verify must agree."""
    import hashlib

    from caseapp.services.audit import event_hash

    for uid in (None, "3f0c-uid", TRICKY[0]):
        fields = [7, "2026-11-28T00:00:00.000000Z", TRICKY[0], "create", "testimony", uid]
        fields += ['{"a": {"after": "d", "before": null}}', "0" * 64]
        payload = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
        assert event_hash(*fields) == hashlib.sha256(payload.encode("utf-8")).hexdigest()
