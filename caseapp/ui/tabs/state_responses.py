"""State responses: official positions (aspect, position, date, source) and their links."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from caseapp.services.errors import ValidationError
from caseapp.services.listing.state_responses import (
    StateResponseFilter,
    StateResponseList,
    linked_testimonies,
    testimony_uid_by_code,
)
from caseapp.ui.formatting import partial_date
from caseapp.ui.messages import tr_error
from caseapp.ui.paged_model import UID_ROLE, Column, PagedTableModel
from caseapp.ui.record_form import FieldSpec, RecordForm
from caseapp.ui.tabs.base import RecordTab, TabContext

KIND = "state_response"


class StateResponsesTab(RecordTab):
    def __init__(self, context: TabContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.query = StateResponseList(context.store, StateResponseFilter())
        self.model = PagedTableModel(
            self.query,
            [
                Column("aspect", self.tr("Aspect")),
                Column("position", self.tr("Official position")),
                Column(
                    "statement_date",
                    self.tr("Date"),
                    display=lambda r: partial_date(r["statement_date"], None),
                ),
                Column("source", self.tr("Source")),
                Column("links", self.tr("Linked records"), align_right=True),
            ],
            parent=self,
            deferred=context.defer_loading,
        )

        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("filter_text")
        self.filter_edit.setPlaceholderText(self.tr("Filter by aspect, position or source"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._filter_changed)

        self.table = QTableView()
        self.table.setObjectName("table")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.form = RecordForm(
            KIND,
            [
                FieldSpec("aspect", self.tr("Aspect")),
                FieldSpec("position", self.tr("Official position"), "text"),
                FieldSpec(
                    "statement_date",
                    self.tr("Statement date"),
                    "date",
                    placeholder=self.tr("YYYY, YYYY-MM or YYYY-MM-DD"),
                ),
                FieldSpec("source", self.tr("Source")),
            ],
            context.records,
            context.vocabulary,
            context.language,
        )
        self.form.saved.connect(self._saved)

        self.links = QListWidget()
        self.links.setObjectName("links")
        self.link_code = QLineEdit()
        self.link_code.setObjectName("link_code")
        self.link_code.setPlaceholderText(self.tr("Testimony code"))
        self.link_button = QPushButton(self.tr("Link testimony"))
        self.link_button.setObjectName("link_button")
        self.link_button.clicked.connect(self._link)
        self.unlink_button = QPushButton(self.tr("Remove link"))
        self.unlink_button.setObjectName("unlink_button")
        self.unlink_button.clicked.connect(self._unlink)
        self.link_message = QLabel("")
        self.link_message.setObjectName("link_message")

        new_button = QPushButton(self.tr("New"))
        new_button.setObjectName("new_button")
        new_button.clicked.connect(self.new_record)
        save_button = QPushButton(self.tr("Save"))
        save_button.setObjectName("save_button")
        save_button.clicked.connect(self.save_record)
        delete_button = QPushButton(self.tr("Delete"))
        delete_button.setObjectName("delete_button")
        delete_button.clicked.connect(self.delete_selected)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.filter_edit)
        left_layout.addWidget(self.table)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.form)
        buttons = QHBoxLayout()
        for button in (new_button, save_button, delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        right_layout.addLayout(buttons)
        right_layout.addWidget(QLabel(self.tr("Linked testimonies")))
        right_layout.addWidget(self.links)
        link_row = QHBoxLayout()
        link_row.addWidget(self.link_code)
        link_row.addWidget(self.link_button)
        link_row.addWidget(self.unlink_button)
        right_layout.addLayout(link_row)
        right_layout.addWidget(self.link_message)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.new_record()

    # -- RecordTab ---------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("State responses")

    def new_record(self) -> None:
        if not self.confirm_discard():
            return
        self.table.clearSelection()
        self.form.load(None)
        self._show_links()
        self.form.fields["aspect"].widget.setFocus()

    def save_record(self) -> None:
        self.form.save()

    def delete_selected(self) -> None:
        uid = self.form.uid
        if uid is None:
            return
        self.push_delete(KIND, uid, self.tr("Delete state response"))
        self.form.load(None)
        self._show_links()

    def focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def activate(self) -> None:
        if not self.model.active:
            self.model.activate()
            self.status.emit(self.count_text())

    def refresh(self) -> None:
        self.model.refresh()
        self._show_links()
        self.status.emit(self.count_text())

    def has_unsaved_changes(self) -> bool:
        return self.form.is_dirty()

    def count_text(self) -> str:
        return self.tr("%n state response(s)", "", self.model.total())

    # -- internals -----------------------------------------------------------------------------

    def _filter_changed(self, text: str) -> None:
        self.model.set_filter(StateResponseFilter(text=text))
        self.status.emit(self.count_text())

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        uid = indexes[0].data(UID_ROLE)
        if uid is None or uid == self.form.uid:
            return
        if not self.confirm_discard():
            return
        self._open(str(uid))

    def _open(self, uid: str) -> None:
        values: dict[str, Any] = self.context.records.get(KIND, uid)
        self.form.load(uid, values)
        self._show_links()

    def _saved(self, uid: str) -> None:
        self.refresh()
        self.changed.emit()
        self.status.emit(self.tr("Saved."))
        row = self.model.row_of_uid(uid)
        if row is not None:
            self.table.selectRow(row)

    def _show_links(self) -> None:
        self.links.clear()
        uid = self.form.uid
        enabled = uid is not None
        for widget in (self.link_code, self.link_button, self.unlink_button):
            widget.setEnabled(enabled)
        if uid is None:
            return
        for link in linked_testimonies(self.context.store, uid):
            item = QListWidgetItem(f"{link['code']} — {link['title']}")
            item.setData(Qt.ItemDataRole.UserRole, link["link_uid"])
            self.links.addItem(item)

    def _link(self) -> None:
        if self.form.uid is None:
            return
        code = self.link_code.text().strip()
        testimony = testimony_uid_by_code(self.context.store, code)
        if testimony is None:
            self.link_message.setText(self.tr("No testimony has the code %1.").replace("%1", code))
            return
        try:
            self.context.records.create(
                "state_response_link",
                {"state_response_uid": self.form.uid, "testimony_uid": testimony},
            )
        except ValidationError as exc:
            self.link_message.setText(tr_error(exc))
            return
        self.link_message.clear()
        self.link_code.clear()
        self._show_links()
        self.refresh()

    def _unlink(self) -> None:
        item = self.links.currentItem()
        if item is None:
            return
        self.push_delete(
            "state_response_link",
            str(item.data(Qt.ItemDataRole.UserRole)),
            self.tr("Remove link"),
        )
        self._show_links()
