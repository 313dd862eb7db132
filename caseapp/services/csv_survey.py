"""The first pass of a CSV import: every row checked, nothing written.

``Surveyor.survey`` reads the whole file once and finds which rows update a record and which
create one, the uids, the yes/no cells, the export profile of rows that update, the
testimonies' consents, the persons named by code, the testimonies named by code, the
vocabulary terms (codes, or labels in English or Korean), and the columns a new record needs
when the file leaves them out. It reports each problem it finds and returns a ``Survey``:
what the second pass, the writes (``caseapp.services.csv_import``), needs to know about the
file as a whole. What it remembers per row is kept in the import's scratch table
(``caseapp.store.scratch``), a batch of rows at a time, so that its memory does not grow
with the file.
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
from caseapp.store.scratch import Entry, Scratch

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


# What the survey remembers of the whole file, in the import's scratch table
# (caseapp/store/scratch.py), read and written a batch of rows at a time: held in dictionaries
# it grew by about half a kilobyte a row. Each is (space, key) -> Entry(row, text, number).
UIDS = "uid"  # a row's uid -> the row that gave it first
CODES = "code"  # a row's code -> the row that gave it first
PERSONS = "person"  # a person's code -> the first row naming it, its pseudonym, that one's row
UPDATES = "update"  # the uid of a record the file updates -> its row, consent cells given (1/0)
CONSENTS = "consent"  # an updated testimony's uid -> its row, the uid of its live consent


@dataclass
class Survey:
    """What the first pass found that the writes need: counts here, the rest in ``memory``
    (the spaces above)."""

    memory: Scratch
    rows: int = 0
    # Whether the columns a new record needs and the file lacks were reported (once).
    said_needed: bool = False
    # The file's consent columns, in CONSENT_COLUMNS' order (a problem names one it has).
    consent_columns: tuple[str, ...] = ()


@dataclass
class _Remembered:
    """The survey's memory of the keys one batch of rows names (read before the batch), and
    what the batch adds to it (written after)."""

    seen: dict[str, int]  # uid -> first row
    codes: dict[str, int]  # code -> first row
    persons: dict[str, Entry]  # person's code -> (first row, pseudonym, its row)
    changed: dict[str, dict[str, Entry]] = field(default_factory=dict)  # space -> entries

    def note(self, space: str, key: str, entry: Entry) -> None:
        self.changed.setdefault(space, {})[key] = entry


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


def person_column(csv_kind: CsvKind) -> str:
    """The column that names persons by code in a file of ``csv_kind``."""
    return "source_code" if csv_kind is TESTIMONIES else "victim_code"


def live_uids_by_code(session: Session, kind_name: str, codes: Iterable[str]) -> dict[str, str]:
    """code -> uid of the live records of ``kind_name`` (testimonies, persons) among
    ``codes``, read in batches through the code index."""
    table = table_of(KINDS[kind_name].model)
    wanted = sorted({c.strip() for c in codes if c.strip()})
    found: dict[str, str] = {}
    for start in range(0, len(wanted), ID_BATCH):
        rows = session.execute(
            select(table.c.code, table.c.uid).where(
                table.c.code.in_(wanted[start : start + ID_BATCH]),
                table.c.deleted_at.is_(None),
            )
        )
        found.update((code, uid) for code, uid in rows if code)
    return found


class Surveyor:
    """The first pass over one file. ``add`` collects a problem (and may raise once there are
    too many); what the writes need of the file is kept in ``memory``."""

    def __init__(
        self,
        session: Session,
        csv_kind: CsvKind,
        add: Callable[[FieldProblem], None],
        memory: Scratch,
        vocabulary: Vocabulary,
    ) -> None:
        self.vocabulary = vocabulary
        self.session = session
        self.csv_kind = csv_kind
        self.kind = KINDS[csv_kind.record_kind]
        self.add = add
        self.memory = memory

    def survey(self, source: CsvSource) -> Survey:
        survey = Survey(self.memory)
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
            remembered = self._recall(batch)
            for number, cells in batch:
                self._survey_row(survey, number, cells, named, remembered, needed, terms)
            for space, entries in remembered.changed.items():
                self.memory.keep(space, entries)
        if self.csv_kind is TESTIMONIES and survey.consent_columns:
            self._survey_existing_consents(survey)
        self._survey_persons()
        return survey

    def _recall(self, batch: list[tuple[int, dict[str, str]]]) -> _Remembered:
        """What the rows before this batch gave of the uids, codes and persons it names."""
        memory = self.memory
        uids = {cells.get("uid", "").strip() for _, cells in batch} - {""}
        codes = {cells.get("code", "") for _, cells in batch} - {""}
        column = person_column(self.csv_kind)
        persons = {cells.get(column, "").strip() for _, cells in batch} - {""}
        return _Remembered(
            seen={key: e.row for key, e in memory.recall(UIDS, uids).items()},
            codes={key: e.row for key, e in memory.recall(CODES, codes).items()},
            persons=memory.recall(PERSONS, persons),
        )

    def _survey_row(
        self,
        survey: Survey,
        number: int,
        cells: Mapping[str, str],
        named: _Named,
        remembered: _Remembered,
        needed: list[str],
        terms: list[tuple[str, Rule]],
    ) -> None:
        """One row's checks, with what the archive holds of the records its batch names and
        what the rows before gave of them."""
        seen, codes = remembered.seen, remembered.codes
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
                remembered.note(UIDS, uid, Entry(number))
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
                    creates = False
                    given = None
                    if self.csv_kind is TESTIMONIES and survey.consent_columns:
                        given = int(has_consent(cells))
                    remembered.note(UPDATES, uid, Entry(number, None, given))
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
            else:
                codes[code] = number
                remembered.note(CODES, code, Entry(number))
        for name in ("reported_cases_is_minimum",):
            if name in cells:
                self._yes_no(cells, name, number)
        if self.csv_kind is TESTIMONIES:
            self._survey_consent(cells, number)
            self._note_person(remembered, cells, "source_code", number, "source_pseudonym")
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
            self._note_person(remembered, cells, "victim_code", number)

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
        for batch in self.memory.each(UPDATES, ID_BATCH):
            updates = dict(batch)
            rows = self.session.execute(
                select(testimony.c.uid, consent.c.uid, consent.c.deleted_at)
                .join(consent, consent.c.testimony_id == testimony.c.id)
                .where(testimony.c.uid.in_(sorted(updates)))
            )
            live: dict[str, Entry] = {}
            for uid, consent_uid, deleted_at in rows:
                number, given = updates[uid].row, bool(updates[uid].number)
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
                    live[uid] = Entry(number, consent_uid)
            self.memory.keep(CONSENTS, live)

    def _note_person(
        self,
        remembered: _Remembered,
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
        ref = remembered.persons.get(code)
        if ref is None:
            ref = remembered.persons[code] = Entry(row)
            remembered.note(PERSONS, code, ref)
        if pseudonym and pseudonym_column:
            if ref.text and ref.text != pseudonym:
                self.add(
                    FieldProblem(
                        pseudonym_column,
                        Message("csv.pseudonym_differs", row=ref.number or ref.row),
                        row,
                    )
                )
            elif not ref.text:
                ref = remembered.persons[code] = Entry(ref.row, pseudonym, row)
                remembered.note(PERSONS, code, ref)

    def _survey_persons(self) -> None:
        """A person the file names by code must not be deleted (it would be restored first)."""
        person = table_of(PERSON.model)
        column = person_column(self.csv_kind)
        for batch in self.memory.each(PERSONS, ID_BATCH):
            refs = dict(batch)
            rows = self.session.execute(
                select(person.c.code).where(
                    person.c.code.in_(sorted(refs)), person.c.deleted_at.is_not(None)
                )
            )
            for (code,) in rows:
                self.add(
                    FieldProblem(
                        column,
                        Message("record.deleted_restore", kind=kind_message("person"), record=code),
                        refs[code].row,
                    )
                )

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
                named.testimony_codes = live_uids_by_code(self.session, "testimony", by_code)
        return named
