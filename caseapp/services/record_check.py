"""Every stored record against the state its audit events describe.

The audit trail keeps, per field, digests of the value before and after each write. Replaying
a record's events (create, update, delete, restore) gives the digest each field must have
now; a field whose current value digests differently was changed without the app, a row
whose uid no event created was inserted without it, and a record the events describe with
no row was deleted without it. ``deleted_at`` is one of the fields, so a soft deletion or a
restore made behind the app's back shows too.

Made for large archives: one pass over each table in id order, 500 rows at a time, each
batch's events read together through the audit index of records (a record's events were
mostly written with it, so they sit together); plain rows (no ORM object per row); per record
only the first 16 bytes of each field's digest, side by side in one ``bytes``. Memory holds
one batch, whatever the archive's size.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, Table, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from caseapp.models import Attachment, AuditAction, AuditEvent
from caseapp.models.base import table_of
from caseapp.services.audit import value_digest
from caseapp.services.messages import Message, kind_message
from caseapp.services.record_kinds import KINDS

WIDTH = 16  # bytes of each field's SHA-256 digest kept per record (128 bits)
HEX = 2 * WIDTH
EMPTY = bytes(WIDTH)  # a field without a value (None): the audit leaves it out
MAX_LISTED = 200  # problems listed by name; more are counted
SHORT_VALUE = 64  # values up to this length have their digests cached during one check
CACHED_VALUES = 4096  # digests kept per column at most

_REPLAYED = (AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE, AuditAction.RESTORE)
_CREATE = AuditAction.CREATE.value
BATCH = 500  # rows checked at a time, their events read together


@dataclass(frozen=True)
class Audited:
    """One audited table: its kind's name (for messages), its fields in a fixed order and
    the SELECT that reads ``id``, ``uid`` and each field's value as the audit digested it
    (a reference as the other record's uid)."""

    kind: str
    table: str
    fields: tuple[str, ...]
    query: Select[Any]
    initial_parts: tuple[bytes, ...]  # the state a create starts from: column defaults
    rows: Table  # the table itself

    @property
    def initial(self) -> bytes:
        return b"".join(self.initial_parts)

    def slot(self) -> dict[str, int]:
        return {name: index for index, name in enumerate(self.fields)}


def audited_tables() -> list[Audited]:
    found = []
    for kind in KINDS.values():
        table = table_of(kind.model)
        names: list[str] = []
        columns: list[Any] = [table.c.id, table.c.uid]
        query_from: Any = table
        for name, rule in kind.rules.items():
            if rule.type == "ref":
                assert rule.column is not None and rule.ref_kind is not None
                target = aliased(table_of(KINDS[rule.ref_kind].model), name=f"ref_{name}")
                query_from = query_from.outerjoin(target, target.c.id == table.c[rule.column])
                columns.append(target.c.uid.label(name))
            else:
                columns.append(table.c[name])
            names.append(name)
        names.append("deleted_at")
        columns.append(table.c.deleted_at)
        query = select(*columns).select_from(query_from).order_by(table.c.id)
        found.append(
            Audited(kind.name, kind.table, tuple(names), query, _initial(table, names), table)
        )
    # Attachments are audited with the fields their intake records (services/attachments.py).
    attachment = table_of(Attachment)
    testimony = aliased(table_of(KINDS["testimony"].model), name="ref_testimony")
    query = (
        select(
            attachment.c.id,
            attachment.c.uid,
            testimony.c.uid.label("testimony_uid"),
            attachment.c.file_name,
            attachment.c.size,
            attachment.c.sha256,
            attachment.c.deleted_at,
        )
        .select_from(attachment.outerjoin(testimony, testimony.c.id == attachment.c.testimony_id))
        .order_by(attachment.c.id)
    )
    fields = ("testimony_uid", "file_name", "size", "sha256", "deleted_at")
    found.append(
        Audited("attachment", "attachment", fields, query, _initial(attachment, fields), attachment)
    )
    return found


def _initial(table: Table, fields: Sequence[str]) -> tuple[bytes, ...]:
    """Each field's column default, digested. A create event leaves out what its writer
    did not set: the bulk path (imports, the demo, generators) audits the fields it was
    given and the row gets the column defaults for the rest (a history entry's empty
    note), which is what the row held from the start."""
    parts = []
    for name in fields:
        column = table.c.get(name)
        default: Any = None if column is None else getattr(column.default, "arg", None)
        parts.append(EMPTY if default is None or callable(default) else _cut(value_digest(default)))
    return tuple(parts)


class Problems:
    """The problems found, the first ``MAX_LISTED`` by name, the rest counted."""

    def __init__(self) -> None:
        self.listed: list[Message] = []
        self.more = 0

    def add(self, message: Message) -> None:
        if len(self.listed) < MAX_LISTED:
            self.listed.append(message)
        else:
            self.more += 1

    def messages(self) -> list[Message]:
        if self.more:
            return [*self.listed, Message("verify.more", count=self.more)]
        return list(self.listed)


def _row_digests(columns: int) -> Callable[[Sequence[Any]], bytes]:
    """The state of a row: for each value the audit's own digest (``value_digest``) cut to
    ``WIDTH`` bytes, side by side. A column holds one type of value, so each has its own
    cache, keyed by the value; short values (statuses, languages, yes/no, dates, uids of
    what a record refers to) are digested once per check."""
    caches: list[dict[Any, bytes]] = [{None: EMPTY} for _ in range(columns)]
    fromhex = bytes.fromhex

    def state(values: Sequence[Any]) -> bytes:
        parts = []
        for cache, value in zip(caches, values, strict=True):
            found = cache.get(value)
            if found is None:
                found = fromhex(value_digest(value)[:HEX])  # type: ignore[index]
                if type(value) is not str or len(value) <= SHORT_VALUE:
                    if len(cache) >= CACHED_VALUES:
                        # Short but not repeating (codes, titles, the uids of what records
                        # refer to): kept whole, a column's cache grew with the archive
                        # (360 MB at a million testimonies). The repeating ones come back.
                        cache.clear()
                        cache[None] = EMPTY
                    cache[value] = found
            parts.append(found)
        return b"".join(parts)

    return state


def _cut(digest: str | None) -> bytes:
    return EMPTY if not digest else bytes.fromhex(digest[:HEX])


def verify_records(session: Session) -> list[Message]:
    """Problems where a stored record and its audit events disagree; empty when none."""
    problems = Problems()
    for audited in audited_tables():
        _check_table(session, audited, problems)
    return problems.messages()


def _check_table(session: Session, audited: Audited, problems: Problems) -> None:
    """Each row of ``audited`` (in id order, ``BATCH`` at a time) against its own events,
    read for the batch through the audit index of records; then the records the events
    describe that have no row. What is held is one batch: a map of every record's replayed
    state had grown with the archive (367 MB at 100,000 testimonies)."""
    kind = kind_message(audited.kind)
    slot = audited.slot()
    row_state = _row_digests(len(audited.fields))
    result = session.execute(audited.query.execution_options(yield_per=BATCH))
    for rows in result.partitions(BATCH):
        events = _events_of(session, audited.table, [row[1] for row in rows])
        for row in rows:
            row_id, uid = row[0], row[1]
            replayed = _replay(audited, slot, uid, events.get(uid, ()), kind, problems)
            if replayed is None:
                problems.add(Message("verify.unaudited_row", kind=kind, row=row_id, uid=uid))
                continue
            state = row_state(row[2:])
            if replayed != state:
                _report_fields(audited, kind, uid, replayed, state, problems)
    for uid in _described_without_row(session, audited):
        problems.add(Message("verify.row_missing", kind=kind, uid=uid))


def _events_of(
    session: Session, table_name: str, uids: list[str]
) -> dict[str, list[tuple[int, str, str]]]:
    """uid -> its replayed events (id, action, changes), oldest first."""
    events = table_of(AuditEvent)
    found: dict[str, list[tuple[int, str, str]]] = {}
    rows = session.execute(
        select(events.c.record_uid, events.c.id, events.c.action, events.c.changes)
        .where(
            events.c.record_uid.in_(uids),
            events.c.table_name == table_name,
            events.c.action.in_([a.value for a in _REPLAYED]),
        )
        .order_by(events.c.id)
    )
    for uid, event_id, action, changes in rows:
        found.setdefault(uid, []).append((event_id, action, changes))
    return found


def _replay(
    audited: Audited,
    slot: dict[str, int],
    uid: str,
    events: Sequence[tuple[int, str, str]],
    kind: Message,
    problems: Problems,
) -> bytes | None:
    """The state ``events`` describe (each field's digest cut to ``WIDTH``), reporting an
    event whose "before" is not the state before it; None when no event created the record
    (rows written outside the app, then edited in it: reported as not created, not field
    by field)."""
    state: bytearray | None = None
    created = False
    for event_id, action, changes in events:
        try:
            diff = json.loads(changes)
        except ValueError:
            diff = None
        if not isinstance(diff, dict):
            continue  # an event the chain check already vouches for; nothing to replay
        if action == _CREATE:  # nearly every record's only event: defaults, then the fields
            parts = list(audited.initial_parts)
            for name, change in diff.items():
                index = slot.get(name)
                if index is not None and isinstance(change, dict):
                    after = change.get("after")
                    parts[index] = bytes.fromhex(after[:HEX]) if after else EMPTY
            state, created = bytearray(b"".join(parts)), True
            continue
        if state is None:
            state = bytearray(audited.initial)
        for name, change in diff.items():
            index = slot.get(name)
            if index is None or not isinstance(change, dict):
                continue
            start = index * WIDTH
            if created and _cut(change.get("before")) != state[start : start + WIDTH]:
                problems.add(
                    Message(
                        "verify.changed_before_event",
                        kind=kind_message(audited.kind),
                        uid=uid,
                        field=name,
                        event=event_id,
                    )
                )
            state[start : start + WIDTH] = _cut(change.get("after"))
    return bytes(state) if created and state is not None else None


def _report_fields(
    audited: Audited, kind: Message, uid: str, replayed: bytes, state: bytes, problems: Problems
) -> None:
    for index, name in enumerate(audited.fields):
        start = index * WIDTH
        if replayed[start : start + WIDTH] == state[start : start + WIDTH]:
            continue
        if name == "deleted_at":
            problems.add(Message("verify.deletion_changed", kind=kind, uid=uid))
        else:
            problems.add(Message("verify.field_changed", kind=kind, uid=uid, field=name))


def _described_without_row(session: Session, audited: Audited) -> Iterator[str]:
    """The records of ``audited`` that replayed events name and no row holds (deleted
    outside the app), from the audit index of records, in uid order."""
    events = table_of(AuditEvent)
    rows = audited.rows
    statement = (
        select(events.c.record_uid)
        .where(
            events.c.table_name == audited.table,
            events.c.record_uid.is_not(None),
            events.c.action.in_([a.value for a in _REPLAYED]),
            ~select(rows.c.id).where(rows.c.uid == events.c.record_uid).exists(),
        )
        .distinct()
        .order_by(events.c.record_uid)
    )
    for (uid,) in session.execute(statement.execution_options(yield_per=BATCH)):
        yield str(uid)
