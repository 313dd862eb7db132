"""The name of the organisation an archive belongs to (issue 17): asked when the archive is
made (``caseapp init --organisation NAME``), changed by a coordinator, printed on reports and
dossiers unless a report is told otherwise. Kept in ``app_meta``; a change is audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from caseapp.services.access import Access, Right
from caseapp.services.organisation_name import (
    DEFAULT,
    MAX_LENGTH,
    OrganisationProblem,
    clean_name,
)

if TYPE_CHECKING:  # the unlock dialog checks a name without the database layer
    from caseapp.services.audit import AuditLog
    from caseapp.store import CaseStore

KEY = "organisation"

__all__ = ["DEFAULT", "MAX_LENGTH", "OrganisationProblem", "clean_name", "organisation"]


def organisation(store: CaseStore) -> str:
    """The archive's organisation, or caseapp's default when none was given."""
    from caseapp.models import AppMeta

    with store.session() as session:
        meta = session.get(AppMeta, KEY)
        return meta.value if meta is not None and meta.value else DEFAULT


def set_organisation(store: CaseStore, audit: AuditLog, access: Access, name: str) -> str:
    """Name the archive's organisation (coordinators); the change goes into the audit trail."""
    from caseapp.services.audit import set_meta

    access.require(Right.MANAGE)
    cleaned = clean_name(name)
    with store.session() as session:
        set_meta(session, KEY, cleaned)
        audit.record(session, "organisation", "archive", None, {KEY: cleaned})
        session.commit()
    return cleaned
