"""Erasing a withdrawn testimony for good (issue 13).

When a source withdraws consent, a coordinator can erase what the testimony says; the
record stays as a counted, dated shell:

- blanked (set to ""): the testimony's title, summary, narrative, interview place and
  interviewer (free text that can point at the source; the title is free text like the
  others); each of its violations' place and reported impact; each of its attachments (the
  content becomes zero bytes, the file name and media type go, size and SHA-256 become
  those of no content, and the attachment is deleted); the identity-vault entries (real
  name, contacts, relatives inside, notes) of the persons it names as source or victim, but
  only of a person no other testimony that is not itself erased names (deleted ones count:
  they can be restored, and their vault entry with them);
- kept: the testimony's code, interview date and precision, language, reliability and
  status, its consent (which says why it was erased), its links, and each violation's
  category, dates, province, place type, perpetrator, UN fields and verification status, so
  the counts by category, province and year stay what they were; persons keep their code
  and pseudonym (never a name: names live in the vault);
- dropped: what ``import_undo`` kept of these records (an import's before-values).

All in one transaction, audited as ordinary updates (digests of the old values and of the
empty ones, so ``verify`` replays them) plus one ``erase`` event naming the testimony with
counts, never content. That event is also how an erased testimony is known (no new column,
no migration). Then the old bytes leave the file: every deletion in the transaction is
zeroed (``secure_delete``), the search index is merged so the erased words leave its
segments, and the write-ahead log is copied in and cut (caseapp/store/erasure.py).
Backups made before keep the text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Table, delete, select, text, update
from sqlmodel import Session

from caseapp.models import (
    Attachment,
    AttachmentContent,
    AuditAction,
    AuditEvent,
    Consent,
    ImportUndo,
    PersonIdentity,
    SyncConflict,
    SyncPending,
    SyncShadow,
    Testimony,
    Violation,
    utc_now,
)
from caseapp.models.audit import ERASURES
from caseapp.models.base import table_of
from caseapp.services.access import Access, Right
from caseapp.services.audit import AuditLog, PendingEvent, field_changes
from caseapp.services.errors import NotFound, ServiceError
from caseapp.services.messages import Message, kind_message
from caseapp.store import CaseStore
from caseapp.store.erasure import flush_write_ahead_log, merge_search_index, zero_deleted_content

TESTIMONY_TEXT = ("title", "summary", "narrative", "interview_place", "interviewer")
VIOLATION_TEXT = ("place", "reported_impact")
IDENTITY_TEXT = ("real_name", "contacts", "relatives_inside", "notes", "sealed")  # sealed: all four
NO_CONTENT = b""
NO_CONTENT_SHA256 = hashlib.sha256(NO_CONTENT).hexdigest()
NO_MEDIA_TYPE = "application/octet-stream"

_T = table_of(Testimony)
_V = table_of(Violation)
_A = table_of(Attachment)
_AC = table_of(AttachmentContent)
_I = table_of(PersonIdentity)
_C = table_of(Consent)


class ErasureRefused(ServiceError):
    """The testimony cannot be erased; nothing was changed."""


@dataclass(frozen=True)
class ErasureResult:
    """What an erasure blanked, by count (never content)."""

    testimony_uid: str
    code: str
    fields: int  # text fields that held text, over every record blanked
    violations: int
    attachments: int
    identities: int
    undo_entries: int
    log_flushed: bool = True  # False: another connection kept the write-ahead log open


def erased_testimony_uids(session: Session) -> set[str]:
    """The uids of the testimonies erased so far (their ``erase`` audit events)."""
    events = table_of(AuditEvent)
    # The action as a literal: the partial index of erasures (migration 0027) is then
    # usable by PostgreSQL's generic plans too, which cannot know a parameter's value.
    rows = session.execute(
        select(events.c.record_uid).where(text(ERASURES), events.c.table_name == _T.name)
    )
    return {str(uid) for (uid,) in rows if uid is not None}


def testimony_uid_for_code(session: Session, code: str) -> str | None:
    """The uid of the testimony with ``code``, deleted or not (a withdrawn testimony is
    often deleted first, and its text is still there)."""
    uid = session.execute(select(_T.c.uid).where(_T.c.code == code.strip())).scalar_one_or_none()
    return None if uid is None else str(uid)


def erase(store: CaseStore, access: Access, audit: AuditLog, uid: str) -> ErasureResult:
    """Erase the testimony ``uid`` (see the module's docstring) and scrub the old bytes.

    NotAllowed for a role without the right, NotFound for an unknown uid, ErasureRefused
    when its consent is not withdrawn or it is erased already; nothing changes then."""
    access.require(Right.ERASE)
    with store.session() as session:
        result = erase_in(session, audit, uid)
    # After the commit: the log holds the old and the new pages until it is copied and cut.
    return replace(result, log_flushed=flush_write_ahead_log(store.engine))


def erase_in(session: Session, audit: AuditLog, uid: str) -> ErasureResult:
    """The erasure's writes, in the caller's transaction (the caller has checked the
    right). The caller commits, then flushes the write-ahead log."""
    conn = session.connection()
    zero_deleted_content(conn)
    testimony = conn.execute(select(_T).where(_T.c.uid == uid)).first()
    if testimony is None:
        raise NotFound(Message("record.not_found", kind=kind_message("testimony"), uid=uid))
    code = str(testimony.code)
    erased = erased_testimony_uids(session)
    if uid in erased:
        raise ErasureRefused(Message("erase.already_erased", code=code))
    consent = conn.execute(
        select(_C.c.date_withdrawn, _C.c.deleted_at).where(_C.c.testimony_id == testimony.id)
    ).first()
    # A deleted consent counts only when it went with its deleted testimony.
    if (
        consent is None
        or consent.date_withdrawn is None
        or (consent.deleted_at is not None and testimony.deleted_at is None)
    ):
        raise ErasureRefused(Message("erase.not_withdrawn", code=code))

    stamp = utc_now()
    stamps = {"updated_at": stamp, "updated_by": audit.actor}
    events: list[PendingEvent] = []
    counted = {"fields": 0}

    def blank(table: Table, row: Any, names: tuple[str, ...]) -> None:
        before = {name: row._mapping[name] for name in names}
        after = dict.fromkeys(names, "")
        diff = field_changes(before, after)
        if not diff:
            return
        counted["fields"] += len(diff)
        conn.execute(update(table).where(table.c.id == row.id).values(**after, **stamps))
        events.append(PendingEvent(AuditAction.UPDATE, table.name, row.uid, diff))

    blank(_T, testimony, TESTIMONY_TEXT)

    violations = conn.execute(
        select(_V.c.id, _V.c.uid, _V.c.victim_person_id, *(_V.c[n] for n in VIOLATION_TEXT))
        .where(_V.c.testimony_id == testimony.id)
        .order_by(_V.c.id)
    ).all()
    for violation in violations:
        blank(_V, violation, VIOLATION_TEXT)

    violation_ids = [v.id for v in violations]
    attachments = conn.execute(
        select(_A.c.id, _A.c.uid, _A.c.file_name, _A.c.size, _A.c.sha256, _A.c.deleted_at)
        .where((_A.c.testimony_id == testimony.id) | _A.c.violation_id.in_(violation_ids))
        .order_by(_A.c.id)
    ).all()
    for attachment in attachments:
        before = {
            "file_name": attachment.file_name,
            "size": attachment.size,
            "sha256": attachment.sha256,
            "deleted_at": attachment.deleted_at,
        }
        after = {
            "file_name": "",
            "size": len(NO_CONTENT),
            "sha256": NO_CONTENT_SHA256,
            "deleted_at": attachment.deleted_at or stamp,
        }
        conn.execute(
            update(_AC).where(_AC.c.attachment_id == attachment.id).values(data=NO_CONTENT)
        )
        conn.execute(
            update(_A)
            .where(_A.c.id == attachment.id)
            .values(**after, media_type=NO_MEDIA_TYPE, **stamps)
        )
        counted["fields"] += 1  # the content
        events.append(
            PendingEvent(AuditAction.UPDATE, _A.name, attachment.uid, field_changes(before, after))
        )

    persons = {testimony.source_person_id, *(v.victim_person_id for v in violations)}
    persons.discard(None)
    identities = 0
    identity_uids: list[str] = []
    for person_id in sorted(persons):
        if _named_elsewhere(session, person_id, testimony.id, erased):
            continue
        identity = conn.execute(select(_I).where(_I.c.person_id == person_id)).first()
        if identity is None:
            continue
        identities += 1
        identity_uids.append(identity.uid)
        blank(_I, identity, IDENTITY_TEXT)

    record_uids = [uid, *(v.uid for v in violations), *(a.uid for a in attachments)]
    consent_uid = conn.execute(
        select(_C.c.uid).where(_C.c.testimony_id == testimony.id)
    ).scalar_one()
    record_uids.append(consent_uid)
    undo = table_of(ImportUndo)
    undo_entries = conn.execute(delete(undo).where(undo.c.record_uid.in_(record_uids))).rowcount
    # What the exchange kept of these records (merge bases, sends not yet acknowledged, open
    # conflicts) holds their text too: it goes; the next bundle carries the blanks.
    for kept in (SyncShadow, SyncPending, SyncConflict):
        table = table_of(kept)
        conn.execute(delete(table).where(table.c.record_uid.in_(record_uids + identity_uids)))

    result = ErasureResult(
        testimony_uid=uid,
        code=code,
        fields=counted["fields"],
        violations=len(violations),
        attachments=len(attachments),
        identities=identities,
        undo_entries=int(undo_entries or 0),
    )
    events.append(
        PendingEvent(
            AuditAction.ERASE,
            _T.name,
            uid,
            {
                "fields": result.fields,
                "violations": result.violations,
                "attachments": result.attachments,
                "identities": result.identities,
                "undo_entries": result.undo_entries,
            },
        )
    )
    audit.record_many(session, events)
    merge_search_index(conn)
    return result


def _named_elsewhere(session: Session, person_id: int, testimony_id: int, erased: set[str]) -> bool:
    """Does a testimony other than ``testimony_id`` and not erased name the person, as its
    source or as a victim of one of its violations? Deleted testimonies count."""
    sources = select(_T.c.uid).where(_T.c.source_person_id == person_id, _T.c.id != testimony_id)
    victims = (
        select(_T.c.uid)
        .join(_V, _V.c.testimony_id == _T.c.id)
        .where(_V.c.victim_person_id == person_id, _T.c.id != testimony_id)
    )
    for statement in (sources, victims):
        for (other,) in session.execute(statement):
            if str(other) not in erased:
                return True
    return False
