"""The bundle file one archive sends another: identities, the round trip, and every way a
bundle is refused whole (caseapp/store/bundle_crypto.py)."""

from __future__ import annotations

import hashlib
import re
import stat
import struct
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from caseapp.store import StoreError
from caseapp.store import bundle_crypto as bc
from caseapp.store.bundle_crypto import (
    ArchiveKeys,
    BadIdentity,
    BundleRefused,
    BundleWriter,
    fingerprint,
    identity_line,
    new_archive_keys,
    open_bundle,
    parse_identity,
    write_bundle,
)

KOREAN = "함경북도 회령에서 1998년 겨울에 강제송환되었다고 증언함. "
SECRET = "증언자비밀내용"


@pytest.fixture(scope="module")
def field() -> ArchiveKeys:
    return new_archive_keys()


@pytest.fixture(scope="module")
def office() -> ArchiveKeys:
    return new_archive_keys()


def trusting(*pairs: tuple[ArchiveKeys, str]) -> Callable[[bytes], str | None]:
    names = {keys.sign_public: name for keys, name in pairs}
    return names.get


def items(count: int, size: int = 1) -> Iterator[dict[str, Any]]:
    for n in range(count):
        yield {"table": "testimony", "uid": f"{n:08d}", "narrative": KOREAN * size, "n": n}


def written(folder: Path, sender: ArchiveKeys, recipient: ArchiveKeys, count: int = 50) -> Path:
    path = folder / "to-office.bundle"
    write_bundle(path, sender, recipient.box_public, {"seq": 3, "ack": 1}, items(count, 40))
    return path


# -- identities ----------------------------------------------------------------------------


def test_identity_line_is_one_line_whose_last_word_is_the_key(field: ArchiveKeys) -> None:
    line = identity_line(field)
    assert "\n" not in line
    prefix, key = line.split()
    assert prefix == bc.IDENTITY_PREFIX
    assert re.fullmatch(r"[A-Za-z0-9_-]+", key)
    assert parse_identity(line) == (field.sign_public, field.box_public)
    assert parse_identity(key) == (field.sign_public, field.box_public)
    assert parse_identity(f"  {line}\n") == (field.sign_public, field.box_public)


def test_no_key_word_is_taken_for_a_command_line_option() -> None:
    # Plain base64url begins with "-" for one key in 64: `exchange trust NAME KEY` then
    # failed as an unknown option. Every key word begins with its format mark instead.
    for _ in range(300):
        keys = new_archive_keys()
        key = identity_line(keys).split()[-1]
        assert key.startswith("A")
        assert parse_identity(key) == (keys.sign_public, keys.box_public)


def test_fingerprint_is_five_groups_of_four_hex_digits(field: ArchiveKeys) -> None:
    printed = fingerprint(field.sign_public, field.box_public)
    assert re.fullmatch(r"[0-9a-f]{4}( [0-9a-f]{4}){4}", printed)
    other = new_archive_keys()
    assert fingerprint(other.sign_public, other.box_public) != printed
    assert printed in repr(field)
    assert field.sign_private.hex() not in repr(field)


def _changed_character(key: str) -> str:
    middle = len(key) // 2
    return key[:middle] + ("A" if key[middle] != "A" else "B") + key[middle + 1 :]


@pytest.mark.parametrize(
    "mangle",
    [
        lambda line: "",
        lambda line: "caseapp-archive-2 " + line.split()[1],
        lambda line: line + " extra",
        lambda line: line.split()[1][:-3],
        lambda line: line.split()[1] + "AAAA",
        lambda line: _changed_character(line.split()[1]),
        lambda line: "not base64 at all!",
        lambda line: "caseapp-archive-1",
    ],
    ids=["empty", "prefix", "extra", "short", "long", "typo", "garbage", "prefix-only"],
)
def test_anything_else_is_not_an_identity(field: ArchiveKeys, mangle: Callable[[str], str]) -> None:
    with pytest.raises(BadIdentity) as refused:
        parse_identity(mangle(identity_line(field)))
    assert isinstance(refused.value, StoreError)
    assert refused.value.message.code == "exchange.bad_identity"
    assert "\n" not in str(refused.value)


# -- the round trip ------------------------------------------------------------------------


@pytest.mark.parametrize("count", [0, 1, 20_000])
def test_round_trip(tmp_path: Path, field: ArchiveKeys, office: ArchiveKeys, count: int) -> None:
    path = tmp_path / "field-to-office.bundle"
    meta = {"seq": 7, "ack": 2, "counts": {"testimony": count}, "note": "한글"}
    result = write_bundle(path, field, office.box_public, meta, items(count))
    assert result.items == count
    assert result.bytes == path.stat().st_size
    assert result.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    opened = open_bundle(path, office, trusting((field, "field-1")))
    assert opened.sender == "field-1"
    assert opened.sender_sign_public == field.sign_public
    assert opened.meta == meta
    assert list(opened.items()) == list(items(count))
    assert list(opened.items()) == list(items(count))  # it can be read again


def test_nothing_is_readable_without_the_key(
    tmp_path: Path, field: ArchiveKeys, office: ArchiveKeys
) -> None:
    path = tmp_path / "b.bundle"
    write_bundle(path, field, office.box_public, {"secret": SECRET}, [{"narrative": SECRET}])
    data = path.read_bytes()
    for text in (SECRET, "narrative"):
        assert text.encode("utf-8") not in data
        assert text.encode("utf-16-le") not in data


def test_an_item_larger_than_a_chunk(
    tmp_path: Path, field: ArchiveKeys, office: ArchiveKeys
) -> None:
    big = {"narrative": KOREAN * 10_000}  # about 0.8 MB, a dozen chunks
    path = tmp_path / "big.bundle"
    write_bundle(path, field, office.box_public, {}, [big, {"n": 1}])
    assert list(open_bundle(path, office, trusting((field, "f"))).items()) == [big, {"n": 1}]


def test_an_error_while_writing_leaves_nothing(
    tmp_path: Path, field: ArchiveKeys, office: ArchiveKeys
) -> None:
    path = tmp_path / "never.bundle"
    with pytest.raises(RuntimeError), BundleWriter(path, field, office.box_public, {}) as out:
        for n, item in enumerate(items(5_000, 5)):
            out.add(item)
            if n == 4_000:
                raise RuntimeError("the stick was pulled")
    assert list(tmp_path.iterdir()) == []


def test_writing_keeps_memory_flat(tmp_path: Path, field: ArchiveKeys, office: ArchiveKeys) -> None:
    """20,000 items of about 2 KB (40 MB of plaintext) from a generator: what the writer
    holds stays a few chunks, never the items."""
    path = tmp_path / "flat.bundle"
    made = 0

    def generated() -> Iterator[dict[str, Any]]:
        nonlocal made
        for item in items(20_000, 25):
            made += 1
            yield item

    tracemalloc.start()
    try:
        result = write_bundle(path, field, office.box_public, {}, generated())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert made == result.items == 20_000
    assert result.bytes > 30_000_000
    assert peak < 2_000_000, peak


# -- refusals ------------------------------------------------------------------------------


class CountingAESGCM:
    """AESGCM that counts what it decrypts: a refused bundle decrypts nothing."""

    decrypted = 0

    def __init__(self, key: bytes) -> None:
        self._inner = bc_AESGCM(key)

    def encrypt(self, nonce: bytes, data: bytes, aad: bytes | None) -> bytes:
        return self._inner.encrypt(nonce, data, aad)

    def decrypt(self, nonce: bytes, data: bytes, aad: bytes | None) -> bytes:
        CountingAESGCM.decrypted += 1
        return self._inner.decrypt(nonce, data, aad)


bc_AESGCM = bc.AESGCM


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> type[CountingAESGCM]:
    CountingAESGCM.decrypted = 0
    monkeypatch.setattr(bc, "AESGCM", CountingAESGCM)
    return CountingAESGCM


def refused(path: Path, me: ArchiveKeys, names: Callable[[bytes], str | None]) -> BundleRefused:
    with pytest.raises(BundleRefused) as caught:
        opened = open_bundle(path, me, names)
        list(opened.items())
    error = caught.value
    text = str(error)
    assert "\n" not in text
    assert str(path) in text
    assert SECRET not in text and KOREAN.strip() not in text
    return error


def frames_of(data: bytes) -> list[tuple[int, int, int]]:
    """(start, end, flag) of each frame of a bundle's bytes."""
    (header_length,) = struct.unpack(">I", data[8:12])
    position = 12 + header_length
    (meta_length,) = struct.unpack(">I", data[position : position + 4])
    position += 4 + meta_length
    found = []
    while True:
        flag, length = struct.unpack(">BI", data[position : position + 5])
        found.append((position, position + 5 + length, flag))
        position += 5 + length
        if flag == 1:
            return found


def test_wrong_recipient(
    tmp_path: Path, field: ArchiveKeys, office: ArchiveKeys, counting: type[CountingAESGCM]
) -> None:
    path = written(tmp_path, field, office)
    error = refused(path, new_archive_keys(), trusting((field, "field-1")))
    assert error.message.code == "bundle.not_for_us"
    assert counting.decrypted == 0


def test_untrusted_sender_is_named_by_fingerprint(
    tmp_path: Path, field: ArchiveKeys, office: ArchiveKeys, counting: type[CountingAESGCM]
) -> None:
    path = written(tmp_path, field, office)
    error = refused(path, office, trusting((new_archive_keys(), "someone")))
    assert error.message.code == "bundle.untrusted"
    assert fingerprint(field.sign_public, field.box_public) in str(error)
    assert counting.decrypted == 0


def test_a_trusted_name_with_another_key_is_untrusted(
    tmp_path: Path, field: ArchiveKeys, office: ArchiveKeys
) -> None:
    """An impostor signs with their own key and puts a trusted archive's key in the header:
    the signature does not hold."""
    path = written(tmp_path, field, office)
    impostor = new_archive_keys()
    forged = ArchiveKeys(
        impostor.sign_private, field.sign_public, field.box_private, field.box_public
    )
    write_bundle(path, forged, office.box_public, {}, items(3))
    assert refused(path, office, trusting((field, "f"))).message.code == "bundle.bad_signature"


@pytest.mark.parametrize("where", ["chunk", "last-chunk", "meta", "signature", "frame-flag"])
def test_a_flipped_byte_is_a_bad_signature(
    tmp_path: Path,
    field: ArchiveKeys,
    office: ArchiveKeys,
    counting: type[CountingAESGCM],
    where: str,
) -> None:
    path = written(tmp_path, field, office)
    data = bytearray(path.read_bytes())
    frames = frames_of(bytes(data))
    assert len(frames) > 2
    (header_length,) = struct.unpack(">I", data[8:12])
    offset = {
        "chunk": (frames[1][0] + frames[1][1]) // 2,
        "last-chunk": frames[-1][1] - 1,
        "meta": 12 + header_length + 10,
        "signature": len(data) - 20,
        "frame-flag": frames[0][0],
    }[where]
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))
    code = refused(path, office, trusting((field, "f"))).message.code
    # A frame flagged final too early leaves bytes after the "signature": damaged.
    assert code == ("bundle.damaged" if where == "frame-flag" else "bundle.bad_signature")
    assert counting.decrypted == 0


def test_a_flipped_byte_anywhere_in_the_header_is_refused(
    tmp_path: Path, field: ArchiveKeys, office: ArchiveKeys, counting: type[CountingAESGCM]
) -> None:
    path = written(tmp_path, field, office, count=3)
    original = path.read_bytes()
    (header_length,) = struct.unpack(">I", original[8:12])
    codes = set()
    for offset in range(0, 12 + header_length, 3):
        data = bytearray(original)
        data[offset] ^= 0x04
        path.write_bytes(bytes(data))
        codes.add(refused(path, office, trusting((field, "f"))).message.code)
    assert counting.decrypted == 0
    assert "bundle.bad_signature" in codes
    assert codes <= {
        "bundle.not_a_bundle",
        "bundle.damaged",
        "bundle.truncated",
        "bundle.not_for_us",
        "bundle.untrusted",
        "bundle.bad_signature",
    }


@pytest.mark.parametrize(
    "cut",
    ["empty", "in-magic", "in-header", "mid-chunk", "chunk-boundary", "before-signature", "sig"],
)
def test_a_truncated_bundle(
    tmp_path: Path,
    field: ArchiveKeys,
    office: ArchiveKeys,
    counting: type[CountingAESGCM],
    cut: str,
) -> None:
    path = written(tmp_path, field, office)
    data = path.read_bytes()
    frames = frames_of(data)
    keep = {
        "empty": 0,
        "in-magic": 5,
        "in-header": 40,
        "mid-chunk": (frames[1][0] + frames[1][1]) // 2,
        "chunk-boundary": frames[1][1],
        "before-signature": len(data) - 64,
        "sig": len(data) - 1,
    }[cut]
    path.write_bytes(data[:keep])
    assert refused(path, office, trusting((field, "f"))).message.code == "bundle.truncated"
    assert counting.decrypted == 0


def test_bytes_after_the_signature(tmp_path: Path, field: ArchiveKeys, office: ArchiveKeys) -> None:
    path = written(tmp_path, field, office)
    path.write_bytes(path.read_bytes() + b"\0")
    assert refused(path, office, trusting((field, "f"))).message.code == "bundle.damaged"


def test_a_newer_format(
    tmp_path: Path,
    field: ArchiveKeys,
    office: ArchiveKeys,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with monkeypatch.context() as later:
        later.setattr(bc, "VERSION", 2)
        path = written(tmp_path, field, office)
    error = refused(path, office, trusting((field, "f")))
    assert error.message.code == "bundle.newer_format"
    assert error.message.params["version"] == 2


def test_not_a_bundle_and_no_file(tmp_path: Path, office: ArchiveKeys) -> None:
    other = tmp_path / "notes.csv"
    other.write_text("uid,code\n", encoding="utf-8")
    assert refused(other, office, trusting()).message.code == "bundle.not_a_bundle"
    missing = tmp_path / "missing.bundle"
    assert refused(missing, office, trusting()).message.code == "bundle.unreadable"


# -- what the signature cannot catch: a sender's own chunks reordered or cut ------------------


def resigned(data: bytes, sender: ArchiveKeys) -> bytes:
    body = data[:-64]
    digest = hashlib.sha256(body).digest()
    signer = Ed25519PrivateKey.from_private_bytes(sender.sign_private)
    return body + signer.sign(bc._SIGNATURE_CONTEXT + digest)


def test_chunks_reordered_by_the_signer_fail_to_decrypt(
    tmp_path: Path, field: ArchiveKeys, office: ArchiveKeys
) -> None:
    path = written(tmp_path, field, office)
    data = path.read_bytes()
    first, second = frames_of(data)[:2]
    swapped = (
        data[: first[0]]
        + data[second[0] : second[1]]
        + data[first[0] : first[1]]
        + data[second[1] :]
    )
    path.write_bytes(resigned(swapped, field))
    opened = open_bundle(path, office, trusting((field, "f")))  # signed: it opens
    with pytest.raises(BundleRefused) as caught:
        list(opened.items())
    assert caught.value.message.code == "bundle.damaged"


def test_a_non_final_chunk_marked_final_fails_to_decrypt(
    tmp_path: Path, field: ArchiveKeys, office: ArchiveKeys
) -> None:
    """Cut after a chunk and flag it final (then sign): the chunk was sealed as not final."""
    path = written(tmp_path, field, office)
    data = path.read_bytes()
    first = frames_of(data)[0]
    cut = bytearray(data[: first[1]])
    cut[first[0]] = 1
    path.write_bytes(resigned(bytes(cut) + b"\0" * 64, field))
    opened = open_bundle(path, office, trusting((field, "f")))
    with pytest.raises(BundleRefused) as caught:
        list(opened.items())
    assert caught.value.message.code == "bundle.damaged"


def test_a_file_changed_after_it_was_checked(
    tmp_path: Path, field: ArchiveKeys, office: ArchiveKeys
) -> None:
    path = written(tmp_path, field, office)
    opened = open_bundle(path, office, trusting((field, "f")))
    data = bytearray(path.read_bytes())
    middle = frames_of(bytes(data))[1]
    data[middle[0] + 30] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(BundleRefused) as caught:
        list(opened.items())
    assert caught.value.message.code == "bundle.damaged"
    path.write_bytes(bytes(data[: middle[1]]))
    with pytest.raises(BundleRefused) as caught:
        list(opened.items())
    assert caught.value.message.code in {"bundle.damaged", "bundle.truncated"}


def test_ten_thousand_testimonies_in_seconds_and_flat_memory(
    tmp_path: Path, field: ArchiveKeys, office: ArchiveKeys
) -> None:
    """The issue's measure: 10,000 testimony-sized items (about 2 KB of Korean each) write
    and read in well under 10 s, and neither side holds more than a few chunks."""
    narrative = (KOREAN * 40)[:900]
    assert len(narrative.encode("utf-8")) > 2_000

    def testimonies() -> Iterator[dict[str, Any]]:
        for n in range(10_000):
            yield {
                "table": "testimony",
                "uid": f"{n:032x}",
                "fields": {"code": f"T-{n:05d}", "narrative": narrative, "language": "ko"},
            }

    path = tmp_path / "ten-thousand.bundle"
    tracemalloc.start()
    try:
        started = time.perf_counter()
        write_bundle(path, field, office.box_public, {"seq": 1}, testimonies())
        writing = time.perf_counter() - started
        _, write_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        started = time.perf_counter()
        opened = open_bundle(path, office, trusting((field, "f")))
        count = sum(1 for _ in opened.items())
        reading = time.perf_counter() - started
        _, read_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 10_000
    assert writing < 10 and reading < 10, (writing, reading)
    assert write_peak < 2_000_000 and read_peak < 2_000_000, (write_peak, read_peak)
