"""The violations tab, driven as a user would: the tabulation by category against the demo
data, the list with its filters, editing, deleting and undoing, and the way to a testimony."""

import calendar
import dataclasses
import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from caseapp.ui.paged_model import ROW_ROLE
from caseapp.ui.tabs.violation_categories import CATEGORY_ROLE, CategoryTableModel
from caseapp.ui.tabs.violations import ViolationsTab

pytestmark = pytest.mark.both_engines

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "demo.json"
COL = CategoryTableModel


# -- what the demo file says, computed here independently of the application ----------------


def demo_violations() -> list[dict[str, Any]]:
    """Every demo violation, with the code of its testimony."""
    data = json.loads(DEMO.read_text(encoding="utf-8"))
    return [
        {**violation, "testimony_code": testimony["code"]}
        for testimony in data["testimonies"]
        for violation in testimony["violations"]
    ]


def span(start: str, end: str | None) -> tuple[date, date]:
    def first(text: str) -> date:
        parts = [int(p) for p in text.split("-")]
        return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)

    def last(text: str) -> date:
        parts = [int(p) for p in text.split("-")]
        month = parts[1] if len(parts) > 1 else 12
        day = parts[2] if len(parts) > 2 else calendar.monthrange(parts[0], month)[1]
        return date(parts[0], month, day)

    return first(start), last(end or start)


def key(v: dict[str, Any]) -> tuple[str, str, str]:
    """What identifies a demo violation on screen: testimony, start date, category."""
    return (v["testimony_code"], v["date_start"] or "", v["category"])


# -- driving the tab -------------------------------------------------------------------------


def make_tab(qtbot, tab_context) -> ViolationsTab:
    tab = ViolationsTab(tab_context)
    qtbot.addWidget(tab)
    tab.resize(1500, 800)
    tab.show()
    tabulated(tab)
    return tab


def tabulated(tab: ViolationsTab) -> None:
    """Waits for the tabulation by category, read on a worker thread, to be on screen."""
    for _ in range(4000):  # at most 20 s
        if not tab.tabulating:
            return
        QTest.qWait(5)
    raise AssertionError("the tabulation never arrived")


def listed(tab: ViolationsTab) -> list[tuple[str, str, str]]:
    model = tab.model
    return [key(model.index(r, 0).data(ROW_ROLE)) for r in range(model.rowCount())]


def table_rows(tab: ViolationsTab) -> dict[str, dict[int, str]]:
    """The tabulation as shown: category code -> column -> text."""
    tabulated(tab)
    proxy = tab.category_proxy
    shown = {}
    for r in range(proxy.rowCount()):
        code = proxy.index(r, 0).data(CATEGORY_ROLE)
        shown[code] = {c: proxy.index(r, c).data() for c in range(proxy.columnCount())}
    return shown


def click(qtbot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def button(tab: ViolationsTab, name: str) -> QWidget:
    found = tab.findChild(QWidget, name)
    assert found is not None, name
    return found


def pick(combo: QComboBox, code: str) -> None:
    """Choose the entry with this code, as a user picking it from the list would."""
    position = combo.findData(code)
    assert position >= 0, code
    combo.setCurrentIndex(position)


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type, Korean included (qtbot.keyClicks aborts on non-ASCII characters)."""
    for ch in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


def filtered(qtbot, tab: ViolationsTab) -> None:
    """Wait, as a user does, for the pause after typing that filters the list."""
    qtbot.waitUntil(lambda: not tab.filter_bar.timer.isActive())


def replace_text(qtbot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def click_category_row(qtbot, tab: ViolationsTab, code: str) -> None:
    tabulated(tab)
    proxy = tab.category_proxy
    for r in range(proxy.rowCount()):
        index = proxy.index(r, 0)
        if index.data(CATEGORY_ROLE) == code:
            rect = tab.category_table.visualRect(index)
            qtbot.mouseClick(
                tab.category_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center()
            )
            return
    raise AssertionError(f"no row for {code}")


def select_first_row(tab: ViolationsTab) -> dict[str, Any]:
    tab.table.selectRow(0)
    row: dict[str, Any] = tab.model.index(0, 0).data(ROW_ROLE)
    assert tab.form.uid == row["uid"]
    return row


# -- the tests ---------------------------------------------------------------------------------


def test_both_models_pass_the_model_tester(qtbot, qtmodeltester, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    qtmodeltester.check(tab.category_model)
    qtmodeltester.check(tab.category_proxy)
    tab.show_list_view()
    qtmodeltester.check(tab.model)


def test_the_table_view_is_the_seed_table_for_the_demo_data(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    assert tab.pages.currentIndex() == tab.TABLE_PAGE
    vocabulary = tab_context.vocabulary
    violations = demo_violations()
    shown = table_rows(tab)
    assert set(shown) == {v["category"] for v in violations}

    for category, cells in shown.items():
        mine = [v for v in violations if v["category"] == category]
        impacts = Counter(v["reported_impact"] for v in mine if v["reported_impact"])
        statuses = Counter(v["un_response_status"] for v in mine)
        ranked_impacts = sorted(impacts.items(), key=lambda p: (-p[1], p[0]))
        ranked_statuses = sorted(statuses.items(), key=lambda p: (-p[1], p[0]))
        assert cells[COL.CATEGORY] == vocabulary.label("violation_category", category, "en")
        assert cells[COL.VIOLATIONS] == str(len(mine))
        assert cells[COL.TESTIMONIES] == str(len({v["testimony_code"] for v in mine}))
        assert cells[COL.IMPACT] == ", ".join(f"{i} ({n})" for i, n in ranked_impacts)
        assert cells[COL.UN_RESPONSE] == ", ".join(
            f"{vocabulary.label('un_response_status', s, 'en')} ({n})" for s, n in ranked_statuses
        )

    # The seed table, row for row, most violations first.
    order = [tab.category_proxy.index(r, COL.CATEGORY).data() for r in range(3)]
    assert order == ["Forced labour", "Political repression", "Freedom of expression"]
    assert shown["forced_labour"][COL.IMPACT].startswith("Thousands in camps (4)")
    assert shown["forced_labour"][COL.UN_RESPONSE].startswith("Investigations ongoing (6)")
    assert shown["political_repression"][COL.UN_RESPONSE].startswith("Sanctions enforced (5)")
    assert "Arbitrary detentions (3)" in shown["political_repression"][COL.IMPACT]
    assert shown["freedom_of_expression"][COL.IMPACT].startswith("Complete censorship (3)")
    assert shown["freedom_of_expression"][COL.UN_RESPONSE].startswith("Public calls")
    assert tab.count_text() == f"{len(violations)} violation(s)"


def test_the_table_sorts_by_clicking_headers(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    tab.category_table.sortByColumn(COL.CATEGORY, Qt.SortOrder.AscendingOrder)
    codes = [
        tab.category_proxy.index(r, 0).data(CATEGORY_ROLE)
        for r in range(tab.category_proxy.rowCount())
    ]
    order = {t.code: t.sort_order for t in tab_context.vocabulary.terms("violation_category")}
    assert codes == sorted(codes, key=order.__getitem__)  # the vocabulary's order
    tab.category_table.sortByColumn(COL.VIOLATIONS, Qt.SortOrder.AscendingOrder)
    counts = [
        int(tab.category_proxy.index(r, COL.VIOLATIONS).data())
        for r in range(tab.category_proxy.rowCount())
    ]
    assert counts == sorted(counts)


def test_labels_follow_the_interface_language(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, dataclasses.replace(tab_context, language="ko"))
    shown = table_rows(tab)
    assert shown["forced_labour"][COL.CATEGORY] == "강제노동"
    assert shown["forced_labour"][COL.UN_RESPONSE].startswith("조사 진행 중 (6)")
    combo = tab.form.fields["category"].widget
    assert isinstance(combo, QComboBox)
    assert combo.itemText(combo.findData("torture")).strip() == "고문"


def test_clicking_a_category_row_lists_exactly_its_violations(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    for category in ("torture", "forced_labour", "trafficking"):
        tab.show_table_view()
        click_category_row(qtbot, tab, category)
        assert tab.pages.currentIndex() == tab.LIST_PAGE
        expected = sorted(key(v) for v in demo_violations() if v["category"] == category)
        assert sorted(listed(tab)) == expected
        assert tab.count_text() == f"{len(expected)} violation(s)"
        assert tab.filter_category.currentData() == category


def test_each_filter_narrows_the_list(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    click(qtbot, button(tab, "list_view_button"))
    violations = demo_violations()
    everything = sorted(key(v) for v in violations)
    assert sorted(listed(tab)) == everything

    def expect(predicate) -> list[tuple[str, str, str]]:
        return sorted(key(v) for v in violations if predicate(v))

    # A parent category includes its children: "Detention, torture and executions".
    children = {
        t.code
        for t in tab_context.vocabulary.terms("violation_category")
        if t.parent_code == "detention"
    }
    pick(tab.filter_category, "detention")
    assert sorted(listed(tab)) == expect(lambda v: v["category"] in children)
    assert {"torture", "public_execution"} <= {c for _, _, c in listed(tab)}
    pick(tab.filter_category, "")

    pick(tab.filter_province, "north_hamgyong")
    assert sorted(listed(tab)) == expect(lambda v: v["province"] == "north_hamgyong")
    pick(tab.filter_province, "china")  # a country: its provinces are included
    assert sorted(listed(tab)) == expect(lambda v: v["province"] in {"jilin", "liaoning"})
    pick(tab.filter_province, "")

    pick(tab.filter_perpetrator, "mss")
    assert sorted(listed(tab)) == expect(lambda v: v["perpetrator"] == "mss")
    pick(tab.filter_perpetrator, "")
    pick(tab.filter_un_status, "not_submitted")
    assert sorted(listed(tab)) == expect(lambda v: v["un_response_status"] == "not_submitted")
    pick(tab.filter_un_status, "")
    pick(tab.filter_verification, "likely")
    assert sorted(listed(tab)) == expect(lambda v: v["verification_status"] == "likely")
    pick(tab.filter_verification, "")

    qtbot.keyClicks(tab.filter_text, "camp")
    filtered(qtbot, tab)
    assert sorted(listed(tab)) == expect(
        lambda v: "camp" in (v["place"] + " " + v["reported_impact"]).lower()
    )
    tab.filter_text.clear()
    type_text(qtbot, tab.filter_text, "회령")
    filtered(qtbot, tab)
    assert sorted(listed(tab)) == expect(lambda v: "회령" in v["place"] + v["reported_impact"])
    assert listed(tab)
    tab.filter_text.clear()
    filtered(qtbot, tab)
    assert sorted(listed(tab)) == everything


def overlapping(first: date, last: date):
    def test(v: dict[str, Any]) -> bool:
        if not v["date_start"]:
            return False
        start, end = span(v["date_start"], v["date_end"])
        return start <= last and end >= first

    return test


def test_a_date_range_finds_year_and_range_dates_that_overlap_it(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    tab.show_list_view()
    violations = demo_violations()

    qtbot.keyClicks(tab.filter_from, "2012")
    qtbot.keyClicks(tab.filter_to, "2012")
    filtered(qtbot, tab)
    found = listed(tab)
    expected = sorted(
        key(v) for v in violations if overlapping(date(2012, 1, 1), date(2012, 12, 31))(v)
    )
    assert sorted(found) == expected
    precisions = {v["date_precision"] for v in violations if key(v) in found}
    assert {"year", "range", "month", "exact"} <= precisions
    assert ("DEMO-2018-002", "2012-05", "forced_labour") in found  # range 2012-05 – 2015-08

    # A month inside a range-precision violation (2018-12 – 2019-10) finds it.
    replace_text(qtbot, tab.filter_from, "2019-03")
    replace_text(qtbot, tab.filter_to, "2019-03")
    filtered(qtbot, tab)
    expected = sorted(
        key(v) for v in violations if overlapping(date(2019, 3, 1), date(2019, 3, 31))(v)
    )
    assert sorted(listed(tab)) == expected
    assert [v["date_end"] for v in violations if key(v) in listed(tab)] == ["2019-10"]

    # A date that cannot be: the message is shown by the field, the list stays as it was.
    before = listed(tab)
    replace_text(qtbot, tab.filter_to, "2019-13")
    qtbot.keyClick(tab.filter_to, Qt.Key.Key_Return)
    assert tab.filter_message.isVisible()
    assert "2019-13" in tab.filter_message.text()
    assert listed(tab) == before
    click(qtbot, button(tab, "clear_filters_button"))
    assert not tab.filter_message.isVisible()
    assert len(listed(tab)) == len(violations)


def test_editing_the_category_updates_the_table_view(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    before = table_rows(tab)
    click_category_row(qtbot, tab, "forced_labour")
    row = select_first_row(tab)
    assert row["category"] == "forced_labour"

    pick(tab.form.fields["category"].widget, "trafficking")
    assert tab.has_unsaved_changes()
    with qtbot.waitSignal(tab.changed):
        click(qtbot, button(tab, "save_button"))
    assert not tab.has_unsaved_changes()
    assert tab.table.selectionModel().selectedRows() == []  # it left the forced labour list
    assert tab.form.uid == row["uid"]  # and stays in the editor
    assert tab_context.records.get("violation", row["uid"])["category"] == "trafficking"
    assert len(listed(tab)) == int(before["forced_labour"][COL.VIOLATIONS]) - 1

    click(qtbot, button(tab, "table_view_button"))
    after = table_rows(tab)
    assert int(after["forced_labour"][COL.VIOLATIONS]) == 7
    assert int(after["trafficking"][COL.VIOLATIONS]) == 3
    assert row["reported_impact"] + " (1)" in after["trafficking"][COL.IMPACT]


def test_an_impossible_date_is_shown_next_to_the_field(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    tab.show_list_view()
    row = select_first_row(tab)
    stored = tab_context.records.get("violation", row["uid"])
    replace_text(qtbot, tab.form.fields["date_start"].widget, "2019-13-40")
    click(qtbot, button(tab, "save_button"))
    error = tab.form.fields["date_start"].error
    assert error.isVisible() and "not a real date" in error.text()
    assert tab_context.records.get("violation", row["uid"]) == stored
    assert tab.has_unsaved_changes()
    tab.show_table_view()
    tabulated(tab)
    assert tab.count_text() == "35 violation(s)"


def test_delete_and_undo(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    click_category_row(qtbot, tab, "forced_labour")
    row = select_first_row(tab)
    messages: list[str] = []
    tab.status.connect(messages.append)
    counts: list[str] = []
    tab.counted.connect(lambda: counts.append(tab.count_text()))

    click(qtbot, button(tab, "delete_button"))
    assert len(listed(tab)) == 7
    assert tab.form.uid is None
    assert any("Undo" in m for m in messages)
    assert counts[-1] == "7 violation(s)"
    tab.show_table_view()
    assert table_rows(tab)["forced_labour"][COL.VIOLATIONS] == "7"

    tab_context.undo.undo()
    assert table_rows(tab)["forced_labour"][COL.VIOLATIONS] == "8"
    tab.show_list_view()
    assert row["uid"] in {tab.model.uid_at(r) for r in range(tab.model.rowCount())}
    tab_context.undo.redo()
    assert len(listed(tab)) == 7


def test_open_testimony_asks_for_the_right_testimony(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    tab.show_list_view()
    row = select_first_row(tab)
    assert tab.testimony_code_edit.text() == row["testimony_code"]
    assert tab.testimony_code_edit.isReadOnly()
    expected = tab_context.listings.testimony_uid_by_code(row["testimony_code"])
    with qtbot.waitSignal(tab.open_record) as blocker:
        click(qtbot, button(tab, "open_testimony_button"))
    assert blocker.args == ["testimony", expected]


def test_a_new_violation_for_a_typed_testimony_code(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    click(qtbot, button(tab, "new_button"))
    assert tab.pages.currentIndex() == tab.LIST_PAGE
    assert not button(tab, "open_testimony_button").isEnabled()

    pick(tab.form.fields["category"].widget, "torture")
    click(qtbot, button(tab, "save_button"))
    assert tab.testimony_code_error.isVisible()  # no testimony yet
    qtbot.keyClicks(tab.testimony_code_edit, "NO-SUCH-CODE")
    click(qtbot, button(tab, "save_button"))
    assert "NO-SUCH-CODE" in tab.testimony_code_error.text()
    assert tab.model.total() == 35

    replace_text(qtbot, tab.testimony_code_edit, "DEMO-2015-001")
    qtbot.keyClicks(tab.form.fields["date_start"].widget, "2010")
    qtbot.keyClicks(tab.form.fields["place"].widget, "Hoeryong")
    click(qtbot, button(tab, "save_button"))
    assert not tab.testimony_code_error.isVisible()
    assert tab.form.uid is not None
    assert tab.model.total() == 36
    saved = tab_context.records.get("violation", tab.form.uid)
    assert saved["testimony_uid"] == tab_context.listings.testimony_uid_by_code("DEMO-2015-001")
    assert (saved["category"], saved["date_start"], saved["date_precision"]) == (
        "torture",
        "2010",
        "year",
    )
    assert tab.testimony_code_edit.isReadOnly()
    tab.show_table_view()
    assert table_rows(tab)["torture"][COL.VIOLATIONS] == "4"


def test_keyboard_hooks(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    with qtbot.waitActive(tab):
        tab.activateWindow()
    tab.focus_filter()  # Ctrl+F in the window
    assert tab.pages.currentIndex() == tab.LIST_PAGE
    assert tab.filter_text.hasFocus()
    row = select_first_row(tab)
    tab.show_table_view()
    tab.delete_selected()  # not from a view that does not show the record
    assert tab_context.records.get("violation", row["uid"])["deleted_at"] is None
    tab.new_record()  # Ctrl+N
    assert tab.testimony_code_edit.hasFocus() and tab.form.uid is None
    qtbot.keyClicks(tab.form.fields["place"].widget, "Onsong")
    assert tab.has_unsaved_changes()


def test_the_list_sorts_in_sql(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    tab.show_list_view()
    tab.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    codes = [c for c, _, _ in listed(tab)]
    assert codes == sorted(codes)
    tab.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    dates = [d for _, d, _ in listed(tab)]
    assert dates[0] == ""  # the violation with an unknown date comes first
    assert dates[1:] == sorted(d for d in dates if d)
    tab.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    order = {t.code: t.sort_order for t in tab_context.vocabulary.terms("violation_category")}
    categories = [c for _, _, c in listed(tab)]
    assert categories == sorted(categories, key=order.__getitem__)


def test_the_list_offers_only_the_sorts_an_index_serves(qtbot, tab_context) -> None:
    """Sorting by a column with no index to sort by would sort every violation for each
    page (issue 18): the tab offers the sorts tests/test_list_sorts.py checks, and a click
    on another column's header changes neither the order nor the arrow."""
    from ..test_list_sorts import VIOLATION_SORTS

    tab = make_tab(qtbot, tab_context)
    tab.show_list_view()
    sortable = [c.key for c in tab.model.columns if c.sortable]
    assert sortable == list(VIOLATION_SORTS)
    header = tab.table.horizontalHeader()
    tab.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    before = listed(tab)
    perpetrator = next(i for i, c in enumerate(tab.model.columns) if c.key == "perpetrator")
    tab.table.sortByColumn(perpetrator, Qt.SortOrder.AscendingOrder)
    assert header.sortIndicatorSection() == 0
    assert listed(tab) == before
    # Its header says why, where a person looks (the tooltip); a sortable one says nothing.
    tip = Qt.ItemDataRole.ToolTipRole
    horizontal = Qt.Orientation.Horizontal
    assert tab.model.headerData(perpetrator, horizontal, tip) == (
        "The list cannot be sorted by this column"
    )
    assert tab.model.headerData(0, horizontal, tip) is None


def test_dates_are_shown_with_their_precision(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    tab.show_list_view()
    shown = {}
    for r in range(tab.model.rowCount()):
        row = tab.model.index(r, 0).data(ROW_ROLE)
        shown[(row["date_start"], row["date_end"], row["date_precision"])] = tab.model.index(
            r, 2
        ).data()
    assert shown[("1997", "1998", "range")] == "1997 – 1998"
    assert shown[("1999", None, "estimate")] == "c. 1999"
    assert shown[("2008-12-03", None, "exact")] == "2008-12-03"
    assert shown[(None, None, "unknown")] == "unknown"


def test_a_deleted_testimony_takes_its_violations_out_of_both_views(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    code = "DEMO-2015-001"
    mine = [v for v in demo_violations() if v["testimony_code"] == code]
    tab_context.records.delete("testimony", tab_context.listings.testimony_uid_by_code(code))
    tab.refresh()
    tabulated(tab)
    assert tab.category_model.total_violations() == 35 - len(mine)
    tab.show_list_view()
    assert tab.model.total() == 35 - len(mine)
    assert code not in {c for c, _, _ in listed(tab)}
