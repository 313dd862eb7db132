"""The testimonies tab, driven as field staff use it: typing (Korean too), picking from
vocabularies, saving, filtering, sorting, undoing. Real demo database, no mocks."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from caseapp.resources import resource
from caseapp.services.dates import parse_partial
from caseapp.ui.paged_model import UID_ROLE
from caseapp.ui.tabs.testimonies import TestimoniesTab

DEMO: list[dict[str, Any]] = json.loads(resource("demo", "demo.json").read_text(encoding="utf-8"))[
    "testimonies"
]
ALL_CODES = [t["code"] for t in DEMO]


# -- how a person works the tab -------------------------------------------------------------


def make_tab(qtbot, tab_context) -> TestimoniesTab:
    tab = TestimoniesTab(tab_context)
    qtbot.addWidget(tab)
    tab.resize(1400, 800)
    tab.show()
    return tab


def type_text(widget: QWidget, text: str) -> None:
    """Type character by character, Hangul included (qtbot.keyClicks aborts on non-ASCII)."""
    for ch in text:
        if ch == "\n":
            QTest.keyClick(widget, Qt.Key.Key_Return)
        else:
            QTest.sendKeyEvent(
                QTest.KeyAction.Click,
                widget,
                Qt.Key.Key_unknown,
                ch,
                Qt.KeyboardModifier.NoModifier,
            )


def pick(combo: QWidget, label: str) -> None:
    """Choose the entry the user reads as ``label`` (child terms are shown indented)."""
    assert isinstance(combo, QComboBox)
    labels = [combo.itemText(i).strip() for i in range(combo.count())]
    assert label in labels, labels
    combo.setCurrentIndex(labels.index(label))


def click(qtbot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def codes(tab: TestimoniesTab) -> list[str]:
    model = tab.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def cell(tab: TestimoniesTab, code: str, column: int) -> str:
    row = codes(tab).index(code)
    return tab.model.index(row, column).data()


def field(tab: TestimoniesTab, name: str) -> QWidget:
    return tab.form.fields[name].widget


def open_code(qtbot, tab: TestimoniesTab, code: str) -> None:
    """Click the row of ``code`` in the list."""
    row = codes(tab).index(code)
    rect = tab.table.visualRect(tab.model.index(row, 0))
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tab.editor_title.text() == code


def click_header(qtbot, tab: TestimoniesTab, column: int) -> None:
    header = tab.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def tick(qtbot, box: QWidget) -> None:
    """Click a check box on its indicator, where a person clicks."""
    assert isinstance(box, QCheckBox)
    option = QStyleOptionButton()
    box.initStyleOption(option)
    indicator = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=indicator.center())


def uid_of(tab_context, code: str) -> str:
    uid = tab_context.listings.testimony_uid_by_code(code)
    assert uid is not None
    return uid


def demo_person_code(demo_app, pseudonym: str) -> str:
    from sqlalchemy import select

    from caseapp.models import Person
    from caseapp.models.base import table_of

    person = table_of(Person)
    with demo_app.store.session() as session:
        return str(
            session.execute(
                select(person.c.code).where(person.c.pseudonym == pseudonym)
            ).scalar_one()
        )


# -- the list ----------------------------------------------------------------------------------


@pytest.mark.both_engines
def test_models_pass_the_model_tester(qtbot, qtmodeltester, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    qtmodeltester.check(tab.model)
    open_code(qtbot, tab, "DEMO-2015-001")
    qtmodeltester.check(tab.violations.model)
    qtmodeltester.check(tab.attachments.model)


def test_lists_the_demo_testimonies_newest_first(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    newest_first = [
        t["code"] for t in sorted(DEMO, key=lambda t: t["interview_date"], reverse=True)
    ]
    assert codes(tab) == newest_first
    assert tab.count_text() == "14 testimonies"
    # The date as entered, with its precision: a month stays a month.
    assert cell(tab, "DEMO-2018-002", 2) == "2018-10"
    assert cell(tab, "DEMO-2015-001", 2) == "2015-11-04"
    assert cell(tab, "DEMO-2015-001", 6) == "internal, UN, public"
    assert cell(tab, "DEMO-2022-002", 6) == "withdrawn"
    assert cell(tab, "DEMO-2015-001", 7) == "3"
    assert cell(tab, "DEMO-2015-001", 5) == "verified"


@pytest.mark.both_engines
def test_sorting_by_date_both_ways_happens_in_sql(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    by_date = [t["code"] for t in sorted(DEMO, key=lambda t: t["interview_date"])]
    click_header(qtbot, tab, 2)  # it was newest first; a click turns it round
    assert codes(tab) == by_date
    click_header(qtbot, tab, 2)
    assert codes(tab) == list(reversed(by_date))
    assert tab.query.sort.key == "interview_date" and tab.query.sort.descending


@pytest.mark.both_engines
def test_sorting_by_the_number_of_violations(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    tab.table.sortByColumn(7, Qt.SortOrder.AscendingOrder)
    counts = [int(tab.model.index(r, 7).data()) for r in range(tab.model.rowCount())]
    assert counts == sorted(counts) and counts[0] == 2 and counts[-1] == 3


def test_the_open_testimony_stays_selected_when_the_order_changes(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    open_code(qtbot, tab, "DEMO-2019-002")
    click_header(qtbot, tab, 0)  # by code
    selected = tab.table.selectionModel().selectedRows()
    assert [i.data() for i in selected] == ["DEMO-2019-002"]


# -- filters -------------------------------------------------------------------------------------


def consent_matches(t: dict[str, Any], wanted: str) -> bool:
    consent = t.get("consent")
    if wanted == "withdrawn":
        return bool(consent and consent["date_withdrawn"])
    live = bool(consent) and not consent["date_withdrawn"]
    if wanted == "none":
        return not consent or (
            live and not (consent["internal"] or consent["un"] or consent["public"])
        )
    return live and bool(consent[wanted])


def overlaps(t: dict[str, Any], date_from: str, date_to: str) -> bool:
    if not t["interview_date"]:
        return False
    first, last = parse_partial(t["interview_date"])
    lower = parse_partial(date_from, date.max)[0] if date_from else date.min
    upper = parse_partial(date_to, date.max)[1] if date_to else date.max
    return first <= upper and last >= lower


@pytest.mark.both_engines
@pytest.mark.parametrize("status", ["draft", "reviewed", "verified"])
def test_status_filter(qtbot, tab_context, status) -> None:
    tab = make_tab(qtbot, tab_context)
    pick(tab.filter_status, status)
    assert sorted(codes(tab)) == sorted(t["code"] for t in DEMO if t["status"] == status)


@pytest.mark.both_engines
@pytest.mark.parametrize("language", ["ko", "en"])
def test_language_filter(qtbot, tab_context, language) -> None:
    tab = make_tab(qtbot, tab_context)
    pick(tab.filter_language, {"ko": "Korean (ko)", "en": "English (en)"}[language])
    assert sorted(codes(tab)) == sorted(t["code"] for t in DEMO if t["language"] == language)


@pytest.mark.both_engines
@pytest.mark.parametrize(
    ("label", "value"),
    [
        ("Internal use", "internal"),
        ("UN sharing", "un"),
        ("Publication", "public"),
        ("None given", "none"),
        ("Withdrawn", "withdrawn"),
    ],
)
def test_consent_filter(qtbot, tab_context, label, value) -> None:
    tab = make_tab(qtbot, tab_context)
    pick(tab.filter_consent, label)
    expected = sorted(t["code"] for t in DEMO if consent_matches(t, value))
    assert sorted(codes(tab)) == expected
    if value == "withdrawn":
        assert expected == ["DEMO-2022-002"]


@pytest.mark.both_engines
@pytest.mark.parametrize(
    ("date_from", "date_to"),
    [("2019", "2020-01"), ("2018-10-15", "2018-12"), ("", "2016"), ("2023", "")],
)
def test_date_range_filter(qtbot, tab_context, date_from, date_to) -> None:
    tab = make_tab(qtbot, tab_context)
    type_text(tab.filter_from, date_from)
    type_text(tab.filter_to, date_to)
    QTest.keyClick(tab.filter_to, Qt.Key.Key_Return)
    expected = sorted(t["code"] for t in DEMO if overlaps(t, date_from, date_to))
    assert expected  # every case finds something
    assert sorted(codes(tab)) == expected
    if date_from == "2018-10-15":
        assert expected == ["DEMO-2018-002"]  # known only to the month: October may match


def test_text_filter_in_korean_waits_for_a_pause_in_typing(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    type_text(tab.filter_text, "회령")
    expected = sorted(
        t["code"] for t in DEMO if any("회령" in t[k] for k in ("code", "title", "interview_place"))
    )
    assert len(expected) >= 2
    assert len(codes(tab)) == 14  # not yet: the list waits until typing pauses
    qtbot.waitUntil(lambda: sorted(codes(tab)) == expected)
    assert tab.count_text() == f"{len(expected)} testimonies"


@pytest.mark.both_engines
def test_text_filter_finds_places_and_codes(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    type_text(tab.filter_text, "Bangkok")
    QTest.keyClick(tab.filter_text, Qt.Key.Key_Return)
    assert codes(tab) == ["DEMO-2018-001"]
    tab.filter_text.clear()
    type_text(tab.filter_text, "2022-00")
    QTest.keyClick(tab.filter_text, Qt.Key.Key_Return)
    assert sorted(codes(tab)) == ["DEMO-2022-001", "DEMO-2022-002"]
    click(qtbot, tab.clear_filters_button)
    assert len(codes(tab)) == 14


def test_filters_combine(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    pick(tab.filter_language, "English (en)")
    pick(tab.filter_status, "verified")
    pick(tab.filter_consent, "Publication")
    expected = sorted(
        t["code"]
        for t in DEMO
        if t["language"] == "en" and t["status"] == "verified" and consent_matches(t, "public")
    )
    assert sorted(codes(tab)) == expected == ["DEMO-2017-001", "DEMO-2022-001"]


def test_an_impossible_filter_date_is_shown_and_changes_nothing(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    pick(tab.filter_language, "Korean (ko)")
    before = codes(tab)
    type_text(tab.filter_from, "2019-13")
    QTest.keyClick(tab.filter_from, Qt.Key.Key_Return)
    assert tab.filter_message.isVisible()
    assert "not a real date" in tab.filter_message.text()
    assert codes(tab) == before
    tab.filter_from.clear()
    type_text(tab.filter_from, "2021")
    type_text(tab.filter_to, "2019")
    QTest.keyClick(tab.filter_to, Qt.Key.Key_Return)
    assert "before" in tab.filter_message.text()
    assert codes(tab) == before


# -- creating and editing -----------------------------------------------------------------------

TITLE = "회령시 노동단련대 강제노동과 구금"
NARRATIVE = (
    "2019년 봄, 장마당에서 단속되어 노동단련대에 보내졌습니다.\n매일 새벽부터 밤까지 일했습니다."
)


@pytest.mark.both_engines
def test_type_a_new_korean_testimony_and_see_its_row(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    click(qtbot, tab.new_button)
    assert tab.editor_title.text() == "New testimony"
    assert not tab.consent.form.isEnabled() and not tab.violations.stack.isEnabled()
    type_text(field(tab, "title"), TITLE)
    type_text(field(tab, "interview_date"), "2024-05")
    type_text(field(tab, "interview_place"), "서울")
    type_text(field(tab, "interviewer"), "면담자 가")
    pick(field(tab, "language"), "Korean (ko)")
    pick(field(tab, "reliability"), "Likely reliable")
    type_text(field(tab, "narrative"), NARRATIVE)
    assert tab.has_unsaved_changes()
    click(qtbot, tab.save_button)

    assert tab.count_text() == "15 testimonies"
    assert not tab.has_unsaved_changes()
    code = tab.editor_title.text()
    assert code.startswith("T-")  # generated
    assert field(tab, "code").text() == code
    # The precision came from the date as typed: a month.
    assert field(tab, "interview_date_precision").currentData() == "month"
    row = codes(tab).index(code)
    assert tab.model.index(row, 1).data() == TITLE
    assert tab.model.index(row, 2).data() == "2024-05"
    assert tab.model.index(row, 5).data() == "draft"
    assert tab.model.index(row, 6).data() == "none recorded"
    assert [i.row() for i in tab.table.selectionModel().selectedRows()] == [row]
    stored = tab_context.records.get("testimony", tab.form.uid)
    assert stored["narrative"] == NARRATIVE
    assert stored["reliability"] == "likely_reliable"
    assert stored["interview_date_precision"] == "month"
    # Saved: its consent, violations and attachments can now be added.
    assert tab.consent.form.isEnabled() and tab.violations.stack.isEnabled()
    assert tab.attachments.body.isEnabled()


def test_saving_in_the_middle_of_the_narrative_keeps_the_typing_position(
    qtbot, tab_context
) -> None:
    tab = make_tab(qtbot, tab_context)
    open_code(qtbot, tab, "DEMO-2016-001")
    narrative = field(tab, "narrative")
    cursor = narrative.textCursor()
    cursor.setPosition(40)
    narrative.setTextCursor(cursor)
    type_text(narrative, "추가")
    click(qtbot, tab.save_button)
    assert narrative.textCursor().position() == 42
    stored = tab_context.records.get("testimony", uid_of(tab_context, "DEMO-2016-001"))
    assert stored["narrative"][40:42] == "추가"


def test_interface_in_korean_shows_korean_vocabulary_labels(qtbot, tab_context) -> None:
    tab_context.language = "ko"
    tab = make_tab(qtbot, tab_context)
    pick(field(tab, "reliability"), "대체로 신뢰할 수 있음")
    click(qtbot, tab.violations.add_button)  # disabled: a new testimony is not saved yet
    assert not tab.violations.editing()
    open_code(qtbot, tab, "DEMO-2015-001")
    click(qtbot, tab.violations.add_button)
    pick(tab.violations.form.fields["category"].widget, "고문")


def test_an_impossible_date_is_shown_next_to_the_field_and_changes_nothing(
    qtbot, tab_context
) -> None:
    tab = make_tab(qtbot, tab_context)
    type_text(field(tab, "title"), "Anything")
    type_text(field(tab, "interview_date"), "2019-13-40")
    click(qtbot, tab.save_button)
    error = tab.form.fields["interview_date"].error
    assert error.isVisible() and "not a real date" in error.text()
    assert tab.form.uid is None
    assert tab.count_text() == "14 testimonies"

    open_code(qtbot, tab, "DEMO-2015-001")
    date_field = field(tab, "interview_date")
    date_field.clear()
    type_text(date_field, "2019-02-30")
    click(qtbot, tab.save_button)
    assert "not a real date" in tab.form.fields["interview_date"].error.text()
    stored = tab_context.records.get("testimony", tab.form.uid)
    assert stored["interview_date"] == "2015-11-04"
    assert cell(tab, "DEMO-2015-001", 2) == "2015-11-04"


def test_a_title_is_required(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    type_text(field(tab, "interview_place"), "Seoul")
    click(qtbot, tab.save_button)
    assert "required" in tab.form.fields["title"].error.text()
    assert tab.count_text() == "14 testimonies"


def test_source_person_by_code_and_a_new_person(qtbot, tab_context, demo_app) -> None:
    tab = make_tab(qtbot, tab_context)
    open_code(qtbot, tab, "DEMO-2017-001")
    source = tab.source
    kim = demo_person_code(demo_app, "Kim A.")
    assert source.shown.text() == f"{kim} — Kim A."

    # Another existing person, typed by code (lower case works too).
    lee = demo_person_code(demo_app, "Lee B.")
    source.code.clear()
    type_text(source.code, lee.lower())
    assert source.shown.text() == f"{lee} — Lee B."
    # A code nobody has is named, and the testimony is not saved with it.
    source.code.clear()
    type_text(source.code, "P-NOBODY")
    assert "P-NOBODY" in source.shown.text()
    click(qtbot, tab.save_button)
    stored = tab_context.records.get("testimony", tab.form.uid)
    assert stored["source_uid"] is not None
    assert tab.has_unsaved_changes()

    # A new person with a Korean pseudonym becomes the source.
    click(qtbot, source.new_button)
    type_text(source.pseudonym, "새 증언자 김 씨")
    click(qtbot, source.create_button)
    new_code = source.code.text()
    assert new_code.startswith("P-")
    assert source.shown.text() == f"{new_code} — 새 증언자 김 씨"
    click(qtbot, tab.save_button)
    stored = tab_context.records.get("testimony", tab.form.uid)
    person = tab_context.records.get("person", stored["source_uid"])
    assert person["code"] == new_code and person["pseudonym"] == "새 증언자 김 씨"
    assert person["roles"] == "source"
    assert not tab.has_unsaved_changes()


def test_consent_is_recorded_after_the_testimony_is_saved(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    type_text(field(tab, "title"), "Consent recorded later")
    type_text(field(tab, "interview_date"), "2024-06-01")
    click(qtbot, tab.save_button)
    code = tab.editor_title.text()
    assert cell(tab, code, 6) == "none recorded"

    tab.editor_tabs.setCurrentWidget(tab.consent)
    consent = tab.consent.form.fields
    for name in ("internal", "un"):
        box = consent[name].widget
        assert isinstance(box, QCheckBox)
        tick(qtbot, box)
        assert box.isChecked()
    type_text(consent["date_given"].widget, "2024-06-01")
    type_text(consent["recorded_by"].widget, "면담자 가")
    assert tab.has_unsaved_changes()
    click(qtbot, tab.save_button)
    assert not tab.has_unsaved_changes()
    assert cell(tab, code, 6) == "internal, UN"

    pick(tab.filter_consent, "UN sharing")
    assert code in codes(tab)
    pick(tab.filter_consent, "Publication")
    assert code not in codes(tab)
    click(qtbot, tab.clear_filters_button)

    # Withdrawn later: the list says so, whatever was ticked.
    type_text(consent["date_withdrawn"].widget, "2024-07")
    click(qtbot, tab.save_button)
    assert cell(tab, code, 6) == "withdrawn"
    stored = tab_context.records.get("consent", tab.consent.form.uid)
    assert stored["date_withdrawn"] == "2024-07" and stored["un"] is True


def test_a_withdrawal_before_the_consent_was_given_is_refused(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    open_code(qtbot, tab, "DEMO-2015-001")
    withdrawn = tab.consent.form.fields["date_withdrawn"].widget
    type_text(withdrawn, "2015-01")
    click(qtbot, tab.save_button)
    assert "before" in tab.consent.form.fields["date_withdrawn"].error.text()
    assert tab.editor_tabs.currentWidget() is tab.consent
    assert cell(tab, "DEMO-2015-001", 6) == "internal, UN, public"


# -- violations in place ----------------------------------------------------------------------


def violation_labels(tab: TestimoniesTab) -> list[str]:
    proxy = tab.violations.proxy
    return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]


def test_add_edit_remove_a_violation_in_place_and_undo(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    open_code(qtbot, tab, "DEMO-2016-001")
    tab.editor_tabs.setCurrentWidget(tab.violations)
    assert tab.editor_tabs.tabText(2) == "Violations (3)"
    section = tab.violations

    click(qtbot, section.add_button)
    assert section.editing()
    form = section.form.fields
    pick(form["category"].widget, "Torture")
    type_text(form["date_start"].widget, "2019-03")
    pick(form["province"].widget, "North Hamgyong Province")
    type_text(form["place"].widget, "회령시 보위부 구류장")
    pick(form["place_type"].widget, "State security detention centre")
    pick(form["perpetrator"].widget, "Ministry of State Security")
    type_text(form["reported_impact"].widget, "신체적 고문")
    pick(form["un_mechanism"].widget, "Special Rapporteur on the DPRK")
    pick(form["un_response_status"].widget, "Submitted")
    pick(form["verification_status"].widget, "Likely")
    click(qtbot, section.save_button)

    assert not section.editing()
    assert "Torture" in violation_labels(tab)
    assert tab.editor_tabs.tabText(2) == "Violations (4)"
    assert cell(tab, "DEMO-2016-001", 7) == "4"
    selected = section.selected_uid()
    assert selected is not None
    stored = tab_context.records.get("violation", selected)
    assert stored["date_precision"] == "month" and stored["place"] == "회령시 보위부 구류장"

    # Edit in place: the UN answered.
    click(qtbot, section.edit_button)
    pick(section.form.fields["un_response_status"].widget, "Acknowledged")
    click(qtbot, section.save_button)
    row = violation_labels(tab).index("Torture")
    assert section.proxy.index(row, 4).data() == "Acknowledged"
    assert tab_context.records.get("violation", selected)["un_response_status"] == "acknowledged"

    # Remove it, then undo.
    section.select(selected)
    click(qtbot, section.remove_button)
    assert "Torture" not in violation_labels(tab)
    assert cell(tab, "DEMO-2016-001", 7) == "3"
    tab_context.undo.undo()
    assert "Torture" in violation_labels(tab)
    assert cell(tab, "DEMO-2016-001", 7) == "4"
    assert tab.editor_tabs.tabText(2) == "Violations (4)"


def test_an_impossible_violation_date_is_shown_and_nothing_is_added(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    open_code(qtbot, tab, "DEMO-2016-001")
    section = tab.violations
    click(qtbot, section.add_button)
    pick(section.form.fields["category"].widget, "Forced labour")
    type_text(section.form.fields["date_start"].widget, "2019-02-30")
    click(qtbot, section.save_button)
    assert section.editing()
    assert "not a real date" in section.form.fields["date_start"].error.text()
    assert section.count() == 3
    # Without a category nothing is saved either.
    pick(section.form.fields["category"].widget, "—")
    section.form.fields["date_start"].widget.clear()
    click(qtbot, section.save_button)
    assert "required" in section.form.fields["category"].error.text()
    click(qtbot, section.cancel_button)
    assert section.count() == 3


def test_a_new_testimony_with_consent_and_violation_in_the_natural_order(
    qtbot, tab_context
) -> None:
    tab = make_tab(qtbot, tab_context)
    type_text(field(tab, "title"), TITLE)
    type_text(field(tab, "interview_date"), "2024-05-02")
    click(qtbot, tab.violations.add_button)
    assert not tab.violations.editing()  # not before the testimony is saved
    click(qtbot, tab.save_button)
    code = tab.editor_title.text()

    tick(qtbot, tab.consent.form.fields["internal"].widget)
    click(qtbot, tab.violations.add_button)
    pick(tab.violations.form.fields["category"].widget, "Forced labour")
    type_text(tab.violations.form.fields["date_start"].widget, "2019")
    # One Save saves the consent and the open violation with the testimony.
    click(qtbot, tab.save_button)
    assert not tab.has_unsaved_changes()
    assert cell(tab, code, 6) == "internal"
    assert cell(tab, code, 7) == "1"
    assert violation_labels(tab) == ["Forced labour"]


# -- deleting and undoing ----------------------------------------------------------------------


def test_delete_the_testimony_and_undo(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    open_code(qtbot, tab, "DEMO-2016-001")
    statuses: list[str] = []
    tab.status.connect(statuses.append)
    click(qtbot, tab.delete_button)
    assert "DEMO-2016-001" not in codes(tab)
    assert tab.count_text() == "13 testimonies"
    assert tab.editor_title.text() == "New testimony"
    assert statuses[-1] == "Deleted. Undo with Ctrl+Z."
    tab_context.undo.undo()
    assert "DEMO-2016-001" in codes(tab)
    assert cell(tab, "DEMO-2016-001", 7) == "3"  # its violations came back with it
    assert cell(tab, "DEMO-2016-001", 6) == "internal, UN"
    tab_context.undo.redo()
    assert "DEMO-2016-001" not in codes(tab)


# -- attachments ---------------------------------------------------------------------------------


def test_an_added_file_shows_its_sha256_and_a_copy_is_written_only_on_request(
    qtbot, tab_context, tmp_path: Path
) -> None:
    tab = make_tab(qtbot, tab_context)
    open_code(qtbot, tab, "DEMO-2019-001")
    tab.editor_tabs.setCurrentWidget(tab.attachments)
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    source = incoming / "면담 녹취.txt"
    data = "녹취록 사본\n".encode() * 100
    source.write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()

    uid = tab.attachments.add_file(source)  # what the file dialog calls
    assert uid is not None
    assert digest in tab.attachments.sha256.text()
    assert tab.attachments.proxy.index(0, 3).data() == digest
    assert tab.editor_tabs.tabText(3) == "Attachments (1)"
    assert sorted(p.name for p in incoming.iterdir()) == ["면담 녹취.txt"]  # nothing written

    out = tmp_path / "out"
    out.mkdir()
    assert tab.attachments.save_copy(uid, out / "copy.txt")
    assert (out / "copy.txt").read_bytes() == data
    assert [p.name for p in out.iterdir()] == ["copy.txt"]  # no partial file left behind


def test_a_missing_file_is_named_and_nothing_is_attached(qtbot, tab_context, tmp_path) -> None:
    tab = make_tab(qtbot, tab_context)
    open_code(qtbot, tab, "DEMO-2019-001")
    assert tab.attachments.add_file(tmp_path / "gone.wav") is None
    assert "gone.wav" in tab.attachments.message.text()
    assert tab.attachments.count() == 0


# -- moving around -------------------------------------------------------------------------------


def test_show_record_selects_the_right_row_even_when_filtered_out(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    uid = uid_of(tab_context, "DEMO-2017-001")
    tab.show_record(uid)
    selected = tab.table.selectionModel().selectedRows()
    assert [i.data(UID_ROLE) for i in selected] == [uid]
    assert tab.editor_title.text() == "DEMO-2017-001"

    pick(tab.filter_language, "Korean (ko)")  # hides DEMO-2017-001 (in English)
    other = uid_of(tab_context, "DEMO-2022-001")
    tab.show_record(other)
    assert tab.filter_language.currentIndex() == 0  # the filter made way
    assert [i.data() for i in tab.table.selectionModel().selectedRows()] == ["DEMO-2022-001"]
    assert tab.editor_title.text() == "DEMO-2022-001"


def test_unsaved_edits_are_not_lost_by_clicking_another_row(qtbot, tab_context) -> None:
    answers: list[bool] = []
    asked: list[str] = []

    def ask(_parent: QWidget, _title: str, text: str) -> bool:
        asked.append(text)
        return answers.pop(0)

    tab_context.ask_discard = ask  # the window would show Discard / Cancel here
    tab = make_tab(qtbot, tab_context)
    open_code(qtbot, tab, "DEMO-2015-001")
    type_text(field(tab, "interview_place"), " (2차)")
    row = codes(tab).index("DEMO-2016-001")
    rect = tab.table.visualRect(tab.model.index(row, 0))

    answers.append(False)  # Cancel
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert asked == ["The record has unsaved changes. Discard them?"]
    assert tab.editor_title.text() == "DEMO-2015-001"
    assert field(tab, "interview_place").text().endswith("(2차)")
    assert [i.data() for i in tab.table.selectionModel().selectedRows()] == ["DEMO-2015-001"]

    answers.append(True)  # Discard
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tab.editor_title.text() == "DEMO-2016-001"
    stored = tab_context.records.get("testimony", uid_of(tab_context, "DEMO-2015-001"))
    assert "(2차)" not in stored["interview_place"]

    # Nothing to ask about once saved.
    type_text(field(tab, "interviewer"), " B")
    click(qtbot, tab.save_button)
    tab.new_record()
    assert len(asked) == 2 and tab.editor_title.text() == "New testimony"


@pytest.mark.both_engines
def test_focus_filter_and_status_counts(qtbot, tab_context) -> None:
    tab = make_tab(qtbot, tab_context)
    counts: list[str] = []
    tab.counted.connect(lambda: counts.append(tab.count_text()))
    tab.activateWindow()
    qtbot.waitUntil(tab.isActiveWindow)
    tab.focus_filter()
    assert tab.filter_text.hasFocus()
    pick(tab.filter_status, "draft")
    drafts = sum(1 for t in DEMO if t["status"] == "draft")
    assert counts[-1] == f"{drafts} testimonies"
    assert tab.title() == "Testimonies"


def test_a_save_over_another_caseworkers_newer_save_says_who_and_keeps_the_typing(
    qtbot, tab_context, demo_app
) -> None:
    from ..conftest import reopen

    tab = make_tab(qtbot, tab_context)
    open_code(qtbot, tab, "DEMO-2016-001")
    uid = uid_of(tab_context, "DEMO-2016-001")
    colleague = reopen(demo_app)
    try:
        colleague.records.update("testimony", uid, {"title": "동료가 고친 제목"})
    finally:
        colleague.close()
    summary = field(tab, "summary")
    summary.setFocus()
    type_text(summary, " 추가 요약")
    with qtbot.waitSignal(tab.status) as said:
        click(qtbot, tab.save_button)
    assert said.args == ["Not saved."]
    shown = tab.form.message.text()
    assert "changed by tester" in shown and "reload" in shown
    assert "추가 요약" in summary.toPlainText()  # what was typed is still there
    stored = tab_context.records.get("testimony", uid)
    assert stored["title"] == "동료가 고친 제목" and "추가 요약" not in stored["summary"]


def test_tab_goes_down_the_form_as_it_reads(qtbot, tab_context) -> None:
    """The source person, shown after the interviewer, is reached after the interviewer (not
    after the narrative, where Qt's order of making widgets put it)."""
    tab = make_tab(qtbot, tab_context)
    with qtbot.waitActive(tab):
        tab.activateWindow()
    click(qtbot, tab.new_button)
    field(tab, "code").setFocus()
    names = list(tab.form.fields)
    reached: list[str] = []
    for _ in range(60):
        widget = QApplication.focusWidget()
        if widget is tab.source.code:
            reached.append("source_person")
        elif (
            widget is not None
            and widget.objectName() in names
            and widget.objectName() not in reached
        ):
            reached.append(widget.objectName())
        if reached and reached[-1] == "narrative":
            break
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    expected = [n for n in names if n in reached]
    at = expected.index("interviewer") + 1
    expected.insert(at, "source_person")
    assert reached == expected
    assert reached.index("source_person") < reached.index("narrative")
