"""Bulk writes (an import, a bundle applied): one executemany of many rows into a table,
with as little per-row work as possible, under a page cache large enough for them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Connection
from sqlmodel import Session

from caseapp.store.engines import features


def insert_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (every row with the same keys, all plain values) in one executemany,
    by the engine's fastest path (on SQLite: tuples under one prepared statement)."""
    features(conn).insert_rows(conn, table, rows)


BULK_CACHE_KIB = 256 * 1024  # the page cache while an import writes


@contextmanager
def bulk_page_cache(session: Session, kib: int = BULK_CACHE_KIB) -> Iterator[None]:
    """A larger SQLite page cache while one bulk write runs (given back after). Its rows,
    their uid index, the search index and the audit trail's hash index take random pages:
    with the connection's usual 32 MiB they spilled and were read back (a 100,000-row import
    wrote its audit events 18 times slower than a 10,000-row one). The cache fills only as
    it is used, and is memory the write holds until it ends."""
    conn = session.connection()
    with features(conn).large_cache(conn, kib):
        yield
