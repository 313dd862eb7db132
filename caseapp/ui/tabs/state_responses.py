"""State responses: official positions (aspect, position, date, source) and their links."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseapp.services.errors import ValidationError
from caseapp.services.listing.base import ListQuery
from caseapp.services.listing.state_responses import StateResponseFilter
from caseapp.ui.formatting import partial_date
from caseapp.ui.forms import RecordFields
from caseapp.ui.messages import tr_error
from caseapp.ui.paged_model import Column
from caseapp.ui.record_form import RecordForm
from caseapp.ui.tabs.list_editor import ListEditorTab

LINK_KIND = "state_response_link"


class StateResponsesTab(ListEditorTab):
    KIND = "state_response"
    STATE_KEY = "state_responses"
    SORT = (2, Qt.SortOrder.DescendingOrder)
    FIRST_FIELD = "aspect"

    def make_query(self) -> ListQuery[Any]:
        return self.context.listings.state_responses()

    def columns(self) -> list[Column]:
        return [
            Column("aspect", self.tr("Aspect")),
            # Long free text, and a count no column holds: no index to sort by (migration
            # 0026 says why).
            Column("position", self.tr("Official position"), sortable=False),
            Column(
                "statement_date",
                self.tr("Date"),
                display=lambda r: partial_date(r["statement_date"], None),
            ),
            Column("source", self.tr("Source"), sortable=False),
            Column("links", self.tr("Linked records"), align_right=True, sortable=False),
        ]

    def size_columns(self, header: QHeaderView) -> None:
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def filter_placeholder(self) -> str:
        return self.tr("Filter by aspect, position or source")

    def current_filter(self) -> StateResponseFilter:
        return StateResponseFilter(text=self.filter_bar.search_text())

    def build_editor(self) -> QWidget:
        context = self.context
        self.form = RecordForm(
            self.KIND,
            RecordFields().state_response(),
            context.records,
            context.vocabulary,
            context.language,
        )
        self.links = QListWidget()
        self.links.setObjectName("links")
        self.link_code = QLineEdit()
        self.link_code.setObjectName("link_code")
        self.link_code.setPlaceholderText(self.tr("Testimony code"))
        self.link_button = QPushButton(self.tr("Link testimony"))
        self.link_button.setObjectName("link_button")
        self.link_button.clicked.connect(self._link)
        self.unlink_button = QPushButton(self.tr("Remove link"))
        self.unlink_button.setObjectName("unlink_button")
        self.unlink_button.clicked.connect(self._unlink)
        self.link_message = QLabel("")
        self.link_message.setObjectName("link_message")

        # The links are saved at once, not with the record: a box of their own.
        links_box = QGroupBox(self.tr("Linked testimonies"))
        links_layout = QVBoxLayout(links_box)
        links_layout.addWidget(self.links, 1)
        link_row = QHBoxLayout()
        link_row.addWidget(self.link_code)
        link_row.addWidget(self.link_button)
        link_row.addWidget(self.unlink_button)
        links_layout.addLayout(link_row)
        links_layout.addWidget(self.link_message)
        editor = QWidget()
        layout = QVBoxLayout(editor)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form)
        layout.addWidget(links_box, 1)
        return editor

    def show_in_editor(self, uid: str | None, values: dict[str, Any] | None) -> None:
        super().show_in_editor(uid, values)
        self._show_links()

    def reload_editor(self, uid: str, values: dict[str, Any]) -> None:
        super().reload_editor(uid, values)
        self._show_links()  # links are saved at once: never unsaved

    def delete_text(self) -> str:
        return self.tr("Delete state response")

    def title(self) -> str:
        return self.tr("State responses")

    def count_text(self) -> str:
        return self.tr("%n state response(s)", "", self.model.total())

    # -- links -----------------------------------------------------------------------------------

    def _show_links(self) -> None:
        self.links.clear()
        uid = self.form.uid
        for widget in (self.link_code, self.link_button, self.unlink_button):
            widget.setEnabled(uid is not None and self.editable)
        if uid is None:
            return
        for link in self.context.listings.linked_testimonies(uid):
            item = QListWidgetItem(f"{link['code']} — {link['title']}")
            item.setData(Qt.ItemDataRole.UserRole, link["link_uid"])
            self.links.addItem(item)

    def _link(self) -> None:
        if self.form.uid is None:
            return
        code = self.link_code.text().strip()
        testimony = self.context.listings.testimony_uid_by_code(code)
        if testimony is None:
            self.link_message.setText(self.tr("No testimony has the code %1.").replace("%1", code))
            return
        try:
            self.context.records.create(
                LINK_KIND, {"state_response_uid": self.form.uid, "testimony_uid": testimony}
            )
        except ValidationError as exc:
            self.link_message.setText(tr_error(exc))
            return
        self.link_message.clear()
        self.link_code.clear()
        self.refresh()

    def _unlink(self) -> None:
        item = self.links.currentItem()
        if item is None:
            return
        self.push_delete(
            LINK_KIND, str(item.data(Qt.ItemDataRole.UserRole)), self.tr("Remove link")
        )
