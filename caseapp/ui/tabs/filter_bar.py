"""The filter bar every list tab shows: a text box, the tab's pickers and date range, a
clear button and the message of a date that cannot be. Typing waits for a pause before the
list is filtered (one timer, the same delay in every tab); a choice, Enter or leaving a date
field filters at once."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseapp.services.vocabulary import Vocabulary
from caseapp.ui.messages import ERROR_STYLE

FILTER_DELAY_MS = 300  # typing pauses this long before the list is filtered


class FilterBar(QWidget):
    """``changed(loud)`` asks the tab to filter again; ``loud`` is True when the user is done
    (a choice, Enter, leaving a date field), so that a date typed half-way ("201") is named
    as a problem only then."""

    changed = Signal(bool)

    def __init__(self, placeholder: str, columns: int = 4, parent: QWidget | None = None):
        super().__init__(parent)
        self.columns = columns
        self.text = QLineEdit()
        self.text.setObjectName("filter_text")
        self.text.setPlaceholderText(placeholder)
        self.text.setAccessibleName(placeholder)  # what it filters, as the box shows it
        self.text.setClearButtonEnabled(True)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(FILTER_DELAY_MS)
        self.timer.timeout.connect(lambda: self.changed.emit(False))
        self.text.textChanged.connect(lambda _text: self.timer.start())
        self.text.returnPressed.connect(self.apply_now)
        self.clear_button = QPushButton(self.tr("Clear filters"))
        self.clear_button.setObjectName("clear_filters_button")
        self.clear_button.clicked.connect(lambda _checked=False: self.clear())
        self.clear_button.hide()  # shown once the bar holds more than its text box
        self.message = QLabel("")
        self.message.setObjectName("filter_message")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        self.date_from: QLineEdit | None = None
        self.date_to: QLineEdit | None = None
        self._combos: list[QComboBox] = []

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.text, 1)
        top.addWidget(self.clear_button)
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        for column in range(columns):
            self.grid.setColumnStretch(column, 1)  # pickers share the width evenly
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(self.grid)
        layout.addWidget(self.message)
        self._cells = 0

    # -- building ------------------------------------------------------------------------------

    def add_combo(self, name: str, anything: str, choices: Sequence[tuple[str, str]]) -> QComboBox:
        """A picker of ``choices`` (value, label) after an "any" entry; a choice filters at
        once."""
        combo = QComboBox()
        combo.setObjectName(name)
        # Long labels must not make the picker (and the list beside the editor) too wide.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(14)
        combo.addItem(anything, "")
        for value, label in choices:
            combo.addItem(label, value)
        combo.currentIndexChanged.connect(lambda _index: self.apply_now())
        self._combos.append(combo)
        self._place(combo)
        return combo

    def add_vocabulary_combo(
        self, name: str, anything: str, vocabulary: Vocabulary, scheme: str, language: str
    ) -> QComboBox:
        """A picker of a vocabulary's terms, children indented under their parent."""
        terms = vocabulary.terms(scheme)
        return self.add_combo(
            name,
            anything,
            [(t.code, ("    " if t.parent_code else "") + t.label(language)) for t in terms],
        )

    def add_dates(self, tooltip: str = "") -> tuple[QLineEdit, QLineEdit]:
        """From and until (partial dates); filtered after a pause in typing, and at once, or
        with the date's problem shown, on Enter or on leaving the field."""
        self.date_from = QLineEdit()
        self.date_from.setObjectName("filter_from")
        self.date_from.setPlaceholderText(self.tr("From (YYYY-MM)"))
        self.date_to = QLineEdit()
        self.date_to.setObjectName("filter_to")
        self.date_to.setPlaceholderText(self.tr("Until"))
        for edit in (self.date_from, self.date_to):
            edit.setAccessibleName(edit.placeholderText())
            edit.setClearButtonEnabled(True)
            # As wide as what it says (and its clear button): "From (…" said nothing.
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + 36)
            edit.setToolTip(tooltip or self.tr("YYYY, YYYY-MM or YYYY-MM-DD"))
            edit.textChanged.connect(lambda _text: self.timer.start())
            edit.editingFinished.connect(self.apply_now)
        pair = QWidget()
        row = QHBoxLayout(pair)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.date_from)
        row.addWidget(QLabel("–"))
        row.addWidget(self.date_to)
        row.addStretch(1)
        self._place(pair)
        return self.date_from, self.date_to

    def _place(self, widget: QWidget) -> None:
        self.grid.addWidget(widget, *divmod(self._cells, self.columns))
        self._cells += 1
        self.clear_button.show()

    # -- reading and acting --------------------------------------------------------------------

    def search_text(self) -> str:
        return self.text.text().strip()

    def dates(self) -> tuple[str, str]:
        if self.date_from is None or self.date_to is None:
            return "", ""
        return self.date_from.text().strip(), self.date_to.text().strip()

    def is_active(self) -> bool:
        """Whether any filter narrows the list (text, a date, a choice other than "any")."""
        return bool(self.search_text() or any(self.dates())) or any(
            combo.currentIndex() > 0 for combo in self._combos
        )

    def apply_now(self) -> None:
        self.timer.stop()
        self.changed.emit(True)

    def clear(self, apply: bool = True) -> None:
        """Every filter back to "any", then (``apply``) the list filtered once."""
        edits = [e for e in (self.text, self.date_from, self.date_to) if e is not None]
        for widget in [*edits, *self._combos]:
            widget.blockSignals(True)
        try:
            for edit in edits:
                edit.clear()
            for combo in self._combos:
                combo.setCurrentIndex(0)
        finally:
            for widget in [*edits, *self._combos]:
                widget.blockSignals(False)
        self.show_problem("")
        self.timer.stop()
        if apply:
            self.apply_now()

    def show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
