"""The Search tab: results of the window's search box (Ctrl+F) across testimonies and
violations, with filters, marked passages, and a click that opens the record."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from caseapp.services.errors import ValidationError
from caseapp.services.search import (
    HIT_END,
    HIT_START,
    Hit,
    SearchFilter,
    filter_from_json,
    filter_to_json,
)
from caseapp.ui.export_job import ExportJob
from caseapp.ui.messages import tr_error
from caseapp.ui.tabs.base import RecordTab, TabContext

AskName = Callable[[QWidget], str | None]


def ask_search_name(parent: QWidget) -> str | None:
    name, ok = QInputDialog.getText(
        parent,
        QCoreApplication.translate("SearchTab", "Save search"),
        QCoreApplication.translate("SearchTab", "Name of the saved search:"),
    )
    return name.strip() if ok and name.strip() else None


AnyIndex = QModelIndex | QPersistentModelIndex
# The hits a search shows (the best of both kinds).
SEARCH_LIMIT = 200
SNIPPET_COLUMN = 3
HIT_ROLE = Qt.ItemDataRole.UserRole + 1


class HitsModel(QAbstractTableModel):
    KIND, CODE, LABEL, SNIPPET = range(4)

    def __init__(
        self, headers: list[str], kind_names: dict[str, str], label_of: Any, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.headers = headers
        self.kind_names = kind_names
        self.label_of = label_of
        self.hits: list[Hit] = []

    def set_hits(self, hits: list[Hit]) -> None:
        self.beginResetModel()
        self.hits = hits
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.hits)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.hits):
            return None
        hit = self.hits[index.row()]
        if role == HIT_ROLE:
            return hit
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == self.KIND:
            return self.kind_names.get(hit.kind, hit.kind)
        if column == self.CODE:
            return hit.code
        if column == self.LABEL:
            return hit.label if hit.kind == "testimony" else self.label_of(hit.label)
        return hit.snippet.replace(HIT_START, "").replace(HIT_END, "")

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return None


def snippet_html(snippet: str) -> str:
    """Record text escaped (never markup), the hits in bold."""
    escaped = html.escape(snippet)
    return escaped.replace(HIT_START, "<b>").replace(HIT_END, "</b>")


class SnippetDelegate(QStyledItemDelegate):
    """Draws the passage with its hits in bold."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        hit = index.data(HIT_ROLE)
        if not isinstance(hit, Hit):
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        option.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setHtml(snippet_html(hit.snippet))
        document.setTextWidth(option.rect.width())
        painter.save()
        painter.translate(option.rect.topLeft())
        painter.setClipRect(option.rect.translated(-option.rect.topLeft()))
        context = QAbstractTextDocumentLayout.PaintContext()
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), int(size.height() * 2.2))


class SearchTab(RecordTab):
    # The person followed a "did you mean" link: the window's search box shows the new query.
    query_replaced = Signal(str)
    results_shown = Signal()  # the newest search's answer is on screen (tests wait for it)

    def __init__(
        self,
        context: TabContext,
        ask_name: AskName = ask_search_name,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.ask_name = ask_name
        self.service = context.search
        self.query = ""
        self._generation = 0  # which search the tab waits for; older answers are dropped
        self._jobs: set[ExportJob] = set()
        self._keeping: set[ExportJob] = set()
        vocabulary = context.vocabulary
        self.model = HitsModel(
            [self.tr("Kind"), self.tr("Code"), self.tr("Title or category"), self.tr("Passage")],
            {"testimony": self.tr("Testimony"), "violation": self.tr("Violation")},
            lambda code: vocabulary.label("violation_category", code, context.language),
            self,
        )
        self.kind = QComboBox()
        self.kind.setObjectName("search_kind")
        self.kind.addItem(self.tr("Testimonies and violations"), "both")
        self.kind.addItem(self.tr("Testimonies"), "testimony")
        self.kind.addItem(self.tr("Violations"), "violation")
        self.category = self._vocab_combo("violation_category", self.tr("Any category"))
        self.province = self._vocab_combo("province", self.tr("Any place"))
        self.language = QComboBox()
        self.language.addItem(self.tr("Any language"), "")
        self.language.addItem("한국어 (ko)", "ko")
        self.language.addItem("English (en)", "en")
        self.date_from = QLineEdit()
        self.date_from.setPlaceholderText(self.tr("From (YYYY-MM)"))
        self.date_to = QLineEdit()
        self.date_to.setPlaceholderText(self.tr("Until"))
        for combo in (self.kind, self.category, self.province, self.language):
            combo.currentIndexChanged.connect(self.run)
        for line in (self.date_from, self.date_to):
            line.setAccessibleName(line.placeholderText())
            line.setMinimumWidth(line.fontMetrics().horizontalAdvance(line.placeholderText()) + 24)
            line.editingFinished.connect(self.run)
        self.message = QLabel("")
        self.message.setObjectName("search_message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.message.linkActivated.connect(self._follow_suggestion)
        self.suggestion = ""
        self.table = QTableView()
        self.table.setObjectName("search_results")
        self.table.setAccessibleName(self.tr("Search results"))
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(SNIPPET_COLUMN, SnippetDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(SNIPPET_COLUMN, QHeaderView.ResizeMode.Stretch)
        # Kind and code as wide as they are (a code cut to "DEMO-2016-…" names nothing); at
        # most 200 hits, so measuring them costs nothing.
        for column in (0, 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(2, 320)
        # A click (or the arrow keys) selects a hit and shows it below; Enter, a double-click
        # or Open opens its record.
        self.table.activated.connect(self.open_hit)
        self.table.doubleClicked.connect(self.open_hit)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.preview = QTextBrowser()
        self.preview.setObjectName("search_preview")
        self.preview.setAccessibleName(self.tr("Selected result"))
        self.preview.setOpenLinks(False)
        self.preview.setMaximumHeight(140)
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.setObjectName("open_hit")
        self.open_button.setToolTip(self.tr("Open the selected result (Enter or double-click)"))
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(lambda: self.open_hit(self.table.currentIndex()))
        self.saved = QComboBox()
        self.saved.setObjectName("saved_searches")
        self.saved.activated.connect(self._open_saved)
        self.save_button = QPushButton(self.tr("Save search…"))
        self.save_button.setObjectName("save_search")
        self.save_button.clicked.connect(self.save_search)
        self._fill_saved()
        saved_row = QHBoxLayout()
        saved_row.addWidget(self.saved)
        saved_row.addWidget(self.save_button)
        saved_row.addStretch(1)
        filters = QHBoxLayout()
        for widget in (
            self.kind,
            self.category,
            self.province,
            self.language,
            self.date_from,
            QLabel("–"),
            self.date_to,
        ):
            filters.addWidget(widget)
        filters.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(saved_row)
        layout.addLayout(filters)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        shown = QHBoxLayout()
        shown.addWidget(self.preview, 1)
        shown.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(shown)
        self.model.modelReset.connect(lambda: self._show_current(QModelIndex()))
        self._show_current(QModelIndex())

    def _vocab_combo(self, scheme: str, anything: str) -> QComboBox:
        combo = QComboBox()
        combo.addItem(anything, "")
        for term in self.context.vocabulary.terms(scheme):
            indent = "    " if term.parent_code else ""
            combo.addItem(indent + term.label(self.context.language), term.code)
        return combo

    def title(self) -> str:
        return self.tr("Search")

    def count_text(self) -> str:
        return self.tr("%n result(s)", "", self.model.rowCount())

    def focus_filter(self) -> None:
        """The results take the focus, the first one selected (and shown) if none is."""
        self.table.setFocus()
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def refresh(self) -> None:
        if self.query:
            self.run()

    def search(self, query: str) -> None:
        self.query = query
        self.run()

    def current_filter(self) -> SearchFilter:
        kind = self.kind.currentData()
        kinds = ("testimony", "violation") if kind == "both" else (str(kind),)
        return SearchFilter(
            kinds=kinds,
            category=self.category.currentData() or None,
            province=self.province.currentData() or None,
            language=self.language.currentData() or None,
            date_from=self.date_from.text().strip() or None,
            date_to=self.date_to.text().strip() or None,
        )

    def run(self) -> None:
        """Search on a worker thread (200 hits with their passages take tens of
        milliseconds at 100,000 testimonies, more on a large archive or a server); the
        newest search's answer is shown, an older one still under way is dropped."""
        self._generation += 1
        if not self.query.strip():
            self.model.set_hits([])
            self.message.clear()
            self.results_shown.emit()
            return
        generation, query, flt, service = (
            self._generation,
            self.query,
            self.current_filter(),
            self.service,
        )

        def work(_report: Callable[[int, int], None], _cancelled: Callable[[], bool]) -> object:
            hits = service.search(query, flt, limit=SEARCH_LIMIT)
            # A search that found nothing looks for the archive's nearest word there too.
            return hits, ("" if hits else service.suggest(query, flt) or "")

        job = ExportJob(work)
        job.finished.connect(lambda answer: self._answered(generation, job, answer))
        job.failed.connect(lambda problem: self._refused(generation, job, problem))
        self._jobs.add(job)  # kept alive until it answers
        self.message.setText(html.escape(self.tr("Searching…")))
        job.start()

    @property
    def searching(self) -> bool:
        return bool(self._jobs)

    def _answered(self, generation: int, job: ExportJob, answer: object) -> None:
        self._jobs.discard(job)
        if generation != self._generation:
            return  # a newer search was asked for meanwhile
        assert isinstance(answer, tuple)
        hits: list[Hit] = answer[0]
        suggestion: str = answer[1]
        self.message.clear()
        self.model.set_hits(hits)
        self.table.resizeRowsToContents()
        if not hits:
            self._say_nothing_found(suggestion)
        self.counted.emit()
        self.results_shown.emit()
        if len(hits) >= SEARCH_LIMIT:
            self._keep_lists(self.query)

    def _keep_lists(self, query: str) -> None:
        """After the answer is shown: a common word's next search reads its best hits first
        (SearchService.keep_lists), the list made here in the background, once."""
        service = self.service

        def work(_report: Callable[[int, int], None], _cancelled: Callable[[], bool]) -> object:
            return service.keep_lists(query)

        job = ExportJob(work)
        job.finished.connect(lambda _made: self._keeping.discard(job))
        job.failed.connect(lambda _problem: self._keeping.discard(job))
        self._keeping.add(job)  # kept alive until it ends
        job.start()

    @property
    def keeping_lists(self) -> bool:
        return bool(self._keeping)

    def _refused(self, generation: int, job: ExportJob, problem: str) -> None:
        self._jobs.discard(job)
        if generation != self._generation:
            return
        self.model.set_hits([])
        self.message.setText(html.escape(problem))  # a malformed query, said why
        self.counted.emit()
        self.results_shown.emit()

    def _say_nothing_found(self, suggestion: str) -> None:
        self.suggestion = suggestion
        if self.suggestion:
            link = f'<a href="suggestion">{html.escape(self.suggestion)}</a>'
            self.message.setText(
                html.escape(self.tr("Nothing found. Did you mean %1?")).replace("%1", link)
            )
        else:
            self.message.setText(
                html.escape(
                    self.tr("Nothing found. Try another spelling, fewer words or fewer filters.")
                )
            )

    def _follow_suggestion(self, _link: str) -> None:
        if self.suggestion:
            query = self.suggestion
            self.query_replaced.emit(query)
            self.search(query)

    # -- saved searches (kept in the encrypted database, audited like any record) ----------

    def _fill_saved(self) -> None:
        self.saved.clear()
        self.saved.addItem(self.tr("Saved searches…"), "")
        for uid, name in self.context.listings.saved_searches():
            self.saved.addItem(name, uid)

    def save_search(self) -> None:
        if not self.query.strip():
            self.message.setText(html.escape(self.tr("Search for something first, then save it.")))
            return
        name = self.ask_name(self)
        if not name:
            return
        try:
            self.context.records.create(
                "saved_search",
                {
                    "name": name,
                    "query": self.query,
                    "filters": filter_to_json(self.current_filter()),
                },
            )
        except ValidationError as exc:
            self.message.setText(html.escape(tr_error(exc)))
            return
        self._fill_saved()
        self.status.emit(self.tr("Search saved."))

    def _open_saved(self, index: int) -> None:
        uid = self.saved.itemData(index)
        if not uid:
            return
        record = self.context.records.get("saved_search", str(uid))
        flt = filter_from_json(record["filters"])
        kind = "both" if len(flt.kinds) > 1 else flt.kinds[0]
        combos = (
            (self.kind, kind),
            (self.category, flt.category or ""),
            (self.province, flt.province or ""),
            (self.language, flt.language or ""),
        )
        for combo, value in combos:
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(value), 0))
            combo.blockSignals(False)
        self.date_from.setText(flt.date_from or "")
        self.date_to.setText(flt.date_to or "")
        self.search(str(record["query"]))

    def _show_current(self, index: AnyIndex, _previous: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        """The selected hit in full: its code, kind, title or category and passage."""
        hit = self.model.index(index.row(), 0).data(HIT_ROLE) if index.isValid() else None
        self.open_button.setEnabled(isinstance(hit, Hit))
        if not isinstance(hit, Hit):
            self.preview.setHtml(
                html.escape(self.tr("Select a result to see it here; Enter opens it."))
                if self.model.rowCount()
                else ""
            )
            return
        kind = self.model.index(index.row(), HitsModel.KIND).data()
        label = self.model.index(index.row(), HitsModel.LABEL).data() or ""
        self.preview.setHtml(
            f"<p><b>{html.escape(hit.code)}</b> · {html.escape(str(kind))}"
            f" · {html.escape(str(label))}</p><p>{snippet_html(hit.snippet)}</p>"
        )

    def open_hit(self, index: AnyIndex) -> None:
        hit = index.data(HIT_ROLE) if index.isValid() else None
        if hit is None:
            hit = self.model.index(index.row(), 0).data(HIT_ROLE)
        if isinstance(hit, Hit):
            self.open_record.emit(hit.kind, hit.uid)
