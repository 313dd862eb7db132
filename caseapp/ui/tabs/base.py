"""What every tab offers the window: new, save, delete, find, refresh, and a count."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget
from sqlalchemy import Select

from caseapp.services.access import Access, coordinator
from caseapp.services.attachments import AttachmentService
from caseapp.services.audit import EventSummary
from caseapp.services.lookups import Listings
from caseapp.services.records import RecordService
from caseapp.services.search import SearchService
from caseapp.services.vocabulary import Vocabulary
from caseapp.ui.prompts import AskDiscard, ask_discard
from caseapp.ui.settings import UiSettings
from caseapp.ui.undo import DeleteRecordCommand


@dataclass
class TabContext:
    """The collaborators a tab is handed (never fetched from a global): services built once
    by the composition root, never the store."""

    records: RecordService
    vocabulary: Vocabulary
    listings: Listings
    search: SearchService
    attachments: AttachmentService
    undo: QUndoStack
    language: str  # "en" or "ko": vocabulary labels follow the interface
    # Where each tab keeps its splitter and column layout; None keeps nothing (tests).
    settings: UiSettings | None = None
    ask_discard: AskDiscard = ask_discard
    # True in the window: tabs read their records only when first shown (``activate``).
    defer_loading: bool = False
    # The unlocked user's rights: what the editors enable (the services refuse the rest).
    access: Access = field(default_factory=lambda: coordinator(""))
    # ``CaseApp.audit_events`` (limit, record_uid): a record's history; None shows none.
    audit_events: Callable[..., list[EventSummary]] | None = None


class RecordTab(QWidget):
    """Base of the tabs. ``status`` carries the status bar's passing text (the last action);
    ``counted`` says the tab's count (``count_text``, shown beside it for as long as the tab
    is) changed; ``busy`` carries a note of work under way that the count ends;
    ``changed`` tells other tabs that records changed so they can refresh."""

    status = Signal(str)
    counted = Signal()
    busy = Signal(str)
    changed = Signal()
    open_record = Signal(str, str)  # (kind, uid): ask the window to show it in its own tab
    current_changed = Signal()  # another record (or none) is open in the editor

    def __init__(self, context: TabContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context

    def title(self) -> str:
        raise NotImplementedError

    def new_record(self) -> None:
        """Start a new record in the editor."""

    def save_record(self) -> None:
        """Save the record in the editor."""

    def delete_selected(self) -> None:
        """Soft-delete the selected record (undoable)."""

    def focus_filter(self) -> None:
        """Put the cursor in the filter box."""

    def refresh(self) -> None:
        """Re-read from the database (another tab or an undo changed records)."""

    def activate(self) -> None:
        """The tab is on screen: read what it shows if it has not yet (see
        ``TabContext.defer_loading``). Called by the window on every tab change."""

    def reload_record(self) -> None:
        """Re-read the list and show the record in the editor again as stored, every field
        (an erasure blanked it); by default a refresh."""
        self.refresh()

    def show_record(self, uid: str) -> None:
        """Select and open ``uid`` (another tab asked for it through ``open_record``)."""

    def has_unsaved_changes(self) -> bool:
        return False

    def count_text(self) -> str:
        return ""

    def shown_uids(self) -> Select[Any] | None:
        """A SELECT of the uids the tab's filter keeps, for an export of "what the tab
        shows"; None when the tab cannot narrow an export."""
        return None

    def current_uid(self) -> str | None:
        """The record open in the editor, if any (e.g. for a testimony dossier)."""
        return None

    def current_owner(self) -> str | None:
        """Who made the record open in the editor (its ``created_by``), if any."""
        return None

    # -- shared helpers --------------------------------------------------------------------------

    def push_delete(self, kind: str, uid: str, description: str) -> None:
        def after() -> None:
            self.refresh()
            self.changed.emit()

        self.context.undo.push(
            DeleteRecordCommand(self.context.records, kind, uid, description, after)
        )
        self.status.emit(self.tr("Deleted. Undo with Ctrl+Z."))

    def confirm_discard(self) -> bool:
        """Ask before unsaved edits are dropped; True means go on."""
        if not self.has_unsaved_changes():
            return True
        return self.context.ask_discard(
            self,
            self.tr("Unsaved changes"),
            self.tr("The record has unsaved changes. Discard them?"),
        )
