"""The regional protection tab, driven as a user would."""

from __future__ import annotations

import csv
import dataclasses
import json

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QListWidget, QPushButton

from caseapp.resources import resource
from caseapp.ui.tabs.regions import RegionsTab

REGION, CASES, COUNTED, STATUS, AS_OF, SOURCE = range(6)


def make_tab(qtbot, tab_context) -> RegionsTab:
    tab = RegionsTab(tab_context)
    qtbot.addWidget(tab)
    tab.resize(1280, 860)
    tab.show()
    return tab


def table(tab) -> dict[str, list[str]]:
    model = tab.model
    return {
        model.index(r, REGION).data(): [model.index(r, c).data() for c in range(6)]
        for r in range(model.rowCount())
    }


def history(tab) -> list[list[str]]:
    model = tab.history_model
    return [[model.index(r, c).data() for c in range(5)] for r in range(model.rowCount())]


def click(qtbot, tab, name: str) -> None:
    qtbot.mouseClick(tab.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def select(tab, region: str) -> None:
    row = list(table(tab)).index(region)
    tab.table.selectRow(row)
    assert tab.form.fields["region"].get() == region


def retype(qtbot, widget, text: str) -> None:
    widget.clear()
    qtbot.keyClicks(widget, text)


def filtered(qtbot, tab) -> None:
    """Wait, as a user does, for the pause after typing that filters the list."""
    qtbot.waitUntil(lambda: not tab.filter_bar.timer.isActive())


def pick(qtbot, combo: QComboBox, typed: str) -> None:
    """Choose in a closed combo box by typing the start of a label, as with the keyboard
    (no space: Space opens the popup)."""
    assert " " not in typed
    combo.setFocus()
    qtbot.keyClicks(combo, typed)
    assert combo.currentText().strip().startswith(typed)


def check(qtbot, box: QCheckBox) -> None:
    """Click the box itself (the widget spans the form's width; its middle is empty)."""
    before = box.isChecked()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))
    assert box.isChecked() != before


def tick(qtbot, places: QListWidget, label: str) -> None:
    """Tick a place: make it the current item and press Space."""
    items = [places.item(r) for r in range(places.count())]
    [item] = [i for i in items if i.text().strip() == label]
    places.setFocus()
    places.setCurrentItem(item)
    qtbot.keyClick(places, Qt.Key.Key_Space)
    assert item.checkState() == Qt.CheckState.Checked


def test_models_pass_the_model_tester(qtbot, qtmodeltester, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    qtmodeltester.check(tab.model)
    select(tab, "East Asia")
    qtmodeltester.check(tab.history_model)


def test_seed_rows_show_minimums_and_status_labels(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    rows = table(tab)
    assert rows["East Asia"][CASES] == "3,200+"
    assert rows["East Asia"][STATUS] == "Partial legal recognition"
    assert rows["South-East Asia"][CASES] == "1,500+"
    assert rows["South-East Asia"][STATUS] == "Limited access to asylum"
    assert rows["Europe"][CASES] == "800+"
    assert rows["Europe"][STATUS] == "Comprehensive resettlement programs"
    assert rows["South Korea"][CASES] == "34,000"  # a rounded total, not a minimum
    assert rows["East Asia"][AS_OF] == "2023-12"
    assert rows["East Asia"][SOURCE] == "NGO field reports, 2023"
    assert tab.count_text() == "6 region(s)"


def test_status_labels_follow_the_interface_language(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, dataclasses.replace(tab_context, language="ko"))
    assert table(tab)["East Asia"][STATUS] == "부분적 법적 인정"
    select(tab, "East Asia")
    assert tab.form.fields["protection_status"].widget.currentText() == "부분적 법적 인정"
    assert history(tab)[-1][1] == "강제송환 위험"


def expected_counts() -> dict[str, str]:
    """What the demo file implies: distinct testimonies with a violation in a region's places
    (a parent place counts its children), "—" for a region with no places."""
    with resource("vocabularies", "terms.csv").open(encoding="utf-8", newline="") as handle:
        parents = {
            row["code"]: row["parent_code"]
            for row in csv.DictReader(handle)
            if row["scheme"] == "province"
        }
    demo = json.loads(resource("demo", "demo.json").read_text(encoding="utf-8"))
    counts = {}
    for region in demo["regions"]:
        places = {code for code in region["provinces"].split(",") if code}
        if not places:
            counts[region["region"]] = "—"
            continue
        counts[region["region"]] = str(
            sum(
                1
                for testimony in demo["testimonies"]
                if any(
                    v.get("province") in places or parents.get(v.get("province")) in places
                    for v in testimony["violations"]
                )
            )
        )
    return counts


def test_counted_from_records_is_what_the_demo_data_implies(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    expected = expected_counts()
    assert {region: row[COUNTED] for region, row in table(tab).items()} == expected
    assert expected["East Asia"] == "4"  # Jilin and Liaoning testimonies, each counted once
    assert expected["Europe"] == "—"


def test_create_a_region_by_typing_and_picking(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    messages: list[str] = []
    tab.status.connect(messages.append)
    click(qtbot, tab, "new_button")
    fields = tab.form.fields
    qtbot.keyClicks(fields["region"].widget, "North-East China shelters")
    qtbot.keyClicks(fields["country"].widget, "China")
    qtbot.keyClicks(fields["reported_cases"].widget, "1,200")
    check(qtbot, fields["reported_cases_is_minimum"].widget)
    pick(qtbot, fields["protection_status"].widget, "Risk")
    qtbot.keyClicks(fields["as_of"].widget, "2024-03")
    qtbot.keyClicks(fields["source"].widget, "Shelter network, 2024")
    tick(qtbot, fields["provinces"].widget, "Jilin Province")
    tick(qtbot, fields["provinces"].widget, "Liaoning Province")
    click(qtbot, tab, "save_button")

    row = table(tab)["North-East China shelters"]
    assert row[CASES] == "1,200+"
    assert row[STATUS] == "Risk of forced repatriation"
    assert row[COUNTED] == "4"  # the demo's Jilin and Liaoning testimonies
    assert tab.count_text() == "7 region(s)"
    assert messages[-1] == "Saved; 1 history entry(s) added."
    stored = tab_context.records.get("region", tab.form.uid)
    assert stored["provinces"] == "jilin,liaoning"
    assert stored["reported_cases_is_minimum"] is True
    # The first state opens the history.
    assert history(tab) == [
        ["2024-03", "Risk of forced repatriation", "1,200+", "Shelter network, 2024", ""]
    ]
    assert not tab.has_unsaved_changes()


def test_a_new_status_or_figure_grows_the_history(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    select(tab, "East Asia")
    assert len(history(tab)) == 3
    fields = tab.form.fields

    # Notes alone are not a new state.
    qtbot.keyClicks(fields["notes"].widget, " Checked again.")
    click(qtbot, tab, "save_button")
    assert len(history(tab)) == 3

    pick(qtbot, fields["protection_status"].widget, "Risk")
    retype(qtbot, fields["reported_cases"].widget, "3,400")
    retype(qtbot, fields["as_of"].widget, "2024-06")
    retype(qtbot, fields["source"].widget, "NGO field reports, 2024")
    click(qtbot, tab, "save_button")

    assert table(tab)["East Asia"][CASES] == "3,400+"
    assert table(tab)["East Asia"][STATUS] == "Risk of forced repatriation"
    entries = history(tab)
    assert len(entries) == 4
    assert entries[0] == [
        "2024-06",
        "Risk of forced repatriation",
        "3,400+",
        "NGO field reports, 2024",
        "",
    ]
    assert entries[1][:3] == ["2023-12", "Partial legal recognition", "3,200+"]


def test_an_unrecorded_earlier_state_is_kept_too(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    select(tab, "Mongolia")
    # A history that lost its latest entry: the state being replaced is nowhere recorded.
    tab.history_table.selectRow(0)
    assert tab.entry_title.text() == "History entry of 2022-12:"
    click(qtbot, tab, "delete_entry_button")
    assert [e[0] for e in history(tab)] == ["2015-12"]

    retype(qtbot, tab.form.fields["reported_cases"].widget, "170")
    retype(qtbot, tab.form.fields["as_of"].widget, "2024-01")
    click(qtbot, tab, "save_button")
    assert [e[:3] for e in history(tab)] == [
        ["2024-01", "Limited access to asylum", "170+"],
        ["2022-12", "Limited access to asylum", "150+"],
        ["2015-12", "Limited access to asylum", "110+"],
    ]


def test_an_impossible_as_of_date_is_shown_next_to_the_field(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    select(tab, "East Asia")
    uid = tab.form.uid
    pick(qtbot, tab.form.fields["protection_status"].widget, "No")
    retype(qtbot, tab.form.fields["as_of"].widget, "2019-13-40")
    click(qtbot, tab, "save_button")

    error = tab.form.fields["as_of"].error
    assert error.isVisible() and "not a real date" in error.text()
    stored = tab_context.records.get("region", uid)
    assert stored["as_of"] == "2023-12"
    assert stored["protection_status"] == "partial_legal_recognition"
    assert table(tab)["East Asia"][STATUS] == "Partial legal recognition"
    assert len(history(tab)) == 3
    assert tab.has_unsaved_changes()  # the typing is still there to correct


def test_delete_and_undo(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    messages: list[str] = []
    tab.status.connect(messages.append)
    select(tab, "South Korea")
    click(qtbot, tab, "delete_button")
    assert "South Korea" not in table(tab)
    assert tab.count_text() == "5 region(s)"
    assert "Deleted. Undo with Ctrl+Z." in messages
    assert not tab.history_box.isEnabled()

    tab_context.undo.undo()
    assert "South Korea" in table(tab)
    assert tab.count_text() == "6 region(s)"
    select(tab, "South Korea")
    assert len(history(tab)) == 3  # the history came back with its region


def test_add_edit_and_delete_a_history_entry(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    select(tab, "Russia")
    assert len(history(tab)) == 2
    click(qtbot, tab, "add_entry_button")
    entry = tab.entry_form.fields
    qtbot.keyClicks(entry["as_of"].widget, "2021-03")
    pick(qtbot, entry["protection_status"].widget, "Risk")
    qtbot.keyClicks(entry["reported_cases"].widget, "220")
    check(qtbot, entry["reported_cases_is_minimum"].widget)
    qtbot.keyClicks(entry["source"].widget, "Partner NGO, 2021")
    qtbot.keyClicks(entry["note"].widget, "Two workers detained in Vladivostok")
    click(qtbot, tab, "save_entry_button")
    assert [e[0] for e in history(tab)] == ["2023-06", "2021-03", "2018-06"]
    assert history(tab)[1][2] == "220+"

    tab.history_table.selectRow(1)
    retype(qtbot, entry["note"].widget, "Two workers detained")
    click(qtbot, tab, "save_entry_button")
    assert history(tab)[1][4] == "Two workers detained"

    tab.history_table.selectRow(1)
    click(qtbot, tab, "delete_entry_button")
    assert [e[0] for e in history(tab)] == ["2023-06", "2018-06"]
    tab_context.undo.undo()
    assert [e[0] for e in history(tab)] == ["2023-06", "2021-03", "2018-06"]


def test_an_impossible_history_date_is_shown_next_to_its_field(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    select(tab, "Russia")
    click(qtbot, tab, "add_entry_button")
    qtbot.keyClicks(tab.entry_form.fields["as_of"].widget, "2021-02-30")
    click(qtbot, tab, "save_entry_button")
    error = tab.entry_form.fields["as_of"].error
    assert error.isVisible() and "not a real date" in error.text()
    assert len(history(tab)) == 2


def test_filter(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    tab.focus_filter()
    qtbot.keyClicks(tab.filter_text, "China")
    filtered(qtbot, tab)
    assert list(table(tab)) == ["East Asia"]  # found by its country
    assert tab.count_text() == "1 region(s)"
    retype(qtbot, tab.filter_text, "diaspora")
    filtered(qtbot, tab)
    assert list(table(tab)) == ["Europe"]  # found by its source
    tab.filter_text.clear()
    filtered(qtbot, tab)
    assert len(table(tab)) == 6


def test_show_record_opens_it_even_when_filtered_out(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    uid = tab.model.uid_at(list(table(tab)).index("Russia"))
    qtbot.keyClicks(tab.filter_text, "Europe")
    tab.show_record(uid)
    assert tab.form.fields["region"].get() == "Russia"
    assert tab.filter_text.text() == ""
    assert tab.table.selectionModel().selectedRows()[0].row() == list(table(tab)).index("Russia")
    assert tab.history_box.title() == "History of Russia"
    places = tab.form.fields["provinces"].widget
    checked = [
        places.item(r).text().strip()
        for r in range(places.count())
        if places.item(r).checkState() == Qt.CheckState.Checked
    ]
    assert checked == ["Russia"]


def test_the_minimum_box_says_how_the_figure_is_shown(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    box = tab.form.fields["reported_cases_is_minimum"].widget
    assert isinstance(box, QCheckBox)
    assert "3,200+" in box.text()


def test_sorting_happens_in_sql_and_counts_do_not_pretend_to_sort(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    header = tab.table.horizontalHeader()
    tab.table.sortByColumn(CASES, Qt.SortOrder.DescendingOrder)
    assert list(table(tab))[:3] == ["South Korea", "East Asia", "South-East Asia"]
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(COUNTED) + 10, header.height() // 2),
    )
    assert header.sortIndicatorSection() == CASES
    assert list(table(tab))[:3] == ["South Korea", "East Asia", "South-East Asia"]
