"""Key slots: one random database key, wrapped by keys derived from passphrases.

The SQLCipher database is encrypted with a random 256-bit key. Each slot in the key file
(``<database>.keys``, JSON, owner-only) holds that key wrapped with AES-256-GCM under a key
derived from one passphrase with Argon2id. Changing a passphrase rewrites one slot and never
re-encrypts the database; several slots let several people (later: roles) open one file.
The raw key is derived once per unlock and kept in memory, so opening connections is cheap.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from caseapp.store.errors import KeyFileError, StoreExists, StoreNotFound, WrongPassphrase
from caseapp.store.files import write_private_atomically
from caseapp.store.messages import Message

KEY_FILE_FORMAT = "caseapp-keys"
KEY_FILE_VERSION = 1
KEY_BYTES = 32


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. Defaults follow RFC 9106's second recommendation (64 MiB, t=3)."""

    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 2


DEFAULT_KDF = KdfParams()
"""What a new slot costs when the caller names no cost. The test suite lowers it for its own
throw-away stores (tests/conftest.py); nothing in the program changes it, and no setting or
environment variable reaches it, so no one can weaken a real archive from outside."""


@dataclass(frozen=True)
class KeySlot:
    slot_id: str
    label: str
    salt: str
    nonce: str
    wrapped_key: str
    kdf: str = "argon2id"
    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 2


def key_file_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".keys")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _derive(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    return hash_secret_raw(
        secret=passphrase.encode("utf-8"),
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def _aad(slot_id: str) -> bytes:
    # Binding the slot id stops a wrapped key from being moved into another slot unnoticed.
    return f"{KEY_FILE_FORMAT}/{KEY_FILE_VERSION}/{slot_id}".encode()


def _make_slot(key: bytes, passphrase: str, label: str, params: KdfParams) -> KeySlot:
    if not passphrase:
        raise WrongPassphrase(Message("store.empty_passphrase"))
    slot_id = secrets.token_hex(8)
    salt = os.urandom(16)
    nonce = os.urandom(12)
    wrapping = _derive(passphrase, salt, params)
    wrapped = AESGCM(wrapping).encrypt(nonce, key, _aad(slot_id))
    return KeySlot(
        slot_id=slot_id,
        label=label,
        salt=_b64(salt),
        nonce=_b64(nonce),
        wrapped_key=_b64(wrapped),
        time_cost=params.time_cost,
        memory_kib=params.memory_kib,
        parallelism=params.parallelism,
    )


def _read_slots(path: Path) -> list[KeySlot]:
    if not path.exists():
        raise StoreNotFound(Message("store.key_file_missing", path=str(path)))
    return parse_slots(path.read_text(encoding="utf-8"), path)


def parse_slots(text: str, path: Path) -> list[KeySlot]:
    """The slots of a key file's ``text`` (``path`` only names it in messages)."""
    try:
        doc: Any = json.loads(text)
        if doc.get("format") != KEY_FILE_FORMAT:
            raise KeyFileError(Message("store.not_a_key_file", path=str(path)))
        if doc.get("version") != KEY_FILE_VERSION:
            raise KeyFileError(
                Message(
                    "store.key_file_version", version=repr(doc.get("version"))[:20], path=str(path)
                )
            )
        return [KeySlot(**slot) for slot in doc["slots"]]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise KeyFileError(Message("store.key_file_damaged", path=str(path))) from exc


def _write_slots(path: Path, slots: list[KeySlot]) -> None:
    doc = {
        "format": KEY_FILE_FORMAT,
        "version": KEY_FILE_VERSION,
        "slots": [asdict(slot) for slot in slots],
    }
    write_private_atomically(path, json.dumps(doc, indent=2).encode("utf-8"))


def create_key_file(
    path: Path, passphrase: str, label: str = "owner", params: KdfParams | None = None
) -> bytes:
    """Make a new random database key and its first slot; return the raw key."""
    if path.exists():
        raise StoreExists(Message("store.key_file_exists", path=str(path)))
    key = os.urandom(KEY_BYTES)
    _write_slots(path, [_make_slot(key, passphrase, label, params or DEFAULT_KDF)])
    return key


def unlock(path: Path, passphrase: str) -> bytes:
    """Return the raw database key if any slot opens with this passphrase."""
    return unlock_slots(_read_slots(path), passphrase)[0]


def unlock_slots(slots: list[KeySlot], passphrase: str) -> tuple[bytes, KeySlot]:
    """The raw key and the slot that ``passphrase`` opens, or WrongPassphrase."""
    for slot in slots:
        params = KdfParams(slot.time_cost, slot.memory_kib, slot.parallelism)
        wrapping = _derive(passphrase, _unb64(slot.salt), params)
        try:
            key = AESGCM(wrapping).decrypt(
                _unb64(slot.nonce), _unb64(slot.wrapped_key), _aad(slot.slot_id)
            )
        except InvalidTag:
            continue
        return key, slot
    raise WrongPassphrase(Message("store.wrong_passphrase"))


def read_slots(path: Path) -> list[KeySlot]:
    return _read_slots(path)


def write_new_key_file(path: Path, key: bytes, passphrase: str, like: KeySlot) -> None:
    """Write (atomically, over any file at ``path``) a key file of one slot wrapping
    ``key`` under ``passphrase``, with the label and cost of the slot ``like``."""
    params = KdfParams(like.time_cost, like.memory_kib, like.parallelism)
    _write_slots(path, [_make_slot(key, passphrase, like.label, params)])


def add_slot(
    path: Path, key: bytes, passphrase: str, label: str, params: KdfParams | None = None
) -> None:
    slots = _read_slots(path)
    slots.append(_make_slot(key, passphrase, label, params or DEFAULT_KDF))
    _write_slots(path, slots)


def change_passphrase(path: Path, old: str, new: str, params: KdfParams | None = None) -> None:
    """Re-wrap the key of the slot that ``old`` opens; the database is not touched."""
    slots = _read_slots(path)
    key = unlock(path, old)
    for index, slot in enumerate(slots):
        slot_params = KdfParams(slot.time_cost, slot.memory_kib, slot.parallelism)
        wrapping = _derive(old, _unb64(slot.salt), slot_params)
        try:
            AESGCM(wrapping).decrypt(
                _unb64(slot.nonce), _unb64(slot.wrapped_key), _aad(slot.slot_id)
            )
        except InvalidTag:
            continue
        replacement = _make_slot(key, new, slot.label, params or slot_params)
        slots[index] = replacement
        _write_slots(path, slots)
        return
    raise WrongPassphrase(Message("store.wrong_passphrase"))
