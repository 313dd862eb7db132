"""Create, update, soft-delete and restore any kind of record, each write audited in the
same transaction as the write itself."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlmodel import Session

from caseapp.models import AuditAction, RecordBase, new_uid, utc_now
from caseapp.models.base import column
from caseapp.services.access import Access, Right
from caseapp.services.audit import AuditLog, field_changes
from caseapp.services.errors import (
    FieldProblem,
    NotFound,
    RecordChanged,
    ValidationError,
    constraint_guard,
)
from caseapp.services.messages import Message, kind_message
from caseapp.services.record_kinds import KINDS, RecordKind, kind_named
from caseapp.services.region_history import record_history
from caseapp.services.validation import RefResolver, Validator
from caseapp.services.vault import SEALED_COLUMN, SEALED_FIELDS, Vault
from caseapp.store import CaseStore

# Deleting a parent hides its dependants with the same stamp; restoring brings them back.
DEPENDANTS: dict[str, tuple[tuple[str, str], ...]] = {
    "testimony": (
        ("violation", "testimony_id"),
        ("consent", "testimony_id"),
        ("state_response_link", "testimony_id"),
    ),
    "violation": (("state_response_link", "violation_id"),),
    "person": (("identity", "person_id"),),
    "region": (("region_history", "region_protection_id"),),
    "state_response": (("state_response_link", "state_response_id"),),
}


def session_resolver(session: Session) -> RefResolver:
    def resolve(kind_name: str, uid: str) -> int | None:
        model = KINDS[kind_name].model
        return session.execute(
            select(column(model, "id")).where(
                column(model, "uid") == uid, column(model, "deleted_at").is_(None)
            )
        ).scalar_one_or_none()

    return resolve


def one_per_problems(
    session: Session, kind: RecordKind, columns: Mapping[str, Any], own_id: int | None = None
) -> list[FieldProblem]:
    """A second consent for a testimony (or vault entry for a person) is refused clearly."""
    problems = []
    for name in kind.one_per:
        column_name = kind.rules[name].column
        assert column_name is not None
        target = columns.get(column_name)
        if target is None:
            continue
        existing = session.execute(
            select(column(kind.model, "id"), column(kind.model, "deleted_at")).where(
                column(kind.model, column_name) == target
            )
        ).first()
        if existing is None or existing[0] == own_id:
            continue
        if existing[1] is None:
            problems.append(
                FieldProblem(name, Message("record.one_per_taken", kind=kind_message(kind.name)))
            )
        else:
            problems.append(
                FieldProblem(name, Message("record.one_per_deleted", kind=kind_message(kind.name)))
            )
    return problems


@dataclass(frozen=True)
class PlannedUpdate:
    """A checked change of one record: what to write, the record after it, the audit diff
    (empty when the change changes nothing)."""

    columns: dict[str, Any]
    after: dict[str, Any]
    diff: dict[str, Any]


def plan_update(
    validator: Validator,
    kind: RecordKind,
    uid: str,
    before: Mapping[str, Any],
    changes: Mapping[str, Any],
    resolve: RefResolver,
    code_owner: Callable[[str], str | None],
    row: int | None = None,
) -> tuple[PlannedUpdate, list[FieldProblem]]:
    """The rules of an update, the same for a single save and a bulk one (an import):
    validation against the record as stored, a code that stays set and unique."""
    columns, fields, problems = validator.clean(kind, changes, resolve, base=before, row=row)
    if "code" in columns and "code" in kind.rules:
        code = columns["code"]
        if kind.generated_code and not code:
            problems.append(FieldProblem("code", Message("field.empty"), row))
        elif code and code_owner(code) not in (None, uid):
            problems.append(FieldProblem("code", code_taken(kind, code), row))
    after = {**before, **fields}
    return PlannedUpdate(columns, after, field_changes(dict(before), after)), problems


# The kinds whose saves call for further writes (see ``follow_up``).
FOLLOWED_KINDS = frozenset({"region"})

# Creates a record in the caller's transaction and returns its uid.
CreateIn = Callable[[RecordKind, Mapping[str, Any]], str]


def follow_up(
    create: CreateIn,
    session: Session,
    kind: RecordKind,
    uid: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any],
) -> None:
    """The writes a saved record calls for, in its transaction, whichever path saved it (a
    single write, a bulk write, an import): today a region's protection-status history."""
    if kind.name == "region":  # keep FOLLOWED_KINDS in step
        history = KINDS["region_history"]
        record_history(session, lambda entry: create(history, entry), uid, before, after)


def code_taken(kind: RecordKind, code: str) -> Message:
    """The one wording of a code another record of ``kind`` has (a single save, the bulk
    writer and the import say it alike)."""
    return Message("record.code_taken", code=code, kind=kind_message(kind.name))


def generate_code(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8].upper()}"


def row_fields(session: Session, kind: RecordKind, row: RecordBase) -> dict[str, Any]:
    """The record as field values (references as uids), as the services take them."""
    fields: dict[str, Any] = {}
    for name, rule in kind.rules.items():
        if rule.type == "ref":
            assert rule.column is not None and rule.ref_kind is not None
            target_id = getattr(row, rule.column)
            if target_id is None:
                fields[name] = None
            else:
                model = KINDS[rule.ref_kind].model
                fields[name] = session.execute(
                    select(column(model, "uid")).where(column(model, "id") == target_id)
                ).scalar_one()
        else:
            fields[name] = getattr(row, name)
    return fields


# Kinds whose stored values only some roles may read (anyone with CREATE may write them).
VAULT_KINDS = frozenset({"identity"})
SEALED_STORED = (*SEALED_FIELDS, SEALED_COLUMN)  # what sealing sets in a stored entry


def _without_sealed(data: Mapping[str, Any]) -> dict[str, Any]:
    """Input for a vault entry: the sealed box is made by the service, never taken in."""
    return {name: value for name, value in data.items() if name != SEALED_COLUMN}


class RecordService:
    """Every single-record write and read, checked against ``access`` (the unlocked user's
    rights) before anything is read or written."""

    def __init__(
        self,
        store: CaseStore,
        validator: Validator,
        audit: AuditLog,
        access: Access,
        vault: Vault,
    ) -> None:
        self.store = store
        self.validator = validator
        self.audit = audit
        self.access = access
        self.vault = vault

    @property
    def actor(self) -> str:
        return self.audit.actor

    def create(self, kind_name: str, data: Mapping[str, Any]) -> str:
        kind = kind_named(kind_name)
        self.access.require(Right.CREATE)
        with constraint_guard(), self.store.session() as session:
            return self.create_in(session, kind, data)

    def create_in(self, session: Session, kind: RecordKind, data: Mapping[str, Any]) -> str:
        self.audit.hold(session)
        if kind.name in VAULT_KINDS:
            data = _without_sealed(data)
        columns, fields, problems = self.validator.clean(kind, data, session_resolver(session))
        if kind.generated_code and not fields.get("code"):
            columns["code"] = fields["code"] = generate_code(kind.generated_code)
        code = columns.get("code")
        if "code" in kind.rules and code and self._code_owner(session, kind, code) is not None:
            problems.append(FieldProblem("code", code_taken(kind, code)))
        problems += one_per_problems(session, kind, columns)
        if problems:
            raise ValidationError(problems)
        self._require_parent_change(session, kind, columns)
        if kind.name in VAULT_KINDS:  # checked as typed, stored sealed
            columns = self.vault.sealed_columns(columns, {})
        now = utc_now()
        uid = new_uid()
        row = kind.model(
            uid=uid,
            created_at=now,
            updated_at=now,
            created_by=self.actor,
            updated_by=self.actor,
            **columns,
        )
        session.add(row)
        session.flush()
        after = row_fields(session, kind, row)
        self.audit.record(session, AuditAction.CREATE, kind.table, uid, field_changes(None, after))
        follow_up(self._creator(session), session, kind, uid, None, after)
        return uid

    def update(
        self,
        kind_name: str,
        uid: str,
        changes: Mapping[str, Any],
        expected: str | None = None,
    ) -> None:
        """Change fields of a record. ``expected``: the record's ``updated_at`` when the
        person loaded it; if anyone saved it since, RecordChanged and nothing is written
        (the row is locked while checked, so two saves at once cannot both pass)."""
        kind = kind_named(kind_name)
        with constraint_guard(), self.store.session() as session:
            self.audit.hold(session)
            row = self._live_row(session, kind, uid, lock=expected is not None)
            _check_unchanged(kind, row, expected)
            self.access.require_change(row.created_by)
            before = row_fields(session, kind, row)
            stored = before
            if kind.name in VAULT_KINDS:
                # A change of an entry is made to the entry as it reads: opened first (only a
                # slot holding the vault key can), then sealed again whole.
                self.access.require(Right.READ_VAULT)
                changes = _without_sealed(changes)
                before = {**before, **self.vault.open(before.get(SEALED_COLUMN), uid)}
            plan, problems = plan_update(
                self.validator,
                kind,
                uid,
                before,
                changes,
                session_resolver(session),
                lambda code: self._code_owner(session, kind, code),
            )
            problems += one_per_problems(session, kind, plan.columns, row.id)
            if problems:
                raise ValidationError(problems)
            if not plan.diff:
                return
            if kind.name in VAULT_KINDS:
                plan = self._sealed_plan(plan, before, stored)
            for name, value in plan.columns.items():
                setattr(row, name, value)
            row.updated_at = utc_now()
            row.updated_by = self.actor
            session.add(row)
            session.flush()
            self.audit.record(session, AuditAction.UPDATE, kind.table, uid, plan.diff)
            follow_up(self._creator(session), session, kind, uid, before, plan.after)

    def _require_parent_change(
        self, session: Session, kind: RecordKind, columns: Mapping[str, Any]
    ) -> None:
        """A record added to a testimony (a violation, its consent, a link) changes that
        testimony: a recorder may add to her own testimonies only."""
        rule = kind.rules.get("testimony_uid")
        parent_id = columns.get("testimony_id")
        if rule is None or rule.ref_kind != "testimony" or parent_id is None:
            return
        testimony = KINDS["testimony"].model
        owner = session.execute(
            select(column(testimony, "created_by")).where(column(testimony, "id") == parent_id)
        ).scalar_one()
        self.access.require_change(owner)

    def _sealed_plan(
        self, plan: PlannedUpdate, opened: Mapping[str, Any], stored: Mapping[str, Any]
    ) -> PlannedUpdate:
        """``plan`` for a vault entry as it is stored: the fields sealed again, the audit
        diff between the stored values (digests of sealed boxes, never of a name)."""
        columns = self.vault.sealed_columns(plan.columns, opened)
        after = {**plan.after, **{name: columns[name] for name in SEALED_STORED}}
        return PlannedUpdate(columns, after, field_changes(dict(stored), after))

    def _creator(self, session: Session) -> CreateIn:
        return lambda kind, data: self.create_in(session, kind, data)

    def delete(self, kind_name: str, uid: str, expected: str | None = None) -> None:
        kind = kind_named(kind_name)
        with constraint_guard(), self.store.session() as session:
            self.audit.hold(session)
            row = self._live_row(session, kind, uid, lock=expected is not None)
            _check_unchanged(kind, row, expected)
            self.access.require_change(row.created_by)
            stamp = utc_now()
            self._set_deleted(session, kind, row, None, stamp, AuditAction.DELETE)

    def restore(self, kind_name: str, uid: str) -> None:
        kind = kind_named(kind_name)
        with constraint_guard(), self.store.session() as session:
            self.audit.hold(session)
            row = self._row(session, kind, uid)
            self.access.require_change(row.created_by)
            if row.deleted_at is None:
                return
            self._check_parents_live(session, kind, row)
            self._set_deleted(session, kind, row, row.deleted_at, None, AuditAction.RESTORE)

    def get(self, kind_name: str, uid: str, include_deleted: bool = False) -> dict[str, Any]:
        kind = kind_named(kind_name)
        if kind.name in VAULT_KINDS:
            self.access.require(Right.READ_VAULT)  # a recorder writes the vault, never reads it
        with self.store.session() as session:
            row = self._row(session, kind, uid)
            if row.deleted_at is not None and not include_deleted:
                raise NotFound(Message("record.deleted", kind=kind_message(kind.name), record=uid))
            fields = row_fields(session, kind, row)
            if kind.name in VAULT_KINDS:
                fields.update(self.vault.open(fields.pop(SEALED_COLUMN), uid))
            fields.update(
                uid=row.uid,
                deleted_at=row.deleted_at,
                created_at=row.created_at,
                updated_at=row.updated_at,
                created_by=row.created_by,
                updated_by=row.updated_by,
            )
            return fields

    # -- internals -------------------------------------------------------------------------

    def _row(self, session: Session, kind: RecordKind, uid: str, lock: bool = False) -> RecordBase:
        query = select(kind.model).where(column(kind.model, "uid") == uid)
        if lock:
            query = query.with_for_update()  # PostgreSQL: held to the commit; SQLite: none
        row = session.execute(query).scalar_one_or_none()
        if not isinstance(row, RecordBase):
            raise NotFound(Message("record.not_found", kind=kind_message(kind.name), uid=uid))
        return row

    def _live_row(
        self, session: Session, kind: RecordKind, uid: str, lock: bool = False
    ) -> RecordBase:
        row = self._row(session, kind, uid, lock)
        if row.deleted_at is not None:
            raise NotFound(
                Message("record.deleted_restore", kind=kind_message(kind.name), record=uid)
            )
        return row

    def _check_parents_live(self, session: Session, kind: RecordKind, row: RecordBase) -> None:
        """A violation cannot come back while its testimony stays deleted."""
        problems = []
        for name, rule in kind.rules.items():
            if rule.type != "ref" or not rule.required:
                continue
            assert rule.column is not None and rule.ref_kind is not None
            parent = KINDS[rule.ref_kind]
            deleted = session.execute(
                select(column(parent.model, "deleted_at")).where(
                    column(parent.model, "id") == getattr(row, rule.column)
                )
            ).scalar_one_or_none()
            if deleted is not None:
                problems.append(
                    FieldProblem(
                        name, Message("record.parent_deleted", kind=kind_message(parent.name))
                    )
                )
        if problems:
            raise ValidationError(problems)

    @staticmethod
    def _code_owner(session: Session, kind: RecordKind, code: str) -> str | None:
        model = kind.model
        owner: str | None = session.execute(
            select(column(model, "uid")).where(column(model, "code") == code)
        ).scalar_one_or_none()
        return owner

    def _set_deleted(
        self,
        session: Session,
        kind: RecordKind,
        row: RecordBase,
        old: str | None,
        new: str | None,
        action: AuditAction,
    ) -> None:
        now = utc_now()
        row.deleted_at = new
        row.updated_at = now
        row.updated_by = self.actor
        session.add(row)
        session.flush()
        self.audit.record(
            session,
            action,
            kind.table,
            row.uid,
            field_changes({"deleted_at": old}, {"deleted_at": new}),
        )
        for child_kind_name, column_name in DEPENDANTS.get(kind.name, ()):
            child = KINDS[child_kind_name]
            model = child.model
            condition = (
                column(model, "deleted_at").is_(None)
                if old is None
                else column(model, "deleted_at") == old
            )
            uids = (
                session.execute(
                    select(column(model, "uid")).where(
                        column(model, column_name) == row.id, condition
                    )
                )
                .scalars()
                .all()
            )
            if not uids:
                continue
            session.execute(
                update(model)
                .where(column(model, "uid").in_(uids))
                .values(deleted_at=new, updated_at=now, updated_by=self.actor)
            )
            for child_uid in uids:
                self.audit.record(
                    session,
                    action,
                    child.table,
                    child_uid,
                    field_changes({"deleted_at": old}, {"deleted_at": new}),
                )


def _check_unchanged(kind: RecordKind, row: RecordBase, expected: str | None) -> None:
    if expected is not None and row.updated_at != expected:
        raise RecordChanged(
            Message(
                "record.changed_since",
                kind=kind_message(kind.name),
                by=row.updated_by or "?",
                at=row.updated_at[:16].replace("T", " ") + " UTC",
            )
        )
