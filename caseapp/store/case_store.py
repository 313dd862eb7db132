"""The case store: an engine over an unlocked, migrated database, and sessions on it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine
from sqlalchemy.engine import make_url
from sqlmodel import Session

from caseapp.models.base import utc_now
from caseapp.store import keys, recovery, sealing
from caseapp.store.change_feed import MARK_OPTION, ChangeFeed, new_mark, open_feed
from caseapp.store.engine import StoreLocation, make_engine
from caseapp.store.engines import features
from caseapp.store.engines import postgres_team as team
from caseapp.store.errors import StoreError, StoreExists, StoreNotFound, UnknownUser
from caseapp.store.files import ensure_private_dir
from caseapp.store.location import exists as exists
from caseapp.store.media import media_error
from caseapp.store.messages import Message
from caseapp.store.migrate import UpgradeResult, current_revision, upgrade_to
from caseapp.store.recovery import finish_interrupted_rekey, pending_key_file

INSUFFICIENT_PRIVILEGE = "42501"  # PostgreSQL's SQLSTATE for a refused privilege or policy


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
        """The raw database key of an encrypted file (None for a server database)."""
        if self.unlocked is None or not self.unlocked.database_key:
            return None
        return self.unlocked.database_key

    @property
    def team(self) -> str | None:
        """The prefix of a team server's group roles (caseapp/store/engines/postgres_team.py);
        None for a file or a server database without a team."""
        if self.location.url is None or self.engine.dialect.name != "postgresql":
            return None
        with self.engine.connect() as conn:
            return team.team_prefix(conn)

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
                if getattr(getattr(exc, "orig", None), "sqlstate", None) == INSUFFICIENT_PRIVILEGE:
                    # The server's grants or row-level security refused the login what
                    # caseapp's own checks let through: said as such, never as "unexpected".
                    login = "" if self.unlocked is None else self.unlocked.user
                    raise StoreError(Message("team.refused_by_server", login=login)) from None
                raise

    def opens_with(self, passphrase: str) -> bool:
        """Does ``passphrase`` open the signed-in login's key slot on this team server (the
        lock screen's question)? False for a store without one."""
        if self.team is None:
            return False
        try:
            with self.engine.connect() as conn:
                _unlock_login(conn, passphrase, None)
        except StoreError:
            return False
        return True

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
        # Let the engine refresh the statistics its planner uses (SQLite: PRAGMA optimize),
        # committed: run in the transaction a connection begins and then rolled back, they
        # were lost, and every command and every close computed them again.
        with contextlib.suppress(Exception), self.engine.begin() as conn:
            features(conn).optimize(conn)
        self.engine.dispose()


def create_store(
    location: StoreLocation,
    passphrase: str | None,
    kdf: keys.KdfParams | None = None,
    revision: str = "head",
    user: str | None = None,
) -> CaseStore:
    """Create a new database (a new key and key file for an encrypted one) and migrate it.

    On a PostgreSQL server with a ``passphrase``, the signed-in login becomes the first
    coordinator of a team (``user``, when named, must be that login): its group roles,
    grants and row-level security, and the login's key slot holding the vault key.

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
            unlocked = keys.create_key_file(
                key_file, user or keys.LEGACY_USER, passphrase, params=kdf
            )
        engine = make_engine(
            location, None if unlocked is None else unlocked.database_key, passphrase
        )
        if location.path is None and current_revision(engine) is not None:
            raise StoreExists(Message("store.location_has_database", location=location.describe()))
        serves_team = _serves_team(engine, passphrase)
        if serves_team:
            with engine.connect() as conn:
                _check_login(conn, user)
        result = upgrade_to(engine, revision, db_path=location.path)
        if serves_team:
            assert passphrase is not None
            unlocked = _set_up_team(engine, passphrase, kdf)
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
    if location.url is not None and "server does not support SSL" in str(exc):
        raise StoreError(Message("team.no_tls", location=location.describe())) from None
    if location.url is not None and "password authentication failed" in str(exc):
        login = make_url(location.url).username or ""
        raise StoreError(Message("team.login_refused", login=login)) from None


def open_store(
    location: StoreLocation,
    passphrase: str | None,
    user: str | None = None,
    unlocked: keys.Unlocked | None = None,
) -> CaseStore:
    """Unlock ``user``'s slot (or the only one) and open an existing database, upgrading its
    schema if it is older. ``unlocked``: the slot already opened with ``passphrase``
    (``keys.unlock``, done while this module was still loading); derived again if a rekey
    was interrupted, since the key file may change."""
    if location.path is not None:
        path = location.path
        if not path.exists():
            raise StoreNotFound(Message("store.no_database", path=str(path)))
        if passphrase is None:
            raise ValueError("an encrypted database needs a passphrase")
        if unlocked is None or pending_key_file(path).exists():
            # A crash mid-rekey: completed or undone.
            finish_interrupted_rekey(
                path, lambda file: keys.unlock(file, passphrase, user).database_key
            )
            # Wrong passphrase fails here, before any connection touches the file.
            unlocked = keys.unlock(keys.key_file_for(path), passphrase, user)
    else:
        unlocked = None
    engine = make_engine(location, None if unlocked is None else unlocked.database_key, passphrase)
    try:
        prefix = None
        with engine.connect() as conn:
            if engine.dialect.name == "postgresql":
                prefix = team.team_prefix(conn)
                if prefix is not None:
                    unlocked = _unlock_login(conn, passphrase, user)
        result = upgrade_to(engine, "head", db_path=location.path)
        if prefix is not None and result.from_revision != result.to_revision:
            with engine.begin() as conn:  # a table a migration added gets its grants too
                team.apply_policies(conn, prefix)
        # Records written without caseapp's analysis (another client, an interrupted
        # write) get their analysed search terms now (PostgreSQL; nothing elsewhere).
        with engine.begin() as conn:
            features(conn).analyse_written(conn)
    except BaseException as exc:
        engine.dispose()
        _raise_as_store_error(exc, location)
        raise
    return CaseStore(location, engine, result, unlocked)


# -- a team on a PostgreSQL server -----------------------------------------------------------


def _serves_team(engine: Engine, passphrase: str | None) -> bool:
    return engine.dialect.name == "postgresql" and passphrase is not None


def _check_login(conn: Connection, user: str | None) -> str:
    """The signed-in login, which is the caseapp user; ``user`` when named must be it."""
    login = team.login_of(conn)
    if user is not None and user != login:
        raise StoreError(Message("team.login_mismatch", user=user, login=login))
    return login


def _set_up_team(engine: Engine, passphrase: str, kdf: keys.KdfParams | None) -> keys.Unlocked:
    vault_private, vault_public = sealing.new_key_pair()
    with engine.begin() as conn:
        login = team.login_of(conn)
        team.set_up(conn, vault_public)
        slot, private = keys.server_slot(login, passphrase, vault_private, kdf)
        team.write_slot(conn, login, slot, utc_now())
    return keys.Unlocked(login, keys.NO_DATABASE_KEY, private, vault_public, vault_private)


def _unlock_login(conn: Connection, passphrase: str | None, user: str | None) -> keys.Unlocked:
    """Open the signed-in login's key slot with ``passphrase``."""
    login = _check_login(conn, user)
    if passphrase is None:
        raise StoreError(Message("team.passphrase_needed", login=login))
    slot = team.read_slot(conn, login)
    if slot is None:
        raise UnknownUser(Message("team.not_a_user", login=login))
    return keys.open_server_slot(slot, login, team.vault_public(conn), passphrase)
