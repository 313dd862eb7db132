"""Key slots: a random key wrapped by passphrases; changing one never touches the database."""

import hashlib
import json
import stat
from pathlib import Path

import pytest

from caseapp.app import open_case_app
from caseapp.store import StoreLocation, WrongPassphrase, keys, open_store

from .conftest import CHEAP_KDF, PASSPHRASE, PRODUCTION_KDF


def slot_costs(key_file: Path) -> list[tuple[str, int, int, int]]:
    doc = json.loads(key_file.read_text(encoding="utf-8"))
    return [(s["kdf"], s["time_cost"], s["memory_kib"], s["parallelism"]) for s in doc["slots"]]


def test_a_new_store_gets_the_real_cost_and_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one store of the suite made at the program's own cost (RFC 9106's second
    recommendation: 64 MiB, three passes); every other test store is cheap (conftest)."""
    monkeypatch.setattr(keys, "DEFAULT_KDF", PRODUCTION_KDF)
    location = StoreLocation(path=tmp_path / "real" / "cases.db")
    open_case_app(location, PASSPHRASE, "tester", create=True).close()
    assert slot_costs(keys.key_file_for(location.path)) == [("argon2id", 3, 65536, 2)]
    store = open_store(location, PASSPHRASE)
    store.close()
    with pytest.raises(WrongPassphrase):
        open_store(location, "not the passphrase")


def test_the_suites_stores_are_cheap(empty_app, db_path: Path) -> None:
    """The harness's seam holds: a template store carries the cheap cost, so the suite stays
    quick."""
    cheap = ("argon2id", CHEAP_KDF.time_cost, CHEAP_KDF.memory_kib, CHEAP_KDF.parallelism)
    assert slot_costs(keys.key_file_for(db_path)) == [cheap]
    assert CHEAP_KDF.memory_kib >= 8 * CHEAP_KDF.parallelism  # the least Argon2 accepts


def test_the_key_file_holds_no_key_and_no_passphrase(tmp_path: Path) -> None:
    path = tmp_path / "x.db.keys"
    key = keys.create_key_file(path, "a long passphrase")
    raw = path.read_bytes()
    assert key not in raw and key.hex().encode() not in raw
    assert b"a long passphrase" not in raw
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(raw)["slots"][0]["kdf"] == "argon2id"
    assert keys.unlock(path, "a long passphrase") == key


def test_wrong_passphrase_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.db.keys"
    keys.create_key_file(path, "right one")
    with pytest.raises(WrongPassphrase) as info:
        keys.unlock(path, "wrong one")
    assert "wrong one" not in str(info.value)


def test_second_slot_and_passphrase_change(tmp_path: Path) -> None:
    path = tmp_path / "x.db.keys"
    key = keys.create_key_file(path, "first passphrase")
    keys.add_slot(path, key, "second passphrase", "colleague")
    assert keys.unlock(path, "second passphrase") == key
    keys.change_passphrase(path, "first passphrase", "third passphrase")
    assert keys.unlock(path, "third passphrase") == key
    assert keys.unlock(path, "second passphrase") == key
    with pytest.raises(WrongPassphrase):
        keys.unlock(path, "first passphrase")


def test_passphrase_change_does_not_rewrite_the_database(empty_app, db_path: Path) -> None:
    empty_app.close()
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    keys.change_passphrase(keys.key_file_for(db_path), PASSPHRASE, "새 암호문 new passphrase")
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
    store = open_store(StoreLocation(path=db_path), "새 암호문 new passphrase")
    store.close()
    with pytest.raises(WrongPassphrase):
        open_store(StoreLocation(path=db_path), PASSPHRASE)


def test_a_moved_slot_does_not_open(tmp_path: Path) -> None:
    path = tmp_path / "x.db.keys"
    keys.create_key_file(path, "passphrase one")
    doc = json.loads(path.read_text())
    doc["slots"][0]["slot_id"] = "0000000000000000"
    path.write_text(json.dumps(doc))
    with pytest.raises(WrongPassphrase):
        keys.unlock(path, "passphrase one")
