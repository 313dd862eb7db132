"""CSV export of testimonies, violations, regional protection and state responses.

The format is in ``caseapp.services.csv_fields``. What goes out is decided by the profile
(``caseapp.services.profiles``): a testimony leaves only when its live, not withdrawn consent
allows the profile, a violation only with its testimony, and each value is shown as the
profile may show it. Regional protection and state responses are not about one person and
go out whole; the cases counted from the records are counted over the testimonies the
profile may carry, and ``public`` shows a count from 1 to 4 as "<5" (the external figure,
``reported_cases``, is a published number and stays). The identity vault is never read.

Rows stream from one SELECT, in encoded batches (``caseapp.export.csv_sink``, which also
digests them), straight into an unnamed owner-only file in the target folder, which takes
the target's name once complete (``caseapp.store.files``: where the file system
refuses unnamed files, a hidden temporary file noted in the database first, so that the
next start removes it if a kill left it); no other file is written. The export is
recorded in the audit trail with its profile, record count and the file's SHA-256.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from contextlib import closing
from dataclasses import dataclass
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, FromClause, Select, and_, case, func, select
from sqlmodel import Session

from caseapp.export.csv_sink import CsvSink
from caseapp.export.errors import ExportError
from caseapp.export.messages import Message
from caseapp.export.target import check_target
from caseapp.models import (
    AuditAction,
    Consent,
    Person,
    RegionProtection,
    StateResponse,
    Testimony,
    Violation,
    VocabularyTerm,
)
from caseapp.models.base import table_of
from caseapp.models.enums import VocabularyScheme
from caseapp.services.access import Access
from caseapp.services.audit import AuditLog
from caseapp.services.csv_fields import (
    CONSENT_FLAGS,
    PROFILE_COLUMN,
    PROTECTION,
    RESPONSES,
    TESTIMONIES,
    VIOLATIONS,
    CsvKind,
    ExchangeDialect,
    written,
    yes_no,
)
from caseapp.services.listing.regions import split_codes
from caseapp.services.profiles import (
    NameIndex,
    Profile,
    consent_allows,
    name_replacements,
    redact_testimony,
    redact_violation,
    replace_names,
    shown_count,
    vault_index,
)
from caseapp.services.record_kinds import KINDS
from caseapp.services.vault import Vault
from caseapp.services.vocabulary import Vocabulary
from caseapp.store import CaseStore
from caseapp.store.files import Leftovers, private_atomic_file

T = table_of(Testimony)
C = table_of(Consent)
P = table_of(Person)
SOURCE = P.alias("source_person")
V = table_of(Violation)
R = table_of(RegionProtection)
S = table_of(StateResponse)
VT = table_of(VocabularyTerm)

FETCH_BATCH = 1000
PROGRESS_EVERY = 500
MAX_COUNT_COLUMNS = 200  # region counts per statement (SQLite allows 2,000 result columns)

Progress = Callable[[int], None]
"""Called with the number of rows written so far; raising from it cancels the export."""

Only = Select[Any] | None
"""A SELECT of the uids to keep (what a tab shows), or None for every record. It narrows
what the profile allows; it never widens it."""

Values = dict[str, Any]  # a row's values by column; written as text by csv_fields.written
Rows = Generator[Values, None, None]  # closed by the export however it ends
People = list[tuple[str | None, str | None]]  # (code, pseudonym)

FREE_TEXT_TESTIMONY = ("title", "summary", "narrative", "interview_place")
FREE_TEXT_VIOLATION = ("place", "reported_impact")


@dataclass(frozen=True)
class ExportResult:
    kind: str
    profile: Profile
    path: Path
    records: int
    sha256: str


def export_csv(
    store: CaseStore,
    audit: AuditLog,
    access: Access,
    vocabulary: Vocabulary,
    csv_kind: CsvKind,
    path: Path,
    profile: Profile,
    progress: Progress | None = None,
    only: Only = None,
    leftovers: Leftovers | None = None,
    vault: Vault | None = None,
) -> ExportResult:
    """Write ``csv_kind`` records as ``profile`` may show them to ``path``, atomically;
    with ``only``, just the records whose uid it selects. ``leftovers`` notes any hidden
    temporary name first, so the next start removes what a kill left. NotAllowed, before any
    file is made, when ``access`` may not export as ``profile``. ``vault``: the opened
    identity vault, whose real names ``un`` and ``public`` take out of free text."""
    access.require_export(profile)
    rows_of = _ROWS[csv_kind.name]
    columns = csv_kind.columns
    check_target(path)
    try:
        with (
            private_atomic_file(path, leftovers=leftovers) as out,
            store.session() as session,
        ):
            count = 0
            names = vault_index(session, profile, vault)
            values_of = itemgetter(*columns)
            try:
                # Closed here on a cancel too, while the session is open: its cursor with it;
                # the sink's writer thread stops with it.
                with (
                    CsvSink(out.handle, ExchangeDialect) as writer,
                    closing(rows_of(session, profile, vocabulary, only, names)) as rows,
                ):
                    writer.writerow(columns)
                    for values in rows:
                        values[PROFILE_COLUMN] = profile.value
                        writer.writerow(written(values_of(values)))
                        count += 1
                        if progress is not None and count % PROGRESS_EVERY == 0:
                            progress(count)
                    digest = writer.finish()
            except OSError as exc:
                # The file's error (a full stick), said here in the export's own words,
                # which the PDF export uses too: the session would word it as a medium's.
                raise _cannot_write(path, exc) from None
            # The event commits (the session ends) before the file takes its name: a file
            # never leaves without its trace (at worst a trace remains of a failed rename).
            audit.record(
                session,
                AuditAction.EXPORT,
                KINDS[csv_kind.record_kind].table,
                None,
                {
                    "format": "csv",
                    "kind": csv_kind.name,
                    "profile": profile.value,
                    "records": count,
                    "sha256": digest,
                    "file": str(path),
                },
            )
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    if progress is not None:
        progress(count)
    return ExportResult(csv_kind.name, profile, path, count, digest)


def _cannot_write(path: Path, exc: OSError) -> ExportError:
    return ExportError(Message("export.cannot_write", path=str(path), reason=str(exc.strerror)))


# -- rows of each kind ------------------------------------------------------------------------


def _stream(session: Session, statement: Select[Any]) -> Iterator[dict[str, Any]]:
    result = session.execute(statement.execution_options(yield_per=FETCH_BATCH))
    # Closed however the export ends (a cancel leaves it half-read): on PostgreSQL it is a
    # server-side cursor, held open until closed.
    with result:
        keys = list(result.keys())
        for row in result:
            yield dict(zip(keys, row, strict=True))


def _with_consent(base: FromClause) -> FromClause:
    """The testimony joined (LEFT OUTER) with its live consent, if it has one."""
    return base.outerjoin(C, and_(C.c.testimony_id == T.c.id, C.c.deleted_at.is_(None)))


def _narrowed(statement: Select[Any], uid: ColumnElement[Any], only: Only) -> Select[Any]:
    return statement if only is None else statement.where(uid.in_(only))


NO_NAMES = NameIndex({})  # no vault names to take out (internal)


def testimony_rows(
    session: Session,
    profile: Profile,
    vocabulary: Vocabulary,
    only: Only = None,
    vault: NameIndex = NO_NAMES,
) -> Rows:
    statement = (
        select(
            T.c.id.label("testimony_id"),
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
            P.c.code.label("source_code"),
            P.c.pseudonym.label("source_pseudonym"),
            T.c.reliability,
            T.c.status,
            C.c.id.label("consent_id"),
            C.c.internal.label("consent_internal"),
            C.c.un.label("consent_un"),
            C.c.public.label("consent_public"),
            C.c.date_given.label("consent_date"),
            C.c.date_withdrawn.label("consent_withdrawn_date"),
            C.c.recorded_by.label("consent_recorded_by"),
        )
        .select_from(_with_consent(T).outerjoin(P, P.c.id == T.c.source_person_id))
        .where(T.c.deleted_at.is_(None), consent_allows(C, profile))
        .order_by(T.c.id)
    )
    rows = _stream(session, _narrowed(statement, T.c.uid, only))
    for row, victims in _with_victims(session, profile, rows):
        del row["testimony_id"]
        has_consent = row.pop("consent_id") is not None
        for flag in CONSENT_FLAGS:
            # No consent recorded: every consent cell stays empty (not "no").
            row[flag] = yes_no(row[flag]) if has_consent else ""
        names = name_replacements(
            [(row["source_code"], row["source_pseudonym"]), *victims],
            (row["interviewer"], row["consent_recorded_by"]),
            profile,
        )
        shown = redact_testimony(row, profile)
        if profile is Profile.PUBLIC:
            shown["consent_recorded_by"] = ""  # a staff name, like the interviewer
        _take_out_names(shown, FREE_TEXT_TESTIMONY, names, vault)
        yield shown


def violation_rows(
    session: Session,
    profile: Profile,
    vocabulary: Vocabulary,
    only: Only = None,
    vault: NameIndex = NO_NAMES,
) -> Rows:
    statement = (
        select(
            V.c.uid,
            T.c.uid.label("testimony_uid"),
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
            P.c.code.label("victim_code"),
            T.c.id.label("testimony_id"),
            SOURCE.c.code.label("source_code"),
            SOURCE.c.pseudonym.label("source_pseudonym"),
            T.c.interviewer,
            C.c.recorded_by,
        )
        .select_from(
            _with_consent(V.join(T, T.c.id == V.c.testimony_id))
            .outerjoin(P, P.c.id == V.c.victim_person_id)
            .outerjoin(SOURCE, SOURCE.c.id == T.c.source_person_id)
        )
        .where(
            V.c.deleted_at.is_(None),
            T.c.deleted_at.is_(None),
            consent_allows(C, profile),
        )
        .order_by(V.c.id)
    )
    scheme = VocabularyScheme.VIOLATION_CATEGORY.value
    rows = _stream(session, _narrowed(statement, V.c.uid, only))
    for row, victims in _with_victims(session, profile, rows):
        del row["testimony_id"]
        source = (row.pop("source_code"), row.pop("source_pseudonym"))
        staff = (row.pop("interviewer"), row.pop("recorded_by"))
        names = name_replacements([source, *victims], staff, profile)
        row["category_label"] = vocabulary.label(scheme, row["category"], "en")
        shown = redact_violation(row, profile)
        if profile is Profile.PUBLIC:
            shown["victim_code"] = ""  # persons by code: not in public
        _take_out_names(shown, FREE_TEXT_VIOLATION, names, vault)
        yield shown


def protection_rows(
    session: Session,
    profile: Profile,
    vocabulary: Vocabulary,
    only: Only = None,
    _names: NameIndex = NO_NAMES,
) -> Rows:
    provinces = set(
        session.execute(select(R.c.provinces).where(R.c.deleted_at.is_(None)).distinct()).scalars()
    )
    counted = counted_cases(session, profile, provinces)
    statement = (
        select(
            R.c.uid,
            R.c.region,
            R.c.country,
            R.c.reported_cases,
            R.c.reported_cases_is_minimum,
            R.c.protection_status,
            R.c.as_of,
            R.c.source,
            R.c.notes,
            R.c.provinces,
        )
        .where(R.c.deleted_at.is_(None))
        .order_by(R.c.id)
    )
    for row in _stream(session, _narrowed(statement, R.c.uid, only)):
        count = counted.get(row["provinces"])
        # A count from the records is an aggregate of people: small ones are hidden in
        # public. The reported figure is an external, published number and stays.
        row["counted_cases"] = "" if count is None else shown_count(count, profile)
        yield row


def response_rows(
    session: Session,
    profile: Profile,
    vocabulary: Vocabulary,
    only: Only = None,
    _names: NameIndex = NO_NAMES,
) -> Rows:
    statement = (
        select(S.c.uid, S.c.aspect, S.c.position, S.c.statement_date, S.c.source)
        .where(S.c.deleted_at.is_(None))
        .order_by(S.c.id)
    )
    yield from _stream(session, _narrowed(statement, S.c.uid, only))


def _take_out_names(
    shown: dict[str, Any], fields: tuple[str, ...], names: dict[str, str], vault: NameIndex
) -> None:
    """The names a profile withholds taken out of ``shown``'s free text (none in internal)."""
    if names or vault:
        for name in fields:
            shown[name] = replace_names(shown[name], names, vault)


def _with_victims(
    session: Session, profile: Profile, rows: Iterator[dict[str, Any]]
) -> Iterator[tuple[dict[str, Any], People]]:
    """Each row with the victims (code, pseudonym) of its testimony's live violations: the
    names ``un`` and ``public`` take out of its free text (none in ``internal``, which reads
    none). Read for a batch of rows at a time, so that an export of the whole archive holds
    one batch's victims, not every testimony's (3 million at a million testimonies)."""
    if profile is Profile.INTERNAL:
        for row in rows:
            yield row, []
        return
    while batch := list(islice(rows, FETCH_BATCH)):
        victims = _victims(session, {row["testimony_id"] for row in batch})
        for row in batch:
            yield row, victims.get(row["testimony_id"], [])


def _victims(session: Session, testimony_ids: set[int]) -> dict[int, People]:
    """The victims of the live violations of these testimonies, in the order they were
    recorded. The rows asked about have passed the profile's consent rule already."""
    statement = (
        select(V.c.testimony_id, P.c.code, P.c.pseudonym)
        .select_from(V.join(P, P.c.id == V.c.victim_person_id))
        .where(V.c.deleted_at.is_(None), V.c.testimony_id.in_(testimony_ids))
        # The index on testimony_id gives this order: by id alone, SQLite would walk the
        # whole table in id order to find the batch's rows (25 s for 100,000 violations).
        .order_by(V.c.testimony_id, V.c.id)
    )
    people: dict[int, People] = {}
    for testimony_id, code, pseudonym in session.execute(statement):
        people.setdefault(testimony_id, []).append((code, pseudonym))
    return people


_ROWS: dict[str, Callable[[Session, Profile, Vocabulary, Only, NameIndex], Rows]] = {
    TESTIMONIES.name: testimony_rows,
    VIOLATIONS.name: violation_rows,
    PROTECTION.name: protection_rows,
    RESPONSES.name: response_rows,
}


def counted_cases(
    session: Session, profile: Profile, provinces: set[str] | frozenset[str]
) -> dict[str, int | None]:
    """For each provinces text ("laos,thailand"), the distinct live testimonies the profile
    may carry with a live violation in one of those provinces (a parent such as "china"
    includes its children); None for a text naming no province."""
    wanted = {text: split_codes(text) for text in provinces}
    result: dict[str, int | None] = {text: None for text, codes in wanted.items() if not codes}
    keys = sorted(text for text, codes in wanted.items() if codes)
    if not keys:
        return result
    children: dict[str, set[str]] = {}
    rows = session.execute(
        select(VT.c.code, VT.c.parent_code).where(VT.c.scheme == VocabularyScheme.PROVINCE.value)
    )
    for code, parent in rows:
        children.setdefault(code, set()).add(code)
        if parent:
            children.setdefault(parent, {parent}).add(code)
    allowed = (
        select(T.c.id)
        .select_from(_with_consent(T))
        .where(T.c.id == V.c.testimony_id, T.c.deleted_at.is_(None), consent_allows(C, profile))
        .exists()
    )
    for start in range(0, len(keys), MAX_COUNT_COLUMNS):
        batch = keys[start : start + MAX_COUNT_COLUMNS]
        expanded = {
            key: sorted({c for code in wanted[key] for c in children.get(code, {code})})
            for key in batch
        }
        everywhere = sorted({c for codes in expanded.values() for c in codes})
        columns: list[ColumnElement[Any]] = [
            func.count(func.distinct(case((V.c.province.in_(expanded[key]), V.c.testimony_id))))
            for key in batch
        ]
        counts = session.execute(
            select(*columns).where(V.c.deleted_at.is_(None), V.c.province.in_(everywhere), allowed)
        ).one()
        result.update({key: int(n) for key, n in zip(batch, counts, strict=True)})
    return result
