"""One form for every kind of record: fields from a spec, vocabulary pickers in the interface
language, and the service's validation messages shown next to the field at fault."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from caseapp.services.errors import FieldProblem, RecordChanged, ServiceError, ValidationError
from caseapp.services.records import RecordService
from caseapp.services.vocabulary import Vocabulary
from caseapp.ui.messages import tr_message

Choices = Sequence[tuple[str, str]]  # (stored value, shown label)


@dataclass(frozen=True)
class FieldSpec:
    """``widget``: line, text, vocab, vocab_multi, enum, date, bool, int, ref, multi.

    ``vocab_multi`` picks several terms of ``scheme`` (a checkable list, children indented)
    and reads as comma-separated codes, like ``multi``."""

    name: str
    label: str
    widget: str = "line"
    scheme: str | None = None
    choices: Choices = ()
    choices_from: Callable[[], Choices] | None = None  # for ref pickers, read when loading
    placeholder: str = ""
    read_only: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


class _Field:
    """A widget with a uniform get/set, and the label that shows its problem."""

    def __init__(self, spec: FieldSpec, widget: QWidget, error: QLabel) -> None:
        self.spec = spec
        self.widget = widget
        self.error = error

    def get(self) -> Any:
        w = self.widget
        if isinstance(w, QLineEdit):
            return w.text()
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QComboBox):
            value = w.currentData()
            return value if value != "" else None
        if isinstance(w, _MultiCheck | _CheckList):
            return w.values()
        raise AssertionError(type(w))

    def set(self, value: Any) -> None:
        w = self.widget
        if isinstance(w, QLineEdit):
            w.setText("" if value is None else str(value))
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText("" if value is None else str(value))
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QComboBox):
            position = w.findData("" if value is None else value)
            w.setCurrentIndex(max(position, 0))
        elif isinstance(w, _MultiCheck | _CheckList):
            w.set_values(value or "")


class _MultiCheck(QWidget):
    def __init__(self, choices: Choices) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for value, label in choices:
            box = QCheckBox(label)
            box.setObjectName(f"choice_{value}")
            self.boxes[value] = box
            layout.addWidget(box)
        layout.addStretch(1)

    def values(self) -> str:
        return ",".join(sorted(v for v, box in self.boxes.items() if box.isChecked()))

    def set_values(self, text: str) -> None:
        chosen = {v.strip() for v in text.split(",") if v.strip()}
        for value, box in self.boxes.items():
            box.setChecked(value in chosen)


class _CheckList(QListWidget):
    """Many choices in little room: a list of checkable items (Space or a click on the box
    ticks one). Reads and takes comma-separated values, sorted."""

    def __init__(self, choices: Sequence[tuple[str, str, bool]]) -> None:
        super().__init__()
        for value, label, indented in choices:
            item = QListWidgetItem(("    " if indented else "") + label)
            item.setData(Qt.ItemDataRole.UserRole, value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.addItem(item)
        self.setMaximumHeight(self.sizeHintForRow(0) * 7 + 2 * self.frameWidth())

    def all_items(self) -> list[QListWidgetItem]:
        return [self.item(row) for row in range(self.count())]

    def values(self) -> str:
        return ",".join(
            sorted(
                str(item.data(Qt.ItemDataRole.UserRole))
                for item in self.all_items()
                if item.checkState() == Qt.CheckState.Checked
            )
        )

    def set_values(self, text: str) -> None:
        chosen = {v.strip() for v in text.split(",") if v.strip()}
        first = None
        for item in self.all_items():
            checked = item.data(Qt.ItemDataRole.UserRole) in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            if checked and first is None:
                first = item
        # Show what is ticked, not the top of a long list.
        shown = first or (self.item(0) if self.count() else None)
        if shown is not None:
            self.scrollToItem(shown, QListWidget.ScrollHint.PositionAtTop)


class RecordForm(QWidget):
    """Edits one record of ``kind``. ``saved`` carries the uid after a successful save."""

    saved = Signal(str)

    def __init__(
        self,
        kind: str,
        specs: Sequence[FieldSpec],
        records: RecordService,
        vocabulary: Vocabulary,
        language: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self.records = records
        self.vocabulary = vocabulary
        self.language = language
        self.uid: str | None = None
        # The record's updated_at as this person last saw it: a save checks that nobody
        # saved it since (services/records.py, RecordChanged).
        self.version: str | None = None
        self.fixed: dict[str, Any] = {}  # values set by the context (the testimony of a violation)
        self._loaded: dict[str, Any] = {}
        self.fields: dict[str, _Field] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.form = QFormLayout()
        outer.addLayout(self.form)
        self.message = QLabel("")
        self.message.setObjectName("form_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        outer.addWidget(self.message)
        for spec in specs:
            self._add(spec)
        self._loaded = self.values()

    # -- building ----------------------------------------------------------------------------

    def _add(self, spec: FieldSpec) -> None:
        widget = self._make_widget(spec)
        widget.setObjectName(spec.name)
        error = QLabel("")
        error.setObjectName(f"error_{spec.name}")
        error.setStyleSheet("color: #b00020;")
        error.setWordWrap(True)
        error.hide()
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        label = QLabel(spec.label)
        label.setBuddy(widget)
        # What a screen reader says for the field: its label. Qt looks for a buddy label
        # only among the field's siblings, and the label sits outside the field's box.
        widget.setAccessibleName(spec.label.replace("&", "").rstrip(":").strip())
        if spec.placeholder:
            widget.setAccessibleDescription(spec.placeholder)
        self.form.addRow(label, box)
        self.fields[spec.name] = _Field(spec, widget, error)

    def follow_rows_in_tab_order(self) -> None:
        """Tab goes down the form as it reads, rows added later (the source person, placed
        after the interviewer) included: Qt's own order is the order widgets were made."""
        chain: list[QWidget] = []
        for row in range(self.form.rowCount()):
            item = self.form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            box = item.widget() if item is not None else None
            if box is None:
                continue
            for widget in [box, *box.findChildren(QWidget)]:
                if (
                    widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                    and widget.window() is self.window()  # not a combo box's popup list
                    and widget not in chain
                ):
                    chain.append(widget)
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _make_widget(self, spec: FieldSpec) -> QWidget:
        if spec.widget in ("line", "date", "int"):
            line = QLineEdit()
            line.setReadOnly(spec.read_only)
            if spec.placeholder:
                line.setPlaceholderText(spec.placeholder)
            return line
        if spec.widget == "text":
            text = QPlainTextEdit()
            text.setReadOnly(spec.read_only)
            text.setTabChangesFocus(True)
            if spec.placeholder:
                text.setPlaceholderText(spec.placeholder)
            return text
        if spec.widget == "bool":
            return QCheckBox()
        if spec.widget in ("vocab", "enum", "ref"):
            combo = QComboBox()
            combo.setEnabled(not spec.read_only)
            self._fill_combo(combo, spec)
            return combo
        if spec.widget == "multi":
            return _MultiCheck(spec.choices)
        if spec.widget == "vocab_multi":
            assert spec.scheme is not None
            return _CheckList(
                [
                    (term.code, term.label(self.language), term.parent_code is not None)
                    for term in self.vocabulary.terms(spec.scheme)
                ]
            )
        raise ValueError(f"unknown widget {spec.widget!r}")

    def _fill_combo(self, combo: QComboBox, spec: FieldSpec) -> None:
        combo.clear()
        combo.addItem("—", "")
        if spec.widget == "vocab":
            assert spec.scheme is not None
            for term in self.vocabulary.terms(spec.scheme):
                indent = "    " if term.parent_code else ""
                combo.addItem(indent + term.label(self.language), term.code)
        else:
            choices = spec.choices_from() if spec.choices_from else spec.choices
            for value, label in choices:
                combo.addItem(label, value)

    # -- loading and reading -----------------------------------------------------------------

    def load(self, uid: str | None, values: Mapping[str, Any] | None = None) -> None:
        """Show a record (``uid`` and its values) or an empty new one (``uid`` None)."""
        for f in self.fields.values():
            if f.spec.choices_from is not None and isinstance(f.widget, QComboBox):
                self._fill_combo(f.widget, f.spec)
        self.uid = uid
        values = dict(values or {})
        self.version = values.get("updated_at") if uid is not None else None
        for name, f in self.fields.items():
            f.set(values.get(name))
        self._loaded = self.values()
        self.clear_problems()

    def set_read_only(self, read_only: bool) -> None:
        """Show the record without letting it be changed (a record the user's role may not
        change), or editable again; fields read-only by their spec stay so."""
        for f in self.fields.values():
            if f.spec.read_only:
                continue
            if isinstance(f.widget, QLineEdit | QPlainTextEdit):
                f.widget.setReadOnly(read_only)
            else:
                f.widget.setEnabled(not read_only)

    def values(self) -> dict[str, Any]:
        return {name: f.get() for name, f in self.fields.items() if not f.spec.read_only}

    def changes(self) -> dict[str, Any]:
        current = self.values()
        return {k: v for k, v in current.items() if self._loaded.get(k) != v}

    def is_dirty(self) -> bool:
        return bool(self.changes())

    # -- saving ------------------------------------------------------------------------------

    def save(self) -> str | None:
        """Create or update; on a validation error show it beside the field and return None."""
        self.clear_problems()
        try:
            if self.uid is None:
                data = {k: v for k, v in self.values().items() if v not in (None, "")}
                data.update(self.fixed)
                self.uid = self.records.create(self.kind, data)
            else:
                changes = self.changes()
                if changes:
                    self.records.update(self.kind, self.uid, changes, expected=self.version)
                    self.version = self._saved_version()
        except ValidationError as exc:
            self.show_problems(exc)
            return None
        except RecordChanged as exc:
            self.show_problems(ValidationError([FieldProblem("", exc.message)]))
            return None
        self._loaded = self.values()
        self.saved.emit(self.uid)
        return self.uid

    def _saved_version(self) -> str | None:
        assert self.uid is not None
        try:
            return str(self.records.get(self.kind, self.uid)["updated_at"])
        except ServiceError:
            return None  # not readable back (a vault entry): the next save is not checked

    def show_problems(self, exc: ValidationError) -> None:
        unplaced = []
        first: QWidget | None = None
        for problem in exc.problems:
            target = self.fields.get(problem.field)
            if target is None:
                unplaced.append(tr_message(problem.located()))
                continue
            target.error.setText(tr_message(problem.message))
            target.error.show()
            first = first or target.widget
        if unplaced:
            self.message.setText("\n".join(unplaced))
            self.message.show()
        if first is not None:
            first.setFocus()

    def clear_problems(self) -> None:
        for f in self.fields.values():
            f.error.hide()
            f.error.clear()
        self.message.hide()
        self.message.clear()
