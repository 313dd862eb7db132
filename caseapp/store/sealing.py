"""Sealed boxes: data encrypted to an X25519 public key, opened only with its private key.

Sealing makes a fresh key pair for each message, agrees a secret with the recipient's public
key (X25519), derives an AES-256-GCM key from it (HKDF-SHA256 over both public keys), and
encrypts. Anyone may seal; only the private key's holder opens. Used for what a key slot
hands its user (the database key, the vault key) and for the identity vault's entries, which
every user may write and only caseworkers and coordinators may read.

``context`` is bound into the encryption (as associated data and into the key derivation),
so a box made for one purpose (one slot, the vault) cannot be moved to another unnoticed.
"""

from __future__ import annotations

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

KEY_BYTES = 32
_NONCE = bytes(12)  # each box has its own derived key, used once: a fixed nonce is safe
_OVERHEAD = KEY_BYTES + 16  # the sender's one-time public key, and the GCM tag


class SealError(Exception):
    """A box that does not open with this key (another key, a change, a truncation)."""


def new_key_pair() -> tuple[bytes, bytes]:
    """A new (private, public) X25519 key pair, 32 raw bytes each."""
    private = X25519PrivateKey.generate()
    return _private_bytes(private), _public_bytes(private.public_key())


def public_of(private: bytes) -> bytes:
    return _public_bytes(X25519PrivateKey.from_private_bytes(private).public_key())


def seal(public: bytes, data: bytes, context: bytes) -> bytes:
    """``data`` encrypted to ``public``: the one-time public key, then the ciphertext."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    one_time = X25519PrivateKey.generate()
    one_time_public = _public_bytes(one_time.public_key())
    shared = one_time.exchange(X25519PublicKey.from_public_bytes(public))
    key = _box_key(shared, one_time_public, public, context)
    return one_time_public + AESGCM(key).encrypt(_NONCE, data, context)


def unseal(private: bytes, box: bytes, context: bytes) -> bytes:
    """The data sealed in ``box`` to the public half of ``private``, or SealError."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if len(box) < _OVERHEAD:
        raise SealError("too short")
    secret = X25519PrivateKey.from_private_bytes(private)
    one_time_public = box[:KEY_BYTES]
    try:
        shared = secret.exchange(X25519PublicKey.from_public_bytes(one_time_public))
    except ValueError:  # an all-zero shared secret: a crafted one-time key
        raise SealError("bad one-time key") from None
    key = _box_key(shared, one_time_public, _public_bytes(secret.public_key()), context)
    try:
        return AESGCM(key).decrypt(_NONCE, box[KEY_BYTES:], context)
    except InvalidTag:
        raise SealError("does not open") from None


def _box_key(shared: bytes, one_time_public: bytes, recipient: bytes, context: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=KEY_BYTES,
        salt=one_time_public + recipient,
        info=b"caseapp-sealed-box/" + context,
    ).derive(shared)


def _private_bytes(key: X25519PrivateKey) -> bytes:
    from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def _public_bytes(key: X25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)
