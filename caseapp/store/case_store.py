"""The case store: an engine over an unlocked, migrated database, and sessions on it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from caseapp.store import keys, recovery
from caseapp.store.change_feed import MARK_OPTION, ChangeFeed, new_mark, open_feed
from caseapp.store.engine import StoreLocation, make_engine
from caseapp.store.engines import features
from caseapp.store.errors import StoreError, StoreExists, StoreNotFound
from caseapp.store.files import ensure_private_dir
from caseapp.store.media import media_error
from caseapp.store.messages import Message
from caseapp.store.migrate import UpgradeResult, current_revision, upgrade_to
from caseapp.store.recovery import finish_interrupted_rekey


@dataclass
class CaseStore:
    location: StoreLocation
    engine: Engine
    upgrade: UpgradeResult | None = field(default=None)
    # What the user's passphrase opened (an encrypted file's): the raw database key, already
    # held by the engine's connection factory and kept for what needs a second connection
    # of its own (backup, rekey); the user's private key; the vault key if their slot has it.
    unlocked: keys.Unlocked | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._mark_engine()

    def _mark_engine(self) -> None:
        """This store's saves carry its mark when announced (change_feed.py)."""
        self.change_mark = new_mark()
        self.engine = self.engine.execution_options(**{MARK_OPTION: self.change_mark})

    @property
    def key(self) -> bytes | None:
        return None if self.unlocked is None else self.unlocked.database_key

    @property
    def path(self) -> Path | None:
        return self.location.path

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose work commits together or not at all."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException as exc:
                session.rollback()
                mapped = media_error(exc, self.location.path, self.location.describe())
                if mapped is not None:
                    raise mapped from exc
                raise

    def change_feed(self) -> ChangeFeed | None:
        """What other processes change, as they commit (a team server), else None."""
        if self.location.url is None:
            return None
        return open_feed(self.location.url, self.change_mark)

    def rekey(self, drop: str | None = None) -> recovery.RekeyResult:
        """Give the open database a new key sealed to every user but ``drop``. The engine's
        pooled connections are closed first (a rekey needs the file to itself), and a new
        engine opens with the new key (services reach it through ``self.engine``)."""
        if self.location.path is None or self.unlocked is None:
            raise StoreError(Message("store.passphrase_needs_file"))
        self.engine.dispose()
        result = recovery.rekey(self.location.path, self.unlocked, drop)
        key_file = keys.current_key_file(keys.key_file_for(self.location.path))
        slot = keys.choose_slot(key_file, self.unlocked.user)
        self.unlocked = keys.opened_with_private(key_file, slot, self.unlocked.private_key)
        self.engine = make_engine(self.location, self.unlocked.database_key).execution_options(
            **{MARK_OPTION: self.change_mark}
        )
        return result

    def close(self) -> None:
        # Let the engine refresh the statistics its planner uses (SQLite: PRAGMA optimize).
        with contextlib.suppress(Exception), self.engine.connect() as conn:
            features(conn).optimize(conn)
        self.engine.dispose()


def exists(location: StoreLocation) -> bool:
    if location.path is None:
        return True  # a server database is created by its administrator
    return location.path.exists()


def create_store(
    location: StoreLocation,
    passphrase: str | None,
    kdf: keys.KdfParams | None = None,
    revision: str = "head",
    user: str = keys.LEGACY_USER,
) -> CaseStore:
    """Create a new database (a new key and key file for an encrypted one) and migrate it.

    If anything fails half-way (a full disk, a read-only folder), the files this call made
    are removed again, so that the next ``create_store`` is not refused by a stub."""
    unlocked = None
    made: list[Path] = []
    if location.path is not None:
        path = location.path
        key_file = keys.key_file_for(path)
        if path.exists():
            raise StoreExists(Message("store.database_exists", path=str(path)))
        if passphrase is None:
            raise ValueError("a new encrypted database needs a passphrase")
        if key_file.exists():
            raise StoreExists(Message("store.key_file_exists", path=str(key_file)))
        files = [path.with_name(path.name + end) for end in ("", "-wal", "-shm", "-journal")]
        made = [p for p in (key_file, *files) if not p.exists()]
    engine = None
    try:
        if location.path is not None and passphrase is not None:
            ensure_private_dir(location.path.parent)
            key_file = keys.key_file_for(location.path)
            unlocked = keys.create_key_file(key_file, user, passphrase, params=kdf)
        engine = make_engine(location, None if unlocked is None else unlocked.database_key)
        if location.path is None and current_revision(engine) is not None:
            raise StoreExists(Message("store.location_has_database", location=location.describe()))
        result = upgrade_to(engine, revision, db_path=location.path)
    except BaseException as exc:
        if engine is not None:
            engine.dispose()
        for stub in made:
            with contextlib.suppress(OSError):
                stub.unlink()
        _raise_as_store_error(exc, location)
        raise
    return CaseStore(location, engine, result, unlocked)


def _raise_as_store_error(exc: BaseException, location: StoreLocation) -> None:
    """Raise the store's own error for a problem of the medium (read-only, full, locked,
    damaged); return if ``exc`` is something else."""
    mapped = media_error(exc, location.path, location.describe())
    if mapped is not None:
        raise mapped from exc


def open_store(
    location: StoreLocation, passphrase: str | None, user: str | None = None
) -> CaseStore:
    """Unlock ``user``'s slot (or the only one) and open an existing database, upgrading its
    schema if it is older."""
    unlocked = None
    if location.path is not None:
        path = location.path
        if not path.exists():
            raise StoreNotFound(Message("store.no_database", path=str(path)))
        if passphrase is None:
            raise ValueError("an encrypted database needs a passphrase")
        # A crash mid-rekey: completed or undone.
        finish_interrupted_rekey(
            path, lambda file: keys.unlock(file, passphrase, user).database_key
        )
        # Wrong passphrase fails here, before any connection touches the file.
        unlocked = keys.unlock(keys.key_file_for(path), passphrase, user)
    engine = make_engine(location, None if unlocked is None else unlocked.database_key)
    try:
        with engine.connect():
            pass
        result = upgrade_to(engine, "head", db_path=location.path)
    except BaseException as exc:
        engine.dispose()
        _raise_as_store_error(exc, location)
        raise
    return CaseStore(location, engine, result, unlocked)
