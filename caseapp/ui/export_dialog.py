"""The export and report dialog: what to export (a CSV kind, the PDF report, or one
testimony's dossier), under which profile, all records or what a tab shows, and where.

The file is written only where the user chose (``choose_file``, a save dialog unless a test
hands in another), atomically, by a background job; the dialog shows its progress and can
cancel it while the window stays responsive."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from caseapp.services.access import Access, Right, coordinator
from caseapp.services.messages import Message
from caseapp.ui.export_job import Exporters, ExportJob, csv_work, dossier_work, report_work
from caseapp.ui.messages import tr_message

ChooseFile = Callable[[QWidget, str, str, str], str]
"""(parent, caption, suggested path, name filter) -> the chosen path, "" when cancelled."""

CSV_KINDS = ("testimonies", "violations", "protection", "responses")
REPORT = "report"
DOSSIER = "dossier"
PROFILES = ("public", "un", "internal")  # the most restrictive first: it is the default


def choose_save_file(parent: QWidget, caption: str, suggested: str, name_filter: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, caption, suggested, name_filter)
    return path


def profile_refusals(access: Access, own_dossier: bool = False) -> dict[str, Message | None]:
    """Why each profile is refused to the user (None: allowed). ``internal`` needs
    EXPORT_INTERNAL, or, for a dossier of a testimony the user made (``own_dossier``),
    EXPORT_OWN_DOSSIER; ``un`` and ``public`` need EXPORT_PUBLISHED."""
    internal = access.why_not(Right.EXPORT_INTERNAL)
    if own_dossier and access.may(Right.EXPORT_OWN_DOSSIER):
        internal = None
    published = access.why_not(Right.EXPORT_PUBLISHED)
    return {"public": published, "un": published, "internal": internal}


@dataclass(frozen=True)
class TabScope:
    """What a tab shows, for an export of just that: its uids (a SELECT) and how the tab
    counts them ("12 testimonies")."""

    uids: Any
    description: str


class ExportDialog(QDialog):
    """``scopes`` maps a CSV kind ("testimonies", "violations") to what its tab shows.
    ``status`` carries the outcome for the window's status bar."""

    status = Signal(str)

    def __init__(
        self,
        exporters: Exporters,
        kind: str = "testimonies",
        scopes: dict[str, TabScope] | None = None,
        dossier_uid: str | None = None,
        dossier_label: str = "",
        choose_file: ChooseFile = choose_save_file,
        language: str = "en",
        parent: QWidget | None = None,
        access: Access | None = None,
        own_dossier: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("export_dialog")
        # Profiles the user's role may not use are shown, disabled, with the reason.
        self.refusals = {
            profile: "" if refusal is None else tr_message(refusal)
            for profile, refusal in profile_refusals(
                access or coordinator(""), own_dossier and dossier_uid is not None
            ).items()
        }
        self.exporters = exporters
        self.scopes = scopes or {}
        self.dossier_uid = dossier_uid
        self.choose_file = choose_file
        self.job: ExportJob | None = None
        self.target: Path | None = None
        self.outcome: object = None

        self.kind = QComboBox()
        self.kind.setObjectName("export_kind")
        kind_labels = {
            "testimonies": self.tr("Testimonies (CSV)"),
            "violations": self.tr("Violations (CSV)"),
            "protection": self.tr("Regional protection (CSV)"),
            "responses": self.tr("State responses (CSV)"),
            REPORT: self.tr("Coordinator report (PDF)"),
        }
        if dossier_uid is not None:
            self.setWindowTitle(self.tr("Testimony dossier PDF"))
            self.kind.addItem(self.tr("Dossier of %1 (PDF)").replace("%1", dossier_label), DOSSIER)
            self.kind.setEnabled(False)
        else:
            self.setWindowTitle(self.tr("Export"))
            for code, label in kind_labels.items():
                self.kind.addItem(label, code)
            self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))

        self.profile = QComboBox()
        self.profile.setObjectName("export_profile")
        profile_labels = {
            "public": self.tr("Public"),
            "un": self.tr("UN"),
            "internal": self.tr("Internal"),
        }
        profile_items = self.profile.model()
        assert isinstance(profile_items, QStandardItemModel)
        for index, code in enumerate(PROFILES):
            self.profile.addItem(profile_labels[code], code)
            if self.refusals[code]:
                item = profile_items.item(index)
                item.setEnabled(False)
                item.setToolTip(self.refusals[code])
        allowed = [code for code in PROFILES if not self.refusals[code]]
        if allowed:  # the most restrictive the user may use
            self.profile.setCurrentIndex(self.profile.findData(allowed[0]))
        self.profile_note = QLabel()
        self.profile_note.setObjectName("profile_note")
        self.profile_note.setWordWrap(True)

        self.scope_all = QRadioButton(self.tr("All records"))
        self.scope_all.setObjectName("scope_all")
        self.scope_tab = QRadioButton()
        self.scope_tab.setObjectName("scope_tab")
        self.scope_group = QButtonGroup(self)
        self.scope_group.addButton(self.scope_all)
        self.scope_group.addButton(self.scope_tab)
        self.scope_all.setChecked(True)

        self.report_language = QComboBox()
        self.report_language.setObjectName("report_language")
        self.report_language.addItem(self.tr("English"), "en")
        self.report_language.addItem(self.tr("Korean"), "ko")
        self.report_language.setCurrentIndex(max(0, self.report_language.findData(language)))
        # Empty: the archive's own organisation (set at its creation), unless typed here.
        self.organisation = QLineEdit("")
        self.organisation.setObjectName("report_organisation")
        self.organisation.setPlaceholderText(self.tr("The archive's organisation"))

        self.target_edit = QLineEdit()
        self.target_edit.setObjectName("export_target")
        self.target_edit.setReadOnly(True)
        self.target_edit.setPlaceholderText(self.tr("No file chosen"))
        self.choose_button = QPushButton(self.tr("Choose…"))
        self.choose_button.setObjectName("choose_target")
        self.choose_button.clicked.connect(self.choose_target)

        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("export_progress")
        self.progress_bar.hide()
        self.message = QLabel()
        self.message.setObjectName("export_message")
        self.message.setWordWrap(True)

        self.buttons = QDialogButtonBox()
        self.start_button = self.buttons.addButton(
            self.tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.start_button.setObjectName("start_export")
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("cancel_export")
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel_or_close)

        form = QFormLayout()
        form.addRow(self.tr("Export"), self.kind)
        form.addRow(self.tr("Profile"), self.profile)
        form.addRow("", self.profile_note)
        scope_box = QVBoxLayout()
        scope_box.addWidget(self.scope_all)
        scope_box.addWidget(self.scope_tab)
        self.scope_label = QLabel(self.tr("Scope"))
        form.addRow(self.scope_label, scope_box)
        self.language_label = QLabel(self.tr("Report language"))
        form.addRow(self.language_label, self.report_language)
        self.organisation_label = QLabel(self.tr("Organisation"))
        self.organisation_label.setBuddy(self.organisation)
        self.target_edit.setAccessibleName(self.tr("Save to"))
        form.addRow(self.organisation_label, self.organisation)
        target_row = QHBoxLayout()
        target_row.addWidget(self.target_edit, 1)
        target_row.addWidget(self.choose_button)
        form.addRow(self.tr("Save to"), target_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        # The progress bar and a line of message have their room from the start: a dialog
        # that grew when the export began squeezed the profile's wrapped note into the rows
        # around it.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        policy = self.progress_bar.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.progress_bar.setSizePolicy(policy)
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing())

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.profile.currentIndexChanged.connect(self._profile_changed)
        self._kind_changed()
        self._profile_changed()

    # -- what is chosen ----------------------------------------------------------------------

    def chosen_kind(self) -> str:
        return str(self.kind.currentData())

    def chosen_profile(self) -> str:
        return str(self.profile.currentData())

    def is_pdf(self) -> bool:
        return self.chosen_kind() in (REPORT, DOSSIER)

    def _kind_changed(self) -> None:
        kind = self.chosen_kind()
        scope = self.scopes.get(kind)
        if scope is not None:
            self.scope_tab.setText(
                self.tr("What the tab shows (%1)").replace("%1", scope.description)
            )
        else:
            self.scope_tab.setText(self.tr("What the tab shows (not available for this kind)"))
            self.scope_all.setChecked(True)
        self.scope_tab.setEnabled(scope is not None)
        for scope_widget in (self.scope_label, self.scope_all, self.scope_tab):
            scope_widget.setVisible(not self.is_pdf())
        for widget in (
            self.language_label,
            self.report_language,
            self.organisation_label,
            self.organisation,
        ):
            widget.setVisible(self.is_pdf())
        if self.target is not None and self.target.suffix.lower() != self._suffix():
            self._set_target(None)  # a .csv name for a PDF (or back) would mislead
        self._update_buttons()

    def _profile_changed(self) -> None:
        notes = {
            "internal": self.tr(
                "Internal: testimonies with internal consent or none recorded, never a "
                "withdrawn one; persons by code and pseudonym. Stays inside the organisation."
            ),
            "un": self.tr(
                "UN: only testimonies with UN consent and their violations; persons by code only."
            ),
            "public": self.tr(
                "Public: only testimonies with public consent; no pseudonyms, interviewers or "
                "source codes; years only, provinces only; counts under 5 shown as <5."
            ),
        }
        self.profile_note.setText(notes[self.chosen_profile()])

    def _suffix(self) -> str:
        return ".pdf" if self.is_pdf() else ".csv"

    def choose_target(self) -> None:
        if self.is_pdf():
            name_filter = self.tr("PDF files (*.pdf)")
        else:
            name_filter = self.tr("CSV files (*.csv)")
        suggested = f"{self.chosen_kind()}-{self.chosen_profile()}{self._suffix()}"
        chosen = self.choose_file(self, self.tr("Save export as"), suggested, name_filter)
        if not chosen:
            return
        path = Path(chosen)
        if not path.suffix:
            path = path.with_suffix(self._suffix())
        self._set_target(path)

    def _set_target(self, path: Path | None) -> None:
        self.target = path
        self.target_edit.setText("" if path is None else str(path))
        self._update_buttons()

    def _update_buttons(self) -> None:
        running = self.job is not None
        self.start_button.setEnabled(self.target is not None and not running)
        for widget in (
            self.kind,
            self.profile,
            self.scope_all,
            self.organisation,
            self.report_language,
            self.choose_button,
        ):
            widget.setEnabled(not running and (widget is not self.kind or self.dossier_uid is None))
        self.scope_tab.setEnabled(not running and self.chosen_kind() in self.scopes)

    # -- running ------------------------------------------------------------------------------

    def start(self) -> None:
        if self.target is None or self.job is not None:
            return
        refusal = self.refusals.get(self.chosen_profile(), "")
        if refusal:  # the services would refuse it too; said before any file is touched
            self.message.setText(refusal)
            return
        kind, profile, path = self.chosen_kind(), self.chosen_profile(), self.target
        organisation = self.organisation.text().strip() or None
        language = str(self.report_language.currentData())
        if kind == REPORT:
            work = report_work(self.exporters, path, profile, organisation, language)
        elif kind == DOSSIER:
            assert self.dossier_uid is not None
            work = dossier_work(
                self.exporters, self.dossier_uid, path, profile, organisation, language
            )
        else:
            scope = self.scopes.get(kind) if self.scope_tab.isChecked() else None
            work = csv_work(self.exporters, kind, path, profile, scope and scope.uids)
        if self.is_pdf():
            # Fonts are registered on the GUI thread; the worker only draws with them.
            from caseapp.export.pdf_style import ensure_fonts

            ensure_fonts()
        job = ExportJob(work, self)
        job.progress.connect(self._progress)
        job.finished.connect(self._finished)
        job.cancelled.connect(self._cancelled)
        job.failed.connect(self._failed)
        self.job = job
        self.progress_bar.setRange(0, 0)  # busy until the first report says how far
        self.progress_bar.show()
        self.message.setText(self.tr("Exporting…"))
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

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(done)
        else:
            self.progress_bar.setRange(0, 0)
            self.message.setText(self.tr("%n record(s) written…", "", done))

    def _ended(self, text: str) -> None:
        self.job = None
        self.progress_bar.hide()
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setEnabled(True)
        self.message.setText(text)
        self._update_buttons()
        self.status.emit(text)

    def _finished(self, result: object) -> None:
        self.outcome = result
        records = int(getattr(result, "records", 0))
        text = self.tr("Wrote %1 (%n record(s)).", "", records).replace("%1", str(self.target))
        self._ended(text)
        self.accept()

    def _cancelled(self) -> None:
        self._ended(self.tr("Cancelled; no file was written."))

    def _failed(self, problem: str) -> None:
        self._ended(self.tr("Not exported: %1").replace("%1", problem))

    def reject(self) -> None:
        """Closing the dialog (Escape, the title bar) stops a running export first."""
        if self.job is not None:
            self.cancel_or_close()
            return
        super().reject()
