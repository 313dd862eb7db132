"""The engine-specific half of erasing a testimony (caseapp/services/erasure.py): what makes
the old bytes of an erased text leave the file, its write-ahead log and the search index.

SQLite keeps deleted content around in three places: the free space of pages and the free
pages themselves (unless ``secure_delete`` zeroes them), old versions of pages in the
write-ahead log (until a checkpoint copies the new versions over and the log is cut), and
the segments of an FTS5 index (a deletion only adds a tombstone; the terms stay in the old
segments until they are merged). Each function here deals with one of them; nothing here
reads or returns record content.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine

# The FTS5 tables of migrations 0004/0007 that hold testimony and violation text.
SEARCH_TABLES = ("search_testimony", "search_violation")


def zero_deleted_content(conn: Connection) -> None:
    """Have this connection overwrite what it deletes with zeros (SQLite only). SQLCipher
    connections have it from the start (caseapp/store/engine.py); a plain SQLite URL store
    gets it here for the erasure's own transaction."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA secure_delete = ON")


def merge_search_index(conn: Connection) -> None:
    """Merge every FTS5 segment into one, in the caller's transaction, so the terms of the
    erased text (and their tombstones) leave the index; the old segments' rows are deleted,
    and zeroed under ``secure_delete``. Rewrites the whole index: its cost grows with the
    archive (see README, "Erasure")."""
    if conn.dialect.name != "sqlite":
        return
    for table in SEARCH_TABLES:
        present = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).first()
        if present:
            conn.exec_driver_sql(f"INSERT INTO {table}({table}) VALUES ('optimize')")


def flush_write_ahead_log(engine: Engine) -> bool:
    """Copy every page of the write-ahead log into the database and cut the log to zero
    bytes, so no old version of a page is left in it. False when another connection (a
    window open on the same archive) kept it from finishing: the log is then cut when the
    last connection closes."""
    if engine.dialect.name != "sqlite":
        return True
    with engine.connect() as conn:
        # (busy, frames in the log, frames copied); busy is 1 when it could not finish.
        row = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()
    return row is None or not row[0]
