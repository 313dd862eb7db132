"""The Conflicts tab: fields edited differently here and at a peer archive since their last
common version (issue 14). Each shows its base, this archive's value (in effect until
someone decides) and the incoming one, with who made each change; a caseworker or
coordinator keeps one, the other, or a typed merged value, field by field.

A tab rather than a dock: the three values of a long field (a narrative) need the window's
whole width to be read side by side, and a dock would squeeze the record tabs at 1024x600."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from caseapp.services.access import Right
from caseapp.services.errors import ServiceError, ValidationError
from caseapp.services.exchange import Conflict, ExchangeService
from caseapp.services.messages import kind_message
from caseapp.services.vocabulary import Vocabulary
from caseapp.ui.audit_dialog import local_time
from caseapp.ui.forms import EditorForm, RecordFields
from caseapp.ui.messages import tr_error, tr_message
from caseapp.ui.record_form import FieldSpec
from caseapp.ui.rows_model import RowsModel
from caseapp.ui.tabs.base import RecordTab, TabContext

AnyIndex = QModelIndex | QPersistentModelIndex
CONFLICT_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
DELETED = "deleted_at"
TALL = 16777215  # QWIDGETSIZE_MAX: no limit
SHORT_BOX = 60


def field_specs(kind: str) -> dict[str, FieldSpec]:
    """The form declarations of ``kind`` (ui/forms.py), by field name: the same labels and
    pickers the record's own editor shows. Kinds without a form give none."""
    fields = RecordFields()
    builders: dict[str, Callable[[], list[FieldSpec]]] = {
        "testimony": fields.testimony,
        "consent": fields.consent,
        "violation": fields.violation,
        "region": fields.region,
        "region_history": fields.region_history,
        "state_response": fields.state_response,
    }
    builder = builders.get(kind)
    return {} if builder is None else {spec.name: spec for spec in builder()}


def field_label(kind: str, field: str) -> str:
    if field == DELETED:
        return QCoreApplication.translate("ConflictsTab", "Deleted")
    spec = field_specs(kind).get(field)
    return spec.label if spec is not None else field.replace("_", " ")


def kind_label(kind: str) -> str:
    text = tr_message(kind_message(kind))
    return text[:1].upper() + text[1:]


def shown_value(
    spec: FieldSpec | None, field: str, value: Any, vocabulary: Vocabulary, language: str
) -> str:
    """A value as the record's form shows it: yes/no, a term's label, a choice's label, the
    date text; a deletion as "deleted on DATE"."""
    if field == DELETED:
        if value is None:
            return QCoreApplication.translate("ConflictsTab", "not deleted")
        return QCoreApplication.translate("ConflictsTab", "deleted on %1").replace(
            "%1", str(value)[:10]
        )
    if isinstance(value, bool) or (
        spec is not None and spec.widget == "bool" and value is not None
    ):
        return (
            QCoreApplication.translate("ConflictsTab", "yes")
            if value
            else QCoreApplication.translate("ConflictsTab", "no")
        )
    if value is None or value == "":
        return QCoreApplication.translate("ConflictsTab", "(empty)")
    if spec is None:
        return str(value)
    if spec.widget == "vocab" and spec.scheme:
        return vocabulary.label(spec.scheme, str(value), language)
    if spec.widget == "vocab_multi" and spec.scheme:
        codes = [code for code in str(value).split(",") if code]
        return ", ".join(vocabulary.label(spec.scheme, code, language) for code in codes)
    if spec.widget == "enum":
        return dict(spec.choices).get(str(value), str(value))
    return str(value)


@dataclass(frozen=True)
class ConflictRow:
    conflict: Conflict
    kind: str  # the record kind, in the interface language
    record: str  # the record's code (or what names it), else its uid
    field: str  # the field's label, as the record's form names it
    target: tuple[str, str] | None  # (tab kind, uid) that shows the record, if a tab does


class ConflictsModel(RowsModel):
    rows: list[ConflictRow]
    KIND, RECORD, FIELD, PEER, FOUND = range(5)

    def __init__(self, headers: list[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.headers = headers

    def titles(self) -> list[str]:
        return self.headers

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == CONFLICT_ROLE:
            return row
        column = index.column()
        if role == SORT_ROLE:
            if column == self.FOUND:
                return row.conflict.found_at
            role = Qt.ItemDataRole.DisplayRole
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == self.KIND:
            return row.kind
        if column == self.RECORD:
            return row.record
        if column == self.FIELD:
            return row.field
        if column == self.PEER:
            return row.conflict.peer
        if column == self.FOUND:
            return local_time(row.conflict.found_at)
        return None


class ConflictsTab(RecordTab):
    """Open conflicts, and for the selected one its three values and the ways to settle it.
    ``count_changed`` carries the number of open conflicts (the window's status bar)."""

    count_changed = Signal(int)

    def __init__(
        self, context: TabContext, exchange: ExchangeService, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent)
        self.exchange = exchange
        self.count = 0
        self.current: ConflictRow | None = None
        self.model = ConflictsModel(
            [
                self.tr("Record kind"),
                self.tr("Record"),
                self.tr("Field"),
                self.tr("Peer archive"),
                self.tr("Found"),
            ],
            self,
        )
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)

        intro = QLabel(
            self.tr(
                "Fields edited differently in this archive and at a peer archive since they "
                "last agreed. This archive's value stays in effect until someone decides."
            )
        )
        intro.setWordWrap(True)
        self.empty_note = QLabel(self.tr("No open conflicts."))
        self.empty_note.setObjectName("conflicts_empty")
        self.table = QTableView()
        self.table.setObjectName("conflicts_table")
        self.table.setAccessibleName(self.tr("Open conflicts"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ConflictsModel.FOUND, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in ((0, 180), (1, 200), (2, 200), (3, 160)):
            header.resizeSection(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(intro)
        top_layout.addWidget(self.empty_note)
        top_layout.addWidget(self.table)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("conflicts_splitter")
        splitter.addWidget(top)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._build_detail())
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.refresh()

    # -- building --------------------------------------------------------------------------------

    def _build_detail(self) -> QWidget:
        detail = QWidget()
        detail.setObjectName("conflict_detail")
        self.heading = QLabel("")
        self.heading.setObjectName("conflict_heading")
        self.heading.setStyleSheet("font-weight: bold;")
        self.heading.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Open record"))
        self.open_button.setObjectName("open_conflict_record")
        self.open_button.clicked.connect(self.open_current)
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.heading, 1)
        heading_row.addWidget(self.open_button)

        grid = QGridLayout()
        self.base_title = QLabel(self.tr("Base (last common version)"))
        self.mine_title = QLabel("")
        self.theirs_title = QLabel("")
        self.base_value = self._value_box("base_value")
        self.mine_value = self._value_box("mine_value")
        self.theirs_value = self._value_box("theirs_value")
        self.keep_mine = QPushButton(self.tr("Keep this archive's"))
        self.keep_mine.setObjectName("keep_mine")
        self.keep_mine.clicked.connect(lambda: self.resolve(keep="mine"))
        self.keep_theirs = QPushButton(self.tr("Keep incoming"))
        self.keep_theirs.setObjectName("keep_theirs")
        self.keep_theirs.clicked.connect(lambda: self.resolve(keep="theirs"))
        for column, (title, box) in enumerate(
            (
                (self.base_title, self.base_value),
                (self.mine_title, self.mine_value),
                (self.theirs_title, self.theirs_value),
            )
        ):
            title.setWordWrap(True)
            title.setStyleSheet("font-weight: bold;")
            title.setBuddy(box)
            grid.addWidget(title, 0, column)
            grid.addWidget(box, 1, column)
            grid.setColumnStretch(column, 1)
        grid.addWidget(self.keep_mine, 2, 1)
        grid.addWidget(self.keep_theirs, 2, 2)

        self.merge_title = QLabel(self.tr("Or type the value to keep (a merge of both):"))
        self.merge_title.setWordWrap(True)
        self.merge_box = QVBoxLayout()
        self.merge_box.setContentsMargins(0, 0, 0, 0)
        self.merge_form: EditorForm | None = None
        self.use_value = QPushButton(self.tr("Use this value"))
        self.use_value.setObjectName("use_value")
        self.use_value.clicked.connect(self.use_typed_value)
        self.merge_note = QLabel(
            self.tr("A deletion is kept or undone as a whole: keep one of the two.")
        )
        self.merge_note.setWordWrap(True)
        merge_row = QHBoxLayout()
        merge_row.addLayout(self.merge_box, 1)
        merge_row.addWidget(self.use_value, 0, Qt.AlignmentFlag.AlignTop)

        self.refusal_note = QLabel("")
        self.refusal_note.setObjectName("conflict_refusal")
        self.refusal_note.setWordWrap(True)
        self.refusal_note.hide()
        self.message = QLabel("")
        self.message.setObjectName("conflict_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()

        layout = QVBoxLayout(detail)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(heading_row)
        layout.addLayout(grid)
        layout.addWidget(self.merge_title)
        layout.addWidget(self.merge_note)
        layout.addLayout(merge_row)
        layout.addWidget(self.refusal_note)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.detail = detail
        return detail

    @staticmethod
    def _value_box(name: str) -> QPlainTextEdit:
        """Read-only and scrollable: a narrative is shown whole."""
        box = QPlainTextEdit()
        box.setObjectName(name)
        box.setReadOnly(True)
        box.setTabChangesFocus(True)
        box.setMinimumHeight(70)
        box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        return box

    # -- RecordTab -------------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Conflicts")

    def activate(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Read the open conflicts again (after an exchange, a resolution or an edit), keep
        the one selected if it is still open, and say how many there are."""
        keep = self.current.conflict.id if self.current is not None else None
        try:
            conflicts = self.exchange.conflicts()
        except ServiceError as exc:
            self._say(tr_error(exc))
            conflicts = []
        names: dict[tuple[str, str], tuple[str, tuple[str, str] | None]] = {}
        rows = []
        for conflict in conflicts:
            key = (conflict.kind, conflict.record_uid)
            if key not in names:
                names[key] = self._name_of(conflict.kind, conflict.record_uid)
            record, target = names[key]
            rows.append(
                ConflictRow(
                    conflict,
                    kind_label(conflict.kind),
                    record,
                    field_label(conflict.kind, conflict.field),
                    target,
                )
            )
        self.model.set_rows(rows)
        self.count = len(rows)
        self.empty_note.setVisible(not rows)
        self.table.setVisible(bool(rows))
        position = next(
            (n for n, row in enumerate(rows) if row.conflict.id == keep), 0 if rows else None
        )
        if position is None:
            self._show(None)
        else:
            index = self.proxy.mapFromSource(self.model.index(position, 0))
            self.table.setCurrentIndex(index)  # shows it (currentRowChanged)
            if self.current is not self.model.rows[position]:
                self._show(self.model.rows[position])
        self.count_changed.emit(self.count)

    def count_text(self) -> str:
        return ""  # the window's status bar says "N conflicts" on every tab

    def current_uid(self) -> str | None:
        return None  # no record of a kind is open here (nothing for a dossier or an erasure)

    # -- naming records --------------------------------------------------------------------------

    def _name_of(self, kind: str, uid: str) -> tuple[str, tuple[str, str] | None]:
        """What names the record (a testimony's code, a region's name…) and the tab that shows
        it; its uid when it cannot be read (a vault entry for a role that may not)."""
        records = self.context.records
        listings = self.context.listings
        try:
            values = records.get(kind, uid, include_deleted=True)
        except ServiceError:
            return uid, None
        testimony = values.get("testimony_uid")
        of_testimony = (listings.testimony_code(testimony) or testimony) if testimony else None
        if kind == "testimony":
            return str(values.get("code") or uid), ("testimony", uid)
        if kind == "consent" and testimony:
            return str(of_testimony), ("testimony", testimony)
        if kind == "violation":
            category = self.context.vocabulary.label(
                "violation_category", values.get("category"), self.context.language
            )
            return f"{of_testimony or ''} · {category}".strip(" ·"), ("violation", uid)
        if kind == "region":
            return str(values.get("region") or uid), ("region", uid)
        if kind == "region_history" and values.get("region_uid"):
            return str(values.get("as_of") or uid), ("region", values["region_uid"])
        if kind == "state_response":
            return str(values.get("aspect") or uid), ("state_response", uid)
        if kind == "person":
            return str(values.get("code") or uid), None
        return uid, None

    # -- the selected conflict ---------------------------------------------------------------

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.data(CONFLICT_ROLE) if current.isValid() else None
        self._show(row if isinstance(row, ConflictRow) else None)

    def _show(self, row: ConflictRow | None) -> None:
        self.current = row
        self.message.hide()
        self.detail.setEnabled(row is not None)
        if self.merge_form is not None:
            self.merge_box.removeWidget(self.merge_form)
            self.merge_form.hide()  # not drawn under the next one before it is deleted
            self.merge_form.deleteLater()
            self.merge_form = None
        if row is None:
            self.heading.setText("")
            for box in (self.base_value, self.mine_value, self.theirs_value):
                box.clear()
            self.mine_title.setText(self.tr("This archive"))
            self.theirs_title.setText(self.tr("Incoming"))
            self.merge_note.hide()
            self._apply_rights(False)
            return
        conflict = row.conflict
        spec = field_specs(conflict.kind).get(conflict.field)
        vocabulary, language = self.context.vocabulary, self.context.language
        self.heading.setText(f"{row.kind} {row.record} — {row.field}")
        self.base_value.setPlainText(
            shown_value(spec, conflict.field, conflict.base, vocabulary, language)
        )
        self.mine_value.setPlainText(
            shown_value(spec, conflict.field, conflict.mine, vocabulary, language)
        )
        self.theirs_value.setPlainText(
            shown_value(spec, conflict.field, conflict.theirs, vocabulary, language)
        )
        self.mine_title.setText(
            self.tr("This archive (in effect), changed by %1").replace(
                "%1", conflict.mine_by or "?"
            )
        )
        self.theirs_title.setText(
            self.tr("Incoming from %1, changed by %2")
            .replace("%1", conflict.peer)
            .replace("%2", conflict.theirs_by or "?")
        )
        self.open_button.setEnabled(row.target is not None)
        deletion = conflict.field == DELETED
        self.merge_note.setVisible(deletion)
        self.merge_title.setVisible(not deletion)
        self.use_value.setVisible(not deletion)
        # A long text gets the room; a date, a term or yes/no stays one short box.
        tall = spec is not None and spec.widget == "text"
        for box in (self.base_value, self.mine_value, self.theirs_value):
            box.setMaximumHeight(TALL if tall else SHORT_BOX)
        if not deletion:
            self._build_merge_form(conflict, spec)
        self._apply_rights(True)

    def _build_merge_form(self, conflict: Conflict, spec: FieldSpec | None) -> None:
        """The record form's own editor for this one field (its picker, check box or text
        box), prefilled with this archive's value."""
        if spec is None:
            widget = "bool" if isinstance(conflict.mine, bool) else "line"
            spec = FieldSpec(conflict.field, field_label(conflict.kind, conflict.field), widget)
        form = EditorForm(
            conflict.kind,
            [spec],
            self.context.records,
            self.context.vocabulary,
            self.context.language,
        )
        form.setObjectName("merge_form")
        form.load(conflict.record_uid, {conflict.field: conflict.mine})
        editor = form.fields[conflict.field].widget
        if isinstance(editor, QPlainTextEdit):
            editor.setFixedHeight(90)
        self.merge_form = form
        self.merge_box.addWidget(form)

    def _apply_rights(self, shown: bool) -> None:
        refusal = self.context.access.why_not(Right.EDIT_ANY)
        why = tr_message(refusal) if refusal is not None else ""
        for button in (self.keep_mine, self.keep_theirs, self.use_value):
            button.setEnabled(shown and refusal is None)
            button.setToolTip(why)
        if self.merge_form is not None:
            self.merge_form.set_read_only(refusal is not None)
            self.merge_form.setToolTip(why)
        self.refusal_note.setText(why)
        self.refusal_note.setVisible(shown and refusal is not None)
        if not shown:
            self.open_button.setEnabled(False)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- acting ----------------------------------------------------------------------------------

    def open_current(self) -> None:
        if self.current is not None and self.current.target is not None:
            self.open_record.emit(*self.current.target)

    def resolve(self, keep: str | None = None, value: Any = None) -> bool:
        """Settle the selected conflict; on a refusal or a value the record does not take,
        say why beside it and leave it open."""
        row = self.current
        if row is None:
            return False
        conflict = row.conflict
        try:
            self.exchange.resolve(conflict.record_uid, conflict.field, keep=keep, value=value)
        except ValidationError as exc:
            if self.merge_form is not None and keep is None:
                self.merge_form.show_problems(exc)
            else:
                self._say(tr_error(exc))
            return False
        except ServiceError as exc:
            self._say(tr_error(exc))
            return False
        self.current = None
        self.refresh()
        self.changed.emit()  # the record's tab shows the value kept
        self.status.emit(
            self.tr("Conflict on %1 of %2 resolved.")
            .replace("%1", row.field)
            .replace("%2", row.record)
        )
        return True

    def use_typed_value(self) -> bool:
        if self.current is None or self.merge_form is None:
            return False
        self.merge_form.clear_problems()
        value = self.merge_form.fields[self.current.conflict.field].get()
        # A picker left at "—" reads None; the service takes "" as "no value".
        return self.resolve(value="" if value is None else value)
