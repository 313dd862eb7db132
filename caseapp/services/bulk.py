"""The bulk path used by demo data, imports and generators.

Rows are validated with the same rules as single writes, then inserted with one
``executemany`` per kind and audited with one event per record, all in the caller's
transaction: either every row lands or none does. No ORM object is built per row.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlmodel import Session

from caseapp.models import AuditAction, new_uid, utc_now
from caseapp.models.base import column, table_of
from caseapp.services.audit import AuditLog, PendingEvent, creation_json, field_changes
from caseapp.services.bulk_sql import insert_rows
from caseapp.services.errors import FieldProblem, ValidationError, constraint_guard
from caseapp.services.messages import Message, kind_message
from caseapp.services.record_kinds import KINDS, RecordKind
from caseapp.services.records import (
    FOLLOWED_KINDS,
    code_taken,
    follow_up,
    generate_code,
    plan_update,
)
from caseapp.services.validation import Validator

MAX_REPORTED_PROBLEMS = 50
UID_CHUNK = 500  # uids per look-up of new ids (well under SQLite's parameter limit)


def live_ids(session: Session, kind_name: str, uids: Iterable[str]) -> dict[str, int]:
    """uid -> id of the live records of ``kind_name`` among ``uids``, read in batches through
    the uid index."""
    model = KINDS[kind_name].model
    wanted = sorted({u for u in uids if u})
    found: dict[str, int] = {}
    for start in range(0, len(wanted), UID_CHUNK):
        rows = session.execute(
            select(column(model, "uid"), column(model, "id")).where(
                column(model, "uid").in_(wanted[start : start + UID_CHUNK]),
                column(model, "deleted_at").is_(None),
            )
        )
        found.update((uid, row_id) for uid, row_id in rows)
    return found


def code_owners(
    session: Session, kind: RecordKind, codes: Iterable[Any]
) -> Callable[[str], str | None]:
    """code -> uid of the record of ``kind`` holding it (live or deleted), for ``codes`` read
    in batches through the code index; any other code asked for is looked up alone. (Reading
    every code of the kind first cost a million reads per batch at a million testimonies.)"""
    if "code" not in kind.rules:
        return lambda code: None
    model = kind.model
    owners: dict[str, str | None] = {}

    def read(wanted: Iterable[Any]) -> None:
        batch_list = sorted({c for c in wanted if isinstance(c, str) and c} - owners.keys())
        for start in range(0, len(batch_list), UID_CHUNK):
            batch = batch_list[start : start + UID_CHUNK]
            owners.update(dict.fromkeys(batch))
            rows = session.execute(
                select(column(model, "code"), column(model, "uid")).where(
                    column(model, "code").in_(batch)
                )
            )
            owners.update((code, uid) for code, uid in rows)

    def owner(code: str) -> str | None:
        if code not in owners:
            read([code])
        return owners.get(code)

    read(c.strip() if isinstance(c, str) else c for c in codes)
    return owner


class BulkResolver:
    """uid -> id of live records, read from the database a batch at a time (``prefetch``) and
    kept only until ``forget``. A map of every record of a kind, as it was, grew with the
    archive: an import of ten rows into a million testimonies read a million uids first."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._known: dict[str, dict[str, int | None]] = {}

    def prefetch(self, kind_name: str, uids: Iterable[Any]) -> None:
        """Read the ids of ``uids`` (None for one that names no live record) in batches."""
        known = self._known.setdefault(kind_name, {})
        wanted = {u for u in uids if isinstance(u, str) and u and u not in known}
        known.update(dict.fromkeys(wanted))
        known.update(live_ids(self.session, kind_name, wanted))

    def forget(self) -> None:
        """Let go of what was read (the records may change before the next batch)."""
        self._known.clear()

    def __call__(self, kind_name: str, uid: str) -> int | None:
        known = self._known.get(kind_name)
        if known is None or uid not in known:
            self.prefetch(kind_name, [uid])
        return self._known[kind_name].get(uid)

    def prefetch_refs(self, kind: RecordKind, items: Iterable[Mapping[str, Any]]) -> None:
        """Read the ids of every record ``items`` refer to, one kind of reference at a time."""
        refs = [(name, rule.ref_kind) for name, rule in kind.rules.items() if rule.type == "ref"]
        if not refs:
            return
        listed = items if isinstance(items, Sequence) else list(items)
        for name, ref_kind in refs:
            assert ref_kind is not None
            values = (item.get(name) for item in listed)
            self.prefetch(ref_kind, (v.strip() for v in values if isinstance(v, str)))


JournalEntry = tuple[str, str, str, Mapping[str, Any]]
"""(action "create" or "update", table, uid, previous values of the changed fields)."""

NOTHING_BEFORE: Mapping[str, Any] = {}  # what a created record had (one shared, empty)


class Journal:
    """What an import created and overwrote, handed on in batches (to the table that keeps
    it for undo, in the same transaction) rather than held to the end: held, it grew with the
    file (about 1 KB a row, 300 MB at 300,000). Counted as it passes, for the summary: per
    table, records created and changed, and how often each field changed."""

    BATCH = 2_000

    def __init__(self, sink: Callable[[list[JournalEntry]], None]) -> None:
        self._sink = sink
        self._pending: list[JournalEntry] = []
        self.created: Counter[str] = Counter()
        self.changed: Counter[str] = Counter()
        self.fields: dict[str, Counter[str]] = {}

    def add(self, action: str, table: str, uid: str, before: Mapping[str, Any]) -> None:
        if action == "create":
            self.created[table] += 1
        else:
            self.changed[table] += 1
            self.fields.setdefault(table, Counter()).update(list(before))  # field names
        self._pending.append((action, table, uid, before))
        if len(self._pending) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            self._sink(self._pending)
            self._pending = []


class BulkWriter:
    def __init__(self, session: Session, validator: Validator, audit: AuditLog) -> None:
        self.session = session
        self.validator = validator
        self.audit = audit
        audit.hold(session)  # before any row it writes (AuditLog.hold says why)
        self.resolver = BulkResolver(session)
        # When given, every record created and every update's previous values are noted in
        # it (an import keeps them so that it can be undone).
        self.journal: Journal | None = None

    def insert(
        self,
        kind: RecordKind,
        items: Sequence[Mapping[str, Any]],
        uids: Sequence[str | None] | None = None,
        first_row: int = 1,
        follow_ups: bool = True,
    ) -> list[str]:
        """Validate and insert ``items``; return their uids in order. ``uids`` may carry
        uids the rows must keep (imports, merges). ``follow_ups=False`` leaves out the writes
        a new record calls for (a region's first history entry) when the caller brings
        them itself (the demo carries each region's whole history)."""
        if not items:
            return []
        problems: list[FieldProblem] = []
        rows: list[dict[str, Any]] = []
        events: list[PendingEvent] = []
        now = utc_now()
        actor = self.audit.actor
        seen: dict[tuple[type, Any], str] = {}  # digests of short values, this call only
        followed = follow_ups and kind.name in FOLLOWED_KINDS
        created: list[tuple[str, dict[str, Any]]] = []
        self.resolver.forget()
        self.resolver.prefetch_refs(kind, items)
        cleaned: list[tuple[int, dict[str, Any], dict[str, Any], list[FieldProblem]]] = []
        found = 0
        for index, item in enumerate(items):
            columns, fields, row_problems = self.validator.clean(
                kind, item, self.resolver, row=first_row + index
            )
            if kind.generated_code and not fields.get("code"):
                columns["code"] = fields["code"] = generate_code(kind.generated_code)
            cleaned.append((index, columns, fields, row_problems))
            found += len(row_problems)
            if found >= MAX_REPORTED_PROBLEMS:
                break
        # Codes and one-per values already taken: only those these rows hold are looked up.
        codes = (
            self._present(kind, "code", [c.get("code") for _, c, _, _ in cleaned])
            if "code" in kind.rules
            else set()
        )
        taken = {
            name: self._present(kind, column_name, [c.get(column_name) for _, c, _, _ in cleaned])
            for name in kind.one_per
            if (column_name := kind.rules[name].column) is not None
        }
        for index, columns, fields, row_problems in cleaned:
            row_number = first_row + index
            code = columns.get("code")
            if code is not None and "code" in kind.rules:
                if code in codes:
                    row_problems.append(FieldProblem("code", code_taken(kind, code), row_number))
                codes.add(code)
            for name, used in taken.items():
                column_name = kind.rules[name].column
                target = columns.get(column_name or "")
                if target is not None:
                    if target in used:
                        row_problems.append(
                            FieldProblem(
                                name,
                                Message("record.one_per_taken", kind=kind_message(kind.name)),
                                row_number,
                            )
                        )
                    used.add(target)
            if row_problems:
                problems += row_problems
                if len(problems) >= MAX_REPORTED_PROBLEMS:
                    break
                continue
            uid = (uids[index] if uids else None) or new_uid()
            columns.update(
                uid=uid, created_at=now, updated_at=now, created_by=actor, updated_by=actor
            )
            rows.append(columns)
            if followed:
                created.append((uid, fields))
            events.append(
                PendingEvent(AuditAction.CREATE, kind.table, uid, creation_json(fields, seen))
            )
        if problems:
            raise ValidationError(problems)
        model = kind.model
        table = table_of(model)
        full_rows = [with_defaults(kind, row) for row in rows]
        # One executemany of plain dicts into the table (not the ORM entity, whose bulk path
        # splits rows into groups and splices their RETURNING results, quadratic in the
        # batch). A record that refers to these looks their ids up when it is written.
        with constraint_guard():
            insert_rows(self.session.connection(), table, full_rows)
        new_uids = [row["uid"] for row in full_rows]
        self.audit.record_many(self.session, events)
        if self.journal is not None:
            for uid in new_uids:
                self.journal.add("create", kind.table, uid, NOTHING_BEFORE)
        for uid, fields in created:
            follow_up(self._create_one, self.session, kind, uid, None, fields)
        return new_uids

    def update(
        self, kind: RecordKind, entries: Sequence[tuple[int | None, str, Mapping[str, Any]]]
    ) -> set[str]:
        """Update live records by uid, each ``(row number, uid, changes)``, with the rules of
        a single update (``plan_update``); return the uids that changed. Raise
        ValidationError (problems named by row) and write nothing if any entry is refused."""
        if not entries:
            return set()
        table = table_of(kind.model)
        current = self._current(kind, [uid for _, uid, _ in entries])
        owners = code_owners(self.session, kind, (changes.get("code") for _, _, changes in entries))
        self.resolver.forget()
        self.resolver.prefetch_refs(kind, [changes for _, _, changes in entries])
        now, actor = utc_now(), self.audit.actor
        params: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        events: list[PendingEvent] = []
        problems: list[FieldProblem] = []
        planned: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
        for number, uid, changes in entries:
            found = current.get(uid)
            if found is None or found[2]:
                problems.append(_missing(kind, uid, found is not None, number))
                continue
            row_id, before, _deleted = found
            plan, found_problems = plan_update(
                self.validator, kind, uid, before, changes, self.resolver, owners, number
            )
            if found_problems:
                problems += found_problems
                if len(problems) >= MAX_REPORTED_PROBLEMS:
                    break
                continue
            if not plan.diff:
                continue
            values = {**plan.columns, "updated_at": now, "updated_by": actor, "b_id": row_id}
            params.setdefault(tuple(sorted(values)), []).append(values)
            events.append(PendingEvent(AuditAction.UPDATE, kind.table, uid, plan.diff))
            planned.append((uid, before, plan.after))
            if self.journal is not None:
                previous = {name: before.get(name) for name in plan.diff}
                self.journal.add("update", kind.table, uid, previous)
        if problems:
            raise ValidationError(problems)
        statement = update(table).where(table.c.id == bindparam("b_id"))
        with constraint_guard():
            for group in params.values():
                self.session.execute(statement, group)
        self.audit.record_many(self.session, events)
        for uid, before, after in planned:
            follow_up(self._create_one, self.session, kind, uid, before, after)
        return {uid for uid, _, _ in planned}

    def soft_delete(self, kind: RecordKind, uids: Sequence[str]) -> list[str]:
        """Soft-delete the live records among ``uids``, audited as deletions the way
        ``RecordService.delete`` audits them; return the uids deleted, in the order given.
        No cascade: the caller names every record to delete (an undone import names all it
        created, after checking that nothing else refers to them)."""
        table = table_of(kind.model)
        now, actor = utc_now(), self.audit.actor
        deleted: list[str] = []
        for start in range(0, len(uids), UID_CHUNK):
            batch = list(uids[start : start + UID_CHUNK])
            live = set(
                self.session.execute(
                    select(table.c.uid).where(table.c.uid.in_(batch), table.c.deleted_at.is_(None))
                ).scalars()
            )
            if not live:
                continue
            self.session.execute(
                update(table)
                .where(table.c.uid.in_(sorted(live)))
                .values(deleted_at=now, updated_at=now, updated_by=actor)
            )
            deleted += [uid for uid in batch if uid in live]
        change = field_changes({"deleted_at": None}, {"deleted_at": now})
        self.audit.record_many(
            self.session, [PendingEvent(AuditAction.DELETE, kind.table, u, change) for u in deleted]
        )
        return deleted

    def _create_one(self, kind: RecordKind, data: Mapping[str, Any]) -> str:
        return self.insert(kind, [data])[0]

    def _current(
        self, kind: RecordKind, uids: list[str]
    ) -> dict[str, tuple[int, dict[str, Any], bool]]:
        """uid -> (id, field values as the services see them: references as uids, deleted)."""
        table = table_of(kind.model)
        rows: list[Any] = []
        for start in range(0, len(uids), UID_CHUNK):
            batch = uids[start : start + UID_CHUNK]
            rows += self.session.execute(select(table).where(table.c.uid.in_(batch))).all()
        ref_uids: dict[str, dict[int, str]] = {}
        for name, rule in kind.rules.items():
            if rule.type != "ref":
                continue
            assert rule.column is not None and rule.ref_kind is not None
            ids = sorted({getattr(r, rule.column) for r in rows} - {None})
            target = table_of(KINDS[rule.ref_kind].model)
            found = ref_uids.setdefault(name, {})
            for start in range(0, len(ids), UID_CHUNK):
                result = self.session.execute(
                    select(target.c.id, target.c.uid).where(
                        target.c.id.in_(ids[start : start + UID_CHUNK])
                    )
                )
                found.update((row_id, uid) for row_id, uid in result)
        current: dict[str, tuple[int, dict[str, Any], bool]] = {}
        for r in rows:
            fields: dict[str, Any] = {}
            for name, rule in kind.rules.items():
                if rule.type == "ref":
                    assert rule.column is not None
                    target_id = getattr(r, rule.column)
                    fields[name] = None if target_id is None else ref_uids[name][target_id]
                else:
                    fields[name] = getattr(r, name)
            current[r.uid] = (r.id, fields, r.deleted_at is not None)
        return current

    def _present(self, kind: RecordKind, column_name: str, values: Iterable[Any]) -> set[Any]:
        """Those of ``values`` that some record of ``kind`` (live or deleted) holds in
        ``column_name``, looked up in batches through the column's index."""
        wanted = list({v for v in values if v is not None})
        present: set[Any] = set()
        target = column(kind.model, column_name)
        for start in range(0, len(wanted), UID_CHUNK):
            batch = wanted[start : start + UID_CHUNK]
            present.update(self.session.execute(select(target).where(target.in_(batch))).scalars())
        return present


def _missing(kind: RecordKind, uid: str, deleted: bool, row: int | None) -> FieldProblem:
    if deleted:
        return FieldProblem(
            "uid",
            Message("record.deleted_restore", kind=kind_message(kind.name), record=uid),
            row,
        )
    return FieldProblem(
        "uid", Message("record.not_found", kind=kind_message(kind.name), uid=uid), row
    )


def with_defaults(kind: RecordKind, row: dict[str, Any]) -> dict[str, Any]:
    # executemany needs the same keys in every row; fill what a row left out with the
    # column defaults the model declares.
    missing = [(name, default) for name, default in _defaults(kind) if name not in row]
    if not missing:
        return row
    full = dict(row)
    for name, default in missing:
        full[name] = default(None) if callable(default) else default
    return full


_DEFAULTS: dict[str, list[tuple[str, Any]]] = {}


def _defaults(kind: RecordKind) -> list[tuple[str, Any]]:
    """(column, default value or callable) of every column but the id, read once per kind."""
    found = _DEFAULTS.get(kind.name)
    if found is None:
        found = []
        for col in table_of(kind.model).columns:
            if col.name == "id":
                continue
            default: Any = col.default
            found.append((col.name, None if default is None else default.arg))
        _DEFAULTS[kind.name] = found
    return found
