"""CSV import: what export writes comes back in, whole or not at all.

The file is read twice (``caseapp.services.csv_reading``). The first pass
(``caseapp.services.csv_survey``) checks every row without writing: the header, the
encoding, the quoting, the number of cells, uids, yes/no values, the persons named by code,
and which rows create a record and which update one. The second pass, here, writes in chunks
inside one transaction: new records through the bulk path (``BulkWriter.insert``, the same
validation as every other write, one ``executemany`` per chunk), known uids as updates with
the same rules as ``RecordService.update``. Each record is audited; one ``import`` event
records the file's SHA-256 and the counts. Any problem raises ``CsvImportError`` naming the
row, the column and the problem, and the caller's transaction rolls back: nothing is
written. Messages quote codes, dates and uids, never free text.

Rows are counted from the first row after the header (row 1). The header names any of the
kind's columns, in any order (``CsvKind.importable``). A row with a known ``uid`` updates that
record (the columns present replace its values, the others keep theirs; an empty precision
or status keeps the current one); a row with an empty or unknown ``uid`` (or a file with no
``uid`` column) creates a record, with the defaults for the columns the file leaves out.
Vocabulary cells may hold a term's code or its label in English or Korean; a violation's
testimony is named by ``testimony_uid`` or ``testimony_code``. ``source_code`` and
``victim_code`` name persons: an unknown code creates a person with that code (and the
pseudonym given). Rows exported with the ``un`` or ``public`` profile
carry redacted values; they may create records but never update one.

The result counts, per kind of record, what was created and changed and how many values of
each field changed (``ImportResult.changes``, from the journal kept for undo). A check
(``CaseApp.check_csv``) runs this same import and rolls its transaction back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlmodel import Session

from caseapp.models import AuditAction, new_uid
from caseapp.services.access import Access, Right
from caseapp.services.audit import AuditLog
from caseapp.services.bulk import BulkWriter, Journal
from caseapp.services.bulk_sql import bulk_page_cache
from caseapp.services.csv_fields import (
    CONSENT_COLUMNS,
    CONSENT_FLAGS,
    TESTIMONIES,
    VIOLATIONS,
    CsvKind,
)
from caseapp.services.csv_reading import CsvSource, ReadingStopped
from caseapp.services.csv_survey import (
    CONSENTS,
    PERSONS,
    UPDATES,
    YES_NO,
    Survey,
    Surveyor,
    has_consent,
    live_uids_by_code,
    person_column,
    term_codes,
)
from caseapp.services.errors import FieldProblem, ValidationError, constraint_guard, summary
from caseapp.services.import_undo import undo_keeper
from caseapp.services.messages import Message
from caseapp.services.record_kinds import CONSENT, KINDS, PERSON, RecordKind
from caseapp.services.validation import Validator
from caseapp.store.analysis_ahead import (
    ANALYSED_TEXTS,
    AnalysisAhead,
    analysed_ahead,
    file_size,
    record_texts,
)
from caseapp.store.scratch import Scratch

CHUNK_ROWS = 10_000
PERSON_BATCH = 5_000  # persons created (or renamed) at a time, before the records
MAX_PROBLEMS = 50

Progress = Callable[[int], None]
"""Called with the number of rows written so far; raising from it cancels the import."""


class CsvImportError(ValidationError):
    """The file cannot be imported; nothing was written. ``problems`` name rows and columns
    (row 0 is the header, ``row`` None the file as a whole)."""

    def __init__(self, file_name: str, problems: list[FieldProblem]) -> None:
        problems = [replace(p, message=without_values(p.message)) for p in problems]
        super().__init__(problems)
        located = [FieldProblem("", describe(p)) for p in problems]
        self.message = Message("csv.cannot_import", file=file_name, problem=summary(located))
        self.args = (str(self.message),)


# Shared messages that quote what was typed (the window shows them beside the field), and
# what an import says instead, keeping only the parameters that are not the cell's content.
_P = Mapping[str, Any]
_VALUE_FREE: dict[str, Callable[[_P], Message]] = {
    "field.unknown_code": lambda p: Message("csv.unknown_code", scheme=p["scheme"]),
    "field.not_a_choice": lambda p: Message("csv.not_a_choice", choices=p["choices"]),
    "field.unknown_role": lambda p: Message("csv.unknown_role"),
    "field.not_a_year": lambda p: Message("csv.not_a_year"),
    "field.not_yes_no": lambda p: Message("field.yes_no"),
    "field.not_a_whole_number": lambda p: Message("field.not_a_number"),
    "date.malformed": lambda p: Message("field.not_a_date"),
    "date.before": lambda p: Message("csv.date_before", earliest=p["earliest"]),
    "date.bad_month": lambda p: Message("csv.bad_month", month=p["month"]),
    "date.bad_day": lambda p: Message("csv.bad_day", day=p["day"]),
    "date.future": lambda p: Message("csv.date_future"),
    "date.not_precision": lambda p: Message("csv.not_precision", precision=p["precision"]),
    "date.unknown_precision": lambda p: Message("csv.unknown_precision"),
    "record.code_taken": lambda p: Message("csv.code_taken", kind=p["kind"]),
    "record.not_found": lambda p: Message("csv.uid_not_found", kind=p["kind"]),
    "record.deleted_restore": lambda p: Message("csv.deleted_restore", kind=p["kind"]),
    "record.deleted": lambda p: Message("csv.deleted", kind=p["kind"]),
}
# Text parameters that never come from a cell: vocabulary, kind and column names, the
# profile, the csv module's own words, a date the validator has already checked.
_SAFE_TEXT = frozenset(
    {"scheme", "choices", "profile", "earliest", "file", "reason", "detail", "expected"}
    | {"base", "extra", "column", "field", "kind", "columns", "codes"}
)


def without_values(message: Message) -> Message:
    """``message`` without any parameter that may carry a cell's content: an import names
    the row and the column only. A message this does not know that carries other text is
    replaced by "is not valid here" rather than risk quoting a narrative."""
    build = _VALUE_FREE.get(message.code)
    if build is not None:
        message = build(message.params)
    for name, value in message.params.items():
        if isinstance(value, Message):
            if not value.code.startswith(("kind.", "precision.")):
                return Message("csv.cell_invalid")
        elif isinstance(value, str) and name not in _SAFE_TEXT:
            return Message("csv.cell_invalid")
    return message


def describe(problem: FieldProblem) -> Message:
    """The problem with its place in the file ("row 3, column code: ...")."""
    row, column, message = problem.row, problem.field, problem.message
    if row is not None and row > 0:
        if column:
            return Message("csv.at_row_column", row=row, column=column, problem=message)
        return Message("csv.at_row", row=row, problem=message)
    if row is not None:
        if column:
            return Message("csv.at_header_column", column=column, problem=message)
        return Message("csv.at_header", problem=message)
    if column:
        return Message("csv.at_column", column=column, problem=message)
    return message


@dataclass(frozen=True)
class KindChanges:
    """What an import does to one kind of record (``kind``: a record kind's name):
    ``fields`` are (column, how many records' values of it change), by column."""

    kind: str
    created: int = 0
    changed: int = 0
    fields: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class ImportResult:
    """``changes``: per kind of record, the file's own kind first. ``written`` is False for
    a check, whose transaction was rolled back."""

    kind: str
    path: Path
    rows: int
    created: int
    updated: int
    unchanged: int
    persons_created: int
    sha256: str
    changes: tuple[KindChanges, ...] = ()
    written: bool = True


# -- the import -------------------------------------------------------------------------------


@dataclass
class _Counts:
    created: int = 0
    updated: int = 0
    persons_created: int = 0


# Record fields -> the file's columns, so that problems name what the user sees.
_COLUMN_OF: dict[str, dict[str, str]] = {
    "testimony": {"source_uid": "source_code"},
    "consent": {**{v: k for k, v in CONSENT_COLUMNS.items()}, "testimony_uid": "uid"},
    "violation": {"victim_uid": "victim_code"},
}
_FIELD_COLUMNS = {**_COLUMN_OF, "person": {"pseudonym": "source_pseudonym"}}


def changes_of(journal: Journal, first: str) -> tuple[KindChanges, ...]:
    """Per kind (``first``, then the others in the order of KINDS), what the journal of an
    import counted: the records created, those changed, and per field the values changed."""
    kind_of = {kind.table: kind.name for kind in KINDS.values()}
    created: Counter[str] = Counter()
    changed: Counter[str] = Counter()
    fields: dict[str, Counter[str]] = {}
    for table, n in journal.created.items():
        created[kind_of.get(table, table)] += n
    for table, n in journal.changed.items():
        changed[kind_of.get(table, table)] += n
    for table, counted in journal.fields.items():
        name = kind_of.get(table, table)
        columns = _FIELD_COLUMNS.get(name, {})
        fields.setdefault(name, Counter()).update(
            {columns.get(f, f): n for f, n in counted.items()}
        )
    order = [first, *(name for name in KINDS if name != first)]
    return tuple(
        KindChanges(
            name,
            created[name],
            changed[name],
            tuple(sorted(fields.get(name, Counter()).items())),
        )
        for name in order
        if created[name] or changed[name]
    )


def import_csv(
    session: Session,
    validator: Validator,
    audit: AuditLog,
    access: Access,
    csv_kind: CsvKind,
    path: Path,
    progress: Progress | None = None,
) -> ImportResult:
    """Import ``path`` inside ``session``'s transaction; raise ``CsvImportError`` (and write
    nothing the caller then commits) if any row is wrong, NotAllowed before the file is
    opened if ``access`` may not import."""
    access.require(Right.IMPORT)
    with constraint_guard(), bulk_page_cache(session):
        return _Importer(session, validator, audit, csv_kind, path, progress).run()


def _chunks(
    rows: Iterable[tuple[int, dict[str, str]]],
) -> Iterator[list[tuple[int, dict[str, str]]]]:
    """``rows`` in chunks of ``CHUNK_ROWS``, then the last (perhaps empty). A file that
    stops being readable stops it there: the rows of an unfinished chunk are not written."""
    chunk: list[tuple[int, dict[str, str]]] = []
    for item in rows:
        chunk.append(item)
        if len(chunk) >= CHUNK_ROWS:
            yield chunk
            chunk = []
    yield chunk


class _Importer:
    def __init__(
        self,
        session: Session,
        validator: Validator,
        audit: AuditLog,
        csv_kind: CsvKind,
        path: Path,
        progress: Progress | None,
    ) -> None:
        self.session = session
        self.validator = validator
        self.audit = audit
        self.csv_kind = csv_kind
        self.kind = KINDS[csv_kind.record_kind]
        self.path = path
        self.progress = progress
        self.writer = BulkWriter(session, validator, audit)
        self.import_id = new_uid()
        self.journal = Journal(undo_keeper(session, self.import_id))
        self.writer.journal = self.journal
        self.problems: list[FieldProblem] = []

    def fail_if_problems(self) -> None:
        if self.problems:
            self.problems.sort(key=lambda p: p.row if p.row is not None else -1)
            raise CsvImportError(self.path.name, self.problems[:MAX_PROBLEMS])

    def add(self, problem: FieldProblem) -> None:
        self.problems.append(problem)
        if len(self.problems) >= MAX_PROBLEMS:
            self.fail_if_problems()

    def run(self) -> ImportResult:
        # A large file's texts are analysed for the search index by a second process while
        # this one writes (caseapp/store/analysis_ahead.py); started now, it is ready by the
        # time the survey has read the file.
        ahead = (
            AnalysisAhead.if_worth(self.session.connection(), file_size(self.path))
            if self.kind.name in ANALYSED_TEXTS
            else None
        )
        try:
            return self._run(ahead)
        finally:
            if ahead is not None:
                ahead.close()

    def _run(self, ahead: AnalysisAhead | None) -> ImportResult:
        source = CsvSource(self.path, self.csv_kind)
        # What the survey remembers of the file, kept in the transaction (dropped below;
        # an import that raises is rolled back with it).
        memory = Scratch(self.session.connection())
        try:
            survey = Surveyor(
                self.session,
                self.csv_kind,
                self.add,
                memory,
                self.validator.vocabulary,
            ).survey(source)
            self.fail_if_problems()
            digest = source.sha256
            counts = _Counts()
            self.prepare_persons(survey, counts)
            self.fail_if_problems()
            done = 0
            kind = self.kind.name
            for chunk in analysed_ahead(
                _chunks(source.rows()),
                lambda rows: record_texts(kind, (cells for _, cells in rows)),
                ahead,
            ):
                done += self.apply(chunk, survey, counts)
                if len(chunk) >= CHUNK_ROWS and self.progress is not None:
                    self.progress(done)
        except ReadingStopped as stop:
            # What the rows before it showed, then what stopped the reading.
            problems = [*self.problems[: MAX_PROBLEMS - 1], stop.problem]
            raise CsvImportError(self.path.name, problems) from None
        if source.sha256 != digest:
            raise CsvImportError(self.path.name, [FieldProblem("", Message("csv.changed"))])
        memory.drop()
        result = ImportResult(
            kind=self.csv_kind.name,
            path=self.path,
            rows=survey.rows,
            created=counts.created,
            updated=counts.updated,
            unchanged=survey.rows - counts.created - counts.updated,
            persons_created=counts.persons_created,
            sha256=digest,
            changes=changes_of(self.journal, self.kind.name),
        )
        self.journal.flush()
        import_id = self.import_id
        self.audit.record(
            self.session,
            AuditAction.IMPORT,
            self.kind.table,
            None,
            {
                "format": "csv",
                "kind": result.kind,
                "file": str(self.path),
                "sha256": digest,
                "rows": result.rows,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "persons_created": result.persons_created,
                "import_id": import_id,
            },
        )
        if self.progress is not None:
            self.progress(done)
        return result

    # -- pass 2: writes -----------------------------------------------------------------------

    def prepare_persons(self, survey: Survey, counts: _Counts) -> None:
        """Create the persons named by an unknown code; give a known one the pseudonym the
        file names for it (only when the file names one). A batch of persons at a time, in
        order of code, from what the survey kept of them."""
        role = "source" if self.csv_kind is TESTIMONIES else "victim"
        column = person_column(self.csv_kind)
        for batch in survey.memory.each(PERSONS, PERSON_BATCH):
            known = live_uids_by_code(self.session, "person", (code for code, _ in batch))
            new = [(code, ref) for code, ref in batch if code not in known]
            items = [
                {"code": code, "pseudonym": ref.text or "", "roles": role} for code, ref in new
            ]
            try:
                uids = self.writer.insert(PERSON, items, first_row=0)
            except ValidationError as exc:
                for problem in exc.problems:
                    assert problem.row is not None
                    ref = new[problem.row][1]
                    if problem.field == "pseudonym":
                        self.add(
                            FieldProblem("source_pseudonym", problem.message, ref.number or ref.row)
                        )
                    else:
                        self.add(FieldProblem(column, problem.message, ref.row))
                continue
            counts.persons_created += len(uids)
            renamed = [
                (ref.number or ref.row, known[code], {"pseudonym": ref.text})
                for code, ref in batch
                if code in known and ref.text
            ]
            self.update_many(PERSON, renamed, {"pseudonym": "source_pseudonym"})

    def apply(
        self, chunk: list[tuple[int, dict[str, str]]], survey: Survey, counts: _Counts
    ) -> int:
        """Write one chunk of rows: updates first (a code given up can then be taken by a
        new row), then creations. Raise at the first chunk with a problem."""
        if not chunk:
            return 0
        kind = self.kind
        columns_of = _COLUMN_OF.get(kind.name, {})
        updates: list[tuple[int, str, dict[str, Any]]] = []
        creates: list[tuple[int, str | None, dict[str, Any]]] = []
        testimony_codes = (
            live_uids_by_code(
                self.session, "testimony", (c.get("testimony_code", "") for _, c in chunk)
            )
            if self.csv_kind is VIOLATIONS
            else {}
        )
        column = person_column(self.csv_kind)
        persons = live_uids_by_code(self.session, "person", (c.get(column, "") for _, c in chunk))
        uids = [cells.get("uid", "").strip() for _, cells in chunk]
        updating = survey.memory.recall(UPDATES, (uid for uid in uids if uid))
        for (number, cells), uid in zip(chunk, uids, strict=True):
            fields = self.record_fields(cells, testimony_codes, persons)
            if uid in updating:
                updates.append((number, uid, fields))
            else:
                creates.append((number, uid or None, fields))
        changed = self.update_many(kind, updates, columns_of)
        created_uids: list[str] = []
        if creates:
            try:
                created_uids = self.writer.insert(
                    kind,
                    [fields for _, _, fields in creates],
                    [uid for _, uid, _ in creates],
                    first_row=0,
                )
            except ValidationError as exc:
                for problem in exc.problems:
                    assert problem.row is not None
                    self.add(
                        FieldProblem(
                            columns_of.get(problem.field, problem.field),
                            problem.message,
                            creates[problem.row][0],
                        )
                    )
        self.fail_if_problems()
        if self.csv_kind is TESTIMONIES:
            changed |= self.apply_consents(chunk, survey, creates, created_uids)
            self.fail_if_problems()
        counts.created += len(created_uids)
        counts.updated += len(changed)
        return len(chunk)

    def record_fields(
        self,
        cells: Mapping[str, str],
        testimony_codes: Mapping[str, str],
        persons: Mapping[str, str],
    ) -> dict[str, Any]:
        """The record's fields from a row's cells (persons and testimonies as uids, yes/no as
        booleans, vocabulary labels as codes, choices in any case); ``testimony_codes``
        holds the uids of the live testimonies the rows name by code, ``persons`` those of
        the persons they name (all made by ``prepare_persons``)."""
        kind = self.kind
        fields: dict[str, Any] = {}
        for name, value in cells.items():
            rule = kind.rules.get(name)
            if rule is None or name in self.csv_kind.derived:
                continue
            if rule.type == "enum" and value == "":
                continue  # keeps the current value, or the default of a new record
            if rule.type == "bool":
                fields[name] = YES_NO.get(value.strip().lower(), False)
            elif rule.type in ("vocab", "vocab_list"):
                # The survey refused what names no term or several: codes come back.
                fields[name], _problem = term_codes(self.validator.vocabulary, rule, value)
            elif rule.type == "enum":
                typed = value.strip().casefold()
                fields[name] = typed if typed in rule.choices else value
            else:
                fields[name] = value
        if "testimony_uid" in cells:
            fields["testimony_uid"] = cells["testimony_uid"].strip()
        by_code = cells.get("testimony_code", "").strip()
        if by_code:
            fields["testimony_uid"] = testimony_codes[by_code]
        for code_column, ref in (("source_code", "source_uid"), ("victim_code", "victim_uid")):
            if code_column in cells:
                code = cells[code_column].strip()
                fields[ref] = persons[code] if code else None
        return fields

    def apply_consents(
        self,
        chunk: list[tuple[int, dict[str, str]]],
        survey: Survey,
        creates: list[tuple[int, str | None, dict[str, Any]]],
        created_uids: list[str],
    ) -> set[str]:
        """Create or update each testimony's consent; return the testimonies whose consent
        changed (their rows count as updated)."""
        new_testimony = {
            number: uid for (number, _, _), uid in zip(creates, created_uids, strict=True)
        }
        to_create: list[tuple[int, dict[str, Any]]] = []
        to_update: list[tuple[int, str, dict[str, Any]]] = []
        owner: dict[str, str] = {}
        consents = survey.memory.recall(
            CONSENTS, (uid for _, cells in chunk if (uid := cells.get("uid", "").strip()))
        )
        for number, cells in chunk:
            if not has_consent(cells):
                continue
            values: dict[str, Any] = {
                CONSENT_COLUMNS[name]: cells[name] for name in CONSENT_COLUMNS if name in cells
            }
            for name in CONSENT_FLAGS:
                if name in cells:
                    values[CONSENT_COLUMNS[name]] = YES_NO.get(cells[name].strip().lower(), False)
            uid = cells.get("uid", "").strip()
            if number in new_testimony:
                to_create.append((number, {**values, "testimony_uid": new_testimony[number]}))
            elif uid in consents:
                consent_uid = consents[uid].text
                assert consent_uid is not None
                owner[consent_uid] = uid
                to_update.append((number, consent_uid, values))
            else:
                to_create.append((number, {**values, "testimony_uid": uid}))
        columns_of = _COLUMN_OF["consent"]
        changed = {owner[c] for c in self.update_many(CONSENT, to_update, columns_of)}
        if to_create:
            try:
                self.writer.insert(CONSENT, [values for _, values in to_create], first_row=0)
            except ValidationError as exc:
                for problem in exc.problems:
                    assert problem.row is not None
                    self.add(
                        FieldProblem(
                            columns_of.get(problem.field, problem.field),
                            problem.message,
                            to_create[problem.row][0],
                        )
                    )
            # A consent added to an existing testimony is a change of that testimony's row.
            changed |= {
                values["testimony_uid"]
                for number, values in to_create
                if number not in new_testimony
            }
        return changed

    def update_many(
        self,
        kind: RecordKind,
        entries: Sequence[tuple[int, str, Mapping[str, Any]]],
        columns_of: Mapping[str, str],
    ) -> set[str]:
        """Update records through the one update path (``BulkWriter.update``); return the
        uids that changed. Problems are collected, named by the file's column."""
        try:
            return self.writer.update(kind, entries)
        except ValidationError as exc:
            for problem in exc.problems:
                self.add(replace(problem, field=columns_of.get(problem.field, problem.field)))
            return set()
