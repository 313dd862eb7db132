"""A lazy table model over a ListQuery: the row count comes from SQL, rows are read a page at
a time when the view first paints them, and sorting and filtering run in SQL.

The model keeps a bounded cache of pages, so scrolling through 100,000 rows, or jumping to
the last one, never loads the whole table."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from caseapp.services.listing.base import ListQuery, Row

UID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # the native value, as SQL sorts it
ROW_ROLE = Qt.ItemDataRole.UserRole + 3  # the whole row dict

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    display: Callable[[Row], str] | None = None
    sortable: bool = True
    align_right: bool = False


class ColumnsModel(QAbstractTableModel):
    """What a table of ``Column`` s shows of a row dict, whatever holds the rows."""

    columns: list[Column]

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def cell(self, row: Row, column: Column, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column.display is not None:
                return column.display(row)
            value = row.get(column.key)
            return "" if value is None else str(value)
        if role == SORT_ROLE:
            return row.get(column.key)
        if role == UID_ROLE:
            return row.get("uid")
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.columns):
                return self.columns[section].header
            return None
        return str(section + 1)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class RowsModel(ColumnsModel):
    """A short list held in memory (the violations or attachments of one testimony); sort it
    with a QSortFilterProxyModel on SORT_ROLE. Cells show their whole text as a tooltip."""

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[Row] = []

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            role = Qt.ItemDataRole.DisplayRole
        value = self.cell(row, column, role)
        return "" if role == SORT_ROLE and value is None else value

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Row]:
        return list(self._rows)


class PagedTableModel(ColumnsModel):
    def __init__(
        self,
        query: ListQuery[Any],
        columns: Sequence[Column],
        page_size: int = 200,
        max_pages: int = 50,
        parent: Any = None,
        deferred: bool = False,
    ) -> None:
        super().__init__(parent)
        self.query = query
        self.columns = list(columns)
        self.page_size = page_size
        self.max_pages = max_pages
        self._pages: OrderedDict[int, list[Row]] = OrderedDict()
        # A deferred model reads nothing (it shows no rows) until ``activate``: the window
        # builds every tab at start-up but loads only the one on screen.
        self._active = not deferred
        self._count = query.count() if self._active else 0

    # -- Qt model interface ------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        # A click on such a header changes nothing (ListEditorTab): say why, where it is asked.
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.columns)
            and not self.columns[section].sortable
        ):
            return self.tr("The list cannot be sorted by this column")
        return super().headerData(section, orientation, role)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._count:
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        return self.cell(row, self.columns[index.column()], role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns) or not self.columns[column].sortable:
            return
        self.layoutAboutToBeChanged.emit()
        self.query.set_sort(self.columns[column].key, order == Qt.SortOrder.DescendingOrder)
        self._pages.clear()
        # Rows keep their count; only their order changes, and no index is kept across it.
        self.changePersistentIndexList(self.persistentIndexList(), self.persistentIndexList())
        self.layoutChanged.emit()

    # -- for views and tabs --------------------------------------------------------------------

    def row_at(self, row: int) -> Row | None:
        page_number, within = divmod(row, self.page_size)
        page = self._pages.get(page_number)
        if page is None:
            page = self.query.fetch(page_number * self.page_size, self.page_size, self._count)
            self._pages[page_number] = page
            if len(self._pages) > self.max_pages:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_number)
        return page[within] if within < len(page) else None

    def uid_at(self, row: int) -> str | None:
        found = self.row_at(row)
        return None if found is None else str(found["uid"])

    def row_of_uid(self, uid: str) -> int | None:
        """The row showing ``uid`` among the pages read so far (no query)."""
        for page_number, page in self._pages.items():
            for within, row in enumerate(page):
                if row.get("uid") == uid:
                    return page_number * self.page_size + within
        return None

    def set_filter(self, filter_: Any) -> None:
        self.query.filter = filter_
        self.refresh()

    def activate(self) -> None:
        """Read the rows the first time the view is shown (no-op when already active)."""
        if not self._active:
            self._active = True
            self.refresh()

    @property
    def active(self) -> bool:
        return self._active

    def refresh(self) -> None:
        """Re-read the count and drop every cached page (after an edit or a filter change).
        A deferred model not yet shown has nothing to re-read."""
        if not self._active:
            return
        self.beginResetModel()
        self._pages.clear()
        self._count = self.query.count()
        self.endResetModel()

    def total(self) -> int:
        return self._count
