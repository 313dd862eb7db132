"""Where an export may go: checked before any work is done, the same for every format."""

from __future__ import annotations

import os
from pathlib import Path

from caseapp.export.errors import ExportError
from caseapp.export.messages import Message


def check_target(path: Path) -> None:
    """Refuse a target the atomic write could not replace, before any work is done."""
    if path.is_dir():
        raise ExportError(Message("export.is_folder", path=str(path)))
    if not path.parent.is_dir():
        raise ExportError(Message("export.no_folder", folder=str(path.parent)))
    if not os.access(path.parent, os.W_OK):
        raise ExportError(Message("export.folder_read_only", folder=str(path.parent)))
