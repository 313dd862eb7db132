"""The tabulation the field reports: one row per violation category with its violations,
testimonies, reported impacts and UN response (a few dozen rows at most, so held whole)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from caseapp.models.enums import VocabularyScheme
from caseapp.services.listing.violations import CategoryRow
from caseapp.services.vocabulary import Vocabulary
from caseapp.ui.paged_model import SORT_ROLE

CATEGORY_ROLE = Qt.ItemDataRole.UserRole + 4  # the category code of a tabulation row

AnyIndex = QModelIndex | QPersistentModelIndex
S = VocabularyScheme


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


class CategoryPage(QWidget):
    """The tabulation as a page: a hint and the sortable table. ``category_chosen`` carries
    the category code of the row the user picked."""

    category_chosen = Signal(str)

    def __init__(self, vocabulary: Vocabulary, language: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = CategoryTableModel(vocabulary, language, parent=self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)

        self.table = QTableView()
        self.table.setObjectName("category_table")
        self.table.setAccessibleName(self.tr("Violations by category"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(CategoryTableModel.VIOLATIONS, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        # Few rows, and every impact and status matters: rows grow to show all of them.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(CategoryTableModel.CATEGORY, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(CategoryTableModel.IMPACT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(
            CategoryTableModel.UN_RESPONSE, QHeaderView.ResizeMode.Interactive
        )
        self.table.setColumnWidth(CategoryTableModel.CATEGORY, 260)
        self.table.setColumnWidth(CategoryTableModel.VIOLATIONS, 80)
        self.table.setColumnWidth(CategoryTableModel.TESTIMONIES, 90)
        self.table.setColumnWidth(CategoryTableModel.UN_RESPONSE, 330)
        self.table.clicked.connect(self._chosen)
        self.table.activated.connect(self._chosen)

        hint = QLabel(
            self.tr(
                "Violations by category, with the reported impacts and the UN response, "
                "most frequent first. Choose a row to list its violations."
            )
        )
        hint.setWordWrap(True)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(hint)
        column.addWidget(self.table)

    def _chosen(self, index: QModelIndex) -> None:
        code = index.data(CATEGORY_ROLE) if index.isValid() else None
        if code is not None:
            self.category_chosen.emit(str(code))
