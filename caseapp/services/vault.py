"""The identity vault's entries, sealed: every user may write one, few may read one.

An entry's four fields (real name, contacts, relatives inside, notes) are stored as one
sealed box (caseapp/store/sealing.py) to the vault's public key, which every key slot's file
carries; the plain columns stay empty. Opening needs the vault's private key, which only
caseworkers' and coordinators' slots hold. A recorder who records a person's real name on a
field laptop can no longer read it once saved, whatever they hold: their passphrase, the
database key, the files.

What the vault does not protect against: a recorder's laptop seized while the entry is being
typed (it is in memory and on screen), a caseworker's or coordinator's passphrase, or a
changed program that records what is typed before it is sealed.

A store without key slots (a plain database URL) keeps its vault key pair in ``app_meta``:
the same code, and no protection beyond the server's own (team mode brings slots there).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select, update
from sqlmodel import Session

from caseapp.models import AppMeta, AuditAction, PersonIdentity
from caseapp.models.base import table_of, utc_now
from caseapp.services.access import NotAllowed
from caseapp.services.audit import AuditLog, field_changes, set_meta
from caseapp.services.messages import QT_TRANSLATE_NOOP, Message
from caseapp.store import sealing

SEALED_FIELDS = ("real_name", "contacts", "relatives_inside", "notes")
SEALED_COLUMN = "sealed"
_CONTEXT = b"caseapp/vault-entry/1"
PLAIN_STORE_KEY = "vault_key_pair"

QT_TRANSLATE_NOOP(
    "messages",
    "the identity vault cannot be opened with {user}'s key slot (a recorder's slot holds no "
    "vault key)",
    "vault.locked",
)
QT_TRANSLATE_NOOP(
    "messages", "identity-vault entry {record} does not open: it is damaged", "vault.damaged"
)


class Vault:
    """Seals entries to ``public``; opens them when ``private`` is known."""

    def __init__(self, public: bytes, private: bytes | None, user: str) -> None:
        self._public = public
        self._private = private
        self._user = user

    @property
    def readable(self) -> bool:
        return self._private is not None

    def seal(self, fields: Mapping[str, Any]) -> str:
        """The vault fields of ``fields`` as one sealed box (base64 text)."""
        plain = {name: str(fields.get(name) or "") for name in SEALED_FIELDS}
        data = json.dumps(plain, ensure_ascii=False, sort_keys=True).encode("utf-8")
        return base64.b64encode(sealing.seal(self._public, data, _CONTEXT)).decode("ascii")

    def sealed_columns(self, columns: Mapping[str, Any], base: Mapping[str, Any]) -> dict[str, Any]:
        """``columns`` as stored: the vault fields (over those of ``base``, the entry as it
        was opened) sealed into ``sealed``, the plain columns empty."""
        merged = {name: columns.get(name, base.get(name, "")) for name in SEALED_FIELDS}
        stored = {k: v for k, v in columns.items() if k not in SEALED_FIELDS}
        stored.update({name: "" for name in SEALED_FIELDS})
        stored[SEALED_COLUMN] = self.seal(merged)
        return stored

    def open(self, sealed: str | None, record: str = "") -> dict[str, str]:
        """The fields sealed in ``sealed`` (empty fields for an entry with none)."""
        if not sealed:
            return {name: "" for name in SEALED_FIELDS}
        if self._private is None:
            raise NotAllowed(Message("vault.locked", user=self._user))
        try:
            box = base64.b64decode(sealed.encode("ascii"), validate=True)
            data = json.loads(sealing.unseal(self._private, box, _CONTEXT).decode("utf-8"))
        except (ValueError, sealing.SealError):
            raise NotAllowed(Message("vault.damaged", record=record)) from None
        return {name: str(data.get(name, "")) for name in SEALED_FIELDS}


def plain_store_vault(session: Session, user: str) -> Vault:
    """The vault of a store without key slots: its key pair kept in ``app_meta``."""
    meta = session.get(AppMeta, PLAIN_STORE_KEY)
    if meta is None:
        private, public = sealing.new_key_pair()
        set_meta(session, PLAIN_STORE_KEY, base64.b64encode(private + public).decode("ascii"))
    else:
        pair = base64.b64decode(meta.value)
        private, public = pair[:32], pair[32:]
    return Vault(public, private, user)


def seal_plain_entries(session: Session, vault: Vault, audit: AuditLog) -> int:
    """Seal the entries written before the vault was sealed (an archive made before users),
    each audited as an update of its fields; returns how many."""
    table = table_of(PersonIdentity)
    rows = session.execute(
        select(table.c.uid, *(table.c[name] for name in SEALED_FIELDS)).where(
            table.c[SEALED_COLUMN].is_(None)
        )
    ).all()
    for row in rows:
        before = {name: getattr(row, name) for name in SEALED_FIELDS}
        stored = vault.sealed_columns({}, before)
        session.execute(
            update(table)
            .where(table.c.uid == row.uid)
            .values(**stored, updated_at=utc_now(), updated_by=audit.actor)
        )
        after = {**{name: "" for name in SEALED_FIELDS}, SEALED_COLUMN: stored[SEALED_COLUMN]}
        audit.record(
            session,
            AuditAction.UPDATE,
            table.name,
            row.uid,
            field_changes({**before, SEALED_COLUMN: None}, after),
        )
    if rows:
        audit.record(session, AuditAction.VAULT_SEAL, table.name, None, {"entries": len(rows)})
    return len(rows)
