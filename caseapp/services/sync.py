"""What goes out to a peer and how what comes back is merged in (the exchange's engine).

For each peer this archive keeps **merge bases** (``sync_shadow``): each record as both sides
last agreed on it. A bundle to a peer carries every record whose state differs from its base
with that peer; each is also noted as **pending** with the bundle's number until the peer's
next bundle acknowledges it, when it becomes the base. A bundle from a peer first promotes
what it acknowledges, then merges each record three ways (caseapp/services/merge.py) against
the base, and makes what the peer sent the new base. So:

- applying the same bundle twice changes nothing (its number is already applied);
- a record the peer sends back unchanged equals its base: nothing echoes;
- an older bundle after a newer one from the same peer is skipped (bundles are cumulative:
  each carries everything not yet acknowledged).

Everything runs in the caller's transaction: a bundle applies whole or not at all.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, delete, func, select, update
from sqlmodel import Session

from caseapp.models import (
    AppMeta,
    AuditAction,
    AuditEvent,
    ExchangePeer,
    SyncConflict,
    SyncPending,
    SyncShadow,
    SyncVersion,
)
from caseapp.models.base import table_of, utc_now
from caseapp.services.audit import AuditLog, PendingEvent, creation_json, field_changes, set_meta
from caseapp.services.bulk import code_owners, with_defaults
from caseapp.services.bulk_sql import insert_rows
from caseapp.services.erasure import TESTIMONY_TEXT, VIOLATION_TEXT, erase_in, erased_testimony_uids
from caseapp.services.errors import FieldProblem, ServiceError, ValidationError
from caseapp.services.field_authors import last_authors
from caseapp.services.field_versions import (
    GENERATION_META,
    Versions,
    archive_id,
    encoded,
    includes,
    keep_versions,
    new_generation,
    packed,
    unpacked,
    versions_of,
)
from caseapp.services.merge import FieldConflict, merge_record
from caseapp.services.messages import QT_TRANSLATE_NOOP, Message, kind_message
from caseapp.services.peers import archive_keys
from caseapp.services.record_kinds import KINDS, RecordKind
from caseapp.services.sync_attachments import ATTACHMENT, AttachmentApplier, outgoing_attachments
from caseapp.services.sync_records import (
    SYNC_KINDS,
    Snapshot,
    all_snapshots,
    encode,
    snapshots_of,
)
from caseapp.services.validation import Validator
from caseapp.store.analysis_ahead import AnalysisAhead, analysed_ahead, record_texts

CHUNK = 500
ERASED_TEXT = frozenset(TESTIMONY_TEXT) | frozenset(VIOLATION_TEXT)
RECORD = "record"

QT_TRANSLATE_NOOP(
    "messages",
    "the bundle's {kind} {uid} cannot be applied: {problem}; nothing was applied",
    "exchange.bad_record",
)
QT_TRANSLATE_NOOP("messages", "the bundle holds an item caseapp does not know", "exchange.bad_item")
QT_TRANSLATE_NOOP(
    "messages",
    "the bundle was written by an older caseapp, without field versions: update caseapp"
    " where it was written and write it again; nothing was applied",
    "exchange.old_bundle",
)


class ExchangeRefused(ServiceError):
    """A bundle that cannot be applied; nothing was written."""


@dataclass
class ApplySummary:
    created: int = 0
    updated: int = 0
    merged: int = 0  # records where both sides' changes were combined
    conflicts: int = 0
    unchanged: int = 0
    skipped: bool = False  # the bundle (or a newer one) was applied before
    erased: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    sender: str = ""


# -- this archive's name in versions ----------------------------------------------------------


def generation_of(session: Session) -> str:
    """This archive's generation: new after each restore from a backup."""
    found = session.get(AppMeta, GENERATION_META)
    return found.value if found else ""


def this_archive(session: Session) -> str:
    """This archive's name in field versions."""
    return archive_id(archive_keys(session).sign_public, generation_of(session))


def start_new_generation(session: Session) -> None:
    """After a restore from a backup (its audit events are numbered again from the
    backup's): the versions of every record as they stand are kept under the name this
    archive had, and its edits from now on carry a new one."""
    before = this_archive(session)
    for kind_name in SYNC_KINDS:
        kind = KINDS[kind_name]
        table = table_of(kind.model)
        uids = [str(u) for u in session.execute(select(table.c.uid)).scalars()]
        for start in range(0, len(uids), CHUNK):
            chunk = uids[start : start + CHUNK]
            keep_versions(
                session,
                kind.table,
                versions_of(session, kind.table, chunk, _field_names(kind), before),
            )
    set_meta(session, GENERATION_META, new_generation())
    for peer in session.execute(select(ExchangePeer)).scalars().all():
        forget_what_peer_holds(session, peer)


# -- going out -------------------------------------------------------------------------------


def outgoing(
    session: Session, peer: ExchangePeer, seq: int, me: str, since: int | None = None
) -> Iterator[dict[str, Any]]:
    """The items of bundle ``seq`` to ``peer``: every record whose values or field versions
    differ from its base with the peer (or has none), each noted as pending under ``seq``.
    ``me``: this archive's name in versions. ``since``: the peer's ``sent_mark``; only the
    records named by audit events or kept versions after it can differ from their bases
    besides those still unacknowledged (None: every record is compared)."""
    erased = erased_testimony_uids(session)
    pending: list[dict[str, Any]] = []
    for kind_name in SYNC_KINDS:
        kind = KINDS[kind_name]
        unacknowledged = _pending_uids(session, peer.name, kind.table)
        if since is None:
            snapshots = all_snapshots(session, kind)
        else:
            named = _named_since(session, kind, since) | unacknowledged
            snapshots = _snapshots_in_order(session, kind, sorted(named))
        for chunk in _chunks(snapshots):
            bases = _bases(session, peer.name, kind, [s.uid for s in chunk])
            versions = versions_of(
                session, kind.table, [s.uid for s in chunk], _field_names(kind), me
            )
            for snapshot in chunk:
                carried = packed(versions[snapshot.uid])
                state = encode({**snapshot.fields, VERSIONS_KEY: carried})
                base = bases.get(snapshot.uid)
                # Also a record back at its base whose other state went out unacknowledged
                # (the peer may yet apply that older bundle).
                if base == state and snapshot.uid not in unacknowledged:
                    continue
                pending.append(
                    {
                        "peer": peer.name,
                        "seq": seq,
                        "table_name": kind.table,
                        "record_uid": snapshot.uid,
                        "fields": state,
                    }
                )
                if len(pending) >= CHUNK:
                    insert_rows(session.connection(), table_of(SyncPending), pending)
                    pending = []
                item = _item(snapshot, snapshot.uid in erased, carried)
                if base is not None:
                    # Who changed each field edited since the peer last agreed: shown with
                    # a conflict.
                    agreed, agreed_versions = decode_state(base)
                    changed = {
                        k
                        for k, v in snapshot.fields.items()
                        if agreed.get(k) != v
                        or agreed_versions.get(k) != versions[snapshot.uid].get(k)
                    }
                    item["field_by"] = last_authors(session, kind.table, snapshot.uid, changed)
                yield item
    if pending:
        insert_rows(session.connection(), table_of(SyncPending), pending)
    # Files last: their testimonies are in the bundle (or at the peer) before them.
    yield from outgoing_attachments(
        session,
        peer,
        seq,
        lambda row: insert_rows(session.connection(), table_of(SyncPending), [row]),
    )


def _named_since(session: Session, kind: RecordKind, mark: int) -> set[str]:
    """The records of ``kind`` an audit event after ``mark`` names, or whose versions a
    merge kept at or after it (a merge that changes no value writes no event; a keep with
    no event since has the mark itself)."""
    events, versions = table_of(AuditEvent), table_of(SyncVersion)
    named = set(
        session.execute(
            select(events.c.record_uid).where(
                events.c.id > mark,
                events.c.table_name == kind.table,
                events.c.record_uid.is_not(None),
            )
        ).scalars()
    )
    named.update(
        session.execute(
            select(versions.c.record_uid).where(
                versions.c.table_name == kind.table, versions.c.mark >= mark
            )
        ).scalars()
    )
    return named


def _snapshots_in_order(session: Session, kind: RecordKind, uids: list[str]) -> Iterator[Snapshot]:
    """The records among ``uids`` (sorted) that are here, deleted ones too, in uid order."""
    for start in range(0, len(uids), CHUNK):
        chunk = uids[start : start + CHUNK]
        found = snapshots_of(session, kind, chunk)
        yield from (found[uid] for uid in chunk if uid in found)


def _chunks(snapshots: Iterable[Snapshot]) -> Iterator[list[Snapshot]]:
    chunk: list[Snapshot] = []
    for snapshot in snapshots:
        chunk.append(snapshot)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _field_names(kind: RecordKind) -> list[str]:
    return [*kind.rules, "deleted_at"]


VERSIONS_KEY = "~versions"  # in a kept state, beside the fields (no field name has a "~")


def encode_state(fields: dict[str, Any], versions: Versions) -> str:
    """A record's values and field versions (packed as in a bundle) as kept in merge bases
    and pending sends: text that compares equal when both are equal."""
    return encode({**fields, VERSIONS_KEY: packed(versions)})


def decode_state(text: str) -> tuple[dict[str, Any], Versions]:
    state = json.loads(text)
    versions = unpacked(state.pop(VERSIONS_KEY, {}), state)
    return state, versions or {}


def _item(snapshot: Snapshot, erased: bool, versions: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": RECORD,
        "kind": snapshot.kind,
        "uid": snapshot.uid,
        "fields": snapshot.fields,
        "created_at": snapshot.created_at,
        "created_by": snapshot.created_by,
        "at": snapshot.updated_at,
        "by": snapshot.updated_by,
        "erased": erased,
        "versions": versions,  # packed
    }


def _pending_uids(session: Session, peer: str, table_name: str) -> set[str]:
    pending = table_of(SyncPending)
    return set(
        session.execute(
            select(pending.c.record_uid).where(
                pending.c.peer == peer, pending.c.table_name == table_name
            )
        ).scalars()
    )


def _bases(session: Session, peer: str, kind: RecordKind, uids: list[str]) -> dict[str, str]:
    """uid -> encoded base with ``peer`` of those of ``uids`` (records of ``kind``) that
    have one, read through the key. The values are the records' own fields (kept inside the
    encrypted database); every base with the peer at once would have held the text of the
    whole archive in memory for a second bundle to a laptop."""
    shadow = table_of(SyncShadow)
    rows = session.execute(
        select(shadow.c.record_uid, shadow.c.fields).where(
            shadow.c.peer == peer,
            shadow.c.table_name == kind.table,
            shadow.c.record_uid.in_(uids),
        )
    )
    return {uid: fields for uid, fields in rows}


def forget_what_peer_holds(session: Session, peer: ExchangePeer) -> None:
    """Drop the merge bases and pending sends with ``peer`` and start its numbering over:
    the next bundles both ways carry everything (after a restore from a backup on either
    side; per-field versions make what is already known change nothing)."""
    for kept in (SyncShadow, SyncPending):
        table = table_of(kept)
        session.execute(delete(table).where(table.c.peer == peer.name))
    peer.received_seq = 0
    peer.acked_seq = 0
    peer.sent_mark = None
    session.add(peer)


# -- coming in ------------------------------------------------------------------------------


def acknowledge(session: Session, peer: ExchangePeer, ack: int) -> None:
    """The peer has applied our bundles up to ``ack``: what they carried becomes the base."""
    if ack <= peer.acked_seq:
        return
    pending = table_of(SyncPending)
    latest = (
        select(
            pending.c.table_name,
            pending.c.record_uid,
            func.max(pending.c.seq).label("seq"),
        )
        .where(pending.c.peer == peer.name, pending.c.seq <= ack)
        .group_by(pending.c.table_name, pending.c.record_uid)
        .subquery()
    )
    rows = session.execute(
        select(pending.c.table_name, pending.c.record_uid, pending.c.fields)
        .join(
            latest,
            and_(
                pending.c.table_name == latest.c.table_name,
                pending.c.record_uid == latest.c.record_uid,
                pending.c.seq == latest.c.seq,
            ),
        )
        .where(pending.c.peer == peer.name)
    ).all()
    _set_bases(session, peer.name, [(t, u, f) for t, u, f in rows])
    session.execute(delete(pending).where(pending.c.peer == peer.name, pending.c.seq <= ack))
    peer.acked_seq = ack
    session.add(peer)


def _learnt_from_peer(session: Session, peer: str, rows: list[tuple[str, str, str]]) -> None:
    """Bases learnt from what the peer itself sent: newer than anything we sent it before of
    those records, so the acknowledgement of such an older send must not replace them."""
    pending = table_of(SyncPending)
    for table_name in {t for t, _, _ in rows}:
        uids = [u for t, u, _ in rows if t == table_name]
        for start in range(0, len(uids), CHUNK):
            session.execute(
                delete(pending).where(
                    pending.c.peer == peer,
                    pending.c.table_name == table_name,
                    pending.c.record_uid.in_(uids[start : start + CHUNK]),
                )
            )
    _set_bases(session, peer, rows)


def _set_bases(session: Session, peer: str, rows: list[tuple[str, str, str]]) -> None:
    """Make ``rows`` (table, uid, encoded values and versions) the bases with ``peer``."""
    shadow = table_of(SyncShadow)
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        for table_name in {t for t, _, _ in chunk}:
            uids = [u for t, u, _ in chunk if t == table_name]
            session.execute(
                delete(shadow).where(
                    shadow.c.peer == peer,
                    shadow.c.table_name == table_name,
                    shadow.c.record_uid.in_(uids),
                )
            )
        insert_rows(
            session.connection(),
            shadow,
            [{"peer": peer, "table_name": t, "record_uid": u, "fields": f} for t, u, f in chunk],
        )


def _batches(
    items: Iterable[Mapping[str, Any]],
) -> Iterator[tuple[str, list[Mapping[str, Any]]]]:
    """A bundle's items as (kind, batch): records of one kind, up to ``CHUNK`` in a batch;
    an attachment alone."""
    batch: list[Mapping[str, Any]] = []
    kind_name = ""
    for item in items:
        if item.get("type") == ATTACHMENT:
            if batch:
                yield kind_name, batch
                batch = []
            yield ATTACHMENT, [item]
            continue
        if item.get("type") != RECORD or item.get("kind") not in SYNC_KINDS:
            raise ExchangeRefused(Message("exchange.bad_item"))
        if batch and (item["kind"] != kind_name or len(batch) >= CHUNK):
            yield kind_name, batch
            batch = []
        kind_name = str(item["kind"])
        batch.append(item)
    if batch:
        yield kind_name, batch


def _batch_texts(batch: tuple[str, list[Mapping[str, Any]]]) -> list[str]:
    kind_name, items = batch
    return record_texts(kind_name, (item.get("fields") or {} for item in items))


class Applier:
    """Merges a peer's records into this archive, in the caller's transaction."""

    def __init__(
        self,
        session: Session,
        validator: Validator,
        peer: ExchangePeer,
        audit_for: Callable[[str], AuditLog],
        me: str,
    ) -> None:
        self.session = session
        self.validator = validator
        self.peer = peer
        self.audit_for = audit_for
        self.me = me  # this archive's name in field versions
        self.summary = ApplySummary()
        self.erased_here = erased_testimony_uids(session)
        self.erased_there: list[str] = []
        self._ids: dict[str, dict[str, int]] = {}
        self._open: dict[tuple[str, str], tuple[int, dict[str, int]]] = {}

    def apply(
        self, items: Iterable[Mapping[str, Any]], ahead: AnalysisAhead | None = None
    ) -> ApplySummary:
        """Apply ``items`` in batches of one kind; with ``ahead``, the next batch's texts
        are analysed by a second process while one is written."""
        for kind_name, batch in analysed_ahead(_batches(items), _batch_texts, ahead):
            if kind_name == ATTACHMENT:
                self._apply_attachment(batch[0])
            else:
                self._apply_batch(KINDS[kind_name], batch)
        self._erase_what_was_erased_there()
        return self.summary

    def _apply_attachment(self, item: Mapping[str, Any]) -> None:
        files = AttachmentApplier(self.session, self.peer.name, self.audit_for, self._resolve)
        outcome, base = files.apply(item)
        if outcome == "created":
            self.summary.created += 1
        elif outcome == "updated":
            self.summary.updated += 1
        else:
            self.summary.unchanged += 1
        _learnt_from_peer(self.session, self.peer.name, [(ATTACHMENT, str(item["uid"]), base)])
        self.summary.by_kind[ATTACHMENT] = self.summary.by_kind.get(ATTACHMENT, 0) + 1

    # -- one batch of one kind -------------------------------------------------------------

    def _apply_batch(self, kind: RecordKind, items: list[Mapping[str, Any]]) -> None:
        uids = [str(item["uid"]) for item in items]
        self._prefetch_references(kind, items)
        mine = snapshots_of(self.session, kind, uids)
        mine_versions = versions_of(
            self.session, kind.table, list(mine), _field_names(kind), self.me
        )
        bases = self._bases_of(kind, uids)
        self._open = self._open_conflicts(kind, list(mine))
        new_bases: list[tuple[str, str, str]] = []
        kept: dict[str, Versions] = {}
        creates: list[tuple[Mapping[str, Any], dict[str, Any]]] = []
        for item in items:
            uid = str(item["uid"])
            theirs = dict(item["fields"])
            theirs_versions = unpacked(item.get("versions"), theirs)
            if theirs_versions is None:
                raise ExchangeRefused(Message("exchange.old_bundle"))
            if item.get("erased") and kind.name == "testimony":
                self.erased_there.append(uid)
            local = mine.get(uid)
            if local is None:
                creates.append((item, theirs))
                kept[uid] = theirs_versions
            else:
                kept[uid] = self._merge(
                    kind, item, local, bases.get(uid), theirs, mine_versions[uid], theirs_versions
                )
                if local.uid in self.erased_here:
                    # Erasure wins: the blanks stay, and the base keeps no text of the peer's.
                    theirs = {
                        **theirs,
                        **{k: v for k, v in local.fields.items() if k != "deleted_at"},
                    }
            new_bases.append((kind.table, uid, encode_state(theirs, theirs_versions)))
            self.summary.by_kind[kind.name] = self.summary.by_kind.get(kind.name, 0) + 1
        if creates:
            self._create_all(kind, creates)
        keep_versions(self.session, kind.table, kept)  # after the merge's own audit events
        _learnt_from_peer(self.session, self.peer.name, new_bases)

    def _bases_of(self, kind: RecordKind, uids: list[str]) -> dict[str, dict[str, Any]]:
        """The values of each record as both sides last agreed (shown with a conflict)."""
        bases = _bases(self.session, self.peer.name, kind, uids)
        return {uid: decode_state(fields)[0] for uid, fields in bases.items()}

    def _open_conflicts(
        self, kind: RecordKind, uids: list[str]
    ) -> dict[tuple[str, str], tuple[int, dict[str, int]]]:
        """(uid, field) -> (id, incoming version) of the open conflicts on these records."""
        table = table_of(SyncConflict)
        found: dict[tuple[str, str], tuple[int, dict[str, int]]] = {}
        for start in range(0, len(uids), CHUNK):
            for row_id, uid, name, version in self.session.execute(
                select(table.c.id, table.c.record_uid, table.c.field, table.c.theirs_version).where(
                    table.c.table_name == kind.table,
                    table.c.record_uid.in_(uids[start : start + CHUNK]),
                    table.c.resolved_at.is_(None),
                )
            ):
                found[(uid, name)] = (int(row_id), json.loads(version or "{}"))
        return found

    def _create_all(
        self, kind: RecordKind, creates: list[tuple[Mapping[str, Any], dict[str, Any]]]
    ) -> None:
        """Insert the records new here, one statement for the batch, each audited as made by
        whoever made it at the peer (and deleted, for a tombstone)."""
        table = table_of(kind.model)
        rows: list[dict[str, Any]] = []
        events: dict[str, list[PendingEvent]] = {}
        renames: list[tuple[str, str, str, str]] = []
        seen: dict[tuple[type, Any], str] = {}  # digests of short values, this batch only
        owner = code_owners(self.session, kind, (theirs.get("code") for _, theirs in creates))
        claimed: dict[str, str] = {}  # codes given in this batch
        for item, theirs in creates:
            uid = str(item["uid"])
            fields = {k: v for k, v in theirs.items() if k != "deleted_at"}
            deleted_at = theirs.get("deleted_at")
            renamed = self._free_code(uid, fields, owner, claimed)
            columns, cleaned = self._clean(kind, uid, fields, None, bool(item.get("erased")))
            by = str(item.get("by") or "")
            rows.append(
                with_defaults(
                    kind,
                    {
                        **columns,
                        "uid": uid,
                        "created_at": str(item.get("created_at") or utc_now()),
                        "created_by": str(item.get("created_by") or by),
                        "updated_at": str(item.get("at") or utc_now()),
                        "updated_by": by,
                        "deleted_at": deleted_at,
                    },
                )
            )
            made = events.setdefault(by, [])
            made.append(
                PendingEvent(AuditAction.CREATE, kind.table, uid, creation_json(cleaned, seen))
            )
            if deleted_at is not None:
                made.append(
                    PendingEvent(
                        AuditAction.DELETE,
                        kind.table,
                        uid,
                        field_changes({"deleted_at": None}, {"deleted_at": deleted_at}),
                    )
                )
            if renamed is not None:
                renames.append((uid, renamed, str(fields["code"]), by))
        insert_rows(self.session.connection(), table, rows)
        known = self._ids.setdefault(kind.name, {})
        new = [row["uid"] for row in rows]
        for uid, row_id in self.session.execute(
            select(table.c.uid, table.c.id).where(table.c.uid.in_(new))
        ):
            known[uid] = int(row_id)
        for by, made in events.items():
            self.audit_for(by).record_many(self.session, made)
        for uid, original, given, by in renames:
            # The code the peer gave stays visible, and a person may give it back.
            self._store_conflict(kind, uid, FieldConflict("code", None, given, original), "", by)
            self.summary.conflicts += 1
        self.summary.created += len(rows)

    def _free_code(
        self,
        uid: str,
        fields: dict[str, Any],
        owner: Callable[[str], str | None],
        claimed: dict[str, str],
    ) -> str | None:
        """Give an arriving record a free code when another record here has its code (two
        laptops typed the same one): ``CODE-2``, ``CODE-3``... Returns the original code
        when renamed, which stays visible as an open conflict on the code."""
        code = fields.get("code")

        def holder(wanted: str) -> str | None:
            return claimed[wanted] if wanted in claimed else owner(wanted)

        if not code or holder(code) in (None, uid):
            if code:
                claimed[code] = uid
            return None
        number = 2
        while holder(f"{code}-{number}") is not None:
            number += 1
        fields["code"] = f"{code}-{number}"
        claimed[fields["code"]] = uid
        return str(code)

    def _merge(
        self,
        kind: RecordKind,
        item: Mapping[str, Any],
        local: Snapshot,
        base: dict[str, Any] | None,
        theirs: dict[str, Any],
        mine_versions: Versions,
        theirs_versions: Versions,
    ) -> Versions:
        """Merge one record; returns its field versions after the merge."""
        result = merge_record(
            kind.name,
            base,
            local.fields,
            theirs,
            mine_versions,
            theirs_versions,
            mine_erased=local.uid in self.erased_here,
            theirs_erased=bool(item.get("erased")),
        )
        for conflict in result.conflicts:
            self._keep_conflict(kind, local, item, conflict)
        if result.conflicts:
            self.summary.conflicts += len(result.conflicts)
        by = str(item.get("by") or "")
        self._close_settled(local.uid, result.versions, by)
        if not result.changes:
            if not result.conflicts:
                self.summary.unchanged += 1
            return result.versions
        self._update(kind, local, result.changes, by, bool(item.get("erased")))
        # Merged: this side had edits of its own the peer did not know, kept beside theirs.
        if any(not includes(theirs_versions.get(k, {}), v) for k, v in mine_versions.items()):
            self.summary.merged += 1
        else:
            self.summary.updated += 1
        return result.versions

    def _close_settled(self, uid: str, versions: Versions, by: str) -> None:
        """An open conflict here whose field's value now knows the conflict's incoming value
        (a resolution made at another archive arrived) was settled there: it closes."""
        table = table_of(SyncConflict)
        for name, version in versions.items():
            found = self._open.get((uid, name))
            if found is None or not includes(version, found[1]):
                continue
            self.session.execute(
                update(table)
                .where(table.c.id == found[0])
                .values(
                    resolved_at=utc_now(),
                    resolved_by=f"{by or '?'}@{self.peer.name}"[:64],
                    resolution="elsewhere",
                )
            )

    def _update(
        self,
        kind: RecordKind,
        local: Snapshot,
        changes: dict[str, Any],
        by: str,
        erased: bool = False,
    ) -> None:
        uid = local.uid
        changes = dict(changes)
        deleted_at_changed = "deleted_at" in changes
        new_deleted_at = changes.pop("deleted_at", None)
        table = table_of(kind.model)
        audit = self.audit_for(by)
        events: list[PendingEvent] = []
        values: dict[str, Any] = {"updated_at": utc_now(), "updated_by": by}
        if changes:
            before = {k: v for k, v in local.fields.items() if k != "deleted_at"}
            columns, _cleaned = self._clean(kind, uid, changes, before, erased)
            values.update(columns)
            after = {**before, **changes}
            events.append(
                PendingEvent(AuditAction.UPDATE, kind.table, uid, field_changes(before, after))
            )
        if deleted_at_changed:
            values["deleted_at"] = new_deleted_at
            action = AuditAction.DELETE if new_deleted_at is not None else AuditAction.RESTORE
            events.append(
                PendingEvent(
                    action,
                    kind.table,
                    uid,
                    field_changes(
                        {"deleted_at": local.fields.get("deleted_at")},
                        {"deleted_at": new_deleted_at},
                    ),
                )
            )
        self.session.execute(update(table).where(table.c.id == local.id).values(**values))
        audit.record_many(self.session, events)

    def _clean(
        self,
        kind: RecordKind,
        uid: str,
        fields: Mapping[str, Any],
        base: Mapping[str, Any] | None,
        erased: bool = False,
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Column and field values for ``fields``, checked by the same rules as any write: a
        bundle from a trusted peer is still input. An erased testimony's blanks are what
        erasure leaves, required or not."""
        columns, cleaned, problems = self.validator.clean(kind, fields, self._resolve, base=base)
        if erased:
            problems = [
                p
                for p in problems
                if not (p.field in ERASED_TEXT and p.message.code == "field.required")
            ]
        columns = _storable(kind, columns)
        if problems:
            raise ValidationError(
                [
                    FieldProblem(
                        "",
                        Message(
                            "exchange.bad_record",
                            kind=kind_message(kind.name),
                            uid=uid[:36],
                            problem=problems[0].located(),
                        ),
                    )
                ]
            )
        return columns, cleaned

    def _prefetch_references(self, kind: RecordKind, items: list[Mapping[str, Any]]) -> None:
        """Read, in one query per referenced kind, the ids of what this batch points to; the
        map holds one batch's references at a time, so memory stays flat with any bundle."""
        self._ids = {}
        for name, rule in kind.rules.items():
            if rule.type != "ref" or rule.ref_kind is None:
                continue
            wanted = {str(i["fields"].get(name)) for i in items if i["fields"].get(name)}
            table = table_of(KINDS[rule.ref_kind].model)
            known = self._ids.setdefault(rule.ref_kind, {})
            for uid, row_id in self.session.execute(
                select(table.c.uid, table.c.id).where(table.c.uid.in_(sorted(wanted)))
            ):
                known[uid] = int(row_id)

    def _resolve(self, kind_name: str, uid: str) -> int | None:
        """uid -> id of any record, deleted ones too (a tombstone's children still point):
        from this batch's prefetched references, else asked of the database."""
        known = self._ids.setdefault(kind_name, {})
        if uid not in known:
            table = table_of(KINDS[kind_name].model)
            found = self.session.execute(select(table.c.id).where(table.c.uid == uid)).scalar()
            if found is None:
                return None
            known[uid] = int(found)
        return known[uid]

    def _keep_conflict(
        self,
        kind: RecordKind,
        local: Snapshot,
        item: Mapping[str, Any],
        conflict: FieldConflict,
    ) -> None:
        """The conflict, with who changed the field on each side (from this archive's audit
        trail, and from what the peer's bundle says of its own)."""
        field_by = item.get("field_by")
        theirs_by = field_by.get(conflict.field) if isinstance(field_by, dict) else None
        mine = last_authors(self.session, kind.table, local.uid, [conflict.field])
        self._store_conflict(
            kind,
            local.uid,
            conflict,
            mine.get(conflict.field, local.updated_by),
            str(theirs_by or item.get("by") or ""),
        )

    def _store_conflict(
        self, kind: RecordKind, uid: str, conflict: FieldConflict, mine_by: str, theirs_by: str
    ) -> None:
        """Note (or refresh) the open conflict on this field; the local value stays."""
        table = table_of(SyncConflict)
        values = {
            "peer": self.peer.name,
            "base": json.dumps(conflict.base, ensure_ascii=False),
            "mine": json.dumps(conflict.mine, ensure_ascii=False),
            "theirs": json.dumps(conflict.theirs, ensure_ascii=False),
            "mine_by": mine_by,
            "theirs_by": theirs_by,
            "found_at": utc_now(),
            "theirs_version": encoded(conflict.theirs_version),
        }
        open_one = self.session.execute(
            select(table.c.id).where(
                table.c.table_name == kind.table,
                table.c.record_uid == uid,
                table.c.field == conflict.field,
                table.c.resolved_at.is_(None),
            )
        ).scalar()
        if open_one is not None:
            self.session.execute(update(table).where(table.c.id == open_one).values(**values))
            return
        insert_rows(
            self.session.connection(),
            table,
            [
                {
                    **values,
                    "table_name": kind.table,
                    "record_uid": uid,
                    "field": conflict.field,
                    "resolved_at": None,
                    "resolved_by": None,
                    "resolution": None,
                }
            ],
        )

    def _erase_what_was_erased_there(self) -> None:
        """A testimony the peer erased is erased here too (its bytes scrubbed the same way),
        once its withdrawal has arrived; erasure wins over an edit."""
        for uid in self.erased_there:
            if uid in self.erased_here:
                continue
            try:
                erase_in(self.session, self.audit_for(""), uid)
            except ServiceError:
                continue  # the withdrawal is in conflict here: a person decides first
            self.erased_here.add(uid)
            self.summary.erased += 1


@functools.cache
def _not_null_defaults(kind_name: str) -> dict[str, Any]:
    """Column -> the default of each column of ``kind_name`` that holds no NULL."""
    defaults = {}
    for column in table_of(KINDS[kind_name].model).columns:
        default = column.default
        if not column.nullable and default is not None and getattr(default, "is_scalar", False):
            defaults[column.name] = default.arg  # type: ignore[attr-defined]
    return defaults


def _storable(kind: RecordKind, columns: dict[str, Any]) -> dict[str, Any]:
    """``columns`` with None in a column that holds no NULL given as the column's default
    (an empty list of roles reads as None when checked, and is stored as "")."""
    defaults = _not_null_defaults(kind.name)
    for name, value in columns.items():
        if value is None and name in defaults:
            columns[name] = defaults[name]
    return columns
