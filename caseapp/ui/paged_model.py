"""A lazy table model over a ListQuery: the row count comes from SQL, rows are read a page at
a time when the view first paints them, and sorting and filtering run in SQL.

The model keeps a bounded cache of pages, so scrolling through 100,000 rows, or jumping to
the last one, never loads the whole table.

A filter typed in the bar, and the list read again after records changed, are counted on a
worker thread (``filter_later``, ``refresh``): at a million testimonies some counts take a
third of a second, and a text filter on three million violations about two. The window
waits a moment for the count (COUNT_WAIT_MS), so a quick one changes the list at once, as
before; a slower one leaves the rows on screen until it arrives, and the window stays usable
meanwhile."""

from __future__ import annotations

import contextlib
import copy
import gc
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent import futures
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
)

from caseapp.services.listing.base import ListQuery, Row

UID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # the native value, as SQL sorts it
ROW_ROLE = Qt.ItemDataRole.UserRole + 3  # the whole row dict

AnyIndex = QModelIndex | QPersistentModelIndex
# How long the window waits for a new filter's count before it leaves the old rows on screen
# and lets the count arrive later: short enough not to be felt, long enough that an ordinary
# archive's counts (a few milliseconds) change the list in one step.
COUNT_WAIT_MS = 100


@dataclass
class _Counting:
    """A filter whose count a worker is taking, and what to do once the list shows it."""

    generation: int
    filter: Any
    future: futures.Future[int]
    then: Callable[[], None] | None
    runner: QRunnable  # kept alive until the count has run


class _CountRunner(QRunnable):
    """A list's count on a pool thread (the window waits for the pool before it closes the
    archive), its answer or error in ``future``."""

    def __init__(self, count: Callable[[], int], future: futures.Future[int]) -> None:
        super().__init__()
        self._count = count
        self._future = future

    def run(self) -> None:
        if not self._future.set_running_or_notify_cancel():
            return  # a newer filter took its place before it started
        try:
            self._future.set_result(self._count())
        except BaseException as exc:  # raised again on the model's thread
            self._future.set_exception(exc)


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
    # A count failed (a lost server connection, a damaged file): the list shows what it did.
    count_failed = Signal()
    # (generation, future), emitted on the worker's thread and received on the model's.
    _arrived = Signal(int, object)

    def __init__(
        self,
        query: ListQuery[Any],
        columns: Sequence[Column],
        page_size: int = 200,
        max_pages: int = 50,
        parent: Any = None,
        deferred: bool = False,
        count_wait_ms: int | None = None,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        self.query = query
        self.columns = list(columns)
        self.page_size = page_size
        self.max_pages = max_pages
        self.count_wait_ms = COUNT_WAIT_MS if count_wait_ms is None else count_wait_ms
        self._pages: OrderedDict[int, list[Row]] = OrderedDict()
        self._pool = pool or QThreadPool.globalInstance()
        self._counting: _Counting | None = None
        self._generation = 0
        self._arrived.connect(self._count_arrived)
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
        """Filter the list now, its count taken on this thread."""
        self._drop_counting()
        self.query.filter = filter_
        self._read_now()

    def filter_later(
        self, filter_: Any, then: Callable[[], None] | None = None, wait: bool = False
    ) -> None:
        """Filter the list once a worker has counted what ``filter_`` keeps, then call
        ``then``. The rows on screen stay until the count arrives: at once when it takes
        under ``count_wait_ms``, else later. A newer filter drops
        one still being counted. Counted on this thread when the caller needs the new list
        now (``wait``) or every pool thread is busy."""
        if not self._active or wait:
            self.set_filter(filter_)
            if then is not None:
                then()
            return
        self._drop_counting()
        self._generation += 1
        query = copy.copy(self.query)  # the list keeps reading pages with its own filter
        query.filter = filter_
        # The interface's garbage is collected here, on its own thread, not by the worker's
        # allocations (Qt objects must die on their thread; see ExportJob.start): the young
        # generations now (what was just dropped; milliseconds), everything once the count
        # outlasts the wait (a full collection walks the whole heap, 0.1 s and more before
        # launch.settle_heap, and lists are read again on every save).
        gc.collect(1)
        future: futures.Future[int] = futures.Future()
        runner = _CountRunner(query.count, future)
        if not self._pool.tryStart(runner):
            # Every pool thread is busy (an export and an import, say): counted here, as
            # before, rather than queued behind work that may take minutes.
            self.set_filter(filter_)
            if then is not None:
                then()
            return
        counting = _Counting(self._generation, filter_, future, then, runner)
        self._counting = counting
        futures.wait([future], timeout=self.count_wait_ms / 1000)
        if future.done():
            self._count_arrived(counting.generation, future)
        else:
            gc.collect()
            future.add_done_callback(lambda done: self._tell(counting.generation, done))

    def settle(self) -> None:
        """Wait for a filter still being counted, and show it."""
        counting = self._counting
        if counting is not None:
            futures.wait([counting.future])
            self._count_arrived(counting.generation, counting.future)

    @property
    def counting(self) -> bool:
        """Whether a filter's count is still being taken (the rows shown are the last
        filter's)."""
        return self._counting is not None

    def wanted_filter(self) -> Any:
        """The filter being counted, else the one shown."""
        return self._counting.filter if self._counting is not None else self.query.filter

    def _tell(self, generation: int, future: futures.Future[int]) -> None:
        # On the worker's thread: the signal takes the answer to the model's thread.
        with contextlib.suppress(RuntimeError):  # the model was deleted (its tab closed)
            self._arrived.emit(generation, future)

    def _count_arrived(self, generation: int, future: futures.Future[int]) -> None:
        counting = self._counting
        if counting is None or counting.generation != generation:
            return  # a newer filter, or a refresh, took its place
        self._counting = None
        error = future.exception()
        if error is not None:  # the list stays as it was; the window's hook names the error
            self.count_failed.emit()
            raise error
        count = future.result()
        self.beginResetModel()
        self.query.filter = counting.filter
        self._pages.clear()
        self._count = count
        self.endResetModel()
        if counting.then is not None:
            counting.then()

    def _drop_counting(self) -> None:
        if self._counting is not None:
            self._counting.future.cancel()  # not yet started; a running count is ignored
            self._counting = None

    def activate(self) -> None:
        """Read the rows the first time the view is shown (no-op when already active)."""
        if not self._active:
            self._active = True
            self._read_now()

    @property
    def active(self) -> bool:
        return self._active

    def refresh(self, then: Callable[[], None] | None = None) -> None:
        """Read the list again after records changed, then call ``then``: its count is
        taken on a worker as a new filter's is (``filter_later``), and the pages on screen
        are dropped when it arrives. A deferred model not yet shown has nothing to re-read.
        A filter still being counted is counted again (the records changed since it
        started), and ``then`` follows its own."""
        if not self._active:
            if then is not None:
                then()
            return
        counting = self._counting
        if counting is None:
            self.filter_later(self.query.filter, then)
            return
        first = counting.then

        def both() -> None:
            if first is not None:
                first()
            if then is not None:
                then()

        self.filter_later(counting.filter, both)

    def _read_now(self) -> None:
        """Count and drop every cached page on this thread."""
        if not self._active:
            return
        self.beginResetModel()
        self._pages.clear()
        self._count = self.query.count()
        self.endResetModel()

    def total(self) -> int:
        return self._count
