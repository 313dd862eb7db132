"""Key slots: one per user, each opening the database key (and for some, the vault key).

The SQLCipher database is encrypted with a random 256-bit key. The key file
(``<database>.keys``, JSON, owner-only) holds one slot per user:

- the user's own X25519 key pair: the public half in clear, the private half wrapped with
  AES-256-GCM under a key derived from the user's passphrase with Argon2id;
- the database key, sealed to the user's public key (caseapp/store/sealing.py);
- for caseworkers and coordinators, the identity vault's private key, sealed likewise.
  A recorder's slot has none: their passphrase, even with the database key, opens no
  vault entry.

Sealing to a public key is what lets a coordinator act for users who are not there: add a
user, give a caseworker the vault key, and re-key the database (``rekey``, ``user remove``)
by sealing the new database key to every remaining user, without their passphrases. Only the
named user's slot is derived at an unlock (one Argon2id run, about a second).

Version 1 files (one random key wrapped per passphrase, no users) are still read: the slot a
passphrase opens is converted to a user named ``coordinator`` at the first unlock.
"""

from __future__ import annotations

import base64
import functools
import json
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from caseapp.store import sealing
from caseapp.store.errors import (
    KeyFileError,
    StoreExists,
    StoreNotFound,
    UnknownUser,
    UserNeeded,
    WrongPassphrase,
)
from caseapp.store.files import write_private_atomically
from caseapp.store.messages import Message

KEY_FILE_FORMAT = "caseapp-keys"
KEY_FILE_VERSION = 2
LEGACY_VERSION = 1
LEGACY_USER = "coordinator"
"""The user a version-1 key file's slot becomes."""
KEY_BYTES = 32
MAX_USER_NAME = 64


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
    """One user's slot (see the module's docstring). Text fields are base64."""

    slot_id: str
    user: str
    created: str
    salt: str
    nonce: str
    wrapped_private: str
    public_key: str
    database_key: str
    vault_key: str | None = None
    kdf: str = "argon2id"
    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 2


@dataclass(frozen=True)
class LegacySlot:
    """A version-1 slot: the database key wrapped under a passphrase, no user."""

    slot_id: str
    label: str
    salt: str
    nonce: str
    wrapped_key: str
    kdf: str = "argon2id"
    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 2


@dataclass(frozen=True)
class KeyFile:
    vault_public_key: str
    slots: tuple[KeySlot, ...]

    @property
    def users(self) -> list[str]:
        return [slot.user for slot in self.slots]

    def slot_of(self, user: str) -> KeySlot | None:
        return next((slot for slot in self.slots if slot.user == user), None)

    def replaced(self, slot: KeySlot) -> KeyFile:
        """This file with the slot of ``slot.user`` replaced by ``slot`` (or it added)."""
        others = tuple(s for s in self.slots if s.user != slot.user)
        if len(others) == len(self.slots):
            return replace(self, slots=(*self.slots, slot))
        return replace(self, slots=tuple(slot if s.user == slot.user else s for s in self.slots))

    def without(self, user: str) -> KeyFile:
        return replace(self, slots=tuple(s for s in self.slots if s.user != user))


@dataclass(frozen=True)
class Unlocked:
    """What one user's passphrase opened: never printed, never written as it is."""

    user: str
    database_key: bytes = field(repr=False)
    private_key: bytes = field(repr=False)
    vault_public: bytes = field(repr=False)
    vault_private: bytes | None = field(default=None, repr=False)
    converted: bool = False  # the slot was a version-1 slot, converted at this unlock


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


def _wrap_aad(slot_id: str, user: str) -> bytes:
    # Binding slot id and user name stops a wrapped key from being moved to another slot,
    # or a slot from being renamed to another user, unnoticed.
    return f"{KEY_FILE_FORMAT}/{KEY_FILE_VERSION}/{slot_id}/{user}".encode()


def _seal_context(purpose: str, slot_id: str) -> bytes:
    return f"{KEY_FILE_FORMAT}/{purpose}/{slot_id}".encode()


def _legacy_aad(slot_id: str) -> bytes:
    return f"{KEY_FILE_FORMAT}/{LEGACY_VERSION}/{slot_id}".encode()


def check_user_name(name: str) -> str:
    """``name`` if it can name a user: 1 to 64 characters, printable, no surrounding spaces
    (it is printed on one line in lists and the audit trail); else ValueError."""
    if not isinstance(name, str) or not name or len(name) > MAX_USER_NAME:
        raise ValueError("user name length")
    if name != name.strip() or not name.isprintable():
        raise ValueError("user name characters")
    return name


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _make_slot(
    user: str,
    passphrase: str,
    database_key: bytes,
    vault_private: bytes | None,
    params: KdfParams,
    created: str | None = None,
) -> tuple[KeySlot, bytes]:
    """A new slot for ``user`` with a new key pair; the slot and its private key."""
    if not passphrase:
        raise WrongPassphrase(Message("store.empty_passphrase"))
    check_user_name(user)
    private, public = sealing.new_key_pair()
    slot_id = secrets.token_hex(8)
    salt = os.urandom(16)
    nonce = os.urandom(12)
    wrapping = _derive(passphrase, salt, params)
    wrapped = AESGCM(wrapping).encrypt(nonce, private, _wrap_aad(slot_id, user))
    slot = KeySlot(
        slot_id=slot_id,
        user=user,
        created=created or _now(),
        salt=_b64(salt),
        nonce=_b64(nonce),
        wrapped_private=_b64(wrapped),
        public_key=_b64(public),
        database_key="",
        time_cost=params.time_cost,
        memory_kib=params.memory_kib,
        parallelism=params.parallelism,
    )
    return _sealed_for(slot, database_key, vault_private), private


def _sealed_for(slot: KeySlot, database_key: bytes, vault_private: bytes | None) -> KeySlot:
    """``slot`` holding ``database_key`` (and the vault key, or none) sealed to its user."""
    public = _unb64(slot.public_key)
    vault = None
    if vault_private is not None:
        vault = _b64(sealing.seal(public, vault_private, _seal_context("vault", slot.slot_id)))
    sealed_key = sealing.seal(public, database_key, _seal_context("database", slot.slot_id))
    return replace(slot, database_key=_b64(sealed_key), vault_key=vault)


def _read_text(path: Path) -> str:
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
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise KeyFileError(Message("store.key_file_damaged", path=str(path))) from None


def parse_key_file(text: str, path: Path) -> KeyFile | list[LegacySlot]:
    """The key file in ``text`` (``path`` only names it in messages): a ``KeyFile``, or the
    slots of a version-1 file. A slot whose fields are malformed, or whose key-derivation
    settings are out of bounds, is refused before anything is derived."""
    try:
        doc: Any = json.loads(text)
        if doc.get("format") != KEY_FILE_FORMAT:
            raise KeyFileError(Message("store.not_a_key_file", path=str(path)))
        version = doc.get("version")
        if version not in (KEY_FILE_VERSION, LEGACY_VERSION) or type(version) is not int:
            raise KeyFileError(
                Message("store.key_file_version", version=repr(version)[:20], path=str(path))
            )
        parsed: KeyFile | list[LegacySlot]
        if version == LEGACY_VERSION:
            parsed = [LegacySlot(**slot) for slot in doc["slots"]]
            for legacy in parsed:
                _check_legacy(legacy)
            slots: list[KeySlot | LegacySlot] = list(parsed)
        else:
            parsed = KeyFile(
                vault_public_key=doc["vault_public_key"],
                slots=tuple(KeySlot(**slot) for slot in doc["slots"]),
            )
            if len(_unb64(parsed.vault_public_key)) != KEY_BYTES:
                raise ValueError("vault public key")
            for slot in parsed.slots:
                _check_slot(slot)
            if len(set(parsed.users)) != len(parsed.slots):
                raise ValueError("two slots for one user")
            slots = list(parsed.slots)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise KeyFileError(Message("store.key_file_damaged", path=str(path))) from exc
    for any_slot in slots:
        if any_slot.kdf != "argon2id" or not in_bounds(_params_of(any_slot)):
            raise KeyFileError(Message("store.kdf_out_of_range", path=str(path)))
    return parsed


def _params_of(slot: KeySlot | LegacySlot) -> KdfParams:
    return KdfParams(slot.time_cost, slot.memory_kib, slot.parallelism)


def _check_slot(slot: KeySlot) -> None:
    """Raise ValueError unless the slot's fields are what _make_slot writes."""
    if not isinstance(slot.slot_id, str) or not isinstance(slot.created, str):
        raise ValueError("slot id or date")
    check_user_name(slot.user)
    if len(_unb64(slot.salt)) < 16 or len(_unb64(slot.nonce)) != 12:
        raise ValueError("salt or nonce")
    if len(_unb64(slot.wrapped_private)) != KEY_BYTES + 16:
        raise ValueError("wrapped key")
    if len(_unb64(slot.public_key)) != KEY_BYTES:
        raise ValueError("public key")
    _unb64(slot.database_key)
    if slot.vault_key is not None:
        _unb64(slot.vault_key)


def _check_legacy(slot: LegacySlot) -> None:
    if not isinstance(slot.slot_id, str) or not isinstance(slot.label, str):
        raise ValueError("slot id or label")
    if len(_unb64(slot.salt)) < 16 or len(_unb64(slot.nonce)) != 12:
        raise ValueError("salt or nonce")
    if len(_unb64(slot.wrapped_key)) != KEY_BYTES + 16:
        raise ValueError("wrapped key")


def read_key_file(path: Path) -> KeyFile | list[LegacySlot]:
    return parse_key_file(_read_text(path), path)


def write_key_file(path: Path, key_file: KeyFile) -> None:
    """Write ``key_file`` at ``path`` atomically (over any file there), owner-only."""
    doc = {
        "format": KEY_FILE_FORMAT,
        "version": KEY_FILE_VERSION,
        "vault_public_key": key_file.vault_public_key,
        "slots": [asdict(slot) for slot in key_file.slots],
    }
    write_private_atomically(path, json.dumps(doc, indent=2).encode("utf-8"))


def users_of(path: Path) -> list[str]:
    """The users the key file at ``path`` has slots for (a version-1 file: the one it will
    become)."""
    parsed = read_key_file(path)
    if isinstance(parsed, KeyFile):
        return parsed.users
    return [LEGACY_USER]


def create_key_file(
    path: Path, user: str, passphrase: str, params: KdfParams | None = None
) -> Unlocked:
    """Make a new random database key, the vault's key pair and the first user's slot
    (holding both); return what that user has unlocked."""
    if path.exists():
        raise StoreExists(Message("store.key_file_exists", path=str(path)))
    database_key = os.urandom(KEY_BYTES)
    vault_private, vault_public = sealing.new_key_pair()
    slot, private = _make_slot(
        user, passphrase, database_key, vault_private, params or new_slot_kdf()
    )
    write_key_file(path, KeyFile(_b64(vault_public), (slot,)))
    return Unlocked(user, database_key, private, vault_public, vault_private)


def choose_slot(key_file: KeyFile, user: str | None) -> KeySlot:
    """The slot of ``user``; with no user named, the only slot (UserNeeded when there are
    several: which one is meant cannot be guessed)."""
    if user is None:
        if len(key_file.slots) == 1:
            return key_file.slots[0]
        raise UserNeeded(Message("store.user_needed", count=len(key_file.slots)))
    slot = key_file.slot_of(user)
    if slot is None:
        raise UnknownUser(Message("store.no_such_user", user=user))
    return slot


def open_slot(key_file: KeyFile, slot: KeySlot, passphrase: str) -> Unlocked:
    """What ``slot`` holds, opened with ``passphrase``, or WrongPassphrase."""
    wrapping = _derive(passphrase, _unb64(slot.salt), _params_of(slot))
    try:
        private = AESGCM(wrapping).decrypt(
            _unb64(slot.nonce), _unb64(slot.wrapped_private), _wrap_aad(slot.slot_id, slot.user)
        )
    except InvalidTag:
        raise WrongPassphrase(Message("store.wrong_passphrase")) from None
    return opened_with_private(key_file, slot, private)


def opened_with_private(key_file: KeyFile, slot: KeySlot, private: bytes) -> Unlocked:
    """What ``slot`` holds, opened with its user's private key (a rekey re-reads the file
    it wrote with it). A slot whose sealed keys do not open is damaged."""
    try:
        database_key = sealing.unseal(
            private, _unb64(slot.database_key), _seal_context("database", slot.slot_id)
        )
        vault = None
        if slot.vault_key is not None:
            vault = sealing.unseal(
                private, _unb64(slot.vault_key), _seal_context("vault", slot.slot_id)
            )
    except sealing.SealError:
        raise KeyFileError(Message("store.slot_damaged", user=slot.user)) from None
    return Unlocked(slot.user, database_key, private, _unb64(key_file.vault_public_key), vault)


def unlock_text(text: str, path: Path, passphrase: str, user: str | None = None) -> Unlocked:
    """Unlock the key file whose contents are ``text`` (a backup's) without writing it."""
    parsed = parse_key_file(text, path)
    if isinstance(parsed, KeyFile):
        return open_slot(parsed, choose_slot(parsed, user), passphrase)
    database_key = _unlock_legacy(parsed, passphrase)
    vault_private, vault_public = sealing.new_key_pair()
    private, _public = sealing.new_key_pair()
    return Unlocked(LEGACY_USER, database_key, private, vault_public, vault_private, True)


def unlock(path: Path, passphrase: str, user: str | None = None) -> Unlocked:
    """Open the slot of ``user`` (or the only one) with ``passphrase``. A version-1 file is
    converted here: the slot that opens becomes the user ``coordinator``, with a new key
    pair and the vault's new key pair (slots it holds that the passphrase does not open
    cannot be converted and are left out; caseapp never made more than one)."""
    parsed = read_key_file(path)
    if isinstance(parsed, KeyFile):
        return open_slot(parsed, choose_slot(parsed, user), passphrase)
    database_key = _unlock_legacy(parsed, passphrase)
    opened = next(s for s in parsed if _opens_legacy(s, passphrase))
    vault_private, vault_public = sealing.new_key_pair()
    slot, private = _make_slot(
        LEGACY_USER, passphrase, database_key, vault_private, _params_of(opened)
    )
    write_key_file(path, KeyFile(_b64(vault_public), (slot,)))
    return Unlocked(LEGACY_USER, database_key, private, vault_public, vault_private, True)


def _unlock_legacy(slots: list[LegacySlot], passphrase: str) -> bytes:
    for slot in slots:
        key = _open_legacy(slot, passphrase)
        if key is not None:
            return key
    raise WrongPassphrase(Message("store.wrong_passphrase"))


def _opens_legacy(slot: LegacySlot, passphrase: str) -> bool:
    return _open_legacy(slot, passphrase) is not None


def _open_legacy(slot: LegacySlot, passphrase: str) -> bytes | None:
    wrapping = _derive(passphrase, _unb64(slot.salt), _params_of(slot))
    try:
        return AESGCM(wrapping).decrypt(
            _unb64(slot.nonce), _unb64(slot.wrapped_key), _legacy_aad(slot.slot_id)
        )
    except InvalidTag:
        return None


def current_key_file(path: Path) -> KeyFile:
    parsed = read_key_file(path)
    if not isinstance(parsed, KeyFile):  # converted at the first unlock, before any change
        raise KeyFileError(Message("store.key_file_version", version="1", path=str(path)))
    return parsed


def add_user(
    path: Path,
    by: Unlocked,
    user: str,
    passphrase: str,
    vault: bool,
    params: KdfParams | None = None,
) -> None:
    """A slot for a new ``user`` (with the vault key when ``vault``), made by ``by``."""
    key_file = current_key_file(path)
    if key_file.slot_of(user) is not None:
        raise StoreExists(Message("store.user_exists", user=user))
    vault_private = _vault_private_for(by, vault)
    slot, _private = _make_slot(
        user, passphrase, by.database_key, vault_private, params or new_slot_kdf()
    )
    write_key_file(path, key_file.replaced(slot))


def set_vault_access(path: Path, by: Unlocked, user: str, vault: bool) -> None:
    """Seal the vault key into ``user``'s slot, or take it out (a new role)."""
    key_file = current_key_file(path)
    slot = choose_slot(key_file, user)
    updated = _sealed_for(slot, by.database_key, _vault_private_for(by, vault))
    write_key_file(path, key_file.replaced(updated))


def _vault_private_for(by: Unlocked, vault: bool) -> bytes | None:
    if not vault:
        return None
    if by.vault_private is None:  # a recorder cannot give what their slot does not hold
        raise KeyFileError(Message("store.no_vault_key", user=by.user))
    return by.vault_private


def change_passphrase(
    path: Path, unlocked: Unlocked, new: str, params: KdfParams | None = None
) -> Unlocked:
    """Re-make the slot of ``unlocked.user`` under ``new``, with a new key pair: an old copy
    of the key file and the old passphrase no longer open what this slot will be given
    (after a ``rekey``). The database is not touched."""
    key_file = current_key_file(path)
    old = choose_slot(key_file, unlocked.user)
    # A new slot, made on this machine: it gets this machine's cost, as at creation.
    slot, private = _make_slot(
        unlocked.user,
        new,
        unlocked.database_key,
        unlocked.vault_private,
        params or new_slot_kdf(),
        created=old.created,
    )
    write_key_file(path, key_file.replaced(slot))
    return replace(unlocked, private_key=private, converted=False)


def resealed(key_file: KeyFile, database_key: bytes) -> KeyFile:
    """``key_file`` with ``database_key`` sealed to every user (a rekey). The vault key each
    slot holds is sealed to the user, not to the database key: it stays as it is."""
    slots = []
    for slot in key_file.slots:
        box = sealing.seal(
            _unb64(slot.public_key), database_key, _seal_context("database", slot.slot_id)
        )
        slots.append(replace(slot, database_key=_b64(box)))
    return replace(key_file, slots=tuple(slots))


# -- slots on a team server ---------------------------------------------------------------------
# A PostgreSQL archive is not encrypted by caseapp (the server protects it) and has no key file:
# each login's slot is one row of ``key_slot`` (migration 0016), the same ``KeySlot`` as in a
# key file, serialised as JSON. Its sealed database key is empty (there is none); its vault key
# is what matters: the vault's private key for caseworkers and coordinators, none for recorders.

NO_DATABASE_KEY = b""


def server_slot(
    user: str, passphrase: str, vault_private: bytes | None, params: KdfParams | None = None
) -> tuple[str, bytes]:
    """A new slot for the login ``user`` as stored on a server (JSON text), and its private
    key."""
    slot, private = _make_slot(
        user, passphrase, NO_DATABASE_KEY, vault_private, params or new_slot_kdf()
    )
    return json.dumps(asdict(slot)), private


def _parse_server_slot(text: str, user: str) -> KeySlot:
    try:
        slot = KeySlot(**json.loads(text))
        _check_slot(slot)
    except (ValueError, KeyError, TypeError, AttributeError):
        raise KeyFileError(Message("store.slot_damaged", user=user)) from None
    if slot.user != user or slot.kdf != "argon2id" or not in_bounds(_params_of(slot)):
        raise KeyFileError(Message("store.slot_damaged", user=user))
    return slot


def open_server_slot(text: str, user: str, vault_public: bytes, passphrase: str) -> Unlocked:
    """What the server slot ``text`` of ``user`` holds, opened with ``passphrase``."""
    slot = _parse_server_slot(text, user)
    return open_slot(KeyFile(_b64(vault_public), (slot,)), slot, passphrase)


def server_slot_public(text: str, user: str) -> bytes:
    """The public key of a server slot: what a coordinator seals the vault key to."""
    return _unb64(_parse_server_slot(text, user).public_key)


def server_slot_with_vault(text: str, user: str, vault_private: bytes | None) -> str:
    """The server slot ``text`` with the vault key sealed in (or taken out: None)."""
    slot = _parse_server_slot(text, user)
    return json.dumps(asdict(_sealed_for(slot, NO_DATABASE_KEY, vault_private)))


def server_slot_rewrapped(
    unlocked: Unlocked, text: str, new: str, params: KdfParams | None = None
) -> tuple[str, Unlocked]:
    """The slot of ``unlocked.user`` re-made under the passphrase ``new`` (a new key pair),
    keeping its creation date and vault key."""
    old = _parse_server_slot(text, unlocked.user)
    slot, private = _make_slot(
        unlocked.user,
        new,
        NO_DATABASE_KEY,
        unlocked.vault_private,
        params or new_slot_kdf(),
        created=old.created,
    )
    return json.dumps(asdict(slot)), replace(unlocked, private_key=private, converted=False)
