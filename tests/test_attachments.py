"""Attachments keep their intake SHA-256; verify re-hashes every one."""

import hashlib
import stat
from pathlib import Path

import pytest

from caseapp.services.errors import IntegrityProblem, ValidationError
from caseapp.store.engine import connect_sqlcipher
from caseapp.store.keys import key_file_for, unlock

from .conftest import PASSPHRASE


def test_add_read_and_verify(demo_app, tmp_path: Path) -> None:
    testimony = demo_app.records.create("testimony", {"title": "with a scan"})
    scan = tmp_path / "scan.png"
    scan.write_bytes(b"\x89PNG fake scan bytes" * 100)
    uid = demo_app.attachments.add_file(testimony, scan)
    assert demo_app.attachments.read(uid) == scan.read_bytes()
    assert demo_app.stats()["attachment"] == 1
    assert demo_app.verify() == []


def test_a_copy_is_written_whole_and_owner_only(demo_app, tmp_path: Path) -> None:
    testimony = demo_app.records.create("testimony", {"title": "with a letter"})
    uid = demo_app.attachments.add_bytes(testimony, "letter.txt", b"a letter", "text/plain")
    out = tmp_path / "out"
    out.mkdir()
    demo_app.attachments.save_copy(uid, out / "letter.txt")
    assert (out / "letter.txt").read_bytes() == b"a letter"
    assert stat.S_IMODE((out / "letter.txt").stat().st_mode) == 0o600
    assert [p.name for p in out.iterdir()] == ["letter.txt"]  # nothing half-written left


def test_an_altered_attachment_is_caught(demo_app, db_path: Path) -> None:
    testimony = demo_app.records.create("testimony", {"title": "with audio"})
    uid = demo_app.attachments.add_bytes(testimony, "talk.ogg", b"original audio", "audio/ogg")
    demo_app.close()
    conn = connect_sqlcipher(db_path, unlock(key_file_for(db_path), PASSPHRASE).database_key)
    conn.execute("UPDATE attachment_content SET data = X'00'")
    conn.close()
    from caseapp.app import open_case_app
    from caseapp.store import StoreLocation

    app = open_case_app(StoreLocation(path=db_path), PASSPHRASE, "tester")
    try:
        assert [str(p) for p in app.verify()] == [
            f"attachment {uid}: content does not match its intake SHA-256"
        ]
        with pytest.raises(IntegrityProblem):
            app.attachments.read(uid)
        with pytest.raises(IntegrityProblem):  # and no copy of the altered bytes is written
            app.attachments.save_copy(uid, db_path.parent / "copy.ogg")
        assert not (db_path.parent / "copy.ogg").exists()
    finally:
        app.close()


def test_attachment_needs_a_live_testimony(empty_app) -> None:
    with pytest.raises(ValidationError, match="testimony_uid"):
        empty_app.attachments.add_bytes("no-such-uid", "x.txt", b"x", "text/plain")
    assert empty_app.stats()["attachment"] == 0


def test_the_hash_is_the_sha256_of_the_bytes(empty_app) -> None:
    testimony = empty_app.records.create("testimony", {"title": "t"})
    uid = empty_app.attachments.add_bytes(testimony, "a.txt", b"hello", "text/plain")
    from sqlalchemy import select

    from caseapp.models import Attachment

    with empty_app.store.session() as session:
        stored = session.execute(select(Attachment.sha256).where(Attachment.uid == uid)).scalar()
    assert stored == hashlib.sha256(b"hello").hexdigest()
