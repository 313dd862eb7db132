"""The Qt binding must not corrupt the interpreter: PySide6 6.12.0 on Python 3.11 drops a
reference to None on every call of a method that returns nothing, and the process aborts
("none_dealloc") once the count reaches zero, minutes into a session."""

import sys

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLineEdit


def test_void_qt_calls_keep_none_alive(qtbot) -> None:
    size = QSize()
    line = QLineEdit()
    qtbot.addWidget(line)
    before = sys.getrefcount(None)
    for _ in range(2000):
        size.setWidth(3)
        line.setText("x")
    assert sys.getrefcount(None) >= before - 50
