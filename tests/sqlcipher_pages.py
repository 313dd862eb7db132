"""SQLCipher 4 pages decrypted here, without SQLCipher: what someone holding the raw
database key (and no passphrase) reads in every byte of the file and its log, free pages and
old frames included. Byte-level tests look for text in what this returns."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from caseapp.store.engine import PAGE_SIZE

RESERVE = 80  # SQLCipher 4 per-page reserve: IV (16) and HMAC-SHA512 (64)
WAL_HEADER = 32
FRAME_HEADER = 24


def files_of(db: Path) -> dict[str, bytes]:
    """The database file, its log and its shared memory, as they are on disk."""
    out = {}
    for suffix in ("", "-wal", "-shm"):
        path = db.with_name(db.name + suffix)
        out[suffix or "db"] = path.read_bytes() if path.exists() else b""
    return out


def decrypt_page(page: bytes, key: bytes, first: bool) -> bytes:
    """One SQLCipher 4 page in clear: AES-256-CBC with the raw key, its IV in the reserve at
    the end of the page; page 1 begins with the file's salt, not ciphertext."""
    start = 16 if first else 0
    end = len(page) - RESERVE
    iv = page[end : end + 16]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(page[start:end]) + decryptor.finalize()


def decrypt_database(data: bytes, key: bytes) -> bytes:
    pages = [data[at : at + PAGE_SIZE] for at in range(0, len(data), PAGE_SIZE)]
    return b"".join(
        decrypt_page(page, key, index == 0)
        for index, page in enumerate(pages)
        if len(page) == PAGE_SIZE
    )


def decrypt_wal(data: bytes, key: bytes) -> bytes:
    out = []
    at = WAL_HEADER
    while at + FRAME_HEADER + PAGE_SIZE <= len(data):
        page_number = int.from_bytes(data[at : at + 4], "big")
        page = data[at + FRAME_HEADER : at + FRAME_HEADER + PAGE_SIZE]
        out.append(decrypt_page(page, key, page_number == 1))
        at += FRAME_HEADER + PAGE_SIZE
    return b"".join(out)


def decrypted_files(db: Path, key: bytes) -> dict[str, bytes]:
    files = files_of(db)
    return {
        "db": decrypt_database(files["db"], key),
        "-wal": decrypt_wal(files["-wal"], key),
        "-shm": files["-shm"],  # never encrypted; holds only the log's index
        # The raw files too: nothing may be there in clear either.
        "raw": files["db"] + files["-wal"],
    }
