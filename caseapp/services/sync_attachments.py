"""Attachments in bundles: their metadata merged like a record's, their bytes carried only
when the peer does not hold them yet (or holds other bytes, after an erasure).

Attachments are never edited: a file is added, deleted, or blanked by an erasure. So their
merge needs no person: a deletion or an erasure (empty content) wins over the file staying.
The content arrives with its SHA-256 and is refused if it does not match it.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import aliased
from sqlmodel import Session

from caseapp.models import (
    Attachment,
    AttachmentContent,
    AuditAction,
    ExchangePeer,
    SyncPending,
    SyncShadow,
)
from caseapp.models.base import table_of, utc_now
from caseapp.services.audit import AuditLog, PendingEvent, field_changes
from caseapp.services.bulk_sql import insert_rows
from caseapp.services.errors import FieldProblem, ValidationError
from caseapp.services.messages import QT_TRANSLATE_NOOP, Message
from caseapp.services.sync_records import encode

ATTACHMENT = "attachment"
TABLE = table_of(Attachment)
CONTENT = table_of(AttachmentContent)
# What a bundle says of a file (the audited fields of an attachment's intake, and its type).
FIELDS = ("testimony_uid", "file_name", "media_type", "size", "sha256", "deleted_at")

QT_TRANSLATE_NOOP(
    "messages",
    "the bundle's attachment {uid} cannot be applied: {problem}; nothing was applied",
    "exchange.bad_attachment",
)
QT_TRANSLATE_NOOP("messages", "its content does not match its SHA-256", "exchange.bad_content")
QT_TRANSLATE_NOOP("messages", "its testimony is not in this archive", "exchange.no_testimony")


def _query() -> Any:
    testimony = aliased(table_of(Attachment).metadata.tables["testimony"], name="t")
    return select(
        TABLE.c.id,
        TABLE.c.uid,
        testimony.c.uid.label("testimony_uid"),
        TABLE.c.file_name,
        TABLE.c.media_type,
        TABLE.c.size,
        TABLE.c.sha256,
        TABLE.c.deleted_at,
        TABLE.c.created_at,
        TABLE.c.created_by,
        TABLE.c.updated_at,
        TABLE.c.updated_by,
    ).select_from(TABLE.outerjoin(testimony, testimony.c.id == TABLE.c.testimony_id))


def _fields(row: Any) -> dict[str, Any]:
    return {name: row._mapping[name] for name in FIELDS}


def outgoing_attachments(
    session: Session, peer: ExchangePeer, seq: int, note_pending: Callable[[dict[str, Any]], None]
) -> Iterator[dict[str, Any]]:
    """The attachments whose metadata differs from the peer's base, with their bytes when
    the peer holds none (or other ones)."""
    bases = {
        uid: json.loads(fields)
        for uid, fields in session.execute(
            select(SyncShadow.record_uid, SyncShadow.fields).where(  # type: ignore[call-overload]
                SyncShadow.peer == peer.name, SyncShadow.table_name == ATTACHMENT
            )
        )
    }
    pending = table_of(SyncPending)
    unacknowledged = set(
        session.execute(
            select(pending.c.record_uid).where(
                pending.c.peer == peer.name, pending.c.table_name == ATTACHMENT
            )
        ).scalars()
    )
    rows = session.execute(_query().order_by(TABLE.c.uid)).all()
    for row in rows:
        fields = _fields(row)
        base = bases.get(row.uid)
        if base == fields and row.uid not in unacknowledged:
            continue
        note_pending(
            {
                "peer": peer.name,
                "seq": seq,
                "table_name": ATTACHMENT,
                "record_uid": row.uid,
                "fields": encode(fields),
            }
        )
        item: dict[str, Any] = {
            "type": ATTACHMENT,
            "uid": row.uid,
            "fields": fields,
            "created_at": row.created_at,
            "created_by": row.created_by,
            "at": row.updated_at,
            "by": row.updated_by,
        }
        if base is None or base.get("sha256") != fields["sha256"]:
            data = session.execute(
                select(CONTENT.c.data).where(CONTENT.c.attachment_id == row.id)
            ).scalar_one()
            item["content"] = base64.b64encode(bytes(data)).decode("ascii")
        yield item


class AttachmentApplier:
    """Applies attachment items in the caller's transaction."""

    def __init__(
        self,
        session: Session,
        peer: str,
        audit_for: Callable[[str], AuditLog],
        resolve: Callable[[str, str], int | None],
    ) -> None:
        self.session = session
        self.peer = peer
        self.audit_for = audit_for
        self.resolve = resolve

    def apply(self, item: Mapping[str, Any]) -> tuple[str, str]:
        """Apply one item; returns (what happened: created/updated/unchanged, new base)."""
        uid = str(item["uid"])
        theirs = {name: item["fields"].get(name) for name in FIELDS}
        content = self._content(uid, item, theirs)
        local = self.session.execute(_query().where(TABLE.c.uid == uid)).first()
        by = str(item.get("by") or "")
        if local is None:
            self._create(uid, item, theirs, content, by)
            return "created", encode(theirs)
        mine = _fields(local)
        if mine == theirs:
            return "unchanged", encode(theirs)
        # Never edited: a deletion and an erasure (empty content) win over the file staying.
        merged = dict(mine)
        if theirs["deleted_at"] is not None and mine["deleted_at"] is None:
            merged["deleted_at"] = theirs["deleted_at"]
        if content is not None and theirs["size"] == 0 and mine["sha256"] != theirs["sha256"]:
            for name in ("file_name", "size", "sha256", "media_type"):
                merged[name] = theirs[name]
        if merged == mine:
            return "unchanged", encode(theirs)
        values: dict[str, Any] = {name: merged[name] for name in FIELDS[1:]}
        values.update(updated_at=utc_now(), updated_by=by)
        self.session.execute(update(TABLE).where(TABLE.c.id == local.id).values(**values))
        if merged["sha256"] != mine["sha256"] and content is not None:
            self.session.execute(
                update(CONTENT).where(CONTENT.c.attachment_id == local.id).values(data=content)
            )
        audited = [n for n in ("file_name", "size", "sha256") if merged[n] != mine[n]]
        events = []
        if audited:
            events.append(
                PendingEvent(
                    AuditAction.UPDATE,
                    ATTACHMENT,
                    uid,
                    field_changes({n: mine[n] for n in audited}, {n: merged[n] for n in audited}),
                )
            )
        if merged["deleted_at"] != mine["deleted_at"]:
            events.append(_deletion(uid, mine["deleted_at"], merged["deleted_at"]))
        self.audit_for(by).record_many(self.session, events)
        return "updated", encode(theirs)

    def _content(self, uid: str, item: Mapping[str, Any], theirs: dict[str, Any]) -> bytes | None:
        text = item.get("content")
        if text is None:
            return None
        data = base64.b64decode(str(text), validate=True)
        if hashlib.sha256(data).hexdigest() != theirs["sha256"] or len(data) != theirs["size"]:
            raise _refused(uid, Message("exchange.bad_content"))
        return data

    def _create(
        self,
        uid: str,
        item: Mapping[str, Any],
        theirs: dict[str, Any],
        content: bytes | None,
        by: str,
    ) -> None:
        testimony_id = self.resolve("testimony", str(theirs["testimony_uid"] or ""))
        if testimony_id is None:
            raise _refused(uid, Message("exchange.no_testimony"))
        if content is None:
            raise _refused(uid, Message("exchange.bad_content"))
        insert_rows(
            self.session.connection(),
            TABLE,
            [
                {
                    "uid": uid,
                    "testimony_id": testimony_id,
                    "violation_id": None,
                    "file_name": str(theirs["file_name"] or "")[:500],
                    "media_type": str(theirs["media_type"] or "application/octet-stream")[:200],
                    "size": len(content),
                    "sha256": theirs["sha256"],
                    "created_at": str(item.get("created_at") or utc_now()),
                    "created_by": str(item.get("created_by") or by),
                    "updated_at": str(item.get("at") or utc_now()),
                    "updated_by": by,
                    "deleted_at": theirs["deleted_at"],
                }
            ],
        )
        row_id = self.session.execute(select(TABLE.c.id).where(TABLE.c.uid == uid)).scalar_one()
        insert_rows(
            self.session.connection(), CONTENT, [{"attachment_id": row_id, "data": content}]
        )
        intake = {
            "testimony_uid": theirs["testimony_uid"],
            "file_name": str(theirs["file_name"] or "")[:500],
            "size": len(content),
            "sha256": theirs["sha256"],
        }
        events = [PendingEvent(AuditAction.CREATE, ATTACHMENT, uid, field_changes(None, intake))]
        if theirs["deleted_at"] is not None:
            events.append(_deletion(uid, None, theirs["deleted_at"]))
        self.audit_for(by).record_many(self.session, events)


def _deletion(uid: str, before: str | None, after: str | None) -> PendingEvent:
    action = AuditAction.DELETE if after is not None else AuditAction.RESTORE
    return PendingEvent(
        action, ATTACHMENT, uid, field_changes({"deleted_at": before}, {"deleted_at": after})
    )


def _refused(uid: str, problem: Message) -> ValidationError:
    return ValidationError(
        [FieldProblem("", Message("exchange.bad_attachment", uid=uid[:36], problem=problem))]
    )
