"""The words an FTS5 index holds, read from its leaf pages themselves (``<table>_data``), not
through a query: a query hides entries a deletion only marked as deleted, which stay in the
file until their segments are merged. Terms on a leaf are prefix-compressed (each stores
what it shares with the one before), so a byte search of the file cannot show that a word is
gone; decoding the leaves can.

Leaf format (SQLite's ext/fts5/fts5_index.c): two 16-bit big-endian offsets (the first rowid,
the page footer), the terms with their doclists, then the footer: varints giving the offset
of each term that starts on the page. The first such term is stored whole (length, bytes),
the others as (bytes shared with the previous term, new length, new bytes). Each term begins
with one byte naming its index: ``0`` the words, ``1``... the prefix indexes."""

from __future__ import annotations

from sqlalchemy import Connection

_STRUCTURE_ROWID = 10  # ids up to this one are the index's own records, not pages
_PAGE_BITS, _HEIGHT_BITS = 31, 5  # a page id: segment, doclist-index flag, height, page


def _varint(data: bytes, at: int) -> tuple[int, int]:
    """SQLite's variable-length integer at ``at``: (value, where the next begins)."""
    value = 0
    for _ in range(8):
        byte = data[at]
        at += 1
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, at
    return (value << 8) | data[at], at + 1


def leaf_terms(block: bytes) -> list[bytes]:
    if len(block) < 4:
        return []
    footer = int.from_bytes(block[2:4], "big")
    starts: list[int] = []
    at, offset = footer, 0
    while at < len(block):
        step, at = _varint(block, at)
        offset += step
        starts.append(offset)
    terms: list[bytes] = []
    previous = b""
    for number, start in enumerate(starts):
        if number == 0:
            size, at = _varint(block, start)
            term = block[at : at + size]
        else:
            shared, at = _varint(block, start)
            size, at = _varint(block, at)
            term = previous[:shared] + block[at : at + size]
        terms.append(term)
        previous = term
    return terms


def index_words(conn: Connection, table: str) -> set[str]:
    """Every word the main index of FTS5 table ``table`` holds on its leaf pages, deleted
    or not, read through ``conn`` (decrypted)."""
    words: set[str] = set()
    rows = conn.exec_driver_sql(f"SELECT id, block FROM {table}_data WHERE id > {_STRUCTURE_ROWID}")
    for page_id, block in rows:
        if page_id >> _PAGE_BITS & ((1 << (_HEIGHT_BITS + 1)) - 1):
            continue  # a page of a doclist index, not a leaf
        for term in leaf_terms(bytes(block)):
            if term[:1] == b"0":
                words.add(term[1:].decode("utf-8", errors="replace"))
    return words
