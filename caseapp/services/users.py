"""The archive's users: who signs in as what, and what a coordinator may change about them.

A user is a row of ``app_user`` (name, role) and, in an encrypted archive, a key slot
(caseapp/store/keys.py). Signing in reads the role of the slot's user; the first user of an
archive (a new one, or one made before users existed, whose slot became ``coordinator``) is
its coordinator. Adding, removing and changing users needs the MANAGE right; removing one
re-keys the database, so a copy of the key file taken before opens no new data.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlmodel import Session

from caseapp.models import AppUser, AuditAction, utc_now
from caseapp.services.access import Access, Actor, Right, Role
from caseapp.services.audit import AuditLog
from caseapp.services.messages import QT_TRANSLATE_NOOP, Message
from caseapp.services.passphrase import check_new_passphrase
from caseapp.services.user_names import UserRefused as UserRefused
from caseapp.services.user_names import user_name as user_name
from caseapp.store import CaseStore, StoreError, keys
from caseapp.store.engines import postgres_team as team
from caseapp.store.errors import UnknownUser

USERS = "app_user"  # the audit trail's table name for user events

QT_TRANSLATE_NOOP(
    "messages", "{role} is not a role (recorder, caseworker, coordinator)", "user.bad_role"
)
QT_TRANSLATE_NOOP("messages", "you cannot remove yourself; another coordinator can", "user.self")
QT_TRANSLATE_NOOP(
    "messages", "you cannot change your own role; another coordinator can", "user.own_role"
)
QT_TRANSLATE_NOOP(
    "messages", "{user} is the last coordinator: make another one first", "user.last_coordinator"
)
QT_TRANSLATE_NOOP(
    "messages",
    "{user} was removed, but the database could not be re-keyed ({problem}); run 'caseapp "
    "rekey' before anyone else opens the archive",
    "user.rekey_failed",
)
QT_TRANSLATE_NOOP("messages", "the new passphrase is needed", "user.no_passphrase")


@dataclass(frozen=True)
class UserInfo:
    name: str
    role: Role
    created_at: str
    last_unlock_at: str | None

    def as_dict(self) -> dict[str, str | None]:
        return {
            "name": self.name,
            "role": self.role.value,
            "created": self.created_at,
            "last_unlock": self.last_unlock_at,
        }


def role_named(text: str) -> Role:
    try:
        return Role(text)
    except ValueError:
        raise UserRefused(Message("user.bad_role", role=str(text)[:20])) from None


def only_user(session: Session) -> str | None:
    """The name of the archive's only user (None: none, or several)."""
    names = session.execute(select(AppUser.name).limit(2)).scalars().all()  # type: ignore[call-overload]
    return names[0] if len(names) == 1 else None


def sign_in(session: Session, name: str, audit: AuditLog) -> Actor:
    """The role of ``name``, who has just unlocked. An archive with no users yet makes them
    its coordinator (a new archive's first user; the slot of an archive made before users).
    A slot with no user row (removed while the re-key failed) is refused."""
    row = session.get(AppUser, name)
    if row is None:
        count = session.execute(select(func.count()).select_from(AppUser)).scalar_one()
        if count:
            raise UnknownUser(Message("store.user_not_in_archive", user=name))
        row = AppUser(name=name, role=Role.COORDINATOR.value, created_at=utc_now(), created_by=name)
        session.add(row)
        session.flush()
        audit.record(session, AuditAction.USER_ADD, USERS, None, {"role": row.role})
    return Actor(row.name, role_named(row.role))


def note_unlock(session: Session, name: str) -> None:
    """Keep the day of ``name``'s last unlock. The day, not the time: enough to see who has
    stopped using the archive, without a log of anyone's movements; and written once a day,
    so a command that is refused leaves the file as it found it."""
    row = session.get(AppUser, name)
    today = utc_now()[:10]
    if row is not None and row.last_unlock_at != today:
        row.last_unlock_at = today
        session.add(row)


class UserService:
    """Users as a coordinator manages them, and one's own passphrase."""

    def __init__(self, store: CaseStore, audit: AuditLog, access: Access) -> None:
        self.store = store
        self.audit = audit
        self.access = access

    def all(self) -> list[UserInfo]:
        self.access.require(Right.MANAGE)
        with self.store.session() as session:
            rows = session.execute(select(AppUser).order_by(AppUser.name)).scalars().all()
            return [
                UserInfo(r.name, role_named(r.role), r.created_at, r.last_unlock_at) for r in rows
            ]

    def add(self, name: str, role: Role | str, passphrase: str | None) -> UserInfo:
        """A new user with their own slot; refused, with nothing written, when the name is
        taken, the role unknown or the passphrase weak."""
        self.access.require(Right.MANAGE)
        name, role = user_name(name), role_named(str(role))
        key_file = self._key_file()
        prefix = self.store.team
        if key_file is not None or prefix is not None:
            if not passphrase:
                raise UserRefused(Message("user.no_passphrase"))
            weak = check_new_passphrase(passphrase)
            if weak is not None:
                raise UserRefused(weak)
        with self.store.session() as session:
            if session.get(AppUser, name) is not None:
                raise UserRefused(Message("store.user_exists", user=name))
            row = AppUser(
                name=name, role=role.value, created_at=utc_now(), created_by=self.access.name
            )
            session.add(row)
            session.flush()
            self.audit.record(session, AuditAction.USER_ADD, USERS, None, {"role": role.value})
            if prefix is not None:  # a login of their own, and their slot in the database
                assert passphrase is not None
                conn = session.connection()
                team.add_login(conn, prefix, name, role.value, passphrase)
                vault = self._vault_private(role)
                slot, _private = keys.server_slot(name, passphrase, vault)
                team.write_slot(conn, name, slot, utc_now())
            if key_file is not None:  # last: a failed slot rolls the row back
                assert passphrase is not None
                keys.add_user(key_file, self._unlocked(), name, passphrase, _holds_vault(role))
        return UserInfo(name, role, row.created_at, None)

    def set_role(self, name: str, role: Role | str) -> None:
        self.access.require(Right.MANAGE)
        role = role_named(str(role))
        if name == self.access.name:
            raise UserRefused(Message("user.own_role"))
        with self.store.session() as session:
            row = self._row(session, name)
            if row.role == role.value:
                return
            if row.role == Role.COORDINATOR.value:
                self._refuse_last_coordinator(session, name)
            old = row.role
            row.role = role.value
            session.add(row)
            session.flush()
            self.audit.record(
                session, AuditAction.USER_ROLE, USERS, None, {"before": old, "after": role.value}
            )
            prefix = self.store.team
            if prefix is not None:  # the login changes group; the vault key goes or comes
                conn = session.connection()
                team.set_login_role(conn, prefix, name, old, role.value)
                slot = team.read_slot(conn, name)
                if slot is not None:
                    changed = keys.server_slot_with_vault(slot, name, self._vault_private(role))
                    team.write_slot(conn, name, changed, utc_now())
            key_file = self._key_file()
            if key_file is not None:
                keys.set_vault_access(key_file, self._unlocked(), name, _holds_vault(role))

    def remove(self, name: str) -> list[str]:
        """Remove ``name``: their row now, then their slot with a re-key of the database
        (every other user keeps theirs). Returns the users who keep a slot."""
        self.access.require(Right.MANAGE)
        if name == self.access.name:
            raise UserRefused(Message("user.self"))
        with self.store.session() as session:
            row = self._row(session, name)
            if row.role == Role.COORDINATOR.value:
                self._refuse_last_coordinator(session, name)
            session.execute(delete(AppUser).where(AppUser.name == name))  # type: ignore[arg-type]
            self.audit.record(session, AuditAction.USER_REMOVE, USERS, None, {"role": row.role})
            if self.store.team is not None:  # their slot and their login go with the row
                conn = session.connection()
                team.delete_slot(conn, name)
                team.drop_login(conn, name)
                return list(session.execute(select(AppUser.name)).scalars())  # type: ignore[call-overload]
        # The row goes first: a slot left by a failed re-key signs no one in (sign_in).
        if self._key_file() is None:
            return []
        try:
            return self.store.rekey(drop=name).kept
        except StoreError as exc:
            raise UserRefused(Message("user.rekey_failed", user=name, problem=exc.message)) from exc

    def change_own_passphrase(self, new: str) -> None:
        """A new passphrase (and key pair) for the signed-in user's own slot."""
        key_file = self._key_file()
        if key_file is None and self.store.team is None:
            raise StoreError(Message("store.passphrase_needs_file"))
        weak = check_new_passphrase(new)
        if weak is not None:
            raise UserRefused(weak)
        if key_file is None:
            self._change_server_passphrase(new)
            return
        self.store.unlocked = keys.change_passphrase(key_file, self._unlocked(), new)
        with contextlib.suppress(StoreError), self.store.session() as session:
            self.audit.record(session, AuditAction.PASSWD, USERS, None, {})

    def _change_server_passphrase(self, new: str) -> None:
        """A team login's slot re-made under ``new``, and the login's password with it (a
        login made by ``user add`` signs in with its passphrase)."""
        unlocked = self._unlocked()
        with self.store.session() as session:
            conn = session.connection()
            slot = team.read_slot(conn, unlocked.user)
            if slot is None:
                raise UnknownUser(Message("team.not_a_user", login=unlocked.user))
            changed, reopened = keys.server_slot_rewrapped(unlocked, slot, new)
            team.write_slot(conn, unlocked.user, changed, utc_now())
            team.set_password(conn, unlocked.user, new)
            self.audit.record(session, AuditAction.PASSWD, USERS, None, {})
        self.store.unlocked = reopened

    # -- internals -------------------------------------------------------------------------

    def _vault_private(self, role: Role) -> bytes | None:
        """The vault key to seal into a slot of ``role`` (None: a recorder's holds none)."""
        if not _holds_vault(role):
            return None
        vault = self._unlocked().vault_private
        if vault is None:
            raise StoreError(Message("store.no_vault_key", user=self.access.name))
        return vault

    def _key_file(self) -> Path | None:
        path = self.store.path
        return None if path is None else keys.key_file_for(path)

    def _unlocked(self) -> keys.Unlocked:
        assert self.store.unlocked is not None
        return self.store.unlocked

    @staticmethod
    def _row(session: Session, name: str) -> AppUser:
        row = session.get(AppUser, name)
        if row is None:
            raise UnknownUser(Message("store.no_such_user", user=name))
        return row

    @staticmethod
    def _refuse_last_coordinator(session: Session, name: str) -> None:
        others = session.execute(
            select(func.count())
            .select_from(AppUser)
            .where(AppUser.role == Role.COORDINATOR.value, AppUser.name != name)  # type: ignore[arg-type]
        ).scalar_one()
        if not others:
            raise UserRefused(Message("user.last_coordinator", user=name))


def _holds_vault(role: Role) -> bool:
    return role is not Role.RECORDER
