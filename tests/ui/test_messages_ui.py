"""The window shows the services' problems in the interface language: a malformed search
and a date problem in Korean under the Korean translator, the English sentence without."""

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from caseapp.app import passphrase_checker
from caseapp.services.errors import FieldProblem, ValidationError
from caseapp.services.messages import Message
from caseapp.store import StoreLocation, WrongPassphrase
from caseapp.ui.main_window import MainWindow
from caseapp.ui.messages import tr_error
from caseapp.ui.settings import UiSettings
from caseapp.ui.tabs.search import SearchTab

from .test_search_tab import type_text
from .test_translations import translated


@pytest.fixture
def window(qtbot, tab_context, db_path: Path, tmp_path: Path) -> MainWindow:
    settings = UiSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(
        [("search", SearchTab(tab_context, ask_name=lambda parent: "unused"))],
        tab_context.undo,
        settings,
        passphrase_checker(StoreLocation(path=db_path)),
        str(db_path),
        ask=tab_context.ask_discard,
    )
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    return window


def search_for(qtbot, window: MainWindow, query: str) -> SearchTab:
    qtbot.keyClick(
        QApplication.focusWidget() or window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier
    )
    window.search_box.clear()
    type_text(window.search_box, query)
    tab = window.tabs_by_kind["search"]
    assert isinstance(tab, SearchTab)
    with qtbot.waitSignal(tab.results_shown, timeout=20000):  # it searches on a worker
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    return tab


def test_a_malformed_search_is_explained_in_korean(qtbot, window) -> None:
    with translated("ko"):
        tab = search_for(qtbot, window, '"unclosed')
        assert tab.message.text() == "따옴표가 닫히지 않았습니다"
        tab = search_for(qtbot, window, "(회령")
        assert tab.message.text() == "괄호가 닫히지 않았습니다"
        tab = search_for(qtbot, window, "detention OR")
        assert tab.message.text() == "OR 뒤에 검색어가 있어야 합니다"


def test_a_malformed_search_reads_english_without_a_translator(qtbot, window) -> None:
    tab = search_for(qtbot, window, '"unclosed')
    assert tab.message.text() == "a quotation mark is not closed"


def test_an_impossible_date_filter_is_explained_in_korean(qtbot, window) -> None:
    with translated("ko"):
        tab = search_for(qtbot, window, "회령")
        tab.date_from.setFocus()
        qtbot.keyClicks(tab.date_from, "2019-13")
        with qtbot.waitSignal(tab.results_shown, timeout=20000):
            qtbot.keyClick(tab.date_from, Qt.Key.Key_Return)
        assert tab.message.text() == "날짜 필터: 2019-13은(는) 존재하지 않는 날짜입니다(13월)"


def test_errors_of_the_store_and_the_services_in_korean(qapp) -> None:
    problem = FieldProblem("code", Message("field.empty"), 2)
    with translated("ko"):
        assert tr_error(WrongPassphrase(Message("store.wrong_passphrase"))) == (
            "암호 문구가 틀렸습니다"
        )
        assert tr_error(ValidationError([problem, problem, problem])) == (
            "2행, code: 비워 둘 수 없습니다 (외 문제 2건)"
        )
    assert tr_error(ValidationError([problem])) == "row 2, code: cannot be empty"


def test_a_files_system_error_in_the_interface_language(qapp) -> None:
    """A bundle's or an export's file failing after its session ended reaches the window as
    the system's error naming the file: said like the store's own, translated."""
    import errno

    stick = "/media/field/STICK/up.bundle"
    full = OSError(errno.ENOSPC, "No space left on device", stick)
    read_only = OSError(errno.EROFS, "Read-only file system", stick)
    assert tr_error(full) == f"the disk holding {stick} is full; free some space and try again"
    with translated("ko"):
        assert tr_error(full) == (
            f"{stick}이(가) 있는 디스크가 가득 찼습니다. 공간을 확보한 뒤 다시 시도하십시오"
        )
        assert tr_error(read_only) == f"{stick}에 쓸 수 없습니다: 디스크나 폴더가 읽기 전용입니다"
    unnamed = OSError(errno.ENOSPC, "No space left on device")
    assert tr_error(unnamed) == str(unnamed)  # not taken for any file of ours
