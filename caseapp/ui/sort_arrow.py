"""A table header's sort arrow kept on the column the rows are really sorted by."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QTableView

from caseapp.ui.paged_model import PagedTableModel


class SortArrow(QObject):
    """A click on the header of a column the list cannot be sorted by (``Column.sortable``
    false: computed per page, or with no index to sort by) leaves the rows in their order
    (PagedTableModel.sort ignores it); this puts the arrow back where the order comes from,
    so that the header never claims a sort that did not happen."""

    def __init__(
        self, table: QTableView, model: PagedTableModel, start: tuple[int, Qt.SortOrder]
    ) -> None:
        super().__init__(table)
        self._table = table
        self._model = model
        self._sorted_by = start
        table.horizontalHeader().sortIndicatorChanged.connect(self._changed)

    def _changed(self, column: int, order: Qt.SortOrder) -> None:
        if 0 <= column < len(self._model.columns) and self._model.columns[column].sortable:
            self._sorted_by = (column, order)
            return
        header = self._table.horizontalHeader()
        blocked = header.blockSignals(True)
        header.setSortIndicator(*self._sorted_by)
        header.blockSignals(blocked)
