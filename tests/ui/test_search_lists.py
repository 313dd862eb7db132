"""A common word searched in the window gets a best-first list in the background, and the
next search of it, read from the list, shows the same hits (caseapp/store/rank_lists.py)."""

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from sqlalchemy import text

from caseapp.app import passphrase_checker
from caseapp.store import StoreLocation, rank_lists
from caseapp.ui.main_window import MainWindow
from caseapp.ui.settings import UiSettings
from caseapp.ui.tabs import search as search_tab
from caseapp.ui.tabs.search import SearchTab


@pytest.fixture
def window(qtbot, tab_context, db_path: Path, tmp_path: Path) -> MainWindow:
    settings = UiSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(
        [("search", SearchTab(tab_context, ask_name=lambda parent: "회령"))],
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


def _search(qtbot, window: MainWindow, query: str) -> SearchTab:
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    box = window.search_box
    box.clear()
    for ch in query:  # Korean cannot go through keyClicks
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, box, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )
    tab = window.current_tab()
    assert isinstance(tab, SearchTab)
    with qtbot.waitSignal(tab.results_shown, timeout=20000):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not tab.keeping_lists, timeout=20000)
    return tab


def _lists(demo_app) -> list[tuple[str, str]]:
    with demo_app.store.engine.connect() as conn:
        return [
            tuple(row) for row in conn.execute(text("SELECT kind, phrase FROM search_rank_list"))
        ]


def test_a_common_word_searched_gets_a_list_and_the_same_hits(
    qtbot, window, demo_app, monkeypatch
) -> None:
    # The demo archive is small: a page of three hits and a "common" word of two records.
    monkeypatch.setattr(search_tab, "SEARCH_LIMIT", 3)
    monkeypatch.setattr(rank_lists, "RANK_LIST_MIN", 2)
    assert _lists(demo_app) == []
    tab = _search(qtbot, window, "회령")
    first = [(hit.uid, hit.rank) for hit in tab.model.hits]
    assert len(first) == 3
    made = _lists(demo_app)
    assert ("testimony", '- terms : "회령"*') in made
    tab = _search(qtbot, window, "회령")
    assert [(hit.uid, hit.rank) for hit in tab.model.hits] == first
    assert _lists(demo_app) == made  # made once


def test_a_rare_word_gets_no_list(qtbot, window, demo_app, monkeypatch) -> None:
    monkeypatch.setattr(search_tab, "SEARCH_LIMIT", 1)
    tab = _search(qtbot, window, "회령")  # the real threshold: far above the demo's records
    assert tab.model.hits
    assert _lists(demo_app) == []
