"""Exports run on a QThreadPool worker, never on the GUI thread (conventions §8).

The job reports progress at most ~10 times a second (a CSV of 100,000 rows must not flood the
event loop), and a cancel sets a flag that the export's own progress callback reads: the CSV
export is cancelled by raising from it, the PDF export by returning False. Either way the
export functions write atomically, so a cancelled export leaves no file at the target.

The worker reaches the database only through the callables it is handed (the CaseApp's
export methods): they open their own session, and the store's engine gives each thread its
own connection.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from caseapp.export.errors import ExportCancelled
from caseapp.ui.messages import tr_error

PROGRESS_INTERVAL_S = 0.1  # at most ~10 progress updates a second

ReportProgress = Callable[[int, int], None]
Work = Callable[[ReportProgress, Callable[[], bool]], object]
"""What a job runs: ``work(report, cancelled)``. ``report(done, total)`` forwards progress
(``total`` 0 when unknown); ``cancelled()`` says whether the user asked to stop."""


@dataclass(frozen=True)
class Exporters:
    """The export entry points the window is handed (the CaseApp's methods, wired in
    caseapp/app.py): the interface never fetches them from a global."""

    export_csv: Callable[..., Any]
    report_pdf: Callable[..., Any]
    dossier_pdf: Callable[..., Any]


class ExportJob(QObject):
    """One export in the background. Signals arrive on the GUI thread (queued)."""

    progress = Signal(int, int)  # (done, total); total 0 when not known
    finished = Signal(object)  # the export's result
    cancelled = Signal()
    failed = Signal(str)  # a message naming the problem (never record text)

    def __init__(self, work: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._cancel = threading.Event()
        self._last_report = float("-inf")
        self.running = False

    def start(self, pool: QThreadPool | None = None) -> None:
        # Python's cycle collector runs on whichever thread happens to allocate: garbage
        # left by the interface (a closed dialog, a dropped document) would otherwise be
        # destroyed on the worker, and Qt warns that its timers "cannot be stopped from
        # another thread". Collect it here, on the GUI thread, before the worker starts.
        gc.collect()
        self.running = True
        runner = _Runner(self)
        self._runner = runner  # kept alive until the job is dropped
        (pool or QThreadPool.globalInstance()).start(runner)

    def cancel(self) -> None:
        """Ask the export to stop at its next progress report."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    # -- on the worker thread ---------------------------------------------------------------

    def _report(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last_report >= PROGRESS_INTERVAL_S or (total and done >= total):
            self._last_report = now
            self.progress.emit(done, total)

    def _run(self) -> None:
        try:
            result = self._work(self._report, self.is_cancelled)
        except ExportCancelled:
            self.running = False
            self.cancelled.emit()
        except Exception as exc:  # shown to the user; the export wrote nothing
            self.running = False
            if self.is_cancelled():
                self.cancelled.emit()
            else:
                self.failed.emit(tr_error(exc))
        else:
            self.running = False
            self.finished.emit(result)


class _Runner(QRunnable):
    def __init__(self, job: ExportJob) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python owns it (the job holds it)
        self._job = job

    def run(self) -> None:
        self._job._run()


def csv_work(exporters: Exporters, kind: str, path: Any, profile: str, only: Any) -> Work:
    def work(report: ReportProgress, cancelled: Callable[[], bool]) -> object:
        def progress(rows: int) -> None:
            if cancelled():
                raise ExportCancelled()
            report(rows, 0)

        progress(0)  # the first report comes before the first row is read
        return exporters.export_csv(kind, path, profile, progress, only=only)

    return work


def report_work(
    exporters: Exporters, path: Any, profile: str, organisation: str | None, language: str
) -> Work:
    def work(report: ReportProgress, cancelled: Callable[[], bool]) -> object:
        def progress(done: int, total: int) -> bool:
            if cancelled():
                return False
            report(done, total)
            return True

        return exporters.report_pdf(path, profile, organisation, language, progress)

    return work


def dossier_work(
    exporters: Exporters, uid: str, path: Any, profile: str, organisation: str | None, language: str
) -> Work:
    def work(report: ReportProgress, cancelled: Callable[[], bool]) -> object:
        report(0, 1)
        if cancelled():
            raise ExportCancelled()
        return exporters.dossier_pdf(uid, path, profile, language, organisation)

    return work
