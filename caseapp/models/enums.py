"""Closed value sets that are part of the data model itself (not user vocabularies)."""

from enum import StrEnum


class DatePrecision(StrEnum):
    """How much of a date is known; an estimate is never shown as an exact date."""

    EXACT = "exact"
    MONTH = "month"
    YEAR = "year"
    RANGE = "range"
    ESTIMATE = "estimate"
    UNKNOWN = "unknown"


class TestimonyStatus(StrEnum):
    __test__ = False  # not a pytest test class despite the name

    DRAFT = "draft"
    REVIEWED = "reviewed"
    VERIFIED = "verified"


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class PersonRole(StrEnum):
    VICTIM = "victim"
    SOURCE = "source"
    WITNESS = "witness"
    PERPETRATOR = "perpetrator"


class BirthYearPrecision(StrEnum):
    EXACT = "exact"
    ESTIMATE = "estimate"
    UNKNOWN = "unknown"


class VocabularyScheme(StrEnum):
    """The controlled vocabularies stored in ``vocabulary_term``."""

    VIOLATION_CATEGORY = "violation_category"
    PLACE_TYPE = "place_type"
    PERPETRATOR = "perpetrator"
    UN_MECHANISM = "un_mechanism"
    UN_RESPONSE_STATUS = "un_response_status"
    PROTECTION_STATUS = "protection_status"
    RELIABILITY = "reliability"
    VERIFICATION_STATUS = "verification_status"
    PROVINCE = "province"


class AuditAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    RESTORE = "restore"
    VIEW = "view"
    EXPORT = "export"
    IMPORT = "import"
    UNDO_IMPORT = "undo_import"
    ERASE = "erase"  # a withdrawn testimony's text erased for good (services/erasure.py)
    LINK = "link"
    BACKUP = "backup"
    RESTORE_ARCHIVE = "restore_archive"
    SHOW_RAW_KEY = "show_raw_key"
    REKEY = "rekey"
    USER_ADD = "user_add"
    USER_REMOVE = "user_remove"
    USER_ROLE = "user_role"
    PASSWD = "passwd"
    VAULT_SEAL = "vault_seal"
    PEER_TRUST = "peer_trust"
    PEER_FORGET = "peer_forget"
    RESOLVE = "resolve"  # a conflict settled by keeping the value in effect
