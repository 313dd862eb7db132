"""Testimonies: where field staff spend their day. A lazy list filtered and sorted in SQL,
and beside it the editor: the testimony's fields and source person, its consent, its
violations and its attachments."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from caseapp.services.errors import FieldProblem, NotFound, ServiceError, ValidationError
from caseapp.services.listing.base import ListQuery
from caseapp.services.listing.testimonies import TestimonyFilter
from caseapp.ui.formatting import consent_scopes, partial_date
from caseapp.ui.forms import EditorForm, RecordFields, fit_form, resolve_precision
from caseapp.ui.paged_model import Column
from caseapp.ui.tabs.base import TabContext
from caseapp.ui.tabs.filter_bar import FilterBar
from caseapp.ui.tabs.list_editor import ListEditorTab, scrolled
from caseapp.ui.tabs.testimony_attachments import AttachmentsSection
from caseapp.ui.tabs.testimony_editor import ConsentSection, PersonPicker
from caseapp.ui.tabs.testimony_violations import ViolationsSection


class TestimoniesTab(ListEditorTab):
    __test__ = False
    KIND = "testimony"
    STATE_KEY = "testimonies"
    SORT = (2, Qt.SortOrder.DescendingOrder)
    FIRST_FIELD = "title"

    def __init__(self, context: TabContext, parent: QWidget | None = None) -> None:
        fields = RecordFields()
        self.status_labels = dict(fields.testimony_statuses())
        self.language_choices = fields.interview_languages()
        super().__init__(context, parent)
        self.clear_filters_button = self.filter_bar.clear_button

    # -- the list --------------------------------------------------------------------------------

    def make_query(self) -> ListQuery[Any]:
        return self.context.listings.testimonies()

    def columns(self) -> list[Column]:
        return [
            Column("code", self.tr("Code")),
            Column("title", self.tr("Title")),
            Column(
                "interview_date",
                self.tr("Interview date"),
                display=lambda r: partial_date(r["interview_date"], r["interview_date_precision"]),
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
        ]

    def size_columns(self, header: QHeaderView) -> None:
        # Fixed starting widths: sizing columns to their contents would read every row. The
        # title keeps its width on a small screen (stretched, it was squeezed to "…" at
        # 1024×600) and the columns after it scroll; on a wide one the last column fills.
        for column, width in enumerate((110, 240, 105, 75, 70, 70, 120, 65)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)

    def filter_placeholder(self) -> str:
        return self.tr("Filter by code, title or place")

    def build_filters(self, bar: FilterBar) -> None:
        self.filter_status = bar.add_combo(
            "filter_status", self.tr("Any status"), list(self.status_labels.items())
        )
        self.filter_language = bar.add_combo(
            "filter_language", self.tr("Any language"), self.language_choices
        )
        self.filter_consent = bar.add_combo(
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
        self.filter_from, self.filter_to = bar.add_dates()

    def show_filtered(self, consent: str | None = None) -> None:
        """List the testimonies of one dashboard bar (a consent state)."""
        self.filter_bar.clear(apply=False)
        self.filter_consent.blockSignals(True)
        self.filter_consent.setCurrentIndex(max(self.filter_consent.findData(consent or ""), 0))
        self.filter_consent.blockSignals(False)
        self.apply_filter()

    def current_filter(self) -> TestimonyFilter:
        date_from, date_to = self.filter_bar.dates()
        return TestimonyFilter(
            text=self.filter_bar.search_text(),
            status=self.filter_status.currentData() or None,
            language=self.filter_language.currentData() or None,
            consent=self.filter_consent.currentData() or None,
            date_from=date_from,
            date_to=date_to,
        )

    # -- the editor ------------------------------------------------------------------------------

    def build_editor(self) -> QWidget:
        context = self.context
        fields = RecordFields()
        self.form = EditorForm(
            self.KIND, fields.testimony(), context.records, context.vocabulary, context.language
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

        self.source = PersonPicker(context.listings, context.records, access=context.access)
        self.source.setObjectName("source_person")
        self.source.status.connect(self.status.emit)
        source_label = QLabel(self.tr("Source person"))
        source_label.setBuddy(self.source.code)
        rows: QFormLayout = self.form.form
        rows.insertRow(list(self.form.fields).index("interviewer") + 1, source_label, self.source)
        self.form.follow_rows_in_tab_order()

        self.consent = ConsentSection(context)
        self.violations = ViolationsSection(context)
        self.violations.changed.connect(self._related_changed)
        self.violations.status.connect(self.status.emit)
        self.violations.remove_requested.connect(
            lambda uid, text: self.push_delete("violation", uid, text)
        )
        self.attachments = AttachmentsSection(context.listings, context.attachments)
        self.attachments.changed.connect(self._related_changed)
        self.attachments.status.connect(self.status.emit)

        details = scrolled(self.form)
        details.setObjectName("details_page")
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
        editor = QWidget()
        layout = QVBoxLayout(editor)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor_title)
        layout.addWidget(self.editor_tabs, 1)
        return editor

    def show_in_editor(self, uid: str | None, values: dict[str, Any] | None) -> None:
        super().show_in_editor(uid, values)
        self.source.set_person(None if values is None else values.get("source_uid"))
        self._open_sections(uid)
        self.consent.form.set_read_only(not self.editable)
        if uid is None:
            self.editor_tabs.setCurrentIndex(0)

    def set_editable(self, editable: bool) -> None:
        super().set_editable(editable)
        self.source.code.setReadOnly(not editable)
        self.source.new_button.setEnabled(editable)

    def reload_editor(self, uid: str, values: dict[str, Any]) -> None:
        """Its consent, violations and attachments may have changed (an undo): each
        re-reads unless the user is editing it."""
        self.consent.reload()
        self.violations.reload()
        self.attachments.reload()
        self._update_titles()

    def save_editor(self) -> str | None:
        """Save the testimony (its consent and an open violation follow in ``after_save``).
        A new testimony is saved first; its consent, violations and attachments open after."""
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
                uid = records.create(self.KIND, data)
            else:
                changes = self.form.changes()
                if self.source.is_dirty():
                    changes["source_uid"] = self.source.person_uid()
                if changes:
                    records.update(self.KIND, uid, changes, expected=self.form.version)
        except ValidationError as exc:
            self.editor_tabs.setCurrentIndex(0)
            self.form.show_problems(exc)
            self.status.emit(self.tr("Not saved: see the message beside the field."))
            return None
        except NotFound:
            raise  # deleted meanwhile: the tab says so
        except ServiceError as exc:  # a database constraint
            self.form.show_problems(ValidationError([FieldProblem(self.KIND, exc.message)]))
            self.status.emit(self.tr("Not saved."))
            return None
        self._load_testimony(uid, records.get(self.KIND, uid))
        return uid

    def after_save(self, uid: str, created: bool) -> None:
        if created:
            self._open_sections(uid)
        saved_all = True
        if not self.consent.save():
            self.editor_tabs.setCurrentWidget(self.consent)
            saved_all = False
        elif self.violations.is_dirty() and not self.violations.save():
            self.editor_tabs.setCurrentWidget(self.violations)
            saved_all = False
        super().after_save(uid, created)
        self._update_titles()
        if not saved_all:
            self.status.emit(self.tr("Testimony saved; see the message beside the field."))

    def _load_testimony(self, uid: str, values: dict[str, Any]) -> None:
        """Show the saved testimony again. The typing position in the long text fields is
        kept, so saving in the middle of a narrative does not lose one's place."""
        kept = []
        for name in ("summary", "narrative"):
            edit = self.form.fields[name].widget
            assert isinstance(edit, QPlainTextEdit)
            kept.append((edit, edit.textCursor().position(), edit.verticalScrollBar().value()))
        self.form.load(uid, values)
        self.source.set_person(values.get("source_uid"))
        for edit, position, scroll_value in kept:
            cursor = edit.textCursor()
            cursor.setPosition(min(position, len(edit.toPlainText())))
            edit.setTextCursor(cursor)
            edit.verticalScrollBar().setValue(scroll_value)
        self._update_titles()

    def _open_sections(self, uid: str | None) -> None:
        self.consent.set_testimony(uid)
        self.violations.set_testimony(uid)
        self.attachments.set_testimony(uid)
        self._update_titles()

    def _update_titles(self) -> None:
        if self.form.uid is None:
            self.editor_title.setText(self.tr("New testimony"))
        else:
            self.editor_title.setText(str(self.form.fields["code"].get() or ""))
        self.editor_tabs.setTabText(
            2, self.tr("Violations (%1)").replace("%1", str(self.violations.count()))
        )
        self.editor_tabs.setTabText(
            3, self.tr("Attachments (%1)").replace("%1", str(self.attachments.count()))
        )

    def _related_changed(self) -> None:
        """A violation or attachment was saved in place: re-read the list (its counts), keep
        the testimony selected, tell the other tabs."""
        self._update_titles()
        self.model.refresh(then=self._refreshed)
        self.changed.emit()

    # -- RecordTab -------------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Testimonies")

    def delete_text(self) -> str:
        code = str(self.form.fields["code"].get() or "")
        return self.tr("Delete testimony %1").replace("%1", code)

    def has_unsaved_changes(self) -> bool:
        return (
            self.form.is_dirty()
            or self.source.is_dirty()
            or self.consent.is_dirty()
            or self.violations.is_dirty()
        )

    def count_text(self) -> str:
        return self.tr("%n testimonies", "", self.model.total())
