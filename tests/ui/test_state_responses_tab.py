"""The state responses tab, driven as a user would."""

from PySide6.QtCore import Qt

from caseapp.ui.paged_model import UID_ROLE
from caseapp.ui.tabs.state_responses import StateResponsesTab


def make_tab(qtbot, tab_context) -> StateResponsesTab:
    tab = StateResponsesTab(tab_context)
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    tab.show()
    return tab


def rows(tab) -> list[str]:
    model = tab.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_model_passes_the_model_tester(qtbot, qtmodeltester, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    qtmodeltester.check(tab.model)


def test_shows_the_four_seed_positions(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    assert sorted(rows(tab)) == [
        "Defector Testimonies",
        "International Scrutiny",
        "Regime Stability",
        "State Response",
    ]
    assert tab.count_text() == "4 state response(s)"


def test_create_filter_delete_and_undo(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    qtbot.mouseClick(tab.findChild(type(tab.link_button), "new_button"), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(tab.form.fields["aspect"].widget, "Forced repatriation")
    qtbot.keyClicks(tab.form.fields["position"].widget, "Denies any returns")
    qtbot.keyClicks(tab.form.fields["statement_date"].widget, "2023-10")
    qtbot.keyClicks(tab.form.fields["source"].widget, "Foreign ministry briefing")
    qtbot.mouseClick(tab.findChild(type(tab.link_button), "save_button"), Qt.MouseButton.LeftButton)
    assert "Forced repatriation" in rows(tab)

    qtbot.keyClicks(tab.filter_text, "repatriation")
    qtbot.keyClick(tab.filter_text, Qt.Key.Key_Return)
    assert rows(tab) == ["Forced repatriation"]
    tab.table.selectRow(0)
    assert tab.form.fields["source"].widget.text() == "Foreign ministry briefing"

    qtbot.mouseClick(
        tab.findChild(type(tab.link_button), "delete_button"), Qt.MouseButton.LeftButton
    )
    assert rows(tab) == []
    tab_context.undo.undo()
    assert rows(tab) == ["Forced repatriation"]


def test_an_impossible_date_is_shown_next_to_the_field(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    qtbot.keyClicks(tab.form.fields["aspect"].widget, "Anything")
    qtbot.keyClicks(tab.form.fields["statement_date"].widget, "2019-13-40")
    tab.save_record()
    error = tab.form.fields["statement_date"].error
    assert error.isVisible() and "not a real date" in error.text()
    assert tab.count_text() == "4 state response(s)"


def test_link_a_testimony_by_code(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    tab.table.selectRow(0)
    before = tab.links.count()
    qtbot.keyClicks(tab.link_code, "DEMO-2015-001")
    qtbot.mouseClick(tab.link_button, Qt.MouseButton.LeftButton)
    assert tab.links.count() in (before, before + 1)  # already linked stays linked once
    qtbot.keyClicks(tab.link_code, "NO-SUCH-CODE")
    qtbot.mouseClick(tab.link_button, Qt.MouseButton.LeftButton)
    assert "NO-SUCH-CODE" in tab.link_message.text()


def test_sorting_happens_in_sql(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    tab.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert rows(tab) == sorted(rows(tab))
    tab.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert rows(tab) == sorted(rows(tab), reverse=True)
    assert tab.model.index(0, 0).data(UID_ROLE)
