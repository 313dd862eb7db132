"""Controlled vocabularies: loaded from the bundled CSV into the database, checked in memory."""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
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


def label_key(text: str) -> str:
    """``text`` as labels are compared: Unicode NFKC (full-width letters, composed Hangul),
    case folded, runs of spaces as one, no spaces around."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


_TRAILING_NOTE = re.compile(r"^(?P<name>.+?)\s*[(](?P<note>[^()]*)[)]$")
_PROVINCE = " province"


def _short_forms(term: Term) -> set[str]:
    """The shorter names a person types for a term, each a ``label_key``: an English
    label without its word "Province" ("North Hamgyong"), a label without a note in
    brackets at its end ("Political prison camp", "지린성"), and a Korean label's note when it
    is one word, an older or fuller name ("길림성", "보위사령부"). Never part of a word."""
    forms: set[str] = set()
    english, korean = label_key(term.label_en), label_key(term.label_ko)
    if english.endswith(_PROVINCE) and len(english) > len(_PROVINCE):
        forms.add(english[: -len(_PROVINCE)])
    for label in (english, korean):
        found = _TRAILING_NOTE.match(label)
        if found:
            forms.add(found["name"])
    found = _TRAILING_NOTE.match(korean)
    if found and found["note"] and not re.search(r"[\s,:;.]", found["note"]):
        forms.add(found["note"])
    return forms - {""}


class _SchemeIndex:
    """One scheme's terms by what a person may type: codes and labels (``exact``), and
    the shorter forms of labels (``short``); each key -> every code it names."""

    def __init__(self, terms: list[Term]) -> None:
        self.exact: dict[str, set[str]] = {}
        self.short: dict[str, set[str]] = {}
        for term in terms:
            for text in (term.code, term.label_en, term.label_ko):
                if text:
                    self.exact.setdefault(label_key(text), set()).add(term.code)
            for form in _short_forms(term):
                self.short.setdefault(form, set()).add(term.code)


class Vocabulary:
    """All terms in memory (a few hundred): validation and labels without a query per row."""

    def __init__(self, terms: list[Term]) -> None:
        self._by_scheme: dict[str, dict[str, Term]] = {}
        self._indexes: dict[str, _SchemeIndex] = {}
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

    def codes_named(self, scheme: str, text: str) -> list[str]:
        """The codes of ``scheme`` that ``text`` names: a code as stored, else a code or a
        label in English or Korean compared as ``label_key`` does, else a shorter form of a
        label (``_short_forms``). One code when ``text`` names one term; none when it names
        none; several (sorted) when it could be more than one: the caller must not choose.
        A form that names one term exactly wins over shorter forms of others."""
        if text in self._by_scheme.get(scheme, {}):
            return [text]
        index = self._indexes.get(scheme)
        if index is None:
            index = self._indexes[scheme] = _SchemeIndex(self.terms(scheme))
        key = label_key(text)
        found = index.exact.get(key) or index.short.get(key) or set()
        return sorted(found)
