"""The dated history of one region's protection status, beside the region's editor: its
entries listed, added, corrected and removed by hand. The entries a region's save calls for
are added by the services (services/region_history.py), whichever front end saves it."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from caseapp.models.enums import VocabularyScheme
from caseapp.services.listing.base import Row
from caseapp.services.listing.regions import RegionHistoryFilter
from caseapp.ui.formatting import partial_date, reported_cases
from caseapp.ui.forms import RecordFields
from caseapp.ui.paged_model import UID_ROLE, Column, PagedTableModel
from caseapp.ui.record_form import RecordForm
from caseapp.ui.sort_arrow import SortArrow
from caseapp.ui.tabs.base import TabContext

KIND = "region"
HISTORY_KIND = "region_history"
STATUS = VocabularyScheme.PROTECTION_STATUS.value


def figure(row: Row) -> str:
    """A region's or entry's figure as shown: "3,200+" for a minimum."""
    return reported_cases(row["reported_cases"], bool(row["reported_cases_is_minimum"]))


class RegionHistoryBox(QGroupBox):
    """The history of the region in the editor. ``remove_requested`` asks the tab for an
    undoable delete of an entry."""

    status = Signal(str)
    remove_requested = Signal(str, str)  # (uid, description for the undo stack)

    def __init__(self, context: TabContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("history_box")
        self.region_uid: str | None = None
        self.query = context.listings.region_histories()
        self.model = PagedTableModel(
            self.query,
            [
                Column("as_of", self.tr("As of"), display=lambda r: partial_date(r["as_of"], None)),
                Column("protection_status", self.tr("Status"), display=self.status_label),
                Column("reported_cases", self.tr("Cases"), display=figure, align_right=True),
                # Long free text: no index to sort by (migration 0026).
                Column("source", self.tr("Source"), sortable=False),
                Column("note", self.tr("Note"), sortable=False),
            ],
            parent=self,
            deferred=context.defer_loading,
        )
        self.table = QTableView()
        self.table.setObjectName("history_table")
        self.table.setAccessibleName(self.tr("History of the selected region"))
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.sort_arrow = SortArrow(self.table, self.model, (0, Qt.SortOrder.DescendingOrder))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(3, 160)
        self.table.setWordWrap(False)  # long notes are elided; the entry shows them
        self.table.verticalHeader().hide()
        self.table.selectionModel().selectionChanged.connect(self._selected)

        self.entry_form = RecordForm(
            HISTORY_KIND,
            RecordFields().region_history(),
            context.records,
            context.vocabulary,
            context.language,
        )
        self.entry_form.setObjectName("entry_form")
        self.entry_form.saved.connect(self._entry_saved)
        self.entry_title = QLabel("")
        self.entry_title.setObjectName("entry_title")
        add = QPushButton(self.tr("Add history entry"))
        add.setObjectName("add_entry_button")
        add.clicked.connect(self.new_entry)
        save = QPushButton(self.tr("Save entry"))
        save.setObjectName("save_entry_button")
        save.clicked.connect(self.save_entry)
        delete = QPushButton(self.tr("Delete entry"))
        delete.setObjectName("delete_entry_button")
        delete.clicked.connect(self.delete_entry)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.entry_title)
        layout.addWidget(self.entry_form)
        buttons = QHBoxLayout()
        for button in (add, save, delete):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.set_region(None, "")

    def status_label(self, row: Row) -> str:
        return self.context.vocabulary.label(
            STATUS, row["protection_status"], self.context.language
        )

    # -- state -------------------------------------------------------------------------------

    def set_region(self, uid: str | None, name: str, reset_entry: bool = True) -> None:
        self.region_uid = uid
        self.model.set_filter(RegionHistoryFilter(region_uid=uid))
        self.entry_form.fixed = {} if uid is None else {"region_uid": uid}
        if reset_entry:
            self._load_entry(None)
        self.setEnabled(uid is not None)
        if uid is None:
            self.setTitle(self.tr("History of the protection status"))
        else:
            self.setTitle(self.tr("History of %1").replace("%1", name))

    def activate(self) -> None:
        self.model.activate()

    def refresh(self) -> None:
        self.model.refresh()

    def is_dirty(self) -> bool:
        return self.entry_form.is_dirty()

    # -- entries -----------------------------------------------------------------------------

    def new_entry(self) -> None:
        """Start a new history entry for the region in the editor."""
        if self.region_uid is None or not self._may_drop():
            return
        self.table.clearSelection()
        self._load_entry(None)
        self.entry_form.fields["as_of"].widget.setFocus()

    def save_entry(self) -> None:
        if self.region_uid is not None:
            self.entry_form.save()

    def delete_entry(self) -> None:
        uid = self.entry_form.uid
        if uid is None:
            return
        self._load_entry(None)
        self.remove_requested.emit(uid, self.tr("Delete history entry"))

    # -- internals ---------------------------------------------------------------------------

    def _selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        uid = indexes[0].data(UID_ROLE)
        if uid is None or uid == self.entry_form.uid or not self._may_drop():
            return
        self._load_entry(str(uid))

    def _load_entry(self, uid: str | None) -> None:
        if uid is None:
            self.entry_form.load(None)
            self.entry_title.setText(self.tr("New history entry:"))
            return
        values = self.context.records.get(HISTORY_KIND, uid)
        self.entry_form.load(uid, values)
        shown = partial_date(values["as_of"], None) or self.tr("undated")
        self.entry_title.setText(self.tr("History entry of %1:").replace("%1", shown))

    def _entry_saved(self, _uid: str) -> None:
        self.model.refresh()
        self._load_entry(None)
        self.status.emit(self.tr("History entry saved."))

    def _may_drop(self) -> bool:
        """Ask (through the injected prompt) before the entry's unsaved edits, and only
        those, are dropped."""
        if not self.entry_form.is_dirty():
            return True
        return self.context.ask_discard(
            self,
            self.tr("Unsaved changes"),
            self.tr("The history entry has unsaved changes. Discard them?"),
        )
