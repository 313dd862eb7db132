"""The shape every record tab shares: a lazy list with its filter bar beside an editor of one
record, and the behaviour a user expects the same in each of them.

- Choosing another row while the editor has unsaved changes asks (through the injected
  ``ask_discard``); Cancel keeps the record being edited, and its row, selected.
- Saving a record that was deleted meanwhile (an undo in another tab, the command line) says
  so, keeps what was typed, and re-reads the list.
- Typing in the filter waits for a pause; one query runs, not one per key.
- The splitter and the table's columns are kept per tab in the settings the window hands in.

A tab says only what is particular to its record kind: its query and columns, its filters,
its editor, and anything its records carry besides the form."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Select

from caseapp.services.access import Right, role_message
from caseapp.services.dates import DateProblem
from caseapp.services.errors import NotFound
from caseapp.services.listing.base import ListQuery
from caseapp.services.listing.violations import date_filter_bounds
from caseapp.ui.audit_dialog import AuditDialog
from caseapp.ui.messages import ERROR_STYLE, tr_error, tr_message
from caseapp.ui.paged_model import UID_ROLE, Column, PagedTableModel
from caseapp.ui.record_form import RecordForm
from caseapp.ui.sort_arrow import SortArrow
from caseapp.ui.tabs.base import RecordTab, TabContext
from caseapp.ui.tabs.filter_bar import FilterBar

SCAN_LIMIT = 500  # a list this short is looked through to find a record's row


def scrolled(widget: QWidget) -> QScrollArea:
    """An editor in a scroll area that keeps it as wide as its column (a form taller than
    the window scrolls; a long label never widens it)."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(widget)
    return scroll


def fit_headers(header: QHeaderView) -> None:
    """Widen a column whose starting width would cut its own title, the sort arrow's room
    included ("nterview date" in English, longer titles in Korean)."""
    model = header.model()
    if model is None:
        return
    metrics = header.fontMetrics()
    room = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize) + 24
    for column in range(model.columnCount()):
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        wanted = metrics.horizontalAdvance(title) + room
        if header.sectionSize(column) < wanted:
            header.resizeSection(column, wanted)


class ListEditorTab(RecordTab):
    KIND: ClassVar[str] = ""  # the record kind the editor saves
    STATE_KEY: ClassVar[str] = ""  # the settings group of the tab's layout
    SORT: ClassVar[tuple[int, Qt.SortOrder]] = (0, Qt.SortOrder.AscendingOrder)
    ORIENTATION: ClassVar[Qt.Orientation] = Qt.Orientation.Horizontal
    SIZES: ClassVar[tuple[int, int]] = (620, 380)  # proportions of list and editor
    FILTER_COLUMNS: ClassVar[int] = 4
    FIRST_FIELD: ClassVar[str] = ""  # where the cursor goes in a new record

    form: RecordForm

    def __init__(self, context: TabContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.query = self.make_query()
        self.model = PagedTableModel(
            self.query, self.columns(), parent=self, deferred=context.defer_loading
        )
        self.model.count_failed.connect(
            lambda: self.status.emit(
                self.tr("The list could not be read again; it shows the records as they were.")
            )
        )
        self.table = QTableView()
        self.table.setObjectName("table")
        self.table.setAccessibleName(self.title())
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(*self.SORT)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.size_columns(self.table.horizontalHeader())
        fit_headers(self.table.horizontalHeader())
        self.sort_arrow = SortArrow(self.table, self.model, self.SORT)

        self.filter_bar = FilterBar(self.filter_placeholder(), self.FILTER_COLUMNS)
        self.filter_text = self.filter_bar.text
        self.filter_message = self.filter_bar.message
        self.build_filters(self.filter_bar)

        # An empty list says what to do: on a new archive, how to add the first record; under
        # a filter that keeps nothing, that the filter does.
        self.empty_note = QLabel("")
        self.empty_note.setObjectName("empty_note")
        self.empty_note.setWordWrap(True)
        self.empty_note.hide()
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(self._show_empty_note)
        self._show_empty_note()  # a model that is not deferred has read its rows already

        self.editor_message = QLabel("")
        self.editor_message.setObjectName("editor_message")
        self.editor_message.setStyleSheet(ERROR_STYLE)
        self.editor_message.setWordWrap(True)
        self.editor_message.hide()
        # Someone else's record, for a role that may change only its own: said above it.
        self.read_only_note = QLabel("")
        self.read_only_note.setObjectName("read_only_note")
        self.read_only_note.setWordWrap(True)
        self.read_only_note.setStyleSheet("color: #8a5a00; font-weight: bold;")
        self.read_only_note.hide()
        self.editable = True
        self.owner: str | None = None  # who made the record in the editor (its created_by)
        self.history_dialog: AuditDialog | None = None
        self.new_button = self._button(self.tr("New"), "new_button", self.new_record)
        self.save_button = self._button(self.tr("Save"), "save_button", self.save_record)
        self.delete_button = self._button(self.tr("Delete"), "delete_button", self.delete_selected)
        self.history_button = self._button(self.tr("History…"), "history_button", self.show_history)
        editor = self.build_editor()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter_bar)
        left_layout.addWidget(self.empty_note)
        left_layout.addWidget(self.table, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.read_only_note)
        right_layout.addWidget(editor, 1)
        right_layout.addWidget(self.editor_message)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.history_button)
        right_layout.addLayout(buttons)
        self.splitter = QSplitter(self.ORIENTATION)
        self.splitter.setObjectName("splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.editor_panel(right))
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes(list(self.SIZES))
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.frame(self.splitter))

        self.remember("splitter", self.splitter)
        self.remember("columns", self.table.horizontalHeader())
        self.filter_bar.changed.connect(self.apply_filter)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.layoutChanged.connect(self._order_changed)
        self.show_in_editor(None, None)

    # -- what a tab says about its records -------------------------------------------------------

    def make_query(self) -> ListQuery[Any]:
        raise NotImplementedError

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def filter_placeholder(self) -> str:
        raise NotImplementedError

    def current_filter(self) -> Any:
        """The filter the bar shows (its dates already checked)."""
        raise NotImplementedError

    def build_editor(self) -> QWidget:
        """The editor (it sets ``self.form``); the base adds the buttons below it."""
        raise NotImplementedError

    def build_filters(self, bar: FilterBar) -> None:
        """Pickers and dates beside the text box (none by default)."""

    def size_columns(self, header: QHeaderView) -> None:
        """Starting widths (before the saved ones are restored)."""

    def editor_panel(self, editor: QWidget) -> QWidget:
        """What stands beside the list: the editor, or the editor with more beside it."""
        return editor

    def frame(self, splitter: QSplitter) -> QWidget:
        """What fills the tab: the list and the editor, or more around them."""
        return splitter

    def show_in_editor(self, uid: str | None, values: dict[str, Any] | None) -> None:
        """Show a record in the editor (``uid`` None: an empty new one)."""
        self.form.load(uid, values)
        self.editor_message.hide()
        self.apply_rights(uid, values)
        self.current_changed.emit()

    def apply_rights(self, uid: str | None, values: dict[str, Any] | None) -> None:
        """Enable what the user's role allows for the record in the editor; a record the role
        may not change is shown read-only, with who made it and why."""
        access = self.context.access
        self.owner = None if uid is None else str((values or {}).get("created_by") or "")
        if self.owner is None:
            refusal = access.why_not(Right.CREATE)
        elif access.may_change(self.owner):
            refusal = None
        else:
            refusal = access.why_not(Right.EDIT_ANY) or access.why_not(Right.CREATE)
        self.editable = refusal is None
        why = "" if refusal is None else tr_message(refusal)
        self.save_button.setEnabled(self.editable)
        self.save_button.setToolTip(why)
        self.delete_button.setEnabled(uid is not None and self.editable)
        self.delete_button.setToolTip(why)
        self.set_editable(self.editable)
        if self.owner is not None and not self.editable:
            note = self.tr("Read only: made by %1; a %2 may change only their own records.")
            self.read_only_note.setText(
                note.replace("%1", self.owner or "?").replace(
                    "%2", tr_message(role_message(access.role))
                )
            )
        self.read_only_note.setVisible(self.owner is not None and not self.editable)
        audit_refusal = access.why_not(Right.AUDIT)
        self.history_button.setVisible(self.context.audit_events is not None)
        self.history_button.setEnabled(uid is not None and audit_refusal is None)
        self.history_button.setToolTip("" if audit_refusal is None else tr_message(audit_refusal))

    def set_editable(self, editable: bool) -> None:
        """Let the fields be typed in, or show them read-only (a tab with more than the form
        says so here)."""
        self.form.set_read_only(not editable)

    def reload_editor(self, uid: str, values: dict[str, Any]) -> None:
        """Records changed elsewhere and the open record is still there: show it again,
        unless the user is editing it."""
        if not self.has_unsaved_changes():
            self.show_in_editor(uid, values)

    def save_editor(self) -> str | None:
        """Create or update the record in the editor: its uid, or None when a problem is
        shown. May raise NotFound when the record was deleted meanwhile."""
        return self.form.save()

    def delete_text(self) -> str:
        """How the undo stack names the deletion."""
        raise NotImplementedError

    # -- RecordTab -------------------------------------------------------------------------------

    def new_record(self) -> None:
        if not self.confirm_discard():
            return
        self.table.clearSelection()
        self.show_in_editor(None, None)
        if self.FIRST_FIELD:
            self.form.fields[self.FIRST_FIELD].widget.setFocus()

    def save_record(self) -> None:
        if not self.editable:  # the menu's Save, or Ctrl+S: the button is disabled already
            self.status.emit(self.save_button.toolTip())
            return
        created = self.form.uid is None
        self.editor_message.hide()
        try:
            uid = self.save_editor()
        except NotFound:
            self.record_gone()
            return
        if uid is not None:
            self.after_save(uid, created)

    def delete_selected(self) -> None:
        uid = self.form.uid
        if uid is None:
            self.status.emit(self.tr("Nothing to delete: this record was never saved."))
            return
        if not self.editable:
            self.status.emit(self.delete_button.toolTip())
            return
        self.push_delete(self.KIND, uid, self.delete_text())
        self.table.clearSelection()
        self.show_in_editor(None, None)

    def focus_filter(self) -> None:
        self.filter_text.setFocus()
        self.filter_text.selectAll()

    def activate(self) -> None:
        if not self.model.active:
            self.model.activate()
            self.counted.emit()

    def refresh(self) -> None:
        self.model.refresh(then=self._refreshed)
        uid = self.form.uid
        if uid is not None:
            values = self.live_values(uid)
            if values is not None:
                self.reload_editor(uid, values)
            elif not self.has_unsaved_changes():
                self.show_in_editor(None, None)  # deleted elsewhere (or its creation undone)

    def _refreshed(self) -> None:
        """The list shows the records as they are now (its count taken off this thread)."""
        self.select_uid(self.form.uid)
        if self.isVisible():  # another tab's change refreshes this one too: stay quiet then
            self.counted.emit()

    def reload_record(self) -> None:
        self.refresh()
        uid = self.form.uid
        if uid is not None and not self.has_unsaved_changes():
            values = self.live_values(uid)
            if values is not None:
                self.show_in_editor(uid, values)

    def show_record(self, uid: str) -> None:
        if uid != self.form.uid and not self.confirm_discard():
            return
        values = self.live_values(uid)
        if values is None:
            self.status.emit(self.tr("That record is deleted or does not exist."))
            return
        if self.filter_bar.timer.isActive() or self.model.counting:
            self.apply_filter(loud=False, wait=True)  # what was typed before counts
        if self.position_of(uid) is None:
            self.clear_filters(wait=True)  # the filter hides it: show everything
        if uid != self.form.uid:
            self.show_in_editor(uid, values)
        self.select_uid(uid, locate=True)

    def has_unsaved_changes(self) -> bool:
        return self.form.is_dirty()

    def shown_uids(self) -> Select[Any]:
        return self.query.matching_uids()

    def current_uid(self) -> str | None:
        return self.form.uid

    def current_owner(self) -> str | None:
        return self.owner

    # -- history ---------------------------------------------------------------------------------

    def record_label(self) -> str:
        """How the history dialog names the record in the editor."""
        code = self.form.fields.get("code")
        return str(code.get() or "") if code is not None else ""

    def show_history(self) -> AuditDialog | None:
        """The audit events of the record in the editor (coordinators only)."""
        events = self.context.audit_events
        uid = self.form.uid
        if events is None or uid is None:
            return None
        refusal = self.context.access.why_not(Right.AUDIT)
        if refusal is not None:
            self.status.emit(tr_message(refusal))
            return None
        if self.history_dialog is not None:
            self.history_dialog.deleteLater()
        dialog = AuditDialog(events, record_uid=uid, record_label=self.record_label(), parent=self)
        self.history_dialog = dialog
        dialog.open()
        return dialog

    # -- filtering -------------------------------------------------------------------------------

    def apply_filter(self, loud: bool = True, wait: bool = False) -> None:
        """Filter the list by the bar; an impossible date changes nothing and, once the user
        is done typing it (``loud``), is named under the bar. The filter's count is taken
        off the window's thread (PagedTableModel.filter_later); ``wait`` when the caller
        needs the new list before it goes on."""
        self.filter_bar.timer.stop()
        try:
            date_filter_bounds(*self.filter_bar.dates())
        except DateProblem as exc:
            if loud:
                self.filter_bar.show_problem(tr_error(exc))
            return
        self.filter_bar.show_problem("")
        wanted = self.current_filter()
        if wanted == self.model.wanted_filter():
            if wait:
                self.model.settle()
            return
        self.model.filter_later(wanted, self._filtered, wait=wait)
        if self.model.counting:
            self.busy.emit(self.tr("Counting the records this filter keeps…"))

    def _filtered(self) -> None:
        """The list shows the new filter's records: from its top, the open record selected
        when the filter keeps it."""
        self.table.scrollToTop()  # a new list starts at its top (and reads only that page)
        self.select_uid(self.form.uid)
        self.counted.emit()

    def clear_filters(self, wait: bool = False) -> None:
        self.filter_bar.clear(apply=False)
        self.apply_filter(wait=wait)

    # -- records ---------------------------------------------------------------------------------

    def live_values(self, uid: str) -> dict[str, Any] | None:
        """The stored record, or None when it is gone or deleted."""
        try:
            values: dict[str, Any] = self.context.records.get(self.KIND, uid)
        except NotFound:
            return None
        return None if values.get("deleted_at") else values

    def after_save(self, uid: str, created: bool) -> None:
        """Re-read the list, keep the saved record selected, tell the other tabs."""
        if created:  # now a stored record, with its maker: what the user may do with it
            self.apply_rights(uid, self.live_values(uid))

        def shown() -> None:  # once the list is read again (its count off this thread)
            self.select_uid(uid, locate=created)
            if created and not self.table.selectionModel().hasSelection():
                self.status.emit(self.tr("Saved. The current filter hides it."))
            else:
                self.status.emit(self.tr("Saved."))

        self.model.refresh(then=shown)
        self.changed.emit()

    def record_gone(self) -> None:
        """The record in the editor was deleted meanwhile: say so, keep what was typed (the
        user may copy it, or undo the deletion), and re-read the list."""
        text = self.tr(
            "Not saved: this record was deleted meanwhile (by an undo, or from the command "
            "line). What you typed is still here; undo the deletion or copy it into a new "
            "record."
        )
        self.model.refresh()
        self.table.clearSelection()
        self.editor_message.setText(text)
        self.editor_message.show()
        self.status.emit(text)

    # -- the selection ---------------------------------------------------------------------------

    def position_of(self, uid: str) -> int | None:
        """The row of ``uid`` under the current filter and sort, or None when hidden."""
        row = self.model.row_of_uid(uid)
        if row is not None:
            return row
        find = getattr(self.query, "position_of", None)
        if callable(find):
            found = find(uid)
            return None if found is None else int(found)
        if self.model.total() <= SCAN_LIMIT:
            for position in range(self.model.total()):
                if self.model.uid_at(position) == uid:
                    return position
        return None

    def select_uid(self, uid: str | None, locate: bool = False) -> None:
        """Select the row of ``uid``, or nothing.

        Among rows already read (and the page the view is about to show) this costs no
        query. ``locate`` asks for its position anywhere in the list: for an explicit
        request (another tab opens it, a new record is saved), since on a large list
        sorted or filtered by an unindexed column that takes a scan and reading its page."""
        row = None
        if uid is not None:
            if self.model.total() > 0:
                self.model.row_at(max(self.table.rowAt(0), 0))
            row = self.model.row_of_uid(uid)
            if row is None and locate:
                row = self.position_of(uid)
        if row is None:
            self.table.clearSelection()
            return
        self.table.selectRow(row)
        if locate:
            self.table.scrollTo(self.model.index(row, 0))

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        uid = indexes[0].data(UID_ROLE)
        if uid is None or uid == self.form.uid:
            return
        if not self.confirm_discard():
            self.select_uid(self.form.uid)  # stay on the record being edited
            return
        values = self.live_values(str(uid))
        if values is None:
            self.refresh()  # gone meanwhile
            return
        self.show_in_editor(str(uid), values)

    def _order_changed(self) -> None:
        """A new sort order starts at the top; the open record stays selected if it is
        there."""
        self.table.scrollToTop()
        self.select_uid(self.form.uid)

    # -- layout kept across sessions -------------------------------------------------------------

    def remember(self, part: str, widget: QSplitter | QHeaderView) -> None:
        """Restore ``widget``'s saved state (a splitter's sizes, a table's columns and sort)
        and save it whenever the user changes it."""
        settings = self.context.settings
        if settings is None or not self.STATE_KEY:
            return
        state = settings.tab_state(self.STATE_KEY, part)

        def save(*_args: object) -> None:
            settings.save_tab_state(self.STATE_KEY, part, widget.saveState())

        if isinstance(widget, QSplitter):
            if state is not None:
                widget.restoreState(state)
            widget.splitterMoved.connect(save)
            return
        if state is not None and widget.restoreState(state):
            view = widget.parent()
            if isinstance(view, QTableView):
                view.sortByColumn(widget.sortIndicatorSection(), widget.sortIndicatorOrder())
        widget.sectionResized.connect(save)
        widget.sectionMoved.connect(save)
        widget.sortIndicatorChanged.connect(save)

    # -- helpers ---------------------------------------------------------------------------------

    def _show_empty_note(self, *_args: object) -> None:
        if self.model.rowCount() > 0 or not self.model.active:  # not read yet: unknown
            self.empty_note.hide()
            return
        if self.filter_bar.is_active():
            text = self.tr("Nothing matches the filter. Clear the filter to see every record.")
        else:
            text = self.tr(
                "Nothing here yet. Fill in the form and press Save (Ctrl+S) to add the first "
                "record; a CSV file is imported with caseapp import on the command line."
            )
        self.empty_note.setText(text)
        self.empty_note.show()

    def _button(self, text: str, name: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        return button
