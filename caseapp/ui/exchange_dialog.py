"""Record > Exchange…: this archive's fingerprint, the archives it trusts, and bundles to and
from them (issue 14).

The dialog is handed ``ExchangeParts`` (``CaseApp.peers``, ``CaseApp.exchange`` and how to
compute a pasted identity's fingerprint, wired in caseapp/app.py). Trusting and forgetting
need the MANAGE right; writing and reading bundles need EXCHANGE (every role). A bundle is
written or read on a worker (``ExportJob``) while the dialog shows it. Neither can be stopped
half-way: the services take no progress callback, and a bundle is applied in one transaction
(all of it or nothing), so Cancel is disabled while one runs, and says why."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from caseapp.export.errors import ExportCancelled
from caseapp.services.access import Access, Right, coordinator
from caseapp.services.exchange import ExchangeService
from caseapp.services.peers import PeerInfo, PeerService
from caseapp.ui.audit_dialog import local_time
from caseapp.ui.confirm_dialog import ConfirmDialog
from caseapp.ui.export_dialog import ChooseFile, choose_save_file
from caseapp.ui.export_job import ExportJob
from caseapp.ui.messages import ERROR_STYLE, REFUSALS, tr_error, tr_message
from caseapp.ui.rows_model import RowsModel
from caseapp.ui.settings import UiSettings

AnyIndex = QModelIndex | QPersistentModelIndex
BUNDLE_SUFFIX = ".caseapp-bundle"
FOLDER = "bundles"  # the settings key of the last folder bundles went to or came from


@dataclass(frozen=True)
class ExchangeParts:
    """What the window is handed for exchanges (caseapp/app.py): never the store."""

    peers: PeerService
    exchange: ExchangeService
    fingerprint_of: Callable[[str], str]
    """The fingerprint of a pasted identity line; raises the services' refusal for text
    that is not one."""


def choose_open_file(parent: QWidget, caption: str, folder: str, name_filter: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, caption, folder, name_filter)
    return path


def monospace(label: QLabel, scale: float = 1.0) -> None:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    if scale != 1.0:
        font.setPointSizeF(max(label.font().pointSizeF(), font.pointSizeF()) * scale)
    label.setFont(font)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)


class PeerTableModel(RowsModel):
    """The trusted archives: name, fingerprint, trusted since, bundles sent, acknowledged
    and received (their sequence numbers)."""

    rows: list[PeerInfo]
    NAME, FINGERPRINT, TRUSTED, SENT, ACKED, RECEIVED = range(6)
    SortRole = Qt.ItemDataRole.UserRole + 1

    def titles(self) -> tuple[str, ...]:
        return (
            self.tr("Archive"),
            self.tr("Fingerprint"),
            self.tr("Trusted since"),
            self.tr("Sent"),
            self.tr("Acknowledged"),
            self.tr("Received"),
        )

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            tips = {
                self.SENT: self.tr("The number of the last bundle written for this archive"),
                self.ACKED: self.tr("The last bundle this archive said it has applied"),
                self.RECEIVED: self.tr("The number of the last bundle read from this archive"),
            }
            return tips.get(section)
        return super().headerData(section, orientation, role)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        peer = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                peer.name,
                peer.fingerprint,
                local_time(peer.trusted_at)[:16],
                str(peer.sent_seq),
                str(peer.acked_seq),
                str(peer.received_seq),
            )[column]
        if role == self.SortRole:
            return (
                peer.name,
                peer.fingerprint,
                peer.trusted_at,
                peer.sent_seq,
                peer.acked_seq,
                peer.received_seq,
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == self.TRUSTED:
            return self.tr("Trusted by %1").replace("%1", peer.trusted_by)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= self.SENT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class TrustDialog(QDialog):
    """A name and the other archive's pasted identity line. The fingerprint of what was
    pasted is shown as it is typed, to be compared by phone with the one the other archive
    shows; Trust stays disabled until the user says it matches."""

    def __init__(
        self,
        fingerprint_of: Callable[[str], str],
        submit: Callable[[str, str], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("trust_dialog")
        self.setWindowTitle(self.tr("Trust an archive"))
        self.setMinimumWidth(520)
        self.fingerprint_of = fingerprint_of
        self.submit = submit
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Paste the identity line the other archive gave you (Exchange… > Copy "
                "identity), and give the archive a short name."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setObjectName("peer_name")
        self.name.setMaxLength(64)
        form.addRow(self.tr("Name"), self.name)
        self.identity = QLineEdit()
        self.identity.setObjectName("peer_identity")
        self.identity.setPlaceholderText("caseapp-archive-1 …")
        form.addRow(self.tr("Identity"), self.identity)
        layout.addLayout(form)
        self.fingerprint = QLabel("")
        self.fingerprint.setObjectName("pasted_fingerprint")
        monospace(self.fingerprint, 1.4)
        self.fingerprint_note = QLabel("")
        self.fingerprint_note.setObjectName("fingerprint_note")
        self.fingerprint_note.setWordWrap(True)
        layout.addWidget(self.fingerprint_note)
        layout.addWidget(self.fingerprint)
        self.matches = QCheckBox(
            self.tr("I read this fingerprint out by phone with the other archive: it matches")
        )
        self.matches.setObjectName("fingerprint_matches")
        layout.addWidget(self.matches)
        self.message = QLabel("")
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Trust"))
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.identity.textChanged.connect(self._pasted)
        self.name.textChanged.connect(self._update)
        self.matches.toggled.connect(self._update)
        self._pasted(self.identity.text())

    def _pasted(self, text: str) -> None:
        self.matches.setChecked(False)  # a new paste must be compared again
        self.valid = False
        if not text.strip():
            self.fingerprint.clear()
            self.fingerprint_note.setText(self.tr("Its fingerprint shows here once pasted."))
        else:
            try:
                shown = self.fingerprint_of(text.strip())
            except REFUSALS as exc:
                self.fingerprint.clear()
                self.fingerprint_note.setText(tr_error(exc))
            else:
                self.valid = True
                self.fingerprint.setText(shown)
                self.fingerprint_note.setText(
                    self.tr(
                        "The fingerprint of what you pasted. Call the other archive and "
                        "compare it with the one its Exchange… window shows:"
                    )
                )
        self._update()

    def _update(self, *_args: object) -> None:
        self.matches.setEnabled(self.valid)
        self.ok_button.setEnabled(
            self.valid and self.matches.isChecked() and bool(self.name.text().strip())
        )

    def _check(self) -> None:
        if not self.ok_button.isEnabled():
            return
        try:
            self.submit(self.name.text().strip(), self.identity.text().strip())
        except REFUSALS as exc:
            self.message.setText(tr_error(exc))
            return
        self.accept()


class ExchangeDialog(QDialog):
    """This archive's fingerprint and identity, the trusted archives, and bundles.
    ``changed`` carries what was done (the window's status bar); ``applied`` says a bundle
    was read, so the window reads its tabs and conflicts again."""

    changed = Signal(str)
    applied = Signal(object)  # the ApplySummary

    def __init__(
        self,
        parts: ExchangeParts,
        access: Access | None = None,
        settings: UiSettings | None = None,
        choose_save: ChooseFile = choose_save_file,
        choose_open: ChooseFile = choose_open_file,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exchange_dialog")
        self.setWindowTitle(self.tr("Exchange with other archives"))
        self.resize(760, 520)
        self.parts = parts
        self.access = access or coordinator("")
        self.settings = settings
        self.choose_save = choose_save
        self.choose_open = choose_open
        self.job: ExportJob | None = None
        self.trust_dialog: TrustDialog | None = None
        self.confirm: ConfirmDialog | None = None
        self.manage_refusal = self._refusal(Right.MANAGE)
        self.exchange_refusal = self._refusal(Right.EXCHANGE)

        own = QGroupBox(self.tr("This archive"))
        own_layout = QVBoxLayout(own)
        note = QLabel(
            self.tr(
                "Give this archive's identity to the other archive (Copy identity, then a "
                "stick or a message), then read this fingerprint to them by phone: theirs "
                "must show the same."
            )
        )
        note.setWordWrap(True)
        own_layout.addWidget(note)
        row = QHBoxLayout()
        self.fingerprint = QLabel("")
        self.fingerprint.setObjectName("own_fingerprint")
        self.fingerprint.setToolTip(self.tr("This archive's fingerprint, for checking by phone"))
        monospace(self.fingerprint, 1.6)
        row.addWidget(self.fingerprint, 1)
        self.copy_button = QPushButton(self.tr("Copy identity"))
        self.copy_button.setObjectName("copy_identity_button")
        self.copy_button.setToolTip(self.tr("Copy the one line another archive trusts this one by"))
        self.copy_button.clicked.connect(self.copy_identity)
        row.addWidget(self.copy_button)
        own_layout.addLayout(row)

        self.model = PeerTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(PeerTableModel.SortRole)
        self.table = QTableView()
        self.table.setObjectName("peers_table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(PeerTableModel.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(PeerTableModel.NAME, QHeaderView.ResizeMode.Stretch)
        for column in range(PeerTableModel.FINGERPRINT, PeerTableModel.RECEIVED + 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.peers_label = QLabel(self.tr("Trusted archives"))
        self.peers_label.setBuddy(self.table)

        self.trust_button = QPushButton(self.tr("Trust an archive…"))
        self.trust_button.setObjectName("trust_button")
        self.trust_button.clicked.connect(self.start_trust)
        self.forget_button = QPushButton(self.tr("Forget…"))
        self.forget_button.setObjectName("forget_button")
        self.forget_button.clicked.connect(self.start_forget)
        self.write_button = QPushButton(self.tr("Write bundle…"))
        self.write_button.setObjectName("write_bundle_button")
        self.write_button.clicked.connect(self.start_write)
        self.read_button = QPushButton(self.tr("Read bundle…"))
        self.read_button.setObjectName("read_bundle_button")
        self.read_button.clicked.connect(self.start_read)

        self.progress = QProgressBar()
        self.progress.setObjectName("progress")
        self.progress.setRange(0, 0)  # the services report no steps: a busy bar
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.message = QLabel("")
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("cancel_button")
        self.cancel_button.hide()  # shown while a bundle is written or read
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(own)
        layout.addWidget(self.peers_label)
        layout.addWidget(self.table, 1)
        peers_row = QHBoxLayout()
        for button in (self.trust_button, self.forget_button):
            peers_row.addWidget(button)
        peers_row.addStretch(1)
        for button in (self.write_button, self.read_button):
            peers_row.addWidget(button)
        layout.addLayout(peers_row)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        try:
            self.fingerprint.setText(parts.peers.fingerprint())
        except REFUSALS as exc:
            self._say(tr_error(exc), error=True)
            self.copy_button.setEnabled(False)
        self.reload()

    # -- state -----------------------------------------------------------------------------

    def _refusal(self, right: Right) -> str:
        refusal = self.access.why_not(right)
        return "" if refusal is None else tr_message(refusal)

    @property
    def busy(self) -> bool:
        return self.job is not None and self.job.running

    def reload(self, select: str | None = None) -> None:
        current = self.selected()
        chosen = select or (None if current is None else current.name)
        try:
            self.model.set_rows(self.parts.peers.peers())
        except REFUSALS as exc:
            self._say(tr_error(exc), error=True)
        if chosen is not None:
            self.select_peer(chosen)
        self._update_buttons()

    def selected(self) -> PeerInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.rows[self.proxy.mapToSource(rows[0]).row()]

    def select_peer(self, name: str) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, PeerTableModel.NAME).data() == name:
                self.table.selectRow(row)
                return

    def _update_buttons(self, *_args: object) -> None:
        busy = self.busy
        peer = self.selected()
        self._allow(self.trust_button, not busy, self.manage_refusal)
        self._allow(self.forget_button, not busy and peer is not None, self.manage_refusal)
        self._allow(self.read_button, not busy, self.exchange_refusal)
        self._allow(self.write_button, not busy and peer is not None, self.exchange_refusal)
        if peer is None:
            self.write_button.setText(self.tr("Write bundle…"))
            if not self.exchange_refusal:
                self.write_button.setToolTip(self.tr("Choose an archive in the list first"))
        else:
            self.write_button.setText(self.tr("Write bundle for %1…").replace("%1", peer.name))
        self.close_button.setEnabled(not busy)
        self.cancel_button.setVisible(busy)

    @staticmethod
    def _allow(button: QPushButton, available: bool, refusal: str) -> None:
        button.setEnabled(available and not refusal)
        button.setToolTip(refusal)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)

    def _done(self, text: str) -> None:
        self._say(text)
        self.changed.emit(text)

    # -- this archive ----------------------------------------------------------------------

    def copy_identity(self) -> None:
        try:
            line = self.parts.peers.identity()
        except REFUSALS as exc:
            self._say(tr_error(exc), error=True)
            return
        QGuiApplication.clipboard().setText(line)
        self._say(
            self.tr(
                "The identity line is copied. Give it to the other archive, then compare "
                "fingerprints by phone."
            )
        )

    # -- trust and forget ------------------------------------------------------------------

    def start_trust(self) -> TrustDialog | None:
        if not self.trust_button.isEnabled():
            return None
        dialog = TrustDialog(self.parts.fingerprint_of, self.parts.peers.trust, self)
        dialog.accepted.connect(lambda: self._trusted(dialog.name.text().strip()))
        self.trust_dialog = dialog
        dialog.open()
        return dialog

    def _trusted(self, name: str) -> None:
        self.reload(select=name)
        self._done(
            self.tr("This archive now trusts %1: bundles can go to it and come from it.").replace(
                "%1", name
            )
        )

    def start_forget(self) -> ConfirmDialog | None:
        peer = self.selected()
        if peer is None or not self.forget_button.isEnabled():
            return None
        text = self.tr(
            "Stop trusting %1?\n\n"
            "Its bundles are refused from now on. What was merged from it stays, and so do "
            "the conflicts found with it. Trusting it again starts afresh: the next bundle "
            "for it carries everything."
        ).replace("%1", peer.name)
        dialog = ConfirmDialog(self.tr("Forget an archive"), text, self.tr("Forget"), parent=self)
        dialog.setObjectName("forget_confirm")
        dialog.accepted.connect(lambda: self._forget(peer.name))
        self.confirm = dialog
        dialog.open()
        return dialog

    def _forget(self, name: str) -> None:
        try:
            self.parts.peers.forget(name)
        except REFUSALS as exc:
            self._say(tr_error(exc), error=True)
            return
        self.reload()
        self._done(self.tr("This archive no longer trusts %1.").replace("%1", name))

    # -- bundles ---------------------------------------------------------------------------

    def _folder(self) -> str:
        folder = self.settings.last_folder(FOLDER) if self.settings is not None else ""
        return folder if folder and Path(folder).is_dir() else str(Path.home())

    def _remember_folder(self, chosen: Path) -> None:
        if self.settings is not None:
            self.settings.set_last_folder(FOLDER, str(chosen.parent))

    def start_write(self) -> ExportJob | None:
        peer = self.selected()
        if peer is None or not self.write_button.isEnabled():
            return None
        safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in peer.name)
        suggested = Path(self._folder()) / f"{safe}-{date.today().isoformat()}{BUNDLE_SUFFIX}"
        chosen = self.choose_save(
            self,
            self.tr("Write a bundle for %1").replace("%1", peer.name),
            str(suggested),
            self.tr("caseapp bundles (*%1)").replace("%1", BUNDLE_SUFFIX),
        )
        if not chosen:
            return None
        target = Path(chosen)
        self._remember_folder(target)
        exchange, name = self.parts.exchange, peer.name

        def work(report: Callable[[int, int], None], cancelled: Callable[[], bool]) -> object:
            report(0, 0)
            return exchange.export_bundle(name, target, _progress(report, cancelled))

        return self._run(
            work,
            self.tr("Writing a bundle for %1…").replace("%1", name),
            self._written,
        )

    def start_read(self) -> ExportJob | None:
        if not self.read_button.isEnabled():
            return None
        chosen = self.choose_open(
            self,
            self.tr("Read a bundle"),
            self._folder(),
            self.tr("caseapp bundles (*%1);;All files (*)").replace("%1", BUNDLE_SUFFIX),
        )
        if not chosen:
            return None
        source = Path(chosen)
        self._remember_folder(source)
        exchange = self.parts.exchange

        def work(report: Callable[[int, int], None], cancelled: Callable[[], bool]) -> object:
            report(0, 0)
            return exchange.import_bundle(source, _progress(report, cancelled))

        return self._run(
            work,
            self.tr("Reading and applying %1…").replace("%1", source.name),
            self._read,
        )

    def _run(self, work: Any, text: str, finished: Callable[[object], None]) -> ExportJob:
        job = ExportJob(work, self)
        job.finished.connect(lambda result: self._job_ended(finished, result))
        job.failed.connect(lambda problem: self._job_ended(self._failed, problem))
        job.cancelled.connect(lambda: self._job_ended(self._cancelled, None))
        self.job = job
        self._say(text)
        self.progress.show()
        self.cancel_button.setToolTip(
            self.tr("Stop: nothing is written, and no bundle file is left.")
        )
        job.start()
        self._update_buttons()
        return job

    def _job_ended(self, then: Callable[[Any], None], outcome: Any) -> None:
        self.progress.hide()
        then(outcome)
        self._update_buttons()

    def _written(self, result: object) -> None:
        self.reload()
        text = self.tr("Wrote bundle %1 for %2 (%3 records) to %4")
        self._done(
            text.replace("%1", str(getattr(result, "seq", "")))
            .replace("%2", str(getattr(result, "peer", "")))
            .replace("%3", str(getattr(result, "records", 0)))
            .replace("%4", str(getattr(result, "path", "")))
        )

    def _read(self, summary: object) -> None:
        self.reload()
        sender = str(getattr(summary, "sender", ""))
        if getattr(summary, "skipped", False):
            text = self.tr(
                "This bundle from %1 (or a newer one) was applied before: nothing changed."
            ).replace("%1", sender)
        else:
            conflicts = int(getattr(summary, "conflicts", 0))
            text = (
                self.tr(
                    "Applied the bundle from %1: %2 created, %3 updated, %4 merged, %n conflict(s)",
                    "",
                    conflicts,
                )
                .replace("%1", sender)
                .replace("%2", str(getattr(summary, "created", 0)))
                .replace("%3", str(getattr(summary, "updated", 0)))
                .replace("%4", str(getattr(summary, "merged", 0)))
            )
        self._say(text)
        self.applied.emit(summary)  # the tabs read again first: their counts go to the bar
        self.changed.emit(text)

    def _failed(self, problem: str) -> None:
        self.reload()
        self._say(problem, error=True)
        self.changed.emit(problem)

    def _cancelled(self, _outcome: object) -> None:
        self.reload()
        self._say(self.tr("Stopped: nothing was written or applied."))

    def reject(self) -> None:
        if self.busy:
            # Cancel (or Escape) asks the job to stop at its next count; the service then
            # rolls back, and a bundle being written leaves no file.
            if self.job is not None:
                self.job.cancel()
                self._say(self.tr("Stopping…"))
            return
        super().reject()


def _progress(
    report: Callable[[int, int], None], cancelled: Callable[[], bool]
) -> Callable[[int], None]:
    """The services' progress callback: the count shown, and a cancel asked for raised (the
    service rolls back its transaction and leaves no file)."""

    def progress(done: int) -> None:
        if cancelled():
            raise ExportCancelled
        report(done, 0)

    return progress
