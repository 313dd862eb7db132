"""The texts of the next rows analysed for the search index by a second process while this
one validates and writes the rows before them (large CSV imports and bundles).

The search index's triggers analyse each text as its row is written (``caseapp_terms``,
migration 0019), on the writing process's one core: about a third of a testimony's import.
A machine has a second core, and the texts of the next batch are known before it is
written: another process analyses them meanwhile, and the triggers find them analysed
(``TextAnalyzer.expect_texts``). What has not come back when its row is written is analysed
here, as always; the analysis is the same function of the text in both processes (the same
analyser and resources), so the index is the same either way (tested).

The helper is started only where it pays: a second core, and an input large enough that its
start (about two seconds of the other core, Kiwi's model read again) is small beside it. It
is hardened as the main process is (no core dump, not dumpable: caseapp/store/hardening.py), gets
the texts through a pipe and writes nothing. A helper that fails or dies is dropped without
a word: its texts are analysed here.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection

from caseapp.store.engines import features
from caseapp.store.text_analysis import TextAnalyzer, shared_analyzer

# The texts the search index's triggers analyse (migration 0019), besides vocabulary labels
# (a few, short, remembered word by word).
ANALYSED_TEXTS: dict[str, tuple[str, ...]] = {
    "testimony": ("title", "summary", "narrative"),
    "violation": ("reported_impact", "place"),
}

# Inputs smaller than this (bytes of the file) are analysed here: the helper's start would
# cost more than it saves. About 4,000 testimonies of 2 KB.
AHEAD_MIN_BYTES = 8 * 2**20
# Texts sent at a time: the first batch comes back within a fraction of a second, so even a
# batch submitted just before it is written is partly analysed by then.
TEXTS_PER_TASK = 500

Expected = list[tuple[Sequence[str], "Future[list[str]]"]]
Batch = TypeVar("Batch")


def _helper_start() -> None:
    from caseapp.store.hardening import harden_process

    harden_process()
    shared_analyzer()


def _analyse(texts: Sequence[str]) -> list[str]:
    analyzer = shared_analyzer()
    return [analyzer.index_text(text) for text in texts]


def file_size(path: Path) -> int:
    """The bytes of the input at ``path``; 0 when it cannot be told (it is refused when it is
    read, with its own message)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class AnalysisAhead:
    """A helper process analysing texts for ``analyzer`` (this process's shared one)."""

    def __init__(self, analyzer: TextAnalyzer | None = None) -> None:
        from multiprocessing import get_context

        self.analyzer = analyzer or shared_analyzer()
        # Spawned, not forked: this process holds open database connections and threads.
        self._pool: ProcessPoolExecutor | None = ProcessPoolExecutor(
            1, mp_context=get_context("spawn"), initializer=_helper_start
        )

    @classmethod
    def if_worth(cls, bind: Connection, size: int) -> AnalysisAhead | None:
        """A helper for an input of ``size`` bytes written through ``bind``, when it pays
        and can start; else None. A server analyses a record's texts together, after its
        rows are written (caseapp/store/server_analysis.py): no helper there."""
        if size < AHEAD_MIN_BYTES or cores() < 2:
            return None
        if not features(bind).analyses_texts_in_triggers:
            return None
        try:
            return cls()
        except (OSError, RuntimeError, ValueError):
            return None

    def submit(self, texts: Sequence[str]) -> Expected:
        """Send ``texts`` to be analysed; what ``forget`` takes once their rows are written."""
        expected: Expected = []
        if self._pool is None:
            return expected
        for start in range(0, len(texts), TEXTS_PER_TASK):
            part = texts[start : start + TEXTS_PER_TASK]
            try:
                analysed = self._pool.submit(_analyse, part)
            except Exception:
                # The first submit starts the process: a system out of processes or memory
                # (OSError), a helper that died (BrokenProcessPool). Its texts are analysed
                # here, as without a helper; nothing is said, nothing stops.
                self.close()
                break
            self.analyzer.expect_texts(part, analysed)
            expected.append((part, analysed))
        return expected

    def forget(self, expected: Expected) -> None:
        self.analyzer.drop_expected(expected)

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            with contextlib.suppress(Exception):
                pool.shutdown(wait=False, cancel_futures=True)
        self.analyzer.forget_texts()

    def __enter__(self) -> AnalysisAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def analysed_ahead(
    batches: Iterable[Batch],
    texts_of: Callable[[Batch], list[str]],
    ahead: AnalysisAhead | None,
) -> Iterator[Batch]:
    """``batches`` in order, each read one ahead: while the caller writes a batch, the next
    one's texts are with the helper. Without a helper, the batches as they come."""
    if ahead is None:
        yield from batches
        return
    following = iter(batches)
    current = next(following, None)
    if current is None:
        return
    expected = ahead.submit(texts_of(current))
    while True:
        # Reading the next batch may fail (a file that stops being readable): the batch read
        # before is written first, and the failure raised after it, as without a helper.
        failed: Exception | None = None
        try:
            after = next(following, None)
        except Exception as exc:
            after, failed = None, exc
        expected_after = ahead.submit(texts_of(after)) if after is not None else []
        try:
            yield current
        finally:
            ahead.forget(expected)
        if failed is not None:
            raise failed
        if after is None:
            return
        current, expected = after, expected_after


def record_texts(kind: str, records: Iterable[Mapping[str, Any]]) -> list[str]:
    """The texts the search index analyses among records' fields (or a CSV row's cells)."""
    names = ANALYSED_TEXTS.get(kind, ())
    return [
        value
        for fields in records
        for name in names
        if isinstance(value := fields.get(name), str) and value
    ]
