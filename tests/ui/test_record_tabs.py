"""What every record tab does the same way, checked on each of the four as a user meets it:
Cancel on "discard changes?" keeps the record being edited, saving a record deleted
meanwhile says so, typing in the filter runs one query after a pause, the layout of the
splitter and columns comes back, and every "discard?" goes through the injected prompt."""

from __future__ import annotations

import contextlib
import dataclasses
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRunnable, QSettings, Qt, QThreadPool
from PySide6.QtWidgets import QHeaderView, QLineEdit, QMessageBox
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from caseapp.services.errors import NotFound
from caseapp.ui.paged_model import COUNT_WAIT_MS as WINDOW_WAIT_MS  # the suite waits longer
from caseapp.ui.paged_model import UID_ROLE
from caseapp.ui.settings import UiSettings
from caseapp.ui.tabs.filter_bar import FILTER_DELAY_MS
from caseapp.ui.tabs.list_editor import ListEditorTab
from caseapp.ui.tabs.regions import RegionsTab
from caseapp.ui.tabs.state_responses import StateResponsesTab
from caseapp.ui.tabs.testimonies import TestimoniesTab
from caseapp.ui.tabs.violations import ViolationsTab

from ..conftest import ASKED

# The tab, and a one-line field of its form a user may type into.
TABS: dict[str, tuple[type[ListEditorTab], str]] = {
    "testimonies": (TestimoniesTab, "title"),
    "violations": (ViolationsTab, "place"),
    "regions": (RegionsTab, "source"),
    "state_responses": (StateResponsesTab, "source"),
}

DISCARD_QUESTION = "The record has unsaved changes. Discard them?"


@pytest.fixture(params=list(TABS))
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(autouse=True)
def no_message_box(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal box would block the test forever; a tab must ask through ``ask_discard``."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("asked through QMessageBox, not the injected prompt")

    monkeypatch.setattr(QMessageBox, "question", refuse)


def make_tab(qtbot, context, kind: str) -> ListEditorTab:
    tab_class, _field = TABS[kind]
    tab = tab_class(context)
    qtbot.addWidget(tab)
    tab.resize(1400, 860)
    tab.show()
    if isinstance(tab, ViolationsTab):
        qtbot.mouseClick(tab.list_view_button, Qt.MouseButton.LeftButton)
    return tab


def click_row(qtbot, tab: ListEditorTab, row: int) -> str:
    """Click a row of the list, where a person clicks; the uid it shows."""
    index = tab.model.index(row, 0)
    tab.table.scrollTo(index)
    rect = tab.table.visualRect(index)
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    return str(index.data(UID_ROLE))


def selected_uid(tab: ListEditorTab) -> str | None:
    rows = tab.table.selectionModel().selectedRows()
    return str(rows[0].data(UID_ROLE)) if rows else None


def edit_field(qtbot, tab: ListEditorTab, kind: str, text: str) -> QLineEdit:
    widget = tab.form.fields[TABS[kind][1]].widget
    assert isinstance(widget, QLineEdit)
    widget.setFocus()
    qtbot.keyClicks(widget, text)
    assert tab.has_unsaved_changes()
    return widget


def answering(answer: bool, asked: list[str]) -> Callable[[object, str, str], bool]:
    def ask(_parent: object, _title: str, text: str) -> bool:
        asked.append(text)
        return answer

    return ask


def test_cancel_keeps_the_record_being_edited_selected(qtbot, tab_context, kind) -> None:
    asked: list[str] = []
    context = dataclasses.replace(tab_context, ask_discard=answering(False, asked))
    tab = make_tab(qtbot, context, kind)
    first = click_row(qtbot, tab, 0)
    assert tab.form.uid == first
    field = edit_field(qtbot, tab, kind, " (edited)")

    other = click_row(qtbot, tab, 1)
    assert other != first
    assert asked == [DISCARD_QUESTION]
    # Cancel: the editor keeps its record and its typing, and the list shows which one.
    assert tab.form.uid == first
    assert field.text().endswith(" (edited)")
    assert selected_uid(tab) == first
    assert tab.has_unsaved_changes()


def test_saving_a_record_deleted_meanwhile_says_so(qtbot, tab_context, kind) -> None:
    tab = make_tab(qtbot, tab_context, kind)
    messages: list[str] = []
    tab.status.connect(messages.append)
    uid = click_row(qtbot, tab, 0)
    field = edit_field(qtbot, tab, kind, " (edited)")
    before = tab.model.total()
    tab_context.records.delete(tab.KIND, uid)  # an undo in another tab, the command line

    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)  # no exception escapes

    message = tab.findChild(type(tab.editor_message), "editor_message")
    assert message is not None and message.isVisible()
    assert "deleted meanwhile" in message.text() and "Not saved" in message.text()
    assert messages[-1] == message.text()
    assert field.text().endswith(" (edited)")  # what was typed is not lost
    assert tab.model.total() == before - 1  # the list was read again
    assert uid not in {tab.model.uid_at(r) for r in range(tab.model.rowCount())}
    with pytest.raises(NotFound):  # still deleted: nothing was written to it
        tab_context.records.get(tab.KIND, uid)


def test_a_filter_typed_quickly_runs_one_query_after_the_pause(qtbot, tab_context, kind) -> None:
    tab = make_tab(qtbot, tab_context, kind)
    resets: list[int] = []
    tab.model.modelReset.connect(lambda: resets.append(tab.model.total()))
    tab.filter_text.setFocus()
    qtbot.keyClicks(tab.filter_text, "zzqx")
    assert resets == []  # not one query per key
    qtbot.waitUntil(lambda: len(resets) == 1)
    assert resets == [0]  # nothing has "zzqx"
    qtbot.wait(FILTER_DELAY_MS * 2)
    assert len(resets) == 1  # and only one
    assert tab.query.filter.text.strip() == "zzqx"


@contextlib.contextmanager
def held_counts(app) -> Iterator[tuple[threading.Event, list[str]]]:
    """Every list count off the window's thread (counted, or read from the totals the
    database keeps) waits until the test sets the event: as slow
    as a text filter's on three million violations (the database is real and untouched).
    Yields the event and the names of the threads that counted."""
    release = threading.Event()
    counted_on: list[str] = []

    def hold(conn, cursor, statement, parameters, context, executemany) -> None:
        # (A region's history, a short list of its own, is counted where it is shown.)
        totals = ("FROM count_testimony", "FROM count_province")  # a list's kept total
        listed = statement.startswith("SELECT count(") or any(t in statement for t in totals)
        if listed and "region_protection_history" not in statement:
            counted_on.append(threading.current_thread().name)
            if threading.current_thread() is not threading.main_thread():
                release.wait(10)

    event.listen(app.store.engine, "before_cursor_execute", hold)
    try:
        yield release, counted_on
    finally:
        release.set()
        event.remove(app.store.engine, "before_cursor_execute", hold)
    assert threading.main_thread().name not in counted_on  # never on the window's thread


def test_a_slow_filter_count_leaves_the_list_usable_until_it_arrives(
    qtbot, demo_app, tab_context, kind
) -> None:
    """A filter's count is taken on a worker: when it takes longer than the window waits,
    the rows on screen stay (and answer clicks and scrolling) with a note in the status bar,
    and the list changes when the count arrives. A newer filter typed meanwhile wins: the
    list never shows the one it replaced."""
    tab = make_tab(qtbot, tab_context, kind)
    tab.model.count_wait_ms = WINDOW_WAIT_MS  # the window's wait, not the suite's
    everything = tab.model.rowCount()
    assert everything > 0
    notes: list[str] = []
    tab.busy.connect(notes.append)
    counts: list[str] = []
    tab.counted.connect(lambda: counts.append(tab.count_text()))
    resets: list[int] = []
    tab.model.modelReset.connect(lambda: resets.append(tab.model.total()))
    with held_counts(demo_app) as (release, counted_on):
        tab.filter_text.setFocus()
        qtbot.keyClicks(tab.filter_text, "zzqx")
        qtbot.keyClick(tab.filter_text, Qt.Key.Key_Return)
        assert tab.model.counting
        assert notes[-1] == "Counting the records this filter keeps…"
        assert tab.model.rowCount() == everything and resets == []
        tab.table.selectRow(1)  # the old rows still answer
        assert tab.model.uid_at(1) is not None and tab.table.selectionModel().hasSelection()

        tab.filter_text.clear()  # back to everything, while "zzqx" is still counted
        qtbot.keyClick(tab.filter_text, Qt.Key.Key_Return)
        assert tab.model.counting
        release.set()
        qtbot.waitUntil(lambda: not tab.model.counting)
    assert resets == [everything]  # "zzqx"'s count arrived and was dropped
    assert tab.query.filter.text == ""
    assert counts and counts[-1] == tab.count_text()
    assert counted_on  # counted, on a worker (held_counts checks which)

    # A quick count changes the list at once, as before (and still off this thread).
    qtbot.keyClicks(tab.filter_text, "zzqx")
    qtbot.keyClick(tab.filter_text, Qt.Key.Key_Return)
    assert not tab.model.counting and tab.model.rowCount() == 0


def test_with_every_worker_busy_a_filter_is_counted_at_once(qtbot, demo_app, tab_context) -> None:
    """A count is never queued behind long work (an export and an import hold the pool):
    with no worker free, the list is counted on the window's thread, as before."""
    tab = make_tab(qtbot, tab_context, "testimonies")
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    tab.model._pool = pool  # the window's pool, full
    tab.model.count_wait_ms = WINDOW_WAIT_MS
    busy, release = threading.Event(), threading.Event()

    class LongJob(QRunnable):
        def run(self) -> None:
            busy.set()
            release.wait(10)

    job = LongJob()
    pool.start(job)
    assert busy.wait(5)
    try:
        with held_counts(demo_app) as (_release, counted_on):
            qtbot.keyClicks(tab.filter_text, "zzqx")
            qtbot.keyClick(tab.filter_text, Qt.Key.Key_Return)
            assert not tab.model.counting and tab.model.rowCount() == 0
            counted_on.clear()  # counted here, by design: held_counts checks the rest
    finally:
        release.set()
        pool.waitForDone()


def test_a_count_that_fails_leaves_the_list_as_it_was_and_says_so(
    qtbot, demo_app, tab_context, kind
) -> None:
    """A count that fails on its worker (here the server or file refusing the statement)
    leaves the rows on screen and replaces "Counting…" with a note; the error itself goes
    to the window's quiet hook, as any unexpected one does."""
    tab = make_tab(qtbot, tab_context, kind)
    tab.model.count_wait_ms = WINDOW_WAIT_MS
    everything = tab.model.rowCount()
    statuses: list[str] = []
    tab.status.connect(statuses.append)

    def refuse(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.startswith("SELECT count(") and threading.current_thread() is not (
            threading.main_thread()
        ):
            raise OperationalError(statement, parameters, Exception("disk I/O error"))

    event.listen(demo_app.store.engine, "before_cursor_execute", refuse)
    try:
        with qtbot.capture_exceptions() as raised:
            qtbot.keyClicks(tab.filter_text, "zzqx")
            qtbot.keyClick(tab.filter_text, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: not tab.model.counting)
    finally:
        event.remove(demo_app.store.engine, "before_cursor_execute", refuse)
    assert [kind for kind, *_ in raised] == [OperationalError]
    assert statuses[-1] == ("The list could not be read again; it shows the records as they were.")
    assert tab.model.rowCount() == everything and tab.query.filter.text == ""


def test_a_save_reads_the_list_again_off_the_window_thread(
    qtbot, demo_app, tab_context, kind
) -> None:
    """Saving reads the list again (the record may have moved, or left the filter): that
    count too is taken on a worker, the record is saved at once, and once the count arrives
    the saved record is selected and the status bar says so."""
    tab = make_tab(qtbot, tab_context, kind)
    tab.model.count_wait_ms = WINDOW_WAIT_MS
    statuses: list[str] = []
    tab.status.connect(statuses.append)
    uid = click_row(qtbot, tab, 0)
    field = edit_field(qtbot, tab, kind, " (edited)")
    with held_counts(demo_app) as (release, counted_on):
        qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
        assert tab.model.counting
        assert not tab.has_unsaved_changes()  # saved: only the list waits
        stored = tab_context.records.get(tab.KIND, uid)[TABS[kind][1]]
        assert stored == field.text() and stored.endswith(" (edited)")
        release.set()
        qtbot.waitUntil(lambda: not tab.model.counting)
    assert counted_on  # counted, on a worker (held_counts checks which)
    assert statuses[-1] == "Saved."
    assert selected_uid(tab) == uid


def test_the_splitter_and_columns_come_back(qtbot, tab_context, kind, tmp_path: Path) -> None:
    settings = UiSettings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    context = dataclasses.replace(tab_context, settings=settings)
    tab = make_tab(qtbot, context, kind)
    tab.splitter.moveSplitter(333, 1)  # what dragging the handle does
    sizes = tab.splitter.sizes()
    header = tab.table.horizontalHeader()
    qtbot.mouseClick(  # sort by the first column, as a click on its title does
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(0) + 5, header.height() // 2),
    )
    order = header.sortIndicatorOrder()
    assert header.sortIndicatorSection() == 0
    last = header.count() - 1
    interactive = [
        c
        for c in range(last)  # the last column takes what room is left
        if header.sectionResizeMode(c) == QHeaderView.ResizeMode.Interactive
    ]
    if interactive:
        header.resizeSection(interactive[0], 151)

    again = make_tab(qtbot, context, kind)
    assert again.splitter.sizes() == sizes
    header_again = again.table.horizontalHeader()
    assert header_again.sortIndicatorSection() == 0
    assert header_again.sortIndicatorOrder() == order
    assert again.query.sort.key == again.model.columns[0].key  # sorted in SQL as shown
    if interactive:
        assert header_again.sectionSize(interactive[0]) == 151


def test_discard_is_asked_through_the_injected_prompt(qtbot, tab_context, kind) -> None:
    tab = make_tab(qtbot, tab_context, kind)
    ASKED.clear()
    click_row(qtbot, tab, 0)
    edit_field(qtbot, tab, kind, " (edited)")
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    assert ASKED == [DISCARD_QUESTION]
    assert tab.form.uid is None  # the test's prompt answers "discard"
    assert not tab.has_unsaved_changes()


def test_a_history_entry_asks_through_the_injected_prompt(qtbot, tab_context) -> None:
    asked: list[str] = []
    context = dataclasses.replace(tab_context, ask_discard=answering(False, asked))
    tab = make_tab(qtbot, context, "regions")
    click_row(qtbot, tab, 0)
    tab.history_table.selectRow(0)
    entry = tab.entry_form.fields["note"].widget
    entry.setFocus()
    qtbot.keyClicks(entry, " (edited)")
    add_entry = tab.findChild(type(tab.save_button), "add_entry_button")
    qtbot.mouseClick(add_entry, Qt.MouseButton.LeftButton)
    assert asked == ["The history entry has unsaved changes. Discard them?"]
    assert tab.entry_form.is_dirty()  # Cancel kept the entry


def test_each_list_model_passes_the_model_tester(qtbot, qtmodeltester, tab_context, kind) -> None:
    tab = make_tab(qtbot, tab_context, kind)
    qtmodeltester.check(tab.model)
    qtbot.keyClicks(tab.filter_text, "a")
    qtbot.keyClick(tab.filter_text, Qt.Key.Key_Return)
    qtmodeltester.check(tab.model)


def test_the_violation_form_is_the_same_in_its_tab_and_in_the_testimony_editor(
    qtbot, tab_context
) -> None:
    def shown(form) -> list[tuple[str, str]]:
        return [(name, field.spec.label) for name, field in form.fields.items()]

    violations = make_tab(qtbot, tab_context, "violations")
    testimonies = make_tab(qtbot, tab_context, "testimonies")
    assert isinstance(testimonies, TestimoniesTab)
    in_editor = testimonies.violations.form
    assert shown(violations.form) == shown(in_editor)
    assert ("category", "Violation category") in shown(in_editor)
    precision = in_editor.fields["date_precision"].widget
    assert precision.itemText(0) == violations.form.fields["date_precision"].widget.itemText(0)


def test_a_filter_that_keeps_nothing_says_so(qtbot, tab_context, kind) -> None:
    tab = make_tab(qtbot, tab_context, kind)
    assert not tab.empty_note.isVisible()
    tab.filter_text.setFocus()
    qtbot.keyClicks(tab.filter_text, "zzqx")
    qtbot.waitUntil(lambda: tab.empty_note.isVisible())
    assert "Nothing matches the filter" in tab.empty_note.text()
    tab.filter_bar.clear()
    qtbot.waitUntil(lambda: not tab.empty_note.isVisible())


@pytest.mark.parametrize("tab_class", [TestimoniesTab, StateResponsesTab])
def test_a_new_archive_says_how_to_add_the_first_record(qtbot, empty_app, tab_class) -> None:
    from PySide6.QtGui import QUndoStack

    from caseapp.app import tab_context as build_tab_context

    from ..conftest import answer_discard

    context = build_tab_context(empty_app, QUndoStack(), "en", ask_discard=answer_discard)
    tab = tab_class(context)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.empty_note.isVisible())
    assert "press Save (Ctrl+S) to add the first record" in tab.empty_note.text()
