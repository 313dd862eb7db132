"""Archive identities and the bundle file one archive sends another (on a USB stick).

An archive has two key pairs, made once and kept inside its encrypted database: Ed25519 to
sign what it sends, X25519 to receive. Their public halves are its identity, one line of
text that a coordinator and a field laptop exchange and check by phone through the short
``fingerprint``.

A bundle is, byte by byte::

    MAGIC                       8 bytes, b"caseBNDL"
    header length               4 bytes, big-endian
    header                      canonical JSON: format, version, sender (its Ed25519 and
                                X25519 public keys), recipient (X25519 public), ephemeral
                                (X25519 public); nothing else is readable without the key
    meta length                 4 bytes, big-endian
    meta                        the caller's ``meta`` (JSON), sealed like a chunk
    frames                      each: 1 flag byte (1: the final frame, else 0), 4 bytes of
                                length, then that many bytes of AES-256-GCM ciphertext
    signature                   64 bytes, Ed25519 by the sender

The plaintext is the items as JSON lines, cut into chunks of ``CHUNK_SIZE`` bytes. Each
chunk is sealed (AES-256-GCM) with a key from HKDF(X25519(ephemeral, recipient)); its nonce
is the chunk's number and its final flag, and its associated data the header's digest, the
number and the flag, so a chunk moved, dropped or cut off fails (age's STREAM construction).
The meta (sequence numbers, counts) is sealed under the same key with a nonce no chunk uses:
whoever finds the stick reads only which archives the bundle goes between. The signature
covers SHA-256 of every byte before it. ``open_bundle`` reads the file twice: a first pass
only hashes and checks the signature, so nothing is decrypted for a sender who did not sign
exactly this file; ``OpenedBundle.items`` then decrypts chunk by chunk. Memory stays flat on
both sides whatever the number of items.

Refusals are ``BundleRefused``: one line naming the file, never what it holds.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import struct
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from caseapp.store.errors import StoreError
from caseapp.store.files import Leftovers, UnnamedOpener, open_unnamed, private_atomic_file
from caseapp.store.messages import QT_TRANSLATE_NOOP, Message

IDENTITY_PREFIX = "caseapp-archive-1"
"""The first word of an identity line; the key is the last."""

FORMAT = "caseapp-bundle"
VERSION = 1
MAGIC = b"caseBNDL"
CHUNK_SIZE = 64 * 1024
"""Plaintext bytes per chunk (the last may be shorter, even empty)."""

KEY_SIZE = 32
SIGNATURE_SIZE = 64
TAG_SIZE = 16
MAX_HEADER = 1024 * 1024
_CHECK_SIZE = 4  # bytes of SHA-256 appended to an identity's keys: a mistyped one is refused
_FRAME = struct.Struct(">BI")
_LENGTH = struct.Struct(">I")
_FINAL = 1
_MORE = 0
_HKDF_INFO = b"caseapp-bundle-1 chunk key"
_SIGNATURE_CONTEXT = b"caseapp-bundle-1 signature\x00"
_READ_SIZE = 1024 * 1024
_META_NONCE = b"\xff" * 12  # a chunk's last nonce byte is 0 or 1, never 0xff

QT_TRANSLATE_NOOP(
    "messages",
    "not an archive identity: give the line 'caseapp exchange identity' prints last, or its"
    " last word",
    "exchange.bad_identity",
)
QT_TRANSLATE_NOOP("messages", "{path} is not a caseapp bundle", "bundle.not_a_bundle")
QT_TRANSLATE_NOOP(
    "messages",
    "{path} was written in bundle format {version}, newer than this caseapp knows; use a"
    " newer caseapp",
    "bundle.newer_format",
)
QT_TRANSLATE_NOOP(
    "messages", "{path} is addressed to another archive, not this one", "bundle.not_for_us"
)
QT_TRANSLATE_NOOP(
    "messages",
    "{path} comes from an archive this one does not trust (fingerprint {fingerprint})",
    "bundle.untrusted",
)
QT_TRANSLATE_NOOP(
    "messages",
    "{path} does not carry a valid signature of its sender: it was changed after it was written",
    "bundle.bad_signature",
)
QT_TRANSLATE_NOOP("messages", "{path} is incomplete (cut short); copy it again", "bundle.truncated")
QT_TRANSLATE_NOOP("messages", "{path} is damaged; copy it again", "bundle.damaged")
QT_TRANSLATE_NOOP("messages", "cannot read {path}: {reason}", "bundle.unreadable")


class BadIdentity(StoreError):
    """Text that is not an archive identity (nor its key)."""


class BundleRefused(StoreError):
    """A bundle refused whole: nothing of it may be applied."""


@dataclass(frozen=True, repr=False)
class ArchiveKeys:
    """An archive's two key pairs, raw 32 bytes each. The private halves never leave the
    encrypted database (repr shows none)."""

    sign_private: bytes
    sign_public: bytes
    box_private: bytes
    box_public: bytes

    def __repr__(self) -> str:
        return f"ArchiveKeys(fingerprint={fingerprint(self.sign_public, self.box_public)!r})"


def new_archive_keys() -> ArchiveKeys:
    sign = Ed25519PrivateKey.generate()
    box = X25519PrivateKey.generate()
    return ArchiveKeys(
        sign_private=sign.private_bytes_raw(),
        sign_public=sign.public_key().public_bytes_raw(),
        box_private=box.private_bytes_raw(),
        box_public=box.public_key().public_bytes_raw(),
    )


def keys_from_private(sign_private: bytes, box_private: bytes) -> ArchiveKeys:
    """The key pairs again from their private halves (what the database keeps)."""
    sign = Ed25519PrivateKey.from_private_bytes(sign_private)
    box = X25519PrivateKey.from_private_bytes(box_private)
    return ArchiveKeys(
        sign_private=sign_private,
        sign_public=sign.public_key().public_bytes_raw(),
        box_private=box_private,
        box_public=box.public_key().public_bytes_raw(),
    )


# -- identities ----------------------------------------------------------------------------


def _check(sign_public: bytes, box_public: bytes) -> bytes:
    return hashlib.sha256(IDENTITY_PREFIX.encode() + sign_public + box_public).digest()[
        :_CHECK_SIZE
    ]


# The key word's first byte: a format mark. Its six high bits are zero, so the word always
# begins with "A" and is never taken for an option on a command line (base64url words
# begin with "-" one time in 64).
_KEY_WORD_MARK = b"\x01"


def identity_key(sign_public: bytes, box_public: bytes) -> str:
    """The key word of an identity: a format mark, both public keys and a check, base64url,
    no padding."""
    raw = _KEY_WORD_MARK + sign_public + box_public + _check(sign_public, box_public)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def identity_line(keys: ArchiveKeys) -> str:
    """``caseapp-archive-1 KEY``: one line; its last word is the key, copied as one token."""
    return public_identity_line(keys.sign_public, keys.box_public)


def public_identity_line(sign_public: bytes, box_public: bytes) -> str:
    return f"{IDENTITY_PREFIX} {identity_key(sign_public, box_public)}"


def parse_identity(text: str) -> tuple[bytes, bytes]:
    """(sign_public, box_public) from an identity line or its key word; BadIdentity for
    anything else (another prefix, a wrong length, a mistyped character)."""
    words = text.split() if isinstance(text, str) else []
    if len(words) == 2 and words[0] == IDENTITY_PREFIX:
        words = words[1:]
    if len(words) != 1:
        raise BadIdentity(Message("exchange.bad_identity"))
    word = words[0]
    try:
        raw = base64.urlsafe_b64decode(word + "=" * (-len(word) % 4))
    except (binascii.Error, ValueError):
        raise BadIdentity(Message("exchange.bad_identity")) from None
    if len(raw) != 1 + 2 * KEY_SIZE + _CHECK_SIZE or raw[:1] != _KEY_WORD_MARK:
        raise BadIdentity(Message("exchange.bad_identity"))
    raw = raw[1:]
    sign_public, box_public = raw[:KEY_SIZE], raw[KEY_SIZE : 2 * KEY_SIZE]
    if raw[2 * KEY_SIZE :] != _check(sign_public, box_public) or identity_key(
        sign_public, box_public
    ) != word.rstrip("="):
        raise BadIdentity(Message("exchange.bad_identity"))
    try:
        Ed25519PublicKey.from_public_bytes(sign_public)
        X25519PublicKey.from_public_bytes(box_public)
    except ValueError:
        raise BadIdentity(Message("exchange.bad_identity")) from None
    return sign_public, box_public


def fingerprint(sign_public: bytes, box_public: bytes) -> str:
    """Five groups of four hex digits of SHA-256 over both public keys: read out by phone
    to check that a key copied over a stick is the one its archive shows."""
    digest = hashlib.sha256(IDENTITY_PREFIX.encode() + sign_public + box_public).hexdigest()
    return " ".join(digest[i : i + 4] for i in range(0, 20, 4))


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


# -- writing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WrittenBundle:
    path: Path
    items: int
    bytes: int
    sha256: str  # of the whole file, for the audit trail


def _chunk_key(shared: bytes, ephemeral_public: bytes, recipient: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=ephemeral_public + recipient,
        info=_HKDF_INFO,
    ).derive(shared)


def _nonce(index: int, final: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if final else b"\x00")


def _aad(header_digest: bytes, index: int, final: bool) -> bytes:
    return header_digest + index.to_bytes(8, "big") + (b"\x01" if final else b"\x00")


def _canonical(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


class BundleWriter:
    """Write a bundle from ``sender`` to the archive whose X25519 public key is
    ``recipient_box``, as a context manager: ``add`` each item, and the file takes its name
    (owner-only, atomically) when the block ends without an error; on an error nothing is
    left. ``meta`` (JSON: sequence numbers, counts) is sealed beside the header and read
    once the signature is checked; ``result`` says what was written."""

    def __init__(
        self,
        path: Path,
        sender: ArchiveKeys,
        recipient_box: bytes,
        meta: Mapping[str, Any] | None = None,
        *,
        leftovers: Leftovers | None = None,
        opener: UnnamedOpener = open_unnamed,
    ) -> None:
        self.path = Path(path)
        self._sender = sender
        self._recipient = X25519PublicKey.from_public_bytes(recipient_box)
        self._recipient_raw = recipient_box
        self._meta = dict(meta or {})
        self._leftovers = leftovers
        self._opener = opener
        self._stack = contextlib.ExitStack()
        self._out: IO[bytes] | None = None
        self._hash = hashlib.sha256()
        self._buffer = bytearray()
        self._index = 0
        self._size = 0
        self.count = 0
        self.result: WrittenBundle | None = None

    def __enter__(self) -> BundleWriter:
        ephemeral = X25519PrivateKey.generate()
        ephemeral_public = ephemeral.public_key().public_bytes_raw()
        header = _canonical(
            {
                "format": FORMAT,
                "version": VERSION,
                "sender": _b64(self._sender.sign_public),
                "sender_box": _b64(self._sender.box_public),
                "recipient": _b64(self._recipient_raw),
                "ephemeral": _b64(ephemeral_public),
            }
        )
        meta = _canonical(self._meta)
        if len(meta) > MAX_HEADER:
            raise ValueError("bundle meta too large")
        shared = ephemeral.exchange(self._recipient)
        self._aead = AESGCM(_chunk_key(shared, ephemeral_public, self._recipient_raw))
        self._header_digest = hashlib.sha256(header).digest()
        sealed_meta = self._aead.encrypt(_META_NONCE, meta, self._header_digest)
        with self._stack:
            written = self._stack.enter_context(
                private_atomic_file(self.path, leftovers=self._leftovers, opener=self._opener)
            )
            self._out = written.handle
            self._write(MAGIC + _LENGTH.pack(len(header)) + header)
            self._write(_LENGTH.pack(len(sealed_meta)) + sealed_meta)
            self._stack = self._stack.pop_all()
        return self

    def add(self, item: Mapping[str, Any]) -> None:
        """One item (a JSON object); sealed and written once a chunk is full."""
        if self._out is None:
            raise RuntimeError("BundleWriter.add outside its with block")
        self._buffer += _canonical(item) + b"\n"
        self.count += 1
        # Sealed as final only at the end: a full chunk may be the last one. One cut at the
        # end, not one per chunk: an item of many megabytes is not moved chunk by chunk.
        if len(self._buffer) <= CHUNK_SIZE:
            return
        start = 0
        with memoryview(self._buffer) as view:
            while len(view) - start > CHUNK_SIZE:
                self._seal(bytes(view[start : start + CHUNK_SIZE]), final=False)
                start += CHUNK_SIZE
        del self._buffer[:start]

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool | None:
        try:
            if kind is None:
                self._finish()
        except BaseException:
            self._stack.__exit__(*sys.exc_info())
            raise
        self._stack.__exit__(kind, error, traceback)
        self._out = None
        if kind is None:
            self.result = WrittenBundle(self.path, self.count, self._size, self._file_sha256)
        return None

    def _finish(self) -> None:
        self._seal(bytes(self._buffer), final=True)
        self._buffer = bytearray()
        digest = self._hash.digest()
        signer = Ed25519PrivateKey.from_private_bytes(self._sender.sign_private)
        self._write(signer.sign(_SIGNATURE_CONTEXT + digest))
        self._file_sha256 = self._hash.hexdigest()

    def _seal(self, plain: bytes, final: bool) -> None:
        sealed = self._aead.encrypt(
            _nonce(self._index, final), plain, _aad(self._header_digest, self._index, final)
        )
        self._index += 1
        self._write(_FRAME.pack(_FINAL if final else _MORE, len(sealed)) + sealed)

    def _write(self, data: bytes) -> None:
        assert self._out is not None
        self._out.write(data)
        self._hash.update(data)
        self._size += len(data)


def write_bundle(
    path: Path,
    sender: ArchiveKeys,
    recipient_box: bytes,
    meta: Mapping[str, Any],
    items: Iterator[Mapping[str, Any]] | list[Mapping[str, Any]],
    *,
    leftovers: Leftovers | None = None,
) -> WrittenBundle:
    """A bundle of ``items`` (any iterable: a generator keeps memory flat)."""
    with BundleWriter(path, sender, recipient_box, meta, leftovers=leftovers) as writer:
        for item in items:
            writer.add(item)
    assert writer.result is not None
    return writer.result


# -- reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Frames:
    """Where the verified file's parts are: header bytes and the frames' span."""

    header: bytes
    sealed_meta: bytes
    frames_start: int
    frames_end: int
    digest: bytes


@dataclass
class OpenedBundle:
    """A bundle whose sender is trusted and whose signature holds; nothing decrypted yet.
    ``items()`` decrypts and yields the items in order, raising BundleRefused (damaged,
    truncated) if the file changed since it was checked: apply them in one transaction."""

    path: Path
    sender: str  # the peer's name, as ``sender_named`` gave it
    sender_sign_public: bytes
    meta: dict[str, Any]
    _frames: _Frames = field(repr=False)
    _key: bytes = field(repr=False)

    def items(self) -> Iterator[dict[str, Any]]:
        where = str(self.path)
        aead = AESGCM(self._key)
        header_digest = hashlib.sha256(self._frames.header).digest()
        rehash = hashlib.sha256()
        partial: list[bytes] = []  # the start of a line a later chunk ends
        index = 0
        final_seen = False
        try:
            with open(self.path, "rb") as stream:
                rehash.update(_read_exact(stream, self._frames.frames_start, where))
                position = self._frames.frames_start
                while position < self._frames.frames_end:
                    frame = _read_exact(stream, _FRAME.size, where)
                    flag, length = _FRAME.unpack(frame)
                    sealed = _read_exact(stream, length, where)
                    rehash.update(frame)
                    rehash.update(sealed)
                    position += _FRAME.size + length
                    final = flag == _FINAL
                    try:
                        plain = aead.decrypt(
                            _nonce(index, final), sealed, _aad(header_digest, index, final)
                        )
                    except InvalidTag:
                        raise BundleRefused(Message("bundle.damaged", path=where)) from None
                    index += 1
                    start = 0
                    while (end := plain.find(b"\n", start)) >= 0:
                        partial.append(plain[start:end])
                        line = b"".join(partial)
                        partial = []
                        yield _item(line, where)
                        start = end + 1
                    if start < len(plain):
                        partial.append(plain[start:])
                    if final:
                        final_seen = True
                        break
        except OSError as exc:
            raise _unreadable(where, exc) from None
        if not final_seen:
            raise BundleRefused(Message("bundle.truncated", path=where))
        if partial or position != self._frames.frames_end:
            raise BundleRefused(Message("bundle.damaged", path=where))
        if rehash.digest() != self._frames.digest:
            raise BundleRefused(Message("bundle.damaged", path=where))


def _item(line: bytes, where: str) -> dict[str, Any]:
    try:
        value = json.loads(line)
    except ValueError:
        raise BundleRefused(Message("bundle.damaged", path=where)) from None
    if not isinstance(value, dict):
        raise BundleRefused(Message("bundle.damaged", path=where))
    return value


def _unreadable(where: str, exc: OSError) -> BundleRefused:
    reason = exc.strerror or type(exc).__name__
    return BundleRefused(Message("bundle.unreadable", path=where, reason=reason))


def _read_exact(stream: IO[bytes], size: int, where: str) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise BundleRefused(Message("bundle.truncated", path=where))
    return data


def _header_of(stream: IO[bytes], where: str) -> tuple[bytes, dict[str, Any]]:
    start = stream.read(len(MAGIC) + _LENGTH.size)
    if start[: len(MAGIC)] != MAGIC[: len(start)]:
        raise BundleRefused(Message("bundle.not_a_bundle", path=where))
    if len(start) < len(MAGIC) + _LENGTH.size:
        raise BundleRefused(
            Message("bundle.truncated", path=where)
        )  # an empty file too: a copy cut short
    (length,) = _LENGTH.unpack(start[len(MAGIC) :])
    if length > MAX_HEADER:
        raise BundleRefused(Message("bundle.damaged", path=where))
    header = _read_exact(stream, length, where)
    try:
        parsed = json.loads(header)
    except ValueError:
        raise BundleRefused(Message("bundle.damaged", path=where)) from None
    if not isinstance(parsed, dict):
        raise BundleRefused(Message("bundle.damaged", path=where))
    if parsed.get("format") != FORMAT:
        raise BundleRefused(Message("bundle.not_a_bundle", path=where))
    version = parsed.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BundleRefused(Message("bundle.damaged", path=where))
    if version > VERSION:
        raise BundleRefused(Message("bundle.newer_format", path=where, version=version))
    return header, parsed


def _raw_key(header: Mapping[str, Any], name: str, where: str) -> bytes:
    text = header.get(name)
    try:
        raw = base64.b64decode(text, validate=True) if isinstance(text, str) else b""
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != KEY_SIZE:
        raise BundleRefused(Message("bundle.damaged", path=where))
    return raw


def open_bundle(
    path: Path, me: ArchiveKeys, sender_named: Callable[[bytes], str | None]
) -> OpenedBundle:
    """Check the bundle at ``path`` whole before anything of it is decrypted: its format,
    that it is addressed to ``me``, that ``sender_named`` knows its sender's signing key,
    that no frame is missing, and the sender's signature over every byte. BundleRefused
    (one line, naming the file) for any of these."""
    path = Path(path)
    where = str(path)
    try:
        with open(path, "rb") as stream:
            header, parsed = _header_of(stream, where)
            recipient = _raw_key(parsed, "recipient", where)
            sender_key = _raw_key(parsed, "sender", where)
            sender_box = _raw_key(parsed, "sender_box", where)
            ephemeral = _raw_key(parsed, "ephemeral", where)
            if recipient != me.box_public:
                raise BundleRefused(Message("bundle.not_for_us", path=where))
            sender = sender_named(sender_key)
            if sender is None:
                # The fingerprint its archive shows: enough to ask who it is.
                raise BundleRefused(
                    Message(
                        "bundle.untrusted",
                        path=where,
                        fingerprint=fingerprint(sender_key, sender_box),
                    )
                )
            frames = _verified_frames(stream, header, sender_key, where)
    except OSError as exc:
        raise _unreadable(where, exc) from None
    # Only now, the signature checked, is anything decrypted.
    try:
        shared = X25519PrivateKey.from_private_bytes(me.box_private).exchange(
            X25519PublicKey.from_public_bytes(ephemeral)
        )
    except ValueError:  # a low-order point: signed, yet no key can come of it
        raise BundleRefused(Message("bundle.damaged", path=where)) from None
    key = _chunk_key(shared, ephemeral, me.box_public)
    try:
        plain_meta = AESGCM(key).decrypt(
            _META_NONCE, frames.sealed_meta, hashlib.sha256(header).digest()
        )
    except InvalidTag:
        raise BundleRefused(Message("bundle.damaged", path=where)) from None
    meta = _item(plain_meta, where)
    return OpenedBundle(
        path=path,
        sender=sender,
        sender_sign_public=sender_key,
        meta=meta,
        _frames=frames,
        _key=key,
    )


def _verified_frames(stream: IO[bytes], header: bytes, sender_key: bytes, where: str) -> _Frames:
    """The first pass: walk the frames, hashing only; then the signature."""
    digest = hashlib.sha256(MAGIC + _LENGTH.pack(len(header)) + header)
    (meta_length,) = _LENGTH.unpack(_read_exact(stream, _LENGTH.size, where))
    if not TAG_SIZE <= meta_length <= MAX_HEADER + TAG_SIZE:
        raise BundleRefused(Message("bundle.damaged", path=where))
    sealed_meta = _read_exact(stream, meta_length, where)
    digest.update(_LENGTH.pack(meta_length) + sealed_meta)
    frames_start = len(MAGIC) + 2 * _LENGTH.size + len(header) + meta_length
    position = frames_start
    while True:
        frame = _read_exact(stream, _FRAME.size, where)
        flag, length = _FRAME.unpack(frame)
        if flag not in (_FINAL, _MORE) or not TAG_SIZE <= length <= CHUNK_SIZE + TAG_SIZE:
            raise BundleRefused(Message("bundle.damaged", path=where))
        digest.update(frame)
        left = length
        while left:
            block = stream.read(min(left, _READ_SIZE))
            if not block:
                raise BundleRefused(Message("bundle.truncated", path=where))
            digest.update(block)
            left -= len(block)
        position += _FRAME.size + length
        if flag == _FINAL:
            break
    signature = _read_exact(stream, SIGNATURE_SIZE, where)
    if stream.read(1):
        raise BundleRefused(Message("bundle.damaged", path=where))  # bytes after the signature
    hashed = digest.digest()
    try:
        Ed25519PublicKey.from_public_bytes(sender_key).verify(
            signature, _SIGNATURE_CONTEXT + hashed
        )
    except InvalidSignature:
        raise BundleRefused(Message("bundle.bad_signature", path=where)) from None
    return _Frames(header, sealed_meta, frames_start, position, hashed)


__all__ = [
    "CHUNK_SIZE",
    "FORMAT",
    "IDENTITY_PREFIX",
    "VERSION",
    "ArchiveKeys",
    "BadIdentity",
    "BundleRefused",
    "BundleWriter",
    "OpenedBundle",
    "WrittenBundle",
    "fingerprint",
    "identity_key",
    "identity_line",
    "keys_from_private",
    "new_archive_keys",
    "open_bundle",
    "parse_identity",
    "public_identity_line",
    "write_bundle",
]
