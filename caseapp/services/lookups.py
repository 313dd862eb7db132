"""What the window reads besides single records: the list queries behind its tables and the
small look-ups (a code to a uid, a testimony's violations...). Built once over the store by
the composition root and handed to the interface, which never holds the store itself."""

from __future__ import annotations

from typing import Any

from caseapp.services.audit import audit_head
from caseapp.services.listing import regions, state_responses, testimonies, violations
from caseapp.services.listing.base import Row
from caseapp.services.listing.regions import (
    RegionFilter,
    RegionHistoryFilter,
    RegionHistoryList,
    RegionList,
)
from caseapp.services.listing.state_responses import StateResponseFilter, StateResponseList
from caseapp.services.listing.testimonies import TestimonyFilter, TestimonyList
from caseapp.services.listing.violations import CategoryRow, ViolationFilter, ViolationList
from caseapp.services.search import saved_searches
from caseapp.store import CaseStore


class Listings:
    """Hands out list queries (each a new one, with its own filter and sort) and answers
    look-ups, all over one store."""

    def __init__(self, store: CaseStore) -> None:
        self._store = store
        # The whole tabulation by category, with the audit trail's head it was read at.
        self._categories: tuple[str | None, list[CategoryRow]] | None = None

    # -- list queries ------------------------------------------------------------------------

    def testimonies(self, filter_: TestimonyFilter | None = None) -> TestimonyList:
        return TestimonyList(self._store, filter_ or TestimonyFilter())

    def violations(self, filter_: ViolationFilter | None = None) -> ViolationList:
        return ViolationList(self._store, filter_ or ViolationFilter())

    def regions(self, filter_: RegionFilter | None = None) -> RegionList:
        return RegionList(self._store, filter_ or RegionFilter())

    def region_histories(self, filter_: RegionHistoryFilter | None = None) -> RegionHistoryList:
        return RegionHistoryList(self._store, filter_ or RegionHistoryFilter())

    def state_responses(self, filter_: StateResponseFilter | None = None) -> StateResponseList:
        return StateResponseList(self._store, filter_ or StateResponseFilter())

    def category_table(self, filter_: ViolationFilter | None = None) -> list[CategoryRow]:
        """The tabulation of violations by category. Unfiltered, it is kept until a record
        changes: every audited write (here, or a colleague's on a team server) moves the
        audit trail's head, which one look-up reads; read again, it comes from the counts
        the database keeps (a few milliseconds), or for a recorder on a team server from
        every live violation she may see."""
        if filter_ is not None and filter_ != ViolationFilter():
            return violations.category_table(self._store, filter_)
        head = audit_head(self._store)
        kept = self._categories
        if kept is not None and kept[0] == head:
            return list(kept[1])
        rows = violations.category_table(self._store)
        self._categories = (head, rows)
        return list(rows)

    # -- testimonies -------------------------------------------------------------------------

    def testimony_uid_by_code(self, code: str) -> str | None:
        return state_responses.testimony_uid_by_code(self._store, code)

    def testimony_code(self, testimony_uid: str) -> str | None:
        return violations.testimony_code(self._store, testimony_uid)

    def testimony_is_live(self, uid: str) -> bool:
        return testimonies.testimony_is_live(self._store, uid)

    def testimony_violations(self, testimony_uid: str) -> list[Row]:
        return testimonies.testimony_violations(self._store, testimony_uid)

    def testimony_attachments(self, testimony_uid: str) -> list[Row]:
        return testimonies.testimony_attachments(self._store, testimony_uid)

    def consent_uid(self, testimony_uid: str) -> str | None:
        return testimonies.consent_uid(self._store, testimony_uid)

    def consent_withdrawn(self, testimony_uid: str) -> bool:
        """Whether the testimony's consent is withdrawn (only then may it be erased)."""
        return testimonies.consent_withdrawn(self._store, testimony_uid)

    # -- people ------------------------------------------------------------------------------

    def person_by_code(self, code: str) -> Row | None:
        return testimonies.person_by_code(self._store, code)

    def person_by_uid(self, uid: str) -> Row | None:
        return testimonies.person_by_uid(self._store, uid)

    def identity_uid_of(self, person_uid: str) -> str | None:
        """The uid of the person's identity-vault entry (None: none yet). Anyone may know
        that an entry exists; reading it needs the right (RecordService.get)."""
        return testimonies.identity_uid_of(self._store, person_uid)

    # -- regions, state responses, searches --------------------------------------------------

    def region_history(self, region_uid: str) -> list[Row]:
        return regions.region_history(self._store, region_uid)

    def linked_testimonies(self, response_uid: str) -> list[dict[str, Any]]:
        return state_responses.linked_testimonies(self._store, response_uid)

    def saved_searches(self) -> list[tuple[str, str]]:
        """(uid, name) of the live saved searches, by name."""
        return saved_searches(self._store)
