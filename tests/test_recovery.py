"""Recovery with standard SQLCipher tools (``key show-raw``) and ``rekey``: the printed lines
open the file in a plain SQLCipher connection; after a rekey the old key and an old key file
no longer do, the passphrase still does, and a crash at any moment leaves an archive that the
passphrase opens."""

import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import select
from sqlmodel import col

from caseapp.app import open_case_app
from caseapp.models import AuditEvent
from caseapp.store import (
    DatabaseDamaged,
    StoreError,
    StoreLocation,
    keys,
    recovery,
)
from caseapp.store.engine import connect_sqlcipher

from .cli_runner import environment, run_cli
from .conftest import PASSPHRASE, ROOT


def count_testimonies(lines: list[str], path: Path) -> int:
    """Open ``path`` as a SQLCipher tool would: a bare connection, the printed lines."""
    conn = sqlcipher.connect(str(path))
    try:
        conn.executescript("\n".join(lines))
        return int(conn.execute("SELECT count(*) FROM testimony").fetchone()[0])
    finally:
        conn.close()


def show_raw(path: Path, env) -> list[str]:
    done = run_cli("--db", path, "key", "show-raw", "--yes", env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def last_event(path: Path) -> AuditEvent:
    app = open_case_app(StoreLocation(path=path), PASSPHRASE, "tester")
    try:
        with app.store.session() as session:
            return session.execute(
                select(AuditEvent).order_by(col(AuditEvent.id).desc()).limit(1)
            ).scalar_one()
    finally:
        app.close()


def test_show_raw_refuses_without_yes(demo_app, tmp_path: Path) -> None:
    path = demo_app.store.path
    demo_app.close()
    done = run_cli("--db", path, "key", "show-raw", env=environment(tmp_path, PASSPHRASE))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "raw key" in done.stderr and "without any passphrase" in done.stderr


def test_show_raw_prints_lines_that_open_the_file_and_is_audited(demo_app, tmp_path) -> None:
    path = demo_app.store.path
    raw = demo_app.store.key.hex()
    demo_app.close()
    lines = show_raw(path, environment(tmp_path, PASSPHRASE))
    assert lines[0] == f"PRAGMA key = \"x'{raw}'\";"
    assert "PRAGMA cipher_page_size = 16384;" in lines
    assert count_testimonies(lines, path) == 14
    event = last_event(path)
    assert event.action == "show_raw_key" and raw not in event.changes


def test_rekey_retires_the_old_key_and_the_old_key_file(demo_app, tmp_path: Path) -> None:
    path = demo_app.store.path
    demo_app.close()
    env = environment(tmp_path, PASSPHRASE)
    old_lines = show_raw(path, env)
    old_key_file = tmp_path / "old.keys"
    shutil.copy2(keys.key_file_for(path), old_key_file)

    done = run_cli("--db", path, "rekey", env=env)
    assert done.returncode == 0, done.stderr
    assert "new key" in done.stdout and "dropped" not in done.stdout
    assert not recovery.pending_key_file(path).exists()

    with pytest.raises(sqlcipher.DatabaseError):
        count_testimonies(old_lines, path)  # the old raw key no longer opens the file
    old_key = keys.unlock(old_key_file, PASSPHRASE).database_key  # an old file still opens...
    with pytest.raises(DatabaseDamaged):
        connect_sqlcipher(path, old_key)  # ...a key that opens nothing new
    new_lines = show_raw(path, env)
    assert new_lines != old_lines and count_testimonies(new_lines, path) == 14
    assert run_cli("--db", path, "verify", env=env).returncode == 0
    events = [e.action for e in _events(path)]
    assert events[-2:] == ["rekey", "show_raw_key"]


def _events(path: Path) -> list[AuditEvent]:
    app = open_case_app(StoreLocation(path=path), PASSPHRASE, "tester")
    try:
        with app.store.session() as session:
            return list(session.execute(select(AuditEvent).order_by(col(AuditEvent.id))).scalars())
    finally:
        app.close()


def test_rekey_keeps_every_users_slot(demo_app, tmp_path: Path) -> None:
    """The new key is sealed to every user: a caseworker who is not there keeps their
    passphrase, and the key file they held before opens nothing new."""
    path = demo_app.store.path
    demo_app.users.add("casey", "caseworker", "casey's own long passphrase")
    demo_app.close()
    old_key_file = tmp_path / "old.keys"
    shutil.copy2(keys.key_file_for(path), old_key_file)
    env = environment(tmp_path, PASSPHRASE, CASEAPP_USER="tester")
    done = run_cli("--db", path, "rekey", env=env)
    assert done.returncode == 0, done.stderr
    assert "sealed to the slots of 2 users" in done.stdout
    casey = keys.unlock(keys.key_file_for(path), "casey's own long passphrase", "casey")
    connect_sqlcipher(path, casey.database_key).close()
    assert casey.vault_private is not None
    old = keys.unlock(old_key_file, "casey's own long passphrase", "casey").database_key
    with pytest.raises(DatabaseDamaged):
        connect_sqlcipher(path, old)


def test_rekey_is_refused_while_the_archive_is_open(demo_app) -> None:
    path = demo_app.store.path
    key_file = keys.key_file_for(path).read_bytes()
    second = open_case_app(StoreLocation(path=path), PASSPHRASE)
    try:
        with pytest.raises(StoreError) as caught:
            second.rekey()
        assert "in use" in str(caught.value)
    finally:
        second.close()
    assert keys.key_file_for(path).read_bytes() == key_file
    assert not recovery.pending_key_file(path).exists()
    assert demo_app.stats()["testimony"] == 14  # the open archive goes on working


def test_a_crash_after_the_rekey_before_the_key_file_is_finished_on_open(
    demo_app, monkeypatch
) -> None:
    path = demo_app.store.path
    demo_app.close()
    old_key = keys.unlock(keys.key_file_for(path), PASSPHRASE).database_key

    real_replace = os.replace

    def crash(source, target) -> None:
        if Path(target) == keys.key_file_for(path):
            raise KeyboardInterrupt  # as a kill between the rekey's commit and the rename
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        recovery.rekey(path, keys.unlock(keys.key_file_for(path), PASSPHRASE))
    monkeypatch.undo()
    assert recovery.pending_key_file(path).exists()
    with pytest.raises(DatabaseDamaged):
        connect_sqlcipher(path, old_key)  # the database has the new key already

    app = open_case_app(StoreLocation(path=path), PASSPHRASE, "tester")
    try:
        assert app.stats()["testimony"] == 14
    finally:
        app.close()
    assert not recovery.pending_key_file(path).exists()
    assert keys.unlock(keys.key_file_for(path), PASSPHRASE).database_key != old_key


def test_a_crash_before_the_rekey_commits_is_undone_on_open(demo_app) -> None:
    path = demo_app.store.path
    demo_app.close()
    key_file = keys.key_file_for(path)
    before = keys.current_key_file(key_file)
    # As a kill after the new key file was written, before the database changed.
    pending = keys.resealed(before, b"k" * 32)
    keys.write_key_file(recovery.pending_key_file(path), pending)
    app = open_case_app(StoreLocation(path=path), PASSPHRASE, "tester")
    app.close()
    assert not recovery.pending_key_file(path).exists()
    assert keys.current_key_file(key_file) == before


KILLED_REKEY = """
import sys
from pathlib import Path
from caseapp.store import keys, recovery
keys.DEFAULT_KDF = keys.KdfParams(time_cost=1, memory_kib=8, parallelism=1)
print("ready", flush=True)
sys.stdin.readline()
path = Path(sys.argv[1])
recovery.rekey(path, keys.unlock(keys.key_file_for(path), sys.argv[2]))
print("done", flush=True)
"""


def test_kill_9_at_random_moments_of_a_rekey_never_locks_the_archive(
    demo_app, tmp_path: Path
) -> None:
    path = demo_app.store.path
    demo_app.close()
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    rng = random.Random(12)
    outcomes: dict[str, int] = {}
    for _trial in range(12):
        with subprocess.Popen(
            [sys.executable, "-c", KILLED_REKEY, str(path), PASSPHRASE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        ) as process:
            assert process.stdout is not None and process.stdin is not None
            assert process.stdout.readline().strip() == "ready"
            process.stdin.write("go\n")
            process.stdin.flush()
            time.sleep(rng.uniform(0, 0.06))
            process.kill()
            process.wait()
        state = "no rekey file"
        if recovery.pending_key_file(path).exists():
            try:
                old = keys.unlock(keys.key_file_for(path), PASSPHRASE).database_key
                connect_sqlcipher(path, old).close()
                state = "rekey file, old key opens"  # killed before the rekey committed
            except DatabaseDamaged:  # a key that does not open the file
                state = "rekey file, new key opens"  # killed between commit and rename
        outcomes[state] = outcomes.get(state, 0) + 1
        app = open_case_app(StoreLocation(path=path), PASSPHRASE, "tester")
        try:
            assert app.stats()["testimony"] == 14
            assert app.verify() == []
        finally:
            app.close()
        assert not recovery.pending_key_file(path).exists()
    print(json.dumps(outcomes))
