"""One executemany of many rows into a table, with as little per-row work as possible."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.engine import Connection


def insert_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (every row with the same keys, all plain values) in one executemany.

    On SQLite the rows go to the driver as tuples under one prepared statement: SQLAlchemy's
    per-row parameter processing cost more than a third of a 100,000-testimony import. The
    values need no conversion there (text, integers, booleans, None). Other engines take the
    usual Core path."""
    if not rows:
        return
    if conn.dialect.name != "sqlite":
        conn.execute(insert(table), list(rows))
        return
    names = [column.name for column in table.columns if column.name in rows[0]]
    if len(names) != len(rows[0]) or len(names) < 2:
        raise ValueError(f"rows for {table.name} name columns it does not have")
    listed = ", ".join(f'"{name}"' for name in names)
    marks = ", ".join("?" for _ in names)
    values = itemgetter(*names)  # one C call per row (names has more than one entry)
    conn.exec_driver_sql(
        f'INSERT INTO "{table.name}" ({listed}) VALUES ({marks})', [values(row) for row in rows]
    )
