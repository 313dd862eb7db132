"""A caseworker's window on the team server shows what colleagues save, as they save it
(PostgreSQL LISTEN/NOTIFY; caseapp/store/change_feed.py), and leaves unsaved typing alone."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from caseapp.app import CaseApp
from caseapp.ui.main_window import MainWindow
from caseapp.ui.settings import UiSettings
from caseapp.ui.tabs.testimonies import TestimoniesTab

from ..conftest import reopen
from .test_testimonies_tab import cell, field, open_code, type_text, uid_of


@pytest.fixture
def store_engine() -> str:
    return "postgresql"  # a feed exists only on a server


@pytest.fixture
def colleague(demo_app: CaseApp):
    other = reopen(demo_app)
    yield other
    other.close()


def test_a_colleagues_save_arrives_and_their_own_saves_are_not_news(
    demo_app: CaseApp, colleague: CaseApp
) -> None:
    feed = demo_app.store.change_feed()
    assert feed is not None
    try:
        uid = colleague.records.create("testimony", {"title": "Camp 25", "language": "en"})
        heard: set[str] = set()
        for _ in range(200):  # delivered at the colleague's commit; read without waiting
            heard |= feed.poll()
            if heard:
                break
            time.sleep(0.05)
        assert heard == {"testimony"}
        demo_app.records.update("testimony", uid, {"title": "Camp 25 (Chongori)"})
        assert feed.poll() == set()  # our own save is not news to us
    finally:
        feed.close()


def test_the_window_shows_a_colleagues_save_and_keeps_unsaved_typing(
    qtbot, tab_context, demo_app: CaseApp, colleague: CaseApp, tmp_path: Path
) -> None:
    settings = UiSettings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    tab = TestimoniesTab(tab_context)
    window = MainWindow(
        [("testimony", tab)],
        tab_context.undo,
        settings,
        None,
        "team server",
        ask=tab_context.ask_discard,
        change_feed=demo_app.store.change_feed(),
    )
    qtbot.addWidget(window)
    window.resize(1400, 800)
    window.show()
    open_code(qtbot, tab, "DEMO-2016-001")
    summary = field(tab, "summary")
    summary.setFocus()
    type_text(summary, "아직 저장 안 함 ")

    other = uid_of(tab_context, "DEMO-2015-001")
    colleague.records.update("testimony", other, {"title": "동료가 방금 고친 제목"})
    qtbot.waitUntil(lambda: cell(tab, "DEMO-2015-001", 1) == "동료가 방금 고친 제목", timeout=10000)
    assert "아직 저장 안 함" in summary.toPlainText()  # the open editor was left alone
    window.close()
