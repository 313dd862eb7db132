"""Violations: the tabulation the field reports (one row per category: violations,
testimonies, reported impact, UN response) and the list of single violations with filters,
an editor, and a way to the testimony each one comes from."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Select

from caseapp.models.enums import VocabularyScheme
from caseapp.services.dates import DateProblem
from caseapp.services.errors import NotFound
from caseapp.services.listing.base import Row
from caseapp.services.listing.state_responses import testimony_uid_by_code
from caseapp.services.listing.violations import (
    CategoryRow,
    ViolationFilter,
    ViolationList,
    category_table,
    date_filter_bounds,
    testimony_code,
)
from caseapp.services.vocabulary import Vocabulary
from caseapp.ui.formatting import partial_date
from caseapp.ui.messages import tr_error
from caseapp.ui.paged_model import SORT_ROLE, UID_ROLE, Column, PagedTableModel
from caseapp.ui.record_form import FieldSpec, RecordForm
from caseapp.ui.tabs.base import RecordTab, TabContext

KIND = "violation"
CATEGORY_ROLE = Qt.ItemDataRole.UserRole + 4  # the category code of a tabulation row
ERROR_STYLE = "color: #b00020;"

AnyIndex = QModelIndex | QPersistentModelIndex
S = VocabularyScheme


def _narrow(combo: QComboBox) -> None:
    """Long vocabulary labels must not make the combo (and the editor) wider than the window."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(14)


class CategoryTableModel(QAbstractTableModel):
    """The tabulation, one row per category (a few dozen rows at most, so held whole)."""

    CATEGORY, VIOLATIONS, TESTIMONIES, IMPACT, UN_RESPONSE = range(5)
    COLUMNS = 5

    def __init__(self, vocabulary: Vocabulary, language: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.vocabulary = vocabulary
        self.language = language
        self._rows: list[CategoryRow] = []
        self._headers = [
            self.tr("Violation category"),
            self.tr("Violations"),
            self.tr("Testimonies"),
            self.tr("Reported impact"),
            self.tr("UN response"),
        ]

    def set_rows(self, rows: Sequence[CategoryRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[CategoryRow]:
        return list(self._rows)

    def total_violations(self) -> int:
        return sum(r.violations for r in self._rows)

    # -- Qt model interface ------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < self.COLUMNS else None
        return str(section + 1)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == SORT_ROLE:
            return self._sort_value(row, column)
        if role == CATEGORY_ROLE:
            return row.category
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.IMPACT:
                return "\n".join(self._impact_items(row, with_rest=True))
            if column == self.UN_RESPONSE:
                return "\n".join(self._status_items(row))
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            self.VIOLATIONS,
            self.TESTIMONIES,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    # -- formatting --------------------------------------------------------------------------

    def category_label(self, code: str) -> str:
        return self.vocabulary.label(S.VIOLATION_CATEGORY.value, code, self.language)

    def _display(self, row: CategoryRow, column: int) -> str:
        if column == self.CATEGORY:
            return self.category_label(row.category)
        if column == self.VIOLATIONS:
            return f"{row.violations:,}"
        if column == self.TESTIMONIES:
            return f"{row.testimonies:,}"
        if column == self.IMPACT:
            return ", ".join(self._impact_items(row, with_rest=True))
        if column == self.UN_RESPONSE:
            return ", ".join(self._status_items(row))
        return ""

    def _sort_value(self, row: CategoryRow, column: int) -> Any:
        if column == self.CATEGORY:
            term = self.vocabulary.get(S.VIOLATION_CATEGORY.value, row.category)
            return term.sort_order if term else 1_000_000
        if column == self.VIOLATIONS:
            return row.violations
        if column == self.TESTIMONIES:
            return row.testimonies
        return self._display(row, column)

    def _impact_items(self, row: CategoryRow, with_rest: bool) -> list[str]:
        items = [f"{impact} ({n:,})" for impact, n in row.impacts]
        rest = row.distinct_impacts - len(row.impacts)
        if with_rest and rest > 0:
            items.append(self.tr("… %n more", "", rest))
        return items

    def _status_items(self, row: CategoryRow) -> list[str]:
        items = []
        for status, n in row.statuses:
            label = (
                self.tr("not recorded")
                if status is None
                else self.vocabulary.label(S.UN_RESPONSE_STATUS.value, status, self.language)
            )
            items.append(f"{label} ({n:,})")
        return items


class ViolationsTab(RecordTab):
    TABLE_PAGE, LIST_PAGE = 0, 1

    def __init__(self, context: TabContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.vocabulary = context.vocabulary
        self.language = context.language
        self._exact_category: str | None = None  # set when a tabulation row was chosen
        self._testimony_uid: str | None = None  # of the violation in the editor
        self._table_stale = True

        # -- the view switch -------------------------------------------------------------------
        self.table_view_button = QPushButton(self.tr("By category"))
        self.table_view_button.setObjectName("table_view_button")
        self.list_view_button = QPushButton(self.tr("List of violations"))
        self.list_view_button.setObjectName("list_view_button")
        self.view_buttons = QButtonGroup(self)
        self.view_buttons.setExclusive(True)
        for page, button in (
            (self.TABLE_PAGE, self.table_view_button),
            (self.LIST_PAGE, self.list_view_button),
        ):
            button.setCheckable(True)
            self.view_buttons.addButton(button, page)
        self.view_buttons.idClicked.connect(self._show_page)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_table_page())
        self.pages.addWidget(self._build_list_page())

        switch = QHBoxLayout()
        switch.setSpacing(0)
        switch.addWidget(self.table_view_button)
        switch.addWidget(self.list_view_button)
        switch.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(switch)
        layout.addWidget(self.pages)

        self.show_table_view()
        self._load_record(None)

    # -- building ----------------------------------------------------------------------------

    def _build_table_page(self) -> QWidget:
        self.category_model = CategoryTableModel(self.vocabulary, self.language, parent=self)
        self.category_proxy = QSortFilterProxyModel(self)
        self.category_proxy.setSourceModel(self.category_model)
        self.category_proxy.setSortRole(SORT_ROLE)

        self.category_table = QTableView()
        self.category_table.setObjectName("category_table")
        self.category_table.setModel(self.category_proxy)
        self.category_table.setSortingEnabled(True)
        self.category_table.sortByColumn(
            CategoryTableModel.VIOLATIONS, Qt.SortOrder.DescendingOrder
        )
        self.category_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.category_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.category_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.category_table.verticalHeader().hide()
        # Few rows, and every impact and status matters: rows grow to show all of them.
        self.category_table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        header = self.category_table.horizontalHeader()
        header.setSectionResizeMode(CategoryTableModel.CATEGORY, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(CategoryTableModel.IMPACT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(
            CategoryTableModel.UN_RESPONSE, QHeaderView.ResizeMode.Interactive
        )
        self.category_table.setColumnWidth(CategoryTableModel.CATEGORY, 260)
        self.category_table.setColumnWidth(CategoryTableModel.VIOLATIONS, 80)
        self.category_table.setColumnWidth(CategoryTableModel.TESTIMONIES, 90)
        self.category_table.setColumnWidth(CategoryTableModel.UN_RESPONSE, 330)
        self.category_table.clicked.connect(self._category_chosen)
        self.category_table.activated.connect(self._category_chosen)

        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        hint = QLabel(
            self.tr(
                "Violations by category, with the reported impacts and the UN response, "
                "most frequent first. Choose a row to list its violations."
            )
        )
        hint.setWordWrap(True)
        column.addWidget(hint)
        column.addWidget(self.category_table)
        return page

    def _build_list_page(self) -> QWidget:
        self.query = ViolationList(self.context.store, ViolationFilter())
        vocab = self._vocab_label
        self.model = PagedTableModel(
            self.query,
            [
                Column("testimony_code", self.tr("Testimony")),
                Column(
                    "category",
                    self.tr("Violation category"),
                    display=lambda r: vocab(S.VIOLATION_CATEGORY, r["category"]),
                ),
                Column(
                    "date_start",
                    self.tr("Date"),
                    display=lambda r: partial_date(
                        r["date_start"], r["date_precision"], r["date_end"]
                    ),
                ),
                Column("province", self.tr("Province / place"), display=self._place),
                Column(
                    "perpetrator",
                    self.tr("Perpetrator"),
                    display=lambda r: vocab(S.PERPETRATOR, r["perpetrator"]),
                ),
                Column("reported_impact", self.tr("Reported impact")),
                Column(
                    "un_mechanism",
                    self.tr("UN mechanism"),
                    display=lambda r: vocab(S.UN_MECHANISM, r["un_mechanism"]),
                ),
                Column(
                    "un_response_status",
                    self.tr("UN response"),
                    display=lambda r: vocab(S.UN_RESPONSE_STATUS, r["un_response_status"]),
                ),
                Column(
                    "verification_status",
                    self.tr("Verification"),
                    display=lambda r: vocab(S.VERIFICATION_STATUS, r["verification_status"]),
                ),
            ],
            parent=self,
            deferred=self.context.defer_loading,
        )

        self.table = QTableView()
        self.table.setObjectName("table")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((120, 190, 140, 230, 190, 220, 170, 150, 120)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(self._build_filter_bar())
        left_layout.addWidget(self.table)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self._build_editor())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([900, 600])
        return splitter

    def _build_filter_bar(self) -> QGridLayout:
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("filter_text")
        self.filter_edit.setPlaceholderText(self.tr("Search place or reported impact"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._apply_filter)

        self.filter_category = self._filter_combo(
            "filter_category", S.VIOLATION_CATEGORY, self.tr("All categories")
        )
        self.filter_category.currentIndexChanged.connect(self._category_filter_changed)
        self.filter_province = self._filter_combo(
            "filter_province", S.PROVINCE, self.tr("All provinces and countries")
        )
        self.filter_perpetrator = self._filter_combo(
            "filter_perpetrator", S.PERPETRATOR, self.tr("All perpetrators")
        )
        self.filter_un_status = self._filter_combo(
            "filter_un_response_status", S.UN_RESPONSE_STATUS, self.tr("Any UN response")
        )
        self.filter_verification = self._filter_combo(
            "filter_verification_status", S.VERIFICATION_STATUS, self.tr("Any verification")
        )
        for combo in (
            self.filter_province,
            self.filter_perpetrator,
            self.filter_un_status,
            self.filter_verification,
        ):
            combo.currentIndexChanged.connect(self._apply_filter)

        self.filter_date_from = QLineEdit()
        self.filter_date_from.setObjectName("filter_date_from")
        self.filter_date_to = QLineEdit()
        self.filter_date_to.setObjectName("filter_date_to")
        for edit, placeholder in (
            (self.filter_date_from, self.tr("From")),
            (self.filter_date_to, self.tr("To")),
        ):
            edit.setPlaceholderText(placeholder)
            edit.setToolTip(
                self.tr(
                    "YYYY, YYYY-MM or YYYY-MM-DD. A violation is listed when its date or "
                    "date range overlaps these dates."
                )
            )
            edit.setClearButtonEnabled(True)
            edit.textChanged.connect(self._apply_filter)
            edit.editingFinished.connect(self._show_date_problem)
        self.filter_date_message = QLabel("")
        self.filter_date_message.setObjectName("filter_date_message")
        self.filter_date_message.setStyleSheet(ERROR_STYLE)
        self.filter_date_message.setWordWrap(True)
        self.filter_date_message.hide()

        clear = QPushButton(self.tr("Clear filters"))
        clear.setObjectName("clear_filters_button")
        clear.clicked.connect(self.clear_filters)

        grid = QGridLayout()
        grid.addWidget(self.filter_edit, 0, 0, 1, 2)
        grid.addWidget(self.filter_category, 0, 2)
        grid.addWidget(self.filter_province, 0, 3)
        grid.addWidget(self.filter_perpetrator, 1, 0)
        grid.addWidget(self.filter_un_status, 1, 1)
        grid.addWidget(self.filter_verification, 1, 2)
        dates = QHBoxLayout()
        dates.addWidget(self.filter_date_from)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.filter_date_to)
        grid.addLayout(dates, 1, 3)
        grid.addWidget(clear, 0, 4)
        grid.addWidget(self.filter_date_message, 2, 0, 1, 5)
        return grid

    def _filter_combo(self, name: str, scheme: VocabularyScheme, anything: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        _narrow(combo)
        combo.addItem(anything, "")
        for term in self.vocabulary.terms(scheme.value):
            indent = "    " if term.parent_code else ""
            combo.addItem(indent + term.label(self.language), term.code)
        return combo

    def _build_editor(self) -> QWidget:
        self.testimony_code_edit = QLineEdit()
        self.testimony_code_edit.setObjectName("testimony_code")
        self.testimony_code_edit.setPlaceholderText(
            self.tr("Code of the testimony, e.g. T-1A2B3C4D")
        )
        self.testimony_code_error = QLabel("")
        self.testimony_code_error.setObjectName("error_testimony_code")
        self.testimony_code_error.setStyleSheet(ERROR_STYLE)
        self.testimony_code_error.setWordWrap(True)
        self.testimony_code_error.hide()
        self.open_testimony_button = QPushButton(self.tr("Open testimony"))
        self.open_testimony_button.setObjectName("open_testimony_button")
        self.open_testimony_button.clicked.connect(self.open_testimony)

        precisions = (
            ("exact", self.tr("exact day")),
            ("month", self.tr("month")),
            ("year", self.tr("year")),
            ("range", self.tr("range (from – to)")),
            ("estimate", self.tr("estimate")),
            ("unknown", self.tr("unknown")),
        )
        date_hint = self.tr("YYYY, YYYY-MM or YYYY-MM-DD")
        self.form = RecordForm(
            KIND,
            [
                FieldSpec(
                    "category", self.tr("Violation category"), "vocab", S.VIOLATION_CATEGORY.value
                ),
                FieldSpec("date_start", self.tr("Date (from)"), "date", placeholder=date_hint),
                FieldSpec("date_end", self.tr("Date (to)"), "date", placeholder=date_hint),
                FieldSpec("date_precision", self.tr("Date precision"), "enum", choices=precisions),
                FieldSpec("province", self.tr("Province or country"), "vocab", S.PROVINCE.value),
                FieldSpec("place", self.tr("Place")),
                FieldSpec("place_type", self.tr("Type of place"), "vocab", S.PLACE_TYPE.value),
                FieldSpec("perpetrator", self.tr("Perpetrator"), "vocab", S.PERPETRATOR.value),
                FieldSpec("reported_impact", self.tr("Reported impact"), "text"),
                FieldSpec("un_mechanism", self.tr("UN mechanism"), "vocab", S.UN_MECHANISM.value),
                FieldSpec(
                    "un_submission_date",
                    self.tr("Submitted to the UN"),
                    "date",
                    placeholder=date_hint,
                ),
                FieldSpec("un_reference", self.tr("UN reference")),
                FieldSpec(
                    "un_response_status",
                    self.tr("UN response"),
                    "vocab",
                    S.UN_RESPONSE_STATUS.value,
                ),
                FieldSpec(
                    "verification_status",
                    self.tr("Verification"),
                    "vocab",
                    S.VERIFICATION_STATUS.value,
                ),
            ],
            self.context.records,
            self.vocabulary,
            self.language,
        )
        self.form.fields["reported_impact"].widget.setMaximumHeight(90)
        for field in self.form.fields.values():
            if isinstance(field.widget, QComboBox):
                _narrow(field.widget)
        self.form.saved.connect(self._saved)

        new_button = QPushButton(self.tr("New"))
        new_button.setObjectName("new_button")
        new_button.clicked.connect(self.new_record)
        save_button = QPushButton(self.tr("Save"))
        save_button.setObjectName("save_button")
        save_button.clicked.connect(self.save_record)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setObjectName("delete_button")
        self.delete_button.clicked.connect(self.delete_selected)

        testimony_row = QHBoxLayout()
        testimony_label = QLabel(self.tr("Testimony code"))
        testimony_label.setBuddy(self.testimony_code_edit)
        testimony_row.addWidget(testimony_label)
        testimony_row.addWidget(self.testimony_code_edit, 1)
        testimony_row.addWidget(self.open_testimony_button)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addLayout(testimony_row)
        body_layout.addWidget(self.testimony_code_error)
        body_layout.addWidget(self.form)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)

        buttons = QHBoxLayout()
        for button in (new_button, save_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addWidget(scroll)
        editor_layout.addLayout(buttons)
        return editor

    # -- RecordTab ---------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Violations")

    def new_record(self) -> None:
        """Creating violations belongs in the testimony editor; here a violation is added to
        the testimony whose code is typed in the editor."""
        if not self.confirm_discard():
            return
        self.show_list_view()
        self.table.clearSelection()
        self._load_record(None)
        self.testimony_code_edit.setFocus()

    def save_record(self) -> None:
        if self.form.uid is None:
            code = self.testimony_code_edit.text().strip()
            self._set_testimony_problem("")
            if not code:
                self._set_testimony_problem(
                    self.tr("Type the code of the testimony this violation belongs to.")
                )
                return
            testimony = testimony_uid_by_code(self.context.store, code)
            if testimony is None:
                self._set_testimony_problem(
                    self.tr("No testimony has the code %1.").replace("%1", code)
                )
                return
            self.form.fixed = {"testimony_uid": testimony}
        self.form.save()

    def delete_selected(self) -> None:
        uid = self.form.uid
        if uid is None or self.pages.currentIndex() != self.LIST_PAGE:
            return  # never delete a record the user cannot see
        self.push_delete(KIND, uid, self.tr("Delete violation"))
        self._load_record(None)

    def focus_filter(self) -> None:
        self.show_list_view()
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def activate(self) -> None:
        if self.model.active:
            return
        self.model.activate()
        if self.pages.currentIndex() == self.TABLE_PAGE and self._table_stale:
            self._reload_table()
        self.status.emit(self.count_text())

    def refresh(self) -> None:
        self.model.refresh()
        self._table_stale = True
        if self.pages.currentIndex() == self.TABLE_PAGE and self.model.active:
            self._reload_table()
        uid = self.form.uid
        if uid is not None and not self.form.is_dirty():
            try:
                self._load_record(uid)
            except NotFound:
                self._load_record(None)
        self._select_row_of(self.form.uid)
        self.status.emit(self.count_text())

    def show_record(self, uid: str) -> None:
        if not self.confirm_discard():
            return
        self.clear_filters()
        self.show_list_view()
        self._load_record(uid)
        self._select_row_of(uid)

    def has_unsaved_changes(self) -> bool:
        if self.form.uid is None and self.testimony_code_edit.text().strip():
            return True
        return self.form.is_dirty()

    def shown_uids(self) -> Select[Any]:
        return self.query.matching_uids()

    def count_text(self) -> str:
        if self.pages.currentIndex() == self.TABLE_PAGE:
            return self.tr("%n violation(s)", "", self.category_model.total_violations())
        return self.tr("%n violation(s)", "", self.model.total())

    # -- views -------------------------------------------------------------------------------

    def show_table_view(self) -> None:
        self._show_page(self.TABLE_PAGE)

    def show_list_view(self) -> None:
        self._show_page(self.LIST_PAGE)

    def _show_page(self, page: int) -> None:
        self.view_buttons.button(page).setChecked(True)
        self.pages.setCurrentIndex(page)
        if page == self.TABLE_PAGE and self._table_stale and self.model.active:
            self._reload_table()
        self.status.emit(self.count_text())

    def _reload_table(self) -> None:
        """The tabulation reads every live violation, so it is read only when shown."""
        self.category_model.set_rows(category_table(self.context.store))
        self._table_stale = False

    def _category_chosen(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        code = index.data(CATEGORY_ROLE)
        if code is None:
            return
        self.list_category(str(code))

    def list_category(self, code: str) -> None:
        """List exactly the violations of one tabulation row (not its subcategories)."""
        widgets = self._filter_widgets()
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self._reset_filter_widgets()
            self.filter_category.setCurrentIndex(max(self.filter_category.findData(code), 0))
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self._exact_category = code
        self._apply_filter()
        self.show_list_view()

    # -- filters -----------------------------------------------------------------------------

    def clear_filters(self) -> None:
        widgets = self._filter_widgets()
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self._reset_filter_widgets()
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self._exact_category = None
        self._apply_filter()

    def _filter_widgets(self) -> list[QWidget]:
        return [
            self.filter_edit,
            self.filter_category,
            self.filter_province,
            self.filter_perpetrator,
            self.filter_un_status,
            self.filter_verification,
            self.filter_date_from,
            self.filter_date_to,
        ]

    def _reset_filter_widgets(self) -> None:
        for widget in self._filter_widgets():
            if isinstance(widget, QLineEdit):
                widget.clear()
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(0)
        self.filter_date_message.hide()

    def _category_filter_changed(self) -> None:
        self._exact_category = None
        self._apply_filter()

    def current_filter(self) -> ViolationFilter:
        """The filter the bar shows, without checking its dates."""

        def chosen(combo: QComboBox) -> str | None:
            return str(combo.currentData()) or None

        category = self._exact_category or chosen(self.filter_category)
        return ViolationFilter(
            category=category,
            subcategories=self._exact_category is None,
            province=chosen(self.filter_province),
            perpetrator=chosen(self.filter_perpetrator),
            un_response_status=chosen(self.filter_un_status),
            verification_status=chosen(self.filter_verification),
            text=self.filter_edit.text(),
            date_from=self.filter_date_from.text().strip(),
            date_to=self.filter_date_to.text().strip(),
        )

    def _apply_filter(self) -> None:
        filter_ = self.current_filter()
        try:
            date_filter_bounds(filter_.date_from, filter_.date_to)
        except DateProblem:
            # Half-typed dates ("201") are normal while typing: keep the last good filter;
            # the problem is shown when the user leaves the field.
            return
        self.filter_date_message.hide()
        if filter_ != self.query.filter:
            self.model.set_filter(filter_)
            self._select_row_of(self.form.uid)
        self.status.emit(self.count_text())

    def _show_date_problem(self) -> None:
        try:
            date_filter_bounds(self.filter_date_from.text(), self.filter_date_to.text())
        except DateProblem as exc:
            self.filter_date_message.setText(tr_error(exc))
            self.filter_date_message.show()
            return
        self.filter_date_message.hide()

    # -- the editor --------------------------------------------------------------------------

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        uid = indexes[0].data(UID_ROLE)
        if uid is None or uid == self.form.uid:
            return
        if not self.confirm_discard():
            return
        self._load_record(str(uid))

    def _load_record(self, uid: str | None) -> None:
        """Show violation ``uid`` in the editor, or an empty one for a new violation."""
        self._set_testimony_problem("")
        self.form.fixed = {}
        if uid is None:
            self.form.load(None)
            self._testimony_uid = None
            self.testimony_code_edit.clear()
            self.testimony_code_edit.setReadOnly(False)
            self.testimony_code_edit.setFrame(True)
        else:
            values: dict[str, Any] = self.context.records.get(KIND, uid)
            self.form.load(uid, values)
            self._testimony_uid = values.get("testimony_uid")
            code = testimony_code(self.context.store, self._testimony_uid or "")
            self.testimony_code_edit.setText(code or "")
            # A violation stays with its testimony: the code is shown, not edited.
            self.testimony_code_edit.setReadOnly(True)
            self.testimony_code_edit.setFrame(False)
        self.open_testimony_button.setEnabled(self._testimony_uid is not None)
        self.delete_button.setEnabled(uid is not None)

    def _set_testimony_problem(self, text: str) -> None:
        self.testimony_code_error.setText(text)
        self.testimony_code_error.setVisible(bool(text))
        if text:
            self.testimony_code_edit.setFocus()

    def _saved(self, _uid: str) -> None:
        self.refresh()
        self.changed.emit()
        self.status.emit(self.tr("Saved."))

    def _select_row_of(self, uid: str | None) -> None:
        if uid is None:
            return
        if self.model.total():
            self.model.row_at(0)  # the first page, which the view is about to read anyway
        row = self.model.row_of_uid(uid)
        if row is not None:
            self.table.selectRow(row)  # the editor already shows it: nothing is reloaded

    def open_testimony(self) -> None:
        """Ask the window to show the testimony this violation comes from."""
        if self._testimony_uid is not None:
            self.open_record.emit("testimony", self._testimony_uid)

    # -- display helpers ---------------------------------------------------------------------

    def _vocab_label(self, scheme: VocabularyScheme, code: str | None) -> str:
        return self.vocabulary.label(scheme.value, code, self.language)

    def _place(self, row: Row) -> str:
        province = self._vocab_label(S.PROVINCE, row["province"])
        return " — ".join(part for part in (province, row["place"]) if part)
