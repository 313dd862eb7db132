"""The testimony dossier: one testimony with every field its profile permits, its consent,
each violation in full, its attachments (name, size, SHA-256 at intake) and the state
responses linked to it. A testimony the profile's consent rule does not allow is refused
(ConsentRefused) before anything is drawn."""

from __future__ import annotations

from pathlib import Path

from caseapp.export.pdf_document import Column, DocBuilder
from caseapp.export.pdf_files import ExportResult, generated_at, save_export
from caseapp.export.pdf_pages import PageFrame, render_pdf
from caseapp.export.pdf_report import (
    consent_text,
    person_text,
    place_text,
    testimony_fields,
    violation_date,
    write_free_text,
)
from caseapp.export.pdf_style import ensure_fonts
from caseapp.export.pdf_text import Words, file_size
from caseapp.export.report_data import DossierData, dossier_data
from caseapp.export.target import check_target
from caseapp.models.enums import VocabularyScheme
from caseapp.services.access import Access
from caseapp.services.audit import AuditLog
from caseapp.services.export_rights import require_dossier_export
from caseapp.services.profiles import Profile
from caseapp.services.vault import Vault
from caseapp.services.vocabulary import Vocabulary
from caseapp.store import CaseStore
from caseapp.store.files import Leftovers

S = VocabularyScheme


def _violations(
    builder: DocBuilder, data: DossierData, vocabulary: Vocabulary, words: Words, language: str
) -> None:
    violations = data.entry.violations
    builder.heading(words.get("violations_label"), level=2)
    if not violations:
        builder.paragraph(words.get("no_violations"))
    for number, v in enumerate(violations, start=1):
        category = vocabulary.label(S.VIOLATION_CATEGORY.value, v["category"], language)
        builder.heading(f"{words.get('violation_n', number, len(violations))}: {category}", level=3)
        builder.key_values(
            [
                (words.get("col_category"), category),
                (words.get("col_date"), violation_date(v, words)),
                (
                    words.get("f_victim"),
                    person_text(v.get("victim_code"), v.get("victim_pseudonym")),
                ),
                (words.get("col_place"), place_text(v, vocabulary, language).replace("\n", ", ")),
                (
                    words.get("f_place_type"),
                    vocabulary.label(S.PLACE_TYPE.value, v.get("place_type"), language),
                ),
                (
                    words.get("col_perpetrator"),
                    vocabulary.label(S.PERPETRATOR.value, v.get("perpetrator"), language),
                ),
                (words.get("col_impact"), v.get("reported_impact") or ""),
                (
                    words.get("f_un_mechanism"),
                    vocabulary.label(S.UN_MECHANISM.value, v.get("un_mechanism"), language),
                ),
                (words.get("f_un_submission"), v.get("un_submission_date") or ""),
                (words.get("f_un_reference"), v.get("un_reference") or ""),
                (
                    words.get("f_un_status"),
                    vocabulary.label(
                        S.UN_RESPONSE_STATUS.value, v.get("un_response_status"), language
                    )
                    or words.get("not_recorded"),
                ),
                (
                    words.get("f_verification"),
                    vocabulary.label(
                        S.VERIFICATION_STATUS.value, v.get("verification_status"), language
                    ),
                ),
            ]
        )


def build_dossier(
    store: CaseStore,
    vocabulary: Vocabulary,
    testimony_uid: str,
    profile: Profile = Profile.PUBLIC,
    language: str = "en",
    organisation: str = "caseapp",
    vault: Vault | None = None,
) -> tuple[bytes, int, DossierData]:
    """The dossier as PDF bytes, its page count and the data it shows; ConsentRefused when
    the profile may not carry the testimony. Nothing is written."""
    words = Words(language)
    data = dossier_data(store, testimony_uid, profile, withheld=words.get("withheld"), vault=vault)
    ensure_fonts()
    fields = data.entry.fields
    stamp = generated_at()

    builder = DocBuilder()
    builder.paragraph(
        f"{words.get('dossier_title')} · {fields['code']}", size=10, bold=True, after=2
    )
    builder.heading(fields["title"] or fields["code"], level=1)
    builder.key_values(testimony_fields(fields, vocabulary, words, language))

    builder.heading(words.get("consent_label"), level=3)
    builder.key_values(
        [
            (words.get("f_consent_scopes"), consent_text(fields, words)),
            (words.get("f_consent_date"), fields.get("consent_date") or ""),
            (words.get("f_consent_recorded_by"), fields.get("consent_recorded_by") or ""),
            (words.get("f_consent_withdrawn"), fields.get("consent_withdrawn_date") or ""),
        ]
    )
    write_free_text(builder, data.entry, words)
    _violations(builder, data, vocabulary, words, language)

    builder.heading(words.get("attachments_label"), level=2)
    if data.attachments:
        builder.table(
            [
                Column(words.get("col_name"), 28),
                Column(words.get("col_size"), 11),
                Column(words.get("col_sha256"), 61),
            ],
            [[a["file_name"], file_size(int(a["size"])), a["sha256"]] for a in data.attachments],
            size=7.5,
        )
    else:
        builder.paragraph(words.get("no_attachments"))

    if data.responses:
        builder.heading(words.get("linked_responses"), level=2)
        builder.table(
            [
                Column(words.get("col_aspect"), 22),
                Column(words.get("col_position"), 40),
                Column(words.get("col_date"), 12),
                Column(words.get("col_source"), 26),
            ],
            [
                [r["aspect"], r["position"], r["statement_date"] or "", r["source"]]
                for r in data.responses
            ],
        )

    frame = PageFrame(
        title=f"{organisation} · {words.get('dossier_title')} {fields['code']}",
        profile_text=words.get("profile_header", words.profile_name(profile)),
        generated_text=f"{words.get('generated_at')} {stamp}",
        page_text=lambda n, m: words.get("page_of", n, m),
        warning=words.get("profile_note_internal") if profile is Profile.INTERNAL else "",
    )
    pdf, pages = render_pdf(
        [builder.finish()],
        frame,
        pdf_title=f"{words.get('dossier_title')} {fields['code']} ({words.profile_name(profile)})",
    )
    return pdf, pages, data


def write_dossier(
    store: CaseStore,
    vocabulary: Vocabulary,
    audit: AuditLog,
    access: Access,
    testimony_uid: str,
    path: Path,
    profile: Profile = Profile.PUBLIC,
    language: str = "en",
    organisation: str = "caseapp",
    leftovers: Leftovers | None = None,
    vault: Vault | None = None,
) -> ExportResult:
    """Build the dossier and write it atomically to ``path``. NotAllowed, before anything
    is drawn, when ``access`` may not export this testimony as ``profile``."""
    require_dossier_export(access, store, testimony_uid, profile)
    path = Path(path)
    check_target(path)
    pdf, pages, _ = build_dossier(
        store, vocabulary, testimony_uid, profile, language, organisation, vault
    )
    digest = save_export(
        store,
        audit,
        path,
        pdf,
        {
            "kind": "dossier",
            "profile": profile.value,
            "records": 1,
            "pages": pages,
            "language": language,
        },
        record_uid=testimony_uid,
        leftovers=leftovers,
    )
    return ExportResult(path=path, profile=profile, records=1, pages=pages, sha256=digest)
