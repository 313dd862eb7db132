"""The CSV import dialog: which kind of records, which file; then a check that says what the
import would create and change (per kind, per field) and writes nothing; then, only when the
user confirms, the import itself.

Both the check and the import run on a worker (``ExportJob``: any work with progress and
cancel), never on the GUI thread; each opens its own transaction, so the import checks
everything again and stays all-or-nothing. A change of kind or file after the check asks for
a new check before anything can be imported."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseapp.export.errors import ExportCancelled
from caseapp.services.access import Access, Right, coordinator
from caseapp.services.messages import kind_message
from caseapp.ui.export_dialog import CSV_KINDS, ChooseFile
from caseapp.ui.export_job import ExportJob, ReportProgress, Work
from caseapp.ui.messages import tr_message


def choose_csv_file(parent: QWidget, caption: str, suggested: str, name_filter: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, caption, suggested, name_filter)
    return path


@dataclass(frozen=True)
class Importers:
    """The import entry points the window is handed (the CaseApp's ``check_csv`` and
    ``import_csv``, wired in caseapp/app.py): ``(kind, path, progress)`` -> ImportResult."""

    check_csv: Callable[..., Any]
    import_csv: Callable[..., Any]


def import_work(run: Callable[..., Any], kind: str, path: Path) -> Work:
    """``run(kind, path, progress)`` as a job's work: the progress callback cancels the run
    (its transaction rolls back) when the user asked to stop."""

    def work(report: ReportProgress, cancelled: Callable[[], bool]) -> object:
        def progress(rows: int) -> None:
            if cancelled():
                raise ExportCancelled()
            report(rows, 0)

        progress(0)
        return run(kind, path, progress)

    return work


class ImportDialog(QDialog):
    """``imported`` carries the import's result once it is written (the window then reads
    its tabs again); ``status`` the outcome for the window's status bar."""

    imported = Signal(object)
    status = Signal(str)

    def __init__(
        self,
        importers: Importers,
        kind: str = "testimonies",
        choose_file: ChooseFile = choose_csv_file,
        parent: QWidget | None = None,
        access: Access | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("import_dialog")
        self.setWindowTitle(self.tr("Import CSV"))
        self.importers = importers
        self.choose_file = choose_file
        why_not = (access or coordinator("")).why_not(Right.IMPORT)
        self.refusal = "" if why_not is None else tr_message(why_not)
        self.job: ExportJob | None = None
        self.running = ""  # "check" or "import" while a job runs
        self.checked: Any = None  # the last check's result, while kind and file are unchanged
        self.outcome: Any = None

        self.kind = QComboBox()
        self.kind.setObjectName("import_kind")
        labels = {
            "testimonies": self.tr("Testimonies"),
            "violations": self.tr("Violations"),
            "protection": self.tr("Regional protection"),
            "responses": self.tr("State responses"),
        }
        for code in CSV_KINDS:
            self.kind.addItem(labels[code], code)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))

        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("import_file")
        self.path_edit.setPlaceholderText(self.tr("No file chosen"))
        self.path_edit.setAccessibleName(self.tr("CSV file"))
        self.choose_button = QPushButton(self.tr("Choose…"))
        self.choose_button.setObjectName("choose_import_file")
        self.choose_button.clicked.connect(self.choose)

        self.note = QLabel(
            self.tr(
                "Columns may come in any order, and only some of them. Vocabulary cells may "
                "hold a code or a label in English or Korean. Nothing is written until you "
                "confirm the check's summary."
            )
        )
        self.note.setObjectName("import_note")
        self.note.setWordWrap(True)

        self.summary = QPlainTextEdit()
        self.summary.setObjectName("import_summary")
        self.summary.setReadOnly(True)
        self.summary.setAccessibleName(self.tr("What the import would do"))
        self.summary.setPlaceholderText(self.tr("Check the file to see what it would change."))
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("import_progress")
        self.progress_bar.hide()
        policy = self.progress_bar.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.progress_bar.setSizePolicy(policy)
        self.message = QLabel()
        self.message.setObjectName("import_message")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing())

        self.buttons = QDialogButtonBox()
        self.check_button = QPushButton(self.tr("Check"))  # first, apart from Import
        self.check_button.setObjectName("check_import")
        self.import_button = self.buttons.addButton(
            self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setObjectName("start_import")
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("cancel_import")
        self.check_button.clicked.connect(self.start_check)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button.clicked.connect(self.cancel_or_close)

        form = QFormLayout()
        form.addRow(self.tr("Records"), self.kind)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.choose_button)
        file_label = QLabel(self.tr("CSV file"))
        file_label.setBuddy(self.path_edit)
        form.addRow(file_label, file_row)
        form.addRow("", self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.message)
        button_row = QHBoxLayout()
        button_row.addWidget(self.check_button)
        button_row.addStretch(1)
        button_row.addWidget(self.buttons)
        layout.addLayout(button_row)
        self.setMinimumWidth(560)
        self.resize(640, 460)

        self.kind.currentIndexChanged.connect(self._forget_check)
        self.path_edit.textChanged.connect(self._forget_check)
        if self.refusal:
            self.message.setText(self.refusal)
        self._update_buttons()

    # -- what is chosen ----------------------------------------------------------------------

    def chosen_kind(self) -> str:
        return str(self.kind.currentData())

    def chosen_path(self) -> Path | None:
        text = self.path_edit.text().strip()
        return Path(text) if text else None

    def choose(self) -> None:
        chosen = self.choose_file(
            self, self.tr("Import CSV file"), "", self.tr("CSV files (*.csv);;All files (*)")
        )
        if chosen:
            self.path_edit.setText(chosen)

    def _forget_check(self) -> None:
        """Another kind or file: the summary no longer says what an import would do."""
        if self.running:
            return
        self.checked = None
        self.summary.clear()
        self.message.setText(self.refusal)
        self._update_buttons()

    def _update_buttons(self) -> None:
        idle = not self.running
        allowed = not self.refusal
        self.check_button.setEnabled(idle and allowed and self.chosen_path() is not None)
        self.import_button.setEnabled(idle and allowed and self.checked is not None)
        for widget in (self.kind, self.path_edit, self.choose_button):
            widget.setEnabled(idle)

    # -- running ------------------------------------------------------------------------------

    def start_check(self) -> None:
        path = self.chosen_path()
        if path is None or self.running or self.refusal:
            return
        self.summary.clear()
        self._start("check", import_work(self.importers.check_csv, self.chosen_kind(), path))
        self.message.setText(self.tr("Checking…"))

    def start_import(self) -> None:
        path = self.chosen_path()
        if path is None or self.checked is None or self.running or self.refusal:
            return
        self._start("import", import_work(self.importers.import_csv, self.chosen_kind(), path))
        self.message.setText(self.tr("Importing…"))

    def _start(self, what: str, work: Work) -> None:
        job = ExportJob(work, self)
        job.progress.connect(self._progress)
        job.finished.connect(self._finished)
        job.cancelled.connect(self._cancelled)
        job.failed.connect(self._failed)
        self.job = job
        self.running = what
        self.progress_bar.setRange(0, 0)  # busy: the rows are counted as they are read
        self.progress_bar.show()
        self.cancel_button.setText(self.tr("Stop"))
        self._update_buttons()
        job.start()

    def cancel_or_close(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.message.setText(self.tr("Stopping…"))
            self.cancel_button.setEnabled(False)
        else:
            self.reject()

    def reject(self) -> None:
        """Closed (Cancel, Escape, the window locked): a running import goes on, out of
        sight, and its outcome still reaches the window; anything else closes."""
        if self.job is not None:
            self.hide()
            return
        super().reject()

    def _progress(self, done: int, _total: int) -> None:
        if self.running == "check":
            self.message.setText(self.tr("%n row(s) checked…", "", done))
        else:
            self.message.setText(self.tr("%n row(s) written…", "", done))

    def _ended(self) -> None:
        self.job = None
        self.running = ""
        self.progress_bar.hide()
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setEnabled(True)
        self._update_buttons()

    def _finished(self, result: object) -> None:
        what = self.running
        self._ended()
        if what == "check":
            self.checked = result
            self.summary.setPlainText(self.describe(result))
            self.message.setText(
                self.tr("Nothing was written. Import to make these changes.")
                if getattr(result, "created", 0) or getattr(result, "updated", 0)
                else self.tr("Nothing was written. The file would change nothing.")
            )
            self._update_buttons()
            return
        self.outcome = result
        self.checked = None
        text = (
            self.tr("Imported %1: %2 created, %3 updated, %4 unchanged.")
            .replace("%1", str(getattr(result, "path", "")))
            .replace("%2", str(getattr(result, "created", 0)))
            .replace("%3", str(getattr(result, "updated", 0)))
            .replace("%4", str(getattr(result, "unchanged", 0)))
        )
        self.message.setText(text)
        self._update_buttons()
        self.imported.emit(result)
        self.status.emit(text)
        self.accept()

    def _cancelled(self) -> None:
        what = self.running
        self._ended()
        self.message.setText(
            self.tr("The import was stopped; nothing was written.")
            if what == "import"
            else self.tr("The check was stopped.")
        )
        if what == "import":
            self.status.emit(self.message.text())

    def _failed(self, problem: str) -> None:
        what = self.running
        self._ended()
        self.checked = None
        self.summary.clear()
        self.message.setText(problem)
        self._update_buttons()
        if what == "import" or self.isHidden():
            self.status.emit(problem)

    def describe(self, result: Any) -> str:
        """The check's summary: the rows, then per kind of record what would be created and
        changed, and per column how many values would change."""
        lines = [
            self.tr(
                "The file can be imported. Rows: %1 create a record, %2 change one, "
                "%3 change nothing."
            )
            .replace("%1", str(result.created))
            .replace("%2", str(result.updated))
            .replace("%3", str(result.unchanged))
        ]
        for change in result.changes:
            lines.append(
                self.tr("%1: %2 to create, %3 to change")
                .replace("%1", tr_message(kind_message(change.kind)))
                .replace("%2", str(change.created))
                .replace("%3", str(change.changed))
            )
            for column, count in change.fields:
                lines.append(
                    "    " + self.tr("%1: %n value(s) change", "", count).replace("%1", column)
                )
        return "\n".join(lines)
