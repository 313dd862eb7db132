"""The window's search box (Ctrl+F): type, see ranked hits with their passage, open one."""

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from caseapp.app import passphrase_checker
from caseapp.store import StoreLocation
from caseapp.ui.main_window import MainWindow
from caseapp.ui.settings import UiSettings
from caseapp.ui.tabs.search import SearchTab, snippet_html
from caseapp.ui.tabs.testimonies import TestimoniesTab
from caseapp.ui.tabs.violations import ViolationsTab

pytestmark = pytest.mark.both_engines


@pytest.fixture
def window(qtbot, tab_context, demo_app, db_path: Path, tmp_path: Path) -> MainWindow:
    settings = UiSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    tabs = [
        ("testimony", TestimoniesTab(tab_context)),
        ("violation", ViolationsTab(tab_context)),
        ("search", SearchTab(tab_context, ask_name=lambda parent: "회령, 한국어만")),
    ]
    window = MainWindow(
        tabs,
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


def type_text(widget, text: str) -> None:
    for ch in text:  # Korean cannot go through keyClicks
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


def answered(qtbot, tab: SearchTab):
    """Waits for the search the block asks for (it runs on a worker thread) to be shown."""
    return qtbot.waitSignal(tab.results_shown, timeout=20000)


def search(qtbot, window: MainWindow, query: str) -> SearchTab:
    qtbot.keyClick(
        QApplication.focusWidget() or window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier
    )
    assert QApplication.focusWidget() is window.search_box
    window.search_box.clear()
    type_text(window.search_box, query)
    tab = window.tabs_by_kind["search"]
    assert isinstance(tab, SearchTab)
    with answered(qtbot, tab):
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.current_tab() is tab
    return tab


def test_korean_two_syllables_find_inflected_forms(qtbot, window, qtmodeltester) -> None:
    tab = search(qtbot, window, "회령")
    qtmodeltester.check(tab.model)
    codes = {tab.model.hits[r].code for r in range(tab.model.rowCount())}
    assert "DEMO-2016-001" in codes and len(codes) >= 4
    passages = [tab.model.hits[r].snippet for r in range(tab.model.rowCount())]
    assert any("\ue000회령" in p for p in passages)
    assert window.count_label.text().endswith("result(s)")
    # Said once, beside the status bar's messages, not also as a passing message of its own.
    assert window.statusBar().currentMessage() == ""


def test_opening_a_hit_shows_the_testimony(qtbot, window) -> None:
    tab = search(qtbot, window, '"forced labour"')
    row = next(r for r in range(tab.model.rowCount()) if tab.model.hits[r].kind == "testimony")
    code = tab.model.hits[row].code
    tab.table.setFocus()
    tab.table.selectRow(row)
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    testimonies = window.current_tab()
    assert isinstance(testimonies, TestimoniesTab)
    assert testimonies.form.fields["code"].widget.text() == code


def test_filters_narrow_the_hits(qtbot, window) -> None:
    tab = search(qtbot, window, "회령 OR Hoeryong")
    everything = tab.model.rowCount()
    with answered(qtbot, tab):
        tab.language.setCurrentIndex(tab.language.findData("en"))
    english = {tab.model.hits[r].code for r in range(tab.model.rowCount())}
    assert 0 < tab.model.rowCount() < everything
    assert all(
        code
        in {
            "DEMO-2017-001",
            "DEMO-2019-002",
            "DEMO-2023-001",
            "DEMO-2018-001",
            "DEMO-2021-001",
            "DEMO-2022-001",
            "DEMO-2018-002",
        }
        for code in english
    )


def test_a_malformed_query_gets_a_message_not_a_crash(qtbot, window) -> None:
    tab = search(qtbot, window, '"unclosed')
    assert tab.model.rowCount() == 0
    assert "quotation mark" in tab.message.text()


def test_the_query_is_hidden_when_the_window_locks(qtbot, window) -> None:
    search(qtbot, window, "탈북")
    window.lock()
    assert not window.search_box.isVisible()
    window.unlock()
    assert window.search_box.isVisible()


def test_record_text_in_passages_is_never_markup() -> None:
    assert snippet_html("<b>x</b> & \ue000hit\ue001") == "&lt;b&gt;x&lt;/b&gt; &amp; <b>hit</b>"


def test_a_saved_search_comes_back_with_its_filters(qtbot, window, tab_context) -> None:
    tab = search(qtbot, window, "회령")
    with answered(qtbot, tab):
        tab.language.setCurrentIndex(tab.language.findData("ko"))
    korean = tab.model.rowCount()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.saved.findText("회령, 한국어만") > 0
    # Elsewhere in the database, not in settings: the saved search is a record.
    assert tab_context.records.get("saved_search", tab.saved.itemData(1))["query"] == "회령"
    search(qtbot, window, "detained")
    with answered(qtbot, tab):
        tab.language.setCurrentIndex(0)
    tab.saved.setCurrentIndex(1)
    with answered(qtbot, tab):
        tab.saved.activated.emit(1)
    assert tab.query == "회령"
    assert tab.language.currentData() == "ko"
    assert tab.model.rowCount() == korean


def test_nothing_found_offers_a_word_of_the_archive_and_following_it_searches(
    qtbot, window
) -> None:
    """A typo finds nothing; the tab says so and offers the archive's nearest word as a
    link, reachable by keyboard. Following it puts the word in the search box and shows
    what it finds."""
    tab = search(qtbot, window, "보위뷰에서")
    assert tab.model.rowCount() == 0
    message = tab.message.text()
    assert "Nothing found. Did you mean" in message
    assert tab.suggestion and tab.suggestion != "보위뷰에서"
    assert f'<a href="suggestion">{tab.suggestion}</a>' in message
    assert tab.message.textInteractionFlags() & Qt.TextInteractionFlag.LinksAccessibleByKeyboard
    # By keyboard, as the label offers its link: focus it, Tab to the link, Enter.
    tab.message.setFocus()
    qtbot.keyClick(tab.message, Qt.Key.Key_Tab)
    with answered(qtbot, tab):
        qtbot.keyClick(tab.message, Qt.Key.Key_Return)
    assert window.search_box.text() == tab.suggestion
    assert tab.model.rowCount() > 0
    assert tab.message.text() == ""


def test_nothing_found_and_nothing_near_says_what_to_try(qtbot, window) -> None:
    tab = search(qtbot, window, "xylophone")
    assert tab.model.rowCount() == 0
    assert "Try another spelling" in tab.message.text()


def test_the_code_column_shows_whole_codes(qtbot, window) -> None:
    tab = search(qtbot, window, "회령")
    width = tab.table.horizontalHeader().sectionSize(1)
    metrics = tab.table.fontMetrics()
    longest = max(tab.model.hits[r].code for r in range(tab.model.rowCount()))
    assert width > metrics.horizontalAdvance(longest)


def test_a_click_selects_and_shows_a_hit_a_double_click_opens_it(qtbot, window) -> None:
    tab = search(qtbot, window, "회령")
    assert not tab.open_button.isEnabled()
    row = next(r for r in range(tab.model.rowCount()) if tab.model.hits[r].kind == "violation")
    hit = tab.model.hits[row]
    rect = tab.table.visualRect(tab.model.index(row, 1))
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_tab() is tab  # one click does not leave the results
    shown = tab.preview.toPlainText()
    assert hit.code in shown and "Violation" in shown
    assert "회령" in shown  # the passage, its hit marked in bold
    assert "<b>" in snippet_html(hit.snippet)
    assert tab.open_button.isEnabled()
    qtbot.mouseDClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    violations = window.current_tab()
    assert isinstance(violations, ViolationsTab)
    assert violations.form.uid == hit.uid


def test_a_search_by_keyboard_alone(qtbot, window) -> None:
    """Ctrl+F, the words, Enter; Down to the results (the first shown), Down again, Enter."""
    tab = search(qtbot, window, "회령")
    assert tab.model.rowCount() >= 2
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is tab.table
    assert tab.table.currentIndex().row() == 0
    assert tab.model.hits[0].code in tab.preview.toPlainText()
    qtbot.keyClick(tab.table, Qt.Key.Key_Down)
    second = tab.model.hits[1]
    assert second.code in tab.preview.toPlainText()
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    opened = window.current_tab()
    assert opened is not tab and opened.form.uid == second.uid


def test_only_the_newest_search_is_shown(qtbot, window) -> None:
    """Searches run on a worker; typing a new one before the last answered shows the new
    one's answer, never the older one arriving late."""
    tab = search(qtbot, window, "회령")
    assert tab.model.rowCount() > 0
    with answered(qtbot, tab):
        tab.search("회령 OR Hoeryong")
        tab.search("xylophone")
    qtbot.waitUntil(lambda: not tab.searching, timeout=20000)
    assert tab.model.rowCount() == 0
    assert "Try another spelling" in tab.message.text()
