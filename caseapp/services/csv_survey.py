"""The first pass of a CSV import: every row checked, nothing written.

``Surveyor.survey`` reads the whole file once and finds which rows update a record and which
create one, the uids, the yes/no cells, the export profile of rows that update, the
testimonies' consents, the persons named by code, the testimonies named by code, the
vocabulary terms (codes, or labels in English or Korean), and the columns a new record needs
when the file leaves them out. It reports each problem it finds and returns a ``Survey``:
what the second pass, the writes (``caseapp.services.csv_import``), needs to know about the
file as a whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlmodel import Session

from caseapp.models.base import table_of
from caseapp.services.bulk import live_ids
from caseapp.services.csv_fields import (
    CONSENT_COLUMNS,
    CONSENT_FLAGS,
    NO,
    PROFILE_COLUMN,
    TESTIMONIES,
    VIOLATIONS,
    YES,
    CsvKind,
)
from caseapp.services.csv_reading import CsvSource, ReadingStopped
from caseapp.services.errors import FieldProblem
from caseapp.services.messages import Message, kind_message
from caseapp.services.profiles import Profile
from caseapp.services.record_kinds import CONSENT, KINDS, PERSON, Rule
from caseapp.services.vocabulary import Vocabulary

ID_BATCH = 500  # ids or uids per "IN (...)": well below SQLite's limit on variables
UID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
YES_NO = {YES: True, NO: False, "": False}


# The columns that can give a field a new record needs, when it is not the field's name.
_NEEDED_FROM = {("violation", "testimony_uid"): ("testimony_uid", "testimony_code")}


def has_consent(cells: Mapping[str, str]) -> bool:
    """Whether a testimonies row gives a consent (any of its consent cells is filled)."""
    return any(cells.get(name) for name in CONSENT_COLUMNS)


def term_codes(vocabulary: Vocabulary, rule: Rule, cell: str) -> tuple[str, Message | None]:
    """A vocabulary cell (``vocab``: one term; ``vocab_list``: terms apart by commas) as the
    codes it names, or the problem: a term unknown, or one that could be several."""
    assert rule.scheme is not None
    items = cell.split(",") if rule.type == "vocab_list" else [cell]
    codes: list[str] = []
    for item in items:
        if not item.strip():
            continue
        found = vocabulary.codes_named(rule.scheme, item)
        if not found:
            return cell, Message("csv.unknown_term", scheme=rule.scheme)
        if len(found) > 1:
            return cell, Message("csv.ambiguous_term", scheme=rule.scheme, codes=", ".join(found))
        codes.append(found[0])
    return ",".join(codes), None


@dataclass
class PersonRef:
    row: int
    column: str
    pseudonym: str = ""
    pseudonym_row: int = 0


@dataclass
class Survey:
    """What the first pass found that the writes need."""

    rows: int = 0
    updates: set[str] = field(default_factory=set)
    persons: dict[str, PersonRef] = field(default_factory=dict)
    # Testimonies being updated: (row, whether the row has consent cells) ...
    consent_cells: dict[str, tuple[int, bool]] = field(default_factory=dict)
    # ... and the uid of their live consent, if any.
    consents: dict[str, str] = field(default_factory=dict)
    # Whether the columns a new record needs and the file lacks were reported (once).
    said_needed: bool = False
    # The file's consent columns, in CONSENT_COLUMNS' order (a problem names one it has).
    consent_columns: tuple[str, ...] = ()


@dataclass
class _Named:
    """What the archive holds of the records one batch of rows names."""

    states: dict[str, bool]  # uid -> deleted? for the rows' own uids
    live_testimonies: set[str] = field(default_factory=set)  # testimony_uid cells
    testimony_codes: dict[str, str] = field(default_factory=dict)  # testimony_code -> uid


def in_batches(
    rows: Iterable[tuple[int, dict[str, str]]], size: int
) -> Iterator[list[tuple[int, dict[str, str]]]]:
    """``rows`` in lists of ``size``. The rows read before a file stops being readable are
    handed on before the reason it stopped, so that their own problems are reported too."""
    batch: list[tuple[int, dict[str, str]]] = []
    try:
        for item in rows:
            batch.append(item)
            if len(batch) >= size:
                yield batch
                batch = []
    except ReadingStopped as stop:
        if batch:
            yield batch
        raise stop from None
    if batch:
        yield batch


def testimony_uids_by_code(session: Session, codes: Iterable[str]) -> dict[str, str]:
    """code -> uid of the live testimonies among ``codes``."""
    testimony = table_of(KINDS["testimony"].model)
    wanted = sorted({c.strip() for c in codes if c.strip()})
    found: dict[str, str] = {}
    for start in range(0, len(wanted), ID_BATCH):
        rows = session.execute(
            select(testimony.c.code, testimony.c.uid).where(
                testimony.c.code.in_(wanted[start : start + ID_BATCH]),
                testimony.c.deleted_at.is_(None),
            )
        )
        found.update((code, uid) for code, uid in rows if code)
    return found


class Surveyor:
    """The first pass over one file. ``add`` collects a problem (and may raise once there are
    too many); ``person_uids`` receives code -> uid for every live person the file names."""

    def __init__(
        self,
        session: Session,
        csv_kind: CsvKind,
        add: Callable[[FieldProblem], None],
        person_uids: dict[str, str],
        vocabulary: Vocabulary,
    ) -> None:
        self.vocabulary = vocabulary
        self.session = session
        self.csv_kind = csv_kind
        self.kind = KINDS[csv_kind.record_kind]
        self.add = add
        self.person_uids = person_uids

    def survey(self, source: CsvSource) -> Survey:
        survey = Survey()
        self._seen: dict[str, int] = {}  # uid -> the row that gave it first
        self._codes: dict[str, int] = {}  # code -> the row that gave it first
        columns: frozenset[str] | None = None
        needed: list[str] = []  # columns a new record needs that the file does not have
        terms: list[tuple[str, Rule]] = []
        # What the archive holds is read for a batch of rows at a time (the records the rows
        # name, through the indexes): read whole, it grew with the archive, not the file.
        for batch in in_batches(source.rows(), ID_BATCH):
            if columns is None:  # the header is read: what the file holds
                columns = frozenset(source.columns)
                needed = self._needed(columns)
                terms = self._term_columns(columns)
                survey.consent_columns = tuple(c for c in CONSENT_COLUMNS if c in columns)
            named = self._named(batch, columns)
            for number, cells in batch:
                self._survey_row(survey, number, cells, named, needed, terms)
        if survey.consent_cells:
            self._survey_existing_consents(survey)
        self._survey_persons(survey)
        return survey

    def _survey_row(
        self,
        survey: Survey,
        number: int,
        cells: Mapping[str, str],
        named: _Named,
        needed: list[str],
        terms: list[tuple[str, Rule]],
    ) -> None:
        """One row's checks, with what the archive holds of the records its batch names."""
        seen, codes = self._seen, self._codes
        survey.rows += 1
        profile = self._profile(cells, number)
        uid = cells.get("uid", "").strip()
        creates = True
        if uid:
            if not UID.fullmatch(uid):
                self.add(FieldProblem("uid", Message("csv.not_a_uid"), number))
            elif uid in seen:
                self.add(FieldProblem("uid", Message("csv.same_uid", row=seen[uid]), number))
            else:
                seen[uid] = number
                state = named.states.get(uid)
                if state is True:
                    self.add(
                        FieldProblem(
                            "uid",
                            Message(
                                "record.deleted_restore",
                                kind=kind_message(self.kind.name),
                                record=uid,
                            ),
                            number,
                        )
                    )
                elif state is False:
                    if profile is not None and profile is not Profile.INTERNAL:
                        self.add(
                            FieldProblem(
                                PROFILE_COLUMN,
                                Message(
                                    "csv.redacted_update",
                                    profile=profile.value,
                                    kind=kind_message(self.kind.name),
                                ),
                                number,
                            )
                        )
                    survey.updates.add(uid)
                    creates = False
                    if self.csv_kind is TESTIMONIES and survey.consent_columns:
                        survey.consent_cells[uid] = (number, has_consent(cells))
        if creates and needed and not survey.said_needed:
            for column in needed:
                self.add(
                    FieldProblem(
                        "",
                        Message(
                            "csv.column_needed",
                            kind=kind_message(self.kind.name),
                            column=column,
                        ),
                        number,
                    )
                )
            survey.said_needed = True  # said once, at the first row that creates a record
        for name, rule in terms:
            _codes, problem = term_codes(self.vocabulary, rule, cells[name])
            if problem is not None:
                self.add(FieldProblem(name, problem, number))
        code = cells.get("code", "")
        if code and "code" in self.kind.rules:
            if code in codes:
                self.add(
                    FieldProblem("code", Message("csv.code_repeated", row=codes[code]), number)
                )
            codes.setdefault(code, number)
        for name in ("reported_cases_is_minimum",):
            if name in cells:
                self._yes_no(cells, name, number)
        if self.csv_kind is TESTIMONIES:
            self._survey_consent(cells, number)
            self._note_person(survey, cells, "source_code", number, "source_pseudonym")
        if self.csv_kind is VIOLATIONS:
            ref = cells.get("testimony_uid", "").strip()
            if ref and ref not in named.live_testimonies:
                self.add(
                    FieldProblem(
                        "testimony_uid",
                        Message("record.not_found", kind=kind_message("testimony"), uid=ref),
                        number,
                    )
                )
            by_code = cells.get("testimony_code", "").strip()
            if by_code:
                owner = named.testimony_codes.get(by_code)
                if owner is None:
                    self.add(
                        FieldProblem(
                            "testimony_code", Message("csv.unknown_testimony_code"), number
                        )
                    )
                elif ref and owner != ref:
                    self.add(
                        FieldProblem("testimony_code", Message("csv.testimony_differs"), number)
                    )
            self._note_person(survey, cells, "victim_code", number)

    def _needed(self, columns: frozenset[str]) -> list[str]:
        """The columns a new record needs (its required fields) that ``columns`` lack."""
        needed = []
        for name, rule in self.kind.rules.items():
            if not rule.required or name in self.csv_kind.derived:
                continue
            sources = _NEEDED_FROM.get((self.kind.name, name), (name,))
            if columns.isdisjoint(sources):
                needed.append(" / ".join(sources))
        return needed

    def _term_columns(self, columns: frozenset[str]) -> list[tuple[str, Rule]]:
        """The file's vocabulary columns and their rules."""
        found = []
        for name in sorted(columns - self.csv_kind.derived):
            rule = self.kind.rules.get(name)
            if rule is not None and rule.type in ("vocab", "vocab_list"):
                found.append((name, rule))
        return found

    def _profile(self, cells: Mapping[str, str], row: int) -> Profile | None:
        text = cells.get(PROFILE_COLUMN, "")
        if not text:
            return Profile.INTERNAL
        try:
            return Profile(text)
        except ValueError:
            self.add(FieldProblem(PROFILE_COLUMN, Message("csv.bad_profile"), row))
            return None

    def _yes_no(self, cells: Mapping[str, str], name: str, row: int) -> bool:
        value = YES_NO.get(cells[name].strip().lower())
        if value is None:
            self.add(FieldProblem(name, Message("field.yes_no"), row))
            return False
        return value

    def _survey_consent(self, cells: Mapping[str, str], row: int) -> None:
        if not has_consent(cells):
            return
        for name in CONSENT_FLAGS:
            if name in cells:
                self._yes_no(cells, name, row)

    def _survey_existing_consents(self, survey: Survey) -> None:
        """An updated testimony's consent: a deleted one must be restored first, and empty
        consent cells do not remove one (withdrawal is recorded, never erased)."""
        consent = table_of(CONSENT.model)
        testimony = table_of(self.kind.model)
        updates = sorted(survey.consent_cells)
        for start in range(0, len(updates), ID_BATCH):
            batch = updates[start : start + ID_BATCH]
            rows = self.session.execute(
                select(testimony.c.uid, consent.c.uid, consent.c.deleted_at)
                .join(consent, consent.c.testimony_id == testimony.c.id)
                .where(testimony.c.uid.in_(batch))
            )
            for uid, consent_uid, deleted_at in rows:
                number, given = survey.consent_cells[uid]
                if deleted_at is not None and given:
                    self.add(
                        FieldProblem(
                            "consent_un"
                            if "consent_un" in survey.consent_columns
                            else survey.consent_columns[0],
                            Message("csv.consent_deleted"),
                            number,
                        )
                    )
                elif deleted_at is None and not given:
                    self.add(
                        FieldProblem(
                            survey.consent_columns[0],
                            Message("csv.consent_kept"),
                            number,
                        )
                    )
                elif deleted_at is None:
                    survey.consents[uid] = consent_uid

    def _note_person(
        self,
        survey: Survey,
        cells: Mapping[str, str],
        code_column: str,
        row: int,
        pseudonym_column: str | None = None,
    ) -> None:
        code = cells.get(code_column, "").strip()
        pseudonym = cells.get(pseudonym_column, "") if pseudonym_column else ""
        if not code:
            if pseudonym and pseudonym_column:
                self.add(
                    FieldProblem(
                        pseudonym_column, Message("csv.needs_code", column=code_column), row
                    )
                )
            return
        ref = survey.persons.setdefault(code, PersonRef(row, code_column))
        if pseudonym and pseudonym_column:
            if ref.pseudonym and ref.pseudonym != pseudonym:
                self.add(
                    FieldProblem(
                        pseudonym_column,
                        Message("csv.pseudonym_differs", row=ref.pseudonym_row),
                        row,
                    )
                )
            elif not ref.pseudonym:
                ref.pseudonym, ref.pseudonym_row = pseudonym, row

    def _survey_persons(self, survey: Survey) -> None:
        if not survey.persons:
            return
        person = table_of(PERSON.model)
        codes = sorted(survey.persons)
        for start in range(0, len(codes), ID_BATCH):
            rows = self.session.execute(
                select(person.c.code, person.c.uid, person.c.deleted_at).where(
                    person.c.code.in_(codes[start : start + ID_BATCH])
                )
            )
            for code, uid, deleted in rows:
                if deleted is not None:
                    ref = survey.persons[code]
                    self.add(
                        FieldProblem(
                            ref.column,
                            Message(
                                "record.deleted_restore", kind=kind_message("person"), record=code
                            ),
                            ref.row,
                        )
                    )
                else:
                    self.person_uids[code] = uid

    def _named(self, batch: list[tuple[int, dict[str, str]]], columns: frozenset[str]) -> _Named:
        """What the archive holds of the records a batch of rows names."""
        uids = sorted({u for _, cells in batch if UID.fullmatch(u := cells.get("uid", "").strip())})
        table = table_of(self.kind.model)
        states: dict[str, bool] = {}
        for start in range(0, len(uids), ID_BATCH):
            rows = self.session.execute(
                select(table.c.uid, table.c.deleted_at.is_not(None)).where(
                    table.c.uid.in_(uids[start : start + ID_BATCH])
                )
            )
            states.update((uid, bool(deleted)) for uid, deleted in rows)
        named = _Named(states)
        if self.csv_kind is VIOLATIONS:
            refs = (cells.get("testimony_uid", "").strip() for _, cells in batch)
            named.live_testimonies = set(live_ids(self.session, "testimony", refs))
            if "testimony_code" in columns:
                by_code = (cells.get("testimony_code", "") for _, cells in batch)
                named.testimony_codes = testimony_uids_by_code(self.session, by_code)
        return named
