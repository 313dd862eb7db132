"""Records as they travel between archives: each record of a kind that is exchanged, as its
field values (references as the other record's uid, ``deleted_at`` among them) with who made
it and who changed it last. Read in uid order, streamed, for any number of records."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from caseapp.models.base import table_of
from caseapp.services.record_kinds import KINDS, RecordKind

# Parents before children, so that a record's references exist when it is applied. Saved
# searches stay on the laptop that saved them.
SYNC_KINDS = (
    "person",
    "testimony",
    "consent",
    "identity",
    "violation",
    "region",
    "region_history",
    "state_response",
    "state_response_link",
    "demand",
)
FETCH = 1000


@dataclass(frozen=True)
class Snapshot:
    kind: str
    id: int
    uid: str
    fields: dict[str, Any]  # every rule field and deleted_at
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str


def _query(kind: RecordKind) -> Select[Any]:
    table = table_of(kind.model)
    columns: list[Any] = [
        table.c.id,
        table.c.uid,
        table.c.created_at,
        table.c.created_by,
        table.c.updated_at,
        table.c.updated_by,
        table.c.deleted_at,
    ]
    source: Any = table
    for name, rule in kind.rules.items():
        if rule.type == "ref":
            assert rule.column is not None and rule.ref_kind is not None
            target = aliased(table_of(KINDS[rule.ref_kind].model), name=f"ref_{name}")
            source = source.outerjoin(target, target.c.id == table.c[rule.column])
            columns.append(target.c.uid.label(name))
        else:
            columns.append(table.c[name].label(name))
    return select(*columns).select_from(source)


def _snapshot(kind: RecordKind, row: Any) -> Snapshot:
    values = row._mapping
    fields = {name: values[name] for name in kind.rules}
    fields["deleted_at"] = values["deleted_at"]
    return Snapshot(
        kind.name,
        values["id"],
        values["uid"],
        fields,
        values["created_at"],
        values["created_by"],
        values["updated_at"],
        values["updated_by"],
    )


def all_snapshots(session: Session, kind: RecordKind) -> Iterator[Snapshot]:
    """Every record of ``kind``, deleted ones too, in uid order."""
    table = table_of(kind.model)
    statement = _query(kind).order_by(table.c.uid).execution_options(yield_per=FETCH)
    for row in session.execute(statement):
        yield _snapshot(kind, row)


def snapshots_of(session: Session, kind: RecordKind, uids: Sequence[str]) -> dict[str, Snapshot]:
    table = table_of(kind.model)
    found: dict[str, Snapshot] = {}
    for start in range(0, len(uids), 500):
        chunk = list(uids[start : start + 500])
        for row in session.execute(_query(kind).where(table.c.uid.in_(chunk))):
            snapshot = _snapshot(kind, row)
            found[snapshot.uid] = snapshot
    return found


def encode(fields: dict[str, Any]) -> str:
    """Field values as stored in merge bases and pending sends (compared as text)."""
    return json.dumps(fields, ensure_ascii=False, sort_keys=True)
