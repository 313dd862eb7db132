"""Regional protection: each region's external figure ("3,200+") beside the cases counted from
the records, the status of protection measures, and (region_history.py) the dated history of
that status."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from caseapp.services.listing.base import Row
from caseapp.services.listing.regions import RegionFilter, RegionList
from caseapp.ui.formatting import partial_date
from caseapp.ui.forms import RecordFields
from caseapp.ui.paged_model import Column
from caseapp.ui.record_form import RecordForm
from caseapp.ui.tabs.base import TabContext
from caseapp.ui.tabs.list_editor import ListEditorTab, scrolled
from caseapp.ui.tabs.region_history import (
    HISTORY_KIND,
    KIND,
    STATUS,
    RegionHistoryBox,
    figure,
)


class RegionsTab(ListEditorTab):
    KIND = KIND
    STATE_KEY = "regions"
    ORIENTATION = Qt.Orientation.Vertical
    SIZES = (250, 610)  # every seed region in view, the editor below
    FIRST_FIELD = "region"

    def __init__(self, context: TabContext, parent: QWidget | None = None) -> None:
        self._added = 0  # history entries added by the last save
        super().__init__(context, parent)
        self.remember("editor_splitter", self.bottom)

    query: RegionList

    def make_query(self) -> RegionList:
        return self.context.listings.regions()

    def columns(self) -> list[Column]:
        return [
            Column("region", self.tr("Region")),
            Column("reported_cases", self.tr("Reported cases"), display=figure, align_right=True),
            Column(
                "counted",
                self.tr("Counted from records"),
                display=self._counted,
                sortable=False,
                align_right=True,
            ),
            Column(
                "protection_status",
                self.tr("Status of protection measures"),
                display=self._status,
            ),
            Column("as_of", self.tr("As of"), display=lambda r: partial_date(r["as_of"], None)),
            Column("source", self.tr("Source"), sortable=False),  # free text (0026)
        ]

    def size_columns(self, header: QHeaderView) -> None:
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)

    def filter_placeholder(self) -> str:
        return self.tr("Filter by region, country or source")

    def current_filter(self) -> RegionFilter:
        return RegionFilter(text=self.filter_bar.search_text())

    def build_editor(self) -> QWidget:
        context = self.context
        self.history_box = RegionHistoryBox(context)
        self.history_box.status.connect(self.status.emit)
        self.history_box.remove_requested.connect(
            lambda uid, text: self.push_delete(HISTORY_KIND, uid, text)
        )
        self.history_table = self.history_box.table
        self.history_model = self.history_box.model
        self.entry_form = self.history_box.entry_form
        self.entry_title = self.history_box.entry_title

        self.form = RecordForm(
            self.KIND,
            RecordFields().region(),
            context.records,
            context.vocabulary,
            context.language,
        )
        minimum_box = self.form.fields["reported_cases_is_minimum"].widget
        assert isinstance(minimum_box, QCheckBox)
        minimum_box.setText(self.tr('shown as "3,200+"'))
        self.form.fields["notes"].widget.setMaximumHeight(80)
        places_hint = QLabel(
            self.tr(
                "Cases are counted from the testimonies whose violations happened in these "
                "places; a country includes its provinces."
            )
        )
        places_hint.setWordWrap(True)
        editor = QGroupBox(self.tr("Region"))
        editor_layout = QVBoxLayout(editor)
        editor_layout.addWidget(self.form)
        editor_layout.addWidget(places_hint)
        editor_layout.addStretch(1)
        return scrolled(editor)

    def editor_panel(self, editor: QWidget) -> QWidget:
        """The region's editor and its history side by side, below the list."""
        self.bottom = QSplitter(Qt.Orientation.Horizontal)
        self.bottom.setObjectName("editor_splitter")
        self.bottom.addWidget(editor)
        self.bottom.addWidget(self.history_box)
        self.bottom.setStretchFactor(0, 1)
        self.bottom.setStretchFactor(1, 1)
        return self.bottom

    def show_in_editor(self, uid: str | None, values: dict[str, Any] | None) -> None:
        super().show_in_editor(uid, values)
        self.history_box.set_region(uid, str(self.form.fields["region"].get()))

    def save_editor(self) -> str | None:
        """The services add the history entries a save calls for, in the same transaction;
        the tab only counts them to say so."""
        uid = self.form.uid
        entries_before = 0 if uid is None else len(self.context.listings.region_history(uid))
        saved = self.form.save()
        if saved is not None:
            self._added = len(self.context.listings.region_history(saved)) - entries_before
        return saved

    def after_save(self, uid: str, created: bool) -> None:
        self.query.forget_counts()
        super().after_save(uid, created)
        self.history_box.set_region(uid, str(self.form.fields["region"].get()), False)
        if self._added > 0:
            self.status.emit(self.tr("Saved; %n history entry(s) added.", "", self._added))

    def delete_text(self) -> str:
        return self.tr("Delete region")

    def title(self) -> str:
        return self.tr("Regional protection")

    def count_text(self) -> str:
        return self.tr("%n region(s)", "", self.model.total())

    def activate(self) -> None:
        self.history_box.activate()
        super().activate()

    def refresh(self) -> None:
        self.query.forget_counts()  # records changed: count them again
        super().refresh()
        self.history_box.refresh()

    def has_unsaved_changes(self) -> bool:
        return self.form.is_dirty() or self.history_box.is_dirty()

    # -- internals -------------------------------------------------------------------------------

    def _status(self, row: Row) -> str:
        return self.context.vocabulary.label(
            STATUS, row["protection_status"], self.context.language
        )

    @staticmethod
    def _counted(row: Row) -> str:
        # No places chosen: nothing can be counted, which is not the same as none counted.
        return "—" if row["counted"] is None else f"{row['counted']:,}"
