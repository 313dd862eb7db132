"""The encrypted file: what is on disk, what a wrong key does, and what the engine enforces."""

import hashlib
import stat
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from caseapp.app import open_case_app
from caseapp.store import (
    DatabaseDamaged,
    DatabaseTooNew,
    StoreExists,
    StoreLocation,
    StoreNotFound,
    WrongPassphrase,
    create_store,
    open_store,
)
from caseapp.store.engine import connect_sqlcipher
from caseapp.store.keys import key_file_for, unlock
from caseapp.store.migrate import head_revision

from .conftest import PASSPHRASE


def digest_files(db_path: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(db_path.parent.iterdir())
    }


def test_new_store_is_encrypted_private_and_at_head(db_path: Path) -> None:
    store = create_store(StoreLocation(path=db_path), PASSPHRASE)
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert int(conn.execute(text("PRAGMA foreign_keys")).scalar()) == 1
        assert int(conn.execute(text("PRAGMA page_size")).scalar()) == 16384
        assert int(conn.execute(text("PRAGMA temp_store")).scalar()) == 2  # memory
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    store.close()
    assert version == head_revision()
    assert not db_path.read_bytes().startswith(b"SQLite format 3")
    for path in db_path.parent.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700


def test_wrong_passphrase_touches_nothing(demo_app, db_path: Path) -> None:
    demo_app.close()
    before = digest_files(db_path)
    with pytest.raises(WrongPassphrase) as info:
        open_store(StoreLocation(path=db_path), "not the passphrase")
    assert "not the passphrase" not in str(info.value)
    assert digest_files(db_path) == before


def test_the_file_does_not_open_with_another_key(empty_app, db_path: Path) -> None:
    """The key comes from a slot that opened: a file it does not open is damaged or belongs to
    another key file, not a wrong passphrase (which would make the window wait)."""
    empty_app.close()
    with pytest.raises(DatabaseDamaged) as info:
        connect_sqlcipher(db_path, b"\x01" * 32)
    assert not isinstance(info.value, WrongPassphrase)


def test_create_refuses_an_existing_database(empty_app, db_path: Path) -> None:
    with pytest.raises(StoreExists):
        create_store(StoreLocation(path=db_path), PASSPHRASE)


def test_open_of_a_missing_file_says_how_to_create(tmp_path: Path) -> None:
    with pytest.raises(StoreNotFound, match="caseapp init"):
        open_store(StoreLocation(path=tmp_path / "none.db"), PASSPHRASE)


def test_a_database_newer_than_the_app_is_refused_unchanged(empty_app, db_path: Path) -> None:
    key = unlock(key_file_for(db_path), PASSPHRASE).database_key
    empty_app.close()
    conn = connect_sqlcipher(db_path, key)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = digest_files(db_path)
    with pytest.raises(DatabaseTooNew, match="9999"):
        open_store(StoreLocation(path=db_path), PASSPHRASE)
    assert digest_files(db_path) == before


def test_foreign_keys_are_enforced(empty_app) -> None:
    with pytest.raises(Exception, match="FOREIGN KEY"), empty_app.store.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO violation (uid, created_at, created_by, updated_at, updated_by,"
                " testimony_id, category, date_precision, place, reported_impact, un_reference)"
                " VALUES ('u', 'x', '', 'x', '', 424242, 'torture', 'unknown', '', '', '')"
            )
        )


def test_plain_sqlite_url_selects_another_engine(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'plain.db'}"
    app = open_case_app(StoreLocation.parse(url), None, "tester", create=True)
    uid = app.records.create("region", {"region": "Europe", "reported_cases": 800})
    assert app.records.get("region", uid)["reported_cases"] == 800
    app.close()
    assert (tmp_path / "plain.db").read_bytes().startswith(b"SQLite format 3")


SECRET = "김 가명 — 보위부 심문 서술"


@pytest.mark.parametrize("kind", ["encrypted", "plain url"])
def test_a_database_error_does_not_repeat_the_values(empty_app, tmp_path: Path, kind) -> None:
    """SQLAlchemy's error text lists the statement's parameters (a narrative, a name) unless
    told not to; any error that reaches a message or a log must not carry them."""
    if kind == "encrypted":
        engine = empty_app.store.engine
    else:
        plain = open_case_app(
            StoreLocation.parse(f"sqlite:///{tmp_path / 'plain.db'}"), None, "t", create=True
        )
        engine = plain.store.engine
    with engine.connect() as conn, pytest.raises(DBAPIError) as caught:
        conn.exec_driver_sql("INSERT INTO no_such_table VALUES (?)", [(SECRET,), (SECRET,)])
    assert "no_such_table" in str(caught.value)  # the statement is named, its values not
    assert SECRET not in str(caught.value) and SECRET not in repr(caught.value)
    with engine.connect() as conn, pytest.raises(DBAPIError) as caught:
        conn.execute(text("SELECT * FROM testimony WHERE title = :t AND nope = 1"), {"t": SECRET})
    assert SECRET not in str(caught.value)
    if kind != "encrypted":
        plain.close()


def test_work_on_other_threads_never_closes_this_threads_connection(demo_app) -> None:
    """The window reads on its own thread while jobs (exports, the dashboard's counting)
    come and go on threads of their own: a dozen of them, one after another, each reading,
    must leave the window's open session working (the per-thread pool closed another
    thread's connection once more than five threads had used it)."""
    import threading

    store = demo_app.store
    counts: list[int] = []

    def job() -> None:
        with store.session() as session:
            counts.append(int(session.execute(text("SELECT count(*) FROM testimony")).scalar()))

    with store.session() as held:
        before = held.execute(text("SELECT count(*) FROM violation")).scalar()
        for _ in range(12):
            thread = threading.Thread(target=job)
            thread.start()
            thread.join()
        after = held.execute(text("SELECT count(*) FROM violation")).scalar()
    assert before == after == 35
    assert counts == [14] * 12


def test_planner_statistics_are_kept_when_the_archive_closes(demo_app, db_path: Path) -> None:
    """PRAGMA optimize at close is committed: the next opening (a command, the window) finds
    the statistics instead of computing them again."""
    demo_app.close()
    conn = connect_sqlcipher(db_path, unlock(key_file_for(db_path), PASSPHRASE).database_key)
    try:
        tables = {row[0] for row in conn.execute("SELECT tbl FROM sqlite_stat1")}
    finally:
        conn.close()
    assert {"testimony", "violation"} <= tables
