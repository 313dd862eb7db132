"""Translations: every string in the code is in the .ts files and translated, the Korean
interface really shows Korean (tr() contexts, inherited methods, validation messages), and
English plurals read "1 testimony"."""

import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import QApplication

from caseapp.services.errors import FieldProblem, ValidationError
from caseapp.services.messages import Message, kind_message, precision_message
from caseapp.ui.i18n import install_translators
from caseapp.ui.messages import tr_message
from caseapp.ui.settings import UiSettings

from ..conftest import ASKED
from .test_main_window import make_window

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "resources" / "i18n"


@contextmanager
def translated(language: str) -> Iterator[None]:
    """The application's translators for ``language`` while the block runs, and none after,
    so that the other tests see the English source strings."""
    app = QApplication.instance()
    assert app is not None
    translators = install_translators(app, language)
    assert translators, f"no translation installed for {language}"
    try:
        yield
    finally:
        for translator in translators:
            app.removeTranslator(translator)


@pytest.fixture
def settings(tmp_path: Path) -> UiSettings:
    return UiSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


def messages(ts: Path) -> list[ET.Element]:
    return list(ET.parse(ts).getroot().iter("message"))


def test_translation_files_are_up_to_date() -> None:
    """A string added to the code without running packaging/update_translations.py (and so
    without a translation) fails here."""
    result = subprocess.run(
        [sys.executable, "packaging/update_translations.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr


def test_every_korean_string_is_translated() -> None:
    found = messages(I18N / "caseapp_ko.ts")
    assert len(found) > 300
    unfinished = []
    for message in found:
        translation = message.find("translation")
        assert translation is not None
        forms = [f.text for f in translation.findall("numerusform")] or [translation.text]
        if translation.get("type") == "unfinished" or not all(forms):
            unfinished.append(message.findtext("source"))
    assert unfinished == []


def test_the_english_file_holds_only_plural_forms() -> None:
    found = messages(I18N / "caseapp_en.ts")
    assert found
    for message in found:
        assert message.get("numerus") == "yes"
        translation = message.find("translation")
        assert translation is not None and translation.get("type") is None
        assert [bool(f.text) for f in translation.findall("numerusform")] == [True, True]


def test_the_korean_window_shows_korean(qtbot, tab_context, settings, db_path) -> None:
    with translated("ko"):
        window = make_window(qtbot, tab_context, settings, db_path)
        menus = [action.text() for action in window.menuBar().actions()]
        assert menus == ["기록(&R)", "편집(&E)", "보고서(&P)"]
        assert window.tab_widget.tabText(0) == "국가 입장"
        assert window.count_label.text() == "국가 입장 4건"

        tab = window.current_tab()
        # Strings of the base class RecordTab, called on a StateResponsesTab: PySide6 must
        # look them up under RecordTab, where lupdate filed them.
        shown: list[str] = []
        tab.status.connect(shown.append)
        tab.table.selectRow(0)
        tab.delete_selected()
        assert shown[-1] == "삭제했습니다. Ctrl+Z로 되돌릴 수 있습니다."
        qtbot.keyClicks(tab.form.fields["aspect"].widget, "half-typed")
        assert tab.confirm_discard()
        assert ASKED[-1] == "이 기록에 저장하지 않은 변경 사항이 있습니다. 버릴까요?"

        # A validation message from the services, beside its field.
        tab.new_record()
        qtbot.keyClicks(tab.form.fields["aspect"].widget, "Anything")
        qtbot.keyClicks(tab.form.fields["statement_date"].widget, "2019-13-40")
        tab.save_record()
        error = tab.form.fields["statement_date"].error
        assert error.text() == "2019-13-40은(는) 존재하지 않는 날짜입니다(13월)"


def test_validation_messages_follow_the_interface_language(qapp) -> None:
    impossible = Message("date.bad_month", date="2019-13-40", month=13)
    exact = Message("date.needs_date", precision=precision_message("exact"))
    taken = FieldProblem(
        "code", Message("record.code_taken", code="T-1", kind=kind_message("person")), 3
    )
    with translated("ko"):
        assert tr_message(impossible) == "2019-13-40은(는) 존재하지 않는 날짜입니다(13월)"
        assert tr_message(Message("field.required")) == "필수 항목입니다"
        assert tr_message(exact) == "정확도가 ‘정확한 날짜’이면 날짜가 필요합니다"
        assert tr_message(taken.located()) == (
            "3행, code: T-1은(는) 다른 인물 기록에서 이미 쓰고 있습니다"
        )
        # The message that stayed English under the pattern matching.
        assert tr_message(Message("query.unclosed_quote")) == "따옴표가 닫히지 않았습니다"
    # Without a translator every message reads exactly as the services' English.
    for message in (
        impossible,
        Message("field.required"),
        exact,
        Message("date.malformed", text=repr("winter 2019…")),
        Message("record.one_per_deleted", kind=kind_message("consent")),
        Message("record.deleted_restore", kind=kind_message("state_response"), record="0a1b"),
        Message("field.too_long", length=250_001, limit=200_000),
        Message("field.not_a_choice", choices="draft, reviewed, verified", value="'final'"),
        ValidationError([FieldProblem("date_start", impossible)] * 3).message,
    ):
        assert tr_message(message) == str(message)
    assert str(Message("field.too_long", length=250_001, limit=200_000)) == (
        "is too long (250,001 characters; at most 200,000)"
    )


def test_english_plurals(qapp) -> None:
    def testimonies(n: int) -> str:
        return QCoreApplication.translate("TestimoniesTab", "%n testimonies", "", n)

    assert testimonies(1) == "1 testimonies"  # the source string, without a translator
    with translated("en"):
        assert testimonies(1) == "1 testimony"
        assert testimonies(2) == "2 testimonies"
        assert QCoreApplication.translate("ViolationsTab", "%n violation(s)", "", 1) == (
            "1 violation"
        )
        empty = FieldProblem("code", Message("field.empty"))
        assert tr_message(ValidationError([empty, empty]).message) == (
            "code: cannot be empty (and 1 more problem)"
        )


def test_the_file_dialog_is_korean_in_a_korean_window(qtbot, tmp_path: Path) -> None:
    """Qt's widget file dialog (what the window shows where the desktop offers none), with a
    folder and a file in it: no English label, header or type left."""
    import re

    from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel, QTreeView

    (tmp_path / "보고서").mkdir()
    (tmp_path / "cases.csv").write_text("code\n", encoding="utf-8")
    with translated("ko"):
        dialog = QFileDialog(None, "CSV", str(tmp_path))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        qtbot.addWidget(dialog)
        dialog.show()
        tree = dialog.findChild(QTreeView)
        model = tree.model()
        qtbot.waitUntil(lambda: model.rowCount(tree.rootIndex()) == 2)
        shown = [w.text() for w in dialog.findChildren(QLabel)]
        shown += [w.text() for w in dialog.findChildren(QAbstractButton) if w.text()]
        shown += [
            str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())
        ]
        folder = next(
            model.index(r, 0, tree.rootIndex())
            for r in range(2)
            if model.index(r, 0, tree.rootIndex()).data() == "보고서"
        )
        shown.append(str(model.index(folder.row(), 2, tree.rootIndex()).data()))
        english = [text for text in shown if re.search("[A-Za-z]{3,}", text)]
        assert english == [], english
        dialog.reject()
