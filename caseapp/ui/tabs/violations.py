"""Violations: the tabulation by category (violation_categories.py) and the list of single
violations with filters, an editor, and a way to the testimony each one comes from."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from caseapp.models.enums import VocabularyScheme
from caseapp.services.listing.base import ListQuery, Row
from caseapp.services.listing.violations import ViolationFilter
from caseapp.ui.export_job import ExportJob
from caseapp.ui.formatting import partial_date
from caseapp.ui.forms import resolve_precision, violation_form
from caseapp.ui.messages import ERROR_STYLE
from caseapp.ui.paged_model import Column
from caseapp.ui.tabs.base import TabContext
from caseapp.ui.tabs.filter_bar import FilterBar
from caseapp.ui.tabs.list_editor import ListEditorTab, scrolled
from caseapp.ui.tabs.violation_categories import CategoryPage

S = VocabularyScheme


class ViolationsTab(ListEditorTab):
    KIND = "violation"
    STATE_KEY = "violations"
    SORT = (2, Qt.SortOrder.DescendingOrder)
    SIZES = (900, 600)
    FILTER_COLUMNS = 3
    TABLE_PAGE, LIST_PAGE = 0, 1
    table_shown = Signal()  # a new reading of the tabulation is on screen (tests wait for it)

    def __init__(self, context: TabContext, parent: QWidget | None = None) -> None:
        self._exact_category: str | None = None  # set when a tabulation row was chosen
        # Set by a dashboard bar (show_filtered): exactly this province, not its children;
        # only violations dated within this year (the From and Until boxes show it).
        self._exact_province: str | None = None
        self._year: str | None = None
        self._testimony_uid: str | None = None  # of the violation in the editor
        self._table_stale = True
        self._tabulation = 0  # which reading of the tabulation the tab waits for
        self._tabulating: set[ExportJob] = set()
        super().__init__(context, parent)
        self.show_table_view()

    # -- the list --------------------------------------------------------------------------------

    def make_query(self) -> ListQuery[Any]:
        return self.context.listings.violations()

    def columns(self) -> list[Column]:
        def coded(
            key: str, header: str, scheme: VocabularyScheme, sortable: bool = False
        ) -> Column:
            """A column of vocabulary codes, shown by their label in the interface language.
            Sorted only by category: the others may be empty and have no index to sort by
            (services/listing/violations.py); the filters above find their values."""
            return Column(
                key, header, display=lambda r: self._label(scheme, r[key]), sortable=sortable
            )

        return [
            Column("testimony_code", self.tr("Testimony")),
            coded("category", self.tr("Violation category"), S.VIOLATION_CATEGORY, True),
            Column(
                "date_start",
                self.tr("Date"),
                display=lambda r: partial_date(r["date_start"], r["date_precision"], r["date_end"]),
            ),
            Column("province", self.tr("Province / place"), display=self._place, sortable=False),
            coded("perpetrator", self.tr("Perpetrator"), S.PERPETRATOR),
            Column("reported_impact", self.tr("Reported impact"), sortable=False),
            coded("un_mechanism", self.tr("UN mechanism"), S.UN_MECHANISM),
            coded("un_response_status", self.tr("UN response"), S.UN_RESPONSE_STATUS),
            coded("verification_status", self.tr("Verification"), S.VERIFICATION_STATUS),
        ]

    def size_columns(self, header: QHeaderView) -> None:
        header.setStretchLastSection(True)
        for column, width in enumerate((120, 190, 140, 230, 190, 220, 170, 150, 120)):
            header.resizeSection(column, width)

    def filter_placeholder(self) -> str:
        return self.tr("Search place or reported impact")

    def build_filters(self, bar: FilterBar) -> None:
        def vocabulary(name: str, anything: str, scheme: VocabularyScheme) -> QComboBox:
            return bar.add_vocabulary_combo(
                name, anything, self.context.vocabulary, scheme.value, self.context.language
            )

        self.filter_category = vocabulary(
            "filter_category", self.tr("All categories"), S.VIOLATION_CATEGORY
        )
        self.filter_province = vocabulary(
            "filter_province", self.tr("All provinces and countries"), S.PROVINCE
        )
        self.filter_perpetrator = vocabulary(
            "filter_perpetrator", self.tr("All perpetrators"), S.PERPETRATOR
        )
        self.filter_un_status = vocabulary(
            "filter_un_response_status", self.tr("Any UN response"), S.UN_RESPONSE_STATUS
        )
        self.filter_verification = vocabulary(
            "filter_verification_status", self.tr("Any verification"), S.VERIFICATION_STATUS
        )
        self.filter_from, self.filter_to = bar.add_dates(
            self.tr(
                "YYYY, YYYY-MM or YYYY-MM-DD. A violation is listed when its date or "
                "date range overlaps these dates."
            )
        )

    def current_filter(self) -> ViolationFilter:
        def chosen(combo: QComboBox) -> str | None:
            return str(combo.currentData()) or None

        category = chosen(self.filter_category)
        if self._exact_category != category:
            self._exact_category = None  # another category was picked since
        province = chosen(self.filter_province)
        if self._exact_province != province:
            self._exact_province = None
        date_from, date_to = self.filter_bar.dates()
        if (date_from, date_to) != (self._year, self._year):
            self._year = None  # the dates were edited since
        return ViolationFilter(
            category=category,
            subcategories=self._exact_category is None,
            province=province,
            subprovinces=self._exact_province is None,
            year=self._year,
            perpetrator=chosen(self.filter_perpetrator),
            un_response_status=chosen(self.filter_un_status),
            verification_status=chosen(self.filter_verification),
            text=self.filter_text.text(),
            date_from=date_from,
            date_to=date_to,
        )

    def clear_filters(self, wait: bool = False) -> None:
        self._exact_category = None
        self._exact_province = None
        self._year = None
        super().clear_filters(wait)

    def show_filtered(
        self,
        category: str | None = None,
        province: str | None = None,
        un_response_status: str | None = None,
        year: str | None = None,
    ) -> None:
        """List exactly the violations of one dashboard bar: a category or a province (not
        its children), a UN response, or a year (violations dated within it)."""
        self.filter_bar.clear(apply=False)
        for combo, value in (
            (self.filter_category, category),
            (self.filter_province, province),
            (self.filter_un_status, un_response_status),
        ):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(value), 0) if value else 0)
            combo.blockSignals(False)
        self._exact_category = category
        self._exact_province = province
        self._year = year
        if year and self.filter_from is not None and self.filter_to is not None:
            for edit in (self.filter_from, self.filter_to):
                edit.blockSignals(True)
                edit.setText(year)
                edit.blockSignals(False)
        self.apply_filter()
        self.show_list_view()

    def list_category(self, code: str) -> None:
        """List exactly the violations of one tabulation row (not its subcategories)."""
        self.filter_bar.clear(apply=False)
        self.filter_category.blockSignals(True)
        self.filter_category.setCurrentIndex(max(self.filter_category.findData(code), 0))
        self.filter_category.blockSignals(False)
        self._exact_category = code
        self.apply_filter()
        self.show_list_view()

    # -- the editor ------------------------------------------------------------------------------

    def build_editor(self) -> QWidget:
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
        context = self.context
        self.form = violation_form(context.records, context.vocabulary, context.language)

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
        return scrolled(body)

    def show_in_editor(self, uid: str | None, values: dict[str, Any] | None) -> None:
        """A violation stays with its testimony: the code is typed for a new one, shown (not
        edited) for a saved one."""
        super().show_in_editor(uid, values)
        self._set_testimony_problem("")
        self.form.fixed = {}
        self._testimony_uid = None if values is None else values.get("testimony_uid")
        code = self.context.listings.testimony_code(self._testimony_uid or "")
        self.testimony_code_edit.setText("" if uid is None else code or "")
        self.testimony_code_edit.setReadOnly(uid is not None)
        self.testimony_code_edit.setFrame(uid is None)
        self.open_testimony_button.setEnabled(self._testimony_uid is not None)

    def save_editor(self) -> str | None:
        if self.form.uid is None:
            code = self.testimony_code_edit.text().strip()
            self._set_testimony_problem("")
            if not code:
                self._set_testimony_problem(
                    self.tr("Type the code of the testimony this violation belongs to.")
                )
                return None
            testimony = self.context.listings.testimony_uid_by_code(code)
            if testimony is None:
                self._set_testimony_problem(
                    self.tr("No testimony has the code %1.").replace("%1", code)
                )
                return None
            self.form.fixed = {"testimony_uid": testimony}
        resolve_precision(self.form, "date_start", "date_end", "date_precision")
        return self.form.save()

    def after_save(self, uid: str, created: bool) -> None:
        if created:
            self.show_in_editor(uid, self.context.records.get(self.KIND, uid))
        self._table_stale = True
        super().after_save(uid, created)

    def _set_testimony_problem(self, text: str) -> None:
        self.testimony_code_error.setText(text)
        self.testimony_code_error.setVisible(bool(text))
        if text:
            self.testimony_code_edit.setFocus()

    def open_testimony(self) -> None:
        """Ask the window to show the testimony this violation comes from."""
        if self._testimony_uid is not None:
            self.open_record.emit("testimony", self._testimony_uid)

    # -- the two views ---------------------------------------------------------------------------

    def frame(self, splitter: QSplitter) -> QWidget:
        self.categories = CategoryPage(self.context.vocabulary, self.context.language)
        self.categories.category_chosen.connect(self.list_category)
        self.category_model = self.categories.model
        self.category_proxy = self.categories.proxy
        self.category_table = self.categories.table
        self.table_view_button = QPushButton(self.tr("By category"))
        self.table_view_button.setObjectName("table_view_button")
        self.list_view_button = QPushButton(self.tr("List of violations"))
        self.list_view_button.setObjectName("list_view_button")
        self.view_buttons = QButtonGroup(self)
        self.view_buttons.setExclusive(True)
        switch = QHBoxLayout()
        switch.setSpacing(0)
        for page, button in (
            (self.TABLE_PAGE, self.table_view_button),
            (self.LIST_PAGE, self.list_view_button),
        ):
            button.setCheckable(True)
            self.view_buttons.addButton(button, page)
            switch.addWidget(button)
        switch.addStretch(1)
        self.view_buttons.idClicked.connect(self._show_page)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.categories)
        self.pages.addWidget(splitter)
        framed = QWidget()
        layout = QVBoxLayout(framed)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(switch)
        layout.addWidget(self.pages)
        return framed

    def show_table_view(self) -> None:
        self._show_page(self.TABLE_PAGE)

    def show_list_view(self) -> None:
        self._show_page(self.LIST_PAGE)

    def _show_page(self, page: int) -> None:
        self.view_buttons.button(page).setChecked(True)
        self.pages.setCurrentIndex(page)
        if page == self.TABLE_PAGE and self._table_stale and self.model.active:
            self._reload_table()
        self.counted.emit()

    def _reload_table(self) -> None:
        """The tabulation reads every live violation, so it is read only when shown, on a
        worker thread (150 ms at 300,000 violations, seconds at millions), and kept by the
        service until a record changes. The rows shown stay until the new ones arrive; of
        two readings under way, the newer is shown."""
        self._table_stale = False
        self._tabulation += 1
        generation, listings = self._tabulation, self.context.listings

        def work(_report: Callable[[int, int], None], _cancelled: Callable[[], bool]) -> object:
            return listings.category_table()

        job = ExportJob(work)
        job.finished.connect(lambda rows: self._tabulated(generation, job, rows))
        job.failed.connect(lambda _problem: self._tabulated(generation, job, None))
        self._tabulating.add(job)  # kept alive until it answers
        job.start()

    @property
    def tabulating(self) -> bool:
        return bool(self._tabulating)

    def _tabulated(self, generation: int, job: ExportJob, rows: object) -> None:
        self._tabulating.discard(job)
        if generation != self._tabulation:
            return  # a newer reading was asked for meanwhile
        if not isinstance(rows, list):
            self._table_stale = True  # read again when next shown
            return
        self.category_model.set_rows(rows)
        if self.pages.currentIndex() == self.TABLE_PAGE:
            self.counted.emit()
        self.table_shown.emit()

    # -- RecordTab -------------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Violations")

    def new_record(self) -> None:
        """Creating violations belongs in the testimony editor; here a violation is added to
        the testimony whose code is typed in the editor."""
        if not self.confirm_discard():
            return
        self.show_list_view()
        self.table.clearSelection()
        self.show_in_editor(None, None)
        self.testimony_code_edit.setFocus()

    def delete_selected(self) -> None:
        if self.pages.currentIndex() == self.LIST_PAGE:  # never a record the user cannot see
            super().delete_selected()

    def focus_filter(self) -> None:
        self.show_list_view()
        super().focus_filter()

    def activate(self) -> None:
        if self.model.active:
            return
        super().activate()
        if self.pages.currentIndex() == self.TABLE_PAGE and self._table_stale:
            self._reload_table()
        self.counted.emit()

    def refresh(self) -> None:
        self._table_stale = True
        if self.pages.currentIndex() == self.TABLE_PAGE and self.model.active:
            self._reload_table()
        super().refresh()

    def show_record(self, uid: str) -> None:
        self.show_list_view()
        super().show_record(uid)

    def has_unsaved_changes(self) -> bool:
        if self.form.uid is None and self.testimony_code_edit.text().strip():
            return True
        return self.form.is_dirty()

    def count_text(self) -> str:
        if self.pages.currentIndex() == self.TABLE_PAGE:
            return self.tr("%n violation(s)", "", self.category_model.total_violations())
        return self.tr("%n violation(s)", "", self.model.total())

    def delete_text(self) -> str:
        return self.tr("Delete violation")

    # -- display helpers -------------------------------------------------------------------------

    def _label(self, scheme: VocabularyScheme, code: str | None) -> str:
        return self.context.vocabulary.label(scheme.value, code, self.context.language)

    def _place(self, row: Row) -> str:
        province = self._label(S.PROVINCE, row["province"])
        return " — ".join(part for part in (province, row["place"]) if part)
