"""Counts of each kind of record, for the CLI and the status bar."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from caseapp.models import Attachment, AuditEvent, VocabularyTerm
from caseapp.models.base import column
from caseapp.services.messages import Message
from caseapp.services.record_kinds import KINDS
from caseapp.store.live_counts import kept_counts


def _counted() -> dict[str, Any]:
    """Each name ``stats`` prints, with its model."""
    models: dict[str, Any] = {name: kind.model for name, kind in KINDS.items()}
    models.update(attachment=Attachment, audit_event=AuditEvent, vocabulary_term=VocabularyTerm)
    return models


def record_counts(session: Session) -> dict[str, int]:
    """Live (not deleted) records per kind, plus attachments, audit events, terms: as the
    store keeps them where it does (a few rows read at any size), else counted."""
    kept = kept_counts(session.connection())
    return count_records(session) if kept is None else by_kind(kept)


def by_kind(kept_by_table: dict[str, int]) -> dict[str, int]:
    """Numbers kept per table, as ``stats`` names them (each name's table)."""
    return {name: kept_by_table[model.__tablename__] for name, model in _counted().items()}


def count_records(session: Session) -> dict[str, int]:
    """The same numbers counted row by row (what the kept ones are checked against)."""
    counts: dict[str, int] = {}
    for name, model in _counted().items():
        query = select(func.count()).select_from(model)
        if "deleted_at" in model.__table__.c:
            query = query.where(column(model, "deleted_at").is_(None))
        counts[name] = session.execute(query).scalar_one()
    return counts


def count_problems(session: Session) -> list[Message]:
    """Kinds whose kept number differs from their rows counted (a trigger dropped, rows
    written with the triggers off): what ``verify`` reports."""
    kept_by_table = kept_counts(session.connection())
    if kept_by_table is None:
        return []
    kept = by_kind(kept_by_table)
    counted = count_records(session)
    return [
        Message("verify.count_differs", kind=name, kept=kept[name], counted=counted[name])
        for name in counted
        if kept[name] != counted[name]
    ]
