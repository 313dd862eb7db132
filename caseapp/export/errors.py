"""What goes wrong in an export, and how long work reports progress."""

from __future__ import annotations

from collections.abc import Callable

from caseapp.services.errors import ServiceError


class ExportError(ServiceError):
    """An export could not be written; nothing was written and nothing was audited."""


class ExportCancelled(ServiceError):
    def __init__(self) -> None:
        super().__init__("the export was cancelled; nothing was written")


# A progress callback gets (done, total) and returns False to cancel.
Progress = Callable[[int, int], bool]
