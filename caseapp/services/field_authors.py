"""Who last changed each field of a record, read from the audit trail (its events name the
fields they changed, by digest): what the exchange says of each side of a conflict."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import select
from sqlmodel import Session

from caseapp.models import AuditEvent
from caseapp.models.base import table_of

EVENTS = table_of(AuditEvent)
_WRITES = ("create", "update", "delete", "restore")


def last_authors(
    session: Session, table_name: str, record_uid: str, fields: Iterable[str]
) -> dict[str, str]:
    """field -> the actor of the newest event that changed it (fields never changed by an
    audited write are left out). Reads the record's events newest first, through the index
    of events by record, and stops when every field is found."""
    wanted = set(fields)
    found: dict[str, str] = {}
    rows = session.execute(
        select(EVENTS.c.actor, EVENTS.c.changes)
        .where(
            EVENTS.c.record_uid == record_uid,
            EVENTS.c.table_name == table_name,
            EVENTS.c.action.in_(_WRITES),
        )
        .order_by(EVENTS.c.id.desc())
    )
    for actor, changes in rows:
        try:
            changed = json.loads(changes)
        except ValueError:
            continue
        if not isinstance(changed, dict):
            continue
        for name in wanted.intersection(changed) - found.keys():
            found[name] = str(actor)
        if len(found) == len(wanted):
            break
    return found


def audit_mark(session: Session) -> int:
    """The id of the newest audit event (0 in an empty trail)."""
    newest = session.execute(select(EVENTS.c.id).order_by(EVENTS.c.id.desc()).limit(1)).scalar()
    return int(newest or 0)
