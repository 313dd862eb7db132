"""The audit trail: every write appends an event in the same transaction.

Events are hash-chained: each event's hash covers its own fields and the previous hash, and
``app_meta`` keeps the head of the chain. Editing, reordering or deleting any stored event
breaks the chain, and ``verify_chain`` finds where. Field values are recorded as digests, so
the trail proves what changed without keeping a second copy of a narrative or a name.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from caseapp.models import AppMeta, AuditEvent, utc_now
from caseapp.models.base import table_of
from caseapp.services.access import Access, Right
from caseapp.services.bulk_sql import insert_rows
from caseapp.services.messages import Message
from caseapp.store.engines import features

if TYPE_CHECKING:
    from caseapp.store import CaseStore

GENESIS = "0" * 64
HEAD_KEY = "audit_head"


_encode_text = json.encoder.encode_basestring  # what json.dumps(str, ensure_ascii=False) does


def value_digest(value: Any) -> str | None:
    if value is None:
        return None
    return _digest(value)


def _digest(value: Any) -> str:
    # The common kinds are encoded directly, exactly as json.dumps below would encode them,
    # without building a JSON encoder per value (bulk writes digest millions of fields).
    kind = type(value)
    if kind is str:
        canonical = _encode_text(value)
    elif kind is bool:
        canonical = "true" if value else "false"
    elif kind is int:
        canonical = str(value)
    else:
        canonical = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def creation_json(after: Mapping[str, Any], seen: dict[tuple[type, Any], str]) -> str:
    """``json.dumps(field_changes(None, after), ensure_ascii=False, sort_keys=True)``,
    written out in one pass for the bulk path (it runs for every field of every row).

    ``seen`` keeps the digests of short values for the length of one bulk write (its owner
    drops it after): most fields repeat a few values (a language, a status, yes/no), and
    hashing them again was a tenth of an import."""
    parts = []
    for name, value in sorted(after.items()):
        if value is None:
            continue
        kind = type(value)
        short = kind is bool or kind is int or (kind is str and len(value) <= 64)
        digest = seen.get((kind, value)) if short else None
        if digest is None:
            digest = _digest(value)
            if short:
                seen[(kind, value)] = digest
        parts.append(f'{_encode_text(name)}: {{"after": "{digest}", "before": null}}')
    return "{" + ", ".join(parts) + "}"


def field_changes(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> dict[str, Any]:
    """Digest before/after of each field whose value differs."""
    before = before or {}
    after = after or {}
    changes: dict[str, Any] = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old != new:
            changes[name] = {"before": value_digest(old), "after": value_digest(new)}
    return changes


def event_hash(
    seq: int,
    at: str,
    actor: str,
    action: str,
    table_name: str,
    record_uid: str | None,
    changes: str,
    prev_hash: str,
) -> str:
    # Byte for byte what json.dumps([...], ensure_ascii=False, separators=(",", ":")) gives
    # (stored chains were hashed that way), written out: it runs once per event.
    uid = "null" if record_uid is None else _encode_text(record_uid)
    payload = (
        f"[{int(seq)},{_encode_text(at)},{_encode_text(actor)},{_encode_text(action)},"
        f"{_encode_text(table_name)},{uid},{_encode_text(changes)},{_encode_text(prev_hash)}]"
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class PendingEvent:
    action: str
    table_name: str
    record_uid: str | None
    changes: Mapping[str, Any] | str  # a str is already encoded (``creation_json``)


class AuditLog:
    def __init__(self, actor: str) -> None:
        self.actor = actor

    def record(
        self,
        session: Session,
        action: str,
        table_name: str,
        record_uid: str | None,
        changes: Mapping[str, Any],
    ) -> None:
        self.record_many(session, [PendingEvent(action, table_name, record_uid, changes)])

    def hold(self, session: Session) -> None:
        """Take the audit chain for this transaction before its first write. Every writer
        then takes the chain before any row: one that took a row first (a record, its
        testimony's sort key) and then waited for the chain could wait on an import that
        holds the chain and wants that row, each for the other (a deadlock on a server)."""
        features(session.connection()).lock_audit_chain(session.connection())

    def record_many(self, session: Session, events: Iterable[PendingEvent]) -> int:
        """Append events in order; call inside the transaction of the writes they describe.

        The chain is held until that transaction ends (``lock_audit_chain``): on a server,
        another caseworker's save waits here instead of appending after the same last event."""
        features(session.connection()).lock_audit_chain(session.connection())
        last = session.execute(
            select(col(AuditEvent.id), col(AuditEvent.hash))
            .order_by(col(AuditEvent.id).desc())
            .limit(1)
        ).first()
        seq, prev = (last[0], last[1]) if last else (0, GENESIS)
        rows = []
        at = utc_now()
        actor = self.actor
        for event in events:
            seq += 1
            changes = (
                event.changes
                if isinstance(event.changes, str)
                else json.dumps(event.changes, ensure_ascii=False, sort_keys=True)
            )
            digest = event_hash(
                seq, at, actor, event.action, event.table_name, event.record_uid, changes, prev
            )
            rows.append(
                {
                    "id": seq,
                    "at": at,
                    "actor": actor,
                    "action": event.action,
                    "table_name": event.table_name,
                    "record_uid": event.record_uid,
                    "changes": changes,
                    "prev_hash": prev,
                    "hash": digest,
                }
            )
            prev = digest
        if rows:
            # Into the table, not the ORM entity: the ORM's bulk path sorted and grouped the
            # events of a 100,000-row import at more cost than the rows they describe.
            insert_rows(session.connection(), _EVENTS, rows)
            _set_head(session, f"{seq}:{prev}")
            # Other caseworkers' windows hear of it when this transaction commits.
            changed = {str(row["table_name"]) for row in rows if row["record_uid"] is not None}
            if changed:
                engine = features(session.connection())
                engine.announce_changes(session.connection(), changed)
                # The search index's analysed terms for what was just written (PostgreSQL).
                engine.analyse_written(session.connection())
        return len(rows)


_EVENTS = table_of(AuditEvent)


def _set_head(session: Session, value: str) -> None:
    set_meta(session, HEAD_KEY, value)


def audit_head(store: CaseStore) -> str | None:
    """The audit trail's head ("sequence:hash"): it moves with every audited write, so an
    answer computed at one head holds while the head stays (None: nothing audited yet)."""
    with store.session() as session:
        head = session.get(AppMeta, HEAD_KEY)
        return None if head is None else head.value


def set_meta(session: Session, key: str, value: str) -> None:
    """Set one ``app_meta`` fact (never record content) in the caller's transaction."""
    meta = session.get(AppMeta, key)
    if meta is None:
        session.add(AppMeta(key=key, value=value))
    else:
        meta.value = value
    session.flush()


def verify_chain(session: Session) -> list[Message]:
    """Problems found in the audit chain, each naming the event; empty when intact."""
    problems: list[Message] = []
    prev = GENESIS
    expected_seq = 1
    # Streamed: an archive of 100,000 testimonies holds close to a million events.
    result = session.execute(
        select(table_of(AuditEvent)).order_by(col(AuditEvent.id)).execution_options(yield_per=2000)
    )
    for row in result:
        seq = row.id
        if seq != expected_seq:
            problems.append(Message("audit.missing", event=expected_seq, next=seq))
        if row.prev_hash != prev:
            problems.append(Message("audit.broken_chain", event=seq))
        recomputed = event_hash(
            seq,
            row.at,
            row.actor,
            row.action,
            row.table_name,
            row.record_uid,
            row.changes,
            row.prev_hash,
        )
        if recomputed != row.hash:
            problems.append(Message("audit.hash_mismatch", event=seq))
        prev = row.hash
        expected_seq = seq + 1
    head = session.get(AppMeta, HEAD_KEY)
    count = session.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
    if head is None:
        if count:
            problems.append(Message("audit.no_head"))
    elif head.value != f"{expected_seq - 1}:{prev}":
        problems.append(Message("audit.truncated"))
    return problems


DEFAULT_EVENT_LIMIT = 50


@dataclass(frozen=True)
class EventSummary:
    """What a listing of the trail shows of one event: who did what to which record, and
    when; never the field digests or an export's details."""

    id: int
    at: str
    user: str  # the event's actor
    action: str
    table: str
    record_uid: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at,
            "user": self.user,
            "action": self.action,
            "table": self.table,
            "record_uid": self.record_uid,
        }


def list_events(
    session: Session,
    access: Access,
    limit: int = DEFAULT_EVENT_LIMIT,
    record_uid: str | None = None,
) -> list[EventSummary]:
    """The newest ``limit`` events, newest first; only those of ``record_uid`` if given.
    Who did what when is itself sensitive: NotAllowed without the right to read it."""
    access.require(Right.AUDIT)
    query = select(
        col(AuditEvent.id),
        col(AuditEvent.at),
        col(AuditEvent.actor),
        col(AuditEvent.action),
        col(AuditEvent.table_name),
        col(AuditEvent.record_uid),
    )
    if record_uid is not None:
        query = query.where(col(AuditEvent.record_uid) == record_uid)
    rows = session.execute(query.order_by(col(AuditEvent.id).desc()).limit(limit))
    return [EventSummary(*row) for row in rows]
