"""Every control a person can reach on every tab has a name a screen reader can say, in both
languages (issue 17), read through Qt's accessibility interface, as AT-SPI reads it for Orca."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from caseapp.app import gui_parts
from caseapp.store import StoreLocation
from caseapp.ui.lock import IdleWatcher
from caseapp.ui.settings import UiSettings

from .test_translations import translated

CONTROLS = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractItemView,
    QTextEdit,
    QPlainTextEdit,
    QAbstractSpinBox,
)


def unnamed_controls(window, app) -> tuple[int, list[str]]:
    seen, unnamed = 0, []
    tabs = window.tab_widget
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        app.processEvents()
        tab = tabs.widget(index)
        for widget in tab.findChildren(QWidget):
            if not isinstance(widget, CONTROLS) or not widget.isVisibleTo(tab):
                continue
            if widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
                continue
            seen += 1
            reader = QAccessible.queryAccessibleInterface(widget)
            name = reader.text(QAccessible.Text.Name) if reader is not None else ""
            if not name.strip():
                unnamed.append(
                    f"{tabs.tabText(index)}: {type(widget).__name__} {widget.objectName()}"
                )
    return seen, unnamed


@contextlib.contextmanager
def demo_window(qapp, qtbot, tmp_path: Path, language: str):
    """The real window (the composition root's) over a new demo archive, in ``language``;
    yields (window, case app, settings)."""
    settings = UiSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    settings.language = language
    with translated(language) if language != "en" else contextlib.nullcontext():
        opener, build_window = gui_parts("reader")
        location = StoreLocation(path=tmp_path / "demo.db")
        case_app = opener(location, "accessible names passphrase", True, True)
        try:
            window = build_window(case_app, location, settings, IdleWatcher(qapp, 600))
            qtbot.addWidget(window)
            yield window, case_app, settings
        finally:
            case_app.close()


@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_control_on_every_tab_has_a_name(qapp, qtbot, tmp_path: Path, language) -> None:
    with demo_window(qapp, qtbot, tmp_path, language) as (window, _app, _settings):
        window.show()
        seen, unnamed = unnamed_controls(window, qapp)
        assert seen > 60
        assert unnamed == []


def unnamed_in(dialog) -> tuple[int, list[str]]:
    seen, unnamed = 0, []
    for widget in dialog.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisibleTo(dialog):
            continue
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or widget.window() is not dialog:
            continue
        seen += 1
        reader = QAccessible.queryAccessibleInterface(widget)
        name = reader.text(QAccessible.Text.Name) if reader is not None else ""
        if not name.strip():
            kind, control = type(dialog).__name__, type(widget).__name__
            unnamed.append(f"{kind}: {control} {widget.objectName()}")
    return seen, unnamed


@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_control_in_the_dialogs_has_a_name(qapp, qtbot, tmp_path: Path, language) -> None:
    """The start dialog (creating and unlocking), Settings, Export, the report, the audit
    trail, Users and Exchange, as a coordinator opens them."""
    from caseapp.services.access import Right
    from caseapp.ui.export_dialog import REPORT
    from caseapp.ui.settings_dialog import OrganisationSetting, SettingsDialog
    from caseapp.ui.unlock_dialog import UnlockDialog, UserChoice

    with demo_window(qapp, qtbot, tmp_path, language) as (window, case_app, settings):
        window.show()
        dialogs = [
            UnlockDialog(str(tmp_path / "new.db"), True, demo_database="demo.db"),
            UnlockDialog(str(tmp_path / "demo.db"), False, users=UserChoice(("a", "b"))),
        ]
        organisation = OrganisationSetting(
            case_app.organisation(),
            case_app.access.why_not(Right.MANAGE),
            case_app.set_organisation,
        )
        dialogs.append(SettingsDialog(settings, window, organisation))
        dialogs.append(window._open_export("testimonies"))
        dialogs[-1].reject()
        dialogs.append(window._open_export(REPORT))
        dialogs[-1].reject()
        for name in ("audit", "users", "exchange"):
            getattr(window, f"{name}_action").trigger()
            dialogs.append(getattr(window, f"{name}_dialog"))
            dialogs[-1].reject()
        total, unnamed = 0, []
        for dialog in dialogs:
            dialog.show()
            qapp.processEvents()
            seen, missing = unnamed_in(dialog)
            total += seen
            unnamed += missing
            dialog.reject()
        assert total > 30
        assert unnamed == [], "\n".join(unnamed)


@pytest.mark.parametrize("language", ["en", "ko"])
def test_no_column_title_is_cut_on_a_small_screen(qapp, qtbot, tmp_path: Path, language) -> None:
    """Each list's column titles fit their columns as the window first lays them out
    (an English "Interview date" had read "nterview date" beside its sort arrow)."""
    from PySide6.QtWidgets import QHeaderView, QTableView

    with demo_window(qapp, qtbot, tmp_path, language) as (window, _app, _settings):
        window.resize(1024, 600)
        window.show()
        cut = []
        for index in range(window.tab_widget.count()):
            window.tab_widget.setCurrentIndex(index)
            qapp.processEvents()
            for table in window.tab_widget.widget(index).findChildren(QTableView):
                header: QHeaderView = table.horizontalHeader()
                model = table.model()
                if model is None or not table.isVisibleTo(window):
                    continue
                metrics = header.fontMetrics()
                style = header.style()
                margin = style.pixelMetric(style.PixelMetric.PM_HeaderMargin)
                arrow = style.pixelMetric(style.PixelMetric.PM_HeaderMarkSize) + margin
                for column in range(model.columnCount()):
                    if header.isSectionHidden(column):
                        continue
                    title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
                    # Qt draws the title between two margins, beside the sort arrow on
                    # the column the list is sorted by.
                    needed = metrics.horizontalAdvance(title) + 2 * margin
                    if header.isSortIndicatorShown() and column == header.sortIndicatorSection():
                        needed += arrow
                    if header.sectionSize(column) < needed:
                        cut.append(f"{table.objectName()}: {title}")
        assert cut == []
