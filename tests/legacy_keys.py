"""Version-1 key files (before users), as caseapp wrote them then: what the stored
first-revision fixture holds. Only for re-wrapping that fixture's slot at the suite's cheap
cost; caseapp itself only reads this format (caseapp/store/keys.py converts it)."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from caseapp.store.keys import KdfParams


def _derive(passphrase: str, salt: bytes, time_cost: int, memory_kib: int, lanes: int) -> bytes:
    return hash_secret_raw(
        passphrase.encode("utf-8"), salt, time_cost, memory_kib, lanes, 32, Type.ID
    )


def rewrap_legacy(path: Path, passphrase: str, params: KdfParams) -> None:
    """Re-wrap every version-1 slot of the key file at ``path`` at the cost ``params``."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["version"] == 1
    for slot in doc["slots"]:
        aad = f"caseapp-keys/1/{slot['slot_id']}".encode()
        old = _derive(
            passphrase,
            base64.b64decode(slot["salt"]),
            slot["time_cost"],
            slot["memory_kib"],
            slot["parallelism"],
        )
        key = AESGCM(old).decrypt(
            base64.b64decode(slot["nonce"]), base64.b64decode(slot["wrapped_key"]), aad
        )
        salt, nonce = os.urandom(16), os.urandom(12)
        new = _derive(passphrase, salt, params.time_cost, params.memory_kib, params.parallelism)
        slot.update(
            salt=base64.b64encode(salt).decode(),
            nonce=base64.b64encode(nonce).decode(),
            wrapped_key=base64.b64encode(AESGCM(new).encrypt(nonce, key, aad)).decode(),
            time_cost=params.time_cost,
            memory_kib=params.memory_kib,
            parallelism=params.parallelism,
        )
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
