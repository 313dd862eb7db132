"""Key slots: a random key wrapped by passphrases; changing one never touches the database."""

import hashlib
import json
import stat
from pathlib import Path

import pytest

from caseapp.store import StoreLocation, WrongPassphrase, keys, open_store

from .conftest import PASSPHRASE


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
