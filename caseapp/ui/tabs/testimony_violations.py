"""The violations of one testimony, listed, added, edited and removed in place."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from caseapp.models.enums import VocabularyScheme
from caseapp.services.errors import FieldProblem, NotFound, ServiceError, ValidationError
from caseapp.services.listing.base import Row
from caseapp.ui.formatting import partial_date
from caseapp.ui.forms import resolve_precision, violation_form
from caseapp.ui.paged_model import SORT_ROLE, UID_ROLE, Column, RowsModel
from caseapp.ui.tabs.base import TabContext

KIND = "violation"


class ViolationsSection(QWidget):
    """A table of the testimony's violations and, in its place while editing, the violation
    form. ``remove_requested`` asks the tab for an undoable delete."""

    changed = Signal()
    remove_requested = Signal(str, str)  # (uid, description for the undo stack)
    status = Signal(str)

    def __init__(self, context: TabContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.listings = context.listings
        self.records = context.records
        vocabulary, language = context.vocabulary, context.language
        self.testimony_uid: str | None = None

        s = VocabularyScheme

        def coded(key: str, header: str, scheme: VocabularyScheme) -> Column:
            """A column of vocabulary codes, shown by their label in the interface language."""
            return Column(key, header, display=lambda r: vocabulary.label(scheme, r[key], language))

        def dates(r: Row) -> str:
            return partial_date(r["date_start"], r["date_precision"], r["date_end"])

        self.model = RowsModel(
            [
                coded("category", self.tr("Category"), s.VIOLATION_CATEGORY),
                Column("date_start", self.tr("Date"), display=dates),
                coded("province", self.tr("Province"), s.PROVINCE),
                coded("perpetrator", self.tr("Perpetrator"), s.PERPETRATOR),
                coded("un_response_status", self.tr("UN response"), s.UN_RESPONSE_STATUS),
                coded("verification_status", self.tr("Verification"), s.VERIFICATION_STATUS),
            ],
            self,
        )
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setObjectName("violations_table")
        self.table.setAccessibleName(self.tr("Violations of this testimony"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column, width in enumerate((150, 80, 110, 110, 100, 90)):
            header.resizeSection(column, width)
        # The category keeps its width; the last column takes what room is left (a stretched
        # first column shrank to one letter beside the others in the narrow editor).
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())

        self.add_button = QPushButton(self.tr("Add violation"))
        self.add_button.setObjectName("add_violation_button")
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton(self.tr("Edit"))
        self.edit_button.setObjectName("edit_violation_button")
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setObjectName("remove_violation_button")
        self.remove_button.clicked.connect(self.remove_selected)

        self.form = violation_form(context.records, vocabulary, language)
        self.save_button = QPushButton(self.tr("Save violation"))
        self.save_button.setObjectName("save_violation_button")
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(self.tr("Back to the list"))
        self.cancel_button.setObjectName("cancel_violation_button")
        self.cancel_button.clicked.connect(self.show_list)
        self.form_title = QLabel("")
        self.form_title.setObjectName("violation_form_title")

        self.notice = QLabel(self.tr("Save the testimony first; then add its violations."))
        self.notice.setObjectName("violations_notice")
        self.notice.setWordWrap(True)

        list_page = QWidget()
        list_layout = QVBoxLayout(list_page)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.table)
        list_buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            list_buttons.addWidget(button)
        list_buttons.addStretch(1)
        list_layout.addLayout(list_buttons)

        edit_page = QWidget()
        edit_layout = QVBoxLayout(edit_page)
        edit_layout.setContentsMargins(0, 0, 0, 0)
        edit_layout.addWidget(self.form_title)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.form)
        edit_layout.addWidget(scroll, 1)
        edit_buttons = QHBoxLayout()
        edit_buttons.addWidget(self.save_button)
        edit_buttons.addWidget(self.cancel_button)
        edit_buttons.addStretch(1)
        edit_layout.addLayout(edit_buttons)

        self.stack = QStackedWidget()
        self.stack.addWidget(list_page)
        self.stack.addWidget(edit_page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(self.stack, 1)
        self.set_testimony(None)

    # -- state ---------------------------------------------------------------------------------

    def set_testimony(self, uid: str | None) -> None:
        self.testimony_uid = uid
        self.form.fixed = {} if uid is None else {"testimony_uid": uid}
        self.form.load(None)
        self.show_list()
        self.reload()
        self.stack.setEnabled(uid is not None)
        self.notice.setVisible(uid is None)

    def reload(self) -> None:
        rows = self.listings.testimony_violations(self.testimony_uid) if self.testimony_uid else []
        self.model.set_rows(rows)
        editing = self.form.uid if self.editing() else None
        if editing is not None and not any(r["uid"] == editing for r in rows):
            self.show_list()  # the violation being edited was removed meanwhile

    def count(self) -> int:
        return self.model.rowCount()

    def editing(self) -> bool:
        return self.stack.currentIndex() == 1

    def is_dirty(self) -> bool:
        return self.editing() and self.form.is_dirty()

    def selected_uid(self) -> str | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        uid = indexes[0].data(UID_ROLE)
        return None if uid is None else str(uid)

    def select(self, uid: str) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(UID_ROLE) == uid:
                self.table.selectRow(row)
                return

    # -- actions -------------------------------------------------------------------------------

    def add(self) -> None:
        if self.testimony_uid is None:
            return
        self.form.load(None)
        self.form_title.setText(self.tr("New violation"))
        self.stack.setCurrentIndex(1)
        self.form.fields["category"].widget.setFocus()

    def edit_selected(self) -> None:
        uid = self.selected_uid()
        if uid is None:
            self.status.emit(self.tr("Select a violation first."))
            return
        self.edit(uid)

    def edit(self, uid: str) -> None:
        try:
            values = self.records.get(KIND, uid)
        except NotFound:
            self.reload()
            return
        self.form.load(uid, values)
        self.form_title.setText(self.tr("Edit violation"))
        self.stack.setCurrentIndex(1)
        self.form.fields["category"].widget.setFocus()

    def remove_selected(self) -> None:
        uid = self.selected_uid()
        if uid is None:
            self.status.emit(self.tr("Select a violation first."))
            return
        self.remove_requested.emit(uid, self.tr("Remove violation"))

    def save(self) -> bool:
        """Save the violation in the form; on a problem it is shown beside its field."""
        resolve_precision(self.form, "date_start", "date_end", "date_precision")
        try:
            uid = self.form.save()
        except ServiceError as exc:  # the testimony was deleted meanwhile, for instance
            self.form.show_problems(ValidationError([FieldProblem("testimony_uid", exc.message)]))
            return False
        if uid is None:
            return False
        self.show_list()
        self.reload()
        self.select(uid)
        self.status.emit(self.tr("Violation saved."))
        self.changed.emit()
        return True

    def show_list(self) -> None:
        self.stack.setCurrentIndex(0)
