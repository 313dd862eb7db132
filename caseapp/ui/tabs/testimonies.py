"""Testimonies: where field staff spend their day. A lazy list filtered and sorted in SQL,
and beside it the editor: the testimony's fields and source person, its consent, its
violations and its attachments."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Select

from caseapp.models.enums import TestimonyStatus, VocabularyScheme
from caseapp.services.attachments import AttachmentService
from caseapp.services.dates import DateProblem
from caseapp.services.errors import FieldProblem, NotFound, ServiceError, ValidationError
from caseapp.services.listing.testimonies import (
    TestimonyFilter,
    TestimonyList,
    testimony_is_live,
)
from caseapp.services.listing.violations import date_filter_bounds
from caseapp.ui.formatting import consent_scopes, partial_date
from caseapp.ui.messages import tr_error
from caseapp.ui.paged_model import UID_ROLE, Column, PagedTableModel
from caseapp.ui.record_form import FieldSpec
from caseapp.ui.tabs.base import RecordTab, TabContext
from caseapp.ui.tabs.testimony_attachments import AttachmentsSection
from caseapp.ui.tabs.testimony_editor import (
    ERROR_STYLE,
    ConsentSection,
    EditorForm,
    PersonPicker,
    fit_form,
    resolve_precision,
)
from caseapp.ui.tabs.testimony_violations import ViolationsSection, precision_choices

KIND = "testimony"
# Interview languages offered in the editor: the two of the interface, then those of the
# transit and host countries. A stored code not listed here is kept as it is.
LANGUAGE_CODES = ("ko", "en", "zh", "ru", "th", "vi", "lo", "mn", "ja")
FILTER_DELAY_MS = 300  # typing pauses this long before the list is filtered


class TestimoniesTab(RecordTab):
    __test__ = False

    def __init__(
        self,
        context: TabContext,
        attachments: AttachmentService | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        # The window may hand the attachment service in; otherwise it is built from the
        # collaborators this tab already has (same store, same audit log and actor).
        self.attachment_service = attachments or AttachmentService(
            context.store, context.records.audit
        )
        self.status_labels = {
            TestimonyStatus.DRAFT.value: self.tr("draft"),
            TestimonyStatus.REVIEWED.value: self.tr("reviewed"),
            TestimonyStatus.VERIFIED.value: self.tr("verified"),
        }
        language_names = {
            "ko": self.tr("Korean"),
            "en": self.tr("English"),
            "zh": self.tr("Chinese"),
            "ru": self.tr("Russian"),
            "th": self.tr("Thai"),
            "vi": self.tr("Vietnamese"),
            "lo": self.tr("Lao"),
            "mn": self.tr("Mongolian"),
            "ja": self.tr("Japanese"),
        }
        self.language_choices = [(c, f"{language_names[c]} ({c})") for c in LANGUAGE_CODES]

        self._build_list()
        self._build_filter_bar()
        self._build_editor()
        self._lay_out()
        self._show_new()

    # -- building ------------------------------------------------------------------------------

    def _build_list(self) -> None:
        self.query = TestimonyList(self.context.store, TestimonyFilter())
        self.model = PagedTableModel(
            self.query,
            [
                Column("code", self.tr("Code")),
                Column("title", self.tr("Title")),
                Column(
                    "interview_date",
                    self.tr("Interview date"),
                    display=lambda r: partial_date(
                        r["interview_date"], r["interview_date_precision"]
                    ),
                ),
                Column("interview_place", self.tr("Place")),
                Column("language", self.tr("Language")),
                Column(
                    "status",
                    self.tr("Status"),
                    display=lambda r: self.status_labels.get(r["status"], str(r["status"])),
                ),
                Column(
                    "consent",
                    self.tr("Consent"),
                    display=lambda r: consent_scopes(
                        r["internal"], r["un"], r["public"], r["date_withdrawn"]
                    ),
                ),
                Column("violations", self.tr("Violations"), align_right=True),
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
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # Fixed starting widths: sizing columns to their contents would read every row.
        for column, width in enumerate((110, 240, 105, 75, 70, 70, 120, 65)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.layoutChanged.connect(self._order_changed)

    def _build_filter_bar(self) -> None:
        self.filter_text = QLineEdit()
        self.filter_text.setObjectName("filter_text")
        self.filter_text.setPlaceholderText(self.tr("Filter by code, title or place"))
        self.filter_text.setClearButtonEnabled(True)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.filter_text.textChanged.connect(lambda _text: self._filter_timer.start())
        self.filter_text.returnPressed.connect(self.apply_filter)

        def combo(name: str, any_label: str, choices: list[tuple[str, str]]) -> QComboBox:
            box = QComboBox()
            box.setObjectName(name)
            box.addItem(any_label, "")
            for value, label in choices:
                box.addItem(label, value)
            box.currentIndexChanged.connect(lambda _index: self.apply_filter())
            return box

        self.filter_status = combo(
            "filter_status", self.tr("Any status"), list(self.status_labels.items())
        )
        self.filter_language = combo(
            "filter_language", self.tr("Any language"), self.language_choices
        )
        self.filter_consent = combo(
            "filter_consent",
            self.tr("Any consent"),
            [
                ("internal", self.tr("Internal use")),
                ("un", self.tr("UN sharing")),
                ("public", self.tr("Publication")),
                ("none", self.tr("None given")),
                ("withdrawn", self.tr("Withdrawn")),
            ],
        )
        self.filter_from = QLineEdit()
        self.filter_from.setObjectName("filter_from")
        self.filter_from.setPlaceholderText(self.tr("From (YYYY-MM)"))
        self.filter_to = QLineEdit()
        self.filter_to.setObjectName("filter_to")
        self.filter_to.setPlaceholderText(self.tr("Until"))
        for edit in (self.filter_from, self.filter_to):
            edit.setClearButtonEnabled(True)
            edit.setMaximumWidth(130)
            # Applied when the date is complete (Enter or leaving the field), not while a
            # half-typed "201" would be an error.
            edit.editingFinished.connect(self.apply_filter)
        self.filter_message = QLabel("")
        self.filter_message.setObjectName("filter_message")
        self.filter_message.setStyleSheet(ERROR_STYLE)
        self.filter_message.setWordWrap(True)
        self.filter_message.hide()
        self.clear_filters_button = QPushButton(self.tr("Clear"))
        self.clear_filters_button.setObjectName("clear_filters_button")
        self.clear_filters_button.clicked.connect(self.clear_filters)

    def _build_editor(self) -> None:
        context = self.context
        date_hint = self.tr("YYYY, YYYY-MM or YYYY-MM-DD")
        self.form = EditorForm(
            KIND,
            [
                FieldSpec("code", self.tr("Code"), placeholder=self.tr("generated if left empty")),
                FieldSpec("title", self.tr("Title")),
                FieldSpec(
                    "interview_date", self.tr("Interview date"), "date", placeholder=date_hint
                ),
                FieldSpec(
                    "interview_date_precision",
                    self.tr("Date precision"),
                    "enum",
                    choices=precision_choices(),
                ),
                FieldSpec("interview_place", self.tr("Interview place")),
                FieldSpec("interviewer", self.tr("Interviewer")),
                FieldSpec("language", self.tr("Language"), "enum", choices=self.language_choices),
                FieldSpec(
                    "status", self.tr("Status"), "enum", choices=list(self.status_labels.items())
                ),
                FieldSpec(
                    "reliability",
                    self.tr("Source reliability"),
                    "vocab",
                    scheme=VocabularyScheme.RELIABILITY.value,
                ),
                FieldSpec("summary", self.tr("Summary"), "text"),
                FieldSpec(
                    "narrative",
                    self.tr("Narrative"),
                    "text",
                    placeholder=self.tr("The account in the source's own words"),
                ),
            ],
            context.records,
            context.vocabulary,
            context.language,
        )
        self.form.setObjectName("testimony_form")
        precision = self.form.fields["interview_date_precision"].widget
        assert isinstance(precision, QComboBox)
        precision.setItemText(0, self.tr("from the date"))
        status = self.form.fields["status"].widget
        assert isinstance(status, QComboBox)
        status.removeItem(0)  # every testimony has a status; a new one starts as a draft
        fit_form(self.form, {"summary": 80})
        narrative = self.form.fields["narrative"].widget
        assert isinstance(narrative, QPlainTextEdit)
        narrative.setMinimumHeight(170)

        self.source = PersonPicker(context.store, context.records)
        self.source.setObjectName("source_person")
        self.source.status.connect(self.status.emit)
        source_label = QLabel(self.tr("Source person"))
        source_label.setBuddy(self.source.code)
        rows: QFormLayout = self.form.form
        rows.insertRow(list(self.form.fields).index("interviewer") + 1, source_label, self.source)

        self.consent = ConsentSection(
            context.store, context.records, context.vocabulary, context.language
        )
        self.violations = ViolationsSection(
            context.store, context.records, context.vocabulary, context.language
        )
        self.violations.changed.connect(self._related_changed)
        self.violations.status.connect(self.status.emit)
        self.violations.remove_requested.connect(self._remove_violation)
        self.attachments = AttachmentsSection(context.store, self.attachment_service)
        self.attachments.changed.connect(self._related_changed)
        self.attachments.status.connect(self.status.emit)

        details = QScrollArea()
        details.setObjectName("details_page")
        details.setWidgetResizable(True)
        details.setFrameShape(QScrollArea.Shape.NoFrame)
        details.setWidget(self.form)
        self.editor_tabs = QTabWidget()
        self.editor_tabs.setObjectName("editor_tabs")
        self.editor_tabs.addTab(details, self.tr("Testimony"))
        self.editor_tabs.addTab(self.consent, self.tr("Consent"))
        self.editor_tabs.addTab(self.violations, "")
        self.editor_tabs.addTab(self.attachments, "")

        self.editor_title = QLabel("")
        self.editor_title.setObjectName("editor_title")
        self.editor_title.setWordWrap(True)
        font = self.editor_title.font()
        font.setBold(True)
        self.editor_title.setFont(font)

        self.new_button = QPushButton(self.tr("New"))
        self.new_button.setObjectName("new_button")
        self.new_button.clicked.connect(self.new_record)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("save_button")
        self.save_button.clicked.connect(self.save_record)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setObjectName("delete_button")
        self.delete_button.clicked.connect(self.delete_selected)

    def _lay_out(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(self.filter_status)
        filters.addWidget(self.filter_language)
        filters.addWidget(self.filter_consent)
        filters.addWidget(self.filter_from)
        filters.addWidget(QLabel("–"))
        filters.addWidget(self.filter_to)
        filters.addWidget(self.clear_filters_button)
        filters.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter_text)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.filter_message)
        left_layout.addWidget(self.table, 1)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.editor_title)
        right_layout.addWidget(self.editor_tabs, 1)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        right_layout.addLayout(buttons)

        splitter = QSplitter()
        splitter.setObjectName("splitter")
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([620, 380])  # proportions: the title column gets what is left
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    # -- RecordTab -----------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Testimonies")

    def new_record(self) -> None:
        if not self.confirm_discard():
            return
        self._show_new()
        self.form.fields["title"].widget.setFocus()

    def save_record(self) -> None:
        """Save the testimony, then its consent and an open violation if they changed. A new
        testimony is saved first; its consent, violations and attachments open after."""
        created = self.form.uid is None
        uid = self._save_testimony()
        if uid is None:
            return
        if created:
            self._open_sections(uid)
        saved_all = True
        if not self.consent.save():
            self.editor_tabs.setCurrentWidget(self.consent)
            saved_all = False
        elif self.violations.is_dirty() and not self.violations.save():
            self.editor_tabs.setCurrentWidget(self.violations)
            saved_all = False
        self._after_change(locate=created)
        if not saved_all:
            self.status.emit(self.tr("Testimony saved; see the message beside the field."))
        elif created and not self.table.selectionModel().hasSelection():
            self.status.emit(self.tr("Saved. The current filter hides it."))
        else:
            self.status.emit(self.tr("Saved."))

    def delete_selected(self) -> None:
        uid = self.form.uid
        if uid is None:
            self.status.emit(self.tr("Nothing to delete: this testimony was never saved."))
            return
        code = str(self.form.fields["code"].get() or "")
        self.push_delete(KIND, uid, self.tr("Delete testimony %1").replace("%1", code))

    def focus_filter(self) -> None:
        self.filter_text.setFocus()
        self.filter_text.selectAll()

    def activate(self) -> None:
        if not self.model.active:
            self.model.activate()
            self.status.emit(self.count_text())

    def refresh(self) -> None:
        self.model.refresh()
        uid = self.form.uid
        if uid is not None and not testimony_is_live(self.context.store, uid):
            self._show_new()  # deleted (or its creation undone elsewhere)
        elif uid is not None:
            self.consent.reload()
            self.violations.reload()
            self.attachments.reload()
            self._update_titles()
        self._select_uid(self.form.uid)
        if self.isVisible():  # another tab's change refreshes this one too: stay quiet then
            self.status.emit(self.count_text())

    def show_record(self, uid: str) -> None:
        if uid != self.form.uid and not self.confirm_discard():
            return
        if not testimony_is_live(self.context.store, uid):
            self.status.emit(self.tr("That testimony is deleted or does not exist."))
            return
        if self.query.position_of(uid) is None:
            self.clear_filters()  # the filter hides it: show everything
        if uid != self.form.uid:
            self._open(uid)
        self._select_uid(uid, locate=True)

    def has_unsaved_changes(self) -> bool:
        return (
            self.form.is_dirty()
            or self.source.is_dirty()
            or self.consent.is_dirty()
            or self.violations.is_dirty()
        )

    def shown_uids(self) -> Select[Any]:
        return self.query.matching_uids()

    def current_uid(self) -> str | None:
        return self.form.uid

    def count_text(self) -> str:
        return self.tr("%n testimonies", "", self.model.total())

    # -- filtering -----------------------------------------------------------------------------

    def apply_filter(self) -> None:
        """Filter the list by the bar's fields; an impossible date is shown and changes
        nothing."""
        self._filter_timer.stop()
        date_from, date_to = self.filter_from.text().strip(), self.filter_to.text().strip()
        try:
            date_filter_bounds(date_from, date_to)
        except DateProblem as exc:
            self.filter_message.setText(tr_error(exc))
            self.filter_message.show()
            return
        self.filter_message.hide()
        self.filter_message.clear()
        wanted = TestimonyFilter(
            text=self.filter_text.text().strip(),
            status=self.filter_status.currentData() or None,
            language=self.filter_language.currentData() or None,
            consent=self.filter_consent.currentData() or None,
            date_from=date_from,
            date_to=date_to,
        )
        if wanted == self.query.filter:
            return
        self.model.set_filter(wanted)
        self.table.scrollToTop()  # a new list starts at its top (and reads only that page)
        self._select_uid(self.form.uid)
        self.status.emit(self.count_text())

    def clear_filters(self) -> None:
        for edit in (self.filter_text, self.filter_from, self.filter_to):
            edit.blockSignals(True)
            edit.clear()
            edit.blockSignals(False)
        for box in (self.filter_status, self.filter_language, self.filter_consent):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self.apply_filter()

    # -- internals -----------------------------------------------------------------------------

    def _save_testimony(self) -> str | None:
        problem = self.source.problem()
        if problem is not None:
            self.editor_tabs.setCurrentIndex(0)
            self.source.code.setFocus()
            self.status.emit(problem)
            return None
        resolve_precision(self.form, "interview_date", None, "interview_date_precision")
        self.form.clear_problems()
        records = self.context.records
        uid = self.form.uid
        try:
            if uid is None:
                data = {k: v for k, v in self.form.values().items() if v not in (None, "")}
                if self.source.person_uid() is not None:
                    data["source_uid"] = self.source.person_uid()
                uid = records.create(KIND, data)
            else:
                changes = self.form.changes()
                if self.source.is_dirty():
                    changes["source_uid"] = self.source.person_uid()
                if changes:
                    records.update(KIND, uid, changes)
        except ValidationError as exc:
            self.editor_tabs.setCurrentIndex(0)
            self.form.show_problems(exc)
            self.status.emit(self.tr("Not saved: see the message beside the field."))
            return None
        except ServiceError as exc:  # deleted meanwhile, or a database constraint
            self.form.show_problems(ValidationError([FieldProblem(KIND, exc.message)]))
            self.status.emit(self.tr("Not saved."))
            return None
        self._load_testimony(uid, records.get(KIND, uid), keep_cursor=True)
        return uid

    def _load_testimony(self, uid: str | None, values: Any, keep_cursor: bool = False) -> None:
        """Show a testimony in the form. After a save the typing position in the long text
        fields is kept, so saving in the middle of a narrative does not lose one's place."""
        kept = []
        if keep_cursor:
            for name in ("summary", "narrative"):
                edit = self.form.fields[name].widget
                assert isinstance(edit, QPlainTextEdit)
                kept.append((edit, edit.textCursor().position(), edit.verticalScrollBar().value()))
        self.form.load(uid, values)
        self.source.set_person(None if values is None else values.get("source_uid"))
        for edit, position, scrolled in kept:
            cursor = edit.textCursor()
            cursor.setPosition(min(position, len(edit.toPlainText())))
            edit.setTextCursor(cursor)
            edit.verticalScrollBar().setValue(scrolled)
        self._update_titles()

    def _show_new(self) -> None:
        self.table.clearSelection()
        self._load_testimony(None, None)
        self._open_sections(None)
        self.editor_tabs.setCurrentIndex(0)

    def _open(self, uid: str) -> None:
        try:
            values = self.context.records.get(KIND, uid)
        except NotFound:
            self.refresh()
            return
        self._load_testimony(uid, values)
        self._open_sections(uid)

    def _open_sections(self, uid: str | None) -> None:
        self.consent.set_testimony(uid)
        self.violations.set_testimony(uid)
        self.attachments.set_testimony(uid)
        self._update_titles()

    def _update_titles(self) -> None:
        uid = self.form.uid
        if uid is None:
            self.editor_title.setText(self.tr("New testimony"))
        else:
            code = str(self.form.fields["code"].get() or "")
            self.editor_title.setText(code)
        self.editor_tabs.setTabText(
            2, self.tr("Violations (%1)").replace("%1", str(self.violations.count()))
        )
        self.editor_tabs.setTabText(
            3, self.tr("Attachments (%1)").replace("%1", str(self.attachments.count()))
        )

    def _after_change(self, locate: bool = False) -> None:
        """Records changed: re-read the list, keep the open testimony selected, tell the other
        tabs."""
        self.model.refresh()
        self._select_uid(self.form.uid, locate)
        self._update_titles()
        self.changed.emit()

    def _related_changed(self) -> None:
        self._after_change()
        self.status.emit(self.count_text())

    def _remove_violation(self, uid: str, description: str) -> None:
        self.push_delete("violation", uid, description)

    def _select_uid(self, uid: str | None, locate: bool = False) -> None:
        """Select the row of ``uid``, or nothing.

        Among rows already read (and the page the view is about to show) this costs no
        query. ``locate`` asks SQL for its position anywhere in the list: for an explicit
        request (another tab opens it, a new testimony is saved), since on a large list
        sorted or filtered by an unindexed column that takes a scan and reading its page."""
        row = None
        if uid is not None:
            if self.model.total() > 0:
                self.model.row_at(max(self.table.rowAt(0), 0))
            row = self.model.row_of_uid(uid)
            if row is None and locate:
                row = self.query.position_of(uid)
        if row is None:
            self.table.clearSelection()
            return
        self.table.selectRow(row)
        if locate:
            self.table.scrollTo(self.model.index(row, 0))

    def _order_changed(self) -> None:
        """A new sort order starts at the top; the open testimony stays selected if it is
        there."""
        self.table.scrollToTop()
        self._select_uid(self.form.uid)

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        uid = indexes[0].data(UID_ROLE)
        if uid is None or uid == self.form.uid:
            return
        if not self.confirm_discard():
            self._select_uid(self.form.uid)  # stay on the record being edited
            return
        self._open(str(uid))
