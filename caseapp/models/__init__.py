"""The data model: SQLModel tables and enums. No Qt, no I/O."""

from sqlmodel import SQLModel

from caseapp.models.attachment import Attachment, AttachmentContent
from caseapp.models.audit import AppMeta, AuditEvent
from caseapp.models.base import RecordBase, new_uid, utc_now
from caseapp.models.enums import (
    AuditAction,
    BirthYearPrecision,
    DatePrecision,
    PersonRole,
    Sex,
    TestimonyStatus,
    VocabularyScheme,
)
from caseapp.models.exchange import (
    ExchangePeer,
    SyncConflict,
    SyncPending,
    SyncShadow,
    SyncVersion,
)
from caseapp.models.import_undo import ImportUndo
from caseapp.models.person import Person, PersonIdentity
from caseapp.models.protection import RegionProtection, RegionProtectionHistory
from caseapp.models.saved_search import SavedSearch
from caseapp.models.state_response import AdvocacyDemand, StateResponse, StateResponseLink
from caseapp.models.testimony import Consent, Testimony
from caseapp.models.user import AppUser
from caseapp.models.violation import Violation
from caseapp.models.vocabulary import VocabularyTerm

metadata = SQLModel.metadata

__all__ = [
    "AdvocacyDemand",
    "AppMeta",
    "AppUser",
    "Attachment",
    "AttachmentContent",
    "AuditAction",
    "AuditEvent",
    "BirthYearPrecision",
    "Consent",
    "DatePrecision",
    "ExchangePeer",
    "ImportUndo",
    "Person",
    "PersonIdentity",
    "PersonRole",
    "RecordBase",
    "RegionProtection",
    "RegionProtectionHistory",
    "SavedSearch",
    "Sex",
    "StateResponse",
    "StateResponseLink",
    "SyncConflict",
    "SyncPending",
    "SyncShadow",
    "SyncVersion",
    "Testimony",
    "TestimonyStatus",
    "Violation",
    "VocabularyScheme",
    "VocabularyTerm",
    "metadata",
    "new_uid",
    "utc_now",
]
