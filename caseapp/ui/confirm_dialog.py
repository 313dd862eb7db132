"""A question before something that cannot be undone (removing a user, erasing a testimony).
Opened window-modal with ``open()``, never ``exec()``: the event loop goes on (and a test can
answer it like a person). With ``type_to_confirm``, the confirming button stays disabled until
that text is typed exactly."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class ConfirmDialog(QDialog):
    def __init__(
        self,
        title: str,
        text: str,
        confirm: str,
        parent: QWidget | None = None,
        type_to_confirm: str | None = None,
        prompt: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self.expected = type_to_confirm
        layout = QVBoxLayout(self)
        self.text = QLabel(text)
        self.text.setObjectName("confirm_text")
        self.text.setWordWrap(True)
        layout.addWidget(self.text)
        self.typed = QLineEdit()
        self.typed.setObjectName("confirm_typed")
        if type_to_confirm is not None:
            label = QLabel(prompt)
            label.setWordWrap(True)
            label.setBuddy(self.typed)
            layout.addWidget(label)
            layout.addWidget(self.typed)
        self.typed.setVisible(type_to_confirm is not None)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.confirm_button = QPushButton(confirm)
        self.confirm_button.setObjectName("confirm_button")
        self.buttons.addButton(self.confirm_button, QDialogButtonBox.ButtonRole.AcceptRole)
        # Cancel is the default: Return alone never confirms.
        self.confirm_button.setAutoDefault(False)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.typed.textChanged.connect(self._typed)
        self._typed(self.typed.text())
        if type_to_confirm is not None:
            self.typed.setFocus()
        else:
            cancel.setFocus()

    def _typed(self, text: str) -> None:
        self.confirm_button.setEnabled(self.expected is None or text.strip() == self.expected)

    def accept(self) -> None:
        if self.confirm_button.isEnabled():
            super().accept()
