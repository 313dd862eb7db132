"""The few strings of Qt's own dialogs that Qt's Korean translation (qtbase_ko) lacks in the
Qt this app ships: its file dialog said "&Look in:", "Files of &type:" and "Folder" in an
otherwise Korean window. The function is never called: pyside6-lupdate reads these calls into
caseapp's .ts files, and caseapp's translator, installed after Qt's, answers them
(ui/i18n.py). tests/ui/test_translations.py opens a file dialog in Korean and looks for
English left in it, so a Qt upgrade that renames a string shows up there."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _strings_qt_leaves_in_english() -> None:  # pragma: no cover - read by lupdate only
    translate = QCoreApplication.translate
    translate("QFileDialog", "&Look in:")
    translate("QFileDialog", "Files of &type:")
    translate("QAbstractFileIconProvider", "Folder", "All other platforms")
    translate("QAbstractFileIconProvider", "Drive")
