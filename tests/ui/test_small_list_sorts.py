"""The regions, a region's history and the state's responses offer the sorts an index serves
(tests/test_list_sorts.py checks the plans): a click on another header, such as a source or an
official position, leaves the order and the arrow as they were and its tooltip says why."""

from __future__ import annotations

from PySide6.QtCore import Qt

from caseapp.ui.tabs.regions import RegionsTab
from caseapp.ui.tabs.state_responses import StateResponsesTab

from ..test_list_sorts import REGION_HISTORY_SORTS, REGION_SORTS, STATE_RESPONSE_SORTS

NO_SORT = "The list cannot be sorted by this column"


def _shown(table) -> list[list[str]]:
    model = table.model()
    return [
        [str(model.index(r, c).data()) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def _unsortable_click_changes_nothing(table, key: str) -> None:
    model = table.model()
    header = table.horizontalHeader()
    column = next(i for i, c in enumerate(model.columns) if c.key == key)
    before, arrow = _shown(table), header.sortIndicatorSection()
    table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    assert _shown(table) == before
    assert header.sortIndicatorSection() == arrow
    tip = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip == NO_SORT


def test_the_regions_and_their_history_offer_only_indexed_sorts(qtbot, tab_context) -> None:
    tab = RegionsTab(tab_context)
    qtbot.addWidget(tab)
    tab.resize(1280, 860)
    tab.show()
    sortable = [c.key for c in tab.model.columns if c.sortable]
    assert sortable and set(sortable) <= set(REGION_SORTS)
    _unsortable_click_changes_nothing(tab.table, "source")
    tab.table.selectRow(0)  # a region's history below it
    qtbot.waitUntil(lambda: tab.history_model.rowCount() > 0)
    sortable = [c.key for c in tab.history_model.columns if c.sortable]
    assert sortable == list(REGION_HISTORY_SORTS)
    _unsortable_click_changes_nothing(tab.history_table, "note")


def test_the_state_responses_offer_only_indexed_sorts(qtbot, tab_context) -> None:
    tab = StateResponsesTab(tab_context)
    qtbot.addWidget(tab)
    tab.resize(1280, 860)
    tab.show()
    sortable = [c.key for c in tab.model.columns if c.sortable]
    assert sortable == list(STATE_RESPONSE_SORTS)
    for key in ("position", "source", "links"):
        _unsortable_click_changes_nothing(tab.table, key)
