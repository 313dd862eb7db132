"""The name of the organisation an archive belongs to (issue 17): asked when the archive is
made (``caseapp init --organisation NAME``), changed by a coordinator, printed on reports and
dossiers unless a report is told otherwise. Kept in ``app_meta``; a change is audited."""

from __future__ import annotations

from caseapp.models import AppMeta
from caseapp.services.access import Access, Right
from caseapp.services.audit import AuditLog, set_meta
from caseapp.services.errors import ServiceError
from caseapp.services.messages import Message
from caseapp.store import CaseStore

KEY = "organisation"
DEFAULT = "caseapp"  # what reports said before an archive had a name of its own
MAX_LENGTH = 120


class OrganisationProblem(ServiceError):
    """The name cannot be used; the message says why."""


def organisation(store: CaseStore) -> str:
    """The archive's organisation, or caseapp's default when none was given."""
    with store.session() as session:
        meta = session.get(AppMeta, KEY)
        return meta.value if meta is not None and meta.value else DEFAULT


def clean_name(name: str) -> str:
    """The name as it is kept: one line, spaces trimmed; refused when empty or too long."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise OrganisationProblem(Message("organisation.empty"))
    if len(cleaned) > MAX_LENGTH:
        raise OrganisationProblem(Message("organisation.too_long", limit=MAX_LENGTH))
    return cleaned


def set_organisation(store: CaseStore, audit: AuditLog, access: Access, name: str) -> str:
    """Name the archive's organisation (coordinators); the change goes into the audit trail."""
    access.require(Right.MANAGE)
    cleaned = clean_name(name)
    with store.session() as session:
        set_meta(session, KEY, cleaned)
        audit.record(session, "organisation", "archive", None, {KEY: cleaned})
        session.commit()
    return cleaned
