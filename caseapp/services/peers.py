"""The archive's own identity for exchanges, and the peers it trusts.

The archive's two key pairs (caseapp/store/bundle_crypto.py) live in ``app_meta``, inside
the encrypted database: made when the archive is created, or on first use by an archive made
before exchanges existed. A peer is another archive trusted by name (``exchange_peer``): a
coordinator pastes its identity line and checks the fingerprint by phone. Trusting and
forgetting peers needs the MANAGE right and is audited with the fingerprint only; anyone
with EXCHANGE may see who is trusted. The merge engine (caseapp/services/exchange.py) asks
this service for the keys and the peers' keys.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from caseapp.models import AppMeta, AuditAction, ExchangePeer, SyncPending, SyncShadow, utc_now
from caseapp.services.access import Access, Right
from caseapp.services.audit import AuditLog, set_meta
from caseapp.services.errors import ServiceError
from caseapp.services.messages import QT_TRANSLATE_NOOP, Message
from caseapp.store import CaseStore
from caseapp.store.bundle_crypto import (
    ArchiveKeys,
    fingerprint,
    identity_line,
    keys_from_private,
    new_archive_keys,
    parse_identity,
    public_identity_line,
)

KEYS_META = "exchange_keys"
"""The ``app_meta`` key of the archive's private keys (JSON of base64)."""
PEERS = "exchange_peer"  # the audit trail's table name for peer events
MAX_PEER_NAME = 64

QT_TRANSLATE_NOOP(
    "messages",
    "a peer name is 1 to 64 printable characters without spaces around it",
    "exchange.bad_peer_name",
)
QT_TRANSLATE_NOOP(
    "messages", "this archive already trusts a peer named {name}", "exchange.peer_exists"
)
QT_TRANSLATE_NOOP(
    "messages",
    "that is this archive's own identity; give the identity of the other archive",
    "exchange.own_key",
)
QT_TRANSLATE_NOOP("messages", "that identity is already trusted, as {name}", "exchange.key_trusted")
QT_TRANSLATE_NOOP("messages", "this archive trusts no peer named {name}", "exchange.no_such_peer")
QT_TRANSLATE_NOOP(
    "messages",
    "the archive's exchange keys are damaged; restore the archive from a backup",
    "exchange.keys_damaged",
)


class PeerRefused(ServiceError):
    """A change of peers that breaks a rule (a name taken, a key trusted twice)."""


@dataclass(frozen=True)
class PeerInfo:
    """A trusted peer as lists show it: never its keys, only their fingerprint."""

    name: str
    fingerprint: str
    trusted_at: str
    trusted_by: str
    sent_seq: int
    acked_seq: int
    received_seq: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "fingerprint": self.fingerprint,
            "trusted_at": self.trusted_at,
            "trusted_by": self.trusted_by,
            "sent": self.sent_seq,
            "acknowledged": self.acked_seq,
            "received": self.received_seq,
        }


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _raw(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _stored_keys(value: str) -> ArchiveKeys:
    try:
        data = json.loads(value)
        return keys_from_private(_raw(data["sign"]), _raw(data["box"]))
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise ServiceError(Message("exchange.keys_damaged")) from None


def archive_keys(session: Session) -> ArchiveKeys:
    """The archive's key pairs, made and kept if it has none yet: at ``init``, or on first
    use by an archive made before exchanges. Not an audit event: no record changes, and
    what the archive shows others (its fingerprint) is audited when a peer trusts it."""
    meta = session.get(AppMeta, KEYS_META)
    if meta is not None:
        return _stored_keys(meta.value)
    made = new_archive_keys()
    value = json.dumps({"sign": _b64(made.sign_private), "box": _b64(made.box_private)})
    set_meta(session, KEYS_META, value)
    return made


def peer_name(text: str) -> str:
    """``text`` if it can name a peer (as a user name: printed on one line), else refused."""
    if (
        not isinstance(text, str)
        or not text
        or len(text) > MAX_PEER_NAME
        or text != text.strip()
        or not text.isprintable()
    ):
        raise PeerRefused(Message("exchange.bad_peer_name"))
    return text


def _info(row: ExchangePeer) -> PeerInfo:
    return PeerInfo(
        name=row.name,
        fingerprint=fingerprint(_raw(row.sign_public), _raw(row.box_public)),
        trusted_at=row.trusted_at,
        trusted_by=row.trusted_by,
        sent_seq=row.sent_seq,
        acked_seq=row.acked_seq,
        received_seq=row.received_seq,
    )


class PeerService:
    """This archive's identity and the archives it trusts."""

    def __init__(self, store: CaseStore, audit: AuditLog, access: Access) -> None:
        self.store = store
        self.audit = audit
        self.access = access
        self._keys: ArchiveKeys | None = None

    # -- this archive ----------------------------------------------------------------------

    def keys(self) -> ArchiveKeys:
        """The archive's key pairs (private halves included: for the merge engine only)."""
        if self._keys is None:
            try:
                with self.store.session() as session:
                    self._keys = archive_keys(session)
            except IntegrityError:  # another process made them first: theirs are the keys
                with self.store.session() as session:
                    self._keys = archive_keys(session)
        return self._keys

    def identity(self) -> str:
        """The one line another archive trusts this one by; its last word is the key."""
        return identity_line(self.keys())

    def fingerprint(self) -> str:
        keys = self.keys()
        return fingerprint(keys.sign_public, keys.box_public)

    # -- peers -----------------------------------------------------------------------------

    def trust(self, name: str, public_key_text: str) -> PeerInfo:
        """Trust the archive whose identity line (or key) is ``public_key_text`` as ``name``.
        Refused, with nothing written, for a name taken, this archive's own key, or a key
        trusted already under another name."""
        self.access.require(Right.MANAGE)
        name = peer_name(name)
        sign_public, box_public = parse_identity(public_key_text)
        own = self.keys()
        if sign_public == own.sign_public or box_public == own.box_public:
            raise PeerRefused(Message("exchange.own_key"))
        with self.store.session() as session:
            if session.get(ExchangePeer, name) is not None:
                raise PeerRefused(Message("exchange.peer_exists", name=name))
            same = session.execute(
                select(col(ExchangePeer.name)).where(
                    (col(ExchangePeer.sign_public) == _b64(sign_public))
                    | (col(ExchangePeer.box_public) == _b64(box_public))
                )
            ).first()
            if same is not None:
                raise PeerRefused(Message("exchange.key_trusted", name=same[0]))
            row = ExchangePeer(
                name=name,
                identity=public_identity_line(sign_public, box_public),
                sign_public=_b64(sign_public),
                box_public=_b64(box_public),
                trusted_at=utc_now(),
                trusted_by=self.access.name,
            )
            session.add(row)
            session.flush()
            info = _info(row)
            self.audit.record(
                session,
                AuditAction.PEER_TRUST,
                PEERS,
                None,
                {"peer": name, "fingerprint": info.fingerprint},
            )
        return info

    def peers(self) -> list[PeerInfo]:
        """Every trusted peer, by name (what ``exchange peers`` lists)."""
        self.access.require(Right.EXCHANGE)
        with self.store.session() as session:
            rows = session.execute(select(ExchangePeer).order_by(col(ExchangePeer.name)))
            return [_info(row) for row in rows.scalars()]

    def forget(self, name: str) -> PeerInfo:
        """Stop trusting ``name``: its bundles are refused from now on. What was merged from
        it stays; what the merge kept of it (the shared bases, sends not acknowledged) goes,
        so trusting it again starts afresh. Conflicts found with it stay to be resolved."""
        self.access.require(Right.MANAGE)
        with self.store.session() as session:
            row = session.get(ExchangePeer, name)
            if row is None:
                raise PeerRefused(Message("exchange.no_such_peer", name=name[:MAX_PEER_NAME]))
            info = _info(row)
            session.execute(delete(SyncShadow).where(col(SyncShadow.peer) == name))
            session.execute(delete(SyncPending).where(col(SyncPending.peer) == name))
            # Its vault key too: new vault entries are no longer sealed to it.
            session.execute(delete(AppMeta).where(col(AppMeta.key) == f"peer_vault:{name}"))
            session.delete(row)
            session.flush()
            self.audit.record(
                session,
                AuditAction.PEER_FORGET,
                PEERS,
                None,
                {"peer": name, "fingerprint": info.fingerprint},
            )
        return info

    # -- for the merge engine --------------------------------------------------------------

    def peer_by_sign_key(self, sign_public: bytes) -> str | None:
        """The name this archive trusts the signing key ``sign_public`` as, else None (what
        ``open_bundle`` asks)."""
        with self.store.session() as session:
            return peer_of_sign_key(session, sign_public)

    def peer_box_key(self, name: str) -> bytes:
        """The X25519 public key bundles to ``name`` are encrypted to; refused for a name
        not trusted."""
        with self.store.session() as session:
            row = session.get(ExchangePeer, name)
            if row is None:
                raise PeerRefused(Message("exchange.no_such_peer", name=name[:MAX_PEER_NAME]))
            return box_key_of(row)


def peer_of_sign_key(session: Session, sign_public: bytes) -> str | None:
    """The name a peer with the signing key ``sign_public`` is trusted as, else None."""
    found = session.execute(
        select(col(ExchangePeer.name)).where(col(ExchangePeer.sign_public) == _b64(sign_public))
    ).first()
    return None if found is None else str(found[0])


def box_key_of(peer: ExchangePeer) -> bytes:
    """The X25519 public key bundles to ``peer`` are encrypted to."""
    return _raw(peer.box_public)
