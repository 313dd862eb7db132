"""Attachments: hashed at intake (chain of custody), stored inside the encrypted database."""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session, col

from caseapp.models import Attachment, AttachmentContent, AuditAction, Testimony, new_uid, utc_now
from caseapp.services.access import Access, Right
from caseapp.services.audit import AuditLog, field_changes
from caseapp.services.errors import FieldProblem, IntegrityProblem, NotFound, ValidationError
from caseapp.services.messages import Message, kind_message
from caseapp.store import CaseStore
from caseapp.store.files import Leftovers, write_private_atomically

MAX_ATTACHMENT_BYTES = 512 * 1024 * 1024


class AttachmentService:
    """Attachments in and out; adding one is checked against ``access`` (reading is not: whoever
    may see a testimony may see its files)."""

    def __init__(
        self,
        store: CaseStore,
        audit: AuditLog,
        access: Access,
        leftovers: Leftovers | None = None,
    ) -> None:
        self.store = store
        self.audit = audit
        self.access = access
        self.leftovers = leftovers

    def add_file(self, testimony_uid: str, path: Path) -> str:
        self.access.require(Right.CREATE)  # before the file is even read
        size = path.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            raise ValidationError(
                [FieldProblem("file", Message("attachment.too_large", limit=MAX_ATTACHMENT_BYTES))]
            )
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return self.add_bytes(testimony_uid, path.name, path.read_bytes(), media_type)

    def add_bytes(self, testimony_uid: str, file_name: str, data: bytes, media_type: str) -> str:
        digest = hashlib.sha256(data).hexdigest()
        self.access.require(Right.CREATE)
        with self.store.session() as session:
            found = session.execute(
                select(col(Testimony.id), col(Testimony.created_by)).where(
                    col(Testimony.uid) == testimony_uid,
                    col(Testimony.deleted_at).is_(None),
                )
            ).first()
            if found is None:
                raise ValidationError(
                    [
                        FieldProblem(
                            "testimony_uid",
                            Message(
                                "record.not_found",
                                kind=kind_message("testimony"),
                                uid=testimony_uid,
                            ),
                        )
                    ]
                )
            testimony_id, owner = found
            # A file changes the testimony it joins: field staff add to their own only.
            self.access.require_change(owner)
            now = utc_now()
            row = Attachment(
                uid=new_uid(),
                testimony_id=testimony_id,
                file_name=file_name[:500],
                media_type=media_type,
                size=len(data),
                sha256=digest,
                created_at=now,
                updated_at=now,
                created_by=self.audit.actor,
                updated_by=self.audit.actor,
            )
            session.add(row)
            session.flush()
            assert row.id is not None
            session.add(AttachmentContent(attachment_id=row.id, data=data))
            self.audit.record(
                session,
                AuditAction.CREATE,
                "attachment",
                row.uid,
                field_changes(
                    None,
                    {
                        "testimony_uid": testimony_uid,
                        "file_name": row.file_name,  # as stored (cut to 500)
                        "size": len(data),
                        "sha256": digest,
                    },
                ),
            )
            return row.uid

    def read(self, uid: str) -> bytes:
        """The content, checked against its intake hash before anyone sees it."""
        with self.store.session() as session:
            row = session.execute(
                select(Attachment).where(col(Attachment.uid) == uid)
            ).scalar_one_or_none()
            if row is None:
                raise NotFound(
                    Message("record.not_found", kind=kind_message("attachment"), uid=uid)
                )
            data = session.execute(
                select(col(AttachmentContent.data)).where(
                    col(AttachmentContent.attachment_id) == row.id
                )
            ).scalar_one()
            if hashlib.sha256(data).hexdigest() != row.sha256:
                raise IntegrityProblem(Message("attachment.hash_mismatch", uid=uid))
            self.audit.record(session, AuditAction.VIEW, "attachment", uid, {})
            return bytes(data)

    def save_copy(self, uid: str, target: Path) -> None:
        """Write the attachment's content to ``target``, checked against its intake hash
        first (IntegrityProblem), owner-only and atomically: beside the target, then
        renamed, so never half a file and nothing in a shared temporary folder. The copy is
        outside the encrypted store: only ever on the user's request. OSError when the
        target cannot be written."""
        write_private_atomically(target, self.read(uid), leftovers=self.leftovers)


def verify_attachments(session: Session) -> list[Message]:
    problems = []
    rows = session.execute(
        select(
            col(Attachment.uid),
            col(Attachment.sha256),
            col(Attachment.size),
            col(AttachmentContent.data),
        )
        .join(
            AttachmentContent,
            col(AttachmentContent.attachment_id) == col(Attachment.id),
            isouter=True,
        )
        .execution_options(yield_per=16)
    )
    for uid, sha256, size, data in rows:
        if data is None:
            problems.append(Message("attachment.content_missing", uid=uid))
        elif hashlib.sha256(data).hexdigest() != sha256 or len(data) != size:
            problems.append(Message("attachment.content_mismatch", uid=uid))
    return problems
