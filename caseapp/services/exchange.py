"""Exchange with trusted archives: write what a peer has not acknowledged, apply what a peer
sent, and the conflicts a person resolves. The bundle file itself (encrypted to the peer,
signed by this archive) is caseapp/store/bundle_crypto.py; the merge is caseapp/services/sync.py.
"""

from __future__ import annotations

import base64
import contextlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import func, select, update
from sqlmodel import Session

from caseapp.models import (
    AppMeta,
    AuditAction,
    AuditEvent,
    ExchangePeer,
    PersonIdentity,
    SyncConflict,
)
from caseapp.models.base import table_of, utc_now
from caseapp.services.access import Access, Right
from caseapp.services.audit import AuditLog, field_changes, set_meta
from caseapp.services.bulk_sql import bulk_page_cache
from caseapp.services.dashboard import record_exchange
from caseapp.services.errors import NotFound, ServiceError
from caseapp.services.field_authors import audit_mark
from caseapp.services.field_versions import (
    joined,
    keep_versions,
    versions_of,
)
from caseapp.services.messages import QT_TRANSLATE_NOOP, Message
from caseapp.services.peers import archive_keys, box_key_of, peer_of_sign_key
from caseapp.services.record_kinds import KINDS, RecordKind
from caseapp.services.records import RecordService
from caseapp.services.sync import (
    Applier,
    ApplySummary,
    acknowledge,
    forget_what_peer_holds,
    generation_of,
    outgoing,
    this_archive,
)
from caseapp.services.validation import Validator
from caseapp.services.vault import Vault, peer_vault_keys, remember_peer_vault
from caseapp.store import CaseStore
from caseapp.store.analysis_ahead import AnalysisAhead, file_size
from caseapp.store.bundle_crypto import BundleWriter, open_bundle
from caseapp.store.engines import features
from caseapp.store.files import Leftovers

QT_TRANSLATE_NOOP("messages", "no peer named {peer}: trust it first", "exchange.no_peer")
QT_TRANSLATE_NOOP(
    "messages", "no open conflict on {field} of record {record}", "exchange.no_conflict"
)
QT_TRANSLATE_NOOP(
    "messages",
    "say which value to keep: --keep mine, --keep theirs or --value TEXT",
    "exchange.resolve_how",
)

Item = Mapping[str, Any]


class Sink(Protocol):
    def add(self, item: dict[str, Any]) -> None: ...


@dataclass(frozen=True)
class BundleSummary:
    peer: str
    seq: int
    records: int
    path: Path


@dataclass(frozen=True)
class OutgoingSummary:
    peer: str
    seq: int
    ack: int
    records: int


@dataclass(frozen=True)
class Conflict:
    id: int
    record_uid: str
    kind: str
    field: str
    base: Any
    mine: Any
    theirs: Any
    mine_by: str
    theirs_by: str
    peer: str
    found_at: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "record_uid": self.record_uid,
            "kind": self.kind,
            "field": self.field,
            "base": self.base,
            "mine": self.mine,
            "theirs": self.theirs,
            "by": {"mine": self.mine_by, "theirs": self.theirs_by},
            "peer": self.peer,
            "found_at": self.found_at,
        }


def peer_named(session: Session, name: str) -> ExchangePeer:
    peer = session.get(ExchangePeer, name)
    if peer is None:
        raise NotFound(Message("exchange.no_peer", peer=name))
    return peer


def settled_mark(store: CaseStore) -> int:
    """The newest audit event such that every event up to it is committed: read holding the
    audit chain, which each writer holds from its first event until its commit (on a team
    server, an event numbered before another may otherwise still be uncommitted, and a bundle
    marked past it would never carry its record)."""
    with store.engine.begin() as conn:
        features(conn).lock_audit_chain(conn)
        newest = conn.execute(select(func.max(table_of(AuditEvent).c.id))).scalar()
    return int(newest or 0)


Progress = Callable[[int], None]
"""Told how many items were written or applied, every ``PROGRESS_EVERY``; may raise to stop
(the transaction rolls back and no bundle file is left)."""
PROGRESS_EVERY = 200


def write_outgoing(
    session: Session,
    peer: ExchangePeer,
    open_sink: Callable[[dict[str, Any]], Sink],
    extra_meta: Mapping[str, Any] | None = None,
    progress: Progress | None = None,
    mark: int | None = None,
) -> OutgoingSummary:
    """Bundle number ``sent_seq + 1`` to ``peer``: its meta (number, what we acknowledge)
    handed to ``open_sink``, then every record the peer has not acknowledged, added to the
    sink. The caller's transaction keeps what was sent (pending) with the new number.

    ``mark``: the newest audit event, every event up to it committed (``settled_mark``),
    read before this transaction's first read; kept as the peer's ``sent_mark``, so that the
    next bundle reads only what changed after it. Without one, the newest event this
    transaction sees (enough where no other writer runs at once)."""
    if mark is None:
        mark = audit_mark(session)
    since = peer.sent_mark if peer.sent_seq > 0 else None
    seq = peer.sent_seq + 1
    meta = {
        **(extra_meta or {}),
        "seq": seq,
        "ack": peer.received_seq,
        "generation": generation_of(session),
    }
    sink = open_sink(meta)
    count = 0
    for item in outgoing(session, peer, seq, this_archive(session), since):
        sink.add(item)
        count += 1
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)
    peer.sent_seq = seq
    peer.sent_mark = mark
    session.add(peer)
    record_exchange(session, peer.name)
    return OutgoingSummary(peer.name, seq, peer.received_seq, count)


def apply_incoming(
    session: Session,
    validator: Validator,
    peer: ExchangePeer,
    meta: Mapping[str, Any],
    items: Iterable[Item],
    actor: str,
    progress: Progress | None = None,
    size: int = 0,
) -> ApplySummary:
    """Apply bundle ``meta["seq"]`` from ``peer`` in the caller's transaction; a number
    applied before (or older than one applied) changes nothing. ``size``: the bundle's
    bytes (a large one's texts are analysed by a second process meanwhile)."""
    seq, ack = int(meta.get("seq", 0)), int(meta.get("ack", 0))
    generation = str(meta.get("generation") or "")
    if generation != _peer_generation(session, peer.name):
        # The peer was restored from a backup: it holds less than we thought, and numbers
        # its bundles again. Start over with it: this bundle applies, and ours to it carry
        # everything again (what it already has changes nothing there).
        forget_what_peer_holds(session, peer)
        set_meta(session, f"{PEER_GENERATION}{peer.name}", generation)
    elif seq <= peer.received_seq:
        return ApplySummary(skipped=True)
    acknowledge(session, peer, ack)
    logs: dict[str, AuditLog] = {}

    def audit_for(by: str) -> AuditLog:
        # Events credit who made the change at the peer, and say it came through the
        # exchange applied by ``actor``.
        name = f"{by or '?'}@{peer.name} (by {actor})"[:200]
        return logs.setdefault(name, AuditLog(name))

    applier = Applier(session, validator, peer, audit_for, this_archive(session))
    with bulk_page_cache(session, APPLY_CACHE_KIB), contextlib.ExitStack() as helper:
        ahead = AnalysisAhead.if_worth(session.connection(), size)
        if ahead is not None:
            helper.enter_context(ahead)
        summary = applier.apply(_counted(items, progress), ahead)
    peer.received_seq = seq
    session.add(peer)
    record_exchange(session, peer.name)
    return summary


# The page cache while a bundle applies. Measured at 10,000 testimonies (58,364 records,
# runs alternating): 32 MiB 19.4-19.6 s, 64 MiB 18.2-18.8 s, 256 MiB 17.7-18.0 s; but the
# cache is memory the apply holds (the window's process, next to the text analyser's model),
# and the apply keeps its growth under 100 MB at any size: 55 MB at 10,000 testimonies and
# 68 MB at 100,000 with 64 MiB.
APPLY_CACHE_KIB = 64 * 1024
PEER_GENERATION = "peer_generation:"  # app_meta: the generation a peer's last bundle had
# app_meta: "<the peer's vault key> <mark>": every entry up to that mark has been looked at
# for a box to that key (ExchangeService._seal_vault_for).
VAULT_RESEALED = "vault_resealed:"


def _peer_generation(session: Session, peer: str) -> str:
    found = session.get(AppMeta, f"{PEER_GENERATION}{peer}")
    return found.value if found else ""


class ExchangeService:
    """Bundles to and from trusted archives, and the conflicts a caseworker or coordinator
    sees and resolves."""

    def __init__(
        self,
        store: CaseStore,
        records: RecordService,
        access: Access,
        validator: Validator,
        vault: Vault,
        leftovers: Leftovers | None = None,
    ) -> None:
        self.store = store
        self.records = records
        self.access = access
        self.validator = validator
        self.vault = vault
        self.leftovers = leftovers

    def export_bundle(
        self, peer_name: str, path: Path, progress: Progress | None = None
    ) -> BundleSummary:
        """Write to ``path`` a bundle for ``peer_name`` of everything it has not acknowledged,
        encrypted to it and signed by this archive. The bundle's number and what it carried
        are kept first; the file takes its name after (a file lost on the way is covered by
        the next bundle, which carries all that stays unacknowledged)."""
        self.access.require(Right.EXCHANGE)
        mark = settled_mark(self.store)
        with contextlib.ExitStack() as files, self.store.session() as session:
            peer = peer_named(session, peer_name)
            keys = archive_keys(session)
            recipient = box_key_of(peer)
            self._seal_vault_for(session, peer_name, mark)

            def open_sink(meta: dict[str, Any]) -> BundleWriter:
                writer = BundleWriter(path, keys, recipient, meta, leftovers=self.leftovers)
                return files.enter_context(writer)

            # The session commits before the writer finishes (exits run in reverse): the
            # bundle's number is kept before the file takes its name.
            vault_key = {"vault_public": base64.b64encode(self.vault.public).decode("ascii")}
            summary = write_outgoing(session, peer, open_sink, vault_key, progress, mark)
        return BundleSummary(peer_name, summary.seq, summary.records, Path(path))

    def import_bundle(self, path: Path, progress: Progress | None = None) -> ApplySummary:
        """Apply the bundle at ``path`` in one transaction: refused whole (and nothing
        written) unless it is addressed to this archive, from a trusted one, signed, whole,
        untouched and of a format this caseapp reads."""
        self.access.require(Right.EXCHANGE)
        with self.store.session() as session:
            keys = archive_keys(session)
            opened = open_bundle(Path(path), keys, lambda key: peer_of_sign_key(session, key))
            peer = peer_named(session, opened.sender)
            self._learn_vault_key(session, peer.name, opened.meta)
            summary = apply_incoming(
                session,
                self.validator,
                peer,
                opened.meta,
                opened.items(),
                self.access.name,
                progress,
                file_size(Path(path)),
            )
        summary.sender = opened.sender
        return summary

    def _learn_vault_key(self, session: Session, peer: str, meta: Mapping[str, Any]) -> None:
        """The peer's vault public key (in its signed bundle): entries written here from now
        on are sealed to it too, so its caseworkers read what this archive's people wrote."""
        text = meta.get("vault_public")
        if not isinstance(text, str):
            return
        try:
            public = base64.b64decode(text, validate=True)
        except ValueError:
            return
        if len(public) == 32:
            remember_peer_vault(session, peer, public)
            self.vault.add_recipient(public)

    def _seal_vault_for(self, session: Session, peer: str, mark: int) -> None:
        """Entries written before the peer's vault key was known get a box for it, when the
        user writing the bundle can open them (a recorder cannot: what she wrote before
        stays readable here only). Each is an audited update of the entry.

        Once every entry has been looked at for that key (up to ``mark``, the bundle's
        settled mark), later bundles look only at the entries written since: reading every
        sealed entry for each bundle grew with the vault, not with the bundle."""
        public = peer_vault_keys(session).get(peer)
        if public is None or not self.vault.readable:
            return
        done_key = f"{VAULT_RESEALED}{peer}"
        done = session.get(AppMeta, done_key)
        key_text = base64.b64encode(public).decode("ascii")
        table = table_of(PersonIdentity)
        query = select(table.c.id, table.c.uid, table.c.sealed).where(table.c.sealed.is_not(None))
        if done is not None and done.value.startswith(f"{key_text} "):
            since = int(done.value.split(" ", 1)[1])
            events = table_of(AuditEvent)
            query = query.where(
                table.c.uid.in_(
                    select(events.c.record_uid).where(
                        events.c.id > since, events.c.table_name == table.name
                    )
                )
            )
        audit = AuditLog(self.access.name)
        wrote = False
        for row_id, uid, sealed in session.execute(query).all():
            resealed = self.vault.resealed_for(sealed, public, uid)
            if resealed is None:
                continue
            wrote = True
            session.execute(
                update(table)
                .where(table.c.id == row_id)
                .values(sealed=resealed, updated_at=utc_now(), updated_by=self.access.name)
            )
            audit.record(
                session,
                AuditAction.UPDATE,
                table.name,
                uid,
                field_changes({"sealed": sealed}, {"sealed": resealed}),
            )
        if wrote:
            # Past our own events, which name the entries just given a box: they need no
            # second look. Every event before ours is committed (each writer holds the audit
            # chain from its first event until it commits, and we hold it now).
            mark = audit_mark(session)
        set_meta(session, done_key, f"{key_text} {mark}")

    def conflicts(self, record_uid: str | None = None) -> list[Conflict]:
        """The open conflicts, oldest first (none for whom the team server keeps them from:
        see ``shows_conflicts``)."""
        if not self.shows_conflicts():
            return []
        kinds = {kind.table: kind.name for kind in KINDS.values()}
        with self.store.session() as session:
            table = table_of(SyncConflict)
            query = select(SyncConflict).where(table.c.resolved_at.is_(None))
            if record_uid is not None:
                query = query.where(table.c.record_uid == record_uid)
            rows = session.execute(query.order_by(table.c.id)).scalars().all()
            return [
                Conflict(
                    int(row.id or 0),
                    row.record_uid,
                    kinds.get(row.table_name, row.table_name),
                    row.field,
                    json.loads(row.base),
                    json.loads(row.mine),
                    json.loads(row.theirs),
                    row.mine_by,
                    row.theirs_by,
                    row.peer,
                    row.found_at,
                )
                for row in rows
            ]

    def shows_conflicts(self) -> bool:
        """On a laptop everyone sees the conflicts (a recorder may not resolve them); on a
        team server a recorder sees no exchange data (its row-level security keeps the
        conflicts' values of others' records from her)."""
        return self.store.team is None or self.access.may(Right.EDIT_ANY)

    def resolve(
        self, record_uid: str, field: str, keep: str | None = None, value: Any = None
    ) -> None:
        """Settle the open conflict on ``field`` of ``record_uid``: keep ``mine`` (the value in
        effect), ``theirs``, or a typed ``value``. The change is an ordinary audited edit
        and travels in the next bundles; the conflict is closed."""
        self.access.require(Right.EDIT_ANY)
        if keep not in (None, "mine", "theirs") or (keep is None) == (value is None):
            raise ServiceError(Message("exchange.resolve_how"))
        found = [c for c in self.conflicts(record_uid) if c.field == field]
        if not found:
            raise NotFound(Message("exchange.no_conflict", field=field[:64], record=record_uid))
        conflict = found[-1]
        kind = KINDS[conflict.kind]
        chosen = conflict.mine if keep == "mine" else conflict.theirs if keep == "theirs" else value
        with self.store.session() as session:
            # The resolution knows both values: its field's version joins the incoming one,
            # and the resolving edit (after ``mark``) is this archive's newest of the field.
            mark = audit_mark(session)
            names = [*kind.rules, "deleted_at"]
            versions = versions_of(session, kind.table, [record_uid], names, this_archive(session))
            theirs_version = self._theirs_version(session, conflict.id)
        if keep != "mine":
            self._set(kind, record_uid, field, chosen)
        with self.store.session() as session:
            # The resolution is an edit of the field even when the value stays as it is: it
            # must win over both values at every archive.
            self.records.audit.record(
                session,
                AuditAction.RESOLVE,
                kind.table,
                record_uid,
                {field: {"resolution": keep or "value"}},
            )
            mine = versions[record_uid]
            mine[field] = joined(mine.get(field, {}), theirs_version)
            keep_versions(session, kind.table, {record_uid: mine}, mark=mark)
            table = table_of(SyncConflict)
            session.execute(
                update(table)
                .where(
                    table.c.record_uid == record_uid,
                    table.c.field == field,
                    table.c.resolved_at.is_(None),
                )
                .values(
                    resolved_at=utc_now(),
                    resolved_by=self.access.name,
                    resolution=keep or "value",
                )
            )

    @staticmethod
    def _theirs_version(session: Session, conflict_id: int) -> dict[str, int]:
        table = table_of(SyncConflict)
        text = session.execute(
            select(table.c.theirs_version).where(table.c.id == conflict_id)
        ).scalar()
        version = json.loads(text or "{}")
        return version if isinstance(version, dict) else {}

    def _set(self, kind: RecordKind, uid: str, field: str, value: Any) -> None:
        deleted = self.records.get(kind.name, uid, include_deleted=True)["deleted_at"]
        if field == "deleted_at":
            if value is None and deleted is not None:
                self.records.restore(kind.name, uid)
            elif value is not None and deleted is None:
                self.records.delete(kind.name, uid)
            return
        if deleted is None:
            self.records.update(kind.name, uid, {field: value})
            return
        # The value a person chose for a deleted record: it comes back for the edit and goes
        # again, each step audited (a later restore finds the chosen value).
        self.records.restore(kind.name, uid)
        self.records.update(kind.name, uid, {field: value})
        self.records.delete(kind.name, uid)


def _counted(items: Iterable[Item], progress: Progress | None) -> Iterator[Item]:
    for count, item in enumerate(items, start=1):
        yield item
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)
