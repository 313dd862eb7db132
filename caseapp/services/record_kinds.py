"""What each kind of record holds and the rules its fields obey.

One table of rules serves the services, the CSV import and (later) the editors, so a value
that one path refuses, every path refuses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from caseapp.models import (
    AdvocacyDemand,
    Consent,
    Person,
    PersonIdentity,
    RecordBase,
    RegionProtection,
    RegionProtectionHistory,
    SavedSearch,
    StateResponse,
    StateResponseLink,
    Testimony,
    Violation,
)
from caseapp.models.enums import (
    BirthYearPrecision,
    DatePrecision,
    PersonRole,
    Sex,
    TestimonyStatus,
    VocabularyScheme,
)

SHORT = 500
LONG = 20_000
NARRATIVE = 2_000_000  # about 2 MB of text: a very long interview, still far below 50 MB


@dataclass(frozen=True)
class Rule:
    """``type``: text, vocab, vocab_list, enum, roles, date, year, bool, int, ref.

    ``vocab_list`` is comma-separated codes of ``scheme``, stored sorted ("" for none).

    For ``ref`` the input key is ``name`` (holding the other record's uid) and the column
    is ``column``."""

    type: str
    required: bool = False
    max_len: int = SHORT
    scheme: str | None = None
    choices: tuple[str, ...] = ()
    ref_kind: str | None = None
    column: str | None = None
    sensitive: bool = False  # free text about people: never quoted in messages


def _choices(enum: type) -> tuple[str, ...]:
    return tuple(member.value for member in enum)  # type: ignore[attr-defined]


PRECISIONS = _choices(DatePrecision)


@dataclass(frozen=True)
class DateGroup:
    start: str
    end: str | None
    precision: str


@dataclass(frozen=True)
class RecordKind:
    name: str
    model: type[RecordBase]
    rules: dict[str, Rule]
    date_groups: tuple[DateGroup, ...] = ()
    label: str = ""
    generated_code: str | None = None  # prefix of a generated "code" field, if any
    # References that may point at a record only once (one consent per testimony, one
    # vault entry per person); checked before the database's UNIQUE constraint fires.
    one_per: tuple[str, ...] = ()
    fields_order: tuple[str, ...] = field(default=())

    @property
    def table(self) -> str:
        return str(self.model.__tablename__)


def text(max_len: int = SHORT, required: bool = False, sensitive: bool = True) -> Rule:
    return Rule("text", required=required, max_len=max_len, sensitive=sensitive)


def vocab(scheme: VocabularyScheme, required: bool = False) -> Rule:
    return Rule("vocab", required=required, scheme=scheme.value)


def ref(kind: str, column: str, required: bool = False) -> Rule:
    return Rule("ref", required=required, ref_kind=kind, column=column)


TESTIMONY = RecordKind(
    "testimony",
    Testimony,
    {
        "code": Rule("text", max_len=40, sensitive=False),
        "title": text(SHORT, required=True),
        "summary": text(LONG),
        "narrative": text(NARRATIVE),
        "interview_date": Rule("date"),
        "interview_date_precision": Rule("enum", choices=PRECISIONS),
        "interview_place": text(),
        "interviewer": text(200),
        "language": Rule("text", max_len=8, sensitive=False),
        "source_uid": ref("person", "source_person_id"),
        "reliability": vocab(VocabularyScheme.RELIABILITY),
        "status": Rule("enum", choices=_choices(TestimonyStatus)),
    },
    (DateGroup("interview_date", None, "interview_date_precision"),),
    label="testimony",
    generated_code="T",
)

CONSENT = RecordKind(
    "consent",
    Consent,
    {
        "testimony_uid": ref("testimony", "testimony_id", required=True),
        "internal": Rule("bool"),
        "un": Rule("bool"),
        "public": Rule("bool"),
        "date_given": Rule("date"),
        "recorded_by": text(200),
        "date_withdrawn": Rule("date"),
    },
    label="consent",
    one_per=("testimony_uid",),
)

PERSON = RecordKind(
    "person",
    Person,
    {
        "code": Rule("text", max_len=20, sensitive=False),
        "pseudonym": text(200),
        "sex": Rule("enum", choices=_choices(Sex)),
        "birth_year": Rule("year"),
        "birth_year_precision": Rule("enum", choices=_choices(BirthYearPrecision)),
        "origin_province": vocab(VocabularyScheme.PROVINCE),
        "roles": Rule("roles", choices=_choices(PersonRole)),
    },
    label="person",
    generated_code="P",
)

IDENTITY = RecordKind(
    "identity",
    PersonIdentity,
    {
        "person_uid": ref("person", "person_id", required=True),
        "real_name": text(SHORT),
        "contacts": text(5000),
        "relatives_inside": text(LONG),
        "notes": text(LONG),
        # The four fields above, sealed (caseapp/services/vault.py): set by the service,
        # never from input; audited like any field, so its digest proves the entry.
        "sealed": Rule("text", max_len=400_000),
    },
    label="identity",
    one_per=("person_uid",),
)

VIOLATION = RecordKind(
    "violation",
    Violation,
    {
        "testimony_uid": ref("testimony", "testimony_id", required=True),
        "victim_uid": ref("person", "victim_person_id"),
        "category": vocab(VocabularyScheme.VIOLATION_CATEGORY, required=True),
        "date_start": Rule("date"),
        "date_end": Rule("date"),
        "date_precision": Rule("enum", choices=PRECISIONS),
        "province": vocab(VocabularyScheme.PROVINCE),
        "place": text(),
        "place_type": vocab(VocabularyScheme.PLACE_TYPE),
        "perpetrator": vocab(VocabularyScheme.PERPETRATOR),
        "reported_impact": text(2000),
        "un_mechanism": vocab(VocabularyScheme.UN_MECHANISM),
        "un_submission_date": Rule("date"),
        "un_reference": text(200, sensitive=False),
        "un_response_status": vocab(VocabularyScheme.UN_RESPONSE_STATUS),
        "verification_status": vocab(VocabularyScheme.VERIFICATION_STATUS),
    },
    (DateGroup("date_start", "date_end", "date_precision"),),
    label="violation",
)

REGION = RecordKind(
    "region",
    RegionProtection,
    {
        "region": text(200, required=True, sensitive=False),
        "country": text(200, sensitive=False),
        "reported_cases": Rule("int"),
        "reported_cases_is_minimum": Rule("bool"),
        "protection_status": vocab(VocabularyScheme.PROTECTION_STATUS),
        "as_of": Rule("date"),
        "source": text(1000, sensitive=False),
        "notes": text(LONG),
        "provinces": Rule("vocab_list", max_len=2000, scheme=VocabularyScheme.PROVINCE.value),
    },
    label="regional protection status",
)

REGION_HISTORY = RecordKind(
    "region_history",
    RegionProtectionHistory,
    {
        "region_uid": ref("region", "region_protection_id", required=True),
        "protection_status": vocab(VocabularyScheme.PROTECTION_STATUS),
        "reported_cases": Rule("int"),
        "reported_cases_is_minimum": Rule("bool"),
        "as_of": Rule("date"),
        "source": text(1000, sensitive=False),
        "note": text(LONG),
    },
    label="protection status history entry",
)

STATE_RESPONSE = RecordKind(
    "state_response",
    StateResponse,
    {
        "aspect": text(SHORT, required=True, sensitive=False),
        "position": text(5000, sensitive=False),
        "statement_date": Rule("date"),
        "source": text(1000, sensitive=False),
    },
    label="state response",
)

STATE_RESPONSE_LINK = RecordKind(
    "state_response_link",
    StateResponseLink,
    {
        "state_response_uid": ref("state_response", "state_response_id", required=True),
        "testimony_uid": ref("testimony", "testimony_id"),
        "violation_uid": ref("violation", "violation_id"),
    },
    label="state response link",
)

DEMAND = RecordKind(
    "demand",
    AdvocacyDemand,
    {
        "title": text(SHORT, required=True, sensitive=False),
        "description": text(LONG, sensitive=False),
        "target": text(1000, sensitive=False),
    },
    label="advocacy demand",
)

SAVED_SEARCH = RecordKind(
    "saved_search",
    SavedSearch,
    {
        "name": text(200, required=True),
        "query": text(500, required=True),
        "filters": text(5000),
    },
    label="saved search",
)

KINDS: dict[str, RecordKind] = {
    kind.name: kind
    for kind in (
        TESTIMONY,
        CONSENT,
        PERSON,
        IDENTITY,
        VIOLATION,
        REGION,
        REGION_HISTORY,
        STATE_RESPONSE,
        STATE_RESPONSE_LINK,
        DEMAND,
        SAVED_SEARCH,
    )
}


def kind_named(name: str) -> RecordKind:
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"unknown record kind {name!r}") from None
