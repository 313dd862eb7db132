"""Reading a CSV exchange file for import: its bytes and its rows, checked as they are read.

``CsvSource.rows`` checks the header against the kind's columns, the encoding, the quoting
and the number of cells, and hashes exactly the bytes it parsed. A problem past which the
file cannot be parsed raises ``ReadingStopped``, carrying the problem with its row. What a
row's cells mean (uids, yes/no values, persons) is checked by the survey
(``caseapp.services.csv_survey``).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
import re
import stat
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from caseapp.services.csv_fields import ENCODING, CsvKind, restore
from caseapp.services.errors import FieldProblem
from caseapp.services.messages import Message
from caseapp.services.record_kinds import NARRATIVE

FIELD_LIMIT = NARRATIVE + 1  # longer cells stop the reader; the validator measures the rest
# The longest row a good file can have (its lines together): a narrative at its limit with
# every character a doubled quote, and room for the other cells. A longer row (a file with no
# line break, or cells near the limit in every column) stops the reader when that much has
# been read, never the whole file.
ROW_LIMIT = 2 * FIELD_LIMIT + 256 * 1024
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO opens at once instead of waiting for a writer
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


class ReadingStopped(Exception):
    """A problem that ends reading (the file cannot be parsed past it)."""

    def __init__(self, problem: FieldProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class _RowTooLong(Exception):
    pass


class _BoundedLines:
    """The file's lines as the csv module wants them, read with a bound: the lines of one
    row together hold at most ``ROW_LIMIT`` characters (``row_done`` starts the next)."""

    def __init__(self, text: io.TextIOBase) -> None:
        self.text = text
        self.used = 0

    def __iter__(self) -> _BoundedLines:
        return self

    def __next__(self) -> str:
        line = self.text.readline(ROW_LIMIT - self.used + 1)
        if not line:
            raise StopIteration
        self.used += len(line)
        if self.used > ROW_LIMIT:
            raise _RowTooLong
        return line

    def row_done(self) -> None:
        self.used = 0


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading if it is a regular file; ``ReadingStopped`` if it cannot be
    opened or is a folder, a device, a pipe or a socket (a FIFO would hang the import, a
    device never ends). The check is made on the opened file, so it cannot be swapped."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise ReadingStopped(
            FieldProblem("", Message("csv.unreadable", reason=str(exc.strerror)))
        ) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ReadingStopped(FieldProblem("", Message("csv.not_a_file")))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb", buffering=0)
    except BaseException:
        os.close(fd)
        raise


class _HashingReader(io.RawIOBase):
    """Hashes the bytes as they are read, so the digest is of exactly what was parsed."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        self.digest.update(data)
        return len(data)


class CsvSource:
    def __init__(self, path: Path, csv_kind: CsvKind) -> None:
        self.path = path
        self.csv_kind = csv_kind
        self.columns: tuple[str, ...] = ()
        self.sha256 = ""

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """(row number, cells with the neutralising apostrophe removed) for every row that
        holds anything; sets ``sha256`` once the whole file has been read."""
        if csv.field_size_limit() < FIELD_LIMIT:
            csv.field_size_limit(FIELD_LIMIT)
        raw = open_regular(self.path)
        hashing = _HashingReader(raw)
        # Undecodable bytes become lone surrogates, so the row and the column can be named;
        # valid UTF-8 never decodes to one.
        with (
            raw,
            io.TextIOWrapper(
                io.BufferedReader(hashing, 1 << 16),
                encoding=ENCODING,
                errors="surrogateescape",
                newline="",
            ) as text,
        ):
            lines = _BoundedLines(text)
            reader = csv.reader(lines, strict=True)
            try:
                header = next(reader)
                lines.row_done()
            except StopIteration:
                raise ReadingStopped(FieldProblem("", Message("csv.empty"))) from None
            except _RowTooLong:
                raise ReadingStopped(_row_too_long(0)) from None
            except csv.Error as exc:
                raise ReadingStopped(
                    FieldProblem("", Message("csv.malformed", detail=str(exc)), 0)
                ) from None
            self.columns = self._check_header(header)
            width = len(self.columns)
            number = 0
            while True:
                try:
                    cells = next(reader)
                    lines.row_done()
                except StopIteration:
                    break
                except _RowTooLong:
                    raise ReadingStopped(_row_too_long(number + 1)) from None
                except csv.Error as exc:
                    raise ReadingStopped(_malformed(number + 1, exc)) from None
                number += 1
                if not any(cells):
                    continue  # a blank line, or a spreadsheet's empty row
                if len(cells) != width:
                    raise ReadingStopped(
                        FieldProblem(
                            "", Message("csv.cell_count", count=len(cells), width=width), number
                        )
                    )
                _check_encoding(cells, self.columns, number)
                yield (
                    number,
                    {name: restore(cell) for name, cell in zip(self.columns, cells, strict=True)},
                )
            self.sha256 = hashing.digest.hexdigest()

    def _check_header(self, header: list[str]) -> tuple[str, ...]:
        """The columns the header names, in its order: any of the kind's importable columns,
        each once, spelt with any case and spaces or hyphens for underscores. A column the
        kind does not have is refused, not skipped: a typo would lose that column's data."""
        kind = self.csv_kind
        if tuple(header) in (kind.columns, kind.base):
            return tuple(header)  # as export writes it
        known = kind.importable
        by_key = {column_key(name): name for name in known}
        columns: list[str] = []
        seen: dict[str, int] = {}
        for index, cell in enumerate(header, start=1):
            name = by_key.get(column_key(cell))
            if name is None:
                raise ReadingStopped(_unknown_column(kind, index, cell))
            if name in seen:
                problem = Message("csv.column_twice", index=seen[name], again=index)
                raise ReadingStopped(FieldProblem(name, problem, 0))
            seen[name] = index
            columns.append(name)
        return tuple(columns)


def column_key(text: str) -> str:
    """A header cell as it is compared with the column names."""
    words = unicodedata.normalize("NFKC", text).casefold().replace("-", " ").split()
    return "_".join(words)


# A header cell that looks like a column name (it is named in the message); anything else
# may be a first row of data in a file with no header, and is named by its place only.
_NAME_LIKE = re.compile(r"[A-Za-z][A-Za-z0-9_ -]{0,39}")


def _unknown_column(kind: CsvKind, index: int, cell: str) -> FieldProblem:
    columns = ", ".join(kind.importable)
    name = cell.strip()
    if not name:
        return FieldProblem("", Message("csv.unnamed_column", index=index), 0)
    if _NAME_LIKE.fullmatch(name):
        return FieldProblem(name, Message("csv.unknown_column", kind=kind.name, columns=columns), 0)
    problem = Message("csv.unknown_column_at", index=index, kind=kind.name, columns=columns)
    return FieldProblem("", problem, 0)


def _row_too_long(row: int) -> FieldProblem:
    return FieldProblem("", Message("csv.row_too_long", limit=ROW_LIMIT), row)


def _too_long(row: int) -> FieldProblem:
    return FieldProblem("", Message("csv.cell_too_long", limit=FIELD_LIMIT - 1), row)


def _malformed(row: int, exc: csv.Error) -> FieldProblem:
    text = str(exc)
    if "field limit" in text:
        return _too_long(row)
    if "expected after" in text or "end of data" in text:
        return FieldProblem("", Message("csv.bad_quote", detail=text), row)
    return FieldProblem("", Message("csv.malformed", detail=text), row)


def _byte_view() -> dict[int, int]:
    """Each character that a byte 0x80-0xFF becomes when UTF-8 is read as Windows-1252 or
    Latin-1 (the C1 controls stand for the bytes Windows-1252 leaves undefined) -> the byte."""
    view = {byte: byte for byte in range(0x80, 0x100)}
    for byte in range(0x80, 0x100):
        with contextlib.suppress(UnicodeDecodeError):
            view[ord(bytes([byte]).decode("cp1252"))] = byte
    return view


_BYTE_OF = _byte_view()
_MOJIBAKE_RUN = re.compile("[" + re.escape("".join(map(chr, sorted(_BYTE_OF)))) + "]{3,}")
# Two syllables or more in a row: one alone can be chance ("sì”…" has the bytes of "앞").
_HANGUL_LEADS = "\u00ea\u00eb\u00ec\u00ed"  # ê ë ì í: the first bytes of every syllable
_HANGUL_BYTES = re.compile(rb"(?:[\xea-\xed][\x80-\xbf]{2}){2,}")


def _double_encoded(cell: str) -> bool:
    """Whether ``cell`` holds Korean that was saved as UTF-8, read as Windows-1252 or Latin-1
    and saved as UTF-8 again ("김" became "ê¹€"): a run of such characters whose bytes are
    the UTF-8 of Hangul syllables. Latin text ("Hoeryŏng", "Müller") never is."""
    if cell.isascii() or not any(lead in cell for lead in _HANGUL_LEADS):
        return False
    for run in _MOJIBAKE_RUN.finditer(cell):
        data = bytes(_BYTE_OF[ord(char)] for char in run.group())
        for match in _HANGUL_BYTES.finditer(data):
            try:
                syllables = match.group().decode("utf-8")
            except UnicodeDecodeError:
                continue
            if sum("\uac00" <= char <= "\ud7a3" for char in syllables) >= 2:
                return True
    return False


def _check_encoding(cells: list[str], columns: Sequence[str], row: int) -> None:
    try:
        "\x1f".join(cells).encode("utf-8")
    except UnicodeEncodeError:
        for name, cell in zip(columns, cells, strict=True):
            try:
                cell.encode("utf-8")
            except UnicodeEncodeError:
                raise ReadingStopped(FieldProblem(name, Message("csv.not_utf8"), row)) from None
    for name, cell in zip(columns, cells, strict=True):
        if _double_encoded(cell):
            raise ReadingStopped(FieldProblem(name, Message("csv.double_encoded"), row))
