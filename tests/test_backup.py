"""Backup and restore: one checked, encrypted file; a restore gives back an archive whose
exports are byte-identical to the original's, and never replaces an archive."""

import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import select
from sqlmodel import col

from caseapp.app import open_case_app
from caseapp.models import AuditEvent
from caseapp.services.csv_fields import CSV_KINDS
from caseapp.services.profiles import Profile
from caseapp.store import StoreLocation, WrongPassphrase
from caseapp.store.errors import BackupError

from .cli_runner import environment, run_cli
from .conftest import PASSPHRASE


def last_event(app) -> AuditEvent:
    with app.store.session() as session:
        return session.execute(
            select(AuditEvent).order_by(col(AuditEvent.id).desc()).limit(1)
        ).scalar_one()


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


SCAN = b"\x89PNG scan " * 500


def with_attachment(app) -> str:
    uid = app.listings.testimony_uid_by_code("DEMO-2018-001")
    assert uid is not None
    return app.attachments.add_bytes(uid, "scan.png", SCAN, "image/png")


def test_a_restored_backup_exports_byte_identical_files(demo_app, tmp_path: Path) -> None:
    attachment = with_attachment(demo_app)
    backup = tmp_path / "usb" / "cases.caseapp-backup"
    backup.parent.mkdir()
    made = demo_app.backup(backup)

    assert made.counts["testimony"] == 14 and made.counts["attachment"] == 1
    assert backup.stat().st_mode & 0o777 == 0o600
    assert os.listdir(backup.parent) == [backup.name]  # no temporary file left beside it
    assert not list(demo_app.store.path.parent.glob(".caseapp-copy.*"))  # nor beside the db
    event = last_event(demo_app)
    assert event.action == "backup" and event.table_name == "archive"
    assert json.loads(event.changes)["sha256"] == made.sha256

    target = tmp_path / "restored" / "cases.db"
    env = environment(tmp_path / "env", PASSPHRASE)
    done = run_cli("--db", target, "restore", backup, env=env)
    assert done.returncode == 0, done.stderr
    assert "14 testimonies, 1 attachments" in done.stdout
    assert run_cli("--db", target, "verify", env=env).returncode == 0

    restored = open_case_app(StoreLocation(path=target), PASSPHRASE, "tester")
    try:
        assert last_event(restored).action == "restore_archive"
        compared = 0
        for kind in CSV_KINDS:
            for profile in Profile:
                mine = demo_app.export_csv(kind, tmp_path / f"a-{kind}-{profile}.csv", profile)
                theirs = restored.export_csv(kind, tmp_path / f"b-{kind}-{profile}.csv", profile)
                # The files carry no time stamp: compared whole, byte for byte.
                assert mine.path.read_bytes() == theirs.path.read_bytes(), (kind, profile)
                compared += 1
        assert compared == len(CSV_KINDS) * len(Profile) == 12
        assert restored.attachments.read(attachment) == SCAN
    finally:
        restored.close()


def test_the_backup_is_the_two_files_caseapp_opens(demo_app, tmp_path: Path) -> None:
    backup = tmp_path / "b.caseapp-backup"
    demo_app.backup(backup)
    with tarfile.open(backup) as tar:
        assert tar.getnames() == ["caseapp-backup.json", "caseapp.db.keys", "caseapp.db"]
        manifest = json.loads(tar.extractfile("caseapp-backup.json").read())
        tar.extractall(tmp_path / "by-hand", filter="data")
    assert manifest["format"] == "caseapp-backup"
    assert set(manifest) == {"format", "version", "members"}  # no counts, names or dates
    db = tmp_path / "by-hand" / "caseapp.db"
    assert b"SQLite format" not in db.read_bytes()[:16]  # still encrypted
    by_hand = open_case_app(StoreLocation(path=db), PASSPHRASE, "tester")
    try:
        assert by_hand.stats()["testimony"] == 14
    finally:
        by_hand.close()


def test_a_backup_is_consistent_while_another_connection_writes(
    demo_app, tmp_path, monkeypatch
) -> None:
    """The copy is taken while another connection holds an uncommitted write (as the window
    may): it neither waits for it nor sees it. The write ends before the backup records its
    own audit event, which needs the write lock."""
    from caseapp.services import backups

    writer = sqlcipher.connect(str(demo_app.store.path), isolation_level=None)
    writer.execute(f"PRAGMA key = \"x'{demo_app.store.key.hex()}'\"")
    writer.execute("PRAGMA cipher_page_size = 16384")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM app_meta")  # uncommitted: the audit head is gone in it
    real_snapshot = backups.snapshot

    def snapshot_then_end_the_write(*args) -> None:
        real_snapshot(*args)
        writer.execute("ROLLBACK")

    monkeypatch.setattr(backups, "snapshot", snapshot_then_end_the_write)
    try:
        made = demo_app.backup(tmp_path / "b.caseapp-backup")
    finally:
        writer.close()
    assert made.counts["testimony"] == 14  # it passed verify: the audit head was in the copy


def test_restore_never_replaces_an_archive(demo_app, tmp_path: Path) -> None:
    backup = tmp_path / "b.caseapp-backup"
    demo_app.backup(backup)
    target = demo_app.store.path
    demo_app.close()
    before = files_in(target.parent)
    env = environment(tmp_path, PASSPHRASE)
    done = run_cli("--db", target, "restore", backup, env=env)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "already exists" in done.stderr
    target.unlink()  # a key file alone still blocks it: it may be the only key of something
    done = run_cli("--db", target, "restore", backup, env=env)
    assert done.returncode == 1 and f"{target}.keys already exists" in done.stderr
    before.pop(target.name)
    assert files_in(target.parent) == before


@pytest.mark.parametrize(
    "damage, words",
    [
        (lambda data: data[: len(data) // 2], "is incomplete"),
        (lambda data: data[:5000], "is incomplete"),
        (lambda data: data[:300], "not a caseapp backup"),
        (lambda data: b"garbage " * 1000, "not a caseapp backup"),
        (lambda data: data[:-20000] + bytes([data[-20000] ^ 1]) + data[-19999:], "damaged"),
        (lambda data: b"", "not a caseapp backup"),
    ],
    ids=["half", "cut-early", "cut-in-header", "garbage", "one-bit", "empty"],
)
def test_a_damaged_backup_is_refused_in_one_line(demo_app, tmp_path: Path, damage, words) -> None:
    good = tmp_path / "good.caseapp-backup"
    demo_app.backup(good)
    bad = tmp_path / "bad.caseapp-backup"
    bad.write_bytes(damage(good.read_bytes()))
    target = tmp_path / "new" / "cases.db"
    done = run_cli("--db", target, "restore", bad, env=environment(tmp_path, PASSPHRASE))
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and words in done.stderr, done.stderr
    assert not target.parent.exists()  # nothing left behind


def test_a_backup_opens_only_with_a_passphrase_of_the_archive(demo_app, tmp_path: Path) -> None:
    backup = tmp_path / "b.caseapp-backup"
    demo_app.backup(backup)
    target = tmp_path / "new" / "cases.db"
    done = run_cli("--db", target, "restore", backup, env=environment(tmp_path, "not the one"))
    assert done.returncode == 1 and "wrong passphrase" in done.stderr
    assert not target.parent.exists()
    with pytest.raises(WrongPassphrase):
        from caseapp.services.backups import restore_backup

        restore_backup(backup, target, "not the one")


def test_a_backup_that_fails_verify_is_not_written(demo_app, tmp_path: Path) -> None:
    with demo_app.store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE app_meta SET value = '1:x' WHERE key = 'audit_head'")
    target = tmp_path / "b.caseapp-backup"
    with pytest.raises(BackupError) as caught:
        demo_app.backup(target)
    assert "fails verify" in str(caught.value)
    assert list(tmp_path.iterdir()) == [tmp_path / "data"]


def test_the_command_line_backs_up(demo_app, tmp_path: Path) -> None:
    path = demo_app.store.path
    demo_app.close()
    env = environment(tmp_path, PASSPHRASE)
    done = run_cli("--db", path, "backup", "-o", tmp_path / "w.caseapp-backup", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"backed up to {tmp_path / 'w.caseapp-backup'}: ")
    missing = run_cli("--db", path, "backup", "-o", tmp_path / "no" / "x", env=env)
    assert missing.returncode == 1 and "existing folder" in missing.stderr
    assert "usage" in run_cli("--db", path, "backup", env=env).stderr  # -o is required
    before = path.read_bytes()
    for own in (path, path.with_name(path.name + ".keys")):
        onto = run_cli("--db", path, "backup", "-o", own, env=env)
        assert onto.returncode == 1 and "a file of the archive itself" in onto.stderr
    assert path.read_bytes() == before


@pytest.fixture
def full_disk(tmp_path: Path):
    """A 1 MiB tmpfs: smaller than the demo archive (root only, as on the test machines)."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small file system needs root")
    folder = tmp_path / "small"
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_full_medium_is_named_and_nothing_is_left_on_it(demo_app, tmp_path, full_disk) -> None:
    with pytest.raises(BackupError) as caught:
        demo_app.backup(full_disk / "b.caseapp-backup")
    assert "No space left on device" in str(caught.value)
    assert list(full_disk.iterdir()) == []

    backup = tmp_path / "b.caseapp-backup"
    demo_app.backup(backup)
    target = full_disk / "restored" / "cases.db"
    done = run_cli("--db", target, "restore", backup, env=environment(tmp_path, PASSPHRASE))
    assert done.returncode == 1 and done.stderr.count("\n") == 1
    assert f"cannot restore to {target}: No space left on device" in done.stderr
    assert list(full_disk.iterdir()) == []
