"""Engines for the store: SQLCipher files by default, any SQLAlchemy URL on request."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import ConnectionPoolEntry, QueuePool

from caseapp.store.errors import UnknownLocation
from caseapp.store.files import PRIVATE_FILE_MODE
from caseapp.store.location import StoreLocation as StoreLocation
from caseapp.store.media import media_error
from caseapp.store.messages import Message

PAGE_SIZE = 16384  # 16 KiB pages: smaller files and faster scans for ~2 KB rows (tech-notes).
BUSY_TIMEOUT_MS = 5000
# Connections kept open between uses: the window's thread, a job's and the dashboard's.
POOLED_CONNECTIONS = 3
CACHE_KIB = 32 * 1024  # page cache per connection
# A database error's message otherwise lists the statement's values: a narrative, a name.
HIDE_PARAMETERS = True


def _key_pragma(key: bytes) -> str:
    # A raw key skips SQLCipher's own KDF (ours is Argon2id, done once at unlock).
    return f"PRAGMA key = \"x'{key.hex()}'\""


def connect_sqlcipher(path: Path, key: bytes) -> sqlcipher.Connection:
    """Open one SQLCipher connection with the project's pragmas; check the key.

    The key comes from a slot that opened (AES-GCM checks it), so a file it does not open is
    damaged or belongs to another key file (DatabaseDamaged), never a wrong passphrase; a
    read-only, full or locked medium gets its own error (caseapp/store/media.py)."""
    try:
        return _connect_sqlcipher(path, key)
    except sqlcipher.Error as exc:
        raise (media_error(exc, path) or exc) from exc


def _connect_sqlcipher(path: Path, key: bytes) -> sqlcipher.Connection:
    new_file = not path.exists()
    old_umask = os.umask(0o077)  # the file, its WAL and its SHM are created owner-only
    try:
        conn = sqlcipher.connect(str(path), isolation_level=None, check_same_thread=False)
    finally:
        os.umask(old_umask)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(_key_pragma(key))
        conn.execute(f"PRAGMA cipher_page_size = {PAGE_SIZE}")
        # Before the first read: a writer holding the file a moment is waited for.
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL: a committed record survives a power cut, which matters more than write speed.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        # Sorting and temp tables stay in memory: no plaintext-able temp files on disk.
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA secure_delete = ON")
        # 32 MiB of decrypted pages (SQLCipher's default is 8 MiB, 500 pages of 16 KiB): one
        # page of the testimonies list touches about 600 pages (rows, consents, violation
        # index), and with the smaller cache each repaint decrypted them all again (12 ms
        # instead of 0.4 ms at 100,000 testimonies). The cache fills only as it is used.
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        register_functions(conn)
    except BaseException:
        conn.close()
        raise
    if new_file:
        os.chmod(path, PRIVATE_FILE_MODE)
    return conn


def register_functions(conn: Any) -> None:
    """The SQL functions the search index's triggers call (migration 0019): on every SQLite
    connection, since any write to a testimony or a violation re-indexes it. Deterministic,
    so SQLite may use them in indexes and triggers; analysis reads Kiwi's model on the first
    Korean word it meets, not here."""
    from caseapp.store.rank_lists import sql_fts_size, sql_rank_freqs
    from caseapp.store.text_analysis import sql_terms

    conn.create_function("caseapp_terms", -1, sql_terms, deterministic=True)
    # The best-first lists' triggers (migration 0033): which listed phrases a document
    # being indexed matches.
    conn.create_function("caseapp_rank_freqs", -1, sql_rank_freqs, deterministic=True)
    # And a document's length, for making a list (rank_lists._add_range).
    conn.create_function("caseapp_fts_size", 1, sql_fts_size, deterministic=True)


def _explicit_transactions(engine: Engine) -> None:
    """Let SQLAlchemy, not the driver, start transactions, so DDL is transactional too
    (a failed migration rolls back whole). See SQLAlchemy's pysqlite notes."""

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")


def make_engine(
    location: StoreLocation, key: bytes | None = None, password: str | None = None
) -> Engine:
    """An engine on ``location``: an encrypted file opened with ``key``, or a URL. A server
    login whose URL carries no password signs in with ``password`` (the user's passphrase:
    a team login is made with it) unless libpq finds one itself (PGPASSWORD, ~/.pgpass)."""
    if location.path is not None:
        if key is None:
            raise ValueError("an encrypted store needs its key")
        path, raw_key = location.path, key
        # A queue of connections each lent to one thread at a time, the last returned lent
        # first (its page cache is warm). The "sqlite://" URL alone would give SQLAlchemy's
        # SingletonThreadPool: one connection per thread, and past five threads (export
        # jobs, the dashboard's counting, each on a thread of its own) it closes another
        # thread's connection, in use or not ("closed database", then a crash).
        engine = create_engine(
            "sqlite://",
            module=sqlcipher,
            creator=lambda: connect_sqlcipher(path, raw_key),
            hide_parameters=HIDE_PARAMETERS,
            poolclass=QueuePool,
            pool_size=POOLED_CONNECTIONS,
            max_overflow=8,
            pool_use_lifo=True,
        )
        _explicit_transactions(engine)
        return engine
    assert location.url is not None
    engine = _url_engine(location.url, password)
    if engine.dialect.name == "sqlite":
        _plain_sqlite_pragmas(engine)
    return engine


def _url_engine(url: str, password: str | None = None) -> Engine:
    scheme = url.split("://", 1)[0][:40]
    try:
        args: dict[str, Any] = {}
        if (
            password
            and scheme.startswith("postgresql")
            and make_url(url).password is None
            and not os.environ.get("PGPASSWORD")
        ):
            args["connect_args"] = {"password": password}
        if scheme in ("sqlite", "sqlite+pysqlite"):
            # SQLCipher's SQLite (3.53 here) rather than the system's (3.40 on Debian 12): the
            # search index needs FTS5's contentless_delete (3.43). Without a key it reads and
            # writes plain SQLite files.
            args["module"] = sqlcipher
        return create_engine(url, hide_parameters=HIDE_PARAMETERS, **args)
    except ArgumentError:  # NoSuchModuleError too: no dialect of that name
        raise UnknownLocation(Message("store.unknown_url_scheme", scheme=scheme)) from None
    except ImportError:
        raise UnknownLocation(Message("store.driver_missing", scheme=scheme)) from None


def _plain_sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: ConnectionPoolEntry) -> None:
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        # As on SQLCipher: what is deleted is overwritten (an erased testimony, issue 13).
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.close()
        register_functions(dbapi_conn)

    _explicit_transactions(engine)
