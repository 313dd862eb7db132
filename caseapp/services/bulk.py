"""The bulk path used by demo data, imports and generators.

Rows are validated with the same rules as single writes, then inserted with one
``executemany`` per kind and audited with one event per record, all in the caller's
transaction: either every row lands or none does. No ORM object is built per row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from caseapp.models import AuditAction, new_uid, utc_now
from caseapp.models.base import column, table_of
from caseapp.services.audit import AuditLog, PendingEvent, creation_json
from caseapp.services.bulk_sql import insert_rows
from caseapp.services.errors import FieldProblem, ValidationError, constraint_guard
from caseapp.services.messages import Message, kind_message
from caseapp.services.record_kinds import KINDS, RecordKind
from caseapp.services.records import code_taken, generate_code
from caseapp.services.validation import Validator

MAX_REPORTED_PROBLEMS = 50
UID_CHUNK = 500  # uids per look-up of new ids (well under SQLite's parameter limit)


class BulkResolver:
    """uid -> id for live records, loaded once per kind, plus rows added in this batch."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._maps: dict[str, dict[str, int]] = {}

    def map_for(self, kind_name: str) -> dict[str, int]:
        if kind_name not in self._maps:
            model = KINDS[kind_name].model
            rows = self.session.execute(
                select(column(model, "uid"), column(model, "id")).where(
                    column(model, "deleted_at").is_(None)
                )
            )
            self._maps[kind_name] = {uid: row_id for uid, row_id in rows}
        return self._maps[kind_name]

    def __call__(self, kind_name: str, uid: str) -> int | None:
        return self.map_for(kind_name).get(uid)


class BulkWriter:
    def __init__(self, session: Session, validator: Validator, audit: AuditLog) -> None:
        self.session = session
        self.validator = validator
        self.audit = audit
        self.resolver = BulkResolver(session)

    def insert(
        self,
        kind: RecordKind,
        items: Sequence[Mapping[str, Any]],
        uids: Sequence[str | None] | None = None,
        first_row: int = 1,
    ) -> list[str]:
        """Validate and insert ``items``; return their uids in order. ``uids`` may carry
        uids the rows must keep (imports, merges)."""
        if not items:
            return []
        problems: list[FieldProblem] = []
        rows: list[dict[str, Any]] = []
        events: list[PendingEvent] = []
        now = utc_now()
        codes = self._existing_codes(kind)
        taken = {name: self._taken(kind, name) for name in kind.one_per}
        actor = self.audit.actor
        seen: dict[tuple[type, Any], str] = {}  # digests of short values, this call only
        for index, item in enumerate(items):
            row_number = first_row + index
            columns, fields, row_problems = self.validator.clean(
                kind, item, self.resolver, row=row_number
            )
            if kind.generated_code and not fields.get("code"):
                columns["code"] = fields["code"] = generate_code(kind.generated_code)
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
            events.append(
                PendingEvent(AuditAction.CREATE, kind.table, uid, creation_json(fields, seen))
            )
        if problems:
            raise ValidationError(problems)
        model = kind.model
        table = table_of(model)
        full_rows = [_with_defaults(kind, row) for row in rows]
        # One executemany of plain dicts into the table (not the ORM entity, whose bulk path
        # splits rows into groups and splices their RETURNING results, quadratic in the
        # batch); then the new ids are read back by uid through the unique index.
        with constraint_guard():
            insert_rows(self.session.connection(), table, full_rows)
        new_uids = [row["uid"] for row in full_rows]
        added = self.resolver.map_for(kind.name)
        for start in range(0, len(new_uids), UID_CHUNK):
            chunk = new_uids[start : start + UID_CHUNK]
            found = self.session.execute(
                select(table.c.uid, table.c.id).where(table.c.uid.in_(chunk))
            )
            added.update((uid, row_id) for uid, row_id in found)
        self.audit.record_many(self.session, events)
        return new_uids

    def _taken(self, kind: RecordKind, name: str) -> set[Any]:
        column_name = kind.rules[name].column
        assert column_name is not None
        return set(self.session.execute(select(column(kind.model, column_name))).scalars())

    def _existing_codes(self, kind: RecordKind) -> set[Any]:
        if "code" not in kind.rules:
            return set()
        return set(self.session.execute(select(column(kind.model, "code"))).scalars())


def _with_defaults(kind: RecordKind, row: dict[str, Any]) -> dict[str, Any]:
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
