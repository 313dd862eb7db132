"""The raw key for standard SQLCipher tools, and rekey: a new database key.

**Rekey** gives the database a new random key (SQLCipher's ``PRAGMA rekey`` re-encrypts
every page in one transaction) and writes a key file with one slot: the passphrase that asked
for it, under the same label and cost. Slots wrap the database key itself, so a slot whose
passphrase is not given cannot be re-wrapped; it is dropped (the command line says so, and
asks for ``--yes`` first). A key-encryption key between slots and database was not chosen:
it would survive a rekey, and an old key file with an old passphrase would open the new data.

Crash safety: the new key is written first, as ``<db>.keys.rekey`` beside the untouched
``<db>.keys``; then the database is rekeyed with a rollback journal (whose pages stay under
the old key); then the new key file replaces the old one (one rename). Whenever the archive
is next opened with that passphrase, ``finish_interrupted_rekey`` sees the ``.rekey`` file
and tries the *old* key first (an interrupted rekey's journal is rolled back under it: the
rekey did not happen, the ``.rekey`` file is removed), else the new key (the rekey committed
before the rename: the rename is made now). At every moment one of the two files opens the
database with the passphrase.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from caseapp.store import keys
from caseapp.store.engine import PAGE_SIZE, connect_sqlcipher
from caseapp.store.errors import DatabaseDamaged, StoreError, WrongPassphrase
from caseapp.store.files import _fsync_dir as fsync_folder
from caseapp.store.messages import Message

REKEY_SUFFIX = ".rekey"


def raw_key_lines(key: bytes) -> list[str]:
    """The PRAGMA lines that open the database in SQLCipher 4 tools (the sqlcipher shell,
    DB Browser for SQLCipher): the raw key (no KDF runs for it), SQLCipher 4's settings in
    case a tool defaults to older ones, then caseapp's page size (after: compatibility
    resets it)."""
    return [
        f"PRAGMA key = \"x'{key.hex()}'\";",
        "PRAGMA cipher_compatibility = 4;",
        f"PRAGMA cipher_page_size = {PAGE_SIZE};",
    ]


def pending_key_file(db_path: Path) -> Path:
    key_file = keys.key_file_for(db_path)
    return key_file.with_name(key_file.name + REKEY_SUFFIX)


@dataclass(frozen=True)
class RekeyResult:
    kept: str  # the label of the slot re-made
    dropped: list[str]  # the labels of the slots dropped


def other_slots(db_path: Path, passphrase: str) -> list[str]:
    """The labels of the slots that a rekey with ``passphrase`` would drop."""
    slots = keys.read_slots(keys.key_file_for(db_path))
    _key, mine = keys.unlock_slots(slots, passphrase)
    return [slot.label for slot in slots if slot.slot_id != mine.slot_id]


def rekey(db_path: Path, passphrase: str) -> RekeyResult:
    """Re-encrypt the database under a new random key; see the module's docstring."""
    key_file = keys.key_file_for(db_path)
    finish_interrupted_rekey(db_path, passphrase)
    slots = keys.read_slots(key_file)
    old_key, mine = keys.unlock_slots(slots, passphrase)
    new_key = os.urandom(keys.KEY_BYTES)
    pending = pending_key_file(db_path)
    keys.write_new_key_file(pending, new_key, passphrase, mine)
    conn = connect_sqlcipher(db_path, old_key)
    try:
        try:
            # Leaving WAL needs every other connection closed: the guard against a rekey
            # under an open window (whose connections would go on with the old key).
            mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        except sqlcipher.OperationalError:
            mode = "busy"
        if str(mode).lower() != "delete":
            raise StoreError(Message("rekey.in_use"))
        conn.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
        conn.execute("PRAGMA journal_mode = WAL")
    except BaseException:
        conn.close()
        with contextlib.suppress(FileNotFoundError):
            if _opens(db_path, old_key):
                pending.unlink()
        raise
    conn.close()
    os.replace(pending, key_file)
    fsync_folder(db_path.parent)
    return RekeyResult(mine.label, [s.label for s in slots if s.slot_id != mine.slot_id])


def finish_interrupted_rekey(db_path: Path, passphrase: str) -> None:
    """Complete or undo a rekey that a crash interrupted (nothing to do without a
    ``.rekey`` file, or when ``passphrase`` opens neither key file)."""
    pending = pending_key_file(db_path)
    if not pending.exists() or not db_path.exists():
        return
    key_file = keys.key_file_for(db_path)
    with contextlib.suppress(WrongPassphrase):
        if _opens(db_path, keys.unlock(key_file, passphrase)):
            pending.unlink()  # the rekey never committed (its journal is rolled back now)
            return
    with contextlib.suppress(WrongPassphrase):
        if _opens(db_path, keys.unlock(pending, passphrase)):
            os.replace(pending, key_file)
            fsync_folder(db_path.parent)


def _opens(db_path: Path, key: bytes) -> bool:
    try:
        connect_sqlcipher(db_path, key).close()
    except DatabaseDamaged:  # what a key that does not open the file is said to be
        return False
    return True
