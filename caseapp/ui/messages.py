"""The store's and the services' messages in the interface language.

Services raise a ``Message`` (a code and its parameters); the window words it here, through
Qt's translation of the catalogue's English templates (context "messages", the code as
disambiguation). Without a translator, or for a code not yet translated, the English
template is used, exactly as ``str(message)`` words it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

import caseapp.export.messages  # noqa: F401  (defines the export codes, and through it all others)
from caseapp.services.archives import StoreError, file_problem
from caseapp.services.errors import ServiceError
from caseapp.services.messages import CONTEXT, Message, render

ERROR_STYLE = "color: #b00020;"
"""How a refusal or a problem is shown beside the control it concerns."""
REFUSALS = (ServiceError, StoreError)
"""What the store and the services refuse with a message a user can act on."""


def _translate(template: str, code: str) -> str:
    return QCoreApplication.translate(CONTEXT, template, code)


def tr_message(message: Message) -> str:
    """``message`` in the interface language."""
    return render(message, _translate)


def tr_error(exc: BaseException) -> str:
    """An error of the store or the services in the interface language; an error that
    carries no message (none should reach the user) shows its English text."""
    if isinstance(exc, OSError):
        exc = file_problem(exc) or exc
    message = getattr(exc, "message", None)
    if isinstance(message, Message):
        return tr_message(message)
    return str(exc)
