"""The attachments of one testimony: add a file (its SHA-256 is taken at intake and shown),
and write a copy out only when the user asks for one, to a file the user chooses."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelection, QLocale, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from caseapp.services.attachments import AttachmentService
from caseapp.services.errors import IntegrityProblem, ServiceError, ValidationError
from caseapp.services.listing.base import Row
from caseapp.services.lookups import Listings
from caseapp.ui.messages import ERROR_STYLE, tr_error, tr_message
from caseapp.ui.paged_model import ROW_ROLE, SORT_ROLE, Column, RowsModel


class AttachmentsSection(QWidget):
    status = Signal(str)
    changed = Signal()

    def __init__(
        self, listings: Listings, attachments: AttachmentService, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.listings = listings
        self.attachments = attachments
        self.testimony_uid: str | None = None
        locale = QLocale()
        self.model = RowsModel(
            [
                Column("file_name", self.tr("File")),
                Column("media_type", self.tr("Type")),
                Column(
                    "size",
                    self.tr("Size"),
                    display=lambda r: locale.formattedDataSize(int(r["size"])),
                    align_right=True,
                ),
                Column("sha256", self.tr("SHA-256 at intake")),
            ],
            self,
        )
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setObjectName("attachments_table")
        self.table.setAccessibleName(self.tr("Attachments of this testimony"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        # The name readable, type and size as wide as they are, the digest in what is left with
        # its middle elided (in full below the table once a file is chosen): stretched, the
        # name had been squeezed to "int…" and the header cut on a small screen.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 130)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(header.fontMetrics().horizontalAdvance("SHA-256…") + 16)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.add_button = QPushButton(self.tr("Add file…"))
        self.add_button.setObjectName("add_attachment_button")
        self.add_button.clicked.connect(self._choose_file)
        self.copy_button = QPushButton(self.tr("Save a copy…"))
        self.copy_button.setObjectName("copy_attachment_button")
        self.copy_button.setToolTip(
            self.tr("Writes the file where you choose. The copy is not encrypted.")
        )
        self.copy_button.clicked.connect(self._choose_copy_target)
        self.sha256 = QLabel("")
        self.sha256.setObjectName("sha256_label")
        self.sha256.setWordWrap(True)
        self.sha256.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = QLabel("")
        self.message.setObjectName("attachment_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.notice = QLabel(self.tr("Save the testimony first; then attach files to it."))
        self.notice.setObjectName("attachments_notice")
        self.notice.setWordWrap(True)

        self.body = QWidget()
        body_layout = QVBoxLayout(self.body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        body_layout.addLayout(buttons)
        body_layout.addWidget(self.sha256)
        body_layout.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(self.body, 1)
        self.set_testimony(None)

    # -- state ---------------------------------------------------------------------------------

    def set_testimony(self, uid: str | None) -> None:
        self.testimony_uid = uid
        self.sha256.clear()
        self.message.clear()
        self.reload()
        self.body.setEnabled(uid is not None)
        self.notice.setVisible(uid is None)

    def reload(self) -> None:
        rows = self.listings.testimony_attachments(self.testimony_uid) if self.testimony_uid else []
        self.model.set_rows(rows)
        self.copy_button.setEnabled(False)

    def count(self) -> int:
        return self.model.rowCount()

    def selected(self) -> Row | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        row = indexes[0].data(ROW_ROLE)
        return row if isinstance(row, dict) else None

    def select(self, uid: str) -> None:
        for position in range(self.proxy.rowCount()):
            row = self.proxy.index(position, 0).data(ROW_ROLE)
            if row and row["uid"] == uid:
                self.table.selectRow(position)
                return

    # -- actions -------------------------------------------------------------------------------

    def add_file(self, path: Path) -> str | None:
        """Attach ``path`` to the testimony; show its SHA-256, or why it was refused."""
        if self.testimony_uid is None:
            return None
        self.message.clear()
        try:
            uid = self.attachments.add_file(self.testimony_uid, path)
        except ValidationError as exc:
            self.message.setText(
                self.tr("%1 was not attached: %2")
                .replace("%1", path.name)
                .replace("%2", "; ".join(tr_message(p.message) for p in exc.problems))
            )
            return None
        except OSError:
            self.message.setText(self.tr("%1 could not be read.").replace("%1", path.name))
            return None
        self.reload()
        self.select(uid)  # shows the hash of the new file
        self.status.emit(self.tr("Attached %1.").replace("%1", path.name))
        self.changed.emit()
        return uid

    def save_copy(self, uid: str, target: Path) -> bool:
        """Write the attachment's content to ``target`` after checking it against its intake
        hash. The copy is outside the encrypted store; only ever on the user's request."""
        self.message.clear()
        try:
            self.attachments.save_copy(uid, target)
        except IntegrityProblem:
            self.message.setText(
                self.tr(
                    "The stored file does not match the SHA-256 taken at intake; no copy was "
                    "written."
                )
            )
            return False
        except ServiceError as exc:
            self.message.setText(tr_error(exc))
            return False
        except OSError as exc:
            self.message.setText(
                self.tr("The copy could not be written: %1").replace("%1", exc.strerror or "")
            )
            return False
        self.status.emit(
            self.tr("Copy written to %1. It is not encrypted: delete it when done.").replace(
                "%1", str(target)
            )
        )
        return True

    # -- internals -----------------------------------------------------------------------------

    def _choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, self.tr("Attach a file"))
        if name:
            self.add_file(Path(name))

    def _choose_copy_target(self) -> None:
        row = self.selected()
        if row is None:
            return
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save a copy of the attachment"), str(row["file_name"])
        )
        if name:
            self.save_copy(str(row["uid"]), Path(name))

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        row = self.selected()
        self.copy_button.setEnabled(row is not None)
        if row is None:
            self.sha256.clear()
            return
        self.sha256.setText(
            self.tr("SHA-256 of %1 at intake: %2")
            .replace("%2", str(row["sha256"]))
            .replace("%1", str(row["file_name"]))
        )
