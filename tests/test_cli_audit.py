"""``caseapp audit``: the newest events first, who did what to which record; never a field
value or a digest."""

import json
from pathlib import Path

import pytest

from caseapp.services.audit import DEFAULT_EVENT_LIMIT

from .cli_runner import environment, run_cli
from .conftest import PASSPHRASE

KEYS = {"id", "at", "user", "action", "table", "record_uid"}
SECRET = "민감한 진술 내용 SECRET"


@pytest.fixture
def trail(empty_app, db_path: Path) -> tuple[Path, str]:
    uid = empty_app.records.create(
        "testimony", {"title": "비밀 제목", "narrative": SECRET, "language": "ko"}
    )
    empty_app.records.update("testimony", uid, {"status": "reviewed"})
    empty_app.records.create("testimony", {"title": "other", "narrative": "x", "language": "en"})
    empty_app.close()
    return db_path, uid


def audit(db: Path, tmp_path: Path, *args: object):
    return run_cli("--db", db, "audit", *args, env=environment(tmp_path, PASSPHRASE))


def test_json_lists_events_newest_first_without_values(trail, tmp_path: Path) -> None:
    db, uid = trail
    result = audit(db, tmp_path, "--json")
    assert result.returncode == 0, result.stderr
    events = json.loads(result.stdout)
    assert all(set(event) == KEYS for event in events)
    ids = [event["id"] for event in events]
    assert ids == sorted(ids, reverse=True)
    mine = [(e["action"], e["table"], e["user"]) for e in events if e["record_uid"] == uid]
    assert mine == [("update", "testimony", "tester"), ("create", "testimony", "tester")]
    assert SECRET not in result.stdout
    assert "before" not in result.stdout and "after" not in result.stdout  # no digests


def test_record_and_limit_narrow_the_list(trail, tmp_path: Path) -> None:
    db, uid = trail
    events = json.loads(audit(db, tmp_path, "--json", "--record", uid).stdout)
    assert [e["action"] for e in events] == ["update", "create"]
    assert {e["record_uid"] for e in events} == {uid}
    newest = json.loads(audit(db, tmp_path, "--json", "--limit", "1").stdout)
    assert len(newest) == 1
    assert newest[0]["record_uid"] != uid  # the second testimony's creation came last
    none = json.loads(audit(db, tmp_path, "--json", "--record", "no-such-uid").stdout)
    assert none == []


def test_plain_output_is_one_line_per_event(trail, tmp_path: Path) -> None:
    db, uid = trail
    result = audit(db, tmp_path, "--record", uid)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert "update" in lines[0] and "tester" in lines[0] and uid in lines[0]
    assert "create" in lines[1]
    assert SECRET not in result.stdout


def test_the_default_limit_and_a_bad_limit(demo_app, db_path: Path, tmp_path: Path) -> None:
    demo_app.close()
    events = json.loads(audit(db_path, tmp_path, "--json").stdout)
    assert len(events) == DEFAULT_EVENT_LIMIT == 50
    bad = audit(db_path, tmp_path, "--limit", "0")
    assert bad.returncode == 1
    assert "--limit must be at least 1" in bad.stderr


def test_the_service_behind_it(empty_app) -> None:
    uid = empty_app.records.create("testimony", {"title": "t", "narrative": "n", "language": "en"})
    listed = empty_app.audit_events(limit=5, record_uid=uid)
    assert [(e.action, e.table, e.record_uid, e.user) for e in listed] == [
        ("create", "testimony", uid, "tester")
    ]
