"""An organisation's name as it is kept: the rule alone, light enough for the start dialog
(which asks for it before the archive, and the database libraries, are opened)."""

from __future__ import annotations

from caseapp.services.errors import ServiceError
from caseapp.services.messages import Message

DEFAULT = "caseapp"  # what reports said before an archive had a name of its own
MAX_LENGTH = 120


class OrganisationProblem(ServiceError):
    """The name cannot be used; the message says why."""


def clean_name(name: str) -> str:
    """The name as it is kept: one line, spaces trimmed; refused when empty or too long."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise OrganisationProblem(Message("organisation.empty"))
    if len(cleaned) > MAX_LENGTH:
        raise OrganisationProblem(Message("organisation.too_long", limit=MAX_LENGTH))
    return cleaned
