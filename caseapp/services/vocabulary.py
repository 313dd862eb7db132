"""Controlled vocabularies: loaded from the bundled CSV into the database, checked in memory."""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, insert, select
from sqlmodel import Session, col

from caseapp.models import AppMeta, VocabularyTerm

VOCAB_HASH_KEY = "vocabulary_sha256"


@dataclass(frozen=True)
class Term:
    scheme: str
    code: str
    parent_code: str | None
    label_en: str
    label_ko: str
    huridocs_list: str | None
    huridocs_code: str | None
    sort_order: int

    def label(self, language: str = "en") -> str:
        return self.label_ko if language == "ko" else self.label_en


def read_terms_csv(path: Path) -> list[Term]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Term(
                scheme=row["scheme"],
                code=row["code"],
                parent_code=row["parent_code"] or None,
                label_en=row["label_en"],
                label_ko=row["label_ko"],
                huridocs_list=row["huridocs_list"] or None,
                huridocs_code=row["huridocs_code"] or None,
                sort_order=int(row["sort_order"]),
            )
            for row in csv.DictReader(handle)
        ]


def sync_terms(session: Session, csv_path: Path) -> bool:
    """Make the stored vocabulary equal the bundled file; return whether anything changed.

    Terms are reference data shipped with the app, not records: they are replaced whole when
    the bundled file changes. Codes stay stable, so records keep pointing at valid terms."""
    digest = hashlib.sha256(csv_path.read_bytes()).hexdigest()
    meta = session.get(AppMeta, VOCAB_HASH_KEY)
    if meta is not None and meta.value == digest:
        return False
    terms = read_terms_csv(csv_path)
    session.execute(delete(VocabularyTerm))
    session.execute(
        insert(VocabularyTerm),
        [
            {
                "scheme": t.scheme,
                "code": t.code,
                "parent_code": t.parent_code,
                "label_en": t.label_en,
                "label_ko": t.label_ko,
                "huridocs_list": t.huridocs_list,
                "huridocs_code": t.huridocs_code,
                "sort_order": t.sort_order,
                "active": True,
            }
            for t in terms
        ],
    )
    if meta is None:
        session.add(AppMeta(key=VOCAB_HASH_KEY, value=digest))
    else:
        meta.value = digest
    return True


class Vocabulary:
    """All terms in memory (a few hundred): validation and labels without a query per row."""

    def __init__(self, terms: list[Term]) -> None:
        self._by_scheme: dict[str, dict[str, Term]] = {}
        for term in sorted(terms, key=lambda t: (t.scheme, t.sort_order)):
            self._by_scheme.setdefault(term.scheme, {})[term.code] = term

    @classmethod
    def load(cls, session: Session) -> Vocabulary:
        rows = session.execute(select(VocabularyTerm).where(col(VocabularyTerm.active))).all()
        return cls(
            [
                Term(
                    r.scheme,
                    r.code,
                    r.parent_code,
                    r.label_en,
                    r.label_ko,
                    r.huridocs_list,
                    r.huridocs_code,
                    r.sort_order,
                )
                for (r,) in rows
            ]
        )

    def terms(self, scheme: str) -> list[Term]:
        return list(self._by_scheme.get(scheme, {}).values())

    def has(self, scheme: str, code: str) -> bool:
        return code in self._by_scheme.get(scheme, {})

    def get(self, scheme: str, code: str) -> Term | None:
        return self._by_scheme.get(scheme, {}).get(code)

    def label(self, scheme: str, code: str | None, language: str = "en") -> str:
        if code is None:
            return ""
        term = self.get(scheme, code)
        return term.label(language) if term else code
