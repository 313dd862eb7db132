"""The question asked before unsaved typing is thrown away says so in both languages (issue
17: under "버릴까요?" Qt's own Korean labelled its Discard button 무시, "ignore")."""

from __future__ import annotations

import contextlib

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from caseapp.ui.prompts import ask_discard

from .test_translations import translated


def answer(choose: str, seen: dict[str, list[str]]) -> None:
    """Read the open question's buttons as a person would, then press one of them."""
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox)
    seen["buttons"] = [button.text() for button in box.buttons()]
    seen["default"] = [box.defaultButton().text()]
    role = {
        "discard": QMessageBox.ButtonRole.DestructiveRole,
        "keep": QMessageBox.ButtonRole.RejectRole,
    }
    (button,) = [b for b in box.buttons() if box.buttonRole(b) == role[choose]]
    button.click()


@pytest.mark.parametrize(
    ("language", "discard", "keep"),
    [("en", "Discard changes", "Keep editing"), ("ko", "변경 내용 버리기", "계속 편집")],
)
@pytest.mark.parametrize("choose", ["discard", "keep"])
def test_the_buttons_say_what_they_do(qtbot, language, discard, keep, choose) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: dict[str, list[str]] = {}
    context = translated(language) if language != "en" else contextlib.nullcontext()
    with context:
        QTimer.singleShot(0, lambda: answer(choose, seen))
        result = ask_discard(parent, "title", "text")
    assert sorted(seen["buttons"]) == sorted([discard, keep])
    assert seen["default"] == [keep]  # Enter keeps the typing
    assert result is (choose == "discard")
