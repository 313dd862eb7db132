"""``verify``: the audit chain is unbroken and every attachment matches its intake hash."""

from __future__ import annotations

from sqlmodel import Session

from caseapp.services.attachments import verify_attachments
from caseapp.services.audit import verify_chain
from caseapp.services.messages import Message


def verify_store(session: Session) -> list[Message]:
    return verify_chain(session) + verify_attachments(session)
