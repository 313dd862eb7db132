"""Undoing a CSV import (issue 12): what an import overwrote is kept, so it can be put back.

An import notes, in the encrypted database (table ``import_undo``), every record it created
and the previous values of the fields it changed on every record it updated, keyed by an
import id that its ``import`` audit event names. ``undo_import`` puts the previous values
back through the bulk update path (the same rules as any update, audited as updates) and
soft-deletes what the import created (audited as deletions), all in the caller's
transaction, then forgets the kept values. It refuses, changing nothing, when a record the
import touched was changed after it (or gained records of its own), naming the record by
kind and uid, never by content.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from sqlalchemy import delete, select, text
from sqlmodel import Session, col

from caseapp.models import AuditAction, AuditEvent, ImportUndo
from caseapp.models.audit import IMPORT_UNDOS, IMPORTS
from caseapp.models.base import table_of
from caseapp.services.access import Access, Right
from caseapp.services.audit import AuditLog
from caseapp.services.bulk import BulkWriter, JournalEntry
from caseapp.services.bulk_sql import insert_rows
from caseapp.services.errors import ServiceError, ValidationError
from caseapp.services.messages import Message, kind_message
from caseapp.services.record_kinds import KINDS, RecordKind
from caseapp.services.records import DEPENDANTS
from caseapp.services.validation import Validator

# Audit actions that change a record (a view or an export does not).
_CHANGES = (
    AuditAction.CREATE.value,
    AuditAction.UPDATE.value,
    AuditAction.DELETE.value,
    AuditAction.RESTORE.value,
    AuditAction.LINK.value,
)
_BY_TABLE: dict[str, RecordKind] = {kind.table: kind for kind in KINDS.values()}
UID_BATCH = 500  # uids per "IN (...)"


class UndoRefused(ServiceError):
    """The import cannot be undone; nothing was changed."""


@dataclass(frozen=True)
class ImportEntry:
    import_id: str
    at: str
    kind: str
    file: str  # the file's name, without its folder
    created: int
    updated: int
    undone: bool
    kept: int  # records whose undo is kept


@dataclass(frozen=True)
class UndoResult:
    import_id: str
    restored: int
    deleted: int


def undo_keeper(session: Session, import_id: str) -> Callable[[list[JournalEntry]], None]:
    """Where an import's journal goes, batch by batch: the rows that let ``import_id`` be
    undone, written in the import's own transaction (they vanish with it if it fails)."""
    table = table_of(ImportUndo)

    def keep(entries: list[JournalEntry]) -> None:
        rows = [
            {
                "import_id": import_id,
                "table_name": name,
                "record_uid": uid,
                "action": action,
                "before": json.dumps(before, ensure_ascii=False, sort_keys=True),
            }
            for action, name, uid, before in entries
        ]
        insert_rows(session.connection(), table, rows)

    return keep


def list_imports(session: Session) -> list[ImportEntry]:
    """Every import that can be named for undo, newest first."""
    undone = set()
    for (changes,) in session.execute(select(col(AuditEvent.changes)).where(text(IMPORT_UNDOS))):
        undone.add(json.loads(changes).get("import_id"))
    kept: dict[str, int] = {}
    for (import_id,) in session.execute(select(col(ImportUndo.import_id))):
        kept[import_id] = kept.get(import_id, 0) + 1
    entries = []
    rows = session.execute(
        select(col(AuditEvent.at), col(AuditEvent.changes))
        .where(text(IMPORTS))
        .order_by(col(AuditEvent.id).desc())
    )
    for at, changes in rows:
        details = json.loads(changes)
        import_id = details.get("import_id")
        if not import_id:
            continue  # an import made before imports could be undone
        entries.append(
            ImportEntry(
                import_id=import_id,
                at=at,
                kind=str(details.get("kind", "")),
                file=PurePath(str(details.get("file", ""))).name,
                created=int(details.get("created", 0)) + int(details.get("persons_created", 0)),
                updated=int(details.get("updated", 0)),
                undone=import_id in undone,
                kept=kept.get(import_id, 0),
            )
        )
    return entries


def undo_import(
    session: Session,
    validator: Validator,
    audit: AuditLog,
    access: Access,
    import_id: str | None = None,
) -> UndoResult:
    """Undo the import ``import_id`` (the last import when None) inside ``session``'s
    transaction; raise ``UndoRefused`` (the caller then rolls back) if it cannot be, and
    NotAllowed first if ``access`` may not import (an undo is an import's other half)."""
    access.require(Right.IMPORT)
    entries = list_imports(session)
    if import_id is None:
        if not entries:
            raise UndoRefused(Message("undo.no_import"))
        entry = entries[0]
    else:
        found = [e for e in entries if e.import_id == import_id]
        if not found:
            raise UndoRefused(Message("undo.unknown_import", import_id=import_id[:36]))
        entry = found[0]
    if entry.undone:
        raise UndoRefused(Message("undo.already_undone", import_id=entry.import_id))
    event_id = _import_event_id(session, entry.import_id)
    journal = session.execute(
        select(
            col(ImportUndo.table_name),
            col(ImportUndo.record_uid),
            col(ImportUndo.action),
            col(ImportUndo.before),
        )
        .where(col(ImportUndo.import_id) == entry.import_id)
        .order_by(col(ImportUndo.id))
    ).all()
    created = [(table, uid) for table, uid, action, _ in journal if action == "create"]
    created_set = set(created)
    updates: dict[tuple[str, str], dict[str, Any]] = {}
    for table, uid, action, before in journal:
        if action == "update" and (table, uid) not in created_set:
            previous = updates.setdefault((table, uid), {})
            for name, value in json.loads(before).items():
                previous.setdefault(name, value)  # the value before the import's first change
    _refuse_if_changed_after(session, event_id, [*created, *updates])
    writer = BulkWriter(session, validator, audit)
    by_kind: dict[str, list[tuple[int | None, str, Mapping[str, Any]]]] = {}
    for (table, uid), previous in updates.items():
        by_kind.setdefault(table, []).append((None, uid, previous))
    restored = 0
    for table, entries_of_kind in by_kind.items():
        kind = _BY_TABLE[table]
        try:
            restored += len(writer.update(kind, entries_of_kind))
        except ValidationError as exc:
            # A value the record had is no longer accepted (its code taken since, a
            # vocabulary term retired): say which field, never the value.
            field = exc.problems[0].field if exc.problems else ""
            raise UndoRefused(
                Message("undo.cannot_restore", kind=kind_message(kind.name), field=field)
            ) from None
    # After the restores: a record the import updated may have pointed at one it created.
    _refuse_if_referred_to(session, created_set)
    # Dependants were created after what they belong to: the last kinds created go first.
    by_table: dict[str, list[str]] = {}
    for table, uid in reversed(created):
        by_table.setdefault(table, []).append(uid)
    deleted = 0
    for table, uids in by_table.items():
        deleted += len(writer.soft_delete(_BY_TABLE[table], uids))
    session.execute(delete(ImportUndo).where(col(ImportUndo.import_id) == entry.import_id))
    audit.record(
        session,
        AuditAction.UNDO_IMPORT,
        "import_undo",
        None,
        {"import_id": entry.import_id, "restored": restored, "deleted": deleted},
    )
    return UndoResult(entry.import_id, restored, deleted)


def _import_event_id(session: Session, import_id: str) -> int:
    rows = session.execute(
        select(col(AuditEvent.id), col(AuditEvent.changes))
        .where(text(IMPORTS))
        .order_by(col(AuditEvent.id).desc())
    )
    for event_id, changes in rows:
        if json.loads(changes).get("import_id") == import_id:
            assert event_id is not None
            return int(event_id)
    raise UndoRefused(Message("undo.unknown_import", import_id=import_id))


def _refuse_if_changed_after(
    session: Session, event_id: int, touched: list[tuple[str, str]]
) -> None:
    """A record changed after the import would lose that change: refuse."""
    wanted = set(touched)
    later = session.execute(
        select(col(AuditEvent.table_name), col(AuditEvent.record_uid))
        .where(col(AuditEvent.id) > event_id, col(AuditEvent.action).in_(_CHANGES))
        .order_by(col(AuditEvent.id))
    )
    for table, uid in later:
        if (table, uid) in wanted:
            kind = _BY_TABLE[table]
            raise UndoRefused(
                Message("undo.changed_after", kind=kind_message(kind.name), uid=str(uid))
            )


def _referrers() -> dict[str, set[tuple[str, str]]]:
    """kind -> (kind, column) of every reference to it: dependants and references by rule."""
    found: dict[str, set[tuple[str, str]]] = {}
    for name, pairs in DEPENDANTS.items():
        found.setdefault(name, set()).update(pairs)
    for kind in KINDS.values():
        for rule in kind.rules.values():
            if rule.type == "ref" and rule.ref_kind and rule.column:
                found.setdefault(rule.ref_kind, set()).add((kind.name, rule.column))
    return found


def _refuse_if_referred_to(session: Session, created: set[tuple[str, str]]) -> None:
    """A record the import created that a live record made since refers to (a violation
    added to an imported testimony, a testimony naming an imported person) is not deleted
    from under it."""
    referrers = _referrers()
    by_table: dict[str, list[str]] = {}
    for table, uid in sorted(created):
        by_table.setdefault(table, []).append(uid)
    for table, uids in by_table.items():
        kind = _BY_TABLE[table]
        parent = table_of(kind.model)
        for child_name, column_name in sorted(referrers.get(kind.name, ())):
            child_kind = KINDS[child_name]
            child = table_of(child_kind.model)
            for start in range(0, len(uids), UID_BATCH):
                rows = session.execute(
                    select(parent.c.uid, child.c.uid)
                    .join(child, child.c[column_name] == parent.c.id)
                    .where(
                        parent.c.uid.in_(uids[start : start + UID_BATCH]),
                        child.c.deleted_at.is_(None),
                    )
                )
                for parent_uid, child_uid in rows:
                    if (child_kind.table, child_uid) not in created:
                        raise UndoRefused(
                            Message(
                                "undo.has_new_records",
                                kind=kind_message(kind.name),
                                uid=str(parent_uid),
                            )
                        )
