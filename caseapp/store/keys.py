"""Key slots: one random database key, wrapped by keys derived from passphrases.

The SQLCipher database is encrypted with a random 256-bit key. Each slot in the key file
(``<database>.keys``, JSON, owner-only) holds that key wrapped with AES-256-GCM under a key
derived from one passphrase with Argon2id. Changing a passphrase rewrites one slot and never
re-encrypts the database; several slots let several people (later: roles) open one file.
The raw key is derived once per unlock and kept in memory, so opening connections is cheap.
"""

from __future__ import annotations

import base64
import functools
import json
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
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


CALIBRATION_BASE = KdfParams()
"""Where calibration starts and its floor: 64 MiB and two lanes stay; only passes are added."""
CALIBRATION_TARGET_SECONDS = 1.0
"""About what one guess costs on the machine that makes a slot (as KeePassXC does)."""

# What a key file may ask of an unlock. Outside these bounds the slot was not made by caseapp
# (or was edited), and deriving could hang the machine for hours: refused before deriving.
MIN_TIME_COST, MAX_TIME_COST = 1, 64
MIN_PARALLELISM, MAX_PARALLELISM = 1, 16
MAX_MEMORY_KIB = 1024 * 1024  # 1 GiB; the least is 8 KiB per lane (Argon2's own rule)
MAX_WORK_KIB = MAX_TIME_COST * CALIBRATION_BASE.memory_kib
"""Passes times memory: a calibrated slot on a fast machine (64 passes of 64 MiB) at most,
a few seconds on a slow one."""

DEFAULT_KDF: KdfParams | None = None
"""What a new slot costs when the caller names no cost: None calibrates on this machine
(``calibrated_kdf``). The test suite sets a cheap cost here for its own throw-away stores
(tests/conftest.py); nothing in the program changes it, and no setting or environment
variable reaches it, so no one can weaken a real archive from outside."""


def in_bounds(params: KdfParams) -> bool:
    """Whether an unlock may derive with ``params`` (see MAX_TIME_COST and the others)."""
    values = (params.time_cost, params.memory_kib, params.parallelism)
    if any(type(v) is not int for v in values):  # not bool, float or text from a JSON edit
        return False
    return (
        MIN_TIME_COST <= params.time_cost <= MAX_TIME_COST
        and MIN_PARALLELISM <= params.parallelism <= MAX_PARALLELISM
        and 8 * params.parallelism <= params.memory_kib <= MAX_MEMORY_KIB
        and params.time_cost * params.memory_kib <= MAX_WORK_KIB
    )


Measure = Callable[[KdfParams], float]
"""Seconds one derivation with these settings takes."""


def measure_derivation(params: KdfParams, clock: Callable[[], float] = time.perf_counter) -> float:
    start = clock()
    _derive("calibration", b"caseapp-calibrate", params)
    return clock() - start


def calibrate(
    measure: Measure = measure_derivation,
    target: float = CALIBRATION_TARGET_SECONDS,
    base: KdfParams = CALIBRATION_BASE,
) -> KdfParams:
    """``base`` with as many passes as take about ``target`` seconds here. Two derivations at
    the base cost are timed (the faster counts: the first may pay for page faults); one
    pass costs about a ``time_cost``-th of that. Never below the base, never above the
    bounds an unlock accepts."""
    seconds = min(measure(base), measure(base))
    per_pass = max(seconds, 1e-9) / base.time_cost
    passes = round(target / per_pass)
    most = min(MAX_TIME_COST, MAX_WORK_KIB // base.memory_kib)
    return replace(base, time_cost=max(base.time_cost, min(passes, most)))


@functools.cache
def _calibrated_here() -> KdfParams:
    return calibrate()


def new_slot_kdf() -> KdfParams:
    """The cost of a new slot when the caller names none: ``DEFAULT_KDF`` if set, else this
    machine's calibration (measured once per process)."""
    return DEFAULT_KDF if DEFAULT_KDF is not None else _calibrated_here()


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
    if not isinstance(text, str):
        raise ValueError("not base64 text")
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
    try:
        data = path.read_bytes()
    except OSError as exc:  # a folder in its place, no permission, an input/output error
        reason = exc.strerror or type(exc).__name__
        raise KeyFileError(
            Message("store.key_file_unreadable", path=str(path), reason=reason)
        ) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise KeyFileError(Message("store.key_file_damaged", path=str(path))) from None
    return parse_slots(text, path)


def parse_slots(text: str, path: Path) -> list[KeySlot]:
    """The slots of a key file's ``text`` (``path`` only names it in messages); a slot whose
    fields are malformed, or whose key-derivation settings are out of bounds, is refused
    before anything is derived."""
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
        slots = [KeySlot(**slot) for slot in doc["slots"]]
        for slot in slots:
            _check_slot(slot)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise KeyFileError(Message("store.key_file_damaged", path=str(path))) from exc
    for slot in slots:
        if slot.kdf != "argon2id" or not in_bounds(_params_of(slot)):
            raise KeyFileError(Message("store.kdf_out_of_range", path=str(path)))
    return slots


def _params_of(slot: KeySlot) -> KdfParams:
    return KdfParams(slot.time_cost, slot.memory_kib, slot.parallelism)


def _check_slot(slot: KeySlot) -> None:
    """Raise ValueError unless the slot's fields are what _make_slot writes."""
    if not isinstance(slot.slot_id, str) or not isinstance(slot.label, str):
        raise ValueError("slot id or label")
    if len(_unb64(slot.salt)) < 16 or len(_unb64(slot.nonce)) != 12:
        raise ValueError("salt or nonce")
    if len(_unb64(slot.wrapped_key)) != KEY_BYTES + 16:
        raise ValueError("wrapped key")


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
    _write_slots(path, [_make_slot(key, passphrase, label, params or new_slot_kdf())])
    return key


def unlock(path: Path, passphrase: str) -> bytes:
    """Return the raw database key if any slot opens with this passphrase."""
    return unlock_slots(_read_slots(path), passphrase)[0]


def unlock_slots(slots: list[KeySlot], passphrase: str) -> tuple[bytes, KeySlot]:
    """The raw key and the slot that ``passphrase`` opens, or WrongPassphrase."""
    for slot in slots:
        wrapping = _derive(passphrase, _unb64(slot.salt), _params_of(slot))
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
    slots.append(_make_slot(key, passphrase, label, params or new_slot_kdf()))
    _write_slots(path, slots)


def change_passphrase(path: Path, old: str, new: str, params: KdfParams | None = None) -> None:
    """Re-wrap the key of the slot that ``old`` opens; the database is not touched."""
    slots = _read_slots(path)
    key = unlock(path, old)
    for index, slot in enumerate(slots):
        wrapping = _derive(old, _unb64(slot.salt), _params_of(slot))
        try:
            AESGCM(wrapping).decrypt(
                _unb64(slot.nonce), _unb64(slot.wrapped_key), _aad(slot.slot_id)
            )
        except InvalidTag:
            continue
        # A new slot, made on this machine: it gets this machine's cost, as at creation.
        replacement = _make_slot(key, new, slot.label, params or new_slot_kdf())
        slots[index] = replacement
        _write_slots(path, slots)
        return
    raise WrongPassphrase(Message("store.wrong_passphrase"))
