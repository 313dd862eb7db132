"""One executemany of many rows into a table, with as little per-row work as possible."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Connection

from caseapp.store.engines import features


def insert_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (every row with the same keys, all plain values) in one executemany,
    by the engine's fastest path (on SQLite: tuples under one prepared statement)."""
    features(conn).insert_rows(conn, table, rows)
