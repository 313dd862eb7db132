"""Undo for deletions: deleting is soft, so undoing it is a restore."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from caseapp.services.records import RecordService


class DeleteRecordCommand(QUndoCommand):
    def __init__(
        self,
        records: RecordService,
        kind: str,
        uid: str,
        text: str,
        after: Callable[[], None],
    ) -> None:
        super().__init__(text)
        self.records = records
        self.kind = kind
        self.uid = uid
        self.after = after

    def redo(self) -> None:
        self.records.delete(self.kind, self.uid)
        self.after()

    def undo(self) -> None:
        self.records.restore(self.kind, self.uid)
        self.after()
