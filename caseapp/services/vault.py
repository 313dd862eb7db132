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
from collections.abc import Iterable, Mapping
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
QT_TRANSLATE_NOOP(
    "messages",
    "identity-vault entry {record} was not sealed to this archive's vault key (it came from "
    "a peer before the peers knew each other's vault keys)",
    "vault.not_sealed_here",
)


class Vault:
    """Seals entries to this archive's vault key ``public`` and to the vault keys of the
    archives it exchanges with (``recipients``, learnt from their signed bundles), so that a
    coordinator reads what a field laptop's recorder wrote; opens them when ``private``
    is known.

    A sealed entry is JSON: ``{"v": 2, "boxes": {vault public key: box}}``, one box per
    vault key, each holding the same fields. Entries sealed before exchanges (one base64
    box to this archive's key) still open."""

    def __init__(
        self,
        public: bytes,
        private: bytes | None,
        user: str,
        recipients: Iterable[bytes] = (),
    ) -> None:
        self._public = public
        self._private = private
        self._user = user
        self._recipients = [key for key in recipients if key != public]

    @property
    def readable(self) -> bool:
        return self._private is not None

    @property
    def public(self) -> bytes:
        return self._public

    def add_recipient(self, public: bytes) -> None:
        """Seal new entries to ``public`` too (a peer's vault key, from its bundle)."""
        if public != self._public and public not in self._recipients:
            self._recipients.append(public)

    def seal(self, fields: Mapping[str, Any]) -> str:
        """The vault fields of ``fields``, sealed to every vault key this archive knows."""
        plain = {name: str(fields.get(name) or "") for name in SEALED_FIELDS}
        data = json.dumps(plain, ensure_ascii=False, sort_keys=True).encode("utf-8")
        boxes = {_b64(key): _b64(sealing.seal(key, data, _CONTEXT)) for key in self._keys()}
        return json.dumps({"v": 2, "boxes": boxes}, sort_keys=True)

    def _keys(self) -> list[bytes]:
        return [self._public, *self._recipients]

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
        boxes = _boxes(sealed, record)
        box = boxes.get(_b64(self._public), boxes.get(LEGACY_BOX))
        if box is None:
            raise NotAllowed(Message("vault.not_sealed_here", record=record))
        try:
            data = json.loads(sealing.unseal(self._private, box, _CONTEXT).decode("utf-8"))
        except (ValueError, sealing.SealError):
            raise NotAllowed(Message("vault.damaged", record=record)) from None
        return {name: str(data.get(name, "")) for name in SEALED_FIELDS}

    def resealed_for(self, sealed: str | None, public: bytes, record: str = "") -> str | None:
        """``sealed`` with a box for the vault key ``public`` added, when it has none and
        this vault can open it; None when nothing is to change (or it cannot be opened)."""
        if not sealed or not self.readable:
            return None
        boxes = _boxes(sealed, record)
        if LEGACY_BOX in boxes:  # a box before exchanges is this archive's own
            boxes[_b64(self._public)] = boxes.pop(LEGACY_BOX)
        if _b64(public) in boxes or _b64(self._public) not in boxes:
            return None
        fields = self.open(sealed, record)
        data = json.dumps(fields, ensure_ascii=False, sort_keys=True).encode("utf-8")
        boxes[_b64(public)] = sealing.seal(public, data, _CONTEXT)
        encoded = {key: _b64(box) for key, box in boxes.items()}
        return json.dumps({"v": 2, "boxes": encoded}, sort_keys=True)


LEGACY_BOX = ""  # the one box of an entry sealed before exchanges: to this archive's key


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _boxes(sealed: str, record: str) -> dict[str, bytes]:
    """vault public key (base64) -> box of a sealed entry, either format."""
    try:
        if sealed.startswith("{"):
            doc = json.loads(sealed)
            return {
                str(key): base64.b64decode(box, validate=True)
                for key, box in dict(doc["boxes"]).items()
            }
        # Before exchanges: one box, to this archive's own vault key (unknown here: any).
        return {LEGACY_BOX: base64.b64decode(sealed.encode("ascii"), validate=True)}
    except (ValueError, KeyError, TypeError, AttributeError):
        raise NotAllowed(Message("vault.damaged", record=record)) from None


PEER_VAULT_PREFIX = "peer_vault:"


def peer_vault_keys(session: Session) -> dict[str, bytes]:
    """The vault public keys of the peers this archive has had bundles from."""
    meta = table_of(AppMeta)
    rows = session.execute(
        select(meta.c.key, meta.c.value).where(meta.c.key.startswith(PEER_VAULT_PREFIX))
    )
    return {key[len(PEER_VAULT_PREFIX) :]: base64.b64decode(value) for key, value in rows}


def remember_peer_vault(session: Session, peer: str, public: bytes) -> None:
    set_meta(session, PEER_VAULT_PREFIX + peer, _b64(public))


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
