"""What a report may carry under a profile: the consented testimonies with their violations,
already redacted, and the aggregates computed from exactly those rows.

Consent is applied once, in SQL (``consent_allows``), and everything else (the category
table, the chart, the counted cases per region) is added up from the rows that passed, so no
aggregate can count a testimony the profile may not carry. The testimonies are read a batch
at a time (three queries a batch, nothing looked up per row), and each pass over them reads
them again: a report of the whole archive holds one batch, never the archive.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, FromClause, Select, and_, func, select
from sqlmodel import Session

from caseapp.export.errors import ExportCancelled
from caseapp.export.messages import Message
from caseapp.models import (
    Attachment,
    Consent,
    Person,
    RegionProtection,
    StateResponse,
    StateResponseLink,
    Testimony,
    Violation,
)
from caseapp.models.base import table_of
from caseapp.models.enums import VocabularyScheme
from caseapp.services.errors import NotFound, ServiceError
from caseapp.services.profiles import (
    NameIndex,
    Profile,
    consent_allows,
    consent_allows_values,
    name_replacements,
    redact_testimony,
    redact_violation,
    replace_names,
    vault_index,
)
from caseapp.services.vault import Vault
from caseapp.services.vocabulary import Vocabulary
from caseapp.store import CaseStore
from caseapp.store.engines import features

T = table_of(Testimony)
C = table_of(Consent)
P = table_of(Person)
VP = P.alias("victim")
V = table_of(Violation)
R = table_of(RegionProtection)
S = table_of(StateResponse)
L = table_of(StateResponseLink)
A = table_of(Attachment)

MAX_IMPACTS = 3  # impacts listed per category in the summary table

Row = dict[str, Any]


class ConsentRefused(ServiceError):
    """The profile's consent rule does not allow this testimony to leave."""


@dataclass
class TestimonyEntry:
    __test__ = False  # not a pytest test class despite the name

    id: int
    fields: Row  # redacted for the profile
    violations: list[Row] = field(default_factory=list)  # redacted for the profile


@dataclass(frozen=True)
class CategorySummary:
    category: str
    violations: int
    testimonies: int
    impacts: tuple[tuple[str, int], ...]  # most frequent first, at most MAX_IMPACTS
    more_impacts: int  # distinct impacts not listed
    statuses: tuple[tuple[str | None, int], ...]  # None: UN response not recorded


@dataclass
class ReportData:
    """The report's aggregates; its testimonies are read in batches (``ReportReader``)."""

    profile: Profile
    testimony_count: int
    violation_count: int
    categories: list[CategorySummary]
    years: list[tuple[str, int]]  # ("2009", 3), oldest first
    undated: int  # violations without a known year
    regions: list[Row]
    responses: list[Row]
    first_date: str | None
    last_date: str | None


# -- queries -----------------------------------------------------------------------------------


def _testimony_source() -> FromClause:
    """Testimonies with their live consent and live source person, if any."""
    return T.outerjoin(C, and_(C.c.testimony_id == T.c.id, C.c.deleted_at.is_(None))).outerjoin(
        P, and_(P.c.id == T.c.source_person_id, P.c.deleted_at.is_(None))
    )


def _testimony_columns() -> Select[Any]:
    return select(
        T.c.id,
        T.c.uid,
        T.c.code,
        T.c.title,
        T.c.summary,
        T.c.narrative,
        T.c.interview_date,
        T.c.interview_date_precision,
        T.c.interview_place,
        T.c.interviewer,
        T.c.language,
        T.c.reliability,
        T.c.status,
        P.c.code.label("source_code"),
        P.c.pseudonym.label("source_pseudonym"),
        C.c.id.label("consent_id"),
        C.c.internal.label("consent_internal"),
        C.c.un.label("consent_un"),
        C.c.public.label("consent_public"),
        C.c.date_given.label("consent_date"),
        C.c.recorded_by.label("consent_recorded_by"),
        C.c.date_withdrawn.label("consent_withdrawn_date"),
    ).select_from(_testimony_source())


def _allowed(profile: Profile) -> list[ColumnElement[bool]]:
    return [T.c.deleted_at.is_(None), consent_allows(C, profile)]


def _violation_rows(session: Session, testimony_ids: Iterable[int]) -> list[Row]:
    statement = (
        select(
            V.c.testimony_id,
            V.c.uid,
            V.c.category,
            V.c.date_start,
            V.c.date_end,
            V.c.date_precision,
            V.c.province,
            V.c.place,
            V.c.place_type,
            V.c.perpetrator,
            V.c.reported_impact,
            V.c.un_mechanism,
            V.c.un_submission_date,
            V.c.un_reference,
            V.c.un_response_status,
            V.c.verification_status,
            VP.c.code.label("victim_code"),
            VP.c.pseudonym.label("victim_pseudonym"),
        )
        .select_from(
            V.outerjoin(VP, and_(VP.c.id == V.c.victim_person_id, VP.c.deleted_at.is_(None)))
        )
        .where(V.c.deleted_at.is_(None), V.c.testimony_id.in_(list(testimony_ids)))
        .order_by(V.c.testimony_id, V.c.date_start.asc().nulls_first(), V.c.id)
    )
    return _rows(session, statement)


def _rows(session: Session, statement: Select[Any]) -> list[Row]:
    return [dict(row) for row in session.execute(statement).mappings()]


# -- redaction ---------------------------------------------------------------------------------

FREE_TEXT_TESTIMONY = ("title", "summary", "narrative", "interview_place")
FREE_TEXT_VIOLATION = ("place", "reported_impact")


def _name_replacements(
    row: Row, violations: Iterable[Row], profile: Profile, withheld: str
) -> dict[str, str]:
    people = [(row.get("source_code"), row.get("source_pseudonym"))]
    people += [(v.get("victim_code"), v.get("victim_pseudonym")) for v in violations]
    staff = (row.get("interviewer"), row.get("consent_recorded_by"))
    return name_replacements(people, staff, profile, withheld)


def redact_entry(
    row: Row, violations: list[Row], profile: Profile, withheld: str, vault: NameIndex
) -> TestimonyEntry:
    """One testimony and its violations as ``profile`` may show them: fields dropped and
    dates coarsened by the profile rules, and the names of the people involved taken out of
    the free text (a summary that says "Kim A. describes..." would otherwise carry the
    pseudonym the profile withholds)."""
    names = _name_replacements(row, violations, profile, withheld)
    shown = redact_testimony(row, profile)
    if profile is Profile.PUBLIC:
        shown["consent_recorded_by"] = ""
    for name in FREE_TEXT_TESTIMONY:
        shown[name] = replace_names(shown.get(name) or "", names, vault, withheld=withheld)
    shown_violations = []
    for violation in violations:
        item = redact_violation(violation, profile)
        if profile is not Profile.INTERNAL:
            item["victim_pseudonym"] = ""
        if profile is Profile.PUBLIC:
            item["victim_code"] = ""
        for name in FREE_TEXT_VIOLATION:
            item[name] = replace_names(item.get(name) or "", names, vault, withheld=withheld)
        shown_violations.append(item)
    return TestimonyEntry(id=int(row["id"]), fields=shown, violations=shown_violations)


# -- the report --------------------------------------------------------------------------------


# Testimonies read at a time: one batch is all a pass over the report holds.
REPORT_BATCH = 25
_FETCH = 1000  # ordered ids fetched at a time (a server-side cursor on PostgreSQL)


class ReportReader:
    """The testimonies ``profile`` may carry, redacted, read a batch at a time from one
    ``session``, which has read nothing yet. Every pass (the totals, counting the pages,
    painting them) reads them again in the same order, from one snapshot of the archive:
    what is saved meanwhile is not half in the report, and the pages counted are the pages
    painted."""

    def __init__(
        self,
        session: Session,
        vocabulary: Vocabulary,
        profile: Profile,
        withheld: str = "[withheld]",
        vault: Vault | None = None,
        batch: int = REPORT_BATCH,
    ) -> None:
        connection = session.connection()
        features(connection).one_snapshot(connection)
        self.session = session
        self.vocabulary = vocabulary
        self.profile = profile
        self.withheld = withheld
        self.batch = batch
        self.names = vault_index(session, profile, vault, withheld)

    def batches(self) -> Iterator[list[TestimonyEntry]]:
        """The testimonies in the report's order (undated first, then by date and code),
        ``batch`` at a time."""
        ordered = (
            select(T.c.id)
            .select_from(_testimony_source())
            .where(*_allowed(self.profile))
            .order_by(T.c.interview_date.asc().nulls_first(), T.c.code, T.c.id)
        )
        result = self.session.execute(ordered.execution_options(yield_per=_FETCH))
        # Closed however the pass ends (a cancel leaves it half-read).
        with result:
            for ids in result.scalars().partitions(self.batch):
                yield self._entries(list(ids))

    def _entries(self, ids: list[int]) -> list[TestimonyEntry]:
        rows = {
            row["id"]: row
            for row in _rows(self.session, _testimony_columns().where(T.c.id.in_(ids)))
        }
        violations_of: dict[int, list[Row]] = {}
        for violation in _violation_rows(self.session, ids):
            violations_of.setdefault(violation["testimony_id"], []).append(violation)
        return [
            redact_entry(rows[i], violations_of.get(i, []), self.profile, self.withheld, self.names)
            for i in ids
        ]

    def count(self) -> int:
        """How many testimonies the report holds (what ``batches`` yields), counted by the
        database: the totals pass reports its progress against it."""
        statement = (
            select(func.count()).select_from(_testimony_source()).where(*_allowed(self.profile))
        )
        return int(self.session.execute(statement).scalar_one())

    def totals(self, keep_going: Callable[[int], bool] | None = None) -> ReportData:
        """The aggregates, added up in a pass that keeps numbers only. ``keep_going`` is
        asked after each batch, with the testimonies read so far; when it says no,
        ``ExportCancelled`` (the pass reads every testimony: about 20 s at 100,000, too long
        to wait for a cancel, or to show no progress)."""
        regions, regions_of = _regions(self.session, self.vocabulary)
        categories = _Categories()
        testimonies = violations = undated = 0
        years: Counter[str] = Counter()
        first: str | None = None
        last: str | None = None
        for entries in self.batches():
            if keep_going is not None and not keep_going(testimonies):
                raise ExportCancelled()
            for entry in entries:
                testimonies += 1
                violations += len(entry.violations)
                # The redacted violations: a reported impact is free text and may name
                # someone; a year is a year in every profile.
                categories.add(entry.violations)
                for violation in entry.violations:
                    start = violation["date_start"]
                    if start:
                        years[start[:4]] += 1
                    else:
                        undated += 1
                hit = {
                    index
                    for violation in entry.violations
                    for index in regions_of.get(violation["province"] or "", ())
                }
                for index in hit:
                    regions[index]["counted"] += 1
                date = entry.fields.get("interview_date")
                if date:
                    first = date if first is None else min(first, date)
                    last = date if last is None else max(last, date)
            # Let this batch go before the next is read: held over, two were in memory.
            del entries, entry
        return ReportData(
            profile=self.profile,
            testimony_count=testimonies,
            violation_count=violations,
            categories=categories.summaries(self.vocabulary),
            years=sorted(years.items()),
            undated=undated,
            regions=regions,
            responses=_rows(
                self.session,
                select(S.c.uid, S.c.aspect, S.c.position, S.c.statement_date, S.c.source)
                .where(S.c.deleted_at.is_(None))
                .order_by(S.c.statement_date.asc().nulls_first(), S.c.aspect, S.c.id),
            ),
            first_date=first,
            last_date=last,
        )


class _Categories:
    """The field's table, "Violation category | Reported impact | UN response", added up
    one testimony's violations at a time."""

    def __init__(self) -> None:
        self.violations: Counter[str] = Counter()
        self.testimonies: Counter[str] = Counter()
        self.impacts: dict[str, Counter[str]] = {}
        self.statuses: dict[str, Counter[str | None]] = {}

    def add(self, violations: list[Row]) -> None:
        """The violations of one testimony."""
        for violation in violations:
            category = violation["category"]
            self.violations[category] += 1
            if violation["reported_impact"]:
                self.impacts.setdefault(category, Counter())[violation["reported_impact"]] += 1
            self.statuses.setdefault(category, Counter())[violation["un_response_status"]] += 1
        self.testimonies.update({v["category"] for v in violations})

    def summaries(self, vocabulary: Vocabulary) -> list[CategorySummary]:
        """Most violations first, then in the vocabulary's order."""
        order = {
            term.code: term.sort_order
            for term in vocabulary.terms(VocabularyScheme.VIOLATION_CATEGORY.value)
        }
        summaries = []
        for category, count in self.violations.items():
            impacts = self.impacts.get(category, Counter())
            ranked = sorted(impacts.items(), key=lambda p: (-p[1], p[0]))
            statuses = self.statuses[category]
            summaries.append(
                CategorySummary(
                    category=category,
                    violations=count,
                    testimonies=self.testimonies[category],
                    impacts=tuple(ranked[:MAX_IMPACTS]),
                    more_impacts=max(0, len(ranked) - MAX_IMPACTS),
                    statuses=tuple(
                        sorted(statuses.items(), key=lambda p: (-p[1], p[0] is None, p[0] or ""))
                    ),
                )
            )
        summaries.sort(key=lambda s: (-s.violations, order.get(s.category, 1 << 30), s.category))
        return summaries


def _regions(session: Session, vocabulary: Vocabulary) -> tuple[list[Row], dict[str, list[int]]]:
    """Live regions with their external figure and ``counted`` (0, for the report's
    testimonies with a violation in one of the region's provinces, children included, to be
    counted in; None for a region without provinces), and the regions of each province."""
    children: dict[str, set[str]] = {}
    for term in vocabulary.terms(VocabularyScheme.PROVINCE.value):
        children.setdefault(term.code, set()).add(term.code)
        if term.parent_code:
            children.setdefault(term.parent_code, {term.parent_code}).add(term.code)
    rows = _rows(
        session,
        select(
            R.c.uid,
            R.c.region,
            R.c.country,
            R.c.reported_cases,
            R.c.reported_cases_is_minimum,
            R.c.protection_status,
            R.c.as_of,
            R.c.source,
            R.c.provinces,
        )
        .where(R.c.deleted_at.is_(None))
        .order_by(R.c.region, R.c.id),
    )
    regions_of: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        codes = [c.strip() for c in (row["provinces"] or "").split(",") if c.strip()]
        row["counted"] = 0 if codes else None
        for province in {c for code in codes for c in children.get(code, {code})}:
            regions_of.setdefault(province, []).append(index)
    return rows, regions_of


# -- the dossier -------------------------------------------------------------------------------


@dataclass
class DossierData:
    profile: Profile
    entry: TestimonyEntry
    attachments: list[Row]
    responses: list[Row]


def refusal_reason(row: Row, profile: Profile) -> Message | None:
    """Why ``profile`` may not carry this testimony, or None when it may."""
    exists = row["consent_id"] is not None
    if consent_allows_values(
        profile,
        internal=row["consent_internal"],
        un=row["consent_un"],
        public=row["consent_public"],
        withdrawn=row["consent_withdrawn_date"],
        exists=exists,
    ):
        return None
    if not exists:
        return Message("export.no_consent")
    if row["consent_withdrawn_date"]:
        return Message("export.consent_withdrawn")
    if profile is Profile.INTERNAL:
        return Message("export.no_internal_consent")
    if profile is Profile.UN:
        return Message("export.no_un_consent")
    return Message("export.no_public_consent")


def dossier_data(
    store: CaseStore,
    testimony_uid: str,
    profile: Profile,
    withheld: str = "[withheld]",
    vault: Vault | None = None,
) -> DossierData:
    """One testimony as ``profile`` may show it; ConsentRefused when it may not leave."""
    with store.session() as session:
        return _dossier_data(session, testimony_uid, profile, withheld, vault)


def _dossier_data(
    session: Session, testimony_uid: str, profile: Profile, withheld: str, vault: Vault | None
) -> DossierData:
    found = _rows(
        session, _testimony_columns().where(T.c.uid == testimony_uid, T.c.deleted_at.is_(None))
    )
    if not found:
        raise NotFound(Message("export.no_testimony"))
    row = found[0]
    reason = refusal_reason(row, profile)
    if reason is not None:
        raise ConsentRefused(
            Message(
                "export.consent_refused",
                code=str(row["code"]),
                profile=profile.value,
                reason=reason,
            )
        )
    violations = _violation_rows(session, [row["id"]])
    vault_names = vault_index(session, profile, vault, withheld)
    entry = redact_entry(row, violations, profile, withheld, vault_names)
    attachments = _rows(
        session,
        select(A.c.uid, A.c.file_name, A.c.media_type, A.c.size, A.c.sha256)
        .where(A.c.testimony_id == row["id"], A.c.deleted_at.is_(None))
        .order_by(A.c.id),
    )
    if profile is Profile.PUBLIC:
        for attachment in attachments:
            attachment["file_name"] = withheld  # typed by staff; may name people or places
    else:
        names = _name_replacements(row, violations, profile, withheld)
        for attachment in attachments:
            attachment["file_name"] = replace_names(
                attachment["file_name"], names, vault_names, withheld=withheld
            )
    responses = _rows(
        session,
        select(S.c.uid, S.c.aspect, S.c.position, S.c.statement_date, S.c.source)
        .select_from(L.join(S, L.c.state_response_id == S.c.id))
        .where(L.c.testimony_id == row["id"], L.c.deleted_at.is_(None), S.c.deleted_at.is_(None))
        .order_by(S.c.statement_date.asc().nulls_first(), S.c.id),
    )
    return DossierData(profile=profile, entry=entry, attachments=attachments, responses=responses)
