"""Regional protection: each region's external figure ("3,200+") beside the cases counted from
the records, the status of protection measures, and the dated history of that status.

The history always holds the region's current state as its newest entry: saving a new status
or figure adds the new state to it (and the earlier one too, when it was never recorded).
Nothing in the history is changed or removed automatically."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from caseapp.models.enums import VocabularyScheme
from caseapp.services.listing.base import Row
from caseapp.services.listing.regions import (
    RegionFilter,
    RegionHistoryFilter,
    RegionHistoryList,
    RegionList,
)
from caseapp.ui.formatting import partial_date, reported_cases
from caseapp.ui.paged_model import UID_ROLE, Column, PagedTableModel
from caseapp.ui.record_form import FieldSpec, RecordForm
from caseapp.ui.tabs.base import RecordTab, TabContext

KIND = "region"
HISTORY_KIND = "region_history"
STATUS = VocabularyScheme.PROTECTION_STATUS.value


class RegionsTab(RecordTab):
    def __init__(self, context: TabContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._entries_before = 0  # history entries of the region being saved

        # -- the regions ---------------------------------------------------------------------
        self.query = RegionList(context.store, RegionFilter())
        self.model = PagedTableModel(
            self.query,
            [
                Column("region", self.tr("Region")),
                Column(
                    "reported_cases",
                    self.tr("Reported cases"),
                    display=self._figure,
                    align_right=True,
                ),
                Column(
                    "counted",
                    self.tr("Counted from records"),
                    display=self._counted,
                    sortable=False,
                    align_right=True,
                ),
                Column(
                    "protection_status",
                    self.tr("Status of protection measures"),
                    display=self._status,
                ),
                Column("as_of", self.tr("As of"), display=lambda r: partial_date(r["as_of"], None)),
                Column("source", self.tr("Source")),
            ],
            parent=self,
            deferred=context.defer_loading,
        )

        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("filter_text")
        self.filter_edit.setPlaceholderText(self.tr("Filter by region, country or source"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._filter_changed)

        self.table = QTableView()
        self.table.setObjectName("table")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self._sorted_by = (0, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._sort_indicator_changed)

        self.form = RecordForm(
            KIND,
            [
                FieldSpec("region", self.tr("Region")),
                FieldSpec("country", self.tr("Country")),
                FieldSpec(
                    "reported_cases",
                    self.tr("Reported cases"),
                    "int",
                    placeholder=self.tr("External figure, e.g. 3200"),
                ),
                FieldSpec("reported_cases_is_minimum", self.tr("Figure is a minimum"), "bool"),
                FieldSpec(
                    "protection_status",
                    self.tr("Status of protection measures"),
                    "vocab",
                    scheme=STATUS,
                ),
                FieldSpec(
                    "as_of",
                    self.tr("As of"),
                    "date",
                    placeholder=self.tr("YYYY, YYYY-MM or YYYY-MM-DD"),
                ),
                FieldSpec("source", self.tr("Source")),
                FieldSpec("notes", self.tr("Notes"), "text"),
                FieldSpec(
                    "provinces",
                    self.tr("Places counted"),
                    "vocab_multi",
                    scheme=VocabularyScheme.PROVINCE.value,
                ),
            ],
            context.records,
            context.vocabulary,
            context.language,
        )
        minimum_box = self.form.fields["reported_cases_is_minimum"].widget
        assert isinstance(minimum_box, QCheckBox)
        minimum_box.setText(self.tr('shown as "3,200+"'))
        self.form.fields["notes"].widget.setMaximumHeight(80)
        self.form.saved.connect(self._saved)
        places_hint = QLabel(
            self.tr(
                "Cases are counted from the testimonies whose violations happened in these "
                "places; a country includes its provinces."
            )
        )
        places_hint.setWordWrap(True)

        new_button = QPushButton(self.tr("New"))
        new_button.setObjectName("new_button")
        new_button.clicked.connect(self.new_record)
        save_button = QPushButton(self.tr("Save"))
        save_button.setObjectName("save_button")
        save_button.clicked.connect(self.save_record)
        delete_button = QPushButton(self.tr("Delete"))
        delete_button.setObjectName("delete_button")
        delete_button.clicked.connect(self.delete_selected)

        # -- the history of the selected region ----------------------------------------------
        self.history_query = RegionHistoryList(context.store, RegionHistoryFilter())
        self.history_model = PagedTableModel(
            self.history_query,
            [
                Column("as_of", self.tr("As of"), display=lambda r: partial_date(r["as_of"], None)),
                Column(
                    "protection_status",
                    self.tr("Status"),
                    display=self._status,
                ),
                Column(
                    "reported_cases",
                    self.tr("Cases"),
                    display=self._figure,
                    align_right=True,
                ),
                Column("source", self.tr("Source")),
                Column("note", self.tr("Note")),
            ],
            parent=self,
            deferred=context.defer_loading,
        )
        self.history_table = QTableView()
        self.history_table.setObjectName("history_table")
        self.history_table.setModel(self.history_model)
        self.history_table.setSortingEnabled(True)
        self.history_table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.history_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        history_header = self.history_table.horizontalHeader()
        history_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        history_header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        history_header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        history_header.resizeSection(3, 160)
        self.history_table.setWordWrap(False)  # long notes are elided; the entry shows them
        self.history_table.verticalHeader().hide()
        self.history_table.selectionModel().selectionChanged.connect(self._history_selected)

        self.entry_form = RecordForm(
            HISTORY_KIND,
            [
                FieldSpec(
                    "as_of",
                    self.tr("As of"),
                    "date",
                    placeholder=self.tr("YYYY, YYYY-MM or YYYY-MM-DD"),
                ),
                FieldSpec("protection_status", self.tr("Status"), "vocab", scheme=STATUS),
                FieldSpec("reported_cases", self.tr("Cases"), "int"),
                FieldSpec("reported_cases_is_minimum", self.tr("Figure is a minimum"), "bool"),
                FieldSpec("source", self.tr("Source")),
                FieldSpec("note", self.tr("Note")),
            ],
            context.records,
            context.vocabulary,
            context.language,
        )
        self.entry_form.setObjectName("entry_form")
        self.entry_form.saved.connect(self._entry_saved)
        self.add_entry_button = QPushButton(self.tr("Add history entry"))
        self.add_entry_button.setObjectName("add_entry_button")
        self.add_entry_button.clicked.connect(self.new_entry)
        self.save_entry_button = QPushButton(self.tr("Save entry"))
        self.save_entry_button.setObjectName("save_entry_button")
        self.save_entry_button.clicked.connect(self.save_entry)
        self.delete_entry_button = QPushButton(self.tr("Delete entry"))
        self.delete_entry_button.setObjectName("delete_entry_button")
        self.delete_entry_button.clicked.connect(self.delete_entry)

        # -- layout: the regions above, the editor and the history side by side below ---------
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.filter_edit)
        top_layout.addWidget(self.table)

        editor = QGroupBox(self.tr("Region"))
        editor_layout = QVBoxLayout(editor)
        editor_layout.addWidget(self.form)
        editor_layout.addWidget(places_hint)
        buttons = QHBoxLayout()
        for button in (new_button, save_button, delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        editor_layout.addLayout(buttons)
        editor_layout.addStretch(1)
        editor_scroll = QScrollArea()
        editor_scroll.setWidgetResizable(True)
        editor_scroll.setFrameShape(QFrame.Shape.NoFrame)
        editor_scroll.setWidget(editor)

        self.history_box = QGroupBox(self.tr("History of the protection status"))
        self.history_box.setObjectName("history_box")
        history_layout = QVBoxLayout(self.history_box)
        history_layout.addWidget(self.history_table, 1)
        self.entry_title = QLabel("")
        self.entry_title.setObjectName("entry_title")
        history_layout.addWidget(self.entry_title)
        entry_buttons = QHBoxLayout()
        for button in (self.add_entry_button, self.save_entry_button, self.delete_entry_button):
            entry_buttons.addWidget(button)
        entry_buttons.addStretch(1)
        history_layout.addWidget(self.entry_form)
        history_layout.addLayout(entry_buttons)

        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(editor_scroll)
        bottom.addWidget(self.history_box)
        bottom.setStretchFactor(0, 1)
        bottom.setStretchFactor(1, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([250, 610])  # every seed region in view, the editor below
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.new_record()

    # -- RecordTab ---------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Regional protection")

    def new_record(self) -> None:
        if not self.confirm_discard():
            return
        self.table.clearSelection()
        self.form.load(None)
        self._show_history()
        self.form.fields["region"].widget.setFocus()

    def save_record(self) -> None:
        self._entries_before = self.history_model.total() if self.form.uid else 0
        self.form.save()

    def delete_selected(self) -> None:
        uid = self.form.uid
        if uid is None:
            return
        self.form.load(None)
        self.push_delete(KIND, uid, self.tr("Delete region"))
        self._show_history()

    def focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def activate(self) -> None:
        if not self.model.active:
            self.model.activate()
            self.history_model.activate()
            self.status.emit(self.count_text())

    def refresh(self) -> None:
        self.query.forget_counts()  # records changed: count them again
        self.model.refresh()
        self._select(self.form.uid)
        self.history_model.refresh()
        self.status.emit(self.count_text())

    def show_record(self, uid: str) -> None:
        if not self.confirm_discard():
            return
        if self._row_of(uid) is None and self.filter_edit.text():
            self.filter_edit.clear()
        self._open(uid)
        self._select(uid)

    def has_unsaved_changes(self) -> bool:
        return self.form.is_dirty() or self.entry_form.is_dirty()

    def count_text(self) -> str:
        return self.tr("%n region(s)", "", self.model.total())

    # -- the history ---------------------------------------------------------------------------

    def new_entry(self) -> None:
        """Start a new history entry for the region in the editor."""
        if self.form.uid is None or not self._may_drop(self.entry_form):
            return
        self.history_table.clearSelection()
        self._load_entry(None)
        self.entry_form.fields["as_of"].widget.setFocus()

    def save_entry(self) -> None:
        if self.form.uid is not None:
            self.entry_form.save()

    def delete_entry(self) -> None:
        uid = self.entry_form.uid
        if uid is None:
            return
        self._load_entry(None)
        self.push_delete(HISTORY_KIND, uid, self.tr("Delete history entry"))

    # -- internals -----------------------------------------------------------------------------

    def _status(self, row: Row) -> str:
        return self.context.vocabulary.label(
            STATUS, row["protection_status"], self.context.language
        )

    @staticmethod
    def _figure(row: Row) -> str:
        return reported_cases(row["reported_cases"], bool(row["reported_cases_is_minimum"]))

    @staticmethod
    def _counted(row: Row) -> str:
        # No places chosen: nothing can be counted, which is not the same as none counted.
        return "—" if row["counted"] is None else f"{row['counted']:,}"

    def _sort_indicator_changed(self, column: int, order: Qt.SortOrder) -> None:
        """Counts are not sorted (they are computed per page): keep the arrow where the
        order really comes from."""
        if self.model.columns[column].sortable:
            self._sorted_by = (column, order)
            return
        header = self.table.horizontalHeader()
        blocked = header.blockSignals(True)
        header.setSortIndicator(*self._sorted_by)
        header.blockSignals(blocked)

    def _filter_changed(self, text: str) -> None:
        self.model.set_filter(RegionFilter(text=text))
        self._select(self.form.uid)
        self.status.emit(self.count_text())

    def _row_of(self, uid: str | None) -> int | None:
        """Regions are few: look through them (reading pages as needed)."""
        if uid is None:
            return None
        for row in range(self.model.total()):
            if self.model.uid_at(row) == uid:
                return row
        return None

    def _select(self, uid: str | None) -> None:
        row = self._row_of(uid)
        if row is None:
            self.table.clearSelection()
        else:
            self.table.selectRow(row)

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        uid = indexes[0].data(UID_ROLE)
        if uid is None or uid == self.form.uid:
            return
        if not self.confirm_discard():
            self._select(self.form.uid)
            return
        self._open(str(uid))

    def _open(self, uid: str) -> None:
        values: dict[str, Any] = self.context.records.get(KIND, uid)
        self.form.load(uid, values)
        self._show_history()

    def _show_history(self, reset_entry: bool = True) -> None:
        uid = self.form.uid
        self.history_model.set_filter(RegionHistoryFilter(region_uid=uid))
        self.entry_form.fixed = {} if uid is None else {"region_uid": uid}
        if reset_entry:
            self._load_entry(None)
        self.history_box.setEnabled(uid is not None)
        if uid is None:
            self.history_box.setTitle(self.tr("History of the protection status"))
        else:
            name = str(self.form.fields["region"].get())
            self.history_box.setTitle(self.tr("History of %1").replace("%1", name))

    def _saved(self, uid: str) -> None:
        # The services add the history entries a save calls for, in the same transaction.
        self.refresh()
        self.changed.emit()
        self._show_history(reset_entry=False)
        added = self.history_model.total() - self._entries_before
        if added > 0:
            self.status.emit(self.tr("Saved; %n history entry(s) added.", "", added))
        else:
            self.status.emit(self.tr("Saved."))

    def _history_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        uid = indexes[0].data(UID_ROLE)
        if uid is None or uid == self.entry_form.uid or not self._may_drop(self.entry_form):
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
        self.history_model.refresh()
        self._load_entry(None)
        self.status.emit(self.tr("History entry saved."))

    def _may_drop(self, form: RecordForm) -> bool:
        """Ask before the unsaved edits of ``form`` (and only those) are dropped."""
        if not form.is_dirty():
            return True
        answer = QMessageBox.question(
            self,
            self.tr("Unsaved changes"),
            self.tr("The history entry has unsaved changes. Discard them?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard
