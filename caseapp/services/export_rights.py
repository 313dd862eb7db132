"""Who may take a dossier out: the export rule of ``Access`` applied to one testimony.

A dossier is the one export narrower than the archive: field staff may export an internal
dossier of a testimony they recorded themselves. Its owner is the testimony's ``created_by``,
read here so that export/ asks the same question the window does, before anything is drawn.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import col

from caseapp.models import Testimony
from caseapp.services.access import Access
from caseapp.services.profiles import Profile
from caseapp.store import CaseStore


def testimony_owner(store: CaseStore, testimony_uid: str) -> str | None:
    """Who recorded the live testimony ``testimony_uid``; None when there is none."""
    with store.session() as session:
        owner: str | None = session.execute(
            select(col(Testimony.created_by)).where(
                col(Testimony.uid) == testimony_uid, col(Testimony.deleted_at).is_(None)
            )
        ).scalar_one_or_none()
        return owner


def require_dossier_export(
    access: Access, store: CaseStore, testimony_uid: str, profile: Profile | str
) -> None:
    """Raise NotAllowed when this user may not export the dossier of ``testimony_uid`` as
    ``profile``. A uid with no live testimony counts as someone else's: a recorder is
    refused alike, so the refusal never tells them whether a colleague's testimony exists;
    a role that may export any dossier meets the dossier's own NotFound."""
    owner = testimony_owner(store, testimony_uid)
    access.require_export(profile, "" if owner is None else owner)
