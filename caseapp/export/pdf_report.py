"""The coordinator report: a title page, the summary tables in the shape the field uses
(violations by category with reported impact and UN response, regional protection status,
state responses), a chart of violations by category and by year, then every testimony the
profile may carry, with its violations, redacted by the profile.

    data, pages, _ = build_report(store, vocabulary, ReportOptions(profile=Profile.UN))
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from PySide6.QtCore import QBuffer, QByteArray, QFile, QFileDevice, QIODevice

from caseapp.export.chart import Bar, chart_page
from caseapp.export.errors import Progress
from caseapp.export.pdf_document import Column, DocBuilder, LazyDocument
from caseapp.export.pdf_files import ExportResult, generated_at, save_export
from caseapp.export.pdf_pages import LazySections, PageFrame, write_pdf
from caseapp.export.pdf_style import ensure_fonts
from caseapp.export.pdf_text import Words, reported_cases
from caseapp.export.report_data import (
    CategorySummary,
    ReportData,
    ReportReader,
    Row,
    TestimonyEntry,
)
from caseapp.export.target import check_target
from caseapp.models.enums import VocabularyScheme
from caseapp.services.access import Access
from caseapp.services.audit import AuditLog
from caseapp.services.profiles import Profile
from caseapp.services.vault import Vault
from caseapp.services.vocabulary import Vocabulary
from caseapp.store import CaseStore
from caseapp.store.files import Leftovers

S = VocabularyScheme


@dataclass(frozen=True)
class ReportOptions:
    profile: Profile = Profile.PUBLIC  # the most restrictive
    organisation: str = "caseapp"
    language: str = "en"
    # The opened identity vault: un and public take its real names out of free text.
    vault: Vault | None = field(default=None, repr=False, compare=False)


# -- shared with the dossier -------------------------------------------------------------------


def person_text(code: str | None, pseudonym: str | None) -> str:
    """A person as the (already redacted) row allows: "P-1A2B (Kim A.)", a code, or ""."""
    if code and pseudonym:
        return f"{code} ({pseudonym})"
    return code or pseudonym or ""


def testimony_fields(
    fields: Row, vocabulary: Vocabulary, words: Words, language: str
) -> list[tuple[str, str]]:
    return [
        (words.get("f_code"), fields["code"]),
        (
            words.get("f_interview_date"),
            words.dated(fields["interview_date"], fields["interview_date_precision"]),
        ),
        (words.get("f_interview_place"), fields.get("interview_place") or ""),
        (words.get("f_interviewer"), fields.get("interviewer") or ""),
        (words.get("f_language"), words.language_name(fields.get("language"))),
        (
            words.get("f_source"),
            person_text(fields.get("source_code"), fields.get("source_pseudonym")),
        ),
        (
            words.get("f_reliability"),
            vocabulary.label(S.RELIABILITY.value, fields.get("reliability"), language),
        ),
        (words.get("f_status"), words.status(fields.get("status"))),
    ]


def consent_text(fields: Row, words: Words) -> str:
    return words.consent_scopes(
        fields.get("consent_id") is not None,
        fields.get("consent_internal"),
        fields.get("consent_un"),
        fields.get("consent_public"),
        fields.get("consent_withdrawn_date"),
    )


def place_text(violation: Row, vocabulary: Vocabulary, language: str) -> str:
    province = vocabulary.label(S.PROVINCE.value, violation.get("province"), language)
    return "\n".join(p for p in (province, violation.get("place") or "") if p)


def un_text(violation: Row, vocabulary: Vocabulary, words: Words, language: str) -> str:
    status = violation.get("un_response_status")
    lines = [
        vocabulary.label(S.UN_RESPONSE_STATUS.value, status, language)
        if status
        else words.get("not_recorded"),
        vocabulary.label(S.UN_MECHANISM.value, violation.get("un_mechanism"), language),
        " ".join(
            p for p in (violation.get("un_submission_date"), violation.get("un_reference")) if p
        ),
    ]
    return "\n".join(line for line in lines if line)


def violation_date(violation: Row, words: Words) -> str:
    return words.dated(
        violation.get("date_start"), violation.get("date_precision"), violation.get("date_end")
    )


def write_free_text(builder: DocBuilder, entry: TestimonyEntry, words: Words) -> None:
    fields = entry.fields
    if fields.get("summary"):
        builder.heading(words.get("summary_label"), level=3)
        builder.paragraph(fields["summary"])
    if fields.get("narrative"):
        builder.heading(words.get("narrative_label"), level=3)
        builder.paragraph(fields["narrative"])


# -- the report --------------------------------------------------------------------------------


def _title_page(
    builder: DocBuilder, data: ReportData, options: ReportOptions, words: Words, stamp: str
) -> None:
    profile = options.profile
    builder.spacer(150)
    builder.heading(words.get("report_title"), level=0)
    builder.paragraph(words.get("report_subtitle"), size=11.5, after=36)
    if data.first_date and data.last_date:
        period = (
            data.first_date
            if data.first_date == data.last_date
            else words.get("period_range", data.first_date, data.last_date)
        )
    else:
        period = words.get("no_testimonies")
    builder.key_values(
        [
            (words.get("organisation"), options.organisation),
            (words.get("period"), period),
            (
                words.get("profile"),
                f"{words.profile_name(profile)}\n{words.get(f'profile_note_{profile.value}')}",
            ),
            (words.get("generated_at"), stamp),
            (words.get("testimony_count"), words.count(data.testimony_count, profile)),
            (words.get("violation_count"), words.count(data.violation_count, profile)),
        ],
        size=10,
    )


def _category_rows(
    categories: list[CategorySummary],
    vocabulary: Vocabulary,
    words: Words,
    profile: Profile,
    language: str,
) -> list[list[str]]:
    rows = []
    for summary in categories:
        impacts = [f"{impact} ({words.count(n, profile)})" for impact, n in summary.impacts]
        if summary.more_impacts:
            impacts.append(words.get("more_impacts", summary.more_impacts))
        statuses = [
            (
                vocabulary.label(S.UN_RESPONSE_STATUS.value, status, language)
                if status
                else words.get("not_recorded")
            )
            + f" ({words.count(n, profile)})"
            for status, n in summary.statuses
        ]
        rows.append(
            [
                vocabulary.label(S.VIOLATION_CATEGORY.value, summary.category, language),
                words.count(summary.violations, profile),
                words.count(summary.testimonies, profile),
                "\n".join(impacts),
                "\n".join(statuses),
            ]
        )
    return rows


def _summary_tables(
    builder: DocBuilder, data: ReportData, vocabulary: Vocabulary, words: Words, language: str
) -> None:
    profile = data.profile
    builder.heading(words.get("by_category"), level=1, page_break=True)
    builder.note(words.get("by_category_note"))
    if data.categories:
        builder.table(
            [
                Column(words.get("col_category"), 21),
                Column(words.get("col_violations"), 11),
                Column(words.get("col_testimonies"), 12),
                Column(words.get("col_impact"), 31),
                Column(words.get("col_un_response"), 25),
            ],
            _category_rows(data.categories, vocabulary, words, profile, language),
        )
    else:
        builder.paragraph(words.get("chart_empty"), after=10)

    builder.heading(words.get("regions"), level=1)
    builder.note(words.get("regions_note"))
    if data.regions:
        builder.table(
            [
                Column(words.get("col_region"), 14),
                Column(words.get("col_country"), 12),
                Column(words.get("col_reported"), 11),
                Column(words.get("col_counted"), 11),
                Column(words.get("col_status"), 21),
                Column(words.get("col_as_of"), 9),
                Column(words.get("col_source"), 22),
            ],
            [
                [
                    region["region"],
                    region["country"],
                    reported_cases(region["reported_cases"], region["reported_cases_is_minimum"]),
                    "" if region["counted"] is None else words.count(region["counted"], profile),
                    vocabulary.label(
                        S.PROTECTION_STATUS.value, region["protection_status"], language
                    ),
                    region["as_of"] or "",
                    region["source"],
                ]
                for region in data.regions
            ],
        )
    else:
        builder.paragraph(words.get("none_recorded"), after=10)

    builder.heading(words.get("responses"), level=1)
    if data.responses:
        builder.table(
            [
                Column(words.get("col_aspect"), 20),
                Column(words.get("col_position"), 38),
                Column(words.get("col_date"), 12),
                Column(words.get("col_source"), 30),
            ],
            [
                [r["aspect"], r["position"], r["statement_date"] or "", r["source"]]
                for r in data.responses
            ],
        )
    else:
        builder.paragraph(words.get("none_recorded"))


def violations_table(
    builder: DocBuilder,
    violations: list[Row],
    vocabulary: Vocabulary,
    words: Words,
    language: str,
) -> None:
    builder.table(
        [
            Column(words.get("col_category"), 17),
            Column(words.get("col_date"), 14),
            Column(words.get("col_place"), 18),
            Column(words.get("col_perpetrator"), 14),
            Column(words.get("col_impact"), 19),
            Column(words.get("col_un_response"), 18),
        ],
        [
            [
                vocabulary.label(S.VIOLATION_CATEGORY.value, v["category"], language),
                violation_date(v, words),
                place_text(v, vocabulary, language),
                vocabulary.label(S.PERPETRATOR.value, v.get("perpetrator"), language),
                v.get("reported_impact") or "",
                un_text(v, vocabulary, words, language),
            ]
            for v in violations
        ],
        size=8,
    )


# Testimonies laid out at a time in the report (about 40 pages): small enough to keep memory
# flat, large enough that the per-section overhead does not show.
TESTIMONIES_PER_CHUNK = 25
# The share of the progress bar of the first pass, which adds up the totals (a third of the
# three passes' reading, but none of the laying out, the larger cost).
TOTALS_SHARE = 20


def _testimony(
    builder: DocBuilder,
    entry: TestimonyEntry,
    vocabulary: Vocabulary,
    words: Words,
    language: str,
    page_break: bool,
) -> None:
    fields = entry.fields
    builder.heading(fields["title"] or fields["code"], level=2, page_break=page_break)
    builder.key_values(
        [
            *testimony_fields(fields, vocabulary, words, language),
            (words.get("f_consent"), consent_text(fields, words)),
        ]
    )
    write_free_text(builder, entry, words)
    builder.heading(words.get("violations_label"), level=3)
    if entry.violations:
        violations_table(builder, entry.violations, vocabulary, words, language)
    else:
        builder.paragraph(words.get("no_violations"))


def build_report(
    store: CaseStore,
    vocabulary: Vocabulary,
    options: ReportOptions,
    progress: Progress | None = None,
    chunk: int = TESTIMONIES_PER_CHUNK,
) -> tuple[bytes, int, ReportData]:
    """The report as PDF bytes, its page count and the aggregates it shows. Nothing is
    written. ``chunk``: testimonies read and laid out at a time."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    try:
        pages, shown = _write_report(buffer, store, vocabulary, options, progress, chunk)
    finally:
        buffer.close()
    return bytes(data.data()), pages, shown


def _write_report(
    device: QIODevice,
    store: CaseStore,
    vocabulary: Vocabulary,
    options: ReportOptions,
    progress: Progress | None,
    chunk: int,
) -> tuple[int, ReportData]:
    """Write the report into ``device``; its page count and aggregates. Every testimony is
    read three times, a chunk at a time (the totals, counting pages, painting them), in one
    session: the archive is never held, only the chunk being laid out."""
    ensure_fonts()
    words = Words(options.language)
    language = options.language
    profile = options.profile
    with store.session() as session:
        reader = ReportReader(
            session,
            vocabulary,
            profile,
            withheld=words.get("withheld"),
            vault=options.vault,
            batch=chunk,
        )
        # The totals pass is the first part of the bar, in proportion to the testimonies
        # read (it had stood at 0% for the 20 s it takes at 100,000); laying out and
        # painting the pages are the rest.
        paint_progress: Progress | None = None
        keep_going: Callable[[int], bool] | None = None
        if progress is not None:
            shown = progress
            expected = max(1, reader.count())

            def keep_going(done: int) -> bool:
                return shown(TOTALS_SHARE * min(done, expected) // expected, 100)

            def paint_progress(done: int, total: int) -> bool:
                return shown(TOTALS_SHARE + (100 - TOTALS_SHARE) * done // max(1, total), 100)

        data = reader.totals(keep_going)
        stamp = generated_at()

        front = DocBuilder()
        _title_page(front, data, options, words, stamp)
        _summary_tables(front, data, vocabulary, words, language)

        chart = chart_page(
            [
                Bar(
                    vocabulary.label(S.VIOLATION_CATEGORY.value, c.category, language),
                    c.violations,
                )
                for c in data.categories
            ],
            [Bar(year, count) for year, count in data.years],
            data.undated,
            profile,
            words,
        )

        def body() -> Iterator[LazyDocument]:
            # Every testimony starts on a new page; a chunk of them is one lazily laid-out
            # section (write_pdf), which starts on a new page all the same.
            builder = DocBuilder()
            builder.heading(
                f"{words.get('testimonies')} ({words.count(data.testimony_count, profile)})",
                level=1,
            )
            empty = True
            for entries in reader.batches():
                for index, entry in enumerate(entries):
                    _testimony(builder, entry, vocabulary, words, language, page_break=index > 0)
                    empty = False
                yield from builder.finish_lazily()
            if empty:
                builder.paragraph(words.get("testimonies_none"))
                yield from builder.finish_lazily()

        title = f"{options.organisation} · {words.get('report_title')}"
        frame = PageFrame(
            title=title,
            profile_text=words.get("profile_header", words.profile_name(profile)),
            generated_text=f"{words.get('generated_at')} {stamp}",
            page_text=lambda n, m: words.get("page_of", n, m),
            warning=words.get("profile_note_internal") if profile is Profile.INTERNAL else "",
        )
        pages = write_pdf(
            device,
            [front.finish(), chart, LazySections(body, max(1, -(-data.testimony_count // chunk)))],
            frame,
            pdf_title=f"{words.get('report_title')} ({words.profile_name(profile)})",
            progress=paint_progress,
        )
    return pages, data


def write_report(
    store: CaseStore,
    vocabulary: Vocabulary,
    audit: AuditLog,
    access: Access,
    path: Path,
    options: ReportOptions,
    progress: Progress | None = None,
    leftovers: Leftovers | None = None,
) -> ExportResult:
    """Build the report and write it atomically to ``path`` (and only there), page by
    page, auditing the export with its profile, record count and SHA-256. NotAllowed,
    before anything is drawn, when ``access`` may not export as the options' profile."""
    access.require_export(options.profile)
    path = Path(path)
    check_target(path)
    done: list[tuple[int, ReportData]] = []

    def write(out: IO[bytes]) -> dict[str, Any]:
        file = QFile()
        # The PDF goes straight into the unnamed file: a report of the whole archive is
        # never held in memory (hundreds of MB at 100,000 testimonies).
        opened = file.open(
            out.fileno(),
            QIODevice.OpenModeFlag.WriteOnly,
            QFileDevice.FileHandleFlag.DontCloseHandle,
        )
        if not opened:
            raise OSError(0, file.errorString())
        try:
            done.append(
                _write_report(file, store, vocabulary, options, progress, TESTIMONIES_PER_CHUNK)
            )
        finally:
            file.close()
        if file.error() != QFileDevice.FileError.NoError:
            raise OSError(0, file.errorString())
        pages, data = done[0]
        return {
            "kind": "report",
            "profile": options.profile.value,
            "records": data.testimony_count,
            "violations": data.violation_count,
            "pages": pages,
            "language": options.language,
        }

    digest = save_export(store, audit, path, write, {}, leftovers=leftovers)
    pages, data = done[0]
    return ExportResult(
        path=path,
        profile=options.profile,
        records=data.testimony_count,
        pages=pages,
        sha256=digest,
    )
