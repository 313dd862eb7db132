"""The CSV exchange format, shared by export (``caseapp.export.csv_export``) and import
(``caseapp.services.csv_import``): the columns of each file and how a cell is written.

Files are UTF-8 with a byte-order mark (spreadsheets then read Hangul right), RFC 4180
quoting (``csv.QUOTE_MINIMAL``, CR LF line ends), one header row, then one row per record.
Dates are ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; yes/no fields are ``yes`` or ``no``;
vocabulary fields carry the term's code. Import also reads files made by hand: columns in
any order, only some of them, and vocabulary terms typed as labels in English or Korean
(``caseapp.services.vocabulary.Vocabulary.codes_named``).

Formula neutralisation, and how import reverses it exactly: a spreadsheet runs a cell that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (and, in East Asian
locales, the full-width ``＝ ＋ － ＠``) as a formula. Export puts one apostrophe ``'`` in
front of every cell that starts with one of those characters **or with an apostrophe**;
import removes one leading apostrophe from every cell that starts with one. Because every
exported cell that starts with an apostrophe got one added, the round trip is exact
("'quoted" is written as "''quoted" and read back as "'quoted"). In a spreadsheet the
apostrophe stays visible in front of such a cell: a sign that it is text, not a formula.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass

ENCODING = "utf-8-sig"
LINE_END = "\r\n"

FORMULA_STARTS = frozenset("=+-@\t\r＝＋－＠")
TEXT_MARK = "'"
NEEDS_MARK = FORMULA_STARTS | {TEXT_MARK}

YES = "yes"
NO = "no"


class ExchangeDialect(csv.Dialect):
    delimiter = ","
    quotechar = '"'
    doublequote = True
    skipinitialspace = False
    lineterminator = LINE_END
    quoting = csv.QUOTE_MINIMAL
    strict = True


def neutralise(cell: str) -> str:
    """The cell as export writes it: a spreadsheet must not run it as a formula."""
    return TEXT_MARK + cell if cell[:1] in NEEDS_MARK else cell


def as_text(value: object) -> str:
    """A value as a cell holds it: None empty, True and False as yes and no, else its text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    return str(value)


def written(values: Iterable[object]) -> list[str]:
    """A row's values as export writes them, in one pass: each as text (``as_text``; most
    are text already), then ``neutralise``d."""
    return [
        (TEXT_MARK + v if v[:1] in NEEDS_MARK else v) if type(v) is str else neutralise(as_text(v))
        for v in values
    ]


def restore(cell: str) -> str:
    """The inverse of ``neutralise``: one leading apostrophe comes off."""
    return cell[1:] if cell[:1] == TEXT_MARK else cell


def yes_no(value: object) -> str:
    return YES if value else NO


@dataclass(frozen=True)
class CsvKind:
    """One kind of CSV file.

    ``base`` are the columns the data dictionary names (README, issue 4); ``extra`` follow
    them at the end of the header. Export writes ``base + extra``. Import accepts any of
    ``importable`` in any order: a column left out keeps the stored value on an update and
    the default on a new record. ``derived`` columns are written for readers and ignored by
    import (a label, a count from the records); ``import_only`` columns are never written,
    only read (a testimony named by its code rather than its uid)."""

    name: str
    record_kind: str
    label: str
    base: tuple[str, ...]
    extra: tuple[str, ...]
    derived: frozenset[str] = frozenset()
    import_only: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        return self.base + self.extra

    @property
    def importable(self) -> tuple[str, ...]:
        return self.base + self.extra + self.import_only


PROFILE_COLUMN = "export_profile"

TESTIMONIES = CsvKind(
    "testimonies",
    "testimony",
    "testimonies",
    base=(
        "uid",
        "code",
        "title",
        "summary",
        "narrative",
        "interview_date",
        "interview_date_precision",
        "interview_place",
        "interviewer",
        "language",
        "source_code",
        "source_pseudonym",
        "reliability",
        "status",
        "consent_internal",
        "consent_un",
        "consent_public",
        "consent_date",
        "consent_withdrawn_date",
    ),
    extra=("consent_recorded_by", PROFILE_COLUMN),
)

VIOLATIONS = CsvKind(
    "violations",
    "violation",
    "violations",
    base=(
        "uid",
        "testimony_uid",
        "category",
        "category_label",
        "date_start",
        "date_end",
        "date_precision",
        "province",
        "place",
        "place_type",
        "perpetrator",
        "reported_impact",
        "un_mechanism",
        "un_submission_date",
        "un_reference",
        "un_response_status",
        "verification_status",
    ),
    extra=("victim_code", PROFILE_COLUMN),
    derived=frozenset({"category_label"}),
    import_only=("testimony_code",),
)

PROTECTION = CsvKind(
    "protection",
    "region",
    "regional protection records",
    base=(
        "uid",
        "region",
        "country",
        "reported_cases",
        "reported_cases_is_minimum",
        "protection_status",
        "as_of",
        "source",
        "notes",
    ),
    extra=("provinces", "counted_cases", PROFILE_COLUMN),
    derived=frozenset({"counted_cases"}),
)

RESPONSES = CsvKind(
    "responses",
    "state_response",
    "state responses",
    base=("uid", "aspect", "position", "statement_date", "source"),
    extra=(PROFILE_COLUMN,),
)

CSV_KINDS: dict[str, CsvKind] = {
    k.name: k for k in (TESTIMONIES, VIOLATIONS, PROTECTION, RESPONSES)
}

# Consent columns of the testimonies file -> fields of the consent record.
CONSENT_COLUMNS: dict[str, str] = {
    "consent_internal": "internal",
    "consent_un": "un",
    "consent_public": "public",
    "consent_date": "date_given",
    "consent_withdrawn_date": "date_withdrawn",
    "consent_recorded_by": "recorded_by",
}
CONSENT_FLAGS = ("consent_internal", "consent_un", "consent_public")


def csv_kind_named(name: str) -> CsvKind:
    try:
        return CSV_KINDS[name]
    except KeyError:
        raise ValueError(f"unknown kind {name!r}: choose one of {', '.join(CSV_KINDS)}") from None
