"""The Dashboard tab in the window the composition root builds, over the demo archive: first,
named in the interface language, showing the counts; a click on a bar lists its records in
their tab; a record saved elsewhere updates the counts."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from caseapp.app import gui_parts
from caseapp.services.dashboard import SEVERAL_YEARS
from caseapp.store import StoreLocation
from caseapp.ui.lock import IdleWatcher
from caseapp.ui.settings import UiSettings
from caseapp.ui.tabs.dashboard import MARK, DashboardTab

from ..conftest import PASSPHRASE


@contextlib.contextmanager
def real_window(qtbot, demo_app, db_path: Path, tmp_path: Path, language: str = "en"):
    demo_app.close()
    opener, build_window = gui_parts("tester")
    location = StoreLocation(path=db_path)
    app = opener(location, PASSPHRASE, False, False)
    settings = UiSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    settings.language = language
    watcher = IdleWatcher(QApplication.instance(), 60)
    window = build_window(app, location, settings, watcher)
    qtbot.addWidget(window)
    try:
        yield window, app
    finally:
        watcher.stop()
        window.close()
        app.close()


def plain(labels: list[str]) -> list[str]:
    """Labels without the mark of a small count."""
    return [label.removesuffix(MARK).strip() for label in labels]


def click(tab: DashboardTab, chart: str, row: int, series: int = 0) -> None:
    """A click on the bar ``row`` places from the top (or the left), as the chart's bar set
    reports it: with Qt's own number of the bar."""
    tab.bar_sets[chart][series].clicked.emit(tab.bar_number(chart, row))


def shown(qtbot, window) -> DashboardTab:
    """The window on screen with its first tab, once the worker's counts are drawn."""
    tab = window.tab_widget.widget(0)
    assert isinstance(tab, DashboardTab)
    with qtbot.waitSignal(tab.counts_shown, timeout=10000):
        window.show()
    return tab


def test_first_tab_shows_the_counts(qtbot, demo_app, db_path, tmp_path) -> None:
    with real_window(qtbot, demo_app, db_path, tmp_path) as (window, app):
        tab = shown(qtbot, window)
        assert window.tab_widget.tabText(0) == "Dashboard"
        assert window.tab_widget.currentIndex() == 0
        counts = app.dashboard.counts()
        assert tab.summary.text() == (
            f"{counts.testimonies} testimonies, {counts.violations} violations in the archive."
        )
        # Each chart is named, and shows one bar group per category, with its numbers.
        for name, view in tab.charts.items():
            assert view.accessibleName() == tab.chart_titles()[name]
        labels = tab.chart_labels("categories")
        assert len(labels) == len(counts.categories)
        top = counts.categories[0]
        top_label = app.vocabulary.label("violation_category", top.code, "en")
        assert labels[0].startswith(top_label)
        assert tab.bar_values("categories")[0][0] == top.violations
        assert tab.bar_values("categories")[1][0] == top.testimonies
        # A small count is marked as a public report would hide it.
        for label, row in zip(labels, counts.categories, strict=True):
            small = 0 < row.violations < 5 or 0 < row.testimonies < 5
            assert label.endswith(MARK) == small
        consent = dict(
            zip(plain(tab.chart_labels("consent")), tab.bar_values("consent")[0], strict=True)
        )
        assert consent["Withdrawn"] == counts.consent["withdrawn"]


def test_a_click_on_a_bar_lists_its_records(qtbot, demo_app, db_path, tmp_path) -> None:
    with real_window(qtbot, demo_app, db_path, tmp_path) as (window, app):
        tab = shown(qtbot, window)
        counts = app.dashboard.counts()

        # A category: the violations tab, listing exactly that category's violations.
        click(tab, "categories", 0)
        violations = window.tab_widget.currentWidget()
        assert window.tabs_by_kind["violation"] is violations
        assert violations.filter_category.currentData() == counts.categories[0].code
        assert violations.pages.currentIndex() == violations.LIST_PAGE
        assert violations.model.total() == counts.categories[0].violations
        rows = [violations.model.row_at(i) for i in range(violations.model.rowCount())]
        assert {row["category"] for row in rows} == {counts.categories[0].code}

        # A year: the violations dated within it, never a range over several years.
        window.tab_widget.setCurrentWidget(tab)
        years = [r.year for r in counts.years]
        year = next(y for y in years if y.isdigit())
        index = years.index(year)
        click(tab, "years", index)
        assert window.tab_widget.currentWidget() is violations
        assert violations.filter_bar.dates() == (year, year)
        expected = next(r.violations for r in counts.years if r.year == year)
        assert violations.model.total() == expected

        # A consent state: the testimonies tab, filtered by it.
        window.tab_widget.setCurrentWidget(tab)
        withdrawn = plain(tab.chart_labels("consent")).index("Withdrawn")
        click(tab, "consent", withdrawn)
        testimonies = window.tab_widget.currentWidget()
        assert testimonies is window.tabs_by_kind["testimony"]
        assert testimonies.filter_consent.currentData() == "withdrawn"
        assert testimonies.model.total() == counts.consent["withdrawn"]

        # A band no filter can list stays where it is and says so.
        window.tab_widget.setCurrentWidget(tab)
        if SEVERAL_YEARS in years:
            click(tab, "years", years.index(SEVERAL_YEARS))
            assert window.tab_widget.currentWidget() is tab


def test_counts_follow_a_record_saved_in_another_tab(qtbot, demo_app, db_path, tmp_path) -> None:
    with real_window(qtbot, demo_app, db_path, tmp_path) as (window, _app):
        tab = shown(qtbot, window)
        before = tab.counts
        assert before is not None
        testimonies = window.tabs_by_kind["testimony"]
        window.tab_widget.setCurrentWidget(testimonies)
        testimonies.new_record()
        testimonies.form.fields["title"].widget.setText("A new account")
        testimonies.save_record()
        # Back on the dashboard, the counts are read again (off the GUI thread).
        with qtbot.waitSignal(tab.counts_shown, timeout=10000):
            window.tab_widget.setCurrentWidget(tab)
        assert tab.counts is not None and tab.counts.testimonies == before.testimonies + 1
        assert str(before.testimonies + 1) in tab.summary.text()


@pytest.mark.parametrize("language", ["ko"])
def test_korean_title(qtbot, demo_app, db_path, tmp_path, language) -> None:
    from .test_translations import translated  # the app's own .qm, as the window loads it

    with (
        translated(language),
        real_window(qtbot, demo_app, db_path, tmp_path, language) as (
            window,
            _app,
        ),
    ):
        shown(qtbot, window)
        assert window.tab_widget.tabText(0) in ("대시보드", "Dashboard")
