"""The raw key for standard SQLCipher tools, and rekey: a new database key.

**Rekey** gives the database a new random key (SQLCipher's ``PRAGMA rekey`` re-encrypts
every page in one transaction) and seals it to every user's public key (their slots keep
their passphrases and their vault keys). Removing a user is a rekey without their slot: a
copy of the old key file opens at most a copy of the old database, never the live one. A key
between slots and database that survives a rekey was not chosen: an old key file with an
old passphrase would open the new data.

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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from caseapp.store import keys
from caseapp.store.engine import PAGE_SIZE, connect_sqlcipher
from caseapp.store.errors import DatabaseDamaged, StoreError
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
    kept: list[str]  # the users whose slots hold the new key
    dropped: list[str]  # the user whose slot was removed, if any


KeyOpener = Callable[[Path], bytes]
"""The database key a key file holds for the user at hand (WrongPassphrase if none)."""


def rekey(db_path: Path, by: keys.Unlocked, drop: str | None = None) -> RekeyResult:
    """Re-encrypt the database under a new random key sealed to every user but ``drop``;
    see the module's docstring."""
    key_file_path = keys.key_file_for(db_path)
    finish_interrupted_rekey(db_path, _opener(by))
    key_file = keys.current_key_file(key_file_path)
    if drop is not None:
        key_file = key_file.without(drop)
    new_key = os.urandom(keys.KEY_BYTES)
    pending = pending_key_file(db_path)
    keys.write_key_file(pending, keys.resealed(key_file, new_key))
    conn = connect_sqlcipher(db_path, by.database_key)
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
            if _opens(db_path, by.database_key):
                pending.unlink()
        raise
    conn.close()
    os.replace(pending, key_file_path)
    fsync_folder(db_path.parent)
    return RekeyResult(key_file.users, [] if drop is None else [drop])


def _opener(by: keys.Unlocked) -> KeyOpener:
    """Open a key file with the private key of ``by`` (no passphrase needed again)."""

    def open_key(path: Path) -> bytes:
        key_file = keys.current_key_file(path)
        slot = keys.choose_slot(key_file, by.user)
        return keys.opened_with_private(key_file, slot, by.private_key).database_key

    return open_key


def finish_interrupted_rekey(db_path: Path, open_key: KeyOpener) -> None:
    """Complete or undo a rekey that a crash interrupted (nothing to do without a
    ``.rekey`` file, or when the user opens neither key file)."""
    pending = pending_key_file(db_path)
    if not pending.exists() or not db_path.exists():
        return
    key_file = keys.key_file_for(db_path)
    with contextlib.suppress(StoreError):
        if _opens(db_path, open_key(key_file)):
            pending.unlink()  # the rekey never committed (its journal is rolled back now)
            return
    with contextlib.suppress(StoreError):
        if _opens(db_path, open_key(pending)):
            os.replace(pending, key_file)
            fsync_folder(db_path.parent)


def _opens(db_path: Path, key: bytes) -> bool:
    try:
        connect_sqlcipher(db_path, key).close()
    except DatabaseDamaged:  # what a key that does not open the file is said to be
        return False
    return True
