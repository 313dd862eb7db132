"""CSV rows written to a binary file in large encoded batches, digested as they are written.

Two costs of a whole-archive export were the file's and not the rows' (a million testimonies,
a 1.4 GB file, 2026-12-04): a text file encodes every row through Python's UTF-8-with-BOM
encoder, a call of Python code per row; and the file's SHA-256, which the audit trail
records, was read back from the finished file on the export's own thread (1.1 s of 34 s).

Here ``csv.writer`` writes each row's text into a list; every ``BATCH_CHARS`` characters the
list is joined, encoded once and handed to a second thread that writes the bytes and adds
them to the digest, while this thread makes the next batch (both release the GIL, so the
machine's second core does it). The digest is of exactly the bytes written, in order. At
most ``QUEUED`` batches wait for the writer: memory stays flat however large the archive.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import queue
import threading
from collections.abc import Iterable
from types import TracebackType
from typing import IO, Any

BATCH_CHARS = 1 << 18  # 0.25-0.75 MB of UTF-8 a batch
QUEUED = 2


class CsvSink:
    """A ``csv.writer`` over ``handle`` (binary, positioned at its start) whose output is
    UTF-8 with a byte-order mark. Use as a context manager; ``finish()`` writes what is left
    and returns the SHA-256 of the file written. Leaving the block without ``finish()`` (an
    error, a cancel) stops the writer thread and writes nothing more. A write error (a full
    disk) is raised from the next ``writerow`` or from ``finish()`` as the error it was (an
    ``OSError`` for a full disk), on the export's own thread."""

    def __init__(self, handle: IO[bytes], dialect: type[csv.Dialect]) -> None:
        self._handle = handle
        self._digest = hashlib.sha256()
        self._parts: list[str] = []
        self._chars = 0
        self._writer = csv.writer(self, dialect=dialect)
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=QUEUED)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._write_batches, name="caseapp-csv-writer")
        self._thread.start()
        self._put(codecs.BOM_UTF8)

    def __enter__(self) -> CsvSink:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._thread.is_alive():
            self._parts.clear()
            self._stop()

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow(row)

    def write(self, text: str) -> None:
        """What ``csv.writer`` calls with each row's text."""
        self._parts.append(text)
        self._chars += len(text)
        if self._chars >= BATCH_CHARS:
            self._send()

    def finish(self) -> str:
        """Write what is left, wait for the writer, and return the file's SHA-256 (hex)."""
        self._send()
        self._stop()
        if self._error is not None:
            raise self._error
        return self._digest.hexdigest()

    def _send(self) -> None:
        if self._parts:
            data = "".join(self._parts).encode("utf-8")
            self._parts.clear()
            self._chars = 0
            self._put(data)

    def _put(self, data: bytes) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put(data)

    def _stop(self) -> None:
        self._queue.put(None)
        self._thread.join()

    def _write_batches(self) -> None:
        while (data := self._queue.get()) is not None:
            if self._error is not None:
                continue  # drained, unwritten, until the export stops
            try:
                self._handle.write(data)
                self._digest.update(data)
            except BaseException as exc:  # raised again on the export's thread, by _put or finish
                self._error = exc
