"""Counts of each kind of record, for the CLI and the status bar."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import Session

from caseapp.models import Attachment, AuditEvent, VocabularyTerm
from caseapp.models.base import column
from caseapp.services.record_kinds import KINDS


def record_counts(session: Session) -> dict[str, int]:
    """Live (not deleted) records per kind, plus attachments, audit events, terms."""
    counts: dict[str, int] = {}
    for name, kind in KINDS.items():
        model = kind.model
        counts[name] = session.execute(
            select(func.count()).select_from(model).where(column(model, "deleted_at").is_(None))
        ).scalar_one()
    counts["attachment"] = session.execute(
        select(func.count())
        .select_from(Attachment)
        .where(column(Attachment, "deleted_at").is_(None))
    ).scalar_one()
    counts["audit_event"] = session.execute(
        select(func.count()).select_from(AuditEvent)
    ).scalar_one()
    counts["vocabulary_term"] = session.execute(
        select(func.count()).select_from(VocabularyTerm)
    ).scalar_one()
    return counts
